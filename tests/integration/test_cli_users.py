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
