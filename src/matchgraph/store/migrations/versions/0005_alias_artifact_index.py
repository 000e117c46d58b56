"""An index on aliases.artifact_id: a passport's aliases are read by artifact, and deleting artifacts
cascades to their aliases; only (alias_norm, artifact_id) was indexed, which neither can use.

Revision ID: alias_artifact
Revises: offer_sources
Create Date: 2026-12-08
"""

from alembic import op

revision = "alias_artifact"
down_revision = "offer_sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_aliases_artifact_id", "aliases", ["artifact_id"])


def downgrade() -> None:
    op.drop_index("ix_aliases_artifact_id", table_name="aliases")
