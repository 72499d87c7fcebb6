"""Memorial outlines, rank variants, the sources' own ids of records, the duplicates queue.

Revision ID: 0004
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"


def upgrade() -> None:
    # Plain ADD COLUMN: SQLite keeps the table (and its R*Tree triggers) as it is.
    op.add_column("memorials", sa.Column("outline", sa.JSON(), nullable=True))
    op.add_column("persons", sa.Column("rank_variants", sa.JSON(), nullable=True))
    # Reconciliation and suggest look records up by name, settlement and surname.
    op.create_index("ix_memorials_name", "memorials", ["name"])
    op.create_index("ix_memorials_settlement", "memorials", ["settlement"])
    # persons are found by surname through ix_persons_name_birth (migration 0005)
    op.create_table(
        "source_keys",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=240), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=True),
        sa.Column("person_pk", sa.Integer(), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["memorial_pk"], ["memorials.pk"], name=op.f("fk_source_keys_memorial_pk_memorials")
        ),
        sa.ForeignKeyConstraint(
            ["person_pk"], ["persons.pk"], name=op.f("fk_source_keys_person_pk_persons")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_source_keys_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_source_keys")),
        sa.UniqueConstraint("record_type", "key", name="uq_source_keys_key"),
    )
    op.create_index("ix_source_keys_memorial", "source_keys", ["memorial_pk"])
    op.create_index("ix_source_keys_person", "source_keys", ["person_pk"])
    op.create_table(
        "duplicate_pairs",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=20), nullable=False),
        sa.Column("a_pk", sa.Integer(), nullable=False),
        sa.Column("b_pk", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("found_at", sa.String(length=40), nullable=False),
        sa.Column("decided_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_duplicate_pairs_decided_revision_id_revisions"),
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_duplicate_pairs")),
        sa.UniqueConstraint("record_type", "a_pk", "b_pk", name="uq_duplicate_pairs_pair"),
    )
    op.create_index(
        "ix_duplicate_pairs_status", "duplicate_pairs", ["record_type", "status", "score"]
    )


def downgrade() -> None:
    op.drop_index("ix_duplicate_pairs_status", table_name="duplicate_pairs")
    op.drop_table("duplicate_pairs")
    op.drop_index("ix_source_keys_person", table_name="source_keys")
    op.drop_index("ix_source_keys_memorial", table_name="source_keys")
    op.drop_table("source_keys")
    op.drop_index("ix_memorials_settlement", table_name="memorials")
    op.drop_index("ix_memorials_name", table_name="memorials")
    with op.batch_alter_table("persons") as batch_op:
        batch_op.drop_column("rank_variants")
    with op.batch_alter_table("memorials") as batch_op:
        batch_op.drop_column("outline")
