"""Evidence metrics in words: the board or benchmark a metric belongs to, and its figure as the board states it.

One table serves every page, the comparison renderers and the command line, so a metric reads the same
everywhere and no stored key (``arena_rating:text/if:style``) reaches a person.

LMArena category keys are named as LMArena names them: its leaderboard code (lm-sys/FastChat,
``fastchat/serve/monitor/monitor_md.py``: ``key_to_category_name`` and ``cat_name_to_explanation``), its
"Hard Prompts" post (a prompt counts as hard when it meets at least 6 of 7 hardness criteria, hence
``hard_6``) and its help centre (the expert leaderboard: prompts from expert contributors). A key whose
meaning none of those states is shown as the board spells it, separators turned into spaces.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ARENA_PREFIX = "arena_rating:"
STYLE_SUFFIX = ":style"

#: LMArena category key -> what the category holds (see the module docstring for where each is stated).
ARENA_CATEGORIES: dict[str, str] = {
    "full": "overall",
    "coding": "coding",
    "math": "math",
    "if": "instruction following",
    "multiturn": "multi-turn conversations",
    "creative_writing": "creative writing",
    "creative_writing_vision": "creative writing",
    "hard_6": "hard prompts",
    "hard_english_6": "hard prompts in English",
    "long_user": "longer queries (500 tokens or more)",
    "no_tie": "excluding ties and both-bad votes",
    "no_short": "excluding short queries (under 5 tokens)",
    "no_refusal": "excluding refusals",
    "expert": "expert prompts",
    "captioning": "open-ended captioning",
    "entity_recognition": "entity recognition",
    "ocr": "text recognition (OCR)",
    "humor": "humor",
    "homework": "homework problems",
    "diagram": "diagrams",
}
#: Language categories: prompts written in that language.
ARENA_LANGUAGES = {"english": "English", "chinese": "Chinese", "french": "French", "german": "German",
                   "spanish": "Spanish", "russian": "Russian", "japanese": "Japanese", "korean": "Korean",
                   "polish": "Polish", "portuguese": "Portuguese"}
_INDUSTRY = "industry_"
# Acronyms the board writes in lower case inside its keys.
_ACRONYMS = {"it": "IT", "ocr": "OCR"}


def _words(key: str) -> str:
    """A key as words, as the board spells it: ``no_such_thing`` -> ``no such thing``."""
    parts = [p for p in re.split(r"[\s_\-:/().\[\]]+", key) if p]
    return " ".join(_ACRONYMS.get(p, p) for p in parts)


def arena_category(category: str) -> str:
    """What an LMArena category holds, in words (``if`` -> "instruction following")."""
    if category in ARENA_CATEGORIES:
        return ARENA_CATEGORIES[category]
    if category in ARENA_LANGUAGES:
        return f"{ARENA_LANGUAGES[category]} prompts"
    if category.startswith(_INDUSTRY):
        # industry_business_and_management_and_financial_operations: the board's own words, listed.
        fields = [_words(p) for p in category.removeprefix(_INDUSTRY).split("_and_") if p]
        listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
        return f"{listed} (industry)"
    return _words(category)


def parse_arena(metric: str) -> tuple[str, str, bool] | None:
    """``arena_rating:text/coding:style`` -> ("text", "coding", True); None for other metrics."""
    if not metric.startswith(ARENA_PREFIX):
        return None
    body = metric.removeprefix(ARENA_PREFIX)
    style = body.endswith(STYLE_SUFFIX)
    board, _, category = body.removesuffix(STYLE_SUFFIX).partition("/")
    return board, category or "full", style


def _mteb(metric: str) -> str:
    parts = metric.split(":")
    if len(parts) >= 3 and parts[1] == "eng-v2-retrieval":
        tail = parts[3] if len(parts) > 3 else ""
        m = re.fullmatch(r"(\d+)_of_(\d+)_tasks", tail)
        count = f", {m.group(1)} of {m.group(2)} tasks" if m else ""
        return f"MTEB English v2 retrieval (mean nDCG@10{count})"
    if len(parts) >= 3 and parts[1] == "retrieval":
        return f"MTEB task {parts[2]} (nDCG@10)"
    return "MTEB " + _words(":".join(parts[1:]))


def metric_label(metric: str | None, details: Mapping[str, Any] | None = None) -> str:
    """The board or benchmark a metric belongs to, in words.

    ``arena_rating:text/full:style`` -> "LMArena text, style-controlled";
    ``arena_rating:text/if`` -> "LMArena text: instruction following";
    ``aider:polyglot:pass_rate_2`` -> "Aider polyglot (pass rate, 2 tries)";
    ``llmstats:gpqa`` -> "GPQA (llm-stats)" (the benchmark's own name from ``details`` when given).
    """
    if not metric:
        return "unknown"
    if metric.startswith("arena:"):  # the taxonomy's ``measured_by`` spelling of an arena metric
        metric = ARENA_PREFIX + metric.removeprefix("arena:")
    arena = parse_arena(metric)
    if arena is not None:
        board, category, style = arena
        label = f"LMArena {_words(board)}" + ("" if category == "full" else f": {arena_category(category)}")
        return label + (", style-controlled" if style else "")
    if metric.startswith("aider:polyglot:pass_rate_2"):
        return "Aider polyglot (pass rate, 2 tries)"
    if metric.startswith("aider:"):
        return "Aider " + _words(metric.removeprefix("aider:"))
    if metric.startswith("mteb:"):
        return _mteb(metric)
    if metric.startswith("llmstats:"):
        name = (details or {}).get("benchmark")
        name = name if isinstance(name, str) and name.strip() else _words(metric.removeprefix("llmstats:"))
        return f"{name.strip()} (llm-stats)"
    return _words(metric)


def format_value(metric: str, value: float | None) -> str:
    """The figure as its board states it: a rating as a whole number, a pass rate in percent, a 0–1
    score with three decimals."""
    if value is None:
        return "unknown"
    if metric.startswith(ARENA_PREFIX):
        return f"{value:.0f}"
    if metric.startswith("aider:"):
        return f"{value:.1f}%"
    return f"{value:.3f}" if abs(value) <= 1 else f"{value:.1f}"


def kind_label(kind: str | None) -> str:
    """Who measured a figure: "independent" or "reported by the maker"."""
    return "reported by the maker" if kind == "self_reported" else "independent"


def date_is_fetch_date(details: Mapping[str, Any] | None) -> bool:
    """True when a row's observed date is the day its source was read (the source states no date)."""
    d = details or {}
    return bool(d.get("observed_date_is_fetch_date")) or str(d.get("observed_from") or "").startswith("fetched")


def observed_phrase(metric: str, observed_at: str | None, *, is_fetch_date: bool = False) -> str | None:
    """When a figure was observed: "run of 2025-08" (an Aider run), "undated, read 2025-12-01" (the source
    states no date, so the day it was read stands in), "observed 2025-08-22" (the rest)."""
    if not observed_at:
        return None
    if is_fetch_date:
        return f"undated, read {observed_at[:10]}"
    if metric.startswith("aider:"):
        return f"run of {observed_at[:7]}"
    return f"observed {observed_at[:10]}"


#: LMArena's CSV export is a separate publication from its per-board JSON files (the adapter prefixes its
#: record keys with ``csv:``), so one model can hold a rating from each for the same board and category.
ARENA_CSV_KEY_PREFIX = "csv:"


def publication_label(source: str | None, key: str | None) -> str | None:
    """Which publication of a source a figure comes from, when the source has more than one: LMArena's
    "CSV export" or its "JSON leaderboard"; None for sources with a single publication."""
    if source != "lmarena" or not key:
        return None
    return "CSV export" if key.startswith(ARENA_CSV_KEY_PREFIX) else "JSON leaderboard"
