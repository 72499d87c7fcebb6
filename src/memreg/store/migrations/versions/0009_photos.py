"""Photos: the media table gains its stored image, size, thumbnail, kept location and
whether the public sees it.

Revision ID: 0009
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0010"

_COLUMNS = (
    ("width", sa.Integer()),
    ("height", sa.Integer()),
    ("blob_key", sa.String(64)),
    ("thumbnail_key", sa.String(64)),
    ("thumbnail_width", sa.Integer()),
    ("thumbnail_height", sa.Integer()),
    ("lat", sa.Float()),
    ("lon", sa.Float()),
)


def upgrade() -> None:
    with op.batch_alter_table("media") as batch:
        for name, kind in _COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        # Media already in the register were public: they stay so.
        batch.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.create_index("ix_media_memorial", "media", ["memorial_pk", "published", "pk"])


def downgrade() -> None:
    op.drop_index("ix_media_memorial", table_name="media")
    with op.batch_alter_table("media") as batch:
        batch.drop_column("published")
        for name, _ in reversed(_COLUMNS):
            batch.drop_column(name)
