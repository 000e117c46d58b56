"""Guarded writes: one outcome per (event, artifact), credited outcomes, slug owners, shared rate limits.

Learned counters are recomputed under the guarded rule: only a keyed client's (``key:NAME``) first
outcome for an artifact counts; earlier anonymous or repeated reports stay stored for audit.

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
        batch.add_column(sa.Column("counted", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "outcome_credits",
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("slug", sa.String(255), primary_key=True),
        sa.Column("event_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("client", "slug", name="pk_outcome_credits"),
    )
    _recount(op.get_bind())
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


def _recount(conn: sa.engine.Connection) -> None:
    """Credit each keyed client's first outcome per slug and rebuild successes/failures from them."""
    meta = sa.MetaData()
    outcomes = sa.Table("outcomes", meta, autoload_with=conn)
    events = sa.Table("match_events", meta, autoload_with=conn)
    stats = sa.Table("capability_stats", meta, autoload_with=conn)
    credits = sa.Table("outcome_credits", meta, autoload_with=conn)
    conn.execute(stats.update().values(successes=0, failures=0))
    seen: set[tuple[str, str]] = set()
    deltas: dict[tuple[str, str], list[int]] = {}
    rows = conn.execute(sa.select(outcomes.c.id, outcomes.c.event_id, outcomes.c.slug, outcomes.c.outcome,
                                  outcomes.c.client, events.c.results)
                        .join(events, events.c.id == outcomes.c.event_id)
                        .order_by(outcomes.c.created_at, outcomes.c.id)).all()
    for r in rows:
        if not (r.client or "").startswith("key:") or (r.client, r.slug) in seen:
            continue
        seen.add((r.client, r.slug))
        conn.execute(outcomes.update().where(outcomes.c.id == r.id).values(counted=True))
        conn.execute(credits.insert().values(client=r.client, slug=r.slug, event_id=r.event_id))
        shown = next((x for x in (r.results or []) if isinstance(x, dict) and x.get("slug") == r.slug), {})
        for uri in shown.get("matched", []):
            d = deltas.setdefault((r.slug, uri), [0, 0])
            d[0 if r.outcome == "success" else 1] += 1
    for (slug, uri), (s, f) in deltas.items():
        conn.execute(stats.update().where(stats.c.slug == slug, stats.c.capability_uri == uri)
                     .values(successes=s, failures=f))


def downgrade() -> None:
    op.drop_table("rate_limits")
    op.drop_table("slug_owners")
    op.drop_table("outcome_credits")
    with op.batch_alter_table("outcomes") as batch:
        batch.drop_column("counted")
        batch.drop_constraint("uq_outcomes_event_id_slug", type_="unique")
