"""Full dumps: every table of the register to a folder, and back into an empty register.

Layout (version 1, documented in docs/exports.md):

    DIR/manifest.json          what the dump holds, with a SHA-256 per file
    DIR/tables/<table>.jsonl   one JSON array a row, values in the manifest's column order

Every table in schema.TABLE_ORDER is dumped, in that order, so a table added to the schema
is dumped and restored with no change here. Columns marked `info={"secret": True}` in the
schema (password hashes) are left empty unless the dump is made `with_secrets`. The
manifest is written last: a dump cut short has none. A restore checks the manifest and
every file (size, SHA-256, row count) before it writes anything, and names the file it
found wrong; then it loads every table in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Table, func, select

from memreg import __version__
from memreg.domain.errors import MemregError
from memreg.services.upkeep import rebuild_untabled_indexes
from memreg.store.engine import Store, head_revision, schema_revision
from memreg.store.schema import TABLE_ORDER
from memreg.store.streams import snapshot, table_rows

FORMAT = "memreg-dump"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 5000
Progress = Callable[[str, int], None]  # table, rows so far


class DumpError(MemregError):
    """A dump that cannot be written or restored; the message names the file."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message, code="bad-dump", status=422)


@dataclass
class DumpReport:
    folder: str
    tables: dict[str, int]
    with_secrets: bool


def secret_columns(table: Table) -> set[str]:
    return {c.name for c in table.columns if c.info.get("secret")}


def dump_register(
    store: Store, folder: Path, *, with_secrets: bool = False, progress: Progress | None = None
) -> DumpReport:
    """Write every table to `folder` (which must be empty or not exist yet)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DumpError(f"{folder} is not an empty folder; dump into a new one")
    (folder / "tables").mkdir(parents=True, exist_ok=True)
    entries = []
    counts: dict[str, int] = {}
    with snapshot(store) as conn:
        for table in TABLE_ORDER:
            columns = [c.name for c in table.columns]
            hidden = set() if with_secrets else secret_columns(table)
            relative = f"tables/{table.name}.jsonl"
            digest, size, rows = hashlib.sha256(), 0, 0
            with (folder / relative).open("wb") as handle:
                for row in table_rows(conn, table, CHUNK):
                    values = [None if c in hidden else row[c] for c in columns]
                    line = json.dumps(values, ensure_ascii=False, allow_nan=False).encode()
                    line += b"\n"
                    handle.write(line)
                    digest.update(line)
                    size += len(line)
                    rows += 1
                    if progress and rows % 50_000 == 0:
                        progress(table.name, rows)
            counts[table.name] = rows
            entries.append({"name": table.name, "file": relative, "columns": columns,
                            "rows": rows, "bytes": size, "sha256": digest.hexdigest(),
                            "secrets_left_out": sorted(hidden)})  # fmt: skip
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "memreg_version": __version__,
        "schema_revision": schema_revision(store),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "source_backend": store.backend.name,
        "with_secrets": with_secrets,
        "tables": entries,
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=1) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")
    return DumpReport(str(folder), counts, with_secrets)


def read_manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not folder.is_dir():
        raise DumpError(f"{folder} is not a folder")
    if not path.is_file():
        raise DumpError(f"{path}: not found; this is not a complete memreg dump")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DumpError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise DumpError(f"{path}: not a memreg dump manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise DumpError(
            f"{path}: dump format version {manifest.get('format_version')!r}; "
            f"this memreg reads version {FORMAT_VERSION}"
        )
    if manifest.get("schema_revision") != head_revision():
        raise DumpError(
            f"{path}: the dump is of schema {manifest.get('schema_revision')!r}, this memreg "
            f"is at {head_revision()}; restore it with the memreg version that made it"
        )
    return manifest


def verify_dump(folder: Path) -> dict[str, Any]:
    """The manifest, once every table file is present, whole and unchanged."""
    manifest = read_manifest(folder)
    entries = {e.get("name"): e for e in manifest.get("tables", []) if isinstance(e, dict)}
    for table in TABLE_ORDER:
        entry = entries.get(table.name)
        if entry is None:
            raise DumpError(f"{folder / MANIFEST}: has no table {table.name}")
        path = folder / str(entry.get("file"))
        if path.resolve().parent != (folder / "tables").resolve():
            raise DumpError(f"{folder / MANIFEST}: file of {table.name} is outside tables/")
        if entry.get("columns") != [c.name for c in table.columns]:
            raise DumpError(f"{path}: its columns are not those of table {table.name}")
        _check_file(path, entry)
    unknown = sorted(str(name) for name in set(entries) - {t.name for t in TABLE_ORDER})
    if unknown:
        raise DumpError(f"{folder / MANIFEST}: names tables this register has not: {unknown}")
    return manifest


def _check_file(path: Path, entry: dict[str, Any]) -> None:
    if not path.is_file():
        raise DumpError(f"{path}: missing")
    digest, size, rows = hashlib.sha256(), 0, 0
    with path.open("rb") as handle:
        for line in handle:
            digest.update(line)
            size += len(line)
            rows += 1
    if size != entry.get("bytes") or rows != entry.get("rows"):
        raise DumpError(
            f"{path}: {size} bytes in {rows} rows, the manifest says {entry.get('bytes')} "
            f"bytes in {entry.get('rows')} rows (cut short or changed)"
        )
    if digest.hexdigest() != entry.get("sha256"):
        raise DumpError(f"{path}: its SHA-256 is not the manifest's (the file was changed)")


def restore_register(store: Store, folder: Path, progress: Progress | None = None) -> DumpReport:
    """Load a verified dump into an empty register, keys and revisions as they were."""
    manifest = verify_dump(folder)
    entries = {e["name"]: e for e in manifest["tables"]}
    counts: dict[str, int] = {}
    with store.engine.connect().execution_options(memreg_write=True) as conn, conn.begin():
        for table in TABLE_ORDER:
            if conn.execute(select(func.count()).select_from(table)).scalar_one():
                raise DumpError(
                    f"the register is not empty ({table.name} has rows); "
                    "restore into a freshly initialised register"
                )
        for table in TABLE_ORDER:
            entry = entries[table.name]
            counts[table.name] = _load_table(store, conn, table, folder / entry["file"], progress)
        rebuild_untabled_indexes(conn)
    return DumpReport(str(folder), counts, bool(manifest.get("with_secrets")))


def _load_table(
    store: Store, conn: Any, table: Table, path: Path, progress: Progress | None
) -> int:
    columns = [c.name for c in table.columns]
    json_positions = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
    done = 0
    batch: list[tuple[Any, ...]] = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                values = json.loads(line)
            except (UnicodeDecodeError, json.JSONDecodeError):
                raise DumpError(f"{path}: line {number} is not valid JSON") from None
            if not isinstance(values, list) or len(values) != len(columns):
                raise DumpError(f"{path}: line {number} does not hold {len(columns)} values")
            for i in json_positions:
                if values[i] is not None:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
            batch.append(tuple(values))
            if len(batch) >= CHUNK:
                store.backend.bulk_insert(conn, table, columns, batch)
                done += len(batch)
                batch = []
                if progress:
                    progress(table.name, done)
    if batch:
        store.backend.bulk_insert(conn, table, columns, batch)
        done += len(batch)
    if done and "pk" in table.c:
        store.backend.after_bulk_insert(conn, table)
    return done
