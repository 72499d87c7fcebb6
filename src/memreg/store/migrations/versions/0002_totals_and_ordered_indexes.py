"""Running totals, names in index order, lists in id order by index, sign-in throttling.

Revision ID: 0002
Revises: 0001

- register_counts holds the totals statistics read (domain/tallies.py), filled here from
  the register as it is;
- person_memorials gains each person's sort key and birth year, so a page of a memorial's
  names is a range of an index whatever the memorial holds;
- memorials gain (filter, id) indexes so filtered lists page by id without sorting; on
  PostgreSQL those ids are ordered by code point (COLLATE "C"), as the API orders them.
"""

import sqlalchemy as sa
from alembic import op

from memreg.store.tallies import rebuild as rebuild_totals

revision = "0002"
down_revision = "0001"

SEPARATOR = "\x1f"  # domain/tallies.py KEY_SEPARATOR
UNKNOWN_BIRTH = 10_000  # domain/tallies.py UNKNOWN_BIRTH
FILTERS = ("country", "region", "kind", "status")


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "register_counts",
        sa.Column("dimension", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "value", name=op.f("pk_register_counts")),
    )
    op.create_table(
        "auth_failures",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("window_start", sa.Float(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_auth_failures")),
    )
    with op.batch_alter_table("person_memorials", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sort_key", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("birth_sort", sa.Integer(), nullable=False, server_default=str(UNKNOWN_BIRTH))
        )
        batch_op.drop_index("ix_person_memorials_memorial")
    _fill_link_keys(postgres)
    with op.batch_alter_table("memorials", schema=None) as batch_op:
        batch_op.drop_index("ix_memorials_kind")
        batch_op.drop_index("ix_memorials_country_region")
    collate = ' COLLATE "C"' if postgres else ""
    if postgres:
        op.execute('ALTER TABLE person_memorials ALTER COLUMN sort_key TYPE text COLLATE "C"')
        op.execute('CREATE INDEX ix_memorials_id_c ON memorials (id COLLATE "C")')
    for column in FILTERS:
        op.execute(f"CREATE INDEX ix_memorials_{column}_id ON memorials ({column}, id{collate})")
    op.execute(
        "CREATE INDEX ix_person_memorials_by_name ON person_memorials (memorial_pk, sort_key, role)"
    )
    op.execute(
        "CREATE INDEX ix_person_memorials_by_birth ON person_memorials "
        "(memorial_pk, birth_sort, sort_key, role)"
    )
    rebuild_totals(op.get_bind())


def _fill_link_keys(postgres: bool) -> None:
    sep = "chr(31)" if postgres else "char(31)"
    key = (
        f"p.surname || {sep} || coalesce(p.given_name, '') || {sep} || "
        f"coalesce(p.patronymic, '') || {sep} || p.id"
    )
    birth = f"coalesce(p.birth_year, {UNKNOWN_BIRTH})"
    if postgres:
        op.execute(
            f"UPDATE person_memorials AS l SET sort_key = {key}, birth_sort = {birth} "
            "FROM persons AS p WHERE p.pk = l.person_pk"
        )
    else:
        op.execute(
            f"UPDATE person_memorials SET "
            f"sort_key = (SELECT {key} FROM persons AS p WHERE p.pk = person_pk), "
            f"birth_sort = (SELECT {birth} FROM persons AS p WHERE p.pk = person_pk)"
        )


def downgrade() -> None:
    op.drop_index("ix_person_memorials_by_birth", table_name="person_memorials")
    op.drop_index("ix_person_memorials_by_name", table_name="person_memorials")
    for column in FILTERS:
        op.drop_index(f"ix_memorials_{column}_id", table_name="memorials")
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_memorials_id_c", table_name="memorials")
    with op.batch_alter_table("memorials", schema=None) as batch_op:
        batch_op.create_index("ix_memorials_country_region", ["country", "region"], unique=False)
        batch_op.create_index("ix_memorials_kind", ["kind"], unique=False)
    with op.batch_alter_table("person_memorials", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_memorials_memorial", ["memorial_pk", "person_pk"], unique=False
        )
        batch_op.drop_column("birth_sort")
        batch_op.drop_column("sort_key")
    op.drop_table("register_counts")
    op.drop_table("auth_failures")
