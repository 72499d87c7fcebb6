"""Unknown query parameters on the API are refused, naming them.

A researcher who writes `?q=Минск` or `?format=csv` on a list that has no such parameter
must not get the unfiltered list and believe the filter worked: the answer is 400 naming
the parameter and the ones the endpoint takes (as OGC API - Features asks of servers).
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from memreg.domain.errors import BadRequestError

_ALLOWED: dict[int, frozenset[str]] = {}


def _query_names(dependant: Dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


async def refuse_unknown_parameters(request: Request) -> None:
    """An app-wide dependency: applies to routes under /api only (pages ignore extras)."""
    if not request.url.path.startswith("/api/"):
        return
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    allowed = _ALLOWED.get(id(route))
    if allowed is None:
        allowed = _ALLOWED[id(route)] = frozenset(_query_names(route.dependant))
    for name in request.query_params:
        if name not in allowed:
            takes = ", ".join(sorted(allowed)) if allowed else "no query parameters"
            raise BadRequestError(
                name[:80], f"is not a parameter of {request.url.path}; it takes {takes}"
            )
