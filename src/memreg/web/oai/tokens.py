"""Resumption tokens: the whole state of a list request, signed, kept by the harvester.

Nothing is stored on the server, so a token survives restarts and works on any app
server behind a proxy. The signature (HMAC-SHA256 with the register's secret key) makes
an edited or invented token a badResumptionToken, not a query.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass

VERSION = 1


@dataclass(frozen=True)
class ListState:
    verb: str
    prefix: str
    set_spec: str | None
    from_: str | None  # as the harvester wrote them, echoed in the request element
    until: str | None
    phase: int  # index into the record types this list walks
    after: tuple[int, int] | None  # (revision_id, pk) of the last record served
    newest: int  # the newest revision when the list started
    cursor: int  # records served before this page


class BadToken(Exception):
    pass


def _sign(secret: str, payload: bytes) -> str:
    return hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()[:32]


def encode(state: ListState, secret: str) -> str:
    data = asdict(state)
    data["v"] = VERSION
    payload = base64.urlsafe_b64encode(
        json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    ).rstrip(b"=")
    return payload.decode() + "." + _sign(secret, payload)


def decode(token: str, secret: str) -> ListState:
    if len(token) > 2000 or token.count(".") != 1:
        raise BadToken("not a token of this repository")
    payload, signature = token.split(".")
    if not hmac.compare_digest(_sign(secret, payload.encode()), signature):
        raise BadToken("not a token of this repository (or it was changed)")
    try:
        data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        if data.pop("v") != VERSION:
            raise BadToken("a token of an older version; start the list again")
        after = data["after"]
        data["after"] = (int(after[0]), int(after[1])) if after is not None else None
        return ListState(**data)
    except (ValueError, KeyError, TypeError) as exc:
        raise BadToken("not a token of this repository") from exc
