"""Bulk import of the native CSV format on SQLite and PostgreSQL.

What a registrar relies on: a good file is one revision naming the file and its SHA-256;
re-importing changes nothing; a bad file is refused with every bad row named and nothing
written; --accept-partial loads the good rows and files the bad ones with reasons; the
files spreadsheets really write (BOM, CRLF, semicolons, quoted line breaks) load.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import FieldProblem, ImportRejectedError, ValidationError
from memreg.services.imports import import_csv
from memreg.services.register import check
from memreg.store.engine import Store
from memreg.store.schema import (
    TABLE_ORDER,
    memorials,
    person_memorials,
    persons,
    revision_records,
    revisions,
)
from tests.conftest import REAL_DATA

WriteCsv = Callable[..., Path]

M_HEADER = ["id", "kind", "name", "country", "region", "lat", "lon", "erected", "buried_total"]
M_ROWS: list[list[object]] = [
    ["BY-HO-1", "mass_grave", "Братская могила", "BY", "BY-HO", "52.4412", "30.9878", "1957", 320],
    ["BY-HO-2", "obelisk", "Обелиск партизанам", "BY", "BY-HO", "52.5", "31.0", "1965", ""],
    ["RU-ORL-1", "war_cemetery", "Воинское кладбище", "RU", "RU-ORL", "52.97", "36.06", "", 1200],
]
P_HEADER = ["id", "surname", "given_name", "patronymic", "birth_date", "death_date", "memorial_id"]
P_ROWS: list[list[object]] = [
    ["obd-1", "Рыбалко", "Петр", "Иванович", "1910", "1944-06-21", "BY-HO-1"],
    ["obd-2", "Рыбалко", "Николай", "Ефремович", "~1914", "1941-07?", "BY-HO-1"],
    ["obd-3", "Кухлий", "Степан", "Дементьевич", "1902", "1941/1945", "RU-ORL-1"],
]


def table_counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in TABLE_ORDER
        }


def rows_of(store: Store, table: Any) -> dict[str, dict[str, Any]]:
    with store.engine.connect() as conn:
        return {r["id"]: dict(r) for r in conn.execute(select(table)).mappings()}


def import_revisions(store: Store) -> list[dict[str, Any]]:
    with store.engine.connect() as conn:
        query = select(revisions).where(revisions.c.action == "import").order_by(revisions.c.pk)
        return [dict(r) for r in conn.execute(query).mappings()]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lines_and_fields(problems: list[FieldProblem]) -> set[tuple[int | None, str]]:
    return {(p.line, p.field) for p in problems}


@pytest.fixture
def loaded(store: Store, write_csv: WriteCsv) -> Store:
    """A register holding the three memorials and three persons above."""
    import_csv(store, "registrar:anna", "memorial", write_csv("m.csv", M_HEADER, M_ROWS))
    import_csv(store, "registrar:anna", "person", write_csv("p.csv", P_HEADER, P_ROWS))
    return store


# --- a good file ------------------------------------------------------------------------


def test_good_memorial_file_loads_as_one_revision_naming_file_and_sha256(
    store: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("memorials-gomel.csv", M_HEADER, M_ROWS)
    report = import_csv(
        store, "registrar:anna", "memorial", path, source_id="list-1957", reason="first load"
    )
    assert (report.rows_read, report.created, report.updated, report.rejected) == (3, 3, 0, 0)
    (revision,) = import_revisions(store)
    assert table_counts(store)["revisions"] == 1
    assert revision["pk"] == report.revision_id
    assert revision["actor"] == "registrar:anna"
    assert revision["file_name"] == "memorials-gomel.csv"
    assert revision["file_sha256"] == sha256(path) == report.sha256
    assert revision["source_id"] == "list-1957" and revision["reason"] == "first load"
    assert revision["summary"]["created"] == 3
    stored = rows_of(store, memorials)
    assert set(stored) == {"BY-HO-1", "BY-HO-2", "RU-ORL-1"}
    for record in stored.values():
        assert record["created_revision_id"] == record["revision_id"] == revision["pk"]
        assert record["version"] == 1
    assert stored["BY-HO-1"]["lat"] == pytest.approx(52.4412)
    assert stored["BY-HO-1"]["buried_total"] == 320
    assert stored["BY-HO-2"]["buried_total"] is None
    assert check(store) == []


def test_good_person_file_links_persons_to_memorials_under_the_import_revision(
    loaded: Store,
) -> None:
    person_revision = import_revisions(loaded)[-1]
    assert person_revision["record_type"] == "person"
    assert person_revision["file_name"] == "p.csv"
    stored = rows_of(loaded, persons)
    assert {r["created_revision_id"] for r in stored.values()} == {person_revision["pk"]}
    assert stored["obd-2"]["birth_date"] == "~1914" and stored["obd-2"]["birth_year"] == 1914
    assert stored["obd-3"]["death_date"] == "1941/1945" and stored["obd-3"]["death_year"] == 1941
    with loaded.engine.connect() as conn:
        links = conn.execute(select(person_memorials)).mappings().all()
    assert len(links) == 3
    assert {link["revision_id"] for link in links} == {person_revision["pk"]}
    assert {link["role"] for link in links} == {"buried_at"}
    assert check(loaded) == []


def test_reimporting_the_same_file_changes_nothing(loaded: Store, write_csv: WriteCsv) -> None:
    before = table_counts(loaded)
    versions = {k: v["version"] for k, v in rows_of(loaded, memorials).items()}
    again = import_csv(loaded, "registrar:boris", "memorial", write_csv("m.csv", M_HEADER, M_ROWS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert again.revision_id is None
    persons_again = import_csv(
        loaded, "registrar:boris", "person", write_csv("p.csv", P_HEADER, P_ROWS)
    )
    assert (persons_again.created, persons_again.links_added, persons_again.unchanged) == (0, 0, 3)
    assert table_counts(loaded) == before
    assert {k: v["version"] for k, v in rows_of(loaded, memorials).items()} == versions


def test_changed_reimport_updates_only_changed_rows_and_history_shows_the_import(
    loaded: Store, write_csv: WriteCsv
) -> None:
    first_revision = import_revisions(loaded)[0]["pk"]
    changed = [list(r) for r in M_ROWS]
    changed[1][2] = "Обелиск партизанам-подпольщикам"
    changed[2][8] = 1250
    report = import_csv(
        loaded, "registrar:boris", "memorial", write_csv("m2.csv", M_HEADER, changed)
    )
    assert (report.created, report.updated, report.unchanged) == (0, 2, 1)
    stored = rows_of(loaded, memorials)
    assert stored["BY-HO-1"]["version"] == 1
    assert stored["BY-HO-1"]["revision_id"] == first_revision
    for record_id in ("BY-HO-2", "RU-ORL-1"):
        assert stored[record_id]["version"] == 2
        assert stored[record_id]["revision_id"] == report.revision_id
        assert stored[record_id]["created_revision_id"] == first_revision
    assert stored["BY-HO-2"]["name"] == "Обелиск партизанам-подпольщикам"
    assert stored["RU-ORL-1"]["buried_total"] == 1250
    with loaded.engine.connect() as conn:
        history = conn.execute(
            select(revision_records.c.record_id).where(
                revision_records.c.revision_pk == report.revision_id
            )
        ).scalars()
        assert sorted(history) == ["BY-HO-2", "RU-ORL-1"]
    revision = import_revisions(loaded)[-1]
    assert revision["file_name"] == "m2.csv" and revision["actor"] == "registrar:boris"
    assert revision["summary"]["updated"] == 2 and revision["summary"]["unchanged"] == 1


def test_reimport_with_fewer_columns_leaves_the_other_columns_alone(
    loaded: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("names.csv", ["id", "kind", "country", "name"], [
        ["BY-HO-1", "mass_grave", "BY", "Братская могила № 1"],
    ])  # fmt: skip
    report = import_csv(loaded, "registrar:anna", "memorial", path)
    assert report.updated == 1
    record = rows_of(loaded, memorials)["BY-HO-1"]
    assert record["name"] == "Братская могила № 1"
    assert record["lat"] == pytest.approx(52.4412) and record["buried_total"] == 320


# --- a bad file: every bad row named, nothing written ------------------------------------


def test_file_with_bad_rows_names_every_bad_row_and_writes_nothing(
    loaded: Store, write_csv: WriteCsv
) -> None:
    rows: list[list[object]] = [
        ["M-ok-1", "monument", "Памятник", "BY", "BY-HM", "53.9", "27.56", "1967", ""],
        ["M-lat", "monument", "Широта", "BY", "", "95", "27.5", "", ""],
        ["M-region", "monument", "Чужой регион", "BY", "RU-MOW", "", "", "", ""],
        ["M-date", "monument", "Дата", "BY", "", "", "", "1913-13", ""],
        ["M-ok-2", "plaque", "Доска", "UA", "", "", "", "", ""],
        ["M-many", "castle", "", "XX", "", "", "", "1912-02-30", str(10**12)],
    ]
    path = write_csv("bad.csv", M_HEADER, rows)
    before = table_counts(loaded)
    with pytest.raises(ImportRejectedError) as info:
        import_csv(loaded, "registrar:anna", "memorial", path)
    error = info.value
    assert lines_and_fields(error.problems) == {
        (3, "lat"),
        (4, "region"),
        (5, "erected"),
        (7, "kind"),
        (7, "name"),
        (7, "country"),
        (7, "erected"),
        (7, "buried_total"),
    }
    assert error.extra["rows_rejected"] == 4
    assert error.message.startswith("bad.csv: 4 bad row(s); nothing was imported.")
    assert "line 3, lat: must be between -90 and 90 degrees (got '95')" in error.message
    assert "line 4, region: region RU-MOW is in RU, not in BY" in error.message
    assert table_counts(loaded) == before


def test_persons_referencing_a_missing_memorial_are_refused_and_nothing_written(
    loaded: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("p-missing.csv", P_HEADER, [
        ["obd-10", "Атанов", "Иван", "", "1915", "", "BY-HO-2"],
        ["obd-11", "Кибенко", "Павел", "", "1916", "", "BY-HO-404"],
    ])  # fmt: skip
    before = table_counts(loaded)
    with pytest.raises(ImportRejectedError) as info:
        import_csv(loaded, "registrar:anna", "person", path)
    (problem,) = info.value.problems
    assert (problem.line, problem.field, problem.value) == (3, "memorial_id", "BY-HO-404")
    assert "no memorial has this id" in problem.message
    assert table_counts(loaded) == before


def test_duplicate_id_in_a_file_refuses_the_second_naming_the_first_line(
    store: Store, write_csv: WriteCsv
) -> None:
    rows = [M_ROWS[0], M_ROWS[1], [*M_ROWS[0][:2], "Другое имя", *M_ROWS[0][3:]]]
    with pytest.raises(ImportRejectedError) as info:
        import_csv(store, "a", "memorial", write_csv("dup.csv", M_HEADER, rows))
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (4, "id")
    assert problem.message == "already given on line 2"
    assert sum(table_counts(store).values()) == 0


def test_row_with_too_many_cells_is_refused_naming_its_line(
    store: Store, write_csv: WriteCsv
) -> None:
    rows = [M_ROWS[0], [*M_ROWS[1], "лишнее"], [*M_ROWS[2], "", ""]]  # empty extras are fine
    with pytest.raises(ImportRejectedError) as info:
        import_csv(store, "a", "memorial", write_csv("wide.csv", M_HEADER, rows))
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (3, "row")
    assert problem.message == "has 10 cells but the header has 9"
    assert sum(table_counts(store).values()) == 0


def test_quoted_line_breaks_keep_the_line_numbers_of_later_rows_right(
    store: Store, write_csv: WriteCsv
) -> None:
    header = ["id", "kind", "name", "country", "address"]
    rows = [
        ["M-1", "mass_grave", "Братская могила", "BY", "ул. Ленина,\nу школы\nслева"],  # 2-4
        ["M-2", "castle", "Замок", "BY", ""],  # line 5
        ["M-3", "obelisk", "Обелиск", "BY", "на\r\nплощади"],  # lines 6-7
        ["M-4", "obelisk", "Обелиск", "XX", ""],  # line 8
    ]
    with pytest.raises(ImportRejectedError) as info:
        import_csv(store, "a", "memorial", write_csv("multiline.csv", header, rows, crlf=True))
    assert lines_and_fields(info.value.problems) == {(5, "kind"), (8, "country")}
    report = import_csv(
        store, "a", "memorial", write_csv("ok.csv", header, [rows[0], rows[2]], crlf=True)
    )
    assert report.created == 2
    assert rows_of(store, memorials)["M-1"]["address"] == "ул. Ленина,\nу школы\nслева"


def test_unclosed_quote_refuses_the_file_instead_of_swallowing_later_rows(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(
        "id,kind,name,country,custodian\n"
        "M-1,mass_grave,Братская могила,BY,Школа № 5\n"
        'M-2,mass_grave,Братская могила,BY,"Сельсовет\n'
        "M-3,obelisk,Обелиск,BY,Музей\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as info:
        import_csv(store, "a", "memorial", path, accept_partial=True)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (3, "row")
    assert "never closed" in problem.message
    assert "nothing was imported" in info.value.message
    assert sum(table_counts(store).values()) == 0


# --- --accept-partial ----------------------------------------------------------------------


def test_accept_partial_loads_good_rows_and_files_rejected_ones_with_reasons(
    loaded: Store, write_csv: WriteCsv, tmp_path: Path
) -> None:
    rows = [
        ["obd-20", "Атанов", "Иван", "", "1915", "1943-07?", "BY-HO-2"],
        ["obd-21", "Кибенко", "Павел", "", "1920", "1910", "BY-HO-2"],
        ["obd-22", "", "Олег", "", "", "", ""],
        ["obd-23", "Кирилихин", "Семен", "", "1912-02-30", "", "BY-HO-404"],
        ["obd-24", "Кирилихин", "Петр", "", "", "", ""],
    ]
    path = write_csv("persons-2.csv", P_HEADER, rows)
    before = table_counts(loaded)
    report = import_csv(loaded, "registrar:anna", "person", path, accept_partial=True)
    assert (report.rows_read, report.created, report.rejected) == (5, 2, 3)
    assert report.links_added == 1
    after = table_counts(loaded)
    assert after["persons"] == before["persons"] + 2
    assert after["revisions"] == before["revisions"] + 1
    assert {"obd-20", "obd-24"} <= set(rows_of(loaded, persons))
    revision = import_revisions(loaded)[-1]
    assert revision["summary"]["rejected"] == 3
    assert report.rejected_file == str(tmp_path / "rejected-persons-2.csv")
    with open(report.rejected_file, encoding="utf-8", newline="") as handle:
        rejected = list(csv.reader(handle))
    assert rejected[0] == ["line", "reason", *P_HEADER]
    assert [r[0] for r in rejected[1:]] == ["3", "4", "5"]
    assert rejected[1][1] == "death_date: is before birth_date (1920)"
    assert rejected[1][2:] == rows[1]  # the row as it was, ready to fix and import again
    assert rejected[2][1] == "surname: is required (write the name as the source gives it)"
    assert "birth_date: 1912-02 has no day 30" in rejected[3][1]


def test_rejected_rows_file_can_be_corrected_and_imported_as_it_is(
    store: Store, write_csv: WriteCsv, tmp_path: Path
) -> None:
    rows = [M_ROWS[0], ["M-lat", "obelisk", "Обелиск", "BY", "", "95", "27.5", "", ""]]
    report = import_csv(
        store, "a", "memorial", write_csv("m.csv", M_HEADER, rows), accept_partial=True
    )
    assert report.rejected_file is not None
    rejected = Path(report.rejected_file)
    fixed = rejected.read_text(encoding="utf-8").replace(",95,", ",53.9,")
    rejected.write_text(fixed, encoding="utf-8")
    again = import_csv(store, "a", "memorial", rejected)  # `line` and `reason` are ignored
    assert (again.created, again.rejected) == (1, 0)
    assert rows_of(store, memorials)["M-lat"]["lat"] == 53.9


def test_accept_partial_writes_the_rejected_file_where_asked(
    store: Store, write_csv: WriteCsv, tmp_path: Path
) -> None:
    path = write_csv("m.csv", M_HEADER, [M_ROWS[0], ["M-x", "castle", "Замок", "BY"]])
    target = tmp_path / "out" / "why.csv"
    target.parent.mkdir()
    report = import_csv(store, "a", "memorial", path, accept_partial=True, rejected_path=target)
    assert report.rejected_file == str(target)
    assert "kind: must be one of" in target.read_text(encoding="utf-8")


def test_accept_partial_files_rejected_rows_even_when_nothing_else_changes(
    loaded: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("again.csv", M_HEADER, [*M_ROWS, ["M-x", "castle", "Замок", "BY"]])
    report = import_csv(loaded, "a", "memorial", path, accept_partial=True)
    assert report.rejected == 1
    assert report.rejected_file is not None and Path(report.rejected_file).is_file()


# --- files as spreadsheets write them -----------------------------------------------------


SPREADSHEET_VARIANTS: dict[str, dict[str, Any]] = {
    "bom": {"bom": True},
    "crlf": {"crlf": True},
    "bom-crlf": {"bom": True, "crlf": True},
    "excel-semicolon": {"delimiter": ";", "crlf": True, "bom": True},  # Excel in CIS locales
    "tab": {"delimiter": "\t"},
}


def test_spreadsheet_variants_load_the_same_records(store: Store, write_csv: WriteCsv) -> None:
    for name, options in SPREADSHEET_VARIANTS.items():
        rows = [[f"{r[0]}-{name}", *r[1:]] for r in M_ROWS]
        if options.get("delimiter") == ";":
            for row in rows:  # Excel writes decimal commas there
                row[5], row[6] = str(row[5]).replace(".", ","), str(row[6]).replace(".", ",")
        path = write_csv(f"{name}.csv", M_HEADER, rows, **options)
        report = import_csv(store, "a", "memorial", path)
        assert report.created == 3, name
        stored = rows_of(store, memorials)
        first = stored[f"BY-HO-1-{name}"]
        assert first["name"] == "Братская могила", name
        assert (first["lat"], first["lon"]) == (52.4412, 30.9878), name
        assert stored[f"RU-ORL-1-{name}"]["buried_total"] == 1200, name
    assert len(import_revisions(store)) == len(SPREADSHEET_VARIANTS)


def test_header_names_ignore_case_and_spaces(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text(" ID ;Kind; NAME ;Country\nM-1;obelisk;Обелиск;by\n", encoding="utf-8")
    assert import_csv(store, "a", "memorial", path).created == 1
    assert rows_of(store, memorials)["M-1"]["country"] == "BY"


def test_blank_rows_and_rows_of_separators_are_skipped(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "blanks.csv"
    path.write_text(
        "id;kind;name;country\r\n\r\nM-1;obelisk;Обелиск;BY\r\n;;;\r\n"
        "  \r\nM-2;plaque;Доска;BY\r\n;;;\r\n",
        encoding="utf-8",
    )
    report = import_csv(store, "a", "memorial", path)
    assert (report.rows_read, report.created) == (2, 2)


def test_cp1251_file_is_refused_naming_the_line_and_nothing_written(
    loaded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "ansi.csv"
    text = "id,kind,name,country\nM-1,obelisk,Obelisk,BY\nM-2,obelisk,Обелиск,BY\n"
    path.write_bytes(text.encode("cp1251"))
    before = table_counts(loaded)
    with pytest.raises(ValidationError) as info:
        import_csv(loaded, "a", "memorial", path)
    (problem,) = info.value.problems
    assert problem.line == 3
    assert "not UTF-8" in problem.message and "Windows-1251" in problem.message
    assert "CSV UTF-8" in info.value.message and "ansi.csv" in info.value.message
    assert table_counts(loaded) == before


def test_utf16_file_is_refused_with_a_hint(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_text("id\tkind\tname\tcountry\nM-1\tobelisk\tОбелиск\tBY\n", encoding="utf-16")
    with pytest.raises(ValidationError, match="UTF-16"):
        import_csv(store, "a", "memorial", path)
    assert sum(table_counts(store).values()) == 0


def test_empty_file_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ValidationError, match="is empty"):
        import_csv(store, "a", "memorial", path)
    assert sum(table_counts(store).values()) == 0


def test_header_only_file_loads_nothing_and_writes_no_revision(
    store: Store, write_csv: WriteCsv
) -> None:
    report = import_csv(store, "a", "person", write_csv("h.csv", P_HEADER, []))
    assert (report.rows_read, report.created, report.revision_id) == (0, 0, None)
    assert sum(table_counts(store).values()) == 0


def test_missing_file_is_refused_naming_it(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        import_csv(store, "a", "memorial", tmp_path / "nowhere.csv")
    with pytest.raises(ValidationError, match="folder"):
        import_csv(store, "a", "memorial", tmp_path)


def test_unknown_column_is_refused_naming_it_and_the_known_ones(
    store: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("colour.csv", ["id", "kind", "name", "country", "colour"], [
        ["M-1", "obelisk", "Обелиск", "BY", "red"],
    ])  # fmt: skip
    with pytest.raises(ValidationError) as info:
        import_csv(store, "a", "memorial", path)
    problem, known = info.value.problems
    assert (problem.line, problem.field, problem.message) == (1, "colour", "is not a known column")
    assert known.field == "header" and "buried_total" in known.message
    assert sum(table_counts(store).values()) == 0


def test_several_unknown_columns_list_the_known_columns_once(
    store: Store, write_csv: WriteCsv
) -> None:
    header = ["id", "kind", "name", "country", "colour", "shape", "mood"]
    path = write_csv("odd.csv", header, [["M-1", "obelisk", "Обелиск", "BY", "", "", ""]])
    with pytest.raises(ValidationError) as info:
        import_csv(store, "a", "memorial", path)
    fields = [p.field for p in info.value.problems]
    assert fields == ["colour", "shape", "mood", "header"]
    assert str(info.value).count("buried_total") == 1


def test_missing_required_column_is_refused_naming_it(store: Store, write_csv: WriteCsv) -> None:
    cases = [
        ("memorial", ["id", "name", "country"], {"kind"}),
        ("memorial", ["id", "name"], {"kind", "country"}),
        ("person", ["id", "given_name"], {"surname"}),
    ]
    for record_type, header, missing in cases:
        path = write_csv("cols.csv", header, [["X-1"] + [""] * (len(header) - 1)])
        with pytest.raises(ValidationError) as info:
            import_csv(store, "a", record_type, path)
        assert {p.field for p in info.value.problems} == missing
        assert all(p.message == "required column is missing" for p in info.value.problems)
    assert sum(table_counts(store).values()) == 0


def test_column_given_twice_is_refused(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("id,kind,name,country,name\nM-1,obelisk,A,BY,B\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="name: appears twice"):
        import_csv(store, "a", "memorial", path)


def test_rows_without_id_get_content_ids_and_reimport_idempotently(
    store: Store, write_csv: WriteCsv
) -> None:
    header = ["kind", "name", "country", "settlement"]
    rows = [
        ["obelisk", "Обелиск", "BY", "Лоев"],
        ["obelisk", "Обелиск", "BY", "Речица"],
        ["obelisk", "Обелиск", "BY", "Лоев"],  # the same row twice in one file
    ]
    first = import_csv(store, "a", "memorial", write_csv("noid.csv", header, rows))
    assert (first.created, first.duplicate_rows) == (2, 1)
    ids = set(rows_of(store, memorials))
    assert len(ids) == 2 and all(i.startswith("M-") for i in ids)
    before = table_counts(store)
    again = import_csv(store, "b", "memorial", write_csv("noid-again.csv", header, rows[::-1]))
    assert (again.created, again.unchanged, again.revision_id) == (0, 2, None)
    assert set(rows_of(store, memorials)) == ids
    assert table_counts(store) == before


def test_persons_without_id_reimport_without_doubling_links(
    loaded: Store, write_csv: WriteCsv
) -> None:
    header = ["surname", "given_name", "birth_date", "memorial_id", "role"]
    rows = [
        ["Атанов", "Иван", "1915", "BY-HO-2", "buried_at"],
        ["Атанов", "Иван", "1915", "BY-HO-1", "commemorated_at"],
    ]
    first = import_csv(loaded, "a", "person", write_csv("p-noid.csv", header, rows))
    assert (first.created, first.links_added) == (2, 2)
    before = table_counts(loaded)
    again = import_csv(loaded, "a", "person", write_csv("p-noid.csv", header, rows))
    assert (again.created, again.links_added, again.revision_id) == (0, 0, None)
    assert table_counts(loaded) == before


def test_import_refuses_source_and_reason_a_revision_cannot_hold(
    store: Store, write_csv: WriteCsv
) -> None:
    path = write_csv("m.csv", M_HEADER, M_ROWS)
    with pytest.raises(ValidationError) as info:
        import_csv(store, "a", "memorial", path, source_id="s" * 65)
    assert [p.field for p in info.value.problems] == ["source_id"]
    with pytest.raises(ValidationError) as info:
        import_csv(store, "a", "memorial", path, reason="list\x00of 1957")
    assert [p.field for p in info.value.problems] == ["reason"]


# --- real data ------------------------------------------------------------------------------

OBD_FATES = {
    "убит": "killed_in_action",
    "погиб": "killed_in_action",
    "пропал без вести": "missing",
    "умер от ран": "died_of_wounds",
    "умер от болезни": "died_of_disease",
    "погиб в плену": "died_in_captivity",
}
_OBD_DAY = re.compile(r"(\d\d|__)\.(\d\d|__)\.(\d{4})")


def obd_date(text: str) -> str:
    """An OBD Memorial date as EDTF: `__.__.1910` -> 1910, `Между A и B` -> A/B, `До X` -> ../X."""
    text = " ".join(text.split())
    if found := _OBD_DAY.fullmatch(text):
        day, month, year = found.groups()
        if month == "__":
            return year
        return f"{year}-{month}" if day == "__" else f"{year}-{month}-{day}"
    if found := re.fullmatch(r"(?i)между (\S+) и (\S+)|(\S+)-(\S+)", text):
        start, end = (g for g in found.groups() if g)
        return f"{obd_date(start)}/{obd_date(end)}"
    if found := re.fullmatch(r"(?i)(?:до|не позднее) (\S+)", text):
        return f"../{obd_date(found[1])}"
    if found := re.fullmatch(r"(\S+) \((\S+)\)", text):  # two readings of one date
        return f"[{obd_date(found[1])},{obd_date(found[2])}]"
    return ""  # ages and free text are not dates


def real_file(name: str) -> Path:
    path = REAL_DATA / name
    if not path.is_file():
        pytest.skip(f"real data file {path} is missing (see DESIGN.md, 'Real data')")
    return path


def test_real_obd_memorial_list_loads_with_cyrillic_names_and_partial_dates(
    store: Store, write_csv: WriteCsv
) -> None:
    source = real_file("obd-memorial-rybalko.csv")
    with source.open(encoding="utf-8", newline="") as handle:
        obd = list(csv.DictReader(handle))
    rows = [
        [
            f"obd-{r['ID']}",
            r["Фамилия"],
            r["Имя"],
            r["Отчество"],
            obd_date(r["Дата рождения/Возраст"]),
            obd_date(r["Дата выбытия"]),
            r["Место рождения"],
            r["Воинское звание"],
            r["Последнее место службы"],
            OBD_FATES.get(r["Причина выбытия"].strip(), ""),
        ]
        for r in obd
    ]
    assert not any("\n" in cell for row in rows for cell in row)  # one line per row
    header = ["id", "surname", "given_name", "patronymic", "birth_date", "death_date",
              "birthplace", "rank", "unit", "fate"]  # fmt: skip
    path = write_csv("obd-rybalko-native.csv", header, rows)
    # OBD itself holds an impossible date (31 November): the whole file is refused for it
    impossible = [i for i, row in enumerate(rows) if row[5].endswith("-11-31")]
    assert len(impossible) == 1
    with pytest.raises(ImportRejectedError) as info:
        import_csv(store, "registrar:anna", "person", path)
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (impossible[0] + 2, "death_date")
    assert "has no day 31" in problem.message
    assert sum(table_counts(store).values()) == 0

    report = import_csv(store, "registrar:anna", "person", path, accept_partial=True)
    assert (report.created, report.rejected) == (len(rows) - 1, 1)
    stored = rows_of(store, persons)
    first = stored["obd-6891611"]  # the first row of the OBD file
    assert (first["surname"], first["given_name"], first["patronymic"]) == (
        "Рыбалко",
        "Петр",
        "Иванович",
    )
    assert (first["birth_date"], first["birth_year"]) == ("1910", 1910)
    assert (first["death_date"], first["fate"]) == ("1944-06-21", "killed_in_action")
    assert first["birthplace"] == "Полтавская обл., Миргородский р-н, х. Рыбалко"
    dates = [r["death_date"] for r in stored.values() if r["death_date"]]
    assert any(re.fullmatch(r"\d{4}-\d\d", d) for d in dates)  # month only
    assert any("/" in d for d in dates)  # between two dates
    assert sum(1 for r in stored.values() if r["birth_year"]) > 2000
    again = import_csv(store, "registrar:anna", "person", path, accept_partial=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(rows) - 1)
    assert check(store) == []


def _iwm_rows(source: Path, region: str, repair: bool) -> list[list[str]]:
    """Scottish civic war memorials as native memorial rows (repair: coordinates from MAP)."""
    with source.open(encoding="utf-8-sig", newline="") as handle:
        records = [
            {k.strip(): v for k, v in r.items()} for r in csv.DictReader(handle, delimiter=";")
        ]
    rows = []
    for r in records:
        lat, lon = r["LATITUDE"].strip(), r["LONGITUDE"].strip()
        if repair and (found := re.search(r"query=(-?[\d.]+),(-?[\d.]+)", r["MAP"])):
            lat, lon = found[1], found[2]
        if lat == "NONE":
            lat = lon = ""
        iwm = r["UKNIWM_ID"].strip()
        place = r["COUNTY"].strip().title()
        rows.append([
            f"iwm-{iwm}" if iwm.isdigit() else "",
            "monument" if r["TYPE"].strip() == "CIVIC" else "other",
            f"{place} war memorial",
            "GB",
            region,
            place,
            r["COMMEMORATION"].strip(),
            lat,
            lon,
        ])  # fmt: skip
    return rows


IWM_HEADER = ["id", "kind", "name", "country", "region", "settlement", "commemorates", "lat", "lon"]


def test_real_register_with_locale_corrupted_coordinates_is_refused_row_by_row(
    store: Store, write_csv: WriteCsv
) -> None:
    source = real_file("uk-scotland-aberdeenshire-civic-war-memorials.csv")
    rows = _iwm_rows(source, "GB-ABD", repair=False)
    corrupted = {i + 2 for i, row in enumerate(rows) if row[7].count(",") > 1}
    assert len(corrupted) > 100  # "5,766,019,592": a spreadsheet's locale at work
    path = write_csv("aberdeenshire.csv", IWM_HEADER, rows, delimiter=";", crlf=True, bom=True)
    with pytest.raises(ImportRejectedError) as info:
        import_csv(store, "registrar:anna", "memorial", path)
    bad_lat = {p.line for p in info.value.problems if p.field == "lat"}
    assert bad_lat == corrupted
    assert sum(table_counts(store).values()) == 0


def test_real_register_repaired_loads_and_files_its_duplicate_ids(
    store: Store, write_csv: WriteCsv
) -> None:
    source = real_file("uk-scotland-aberdeenshire-civic-war-memorials.csv")
    rows = _iwm_rows(source, "GB-ABD", repair=True)
    first_line: dict[str, int] = {}
    duplicates = {}
    for i, row in enumerate(rows):
        if row[0] and row[0] in first_line:
            duplicates[i + 2] = first_line[row[0]]
        first_line.setdefault(row[0], i + 2)
    assert duplicates  # the list names some IWM memorials twice
    path = write_csv("aberdeenshire.csv", IWM_HEADER, rows, delimiter=";", crlf=True)
    report = import_csv(store, "registrar:anna", "memorial", path, accept_partial=True)
    assert report.rejected == len(duplicates)
    assert {(p.line, p.message) for p in report.problems} == {
        (line, f"already given on line {first}") for line, first in duplicates.items()
    }
    assert report.created + report.duplicate_rows == len(rows) - len(duplicates)
    stored = rows_of(store, memorials)
    located = [r for r in stored.values() if r["lat"] is not None]
    assert all(56 < r["lat"] < 58 and -4 < r["lon"] < -1 for r in located)
    assert check(store) == []
