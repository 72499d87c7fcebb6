"""Person search as the API and the CLI offer it: parameters checked, one read, one answer."""

from __future__ import annotations

from typing import Any

from memreg.domain.errors import BadRequestError
from memreg.domain.names.query import MAX_QUERY_CHARS
from memreg.domain.places import country_codes, region_codes
from memreg.domain.text import text_fault
from memreg.domain.vocabulary import Fate, LinkRole
from memreg.search.engine import MAX_LIMIT, MAX_WINDOW, PersonFilters, search_persons
from memreg.store.engine import Store

FIRST_YEAR, LAST_YEAR = 1800, 2030


def _year(parameter: str, value: int | None) -> int | None:
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise BadRequestError(parameter, f"must be a year from {FIRST_YEAR} to {LAST_YEAR}")
    return value


def check_filters(
    country: str | None = None,
    region: str | None = None,
    role: str | None = None,
    fate: str | None = None,
    born_from: int | None = None,
    born_to: int | None = None,
) -> PersonFilters:
    """The filters, each checked, with an error that names the parameter."""
    if country is not None:
        country = country.upper()
        if country not in country_codes():
            raise BadRequestError(
                "country", "must be an ISO 3166-1 alpha-2 code the register knows"
            )
    if region is not None:
        region = region.upper()
        if region not in region_codes():
            raise BadRequestError("region", "must be an ISO 3166-2 code the register knows")
    if role is not None and role not in {r.value for r in LinkRole}:
        raise BadRequestError("role", "must be one of " + ", ".join(r.value for r in LinkRole))
    if fate is not None and fate not in {f.value for f in Fate}:
        raise BadRequestError("fate", "must be one of " + ", ".join(f.value for f in Fate))
    born_from, born_to = _year("born_from", born_from), _year("born_to", born_to)
    return PersonFilters(country, region, role, fate, born_from, born_to)


def check_query(q: str | None) -> str:
    if q is None or not q.strip():
        raise BadRequestError("q", "is required: a name to look for, e.g. Sidorenko Ivan 1912")
    fault = text_fault(q)
    if fault:
        raise BadRequestError("q", fault)
    if len(q) > MAX_QUERY_CHARS:
        raise BadRequestError("q", f"must be at most {MAX_QUERY_CHARS} characters")
    return q


def check_window(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise BadRequestError("limit", f"must be between 1 and {MAX_LIMIT}")
    if not 0 <= offset <= MAX_WINDOW - MAX_LIMIT:
        raise BadRequestError("offset", f"must be between 0 and {MAX_WINDOW - MAX_LIMIT}")


def find_persons(
    store: Store,
    q: str | None,
    *,
    limit: int = 10,
    offset: int = 0,
    filters: PersonFilters | None = None,
) -> dict[str, Any]:
    """Persons for a name typed any way: {"items": [...], "total_estimate": n, "notes": [...]}"""
    text = check_query(q)
    check_window(limit, offset)
    with store.engine.connect() as conn:
        answer = search_persons(conn, text, limit=limit, offset=offset, filters=filters)
    return {
        "items": answer.items,
        "total_estimate": answer.total_estimate,
        "notes": answer.notes,
        "query": {
            "words": list(answer.query.words),
            "initials": list(answer.query.initials),
            "year": answer.query.year,
        },
    }
