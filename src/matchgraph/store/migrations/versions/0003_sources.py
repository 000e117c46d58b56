"""Evidence says how it was measured (independent or self-reported) and keeps the run's details.

Revision ID: sources
Revises: facts
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "sources"
down_revision = "match"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="independent"))
        batch.add_column(sa.Column("details", sa.JSON))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.drop_column("details")
        batch.drop_column("kind")
