"""`check`: a sound register passes; each kind of hand-made damage is found and named."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from memreg.services.editing import create_memorial, create_person, retire_record, update_record
from memreg.services.imports import import_csv
from memreg.services.register import check, reindex
from memreg.store.engine import Store


def corrupt(store: Store, *statements: str) -> None:
    """Run SQL behind the register's back, with foreign keys off (as a careless script would)."""
    if store.backend.name == "sqlite":
        path = make_url(store.url).database
        assert path
        raw = sqlite3.connect(path)
        try:
            raw.execute("PRAGMA foreign_keys = OFF")
            for statement in statements:
                raw.execute(statement)
            raw.commit()
        finally:
            raw.close()
        return
    with store.engine.connect() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # no FK triggers
        for statement in statements:
            conn.execute(text(statement))
        conn.commit()


@pytest.fixture
def register(store: Store) -> Store:
    create_memorial(
        store,
        "a",
        {"id": "M-1", "kind": "mass_grave", "name": "Братская могила", "country": "BY",
         "lat": "52.44", "lon": "30.98"},
    )  # fmt: skip
    create_memorial(
        store, "a", {"id": "M-2", "kind": "obelisk", "name": "Обелиск", "country": "BY"}
    )
    create_person(store, "a", {"id": "P-1", "surname": "Рыбалко", "memorial_id": "M-1"})
    return store


def test_sound_register_after_edits_and_imports_has_no_problems(register: Store, tmp_path) -> None:
    path = tmp_path / "p.csv"
    path.write_text("id,surname,memorial_id\nP-2,Кухлий,M-2\nP-3,Атанов,M-1\n", encoding="utf-8")
    import_csv(register, "a", "person", path)
    update_record(register, "a", "memorial", "M-1", {"lat": "52.45"}, 1)
    retire_record(register, "a", "person", "P-2", "duplicate of P-3")
    assert check(register) == []


def test_check_finds_a_link_to_a_missing_person(register: Store) -> None:
    corrupt(register, "UPDATE person_memorials SET person_pk = 999")
    assert check(register) == [
        "1 row(s) of person_memorials.person_pk point to no persons row",
        "the kept total memorial.names=M-1 is 1 but the register holds 0 (run memreg reindex)",
        "map index: 1 point(s) have a wrong count of names",  # the map counted that person
    ]


def test_check_finds_a_record_whose_revision_is_gone(register: Store) -> None:
    corrupt(register, "UPDATE memorials SET created_revision_id = 999 WHERE id = 'M-2'")
    problems = check(register)
    assert "1 row(s) of memorials.created_revision_id point to no revisions row" in problems


def test_check_finds_a_record_changed_before_it_was_created(register: Store) -> None:
    corrupt(
        register,
        "UPDATE persons SET revision_id = 1, created_revision_id = 3 WHERE id = 'P-1'",
    )
    assert check(register) == ["1 person record(s) changed before they were created"]


def test_check_finds_a_revision_naming_a_record_that_does_not_exist(register: Store) -> None:
    corrupt(
        register,
        "INSERT INTO revisions (at, actor, action, record_type, record_id) "
        "VALUES ('2024-01-01T00:00:00Z', 'script', 'update', 'memorial', 'M-ghost')",
    )
    assert check(register) == ["1 revision(s) name a memorial that does not exist"]


def test_check_finds_a_memorial_missing_from_the_spatial_index(sqlite_store: Store) -> None:
    create_memorial(
        sqlite_store,
        "a",
        {"id": "M-1", "kind": "obelisk", "name": "Обелиск", "country": "BY",
         "lat": "52.44", "lon": "30.98"},
    )  # fmt: skip
    assert check(sqlite_store) == []
    corrupt(sqlite_store, "DELETE FROM memorials_rtree")
    assert check(sqlite_store) == ["spatial index holds 0 points for 1 located memorials"]


def test_lone_surrogates_and_nul_in_stored_json_are_reported(register: Store) -> None:
    corrupt(
        register,
        """UPDATE memorials SET names = '{"ru": "\\ud83d"}' WHERE id = 'M-1'""",
        """UPDATE persons SET name_variants = '["Ры\\u0000балко"]' WHERE id = 'P-1'""",
    )
    problems = check(register)
    assert any("memorials.names" in p and "M-1" in p and "not valid Unicode" in p for p in problems)
    assert any("persons.name_variants" in p and "P-1" in p for p in problems)


def test_surrogate_pairs_stored_as_escapes_are_sound(register: Store) -> None:
    """An emoji kept as the escape pair \\ud83d\\ude00 is text; only a lone half is not."""
    corrupt(
        register, """UPDATE memorials SET names = '{"ru": "\\ud83d\\ude00"}' WHERE id = 'M-1'"""
    )
    assert check(register) == []


def test_stale_totals_and_link_keys_are_reported_and_reindex_mends_them(register: Store) -> None:
    corrupt(
        register,
        "UPDATE register_counts SET count = count + 5 WHERE dimension = 'memorials'",
        "UPDATE person_memorials SET sort_key = 'zzz', birth_sort = 1",
    )
    problems = check(register)
    assert any("the kept total memorials is 7 but the register holds 2" in p for p in problems)
    assert any("1 link(s) sort their person by an old name" in p for p in problems)
    # totals: 2 memorials: 7 (with country x kind pairs); persons; M-1 names. map: the one
    # located memorial
    assert reindex(register) == {
        "totals": 9,
        "links": 1,
        "map": 1,
        "words": 2,
        "person_names": 1,
        "conditions": 2,
    }
    assert check(register) == []


def test_more_persons_buried_than_buried_known_is_reported(register: Store) -> None:
    update_record(register, "a", "memorial", "M-1", {"buried_total": "5", "buried_known": "1"}, 1)
    create_person(register, "a", {"id": "P-2", "surname": "Кухлий", "memorial_id": "M-1"})
    create_person(register, "a", {"id": "P-3", "surname": "Атанов", "memorial_id": "M-1",
                                  "role": "commemorated_at"})  # fmt: skip
    assert check(register) == [
        "1 memorial(s) have more persons buried there than buried_known says: "
        "M-1 (2 named, 1 known)"
    ]
    retire_record(register, "a", "person", "P-2", "duplicate of P-1")
    assert check(register) == []
