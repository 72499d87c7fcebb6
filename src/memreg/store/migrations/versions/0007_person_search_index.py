"""The person-search index: name keys of every live person and the surname vocabulary.

Revision ID: 0007
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

# The index's own code fills it for registers that already hold persons, so that it is
# built the one way it is kept.
from memreg.store.person_names import rebuild_person_names
from memreg.store.postgres import PostgresBackend
from memreg.store.sqlite import SqliteBackend

revision = "0007"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "person_name_keys",
        sa.Column("skey", sa.Text(), nullable=False),
        sa.Column("gkey", sa.Text(), nullable=False),
        sa.Column("pkey", sa.Text(), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=False),
        sa.Column("person_pk", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "skey", "gkey", "pkey", "birth_year", "person_pk", name=op.f("pk_person_name_keys")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "person_name_vocabulary",
        sa.Column("dkey", sa.Text(), nullable=False),
        sa.Column("skey", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("dkey", "skey", name=op.f("pk_person_name_vocabulary")),
        sqlite_with_rowid=False,
    )
    conn = op.get_bind()
    backend = PostgresBackend() if conn.dialect.name == "postgresql" else SqliteBackend()
    rebuild_person_names(conn, backend)


def downgrade() -> None:
    op.drop_table("person_name_vocabulary")
    op.drop_table("person_name_keys")
