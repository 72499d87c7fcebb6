"""memreg dump / restore: every table, every revision, identical after a restore on either
backend; damaged dumps refused naming the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from memreg.cli import app
from memreg.services.dumps import DumpError, dump_register, restore_register
from memreg.services.editing import create_memorial
from memreg.services.register import check, init_register
from memreg.store.engine import Store
from memreg.store.schema import TABLE_ORDER, users
from tests.register_builder import build_register


def snapshot_tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, as the register reads it."""
    tables = {}
    with store.engine.connect() as conn:
        for table in TABLE_ORDER:
            keys = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*keys)).all()
            tables[table.name] = [tuple(r) for r in rows]
    return tables


def _fresh_sqlite(tmp_path: Path, name: str = "restored.db") -> Store:
    store, _ = init_register(f"sqlite:///{tmp_path / name}")
    return store


def test_restore_gives_an_identical_register(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    before = snapshot_tables(store)
    assert all(before[t] for t in ("users", "revisions", "memorials", "persons",
                                   "person_memorials", "revision_records"))  # fmt: skip
    dump_register(store, tmp_path / "dump", with_secrets=True)
    target = _fresh_sqlite(tmp_path)
    try:
        restore_register(target, tmp_path / "dump")
        assert snapshot_tables(target) == before
        assert check(target) == []
        # A dump of the restored register is byte for byte the same, manifest aside.
        dump_register(target, tmp_path / "again", with_secrets=True)
        for entry in json.loads((tmp_path / "dump" / "manifest.json").read_text())["tables"]:
            again = (tmp_path / "again" / entry["file"]).read_bytes()
            assert again == (tmp_path / "dump" / entry["file"]).read_bytes(), entry["name"]
        # Keys carry on after the restored ones, and the totals with them.
        create_memorial(target, "test", {"kind": "plaque", "name": "New", "country": "BY"})
        assert check(target) == []
    finally:
        target.dispose()


@pytest.mark.postgres
def test_sqlite_dump_restores_identically_into_postgresql(postgres_store: Store, tmp_path):
    source = _fresh_sqlite(tmp_path, "source.db")
    try:
        build_register(source, tmp_path)
        dump_register(source, tmp_path / "dump", with_secrets=True)
        restore_register(postgres_store, tmp_path / "dump")
        assert snapshot_tables(postgres_store) == snapshot_tables(source)
        assert check(postgres_store) == []
        create_memorial(postgres_store, "test", {"kind": "plaque", "name": "N", "country": "BY"})
    finally:
        source.dispose()


def test_password_hashes_stay_out_unless_asked(store: Store, tmp_path: Path):
    build_register(store, tmp_path)
    dump_register(store, tmp_path / "plain")
    text = (tmp_path / "plain" / "tables" / "users.jsonl").read_text()
    assert "argon2" not in text
    target = _fresh_sqlite(tmp_path)
    try:
        restore_register(target, tmp_path / "plain")
        with target.engine.connect() as conn:
            assert conn.execute(select(users.c.username, users.c.password_hash)).all() == [
                ("registrar1", None)]  # fmt: skip
    finally:
        target.dispose()
    dump_register(store, tmp_path / "secret", with_secrets=True)
    assert "argon2" in (tmp_path / "secret" / "tables" / "users.jsonl").read_text()


def _dump(store: Store, tmp_path: Path) -> Path:
    build_register(store, tmp_path)
    folder = tmp_path / "dump"
    dump_register(store, folder)
    return folder


def test_a_truncated_dump_is_refused_naming_the_file(sqlite_store: Store, tmp_path: Path):
    folder = _dump(sqlite_store, tmp_path)
    path = folder / "tables" / "persons.jsonl"
    path.write_bytes(path.read_bytes()[:-40])
    target = _fresh_sqlite(tmp_path)
    with pytest.raises(DumpError, match="persons.jsonl.*cut short or changed"):
        restore_register(target, folder)
    assert all(not rows for rows in snapshot_tables(target).values())  # nothing written
    target.dispose()


def test_an_edited_dump_is_refused_naming_the_file(sqlite_store: Store, tmp_path: Path):
    folder = _dump(sqlite_store, tmp_path)
    path = folder / "tables" / "memorials.jsonl"
    path.write_bytes(path.read_bytes().replace(b"320", b"321", 1))  # same size
    target = _fresh_sqlite(tmp_path)
    with pytest.raises(DumpError, match="memorials.jsonl: its SHA-256 is not the manifest"):
        restore_register(target, folder)
    target.dispose()


def test_other_damage_is_refused(sqlite_store: Store, tmp_path: Path):
    folder = _dump(sqlite_store, tmp_path)
    manifest = json.loads((folder / "manifest.json").read_text())
    target = _fresh_sqlite(tmp_path)
    try:
        manifest["tables"][0]["file"] = "../outside.jsonl"
        (folder / "manifest.json").write_text(json.dumps(manifest))
        with pytest.raises(DumpError, match="outside tables/"):
            restore_register(target, folder)
        (folder / "manifest.json").unlink()
        with pytest.raises(DumpError, match="manifest.json: not found"):
            restore_register(target, folder)
        with pytest.raises(DumpError, match="not an empty folder"):
            dump_register(sqlite_store, folder)
    finally:
        target.dispose()


def test_restore_refuses_a_register_that_has_records(sqlite_store: Store, tmp_path: Path):
    folder = _dump(sqlite_store, tmp_path)
    with pytest.raises(DumpError, match="not empty"):
        restore_register(sqlite_store, folder)


def test_dump_and_restore_commands(sqlite_store: Store, tmp_path: Path):
    build_register(sqlite_store, tmp_path)
    runner = CliRunner()
    result = runner.invoke(app, ["dump", str(tmp_path / "d"), "-d", sqlite_store.url])
    assert result.exit_code == 0, result.output
    assert "without password hashes" in result.output
    url = f"sqlite:///{tmp_path / 'r.db'}"
    result = runner.invoke(app, ["restore", str(tmp_path / "d"), "-d", url])
    assert result.exit_code == 0 and "memreg check passes" in result.output, result.output
    (tmp_path / "d" / "tables" / "events.jsonl").write_text("[1]\n")
    result = runner.invoke(
        app, ["restore", str(tmp_path / "d"), "-d", f"sqlite:///{tmp_path}/x.db"]
    )
    assert result.exit_code == 1 and "events.jsonl" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.db").exists()
