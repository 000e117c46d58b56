"""The one-line price summary each search result opens with."""

from matchgraph.match.reasons import price_text
from matchgraph.store.read_model import OfferView


def _offer(kind: str, **prices: float | None) -> OfferView:
    return OfferView(host="openrouter", source="openrouter", source_key="k", status="active",
                     prices={"input_per_mtok": None, "output_per_mtok": None, "per_image": None, **prices},
                     context_window=None, kind=kind)


def test_a_confirmed_free_offer_reads_as_a_free_tier_not_as_zero_prices():
    assert price_text(_offer("free_tier", input_per_mtok=0.0, output_per_mtok=0.0), "tokens") == \
        "free tier (openrouter)"


def test_a_paid_offer_keeps_its_prices_and_an_unknown_one_says_so():
    assert price_text(_offer("api", input_per_mtok=0.15, output_per_mtok=0.6), "tokens") == \
        "$0.15/M input, $0.60/M output (openrouter)"
    assert price_text(_offer("api", input_per_mtok=0.15), "tokens") == \
        "$0.15/M input, output price unknown (openrouter)"
    assert price_text(None, "tokens") == "price unknown"


def test_a_zero_in_an_api_offer_is_not_called_a_free_tier():
    # Only the source's confirmation makes an offer free; an api record's 0 is shown as stated.
    assert "free tier" not in price_text(_offer("api", input_per_mtok=0.0, output_per_mtok=0.0), "tokens")


def test_an_offer_billed_in_another_unit_is_shown_in_that_unit_not_as_unknown_token_prices():
    assert price_text(_offer("api", per_query=0.005), "token") == "$0.005 per query (openrouter)"
    assert price_text(_offer("api", per_second=0.0001), "token") == "$0.0001 per second (openrouter)"
    # Token prices, where they are known, stay the reading for a token need.
    assert price_text(_offer("api", input_per_mtok=1.0, per_query=0.005), "token").startswith("$1/M input")
