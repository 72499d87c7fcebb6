"""Recording place honours: the titles settlements hold, each with the decision behind it.

One unit of work and one revision for a whole list. A settlement is matched to the one of
the register's own settlements (of the same country) whose name folds the same, so that
the memorials there show the title; an honour already held is not recorded twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from memreg.domain.folding import fold
from memreg.ingest.place_honours import HonourRow, SourceRow
from memreg.store.engine import Store
from memreg.store.records import get_row, insert_row
from memreg.store.schema import map_places, place_honours, sources
from memreg.store.unit_of_work import UnitOfWork, run_write


def record_place_honours(
    store: Store,
    actor: str,
    honours: Sequence[HonourRow],
    honour_sources: Sequence[SourceRow],
    reason: str | None = None,
    *,
    only_known_settlements: bool = False,
) -> int:
    """Record the honours not yet held; return how many were added. With
    `only_known_settlements`, only those of settlements the register has memorials in."""

    def work(uow: UnitOfWork) -> int:
        conn = uow.conn
        revision = uow.record_revision(
            "import", reason=reason or "place honours", record_type="place_honour"
        )
        source_pks = {}
        for source in honour_sources:
            row = get_row(conn, sources, source.id)
            source_pks[source.id] = row["pk"] if row else insert_row(
                conn, sources, {"id": source.id, "kind": source.kind, "title": source.title,
                                "reference": source.reference, "url": source.url}, revision,
            )  # fmt: skip
        added = 0
        for honour in honours:
            settlement, region, known = _register_settlement(uow, honour)
            if only_known_settlements and not known:
                continue
            held = conn.execute(
                select(place_honours.c.pk).where(
                    place_honours.c.settlement == settlement,
                    place_honours.c.country == honour.country,
                    place_honours.c.title == honour.title,
                    place_honours.c.retired_at.is_(None),
                )
            ).first()
            if held:
                continue
            key = f"{honour.country}-{fold(settlement).replace(' ', '-')}-{honour.title}"
            insert_row(conn, place_honours, {
                "id": key[:64], "settlement": settlement, "country": honour.country,
                "region": region, "title": honour.title, "awarded_on": honour.awarded_on,
                "title_year": honour.title_year, "source_pk": source_pks.get(honour.source),
            }, revision)  # fmt: skip
            added += 1
        if added:
            uow.commit()
        return added

    return run_write(store, actor, work)


def _register_settlement(uow: UnitOfWork, honour: HonourRow) -> tuple[str, str | None, bool]:
    """The register's spelling of the honoured settlement, and whether it has one."""
    for name in (honour.settlement, *honour.other_names):
        found = uow.conn.execute(
            select(map_places.c.settlement, map_places.c.region)
            .where(map_places.c.country == honour.country, map_places.c.folded == fold(name))
            .order_by(map_places.c.n.desc())
            .limit(1)
        ).first()
        if found and (not honour.region or found[1] in ("", honour.region)):
            return found[0], found[1] or honour.region, True
    return honour.settlement, honour.region, False
