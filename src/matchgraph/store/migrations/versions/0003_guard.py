"""Guarded writes: one outcome per (event, artifact), slug owners, shared rate-limit buckets.

Revision ID: guard
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "guard"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Earlier versions could store duplicates; the first outcome per (event, slug) is the one kept.
    op.execute(
        "DELETE FROM outcomes WHERE id NOT IN (SELECT MIN(id) FROM outcomes GROUP BY event_id, slug)"
    )
    with op.batch_alter_table("outcomes") as batch:
        batch.create_unique_constraint("uq_outcomes_event_id_slug", ["event_id", "slug"])
    op.create_table(
        "slug_owners",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("name", sa.String(255), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("kind", "name", name="pk_slug_owners"),
    )
    op.create_table(
        "rate_limits",
        sa.Column("bucket", sa.String(255), primary_key=True),
        sa.Column("tokens", sa.Float, nullable=False),
        sa.Column("updated", sa.Float, nullable=False),
        sa.Column("granted", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("bucket", name="pk_rate_limits"),
    )


def downgrade() -> None:
    op.drop_table("rate_limits")
    op.drop_table("slug_owners")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_constraint("uq_outcomes_event_id_slug", type_="unique")
