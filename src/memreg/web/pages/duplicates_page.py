"""The duplicates queue for review: open pairs best first, and one pair with both records side
by side, the fields that differ marked and the reasons the pair was found."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from memreg.domain.errors import NotFoundError
from memreg.store.duplicate_queries import open_pair_count, open_pairs, pair_with_records
from memreg.store.paging import decode_cursor, encode_cursor
from memreg.web.deps import ConnDep
from memreg.web.pages import i18n
from memreg.web.pages.common import page_language, render
from memreg.web.pages.history_page import field_label, shown_value
from memreg.web.pages.labels import N_
from memreg.web.pages.memorial_page import shown_name

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
COMPARED = {
    "memorial": ("kind", "name", "names", "country", "region", "settlement", "address", "lat",
                 "lon", "commemorates", "erected", "buried_total", "buried_known",
                 "buried_unknown", "protection_level", "protection_number", "custodian",
                 "status", "osm_id", "wikidata", "external_ids"),
    "person": ("surname", "given_name", "patronymic", "name_variants", "birth_date",
               "death_date", "birthplace", "rank", "unit", "fate"),
}  # fmt: skip
# The reasons ingest/duplicates.py gives, as patterns, with how each reads in the interface.
REASONS = [
    (r"names (?P<percent>\d+)% alike", N_("names {percent}% alike")),
    (r"surnames (?P<percent>\d+)% alike", N_("surnames {percent}% alike")),
    (r"given names (?P<percent>\d+)% alike", N_("given names {percent}% alike")),
    (r"patronymics (?P<percent>\d+)% alike", N_("patronymics {percent}% alike")),
    (r"birthplaces (?P<percent>\d+)% alike", N_("birthplaces {percent}% alike")),
    (r"(?P<distance>[\d,]+) m apart", N_("{distance} m apart")),
    (r"same settlement", N_("same settlement")),
    (r"different places", N_("different places")),
    (r"same address", N_("same address")),
    (r"same kind", N_("same kind")),
    (r"related kinds", N_("related kinds")),
    (r"different kinds", N_("different kinds")),
    (r"different countries", N_("different countries")),
    (r"a birthplace is missing", N_("a birthplace is missing")),
    (r"linked to the same memorial", N_("linked to the same memorial")),
    (r"both born (?P<date>.+)", N_("both born {date}")),
    (r"born (?P<date>\S+) \(one source more precise\)",
     N_("born {date} (one source more precise)")),
    (r"born (?P<first>.+) and (?P<second>.+)", N_("born {first} and {second}")),
    (r"two entries of (?P<registers>.+)", N_("two entries of {registers}")),
    (r"same (?P<identifiers>.+)", N_("the same identifiers: {identifiers}")),
    (r"different (?P<identifiers>.+)", N_("different identifiers: {identifiers}")),
]  # fmt: skip
_PATTERNS = [(re.compile(pattern), message) for pattern, message in REASONS]
PairPath = Annotated[int, Path(ge=1, le=2**31 - 1)]


def reason_text(reason: str, lang: str) -> str:
    """One reason for a pair in the page's language (an unknown one as it is)."""
    for pattern, message in _PATTERNS:
        match = pattern.fullmatch(reason)
        if match:
            return i18n.gettext(lang, message).format(**match.groupdict())
    return reason


def _name(record_type: str, record: dict[str, Any], lang: str) -> str:
    if record_type == "memorial":
        return shown_name(record, lang)
    parts = (record["surname"], record.get("given_name"), record.get("patronymic"))
    return " ".join(p for p in parts if p)


@router.api_route("/duplicates", methods=["GET", "HEAD"], response_class=HTMLResponse)
def duplicates_page(
    request: Request,
    conn: ConnDep,
    record_type: Annotated[Literal["memorial", "person"], Query()] = "memorial",
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    """Open pairs, best score first, PAGE_SIZE a page; the next by the cursor of the last."""
    language = page_language(request)
    after = None
    if cursor:
        _, key = decode_cursor(cursor, {"pair": (float, int)})
        after = (float(key[0]), int(key[1]))
    pairs, more = open_pairs(conn, record_type, after, PAGE_SIZE)
    for pair in pairs:
        pair["reasons"] = [reason_text(r, language) for r in pair["why"]]
    next_url = ""
    if more:
        last = pairs[-1]
        token = encode_cursor("pair", [float(last["score"]), int(last["pk"])])
        next_url = f"/duplicates?record_type={record_type}&cursor={token}"
    return render(
        request,
        "duplicates.html",
        {"record_type": record_type, "pairs": pairs, "next_url": next_url,
         "first_url": f"/duplicates?record_type={record_type}" if cursor else "",
         "total": open_pair_count(conn, record_type)},
        page="duplicates",
    )  # fmt: skip


def pair_context(conn: Any, pair_pk: int, lang: str) -> dict[str, Any]:
    """What the review page of one pair shows: both records, field by field."""
    pair = pair_with_records(conn, pair_pk)
    if pair is None:
        raise NotFoundError("duplicate pair", str(pair_pk))
    record_type = pair["record_type"]
    a, b = pair["a"], pair["b"]
    rows = []
    for field in COMPARED[record_type]:
        shown_a, shown_b = (
            shown_value(field, a.get(field), lang),
            shown_value(field, b.get(field), lang),
        )
        if shown_a or shown_b:
            rows.append({"field": field, "label": field_label(field, lang), "a": shown_a,
                         "b": shown_b, "differs": a.get(field) != b.get(field)})  # fmt: skip
    return {
        "pair": pair, "record_type": record_type, "rows": rows,
        "a_name": _name(record_type, a, lang), "b_name": _name(record_type, b, lang),
        "reasons": [reason_text(r, lang) for r in pair["why"]],
    }  # fmt: skip


@router.api_route("/duplicates/{pair}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def duplicate_pair_page(
    request: Request,
    pair: PairPath,
    conn: ConnDep,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    context = pair_context(conn, pair, page_language(request))
    return render(request, "duplicate_pair.html", context, page="duplicates")
