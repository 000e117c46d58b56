"""Reports a person reviews after an ingest or init: what was merged, what stayed alone, what did not match."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Engine

from matchgraph.service.catalog import DeriveReport, IngestResult
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
    """Markdown after an ingest: merged groups, singletons, unmatched names, skipped records."""
    detail = [] if result.source in {"litellm", "manifest"} else [result.source]
    return catalog_report_markdown(engine, f"Ingest report: {result.source} from {result.location}",
                                   result.records_read, result.skipped, result.derive, detail)


def catalog_report_markdown(engine: Engine, title: str, records_read: int, skipped: list[str],
                            d: DeriveReport, detail_sources: list[str]) -> str:
    """Markdown a person reviews: every merge, the singletons, what each second catalog in
    ``detail_sources`` matched and what it added (every id no other source names), the artifacts
    only identity records make, unmatched evidence names, overrides and skipped records."""
    groups = grouping(engine)
    merged = {s: k for s, k in groups.items() if len(k) > 1}
    singles = {s: k for s, k in groups.items() if len(k) == 1}
    lines = [
        f"# {title}",
        "",
        f"- records read: {records_read}, skipped: {len(skipped)}",
        f"- artifacts: {d.artifacts} ({len(merged)} merged from several records, {len(singles)} singletons, "
        f"{len(d.identity_only_artifacts)} without offers)",
        "",
        f"## Merged groups ({len(merged)})",
        "",
    ]
    for slug, keys in merged.items():
        lines.append(f"- `{slug}` ← " + ", ".join(f"`{k}`" for k in keys))
    lines += ["", f"## Singletons ({len(singles)})", ""]
    lines += [f"- `{slug}` ← `{keys[0]}`" for slug, keys in singles.items()]
    for source in detail_sources:
        lines += _second_source(groups, source)
    lines += ["", f"## Artifacts known only from identity records, no hosted offer ({len(d.identity_only_artifacts)})",
              ""]
    lines += [f"- `{s}`" for s in d.identity_only_artifacts]
    lines += ["", f"## Identity records placed on a hosted artifact spelled otherwise ({len(d.identity_matched)})", ""]
    lines += [f"- {m}" for m in d.identity_matched]
    for board, names in sorted(d.evidence_unmatched.items()):
        lines += ["", f"## Unmatched {board} names ({len(names)})", ""]
        lines += [f"- {n}" for n in names]
    lines += ["", "## Facts", "", f"- disputed facts: {d.disputed_facts}",
              "- offers by kind: " + ", ".join(f"{k} {n}" for k, n in d.offers_by_kind.items())]
    lines += ["", f"## Overrides applied ({len(d.overrides)})", ""]
    lines += [f"- `{o['slug']}`: {o['replace_capability']} → {o['capability'] or 'dropped'} "
              f"(`{o['id']}`, {o['source_url']})" for o in d.overrides]
    if d.identity_only_unmatched:
        lines += ["", f"## Named only by identity records that document no model, not artifacts "
                      f"({len(d.identity_only_unmatched)})", ""]
        lines += [f"- `{s}`" for s in d.identity_only_unmatched]
    if skipped:
        lines += ["", f"## Skipped records ({len(skipped)})", ""]
        lines += [f"- {s}" for s in skipped]
    return "\n".join(lines) + "\n"


def _second_source(groups: dict[str, list[str]], source: str) -> list[str]:
    """A second catalog's records that joined an artifact of another source, and every one that made
    a new artifact (an id no other source names: the ids to review)."""
    prefix = f"{source}:"
    own = {s: k for s, k in groups.items() if any(x.startswith(prefix) for x in k)}
    joined = {s: k for s, k in own.items() if any(not x.startswith(prefix) for x in k)}
    added = {s: k for s, k in own.items() if s not in joined}
    n_joined = sum(sum(x.startswith(prefix) for x in k) for k in joined.values())
    n_added = sum(len(k) for k in added.values())
    total = n_joined + n_added
    share = f", {100 * n_joined / total:.1f}% of its {total} records" if total else ""
    lines = ["", f"## {source} records on artifacts other sources also list ({n_joined}{share})", ""]
    lines += [f"- `{slug}` ← {len(keys)} records" for slug, keys in joined.items()]
    lines += ["", f"## {source} ids no other source names, added as new artifacts ({n_added})", ""]
    lines += [f"- `{slug}` ← " + ", ".join(f"`{k}`" for k in keys) for slug, keys in added.items()]
    return lines
