"""Proposals: contributors' changes waiting for moderation.

Revision ID: 0012
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0008"


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("record_type", sa.String(20), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("proposer", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("country", sa.String(2), nullable=True),
        sa.Column("region", sa.String(10), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("decided_by", sa.String(100), nullable=True),
        sa.Column("decided_at", sa.String(40), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("applied_record_id", sa.String(64), nullable=True),
        sa.Column("applied_revision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["applied_revision_id"], ["revisions.pk"],
            name=op.f("fk_proposals_applied_revision_id_revisions"),
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_proposals")),
        sa.UniqueConstraint("id", name=op.f("uq_proposals_id")),
    )  # fmt: skip
    op.create_index("ix_proposals_queue", "proposals", ["status", "pk"])
    op.create_index("ix_proposals_region", "proposals", ["status", "region", "pk"])
    op.create_index("ix_proposals_country", "proposals", ["status", "country", "pk"])
    op.create_index("ix_proposals_proposer", "proposals", ["proposer", "pk"])
    op.create_index("ix_proposals_record", "proposals", ["record_type", "record_id", "status"])


def downgrade() -> None:
    op.drop_table("proposals")
