"""The map's index (memorials on the Web Mercator grid, counts per cell and zoom, settlements);
place honours name the year of their title and the decision that awarded it.

Revision ID: 0005
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

# The index's own code fills it for registers that already hold memorials, so that it is
# built the one way it is kept.
from memreg.store import tallies
from memreg.store.map_index import rebuild_map_index
from memreg.store.memorial_words import rebuild_words
from memreg.store.postgres import PostgresBackend
from memreg.store.sqlite import SqliteBackend

revision = "0005"
down_revision = "0006"

DIMENSIONS = ("kind", "status", "has_names", "country", "region", "conflict", "condition")


def upgrade() -> None:
    op.create_table(
        "map_points",
        sa.Column("pk", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("x", sa.Integer(), nullable=False),
        sa.Column("y", sa.Integer(), nullable=False),
        sa.Column("cx16", sa.Integer(), nullable=False),
        sa.Column("lat_e6", sa.Integer(), nullable=False),
        sa.Column("lon_e6", sa.Integer(), nullable=False),
        sa.Column("names", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("has_names", sa.String(length=3), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("conflict", sa.String(length=100), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("settlement", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["pk"], ["memorials.pk"], name=op.f("fk_map_points_pk_memorials")),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_map_points")),
    )
    op.create_index("ix_map_points_cell", "map_points", ["cx16", "y"], unique=False)
    op.create_table(
        "map_cells",
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("family", sa.SmallInteger(), nullable=False),
        sa.Column("cx", sa.Integer(), nullable=False),
        sa.Column("cy", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.String(length=100), nullable=False) for name in DIMENSIONS),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("lat_sum", sa.BigInteger(), nullable=False),
        sa.Column("lon_sum", sa.BigInteger(), nullable=False),
        sa.Column("pk_sum", sa.BigInteger(), nullable=False),
        sa.Column("min_lat", sa.Integer(), nullable=True),
        sa.Column("min_lon", sa.Integer(), nullable=True),
        sa.Column("max_lat", sa.Integer(), nullable=True),
        sa.Column("max_lon", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("level", "family", "cx", "cy", *DIMENSIONS, name="pk_map_cells"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "map_places",
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("settlement", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("lat_sum", sa.BigInteger(), nullable=False),
        sa.Column("lon_sum", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("country", "region", "settlement", name="pk_map_places"),
        sqlite_with_rowid=False,
    )
    if op.get_bind().dialect.name == "postgresql":  # prefix ranges compare by code point
        op.execute('CREATE INDEX ix_map_places_folded ON map_places (folded COLLATE "C")')
    else:
        op.create_index("ix_map_places_folded", "map_places", ["folded"], unique=False)
    _create_memorial_words()
    # A person's page lists the other records with the same name and year of birth.
    op.create_index("ix_persons_name_birth", "persons", ["surname", "given_name", "birth_year"])
    with op.batch_alter_table("place_honours", schema=None) as batch_op:
        batch_op.add_column(sa.Column("title_year", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("source_pk", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_place_honours_source_pk_sources"), "sources", ["source_pk"], ["pk"]
        )
    _fill_from_existing_memorials()


def _create_memorial_words() -> None:
    """The words of memorials' names: FTS5 on SQLite, a GIN index on PostgreSQL."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE memorial_words (pk integer PRIMARY KEY REFERENCES memorials (pk), "
            "words text NOT NULL)"
        )
        op.execute(
            "CREATE INDEX ix_memorial_words ON memorial_words "
            "USING gin (to_tsvector('simple', words))"
        )
    else:
        op.execute("CREATE VIRTUAL TABLE memorial_words USING fts5(words, tokenize='ascii')")


def _fill_from_existing_memorials() -> None:
    """A register that already holds memorials gets its map index at once."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT 1 FROM memorials LIMIT 1")).first() is None:
        return
    backend = PostgresBackend() if bind.dialect.name == "postgresql" else SqliteBackend()
    rebuild_map_index(bind, backend)
    rebuild_words(bind)
    tallies.rebuild(bind)  # memorials are now also counted by protection level


def downgrade() -> None:
    op.drop_index("ix_persons_name_birth", table_name="persons")
    op.execute("DROP TABLE IF EXISTS memorial_words")
    with op.batch_alter_table("place_honours", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_place_honours_source_pk_sources"), type_="foreignkey")
        batch_op.drop_column("source_pk")
        batch_op.drop_column("title_year")
    op.drop_index("ix_map_places_folded", table_name="map_places")
    op.drop_table("map_places")
    op.drop_table("map_cells")
    op.drop_index("ix_map_points_cell", table_name="map_points")
    op.drop_table("map_points")
