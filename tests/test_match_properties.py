"""Property tests: random needs, every result checked against the catalog facts.

Two generators: constraint sets drawn from the catalog's own values (to reach every filter with
values that do and do not occur), and free text assembled from phrases people type plus arbitrary
Unicode (to go through the need parser). Whatever is drawn, matching must not raise, results must
break no hard constraint, and an empty list must come with an explanation.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from match_helpers import index_for, violations

from matchgraph.match.engine import run_match
from matchgraph.match.index import MatchIndex
from matchgraph.match.need import Constraints, Need
from matchgraph.service.context import Services
from matchgraph.service.search import search
from matchgraph.settings import Settings
from matchgraph.store import open_store

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
PHRASES = [
    "cheap", "cheapest", "free", "with vision", "returns JSON", "JSON schema", "tool calling", "200k context",
    "1M tokens", "at least 32,000 tokens", "under $1/M", "less than 50 cents per million output tokens",
    "<2¢ a picture", "image generator", "transcribe audio", "text to speech", "embeddings", "reranker",
    "on bedrock", "via together", "not on azure", "from google", "not from openai", "claude", "llama",
    "open weights", "reasoning model", "reads PDFs", "web search", "batch api", "prompt caching",
    "video generation", "no vision needed", "and", ",", "for my startup", "🚀", "中文", "русский",
]
MODALITIES_IN = ["text", "image", "audio", "video"]
MODALITIES_OUT = ["text", "image", "audio", "video", "embedding"]


@pytest.fixture(scope="module")
def ix(catalog_db: str) -> MatchIndex:
    return index_for(catalog_db)


def _check(ix: MatchIndex, need: Need | str) -> None:
    out = run_match(ix, need, limit=20)
    for r in out.results:
        assert violations(ix, out.need.constraints, r.to_dict()) == [], (out.need.text, r.slug)
        assert 0.0 <= r.score <= 1.0
        assert all(v is None or 0.0 <= v <= 1.0 for v in r.components.values())
    if not out.results:
        assert out.explanation["message"], out.need.text
    scores = [r.score for r in out.results]
    assert scores == sorted(scores, reverse=True)


@st.composite
def constraint_sets(draw: st.DrawFn, ix: MatchIndex) -> Constraints:
    caps = sorted(ix.cap_mask)
    orgs = [*sorted(ix.org_names)[:60], "meta", "no-such-org"]
    hosts = ["bedrock", "azure", "vertex_ai", "together_ai", "fireworks_ai", "groq", "openrouter", "fal_ai"]
    price = st.one_of(st.none(), st.floats(0, 20, allow_nan=False))
    return Constraints(
        input_modalities=tuple(draw(st.lists(st.sampled_from(MODALITIES_IN), max_size=2, unique=True))),
        output_modalities=tuple(draw(st.lists(st.sampled_from(MODALITIES_OUT), max_size=1, unique=True))),
        capabilities=tuple(draw(st.lists(st.sampled_from(caps), max_size=2, unique=True))),
        max_input_per_mtok=draw(price),
        max_output_per_mtok=draw(price),
        max_per_image=draw(st.one_of(st.none(), st.floats(0, 0.2, allow_nan=False))),
        min_context=draw(st.one_of(st.none(), st.sampled_from([1, 4096, 32000, 128000, 200000, 1_000_000,
                                                                10_000_000]), st.integers(0, 3_000_000))),
        open_weights=draw(st.sampled_from([None, None, True, False])),
        free=draw(st.sampled_from([None, None, True])),
        cheapest=draw(st.booleans()),
        include_organizations=tuple(draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True))),
        exclude_organizations=tuple(draw(st.lists(st.sampled_from(orgs), max_size=2, unique=True))),
        include_hosts=tuple(draw(st.lists(st.sampled_from(hosts), max_size=2, unique=True))),
        exclude_hosts=tuple(draw(st.lists(st.sampled_from(hosts), max_size=2, unique=True))),
        kinds=tuple(draw(st.lists(st.sampled_from(["model", "api"]), max_size=1))),
    )


@SETTINGS
@given(data=st.data())
def test_random_constraints_never_yield_a_breaking_result(ix: MatchIndex, data: st.DataObject) -> None:
    c = data.draw(constraint_sets(ix))
    soft = data.draw(st.sampled_from(["", "fast", "claude sonnet", "write code", "summarize documents"]))
    _check(ix, Need(text=soft, constraints=c, soft_text=soft))


@SETTINGS
@given(parts=st.lists(st.one_of(st.sampled_from(PHRASES), st.text(max_size=12)), max_size=8))
def test_random_typed_needs_never_yield_a_breaking_result(ix: MatchIndex, parts: list[str]) -> None:
    _check(ix, " ".join(parts))


@pytest.fixture(scope="module")
def services(catalog_db: str) -> Iterator[Services]:
    engine = open_store(Settings(db_url=catalog_db))
    yield Services(engine)
    engine.dispose()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_search_accepts_any_text(services: Services, text: str) -> None:
    doc = search(services, text, limit=5, log=False)
    assert doc["results"] or doc["explanation"]["message"]
    for r in doc["results"]:
        assert violations(index_for(str(services.engine.url)), Constraints.from_dict(doc["constraints"]), r) == []
