"""The JSON API against a real server on 127.0.0.1: contracts, filters, and agreement with the services."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from web_helpers import LiveServer, shared_server

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.service.passport import passport

GOOD_MANIFEST = Path(__file__).parent / "data" / "manifests" / "good.yml"
BAD_MANIFEST = Path(__file__).parent / "data" / "manifests" / "bad_many_errors.yml"


@pytest.fixture(scope="module")
def server(catalog_db: str, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    return shared_server(catalog_db, tmp_path_factory)


@pytest.fixture(scope="module")
def http(server: LiveServer) -> httpx.Client:
    with server.client() as client:
        yield client


def test_search_follows_the_contract_and_every_hard_constraint(http: httpx.Client) -> None:
    r = http.get("/api/v1/search", params={"q": "vision model under $1 per million input tokens", "limit": 8})
    assert r.status_code == 200
    body = r.json()
    assert {"query", "constraints", "event_id", "results"} <= set(body)
    assert body["constraints"]["max_input_per_mtok"] == 1
    assert "image" in body["constraints"]["input_modalities"]
    assert 3 <= len(body["results"]) <= 8
    for res in body["results"]:
        assert {"slug", "name", "score", "components", "reasons", "capabilities", "prices", "sources"} <= set(res)
        assert res["prices"]["input_per_mtok"] is not None and res["prices"]["input_per_mtok"] <= 1
        assert any(s["source"] == "litellm" for s in res["sources"])


def test_search_body_is_the_compact_utf8_encoding_of_its_payload(http: httpx.Client) -> None:
    # The encoding every JSON response of the API shares: no spaces, characters as UTF-8 (not \\u escapes).
    r = http.get("/api/v1/search", params={"q": "多语言 chat model, cheap", "limit": 5})
    assert r.status_code == 200
    expected = json.dumps(r.json(), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    assert r.content == expected
    assert "多语言".encode() in r.content


def test_resolve_a_capability_uri(http: httpx.Client) -> None:
    r = http.get("/api/v1/resolve", params={"capability": "capability://vision.ocr", "risk": "production"})
    assert r.status_code == 200
    body = r.json()
    assert body["results"], body
    assert all("capability://vision.ocr" in res["capabilities"] or res["capabilities"] for res in body["results"])
    bad = http.get("/api/v1/resolve", params={"capability": "capability://vision.ocrr"})
    assert bad.status_code == 404
    assert any("vision.ocr" in s for s in bad.json()["error"]["suggestions"])


def test_artifacts_filters_sort_and_pagination(http: httpx.Client) -> None:
    params = {"capability": "capability://vision", "max_input_price": 0.5, "min_context": 100_000,
              "sort": "input_price", "limit": 25}
    first = http.get("/api/v1/artifacts", params=params).json()
    assert first["total"] > 25 and len(first["items"]) == 25
    seen: list[str] = []
    page = first
    while True:
        for item in page["items"]:
            assert item["prices"]["input_per_mtok"] is not None and item["prices"]["input_per_mtok"] <= 0.5
            assert item["context_window"] >= 100_000
            assert any(c.startswith("capability://vision") for c in item["capabilities"])
            seen.append(item["slug"])
        if page["next"] is None:
            break
        page = http.get(page["next"]).json()
    assert len(seen) == len(set(seen)) == first["total"]
    prices = [http.get("/api/v1/passport/" + s).json()["prices"]["input_per_mtok"] for s in seen[:5]]
    assert prices == sorted(prices)


def test_passport_is_the_service_passport_plus_matchrank(http: httpx.Client, server: LiveServer) -> None:
    body = http.get("/api/v1/passport/openai/gpt-4o-mini").json()
    engine = sa.create_engine(server.db_url)
    expected = passport(engine, "openai/gpt-4o-mini")
    engine.dispose()
    # MatchRank moves with every logged search, so it is compared by shape, the rest exactly.
    assert {k: v for k, v in body.items() if k != "matchrank"} == {k: v for k, v in expected.items()
                                                                 if k != "matchrank"}
    assert body["matchrank"]["known"] >= 1 and 0 <= body["matchrank"]["score"] <= 100
    by_alias = http.get("/api/v1/passport/azure/gpt-4o-mini").json()
    assert by_alias["slug"] == "openai/gpt-4o-mini"


def test_unknown_passport_is_404_with_suggestions(http: httpx.Client) -> None:
    r = http.get("/api/v1/passport/gpt-4o-mni")
    assert r.status_code == 404
    err = r.json()["error"]
    assert err["status"] == 404 and err["code"] == "not_found"
    assert "GPT-4o Mini" in err["suggestions"]


def test_compare_chat_model_with_image_generator(http: httpx.Client) -> None:
    r = http.get("/api/v1/compare", params={"a": "gpt-4o-mini", "b": "black_forest_labs/flux-pro"})
    assert r.status_code == 200
    body = r.json()
    assert body["a"]["slug"] == "openai/gpt-4o-mini" and body["b"]["slug"] == "black-forest-labs/flux-pro"
    assert body["verdict"]["different_jobs"] is True
    assert len(body["faq"]) >= 4 and body["sources"]
    cost = http.get("/api/v1/compare", params={"a": "gpt-4o-mini", "b": "black_forest_labs/flux-pro",
                                              "workload": "requests=10000/month,input=2000,output=500"}).json()
    # 10,000 requests × (2,000 × $0.15 + 500 × $0.60) per 1M tokens = $6.00 on OpenAI's own offer; the
    # headline is the cheapest priced offer, which a reseller may undercut.
    offers = cost["cost"]["a"]["per_offer"]
    assert [o["monthly_usd"] for o in offers if o["key"] == "gpt-4o-mini"] == [pytest.approx(6.0)]
    priced = [o["monthly_usd"] for o in offers if o["monthly_usd"]]
    assert cost["cost"]["a"]["monthly_usd"] == pytest.approx(min(priced)) and min(priced) <= 6.0
    bad = http.get("/api/v1/compare", params={"a": "gpt-4o-mini", "b": "x", "workload": "requests=lots"})
    assert bad.status_code in (400, 404) and "error" in bad.json()


def test_rankings_by_capability_carry_intervals(http: httpx.Client) -> None:
    body = http.get("/api/v1/rankings", params={"capability": "capability://text.coding", "limit": 5}).json()
    assert body["capability"] == "capability://text.coding" and len(body["results"]) == 5
    top = body["results"][0]["quality"]
    assert top["lower"] <= top["percentile"] <= top["upper"]
    bad = http.get("/api/v1/rankings", params={"capability": "capability://no.such.thing"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_request"


def test_capabilities_cover_the_taxonomy(http: httpx.Client) -> None:
    body = http.get("/api/v1/capabilities").json()
    taxonomy = load_taxonomy()
    assert [c["uri"] for c in body["capabilities"]] == taxonomy.uris()
    counts = {c["uri"]: c["artifacts"] for c in body["capabilities"]}
    # A parent counts every artifact that has any of its sub-capabilities.
    assert counts["capability://vision"] >= counts["capability://vision.ocr"] > 0
    one = http.get("/api/v1/capabilities/vision.ocr").json()
    assert one["uri"] == "capability://vision.ocr" and one["artifacts"] == counts["capability://vision.ocr"]


def test_validate_reports_fields_and_lines(http: httpx.Client) -> None:
    good = http.post("/api/v1/validate", json={"manifest": GOOD_MANIFEST.read_text()}).json()
    assert good["valid"] is True and good["slug"] == "openai/gpt-4o-mini"
    bad = http.post("/api/v1/validate", json={"manifest": BAD_MANIFEST.read_text()}).json()
    assert bad["valid"] is False and bad["errors"]
    assert all(e["path"] and isinstance(e["line"], int) for e in bad["errors"])


def test_openapi_documents_every_endpoint(http: httpx.Client) -> None:
    doc = http.get("/openapi.json").json()
    paths = set(doc["paths"])
    for p in ("/api/v1/search", "/api/v1/resolve", "/api/v1/artifacts", "/api/v1/passport/{slug}",
              "/api/v1/compare", "/api/v1/rankings", "/api/v1/capabilities", "/api/v1/validate",
              "/api/v1/events/{event_id}/outcome", "/api/v1/manifests"):
        assert p in paths, p
    assert "ErrorOut" in doc["components"]["schemas"]
