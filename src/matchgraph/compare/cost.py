"""Monthly cost of a workload on an artifact: per offer, and on the cheapest offer whose total is known.

Each part of a workload (tokens, images) is priced only on artifacts that do that work. A part that
applies but has no price makes the total unknown (null), never zero.
"""

from __future__ import annotations

from typing import Any

from matchgraph.catalog.facts import fmt_money
from matchgraph.compare.profile import TOKEN_PRICE_JOBS, Profile
from matchgraph.compare.workload import Workload


def _applies(profile: Profile, prices: dict[str, Any]) -> tuple[bool, bool]:
    """(token part applies, image part applies) for an artifact and one offer's prices."""
    jobs = set(profile.jobs)
    tokens = bool(jobs & TOKEN_PRICE_JOBS) or prices.get("input_per_mtok") is not None \
        or prices.get("output_per_mtok") is not None
    images = "image generation" in jobs
    return tokens, images


def offer_cost(profile: Profile, prices: dict[str, Any], w: Workload) -> dict[str, Any]:
    """Cost of ``w`` under one set of prices: parts, what is missing, what does not apply, the total."""
    tokens, images = _applies(profile, prices)
    parts: list[dict[str, Any]] = []
    missing: list[str] = []
    not_applicable: list[str] = []
    if w.has_tokens:
        if not tokens:
            not_applicable.append("tokens")
        else:
            requests = w.requests_per_month or 0.0
            only_input = "embeddings" in profile.jobs and "text generation" not in profile.jobs
            for part, count, field in (("input tokens", w.input_tokens or 0.0, "input_per_mtok"),
                                       ("output tokens", w.output_tokens or 0.0, "output_per_mtok")):
                if count == 0 or (only_input and field == "output_per_mtok"):
                    continue
                price = prices.get(field)
                usd = None if price is None else requests * count / 1e6 * price
                if price is None:
                    missing.append(field)
                parts.append({"part": part, "quantity": requests * count, "unit_price_usd": price,
                              "unit": "per 1M tokens", "usd": None if usd is None else round(usd, 6)})
    if w.has_images:
        if not images:
            not_applicable.append("images")
        else:
            price = prices.get("per_image")
            if price is None:
                missing.append("per_image")
            count = w.images_per_month or 0.0
            parts.append({"part": "images", "quantity": count, "unit_price_usd": price, "unit": "per image",
                          "usd": None if price is None else round(count * price, 6)})
    applicable = bool(parts)
    total = None
    if applicable and not missing:
        total = round(sum(p["usd"] for p in parts), 6)
    return {"applicable": applicable, "monthly_usd": total, "parts": parts, "missing": missing,
            "not_applicable": not_applicable}


def artifact_cost(profile: Profile, w: Workload) -> dict[str, Any]:
    """Cost of ``w`` on every active offer of an artifact and on the cheapest one with a known total."""
    # Only api and confirmed free-tier offers have prices to compare (docs/facts.md, offer kinds).
    offers = [o for o in profile.passport.get("offers") or [] if o.get("kind", "api") in ("api", "free_tier")]
    active = [o for o in offers if o.get("status") == "active"] or offers
    per_offer = []
    for o in active:
        c = offer_cost(profile, o.get("prices") or {}, w)
        per_offer.append({"host": o.get("host"), "key": o.get("key"), **c})
    if not per_offer:
        # No offer at all: price from the passport's starting prices (all unknown) to say what is missing.
        c = offer_cost(profile, profile.prices, w)
        per_offer.append({"host": None, "key": None, **c})
    known = [o for o in per_offer if o["monthly_usd"] is not None]
    # Ties go to the artifact's starting offer, then by host and key, so the choice is stable.
    start_key = (profile.prices.get("offer") or {}).get("key")
    best = min(known, key=lambda o: (o["monthly_usd"], o["key"] != start_key, o["host"] or "", o["key"] or "")) \
        if known else None
    applicable = any(o["applicable"] for o in per_offer)
    chosen = best or per_offer[0]
    return {
        "applicable": applicable,
        "monthly_usd": best["monthly_usd"] if best else None,
        "offer": {"host": best["host"], "key": best["key"]} if best else None,
        "parts": chosen["parts"],
        "missing": [] if best else sorted({m for o in per_offer for m in o["missing"]}),
        "not_applicable": chosen["not_applicable"],
        "per_offer": [{"host": o["host"], "key": o["key"], "monthly_usd": o["monthly_usd"],
                       "missing": o["missing"]} for o in per_offer],
        "note": _note(profile, best, chosen, applicable, len(per_offer)),
    }


#: The price fields a workload reads, as a sentence names them.
_PRICE_WORDS = {"input_per_mtok": "an input price per 1M tokens", "output_per_mtok": "an output price per 1M tokens",
                "per_image": "a price per image"}


def _note(profile: Profile, best: dict[str, Any] | None, chosen: dict[str, Any], applicable: bool,
          n_offers: int) -> str:
    name = profile.name
    if not applicable:
        skipped = " and ".join(chosen["not_applicable"]) or "this work"
        return f"{name} does not do the work this workload describes ({skipped})."
    if best is None:
        fields = " or ".join(_PRICE_WORDS.get(m, m.replace("_", " ")) for m in sorted(set(chosen["missing"])))
        return f"Unknown: no offer of {name} states {fields or 'a price'}, which this workload needs."
    # The offer's record key is an identifier: the offers table shows it, set as code, not this sentence.
    return (f"{fmt_money(best['monthly_usd'])} a month on {best['host']}, the cheapest of "
            f"{n_offers} offer{'s' if n_offers != 1 else ''} for this workload.")


class CostMemo:
    """Each artifact's cost of one workload, computed once and reused by every pair it is in (the results
    are read, never changed, by what builds and renders a comparison)."""

    def __init__(self, workload: Workload) -> None:
        self.workload = workload
        self.workload_dict = workload.as_dict()
        self._by_slug: dict[str, dict[str, Any]] = {}

    def of(self, profile: Profile) -> dict[str, Any]:
        """The cost of the workload on ``profile``'s offers."""
        cost = self._by_slug.get(profile.slug)
        if cost is None:
            cost = self._by_slug[profile.slug] = artifact_cost(profile, self.workload)
        return cost


def compare_costs(a: Profile, b: Profile, w: Workload, memo: CostMemo | None = None) -> dict[str, Any]:
    """The cost section: the workload, each side's cost, and which is cheaper when both price the same work.

    ``memo`` (built for ``w``) reuses each side's cost across the pairs of an export."""
    if memo is not None and memo.workload is w:
        ca, cb, wd = memo.of(a), memo.of(b), memo.workload_dict
    else:
        ca, cb, wd = artifact_cost(a, w), artifact_cost(b, w), w.as_dict()
    parts_a = {p["part"] for p in ca["parts"]}
    parts_b = {p["part"] for p in cb["parts"]}
    cheaper = None
    if ca["monthly_usd"] is not None and cb["monthly_usd"] is not None and parts_a == parts_b:
        cheaper = "tie" if ca["monthly_usd"] == cb["monthly_usd"] else (
            "a" if ca["monthly_usd"] < cb["monthly_usd"] else "b")
    notes = []
    if w.image_size and any(p["part"] == "images" for p in ca["parts"] + cb["parts"]):
        notes.append(f"Per-image prices are those the sources state; the catalog does not record how they vary "
                     f"with image size, so {w.image_size} is not priced separately.")
    return {"workload": wd, "a": ca, "b": cb, "cheaper": cheaper, "notes": notes}
