"""Schemathesis against our own /api/openapi.json: generated requests, in process, on SQLite.

Every operation gets schema-valid and schema-invalid requests (query strings, path ids,
bodies, methods it does not serve). No request may get a 5xx, and every response must match
what the document says: its status, its media type, its body, its headers (405 with Allow).
Writes are sent by a signed-in registrar, so the editing endpoints are exercised past
authentication.

The document is built at import from an app whose register is never opened (building it
reads nothing); each test then calls an app serving a small real register.
"""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.config._checks import PositiveDataAcceptanceConfig

from memreg.domain.validation import ID_PATTERN
from memreg.services.editing import create_memorial, create_person, retire_record
from memreg.services.users import create_user
from memreg.settings import Settings
from memreg.store.engine import Store, open_store
from memreg.store.paging import encode_cursor
from memreg.web.app import create_app
from tests.conftest import make_client

REGISTRAR, PASSWORD = "registrar", "a-long-enough-password"
AUTH = {"Authorization": "Basic " + base64.b64encode(f"{REGISTRAR}:{PASSWORD}".encode()).decode()}


def _openapi_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="memreg-openapi-") as folder:
        store = open_store(f"sqlite:///{folder}/never-opened.db")
        try:
            return create_app(Settings(tile_url=""), store=store).openapi()
        finally:
            store.dispose()


DOCUMENT = _openapi_document()
reads = schemathesis.openapi.from_dict(DOCUMENT).include(method="GET")
# Each write checks a password (argon2, ~0.2 s here): writes skip the coverage phase, whose
# hundreds of boundary cases per body would take minutes, and keep to a few examples.


writes = schemathesis.openapi.from_dict(DOCUMENT).exclude(method="GET")
writes.config.phases.update(phases=["examples", "fuzzing"])
# A body the schema admits may still break a rule of the register that spans fields (known
# more than total, death before birth, a region of another country, an EDTF date with no
# such day): that is 422 naming the field. The schema must never admit what is refused
# as malformed (400).
writes.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "401", "403", "404", "409", "422", "429"]
)

SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                              HealthCheck.filter_too_much],
}  # fmt: skip
# Every check is on, "schema-valid data must be accepted" included: the document states
# exactly what the parsers accept (enums of real codes, ranges of degrees, limits). A
# cursor is opaque; these strategies give the valid ones, as `next` links carry them.
_TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
schemathesis.openapi.format(
    "memreg-list-cursor", st.from_regex(ID_PATTERN).map(lambda i: encode_cursor("id", [i.strip()]))
)
schemathesis.openapi.format(
    "memreg-names-cursor",
    st.one_of(
        st.tuples(_TEXT, _TEXT).map(lambda k: encode_cursor("name", list(k))),
        st.tuples(st.integers(-(2**31) + 1, 2**31 - 1), _TEXT, _TEXT).map(
            lambda k: encode_cursor("birth", list(k))
        ),
    ),
)

schemathesis.openapi.format(
    "memreg-stone-cursor",
    st.tuples(*[st.integers(1, 100_000)] * 3).map(lambda k: encode_cursor("place", list(k))),
)
schemathesis.openapi.format(
    "memreg-queue-cursor",
    st.tuples(st.integers(0, 2), _TEXT, st.integers(0, 2**31 - 1)).map(
        lambda k: encode_cursor("queue", list(k))
    ),
)
schemathesis.openapi.format(
    "memreg-inspections-cursor",
    st.tuples(_TEXT, st.integers(0, 2**31 - 1)).map(
        lambda k: encode_cursor("inspections", list(k))
    ),
)


def _load_small_register(store: Store) -> None:
    places = [("BY", "BY-HM", 53.9, 27.56), ("RU", "RU-MOW", 55.75, 37.62),
              ("UA", None, 50.45, 30.52), ("RU", "RU-CHU", 64.7, 177.5)]  # fmt: skip
    for n, (country, region, lat, lon) in enumerate(places):
        create_memorial(store, "test", {"id": f"M-{n}", "kind": "mass_grave",
                                        "name": f"Memorial {n}", "country": country,
                                        "region": region, "lat": lat, "lon": lon})  # fmt: skip
        for k in range(3):
            create_person(store, "test", {"id": f"P-{n}-{k}", "surname": f"Surname{k}",
                                          "given_name": "Ivan", "birth_date": "1912",
                                          "memorial_id": f"M-{n}"})  # fmt: skip
    retire_record(store, "test", "memorial", "M-3", "duplicate of M-2")
    create_user(store, "test", REGISTRAR, PASSWORD, "registrar")


@pytest.fixture
def api_app(sqlite_store: Store) -> FastAPI:
    _load_small_register(sqlite_store)
    # No rate limit: hundreds of requests in a few seconds are the point here.
    settings = Settings(database_url=sqlite_store.url, tile_url="", rate_limit_per_minute=0)
    return create_app(settings, store=sqlite_store)


def _pages_two_ways(case: Any) -> bool:
    """`near` answers one list of the nearest: with it `offset` and `cursor` are refused
    (400, documented), a rule between parameters that a schema cannot state."""
    query = case.query or {}
    return "near" in query and ("cursor" in query or bool(query.get("offset")))


def _send(case: Any, app: FastAPI, **kwargs: Any) -> None:
    if _pages_two_ways(case):
        return
    # Also on the schema: the follow-up requests some checks send (auth probes) go there.
    case.operation.schema.app = app
    case.call_and_validate(app=app, **kwargs)


@reads.parametrize()
@settings(max_examples=40, **SETTINGS)
def test_generated_reads_get_documented_answers(case: Any, api_app: FastAPI) -> None:
    _send(case, api_app)


@writes.parametrize()
@settings(max_examples=12, **SETTINGS)
def test_generated_writes_get_documented_answers(case: Any, api_app: FastAPI) -> None:
    _send(case, api_app, headers=AUTH)


def test_the_served_document_is_the_one_tested(sqlite_store: Store) -> None:
    response = make_client(sqlite_store).get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json() == DOCUMENT


def test_every_documented_error_is_problem_json() -> None:
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    continue
                where = f"{method.upper()} {path} {status}"
                assert list(response["content"]) == ["application/problem+json"], where
                schema = response["content"]["application/problem+json"]["schema"]
                assert {"type", "title", "status", "detail", "instance"} <= set(
                    schema["required"]
                ), where


def test_every_operation_and_parameter_is_in_the_api_docs() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for path, operations in DOCUMENT["paths"].items():
        for method, operation in operations.items():
            documented = path.replace("{memorial_id}", "{id}").replace("{person_id}", "{id}")
            assert f"{method.upper()} {path}" in text or f"{method.upper()} {documented}" in text
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert f"`{parameter['name']}`" in text, (path, parameter["name"])
