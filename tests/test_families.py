"""Families: version markers stripped to the head a person types (catalog/families.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matchgraph.catalog.derive import group_records
from matchgraph.catalog.domain import ModelRecord
from matchgraph.catalog.families import family_heads, stripped_forms

SLUGS = [
    "openai/gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18", "openai/gpt-3.5-turbo", "openai/gpt-3.5-turbo-0125",
    "anthropic/claude-3-5-sonnet", "anthropic/claude-3-5-sonnet-20240620", "anthropic/claude-3-5-sonnet-latest",
    "google/gemini-2.5-flash", "google/gemini-2.5-flash-preview-05-20", "google/gemini-exp-1206",
    "mistralai/mistral-large", "mistralai/mistral-large-2407", "deepseek/deepseek-v3.2-exp",
    "acme/orphan-2024-01-01",
]


def test_heads_are_the_names_people_type() -> None:
    heads = family_heads(SLUGS)
    assert heads["openai/gpt-4o-mini-2024-07-18"] == "openai/gpt-4o-mini"
    assert heads["openai/gpt-3.5-turbo-0125"] == "openai/gpt-3.5-turbo"
    assert heads["anthropic/claude-3-5-sonnet-20240620"] == "anthropic/claude-3-5-sonnet"
    assert heads["anthropic/claude-3-5-sonnet-latest"] == "anthropic/claude-3-5-sonnet"
    assert heads["google/gemini-2.5-flash-preview-05-20"] == "google/gemini-2.5-flash"
    assert heads["mistralai/mistral-large-2407"] == "mistralai/mistral-large"
    # No head artifact: its own head.
    assert heads["acme/orphan-2024-01-01"] == "acme/orphan-2024-01-01"
    assert heads["google/gemini-exp-1206"] == "google/gemini-exp-1206"
    assert heads["deepseek/deepseek-v3.2-exp"] == "deepseek/deepseek-v3.2-exp"
    assert heads["openai/gpt-4o-mini"] == "openai/gpt-4o-mini"


def test_sizes_and_versions_are_not_dates() -> None:
    assert family_heads(["acme/m-7b", "acme/m-7b-v2"])["acme/m-7b-v2"] == "acme/m-7b-v2"
    assert family_heads(["acme/embed", "acme/embed-3072"])["acme/embed-3072"] == "acme/embed-3072"


def test_each_version_keeps_its_own_facts() -> None:
    def rec(key: str, slug: str, ctx: int) -> ModelRecord:
        return ModelRecord(source="litellm", source_key=key, slug=slug, name=slug, organization="openai",
                           host="openai", host_key=key, mode="chat", context_window=ctx)

    drafts = group_records([rec("m", "openai/m", 128_000), rec("m-2024-07-18", "openai/m-2024-07-18", 64_000)],
                           "2026-12-01")
    by = {d.slug: d for d in drafts}
    assert by["openai/m-2024-07-18"].family_head == "openai/m"
    assert by["openai/m"].family_head == "openai/m"
    assert by["openai/m-2024-07-18"].context_window == 64_000 and by["openai/m"].context_window == 128_000


@given(st.from_regex(r"[a-z0-9]{1,8}/[a-z0-9._-]{1,40}", fullmatch=True))
def test_stripping_only_shortens_and_keeps_the_organization(slug: str) -> None:
    org = slug.split("/", 1)[0]
    for form in stripped_forms(slug):
        assert form.startswith(org + "/") and len(form) < len(slug) and slug.startswith(form)
    heads = family_heads([slug, *stripped_forms(slug)])
    assert heads[slug] in [slug, *stripped_forms(slug)]
