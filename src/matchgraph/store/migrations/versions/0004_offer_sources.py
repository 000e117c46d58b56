"""One offer per host and model id: other sources' records of the same offer are kept as claims on it.

Revision ID: offer_sources
Revises: sources
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "offer_sources"
down_revision = "sources"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.add_column(sa.Column("also_stated_by", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("offers") as batch:
        batch.drop_column("also_stated_by")
