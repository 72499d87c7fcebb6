"""Indexes for harvesting: revisions by time, records by their latest revision.

OAI-PMH (from/until, resumption) and the change feed walk records in the order of the
revision that last changed them, a set (country, region, kind) too: a rare country's page
is then a range of its index, not a scan of the register.

Revision ID: 0006
Revises: 0004
"""

from alembic import op

revision = "0006"
down_revision = "0004"


SETS = ("country", "region", "kind")  # OAI-PMH sets: memorial:<column>:<value>


def upgrade() -> None:
    op.create_index("ix_revisions_at", "revisions", ["at"])
    op.create_index("ix_memorials_revision", "memorials", ["revision_id", "pk"])
    op.create_index("ix_persons_revision", "persons", ["revision_id", "pk"])
    for column in SETS:
        op.create_index(f"ix_memorials_{column}_revision", "memorials",
                        [column, "revision_id", "pk"])  # fmt: skip


def downgrade() -> None:
    for column in SETS:
        op.drop_index(f"ix_memorials_{column}_revision", table_name="memorials")
    op.drop_index("ix_persons_revision", table_name="persons")
    op.drop_index("ix_memorials_revision", table_name="memorials")
    op.drop_index("ix_revisions_at", table_name="revisions")
