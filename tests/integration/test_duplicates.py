"""The duplicates queue on real files: candidates across and within sources, merge, distinct."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from memreg.cli import app
from memreg.domain.errors import ValidationError
from memreg.services.duplicates import find_duplicates, merge_pair
from memreg.services.editing import create_person
from memreg.services.import_mapped import import_file
from memreg.services.register import check
from memreg.services.users import create_user
from memreg.store.engine import Store
from memreg.store.schema import duplicate_pairs, person_memorials, source_keys
from tests.conftest import REAL_DATA

ACTOR = "registrar:test"


def _osm_twin(tmp_path: Path) -> Path:
    """An OSM extract mapping one EGROKN mass grave again, a few metres off, in other words."""
    path = tmp_path / "orel.osm"
    path.write_text(
        """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6" generator="memreg-tests">
  <node id="42" version="1" lat="52.97970" lon="36.05535">
    <tag k="historic" v="memorial"/><tag k="memorial" v="war_memorial"/>
    <tag k="name" v="Братская могила советских воинов, погибших в боях с фашистскими захватчиками"/>
  </node>
</osm>""",
        encoding="utf-8",
    )
    return path


def test_memorial_across_sources_is_found_and_same_point_graves_stay_apart(
    store: Store, tmp_path: Path
) -> None:
    import_file(store, ACTOR, "memorial", REAL_DATA / "egrokn-orel-city.json")
    report = find_duplicates(store, ACTOR, "memorial")
    # EGROKN lists distinct graves at one point (two numbers of one register): no pair.
    assert report.candidates == []
    with store.engine.connect() as conn:
        grave = conn.execute(
            select(source_keys.c.key).where(source_keys.c.key == "egrokn:176736")
        ).scalar_one()
    assert grave
    import_file(store, ACTOR, "memorial", _osm_twin(tmp_path), defaults={"country": "RU"})
    report = find_duplicates(store, ACTOR, "memorial")
    pairs = [(report.ids[c.a], report.ids[c.b]) for c in report.candidates]
    assert ("egrokn-176736", "osm-node-42") in pairs
    best = report.candidates[pairs.index(("egrokn-176736", "osm-node-42"))]
    assert best.score >= 0.8 and any("m apart" in w for w in best.why)


def test_obd_duplicate_cards_are_queued_best_first_with_why(store: Store) -> None:
    import_file(store, ACTOR, "person", REAL_DATA / "pamyat-naroda-kukhliy-sample.csv")
    report = find_duplicates(store, ACTOR, "person")
    assert report.candidates, "Кухлий Степан Дементьевич appears in five documents"
    scores = [c.score for c in report.candidates]
    assert scores == sorted(scores, reverse=True)
    assert all(c.why for c in report.candidates)
    with store.engine.connect() as conn:
        queued = conn.execute(select(func.count()).select_from(duplicate_pairs)).scalar_one()
    assert queued == len(report.candidates)


def test_merge_keeps_both_histories_moves_links_and_the_old_id_resolves(
    store: Store, client: TestClient
) -> None:
    import_file(store, ACTOR, "memorial", REAL_DATA / "egrokn-orel-city.json")
    for number in (1, 2):
        create_person(
            store, ACTOR,
            {"id": f"P-{number}", "surname": "Иванов", "given_name": "Иван",
             "patronymic": "Иванович", "birth_date": "1910",
             "memorial_id": "egrokn-176736" if number == 1 else "egrokn-177238"},
        )  # fmt: skip
    report = find_duplicates(store, ACTOR, "person")
    assert [(report.ids[c.a], report.ids[c.b]) for c in report.candidates] == [("P-1", "P-2")]
    create_user(store, "cli:test", "anna", "long-password-1", "registrar")
    auth = ("anna", "long-password-1")
    queue = client.get("/api/duplicates", params={"record_type": "person"}).json()
    assert queue["total"] == 1 and queue["items"][0]["a"] == "P-1"
    pair = queue["items"][0]["pair"]
    refused = client.post(f"/api/duplicates/{pair}/merge", json={"keep": "P-9"}, auth=auth)
    assert refused.status_code == 422
    assert client.post(f"/api/duplicates/{pair}/merge", json={"keep": "P-1"}).status_code == 401
    merged = client.post(
        f"/api/duplicates/{pair}/merge", json={"keep": "P-1", "reason": "one soldier"}, auth=auth
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["links_moved"] == 1
    old = client.get("/api/persons/P-2").json()
    assert old["id"] == "P-1" and old["merged_from"] == "P-2"
    assert {m["memorial_id"] for m in old["memorials"]} == {"egrokn-176736", "egrokn-177238"}
    history = client.get("/api/persons/P-1/history").json()["revisions"]
    assert [r["action"] for r in history] == ["create", "create", "merge"]
    assert history[1]["record_id"] == "P-2"
    with store.engine.connect() as conn:
        links = conn.execute(select(func.count()).select_from(person_memorials)).scalar_one()
    assert links == 2
    assert client.get("/api/duplicates", params={"record_type": "person"}).json()["total"] == 0
    done = client.get("/api/duplicates", params={"record_type": "person", "status": "merged"})
    assert done.json()["total"] == 1
    with pytest.raises(ValidationError, match="retired or merged"):
        merge_pair(store, ACTOR, pair, "P-1")
    assert check(store) == [], check(store)


def test_marked_distinct_pairs_stay_out_of_the_queue(store: Store, client: TestClient) -> None:
    import_file(store, ACTOR, "person", REAL_DATA / "pamyat-naroda-kukhliy-sample.csv")
    first = find_duplicates(store, ACTOR, "person")
    create_user(store, "cli:test", "anna", "long-password-1", "registrar")
    queue = client.get("/api/duplicates", params={"record_type": "person"}).json()
    pair = queue["items"][0]["pair"]
    answer = client.post(
        f"/api/duplicates/{pair}/distinct", json={}, auth=("anna", "long-password-1")
    )
    assert answer.json() == {"pair": pair, "status": "distinct"}
    again = find_duplicates(store, ACTOR, "person")
    assert len(again.candidates) == len(first.candidates) - 1


def test_duplicates_command_prints_json_lines_best_first(store: Store) -> None:
    import_file(store, ACTOR, "person", REAL_DATA / "pamyat-naroda-kukhliy-sample.csv")
    result = CliRunner().invoke(app, ["duplicates", "persons", "--json", "-d", store.url])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(set(line) == {"a", "b", "score", "why"} for line in lines)
    assert [line["score"] for line in lines] == sorted(
        (line["score"] for line in lines), reverse=True
    )


def test_memorial_merge_moves_names_and_keys_and_keeps_totals_sound(
    store: Store, client: TestClient, tmp_path: Path
) -> None:
    import_file(store, ACTOR, "memorial", REAL_DATA / "egrokn-orel-city.json")
    import_file(store, ACTOR, "memorial", _osm_twin(tmp_path), defaults={"country": "RU"})
    create_person(store, ACTOR, {"id": "P-7", "surname": "Петров", "memorial_id": "osm-node-42"})
    report = find_duplicates(store, ACTOR, "memorial")
    pair = next(
        c
        for c in report.candidates
        if {report.ids[c.a], report.ids[c.b]} == {"egrokn-176736", "osm-node-42"}
    )
    with store.engine.connect() as conn:
        pair_pk = conn.execute(
            select(duplicate_pairs.c.pk).where(
                duplicate_pairs.c.a_pk == pair.a, duplicate_pairs.c.b_pk == pair.b
            )
        ).scalar_one()
    result = merge_pair(store, ACTOR, pair_pk, "egrokn-176736", "the same grave")
    assert (result["links_moved"], result["source_keys_moved"]) == (1, 1)
    assert "osm_id" in result["filled"]
    merged = client.get("/api/memorials/osm-node-42").json()
    assert merged["id"] == "egrokn-176736" and merged["merged_from"] == "osm-node-42"
    assert merged["osm_id"] == "node/42"
    assert [p["id"] for p in merged["persons"]["items"]] == ["P-7"]
    assert check(store) == [], check(store)
    again = import_file(store, ACTOR, "memorial", _osm_twin(tmp_path), defaults={"country": "RU"})
    assert again.created == 0  # the OSM node's key now finds the surviving record
