"""`memreg user`: accounts that may sign in and edit."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from memreg.cli.common import DatabaseOption, actor_name, friendly_errors, open_existing, out
from memreg.domain.vocabulary import Role

user_app = typer.Typer(help="Manage the people who may sign in.", no_args_is_help=True)


@user_app.command("add")
@friendly_errors
def add_user(
    username: Annotated[
        str,
        typer.Argument(
            help="Sign-in name: 2 to 63 lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        ),
    ],
    role: Annotated[Role, typer.Option(help="What the account may do")] = Role.CONTRIBUTOR,
    region: Annotated[
        list[str] | None, typer.Option(help="ISO 3166-2 region a custodian keeps (repeatable)")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Create an account; the password is asked for (or read with --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    from memreg.services.users import create_user

    store = open_existing(database)
    try:
        user = create_user(store, actor_name(None), username, password, role.value, region or [])
    finally:
        store.dispose()
    out.print(f"user {user.username} created with role {user.role.value}")
