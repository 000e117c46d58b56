"""Template filters: numbers for people, with ``None`` always shown as "unknown"."""

from __future__ import annotations

import re
from typing import Any

UNKNOWN = "unknown"


def money(value: float | None, unit: str = "") -> str:
    """``0.15`` → ``$0.15``, ``0.1`` → ``$0.10``, ``0.0025`` → ``$0.0025``; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if value == 0:
        text = "$0"
    elif round(value, 2) == value:
        text = f"${value:,.2f}"
        text = text.removesuffix(".00") if value >= 10 else text
    else:
        text = f"${value:,.4g}"
    return f"{text}{unit}"


def tokens(value: int | None) -> str:
    """``128000`` → ``128K``; ``1048576`` → ``1.05M``; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if value >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if value >= 1_000:
        return f"{value / 1_000:.4g}K"
    return str(value)


def number(value: float | int | None, digits: int = 1) -> str:
    """A figure with thousands separators; ``None`` → ``unknown``."""
    if value is None:
        return UNKNOWN
    if isinstance(value, int) or float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.{digits}f}"


def params(value: int | None) -> str:
    """Parameter counts: ``8000000000`` → ``8B``."""
    if value is None:
        return UNKNOWN
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:,}"


def yesno(value: bool | None) -> str:
    """``True`` → yes, ``False`` → no, ``None`` → unknown."""
    return UNKNOWN if value is None else ("yes" if value else "no")


def percent(value: float | None) -> str:
    """A 0–1 rate as a percentage."""
    return UNKNOWN if value is None else f"{value * 100:.0f}%"


def orunknown(value: Any) -> Any:
    """The value, or ``unknown`` for ``None`` and empty strings."""
    return UNKNOWN if value is None or value == "" else value


def cell(value: Any) -> str:
    """A comparison-table cell of any type."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return yesno(value)
    if isinstance(value, float):
        return number(value, 2)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    return str(value)


def href(value: str | None) -> str | None:
    """An external link target only when it is http(s); anything else (``javascript:``, ``data:``) is
    dropped so stored text can never become an active link."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    return text if text.lower().startswith(("https://", "http://")) else None


def capname(uri: str) -> str:
    """``capability://vision.ocr`` → the taxonomy's name for it ("OCR and documents"); unknown URIs keep
    their key, so nothing is invented."""
    from matchgraph.catalog.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    text = str(uri)
    if not text.startswith("capability://"):
        text = "capability://" + text
    return taxonomy.get(text).name if text in taxonomy else capkey(uri)


def _listed(values: list[Any]) -> str:
    items = [str(v) for v in values]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def understood(constraints: dict[str, Any] | None) -> list[str]:
    """The hard requirements read from a need, each in words ("takes image input", "context ≥ 128K")."""
    c = constraints or {}
    out: list[str] = []
    if c.get("input_modalities"):
        out.append("takes " + " and ".join(c["input_modalities"]) + " input")
    if c.get("output_modalities"):
        out.append("produces " + " and ".join(c["output_modalities"]))
    out += [capname(u) for u in c.get("capabilities") or []]
    for key, what in (("max_input_per_mtok", "input"), ("max_output_per_mtok", "output")):
        if c.get(key) is not None:
            out.append(f"{what} at most {money(c[key])} per 1M tokens")
    if c.get("max_per_image") is not None:
        out.append(f"at most {money(c['max_per_image'])} per image")
    if c.get("min_context"):
        out.append(f"context at least {tokens(c['min_context'])} tokens")
    if c.get("open_weights") is True:
        out.append("open weights")
    elif c.get("open_weights") is False:
        out.append("closed weights")
    if c.get("free"):
        out.append("free to use")
    if c.get("cheapest"):
        out.append("cheapest first")
    for key, what in (("include_organizations", "made by"), ("exclude_organizations", "not made by"),
                      ("include_hosts", "offered by"), ("exclude_hosts", "not offered by")):
        if c.get(key):
            out.append(f"{what} {_listed(c[key])}")
    if c.get("kinds"):
        out.append("kind: " + _listed(c["kinds"]))
    known = {"input_modalities", "output_modalities", "capabilities", "max_input_per_mtok", "max_output_per_mtok",
             "max_per_image", "min_context", "open_weights", "free", "cheapest", "include_organizations",
             "exclude_organizations", "include_hosts", "exclude_hosts", "kinds"}
    for key, value in c.items():  # requirements added later still show, in words
        if key not in known and value not in (None, False, [], ""):
            out.append(f"{key.replace('_', ' ')}: {cell(value)}")
    return out


def metric(key: str | None) -> str:
    """A stored metric key in words: ``arena_rating:text/coding:style`` → "Arena text: coding (style
    control)", ``aider:polyglot:pass_rate_2`` → "Aider: polyglot coding pass rate (2 tries)",
    ``llmstats:gpqa`` → "llm-stats: GPQA"; unknown parts lose their separators."""
    if not key:
        return UNKNOWN
    from matchgraph.compare.table import category_name

    text = str(key)
    if text.startswith("arena_rating:") and "/" in text:
        rest = text.removeprefix("arena_rating:")
        style = rest.endswith(":style")
        board, _, category = rest.removesuffix(":style").partition("/")
        name = "overall" if category == "full" else category_name(category)
        return f"Arena {board}: {name}" + (" (style control)" if style else "")
    source, _, rest = text.partition(":")
    name = _SOURCE_NAMES.get(source, source.replace("_", " "))
    if not rest:
        return name
    parts = [p for p in rest.split(":") if p]
    words = []
    for part in parts:
        if part in _METRIC_WORDS:
            words.append(_METRIC_WORDS[part])
        elif re.fullmatch(r"(\d+)_of_(\d+)_tasks", part):
            done, total = part.split("_of_")
            words.append(f"({done} of {total.removesuffix('_tasks')} tasks)")
        elif source == "llmstats":
            words.append(part.upper() if len(part) <= 6 else part.replace("-", " "))
        else:
            words.append(part.replace("_", " "))
    return f"{name}: " + " ".join(words)


_SOURCE_NAMES = {"llmstats": "llm-stats", "aider": "Aider", "mteb": "MTEB", "arena_rating": "Arena"}
_METRIC_WORDS = {"polyglot": "polyglot coding", "pass_rate_2": "pass rate (2 tries)", "retrieval": "retrieval",
                 "eng-v2-retrieval": "English v2 retrieval", "ndcg_at_10": "nDCG@10",
                 "mean_ndcg_at_10": "mean nDCG@10"}


_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z0-9$])")


def fresh(text: str | None, seen: list[str]) -> str:
    """The sentences of ``text`` not already in ``seen`` (which then records them), so a page that lists
    many capabilities of one artifact states its shared facts once instead of in every block."""
    if not text:
        return ""
    out = []
    for sentence in _SENTENCE_END.split(str(text).strip()):
        norm = sentence.strip().rstrip(".;").lower()
        if norm and norm not in seen:
            seen.append(norm)
            out.append(sentence.strip())
    return " ".join(out)


def capkey(uri: str) -> str:
    """``capability://vision.ocr`` → ``vision.ocr`` (for compact lists)."""
    return str(uri).removeprefix("capability://")


FILTERS = {"href": href, "capkey": capkey, "capname": capname, "metric": metric, "understood": understood,
           "money": money, "tokens": tokens, "number": number, "params": params,
           "yesno": yesno, "percent": percent, "orunknown": orunknown, "cell": cell}
