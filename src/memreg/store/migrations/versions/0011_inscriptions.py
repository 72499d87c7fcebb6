"""Names as inscribed: each name carved on a memorial, where it stands, whom it names.

Revision ID: 0011
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0012"

LIVE_PUBLISHED = "retired_at IS NULL AND status = 'published'"


def upgrade() -> None:
    op.create_table(
        "inscriptions",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("panel", sa.Integer(), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("media_pk", sa.Integer(), nullable=True),
        sa.Column("person_pk", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["memorial_pk"], ["memorials.pk"],
                                name=op.f("fk_inscriptions_memorial_pk_memorials")),
        sa.ForeignKeyConstraint(["media_pk"], ["media.pk"],
                                name=op.f("fk_inscriptions_media_pk_media")),
        sa.ForeignKeyConstraint(["person_pk"], ["persons.pk"],
                                name=op.f("fk_inscriptions_person_pk_persons")),
        sa.ForeignKeyConstraint(["created_revision_id"], ["revisions.pk"],
                                name=op.f("fk_inscriptions_created_revision_id_revisions")),
        sa.ForeignKeyConstraint(["revision_id"], ["revisions.pk"],
                                name=op.f("fk_inscriptions_revision_id_revisions")),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_inscriptions")),
        sa.UniqueConstraint("id", name=op.f("uq_inscriptions_id")),
    )  # fmt: skip
    op.create_index(
        "ix_inscriptions_stone", "inscriptions", ["memorial_pk", "panel", "row", "position"],
        unique=True, sqlite_where=sa.text(LIVE_PUBLISHED), postgresql_where=sa.text(LIVE_PUBLISHED),
    )  # fmt: skip
    op.create_index("ix_inscriptions_memorial_person", "inscriptions", ["memorial_pk", "person_pk"])
    op.create_index("ix_inscriptions_person", "inscriptions", ["person_pk"])
    op.create_index("ix_inscriptions_revision", "inscriptions", ["revision_id", "pk"])


def downgrade() -> None:
    op.drop_index("ix_inscriptions_revision", table_name="inscriptions")
    op.drop_index("ix_inscriptions_person", table_name="inscriptions")
    op.drop_index("ix_inscriptions_memorial_person", table_name="inscriptions")
    op.drop_index("ix_inscriptions_stone", table_name="inscriptions")
    op.drop_table("inscriptions")
