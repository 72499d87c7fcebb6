"""GET /api/persons/search: persons found from a name typed in any script or spelling."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from memreg.domain.names.query import MAX_QUERY_CHARS
from memreg.domain.vocabulary import Fate, LinkRole
from memreg.search.engine import MAX_LIMIT, MAX_WINDOW
from memreg.services.person_search import FIRST_YEAR, LAST_YEAR, check_filters, find_persons
from memreg.web.api.models import problem_responses
from memreg.web.api.params import check_country, check_region
from memreg.web.api.routes import Country, Region
from memreg.web.deps import StoreDep

router = APIRouter(prefix="/api")

MAX_OFFSET = MAX_WINDOW - MAX_LIMIT
# Something that is not a space, and no NUL: a query of spaces alone asks for nothing.
QUERY_PATTERN = r"^[^\x00]*[^\s\x00][^\x00]*$"
Year = Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR)]
Text = Annotated[
    str,
    Query(description="A name as typed, in any script or transliteration, in any order, with "
          "or without patronymic, initials and birth year: `Sidorenko Ivan 1912`, "
          "`Сидоренко И.П.`, `Hüseynov Əli Məmməd oğlu`",
          min_length=1, max_length=MAX_QUERY_CHARS, pattern=QUERY_PATTERN),
]  # fmt: skip
Role = Annotated[
    str | None,
    Query(description="How the person is linked to the memorial",
          json_schema_extra={"enum": [r.value for r in LinkRole]}),
]  # fmt: skip
FateParam = Annotated[
    str | None,
    Query(description="The person's fate", json_schema_extra={"enum": [f.value for f in Fate]}),
]


@router.get("/persons/search", tags=["persons"], responses=problem_responses(400))
def person_search(
    store: StoreDep,
    q: Text,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Hits per page")] = 10,
    offset: Annotated[
        int, Query(ge=0, le=MAX_OFFSET, description="Hits to skip (the best 1,000 can be paged)")
    ] = 0,
    country: Country = None,
    region: Region = None,
    role: Role = None,
    fate: FateParam = None,
    born_from: Year = None,
    born_to: Year = None,
) -> dict[str, Any]:
    """Persons best first. Each hit says why it matched: `why.text` in words, `why.matches`
    per query word (which field, how: exact, transliteration, phonetic, gender form, typo,
    equivalent name, initial). `total_estimate` counts the candidates the index gave."""
    filters = check_filters(
        check_country(country), check_region(region), role, fate, born_from, born_to
    )
    return find_persons(store, q, limit=limit, offset=offset, filters=filters)
