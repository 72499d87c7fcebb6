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


@user_app.command("role")
@friendly_errors
def change_role(
    username: Annotated[str, typer.Argument(help="The account's sign-in name")],
    role: Annotated[Role, typer.Argument(help="The new role")],
    region: Annotated[
        list[str] | None,
        typer.Option(
            help="Country (BY) or ISO 3166-2 region (BY-MI) a custodian keeps (repeatable)"
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Give an account another role (and a custodian its area); written to the audit log."""
    from memreg.services.users import set_role

    store = open_existing(database)
    try:
        user = set_role(store, actor_name(None), username, role.value, region or [])
    finally:
        store.dispose()
    area = f" for {', '.join(user.regions)}" if user.regions else ""
    out.print(f"user {user.username} is now {user.role.value}{area}")


@user_app.command("list")
@friendly_errors
def list_accounts(database: DatabaseOption = None) -> None:
    """The accounts, with role, area and whether they are active."""
    from rich.table import Table

    from memreg.services.users import list_users

    store = open_existing(database)
    try:
        rows = list_users(store)
    finally:
        store.dispose()
    table = Table("username", "role", "area", "created", "state")
    for row in rows:
        state = "retired" if row["retired_at"] else "active"
        area = ", ".join(row["regions"])  # type: ignore[arg-type]
        table.add_row(str(row["username"]), str(row["role"]), area, str(row["created_at"])[:10],
                      state)  # fmt: skip
    out.print(table)


token_app = typer.Typer(help="API tokens of machine clients.", no_args_is_help=True)
user_app.add_typer(token_app, name="token")


@token_app.command("add")
@friendly_errors
def add_token(
    username: Annotated[str, typer.Argument(help="Whose token it is")],
    name: Annotated[str, typer.Option(help="What the token is for (shown in lists)")],
    scope: Annotated[
        list[str] | None,
        typer.Option(help="An action the token may use (repeatable; default: all the role's)"),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Make a token; it is printed once (keep it: the register keeps only its hash)."""
    from memreg.domain.errors import NotFoundError
    from memreg.services.accounts import create_token
    from memreg.services.users import find_user

    store = open_existing(database)
    try:
        with store.engine.connect() as conn:
            owner = find_user(conn, username)
        if owner is None:
            raise NotFoundError("user", username)
        token, secret = create_token(store, owner, name, scope or [])
    finally:
        store.dispose()
    out.print(f"token {token.id} for {username} ({', '.join(token.scopes)}):")
    print(secret)


@token_app.command("list")
@friendly_errors
def list_user_tokens(
    username: Annotated[str, typer.Argument(help="Whose tokens")],
    database: DatabaseOption = None,
) -> None:
    """A user's tokens (never their secrets)."""
    from memreg.services.accounts import list_tokens

    store = open_existing(database)
    try:
        tokens = list_tokens(store, username)
    finally:
        store.dispose()
    for token in tokens:
        state = f"revoked {token.revoked_at[:10]}" if token.revoked_at else "active"
        out.print(f"{token.id}  {token.name}  {', '.join(token.scopes)}  {state}")


@token_app.command("revoke")
@friendly_errors
def revoke_user_token(
    token_id: Annotated[str, typer.Argument(help="The token's id (from `memreg user token list`)")],
    database: DatabaseOption = None,
) -> None:
    """Revoke a token at once; programs using it get 401 from then on."""
    from memreg.domain.vocabulary import Role as Roles
    from memreg.services.accounts import revoke_token
    from memreg.services.users import User

    store = open_existing(database)
    try:
        token = revoke_token(store, User(actor_name(None), Roles.ADMIN, ()), token_id)
    finally:
        store.dispose()
    out.print(f"token {token.id} revoked")
