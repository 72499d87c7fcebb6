"""`memreg search persons "TEXT"`: the person search of the API, printed as a table."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from memreg.cli.common import DatabaseOption, friendly_errors, open_existing, out

search_app = typer.Typer(help="Find persons in the register.", no_args_is_help=True)


@search_app.command("persons")
@friendly_errors
def persons(
    text: Annotated[str, typer.Argument(help="A name as typed: `Sidorenko Ivan 1912`")],
    limit: Annotated[int, typer.Option("--limit", help="Hits to print (1-100)")] = 10,
    offset: Annotated[int, typer.Option("--offset", help="Hits to skip")] = 0,
    country: Annotated[str | None, typer.Option(help="Country of a memorial")] = None,
    region: Annotated[str | None, typer.Option(help="Region of a memorial (ISO 3166-2)")] = None,
    role: Annotated[str | None, typer.Option(help="buried_at, commemorated_at, ...")] = None,
    fate: Annotated[str | None, typer.Option(help="killed_in_action, missing, ...")] = None,
    born_from: Annotated[int | None, typer.Option(help="Born in or after this year")] = None,
    born_to: Annotated[int | None, typer.Option(help="Born in or before this year")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the API's JSON")] = False,
    database: DatabaseOption = None,
) -> None:
    """Persons best first, each with why it matched."""
    from memreg.services.person_search import check_filters, find_persons

    filters = check_filters(country, region, role, fate, born_from, born_to)
    store = open_existing(database)
    try:
        answer = find_persons(store, text, limit=limit, offset=offset, filters=filters)
    finally:
        store.dispose()
    if as_json:
        out.print(json.dumps(answer, ensure_ascii=False), markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip
        return
    for note in answer["notes"]:
        out.print(note, markup=False)
    if not answer["items"]:
        out.print("no person found", markup=False)
        return
    from rich.table import Table  # rich's tables load only for this command

    table = Table("score", "id", "name", "born", "memorials", "why")
    for hit in answer["items"]:
        name = " ".join(p for p in (hit["surname"], hit["given_name"], hit["patronymic"]) if p)
        places = "; ".join(f"{m['name']} ({m['id']})" for m in hit["memorials"])
        table.add_row(f"{hit['score']:.3f}", hit["id"], name, hit["birth_date"] or "", places,
                      hit["why"]["text"])  # fmt: skip
    out.print(table)
    out.print(f"about {answer['total_estimate']} candidates", markup=False)
