"""Opening, creating and moving whole registers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import JSON, func, select

from memreg.domain.errors import StoreError
from memreg.services.upkeep import rebuild_untabled_indexes
from memreg.store import tallies
from memreg.store.conditions import rebuild_conditions
from memreg.store.engine import (
    Store,
    StoreOptions,
    migrate,
    open_store,
    require_current_schema,
)
from memreg.store.integrity import check_register
from memreg.store.links import rekey_links
from memreg.store.map_index import rebuild_map_index
from memreg.store.memorial_words import rebuild_words
from memreg.store.person_names import rebuild_person_names
from memreg.store.queries import register_stats
from memreg.store.schema import TABLE_ORDER
from memreg.store.unit_of_work import UnitOfWork, run_write

CopyProgress = Callable[[str, int, int], None]  # table, rows copied, rows in the table


def init_register(url: str, options: StoreOptions | None = None) -> tuple[Store, str]:
    """Create the register's schema or bring it up to date; return the store and revision."""
    store = open_store(url, options)
    return store, migrate(store)


def open_register(url: str, options: StoreOptions | None = None) -> Store:
    """Open an existing register, refusing one whose schema is missing or out of date."""
    store = open_store(url, options)
    try:
        require_current_schema(store)
    except StoreError:
        store.dispose()
        raise
    return store


def stats(store: Store) -> dict[str, Any]:
    with store.engine.connect() as conn:
        return register_stats(conn)


def reindex(store: Store) -> dict[str, int]:
    """Rebuild every derived row (running totals, link sort keys, the map's index) from the
    records."""

    def work(uow: UnitOfWork) -> dict[str, int]:
        rebuilt = {"totals": tallies.rebuild(uow.conn), "links": rekey_links(uow.conn),
                   "map": rebuild_map_index(uow.conn, uow.store.backend),
                   "words": rebuild_words(uow.conn),
                   "person_names": rebuild_person_names(uow.conn, uow.store.backend),
                   "conditions": rebuild_conditions(uow.conn)}  # fmt: skip
        uow.commit()
        return rebuilt

    return run_write(store, "memreg reindex", work)


def check(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return check_register(conn, store.backend)


def copy_register(source: Store, target: Store, progress: CopyProgress | None = None) -> int:
    """Copy every table, keys and revisions included, into an empty register."""
    copied = 0
    with (
        source.engine.connect() as src,
        target.engine.connect().execution_options(memreg_write=True) as dst,
    ):
        with dst.begin():
            for table in TABLE_ORDER:
                if dst.execute(select(func.count()).select_from(table)).scalar_one():
                    raise StoreError(
                        f"the target register is not empty ({table.name} has rows); "
                        "copy into a freshly initialised register"
                    )
        with dst.begin():
            for table in TABLE_ORDER:
                total = src.execute(select(func.count()).select_from(table)).scalar_one()
                columns = [c.name for c in table.columns]
                json_columns = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
                done = 0
                result = src.execution_options(yield_per=10_000).execute(
                    select(table).order_by(table.c[columns[0]])
                )
                for chunk in result.partitions():
                    rows = [_jsonable(tuple(row), json_columns) for row in chunk]
                    target.backend.bulk_insert(dst, table, columns, rows)
                    done += len(rows)
                    if progress:
                        progress(table.name, done, total)
                if done:
                    target.backend.after_bulk_insert(dst, table)
                copied += done
            rebuild_untabled_indexes(dst)
    return copied


def _jsonable(row: tuple[Any, ...], json_columns: list[int]) -> tuple[Any, ...]:
    if not json_columns:
        return row
    values = list(row)
    for i in json_columns:
        if values[i] is not None:
            values[i] = json.dumps(values[i], ensure_ascii=False)
    return tuple(values)
