"""Each live memorial's condition and next due inspection, kept in `memorial_conditions`.

A row says what the memorial's latest inspection found, whether it is reported damaged or
vandalised (its status, a damage event since that inspection, or the inspection's grade or
issues), when its next inspection is due (the interval of store/schema.inspection_intervals
that applies), and how many of its maintenance tasks are not done. `condition_counts`
counts those rows per region and bucket, so the dashboard reads a few hundred rows.

Every change goes one way, set-based: the counts of the selected memorials' rows are taken
away, the rows are computed anew by one INSERT ... SELECT, and their counts added back. One
edit, an import's chunk, an interval change and a rebuild all use it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from memreg.domain.inspections import (
    CRITICAL,
    CRITICAL_GRADES,
    DAMAGE_EVENTS,
    DAMAGE_GRADES,
    DAMAGE_ISSUES,
    DAMAGED,
    DEFAULT_INTERVAL_YEARS,
    ROUTINE,
)

# Which memorials a change concerns: SQL with {key} for the memorial key, and parameters.
Selection = tuple[str, dict[str, Any]]
CHUNK = 500
_COLUMNS = "pk, region, kind, status, inspection_pk, last_inspected, grade, damaged, " \
    "attention, due_on, open_tasks"  # fmt: skip


def _quoted(codes: tuple[str, ...]) -> str:
    """Codes of our own vocabularies (never input) as SQL literals."""
    return ", ".join("'" + c.replace("'", "''") + "'" for c in codes)


def _interval(kind: str, region: str) -> str:
    """The years between inspections that apply to a memorial, most specific rule first."""
    rules = [(kind, region), ("''", region), (kind, "''"), ("''", "''")]
    found = ", ".join(
        f"(SELECT v.years FROM inspection_intervals v WHERE v.kind = {k} AND v.region = {r})"
        for k, r in rules
    )
    return f"COALESCE({found}, {DEFAULT_INTERVAL_YEARS})"


_ISSUE_FLAGS = " OR ".join(
    f"(',' || COALESCE(li.issues_found, '') || ',') LIKE '%,{code},%'" for code in DAMAGE_ISSUES
)
_ROWS = f"""SELECT pk, region, kind, status, inspection_pk, last_inspected, grade, damaged,
    CASE WHEN damaged = 1 THEN {DAMAGED} WHEN grade IN ({_quoted(CRITICAL_GRADES)})
        THEN {CRITICAL} ELSE {ROUTINE} END,
    due_on, open_tasks
FROM (SELECT m.pk AS pk, COALESCE(m.region, '') AS region, m.kind AS kind, m.status AS status,
    li.pk AS inspection_pk, li.inspected_on AS last_inspected,
    COALESCE(li.condition, '') AS grade,
    CASE WHEN m.status = 'damaged' OR li.condition IN ({_quoted(DAMAGE_GRADES)})
        OR {_ISSUE_FLAGS}
        OR EXISTS (SELECT 1 FROM events e WHERE e.memorial_pk = m.pk
            AND e.kind IN ({_quoted(DAMAGE_EVENTS)}) AND e.retired_at IS NULL
            AND (li.pk IS NULL OR e.date IS NULL OR substr(e.date, 1, 10) >= li.inspected_on))
        THEN 1 ELSE 0 END AS damaged,
    CASE WHEN li.pk IS NULL THEN '' ELSE
        CAST(CAST(substr(li.inspected_on, 1, 4) AS INTEGER)
            + {_interval("m.kind", "COALESCE(m.region, '')")} AS TEXT)
        || substr(li.inspected_on, 5, 6) END AS due_on,
    (SELECT count(*) FROM maintenance_tasks t WHERE t.memorial_pk = m.pk
        AND t.state <> 'done' AND t.retired_at IS NULL) AS open_tasks
  FROM memorials m LEFT JOIN inspections li ON li.pk = (
    SELECT i.pk FROM inspections i WHERE i.memorial_pk = m.pk AND i.retired_at IS NULL
    ORDER BY i.inspected_on DESC, i.pk DESC LIMIT 1)
  WHERE {{where}} AND m.retired_at IS NULL AND m.merged_into_pk IS NULL) AS x"""
# A new memorial has no inspection, event or task yet: its row needs no look-up.
_NEW_ROWS = f"""SELECT pk, COALESCE(region, ''), kind, status, NULL, NULL, '',
    CASE WHEN status = 'damaged' THEN 1 ELSE 0 END,
    CASE WHEN status = 'damaged' THEN {DAMAGED} ELSE {ROUTINE} END, '', 0
FROM memorials WHERE {{where}} AND retired_at IS NULL AND merged_into_pk IS NULL"""
# What each row adds to its region's buckets.
_BUCKETS = f"""SELECT region, 'all' AS bucket, 1 AS w FROM memorial_conditions WHERE {{where}}
UNION ALL SELECT region, 'never', 1 FROM memorial_conditions
    WHERE {{where}} AND last_inspected IS NULL
UNION ALL SELECT region, 'due:' || substr(due_on, 1, 7), 1 FROM memorial_conditions
    WHERE {{where}} AND last_inspected IS NOT NULL
UNION ALL SELECT region, 'damaged', 1 FROM memorial_conditions WHERE {{where}} AND damaged = 1
UNION ALL SELECT region, 'critical', 1 FROM memorial_conditions
    WHERE {{where}} AND grade IN ({_quoted(CRITICAL_GRADES)})
UNION ALL SELECT region, 'tasks', open_tasks FROM memorial_conditions
    WHERE {{where}} AND open_tasks > 0"""
_ADD_COUNTS = """INSERT INTO condition_counts (region, bucket, n)
SELECT region, bucket, {sign} * sum(w) FROM ({buckets}) AS b GROUP BY region, bucket
ON CONFLICT (region, bucket) DO UPDATE SET n = condition_counts.n + excluded.n"""


def _where(selection: Selection, column: str) -> str:
    return selection[0].format(key=column)


def _count(conn: Connection, selection: Selection, sign: int) -> None:
    buckets = _BUCKETS.format(where=_where(selection, "pk"))
    conn.execute(text(_ADD_COUNTS.format(sign=sign, buckets=buckets)), selection[1])
    if sign < 0:
        conn.execute(text("DELETE FROM condition_counts WHERE n = 0"))


def _replace(conn: Connection, selection: Selection, rows: str = _ROWS) -> None:
    where, params = _where(selection, "pk"), selection[1]
    _count(conn, selection, -1)
    conn.execute(text(f"DELETE FROM memorial_conditions WHERE {where}"), params)
    select_rows = rows.format(where=_where(selection, "m.pk" if rows is _ROWS else "pk"))
    conn.execute(text(f"INSERT INTO memorial_conditions ({_COLUMNS}) {select_rows}"), params)
    _count(conn, selection, +1)


def refresh_conditions(conn: Connection, pks: list[int]) -> None:
    """Bring these memorials' rows up to date: created, changed, inspected or retired."""
    wanted = sorted(set(pks))
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join(f":k{i}" for i in range(len(chunk)))
        _replace(conn, ("{key} IN (" + marks + ")", {f"k{i}": pk for i, pk in enumerate(chunk)}))


def add_new_memorials(conn: Connection, first: int, last: int) -> None:
    """Rows for the memorials first..last that an import has just created."""
    _replace(conn, ("{key} BETWEEN :first AND :last", {"first": first, "last": last}), _NEW_ROWS)


def refresh_where(conn: Connection, kind: str | None, region: str | None) -> int:
    """Recompute the rows of every memorial of this kind and/or region (an interval
    changed); return how many."""
    suffix = " ON COMMIT DELETE ROWS" if conn.dialect.name == "postgresql" else ""
    conn.execute(
        text(
            "CREATE TEMPORARY TABLE IF NOT EXISTS condition_scratch "
            f"(pk BIGINT PRIMARY KEY){suffix}"
        )
    )
    conn.execute(text("DELETE FROM condition_scratch"))
    filters, params = ["1 = 1"], {}
    if kind:
        filters.append("kind = :kind")
        params["kind"] = kind
    if region is not None:
        filters.append("region = :region")
        params["region"] = region
    conn.execute(
        text(
            "INSERT INTO condition_scratch (pk) SELECT pk FROM memorial_conditions "
            f"WHERE {' AND '.join(filters)}"
        ),
        params,
    )
    _replace(conn, ("{key} IN (SELECT pk FROM condition_scratch)", {}))
    return int(conn.execute(text("SELECT count(*) FROM condition_scratch")).scalar_one())


def rebuild_conditions(conn: Connection) -> int:
    """Empty the rows and counts and compute them again from the records."""
    conn.execute(text("DELETE FROM condition_counts"))
    conn.execute(text("DELETE FROM memorial_conditions"))
    last = conn.execute(text("SELECT max(pk) FROM memorials")).scalar()
    step = 100_000
    for start in range(1, int(last or 0) + 1, step):
        params = {"first": start, "last": start + step - 1}
        select_rows = _ROWS.format(where="m.pk BETWEEN :first AND :last")
        conn.execute(text(f"INSERT INTO memorial_conditions ({_COLUMNS}) {select_rows}"), params)
    _count(conn, ("1 = 1", {}), +1)
    return int(conn.execute(text("SELECT count(*) FROM memorial_conditions")).scalar_one())


# --- `memreg check` ------------------------------------------------------------------------


def condition_problems(conn: Connection) -> list[str]:
    """Rows that disagree with the memorials, inspections, events and tasks, and counts
    that disagree with the rows."""
    problems = []
    expected = _ROWS.format(where="1 = 1")
    stored = f"SELECT {_COLUMNS} FROM memorial_conditions"
    for label, query in (
        ("missing or out of date", f"{expected} EXCEPT {stored}"),
        ("stale or extra", f"{stored} EXCEPT {expected}"),
    ):
        rows = conn.execute(text(f"SELECT pk FROM ({query}) AS d ORDER BY pk LIMIT 6")).all()
        if rows:
            shown = ", ".join(str(r[0]) for r in rows[:5]) + (" ..." if len(rows) > 5 else "")
            problems.append(
                f"memorial_conditions: rows {label} against the inspections (memorial keys "
                f"{shown}); run memreg reindex"
            )
    sums = _BUCKETS.format(where="1 = 1")
    counted = f"SELECT region, bucket, sum(w) AS n FROM ({sums}) AS b GROUP BY region, bucket"
    kept = "SELECT region, bucket, n FROM condition_counts"
    differ = sum(
        conn.execute(text(f"SELECT count(*) FROM ({a} EXCEPT {b}) AS d")).scalar_one()
        for a, b in ((counted, kept), (kept, counted))
    )
    if differ:
        problems.append(
            f"condition_counts: {differ} count(s) disagree with memorial_conditions; "
            "run memreg reindex"
        )
    return problems
