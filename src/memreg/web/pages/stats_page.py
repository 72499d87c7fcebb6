"""/stats: the register in figures, from its running totals (a few rows, whatever its size):
memorials by country, region, kind, status, protection and decade of erection, and the
buried known by name against those unknown. Each as a chart, a table and a CSV file."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from memreg.domain.errors import NotFoundError
from memreg.domain.tallies import MEMORIALS, PERSONS
from memreg.store.tallies import read_totals
from memreg.web.deps import ConnDep
from memreg.web.pages import labels
from memreg.web.pages.charts import WIDTH, bars
from memreg.web.pages.common import page_language, render
from memreg.web.pages.i18n import gettext
from memreg.web.pages.labels import N_

router = APIRouter(include_in_schema=False)
CHART_BARS = 25  # a longer list (regions) is charted by its largest; the table has all
FIGURES: dict[str, tuple[str, str]] = {  # name -> (title, label filter)
    "country": (N_("Memorials by country"), "country"),
    "region": (N_("Memorials by region"), "region"),
    "kind": (N_("Memorials by kind"), "kind"),
    "status": (N_("Memorials by status"), "status"),
    "protection": (N_("Memorials by protection"), "protection"),
    "decade": (N_("Memorials by decade of erection"), ""),
    "buried": (N_("The buried: known by name and unknown"), ""),
}


def _figures(conn: Any, name: str, lang: str) -> list[tuple[str, str, int]]:
    """(code, label, count) rows of one figure, in the order it is charted."""
    if name == "buried":
        totals = read_totals(conn, ["memorials.buried_known", "memorials.buried_unknown"])
        return [
            ("known", gettext(lang, N_("Known by name")),
             totals["memorials.buried_known"].get("", 0)),
            ("unknown", gettext(lang, N_("Unknown")),
             totals["memorials.buried_unknown"].get("", 0)),
        ]  # fmt: skip
    dimension = f"memorials.{name}"
    counts = read_totals(conn, [dimension])[dimension]
    if name == "decade":
        return [(d, f"{d}s" if lang == "en" else d, n) for d, n in sorted(counts.items())]
    label = labels.FILTERS[FIGURES[name][1]]
    rows = [(code, label(code, lang), n) for code, n in counts.items()]
    return sorted(rows, key=lambda r: (-r[2], r[1].casefold()))


@router.api_route("/stats", methods=["GET", "HEAD"], response_class=HTMLResponse)
def stats_page(request: Request, conn: ConnDep) -> Any:
    lang = page_language(request)
    figures = []
    for name, (title, _) in FIGURES.items():
        rows = _figures(conn, name, lang)
        chart, height = bars([(label, n) for _, label, n in rows[:CHART_BARS]])
        figures.append({"name": name, "title": title, "rows": rows, "bars": chart,
                        "height": height, "partial": len(rows) > CHART_BARS})  # fmt: skip
    totals = read_totals(conn, [MEMORIALS, PERSONS])
    return render(
        request,
        "stats.html",
        {"figures": figures, "width": WIDTH, "memorials": totals[MEMORIALS].get("", 0),
         "persons": totals[PERSONS].get("", 0)},
        page="stats",
    )  # fmt: skip


@router.get("/stats/{name}.csv")
def stats_csv(
    request: Request,
    conn: ConnDep,
    name: Annotated[str, Path(max_length=20)],
) -> Response:
    """One figure as CSV: code, label (in the page's language), count."""
    if name not in FIGURES:
        raise NotFoundError("statistic", name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["code", "label", "count"])
    writer.writerows(_figures(conn, name, page_language(request)))
    return Response(
        out.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="memreg-{name}.csv"'},
    )  # fmt: skip
