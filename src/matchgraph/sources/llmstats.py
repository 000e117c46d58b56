"""llm-stats open leaderboard adapter (a ``data/`` tree; CC BY 4.0, attribution required).

Layout read: ``organizations/<org>/organization.json``, ``organizations/<org>/models/<id>/model.json``
and ``benchmarks.json`` beside it, ``benchmarks/<id>.json`` (name, categories, max score) and
``licenses/<id>.json`` (license names). One raw record per model carries:

* identity claims (release date, license, parameter count, knowledge cutoff, weights link) that
  become a ``ModelRecord(is_offer=False)``: facts about the artifact, not a way to use it;
* every benchmark score, each an evidence row: ``self_reported`` when llm-stats marks it so, else
  ``independent``, with the source link and ``verified_by_llmstats`` kept in ``details``.

The model's ``description`` (and every other prose field) is dropped at read time: its sentences
are not the project's and are never stored or shown.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any, ClassVar

from matchgraph.catalog.domain import EvidenceRecord, ModelRecord, SourceRecord
from matchgraph.sources.base import LocalTreeAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import is_url, read_path
from matchgraph.sources.modelsdev import identity_for

SOURCE = "llmstats"
MAX_BYTES = 10 * 1024 * 1024  # per file
MAX_FILES = 20_000
REPO_URL = "https://github.com/JonathanChavezTamales/llm-leaderboard"
ATTRIBUTION = "llm-stats (llm-leaderboard data), CC BY 4.0"
# Prose fields never kept.
_PROSE = frozenset({"description", "verification_notes"})
_DATE = re.compile(r"^\d{4}-\d{2}(?:-\d{2})?")
# llm-stats organization id -> the models.dev provider id whose key rule names its models.
ORG_PROVIDERS: dict[str, str] = {
    "google": "google", "openai": "openai", "anthropic": "anthropic", "mistral": "mistral",
    "deepseek": "deepseek", "xai": "xai", "meta": "llama", "qwen": "alibaba", "moonshotai": "moonshotai",
    "zai-org": "zai", "amazon": "amazon-bedrock", "cohere": "cohere", "nvidia": "nvidia",
    "microsoft": "azure", "ibm": "ibm", "ai21": "ai21",
}  # fmt: skip

# Benchmark id (prefix) -> the capability it measures. First match wins; unlisted benchmarks carry
# no capability (still stored and shown).
BENCHMARK_CAPABILITIES: tuple[tuple[str, str], ...] = (
    ("aider", "capability://text.coding"),
    ("swe-bench", "capability://text.coding"),
    ("humaneval", "capability://text.coding"),
    ("mbpp", "capability://text.coding"),
    ("livecodebench", "capability://text.coding"),
    ("bigcodebench", "capability://text.coding"),
    ("codeforces", "capability://text.coding"),
    ("multipl-e", "capability://text.coding"),
    ("terminal-bench", "capability://text.coding"),
    ("mmmu", "capability://vision.visual-problem-solving"),
    ("mathvista", "capability://vision.visual-problem-solving"),
    ("mathvision", "capability://vision.visual-problem-solving"),
    ("aime", "capability://text.math"),
    ("hmmt", "capability://text.math"),
    ("math", "capability://text.math"),
    ("gsm", "capability://text.math"),
    ("mgsm", "capability://text.math"),
    ("frontiermath", "capability://text.math"),
    ("omnimath", "capability://text.math"),
    ("olympiadbench", "capability://text.math"),
    ("gpqa", "capability://text.reasoning"),
    ("hle", "capability://text.reasoning"),
    ("humanity's-last-exam", "capability://text.reasoning"),
    ("arc-agi", "capability://text.reasoning"),
    ("big-bench", "capability://text.reasoning"),
    ("bbh", "capability://text.reasoning"),
    ("musr", "capability://text.reasoning"),
    ("drop", "capability://text.reasoning"),
    ("chartqa", "capability://vision.diagrams"),
    ("charxiv", "capability://vision.diagrams"),
    ("ai2d", "capability://vision.diagrams"),
    ("docvqa", "capability://vision.ocr"),
    ("ocrbench", "capability://vision.ocr"),
    ("infovqa", "capability://vision.ocr"),
    ("videomme", "capability://vision.video-understanding"),
    ("mmlu", "capability://text.expert-knowledge"),
    ("c-eval", "capability://text.expert-knowledge"),
    ("cmmlu", "capability://text.expert-knowledge"),
    ("simpleqa", "capability://text.expert-knowledge"),
    ("ifeval", "capability://text.instruction-following"),
    ("multi-if", "capability://text.instruction-following"),
    ("bfcl", "capability://tools.function-calling"),
    ("tau-bench", "capability://tools.function-calling"),
    ("tau2", "capability://tools.function-calling"),
    ("arena-hard", "capability://text.chat"),
    ("mt-bench", "capability://text.chat"),
    ("mrcr", "capability://text.long-context"),
    ("longbench", "capability://text.long-context"),
)


def benchmark_capability(benchmark_id: str) -> str | None:
    """The capability a benchmark measures (by id prefix), or None."""
    low = benchmark_id.lower()
    for prefix, uri in BENCHMARK_CAPABILITIES:
        if low.startswith(prefix):
            return uri
    return None


def metric_name(benchmark_id: str) -> str:
    """``llmstats:<benchmark id>``: one scale per benchmark."""
    return f"llmstats:{benchmark_id}"


def _load_json(path: Path, max_bytes: int) -> Any:
    body = read_path(path, max_bytes)
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from exc


def _no_prose(obj: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in obj.items() if k not in _PROSE}


def _date(value: Any) -> str | None:
    if isinstance(value, str):
        found = _DATE.match(value.strip())
        if found:
            return found.group(0)
    return None


def read_tree(root: Path, fetched_at: str, max_bytes: int = MAX_BYTES) -> tuple[list[SourceRecord], list[str]]:
    """Raw records of an llm-stats ``data/`` tree, plus what was skipped and why."""
    if not root.is_dir():
        raise SourceError(f"{root}: not a directory (pass llm-stats' data/ folder)")
    orgs_dir = root / "organizations"
    if not orgs_dir.is_dir():
        raise SourceError(f"{root}: no organizations/ folder; not an llm-stats data tree")
    skipped: list[str] = []
    benchmarks: dict[str, dict[str, Any]] = {}
    for path in sorted((root / "benchmarks").glob("*.json")) if (root / "benchmarks").is_dir() else ():
        try:
            doc = _load_json(path, max_bytes)
        except SourceError as exc:
            skipped.append(str(exc))
            continue
        if isinstance(doc, dict) and isinstance(doc.get("benchmark_id"), str):
            benchmarks[doc["benchmark_id"]] = {k: doc.get(k) for k in ("name", "categories", "max_score", "modality")}
    licenses: dict[str, str] = {}
    for path in sorted((root / "licenses").glob("*.json")) if (root / "licenses").is_dir() else ():
        try:
            doc = _load_json(path, max_bytes)
        except SourceError as exc:
            skipped.append(str(exc))
            continue
        if isinstance(doc, dict) and isinstance(doc.get("license_id"), str) and isinstance(doc.get("name"), str):
            licenses[doc["license_id"]] = doc["name"]
    records: list[SourceRecord] = []
    files = 0
    for org_dir in sorted(p for p in orgs_dir.iterdir() if p.is_dir()):
        org_name = None
        org_file = org_dir / "organization.json"
        if org_file.is_file():
            try:
                org_doc = _load_json(org_file, max_bytes)
                org_name = org_doc.get("name") if isinstance(org_doc, dict) else None
            except SourceError as exc:
                skipped.append(str(exc))
        models_dir = org_dir / "models"
        if not models_dir.is_dir():
            skipped.append(f"{org_dir.name}: no models/ folder")
            continue
        for model_dir in sorted(p for p in models_dir.iterdir() if p.is_dir()):
            files += 1
            if files > MAX_FILES:
                raise SourceError(f"{root}: more than {MAX_FILES} model folders; refusing to read further")
            label = f"{org_dir.name}/{model_dir.name}"
            model_file = model_dir / "model.json"
            if not model_file.is_file():
                skipped.append(f"{label}: no model.json")
                continue
            try:
                model = _load_json(model_file, max_bytes)
            except SourceError as exc:
                skipped.append(str(exc))
                continue
            if not isinstance(model, dict) or not isinstance(model.get("model_id"), str):
                skipped.append(f"{label}: model.json is not an object with a model_id")
                continue
            scores: list[dict[str, Any]] = []
            bench_file = model_dir / "benchmarks.json"
            if bench_file.is_file():
                try:
                    doc = _load_json(bench_file, max_bytes)
                except SourceError as exc:
                    skipped.append(str(exc))
                    doc = []
                if not isinstance(doc, list):
                    skipped.append(f"{label}: benchmarks.json is not a list")
                    doc = []
                for i, row in enumerate(doc):
                    reason = check_score(row, benchmarks)
                    if reason is not None:
                        skipped.append(f"{label} benchmark {i}: {reason}")
                        continue
                    scores.append(_no_prose(row))
            used = {s["benchmark_id"] for s in scores}
            payload = {
                "organization_id": org_dir.name,
                "organization_name": org_name,
                "model": _no_prose(model),
                "license_name": licenses.get(str(model.get("license_id"))),
                "benchmarks": scores,
                "benchmark_meta": {b: benchmarks[b] for b in sorted(used) if b in benchmarks},
            }
            records.append(SourceRecord(
                source=SOURCE, key=f"{org_dir.name}/{model['model_id']}",
                url=f"{REPO_URL}/tree/main/data/organizations/{org_dir.name}/models/{model_dir.name}",
                fetched_at=fetched_at, payload=payload,
            ))
    return records, skipped


def check_score(row: Any, benchmarks: dict[str, dict[str, Any]]) -> str | None:
    """Why one benchmarks.json entry is unusable (shape, type, out of range), or None."""
    if not isinstance(row, dict):
        return "entry is not an object"
    bid = row.get("benchmark_id")
    if not isinstance(bid, str) or not bid.strip():
        return "no benchmark_id"
    score = row.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score):
        return f"{bid}: score is not a number"
    meta = benchmarks.get(bid) or {}
    top = meta.get("max_score")
    top = float(top) if isinstance(top, (int, float)) and not isinstance(top, bool) and top > 0 else None
    if score < 0 or (top is not None and score > top):
        return f"{bid}: score {score} is outside 0-{top if top is not None else 'inf'}"
    return None


def _identity(payload: dict[str, Any], known: frozenset[str] | None) -> Any:
    org = str(payload.get("organization_id") or "")
    model_id = str(payload["model"]["model_id"])
    provider = ORG_PROVIDERS.get(org, org or "unknown")
    return identity_for(provider, model_id, known)


def to_model_record(sr: SourceRecord, known: frozenset[str] | None = None) -> ModelRecord | None:
    """The identity claims of one llm-stats model (never an offer)."""
    payload = sr.payload
    model = payload.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("model_id"), str):
        return None
    identity = _identity(payload, known)
    params = model.get("param_count")
    params = int(params) if isinstance(params, (int, float)) and not isinstance(params, bool) and params > 0 else None
    license_id = model.get("license_id")
    license_name = payload.get("license_name") or (license_id if isinstance(license_id, str) else None)
    weights = model.get("source_weights_link")
    open_weights = True if isinstance(weights, str) and weights.strip() else None
    name = model.get("name")
    extra: dict[str, Any] = {"attribution": ATTRIBUTION, "aliases": [model["model_id"]]}
    for key in ("source_api_ref", "source_paper", "source_scorecard_blog_link", "source_repo_link",
                "source_weights_link", "fine_tuned_from_model_id", "training_tokens", "announcement_date"):
        if model.get(key):
            extra[key] = model[key]
    if params is not None:
        extra["parameters_source"] = "llm-stats param_count"
    return ModelRecord(
        source=SOURCE,
        source_key=sr.key,
        slug=identity.slug,
        name=name.strip() if isinstance(name, str) and name.strip() else identity.name,
        organization=identity.organization,
        host=SOURCE,
        host_key=model["model_id"],
        family=identity.family,
        release_date=_date(model.get("release_date")),
        license=license_name,
        open_weights=open_weights,
        parameters=params,
        knowledge_cutoff=_date(model.get("knowledge_cutoff")),
        url=sr.url,
        extra=extra,
        is_offer=False,
    )


def to_evidence(sr: SourceRecord) -> list[EvidenceRecord]:
    """One evidence row per stored benchmark score."""
    payload = sr.payload
    model = payload.get("model")
    if not isinstance(model, dict) or not isinstance(model.get("model_id"), str):
        return []
    meta_all = payload.get("benchmark_meta") or {}
    slug = _identity(payload, None).slug
    out: list[EvidenceRecord] = []
    for row in payload.get("benchmarks") or ():
        if check_score(row, meta_all) is not None:
            continue
        bid = row["benchmark_id"]
        meta = meta_all.get(bid) or {}
        self_reported = row.get("is_self_reported") is True
        observed = _date(row.get("verification_date"))
        observed_from = "verification_date"
        if observed is None and self_reported:
            observed = _date(model.get("announcement_date")) or _date(model.get("release_date"))
            observed_from = "model announcement"
        if observed is None:
            observed, observed_from = _date(row.get("created_at")), "llm-stats created_at"
        if observed is None:
            observed, observed_from = sr.fetched_at[:10], "fetched_at"
        link = row.get("self_reported_source_link")
        details = {
            "benchmark": row.get("benchmark_name") or meta.get("name") or bid,
            "benchmark_id": bid,
            "analysis_method": row.get("analysis_method"),
            "normalized_score": row.get("normalized_score"),
            "max_score": meta.get("max_score"),
            "categories": meta.get("categories"),
            "is_self_reported": self_reported,
            "verified_by_llmstats": row.get("verified_by_llmstats") is True,
            "self_reported_source_link": link,
            "observed_from": observed_from,
            "attribution": ATTRIBUTION,
        }
        out.append(EvidenceRecord(
            artifact_name=str(model.get("name") or model["model_id"]),
            metric=metric_name(bid),
            value=float(row["score"]),
            source=SOURCE,
            source_key=f"{sr.key}#{bid}",
            capability_uri=benchmark_capability(bid),
            source_url=link if isinstance(link, str) and is_url(link) else sr.url,
            observed_at=observed,
            fetched_at=sr.fetched_at,
            kind="self_reported" if self_reported else "independent",
            match_key=slug,
            details={k: v for k, v in details.items() if v is not None},
        ))
    return out


class LLMStatsAdapter(LocalTreeAdapter):
    """llm-stats: identity facts (never an offer) and benchmark scores, self-reported ones flagged."""

    name: ClassVar[str] = SOURCE
    description: ClassVar[str] = (
        "llm-stats data/ tree: release dates, licenses, parameter counts and benchmark scores (CC BY 4.0)"
    )
    repo_url: ClassVar[str] = REPO_URL
    tree: ClassVar[str] = "llm-stats' data/ folder"
    empty: ClassVar[str] = "model.json found under organizations/*/models/"
    max_bytes: ClassVar[int] = MAX_BYTES
    read_tree = staticmethod(read_tree)
    convert = staticmethod(to_model_record)
    evidence_rows = staticmethod(to_evidence)
