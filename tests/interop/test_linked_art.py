"""Linked Art JSON-LD of memorials and persons: served at .jsonld and by content negotiation,
and expanded by pyld (a JSON-LD processor) with the published Linked Art context without
losing anything."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from memreg.publish.linked_art import CONTEXT
from memreg.store.engine import Store
from tests.conftest import make_client
from tests.register_builder import build_register

# The Linked Art context as the Getty's own Linked Art library (cromulent) ships it.
LINKED_ART_CONTEXT = json.loads(files("cromulent").joinpath("data/linked-art.json").read_text())


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url != CONTEXT:
        raise jsonld.JsonLdError(f"no network in tests: {url}", "loading document failed")
    return {"contextUrl": None, "documentUrl": url, "document": LINKED_ART_CONTEXT}


OPTIONS = {"documentLoader": _offline_loader}


def _leaves(value: Any) -> list[str]:
    """Every scalar of a JSON value, as text."""
    if isinstance(value, dict):
        return [leaf for k, v in value.items() if k != "@context" for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [str(value)]


def assert_expands_without_loss(doc: dict[str, Any]) -> None:
    expanded = jsonld.expand(doc, OPTIONS)
    # Every term is defined: compacting the expansion gives the document back.
    assert jsonld.compact(expanded, CONTEXT, OPTIONS) == doc
    # And every value reached the graph (a term unknown to the context would drop it).
    texts = json.dumps(expanded, ensure_ascii=False)
    for leaf in _leaves(doc):
        if leaf not in ("HumanMadeObject", "Person", "Type", "Name", "Identifier", "Place",
                        "LinguisticObject", "TimeSpan", "Birth", "Death", "Production",
                        "Language", "DigitalObject"):  # fmt: skip
            assert json.dumps(leaf, ensure_ascii=False)[1:-1] in texts, leaf
    assert len(jsonld.to_rdf(doc, {**OPTIONS, "format": "application/n-quads"}).splitlines()) > 20


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    build_register(store, tmp_path)
    return store


@pytest.mark.parametrize("record", ["memorials/BY-HM-0001", "memorials/KZ-0004",
                                    "memorials/RU-X-0006", "persons/obd-1", "persons/obd-6",
                                    "persons/obd-4"])  # fmt: skip
def test_documents_expand_without_loss(loaded: Store, record: str):
    response = make_client(loaded).get(f"/{record}.jsonld")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/ld+json"
    assert_expands_without_loss(response.json())


def test_memorial_document_says_what_the_record_says(loaded: Store):
    doc = make_client(loaded).get("/memorials/BY-HM-0001.jsonld").json()
    assert doc["type"] == "HumanMadeObject" and doc["id"].endswith("/memorials/BY-HM-0001")
    names = {n["content"] for n in doc["identified_by"] if n["type"] == "Name"}
    assert "Брацкая магіла савецкіх воінаў" in names and "Mass grave of Soviet soldiers" in names
    assert doc["current_location"]["defined_by"] == "POINT(27.5619 53.9023)"
    assert doc["produced_by"]["timespan"]["begin_of_the_begin"] == "1957-01-01T00:00:00Z"
    statements = {s["classified_as"][0]["id"].rsplit("/", 1)[1]: s["content"]
                  for s in doc["referred_to_by"]}  # fmt: skip
    assert statements["buried_total"] == "320" and statements["buried_known"] == "112"
    assert doc["equivalent"][0]["id"] == "http://www.wikidata.org/entity/Q4115189"


def test_person_document_links_its_memorials(loaded: Store):
    doc = make_client(loaded).get("/persons/obd-1.jsonld").json()
    assert doc["type"] == "Person" and doc["_label"] == "Сідарэнка Іван Пятровіч"
    about = [s["about"][0]["id"] for s in doc["referred_to_by"] if "about" in s]
    assert [a.rsplit("/", 1)[1] for a in about] == ["BY-HM-0001", "BY-BR-0002"]
    assert doc["born"]["took_place_at"][0]["_label"] == "в. Ўсяж"
    assert doc["died"]["classified_as"][0]["id"].endswith("/fate/killed_in_action")


def test_record_urls_negotiate_json_ld(loaded: Store):
    client = make_client(loaded)
    for accept in ("application/ld+json", "application/json",
                   'application/ld+json;profile="https://linked.art/ns/v1/linked-art.json"',
                   "text/html;q=0.5, application/ld+json"):  # fmt: skip
        response = client.get("/memorials/BY-HM-0001", headers={"Accept": accept})
        assert response.headers["content-type"] == "application/ld+json", accept
        assert response.headers["vary"] == "Accept"
        assert response.json()["id"].endswith("/memorials/BY-HM-0001")
    page = client.get("/memorials/BY-HM-0001", headers={"Accept": "text/html,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    missing = client.get("/memorials/NOPE", headers={"Accept": "application/ld+json"})
    assert missing.status_code == 404
    assert client.get("/persons/NOPE.jsonld").status_code == 404
