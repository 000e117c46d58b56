"""Initial catalog, evidence and event tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("fetched_at", sa.String(32), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.UniqueConstraint("source", "key", name="uq_source_records_source"),
    )
    op.create_table(
        "artifacts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(255), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("organization", sa.String(128)),
        sa.Column("family", sa.String(128)),
        sa.Column("release_date", sa.String(10)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deprecation_date", sa.String(10)),
        sa.Column("license", sa.String(128)),
        sa.Column("open_weights", sa.Boolean),
        sa.Column("parameters", sa.BigInteger),
        sa.Column("input_modalities", sa.JSON, nullable=False),
        sa.Column("output_modalities", sa.JSON, nullable=False),
        sa.Column("context_window", sa.BigInteger),
        sa.Column("max_output", sa.BigInteger),
        sa.Column("description", sa.Text),
        sa.Column("input_per_mtok", sa.Float),
        sa.Column("output_per_mtok", sa.Float),
        sa.Column("per_image", sa.Float),
        sa.Column("starting_offer_id", sa.Integer),
        sa.Column("hosts_count", sa.Integer, nullable=False),
        sa.UniqueConstraint("slug", name="uq_artifacts_slug"),
    )
    op.create_table(
        "aliases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alias", sa.String(512), nullable=False),
        sa.Column("alias_norm", sa.String(512), nullable=False),
        sa.Column(
            "artifact_id",
            sa.Integer,
            sa.ForeignKey("artifacts.id", ondelete="CASCADE", name="fk_aliases_artifact_id_artifacts"),
            nullable=False,
        ),
        sa.Column("source", sa.String(32), nullable=False),
        sa.UniqueConstraint("alias_norm", "artifact_id", name="uq_aliases_alias_norm"),
    )
    op.create_index("ix_aliases_alias_norm", "aliases", ["alias_norm"])
    op.create_table(
        "offers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artifact_id",
            sa.Integer,
            sa.ForeignKey("artifacts.id", ondelete="CASCADE", name="fk_offers_artifact_id_artifacts"),
            nullable=False,
        ),
        sa.Column("host", sa.String(64), nullable=False),
        sa.Column("host_key", sa.String(512), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("source_key", sa.String(512), nullable=False),
        sa.Column("mode", sa.String(32)),
        sa.Column("prices", sa.JSON, nullable=False),
        sa.Column("input_per_mtok", sa.Float),
        sa.Column("output_per_mtok", sa.Float),
        sa.Column("per_image", sa.Float),
        sa.Column("context_window", sa.BigInteger),
        sa.Column("max_output", sa.BigInteger),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("deprecation_date", sa.String(10)),
        sa.Column("url", sa.Text),
    )
    op.create_index("ix_offers_artifact_id", "offers", ["artifact_id"])
    op.create_table(
        "capabilities",
        sa.Column("uri", sa.String(160), primary_key=True),
        sa.Column("name", sa.String(160), nullable=False),
        sa.Column("parent", sa.String(160)),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("synonyms", sa.JSON, nullable=False),
        sa.Column("intents", sa.JSON, nullable=False),
        sa.Column("measured_by", sa.JSON, nullable=False),
        sa.Column("taxonomy_version", sa.String(32), nullable=False),
    )
    op.create_table(
        "artifact_capabilities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artifact_id",
            sa.Integer,
            sa.ForeignKey(
                "artifacts.id", ondelete="CASCADE", name="fk_artifact_capabilities_artifact_id_artifacts"
            ),
            nullable=False,
        ),
        sa.Column("capability_uri", sa.String(160), nullable=False),
        sa.Column("how_known", sa.String(32), nullable=False),
        sa.Column("declared_by", sa.JSON, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("intents", sa.JSON, nullable=False),
        sa.Column("best_for", sa.JSON, nullable=False),
        sa.Column("limitations", sa.JSON, nullable=False),
        sa.Column("requires", sa.JSON, nullable=False),
        sa.Column("unique_aspect", sa.Text),
        sa.Column("vs_alternatives", sa.Text),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.UniqueConstraint("artifact_id", "capability_uri", name="uq_artifact_capabilities_artifact_id"),
    )
    op.create_index("ix_artifact_capabilities_artifact_id", "artifact_capabilities", ["artifact_id"])
    op.create_index("ix_artifact_capabilities_capability_uri", "artifact_capabilities", ["capability_uri"])
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "artifact_id",
            sa.Integer,
            sa.ForeignKey("artifacts.id", ondelete="CASCADE", name="fk_evidence_artifact_id_artifacts"),
            nullable=False,
        ),
        sa.Column("capability_uri", sa.String(160)),
        sa.Column("metric", sa.String(160), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("ci_low", sa.Float),
        sa.Column("ci_high", sa.Float),
        sa.Column("sample_size", sa.Integer),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("source_key", sa.String(512), nullable=False),
        sa.Column("source_url", sa.Text),
        sa.Column("observed_at", sa.String(32)),
        sa.Column("fetched_at", sa.String(32)),
    )
    op.create_index("ix_evidence_artifact_id", "evidence", ["artifact_id"])
    op.create_table(
        "match_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("constraints", sa.JSON, nullable=False),
        sa.Column("results", sa.JSON, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64)),
    )
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "event_id",
            sa.String(36),
            sa.ForeignKey("match_events.id", ondelete="CASCADE", name="fk_outcomes_event_id_match_events"),
            nullable=False,
        ),
        sa.Column("slug", sa.String(255), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("client", sa.String(64)),
    )
    op.create_index("ix_outcomes_event_id", "outcomes", ["event_id"])
    op.create_table(
        "capability_stats",
        sa.Column("slug", sa.String(255), primary_key=True),
        sa.Column("capability_uri", sa.String(160), primary_key=True),
        sa.Column("times_matched", sa.Integer, nullable=False),
        sa.Column("successes", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
    )
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("started_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.Column("report", sa.JSON, nullable=False),
    )
    op.create_table(
        "catalog_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "catalog_meta",
        "ingest_runs",
        "capability_stats",
        "outcomes",
        "match_events",
        "evidence",
        "artifact_capabilities",
        "capabilities",
        "offers",
        "aliases",
        "artifacts",
        "source_records",
    ):
        op.drop_table(table)
