"""`memreg inspections overdue|interval|intervals`: the condition dashboard at the console,
and how often memorials are to be inspected."""

from __future__ import annotations

from typing import Annotated

import typer

from memreg.cli.common import (
    ActorOption,
    DatabaseOption,
    actor_name,
    fail,
    friendly_errors,
    open_existing,
    option_text,
)

inspections_app = typer.Typer(
    help="Condition monitoring: overdue and damaged memorials, inspection intervals.",
    no_args_is_help=True,
)


def _print(line: str) -> None:
    typer.echo(line)  # tab-separated as it is (a rich console would expand the tabs)


@inspections_app.command("overdue")
@friendly_errors
def overdue(
    region: Annotated[
        str | None,
        typer.Option("--region", help="ISO 3166-2 code (or `none`): list its memorials"),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000, help="At most")] = 100,
    database: DatabaseOption = None,
) -> None:
    """Per region, memorials overdue, never inspected, critical and damaged; with --region,
    that region's memorials by priority (damaged first, then critical, then overdue)."""
    from datetime import UTC, datetime

    from memreg.domain.inspections import NO_REGION, dashboard_region, priority_name
    from memreg.domain.places import region_codes
    from memreg.store.inspection_queries import region_counts, region_queue

    today = datetime.now(UTC).date()
    code = None
    if region is not None:
        code = dashboard_region(option_text("--region", region, 20) or "", region_codes())
        if code is None:
            raise fail(f"--region: not an ISO 3166-2 code (or `none`): {region!r}")
    store = open_existing(database)
    try:
        with store.engine.connect() as conn:
            if code is None:
                _print("region\tmemorials\toverdue\tnever_inspected\tcritical\tdamaged\topen_tasks")
                for c in region_counts(conn, today):
                    _print(
                        f"{c['region'] or NO_REGION}\t{c['memorials']}\t{c['overdue']}\t"
                        f"{c['never_inspected']}\t{c['critical']}\t{c['damaged']}\t"
                        f"{c['open_tasks']}"
                    )
                return
            rows, following = region_queue(conn, code, today, limit)
    finally:
        store.dispose()
    _print("priority\tmemorial\tdue_on\tlast_inspected\tgrade\tstatus\topen_tasks\tname")
    for r in rows:
        why = priority_name(r["attention"], r["last_inspected"])
        _print(
            f"{why}\t{r['id']}\t{r['due_on'] or '-'}\t{r['last_inspected'] or '-'}\t"
            f"{r['grade'] or '-'}\t{r['status']}\t{r['open_tasks']}\t{r['name']}"
        )
    if following:
        _print(f"... more than {limit}; raise --limit or page /api/inspections/dashboard/{region}")


@inspections_app.command("interval")
@friendly_errors
def interval(
    years: Annotated[int, typer.Option("--years", help="Inspect every this many years")],
    kind: Annotated[str | None, typer.Option("--kind", help="Only memorials of this kind")] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Only memorials of this ISO 3166-2 region")
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Kept in the revision")] = None,
    database: DatabaseOption = None,
    actor: ActorOption = None,
) -> None:
    """Set how often memorials are inspected (default every 3 years); the most specific
    rule wins: kind and region, then region, then kind, then the register's default."""
    from memreg.services.inspections import operator, set_interval

    store = open_existing(database)
    try:
        result = set_interval(
            store, operator(actor_name(actor)), years, kind=option_text("--kind", kind, 40),
            region=option_text("--region", region, 20), reason=reason,
        )  # fmt: skip
    finally:
        store.dispose()
    scope = (
        " ".join(part for part in (result["kind"] or "", result["region"] or "") if part)
        or "every memorial without a more specific rule"
    )
    _print(
        f"{scope}: every {result['years']} years; due dates of {result['memorials']} "
        "memorial(s) computed again"
    )


@inspections_app.command("intervals")
@friendly_errors
def intervals(database: DatabaseOption = None) -> None:
    """The inspection intervals set in the register ('*': any)."""
    from memreg.store.inspection_queries import list_intervals

    store = open_existing(database)
    try:
        with store.engine.connect() as conn:
            rows = list_intervals(conn)
    finally:
        store.dispose()
    if not rows:
        raise fail("no interval is set: every memorial is due 3 years after its inspection")
    _print("kind\tregion\tyears")
    for row in rows:
        _print(f"{row['kind'] or '*'}\t{row['region'] or '*'}\t{row['years']}")
