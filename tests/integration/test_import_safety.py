"""What an import promises whatever the file does: bounded memory, a true digest, no lost rows.

A file may repeat one id a million times, change while it is read, or be asked to file its
rejected rows somewhere that cannot hold them; each case ends with nothing written and a
message naming what was wrong, or with exactly what a clean run gives.
"""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from memreg.domain.errors import ValidationError
from memreg.ingest.native_csv import PERSON_COLUMNS, PERSON_REQUIRED, open_native_csv
from memreg.services import import_rows, imports
from memreg.services.import_rows import validated_chunks
from memreg.services.imports import import_csv
from memreg.store.engine import Store
from memreg.store.schema import TABLE_ORDER, revisions

WriteCsv = Callable[..., Path]
HEADER = ["id", "surname", "given_name", "birth_date"]


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in TABLE_ORDER
        }


def _persons_file(tmp_path: Path, rows: int, name: str = "p.csv") -> Path:
    path = tmp_path / name
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(HEADER) + "\n")
        for n in range(rows):
            handle.write(f"P{n},Фамилия{n % 50},Иван,{1890 + n % 30}\n")
    return path


# --- memory: bounded by the chunk -------------------------------------------------------


@pytest.mark.parametrize("with_id", [True, False], ids=["one-id", "identical-rows-without-id"])
def test_reading_a_file_of_one_repeated_id_keeps_memory_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_id: bool
) -> None:
    """30,000 rows repeating one id: the old reader copied a growing list per row (GBs)."""
    monkeypatch.setattr(import_rows, "CHUNK", 1000)
    path = tmp_path / "same.csv"
    row = "P1,Сидоренко,Иван,1912\n" if with_id else ",Сидоренко,Иван,1912\n"
    path.write_text(",".join(HEADER) + "\n" + row * 30_000, encoding="utf-8")
    csv_file = open_native_csv(path, PERSON_COLUMNS, PERSON_REQUIRED)
    tracemalloc.start()
    try:
        repeats = 0
        for chunk in validated_chunks(csv_file, "person", keep_rows=True):
            repeats += len(chunk.earlier)
            assert set(chunk.earlier.values()) == {2}  # every repeat names the first line
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert repeats == 29_999
    assert peak < 20_000_000, f"peak {peak:,} bytes for 30,000 rows"


def test_import_of_one_repeated_id_refuses_every_repeat_naming_the_first_line(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_rows, "CHUNK", 50)  # repeats across many chunks
    path = tmp_path / "same.csv"
    path.write_text(",".join(HEADER) + "\n" + "P1,Сидоренко,Иван,1912\n" * 400, encoding="utf-8")
    report = import_csv(store, "a", "person", path, accept_partial=True)
    assert (report.created, report.rejected) == (1, 399)
    assert {(p.field, p.message) for p in report.problems} == {("id", "already given on line 2")}


# --- provenance: the digest of what was read --------------------------------------------


def _change_after_first_chunk(path: Path, change: Callable[[Path], None]) -> Callable[[int], None]:
    done = []

    def progress(rows: int) -> None:
        if not done:
            done.append(rows)
            change(path)

    return progress


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _grow(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("P-extra,Лишний,Иван,1920\n" * 1000)


def _overwrite_with_bad_bytes(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xff\xfe\xc3" * 1000)


@pytest.mark.parametrize("change", [_truncate, _grow, _overwrite_with_bad_bytes])
@pytest.mark.parametrize("helper", [False, True], ids=["in-process", "helper-process"])
def test_file_changed_during_import_is_refused_and_nothing_written(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    change: Callable[[Path], None],
    helper: bool,
) -> None:
    monkeypatch.setattr(imports, "HELPER_MIN_ROWS", 0 if helper else 10**9)
    monkeypatch.setattr(import_rows, "FIRST_CHUNK", 10)
    path = _persons_file(tmp_path, 60_000)  # several MB: far more than one read-ahead block
    before = _counts(store)
    with pytest.raises(ValidationError, match="changed while it was being imported"):
        import_csv(store, "a", "person", path, progress=_change_after_first_chunk(path, change))
    assert _counts(store) == before


def test_revision_records_the_digest_of_the_bytes_the_rows_came_from(
    store: Store, tmp_path: Path
) -> None:
    path = _persons_file(tmp_path, 500)
    report = import_csv(store, "a", "person", path)
    with store.engine.connect() as conn:
        recorded = conn.execute(
            select(revisions.c.file_sha256).where(revisions.c.pk == report.revision_id)
        ).scalar_one()
    assert recorded == hashlib.sha256(path.read_bytes()).hexdigest()


# --- the rejected-rows file -------------------------------------------------------------


@pytest.fixture
def mixed_file(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.csv"
    path.write_text(
        ",".join(HEADER) + "\nP1,Рыбалко,Петр,1910\nP2,,Иван,1912\nP3,Кухлий,Степан,1913-13\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (lambda tmp: tmp / "no-such-folder" / "rejected.csv", "folder that does not exist"),
        (lambda tmp: tmp, "is a folder"),
        (lambda tmp: Path("/dev/full"), "not a regular file"),
        (lambda tmp: tmp / "mixed.csv", "is the file being imported"),
    ],
    ids=["missing-folder", "a-folder", "dev-full", "the-input-itself"],
)
def test_unusable_rejected_path_is_refused_before_anything_is_written(
    store: Store,
    tmp_path: Path,
    mixed_file: Path,
    target: Callable[[Path], Path],
    message: str,
) -> None:
    original = mixed_file.read_bytes()
    before = _counts(store)
    with pytest.raises(ValidationError, match=message) as info:
        import_csv(
            store, "a", "person", mixed_file, accept_partial=True, rejected_path=target(tmp_path)
        )
    assert info.value.problems[0].field == "--rejected"
    assert _counts(store) == before
    assert mixed_file.read_bytes() == original


def test_input_reached_through_a_link_is_refused_as_its_own_rejected_file(
    store: Store, tmp_path: Path, mixed_file: Path
) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(mixed_file)
    with pytest.raises(ValidationError, match="is the file being imported"):
        import_csv(store, "a", "person", mixed_file, accept_partial=True, rejected_path=link)


def test_rejected_rows_reach_their_file_whole_and_no_temporary_file_stays(
    store: Store, tmp_path: Path, mixed_file: Path
) -> None:
    target = tmp_path / "out" / "rejected.csv"
    target.parent.mkdir()
    report = import_csv(store, "a", "person", mixed_file, accept_partial=True, rejected_path=target)
    assert (report.created, report.rejected) == (1, 2)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in lines] == ["line", "3", "4"]
    assert sorted(p.name for p in target.parent.iterdir()) == ["rejected.csv"]


def test_failed_import_leaves_no_rejected_file_behind(
    store: Store, tmp_path: Path, mixed_file: Path
) -> None:
    """A row naming an unknown memorial fails an all-or-nothing import: no file, no rows."""
    target = tmp_path / "rejected.csv"
    with pytest.raises(ValidationError):
        import_csv(
            store, "a", "person", tmp_path / "missing.csv", accept_partial=True,
            rejected_path=target,
        )  # fmt: skip
    assert not target.exists()
    assert list(tmp_path.glob(".rejected.csv.*")) == []


# --- what a path is ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda tmp: (os.mkfifo(tmp / "pipe.csv"), tmp / "pipe.csv")[1], "named pipe"),
        (lambda tmp: Path("/dev/zero"), "is a device"),
        (lambda tmp: ((tmp / "loop.csv").symlink_to(tmp / "loop.csv"), tmp / "loop.csv")[1],
         "loop of symbolic links"),
        (lambda tmp: ((tmp / "gone.csv").symlink_to(tmp / "nowhere"), tmp / "gone.csv")[1],
         "symbolic link to something that does not exist"),
        (lambda tmp: tmp / "absent.csv", "does not exist"),
    ],
    ids=["fifo", "device", "symlink-loop", "dangling-link", "missing"],
)  # fmt: skip
def test_an_input_that_is_not_a_file_is_called_what_it_is(
    store: Store, tmp_path: Path, make: Callable[[Path], Path], says: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(ValidationError, match=says) as info:
        import_csv(store, "a", "person", path)
    assert info.value.problems[0].field == "file"
