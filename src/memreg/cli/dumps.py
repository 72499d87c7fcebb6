"""`memreg dump DIR` and `memreg restore DIR`: a whole register to files and back.

Services load inside the commands, so that `memreg --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from memreg.cli.common import (
    DatabaseOption,
    database_url,
    err,
    friendly_errors,
    open_existing,
    out,
)


@friendly_errors
def dump(
    folder: Annotated[Path, typer.Argument(help="An empty or new folder to write the dump to")],
    with_secrets: Annotated[
        bool, typer.Option("--with-secrets", help="Keep users' password hashes in the dump")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Dump every table and every revision of the register to a folder, with checksums."""
    from memreg.services.dumps import dump_register

    store = open_existing(database)
    try:
        report = dump_register(store, folder, with_secrets=with_secrets)
    finally:
        store.dispose()
    rows = sum(report.tables.values())
    secrets = "with" if with_secrets else "without"
    out.print(f"dumped {rows} rows of {len(report.tables)} tables to {folder} "
              f"({secrets} password hashes)")  # fmt: skip


@friendly_errors
def restore(
    folder: Annotated[Path, typer.Argument(help="A folder written by memreg dump")],
    database: DatabaseOption = None,
) -> None:
    """Restore a dump into an empty register (created if needed), then check it."""
    from memreg.services import register
    from memreg.services.dumps import restore_register, verify_dump

    verify_dump(folder)  # refuse a damaged dump before touching any database
    store, _ = register.init_register(database_url(database))
    try:
        report = restore_register(store, folder)
        problems = register.check(store)
    finally:
        store.dispose()
    for problem in problems:
        err.print(f"problem: {problem}", markup=False)
    if problems:
        raise typer.Exit(1)
    rows = sum(report.tables.values())
    out.print(f"restored {rows} rows of {len(report.tables)} tables; memreg check passes")
