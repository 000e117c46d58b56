"""A person in a real browser (Debian's chromium via Playwright): search → result → compare, and a hostile
manifest that must render inert. Screenshots of each step are saved under the test's tmp dir."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright
from web_helpers import LiveServer, live_server, shared_server, sqlite_copy

from matchgraph.settings import Settings
from matchgraph.store import open_store
from matchgraph.web.keys import create_key

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# A valid manifest whose texts carry markup: script tags, event handlers and javascript: links.
HOSTILE = """manifest_version: 1
identity:
  slug: evil-labs/xss-model
  name: "XSS <script>window.__xss=1</script> Model"
  organization: "Evil <img src=x onerror=window.__xss=2> Labs"
  kind: model
  status: active
  homepage: "https://example.com/xss?<script>window.__xss=3</script>"
modalities:
  input: [text]
  output: [text]
limits:
  context_window: 8000
capabilities:
  - uri: capability://text.chat
    description: >-
      Chats. <script>window.__xss=4</script> <a href="javascript:window.__xss=5">click</a>
      <b onmouseover="window.__xss=6">hover</b>
    intents:
      - "say hi <svg onload=window.__xss=7>"
    unique_aspect: "<iframe src=javascript:window.__xss=8></iframe>"
pricing:
  currency: USD
  input_per_mtok: 0.1
  output_per_mtok: 0.2
  source:
    url: 'https://example.com/pricing"onmouseover="window.__xss=9'
    as_of: 2026-11-21
sources:
  - url: "https://example.com/src"
    as_of: 2026-11-21
    note: "<script>window.__xss=11</script>"
"""


def launch_chromium() -> Iterator[object]:
    """Debian's chromium under Playwright for a module's tests (skipped without it, failed in CI)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from launch_chromium()


@pytest.fixture(scope="module")
def site(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    url = sqlite_copy(catalog_db, tmp_path_factory.mktemp("browser") / "browser.db")
    engine = open_store(Settings(db_url=url))
    key, _ = create_key(engine, "browser-test", "")
    engine.dispose()
    with live_server(Settings(db_url=url)) as server:
        r = httpx.post(server.url + "/api/v1/manifests", json={"manifest": HOSTILE},
                       headers={"Authorization": f"Bearer {key}"}, timeout=120)
        assert r.status_code == 201, r.text
        yield server


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = tmp_path / "screenshots"
    folder.mkdir()
    return folder


def new_page(browser: object, problems: list[str], **kwargs: object) -> object:
    page = browser.new_page(**kwargs)  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    return page


def test_search_result_compare(browser: object, site: LiveServer, shots: Path) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 1280, "height": 900})
    page.goto(site.url + "/")
    page.screenshot(path=shots / "1-home.png")
    page.keyboard.press("/")  # the vendored script focuses the search box
    assert page.evaluate("document.activeElement.id") == "q"
    page.get_by_label("Describe what you need").fill("chat model with function calling, 128k context")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    page.screenshot(path=shots / "2-results.png", full_page=True)
    first = page.locator("ol.result-list li.result h3 a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/artifacts/**")
    assert page.locator("h1").inner_text() == name
    page.screenshot(path=shots / "3-artifact.png")
    page.get_by_label("Compare with").fill("FLUX Pro")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/compare/**/vs/black-forest-labs/flux-pro")
    assert page.locator("h1").inner_text() == f"{name} vs FLUX Pro"
    for section in ("Side by side", "Capabilities", "Key differences", "When to use each", "Verdict",
                    "Cost of your workload", "Questions", "Sources"):
        assert page.get_by_role("heading", name=section, exact=True).is_visible(), section
    page.get_by_label("Requests a month").fill("50000")
    page.get_by_role("button", name="Price this workload").click()
    page.wait_for_url("**workload=requests%3D50000**")
    page.screenshot(path=shots / "4-compare.png", full_page=True)
    assert "50,000 requests a month" in page.locator("#cost").inner_text()
    assert problems == []
    assert len(list(shots.glob("*.png"))) == 4


def test_hostile_manifest_renders_inert(browser: object, site: LiveServer, shots: Path) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 1280, "height": 900})
    for path in ("/artifacts/evil-labs/xss-model", "/compare/evil-labs/xss-model/vs/black-forest-labs/flux-pro",
                 "/search?q=xss+model"):
        page.goto(site.url + path)
        page.wait_for_load_state("load")
        for el in page.locator("main p, main li, main td, main h1, main h3").all()[:80]:
            el.hover(timeout=2000, trial=False, force=True)  # would fire any mouseover handler
        page.screenshot(path=shots / (path.strip("/").replace("/", "_")[:60] + ".png"), full_page=True)
        state = page.evaluate("""() => ({
            xss: window.__xss === undefined ? null : window.__xss,
            handlers: [...document.querySelectorAll('*')].filter(e =>
                [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
            jsLinks: [...document.querySelectorAll('[href],[src]')].filter(e =>
                /^\\s*javascript:/i.test(e.getAttribute('href') || e.getAttribute('src') || '')).length,
            scripts: [...document.scripts].map(s => s.src.replace(location.origin, '')),
            frames: document.querySelectorAll('iframe, object, embed').length,
        })""")
        assert state == {"xss": None, "handlers": 0, "jsLinks": 0, "scripts": ["/static/app.js"], "frames": 0}, path
    page.goto(site.url + "/artifacts/evil-labs/xss-model")
    body = page.locator("main").inner_text()
    assert "<script>window.__xss=1</script>" in body  # shown as text, not run
    assert "onmouseover" in body or "onerror" in body
    assert problems == []


PAGE_TYPES = {
    "home": "/",
    "search": "/search?q=text+to+image",
    "artifact": "/artifacts/openai/gpt-4o-mini",
    "compare": "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o",
    "compare-jobs": "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro",
    "leaderboard": "/leaderboard",
    "board": "/leaderboard/text.coding",
    "capabilities": "/capabilities",
    "capability": "/capabilities/image.generation.text-to-image",
    "rated-capability": "/capabilities/text.coding",
    "rated-artifact": "/artifacts/anthropic/claude-3-5-haiku-20241022",
    "not-found": "/artifacts/openai/gpt-4o-mimi",
    "docs": "/docs",
}
# The smallest rendered size of any text inside an SVG chart (its font size times the SVG's scale).
SMALLEST_SVG_TEXT = """() => {
  let least = Infinity;
  for (const t of document.querySelectorAll('svg text')) {
    const scale = t.ownerSVGElement.getScreenCTM().a;
    least = Math.min(least, parseFloat(getComputedStyle(t).fontSize) * scale);
  }
  return least === Infinity ? null : least;
}"""


@pytest.fixture(scope="module")
def rated_site(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    """The catalog with the pinned arena ratings, so charts and interval columns have their real widths."""
    return shared_server(catalog_db, tmp_path_factory)


@pytest.mark.parametrize("width", [390, 1366])
def test_every_page_type_fits_its_screen(browser: object, rated_site: LiveServer, shots: Path, width: int) -> None:
    site = rated_site
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": width, "height": 844})
    for name, path in PAGE_TYPES.items():
        seen = len(problems)
        page.goto(site.url + path, timeout=120_000)  # the first search waits for the warm-up of the index
        page.wait_for_load_state("load")
        if name == "not-found":  # the browser logs the 404 status of the page itself
            del problems[seen:]
        if name == "docs":
            page.wait_for_selector(".opblock-tag", timeout=30_000)
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (name, width)
        smallest = page.evaluate(SMALLEST_SVG_TEXT)
        assert smallest is None or smallest >= 10.95, (name, width, smallest)
        # Nothing focusable inside a picture: an svg role=img is one image to assistive technology.
        assert page.evaluate("document.querySelectorAll('svg[role=img] a, svg[role=img] [tabindex], "
                             "svg[role=img] button').length") == 0, name
    assert problems == []


def test_phone_shows_results_before_filters_and_a_readable_comparison(browser: object, site: LiveServer) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 390, "height": 844})
    page.goto(site.url + "/search?q=vision+model+that+returns+JSON")
    first = page.locator("ol.result-list li.result").first.bounding_box()
    filters = page.locator("aside.filters").bounding_box()
    assert first["y"] < 844 and first["y"] < filters["y"]  # the first result is on the first screen
    assert not page.locator("#f-in").is_visible()  # filters are folded away on a phone...
    page.get_by_text("Filters", exact=True).click()
    assert page.locator("#f-in").is_visible()  # ...and open with one tap
    page.goto(site.url + "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o")
    table = page.locator("table.versus")
    assert page.evaluate("document.querySelector('table.versus').scrollWidth") <= 390
    cells = table.locator("tbody td").all()[:12]
    assert cells and all(c.bounding_box()["width"] >= 150 for c in cells)  # two values side by side
    labels = table.locator("tbody th").all()[:6]
    assert all(lab.bounding_box()["width"] >= 340 for lab in labels)  # the feature spans the row
    desktop = new_page(browser, problems, viewport={"width": 1366, "height": 900})
    desktop.goto(site.url + "/search?q=vision+model+that+returns+JSON")
    assert desktop.locator("#f-in").is_visible()  # filters open beside the results on a wide screen
    assert problems == []


def _column(page: object, table: str, index: int) -> list[str]:
    return page.evaluate(  # type: ignore[attr-defined]
        f"[...document.querySelectorAll('{table} tbody tr:not([hidden])')]"
        f".map(r => r.cells[{index}].textContent.trim())")


def _money(text: str) -> float | None:
    return None if text == "unknown" else float(text.replace("$", "").replace(",", ""))


def test_tables_sort_and_filter_from_the_keyboard(browser: object, site: LiveServer) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 1366, "height": 900})
    page.goto(site.url + "/artifacts/openai/gpt-4o-mini")
    button = page.get_by_role("button", name="Sort by Input /1M")
    button.focus()
    page.keyboard.press("Enter")
    head = page.locator("#offers thead th").nth(3)
    assert head.get_attribute("aria-sort") == "ascending"
    prices = [_money(t) for t in _column(page, "#offers", 3)]
    known = [p for p in prices if p is not None]
    assert known == sorted(known) and prices[:len(known)] == known  # unknown prices stay last
    page.keyboard.press("Enter")
    assert head.get_attribute("aria-sort") == "descending"
    known = [p for p in (_money(t) for t in _column(page, "#offers", 3)) if p is not None]
    assert known == sorted(known, reverse=True)
    every_host = set(_column(page, "#offers", 0))
    page.get_by_label("Filter the offers").fill("azure")
    hosts = _column(page, "#offers", 0)
    # The filter keeps the rows whose text holds the words typed (azure, azure-ai) and hides the rest.
    assert hosts and all("azure" in h for h in hosts) and "azure" in hosts
    assert {h for h in every_host if "azure" not in h}, "the artifact has other hosts to hide"
    page.goto(site.url + "/leaderboard")
    page.get_by_role("button", name="Sort by Artifact").click()
    names = _column(page, "#board", 1)
    initials = [n[:1].casefold() for n in names]
    assert len(names) > 50 and initials == sorted(initials)  # natural order: "GPT-OSS 20B" before "120B"
    page.goto(site.url + "/search?q=cheap+chat+model")
    page.get_by_role("button", name="Sort by Input per 1M tokens").click()
    known = [p for p in (_money(t) for t in _column(page, "#results-table", 3)) if p is not None]
    assert known and known == sorted(known)
    assert problems == []


def test_offer_model_ids_copy_and_snippets_use_them(browser: object, site: LiveServer) -> None:
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.url)
    page = context.new_page()
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(site.url + "/artifacts/openai/gpt-4o-mini")
    key = page.locator("#offer-key-1").inner_text()
    page.get_by_role("button", name=f"Copy the model id {key}").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == key
    snippet = page.locator("#snippet-1").text_content()
    assert f'"model": "{key}"' in snippet or key in snippet
    context.close()
    assert problems == []


def test_pages_fit_a_phone_screen(browser: object, site: LiveServer, shots: Path) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 390, "height": 844})
    for path in ("/", "/search?q=text+to+image", "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro"):
        page.goto(site.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=shots / f"phone-{len(list(shots.iterdir()))}.png")
        assert overflow <= 0, (path, overflow)
    assert problems == []



def test_prices_show_whole_cents(browser: object, site: LiveServer) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 390, "height": 844})
    # Per-token prices scaled to per 1M carry float noise (4e-7 * 1e6): they must still read as cents.
    page.goto(site.url + "/search?q=vision+model+that+returns+JSON%2C+128k+context")
    prices = _column(page, "#results-table", 3) + _column(page, "#results-table", 4)
    page.goto(site.url + "/artifacts/openai/gpt-4.1-mini")
    prices += _column(page, "#offers", 3) + _column(page, "#offers", 4)
    assert len(prices) > 40
    assert [p for p in prices if re.fullmatch(r"\$[\d,]+\.\d", p)] == []
    assert problems == []


def test_capability_blocks_say_shared_facts_once_and_count_offers_right(browser: object,
                                                                         site: LiveServer) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 390, "height": 844})
    page.goto(site.url + "/artifacts/openai/gpt-4o-mini")
    caps = page.locator("section[aria-labelledby=caps-h]")
    text = caps.inner_text()
    assert caps.locator("article.cap").count() >= 10
    # The host count is a fact about the artifact, not about each capability: it is said once.
    assert text.count("switching hosts freely") == 1
    assert "Matched 0 times" not in text and text.count("No search has matched") == 1
    # An offer described by two records (LiteLLM and models.dev) is one offer, not two declarations.
    declared = re.findall(r"declared by (\d+) of (\d+) offers", text)
    assert declared and all(int(said) <= int(total) for said, total in declared), declared
    confidences = [float(c) for c in re.findall(r"confidence (\d+(?:\.\d+)?)", text)]
    assert confidences and max(confidences) <= 1
    for own, median in re.findall(r"context (\S+) is below the median (\S+) of peers", text):
        assert own != median  # a rounded tie is not a shortfall
    assert "Context window of 128K tokens or more: follows from its context window of 128K tokens." in text
    page.goto(site.url + "/compare/openai/gpt-4o-mini/vs/anthropic/claude-3-5-haiku-20241022")
    confidences = [float(c) for c in re.findall(r"confidence (\d+(?:\.\d+)?)", page.inner_text("#capabilities"))]
    assert confidences and max(confidences) <= 1  # Claude 3.5 Haiku's PDF input had read 1.07
    assert problems == []


def test_comparison_bars_show_whole_figures_on_a_phone(browser: object, rated_site: LiveServer) -> None:
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": 390, "height": 844})
    page.goto(rated_site.url + "/compare/openai/gpt-4o-mini/vs/anthropic/claude-3-5-haiku-20241022")
    cut = page.evaluate("""[...document.querySelectorAll('.bars .bar-v')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.trim())""")
    values = page.locator(".bars .bar-v").all_inner_texts()
    assert any("95% CI" in v for v in values)  # ratings carry their intervals, and these must show whole
    assert cut == []
    widths = page.evaluate("[...document.querySelectorAll('.bars .bar svg')].map(s => s.getBoundingClientRect().width)")
    assert widths and min(widths) >= 180  # the bar keeps most of the phone's width beside the name
    assert problems == []


@pytest.mark.parametrize("width", [390, 1366])
def test_exported_pages_fit_their_screen(browser: object, catalog_db: str, tmp_path_factory: pytest.TempPathFactory,
                                         shots: Path, width: int) -> None:
    """The static export has its own templates: its pages fit a phone and a desktop as the served ones do."""
    from web_helpers import EXPORT_PAGES, export_page, exported_site

    root = exported_site(catalog_db, tmp_path_factory)
    problems: list[str] = []
    page = new_page(browser, problems, viewport={"width": width, "height": 844})
    for name, pattern in EXPORT_PAGES.items():
        page.goto(export_page(root, pattern).as_uri())
        page.wait_for_load_state("load")
        page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, (name, width)
    assert problems == []
