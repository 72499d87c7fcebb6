"""The HTTP face against clients that misbehave: huge bodies, guessed passwords, stray
parameters, frames and sniffing. Requests go over a real socket to a real uvicorn where the
order of events matters (an answer before the body is sent), in process elsewhere."""

from __future__ import annotations

import base64
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from memreg.services.editing import create_memorial
from memreg.services.users import create_user
from memreg.settings import Settings
from memreg.store.engine import Store
from memreg.store.schema import memorials
from memreg.web.app import create_app
from tests.e2e.harness import serve

REGISTRAR = ("registrar.minsk", "correct horse battery")
BODY = b'{"kind": "obelisk", "name": "Obelisk", "country": "BY"}'


@pytest.fixture
def register(store: Store) -> Store:
    create_user(store, "test", *REGISTRAR, role="registrar")
    create_memorial(store, "test", {"id": "M-1", "kind": "obelisk", "name": "Обелиск",
                                    "country": "BY"})  # fmt: skip
    return store


@pytest.fixture
def server(register: Store) -> Iterator[str]:
    with serve(register) as url:
        yield url


def _raw(url: str, request: bytes, *, wait: float = 20.0) -> bytes:
    """Send bytes, read the answer until the server closes or stops talking."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as connection:
        connection.sendall(request)
        answer = b""
        try:
            while chunk := connection.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer and answer.count(b"}") and answer.rstrip().endswith(b"}"):
                    break
        except TimeoutError:
            pass
    return answer


def _basic(name: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()


def _post(client: TestClient, name: str, password: str) -> Any:
    headers = {"content-type": "application/json", "authorization": _basic(name, password)}
    return client.post("/api/memorials", content=BODY, headers=headers)


def _client(store: Store, **settings: Any) -> TestClient:
    options = Settings(
        **{"database_url": store.url, "tile_url": "", "rate_limit_per_minute": 0, **settings}
    )
    return TestClient(create_app(options, store=store), raise_server_exceptions=False)


def _memorial_count(store: Store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(memorials)).scalar_one()


# --- bodies ------------------------------------------------------------------------------


def test_a_declared_oversized_body_is_refused_before_it_is_sent(server: str) -> None:
    head = (
        "POST /api/memorials HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Authorization: {_basic(*REGISTRAR)}\r\nContent-Length: 104857600\r\n\r\n"
    )
    answer = _raw(server, head.encode())  # not one byte of the 100 MB follows
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"application/problem+json" in answer and b"payload-too-large" in answer


def test_a_streamed_body_is_cut_off_once_it_passes_the_limit(register: Store) -> None:
    client = _client(register, max_body_bytes=4096)

    def chunks() -> Iterator[bytes]:
        yield b'{"kind": "obelisk", "name": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'", "country": "BY"}'

    answer = client.post(
        "/api/memorials",
        content=chunks(),
        headers={"content-type": "application/json", "authorization": _basic(*REGISTRAR)},
    )
    assert answer.status_code == 413
    assert answer.json()["type"].endswith("payload-too-large")
    assert _memorial_count(register) == 1


def test_credentials_are_checked_before_the_body_is_read(server: str) -> None:
    head = (
        "POST /api/memorials HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 50000\r\n\r\n"
    )
    answer = _raw(server, head.encode())  # no credentials, and the body never comes
    assert answer.startswith(b"HTTP/1.1 401")
    assert b'www-authenticate: Basic realm="memreg"' in answer.lower().replace(b"basic", b"Basic")


# --- sign-in ----------------------------------------------------------------------------


def test_failed_sign_ins_are_throttled_per_account_even_for_the_right_password(
    register: Store,
) -> None:
    client = _client(register, signin_failures_per_account=5)
    for _ in range(5):
        wrong = _post(client, REGISTRAR[0], "guess")
        assert wrong.status_code == 401
    right = _post(client, *REGISTRAR)
    assert right.status_code == 429
    assert int(right.headers["retry-after"]) > 0
    assert right.json()["type"].endswith("too-many-sign-in-failures")
    assert _memorial_count(register) == 1


def test_failed_sign_ins_are_throttled_per_address_across_accounts(register: Store) -> None:
    client = _client(register, signin_failures_per_address=4)
    for n in range(4):
        guess = _post(client, f"user{n}", "a-password")
        assert guess.status_code == 401
    blocked = _post(client, *REGISTRAR)
    assert blocked.status_code == 429


def test_a_right_password_clears_the_accounts_failures(register: Store) -> None:
    client = _client(register, signin_failures_per_account=3)
    for _ in range(2):
        _post(client, REGISTRAR[0], "guess")
    assert _post(client, *REGISTRAR).status_code == 201
    for _ in range(2):
        assert (
            _post(client, REGISTRAR[0], "guess").status_code == 401
        )  # a fresh count: two more are allowed


@pytest.mark.parametrize(
    "header",
    ["Basic %%%%", "Basic " + base64.b64encode(b"\xff\xfe:pw").decode(), "Basic bm9jb2xvbg==",
     "Bearer abc", "Basic"],
    ids=["not-base64", "not-utf8", "no-colon", "other-scheme", "empty"],
)  # fmt: skip
def test_a_malformed_authorization_is_unauthorized_with_a_challenge(
    register: Store, header: str
) -> None:
    answer = _client(register).post(
        "/api/memorials", content=BODY,
        headers={"content-type": "application/json", "authorization": header},
    )  # fmt: skip
    assert answer.status_code == 401
    assert answer.json()["type"].endswith("/unauthorized")
    assert answer.headers["www-authenticate"].startswith('Basic realm="memreg"')


# --- headers and parameters --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/memorials/M-1", "/api/memorials", "/api/nothing-here"])
def test_every_answer_carries_the_security_headers(register: Store, path: str) -> None:
    answer = _client(register).get(path, headers={"accept": "text/html"})
    policy = answer.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["x-frame-options"] == "DENY"
    assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_policy_admits_the_configured_tile_server(register: Store) -> None:
    client = _client(register, tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    assert (
        "img-src 'self' data: https://*.tiles.example.org"
        in (client.get("/").headers["content-security-policy"])
    )


@pytest.mark.parametrize(
    ("path", "parameter"),
    [("/api/memorials?q=Минск", "q"), ("/api/memorials?name=x", "name"),
     ("/api/memorials?format=csv", "format"), ("/api/memorials/M-1?page=2", "page"),
     ("/api/stats?country=BY", "country"), ("/api/health?verbose=1", "verbose")],
)  # fmt: skip
def test_unknown_query_parameters_are_refused_naming_them(
    register: Store, path: str, parameter: str
) -> None:
    answer = _client(register).get(path)
    assert answer.status_code == 400
    problem = answer.json()
    assert problem["errors"][0]["field"] == parameter
    assert "is not a parameter of" in problem["detail"]


def test_pages_ignore_parameters_they_do_not_know(register: Store) -> None:
    assert _client(register).get("/?utm_source=newsletter").status_code == 200
