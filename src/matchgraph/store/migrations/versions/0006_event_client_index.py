"""An index on match_events.client: the state show and the rankings read (keyed searches, client
starting with "key:") scanned every logged search. On PostgreSQL the index uses text_pattern_ops so a
LIKE 'key:%' prefix can use it whatever the database's collation.

Revision ID: event_client
Revises: alias_artifact
Create Date: 2026-12-08
"""

from alembic import op

revision = "event_client"
down_revision = "alias_artifact"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_match_events_client", "match_events", ["client"],
                    postgresql_ops={"client": "text_pattern_ops"})


def downgrade() -> None:
    op.drop_index("ix_match_events_client", table_name="match_events")
