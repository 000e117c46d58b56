"""Aider polyglot leaderboard adapter (``polyglot_leaderboard.yml``, Apache-2.0).

Each run (one model, one edit format, one reasoning setting) becomes one raw record and one
evidence row: ``pass_rate_2`` (percent of the 225 exercises solved within two tries) as metric
``aider:polyglot:pass_rate_2`` for coding, with the run's other figures in ``details``. The run's
``command`` names the model as a LiteLLM key (``aider --model gemini/gemini-2.5-pro``); that key is
the evidence's ``match_key``. Runs of one model stay separate rows; :func:`summary_run` is the
stated rule for the one a summary shows.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shlex
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

import yaml

from matchgraph.catalog.domain import EvidenceRecord, SourceRecord
from matchgraph.sources.base import ReadResult, SourceAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import decode_text, is_url, read_path, read_url

SOURCE = "aider"
MAX_BYTES = 20 * 1024 * 1024
METRIC = "aider:polyglot:pass_rate_2"
CAPABILITY = "capability://text.coding"
PUBLIC_URL = "https://aider.chat/docs/leaderboards/"
RAW_URL = ("https://raw.githubusercontent.com/Aider-AI/aider/main/aider/website/_data/"
           "polyglot_leaderboard.yml")
# Aider's own short model names (its --model aliases) that are not catalog keys.
AIDER_ALIASES: dict[str, str | None] = {
    "r1": "deepseek/deepseek-reasoner",
    "sonnet": None,  # moved between Claude versions over time: the run's ``model`` field says which
    "haiku": None,
    "opus": None,
    "4o": "gpt-4o",
    "flash": None,
}
_REQUIRED = ("model", "pass_rate_2", "command")
_PERCENT_FIELDS = ("pass_rate_1", "pass_rate_2", "percent_cases_well_formed")
_DETAIL_FIELDS = ("edit_format", "pass_rate_1", "percent_cases_well_formed", "total_cost", "seconds_per_case",
                  "test_cases", "reasoning_effort", "thinking_tokens", "editor_model", "editor_edit_format",
                  "versions", "commit_hash")
_OPENAI_NATIVE = re.compile(r"^(gpt-|o\d|chatgpt-|text-|dall-e|davinci|babbage|codex)", re.I)
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def parse_leaderboard(text: str, origin: str) -> list[Any]:
    """The YAML list of runs; SourceError for anything that is not a list."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourceError(f"{origin}: not valid YAML ({exc})") from exc
    if not isinstance(data, list):
        raise SourceError(f"{origin}: expected a YAML list of runs, got {type(data).__name__}")
    return data


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
        return value.strip()
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _plain(value: Any) -> Any:
    """YAML scalars as JSON-safe values (dates become ISO strings)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return _date(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def command_model(command: str) -> str | None:
    """The value of ``--model`` in an aider command line, or None."""
    try:
        words = shlex.split(command, comments=True)
    except ValueError:
        words = command.split()
    for i, word in enumerate(words):
        if word == "--model" and i + 1 < len(words):
            return words[i + 1]
        if word.startswith("--model="):
            return word.split("=", 1)[1]
    return None


def run_match_key(run: dict[str, Any]) -> str | None:
    """The catalog key naming the run's model.

    The ``--model`` value, except: an aider alias is replaced by the key it stands for (or by the
    run's ``model`` name when the alias moved between versions), and ``openai/…`` used for an
    OpenAI-compatible endpoint of another maker drops its ``openai/`` prefix.
    """
    command = str(run.get("command") or "")
    key = command_model(command)
    if key is None:
        return None
    if key in AIDER_ALIASES:
        stated = AIDER_ALIASES[key]
        return stated if stated is not None else _PAREN.sub("", str(run.get("model") or "")).strip() or None
    if key.startswith("openai/"):
        rest = key[len("openai/"):]
        if "OPENAI_API_BASE" in command or "/" in rest or not _OPENAI_NATIVE.match(rest):
            return rest
    return key


def _reasoning(run: dict[str, Any]) -> str | None:
    """The reasoning or thinking setting a run used, as stated by the run (or its command)."""
    effort = run.get("reasoning_effort")
    if isinstance(effort, str) and effort.strip():
        return f"reasoning effort {effort.strip()}"
    tokens = run.get("thinking_tokens")
    if isinstance(tokens, int) and not isinstance(tokens, bool):
        return "no thinking" if tokens == 0 else f"{tokens} thinking tokens"
    command = str(run.get("command") or "")
    found = re.search(r"--reasoning-effort\s+(\S+)", command)
    if found:
        return f"reasoning effort {found.group(1)}"
    found = re.search(r"--thinking-tokens\s+(\S+)", command)
    if found:
        return f"{found.group(1)} thinking tokens"
    return None


def check_run(run: Any) -> str | None:
    """Why a run cannot be used (missing field, wrong type, score out of range), or None."""
    if not isinstance(run, dict):
        return "run is not a mapping"
    for name in _REQUIRED:
        if run.get(name) in (None, ""):
            return f"missing {name}"
    for name in _PERCENT_FIELDS:
        if name in run and run[name] is not None:
            value = _number(run[name])
            if value is None:
                return f"{name} is not a number"
            if not 0 <= value <= 100:
                return f"{name} {value} is outside 0-100"
    for name in ("total_cost", "seconds_per_case", "test_cases"):
        if run.get(name) is not None and (_number(run[name]) is None or _number(run[name]) < 0):
            return f"{name} is not a non-negative number"
    if run_match_key(run) is None:
        return "command names no --model"
    return None


def source_records(runs: Iterable[Any], url: str, fetched_at: str) -> tuple[list[SourceRecord], list[str]]:
    """One raw record per usable run, keyed by its ``dirname``; the rest listed with the reason."""
    records: list[SourceRecord] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for i, run in enumerate(runs):
        reason = check_run(run)
        label = str(run.get("dirname") or run.get("model") or f"run {i}") if isinstance(run, dict) else f"run {i}"
        if reason is not None:
            skipped.append(f"{label}: {reason}")
            continue
        key = str(run.get("dirname") or f"{run['model']}|{run.get('edit_format')}|{_date(run.get('date'))}")
        if key in seen:
            skipped.append(f"{label}: duplicate run")
            continue
        seen.add(key)
        records.append(SourceRecord(source=SOURCE, key=key, url=url, fetched_at=fetched_at, payload=_plain(run)))
    return records, skipped


def run_evidence(record: SourceRecord) -> list[EvidenceRecord]:
    """The evidence row of one stored run (empty for a payload that no longer checks)."""
    run = record.payload
    if check_run(run) is not None:
        return []
    details: dict[str, Any] = {k: run[k] for k in _DETAIL_FIELDS if run.get(k) is not None}
    details["run"] = record.key
    details["model_as_run"] = run.get("model")
    details["command"] = run.get("command")
    reasoning = _reasoning(run)
    if reasoning:
        details["reasoning"] = reasoning
    tests = _number(run.get("test_cases"))
    return [EvidenceRecord(
        artifact_name=_PAREN.sub("", str(run["model"])).strip() or str(run["model"]),
        metric=METRIC,
        value=float(run["pass_rate_2"]),
        source=SOURCE,
        source_key=record.key,
        capability_uri=CAPABILITY,
        sample_size=int(tests) if tests is not None else None,
        source_url=PUBLIC_URL,
        observed_at=_date(run.get("date")) or record.fetched_at[:10],
        fetched_at=record.fetched_at,
        kind="independent",
        match_key=run_match_key(run),
        details=details,
    )]


def summary_run(rows: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The run a summary shows for one model: the highest ``pass_rate_2``, then the latest date.

    ``rows`` are evidence rows (``value``, ``observed_at``); None when there are none.
    """
    rows = [r for r in rows if r.get("value") is not None]
    if not rows:
        return None
    return max(rows, key=lambda r: (r["value"], r.get("observed_at") or "", r.get("source_key") or ""))


class AiderAdapter(SourceAdapter):
    """Aider's polyglot coding benchmark: one evidence row per run."""

    name: ClassVar[str] = SOURCE
    role: ClassVar[str] = "evidence"
    description: ClassVar[str] = "Aider polyglot leaderboard (polyglot_leaderboard.yml): coding pass rates per run"

    def read(self, location: str | None, *, fetched_at: str, max_bytes: int = MAX_BYTES) -> ReadResult:
        """Read the leaderboard YAML from a path or URL; runs that fail a check are listed in ``skipped``."""
        if not location:
            raise SourceError(f"aider needs a path or URL to polyglot_leaderboard.yml (e.g. {RAW_URL})")
        loc = location.strip()
        if is_url(loc):
            body, where = read_url(loc, max_bytes, accept="*/*"), loc
        else:
            path = Path(loc).expanduser()
            body, where = read_path(path, max_bytes), str(path)
        runs = parse_leaderboard(decode_text(body, where), where)
        records, skipped = source_records(runs, where if is_url(where) else RAW_URL, fetched_at)
        if not records:
            raise SourceError(f"{where}: no usable runs ({len(skipped)} skipped)")
        return ReadResult(records=records, location=where, skipped=skipped, replaces_source=True)

    def evidence(self, record: SourceRecord) -> list[EvidenceRecord]:
        """See :func:`run_evidence`."""
        return run_evidence(record)
