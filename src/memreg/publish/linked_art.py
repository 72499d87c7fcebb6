"""Memorials and persons as Linked Art (JSON-LD on CIDOC CRM, https://linked.art/model/).

A memorial is a HumanMadeObject: its names (with their languages), identifiers, kind, its
place (point as WKT, settlement, region, country), its production (erected: the EDTF text
and the years it spans), statements (what it commemorates, the counts of the buried, its
status, custodian) and equivalents (Wikidata, OpenStreetMap). A person is a Person: the
name with its parts, birth and death (time spans, birthplace), rank and unit, fate, and
one statement per memorial link, about that memorial. Classifications use memreg's own
vocabulary URIs (https://memreg.org/vocab/...), so nothing claims a thesaurus term it is
not. Every term is one the Linked Art context defines: a JSON-LD processor expands the
documents without dropping anything (tests/interop/test_linked_art.py).
"""

from __future__ import annotations

from typing import Any

from memreg.domain.dates import DateError, parse_partial_date

CONTEXT = "https://linked.art/ns/v1/linked-art.json"
VOCAB = "https://memreg.org/vocab"
MEDIA_TYPE = "application/ld+json"
PROFILE = 'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"'


def _type(scheme: str, code: str, label: str | None = None) -> dict[str, Any]:
    return {"id": f"{VOCAB}/{scheme}/{code}", "type": "Type",
            "_label": label or code.replace("_", " ")}  # fmt: skip


def _name(content: str, *, primary: bool = False, lang: str | None = None) -> dict[str, Any]:
    name: dict[str, Any] = {"type": "Name", "content": content}
    if primary:
        name["classified_as"] = [_type("name", "primary", "primary name")]
    if lang:
        name["language"] = [{"id": f"{VOCAB}/language/{lang}", "type": "Language",
                             "_label": lang}]  # fmt: skip
    return name


def _identifier(content: str, scheme: str, label: str) -> dict[str, Any]:
    return {"type": "Identifier", "content": content,
            "classified_as": [_type("identifier", scheme, label)]}  # fmt: skip


def _statement(code: str, label: str, content: str) -> dict[str, Any]:
    return {"type": "LinguisticObject", "content": content,
            "classified_as": [_type("statement", code, label)]}  # fmt: skip


def timespan(edtf: str) -> dict[str, Any]:
    """A TimeSpan named by the EDTF text, bounded by the years it can mean."""
    span: dict[str, Any] = {"type": "TimeSpan", "identified_by": [_name(edtf)]}
    try:
        years = parse_partial_date(edtf)
    except DateError:
        return span
    span["begin_of_the_begin"] = f"{years.earliest_year:04d}-01-01T00:00:00Z"
    span["end_of_the_end"] = f"{years.latest_year:04d}-12-31T23:59:59Z"
    return span


def memorial_document(row: dict[str, Any], site: str) -> dict[str, Any]:
    uri = f"{site}/memorials/{row['id']}"
    names = [_name(row["name"], primary=True)]
    names += [_name(text, lang=lang) for lang, text in sorted((row.get("names") or {}).items())]
    ids = [_identifier(row["id"], "memreg", "memreg id")]
    if row.get("register_number"):
        ids.append(_identifier(row["register_number"], "register_number", "register number"))
    if row.get("protection_number"):
        ids.append(_identifier(row["protection_number"], "protection_number",
                               "heritage listing number"))  # fmt: skip
    doc: dict[str, Any] = {
        "@context": CONTEXT, "id": uri, "type": "HumanMadeObject", "_label": row["name"],
        "classified_as": [_type("kind", row["kind"])], "identified_by": names + ids,
    }  # fmt: skip
    doc["current_location"] = _place(row, f"{uri}#place")
    if row.get("erected"):
        doc["produced_by"] = {"type": "Production", "timespan": timespan(row["erected"])}
    statements = []
    if row.get("commemorates"):
        statements.append(_statement("commemorates", "what it commemorates", row["commemorates"]))
    for key, label in (("buried_total", "buried"), ("buried_known", "buried, known by name"),
                       ("buried_unknown", "buried, unknown")):  # fmt: skip
        if row.get(key) is not None:
            statements.append(_statement(key, label, str(row[key])))
    statements.append(_statement("status", "status", row["status"]))
    for key, label in (("custodian", "custodian"), ("protection_level", "protection level"),
                       ("address", "address")):  # fmt: skip
        if row.get(key):
            statements.append(_statement(key, label, row[key]))
    if row.get("retired_at"):
        statements.append(_statement("retired", "retired from the register",
                                     row.get("retired_reason") or "retired"))  # fmt: skip
    doc["referred_to_by"] = statements
    equivalents = []
    if row.get("wikidata"):
        equivalents.append({"id": f"http://www.wikidata.org/entity/{row['wikidata']}",
                            "type": "HumanMadeObject", "_label": row["name"]})  # fmt: skip
    if row.get("osm_id"):
        equivalents.append({"id": f"https://www.openstreetmap.org/{row['osm_id']}",
                            "type": "HumanMadeObject", "_label": row["name"]})  # fmt: skip
    if equivalents:
        doc["equivalent"] = equivalents
    doc["subject_of"] = [_page(uri, row["name"])]
    return doc


def _place(row: dict[str, Any], place_id: str) -> dict[str, Any]:
    label = ", ".join(p for p in (row.get("settlement"), row.get("region"), row["country"]) if p)
    place: dict[str, Any] = {"id": place_id, "type": "Place", "_label": label}
    if row.get("lat") is not None and row.get("lon") is not None:
        place["defined_by"] = f"POINT({row['lon']!r} {row['lat']!r})"
    parts = [{"id": f"{VOCAB}/country/{row['country']}", "type": "Place", "_label": row["country"]}]
    if row.get("region"):
        parts.insert(0, {"id": f"{VOCAB}/region/{row['region']}", "type": "Place",
                         "_label": row["region"]})  # fmt: skip
    place["part_of"] = parts
    return place


def _page(uri: str, label: str) -> dict[str, Any]:
    """The record's web page, as a digital carrier of a text about it."""
    carrier = {"type": "DigitalObject", "format": "text/html",
               "access_point": [{"id": uri, "type": "DigitalObject"}]}  # fmt: skip
    return {"type": "LinguisticObject", "_label": f"memreg record of {label}",
            "digitally_carried_by": [carrier]}  # fmt: skip


def person_document(row: dict[str, Any], links: list[dict[str, Any]], site: str) -> dict[str, Any]:
    """`links` are {memorial_id, role, name}: the memorials the person is linked to."""
    uri = f"{site}/persons/{row['id']}"
    full = " ".join(p for p in (row["surname"], row.get("given_name"), row.get("patronymic")) if p)
    name = _name(full, primary=True)
    name["part"] = [
        {"type": "Name", "content": row[key], "classified_as": [_type("name", key, label)]}
        for key, label in (("surname", "surname"), ("given_name", "given name"),
                           ("patronymic", "patronymic"))
        if row.get(key)
    ]  # fmt: skip
    names = [name] + [_name(v) for v in row.get("name_variants") or []]
    doc: dict[str, Any] = {
        "@context": CONTEXT, "id": uri, "type": "Person", "_label": full,
        "identified_by": [*names, _identifier(row["id"], "memreg", "memreg id")],
    }  # fmt: skip
    if row.get("birth_date") or row.get("birthplace"):
        birth: dict[str, Any] = {"type": "Birth"}
        if row.get("birth_date"):
            birth["timespan"] = timespan(row["birth_date"])
        if row.get("birthplace"):
            birth["took_place_at"] = [{"type": "Place", "_label": row["birthplace"]}]
        doc["born"] = birth
    if row.get("death_date") or row.get("fate"):
        death: dict[str, Any] = {"type": "Death"}
        if row.get("death_date"):
            death["timespan"] = timespan(row["death_date"])
        if row.get("fate"):
            death["classified_as"] = [_type("fate", row["fate"])]
        doc["died"] = death
    statements = [_statement(key, key, row[key]) for key in ("rank", "unit") if row.get(key)]
    for link in links:
        memorial = f"{site}/memorials/{link['memorial_id']}"
        role = link["role"].replace("_", " ")
        statement = _statement(link["role"], role, f"{role}: {link.get('name') or ''}")
        statement["about"] = [{"id": memorial, "type": "HumanMadeObject",
                               "_label": link.get("name") or link["memorial_id"]}]  # fmt: skip
        statements.append(statement)
    if row.get("retired_at"):
        statements.append(_statement("retired", "retired from the register",
                                     row.get("retired_reason") or "retired"))  # fmt: skip
    if statements:
        doc["referred_to_by"] = statements
    doc["subject_of"] = [_page(uri, full)]
    return doc
