"""Reports a person reviews after an ingest: what was merged, what stayed alone, what did not match."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matchgraph.service.catalog import IngestResult
from matchgraph.store.schema import artifacts, offers


def grouping(engine: Engine) -> dict[str, list[str]]:
    """slug -> the source keys grouped into it."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(artifacts.c.slug, offers.c.source, offers.c.source_key)
            .join(offers, offers.c.artifact_id == artifacts.c.id)
            .order_by(artifacts.c.slug, offers.c.source, offers.c.source_key)
        ).all()
    groups: dict[str, list[str]] = defaultdict(list)
    for slug, source, key in rows:
        groups[slug].append(f"{source}:{key}")
    return dict(groups)


def ingest_report_markdown(engine: Engine, result: IngestResult) -> str:
    """Markdown: merged groups, singletons, unmatched evidence names, skipped records."""
    groups = grouping(engine)
    merged = {s: k for s, k in groups.items() if len(k) > 1}
    singles = {s: k for s, k in groups.items() if len(k) == 1}
    lines = [
        f"# Ingest report: {result.source} from {result.location}",
        "",
        f"- records read: {result.records_read}, skipped: {len(result.skipped)}",
        f"- artifacts: {len(groups)} ({len(merged)} merged from several records, {len(singles)} singletons)",
        "",
        f"## Merged groups ({len(merged)})",
        "",
    ]
    for slug, keys in merged.items():
        lines.append(f"- `{slug}` ← " + ", ".join(f"`{k}`" for k in keys))
    lines += ["", f"## Singletons ({len(singles)})", ""]
    lines += [f"- `{slug}` ← `{keys[0]}`" for slug, keys in singles.items()]
    # A second catalog's records that joined an artifact of another source, and those that made a new one.
    own = {s: k for s, k in groups.items() if any(x.startswith(f"{result.source}:") for x in k)}
    if own and result.source not in {"litellm", "manifest"}:
        joined = {s: k for s, k in own.items() if any(not x.startswith(f"{result.source}:") for x in k)}
        added = {s: k for s, k in own.items() if s not in joined}
        n_joined = sum(sum(x.startswith(f"{result.source}:") for x in k) for k in joined.values())
        n_added = sum(len(k) for k in added.values())
        lines += ["", f"## {result.source} records on artifacts other sources also list ({n_joined})", ""]
        lines += [f"- `{slug}` ← {len(keys)} records" for slug, keys in joined.items()]
        lines += ["", f"## {result.source} records that made new artifacts ({n_added})", ""]
        lines += [f"- `{slug}` ← " + ", ".join(f"`{k}`" for k in keys) for slug, keys in added.items()]
    for board, names in sorted(result.derive.evidence_unmatched.items()):
        lines += ["", f"## Unmatched {board} names ({len(names)})", ""]
        lines += [f"- {n}" for n in names]
    d = result.derive
    lines += ["", "## Facts", "", f"- disputed facts: {d.disputed_facts}",
              "- offers by kind: " + ", ".join(f"{k} {n}" for k, n in d.offers_by_kind.items())]
    lines += ["", f"## Overrides applied ({len(d.overrides)})", ""]
    lines += [f"- `{o['slug']}`: {o['replace_capability']} → {o['capability'] or 'dropped'} "
              f"(`{o['id']}`, {o['source_url']})" for o in d.overrides]
    if d.identity_only_unmatched:
        lines += ["", f"## Named only by identity records, not artifacts ({len(d.identity_only_unmatched)})", ""]
        lines += [f"- `{s}`" for s in d.identity_only_unmatched]
    if result.skipped:
        lines += ["", f"## Skipped records ({len(result.skipped)})", ""]
        lines += [f"- {s}" for s in result.skipped]
    return "\n".join(lines) + "\n"
