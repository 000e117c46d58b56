"""LMArena leaderboard adapter: per-category Bradley–Terry ratings with 95% intervals.

Two published shapes are read:

* JSON per board: ``{category: {model_name: {rating, rating_q025, rating_q975}}}``; the quantiles
  are the 2.5% and 97.5% bounds of the rating.
* CSV exports: ``rank,rank_stylectrl,model,arena_score,95_pct_ci,votes,organization,license,
  knowledge_cutoff,url`` for the overall (``full``) category; ``95_pct_ci`` reads ``+5/-5``.

The board (text, vision, image) and style control are inferred from the file name unless given.
Model names are kept exactly as the arena spells them; :mod:`matchgraph.sources.arena_names` maps
them to catalog slugs.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlparse

from matchgraph.catalog.domain import EvidenceRecord, SourceRecord
from matchgraph.sources.base import ReadResult, SourceAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import decode_text, is_url, read_path, read_url

SOURCE = "lmarena"
BOARDS = ("text", "vision", "image")
MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_SECONDS = 30.0

# (board, category) -> the capability the category's votes measure; None keeps the rating as
# evidence about the artifact without tying it to a capability. Where the taxonomy names a metric
# (``measured_by: arena:<board>/<category>``) the two agree; tests check that.
CATEGORY_CAPABILITIES: dict[tuple[str, str], str | None] = {
    ("text", "full"): "capability://text.chat",
    ("text", "english"): "capability://text.chat",
    ("text", "coding"): "capability://text.coding",
    ("text", "math"): "capability://text.math",
    ("text", "creative_writing"): "capability://text.creative-writing",
    ("text", "if"): "capability://text.instruction-following",
    ("text", "hard_6"): "capability://text.reasoning",
    ("text", "hard_english_6"): "capability://text.reasoning",
    # The expert category selects prompts by the expertise they demand; the taxonomy has a node for
    # exactly that, distinct from step-by-step reasoning.
    ("text", "expert"): "capability://text.expert-knowledge",
    ("text", "multiturn"): "capability://text.chat.multi-turn",
    # "Longer query" prompts are long user messages (hundreds of tokens), far below any context-window
    # tier, so they measure handling long input in general rather than a 32K/128K window.
    ("text", "long_user"): "capability://text.long-context",
    ("text", "chinese"): "capability://text.multilingual.chinese",
    ("text", "japanese"): "capability://text.multilingual.japanese",
    ("text", "korean"): "capability://text.multilingual.korean",
    ("text", "spanish"): "capability://text.multilingual.spanish",
    ("text", "french"): "capability://text.multilingual.french",
    ("text", "german"): "capability://text.multilingual.german",
    ("text", "russian"): "capability://text.multilingual.russian",
    ("text", "industry_legal_and_government"): "capability://text.domain.legal",
    ("text", "industry_medicine_and_healthcare"): "capability://text.domain.medicine",
    ("text", "industry_business_and_management_and_financial_operations"): "capability://text.domain.finance",
    ("text", "industry_life_and_physical_and_social_science"): "capability://text.domain.science",
    ("text", "industry_software_and_it_services"): "capability://text.domain.software",
    ("text", "industry_entertainment_and_sports_and_media"): "capability://text.domain.media",
    (
        "text",
        "industry_writing_and_literature_and_language",
    ): "capability://text.domain.language-and-literature",
    # Mathematical industry prompts are math prompts; the taxonomy measures text.math with both.
    ("text", "industry_mathematical"): "capability://text.math",
    # Filters of the whole board (ties removed, refusals removed, short answers removed): they
    # re-weigh the same votes rather than measure a capability.
    ("text", "no_tie"): None,
    ("text", "no_refusal"): None,
    ("text", "no_short"): None,
    ("vision", "full"): "capability://vision.image-understanding",
    ("vision", "english"): "capability://vision.image-understanding",
    ("vision", "ocr"): "capability://vision.ocr",
    ("vision", "diagram"): "capability://vision.diagrams",
    ("vision", "captioning"): "capability://vision.captioning",
    ("vision", "entity_recognition"): "capability://vision.entity-recognition",
    # Homework prompts are photographed exercises (math, physics...): solving a problem read from an
    # image, which the taxonomy names visual problem solving rather than text math.
    ("vision", "homework"): "capability://vision.visual-problem-solving",
    # Writing that starts from an image; the taxonomy keeps it under vision, apart from text-only
    # creative writing, so a text-only model is never credited with it.
    ("vision", "creative_writing_vision"): "capability://vision.creative-writing",
    # Chinese-language image prompts mix two skills; no single capability is measured.
    ("vision", "chinese"): None,
    ("vision", "humor"): None,
    ("image", "full"): "capability://image.generation.text-to-image",
    ("image", "is_preset_generation"): "capability://image.generation.text-to-image",
    ("image", "not_preset_generation"): "capability://image.generation.text-to-image",
}

_CI_RE = re.compile(r"^\s*\+\s*(?P<plus>\d+(?:\.\d+)?)\s*/\s*-\s*(?P<minus>\d+(?:\.\d+)?)\s*$")
_STYLE_RE = re.compile(r"style[-_ ]?control|stylectrl", re.IGNORECASE)


@dataclass(frozen=True)
class ArenaEntry:
    """One model's rating in one category of one arena board."""

    board: str
    category: str
    model_name: str
    rating: float
    ci_low: float | None
    ci_high: float | None
    votes: int | None
    organization: str | None
    license: str | None
    url: str | None
    style_control: bool
    source_key: str


def infer_board(name: str | Path) -> tuple[str, bool]:
    """(board, style_control) from a file name or URL such as ``leaderboard-text-style-control.json``.

    Raises :class:`SourceError` when the name names no board or more than one.
    """
    stem = Path(urlparse(str(name)).path).name.lower()
    tokens = set(re.split(r"[^a-z0-9]+", stem))
    boards = [b for b in BOARDS if b in tokens]
    if len(boards) != 1:
        raise SourceError(f"cannot tell the arena board (text, vision or image) from the name {stem!r}")
    return boards[0], bool(_STYLE_RE.search(stem))


def _source_key(board: str, style_control: bool, category: str, model_name: str, export: str = "") -> str:
    # The CSV export is a separate, older publication that spells some names like the JSON files;
    # its keys carry a prefix so one directory read never yields two records with the same key.
    return f"{export}{board}{':style' if style_control else ''}/{category}/{model_name}"


def _finite(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value or None





def _resolve_board(name: str | Path, board: str | None, style_control: bool | None) -> tuple[str, bool]:
    if board is None:
        inferred, inferred_style = infer_board(name)
        return inferred, inferred_style if style_control is None else style_control
    if board not in BOARDS:
        raise SourceError(f"unknown arena board {board!r}; expected one of {', '.join(BOARDS)}")
    if style_control is None:
        style_control = bool(_STYLE_RE.search(Path(urlparse(str(name)).path).name))
    return board, style_control


def parse_arena_json(
    data: Any, board: str, style_control: bool = False, skipped: list[str] | None = None
) -> list[ArenaEntry]:
    """Entries from an already-parsed leaderboard JSON document.

    Entries without a finite rating are skipped (and described in ``skipped`` when given); missing
    quantiles become None. Raises :class:`SourceError` when the document is not
    ``{category: {model: {...}}}``.
    """
    if not isinstance(data, dict):
        raise SourceError("arena JSON must map categories to models")
    entries: list[ArenaEntry] = []
    for category, models in data.items():
        if not isinstance(models, dict):
            raise SourceError(f"arena JSON category {category!r} must map model names to ratings")
        for model_name, stats in models.items():
            name = _text(model_name)
            rating = _finite(stats.get("rating")) if isinstance(stats, dict) else None
            if name is None or rating is None:
                if skipped is not None:
                    skipped.append(f"{board}/{category}/{model_name}: no model name or no numeric rating")
                continue
            entries.append(
                ArenaEntry(
                    board=board,
                    category=str(category),
                    model_name=name,
                    rating=rating,
                    ci_low=_finite(stats.get("rating_q025")),
                    ci_high=_finite(stats.get("rating_q975")),
                    votes=None,
                    organization=None,
                    license=None,
                    url=None,
                    style_control=style_control,
                    source_key=_source_key(board, style_control, str(category), name),
                )
            )
    return entries


def read_arena_json(
    path: str | Path, board: str | None = None, style_control: bool | None = None
) -> list[ArenaEntry]:
    """Read a leaderboard JSON file (board and style control inferred from the name unless given)."""
    board, style_control = _resolve_board(path, board, style_control)
    text = decode_text(read_path(Path(path), MAX_BYTES), str(path))
    return _json_entries(text, str(path), board, style_control, None)


def _json_entries(
    text: str, origin: str, board: str, style_control: bool, skipped: list[str] | None
) -> list[ArenaEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{origin} is not valid JSON: {exc}") from exc
    return parse_arena_json(data, board, style_control, skipped)


def parse_ci(text: str | None, score: float) -> tuple[float | None, float | None]:
    """``"+5/-6"`` around ``score`` -> (score - 6, score + 5); (None, None) if absent or unreadable."""
    match = _CI_RE.match(text or "")
    if match is None:
        return None, None
    return score - float(match["minus"]), score + float(match["plus"])


def _votes(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        votes = int(text.replace(",", "").strip())
    except ValueError:
        return None
    return votes if votes >= 0 else None


def parse_arena_csv(
    text: str,
    board: str,
    style_control: bool = False,
    category: str = "full",
    skipped: list[str] | None = None,
) -> list[ArenaEntry]:
    """Entries from the text of a leaderboard CSV export; every row is one model in ``category``.

    Rows without a model name or a numeric score, and repeated rows of a model, are skipped (and
    described in ``skipped`` when given). Raises :class:`SourceError` when the header lacks
    ``model`` or ``arena_score``.
    """
    reader = csv.DictReader(text.splitlines())
    header = {h.strip() for h in reader.fieldnames or []}
    missing = {"model", "arena_score"} - header
    if missing:
        raise SourceError(f"arena CSV header lacks {', '.join(sorted(missing))}")
    entries: list[ArenaEntry] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip(): v for k, v in raw.items()}
        name = _text(row.get("model"))
        score = _finite(row.get("arena_score"))
        if name is None or score is None or name in seen:
            if skipped is not None:
                why = (
                    "no model name or no numeric arena_score"
                    if name is None or score is None
                    else f"second row for {name!r} (the first is kept)"
                )
                skipped.append(f"{board} CSV line {line}: {why}")
            continue
        seen.add(name)
        ci_low, ci_high = parse_ci(row.get("95_pct_ci"), score)
        entries.append(
            ArenaEntry(
                board=board,
                category=category,
                model_name=name,
                rating=score,
                ci_low=ci_low,
                ci_high=ci_high,
                votes=_votes(row.get("votes")),
                organization=_text(row.get("organization")),
                license=_text(row.get("license")),
                url=_text(row.get("url")),
                style_control=style_control,
                source_key=_source_key(board, style_control, category, name, export="csv:"),
            )
        )
    return entries


def read_arena_csv(
    path: str | Path,
    board: str | None = None,
    style_control: bool | None = None,
    category: str = "full",
) -> list[ArenaEntry]:
    """Read a leaderboard CSV export (board and style control inferred from the name unless given).

    The CSV's ``arena_score`` is the overall rating, so every row lands in ``category`` ``full``.
    """
    board, style_control = _resolve_board(path, board, style_control)
    return parse_arena_csv(decode_text(read_path(Path(path), MAX_BYTES), str(path)), board, style_control, category)


def metric_name(entry: ArenaEntry) -> str:
    """``arena_rating:<board>/<category>``, with ``:style`` appended for style-controlled ratings."""
    return f"arena_rating:{entry.board}/{entry.category}{':style' if entry.style_control else ''}"


def arena_evidence(
    entries: Iterable[ArenaEntry], fetched_at: str, source_url: str | None
) -> list[EvidenceRecord]:
    """One evidence record per entry: the rating, its 95% interval and the vote count.

    ``capability_uri`` comes from :data:`CATEGORY_CAPABILITIES` (None for unmapped categories);
    ``slug`` is left for name matching to fill.
    """
    return [
        EvidenceRecord(
            artifact_name=e.model_name,
            metric=metric_name(e),
            value=e.rating,
            source=SOURCE,
            source_key=e.source_key,
            capability_uri=CATEGORY_CAPABILITIES.get((e.board, e.category)),
            ci_low=e.ci_low,
            ci_high=e.ci_high,
            sample_size=e.votes,
            source_url=source_url,
            # The leaderboard files carry no board date, so the date the board was read stands in.
            observed_at=fetched_at[:10] or None,
            fetched_at=fetched_at,
            details={"observed_date_is_fetch_date": True},
        )
        for e in entries
    ]


# ----------------------------------------------------------------------------- adapter


def _leaderboard_files(directory: Path) -> list[Path]:
    """Files in a directory whose name says which board they hold (JSON and CSV)."""
    files = []
    for path in sorted(directory.iterdir()):
        if path.is_file() and path.suffix.lower() in {".json", ".csv"}:
            try:
                infer_board(path)
            except SourceError:
                continue
            files.append(path)
    return files


def read_entries(
    location: str, max_bytes: int = MAX_BYTES, skipped: list[str] | None = None
) -> list[ArenaEntry]:
    """Entries from a leaderboard file, a directory of them, or an http(s) URL to one file."""
    if is_url(location):
        board, style = infer_board(location)
        text = decode_text(read_url(location, max_bytes, accept="*/*"), location)
        suffix = Path(urlparse(location).path).suffix.lower()
        if suffix == ".csv":
            return parse_arena_csv(text, board, style, skipped=skipped)
        return _json_entries(text, location, board, style, skipped)
    path = Path(location)
    paths = _leaderboard_files(path) if path.is_dir() else [path]
    if not paths:
        raise SourceError(f"{location}: no leaderboard files (names must say text, vision or image)")
    entries: list[ArenaEntry] = []
    for file in paths:
        board, style = infer_board(file)
        text = decode_text(read_path(file, max_bytes), str(file))
        if file.suffix.lower() == ".csv":
            entries.extend(parse_arena_csv(text, board, style, skipped=skipped))
        else:
            entries.extend(_json_entries(text, str(file), board, style, skipped))
    return entries


class LMArenaAdapter(SourceAdapter):
    """Reads LMArena leaderboard files into one raw record per (board, category, model) rating."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "evidence"
    description: ClassVar[str] = "LMArena leaderboards: per-category Bradley-Terry ratings with 95% intervals"

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int) -> ReadResult:
        """Read a leaderboard file, a directory of them, or a URL; SourceError on unusable input."""
        if not location:
            raise SourceError("lmarena needs a leaderboard file, a directory of them, or a URL")
        skipped: list[str] = []
        entries = read_entries(location, max_bytes, skipped)
        url = location if is_url(location) else None
        records = [
            SourceRecord(source=SOURCE, key=e.source_key, url=url, fetched_at=fetched_at, payload=asdict(e))
            for e in entries
        ]
        return ReadResult(records=records, location=location, skipped=skipped, replaces_source=False)

    def evidence(self, record: SourceRecord) -> list[EvidenceRecord]:
        """The rating a raw record carries, as one evidence record."""
        try:
            entry = ArenaEntry(**record.payload)
        except TypeError:
            return []
        return arena_evidence([entry], record.fetched_at, record.url)
