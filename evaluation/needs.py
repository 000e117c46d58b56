"""The labelled needs: what each states as a hard constraint, and how quality is graded.

Each file under ``tests/eval/`` is one part of a split (:data:`PARTS`): the ``dev`` parts may be tuned
on, the ``heldout`` parts never.
A need has ``id``, ``need`` (the text as a person wrote it), ``lang`` (ISO 639-1, default ``en``) and
``hard``: only what the text itself states, in raw-checkable terms (see :mod:`evaluation.raw`):

- ``input`` / ``output``: modalities the text requires (``text``, ``image``, ``audio``, ``video``,
  ``embedding``); ``not_output``: modalities it says it does not want;
- ``capabilities``: capability URIs from :data:`evaluation.raw.CHECKABLE_CAPABILITIES`;
- ``min_context`` (tokens); ``open_weights: true``; ``free: true``;
- ``max_price``: ``{unit: USD}`` with ``unit`` a ``Prices`` field name (``input_per_mtok``,
  ``output_per_mtok``, ``per_image``, ``per_second``, ``per_character``, ``per_query``, ``per_page``);
- ``include_/exclude_organizations`` (slug organizations), ``include_/exclude_hosts``.

Grading: ``best`` names the capability whose quality the need asks for ("best", "strongest",
"most accurate for X"); relevance then comes from evidence for that capability (see
:mod:`evaluation.metrics`). ``prefer`` lists capabilities a good answer has; ``cheap`` says the
text asks for a low price. ``contradictory: true`` marks needs no artifact can meet.
Whether a need is answerable is computed from the catalog, never written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evaluation.raw import CHECKABLE_CAPABILITIES, PRICE_FIELDS

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT / "tests" / "eval"
SPLITS = ("dev", "heldout")
# Split -> its files (``tests/eval/<part>.yaml``), in the order they were written.
PARTS: dict[str, tuple[str, ...]] = {"dev": ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9",
                                             "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17",
                                             "dev18", "dev19", "dev20", "dev21", "dev22", "dev23", "dev24", "dev25",
                                             "dev26"),
                                     "heldout": ("heldout", "heldout2", "heldout3", "heldout4", "heldout5",
                                                 "heldout6", "heldout7", "heldout8", "heldout9", "heldout10",
                                                 "heldout11", "heldout12", "heldout13", "heldout14", "heldout15",
                                                 "heldout16", "heldout17", "heldout18")}
_KEYS = frozenset({"id", "need", "lang", "hard", "best", "prefer", "cheap", "contradictory"})
_HARD = frozenset({"input", "output", "not_output", "capabilities", "min_context", "open_weights", "free",
                   "max_price", "include_organizations", "exclude_organizations", "include_hosts",
                   "exclude_hosts"})
_MODALITIES = frozenset({"text", "image", "audio", "video", "embedding", "file"})
PREFIX = "capability://"


def _uri(u: str) -> str:
    return u if u.startswith(PREFIX) else PREFIX + u


@dataclass(frozen=True)
class LabelledNeed:
    """One need with its labels."""

    id: str
    text: str
    split: str
    lang: str = "en"
    part: str = ""
    hard: dict[str, Any] = field(default_factory=dict)
    best: str | None = None
    prefer: tuple[str, ...] = ()
    cheap: bool = False
    contradictory: bool = False


def _check_hard(where: str, hard: dict[str, Any]) -> dict[str, Any]:
    bad = set(hard) - _HARD
    if bad:
        raise ValueError(f"{where}: unknown hard keys {sorted(bad)}")
    out = dict(hard)
    for key in ("input", "output", "not_output"):
        if not set(out.get(key, ())) <= _MODALITIES:
            raise ValueError(f"{where}: {key} must be modalities from {sorted(_MODALITIES)}")
    if "capabilities" in out:
        out["capabilities"] = [_uri(u) for u in out["capabilities"]]
        unknown = set(out["capabilities"]) - CHECKABLE_CAPABILITIES
        if unknown:
            raise ValueError(f"{where}: capabilities not checkable on raw records: {sorted(unknown)}")
    for unit in out.get("max_price", {}) or {}:
        if unit not in PRICE_FIELDS:
            raise ValueError(f"{where}: max_price unit {unit!r} is not a Prices field ({sorted(PRICE_FIELDS)})")
    return out


def load_split(path: str | Path, split: str, part: str | None = None) -> list[LabelledNeed]:
    """Read and validate one split file; ValueError names the need and the field at fault."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a list of needs")
    out: list[LabelledNeed] = []
    seen: set[str] = set()
    for n, item in enumerate(data, 1):
        where = f"{path}: need #{n} ({item.get('id') if isinstance(item, dict) else '?'})"
        if not isinstance(item, dict) or "need" not in item or "id" not in item:
            raise ValueError(f"{where}: each need needs an 'id' and a 'need'")
        if set(item) - _KEYS:
            raise ValueError(f"{where}: unknown keys {sorted(set(item) - _KEYS)}")
        if item["id"] in seen:
            raise ValueError(f"{where}: duplicate id")
        seen.add(item["id"])
        out.append(LabelledNeed(
            id=str(item["id"]), text=str(item["need"]), split=split, lang=str(item.get("lang", "en")),
            part=part or Path(path).stem,
            hard=_check_hard(where, dict(item.get("hard") or {})),
            best=_uri(item["best"]) if item.get("best") else None,
            prefer=tuple(_uri(u) for u in item.get("prefer") or ()),
            cheap=bool(item.get("cheap")), contradictory=bool(item.get("contradictory"))))
    return out


def load_needs(splits: tuple[str, ...] = SPLITS, directory: Path = EVAL_DIR,
               parts: tuple[str, ...] | None = None) -> list[LabelledNeed]:
    """Every need of the named splits (only the named parts, when given), in file order; ids are unique
    across all of them."""
    needs = [n for s in splits for p in PARTS[s] if parts is None or p in parts
             for n in load_split(directory / f"{p}.yaml", s, p)]
    ids = [n.id for n in needs]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise ValueError(f"ids used in more than one split: {dupes}")
    return needs
