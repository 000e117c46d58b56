"""Comparisons of the five seed pairs on the bundled catalog: structure and facts, not wording."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from matchgraph.compare import CompareContext, build_comparison, parse_workload, to_dict
from matchgraph.service.compare import compare, passports
from matchgraph.service.context import Services
from matchgraph.service.errors import NotFoundError, ServiceError

CONTRACT = {"a", "b", "headline", "table", "capabilities", "key_differences", "when_to_use", "verdict", "faq",
            "cost", "sources"}
# Fields added since (DESIGN.md: add freely, never rename or remove).
ADDED = {"sources_by_source"}
# (key A, key B, do they share a job?) — keys as people type them.
SEED_PAIRS = [
    ("gpt-4o-mini", "black_forest_labs/flux-pro", False),
    ("openai/gpt-5-image-mini", "black_forest_labs/flux-pro", True),
    ("openai/gpt-5.4-image-2", "black_forest_labs/flux-pro", True),
    ("flux-1.1-pro", "gpt-4o", False),
    ("mistralai/ministral-3-8b-2512", "black_forest_labs/flux-pro", False),
]
# Table rows that restate a passport fact: the cell must be exactly the passport's value (None stays None).
FACT_ROWS = {
    "Input price (USD per 1M tokens)": lambda p: p["prices"]["input_per_mtok"],
    "Output price (USD per 1M tokens)": lambda p: p["prices"]["output_per_mtok"],
    "Price per image (USD)": lambda p: p["prices"]["per_image"],
    "Context window (tokens)": lambda p: p["limits"]["context_window"],
    "Max output (tokens)": lambda p: p["limits"]["max_output"],
    "Parameters": lambda p: p["parameters"],
    "Open weights": lambda p: p["open_weights"],
    "Release date": lambda p: p["release_date"],
    "Organization": lambda p: p["organization"],
}


@pytest.fixture(scope="module")
def services(catalog_engine: sa.Engine) -> Iterator[Services]:
    yield Services(catalog_engine)


@pytest.fixture(scope="module")
def seeds(services: Services) -> dict[tuple[str, str], tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each seed pair's comparison JSON with the two passports it was built from."""
    return {(a, b): (compare(services, a, b), passports(services, [a, b])) for a, b, _ in SEED_PAIRS}


def _row(doc: dict[str, Any], label: str) -> dict[str, Any]:
    return next(r for r in doc["table"] if r["row"] == label)


@pytest.mark.parametrize(("key_a", "key_b", "share_job"), SEED_PAIRS)
def test_seed_pair_has_every_section(seeds, key_a: str, key_b: str, share_job: bool) -> None:
    doc, _ = seeds[(key_a, key_b)]
    assert set(doc) == CONTRACT | ADDED
    json.dumps(doc)  # one JSON document, nothing unserialisable
    assert doc["headline"].strip()
    assert doc["table"] and all(set(r) == {"row", "a", "b", "winner"} for r in doc["table"])
    caps = doc["capabilities"]
    assert set(caps) == {"a", "b", "shared"} and caps["a"] + caps["b"] + caps["shared"]
    assert doc["key_differences"] and all(d["text"] for d in doc["key_differences"])
    assert doc["when_to_use"]["a"] and doc["when_to_use"]["b"]
    assert doc["verdict"]["text"]
    assert len(doc["faq"]) >= 4 and all(f["q"] and f["a"] for f in doc["faq"])
    assert doc["cost"]["a"]["note"] and doc["cost"]["b"]["note"]
    assert doc["sources"] and all(s["fetched_at"] for s in doc["sources"])


@pytest.mark.parametrize(("key_a", "key_b", "share_job"), SEED_PAIRS)
def test_different_jobs_only_when_no_job_is_shared(seeds, key_a: str, key_b: str, share_job: bool) -> None:
    doc, (pa, pb) = seeds[(key_a, key_b)]
    v = doc["verdict"]
    assert v["different_jobs"] is (not share_job)
    both_make_images = "image" in pa["modalities"]["output"] and "image" in pb["modalities"]["output"]
    assert both_make_images == share_job  # every seed pair that shares a job is two image generators
    if v["different_jobs"]:
        # No scoreboard between a chat model and an image generator, and no row crowns a winner.
        assert v["comparable_categories"] == [] and v["wins"] == {}
        assert all(r["winner"] is None for r in doc["table"])
    else:
        counted = v["comparable_categories"]
        assert sum(v["wins"].values()) == len(counted)
        assert all(c["winner"] in ("a", "b", "tie") for c in counted)


@pytest.mark.parametrize(("key_a", "key_b", "share_job"), SEED_PAIRS)
def test_cells_restate_passport_facts_and_unknown_is_null(seeds, key_a: str, key_b: str, share_job: bool) -> None:
    doc, (pa, pb) = seeds[(key_a, key_b)]
    assert (doc["a"]["slug"], doc["b"]["slug"]) == (pa["slug"], pb["slug"])
    for label, fact in FACT_ROWS.items():
        row = _row(doc, label)
        assert row["a"] == fact(pa) and row["b"] == fact(pb), label
        if row["a"] is None or row["b"] is None:
            assert row["winner"] is None, label
    for row in doc["table"]:
        if row["winner"] is not None:
            assert row["a"] is not None and row["b"] is not None, row
    hosts = _row(doc, "Hosts offering it")
    assert hosts["a"] == (len(pa["hosts"]) or None) and hosts["b"] == (len(pb["hosts"]) or None)


def test_flux_pro_price_and_unknown_context(seeds) -> None:
    doc, (mini, flux) = seeds[("gpt-4o-mini", "black_forest_labs/flux-pro")]
    cheapest_image = min(o["prices"]["per_image"] for o in flux["offers"]
                         if o["status"] == "active" and "per_image" in o["prices"])
    assert _row(doc, "Price per image (USD)")["b"] == cheapest_image
    start = _row(doc, "Starting price (cheapest active offer, USD)")
    assert start["b"]["unit"] == "per image" and start["a"]["unit"] == "per 1M input tokens"
    assert start["winner"] is None  # different units never compare
    assert _row(doc, "Context window (tokens)")["b"] is None  # unknown, not 0
    assert _row(doc, "Input price (USD per 1M tokens)")["a"] == mini["prices"]["input_per_mtok"]


def test_image_generators_are_not_judged_on_context_window(services: Services) -> None:
    doc = compare(services, "flux-1.1-pro", "black_forest_labs/flux-pro")
    assert doc["verdict"]["different_jobs"] is False
    assert _row(doc, "Context window (tokens)")["winner"] is None
    keys = {c["key"] for c in doc["verdict"]["comparable_categories"]}
    assert "context_window" not in keys and "per_image" in keys
    per_image = _row(doc, "Price per image (USD)")
    expected = "a" if per_image["a"] < per_image["b"] else "b" if per_image["b"] < per_image["a"] else "tie"
    assert per_image["winner"] == expected


def test_workload_cost_from_offer_prices(services: Services) -> None:
    w = "requests=10000/month,input=1500,output=300,images=500"
    doc = compare(services, "gpt-4o-mini", "black_forest_labs/flux-pro", workload=w)
    mini, flux = passports(services, ["gpt-4o-mini", "black_forest_labs/flux-pro"])
    per_offer = [10000 * (1500 * o["prices"]["input_per_mtok"] + 300 * o["prices"]["output_per_mtok"]) / 1e6
                 for o in mini["offers"] if o["status"] == "active" and o["kind"] in ("api", "free_tier")
                 and {"input_per_mtok", "output_per_mtok"} <= set(o["prices"])]
    cost = doc["cost"]
    assert cost["workload"]["assumed"] is False and cost["workload"]["images_per_month"] == 500
    assert cost["a"]["monthly_usd"] == pytest.approx(min(per_offer))
    assert cost["a"]["not_applicable"] == ["images"]
    assert cost["b"]["monthly_usd"] == pytest.approx(500 * flux["prices"]["per_image"])
    assert cost["b"]["not_applicable"] == ["tokens"]
    assert cost["cheaper"] is None  # they price different parts of the work
    # Every active offer with comparable prices is costed; the GitHub Copilot seat (a subscription) is not.
    priced = [o for o in mini["offers"] if o["status"] == "active" and o["kind"] in ("api", "free_tier")]
    assert len(cost["a"]["per_offer"]) == len(priced)
    assert any(o["kind"] == "subscription" for o in mini["offers"])
    assert "github-copilot" not in {o["host"] for o in cost["a"]["per_offer"]}


def test_unpriced_image_work_is_unknown_not_zero(services: Services) -> None:
    doc = compare(services, "openai/gpt-5-image-mini", "black_forest_labs/flux-pro", workload="images=100")
    mini = doc["cost"]["a"]
    assert mini["applicable"] is True and mini["monthly_usd"] is None and "per_image" in mini["missing"]
    assert doc["cost"]["b"]["monthly_usd"] is not None


def test_same_artifact_twice_is_a_page_not_an_error(services: Services) -> None:
    doc = compare(services, "gpt-4o-mini", "openai/gpt-4o-mini")
    assert doc["a"]["slug"] == doc["b"]["slug"] == "openai/gpt-4o-mini"
    assert doc["verdict"]["different_jobs"] is False and doc["verdict"]["wins"] == {}
    assert doc["capabilities"]["a"] == doc["capabilities"]["b"] == [] and doc["capabilities"]["shared"]
    assert doc["key_differences"] and doc["when_to_use"]["a"] and len(doc["faq"]) >= 4
    assert all(r["winner"] is None for r in doc["table"] if r["row"].startswith(("Input", "Output", "Context")))


def test_unknown_keys_are_named_with_suggestions(services: Services) -> None:
    with pytest.raises(NotFoundError) as info:
        compare(services, "gpt-4o-minii", "flux-proo-x")
    assert "gpt-4o-minii" in str(info.value) and "flux-proo-x" in str(info.value)
    assert info.value.suggestions


def test_malformed_workload_is_a_clear_error(services: Services) -> None:
    with pytest.raises(ServiceError, match="requests=N"):
        compare(services, "gpt-4o-mini", "gpt-4o", workload="input=1500")


def test_artifact_with_almost_no_data_says_unknown(services: Services) -> None:
    view = services.view()
    # The barest artifact whose parameter count no source states (benchmark sources state some).
    bare = min((a for a in view.artifacts if a.parameters is None),
               key=lambda a: (len(a.offers), len(a.capabilities), a.context_window is not None, a.slug))
    doc = compare(services, bare.slug, "gpt-4o-mini")
    assert set(doc) == CONTRACT | ADDED and doc["headline"] and len(doc["faq"]) >= 4
    assert _row(doc, "Parameters")["a"] is None
    text = json.dumps(doc)
    assert "unknown" in text


def test_html_and_markdown_escape_names(services: Services) -> None:
    pa, pb = passports(services, ["gpt-4o-mini", "black_forest_labs/flux-pro"])
    pa = {**pa, "name": "<script>alert(1)</script>", "sources": [
        {"source": "x", "key": "k", "url": "javascript:alert(1)", "fetched_at": "2026-01-01"}]}
    from matchgraph.compare.render_html import render_comparison_html
    from matchgraph.compare.render_md import render_markdown

    c = build_comparison(pa, pb, CompareContext(workload=parse_workload("images=10")))
    html = render_comparison_html(c)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    md = render_markdown(c)
    assert "<script>" not in md and "&lt;script&gt;" in md
    for section in ("Side by side", "Capabilities", "Key differences", "When to use each", "Verdict",
                    "Cost of a workload", "Questions", "Sources"):
        assert section in html and f"## {section}" in md


def test_builder_is_pure_and_json_matches_object(services: Services) -> None:
    pa, pb = passports(services, ["gpt-4o", "gpt-4o-mini"])
    first = to_dict(build_comparison(pa, pb))
    second = to_dict(build_comparison(pa, pb))
    assert first == second
    # Without a context the cost section states its assumed workload instead of inventing one silently.
    assert first["cost"]["workload"]["assumed"] is True
    assert first["verdict"]["different_jobs"] is False and first["verdict"]["comparable_categories"]


# The feature table as the page template wrote it row by row before the rows were assembled in Python.
_TABLE_LOOP = (
    '{% for r in rows %}\n<tr><th scope="row">{{ r.label }}</th>\n'
    '<td{% if r.winner == "a" %} class="win"{% endif %}>{{ r.a_text | show }}'
    '{% if r.winner == "a" %} <span class="muted">(leads)</span>{% endif %}</td>\n'
    '<td{% if r.winner == "b" %} class="win"{% endif %}>{{ r.b_text | show }}'
    '{% if r.winner == "b" %} <span class="muted">(leads)</span>{% endif %}</td></tr>\n'
    '{% endfor %}\n'
)


@pytest.mark.parametrize(("key_a", "key_b", "share_job"), SEED_PAIRS)
def test_table_rows_read_as_the_row_template_did(services: Services, key_a: str, key_b: str,
                                                 share_job: bool) -> None:
    from matchgraph.compare.render_html import ComparisonParts, environment

    pa, pb = passports(services, [key_a, key_b])
    c = build_comparison(pa, pb)
    parts = ComparisonParts()
    expected = environment().from_string(_TABLE_LOOP).render(rows=c.table)
    assert str(parts.table_rows(c.table)) == expected
    assert str(parts.table_rows(c.table)) == expected  # the second time from the kept cells
    assert expected.count("<tr>") == len(c.table) > 10
