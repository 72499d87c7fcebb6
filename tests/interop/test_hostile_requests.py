"""Hostile request lines against a real server on both backends: characters outside the
Basic Multilingual Plane, lone surrogates (as UTF-8 and as %uXXXX), NUL, overlong and
invalid UTF-8, in every path and query parameter. Every answer is an answer (never a 5xx,
never a dropped connection), for programs and for browsers alike."""

from __future__ import annotations

import itertools
import socket
from collections.abc import Iterator

import pytest

from memreg.services.editing import create_memorial, create_person
from memreg.store.engine import Store
from tests.e2e.harness import serve

VALUES = [
    "%ED%A0%BD",  # a lone high surrogate, as UTF-8 bytes
    "a%ED%B0%80b",  # a lone low surrogate inside text
    "%F0%9F%98%80",  # outside the BMP
    "\U0001f600".encode().decode("latin-1"),  # the same, unescaped on the wire
    "%00",
    "%C0%AF",  # overlong
    "%FF%FE",
    "%F4%90%80%80",  # beyond U+10FFFF
    "%uD83D",
    "%E2%80%AE",  # right-to-left override
    "..%2F..%2Fetc%2Fpasswd",
]
TARGETS = [
    "/api/memorials/{v}", "/api/memorials/{v}/history", "/api/persons/{v}",
    "/api/persons/{v}/history", "/memorials/{v}", "/{v}", "/static/app/{v}", "/api/{v}",
    "/api/memorials?country={v}", "/api/memorials?region={v}", "/api/memorials?kind={v}",
    "/api/memorials?bbox={v}", "/api/memorials?near={v}", "/api/memorials?limit={v}",
    "/api/memorials?cursor={v}", "/api/memorials?{v}=1", "/api/memorials/M-1?cursor={v}",
    "/api/memorials/M-1?order={v}", "/memorials/M-1?page={v}", "/memorials/M-1?cursor={v}",
    "/?{v}={v}",
]  # fmt: skip


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    create_memorial(store, "t", {"id": "M-1", "kind": "obelisk", "name": "Обелиск",
                                 "country": "BY", "lat": "53.9", "lon": "27.56"})  # fmt: skip
    create_person(store, "t", {"id": "P-1", "surname": "Рыбалко", "memorial_id": "M-1"})
    with serve(store) as url:
        yield url


def _status(url: str, target: str, accept: str) -> str:
    host, port = url.removeprefix("http://").split(":")
    request = (
        f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: {accept}\r\nConnection: close\r\n\r\n"
    ).encode("latin-1")
    with socket.create_connection((host, int(port)), timeout=20) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


def test_no_hostile_request_line_gets_a_server_error(server: str) -> None:
    failures = []
    for template, value in itertools.product(TARGETS, VALUES):
        target = template.format(v=value)
        for accept in ("application/json", "text/html"):
            status = _status(server, target, accept)
            code = status.split(" ")[1] if status.count(" ") >= 1 else ""
            if code not in ("200", "400", "404", "422"):  # never a 5xx, never no answer
                failures.append((target, accept, status))
    assert failures == []
