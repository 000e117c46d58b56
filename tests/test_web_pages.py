"""Server-rendered pages through a real server: content, redirects, one payload as HTML or JSON, caching."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
import sqlalchemy as sa
from web_helpers import INTERNAL_KEY, LiveServer, shared_server, visible_text

from matchgraph.service.stats import catalog_stats

SECTIONS = ("table", "capabilities", "differences", "when", "verdict", "cost", "faq", "sources")


class Labels(HTMLParser):
    """Collects form controls and the ids their labels point at (accessibility check)."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.in_label = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self.in_label += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({**a, "wrapped": "yes" if self.in_label else None})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.in_label -= 1


def assert_labelled(html: str) -> None:
    parser = Labels()
    parser.feed(html)
    assert parser.controls
    for c in parser.controls:
        assert c["wrapped"] or c.get("id") in parser.label_for, c


@pytest.fixture(scope="module")
def server(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    return shared_server(catalog_db, tmp_path_factory)


@pytest.fixture(scope="module")
def http(server: LiveServer) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def test_home_has_the_search_box_and_real_counts(http: httpx.Client, server: LiveServer) -> None:
    r = http.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<form class="search" action="/search"' in r.text
    assert_labelled(r.text)
    engine = sa.create_engine(server.db_url)
    stats = catalog_stats(engine)
    engine.dispose()
    assert http.get("/", params={"format": "json"}).json()["stats"] == stats
    assert f"{stats['offers']:,}" in r.text
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_results_page_shows_the_api_results_with_reasons(http: httpx.Client) -> None:
    q = "vision model that returns JSON, 128k context"
    page = http.get("/search", params={"q": q})
    assert page.status_code == 200
    payload = http.get("/search", params={"q": q, "format": "json"}).json()
    assert payload["results"] and payload["constraints"]["min_context"] == 128_000
    names = re.findall(r'<h3><a href="/artifacts/[^"]+">([^<]+)</a></h3>', page.text)
    assert names == [r["name"] for r in payload["results"]]
    assert payload["results"][0]["reasons"][0] in page.text.replace("&#39;", "'").replace("&amp;", "&")
    assert 'class="cmp" href="/compare/' in page.text
    assert_labelled(page.text)


def test_filters_become_hard_constraints(http: httpx.Client) -> None:
    body = http.get("/search", params={"q": "chat model", "max_input": 0.5, "min_context": 200000,
                                       "format": "json"}).json()
    assert body["constraints"]["max_input_per_mtok"] == 0.5 and body["constraints"]["min_context"] == 200_000
    assert body["results"]
    for res in body["results"]:
        passport = http.get(f"/api/v1/passport/{res['slug']}").json()
        assert passport["prices"]["input_per_mtok"] <= 0.5 and passport["context_window"] >= 200_000


def test_empty_query_goes_home(http: httpx.Client) -> None:
    r = http.get("/search", params={"q": "  "})
    assert r.status_code == 303 and r.headers["location"] == "/"


def test_compare_redirects_to_the_canonical_page_with_every_section(http: httpx.Client) -> None:
    r = http.get("/compare", params={"a": "gpt-4o-mini", "b": "black_forest_labs/flux-pro"})
    assert r.status_code == 303
    assert r.headers["location"] == "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro"
    page = http.get(r.headers["location"])
    assert page.status_code == 200
    for section in SECTIONS:
        assert f'id="{section}"' in page.text, section
    assert '<form class="cost-form"' in page.text
    assert_labelled(page.text)
    as_json = http.get(r.headers["location"], params={"format": "json"}).json()
    api = http.get("/api/v1/compare", params={"a": "openai/gpt-4o-mini", "b": "black-forest-labs/flux-pro"}).json()
    assert as_json["table"] == api["table"] and as_json["verdict"] == api["verdict"]
    assert as_json["verdict"]["different_jobs"] is True
    # The second request is served from the page cache: byte-identical.
    assert http.get(r.headers["location"]).content == page.content


def test_compare_with_aliases_in_the_path_redirects(http: httpx.Client) -> None:
    r = http.get("/compare/azure/gpt-4o-mini/vs/black-forest-labs/flux-pro")
    assert r.status_code == 301
    assert r.headers["location"] == "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro"
    assert http.get("/compare/not-a-pair").status_code == 404


def test_cost_form_prices_the_stated_workload(http: httpx.Client) -> None:
    base = "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro"
    r = http.get(base, params={"requests": 20000, "input": 1000, "output": 1000, "images": 300})
    assert r.status_code == 303
    assert "workload=" in r.headers["location"]
    body = http.get(r.headers["location"] + "&format=json").json()
    # On OpenAI's own price: 20,000 × (1,000 × $0.15 + 1,000 × $0.60) / 1M = $15; the headline figure is the
    # cheapest priced offer, never above the creator's. 300 images × $0.05 = $15.
    openai = [o for o in body["cost"]["a"]["per_offer"] if o["key"] == "gpt-4o-mini"]
    assert openai and openai[0]["monthly_usd"] == pytest.approx(15.0)
    priced = [o["monthly_usd"] for o in body["cost"]["a"]["per_offer"] if o["monthly_usd"] is not None]
    assert body["cost"]["a"]["monthly_usd"] == pytest.approx(min(priced)) and min(priced) <= 15.0
    assert body["cost"]["b"]["monthly_usd"] == pytest.approx(15.0)
    page = http.get(r.headers["location"])
    assert 'name="requests" type="number" min="0" step="1" value="20000"' in page.text


def test_artifact_page_is_the_passport(http: httpx.Client) -> None:
    r = http.get("/artifacts/gpt-4o-mini")
    assert r.status_code == 301 and r.headers["location"] == "/artifacts/openai/gpt-4o-mini"
    page = http.get("/artifacts/openai/gpt-4o-mini")
    passport = http.get("/api/v1/passport/openai/gpt-4o-mini").json()
    assert page.status_code == 200 and passport["name"] in page.text
    assert f"Capabilities ({len(passport['capabilities'])})" in page.text
    assert "unknown" in page.text  # release date, parameters and licence are not in the sources
    assert all(o["host_key"] in page.text for o in passport["offers"])


def test_leaderboard_and_capability_pages_draw_interval_charts(http: httpx.Client) -> None:
    board = http.get("/leaderboard/text.coding")
    assert board.status_code == 200
    payload = http.get("/leaderboard/text.coding", params={"format": "json"}).json()
    rated = [r for r in payload["results"] if r["quality"]]
    assert rated and board.text.count('class="whisker"') >= min(30, len(rated))
    # One metric is plotted as ratings, several as percentiles among peers; either way in words.
    assert "<svg" in board.text
    assert "rating (Arena text: coding" in board.text or "quality percentile among peers" in board.text
    assert "arena_rating:" not in board.text  # metric keys are shown in words
    assert http.get("/leaderboard", params={"capability": "vision.ocr"}).headers["location"] == \
        "/leaderboard/vision.ocr"
    cap = http.get("/capabilities/image.generation.text-to-image")
    assert cap.status_code == 200
    # The scatter's price axis takes the one unit most rows of the board state (per image or per 1M input
    # tokens, never a mix): read the rows from the page's JSON twin and check the axis named on the page.
    rows = http.get("/capabilities/image.generation.text-to-image", params={"format": "json"}).json()["results"]
    per_image = sum(r["prices"]["per_image"] is not None for r in rows)
    per_token = sum(r["prices"]["input_per_mtok"] is not None for r in rows)
    assert per_image + per_token > 0
    expected, other = (("per image", "per 1M input tokens") if per_image > per_token
                       else ("per 1M input tokens", "per image"))
    assert f"starting price {expected}, USD" in cap.text and f"starting price {other}, USD" not in cap.text
    assert http.get("/capabilities/no.such.node").status_code == 404
    overall = http.get("/leaderboard")
    assert overall.status_code == 200 and "MatchRank" in overall.text
    index = http.get("/capabilities")
    assert index.text.count('href="/capabilities/') >= 99


def test_static_files_are_vendored(http: httpx.Client) -> None:
    css = http.get("/static/style.css")
    assert css.status_code == 200 and len(css.content) < 20_000
    page = http.get("/").text
    assert "http://" not in re.sub(r'href="https?://[^"]*"', "", page.split("<body>")[0])


def test_every_stored_metric_key_reads_as_words(server: LiveServer) -> None:
    from matchgraph.web.formatting import metric

    engine = sa.create_engine(server.db_url)
    with engine.connect() as conn:
        keys = [k for (k,) in conn.execute(sa.text("SELECT DISTINCT metric FROM evidence"))]
    engine.dispose()
    assert len(keys) > 50
    for key in keys:
        words = metric(key)
        assert "_" not in words and not re.search(r"\w:\w", words) and "/" not in words, (key, words)


def test_the_artifact_twin_is_compact_and_links_the_full_passport(http: httpx.Client) -> None:
    """A model sold by dozens of hosts: its page's JSON twin cuts the long lists (saying what and how
    much) and names the API passport, which still has every entry."""
    from matchgraph.web.pages import TWIN_LIST_LIMIT, TWIN_RECORDS_LIMIT

    slug = "openai/gpt-oss-120b"
    full = http.get(f"/api/v1/passport/{slug}")
    assert full.status_code == 200
    whole = full.json()
    assert len(whole["offers"]) > TWIN_LIST_LIMIT  # the case this test is about
    twin = http.get(f"/artifacts/{slug}", params={"format": "json"})
    assert twin.status_code == 200
    body = twin.json()
    assert len(twin.content) < min(100_000, len(full.content) // 3)
    assert body["truncated"]["full"] == f"/api/v1/passport/{slug}"
    lists = body["truncated"]["lists"]
    assert lists["offers"] == {"shown": TWIN_LIST_LIMIT, "total": len(whole["offers"])}
    # Offers as the passport gives them, without the other records of each (named in the full passport).
    assert body["offers"] == [{k: v for k, v in o.items() if k != "also_stated_by"}
                              for o in whole["offers"][:TWIN_LIST_LIMIT]]
    assert any(o["also_stated_by"] for o in whole["offers"]) and "offer records" in lists
    assert body["name"] == whole["name"] and body["matchrank"] == whole["matchrank"]
    for name, fact in whole["facts"].items():
        records = fact.get("records") or []
        if len(records) > TWIN_RECORDS_LIMIT:
            kept = body["facts"][name]["records"]
            assert len(kept) == TWIN_RECORDS_LIMIT and all(r in records for r in kept)
            assert lists["facts"][name]["records"]["total"] == len(records)
            stating = [r for r in records if not r.get("silent")]
            assert kept[:min(len(stating), TWIN_RECORDS_LIMIT)] == stating[:TWIN_RECORDS_LIMIT]
        else:
            assert body["facts"][name] == fact
    by_uri = {c["uri"]: c for c in whole["capabilities"]}
    for cap in body["capabilities"]:
        assert len(cap["declared_by"]) == min(TWIN_RECORDS_LIMIT, len(by_uri[cap["uri"]]["declared_by"]))
    small = http.get("/artifacts/openai/gpt-4o-mini", params={"format": "json"}).json()
    assert "truncated" not in small or small["truncated"]["full"].endswith("gpt-4o-mini")


# Pages of artifacts with arena, Aider, MTEB and llm-stats evidence, and comparisons across and within boards.
WORDS_PAGES = ("/artifacts/openai/gpt-4o", "/artifacts/openai/gpt-4o-mini", "/artifacts/black-forest-labs/flux-1.1-pro",
               "/artifacts/openai/text-embedding-3-large", "/artifacts/anthropic/claude-sonnet-4",
               "/capabilities/text.coding", "/leaderboard?capability=capability://text.coding")


def _compare_path(http: httpx.Client, a: str, b: str) -> str:
    r = http.get("/compare", params={"a": a, "b": b}, follow_redirects=False)
    assert r.status_code == 303
    return r.headers["location"]


def test_pages_show_words_not_metric_keys(http: httpx.Client) -> None:
    pages = [*WORDS_PAGES, _compare_path(http, "flux-1.1-pro", "gpt-4o"),
             _compare_path(http, "openai/gpt-4o-2024-05-13", "openai/gpt-4o-2024-08-06")]
    for path in pages:
        page = http.get(path, follow_redirects=True)
        assert page.status_code == 200, path
        text = visible_text(page.text)
        found = INTERNAL_KEY.findall(text)
        assert not found, (path, found[:5])


def test_artifact_page_says_where_it_stands_with_kind_and_date(http: httpx.Client) -> None:
    doc = http.get("/api/v1/passport/openai/gpt-4o").json()
    text = visible_text(http.get("/artifacts/openai/gpt-4o").text)
    assert "Where it stands" in text
    overall = next(p for p in doc["positions"] if p["metric"] == "arena_rating:text/full:style")
    assert overall["text"] in text and f"of {overall['peers']} on LMArena text" in overall["text"]
    # Every evidence row says who measured it and when: the table has one kind and one date per row.
    rows = re.findall(r"<tr><td>[^<]*</td><td>[^<]*</td>.*?</tr>", http.get("/artifacts/openai/gpt-4o").text, re.S)
    evidence_rows = [r for r in rows if "independent" in r or "reported by the maker" in r]
    assert len(evidence_rows) == len(doc["evidence"])
    assert all(re.search(r"(observed|run of|undated, read) \d{4}-\d{2}", r) for r in evidence_rows)
    assert any("reported by the maker" in r for r in evidence_rows)


def test_comparison_page_and_passport_agree_on_positions(http: httpx.Client) -> None:
    path = _compare_path(http, "flux-1.1-pro", "gpt-4o")
    text = visible_text(http.get(path).text)
    for slug in ("black-forest-labs/flux-1.1-pro", "openai/gpt-4o"):
        doc = http.get(f"/api/v1/passport/{slug}").json()
        board = "image" if "flux" in slug else "text"
        overall = next(p for p in doc["positions"] if p["metric"].startswith(f"arena_rating:{board}/full"))
        assert overall["text"] in text, (slug, overall["text"])
    twin = http.get(path, params={"format": "json"}).json()
    by_source = {g["source"]: g for g in twin["sources_by_source"]}
    assert by_source["lmarena"]["kinds"] == {"independent": by_source["lmarena"]["evidence_rows"]}
    assert sum(g["records"] for g in twin["sources_by_source"]) == len(twin["sources"])


def test_pages_of_a_model_nobody_hosts_say_so(http: httpx.Client) -> None:
    passport = http.get("/api/v1/passport/jina/jina-embeddings-v4").json()
    assert passport["offers"] == [] and passport["availability"]["hosted_offer_known"] is False
    page = http.get("/artifacts/jina/jina-embeddings-v4").text
    assert "No hosted offer known" in page and 'id="offers"' not in page
    assert "Its weights are published (open weights)" in page
    assert "Starting price" not in page and "$0" not in page
    # A FLUX page states the prompt limit its hosts give, never a context window.
    flux = http.get("/api/v1/passport/black-forest-labs/flux-1.1-pro").json()
    assert flux["limits"]["context_window"] is None and flux["limits"]["prompt_limit"] is not None
    assert "Prompt limit" in http.get("/artifacts/black-forest-labs/flux-1.1-pro").text


class _Cells(HTMLParser):
    """Text of the evidence table's rows (cells in order) and of the rating chart's row labels."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.labels: list[str] = []
        self._in_evidence = False
        self._cell: list[str] | None = None
        self._label: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table" and a.get("id") == "evidence":
            self._in_evidence = True
        elif self._in_evidence and tag == "tr":
            self.rows.append([])
        elif self._in_evidence and tag == "td":
            self._cell = []
        elif tag == "a" and "iv-label" in (a.get("class") or ""):
            self._label = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_evidence = False
        elif tag == "td" and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "a" and self._label is not None:
            self.labels.append(" ".join("".join(self._label).split()))
            self._label = None

    def handle_data(self, data: str) -> None:
        for part in (self._cell, self._label):
            if part is not None:
                part.append(data)


def test_evidence_rows_and_chart_labels_say_what_tells_them_apart(http: httpx.Client) -> None:
    # GPT-4o holds LMArena ratings on two dated versions, from the CSV export and the JSON boards alike,
    # so one metric appears on several rows of its passport.
    evidence = http.get("/api/v1/passport/openai/gpt-4o").json()["evidence"]
    metrics = [e["metric"] for e in evidence if e["metric"].startswith("arena_rating:")]
    assert len(metrics) > len(set(metrics))
    cells = _Cells()
    cells.feed(http.get("/artifacts/openai/gpt-4o").text)
    table = [r for r in cells.rows if r]
    assert table and len(cells.labels) >= len(set(metrics))
    # A row reads as its metric (first cell) and the version it was measured on (seventh cell).
    read = [(r[0], r[6]) for r in table]
    assert len(read) == len(set(read)), [k for k in read if read.count(k) > 1][:5]
    assert len(cells.labels) == len(set(cells.labels)), [x for x in cells.labels if cells.labels.count(x) > 1][:5]
    distinct = {(e["metric"], e.get("measured_on"), e["value"], e.get("ci_low"), e.get("ci_high"), e.get("sample_size"))
                for e in evidence}
    assert len(table) == len(distinct)


def test_capability_pages_name_capabilities_in_words(http: httpx.Client) -> None:
    for key in ("vision.ocr", "text.coding"):
        page = http.get(f"/capabilities/{key}")
        assert page.status_code == 200
        text = visible_text(page.text)
        assert "capability://" not in text and key not in text, key
        assert f'data-capability="capability://{key}"' in page.text  # the id stays for scripts, out of sight
        assert http.get(f"/capabilities/{key}?format=json").json()["node"]["uri"] == f"capability://{key}"


def _numbers(texts: list[str]) -> list[float]:
    return [float(t.replace(",", "")) for t in texts]


def test_percentile_and_matchrank_axes_stay_within_0_to_100(http: httpx.Client) -> None:
    # text.coding mixes benchmarks, so its board plots percentiles among peers; the overall board MatchRank.
    for path in ("/capabilities/text.coding", "/leaderboard/text.coding", "/leaderboard",
                 "/compare/black-forest-labs/flux-1.1-pro/vs/openai/gpt-4o"):
        html = http.get(path).text
        ranges = re.findall(r'<span class="iv-range">([\d.,-]+) … ([\d.,-]+)</span>', html)
        ticks = _numbers(re.findall(r'<text [^>]*text-anchor="end" class="tick">([\d.,-]+)</text>', html))
        assert ranges or ticks, path
        ends = _numbers([x for pair in ranges for x in pair])
        assert all(0 <= v <= 100 for v in ends + ticks), (path, ends, ticks)
        # Every mark on an interval track lies inside the track (0–100 of its own viewBox).
        tracks = " ".join(re.findall(r'<svg class="iv-track".*?</svg>', html, flags=re.S))
        marks = _numbers([x for pair in re.findall(r'<line x1="([\d.-]+)" x2="([\d.-]+)"[^>]*class="(?:pt|whisker)"',
                                                   tracks) for x in pair])
        assert marks or not tracks, path
        assert all(0 <= v <= 100 for v in marks), path


def test_search_page_keeps_the_event_id_out_of_sight(http: httpx.Client) -> None:
    page = http.get("/search", params={"q": "cheap json model"})
    assert page.status_code == 200
    found = re.search(r'data-event-id="([0-9a-f-]{36})"', page.text)
    assert found, "the page keeps its event id for a feedback form"
    assert found.group(1) not in visible_text(page.text)
    assert http.get("/search", params={"q": "cheap json model", "format": "json"}).json()["event_id"]


def test_not_found_page_suggests_once_by_name(http: httpx.Client) -> None:
    page = http.get("/artifacts/openai/gpt-4o-mimi")
    assert page.status_code == 404
    section = page.text.split('<section class="error">', 1)[1].split("</section>", 1)[0]
    lists = re.findall(r"<ul>(.*?)</ul>", section, flags=re.S)
    assert len(lists) == 1, "one list of suggestions"
    assert "/artifacts/openai/gpt-4o-mini" in lists[0]
    message = section.split("</h1>", 1)[1].split("<h2", 1)[0]
    assert "gpt-4o-mini" not in message and "Did you mean" not in message
    assert 'role="search"' in section  # and the search box
    twin = http.get("/artifacts/openai/gpt-4o-mimi", params={"format": "json"}).json()["error"]
    assert twin["suggestions"] and "Did you mean" in twin["message"]  # the JSON contract is kept


def test_disputed_facts_say_what_each_source_claims(http: httpx.Client) -> None:
    doc = http.get("/api/v1/passport/01-ai/yi-large").json()
    assert "max_output" in doc["disputed"], "the pinned catalog no longer disputes this fact; pick another"
    html = http.get("/artifacts/01-ai/yi-large").text
    listed = html.split("<h3>Disputed facts</h3>", 1)[1].split("</ul>", 1)[0]
    text = visible_text(listed)
    assert "max output:" in text and "max_output" not in text
    for r in doc["facts"]["max_output"]["records"]:
        assert f"{r['value']:,} by {r['source']} <code>{r['key']}</code>" in listed, r
