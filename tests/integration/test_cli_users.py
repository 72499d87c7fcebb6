"""`memreg user add`: an account that can then edit through the API."""

from __future__ import annotations

from typer.testing import CliRunner

from memreg.cli import app
from memreg.services.users import verify_password as authenticate
from memreg.store.engine import Store

runner = CliRunner()


def test_user_add_creates_an_account_that_signs_in(sqlite_store: Store):
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "registrar.brest",
            "--role",
            "registrar",
            "--password-stdin",
            "-d",
            sqlite_store.url,
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = authenticate(sqlite_store, "registrar.brest", "a long enough password")
    assert user is not None and user.role.value == "registrar"
    assert authenticate(sqlite_store, "registrar.brest", "wrong password!") is None


def test_user_add_refuses_a_short_password_and_a_taken_name(sqlite_store: Store):
    short = runner.invoke(
        app, ["user", "add", "someone", "--password-stdin", "-d", sqlite_store.url], input="short\n"
    )
    assert short.exit_code == 1
    assert "password" in short.output and "Traceback" not in short.output
    runner.invoke(
        app,
        ["user", "add", "someone", "--password-stdin", "-d", sqlite_store.url],
        input="a long enough password\n",
    )
    again = runner.invoke(
        app,
        ["user", "add", "someone", "--password-stdin", "-d", sqlite_store.url],
        input="a long enough password\n",
    )
    assert again.exit_code == 1 and "already exists" in again.output


def test_user_role_list_and_tokens(sqlite_store: Store):
    from memreg.services.accounts import token_user
    from memreg.services.users import create_user
    from memreg.store import audit

    url = sqlite_store.url
    create_user(sqlite_store, "test", "keeper", "a long enough password", "contributor")
    no_area = runner.invoke(app, ["user", "role", "keeper", "custodian", "-d", url])
    assert no_area.exit_code == 1 and "regions" in no_area.output
    made = runner.invoke(app, ["user", "role", "keeper", "custodian", "--region", "BY-MI",
                               "--region", "BY-HM", "-d", url])  # fmt: skip
    assert made.exit_code == 0, made.output
    listed = runner.invoke(app, ["user", "list", "-d", url])
    assert "keeper" in listed.output and "custodian" in listed.output and "BY-MI" in listed.output
    with sqlite_store.engine.connect() as conn:
        changes = audit.entries(conn, limit=5, action="role-change")
    assert changes[0]["detail"]["after"] == {"role": "custodian", "regions": ["BY-MI", "BY-HM"]}

    token = runner.invoke(app, ["user", "token", "add", "keeper", "--name", "field app",
                                "--scope", "inspect", "-d", url])  # fmt: skip
    assert token.exit_code == 0, token.output
    secret = token.output.strip().splitlines()[-1]
    user = token_user(sqlite_store, secret, "127.0.0.1")
    assert user is not None and user.username == "keeper"
    assert {a.value for a in user.grant.actions} == {"inspect"}
    beyond = runner.invoke(app, ["user", "token", "add", "keeper", "--name", "x", "--scope",
                                 "manage-users", "-d", url])  # fmt: skip
    assert beyond.exit_code == 1 and "cannot grant" in beyond.output
    token_id = token.output.split()[1]
    listed = runner.invoke(app, ["user", "token", "list", "keeper", "-d", url])
    assert token_id in listed.output and secret not in listed.output
    revoked = runner.invoke(app, ["user", "token", "revoke", token_id, "-d", url])
    assert revoked.exit_code == 0, revoked.output
    assert token_user(sqlite_store, secret, "127.0.0.1") is None
