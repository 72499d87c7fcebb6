"""A person's page: the name as written and its variants, dates, rank, unit, fate; where the
person lies or is commemorated, with a map; sources; records that may be the same person."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from sqlalchemy import select

from memreg.domain.errors import NotFoundError
from memreg.store.history import record_history
from memreg.store.page_queries import person_links, same_person_candidates
from memreg.store.schema import persons, revisions, sources
from memreg.web.api.params import check_record_id
from memreg.web.deps import ConnDep, SettingsDep
from memreg.web.linked_data import linked_data_response
from memreg.web.pages.common import page_language, render
from memreg.web.pages.memorial_page import shown_name

router = APIRouter(include_in_schema=False)


def _person_sources(conn: Any, person: dict[str, Any], links: list[dict[str, Any]]) -> list[str]:
    titles = [link["source_title"] for link in links if link.get("source_title")]
    named = conn.execute(
        select(sources.c.title)
        .select_from(revisions.join(sources, sources.c.id == revisions.c.source_id))
        .where(revisions.c.pk.in_([person["created_revision_id"], person["revision_id"]]))
    ).scalars()
    return sorted(set(titles) | set(named))


def person_json_ld(person: dict[str, Any], url: str) -> dict[str, Any]:
    name = " ".join(p for p in (person["given_name"], person["patronymic"], person["surname"]) if p)
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person", "@id": url,
                            "url": url, "name": name, "familyName": person["surname"],
                            "identifier": person["id"]}  # fmt: skip
    if person["given_name"]:
        data["givenName"] = person["given_name"]
    if person["birth_date"]:
        data["birthDate"] = person["birth_date"]
    if person["death_date"]:
        data["deathDate"] = person["death_date"]
    return data


@router.api_route("/persons/{person_id}", methods=["GET", "HEAD"], response_class=HTMLResponse)
def person_page(
    request: Request,
    person_id: str,
    conn: ConnDep,
    settings: SettingsDep,
    lang: Annotated[str | None, Query(max_length=3)] = None,
) -> Any:
    if (linked := linked_data_response(request, conn, "person", person_id)) is not None:
        return linked  # a client asking for JSON-LD gets the record's Linked Art
    row = conn.execute(
        select(persons).where(persons.c.id == check_record_id("person", person_id))
    ).mappings().first()  # fmt: skip
    if row is None:
        raise NotFoundError("person", person_id)
    person = dict(row)
    language = page_language(request)
    links = person_links(conn, person["pk"])
    for link in links:
        link["shown_name"] = shown_name(link, language)
    points = [[link["lat"], link["lon"], link["shown_name"]] for link in links
              if link["lat"] is not None and link["retired_at"] is None]  # fmt: skip
    url = str(request.url_for("person_page", person_id=person["id"]))
    return render(
        request,
        "person.html",
        {"person": person, "links": links, "points": json.dumps(points, ensure_ascii=False),
         "has_points": bool(points), "sources": _person_sources(conn, person, links),
         "same": same_person_candidates(conn, person),
         "history": record_history(conn, persons, "person", person["id"]) or [],
         "json_ld": person_json_ld(person, url), "tile_url": settings.tile_url,
         "tile_attribution": settings.tile_attribution, "contact_email": settings.contact_email},
        page="person",
    )  # fmt: skip
