"""Edits through the services, on SQLite and PostgreSQL: every write is one transaction with
its revision, stale edits are refused, refused edits leave no trace, nothing is deleted."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import (
    AlreadyExistsError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    ValidationError,
)
from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.services.register import check, stats
from memreg.store.engine import Store
from memreg.store.records import get_row
from memreg.store.schema import TABLE_ORDER, memorials, person_memorials, persons, revisions

MEMORIAL = {
    "id": "BY-HO-0001",
    "kind": "mass_grave",
    "name": "Братская могила советских воинов",
    "lat": "52.4412",
    "lon": "30.9878",
    "country": "BY",
    "region": "BY-HO",
    "buried_total": "320",
    "buried_known": "112",
}
PERSON = {"id": "P-1", "surname": "Рыбалко", "given_name": "Петр", "birth_date": "1910"}


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in TABLE_ORDER
        }


def all_revisions(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(revisions).order_by(revisions.c.pk)).mappings()
        return [dict(r) for r in rows]


def row(store: Store, table: Any, record_id: str) -> dict[str, Any]:
    with store.engine.connect() as conn:
        found = get_row(conn, table, record_id)
    assert found is not None
    return found


@pytest.fixture
def memorial(store: Store) -> dict[str, Any]:
    return create_memorial(store, "registrar:anna", MEMORIAL, reason="from the 1957 list")


# --- create -------------------------------------------------------------------------------


def test_create_memorial_writes_its_revision_in_the_same_transaction(store: Store) -> None:
    created = create_memorial(store, "registrar:anna", MEMORIAL, reason="from the 1957 list")
    (revision,) = all_revisions(store)
    assert revision["actor"] == "registrar:anna"
    assert revision["action"] == "create"
    assert revision["reason"] == "from the 1957 list"
    assert (revision["record_type"], revision["record_id"]) == ("memorial", "BY-HO-0001")
    assert revision["before"] is None
    assert revision["after"]["name"] == "Братская могила советских воинов"
    assert revision["after"]["buried_unknown"] == 208
    assert created["version"] == 1
    assert created["created_revision_id"] == created["revision_id"] == revision["pk"]


def test_create_memorial_without_id_gets_one(store: Store) -> None:
    created = create_memorial(store, "registrar:anna", {**MEMORIAL, "id": None})
    assert created["id"].startswith("M-")
    assert all_revisions(store)[0]["record_id"] == created["id"]


def test_create_person_links_the_memorial_under_the_same_revision(
    store: Store, memorial: dict[str, Any]
) -> None:
    person = create_person(store, "registrar:anna", {**PERSON, "memorial_id": "BY-HO-0001"})
    revision = all_revisions(store)[-1]
    assert revision["action"] == "create" and revision["record_id"] == "P-1"
    assert revision["after"]["memorial_id"] == "BY-HO-0001"
    assert revision["after"]["role"] == "buried_at"
    assert person["created_revision_id"] == revision["pk"]
    assert person["birth_year"] == 1910
    with store.engine.connect() as conn:
        links = conn.execute(select(person_memorials)).mappings().all()
    assert [(x["person_pk"], x["memorial_pk"], x["role"]) for x in links] == [
        (person["pk"], memorial["pk"], "buried_at")
    ]
    assert links[0]["revision_id"] == revision["pk"]


def test_create_person_refuses_missing_memorial_and_writes_nothing(store: Store) -> None:
    before = table_counts(store)
    with pytest.raises(ValidationError) as info:
        create_person(store, "registrar:anna", {**PERSON, "memorial_id": "M-nowhere"})
    assert [p.field for p in info.value.problems] == ["memorial_id"]
    assert table_counts(store) == before


BAD_MEMORIAL_INPUT: list[tuple[dict[str, Any], str]] = [
    ({"lat": "95"}, "lat"),
    ({"region": "RU-MOW"}, "region"),
    ({"kind": "castle"}, "kind"),
    ({"name": "Б" * 10_000}, "name"),
    ({"settlement": "Го\x00мель"}, "settlement"),
    ({"buried_total": str(10**12)}, "buried_total"),
    ({"erected": "1913-13"}, "erected"),
    ({"names": {"ru": "Б" * 10_000}}, "name_ru"),
    ({"names": {"ru": "Брат\x00ская"}}, "name_ru"),
    ({"names": {"xx": "?"}}, "names"),
    ({"version": 7}, "version"),
    ({"created_revision_id": 1}, "created_revision_id"),
]


def _refused_naming(call: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        call()
    fields = {p.field for p in info.value.problems}
    assert field in fields, f"expected a problem naming {field!r}, got {info.value.message!r}"


def test_create_memorial_refuses_bad_input_naming_the_field_and_writes_nothing(
    store: Store,
) -> None:
    for change, field in BAD_MEMORIAL_INPUT:
        _refused_naming(
            lambda change=change: create_memorial(store, "registrar:anna", {**MEMORIAL, **change}),
            field,
        )
    assert sum(table_counts(store).values()) == 0


def test_create_refuses_an_id_already_taken_and_writes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    with pytest.raises(AlreadyExistsError, match="BY-HO-0001"):
        create_memorial(store, "registrar:boris", MEMORIAL)
    assert table_counts(store) == before


def test_create_refuses_nul_in_reason_and_writes_nothing(store: Store) -> None:
    with pytest.raises(ValidationError) as info:
        create_memorial(store, "registrar:anna", MEMORIAL, reason="list\x00of 1957")
    assert [p.field for p in info.value.problems] == ["reason"]
    assert sum(table_counts(store).values()) == 0


def test_write_refuses_an_actor_a_revision_cannot_name(store: Store) -> None:
    for actor in ["", "  ", "a" * 201, "ann\x00a"]:
        _refused_naming(lambda actor=actor: create_memorial(store, actor, MEMORIAL), "actor")
    assert sum(table_counts(store).values()) == 0


# --- update -------------------------------------------------------------------------------


def test_update_writes_a_revision_with_before_and_after_of_what_changed(
    store: Store, memorial: dict[str, Any]
) -> None:
    updated = update_record(
        store,
        "registrar:boris",
        "memorial",
        "BY-HO-0001",
        {"name": "Братская могила № 1", "settlement": "Гомель"},
        expected_version=1,
        reason="name as on the plaque",
    )
    revision = all_revisions(store)[-1]
    assert revision["actor"] == "registrar:boris"
    assert revision["action"] == "update"
    assert revision["reason"] == "name as on the plaque"
    assert revision["before"] == {"name": "Братская могила советских воинов", "settlement": None}
    assert revision["after"] == {"name": "Братская могила № 1", "settlement": "Гомель"}
    assert updated["version"] == 2
    stored = row(store, memorials, "BY-HO-0001")
    assert stored["name"] == "Братская могила № 1" and stored["version"] == 2
    assert stored["revision_id"] == revision["pk"]
    assert stored["created_revision_id"] == memorial["created_revision_id"]


def test_update_with_stale_version_raises_conflict_naming_current_and_writes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    update_record(store, "registrar:anna", "memorial", "BY-HO-0001", {"name": "A"}, 1)
    before = table_counts(store)
    with pytest.raises(ConflictError) as info:
        update_record(store, "registrar:boris", "memorial", "BY-HO-0001", {"name": "B"}, 1)
    assert "current version is 2" in info.value.message
    assert info.value.extra["current_version"] == 2
    assert info.value.status == 409
    assert table_counts(store) == before
    assert row(store, memorials, "BY-HO-0001")["name"] == "A"


def test_update_with_stale_version_is_refused_even_when_it_changes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    update_record(store, "registrar:anna", "memorial", "BY-HO-0001", {"name": "A"}, 1)
    with pytest.raises(ConflictError):
        update_record(store, "registrar:boris", "memorial", "BY-HO-0001", {"name": "A"}, 1)


def test_update_that_changes_nothing_writes_no_revision(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    same = update_record(
        store, "registrar:anna", "memorial", "BY-HO-0001", {"lat": "52.4412"}, expected_version=1
    )
    assert same["version"] == 1
    assert table_counts(store) == before


BAD_MEMORIAL_CHANGES: list[tuple[dict[str, Any], str]] = [
    ({"lat": "95"}, "lat"),
    ({"region": "BY-XX"}, "region"),
    ({"country": "RU"}, "region"),  # BY-HO is not in RU
    ({"kind": None}, "kind"),
    ({"erected": "1912-02-30"}, "erected"),
    ({"buried_known": "400"}, "buried_known"),
    ({"name_en": "x" * 10_000}, "name_en"),
    ({"address": "a\x00b"}, "address"),
    ({"version": 9}, "version"),
    ({"retired_at": "2020-01-01"}, "retired_at"),
    ({"pk": 99}, "pk"),
    ({"revision_id": 1}, "revision_id"),
    ({"id": "BY-HO-0002"}, "id"),
    ({"colour": "red"}, "colour"),
]


def test_refused_update_names_the_field_and_writes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    for change, field in BAD_MEMORIAL_CHANGES:
        _refused_naming(
            lambda change=change: update_record(
                store, "registrar:boris", "memorial", "BY-HO-0001", change, 1
            ),
            field,
        )
    assert table_counts(store) == before
    assert row(store, memorials, "BY-HO-0001")["version"] == 1


def test_update_of_a_person_recomputes_years_and_refuses_death_before_birth(
    store: Store,
) -> None:
    create_person(store, "registrar:anna", PERSON)
    updated = update_record(
        store, "registrar:anna", "person", "P-1", {"death_date": "1944-06-21"}, 1
    )
    assert (updated["death_date"], updated["death_year"]) == ("1944-06-21", 1944)
    before = table_counts(store)
    with pytest.raises(ValidationError) as info:
        update_record(store, "registrar:anna", "person", "P-1", {"birth_date": "1950"}, 2)
    assert [p.field for p in info.value.problems] == ["death_date"]
    assert table_counts(store) == before


def test_update_of_a_person_refuses_memorial_links(store: Store, memorial: dict) -> None:
    create_person(store, "registrar:anna", PERSON)
    with pytest.raises(ValidationError) as info:
        update_record(store, "registrar:anna", "person", "P-1", {"memorial_id": "BY-HO-0001"}, 1)
    assert [p.field for p in info.value.problems] == ["memorial_id"]


def test_update_names_replaces_them_and_name_lang_changes_one(
    store: Store, memorial: dict[str, Any]
) -> None:
    names = {"ru": "Братская могила", "be": "Брацкая магіла"}
    first = update_record(store, "a", "memorial", "BY-HO-0001", {"names": names}, 1)
    assert first["names"] == names
    second = update_record(store, "a", "memorial", "BY-HO-0001", {"name_en": "Mass grave"}, 2)
    assert second["names"] == {**names, "en": "Mass grave"}
    third = update_record(store, "a", "memorial", "BY-HO-0001", {"names": {"en": "Grave"}}, 3)
    assert third["names"] == {"en": "Grave"}


def test_update_of_buried_known_derives_buried_unknown_again(
    store: Store, memorial: dict[str, Any]
) -> None:
    assert memorial["buried_unknown"] == 208
    updated = update_record(store, "a", "memorial", "BY-HO-0001", {"buried_known": "120"}, 1)
    assert (updated["buried_total"], updated["buried_known"]) == (320, 120)
    assert updated["buried_unknown"] == 200


def test_update_of_a_missing_record_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="M-nowhere"):
        update_record(store, "a", "memorial", "M-nowhere", {"name": "x"}, 1)


def test_update_of_an_unknown_record_type_is_a_bad_request(store: Store) -> None:
    with pytest.raises(BadRequestError) as info:
        update_record(store, "a", "castle", "C-1", {"name": "x"}, 1)
    assert [p.field for p in info.value.problems] == ["record_type"]


# --- retire -------------------------------------------------------------------------------


def test_retire_needs_a_reason_and_writes_nothing_without_one(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    for reason in [None, "", "   "]:
        _refused_naming(
            lambda reason=reason: retire_record(store, "b", "memorial", "BY-HO-0001", reason),
            "reason",
        )
    assert table_counts(store) == before


def test_retire_keeps_the_record_and_writes_a_revision_with_the_reason(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    retired = retire_record(
        store, "registrar:boris", "memorial", "BY-HO-0001", "duplicate of BY-HO-0002", 1
    )
    after = table_counts(store)
    assert after["memorials"] == before["memorials"]  # never deleted
    assert after["revisions"] == before["revisions"] + 1
    revision = all_revisions(store)[-1]
    assert revision["action"] == "retire" and revision["actor"] == "registrar:boris"
    assert revision["reason"] == "duplicate of BY-HO-0002"
    assert revision["before"] == {"retired_at": None, "retired_reason": None}
    assert revision["after"]["retired_reason"] == "duplicate of BY-HO-0002"
    stored = row(store, memorials, "BY-HO-0001")
    assert stored["retired_at"] is not None
    assert stored["retired_reason"] == "duplicate of BY-HO-0002"
    assert stored["version"] == retired["version"] == 2
    assert stored["revision_id"] == revision["pk"]
    assert stats(store)["memorials"] == 0  # out of the public register


def test_retiring_a_retired_record_writes_nothing_and_keeps_the_first_reason(
    store: Store, memorial: dict[str, Any]
) -> None:
    retire_record(store, "a", "memorial", "BY-HO-0001", "duplicate")
    before = table_counts(store)
    again = retire_record(store, "b", "memorial", "BY-HO-0001", "another reason")
    assert again["retired_reason"] == "duplicate"
    assert table_counts(store) == before


def test_retire_with_stale_version_raises_conflict_and_writes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    update_record(store, "a", "memorial", "BY-HO-0001", {"name": "A"}, 1)
    before = table_counts(store)
    with pytest.raises(ConflictError) as info:
        retire_record(store, "b", "memorial", "BY-HO-0001", "duplicate", expected_version=1)
    assert info.value.extra["current_version"] == 2
    assert table_counts(store) == before
    assert row(store, memorials, "BY-HO-0001")["retired_at"] is None


def test_retire_refuses_nul_in_the_reason_and_writes_nothing(
    store: Store, memorial: dict[str, Any]
) -> None:
    before = table_counts(store)
    with pytest.raises(ValidationError):
        retire_record(store, "a", "memorial", "BY-HO-0001", "dupli\x00cate")
    assert table_counts(store) == before


def test_retired_person_keeps_its_memorial_link(store: Store, memorial: dict[str, Any]) -> None:
    create_person(store, "a", {**PERSON, "memorial_id": "BY-HO-0001"})
    retire_record(store, "a", "person", "P-1", "merged into P-2")
    assert row(store, persons, "P-1")["retired_reason"] == "merged into P-2"
    assert table_counts(store)["person_memorials"] == 1


def test_every_edit_leaves_a_sound_register_with_one_revision_per_write(
    store: Store, memorial: dict[str, Any]
) -> None:
    create_person(store, "a", {**PERSON, "memorial_id": "BY-HO-0001"})
    update_record(store, "a", "person", "P-1", {"rank": "красноармеец"}, 1)
    update_record(store, "a", "memorial", "BY-HO-0001", {"status": "damaged"}, 1)
    retire_record(store, "a", "person", "P-1", "duplicate")
    actions = [r["action"] for r in all_revisions(store)]
    assert actions == ["create", "create", "update", "update", "retire"]
    assert check(store) == []
