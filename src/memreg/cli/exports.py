"""`memreg export`: memorials or persons to a file, in any export format, with list filters.

Heavy modules load inside the command, so that `memreg --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from memreg.cli.common import DatabaseOption, friendly_errors, open_existing, out, row_progress
from memreg.domain.errors import BadRequestError

export_app = typer.Typer(
    help="Export records to a file: csv, geojson, gpkg or jsonl.", no_args_is_help=True
)
FORMAT_NAMES = ("csv", "geojson", "gpkg", "jsonl")

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help="csv, geojson, gpkg or jsonl (default: from the file's extension)"
    ),
]
CountryOption = Annotated[str | None, typer.Option("--country", help="ISO 3166-1 code, e.g. BY")]
RegionOption = Annotated[str | None, typer.Option("--region", help="ISO 3166-2 code, e.g. BY-HM")]
KindOption = Annotated[str | None, typer.Option("--kind", help="Kind of memorial, e.g. obelisk")]
BBoxOption = Annotated[
    str | None, typer.Option("--bbox", help="min_lon,min_lat,max_lon,max_lat in WGS84 degrees")
]


def _format(file: Path, given: str | None) -> str:
    name = given or {"json": "geojson", "geojson": "geojson"}.get(
        file.suffix.lower().lstrip("."), file.suffix.lower().lstrip(".")
    )
    if name not in FORMAT_NAMES:
        raise BadRequestError(
            "--format", f"give one of {', '.join(FORMAT_NAMES)} (the file name does not say)"
        )
    return name


def _memorial_filter(
    country: str | None, region: str | None, kind: str | None, bbox: str | None
) -> Any:
    from memreg.store.queries import MemorialFilter
    from memreg.web.api.params import check_country, check_kind, check_region, parse_bbox

    try:
        return MemorialFilter(
            country=check_country(country),
            region=check_region(region),
            kind=check_kind(kind),
            boxes=parse_bbox(bbox) if bbox is not None else (),
        )
    except BadRequestError as exc:
        raise BadRequestError("--" + exc.problems[0].field, exc.problems[0].message) from None


def _run(record_type: str, file: Path, fmt: str, database: str | None, flt: Any) -> None:
    from memreg.services.exports import export_to_file

    if file.is_dir():
        raise BadRequestError("FILE", f"{file} is a folder; give a file name")
    if not file.parent.resolve().is_dir():
        raise BadRequestError("FILE", f"folder {file.parent} does not exist")
    store = open_existing(database)
    try:
        with row_progress(f"exporting {record_type}s", 0) as progress:
            report = export_to_file(store, record_type, fmt, file, flt, progress)
    finally:
        store.dispose()
    rate = report.records / report.seconds if report.seconds else 0
    out.print(
        f"{file}: {report.records} {record_type}s as {fmt} ({report.seconds:.1f} s, "
        f"{rate:,.0f} records/s)"
    )
    for extra in report.extra_files:
        out.print(f"more memorial links (import after the file above): {extra}")


@export_app.command("memorials")
@friendly_errors
def export_memorials(
    file: Annotated[Path, typer.Argument(help="The file to write (replaced if it exists)")],
    format: FormatOption = None,
    country: CountryOption = None,
    region: RegionOption = None,
    kind: KindOption = None,
    bbox: BBoxOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export the live memorials matching the filters."""
    fmt = _format(file, format)
    _run("memorial", file, fmt, database, _memorial_filter(country, region, kind, bbox))


@export_app.command("persons")
@friendly_errors
def export_persons(
    file: Annotated[Path, typer.Argument(help="The file to write (replaced if it exists)")],
    format: FormatOption = None,
    memorial: Annotated[
        str | None, typer.Option("--memorial", help="Only persons linked to this memorial")
    ] = None,
    country: CountryOption = None,
    region: RegionOption = None,
    kind: KindOption = None,
    bbox: BBoxOption = None,
    database: DatabaseOption = None,
) -> None:
    """Export the live persons (with their memorial links), optionally only those linked to
    memorials matching the filters."""
    from memreg.store.streams import PersonFilter

    fmt = _format(file, format)
    flt = PersonFilter(
        memorials=_memorial_filter(country, region, kind, bbox), memorial_id=memorial
    )
    _run("person", file, fmt, database, flt)
