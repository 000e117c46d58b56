"""Table definitions (SQLAlchemy Core). Migrations under ``migrations/`` create and evolve them.

Derived tables (artifacts, aliases, offers, artifact_capabilities, evidence) are rebuilt from
``source_records`` on every ingest; learning tables are keyed by slug so they survive that rebuild.
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
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)

source_records = Table(
    "source_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(32), nullable=False),
    Column("key", String(512), nullable=False),
    Column("url", Text),
    Column("fetched_at", String(32), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("source", "key"),
)

artifacts = Table(
    "artifacts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(255), nullable=False, unique=True),
    Column("name", String(255), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("organization", String(128)),
    Column("family", String(128)),
    Column("release_date", String(10)),
    Column("status", String(16), nullable=False),
    Column("deprecation_date", String(10)),
    Column("license", String(128)),
    Column("open_weights", Boolean),
    Column("parameters", BigInteger),
    Column("input_modalities", JSON, nullable=False),
    Column("output_modalities", JSON, nullable=False),
    Column("context_window", BigInteger),
    Column("max_output", BigInteger),
    Column("description", Text),
    # Starting prices: the cheapest active offer's, kept here so filters need no join.
    Column("input_per_mtok", Float),
    Column("output_per_mtok", Float),
    Column("per_image", Float),
    Column("starting_offer_id", Integer),  # the offer those prices come from (no FK: offers point here)
    Column("hosts_count", Integer, nullable=False),
    # Resolved facts: name -> {value, status, for, against, rule, records} (catalog/claims.py).
    Column("facts", JSON),
    Column("family_head", String(255), index=True),  # the slug a person types for this model's family
    Column("knowledge_cutoff", String(10)),
    Column("creator_offer_id", Integer),  # the creator's own priced offer, when there is one
)

aliases = Table(
    "aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alias", String(512), nullable=False),
    Column("alias_norm", String(512), nullable=False, index=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("source", String(32), nullable=False),
    UniqueConstraint("alias_norm", "artifact_id"),
)

offers = Table(
    "offers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("host", String(64), nullable=False),
    Column("host_key", String(512), nullable=False),
    Column("source", String(32), nullable=False),
    Column("source_key", String(512), nullable=False),
    Column("mode", String(32)),
    Column("prices", JSON, nullable=False),
    Column("input_per_mtok", Float),
    Column("output_per_mtok", Float),
    Column("per_image", Float),
    Column("context_window", BigInteger),
    Column("max_output", BigInteger),
    Column("flags", JSON, nullable=False),
    Column("status", String(16), nullable=False),
    Column("deprecation_date", String(10)),
    Column("url", Text),
    Column("kind", String(16), nullable=False, server_default="api"),  # one of OFFER_KINDS
    Column("expires", String(10)),  # a preview's end date, when the source states it
    Column("stated_prices", JSON),  # prices exactly as the source states them (``prices`` is typed)
    Column("price_notes", JSON),  # unit conversions applied (per pixel -> per image...)
    Column("first_party", Boolean, nullable=False, server_default=false()),
    Column("also_stated_by", JSON),  # other sources' records of this same host offer
)

capabilities = Table(
    "capabilities",
    metadata,
    Column("uri", String(160), primary_key=True),
    Column("name", String(160), nullable=False),
    Column("parent", String(160)),
    Column("description", Text, nullable=False),
    Column("synonyms", JSON, nullable=False),
    Column("intents", JSON, nullable=False),
    Column("measured_by", JSON, nullable=False),
    Column("taxonomy_version", String(32), nullable=False),
)

artifact_capabilities = Table(
    "artifact_capabilities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("capability_uri", String(160), nullable=False, index=True),
    Column("how_known", String(32), nullable=False),
    Column("declared_by", JSON, nullable=False),
    Column("description", Text, nullable=False),
    Column("intents", JSON, nullable=False),
    Column("best_for", JSON, nullable=False),
    Column("limitations", JSON, nullable=False),
    Column("requires", JSON, nullable=False),
    Column("unique_aspect", Text),
    Column("vs_alternatives", Text),
    Column("confidence", Float, nullable=False),
    UniqueConstraint("artifact_id", "capability_uri"),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("artifact_id", Integer, ForeignKey("artifacts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("capability_uri", String(160)),
    Column("metric", String(160), nullable=False),
    Column("value", Float, nullable=False),
    Column("ci_low", Float),
    Column("ci_high", Float),
    Column("sample_size", Integer),
    Column("source", String(32), nullable=False),
    Column("source_key", String(512), nullable=False),
    Column("source_url", Text),
    Column("observed_at", String(32)),
    Column("fetched_at", String(32)),
    # "independent" (measured by someone other than the maker) or "self_reported"; see EVIDENCE_KINDS.
    Column("kind", String(16), nullable=False, server_default="independent"),
    # Facts about the run kept for display (edit format, reasoning setting, task count...).
    Column("details", JSON),
)

match_events = Table(
    "match_events",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("query", Text, nullable=False),
    Column("constraints", JSON, nullable=False),
    Column("results", JSON, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("client", String(64)),
    # Keyed searches (client "key:…") are looked up by prefix; text_pattern_ops lets PostgreSQL's LIKE use it.
    Index("ix_match_events_client", "client", postgresql_ops={"client": "text_pattern_ops"}),
)

outcomes = Table(
    "outcomes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", String(36), ForeignKey("match_events.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("slug", String(255), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("client", String(64)),
    # Whether it moved learned success: a keyed client's first outcome for the slug (see outcome_credits).
    Column("counted", Boolean, nullable=False, server_default=false()),
    # Exactly one outcome per (event, artifact), whatever the number of writers.
    UniqueConstraint("event_id", "slug", name="uq_outcomes_event_id_slug"),
)

# One credited outcome per (keyed client, artifact): the primary key settles concurrent writers.
outcome_credits = Table(
    "outcome_credits",
    metadata,
    Column("client", String(64), primary_key=True),
    Column("slug", String(255), primary_key=True),
    Column("event_id", String(36), nullable=False),
)

# Learned counters per slug and capability, kept apart from derived rows so re-ingest keeps them.
capability_stats = Table(
    "capability_stats",
    metadata,
    Column("slug", String(255), primary_key=True),
    Column("capability_uri", String(160), primary_key=True),
    Column("times_matched", Integer, nullable=False),
    Column("successes", Integer, nullable=False),
    Column("failures", Integer, nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source", String(32), nullable=False),
    Column("location", Text, nullable=False),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32), nullable=False),
    Column("records", Integer, nullable=False),
    Column("report", JSON, nullable=False),
)

catalog_meta = Table(
    "catalog_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Tables rebuilt by derivation, in an order that respects foreign keys when inserting.
DERIVED_TABLES = (artifacts, aliases, offers, artifact_capabilities, evidence)

# API keys for protected writes: only a hash of each key is stored; the key itself is shown once.
api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(128), nullable=False, unique=True),
    Column("prefix", String(16), nullable=False),
    Column("key_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
)

# Who published each manifest slug and namespace (organization part) first: later manifests for
# them must come from the same API key. ``kind`` is ``slug`` or ``namespace``.
slug_owners = Table(
    "slug_owners",
    metadata,
    Column("kind", String(16), primary_key=True),
    Column("name", String(255), primary_key=True),
    Column("owner", String(128), nullable=False),
    Column("created_at", String(32), nullable=False),
)

# Token buckets for rate limits, shared by every process and replica using the store.
rate_limits = Table(
    "rate_limits",
    metadata,
    Column("bucket", String(255), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("updated", Float, nullable=False),
    Column("granted", Boolean, nullable=False),  # whether the last hit took a token
)

# Sentence vectors of the texts matching embeds (taxonomy names, synonyms, intents, descriptions),
# filled when the catalog is derived; ``key`` is a hash of the encoder name and the text.
text_vectors = Table(
    "text_vectors",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("model", String(64), nullable=False),
    Column("vector", LargeBinary, nullable=False),
)
