"""MTEB results adapter (a ``results/<org__model>/<revision>/`` tree, CC0).

The layout is the one of the public MTEB results repository: one folder per model, one per
revision, holding ``model_meta.json`` and one ``<Task>.json`` per evaluated task. For each model
revision this adapter keeps nDCG@10 (``main_score`` of the ``test`` split) of the ten English
retrieval tasks of MTEB(eng, v2) and their mean:

* ``mteb:retrieval:<Task>:ndcg_at_10`` per task;
* ``mteb:eng-v2-retrieval:mean_ndcg_at_10`` when all ten tasks are present, or
  ``mteb:eng-v2-retrieval:mean_ndcg_at_10:<n>_of_10_tasks`` over fewer (a separate scale: a mean over
  other tasks is not comparable).

``model_meta.json`` adds identity claims (release date, open weights, parameters, max tokens,
embedding dimensions, input modalities) as a ``ModelRecord(is_offer=False)``; a model nobody hosts
becomes an artifact without offers (``catalog/identity_only.py``). Other task files are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from pathlib import Path
from typing import Any, ClassVar

from matchgraph.catalog.domain import MODALITIES, EvidenceRecord, ModelRecord, SourceRecord
from matchgraph.catalog.evidence_match import same_maker
from matchgraph.catalog.names import slug_part
from matchgraph.sources.base import LocalTreeAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.fetch import read_path
from matchgraph.sources.litellm_identity import Identity
from matchgraph.sources.modelsdev import identity_for

SOURCE = "mteb"
MAX_BYTES = 20 * 1024 * 1024  # per file
MAX_MODELS = 50_000
REPO_URL = "https://github.com/embeddings-benchmark/results"
LEADERBOARD_URL = "https://huggingface.co/spaces/mteb/leaderboard"
CAPABILITY = "capability://embeddings.text"
RETRIEVAL_TASKS = (
    "ArguAna", "CQADupstackGamingRetrieval", "CQADupstackUnixRetrieval", "ClimateFEVERHardNegatives",
    "FEVERHardNegatives", "FiQA2018", "HotpotQAHardNegatives", "SCIDOCS", "TRECCOVID",
    "Touche2020Retrieval.v3",
)  # fmt: skip
MEAN_METRIC = "mteb:eng-v2-retrieval:mean_ndcg_at_10"
_META_FIELDS = ("name", "revision", "release_date", "n_parameters", "max_tokens", "embed_dim", "license",
                "open_weights", "framework", "reference", "modalities", "languages")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def task_metric(task: str) -> str:
    """The metric of one task's nDCG@10."""
    return f"mteb:retrieval:{task}:ndcg_at_10"


def mean_metric(count: int) -> str:
    """The metric of a mean over ``count`` of the ten tasks (labelled when fewer than ten)."""
    return MEAN_METRIC if count == len(RETRIEVAL_TASKS) else f"{MEAN_METRIC}:{count}_of_10_tasks"


def _load(path: Path, max_bytes: int) -> Any:
    try:
        return json.loads(read_path(path, max_bytes).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{path}: not valid JSON ({exc})") from exc


def task_score(doc: Any) -> tuple[float | None, str | None]:
    """(nDCG@10 of the test split, None) or (None, why it is unusable)."""
    if not isinstance(doc, dict):
        return None, "not an object"
    scores = doc.get("scores")
    rows = scores.get("test") if isinstance(scores, dict) else None
    if rows is None and isinstance(doc.get("test"), dict):
        rows = [doc["test"]]  # the older result format: {"test": {"ndcg_at_10": ...}}
    if not isinstance(rows, list) or not rows:
        return None, "no scores.test"
    row = next((r for r in rows if isinstance(r, dict) and r.get("hf_subset") in (None, "default")), rows[0])
    if not isinstance(row, dict):
        return None, "scores.test entry is not an object"
    value = row.get("ndcg_at_10", row.get("main_score"))
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None, "no numeric ndcg_at_10 / main_score"
    if not 0.0 <= float(value) <= 1.0:
        return None, f"nDCG@10 {value} is outside 0-1"
    return float(value), None


def run_date(value: Any) -> str | None:
    """The evaluation date a result file states (ISO text or a Unix timestamp), or None."""
    if isinstance(value, str) and _DATE.match(value):
        return value[:10]
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) \
            and 946684800 <= value <= 4102444800:  # 2000-01-01 .. 2100-01-01
        return dt.datetime.fromtimestamp(value, dt.UTC).date().isoformat()
    return None


def read_tree(root: Path, fetched_at: str, max_bytes: int = MAX_BYTES) -> tuple[list[SourceRecord], list[str]]:
    """Raw records (one per model revision with a readable ``model_meta.json``) and the skips."""
    if not root.is_dir():
        raise SourceError(f"{root}: not a directory (pass the results/ folder of an MTEB results tree)")
    if (root / "results").is_dir():
        root = root / "results"
    records: list[SourceRecord] = []
    skipped: list[str] = []
    model_dirs = sorted(p for p in root.iterdir() if p.is_dir())
    if len(model_dirs) > MAX_MODELS:
        raise SourceError(f"{root}: more than {MAX_MODELS} model folders; refusing to read")
    for model_dir in model_dirs:
        for rev_dir in sorted(p for p in model_dir.iterdir() if p.is_dir()):
            label = f"{model_dir.name}/{rev_dir.name}"
            meta_path = rev_dir / "model_meta.json"
            if not meta_path.is_file():
                skipped.append(f"{label}: no model_meta.json")
                continue
            try:
                meta = _load(meta_path, max_bytes)
            except SourceError as exc:
                skipped.append(str(exc))
                continue
            if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not meta["name"].strip():
                skipped.append(f"{label}: model_meta.json has no name")
                continue
            tasks: dict[str, dict[str, Any]] = {}
            for task in RETRIEVAL_TASKS:
                path = rev_dir / f"{task}.json"
                if not path.is_file():
                    continue
                try:
                    doc = _load(path, max_bytes)
                except SourceError as exc:
                    skipped.append(str(exc))
                    continue
                value, why = task_score(doc)
                if why is not None:
                    skipped.append(f"{label}/{task}.json: {why}")
                    continue
                tasks[task] = {"ndcg_at_10": value, "mteb_version": doc.get("mteb_version"),
                               "dataset_revision": doc.get("dataset_revision"), "date": run_date(doc.get("date"))}
            records.append(SourceRecord(
                source=SOURCE, key=label, url=f"{REPO_URL}/tree/main/results/{label}", fetched_at=fetched_at,
                payload={"folder": model_dir.name, "revision": rev_dir.name,
                         "meta": {k: meta.get(k) for k in _META_FIELDS if k in meta}, "tasks": tasks},
            ))
    return records + combined_records(records, fetched_at), skipped


def combined_records(records: list[SourceRecord], fetched_at: str) -> list[SourceRecord]:
    """Per model folder whose tasks are spread over several revisions, one record of them all.

    The results tree often files some tasks under one revision and the rest under another. The
    combined record takes each task from the latest revision (folder name order) that has it and
    says which; it carries only the mean (per-task rows stay with their own revision).
    """
    by_folder: dict[str, list[SourceRecord]] = {}
    for r in records:
        if r.payload.get("tasks"):
            by_folder.setdefault(r.payload["folder"], []).append(r)
    out: list[SourceRecord] = []
    for folder, revs in sorted(by_folder.items()):
        if len(revs) < 2:
            continue
        tasks: dict[str, dict[str, Any]] = {}
        for r in revs:  # sorted by revision folder: a later one wins
            for task, entry in r.payload["tasks"].items():
                tasks[task] = {**entry, "revision": r.payload["revision"]}
        if len(tasks) <= max(len(r.payload["tasks"]) for r in revs):
            continue  # no revision is completed by another: nothing to combine
        latest = revs[-1]
        out.append(SourceRecord(
            source=SOURCE, key=f"{folder}/all-revisions", url=f"{REPO_URL}/tree/main/results/{folder}",
            fetched_at=fetched_at,
            payload={"folder": folder, "revision": "all-revisions", "combined": True,
                     "revisions": [r.payload["revision"] for r in revs], "meta": latest.payload["meta"],
                     "tasks": tasks},
        ))
    return out


def _variant(folder: str) -> str | None:
    """The setting in a folder name such as ``openai__text-embedding-3-large_(embed_dim=512)``."""
    found = re.search(r"_\(([^)]*)\)$", folder)
    return found.group(1) if found else None


def _identity(payload: dict[str, Any], known: frozenset[str] | None) -> Any:
    name = str(payload["meta"]["name"]).strip()
    identity = identity_for("huggingface", name, known)
    # A Hugging Face id names its maker: facebook/SONAR is not Perplexity's Sonar, whatever the last
    # segment matches in the catalog, so a match to another maker's artifact is refused.
    if "/" in name and not same_maker(name, identity.slug):
        org, model = name.split("/", 1)
        slug = f"{slug_part(org)}/{slug_part(model)}"
        identity = Identity(slug, model, slug_part(org), identity.host, identity.host_key, identity.family)
    return identity


def _positive_int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        return None
    return int(value)


def _license(value: Any) -> str | None:
    """The license a model file names; "not specified" and blanks are unknown."""
    if not isinstance(value, str) or not value.strip() or value.strip().lower() in ("not specified", "unknown", "none"):
        return None
    return value.strip()


def to_model_record(sr: SourceRecord, known: frozenset[str] | None = None) -> ModelRecord | None:
    """Identity claims from ``model_meta.json`` (never an offer); None for a variant folder."""
    payload = sr.payload
    meta = payload.get("meta")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str):
        return None
    if _variant(str(payload.get("folder") or "")) or payload.get("combined") is True:
        return None  # a reduced-dimension run of the same model says nothing new about it
    identity = _identity(payload, known)
    release = meta.get("release_date")
    open_weights = meta.get("open_weights") if isinstance(meta.get("open_weights"), bool) else None
    dims = _positive_int(meta.get("embed_dim"))
    extra: dict[str, Any] = {"aliases": [meta["name"]], "revision": payload.get("revision")}
    if dims is not None:
        extra["output_vector_size"] = dims
    # Audio and video encoders are listed too; their modalities are kept as stated (text only when
    # the file names none, MTEB's default).
    stated = meta.get("modalities") if isinstance(meta.get("modalities"), list) else None
    modalities = [m for m in MODALITIES if m in (stated or ["text"]) and m != "embedding"] or ["text"]
    # The model's name as its repository spells it ("snowflake-arctic-embed-xs", "NV-Embed-v2").
    name = str(meta["name"]).strip().rsplit("/", 1)[-1] or identity.name
    return ModelRecord(
        source=SOURCE, source_key=sr.key, slug=identity.slug, name=name,
        organization=identity.organization, host=SOURCE, host_key=str(meta["name"]), mode="embedding",
        family=identity.family, input_modalities=modalities, output_modalities=["embedding"],
        context_window=_positive_int(meta.get("max_tokens")),
        release_date=release[:10] if isinstance(release, str) and _DATE.match(release) else None,
        open_weights=open_weights, parameters=_positive_int(meta.get("n_parameters")),
        license=_license(meta.get("license")),
        url=sr.url, extra=extra, is_offer=False,
    )


def to_evidence(sr: SourceRecord) -> list[EvidenceRecord]:
    """Per-task nDCG@10 rows and the mean over the tasks present."""
    payload = sr.payload
    meta = payload.get("meta")
    tasks = payload.get("tasks")
    if not isinstance(meta, dict) or not isinstance(meta.get("name"), str) or not isinstance(tasks, dict):
        return []
    name = meta["name"].strip()
    release = meta.get("release_date")
    common = {"revision": payload.get("revision"), "model_folder": payload.get("folder")}
    variant = _variant(str(payload.get("folder") or ""))
    if variant:
        common["variant"] = variant
    # Most MTEB result files carry no run date; the latest stated one is used, else the fetch date.
    dates = sorted(e["date"] for e in tasks.values() if isinstance(e, dict) and isinstance(e.get("date"), str))
    observed = dates[-1] if dates else sr.fetched_at[:10]
    common["observed_from"] = "result file date" if dates else "fetched_at (the result files state no run date)"
    if isinstance(release, str) and _DATE.match(release):
        common["model_release_date"] = release[:10]
    rows: list[EvidenceRecord] = []
    values: dict[str, float] = {}
    combined = payload.get("combined") is True
    if combined:
        common["revisions"] = payload.get("revisions")
        common["task_revisions"] = {t: e.get("revision") for t, e in sorted(tasks.items()) if isinstance(e, dict)}
    for task in RETRIEVAL_TASKS:
        entry = tasks.get(task)
        value = entry.get("ndcg_at_10") if isinstance(entry, dict) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            continue
        values[task] = float(value)
        if combined:
            continue
        rows.append(EvidenceRecord(
            artifact_name=name, metric=task_metric(task), value=float(value), source=SOURCE,
            source_key=f"{sr.key}#{task}", capability_uri=CAPABILITY, source_url=sr.url, observed_at=observed,
            fetched_at=sr.fetched_at, kind="independent", match_key=name,
            details={**common, "task": task, "mteb_version": entry.get("mteb_version")},
        ))
    if values:
        mean = sum(values.values()) / len(values)
        rows.append(EvidenceRecord(
            artifact_name=name, metric=mean_metric(len(values)), value=round(mean, 6), source=SOURCE,
            source_key=f"{sr.key}#mean", capability_uri=CAPABILITY, source_url=sr.url, observed_at=observed,
            fetched_at=sr.fetched_at, kind="independent", match_key=name, sample_size=len(values),
            details={**common, "tasks": sorted(values), "task_count": len(values),
                     "benchmark": "MTEB(eng, v2) retrieval"},
        ))
    return rows


class MTEBAdapter(LocalTreeAdapter):
    """MTEB retrieval results: nDCG@10 per English retrieval task and their mean, per model revision."""

    name: ClassVar[str] = SOURCE
    description: ClassVar[str] = "MTEB results tree (results/<org__model>/<revision>/): retrieval nDCG@10"
    repo_url: ClassVar[str] = REPO_URL
    tree: ClassVar[str] = "a results/ folder"
    empty: ClassVar[str] = "<org__model>/<revision>/model_meta.json found"
    max_bytes: ClassVar[int] = MAX_BYTES
    read_tree = staticmethod(read_tree)
    convert = staticmethod(to_model_record)
    evidence_rows = staticmethod(to_evidence)
