"""/search: one box for persons, memorials and places, in any script; results grouped by
what they are."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import bindparam, select

from memreg.domain.folding import fold
from memreg.search.engine import search_persons
from memreg.store.memorial_words import query_words, search_memorials
from memreg.store.place_queries import search_places
from memreg.store.schema import memorials
from memreg.web.deps import ConnDep, StoreDep
from memreg.web.pages import labels
from memreg.web.pages.common import page_language, render
from memreg.web.pages.memorial_page import shown_name

router = APIRouter(include_in_schema=False)
SHOWN = 50
PERSONS_SHOWN = 20
CANDIDATES = 500  # memorials read to apply the filters to


def _memorials(
    conn: Any, query: str, kind: str | None, country: str | None, lang: str
) -> tuple[list[dict[str, Any]], bool]:
    """Memorials whose names hold every word of the query, filtered; and whether there
    were more than are shown."""
    filtered = bool(kind or country)
    pks = search_memorials(conn, query, CANDIDATES if filtered else SHOWN + 1)
    if not pks:
        return [], False
    rows = conn.execute(
        select(memorials).where(memorials.c.pk.in_(bindparam("pks", expanding=True))),
        {"pks": pks},
    ).mappings()
    found = [
        dict(r)
        for r in rows
        if (not kind or r["kind"] == kind) and (not country or r["country"] == country)
    ]
    words = query_words(query)
    for row in found:
        row["shown_name"] = shown_name(row, lang)
        row["why"] = _why(row, words)
    found.sort(key=lambda r: (r["shown_name"].casefold(), r["id"]))
    return found[:SHOWN], len(found) > SHOWN or (filtered and len(pks) == CANDIDATES)


def _why(row: dict[str, Any], words: list[str]) -> list[str]:
    """Which of the memorial's names (or its settlement) hold the words of the query."""
    named = [row["name"], *(row.get("names") or {}).values()]
    reasons = []
    for value in dict.fromkeys([*named, row.get("settlement") or ""]):
        folded = fold(value).split() if value else []
        if value and all(any(f.startswith(w) for f in folded) for w in words):
            reasons.append(value)
    return reasons[:3]


@router.api_route("/search", methods=["GET", "HEAD"], response_class=HTMLResponse)
def search_page(
    request: Request,
    conn: ConnDep,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    kind: Annotated[str | None, Query(max_length=40)] = None,
    country: Annotated[str | None, Query(max_length=2)] = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    language = page_language(request)
    query = q.replace("\x00", "").strip()
    kind = kind if kind in labels.KINDS else None
    country = (country or "").upper() or None
    places: list[dict[str, Any]] = []
    found: list[dict[str, Any]] = []
    more = False
    persons: list[dict[str, Any]] = []
    if query:
        persons = search_persons(conn, query, limit=PERSONS_SHOWN + 1).items
        places = search_places(conn, store.backend, query, 10)
        found, more = _memorials(conn, query, kind, country, language)
    kinds = [(k, labels.FILTERS["kind"](k, language)) for k in labels.KINDS]
    return render(
        request,
        "search.html",
        {"q": query, "kind": kind, "country": country, "places": places, "memorials": found,
         "more": more, "kinds": kinds, "searched": bool(query),
         "folded": " ".join(query_words(query)), "persons": persons[:PERSONS_SHOWN],
         "persons_more": len(persons) > PERSONS_SHOWN},
        page="search",
    )  # fmt: skip
