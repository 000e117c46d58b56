"""axe-core (the npm package pinned in tests/axe/package.json) on every page type at phone and desktop
width in Chromium: no serious or critical accessibility violation.

The package is installed with ``npm install --prefix tests/axe`` when missing (CI has npm)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import IN_CI, launch_chromium
from web_helpers import LiveServer, shared_server

AXE_DIR = Path(__file__).parent / "axe"
AXE_JS = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "/",
    "search": "/search?q=vision+model+that+returns+JSON%2C+128k+context",
    "artifact": "/artifacts/openai/gpt-4o-mini",
    "compare": "/compare/openai/gpt-4o-mini/vs/openai/gpt-4o",
    "compare-different-jobs": "/compare/openai/gpt-4o-mini/vs/black-forest-labs/flux-pro",
    "leaderboard": "/leaderboard",
    "capability-leaderboard": "/leaderboard/text.coding",
    "capabilities": "/capabilities",
    "capability": "/capabilities/vision.ocr",
    "not-found": "/artifacts/openai/gpt-4o-mimi",
    "docs": "/docs",
}
WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}


def _axe_source() -> str:
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            if IN_CI:
                pytest.fail("npm is needed to install axe-core for the accessibility test")
            pytest.skip("npm is not installed, so axe-core cannot be installed (tests/axe/package.json)")
        subprocess.run([npm, "install", "--prefix", str(AXE_DIR), "--no-audit", "--no-fund"], check=True,
                       capture_output=True, timeout=300)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return _axe_source()


@pytest.fixture(scope="module")
def server(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    return shared_server(catalog_db, tmp_path_factory)


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    yield from launch_chromium()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_or_critical_violation_on_any_page(chromium: object, server: LiveServer, axe: str,
                                                       width: str) -> None:
    w, h = WIDTHS[width]
    page = chromium.new_page(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    checked = 0
    for name, path in PAGES.items():
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        if name == "docs":
            page.wait_for_selector(".opblock-tag", timeout=30_000)
        page.evaluate(axe + "\n;void 0")  # through DevTools, so the page's CSP stays as served
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return {passes: r.passes.length, violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))};
        }""")
        checked += 1
        bad = [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            found[name] = bad
    page.close()
    assert checked == len(PAGES)
    assert found == {}, found


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_or_critical_violation_on_exported_pages(chromium: object, axe: str, width: str, catalog_db: str,
                                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    """The static export's own templates (index, artifact, comparison) pass axe as the served pages do."""
    from web_helpers import EXPORT_PAGES, export_page, exported_site

    root = exported_site(catalog_db, tmp_path_factory)
    w, h = WIDTHS[width]
    page = chromium.new_page(viewport={"width": w, "height": h})  # type: ignore[attr-defined]
    found: dict[str, list[str]] = {}
    for name, pattern in EXPORT_PAGES.items():
        page.goto(export_page(root, pattern).as_uri())
        page.wait_for_load_state("load")
        page.evaluate(axe + "\n;void 0")
        result = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact,
                                           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
        bad = [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in ("serious", "critical")]
        if bad:
            found[name] = bad
    page.close()
    assert found == {}, found
