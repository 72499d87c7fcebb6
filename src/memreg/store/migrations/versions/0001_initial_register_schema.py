"""The initial register schema, with the spatial index each backend has.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "revisions",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("at", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("record_type", sa.String(length=40), nullable=True),
        sa.Column("record_id", sa.String(length=64), nullable=True),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("source_id", sa.String(length=64), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_revisions")),
    )
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.create_index("ix_revisions_record", ["record_type", "record_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("regions", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "memorials",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("register_number", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("names", sa.JSON(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=True),
        sa.Column("settlement", sa.Text(), nullable=True),
        sa.Column("commemorates", sa.Text(), nullable=True),
        sa.Column("erected", sa.String(length=100), nullable=True),
        sa.Column("buried_total", sa.Integer(), nullable=True),
        sa.Column("buried_known", sa.Integer(), nullable=True),
        sa.Column("buried_unknown", sa.Integer(), nullable=True),
        sa.Column("protection_level", sa.String(length=40), nullable=True),
        sa.Column("protection_number", sa.String(length=100), nullable=True),
        sa.Column("protection_date", sa.String(length=100), nullable=True),
        sa.Column("custodian", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("osm_id", sa.String(length=40), nullable=True),
        sa.Column("wikidata", sa.String(length=20), nullable=True),
        sa.Column("external_ids", sa.JSON(), nullable=True),
        sa.Column("merged_into_pk", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_memorials_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_pk"], ["memorials.pk"], name=op.f("fk_memorials_merged_into_pk_memorials")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_memorials_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_memorials")),
        sa.UniqueConstraint("id", name=op.f("uq_memorials_id")),
        sa.UniqueConstraint("register_number", name=op.f("uq_memorials_register_number")),
    )
    with op.batch_alter_table("memorials", schema=None) as batch_op:
        batch_op.create_index("ix_memorials_country_region", ["country", "region"], unique=False)
        batch_op.create_index("ix_memorials_kind", ["kind"], unique=False)

    op.create_table(
        "persons",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("surname", sa.Text(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=True),
        sa.Column("patronymic", sa.Text(), nullable=True),
        sa.Column("name_variants", sa.JSON(), nullable=True),
        sa.Column("birth_date", sa.String(length=100), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("death_date", sa.String(length=100), nullable=True),
        sa.Column("death_year", sa.Integer(), nullable=True),
        sa.Column("birthplace", sa.Text(), nullable=True),
        sa.Column("rank", sa.Text(), nullable=True),
        sa.Column("unit", sa.Text(), nullable=True),
        sa.Column("fate", sa.String(length=40), nullable=True),
        sa.Column("merged_into_pk", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_persons_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_pk"], ["persons.pk"], name=op.f("fk_persons_merged_into_pk_persons")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_persons_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_persons")),
        sa.UniqueConstraint("id", name=op.f("uq_persons_id")),
    )
    op.create_table(
        "place_honours",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("settlement", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("awarded_on", sa.String(length=100), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_place_honours_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_place_honours_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_place_honours")),
        sa.UniqueConstraint("id", name=op.f("uq_place_honours_id")),
    )
    op.create_table(
        "revision_records",
        sa.Column("revision_pk", sa.Integer(), nullable=False),
        sa.Column("record_type", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_pk"],
            ["revisions.pk"],
            name=op.f("fk_revision_records_revision_pk_revisions"),
        ),
        sa.PrimaryKeyConstraint(
            "revision_pk", "record_type", "record_id", name=op.f("pk_revision_records")
        ),
    )
    with op.batch_alter_table("revision_records", schema=None) as batch_op:
        batch_op.create_index(
            "ix_revision_records_record", ["record_type", "record_id"], unique=False
        )

    op.create_table(
        "sources",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("reference", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_sources_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_sources_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_sources")),
        sa.UniqueConstraint("id", name=op.f("uq_sources_id")),
    )
    op.create_table(
        "events",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("date", sa.String(length=100), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source_pk", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_events_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["memorial_pk"], ["memorials.pk"], name=op.f("fk_events_memorial_pk_memorials")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_events_revision_id_revisions")
        ),
        sa.ForeignKeyConstraint(
            ["source_pk"], ["sources.pk"], name=op.f("fk_events_source_pk_sources")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_events")),
        sa.UniqueConstraint("id", name=op.f("uq_events_id")),
    )
    op.create_table(
        "inspections",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=False),
        sa.Column("inspected_on", sa.String(length=40), nullable=False),
        sa.Column("inspector", sa.Text(), nullable=False),
        sa.Column("condition", sa.String(length=20), nullable=False),
        sa.Column("issues_found", sa.Text(), nullable=True),
        sa.Column("actions_needed", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_inspections_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["memorial_pk"], ["memorials.pk"], name=op.f("fk_inspections_memorial_pk_memorials")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_inspections_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_inspections")),
        sa.UniqueConstraint("id", name=op.f("uq_inspections_id")),
    )
    op.create_table(
        "media",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=True),
        sa.Column("person_pk", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("author", sa.Text(), nullable=True),
        sa.Column("taken_on", sa.String(length=100), nullable=True),
        sa.Column("licence", sa.String(length=100), nullable=True),
        sa.Column("caption", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_revision_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("retired_at", sa.String(length=40), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_revision_id"],
            ["revisions.pk"],
            name=op.f("fk_media_created_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["memorial_pk"], ["memorials.pk"], name=op.f("fk_media_memorial_pk_memorials")
        ),
        sa.ForeignKeyConstraint(
            ["person_pk"], ["persons.pk"], name=op.f("fk_media_person_pk_persons")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revisions.pk"], name=op.f("fk_media_revision_id_revisions")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_media")),
        sa.UniqueConstraint("id", name=op.f("uq_media_id")),
    )
    op.create_table(
        "person_memorials",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("person_pk", sa.Integer(), nullable=False),
        sa.Column("memorial_pk", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("source_pk", sa.Integer(), nullable=True),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["memorial_pk"],
            ["memorials.pk"],
            name=op.f("fk_person_memorials_memorial_pk_memorials"),
        ),
        sa.ForeignKeyConstraint(
            ["person_pk"], ["persons.pk"], name=op.f("fk_person_memorials_person_pk_persons")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["revisions.pk"],
            name=op.f("fk_person_memorials_revision_id_revisions"),
        ),
        sa.ForeignKeyConstraint(
            ["source_pk"], ["sources.pk"], name=op.f("fk_person_memorials_source_pk_sources")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_person_memorials")),
        sa.UniqueConstraint("person_pk", "memorial_pk", "role", name="uq_person_memorials_link"),
    )
    with op.batch_alter_table("person_memorials", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_memorials_memorial", ["memorial_pk", "person_pk"], unique=False
        )

    _create_spatial_index()


def _create_spatial_index() -> None:
    """PostGIS point column with a GiST index; on SQLite an R*Tree kept by triggers."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
        op.execute(
            "ALTER TABLE memorials ADD COLUMN geom geometry(Point, 4326) GENERATED ALWAYS AS "
            "(CASE WHEN lat IS NULL OR lon IS NULL THEN NULL "
            "ELSE ST_SetSRID(ST_MakePoint(lon, lat), 4326) END) STORED"
        )
        op.execute("CREATE INDEX ix_memorials_geom ON memorials USING gist (geom)")
        return
    op.execute(
        "CREATE VIRTUAL TABLE memorials_rtree USING rtree(pk, min_lon, max_lon, min_lat, max_lat)"
    )
    op.execute(
        "CREATE TRIGGER memorials_rtree_insert AFTER INSERT ON memorials "
        "WHEN new.lat IS NOT NULL AND new.lon IS NOT NULL BEGIN "
        "INSERT INTO memorials_rtree VALUES (new.pk, new.lon, new.lon, new.lat, new.lat); END"
    )
    op.execute(
        "CREATE TRIGGER memorials_rtree_update AFTER UPDATE OF lat, lon ON memorials BEGIN "
        "DELETE FROM memorials_rtree WHERE pk = old.pk; "
        "INSERT INTO memorials_rtree SELECT new.pk, new.lon, new.lon, new.lat, new.lat "
        "WHERE new.lat IS NOT NULL AND new.lon IS NOT NULL; END"
    )
    op.execute(
        "CREATE TRIGGER memorials_rtree_delete AFTER DELETE ON memorials BEGIN "
        "DELETE FROM memorials_rtree WHERE pk = old.pk; END"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS memorials_rtree")
    with op.batch_alter_table("person_memorials", schema=None) as batch_op:
        batch_op.drop_index("ix_person_memorials_memorial")

    op.drop_table("person_memorials")
    op.drop_table("media")
    op.drop_table("inspections")
    op.drop_table("events")
    op.drop_table("sources")
    with op.batch_alter_table("revision_records", schema=None) as batch_op:
        batch_op.drop_index("ix_revision_records_record")

    op.drop_table("revision_records")
    op.drop_table("place_honours")
    op.drop_table("persons")
    with op.batch_alter_table("memorials", schema=None) as batch_op:
        batch_op.drop_index("ix_memorials_kind")
        batch_op.drop_index("ix_memorials_country_region")

    op.drop_table("memorials")
    op.drop_table("users")
    with op.batch_alter_table("revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_revisions_record")

    op.drop_table("revisions")
