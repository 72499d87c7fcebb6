"""`memreg card ID -o FILE`: a memorial's record card as PDF.

The PDF stack loads inside the command, so that `memreg --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from memreg.cli.common import DatabaseOption, friendly_errors, load_settings, open_existing, out
from memreg.domain.errors import BadRequestError


@friendly_errors
def card(
    memorial_id: Annotated[str, typer.Argument(help="The memorial's id")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The PDF file to write")],
    database: DatabaseOption = None,
) -> None:
    """Write a memorial's record card (the official military-burial card layout) as PDF."""
    from memreg.services.cards import record_card

    if output.is_dir() or not output.parent.resolve().is_dir():
        raise BadRequestError("--output", f"{output} is not a file in an existing folder")
    store = open_existing(database)
    try:
        pdf = record_card(store, memorial_id, Path(load_settings().media_dir))
    finally:
        store.dispose()
    output.write_bytes(pdf)
    out.print(f"{output}: record card of {memorial_id} ({len(pdf):,} bytes)")
