"""Static export: artifact pages, a comparison for every pair inside each comparable group, index, sitemap.

A *comparable group* holds artifacts with the same primary job (what they produce: text, images, video,
speech, embeddings, rankings…). Jobs with at most ``WHOLE_JOB_LIMIT`` artifacts form one group; larger
ones (text generation, 1,100+ artifacts, over 600,000 pairs) are split by model family, and artifacts
with no known family there get a page but no comparisons. A job that is large only because of models
nobody hosts (embeddings: MTEB documents hundreds) keeps its hosted models in one group and pairs the
others within their family. The export is resumable: every page carries
a stamp of the catalog version and the page format, and a page already written with the same stamp is
skipped.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import itertools
import multiprocessing as mp
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from matchgraph.compare.builder import compare_profiles, profile_in
from matchgraph.compare.cost import CostMemo
from matchgraph.compare.model import CompareContext
from matchgraph.compare.profile import JOB_ORDER, Profile, jobs_of
from matchgraph.compare.render_html import (
    ComparisonParts,
    artifact_href,
    compare_href,
    render_artifact_html,
    render_comparison_utf8,
    render_index_html,
)
from matchgraph.compare.workload import default_workload
from matchgraph.service.compare import rank_of
from matchgraph.service.context import Services
from matchgraph.service.errors import ServiceError
from matchgraph.service.passport import all_passports, build_passport
from matchgraph.service.rankings import fixed_standings
from matchgraph.store.queries import aliases_by_artifact
from matchgraph.store.read_model import CatalogView

EXPORT_FORMAT = "1"
WHOLE_JOB_LIMIT = 150
SITEMAP_LIMIT = 50_000
GROUP_RULE = (f"jobs with at most {WHOLE_JOB_LIMIT} artifacts form one group; larger jobs are split by model "
              "family")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Group:
    """A set of artifacts that are compared pairwise."""

    key: str
    label: str
    slugs: tuple[str, ...]

    def pairs(self) -> list[tuple[str, str]]:
        """Every unordered pair, each in slug order (one page per pair)."""
        return list(itertools.combinations(sorted(self.slugs), 2))


@dataclass
class ExportReport:
    """What an export did; ``written`` counts pages rendered now, ``skipped`` pages already current."""

    out_dir: str
    catalog_version: str
    groups: int
    artifact_pages: int
    comparison_pages: int
    written: int = 0
    skipped: int = 0
    seconds: float = 0.0
    sitemaps: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float | None:
        """Rendering throughput over pages written in this run (None when nothing was written)."""
        return self.written / self.seconds if self.written and self.seconds > 0 else None

    def as_dict(self) -> dict[str, Any]:
        """JSON form, with the throughput."""
        return {**self.__dict__, "pages_per_second": self.pages_per_second}


def comparable_groups(view: CatalogView, limit: int = WHOLE_JOB_LIMIT) -> list[Group]:
    """The comparable groups of the catalog, in index order (job priority, then family)."""
    by_job: dict[str, list[Any]] = defaultdict(list)
    for art in view.artifacts:
        jobs = jobs_of(art.output_modalities, art.capabilities)
        if jobs:
            by_job[jobs[0]].append(art)
    groups: list[Group] = []
    for job in sorted(by_job, key=lambda j: JOB_ORDER[j]):
        members = by_job[job]
        if len(members) <= limit:
            if len(members) > 1:
                groups.append(Group(job, job.capitalize(), tuple(sorted(a.slug for a in members))))
            continue
        # Models nobody hosts (known from a benchmark's model page) must not split a job whose hosted
        # models fit one group: those stay compared whole, and the rest pair within their family.
        hosted = [a for a in members if a.offers]
        if 1 < len(hosted) <= limit:
            groups.append(Group(job, job.capitalize(), tuple(sorted(a.slug for a in hosted))))
            members = [a for a in members if not a.offers]
        families: dict[str, list[str]] = defaultdict(list)
        for a in members:
            if a.family:
                families[a.family].append(a.slug)
        for fam in sorted(families):
            if len(families[fam]) > 1:
                groups.append(Group(f"{job}/{fam}", f"{job.capitalize()}: {fam} family",
                                    tuple(sorted(families[fam]))))
    return groups


def _stamp(version: str) -> str:
    return f"{version}|{EXPORT_FORMAT}"


# How every page ends: a page that does not (an export stopped while writing it) is not current.
PAGE_END = b"</html>"


class _Site:
    """The output folder: which pages exist already (listed once, so a fresh export opens no page to read
    it) and which folders are made (each made once, not per page)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        # A page's path is this prefix and its href (relative, as every href here): os.path.join of the
        # folder and the href, without its per-call work (two calls a page).
        self.prefix = os.path.join(os.fspath(out), "")
        self.existing: set[str] = set()
        self.folders: set[str] = set()
        for folder, _dirs, files in os.walk(out):
            self.folders.add(folder)
            self.existing.update(os.path.join(folder, f) for f in files)

    def current(self, href: str, marker: bytes) -> bool:
        """True when the page at ``href`` exists whole (it ends as a page ends) and carries this export's
        stamp in its head."""
        path = self.prefix + href
        if path not in self.existing:
            return False
        try:
            with open(path, "rb") as fh:
                if marker not in fh.read(512):
                    return False
                fh.seek(-len(PAGE_END), os.SEEK_END)
                return fh.read() == PAGE_END
        except OSError:
            return False

    def write(self, href: str, text: str | bytes) -> None:
        """Write ``text`` (UTF-8 when a str); a page that cannot be written (disk full, no permission) ends
        the export with a message naming it. A page that replaces another is written beside it and renamed
        over it, so the folder never holds half of either; a new one is written in place (a rename is a
        sixth of writing a page), and an export stopped in the middle of it leaves a page without its end,
        which :meth:`current` does not take for a whole one."""
        path = self.prefix + href
        folder = os.path.dirname(path)
        replacing = path in self.existing
        target = path + ".tmp" if replacing else path
        data = text.encode("utf-8") if type(text) is str else text
        try:
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                _write_all(fd, data)
            finally:
                os.close(fd)
            if replacing:
                os.replace(target, path)
        except OSError as e:
            with contextlib.suppress(OSError):
                os.remove(target)
            raise ServiceError(f"cannot write {path}: {e.strerror or e}") from e


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data``: ``os.write`` may write fewer than it was given (a signal, a file
    system at its limit) and says how many; the rest is written after them. Writing nothing at all
    (what a full disk can come to) is an error rather than a loop without end."""
    written = os.write(fd, data)
    if written == len(data):
        return
    rest = memoryview(data)
    while written < len(rest):
        if written <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        rest = rest[written:]
        written = os.write(fd, rest)


def _root(href: str) -> str:
    return "../" * href.count("/")


def _sitemap(site: _Site, hrefs: list[str], base_url: str | None, lastmod: str) -> list[str]:
    """sitemap.xml (an index of numbered files when there are more URLs than one file may hold)."""
    base = (base_url.rstrip("/") + "/") if base_url else ""
    mod = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""

    def urlset(chunk: list[str]) -> str:
        body = "".join(f"<url><loc>{escape(base + h)}</loc>{mod}</url>\n" for h in chunk)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</urlset>\n')

    if len(hrefs) <= SITEMAP_LIMIT:
        site.write("sitemap.xml", urlset(hrefs))
        return ["sitemap.xml"]
    names = []
    for i in range(0, len(hrefs), SITEMAP_LIMIT):
        name = f"sitemap-{i // SITEMAP_LIMIT + 1}.xml"
        site.write(name, urlset(hrefs[i:i + SITEMAP_LIMIT]))
        names.append(name)
    body = "".join(f"<sitemap><loc>{escape(base + n)}</loc></sitemap>\n" for n in names)
    site.write("sitemap.xml", '<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</sitemapindex>\n')
    return ["sitemap.xml", *names]


@dataclass
class _PairJob:
    """What rendering a comparison page needs; shared with forked workers by inheritance, not pickling."""

    site: _Site
    profiles: dict[str, Profile]
    ctx: CompareContext
    costs: CostMemo
    stamp: str
    parts: ComparisonParts = field(default_factory=ComparisonParts)

    def render(self, pairs: list[tuple[str, str]]) -> int:
        """Build and render the comparison page of each pair, then write them; the number written. The
        pages of a chunk are all rendered before any is written (a chunk of pages is some 20 MB): rendering
        one page and writing it in turn took about a tenth more CPU time a page, each step starting on what
        the other left in the processor's caches."""
        pages = []
        for a, b in pairs:
            href = compare_href(a, b)
            root = _root(href)
            c = compare_profiles(self.profiles[a], self.profiles[b], self.ctx, self.costs, summary=False,
                                 full_table=False)
            pages.append((href, render_comparison_utf8(c, root=root, stamp=self.stamp, parts=self.parts, links={
                "a": root + artifact_href(a), "b": root + artifact_href(b)})))
        write = self.site.write
        for href, page in pages:
            write(href, page)
        return len(pairs)


_JOB: _PairJob | None = None
CHUNK = 1000


def _render_chunk(pairs: list[tuple[str, str]]) -> int:
    assert _JOB is not None
    return _JOB.render(pairs)


def _run(job: _PairJob, todo: list[tuple[str, str]], workers: int) -> Iterator[int]:
    """Render ``todo`` in chunks, yielding each chunk's count; with ``workers`` > 1 in forked processes,
    which inherit the loaded profiles (a page depends only on its pair, so the output is the same)."""
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    if workers <= 1 or len(chunks) < 2 or "fork" not in mp.get_all_start_methods():
        for chunk in chunks:
            yield job.render(chunk)
        return
    global _JOB
    _JOB = job
    try:
        with mp.get_context("fork").Pool(min(workers, len(chunks))) as pool:
            yield from pool.imap_unordered(_render_chunk, chunks)
            pool.close()
            pool.join()
    finally:
        _JOB = None


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """Automatic garbage collection off for the block. Loading every passport and profile makes hundreds
    of thousands of dicts and lists, which set off full collections again and again, each walking
    everything loaded so far (about half of the bulk load's time); rendering makes thousands of short-lived
    lists and dicts a page, which set off a young collection every few hundred. Pages free their parts by
    reference counting: a whole export of the bundled catalog leaves 57 objects in reference cycles, so
    collecting during it finds next to nothing and costs about a tenth of its time. Forked workers inherit
    the pause, so they do not copy the loaded profiles by touching their headers in a collection either."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def export_site(services: Services, out_dir: Path | str, *, limit_groups: int | None = None,
                only_groups: Iterable[str] | None = None, base_url: str | None = None,
                progress: Progress | None = None, workers: int = 1) -> ExportReport:
    """Render the static site into ``out_dir``; pages already current are skipped.

    ``limit_groups`` keeps the first N groups in index order and ``only_groups`` the groups with those
    keys; with either, only the chosen groups' members get artifact pages. ``base_url`` makes sitemap
    URLs absolute (otherwise they are relative to the site root). ``workers`` > 1 renders comparison
    pages in that many forked processes (where the platform forks).
    """
    started = time.perf_counter()
    out = Path(out_dir)
    # The folder is checked before any page is built, so a wrong path fails at once and writes nothing.
    if out.exists() and not out.is_dir():
        raise ServiceError(f"cannot export into {out}: it is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ServiceError(f"cannot create the export folder {out}: {e.strerror or e}") from e
    if not os.access(out, os.W_OK | os.X_OK):
        raise ServiceError(f"cannot write into the export folder {out}: permission denied")
    # Collection stays off until the loaded passports, profiles and kept page parts are freed, which they
    # are (by reference counting) when ``_export`` returns: enabled while they were alive, the first young
    # collection walked every one of them (about half a second for the bundled catalog, to free nothing).
    with _collection_paused():
        report = _export(services, out, limit_groups, only_groups, base_url, progress, workers)
    report.seconds = time.perf_counter() - started
    return report


def _export(services: Services, out: Path, limit_groups: int | None, only_groups: Iterable[str] | None,
            base_url: str | None, progress: Progress | None, workers: int) -> ExportReport:
    """:func:`export_site` once the output folder is checked, with automatic collection paused."""
    view = services.view()
    version = view.version
    stamp = _stamp(version)
    marker = f'<meta name="matchgraph-stamp" content="{stamp}">'.encode()
    groups = comparable_groups(view)
    if only_groups is not None:
        wanted = set(only_groups)
        unknown = wanted - {g.key for g in groups}
        if unknown:
            raise ServiceError(f"no comparable group is called {', '.join(sorted(unknown))}; "
                               f"groups: {', '.join(g.key for g in groups[:12])}…")
        groups = [g for g in groups if g.key in wanted]
    if limit_groups is not None:
        groups = groups[:max(0, limit_groups)]
    limited = only_groups is not None or limit_groups is not None
    pairs = sorted({p for g in groups for p in g.pairs()})
    slugs = sorted({s for g in groups for s in g.slugs}) if limited else [a.slug for a in view.artifacts]
    names = {a.slug: a.name for a in view.artifacts}
    partners: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        partners[a].append(b)
        partners[b].append(a)
    report = ExportReport(str(out), version, len(groups), len(slugs), len(pairs))
    tick = progress or (lambda _s, _d, _t: None)

    site = _Site(out)
    passports: dict[str, dict[str, Any]] = {}
    ranks: dict[str, dict[str, Any] | None] = {}
    profiles: dict[str, Profile] = {}
    # The default workload stated once, so each artifact's cost of it is computed once for all its pairs.
    ctx = CompareContext(catalog_version=version, matchrank=ranks, workload=default_workload())
    costs = CostMemo(ctx.workload)
    with services.engine.connect() as conn:
        standings = fixed_standings(services)
        # Every alias read at once: looked up per artifact, each passport scans the alias table.
        alias_lists = aliases_by_artifact(conn)

        def aliases_of(artifact_id: int) -> list[str]:
            return list(alias_lists.get(artifact_id, ()))

        if not limited and conn.dialect.name == "sqlite":
            # The whole catalog: every passport from a few whole-table queries instead of several per artifact
            # (the same dicts; the bulk path orders source records as SQLite does, hence SQLite only).
            def standing(slug: str) -> dict[str, Any]:
                return {"matchrank": standings[0](slug), "positions": standings[1](slug)}

            for slug, built in all_passports(conn, standing):
                passports[slug] = built
                ranks[slug] = rank_of(services, built)

        def passport(slug: str) -> dict[str, Any]:
            if slug not in passports:
                passports[slug] = build_passport(conn, slug, services, *standings, aliases=aliases_of)
                ranks[slug] = rank_of(services, passports[slug])
            return passports[slug]

        def profile(slug: str) -> Profile:
            if slug not in profiles:
                profiles[slug] = profile_in(passport(slug), ctx)
            return profiles[slug]

        for i, slug in enumerate(slugs, 1):
            href = artifact_href(slug)
            if site.current(href, marker):
                report.skipped += 1
            else:
                root = _root(href)
                links = [(names.get(o, o), root + compare_href(*sorted((slug, o)))) for o in sorted(partners[slug])]
                site.write(href, render_artifact_html(passport(slug), matchrank=ranks[slug], root=root,
                                                      comparisons=links, stamp=stamp, version=version))
                report.written += 1
            tick("artifact pages", i, len(slugs))
        todo = []
        for i, (a, b) in enumerate(pairs, 1):
            if site.current(compare_href(a, b), marker):
                report.skipped += 1
                tick("comparison pages", i, len(pairs))
            else:
                profile(a)
                profile(b)
                todo.append((a, b))
        job = _PairJob(site, profiles, ctx, costs, stamp)
        done = report.skipped
        for n in _run(job, todo, workers):
            report.written += n
            done += n
            tick("comparison pages", done, len(pairs))

    index_groups = [{"key": g.key, "label": g.label, "pairs": len(g.pairs()),
                     "members": [(names.get(s, s), artifact_href(s)) for s in g.slugs]} for g in groups]
    grouped = {s for g in groups for s in g.slugs}
    others = [(names.get(s, s), artifact_href(s)) for s in slugs if s not in grouped]
    site.write("index.html", render_index_html(index_groups, others, artifacts=len(slugs), pairs=len(pairs),
                                               rule=GROUP_RULE, stamp=stamp, version=version))
    hrefs = ["index.html"] + [artifact_href(s) for s in slugs] + [compare_href(a, b) for a, b in pairs]
    report.sitemaps = _sitemap(site, hrefs, base_url, version[:10])
    return report
