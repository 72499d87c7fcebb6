"""OAI-PMH 2.0 at /oai: every answer valid against the published schemas (lxml), whole and
incremental harvests by the sickle client, resumption that holds under concurrent writes."""

from __future__ import annotations

import csv
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from lxml import etree
from sickle import Sickle
from sqlalchemy import func, select

from memreg.services.editing import create_person, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from memreg.store.schema import memorials, persons, revisions
from memreg.web.oai.protocol import PAGE_SIZE
from tests.conftest import make_client
from tests.e2e.harness import serve
from tests.register_builder import build_register

SCHEMAS = Path(__file__).parent / "schemas"
MEMREG_XSD = Path(__file__).resolve().parents[2] / "src/memreg/publish/schemas/memreg-1.0.xsd"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
NS = "oai:memreg.example:"


def _schema() -> etree.XMLSchema:
    imports = [("http://www.openarchives.org/OAI/2.0/", SCHEMAS / "OAI-PMH.xsd"),
               ("http://www.openarchives.org/OAI/2.0/oai_dc/", SCHEMAS / "oai_dc.xsd"),
               ("https://memreg.org/schemas/memreg/1.0", MEMREG_XSD)]  # fmt: skip
    body = "".join(f'<xs:import namespace="{ns}" schemaLocation="{path.resolve().as_uri()}"/>'
                   for ns, path in imports)  # fmt: skip
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{body}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper.encode()))


SCHEMA = _schema()


def valid(content: bytes) -> etree._Element:
    """The response parsed, once the OAI-PMH schema (and the metadata schemas) accept it."""
    doc = etree.fromstring(content)
    if not SCHEMA.validate(doc):
        raise AssertionError(f"invalid OAI-PMH: {SCHEMA.error_log.last_error}\n{content[:500]!r}")
    return doc


def error_code(doc: etree._Element) -> str | None:
    error = doc.find(f"{OAI}error")
    return None if error is None else error.get("code")


def _register(store: Store, tmp_path: Path, extra: int = 0) -> set[str]:
    build_register(store, tmp_path)
    if extra:
        path = tmp_path / "extra.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "kind", "name", "country", "region"])
            writer.writerows([f"EX-{n:04d}", "obelisk", f"Обелиск {n}", "BY", "BY-MI"]
                             for n in range(extra))  # fmt: skip
        import_csv(store, "test", "memorial", path)
    return _all_identifiers(store)


def _all_identifiers(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        ids = {f"{NS}memorial/{i}" for (i,) in conn.execute(select(memorials.c.id))}
        return ids | {f"{NS}person/{i}" for (i,) in conn.execute(select(persons.c.id))}


def _wait_for_next_second(store: Store) -> None:
    """Until the clock is in a later second than the newest revision (datestamps count in
    whole seconds, so a harvest 'from' a moment includes that whole second)."""
    with store.engine.connect() as conn:
        newest = conn.execute(select(func.max(revisions.c.at))).scalar_one() or ""
    while datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S") <= newest[:19]:
        time.sleep(0.02)


REQUESTS = [
    ("verb=Identify", None),
    ("verb=ListMetadataFormats", None),
    (f"verb=ListMetadataFormats&identifier={NS}person/obd-1", None),
    ("verb=ListSets", None),
    ("verb=ListRecords&metadataPrefix=oai_dc", None),
    ("verb=ListRecords&metadataPrefix=memreg", None),
    ("verb=ListIdentifiers&metadataPrefix=memreg&set=memorial:region:BY-HM", None),
    (f"verb=GetRecord&metadataPrefix=memreg&identifier={NS}memorial/BY-HM-0001", None),
    (f"verb=GetRecord&metadataPrefix=oai_dc&identifier={NS}memorial/RU-X-0006", None),
    (f"verb=GetRecord&metadataPrefix=memreg&identifier={NS}person/obd-1", None),
    ("", "badVerb"),
    ("verb=Harvest", "badVerb"),
    ("verb=Identify&verb=Identify", "badVerb"),
    ("verb=Identify&extra=1", "badArgument"),
    ("verb=ListRecords", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=memreg", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=yesterday", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2024-02-30", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2030-01-01T00:00:00Z",
     "badArgument"),
    ("verb=ListRecords&resumptionToken=abc&metadataPrefix=oai_dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
    (f"verb=GetRecord&metadataPrefix=oai_dc&identifier={NS}memorial/NOPE", "idDoesNotExist"),
    ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:other:memorial/BY-HM-0001",
     "idDoesNotExist"),
    ("verb=ListRecords&resumptionToken=eyJ2IjoxfQ.0000", "badResumptionToken"),
    ("verb=ListSets&resumptionToken=x", "badResumptionToken"),
    ("verb=ListRecords&metadataPrefix=oai_dc&from=1990-01-01&until=1990-12-31", "noRecordsMatch"),
    ("verb=ListIdentifiers&metadataPrefix=oai_dc&set=memorial:country:ZZ", "noRecordsMatch"),
    (f"verb=GetRecord&metadataPrefix=oai_dc&identifier={quote(NS)}memorial%2F%00", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai%20dc", "badArgument"),
    ("verb=ListRecords&metadataPrefix=oai_dc&set=a%20b", "badArgument"),
]  # fmt: skip


def test_every_answer_validates_against_the_oai_pmh_schema(store: Store, tmp_path: Path):
    _register(store, tmp_path)
    client = make_client(store)
    for query, expected in REQUESTS:
        for response in (client.get(f"/oai?{query}"),
                         client.post("/oai", content=query, headers={
                             "Content-Type": "application/x-www-form-urlencoded"})):  # fmt: skip
            assert response.status_code == 200, query
            assert response.headers["content-type"].startswith("text/xml")
            doc = valid(response.content)
            assert error_code(doc) == expected, query
            request = doc.find(f"{OAI}request")
            if expected in ("badVerb", "badArgument"):
                assert dict(request.attrib) == {}, query  # the protocol asks for none then


def test_sickle_harvests_the_whole_register(store: Store, tmp_path: Path):
    expected = _register(store, tmp_path, extra=2 * PAGE_SIZE + 17)
    with serve(store) as base:
        sickle = Sickle(f"{base}/oai", max_retries=0)
        for prefix in ("oai_dc", "memreg"):
            records = list(sickle.ListRecords(metadataPrefix=prefix))
            ids = [r.header.identifier for r in records]
            assert len(ids) == len(set(ids)) and set(ids) == expected, prefix
            deleted = {r.header.identifier for r in records if r.deleted}
            assert deleted == {f"{NS}memorial/RU-X-0006", f"{NS}person/obd-5"}
            live = {r.header.identifier: r for r in records if not r.deleted}
        person = live[f"{NS}person/obd-1"].xml
        links = person.findall(".//{https://memreg.org/schemas/memreg/1.0}link")
        assert [(x.get("memorial"), x.get("role")) for x in links] == [
            ("BY-HM-0001", "buried_at"), ("BY-BR-0002", "reburied_from")]  # fmt: skip
        identify = sickle.Identify()
        assert identify.deletedRecord == "persistent" and identify.protocolVersion == "2.0"
        sets = {s.setSpec for s in sickle.ListSets()}
        assert {"memorial", "person", "memorial:country:BY", "memorial:kind:obelisk"} <= sets
        by = {h.identifier for h in sickle.ListIdentifiers(metadataPrefix="oai_dc",
                                                           set="memorial:country:BY")}  # fmt: skip
        assert by == {i for i in expected if "memorial/BY-" in i or "memorial/EX-" in i}


def test_every_page_of_a_harvest_validates(store: Store, tmp_path: Path):
    _register(store, tmp_path, extra=PAGE_SIZE + 5)
    client = make_client(store)
    query = "verb=ListRecords&metadataPrefix=memreg"
    pages = 0
    while True:
        doc = valid(client.get(f"/oai?{query}").content)
        pages += 1
        token = doc.find(f"{OAI}ListRecords/{OAI}resumptionToken")
        if token is None or not token.text:
            break
        query = f"verb=ListRecords&resumptionToken={quote(token.text)}"
    assert pages == 2


def test_incremental_harvest_returns_exactly_the_changed_records(store: Store, tmp_path):
    _register(store, tmp_path)
    _wait_for_next_second(store)
    with serve(store) as base:
        sickle = Sickle(f"{base}/oai", max_retries=0)
        first = sickle.ListIdentifiers(metadataPrefix="oai_dc")
        harvested = {h.identifier for h in first}
        since = etree.fromstring(first.oai_response.raw.encode()).findtext(f"{OAI}responseDate")
        while datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= since:
            time.sleep(0.02)
        update_record(store, "test", "memorial", "KZ-0004", {"custodian": "Акимат"}, None)
        retire_record(store, "test", "person", "obd-2", "duplicate of obd-1")
        create_person(store, "test", {"id": "obd-9", "surname": "Новік",
                                      "memorial_id": "BY-HM-0001"})  # fmt: skip
        changed = list(sickle.ListRecords(metadataPrefix="memreg", **{"from": since}))
    assert f"{NS}memorial/KZ-0004" in harvested
    assert {r.header.identifier for r in changed} == {
        f"{NS}memorial/KZ-0004", f"{NS}person/obd-2", f"{NS}person/obd-9"}  # fmt: skip
    assert [r.header.identifier for r in changed if r.deleted] == [f"{NS}person/obd-2"]


def test_resumption_is_stable_under_concurrent_writes(store: Store, tmp_path: Path):
    everything = _register(store, tmp_path, extra=3 * PAGE_SIZE)
    client = make_client(store)
    _wait_for_next_second(store)
    doc = valid(client.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").content)
    started = doc.findtext(f"{OAI}responseDate")
    seen = [h.findtext(f"{OAI}identifier") for h in doc.iter(f"{OAI}header")]
    token = doc.findtext(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    while datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") <= started:
        time.sleep(0.02)
    # Writes between pages: one record already served, one not yet, one new.
    served, ahead = seen[3].rsplit("/", 1)[1], "EX-0250"
    assert f"{NS}memorial/{ahead}" not in seen
    update_record(store, "test", "memorial", served, {"settlement": "Мінск"}, None)
    update_record(store, "test", "memorial", ahead, {"settlement": "Барысаў"}, None)
    create_person(store, "test", {"id": "late-1", "surname": "Позні"})
    while token:
        doc = valid(client.get(f"/oai?verb=ListIdentifiers&resumptionToken={quote(token)}").content)
        seen += [h.findtext(f"{OAI}identifier") for h in doc.iter(f"{OAI}header")]
        token = doc.findtext(f"{OAI}ListIdentifiers/{OAI}resumptionToken")
    assert len(seen) == len(set(seen))  # nothing twice
    unchanged = everything - {f"{NS}memorial/{ahead}"}
    assert unchanged <= set(seen)  # nothing skipped that did not change
    later = valid(client.get(f"/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from={started}")
                  .content)  # fmt: skip
    changed = {h.findtext(f"{OAI}identifier") for h in later.iter(f"{OAI}header")}
    assert changed == {f"{NS}memorial/{served}", f"{NS}memorial/{ahead}", f"{NS}person/late-1"}
    assert set(seen) | changed == everything | {f"{NS}person/late-1"}


def test_tokens_cannot_be_edited_or_moved_between_verbs(store: Store, tmp_path: Path):
    _register(store, tmp_path, extra=PAGE_SIZE)
    client = make_client(store)
    doc = valid(client.get("/oai?verb=ListRecords&metadataPrefix=oai_dc").content)
    token = doc.findtext(f"{OAI}ListRecords/{OAI}resumptionToken")
    assert token
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    for query in (f"verb=ListRecords&resumptionToken={quote(tampered)}",
                  f"verb=ListIdentifiers&resumptionToken={quote(token)}"):  # fmt: skip
        assert error_code(valid(client.get(f"/oai?{query}").content)) == "badResumptionToken"


def test_memreg_schema_is_published(store: Store):
    response = make_client(store).get("/oai/schemas/memreg-1.0.xsd")
    assert response.status_code == 200 and response.content == MEMREG_XSD.read_bytes()
    formats = valid(make_client(store).get("/oai?verb=ListMetadataFormats").content)
    schemas = [e.text for e in formats.iter(f"{OAI}schema")]
    assert any(s.endswith("/oai/schemas/memreg-1.0.xsd") for s in schemas)


@pytest.mark.parametrize("text", ["bad \x01 control", "emoji 🕯 and \ufffe noncharacter"])
def test_records_stay_well_formed_whatever_their_text(store: Store, tmp_path: Path, text):
    _register(store, tmp_path)
    update_record(store, "test", "memorial", "KZ-0004", {"custodian": "ok"}, None)
    with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
        conn.execute(memorials.update().where(memorials.c.id == "KZ-0004").values(custodian=text))
    query = f"verb=GetRecord&metadataPrefix=memreg&identifier={NS}memorial/KZ-0004"
    doc = valid(make_client(store).get(f"/oai?{query}").content)
    assert doc.find(".//{https://memreg.org/schemas/memreg/1.0}custodian") is not None
