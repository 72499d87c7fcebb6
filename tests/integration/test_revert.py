"""Revert and restore through the services, on SQLite and PostgreSQL: old fields come back
with their derived indexes, as a new revision; stale, merged and unknown are refused and
change nothing."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import ConflictError, MergedRecordError, NotFoundError, ValidationError
from memreg.services.duplicates import merge_records
from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.services.person_search import find_persons
from memreg.services.register import check, stats
from memreg.services.revert import restore_record, revert_record
from memreg.store.engine import Store
from memreg.store.memorial_words import search_memorials
from memreg.store.records import get_row
from memreg.store.schema import TABLE_ORDER, map_points, memorials, persons, revisions

MEMORIAL = {"id": "M1", "kind": "mass_grave", "name": "Братская могила", "lat": 53.9,
            "lon": 27.56, "country": "BY", "region": "BY-HM", "settlement": "Минск",
            "buried_total": 100, "buried_known": 40}  # fmt: skip
PERSON = {"id": "P1", "surname": "Сидоренко", "given_name": "Иван", "patronymic": "Петрович",
          "birth_date": "1912", "memorial_id": "M1"}  # fmt: skip


def row(store: Store, table: Any, record_id: str) -> dict[str, Any]:
    with store.engine.connect() as conn:
        found = get_row(conn, table, record_id)
    assert found is not None
    return found


def counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in TABLE_ORDER
        }


def found_ids(store: Store, query: str) -> list[str]:
    return [hit["id"] for hit in find_persons(store, query)["items"]]


def on_map(store: Store, record_id: str) -> tuple[int, str] | None:
    """(latitude in microdegrees, country) of the memorial's point on the map, if any."""
    pk = row(store, memorials, record_id)["pk"]
    with store.engine.connect() as conn:
        found = conn.execute(
            select(map_points.c.lat_e6, map_points.c.country).where(map_points.c.pk == pk)
        ).first()
    return None if found is None else (found[0], found[1])


def words(store: Store, query: str) -> list[int]:
    with store.engine.connect() as conn:
        return search_memorials(conn, query, 10)


@pytest.fixture
def register(store: Store) -> Store:
    create_memorial(store, "registrar:anna", MEMORIAL, reason="from the 1957 list")
    create_person(store, "registrar:anna", PERSON, reason="from the reburial list")
    return store


def test_a_person_reverted_is_found_by_its_old_name_again(register: Store) -> None:
    created = row(register, persons, "P1")["created_revision_id"]
    update_record(register, "vandal", "person", "P1",
                  {"surname": "Кузнецов", "birth_date": "1915"}, 1)  # fmt: skip
    assert found_ids(register, "Кузнецов Иван 1915") == ["P1"]
    reverted = revert_record(register, "registrar:anna", "person", "P1", created,
                             "undo a wrong edit", 2)  # fmt: skip
    assert (reverted["surname"], reverted["birth_date"], reverted["birth_year"]) == (
        "Сидоренко",
        "1912",
        1912,
    )
    assert reverted["version"] == 3
    assert found_ids(register, "Сидоренко Иван Петрович 1912") == ["P1"]
    assert found_ids(register, "Sidorenko I.P.") == ["P1"]
    assert found_ids(register, "Кузнецов") == []
    assert check(register) == []


def test_a_revert_is_a_revision_naming_the_revision_and_the_reason(register: Store) -> None:
    created = row(register, memorials, "M1")["created_revision_id"]
    update_record(register, "a", "memorial", "M1", {"name": "Обелиск"}, 1)
    revert_record(register, "registrar:anna", "memorial", "M1", created, "vandalism", 2)
    with register.engine.connect() as conn:
        last = conn.execute(select(revisions).order_by(revisions.c.pk.desc())).mappings().first()
    assert last is not None
    assert (last["action"], last["actor"], last["reason"]) == (
        "revert",
        "registrar:anna",
        "vandalism",
    )
    assert last["summary"] == {"reverted_to": created}
    assert last["before"] == {"name": "Обелиск"}
    assert last["after"] == {"name": "Братская могила"}


def test_a_memorial_reverted_is_back_on_the_map_and_in_words_and_totals(register: Store) -> None:
    created = row(register, memorials, "M1")["created_revision_id"]
    update_record(register, "a", "memorial", "M1",
                  {"name": "Памятник", "lat": 55.75, "lon": 37.62, "country": "RU",
                   "region": "RU-MOW", "buried_total": 300}, 1)  # fmt: skip
    assert words(register, "Братская") == []
    revert_record(register, "b", "memorial", "M1", created, "the edit was wrong", 2)
    pk = row(register, memorials, "M1")["pk"]
    assert words(register, "Братская") == [pk]
    assert words(register, "Памятник") == []
    assert on_map(register, "M1") == (53_900_000, "BY")
    totals = stats(register)
    assert totals["memorials_by_country"] == {"BY": 1}
    assert check(register) == []


def test_a_revert_to_a_middle_revision_keeps_what_that_revision_set(register: Store) -> None:
    update_record(register, "a", "memorial", "M1", {"buried_known": 50}, 1)
    middle = row(register, memorials, "M1")["revision_id"]
    update_record(register, "a", "memorial", "M1", {"buried_known": 60, "custodian": "X"}, 2)
    update_record(register, "a", "memorial", "M1", {"status": "damaged"}, 3)
    reverted = revert_record(register, "b", "memorial", "M1", middle, "back to the survey", 4)
    assert (reverted["buried_known"], reverted["buried_unknown"]) == (50, 50)
    assert reverted["custodian"] is None
    assert reverted["status"] == "standing"
    assert check(register) == []


def test_a_revert_with_a_stale_version_is_a_conflict_and_changes_nothing(
    register: Store,
) -> None:
    created = row(register, memorials, "M1")["created_revision_id"]
    update_record(register, "a", "memorial", "M1", {"name": "Обелиск"}, 1)
    before = counts(register)
    with pytest.raises(ConflictError) as refused:
        revert_record(register, "b", "memorial", "M1", created, "undo", 1)
    assert refused.value.extra == {"current_version": 2, "expected_version": 1}
    assert counts(register) == before
    assert row(register, memorials, "M1")["name"] == "Обелиск"


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_revert_needs_a_reason(register: Store, reason: str | None) -> None:
    created = row(register, memorials, "M1")["created_revision_id"]
    with pytest.raises(ValidationError) as refused:
        revert_record(register, "b", "memorial", "M1", created, reason, 1)
    assert refused.value.problems[0].field == "reason"


def test_a_revert_refuses_a_revision_of_another_record(register: Store) -> None:
    other = row(register, persons, "P1")["created_revision_id"]
    before = counts(register)
    with pytest.raises(ValidationError) as refused:
        revert_record(register, "b", "memorial", "M1", other, "undo", 1)
    assert refused.value.problems[0].field == "revision"
    with pytest.raises(ValidationError):
        revert_record(register, "b", "memorial", "M1", 10_000, "undo", 1)
    assert counts(register) == before


def test_a_revert_of_a_missing_record_is_not_found(register: Store) -> None:
    with pytest.raises(NotFoundError):
        revert_record(register, "b", "memorial", "NO-SUCH", 1, "undo", 1)


def test_a_revert_to_the_current_state_writes_nothing(register: Store) -> None:
    created = row(register, memorials, "M1")["created_revision_id"]
    before = counts(register)
    same = revert_record(register, "b", "memorial", "M1", created, "undo", 1)
    assert same["version"] == 1
    assert counts(register) == before


def test_a_merged_away_record_cannot_be_reverted_or_restored(register: Store) -> None:
    create_memorial(register, "a", {**MEMORIAL, "id": "M2", "name": "Брацкая магіла"})
    created = row(register, memorials, "M2")["created_revision_id"]
    merge_records(register, "a", "memorial", "M1", "M2", "the same grave")
    before = counts(register)
    with pytest.raises(MergedRecordError) as refused:
        revert_record(register, "b", "memorial", "M2", created, "undo", None)
    assert "merged into 'M1'" in str(refused.value)
    assert refused.value.status == 409
    with pytest.raises(MergedRecordError):
        restore_record(register, "b", "memorial", "M2", "bring it back")
    assert counts(register) == before


def test_the_survivor_of_a_merge_reverts_to_before_the_merge(register: Store) -> None:
    create_memorial(register, "a", {**MEMORIAL, "id": "M2", "custodian": "Школа № 3"})
    created = row(register, memorials, "M1")["created_revision_id"]
    merge_records(register, "a", "memorial", "M1", "M2", "the same grave")
    assert row(register, memorials, "M1")["custodian"] == "Школа № 3"
    reverted = revert_record(register, "b", "memorial", "M1", created, "filled wrongly", 2)
    assert reverted["custodian"] is None
    assert check(register) == []


def test_a_revert_cannot_cross_an_import_that_changed_the_record(store: Store, write_csv) -> None:
    header = ["id", "kind", "name", "lat", "lon", "country"]
    first = write_csv("a.csv", header, [["M1", "obelisk", "Обелиск", "53.9", "27.5", "BY"]])
    import_csv(store, "importer", "memorial", first)
    created = row(store, memorials, "M1")["created_revision_id"]
    update_record(store, "a", "memorial", "M1", {"custodian": "Школа"}, 1)
    second = write_csv("b.csv", header, [["M1", "obelisk", "Обелиск героям", "53.9", "27.5", "BY"]])
    import_csv(store, "importer", "memorial", second)
    changed_by_import = row(store, memorials, "M1")["revision_id"]
    with pytest.raises(ValidationError) as refused:
        revert_record(store, "b", "memorial", "M1", created, "undo", 3)
    assert refused.value.problems[0].field == "revision"
    assert f"revision {changed_by_import}" in refused.value.problems[0].message
    update_record(store, "a", "memorial", "M1", {"status": "lost"}, 3)
    reverted = revert_record(store, "b", "memorial", "M1", changed_by_import, "undo", 4)
    assert (reverted["name"], reverted["status"], reverted["custodian"]) == (
        "Обелиск героям",
        "standing",
        "Школа",
    )


def test_restore_brings_a_retired_person_back_into_search_and_totals(register: Store) -> None:
    retire_record(register, "a", "person", "P1", "thought a duplicate")
    assert found_ids(register, "Сидоренко Иван") == []
    assert stats(register)["persons"] == 0
    restored = restore_record(register, "b", "person", "P1", "not a duplicate after all", 2)
    assert restored["retired_at"] is None and restored["retired_reason"] is None
    assert restored["version"] == 3
    assert found_ids(register, "Сидоренко Иван") == ["P1"]
    assert stats(register)["persons"] == 1
    assert check(register) == []


def test_restore_brings_a_retired_memorial_back_onto_the_map(register: Store) -> None:
    retire_record(register, "a", "memorial", "M1", "duplicate")
    assert on_map(register, "M1") is None
    restore_record(register, "b", "memorial", "M1", "not a duplicate")
    assert on_map(register, "M1") == (53_900_000, "BY")
    with register.engine.connect() as conn:
        last = conn.execute(select(revisions).order_by(revisions.c.pk.desc())).mappings().first()
    assert last is not None and (last["action"], last["reason"]) == ("restore", "not a duplicate")
    assert last["before"]["retired_reason"] == "duplicate"
    assert check(register) == []


def test_restore_needs_a_reason_and_refuses_a_stale_version(register: Store) -> None:
    retire_record(register, "a", "memorial", "M1", "duplicate")
    before = counts(register)
    with pytest.raises(ValidationError) as refused:
        restore_record(register, "b", "memorial", "M1", " ")
    assert refused.value.problems[0].field == "reason"
    with pytest.raises(ConflictError):
        restore_record(register, "b", "memorial", "M1", "why", 1)
    assert counts(register) == before


def test_restoring_a_live_record_writes_nothing(register: Store) -> None:
    before = counts(register)
    assert restore_record(register, "b", "memorial", "M1", "why")["version"] == 1
    assert counts(register) == before


def test_a_retired_record_reverts_its_fields_and_stays_retired(register: Store) -> None:
    created = row(register, persons, "P1")["created_revision_id"]
    update_record(register, "a", "person", "P1", {"surname": "Петренко"}, 1)
    retire_record(register, "a", "person", "P1", "duplicate")
    reverted = revert_record(register, "b", "person", "P1", created, "name was right", 3)
    assert reverted["surname"] == "Сидоренко" and reverted["retired_at"] is not None
    assert found_ids(register, "Сидоренко") == []
    assert check(register) == []
