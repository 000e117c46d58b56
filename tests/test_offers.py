"""Offer kinds and typed price units (catalog/offers.py), and the starting price they feed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchgraph.catalog.derive import group_records
from matchgraph.catalog.domain import ModelRecord, Prices
from matchgraph.catalog.offers import UNIT_GROUPS, classify, offer_kind, typed_prices


def rec(key: str, host: str, *, slug: str = "acme/m1", **kw) -> ModelRecord:
    kw.setdefault("mode", "chat")
    return ModelRecord(source=kw.pop("source", "litellm"), source_key=key, slug=slug, name="M1",
                       organization="acme", host=host, host_key=key, **kw)


def test_kinds_from_host_and_key() -> None:
    assert offer_kind(rec("ollama/m1", "ollama")) == "local_runtime"
    assert offer_kind(rec("lemonade/m1", "lemonade")) == "local_runtime"
    assert offer_kind(rec("sagemaker/m1", "sagemaker")) == "self_hosted"
    assert offer_kind(rec("chatgpt/m1", "chatgpt")) == "subscription"
    assert offer_kind(rec("github_copilot/m1", "github-copilot")) == "subscription"
    assert offer_kind(rec("openrouter/acme/m1:free", "openrouter")) == "free_tier"
    assert offer_kind(rec("x/m1", "x", extra={"free": True})) == "free_tier"
    assert offer_kind(rec("acme/m1-preview-05-20", "acme")) == "preview"
    assert offer_kind(rec("acme/m1-exp-1206", "acme")) == "preview"
    assert offer_kind(rec("acme/m1", "acme")) == "api"
    # A word that merely contains "exp" is not a preview.
    assert offer_kind(rec("acme/expert-1", "acme", slug="acme/expert-1")) == "api"
    # The adapter's own statement wins.
    assert offer_kind(rec("ollama/m1", "ollama", offer_kind="api")) == "api"


def test_preview_expiry_is_its_deprecation_date() -> None:
    c = classify(rec("acme/m1-preview", "acme", deprecation_date="2026-03-01"))
    assert (c.kind, c.expires) == ("preview", "2026-03-01")
    assert classify(rec("acme/m1", "acme", deprecation_date="2026-03-01")).expires is None


def test_a_bare_zero_is_unknown_not_free() -> None:
    prices, _ = typed_prices(rec("x/m1", "x", prices=Prices(input_per_mtok=0, output_per_mtok=0)), "api")
    assert prices.input_per_mtok is None and prices.output_per_mtok is None
    free, _ = typed_prices(rec("x/m1:free", "x", prices=Prices(input_per_mtok=0, output_per_mtok=0)), "free_tier")
    assert free.input_per_mtok == 0 and free.output_per_mtok == 0


def test_zero_outside_the_billing_unit_is_unknown() -> None:
    image = rec("x/img", "x", mode="image_generation", prices=Prices(input_per_mtok=0, per_image=0.04))
    prices, _ = typed_prices(image, "api")
    assert prices.input_per_mtok is None and prices.per_image == 0.04
    # An embedding's 0 per output token beside its input price is confirmed by that price.
    emb, _ = typed_prices(rec("x/e", "x", mode="embedding", prices=Prices(input_per_mtok=0.1, output_per_mtok=0)),
                          "api")
    assert emb.output_per_mtok == 0
    # Billed per request: a 0 per input token is not a free input.
    req, notes = typed_prices(rec("x/s", "x", prices=Prices(input_per_mtok=0, output_per_mtok=1.0),
                                  extra={"other_prices": {"input_cost_per_request": 0.005}}), "api")
    assert req.input_per_mtok is None and req.per_query == 0.005 and notes


def test_per_pixel_becomes_per_image_at_the_stated_size() -> None:
    r = rec("azure/hd/1024-x-1792/dall-e-3", "azure", mode="image_generation",
            extra={"other_prices": {"input_cost_per_pixel": 7.19343e-08}})
    prices, notes = typed_prices(r, "api")
    assert abs(prices.per_image - 7.19343e-08 * 1024 * 1792) < 1e-6
    assert "1024x1792" in notes[0] and "stated in the key" in notes[0] and "quality hd" in notes[0]
    plain, notes = typed_prices(rec("x/img", "x", extra={"other_prices": {"output_cost_per_pixel": 1e-7}}), "api")
    assert abs(plain.per_image - 1e-7 * 1024 * 1024) < 1e-6 and "assumed" in notes[0]


def test_starting_price_uses_api_and_free_tier_only() -> None:
    drafts = group_records([
        rec("ollama/m1", "ollama", prices=Prices(input_per_mtok=0, output_per_mtok=0)),
        rec("chatgpt/m1", "chatgpt", prices=Prices(input_per_mtok=0.01)),
        rec("sagemaker/m1", "sagemaker", prices=Prices(input_per_mtok=0.02)),
        rec("acme/m1-preview", "acme", prices=Prices(input_per_mtok=0.03)),
        rec("b/m1", "b", prices=Prices(input_per_mtok=0.5, output_per_mtok=1.0)),
        rec("acme/m1", "acme", prices=Prices(input_per_mtok=2.0, output_per_mtok=8.0)),
    ], "2026-12-01")
    (d,) = drafts
    assert d.cheapest is not None and d.cheapest.record.source_key == "b/m1"
    assert d.creator_offer is not None and d.creator_offer.record.source_key == "acme/m1"
    assert d.row()["input_per_mtok"] == 0.5
    assert {o.record.host: o.kind for o in d.offers}["ollama"] == "local_runtime"


def test_only_local_offers_mean_no_starting_price() -> None:
    (d,) = group_records([rec("ollama/m1", "ollama", prices=Prices(input_per_mtok=0, output_per_mtok=0))],
                         "2026-12-01")
    assert d.cheapest is None and d.row()["input_per_mtok"] is None


_price = st.one_of(st.none(), st.just(0.0), st.floats(min_value=0, max_value=1e4, allow_nan=False))


@given(st.fixed_dictionaries({f: _price for fields in UNIT_GROUPS.values() for f in fields}),
       st.sampled_from(["api", "preview", "local_runtime", "free_tier"]))
def test_typed_prices_never_invent_a_zero(stated: dict, kind: str) -> None:
    prices, _ = typed_prices(rec("x/m1", "x", prices=Prices(**stated)), kind)
    out = prices.as_dict()
    for group, names in UNIT_GROUPS.items():
        for n in names:
            if out[n] is not None:
                assert out[n] == stated[n]
            if out[n] == 0 and kind != "free_tier":
                others = {g for g, ns in UNIT_GROUPS.items() if any((stated[x] or 0) > 0 for x in ns)}
                assert others == {group}


def test_a_confirmed_free_tier_declares_the_free_tier_capability() -> None:
    (d,) = group_records([rec("openrouter/acme/m1:free", "openrouter",
                              prices=Prices(input_per_mtok=0, output_per_mtok=0)),
                          rec("b/m1", "b", prices=Prices(input_per_mtok=0.5))], "2026-12-01")
    assert d.cheapest is not None and d.cheapest.kind == "free_tier" and d.row()["input_per_mtok"] == 0
    assert [e["key"] for e in d.declared["capability://pricing.free-tier"]] == ["openrouter/acme/m1:free"]
    (paid,) = group_records([rec("b/m1", "b", prices=Prices(input_per_mtok=0, output_per_mtok=0))], "2026-12-01")
    assert "capability://pricing.free-tier" not in paid.declared and paid.cheapest is None


def test_a_tiny_price_never_reads_as_zero() -> None:
    from matchgraph.catalog.facts import fmt_money

    assert fmt_money(3e-07) == "$0.0000003"
    assert fmt_money(0.15) == "$0.15" and fmt_money(0) == "$0" and fmt_money(None) == "unknown"


def test_two_sources_on_one_host_offer_make_one_offer_with_both_claims() -> None:
    drafts = group_records([
        rec("b/m1", "b", prices=Prices(input_per_mtok=0.5, output_per_mtok=1.0)),
        rec("b/m1", "b", source="modelsdev", prices=Prices(input_per_mtok=0.4, output_per_mtok=1.0)),
        rec("b/M1", "b", source="modelsdev"),  # the same catalog listing the offer under a second key
        rec("b/m1-batch", "b", mode="batch"),  # another endpoint of the same host: another offer
        rec("c/m1", "c", source="modelsdev", prices=Prices(input_per_mtok=0.7)),
    ], "2026-12-01")
    (d,) = drafts
    rows = {(o.record.source, o.record.source_key): o.row() for o in d.offers}
    assert set(rows) == {("litellm", "b/m1"), ("litellm", "b/m1-batch"), ("modelsdev", "c/m1")}
    also = rows[("litellm", "b/m1")]["also_stated_by"]
    # the disagreement on the input price is kept, the agreed output price is not repeated; a record
    # stating no price disagrees with nothing
    assert also == [{"source": "modelsdev", "key": "b/M1", "same_prices": True},
                    {"source": "modelsdev", "key": "b/m1", "same_prices": False, "prices": {"input_per_mtok": 0.4}}]
    assert rows[("modelsdev", "c/m1")]["also_stated_by"] == []
    assert sorted(d.hosts) == ["b", "c"]


def test_no_host_offer_is_listed_twice_in_the_real_catalog(catalog_engine) -> None:
    import sqlalchemy as sa

    from matchgraph.store.schema import offers

    with catalog_engine.connect() as conn:
        rows = conn.execute(sa.select(offers.c.artifact_id, offers.c.host, offers.c.host_key, offers.c.source,
                                      offers.c.mode, offers.c.also_stated_by)).all()
    primaries: dict[tuple, list[str]] = {}
    for r in rows:
        primaries.setdefault((r.artifact_id, r.host, r.host_key.lower(), r.mode), []).append(r.source)
    # one host offer is one row, whichever sources describe it
    assert all(len(sources) == 1 for sources in primaries.values())
    merged = [r for r in rows if r.also_stated_by]
    assert len(merged) > 300  # LiteLLM and models.dev describe hundreds of the same host offers
