"""Static export of a small subset of the bundled catalog, and resuming it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from matchgraph.compare.profile import jobs_of
from matchgraph.service import export
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.export import WHOLE_JOB_LIMIT, comparable_groups, export_site

SUBSET = ["moderation", "text generation/gpt-4o"]
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def services(catalog_engine: sa.Engine) -> Iterator[Services]:
    yield Services(catalog_engine)


def _pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def test_groups_share_a_primary_job_and_stay_bounded(services: Services) -> None:
    view = services.view()
    groups = comparable_groups(view)
    keys = [g.key for g in groups]
    assert len(keys) == len(set(keys)) and set(SUBSET) <= set(keys)
    seen: set[str] = set()
    for g in groups:
        assert len(g.slugs) >= 2
        primary = {jobs_of(view.get(s).output_modalities, view.get(s).capabilities)[0] for s in g.slugs}
        assert primary == {g.key.split("/", 1)[0]}
        if "/" not in g.key:
            assert len(g.slugs) <= WHOLE_JOB_LIMIT
        assert not seen & set(g.slugs)  # each artifact is in at most one group
        seen |= set(g.slugs)
    # Text generation is too large to pair whole, so it is split by family.
    assert "text generation" not in keys and any(k.startswith("text generation/") for k in keys)


def test_export_subset_then_resume(services: Services, tmp_path: Path) -> None:
    calls: list[tuple[str, int, int]] = []
    first = export_site(services, tmp_path, only_groups=SUBSET, base_url="https://models.example/",
                        progress=lambda s, d, t: calls.append((s, d, t)))
    groups = {g.key: g for g in comparable_groups(services.view())}
    members = {s for k in SUBSET for s in groups[k].slugs}
    pairs = sum(len(groups[k].pairs()) for k in SUBSET)
    assert (first.artifact_pages, first.comparison_pages) == (len(members), pairs)
    assert first.written == len(members) + pairs and first.skipped == 0
    assert first.pages_per_second and first.pages_per_second > 0
    # Progress reaches the end of each stage.
    for stage, total in (("artifact pages", len(members)), ("comparison pages", pairs)):
        assert (stage, total, total) in calls

    pages = _pages(tmp_path)
    assert len(pages) == len(members) + pairs + 1  # plus index.html
    assert (tmp_path / "models" / "openai" / "gpt-4o.html").exists()
    # Every relative link between pages resolves to a written file.
    for page in pages:
        for href in re.findall(r'href="([^"#:]+\.html)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().exists(), (page, href)
    urls = [u.text for u in ET.parse(tmp_path / "sitemap.xml").getroot().iter(f"{SITEMAP_NS}loc")]
    assert len(urls) == len(pages) and all(u.startswith("https://models.example/") for u in urls)

    again = export_site(services, tmp_path, only_groups=SUBSET)
    assert again.written == 0 and again.skipped == first.written

    # A missing page and a page from another catalog version are rendered again; the rest are skipped.
    compare_pages = sorted((tmp_path / "compare").rglob("*.html"))
    compare_pages[0].unlink()
    stale = compare_pages[1]
    stale.write_text(re.sub(r'matchgraph-stamp" content="[^"]*"', 'matchgraph-stamp" content="old|1"',
                            stale.read_text(encoding="utf-8")), encoding="utf-8")
    # A page cut short (an export stopped while writing it) has its stamp but not its end: written again.
    cut = compare_pages[2]
    cut.write_bytes(cut.read_bytes()[:2000])
    third = export_site(services, tmp_path, only_groups=SUBSET)
    assert third.written == 3 and third.skipped == first.written - 3
    assert cut.read_bytes().endswith(b"</html>")
    assert not list(tmp_path.rglob("*.tmp"))


def test_limit_groups_and_unknown_group(services: Services, tmp_path: Path) -> None:
    first_group = comparable_groups(services.view())[0]
    assert len(first_group.pairs()) < 2000  # keeps this test quick; the full export lives in bench/
    report = export_site(services, tmp_path, limit_groups=1)
    assert report.groups == 1 and report.comparison_pages == len(first_group.pairs())
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert first_group.label in index
    with pytest.raises(ServiceError, match="no comparable group"):
        export_site(services, tmp_path, only_groups=["no such group"])


def test_models_nobody_hosts_do_not_split_the_hosted_models_of_a_job(services: Services) -> None:
    view = services.view()
    groups = {g.key: g for g in comparable_groups(view)}
    embedders = [a for a in view.artifacts if jobs_of(a.output_modalities, a.capabilities)[:1] == ["embeddings"]]
    hosted = {a.slug for a in embedders if a.offers}
    assert len(embedders) > WHOLE_JOB_LIMIT >= len(hosted)  # MTEB's unhosted models push the job past the limit
    assert set(groups["embeddings"].slugs) == hosted
    offerless_groups = [g for k, g in groups.items() if k.startswith("embeddings/")]
    assert offerless_groups and all(not view.get(s).offers for g in offerless_groups for s in g.slugs)


def test_pages_rendered_in_worker_processes_are_the_same(services: Services, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "CHUNK", 3)  # several chunks, so both workers get pages
    serial = export_site(services, tmp_path / "serial", only_groups=SUBSET)
    calls: list[tuple[str, int, int]] = []
    forked = export_site(services, tmp_path / "forked", only_groups=SUBSET, workers=2,
                         progress=lambda s, d, t: calls.append((s, d, t)))
    assert forked.written == serial.written and serial.comparison_pages > 3
    assert ("comparison pages", serial.comparison_pages, serial.comparison_pages) in calls
    one = {p.relative_to(tmp_path / "serial"): p.read_bytes() for p in _pages(tmp_path / "serial")}
    two = {p.relative_to(tmp_path / "forked"): p.read_bytes() for p in _pages(tmp_path / "forked")}
    assert one == two
    assert not list((tmp_path / "forked").rglob("*.tmp"))


def test_exported_comparisons_equal_fresh_ones(services: Services, tmp_path: Path) -> None:
    """What an export reuses per artifact (profiles, capability blocks, cost sides, source rows) gives
    each page the bytes a comparison built and rendered from scratch gives it, including a record two
    artifacts share (kept per pair, naming both)."""
    from matchgraph.compare.builder import build_comparison
    from matchgraph.compare.model import CompareContext
    from matchgraph.compare.render_html import artifact_href, compare_href, render_comparison_html
    from matchgraph.compare.workload import default_workload
    from matchgraph.service.compare import rank_of
    from matchgraph.service.passport import build_passport

    report = export_site(services, tmp_path, only_groups=SUBSET)
    groups = {g.key: g for g in comparable_groups(services.view())}
    pairs = [p for k in SUBSET for p in groups[k].pairs()]
    stamp = f"{report.catalog_version}|{export.EXPORT_FORMAT}"
    shared_record = False
    with services.engine.connect() as conn:
        for a, b in pairs:
            pa, pb = build_passport(conn, a, services), build_passport(conn, b, services)
            ctx = CompareContext(catalog_version=report.catalog_version,
                                 matchrank={a: rank_of(services, pa), b: rank_of(services, pb)},
                                 workload=default_workload())
            c = build_comparison(pa, pb, ctx)
            shared_record |= any(len(s["artifacts"]) == 2 for s in c.sources)
            href = compare_href(a, b)
            root = "../" * href.count("/")
            fresh = render_comparison_html(c, root=root, stamp=stamp, links={
                "a": root + artifact_href(a), "b": root + artifact_href(b)})
            assert (tmp_path / href).read_text(encoding="utf-8") == fresh, href
    assert shared_record, "no pair of the subset shares a source record; the test no longer covers one"


def test_exported_pages_read_in_words(catalog_db: str, tmp_path_factory: pytest.TempPathFactory,
                                      tmp_path: Path) -> None:
    """The export renders its own pages; they say metrics, fields and record keys as the web pages do: no
    stored metric key, price field or record key in the prose (identifiers are set as code), evidence rows
    a reader can tell apart, and a capability's shared sentence said once."""
    from web_helpers import INTERNAL_KEY, arena_catalog, visible_text

    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    engine = open_store(Settings(db_url=arena_catalog(catalog_db, tmp_path_factory)))
    try:
        export_site(Services(engine), tmp_path, only_groups=["image generation", "text generation/gpt-4o"])
    finally:
        engine.dispose()
    pages = _pages(tmp_path)
    assert any("/compare/" in str(p) for p in pages) and (tmp_path / "models/openai/gpt-4o.html").exists()
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = INTERNAL_KEY.findall(visible_text(html))
        assert not found, (str(page.relative_to(tmp_path)), found[:5])
    html = (tmp_path / "models/openai/gpt-4o.html").read_text(encoding="utf-8")
    table = html.split('<h2 id="evidence">', 1)[1].split("</table>", 1)[0]
    cells = [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr><td>.*?</tr>", table)]
    rows = [(c[0], c[6]) for c in cells]  # what was measured, and on which version
    assert len(rows) >= 10 and len(rows) == len(set(rows)), "evidence rows a reader cannot tell apart"
    # Each sentence of the capability blocks appears once.
    blocks = re.findall(r'<div class="cap">(.*?)</div>', html, re.S)
    sentences = [s.strip() for b in blocks for s in re.findall(r"<p>([^<]+)</p>", b)]
    assert len(blocks) > 5 and len(sentences) == len(set(sentences))


def test_an_unwritable_output_says_so_and_writes_nothing(services: Services, tmp_path: Path) -> None:
    """A file where the folder should be fails before any page is built; a page that cannot be written
    (a file in the way of its folder) ends the export with a message naming it, and leaves no temp file."""
    target = tmp_path / "site.html"
    target.write_text("not a folder")
    with pytest.raises(ServiceError, match="it is a file, not a folder"):
        export_site(services, target, only_groups=["moderation"])
    assert target.read_text() == "not a folder"
    out = tmp_path / "site"
    out.mkdir()
    (out / "models").write_text("in the way")
    with pytest.raises(ServiceError, match=r"cannot write .*models"):
        export_site(services, out, only_groups=["moderation"])
    assert not list(out.rglob("*.tmp")) and (out / "models").read_text() == "in the way"


def test_pages_are_whole_when_the_system_writes_a_few_bytes_at_a_time(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``os.write`` may write fewer bytes than it is given (a signal, a file system at its limit): each
    page is written whole all the same, and a write that makes no progress fails instead of looping."""
    whole = tmp_path / "whole"
    export_site(services, whole, only_groups=["moderation"])
    real_write = export.os.write
    monkeypatch.setattr(export.os, "write", lambda fd, data: real_write(fd, bytes(data[:997])))
    short = tmp_path / "short"
    export_site(services, short, only_groups=["moderation"])
    pages = _pages(whole)
    assert pages and [p.relative_to(whole) for p in pages] == [p.relative_to(short) for p in _pages(short)]
    assert all(p.read_bytes() == (short / p.relative_to(whole)).read_bytes() for p in pages)
    assert max(p.stat().st_size for p in pages) > 997
    monkeypatch.setattr(export.os, "write", lambda fd, data: 0)
    with pytest.raises(ServiceError, match="cannot write"):
        export_site(services, tmp_path / "full", only_groups=["moderation"])


@pytest.mark.parametrize("catalog", ["bundled", "with arena ratings"])
def test_pages_from_kept_cells_equal_pages_from_full_comparisons(
        catalog: str, catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    """An export draws each feature table from every artifact's kept cells and the pair's winners
    (``full_table=False``) and joins the parts it keeps per artifact as bytes; for thousands of pairs of the
    real catalog (pairs of a group, pairs across jobs, an artifact with itself) the page is byte for byte the
    one the full comparison rendered from scratch gives (the CLI's path)."""
    from web_helpers import arena_catalog

    from matchgraph.compare.builder import compare_profiles, profile_in
    from matchgraph.compare.cost import CostMemo
    from matchgraph.compare.model import CompareContext
    from matchgraph.compare.render_html import (
        ComparisonParts,
        artifact_href,
        compare_href,
        render_comparison_html,
        render_comparison_utf8,
    )
    from matchgraph.compare.workload import default_workload
    from matchgraph.service.compare import rank_of
    from matchgraph.service.passport import build_passport
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    url = catalog_db if catalog == "bundled" else arena_catalog(catalog_db, tmp_path_factory)
    engine = open_store(Settings(db_url=url))
    try:
        services = Services(engine)
        groups = {g.key: g for g in comparable_groups(services.view())}
        chosen = ["moderation", "text generation/gpt-4o", "text generation/claude-opus", "speech generation"]
        pairs = [p for k in chosen for p in groups[k].pairs()]
        images, speech = sorted(groups["image generation"].slugs)[:30], sorted(groups["speech generation"].slugs)
        pairs += list(zip(images, speech, strict=False)) + [(s, s) for s in speech[:5]]
        slugs = sorted({s for p in pairs for s in p})
        with engine.connect() as conn:
            passports = {s: build_passport(conn, s, services) for s in slugs}
        version = services.view().version
        ctx = CompareContext(catalog_version=version, matchrank={s: rank_of(services, p) for s, p in passports.items()},
                             workload=default_workload())
        profiles = {s: profile_in(p, ctx) for s, p in passports.items()}
        costs, parts = CostMemo(ctx.workload), ComparisonParts()
        stamp = f"{version}|{export.EXPORT_FORMAT}"
        led = rated = 0
        for a, b in pairs:
            href = compare_href(a, b)
            root = "../" * href.count("/")
            links = {"a": root + artifact_href(a), "b": root + artifact_href(b)}
            kept = compare_profiles(profiles[a], profiles[b], ctx, costs, summary=False, full_table=False)
            page = render_comparison_utf8(kept, root=root, stamp=stamp, parts=parts, links=links)
            full = compare_profiles(profile_in(passports[a], ctx), profile_in(passports[b], ctx), ctx)
            assert page == render_comparison_html(full, root=root, stamp=stamp, links=links).encode(), (a, b)
            led += any(r.winner in ("a", "b") for r in full.table)
            rated += any(r.key.startswith("arena:") for r in full.table)
    finally:
        engine.dispose()
    assert len(pairs) > 2000 and led > 1000
    assert catalog == "bundled" or rated, "no pair shares an arena rating; the test no longer covers one"
