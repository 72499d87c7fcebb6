"""The register's tables. Alembic migrations create them; this module is the one description.

Every record has an integer key `pk` used by links, a public `id` that never changes, a
`version` for optimistic locking, and points to the revision that created it and to the
one that last changed it. Records are retired (retired_at, retired_reason), never deleted.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
    true,
)

# The newest migration (store/migrations/versions); a test checks it is Alembic's head.
SCHEMA_HEAD = "0009"  # chain 0001 0002 0004 0006 0005 0007 0008 0012 0011 0010 0009: ids say who

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _record_columns() -> list[Column]:
    """Columns every register record carries."""
    return [
        Column("version", Integer, nullable=False, default=1),
        Column("created_revision_id", Integer, ForeignKey("revisions.pk"), nullable=False),
        Column("revision_id", Integer, ForeignKey("revisions.pk"), nullable=False),
        Column("retired_at", String(40)),
        Column("retired_reason", Text),
    ]


revisions = Table(
    "revisions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("action", String(20), nullable=False),
    Column("reason", Text),
    Column("record_type", String(40)),
    Column("record_id", String(64)),
    Column("before", JSON),
    Column("after", JSON),
    Column("file_name", Text),
    Column("file_sha256", String(64)),
    Column("source_id", String(64)),
    Column("summary", JSON),
    Index("ix_revisions_record", "record_type", "record_id"),
    Index("ix_revisions_at", "at"),  # harvests ask "changed since"
)

# Records an import changed (not created): their history must show that import.
revision_records = Table(
    "revision_records",
    metadata,
    Column("revision_pk", Integer, ForeignKey("revisions.pk"), primary_key=True),
    Column("record_type", String(40), primary_key=True),
    Column("record_id", String(64), primary_key=True),
    Index("ix_revision_records_record", "record_type", "record_id"),
)

sources = Table(
    "sources",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("title", Text, nullable=False),
    Column("reference", Text),
    Column("url", Text),
    *_record_columns(),
)

memorials = Table(
    "memorials",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("register_number", String(64), unique=True),
    Column("kind", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("names", JSON, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("address", Text),
    Column("country", String(2), nullable=False),
    Column("region", String(10)),
    Column("settlement", Text),
    Column("commemorates", Text),
    Column("erected", String(100)),
    Column("buried_total", Integer),
    Column("buried_known", Integer),
    Column("buried_unknown", Integer),
    Column("protection_level", String(40)),
    Column("protection_number", String(100)),
    Column("protection_date", String(100)),
    Column("custodian", Text),
    Column("status", String(20), nullable=False),
    Column("osm_id", String(40)),
    Column("wikidata", String(20)),
    Column("external_ids", JSON),
    Column("outline", JSON),  # GeoJSON Polygon or MultiPolygon in WGS84, when the source has one
    Column("merged_into_pk", Integer, ForeignKey("memorials.pk")),
    *_record_columns(),
    # Lists filtered by one of these come out in id order straight from the index
    # (on PostgreSQL the id in these indexes is ordered by code point, COLLATE "C").
    Index("ix_memorials_country_id", "country", "id"),
    Index("ix_memorials_region_id", "region", "id"),
    Index("ix_memorials_kind_id", "kind", "id"),
    Index("ix_memorials_status_id", "status", "id"),
    # Reconciliation and suggest look memorials up by name and by settlement.
    Index("ix_memorials_name", "name"),
    Index("ix_memorials_settlement", "settlement"),
    # Harvests and the change feed walk records in the order of their latest revision,
    # all of them or one set (memorial:country:BY ...).
    Index("ix_memorials_revision", "revision_id", "pk"),
    Index("ix_memorials_country_revision", "country", "revision_id", "pk"),
    Index("ix_memorials_region_revision", "region", "revision_id", "pk"),
    Index("ix_memorials_kind_revision", "kind", "revision_id", "pk"),
)

persons = Table(
    "persons",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("surname", Text, nullable=False),
    Column("given_name", Text),
    Column("patronymic", Text),
    Column("name_variants", JSON),
    Column("birth_date", String(100)),
    Column("birth_year", Integer),
    Column("death_date", String(100)),
    Column("death_year", Integer),
    Column("birthplace", Text),
    Column("rank", Text),
    Column("rank_variants", JSON),  # other ranks the sources give (`красноармеец|рядовой`)
    Column("unit", Text),
    Column("fate", String(40)),
    Column("merged_into_pk", Integer, ForeignKey("persons.pk")),
    *_record_columns(),
    Index("ix_persons_revision", "revision_id", "pk"),
    Index("ix_persons_name_birth", "surname", "given_name", "birth_year"),
)

person_memorials = Table(
    "person_memorials",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("person_pk", Integer, ForeignKey("persons.pk"), nullable=False),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk"), nullable=False),
    Column("role", String(40), nullable=False),
    Column("source_pk", Integer, ForeignKey("sources.pk")),
    Column("revision_id", Integer, ForeignKey("revisions.pk"), nullable=False),
    # The person's order among a memorial's names (domain/tallies.py), kept with the link so
    # any page of a memorial's names is an index range, however many names it holds.
    Column("sort_key", Text, nullable=False),
    Column("birth_sort", Integer, nullable=False),
    UniqueConstraint("person_pk", "memorial_pk", "role", name="uq_person_memorials_link"),
    Index("ix_person_memorials_by_name", "memorial_pk", "sort_key", "role"),
    Index("ix_person_memorials_by_birth", "memorial_pk", "birth_sort", "sort_key", "role"),
)

# Running totals (domain/tallies.py), kept current by every write in its unit of work.
register_counts = Table(
    "register_counts",
    metadata,
    Column("dimension", String(60), primary_key=True),
    Column("value", String(100), primary_key=True),
    Column("count", BigInteger, nullable=False),
)

media = Table(
    "media",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk")),
    Column("person_pk", Integer, ForeignKey("persons.pk")),
    Column("file_name", Text, nullable=False),
    Column("media_type", String(100)),
    Column("sha256", String(64)),
    Column("author", Text),
    Column("taken_on", String(100)),
    Column("licence", String(100)),
    Column("caption", Text),
    # Photos (services/photos.py, 0009): the stored image and its thumbnail as blob keys
    # (store/blobs.py), its size, the location kept at the uploader's choice, and whether the
    # public sees it (a proposed photo waits unpublished until it is approved).
    Column("width", Integer),
    Column("height", Integer),
    Column("blob_key", String(64)),
    Column("thumbnail_key", String(64)),
    Column("thumbnail_width", Integer),
    Column("thumbnail_height", Integer),
    Column("lat", Float),
    Column("lon", Float),
    Column("published", Boolean, nullable=False, server_default=true()),
    *_record_columns(),
    Index("ix_media_memorial", "memorial_pk", "published", "pk"),
)

inspections = Table(
    "inspections",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk"), nullable=False),
    Column("inspected_on", String(40), nullable=False),
    Column("inspector", Text, nullable=False),
    Column("condition", String(20), nullable=False),  # the grade (domain/inspections.py)
    Column("issues_found", Text),  # the checklist: issue codes, sorted, comma-separated
    Column("actions_needed", Text),
    Column("photos", JSON),  # ids of media rows
    Column("notes", Text),
    *_record_columns(),
    Index("ix_inspections_memorial", "memorial_pk", "inspected_on", "pk"),
)

# Maintenance work found by an inspection, and where it stands (open, in_progress, done).
maintenance_tasks = Table(
    "maintenance_tasks",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("inspection_pk", Integer, ForeignKey("inspections.pk"), nullable=False),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk"), nullable=False),
    Column("title", Text, nullable=False),
    Column("notes", Text),
    Column("state", String(20), nullable=False),
    Column("state_changed_at", String(40), nullable=False),
    Column("state_changed_by", String(200), nullable=False),
    *_record_columns(),
    Index("ix_maintenance_tasks_memorial", "memorial_pk", "state"),
    Index("ix_maintenance_tasks_inspection", "inspection_pk"),
    Index("ix_maintenance_tasks_state", "state", "pk"),
)

# How often memorials are to be inspected: '' stands for any kind or any region; the most
# specific row that applies wins (domain/inspections.interval_for), else every 3 years.
inspection_intervals = Table(
    "inspection_intervals",
    metadata,
    Column("kind", String(40), nullable=False),
    Column("region", String(10), nullable=False),
    Column("years", SmallInteger, nullable=False),
    Column("revision_id", Integer, ForeignKey("revisions.pk"), nullable=False),
    PrimaryKeyConstraint("kind", "region", name="pk_inspection_intervals"),
)

events = Table(
    "events",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk"), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("date", String(100)),
    Column("description", Text),
    Column("source_pk", Integer, ForeignKey("sources.pk")),
    *_record_columns(),
    Index("ix_events_memorial", "memorial_pk", "kind"),  # damage reported (store/conditions.py)
)

place_honours = Table(
    "place_honours",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("settlement", Text, nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(10)),
    Column("title", Text, nullable=False),  # a code of domain/vocabulary.HonourTitle
    Column("awarded_on", String(100)),
    Column("title_year", Integer),  # the year a title names (cultural capital of 2027)
    Column("source_pk", Integer, ForeignKey("sources.pk")),  # the decision that awarded it
    *_record_columns(),
)

# The sources' own ids of the records they gave (`obd:6891611`, `osm:node/123`): a
# re-import finds its records by them, and a merge moves them to the surviving record.
source_keys = Table(
    "source_keys",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("record_type", String(20), nullable=False),
    Column("key", String(240), nullable=False),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk")),
    Column("person_pk", Integer, ForeignKey("persons.pk")),
    Column("revision_id", Integer, ForeignKey("revisions.pk"), nullable=False),
    UniqueConstraint("record_type", "key", name="uq_source_keys_key"),
    Index("ix_source_keys_memorial", "memorial_pk"),
    Index("ix_source_keys_person", "person_pk"),
)

# Candidate duplicates found by `memreg duplicates`, and what a registrar decided.
duplicate_pairs = Table(
    "duplicate_pairs",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("record_type", String(20), nullable=False),
    Column("a_pk", Integer, nullable=False),
    Column("b_pk", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("why", JSON, nullable=False),
    Column("status", String(20), nullable=False),  # open, merged, distinct
    Column("found_at", String(40), nullable=False),
    Column("decided_revision_id", Integer, ForeignKey("revisions.pk")),
    UniqueConstraint("record_type", "a_pk", "b_pk", name="uq_duplicate_pairs_pair"),
    Index("ix_duplicate_pairs_status", "record_type", "status", "score"),
)

users = Table(
    "users",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("username", String(100), nullable=False, unique=True),
    Column("display_name", Text),
    Column("password_hash", Text, info={"secret": True}),  # left out of dumps by default
    Column("role", String(20), nullable=False),
    Column("regions", JSON),
    Column("created_at", String(40), nullable=False),
    Column("retired_at", String(40)),
)

# Failed sign-ins per account and per client address in the current window, so that
# guessing passwords is throttled across every worker and app server of the register.
auth_failures = Table(
    "auth_failures",
    metadata,
    Column("key", String(300), primary_key=True),  # "account:<name>" or "address:<ip>"
    Column("window_start", Float, nullable=False),  # epoch seconds of the first failure
    Column("failures", Integer, nullable=False),
)

# Signed-in browser sessions: the cookie holds a random token, the register only its hash.
sessions = Table(
    "sessions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("token_hash", String(64), unique=True, info={"secret": True}),
    Column("user_pk", Integer, ForeignKey("users.pk"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", Float, nullable=False),  # epoch seconds; moved on by use
    Column("seen_at", Float, nullable=False),
    Column("address", String(100)),
    Column("ended_at", String(40)),
    Index("ix_sessions_user", "user_pk"),
)

# API tokens of machine clients: shown once, kept as a hash, scoped, revocable.
api_tokens = Table(
    "api_tokens",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(32), nullable=False, unique=True),  # public: names it in lists
    Column("token_hash", String(64), unique=True, info={"secret": True}),
    Column("user_pk", Integer, ForeignKey("users.pk"), nullable=False),
    Column("name", Text, nullable=False),
    Column("scopes", JSON, nullable=False),  # actions of domain/permissions.py
    Column("created_at", String(40), nullable=False),
    Column("used_at", Float),
    Column("revoked_at", String(40)),
    Index("ix_api_tokens_user", "user_pk"),
)

# Append-only: sign-ins, failed sign-ins, role changes, token use, approvals, merges and
# reverts. Triggers refuse UPDATE and DELETE (store/audit.py).
audit_log = Table(
    "audit_log",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("at", String(40), nullable=False),
    Column("action", String(40), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("subject", String(300)),
    Column("address", String(100)),
    Column("detail", JSON),
    Index("ix_audit_log_action", "action", "pk"),
)

# Proposals of contributors waiting for moderation (DESIGN.md: Submission). What they would
# change is kept as given; approving applies it through the editing services, as a
# revision crediting the proposer.
proposals = Table(
    "proposals",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(32), nullable=False, unique=True),
    Column("kind", String(30), nullable=False),  # domain/proposals.py ProposalKind
    Column("record_type", String(20), nullable=False),  # what it changes or adds
    Column("record_id", String(64)),  # the record it changes (none for a new memorial)
    Column("base_version", Integer),  # the version the proposer saw
    Column("changes", JSON, nullable=False),
    Column("note", Text),
    Column("proposer", String(100), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("country", String(2)),  # where it is, for custodians' queues
    Column("region", String(10)),
    Column("status", String(20), nullable=False),  # pending, approved, rejected
    Column("decided_by", String(100)),
    Column("decided_at", String(40)),
    Column("decision_reason", Text),
    Column("applied_record_id", String(64)),
    Column("applied_revision_id", Integer, ForeignKey("revisions.pk")),
    Index("ix_proposals_queue", "status", "pk"),
    Index("ix_proposals_region", "status", "region", "pk"),
    Index("ix_proposals_country", "status", "country", "pk"),
    Index("ix_proposals_proposer", "proposer", "pk"),
    Index("ix_proposals_record", "record_type", "record_id", "status"),
)

# --- derived rows: kept current by the writes' unit of work (store/map_index.py) -----------

# The map's view of each live, located memorial: where it falls on the Web Mercator grid
# (x, y at 2**24 cells a side) and the values the map filters by.
map_points = Table(
    "map_points",
    metadata,
    Column("pk", Integer, ForeignKey("memorials.pk"), primary_key=True, autoincrement=False),
    Column("x", Integer, nullable=False),
    Column("y", Integer, nullable=False),
    Column("cx16", Integer, nullable=False),  # x >> 8: the column of its level-16 cell
    Column("lat_e6", Integer, nullable=False),  # microdegrees
    Column("lon_e6", Integer, nullable=False),
    Column("names", Integer, nullable=False),  # live persons linked to it
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("has_names", String(3), nullable=False),
    Column("country", String(2), nullable=False),
    Column("region", String(10), nullable=False),
    Column("conflict", String(100), nullable=False),
    Column("condition", String(20), nullable=False),
    Column("settlement", Text, nullable=False),
    Index("ix_map_points_cell", "cx16", "y"),
)

MAP_DIMENSIONS = ("kind", "status", "has_names", "country", "region", "conflict", "condition")

# Memorials counted per grid cell, zoom level 0-16, by `family`: 0 keeps every dimension,
# the others only country and region plus at most one more ('*' stands for "any").
map_cells = Table(
    "map_cells",
    metadata,
    Column("level", SmallInteger, nullable=False),
    Column("family", SmallInteger, nullable=False),
    Column("cx", Integer, nullable=False),
    Column("cy", Integer, nullable=False),
    *(Column(name, String(100), nullable=False) for name in MAP_DIMENSIONS),
    Column("n", Integer, nullable=False),
    Column("lat_sum", BigInteger, nullable=False),  # microdegrees, so sums stay exact
    Column("lon_sum", BigInteger, nullable=False),
    Column("pk_sum", BigInteger, nullable=False),  # the memorial's pk when n == 1
    # Bounds of the points; after a removal they may stay larger than needed, never smaller.
    Column("min_lat", Integer),
    Column("min_lon", Integer),
    Column("max_lat", Integer),
    Column("max_lon", Integer),
    PrimaryKeyConstraint("level", "family", "cx", "cy", *MAP_DIMENSIONS, name="pk_map_cells"),
    sqlite_with_rowid=False,
)

# The register's own settlements (every one with a located memorial): where they are, for
# "near a place" and the search page; `folded` is the name in its matching form.
map_places = Table(
    "map_places",
    metadata,
    Column("country", String(2), nullable=False),
    Column("region", String(10), nullable=False),
    Column("settlement", Text, nullable=False),
    Column("folded", Text, nullable=False),
    Column("n", Integer, nullable=False),
    Column("lat_sum", BigInteger, nullable=False),
    Column("lon_sum", BigInteger, nullable=False),
    PrimaryKeyConstraint("country", "region", "settlement", name="pk_map_places"),
    Index("ix_map_places_folded", "folded"),
    sqlite_with_rowid=False,
)

# Names as carved on a memorial (services/inscriptions.py): the text exactly as typed, where
# it stands on the stone, the photo it was read from, the person it names once identified.
# Published ones are the stone's list; proposed ones wait for moderation, unseen.
inscriptions = Table(
    "inscriptions",
    metadata,
    Column("pk", Integer, primary_key=True),
    Column("id", String(64), nullable=False, unique=True),
    Column("memorial_pk", Integer, ForeignKey("memorials.pk"), nullable=False),
    Column("text", Text, nullable=False),
    Column("panel", Integer, nullable=False),
    Column("row", Integer, nullable=False),
    Column("position", Integer, nullable=False),
    Column("media_pk", Integer, ForeignKey("media.pk")),
    Column("person_pk", Integer, ForeignKey("persons.pk")),
    Column("status", String(20), nullable=False),  # published, proposed
    Column("note", Text),
    *_record_columns(),
    # The stone's list: one live published name per place, read in place order by range.
    Index(
        "ix_inscriptions_stone", "memorial_pk", "panel", "row", "position", unique=True,
        sqlite_where=text("retired_at IS NULL AND status = 'published'"),
        postgresql_where=text("retired_at IS NULL AND status = 'published'"),
    ),
    Index("ix_inscriptions_memorial_person", "memorial_pk", "person_pk"),
    Index("ix_inscriptions_person", "person_pk"),
    Index("ix_inscriptions_revision", "revision_id", "pk"),
)  # fmt: skip

# Each live memorial's condition as its inspections, events and status say, and when its
# next inspection is due (store/conditions.py): a region's dashboard is one index range.
memorial_conditions = Table(
    "memorial_conditions",
    metadata,
    Column("pk", Integer, ForeignKey("memorials.pk"), primary_key=True, autoincrement=False),
    Column("region", String(10), nullable=False),  # '' when the memorial has none
    Column("kind", String(40), nullable=False),
    Column("status", String(20), nullable=False),
    Column("inspection_pk", Integer),  # its latest live inspection
    Column("last_inspected", String(10)),
    Column("grade", String(20), nullable=False),  # '' when never inspected
    Column("damaged", SmallInteger, nullable=False),  # 1: reported damaged or vandalised
    Column("attention", SmallInteger, nullable=False),  # 0 damaged, 1 critical, 2 routine
    Column("due_on", String(10), nullable=False),  # '' when never inspected
    Column("open_tasks", Integer, nullable=False),  # tasks not done
    Index("ix_memorial_conditions_queue", "region", "attention", "due_on", "pk"),
    Index("ix_memorial_conditions_due", "due_on"),
)

# memorial_conditions counted per region and bucket ('damaged', 'critical', 'never',
# 'tasks', 'due:YYYY-MM'), kept current with it: the dashboard reads these few rows.
condition_counts = Table(
    "condition_counts",
    metadata,
    Column("region", String(10), nullable=False),
    Column("bucket", String(20), nullable=False),
    Column("n", BigInteger, nullable=False),
    PrimaryKeyConstraint("region", "bucket", name="pk_condition_counts"),
)

# Tables that hold register records, with the record type their revisions name.
RECORD_TABLES: dict[str, Table] = {
    "source": sources,
    "memorial": memorials,
    "person": persons,
    "media": media,
    "inspection": inspections,
    "task": maintenance_tasks,
    "event": events,
    "place_honour": place_honours,
    "inscription": inscriptions,
}

# Person search (src/memreg/search): each live person's name keys (domain/names/entries.py),
# one row per surname key, ordered so that a look-up narrows by surname, given name,
# father's name and birth year as plain B-tree ranges.
person_name_keys = Table(
    "person_name_keys",
    metadata,
    Column("skey", Text, nullable=False),
    Column("gkey", Text, nullable=False),
    Column("pkey", Text, nullable=False),
    Column("birth_year", Integer, nullable=False),  # 0 when unknown
    Column("person_pk", Integer, nullable=False),
    PrimaryKeyConstraint(
        "skey", "gkey", "pkey", "birth_year", "person_pk", name="pk_person_name_keys"
    ),
    sqlite_with_rowid=False,
)

# The surname keys' deletion neighbourhoods: every key under itself and under each of its
# one-letter-shorter forms, so keys within about two edits of a typed one are one look-up.
person_name_vocabulary = Table(
    "person_name_vocabulary",
    metadata,
    Column("dkey", Text, nullable=False),
    Column("skey", Text, nullable=False),
    PrimaryKeyConstraint("dkey", "skey", name="pk_person_name_vocabulary"),
    sqlite_with_rowid=False,
)

# Order that respects foreign keys, for copying and clearing a whole register.
TABLE_ORDER: list[Table] = [
    users,
    revisions,
    sources,
    revision_records,
    memorials,
    persons,
    person_memorials,
    source_keys,
    duplicate_pairs,
    media,
    inspections,
    maintenance_tasks,
    inspection_intervals,
    events,
    place_honours,
    inscriptions,
    register_counts,
    auth_failures,
    sessions,
    api_tokens,
    audit_log,
    proposals,
    map_points,
    map_cells,
    map_places,
    person_name_keys,
    person_name_vocabulary,
    memorial_conditions,
    condition_counts,
]
