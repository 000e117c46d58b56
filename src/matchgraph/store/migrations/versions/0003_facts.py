"""Resolved facts, families and offer kinds.

Artifacts keep their resolved facts (value, status, counts, records) as JSON, their family head,
knowledge cutoff and the creator's own priced offer; offers keep their kind, expiry, the prices as
the source stated them, notes on unit conversions and whether the creator runs them.

Revision ID: facts
Revises: 0002
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "facts"
down_revision = "guard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("artifacts") as batch:
        batch.add_column(sa.Column("facts", sa.JSON))
        batch.add_column(sa.Column("family_head", sa.String(255)))
        batch.add_column(sa.Column("knowledge_cutoff", sa.String(10)))
        batch.add_column(sa.Column("creator_offer_id", sa.Integer))
        batch.create_index("ix_artifacts_family_head", ["family_head"])
    with op.batch_alter_table("offers") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="api"))
        batch.add_column(sa.Column("expires", sa.String(10)))
        batch.add_column(sa.Column("stated_prices", sa.JSON))
        batch.add_column(sa.Column("price_notes", sa.JSON))
        batch.add_column(sa.Column("first_party", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        for name in ("first_party", "price_notes", "stated_prices", "expires", "kind"):
            batch.drop_column(name)
    with op.batch_alter_table("artifacts") as batch:
        batch.drop_index("ix_artifacts_family_head")
        for name in ("creator_offer_id", "knowledge_cutoff", "family_head", "facts"):
            batch.drop_column(name)
