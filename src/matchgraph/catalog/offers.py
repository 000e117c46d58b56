"""Offer kinds and typed prices.

Kinds (``OFFER_KINDS``), first match wins:

1. the adapter's own ``offer_kind`` (a source that states it, e.g. a free flag);
2. ``local_runtime`` — the host runs weights on your machine (Ollama, Lemonade, llamafile, LM Studio, vLLM…);
3. ``self_hosted`` — you deploy it and pay for the infrastructure (SageMaker, NVIDIA NIM…);
4. ``subscription`` — a chat product or assistant seat (ChatGPT, GitHub Copilot…);
5. ``free_tier`` — the source confirms the offer is free: an OpenRouter ``:free`` id or an explicit
   ``free`` flag in the record. A price of 0 alone never makes an offer free;
6. ``preview`` — the key names a preview or experimental release; its deprecation date is its expiry;
7. ``api`` — pay per use.

Only ``api`` and ``free_tier`` offers carry comparable prices (``PRICED_KINDS``): the starting price,
price filters and cost comparisons read those alone.

Typed prices: every ``Prices`` field is its own unit (per 1M tokens, per image, per second of audio or
video, per character, per query, per page). A 0 counts only when the record confirms it: on a
``free_tier`` offer, or when another field of the same unit is a positive price and no other unit is
(an embedding's 0 per output token beside its input price). Any other 0 is unknown (``None``): a
per-token 0 on a model billed per image, query or second is not free. A price per request becomes
``per_query`` when the record has none. A per-pixel price becomes a per-image price at the size the key
states (``1024-x-1792``) or at 1024×1024, and a note says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from matchgraph.catalog.claims import LOCAL_RUNTIME_HOSTS, SUBSCRIPTION_HOSTS
from matchgraph.catalog.domain import OFFER_KINDS, ModelRecord, Prices

__all__ = ["LOCAL_RUNTIME_HOSTS", "PRICED_KINDS", "OfferClass", "classify", "offer_kind", "typed_prices"]
SELF_HOSTED_HOSTS = frozenset({"sagemaker", "nvidia-nim", "nvidia_nim", "triton", "huggingface-tgi"})
PRICED_KINDS = frozenset({"api", "free_tier"})

# Fields grouped by unit: a 0 in one group is confirmed only by a positive price in the same group.
UNIT_GROUPS: dict[str, tuple[str, ...]] = {
    "tokens": ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", "batch_input_per_mtok",
               "batch_output_per_mtok"),
    "image": ("per_image", "input_per_image"),
    "second": ("per_second",),
    "character": ("per_character",),
    "query": ("per_query",),
    "page": ("per_page",),
}
# What each field means, for docs and display (per minute = per second × 60; per 1K queries = per query × 1000).
UNITS = {
    "input_per_mtok": "USD per 1M input tokens",
    "output_per_mtok": "USD per 1M output tokens",
    "cached_input_per_mtok": "USD per 1M cached input tokens",
    "batch_input_per_mtok": "USD per 1M input tokens (batch)",
    "batch_output_per_mtok": "USD per 1M output tokens (batch)",
    "per_image": "USD per output image",
    "input_per_image": "USD per input image",
    "per_second": "USD per second of audio or video",
    "per_character": "USD per character",
    "per_query": "USD per query or search",
    "per_page": "USD per page",
}

_PREVIEW = re.compile(r"(?:^|[-_./:@])(preview|exp|experimental)(?:$|[-_./:@\d])")
_SIZE = re.compile(r"(\d{3,4})-?x-?(\d{3,4})")
_QUALITY = re.compile(r"(?:^|/)(hd|standard|high|medium|low)/")
DEFAULT_IMAGE_SIZE = (1024, 1024)


@dataclass
class OfferClass:
    """An offer's kind, expiry (previews) and its prices in typed units."""

    kind: str
    expires: str | None
    prices: Prices
    notes: list[str] = field(default_factory=list)


def offer_kind(record: ModelRecord) -> str:
    """The kind of one record's offer (see the module docstring for the order)."""
    if record.offer_kind in OFFER_KINDS:
        return str(record.offer_kind)
    host = record.host.lower()
    if host in LOCAL_RUNTIME_HOSTS:
        return "local_runtime"
    if host in SELF_HOSTED_HOSTS:
        return "self_hosted"
    if host in SUBSCRIPTION_HOSTS:
        return "subscription"
    key = record.source_key.lower()
    if key.endswith(":free") or record.extra.get("free") is True:
        return "free_tier"
    if _PREVIEW.search(key.rsplit("/", 1)[-1]) or _PREVIEW.search(record.slug.split("/", 1)[-1]):
        return "preview"
    return "api"


def typed_prices(record: ModelRecord, kind: str) -> tuple[Prices, list[str]]:
    """The record's prices with unconfirmed zeros made unknown and per-pixel prices made per-image."""
    stated = record.prices.as_dict()
    out = dict(stated)
    notes: list[str] = []
    other = record.extra.get("other_prices") or {}
    request = other.get("input_cost_per_request")
    if out.get("per_query") is None and isinstance(request, (int, float)) and request > 0:
        out["per_query"] = request
        notes.append("per_query from the source's price per request")
    if kind != "free_tier":
        positive = {g for g, names in UNIT_GROUPS.items() if any((out.get(n) or 0) > 0 for n in names)}
        for group, names in UNIT_GROUPS.items():
            confirmed = positive == {group}
            for n in names:
                if out.get(n) == 0 and not confirmed:
                    out[n] = None
    pixel = other.get("output_cost_per_pixel") or other.get("input_cost_per_pixel")
    if out.get("per_image") is None and isinstance(pixel, (int, float)) and pixel > 0:
        found = _SIZE.search(record.source_key)
        width, height = (int(found.group(1)), int(found.group(2))) if found else DEFAULT_IMAGE_SIZE
        out["per_image"] = round(pixel * width * height, 6)
        quality = _QUALITY.search(record.source_key)
        said = "stated in the key" if found else "assumed, the key states no size"
        notes.append(
            f"per_image converted from ${pixel:g} per pixel at {width}x{height} ({said})"
            + (f", quality {quality.group(1)}" if quality else "")
        )
    return Prices(**out), notes


def classify(record: ModelRecord) -> OfferClass:
    """Kind, expiry and typed prices of one record's offer."""
    kind = offer_kind(record)
    prices, notes = typed_prices(record, kind)
    expires = record.deprecation_date if kind == "preview" else None
    return OfferClass(kind, expires, prices, notes)
