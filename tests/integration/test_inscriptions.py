"""Names as inscribed, through the services, on SQLite and PostgreSQL: each write with its
revision, the stone's totals kept current, refusals naming the field and changing nothing,
suggestions for carved-style texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import ConflictError, NotFoundError, ValidationError
from memreg.services.dumps import dump_register, restore_register
from memreg.services.duplicates import merge_records
from memreg.services.editing import create_memorial, create_person, retire_record
from memreg.services.inscriptions import (
    add_inscriptions,
    inscription_suggestions,
    link_person,
    publish_inscription,
    retire_inscription,
    unlink_person,
    update_inscription,
)
from memreg.services.register import check, init_register, reindex
from memreg.store.engine import Store
from memreg.store.inscriptions import INSCRIPTIONS_AT, ON_STONE_AT, UNIDENTIFIED_AT, stone_page
from memreg.store.schema import inscriptions, media, memorials, persons, revisions
from memreg.store.tallies import read_total
from memreg.store.unit_of_work import UnitOfWork
from tests.integration.test_dumps import snapshot_tables

PERSONS = [
    ("P-ivanov", "Иванов", "Иван", "Петрович", "1912"),
    ("P-ivanova", "Иванова", "Мария", "Ивановна", "1920"),
    ("P-ivanov-a", "Иванов", "Андрей", "Петрович", "1915"),
    ("P-serov", "Серов", "Алексей", "Николаевич", "1910"),
    ("P-sidorenko", "Сидоренко", "Иван", "Петрович", "1912"),
]


@pytest.fixture
def memorial(store: Store) -> Store:
    for memorial_id in ("M-1", "M-2"):
        create_memorial(store, "test", {"id": memorial_id, "kind": "mass_grave",
                                        "name": f"Братская могила {memorial_id}",
                                        "country": "BY", "region": "BY-HM"})  # fmt: skip
    for person_id, surname, given, patronymic, born in PERSONS:
        create_person(store, "test", {"id": person_id, "surname": surname, "given_name": given,
                                      "patronymic": patronymic, "birth_date": born,
                                      "memorial_id": "M-1"})  # fmt: skip
    create_person(store, "test", {"id": "P-elsewhere", "surname": "Петров",
                                  "given_name": "Пётр", "memorial_id": "M-2"})  # fmt: skip
    return store


def totals(store: Store, memorial_id: str = "M-1") -> tuple[int, int, int]:
    with store.engine.connect() as conn:
        return (read_total(conn, INSCRIPTIONS_AT, memorial_id),
                read_total(conn, UNIDENTIFIED_AT, memorial_id),
                read_total(conn, ON_STONE_AT, memorial_id))  # fmt: skip


def stone(store: Store, memorial_pk: int = 1) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        pk = conn.execute(select(inscriptions.c.memorial_pk).limit(1)).scalar() or memorial_pk
        items, _ = stone_page(conn, pk, 100)
    return items


def count_rows(store: Store, table: Any) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_panel_is_added_at_once_kept_as_typed_in_place_order(memorial: Store):
    typed = ["ИВАНОВЪ І.П. ", "Серов\u00a0А.Н.", "СИДОРЕНКО И.П. 1912–1943"]
    added = add_inscriptions(
        memorial, "registrar", "M-1",
        [{"text": typed[0], "panel": 1, "row": 1},
         {"text": typed[1], "panel": 1, "row": 1},
         {"text": typed[2], "panel": 1, "row": 2, "position": 1}],
        reason="Read from the 2024 photos",
    )  # fmt: skip
    assert [(a["panel"], a["row"], a["position"]) for a in added] == [
        (1, 1, 1),
        (1, 1, 2),
        (1, 2, 1),
    ]
    assert [a["text"] for a in added] == typed  # not trimmed, not normalised
    assert all(a["memorial_id"] == "M-1" and a["status"] == "published" for a in added)
    assert [i["text"] for i in stone(memorial)] == typed
    assert totals(memorial) == (3, 3, 0)
    with memorial.engine.connect() as conn:
        made = conn.execute(
            select(revisions.c.record_id, revisions.c.actor, revisions.c.reason)
            .where(revisions.c.record_type == "inscription")
        ).all()  # fmt: skip
    assert sorted(r[0] for r in made) == sorted(a["id"] for a in added)
    assert {(r[1], r[2]) for r in made} == {("registrar", "Read from the 2024 photos")}
    # positions left out continue the row
    more = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ПЕТРОВ", "panel": 1, "row": 1}]
    )
    assert more[0]["position"] == 3
    assert check(memorial) == []


def test_linking_keeps_the_stones_totals_and_marks(memorial: Store):
    first, second = add_inscriptions(
        memorial, "registrar", "M-1",
        [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1, "position": 1},
         {"text": "ИВАНОВ И.", "panel": 2, "row": 1, "position": 1, "person_id": "P-ivanov"}],
    )  # fmt: skip
    assert second["person_id"] == "P-ivanov"
    assert totals(memorial) == (2, 1, 1)
    linked = link_person(memorial, "registrar", first["id"], "P-ivanov", first["version"])
    assert linked["person_id"] == "P-ivanov" and linked["version"] == 2
    assert totals(memorial) == (2, 0, 1)  # the same person carved twice is on the stone once
    unlink_person(memorial, "registrar", second["id"])
    assert totals(memorial) == (2, 1, 1)
    unlink_person(memorial, "registrar", first["id"])
    assert totals(memorial) == (2, 2, 0)
    link_person(memorial, "registrar", first["id"], "P-serov")
    retire_inscription(memorial, "registrar", first["id"], "Misread: the name is on panel 3")
    assert totals(memorial) == (1, 1, 0)
    assert [i["id"] for i in stone(memorial)] == [second["id"]]
    assert check(memorial) == []


def test_a_person_not_linked_to_the_memorial_is_refused_naming_the_field(memorial: Store):
    before = count_rows(memorial, revisions)
    with pytest.raises(ValidationError) as refused:
        add_inscriptions(
            memorial,
            "registrar",
            "M-1",
            [{"text": "ПЕТРОВ П.", "panel": 1, "row": 1, "person_id": "P-elsewhere"}],
        )
    problem = refused.value.problems[0]
    assert problem.field == "items.0.person_id"
    assert "not linked to memorial M-1" in problem.message
    (added,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ПЕТРОВ П.", "panel": 1, "row": 1}]
    )
    with pytest.raises(ValidationError) as refused:
        link_person(memorial, "registrar", added["id"], "P-elsewhere")
    assert refused.value.problems[0].field == "person_id"
    with pytest.raises(ValidationError) as refused:
        link_person(memorial, "registrar", added["id"], "P-nobody")
    assert refused.value.problems[0].message == "no person has this id"
    retire_record(memorial, "registrar", "person", "P-serov", "duplicate")
    with pytest.raises(ValidationError, match="retired"):
        link_person(memorial, "registrar", added["id"], "P-serov")
    assert count_rows(memorial, revisions) == before + 2  # the one add and the retirement


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        ({"panel": 1, "row": 1}, "items.0.text", "required"),
        ({"text": "   ", "panel": 1, "row": 1}, "items.0.text", "required"),
        ({"text": "ИВАНОВ\x00", "panel": 1, "row": 1}, "items.0.text", "NUL"),
        ({"text": "ИВАНОВ \ud83d", "panel": 1, "row": 1}, "items.0.text", "lone surrogate"),
        ({"text": "И" * 1001, "panel": 1, "row": 1}, "items.0.text", "longer than"),
        ({"text": "ИВАНОВ", "row": 1}, "items.0.panel", "required"),
        ({"text": "ИВАНОВ", "panel": 0, "row": 1}, "items.0.panel", "between 1"),
        ({"text": "ИВАНОВ", "panel": 1, "row": "2"}, "items.0.row", "whole number"),
        ({"text": "ИВАНОВ", "panel": 1, "row": True}, "items.0.row", "whole number"),
        ({"text": "ИВАНОВ", "panel": 1, "row": 1, "position": -3}, "items.0.position", "between"),
        ({"text": "ИВАНОВ", "panel": 1, "row": 1, "status": "secret"}, "items.0.status", "one of"),
        ({"text": "ИВАНОВ", "panel": 1, "row": 1, "colour": "red"}, "items.0.colour", "cannot"),
        ({"text": "ИВАНОВ", "panel": 1, "row": 1, "media_id": "no such"}, "items.0.media_id", "id"),
        ({"text": "ИВАНОВ", "panel": 1, "row": 1, "media_id": "X-1"}, "items.0.media_id", "photo"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
    memorial: Store, item: dict[str, Any], field: str, words: str
):
    before = count_rows(memorial, revisions)
    with pytest.raises(ValidationError) as refused:
        add_inscriptions(memorial, "registrar", "M-1", [item])
    assert refused.value.problems[0].field == field
    assert words in refused.value.problems[0].message
    assert count_rows(memorial, inscriptions) == 0
    assert count_rows(memorial, revisions) == before


def test_one_bad_item_of_many_writes_none(memorial: Store):
    items = [{"text": f"ИМЯ {n}", "panel": 1, "row": 1} for n in range(5)]
    items[3]["row"] = 0
    with pytest.raises(ValidationError) as refused:
        add_inscriptions(memorial, "registrar", "M-1", items)
    assert [p.field for p in refused.value.problems] == ["items.3.row"]
    assert count_rows(memorial, inscriptions) == 0


def test_a_taken_place_is_refused_naming_the_holder(memorial: Store):
    (held,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ИВАНОВ", "panel": 1, "row": 1, "position": 1}]
    )
    with pytest.raises(ValidationError) as refused:
        add_inscriptions(
            memorial, "registrar", "M-1", [{"text": "ПЕТРОВ", "panel": 1, "row": 1, "position": 1}]
        )
    assert refused.value.problems[0].field == "items.0.position"
    assert held["id"] in refused.value.problems[0].message
    with pytest.raises(ValidationError) as refused:
        add_inscriptions(memorial, "registrar", "M-1",
                         [{"text": "А", "panel": 2, "row": 1, "position": 1},
                          {"text": "Б", "panel": 2, "row": 1, "position": 1}])  # fmt: skip
    assert refused.value.problems[0].field == "items.1.position"
    (other,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ПЕТРОВ", "panel": 1, "row": 1, "position": 2}]
    )
    with pytest.raises(ValidationError) as refused:
        update_inscription(memorial, "registrar", other["id"], {"position": 1}, 1)
    assert refused.value.problems[0].field == "position"
    assert count_rows(memorial, inscriptions) == 2


def test_edits_need_the_current_version_and_a_retired_one_stays_as_it_was(memorial: Store):
    (added,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1}]
    )
    changed = update_inscription(
        memorial,
        "registrar",
        added["id"],
        {"text": "ИВАНОВЪ І.П.", "note": "ъ worn"},
        1,
        "closer look",
    )
    assert changed["text"] == "ИВАНОВЪ І.П." and changed["version"] == 2
    with pytest.raises(ConflictError):
        update_inscription(memorial, "registrar", added["id"], {"text": "X"}, 1)
    with pytest.raises(ValidationError) as refused:
        update_inscription(memorial, "registrar", added["id"], {"status": "proposed"}, 2)
    assert refused.value.problems[0].field == "status"
    retire_inscription(memorial, "registrar", added["id"], "duplicate entry")
    with pytest.raises(ValidationError, match="retired"):
        update_inscription(memorial, "registrar", added["id"], {"text": "Y"}, None)
    with pytest.raises(ValidationError) as refused:
        retire_inscription(memorial, "registrar", added["id"], "  ")
    assert refused.value.problems[0].field == "reason"
    with pytest.raises(NotFoundError):
        update_inscription(memorial, "registrar", "I-none", {"text": "Y"}, None)
    with pytest.raises(NotFoundError):
        add_inscriptions(memorial, "registrar", "M-none", [{"text": "Y", "panel": 1, "row": 1}])


def test_proposed_inscriptions_stay_off_the_stone_until_published(memorial: Store):
    (proposed,) = add_inscriptions(
        memorial, "volunteer", "M-1",
        [{"text": "СЕРОВ А.Н.", "panel": 1, "row": 1, "position": 1, "person_id": "P-serov"}],
        status="proposed",
    )  # fmt: skip
    assert proposed["status"] == "proposed"
    assert stone(memorial) == [] and totals(memorial) == (0, 0, 0)
    published = publish_inscription(memorial, "moderator", proposed["id"], 1, "approved")
    assert published["status"] == "published"
    assert [i["id"] for i in stone(memorial)] == [proposed["id"]]
    assert totals(memorial) == (1, 0, 1)
    with memorial.engine.connect() as conn:
        action = conn.execute(
            select(revisions.c.action).where(revisions.c.record_id == proposed["id"])
            .order_by(revisions.c.pk.desc()).limit(1)
        ).scalar()  # fmt: skip
    assert action == "publish"
    # a second proposal for a taken place cannot be published over it
    (again,) = add_inscriptions(memorial, "volunteer", "M-1",
                                [{"text": "СЕРОВ", "panel": 1, "row": 1, "position": 1}],
                                status="proposed")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        publish_inscription(memorial, "moderator", again["id"])
    assert refused.value.problems[0].field == "position"


def test_retiring_or_merging_a_person_keeps_the_totals_right(memorial: Store):
    add_inscriptions(
        memorial,
        "registrar",
        "M-1",
        [
            {"text": "ИВАНОВ И.П.", "panel": 1, "row": 1, "person_id": "P-ivanov"},
            {"text": "СЕРОВ А.Н.", "panel": 1, "row": 1, "person_id": "P-serov"},
        ],
    )
    assert totals(memorial) == (2, 0, 2)
    retire_record(memorial, "registrar", "person", "P-serov", "a duplicate")
    assert totals(memorial)[2] == 1
    merge_records(memorial, "registrar", "person", "P-sidorenko", "P-ivanov", "same man")
    assert totals(memorial)[2] == 1
    names = {i["text"]: i["person_id"] for i in stone(memorial)}
    assert names["ИВАНОВ И.П."] == "P-sidorenko"  # the inscription follows the merge
    assert check(memorial) == []
    reindex(memorial)
    assert totals(memorial) == (2, 0, 1)


def test_check_finds_an_inscription_naming_a_person_of_another_memorial(memorial: Store):
    (added,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ПЕТРОВ П.", "panel": 1, "row": 1}]
    )
    with memorial.engine.connect() as conn, conn.begin():  # damage, as a bad script would
        conn.execute(
            inscriptions.update().values(
                person_pk=select(persons.c.pk)
                .where(persons.c.id == "P-elsewhere")
                .scalar_subquery()
            )
        )
    problems = check(memorial)
    assert any("not linked to their memorial" in p and added["id"] in p for p in problems)


def _photo(store: Store, memorial_id: str, media_id: str) -> None:
    """A photo of a memorial, as the upload service (built elsewhere) will record one."""
    with UnitOfWork(store, "test") as uow:
        revision = uow.record_revision("create", record_type="media", record_id=media_id)
        memorial_pk = uow.conn.execute(
            select(memorials.c.pk).where(memorials.c.id == memorial_id)
        ).scalar()
        uow.conn.execute(media.insert().values(
            id=media_id, memorial_pk=memorial_pk, file_name=f"{media_id}.jpg", version=1,
            created_revision_id=revision, revision_id=revision))  # fmt: skip
        uow.commit()


def test_the_photo_read_from_must_be_of_the_same_memorial(memorial: Store):
    _photo(memorial, "M-1", "X-1")
    _photo(memorial, "M-2", "X-2")
    (added,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": "ИВАНОВ", "panel": 1, "row": 1, "media_id": "X-1"}]
    )
    assert added["media_id"] == "X-1"
    with pytest.raises(ValidationError) as refused:
        update_inscription(memorial, "registrar", added["id"], {"media_id": "X-2"}, None)
    assert refused.value.problems[0].field == "media_id"
    assert "another memorial" in refused.value.problems[0].message


@pytest.mark.parametrize(
    ("carved", "expected"),
    [
        ("ИВАНОВ И.П.", ["P-ivanov"]),
        ("Иванов Ив. П.", ["P-ivanov"]),
        ("И.П. ИВАНОВ", ["P-ivanov"]),
        ("ИВАНОВЪ І.П. 1912-1943", ["P-ivanov"]),
        ("ИВАНОВ ИВАН ПЕТРОВИЧ", ["P-ivanov"]),
        ("ИВАНОВ А.П.", ["P-ivanov-a"]),
        ("ИВАНОВА М.И.", ["P-ivanova"]),
        ("ст. лейтенант СѢРОВЪ А.Н.", ["P-serov"]),
        ("СИДАРЭНКА І.П.", ["P-sidorenko"]),
    ],
)
def test_suggestions_for_carved_texts_rank_the_person_first_and_say_why(
    memorial: Store, carved: str, expected: list[str]
):
    (added,) = add_inscriptions(
        memorial, "registrar", "M-1", [{"text": carved, "panel": 1, "row": 1}]
    )
    answer = inscription_suggestions(memorial, added["id"])
    found = [item["person_id"] for item in answer["items"]]
    assert found[: len(expected)] == expected, answer
    best = answer["items"][0]
    assert best["why"]["matches"][0]["field"] == "surname"
    assert best["why"]["text"].startswith("Surname ")
    assert "P-elsewhere" not in found  # only persons of this memorial


def test_suggestions_say_which_inscription_names_a_person_already(memorial: Store):
    held, free = add_inscriptions(memorial, "registrar", "M-1",
                                  [{"text": "ИВАНОВ И.П.", "panel": 1, "row": 1,
                                    "person_id": "P-ivanov"},
                                   {"text": "ИВАНОВ И.П.", "panel": 2, "row": 1}])  # fmt: skip
    answer = inscription_suggestions(memorial, free["id"])
    first = answer["items"][0]
    assert first["person_id"] == "P-ivanov" and first["inscriptions"] == [held["id"]]
    nothing = add_inscriptions(memorial, "registrar", "M-1",
                               [{"text": "1941", "panel": 3, "row": 1}])[0]  # fmt: skip
    answer = inscription_suggestions(memorial, nothing["id"])
    assert answer["items"] == [] and answer["notes"]


def test_inscriptions_survive_a_dump_and_restore(memorial: Store, tmp_path: Path):
    add_inscriptions(memorial, "registrar", "M-1",
                     [{"text": "ИВАНОВЪ І.П.", "panel": 1, "row": 1, "person_id": "P-ivanov"},
                      {"text": "СЕРОВ А.Н.", "panel": 1, "row": 2}])  # fmt: skip
    (proposed,) = add_inscriptions(memorial, "volunteer", "M-1",
                                   [{"text": "КУЗНЕЦОВ", "panel": 2, "row": 1}],
                                   status="proposed")  # fmt: skip
    before = snapshot_tables(memorial)
    assert len(before["inscriptions"]) == 3
    dump_register(memorial, tmp_path / "dump")
    target, _ = init_register(f"sqlite:///{tmp_path / 'restored.db'}")
    try:
        restore_register(target, tmp_path / "dump")
        assert snapshot_tables(target)["inscriptions"] == before["inscriptions"]
        assert totals(target) == totals(memorial) == (2, 1, 1)
        assert check(target) == []
        assert publish_inscription(target, "moderator", proposed["id"])["status"] == "published"
        assert totals(target) == (3, 2, 1)
    finally:
        target.dispose()
