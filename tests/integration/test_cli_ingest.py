"""`memreg import` and `memreg duplicates` as a registrar types them: formats, options, errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from memreg.cli import app
from memreg.store.engine import Store
from tests.conftest import REAL_DATA


def memreg(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_a_file_of_another_format_is_named_with_the_formats_read(
    store: Store, tmp_path: Path
) -> None:
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    result = memreg("import", "persons", str(pdf), "-d", store.url)
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("error: list.pdf is a PDF document") and "It reads: csv" in line
    assert len(line.splitlines()) == 1


def test_dry_run_reports_and_writes_nothing(store: Store) -> None:
    path = REAL_DATA / "pamyat-naroda-kukhliy-sample.csv"
    dry = memreg("import", "persons", str(path), "-d", store.url, "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "20 created" in dry.stdout and "dry run: nothing was written" in dry.stdout
    stats = json.loads(memreg("stats", "--json", "-d", store.url).stdout)
    assert stats["persons"] == 0


def test_json_report_and_shipped_mapping_by_name(store: Store) -> None:
    path = REAL_DATA / "obd-memorial-atanov-kibenko-kirilikhin.jsonl"
    result = memreg(
        "import", "persons", str(path), "-d", store.url, "--mapping", "obd-memorial", "--json"
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["created"], report["format_name"]) == (857, "jsonl")
    assert report["mapping"].startswith("obd-memorial (given with --mapping)")


def test_default_option_is_checked(store: Store) -> None:
    path = REAL_DATA / "nz-memorials-register.kml"
    result = memreg("import", "memorials", str(path), "-d", store.url, "--default", "country")
    assert result.exit_code == 1 and "--default: use FIELD=VALUE" in result.stderr


def test_wrong_format_given_is_refused_by_the_reader(store: Store, tmp_path: Path) -> None:
    path = REAL_DATA / "pamyat-naroda-kukhliy-sample.csv"
    result = memreg("import", "memorials", str(path), "-d", store.url, "--format", "kml")
    assert result.exit_code == 1 and "cannot be read as KML" in result.stderr
    result = memreg("import", "memorials", str(path), "-d", store.url, "--format", "docx")
    assert result.exit_code == 1 and "--format: must be auto or one of csv" in result.stderr
