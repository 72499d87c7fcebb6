"""`memreg import memorials|persons FILE`: every format memreg reads, one command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from memreg.cli.common import (
    ActorOption,
    DatabaseOption,
    actor_name,
    friendly_errors,
    open_existing,
    option_text,
    out,
    row_progress,
    source_option,
)
from memreg.domain.errors import FieldProblem, ValidationError

import_app = typer.Typer(help="Bulk-load records from files.", no_args_is_help=True)
FORMAT_NAMES = "auto, csv, xlsx, jsonl, geojson, kml, shp, gpkg, egrokn, osm, wikidata"
MAX_TEXT = 5000

_FORMAT = typer.Option("--format", help=f"The file's format: {FORMAT_NAMES}")
_MAPPING = typer.Option(
    "--mapping", help="A shipped mapping (obd-memorial, pamyat-naroda, ...) or a mapping file"
)
_ENCODING = typer.Option("--encoding", help="A CSV file's encoding when not UTF-8 (e.g. cp1251)")
_DEFAULT = typer.Option(
    "--default", help="FIELD=VALUE for records that give no value (e.g. country=NZ); repeatable"
)
_DRY_RUN = typer.Option("--dry-run", help="Validate and report what would change; write nothing")
_PARTIAL = typer.Option(
    "--accept-partial", help="Load the good records; write the bad ones with reasons to a file"
)
_REJECTED = typer.Option(
    "--rejected",
    help="Where --accept-partial writes rejected records "
    "(default: rejected-<file>.csv beside the input)",
)
_SOURCE = typer.Option("--source", help="Id of the source these records come from")
_REASON = typer.Option("--reason", help="Why this import is made (kept in its revision)")
_JSON = typer.Option("--json", help="Print the report as JSON")


def _defaults(pairs: list[str] | None) -> dict[str, str]:
    out_pairs: dict[str, str] = {}
    for pair in pairs or ():
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ValidationError([FieldProblem("--default", "use FIELD=VALUE", value=pair)])
        out_pairs[name.strip()] = value.strip()
    return out_pairs


def _total(file: Path) -> int | None:
    """Rows to expect, for the progress bar: lines of a text file; unknown otherwise."""
    if not file.is_file() or file.suffix.lower() not in (".csv", ".txt", ".jsonl", ".tsv"):
        return None
    with file.open("rb") as handle:
        return max(
            1, sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b"")) - 1
        )


def run_import(record_type: str, file: Path, options: dict[str, Any]) -> None:
    from memreg.services.import_mapped import import_file  # the readers load only here

    who = actor_name(options["actor"])
    store = open_existing(options["database"])
    try:
        with row_progress(f"importing {file.name}", _total(file)) as progress:
            report = import_file(
                store,
                who,
                record_type,
                file,
                format_name=options["format_name"],
                mapping=options["mapping"],
                encoding=options["encoding"],
                defaults=_defaults(options["defaults"]),
                accept_partial=options["accept_partial"],
                rejected_path=options["rejected"],
                source_id=source_option(options["source"]),
                reason=option_text("--reason", options["reason"], MAX_TEXT),
                dry_run=options["dry_run"],
                progress=progress,
            )
    finally:
        store.dispose()
    if options["as_json"]:
        out.print_json(json.dumps(report.as_dict(), ensure_ascii=False))
        return
    print_report(report, options["dry_run"])


def print_report(report: Any, dry_run: bool = False) -> None:  # noqa: C901
    rate = report.rows_read / report.seconds if report.seconds else 0
    facts, unit = "", "rows"
    if getattr(report, "format_name", ""):
        facts, unit = f" [{report.format_name}, mapping {report.mapping}]", "records"
    out.print(
        f"{report.file_name}{facts}: {report.rows_read} {unit} read, {report.created} created, "
        f"{report.updated} updated, {report.unchanged} unchanged, {report.rejected} rejected"
        + (f", {report.skipped} skipped" if getattr(report, "skipped", 0) else "")
        + (f", {report.links_added} links added" if report.links_added else "")
        + (f", {report.duplicate_rows} duplicate rows skipped" if report.duplicate_rows else "")
        + f" ({report.seconds:.1f} s, {rate:,.0f} {unit}/s)",
        markup=False,
        highlight=False,
    )
    for title, counter in (
        ("changed", getattr(report, "changed_fields", None)),
        ("skipped", getattr(report, "skip_reasons", None)),
        ("note", getattr(report, "notes", None)),
    ):
        for text, count in counter.most_common(10) if counter else ():
            out.print(f"  {title}: {text}" + (f" ({count})" if count > 1 else ""), markup=False)
    if dry_run:
        out.print("dry run: nothing was written", markup=False)
    elif report.revision_id is None:
        out.print("nothing changed: no revision written")
    else:
        out.print(f"revision {report.revision_id}")
    if report.rejected_file:
        out.print(f"rejected {unit} with reasons: {report.rejected_file}", markup=False)


_HELP = (
    "from CSV, XLSX, JSON Lines, GeoJSON, KML, Shapefile, GeoPackage, EGROKN, OpenStreetMap "
    "or Wikidata (the format is told from the file); all-or-nothing unless --accept-partial."
)


@import_app.command("memorials", help="Import memorials " + _HELP)
@friendly_errors
def import_memorials(
    file: Annotated[Path, typer.Argument(help="A file of memorials (docs/import-format.md)")],
    database: DatabaseOption = None,
    format_name: Annotated[str, _FORMAT] = "auto",
    mapping: Annotated[str | None, _MAPPING] = None,
    encoding: Annotated[str | None, _ENCODING] = None,
    defaults: Annotated[list[str] | None, _DEFAULT] = None,
    dry_run: Annotated[bool, _DRY_RUN] = False,
    accept_partial: Annotated[bool, _PARTIAL] = False,
    rejected: Annotated[Path | None, _REJECTED] = None,
    source: Annotated[str | None, _SOURCE] = None,
    reason: Annotated[str | None, _REASON] = None,
    actor: ActorOption = None,
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    run_import("memorial", file, locals())


@import_app.command("persons", help="Import persons (and their memorial links) " + _HELP)
@friendly_errors
def import_persons(
    file: Annotated[Path, typer.Argument(help="A file of persons (docs/import-format.md)")],
    database: DatabaseOption = None,
    format_name: Annotated[str, _FORMAT] = "auto",
    mapping: Annotated[str | None, _MAPPING] = None,
    encoding: Annotated[str | None, _ENCODING] = None,
    defaults: Annotated[list[str] | None, _DEFAULT] = None,
    dry_run: Annotated[bool, _DRY_RUN] = False,
    accept_partial: Annotated[bool, _PARTIAL] = False,
    rejected: Annotated[Path | None, _REJECTED] = None,
    source: Annotated[str | None, _SOURCE] = None,
    reason: Annotated[str | None, _REASON] = None,
    actor: ActorOption = None,
    as_json: Annotated[bool, _JSON] = False,
) -> None:
    run_import("person", file, locals())
