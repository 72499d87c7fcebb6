"""/reconcile speaks the W3C reconciliation API 0.2: every answer is validated against the
JSON Schemas published with the specification (copied in reconciliation-0.2/, with their
licence), and a registrar's list of names is matched to the register with scores and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from memreg.services.editing import create_person
from memreg.services.import_mapped import import_file
from memreg.store.engine import Store
from tests.conftest import REAL_DATA

SCHEMAS = Path(__file__).with_name("reconciliation-0.2")


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (schema["$id"], Resource.from_contents(schema, default_specification=DRAFT7))
        )
    return Registry().with_resources(resources)


REGISTRY = _registry()


def valid(name: str, document: Any) -> None:
    """Raise with every violation if `document` does not follow the spec's schema `name`."""
    schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
    validator = Draft7Validator(schema, registry=REGISTRY)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_the_schemas_tell_valid_from_invalid() -> None:
    """The copied schemas work: they refuse what the specification calls invalid."""
    with pytest.raises(AssertionError):
        valid("reconciliation-result-batch", {"q0": {"result": [{"name": "no id", "score": 1}]}})
    with pytest.raises(AssertionError):
        valid("manifest", {"name": "x", "identifierSpace": "x", "schemaSpace": "y"})


@pytest.fixture
def register(store: Store) -> Store:
    import_file(store, "t", "memorial", REAL_DATA / "egrokn-orel-city.json")
    import_file(store, "t", "person", REAL_DATA / "pamyat-naroda-kukhliy-sample.csv")
    create_person(
        store,
        "t",
        {
            "id": "P-1",
            "surname": "Сидоренко",
            "given_name": "Иван",
            "patronymic": "Петрович",
            "birth_date": "1912",
            "memorial_id": "egrokn-176736",
        },
    )
    return store


def test_manifest_validates_and_names_every_service(register: Store, client: TestClient) -> None:
    answer = client.get("/reconcile")
    assert answer.status_code == 200
    manifest = answer.json()
    valid("manifest", manifest)
    assert manifest["versions"] == ["0.2"]
    assert {t["id"] for t in manifest["defaultTypes"]} == {"memorial", "person"}
    jsonp = client.get("/reconcile", params={"callback": "cb"})
    assert jsonp.text.startswith("cb(") and jsonp.headers["content-type"].startswith(
        "application/javascript"
    )
    assert client.get("/reconcile", params={"callback": "alert(1);x"}).status_code == 400


def _post(client: TestClient, queries: dict[str, Any]) -> dict[str, Any]:
    valid("reconciliation-query-batch", queries)
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    valid("reconciliation-result-batch", body)
    return body


def test_memorials_reconcile_by_name_settlement_and_coordinates(
    register: Store, client: TestClient
) -> None:
    name = "Братская могила советских воинов, погибших в боях с фашистскими захватчиками"
    body = _post(
        client,
        {
            "q0": {
                "query": name,
                "type": "memorial",
                "properties": [{"pid": "coordinates", "v": "52.97975,36.05529"}],
            },
            "q1": {
                "query": "братская могила",
                "type": "memorial",
                "properties": [
                    {"pid": "settlement", "v": "Орел"},
                    {"pid": "region", "v": "RU-ORL"},
                ],
            },
            "q2": {"query": "Нет такого памятника", "type": "memorial", "limit": 3},
        },
    )
    best = body["q0"]["result"][0]
    assert best["id"] == "egrokn-176736" and best["match"] is True and best["score"] >= 90
    assert any("m from the coordinates" in why for why in best["why"])
    second = body["q0"]["result"][1]  # the other grave at the very same point
    assert second["score"] < best["score"] and second["match"] is False
    assert body["q1"]["result"] and all(r["id"].startswith("egrokn-") for r in body["q1"]["result"])
    assert body["q2"]["result"] == []


def test_a_registrars_list_of_names_matches_persons_with_scores_and_why(
    register: Store, client: TestClient
) -> None:
    body = _post(
        client,
        {
            "q0": {
                "query": "Сидоренко Иван Петрович",
                "type": "person",
                "properties": [{"pid": "birth_year", "v": "1912"}],
            },
            "q1": {
                "query": "Кухлий Степан",
                "type": "person",
                "properties": [{"pid": "patronymic", "v": "Дементьевич"}],
            },
            "q2": {
                "query": "Сидоренко Иван Петрович",
                "type": "person",
                "properties": [{"pid": "birth_year", "v": 1950}],
            },
        },
    )
    first = body["q0"]["result"][0]
    assert first["id"] == "P-1" and first["match"] is True
    assert "born the same year" in first["why"]
    kukhliy = body["q1"]["result"]
    assert kukhliy and all(r["name"] == "Кухлий Степан Дементьевич" for r in kukhliy[:2])
    assert body["q2"]["result"][0]["score"] < first["score"]  # the year says otherwise


def test_get_batch_preview_view_suggest_and_extend(register: Store, client: TestClient) -> None:
    queries = {"q0": {"query": "Сидоренко", "type": "person"}}
    answer = client.get("/reconcile", params={"queries": json.dumps(queries)})
    valid("reconciliation-result-batch", answer.json())
    preview = client.get("/reconcile/preview", params={"id": "P-1"})
    assert preview.status_code == 200 and "Сидоренко Иван Петрович" in preview.text
    assert client.get("/reconcile/preview", params={"id": "nobody"}).status_code == 404
    entities = client.get("/reconcile/suggest/entity", params={"prefix": "Братск"}).json()
    valid("suggest-entities-response", entities)
    assert entities["result"] and all(r["name"].startswith("Братск") for r in entities["result"])
    properties = client.get("/reconcile/suggest/property", params={"prefix": "birth"}).json()
    valid("suggest-properties-response", properties)
    assert {p["id"] for p in properties["result"]} == {"birth_year", "birthplace"}
    types = client.get("/reconcile/suggest/type", params={"prefix": "pers"}).json()
    valid("suggest-types-response", types)
    proposal = client.get("/reconcile/extend/propose", params={"type": "memorial"}).json()
    valid("data-extension-property-proposal", proposal)
    query = {
        "ids": ["egrokn-176736", "P-1", "missing"],
        "properties": [{"id": "settlement"}, {"id": "lat"}, {"id": "birth_date"}],
    }
    valid("data-extension-query", query)
    extended = client.post("/reconcile", data={"extend": json.dumps(query)}).json()
    valid("data-extension-response", extended)
    assert extended["rows"]["egrokn-176736"]["settlement"] == [{"str": "Орел"}]
    assert extended["rows"]["P-1"]["birth_date"] == [{"str": "1912"}]
    assert extended["rows"]["missing"]["lat"] == []


@pytest.mark.parametrize(
    ("form", "parameter"),
    [
        ({"queries": "{not json"}, "queries"),
        ({"queries": json.dumps({"q0": {"query": "x", "type": "castle"}})}, "queries"),
        ({"queries": json.dumps({"q0": {"query": "x", "limit": -1}})}, "queries"),
        ({"queries": json.dumps({"q0": {"querry": "x"}})}, "queries"),
        (
            {
                "queries": json.dumps(
                    {"q0": {"query": "x", "properties": [{"pid": "coordinates", "v": "north"}]}}
                )
            },
            "queries",
        ),
        ({"queries": json.dumps(["q0"])}, "queries"),
        ({"extend": json.dumps({"ids": ["x"], "properties": [{"id": "colour"}]})}, "extend"),
        ({}, "queries"),
    ],
)
def test_bad_requests_are_problems_naming_the_parameter(
    register: Store, client: TestClient, form: dict[str, str], parameter: str
) -> None:
    answer = client.post("/reconcile", data=form)
    assert answer.status_code == 400, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert parameter in answer.text
