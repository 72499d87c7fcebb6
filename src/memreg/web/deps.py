"""FastAPI dependencies: the open register and a read connection per request."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Request
from sqlalchemy import Connection

from memreg.settings import Settings
from memreg.store.engine import Store


# Plain look-ups are async: FastAPI runs a sync dependency in a worker thread, and the hop
# costs more than the look-up.
async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def read_connection(store: Annotated[Store, Depends(get_store)]) -> Iterator[Connection]:
    with store.engine.connect() as conn:
        yield conn


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ConnDep = Annotated[Connection, Depends(read_connection)]


def next_link(request: Request, cursor: str | None) -> str | None:
    """This request's path and query with the page's cursor put in (and offset taken out)."""
    if cursor is None:
        return None
    params = [
        (k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "offset")
    ]
    return f"{request.url.path}?{urlencode([*params, ('cursor', cursor)])}"
