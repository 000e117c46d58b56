"""Stored sentence vectors for the semantic stage of matching.

Revision ID: match
Revises: facts
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "match"
down_revision = "facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "text_vectors",
        sa.Column("key", sa.String(40), nullable=False),
        sa.Column("model", sa.String(64), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_text_vectors"),
    )


def downgrade() -> None:
    op.drop_table("text_vectors")
