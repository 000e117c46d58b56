"""The adapters matchgraph knows, by source name."""

from __future__ import annotations

from matchgraph.sources.aider import AiderAdapter
from matchgraph.sources.base import SourceAdapter
from matchgraph.sources.errors import SourceError
from matchgraph.sources.litellm import LiteLLMAdapter
from matchgraph.sources.llmstats import LLMStatsAdapter
from matchgraph.sources.lmarena import LMArenaAdapter
from matchgraph.sources.manifests import ManifestAdapter
from matchgraph.sources.modelsdev import ModelsDevAdapter
from matchgraph.sources.mteb import MTEBAdapter
from matchgraph.sources.openrouter import OpenRouterAdapter

ADAPTERS: dict[str, SourceAdapter] = {
    adapter.name: adapter
    for adapter in (
        LiteLLMAdapter(), OpenRouterAdapter(), LMArenaAdapter(), ManifestAdapter(), ModelsDevAdapter(),
        LLMStatsAdapter(), AiderAdapter(), MTEBAdapter(),
    )
}


def get_adapter(name: str) -> SourceAdapter:
    """The adapter for ``name``; SourceError naming the known sources otherwise."""
    try:
        return ADAPTERS[name]
    except KeyError:
        raise SourceError(f"unknown source {name!r}; known sources: {', '.join(sorted(ADAPTERS))}") from None
