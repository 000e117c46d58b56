"""Hard constraints as boolean checks against catalog facts.

Rules (each one is what the property tests check):

- A constraint whose fact is unknown excludes the artifact: a null price never passes a price
  ceiling, a null context window never passes a minimum context, unknown open-weights status never
  passes ``open_weights``.
- Modalities: every required input modality must be accepted, every required output produced.
- Capabilities: the artifact has the capability or a narrower one (the taxonomy is a tree of
  "is a kind of").
- Offer-level constraints (hosts, price ceilings, free) must hold *together on one active offer*:
  "under $1/M on Bedrock" needs a Bedrock offer under $1/M, not a cheap offer elsewhere.
- Modalities and capabilities are the artifact's resolved facts (catalog/claims.py): a disputed
  capability or modality is not in them, so it never satisfies a constraint.
- Prices are typed offer prices of ``api`` and confirmed ``free_tier`` offers only (the read model
  gives every other kind of offer no comparable price): a local runtime, a self-hosted deployment,
  a subscription or a preview never passes a price ceiling.
- Free means an active offer whose known prices are all zero, which only a confirmed free tier can
  have (an unconfirmed 0 is unknown), or the ``pricing.free-tier`` capability.
- Organizations and hosts compare folded keys (:func:`org_key`, :func:`host_key`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matchgraph.catalog.facts import fmt_money, fmt_tokens, plural
from matchgraph.match.index import MatchIndex, host_key, org_key
from matchgraph.match.need import Constraints
from matchgraph.match.reasons import cap_name


@dataclass(frozen=True)
class Check:
    """One hard constraint as a mask over artifacts; ``unknown`` counts exclusions for a missing fact."""

    name: str
    label: str
    mask: np.ndarray
    unknown: int = 0


@dataclass
class FilterResult:
    """The surviving artifacts, the offers that qualified each, and how every constraint narrowed the set."""

    mask: np.ndarray
    offer_mask: np.ndarray
    offer_constrained: bool
    steps: list[dict[str, object]] = field(default_factory=list)
    emptied_by: str | None = None
    message: str | None = None


def artifact_checks(index: MatchIndex, c: Constraints, *, active_only: bool) -> list[Check]:
    """Artifact-level checks in the order they are reported."""
    n = index.n
    checks: list[Check] = []
    if active_only:
        checks.append(Check("status", "is active (not deprecated)", index.active.copy()))
    if c.kinds:
        checks.append(Check("kinds", f"is of kind {' or '.join(c.kinds)}", np.isin(index.kinds, list(c.kinds))))
    for m in c.input_modalities:
        checks.append(Check(f"input:{m}", f"accepts {m} input", index.input_mod.get(m, np.zeros(n, dtype=bool))))
    for m in c.output_modalities:
        checks.append(Check(f"output:{m}", f"produces {m} output",
                            index.output_mod.get(m, np.zeros(n, dtype=bool))))
    for uri in c.capabilities:
        checks.append(Check(f"capability:{uri}", f"has {cap_name(index, uri)}", index.has_capability(uri)))
    if c.min_context is not None:
        known = ~np.isnan(index.context)
        ok = known & (np.nan_to_num(index.context, nan=-1.0) >= c.min_context)
        checks.append(Check("min_context", f"has a context window of at least {fmt_tokens(c.min_context)} tokens", ok,
                            int((~known).sum())))
    if c.open_weights is not None:
        known = ~np.isnan(index.open_weights)
        want = 1.0 if c.open_weights else 0.0
        label = "has open weights" if c.open_weights else "has closed weights"
        checks.append(Check("open_weights", label, known & (index.open_weights == want), int((~known).sum())))
    if c.hosted:
        checks.append(Check("hosted", "is sold as a hosted service by at least one host",
                            index.service_hosts > 0))
    if c.include_organizations:
        codes = [index.org_names[k] for k in {org_key(o) for o in c.include_organizations} if k in index.org_names]
        checks.append(Check("include_organizations", f"is made by {' or '.join(c.include_organizations)}",
                            np.isin(index.org_codes, codes)))
    if c.exclude_organizations:
        codes = [index.org_names[k] for k in {org_key(o) for o in c.exclude_organizations} if k in index.org_names]
        checks.append(Check("exclude_organizations", f"is not made by {' or '.join(c.exclude_organizations)}",
                            ~np.isin(index.org_codes, codes)))
    return checks


def offer_checks(index: MatchIndex, c: Constraints) -> list[Check]:
    """Offer-level checks (masks over offers), each limited to active offers."""
    o = index.offers
    checks: list[Check] = []
    if c.include_hosts:
        codes = [index.host_codes[k] for k in {host_key(h) for h in c.include_hosts} if k in index.host_codes]
        checks.append(Check("include_hosts", f"is offered on {' or '.join(c.include_hosts)}", np.isin(o.host, codes)))
    if c.exclude_hosts:
        codes = [index.host_codes[k] for k in {host_key(h) for h in c.exclude_hosts} if k in index.host_codes]
        checks.append(Check("exclude_hosts", f"is offered somewhere other than {' or '.join(c.exclude_hosts)}",
                            ~np.isin(o.host, codes)))
    for name, arr, unit in (("max_input_per_mtok", o.input, "per 1M input tokens"),
                            ("max_output_per_mtok", o.output, "per 1M output tokens"),
                            ("max_per_image", o.image, "per image"),
                            *((f"max_{k}", o.units[k], _UNIT_LABELS[k]) for k in _UNIT_LABELS if k in o.units)):
        ceiling = getattr(c, name)
        if ceiling is not None:
            known = ~np.isnan(arr)
            ok = known & (np.nan_to_num(arr, nan=np.inf) <= ceiling)
            checks.append(Check(name, f"costs at most {fmt_money(ceiling)} {unit}", ok, int((o.active & ~known).sum())))
    if c.free:
        # A declared free tier makes every offer of that artifact count as free.
        checks.append(Check("free", "is free to use (a declared free tier, or every stated price is $0)",
                            o.free | index.free_tier[o.artifact]))
    return checks


def _offers_to_artifacts(index: MatchIndex, offer_mask: np.ndarray) -> np.ndarray:
    out = np.zeros(index.n, dtype=bool)
    out[index.offers.artifact[offer_mask]] = True
    return out


def _combine(index: MatchIndex, checks: list[Check], o_checks: list[Check], skip: str | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    mask = np.ones(index.n, dtype=bool)
    for ch in checks:
        if ch.name != skip:
            mask &= ch.mask
    offer_mask = index.offers.active & mask[index.offers.artifact]
    used = [ch for ch in o_checks if ch.name != skip]
    for ch in used:
        offer_mask &= ch.mask
    if used:
        mask = _offers_to_artifacts(index, offer_mask)
    return mask, offer_mask


def apply_filters(index: MatchIndex, c: Constraints, *, active_only: bool = True,
                  extra: list[Check] | None = None, explain: bool = True) -> FilterResult:
    """Apply every hard constraint; record how many artifacts remain after each (in order).

    When nothing remains, each constraint is also left out in turn: the one whose removal leaves
    the most artifacts is reported as the one that emptied the list, with the nearest facts.
    """
    checks = artifact_checks(index, c, active_only=active_only) + list(extra or [])
    o_checks = offer_checks(index, c)
    steps: list[dict[str, object]] = []
    running = np.ones(index.n, dtype=bool)
    for ch in checks:
        running &= ch.mask
        steps.append({"constraint": ch.name, "label": ch.label, "alone": int(ch.mask.sum()),
                      "remaining": int(running.sum()), "unknown": ch.unknown})
    offers = index.offers.active & running[index.offers.artifact]
    mask = running
    for ch in o_checks:
        offers &= ch.mask
        mask = _offers_to_artifacts(index, offers)
        steps.append({"constraint": ch.name, "label": ch.label,
                      "alone": int(_offers_to_artifacts(index, ch.mask & index.offers.active).sum()),
                      "remaining": int(mask.sum()), "unknown": ch.unknown})
    # The steps already combined every check (what ``_combine`` with nothing skipped computes).
    offer_mask = offers
    result = FilterResult(mask=mask, offer_mask=offer_mask, offer_constrained=bool(o_checks), steps=steps)
    if mask.any() or not steps or not explain:
        return result
    for step in steps:
        step["without"] = int(_combine(index, checks, o_checks, skip=str(step["constraint"]))[0].sum())
    best = max(steps, key=lambda st: int(st["without"]))  # type: ignore[call-overload]
    if int(best["without"]):  # type: ignore[call-overload]
        result.emptied_by = str(best["constraint"])
    else:
        result.emptied_by = next(str(st["constraint"]) for st in steps if st["remaining"] == 0)
    result.message = _why_empty(index, result.emptied_by, steps, checks, o_checks)
    return result


def _why_empty(index: MatchIndex, name: str, steps: list[dict[str, object]], checks: list[Check],
               o_checks: list[Check]) -> str:
    """Sentences naming the constraint that left nothing, with the nearest facts the catalog has."""
    step = next(st for st in steps if st["constraint"] == name)
    without = int(step["without"])  # type: ignore[call-overload]
    if not without:
        text = (f"No artifact meets these constraints together, and dropping any single one still leaves none; "
                f"the list first became empty at: {step['label']}.")
    elif len(steps) == 1:
        text = f"No artifact {step['label']}."
    else:
        text = (f"No artifact meets every constraint. The one that empties the list: {step['label']}; without it "
                f"{plural(without, 'artifact')} {'meets' if without == 1 else 'meet'} the rest.")
    facts = _nearest_facts(index, name, *_combine(index, checks, o_checks, skip=name))
    if facts:
        text += " " + facts
    if step["unknown"]:
        text += f" ({step['unknown']} were left out because that fact is unknown for them.)"
    return text


def _nearest_facts(index: MatchIndex, name: str, rest: np.ndarray, rest_offers: np.ndarray) -> str | None:
    """Facts about the artifacts that meet every constraint except ``name`` (``rest``)."""
    n = int(rest.sum())
    among = f"among the {plural(n, 'artifact')} meeting the rest"
    if name == "min_context" and n:
        known = index.context[rest & ~np.isnan(index.context)]
        if known.size:
            return f"The largest known context window {among} is {fmt_tokens(int(known.max()))} tokens."
    if (name in _PRICE_UNITS or name.removeprefix("max_") in _UNIT_LABELS) and n:
        key = name.removeprefix("max_")
        arr, unit = ((getattr(index.offers, _PRICE_UNITS[name][0]), _PRICE_UNITS[name][1]) if name in _PRICE_UNITS
                     else (index.offers.units[key], _UNIT_LABELS[key]))
        sel = rest_offers & ~np.isnan(arr)
        if sel.any():
            return f"The lowest known price {unit} {among} is {fmt_money(float(arr[sel].min()))}."
        return f"None of the artifacts meeting the rest states a price {unit}."
    if name.startswith("capability:") and n:
        uri = name.removeprefix("capability:")
        parent = index.taxonomy.get(uri).parent if uri in index.taxonomy else None
        broader = "capability://vision.image-understanding" if uri.startswith("capability://vision.") else parent
        if broader and broader != uri and index.taxonomy.get(broader).depth > 0:
            m = int((rest & index.has_capability(broader)).sum())
            return (f"Of the {plural(n, 'artifact')} meeting the rest, {m} {'has' if m == 1 else 'have'} "
                    f"{cap_name(index, broader)}; none is known to have {cap_name(index, uri)}.")
    if name == "hosted":
        return (f"{int((index.service_hosts > 0).sum())} of {index.n} artifacts in this catalog are sold as a "
                "hosted service.")
    if name == "open_weights":
        return (f"Open-weights status is known for {int((~np.isnan(index.open_weights)).sum())} of "
                f"{index.n} artifacts in this catalog.")
    if name == "include_hosts" and n:
        hosts = np.bincount(index.offers.host[rest_offers], minlength=len(index.host_names))
        top = [index.host_names[h] for h in np.argsort(-hosts, kind="stable")[:8] if hosts[h]]
        return f"The artifacts meeting the rest are offered on {', '.join(top)}, among others."
    return None


# The other billing units of ``Prices``, as ceilings read by the need grammar.
_UNIT_LABELS = {"per_second": "per second", "per_character": "per character", "per_query": "per query",
                "per_page": "per page"}
_PRICE_UNITS = {"max_input_per_mtok": ("input", "per 1M input tokens"),
                "max_output_per_mtok": ("output", "per 1M output tokens"),
                "max_per_image": ("image", "per image")}
