"""The register's running totals in `register_counts`: kept, read, recomputed, rebuilt.

Every write adds its tally (domain/tallies.py) inside its own unit of work, so the totals
are never stale and a failed write leaves them as they were. Rows are upserted in a fixed
order, so concurrent writers on PostgreSQL lock them in the same order and never deadlock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from sqlalchemy import Connection, bindparam, func, select, text

from memreg.domain.tallies import MEMORIAL_DIMENSIONS, NAMES_AT, PERSONS, Tally, memorial_tally
from memreg.store.inscriptions import recount as recount_inscriptions
from memreg.store.schema import memorials, person_memorials, persons, register_counts

_UPSERT = text(
    "INSERT INTO register_counts (dimension, value, count) VALUES (:dimension, :value, :count) "
    "ON CONFLICT (dimension, value) DO UPDATE SET count = register_counts.count + excluded.count"
)


def add_tally(conn: Connection, tally: Mapping[tuple[str, str], int]) -> None:
    """Add each amount to its total (negative amounts take away)."""
    rows = [
        {"dimension": dimension, "value": value, "count": amount}
        for (dimension, value), amount in sorted(tally.items())
        if amount
    ]
    if rows:
        conn.execute(_UPSERT, rows)


def read_totals(conn: Connection, dimensions: Iterable[str]) -> dict[str, dict[str, int]]:
    """The totals of these dimensions, by value; a dimension with no rows is empty."""
    wanted = list(dimensions)
    out: dict[str, dict[str, int]] = {d: {} for d in wanted}
    rows = conn.execute(
        select(register_counts.c.dimension, register_counts.c.value, register_counts.c.count)
        .where(register_counts.c.dimension.in_(bindparam("d", expanding=True)))
        .where(register_counts.c.count != 0),
        {"d": wanted},
    )
    for dimension, value, count in rows:
        out[dimension][value] = int(count)
    return out


def read_total(conn: Connection, dimension: str, value: str = "") -> int:
    found = conn.execute(
        select(register_counts.c.count).where(
            register_counts.c.dimension == dimension, register_counts.c.value == value
        )
    ).scalar()
    return int(found or 0)


def recompute(conn: Connection) -> Tally:
    """The totals as the register's rows give them now: a full scan, for check and rebuild."""
    tally: Tally = Counter()
    fields = [*MEMORIAL_DIMENSIONS.values(), "erected"]
    columns = [memorials.c[c] for c in fields]
    columns += [memorials.c[c] for c in ("buried_total", "buried_known", "buried_unknown")]
    query = select(*columns).where(memorials.c.retired_at.is_(None))
    for chunk in conn.execute(query.execution_options(yield_per=20_000)).mappings().partitions():
        for row in chunk:
            tally.update(memorial_tally(dict(row)))
    live_persons = conn.execute(
        select(func.count()).select_from(persons).where(persons.c.retired_at.is_(None))
    ).scalar_one()
    if live_persons:
        tally[(PERSONS, "")] = int(live_persons)
    names = conn.execute(
        select(memorials.c.id, func.count())
        .select_from(
            person_memorials.join(persons, persons.c.pk == person_memorials.c.person_pk).join(
                memorials, memorials.c.pk == person_memorials.c.memorial_pk
            )
        )
        .where(persons.c.retired_at.is_(None))
        .group_by(memorials.c.id)
    )
    for memorial_id, count in names:
        tally[(NAMES_AT, memorial_id)] = int(count)
    tally.update(recount_inscriptions(conn))  # the stone's totals
    return tally


def stored(conn: Connection) -> Tally:
    rows = conn.execute(
        select(register_counts.c.dimension, register_counts.c.value, register_counts.c.count)
    )
    return Counter({(d, v): int(c) for d, v, c in rows if c})


def rebuild(conn: Connection) -> int:
    """Replace the totals by a fresh count; return how many totals there are."""
    fresh = recompute(conn)
    conn.execute(register_counts.delete())
    add_tally(conn, fresh)
    return len(fresh)


def differences(conn: Connection) -> list[str]:
    """How the kept totals differ from a fresh count, in words (for `memreg check`)."""
    kept, fresh = stored(conn), recompute(conn)
    wrong = sorted(key for key in kept.keys() | fresh.keys() if kept[key] != fresh[key])
    out = []
    for dimension, value in wrong[:10]:
        name = f"{dimension}={value}" if value else dimension
        out.append(
            f"the kept total {name} is {kept[(dimension, value)]} but the register holds "
            f"{fresh[(dimension, value)]} (run memreg reindex)"
        )
    if len(wrong) > 10:
        out.append(f"... and {len(wrong) - 10} more totals differ")
    return out


def names_tally(memorial_ids: Iterable[str], sign: int = 1) -> Tally:
    """Each link of a live person to a memorial counts one name at that memorial."""
    tally: Tally = Counter()
    for memorial_id in memorial_ids:
        tally[(NAMES_AT, memorial_id)] += sign
    return tally


def person_memorial_ids(conn: Connection, person_pk: int) -> list[str]:
    """The memorial of each of a person's links (one entry per link)."""
    rows = conn.execute(
        select(memorials.c.id)
        .select_from(
            person_memorials.join(memorials, memorials.c.pk == person_memorials.c.memorial_pk)
        )
        .where(person_memorials.c.person_pk == person_pk)
    )
    return [r[0] for r in rows]
