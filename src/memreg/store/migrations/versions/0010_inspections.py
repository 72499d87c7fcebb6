"""Condition monitoring: inspections' photos and notes, maintenance tasks, inspection
intervals, and each memorial's condition and next due inspection (derived, with counts).

Revision ID: 0010
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

# The derived rows are filled by their own code, the one way they are kept.
from memreg.store.conditions import rebuild_conditions

revision = "0010"
down_revision = "0011"


def _record_columns(table: str) -> list[sa.Column]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "created_revision_id",
            sa.Integer(),
            sa.ForeignKey("revisions.pk", name=f"fk_{table}_created_revision_id_revisions"),
            nullable=False,
        ),
        sa.Column(
            "revision_id",
            sa.Integer(),
            sa.ForeignKey("revisions.pk", name=f"fk_{table}_revision_id_revisions"),
            nullable=False,
        ),
        sa.Column("retired_at", sa.String(length=40)),
        sa.Column("retired_reason", sa.Text()),
    ]


def upgrade() -> None:
    op.add_column("inspections", sa.Column("photos", sa.JSON()))
    op.add_column("inspections", sa.Column("notes", sa.Text()))
    op.create_index("ix_inspections_memorial", "inspections", ["memorial_pk", "inspected_on", "pk"])
    op.create_index("ix_events_memorial", "events", ["memorial_pk", "kind"])
    op.create_table(
        "maintenance_tasks",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column(
            "inspection_pk",
            sa.Integer(),
            sa.ForeignKey("inspections.pk", name="fk_maintenance_tasks_inspection_pk_inspections"),
            nullable=False,
        ),
        sa.Column(
            "memorial_pk",
            sa.Integer(),
            sa.ForeignKey("memorials.pk", name="fk_maintenance_tasks_memorial_pk_memorials"),
            nullable=False,
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text()),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("state_changed_at", sa.String(length=40), nullable=False),
        sa.Column("state_changed_by", sa.String(length=200), nullable=False),
        *_record_columns("maintenance_tasks"),
        sa.PrimaryKeyConstraint("pk", name="pk_maintenance_tasks"),
        sa.UniqueConstraint("id", name="uq_maintenance_tasks_id"),
    )
    op.create_index("ix_maintenance_tasks_memorial", "maintenance_tasks", ["memorial_pk", "state"])
    op.create_index("ix_maintenance_tasks_inspection", "maintenance_tasks", ["inspection_pk"])
    op.create_index("ix_maintenance_tasks_state", "maintenance_tasks", ["state", "pk"])
    op.create_table(
        "inspection_intervals",
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("years", sa.SmallInteger(), nullable=False),
        sa.Column(
            "revision_id",
            sa.Integer(),
            sa.ForeignKey("revisions.pk", name="fk_inspection_intervals_revision_id_revisions"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("kind", "region", name="pk_inspection_intervals"),
    )
    op.create_table(
        "memorial_conditions",
        sa.Column(
            "pk",
            sa.Integer(),
            sa.ForeignKey("memorials.pk", name="fk_memorial_conditions_pk_memorials"),
            autoincrement=False,
            nullable=False,
        ),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("inspection_pk", sa.Integer()),
        sa.Column("last_inspected", sa.String(length=10)),
        sa.Column("grade", sa.String(length=20), nullable=False),
        sa.Column("damaged", sa.SmallInteger(), nullable=False),
        sa.Column("attention", sa.SmallInteger(), nullable=False),
        sa.Column("due_on", sa.String(length=10), nullable=False),
        sa.Column("open_tasks", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("pk", name="pk_memorial_conditions"),
    )
    op.create_index(
        "ix_memorial_conditions_queue",
        "memorial_conditions",
        ["region", "attention", "due_on", "pk"],
    )
    op.create_index("ix_memorial_conditions_due", "memorial_conditions", ["due_on"])
    op.create_table(
        "condition_counts",
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("bucket", sa.String(length=20), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("region", "bucket", name="pk_condition_counts"),
    )
    rebuild_conditions(op.get_bind())


def downgrade() -> None:
    op.drop_table("condition_counts")
    op.drop_table("memorial_conditions")
    op.drop_table("inspection_intervals")
    op.drop_table("maintenance_tasks")
    op.drop_index("ix_events_memorial", table_name="events")
    op.drop_index("ix_inspections_memorial", table_name="inspections")
    op.drop_column("inspections", "notes")
    op.drop_column("inspections", "photos")
