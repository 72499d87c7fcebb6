"""`memreg duplicates memorials|persons`: find candidate duplicates and list them best first."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from memreg.cli.common import (
    ActorOption,
    DatabaseOption,
    actor_name,
    friendly_errors,
    open_existing,
    out,
)

duplicates_app = typer.Typer(help="Find candidate duplicates and queue them.", no_args_is_help=True)
_JSON = typer.Option("--json", help='One JSON object a line: {"a", "b", "score", "why"}')
_MIN = typer.Option("--min-score", min=0.0, max=1.0, help="Leave out pairs scoring less")
_LIMIT = typer.Option("--limit", min=1, help="Print at most this many pairs (all are queued)")


def _run(record_type: str, as_json: bool, min_score: float | None, limit: int | None,
         database: str | None, actor: str | None) -> None:  # fmt: skip
    from memreg.services.duplicates import find_duplicates  # heavy: only for this command

    store = open_existing(database)
    try:
        report = find_duplicates(store, actor_name(actor), record_type, min_score=min_score)
    finally:
        store.dispose()
    shown = report.candidates[:limit] if limit else report.candidates
    for candidate in shown:
        a, b = report.ids[candidate.a], report.ids[candidate.b]
        if as_json:
            line = {"a": a, "b": b, "score": candidate.score, "why": list(candidate.why)}
            out.print(
                json.dumps(line, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True
            )
        else:
            out.print(
                f"{candidate.score:.3f}  {a}  {b}  ({'; '.join(candidate.why)})", markup=False
            )
    if not as_json:
        stats = report.stats
        out.print(
            f"{len(report.candidates)} candidate pairs queued from {stats.records} records, "
            f"{stats.comparisons} comparisons in {stats.blocks} blocks ({report.seconds:.1f} s)",
            markup=False,
        )


@duplicates_app.command("memorials")
@friendly_errors
def duplicate_memorials(
    as_json: Annotated[bool, _JSON] = False,
    min_score: Annotated[float | None, _MIN] = None,
    limit: Annotated[int | None, _LIMIT] = None,
    database: DatabaseOption = None,
    actor: ActorOption = None,
) -> None:
    """Memorials that may be one site: near, alike in name, kind and identifiers."""
    _run("memorial", as_json, min_score, limit, database, actor)


@duplicates_app.command("persons")
@friendly_errors
def duplicate_persons(
    as_json: Annotated[bool, _JSON] = False,
    min_score: Annotated[float | None, _MIN] = None,
    limit: Annotated[int | None, _LIMIT] = None,
    database: DatabaseOption = None,
    actor: ActorOption = None,
) -> None:
    """Persons who may be one person: names, birth date and birthplace agree."""
    _run("person", as_json, min_score, limit, database, actor)
