"""The slug rule and the name normaliser, with property tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchgraph.catalog.names import is_valid_slug, make_slug, normalize_alias, slug_part


@given(st.text(max_size=200))
def test_normalize_alias_is_idempotent_and_clean(text: str) -> None:
    once = normalize_alias(text)
    assert normalize_alias(once) == once
    assert re.fullmatch(r"[a-z0-9.\-]*", once)
    assert not once.startswith(("-", ".")) and not once.endswith(("-", "."))
    assert "--" not in once


@given(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.", min_size=1, max_size=30),
    st.lists(st.sampled_from([" ", "_", "-", ":", "/", "@", "  "]), min_size=1, max_size=4),
)
def test_separators_and_case_do_not_matter(word: str, seps: list[str]) -> None:
    joined = word + "".join(s + word for s in seps)
    assert (
        normalize_alias(joined.upper())
        == normalize_alias(joined)
        == normalize_alias("-".join([word] * (len(seps) + 1)))
    )


@given(st.text(max_size=60), st.text(max_size=60))
def test_make_slug_is_valid_or_refuses(org: str, model: str) -> None:
    try:
        slug = make_slug(org, model)
    except ValueError:
        assert not slug_part(org) or not slug_part(model)
        return
    assert is_valid_slug(slug)
    assert slug.count("/") == 1


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("GPT-4o mini", "gpt-4o-mini", True),
        ("gpt_4o_mini", "gpt-4o-mini", True),
        ("Command R+", "command-r-plus", True),
        ("Command R+", "Command R", False),
        ("gemini-1.5-pro", "gemini-15-pro", False),  # dots carry versions
        ("Llama 3.1 405B", "llama-3.1-405b", True),
    ],
)
def test_known_spellings(a: str, b: str, same: bool) -> None:
    assert (normalize_alias(a) == normalize_alias(b)) is same


@pytest.mark.parametrize(
    "slug", ["openai/gpt-4o-mini", "black-forest-labs/flux-1.1-pro", "mistralai/ministral-3-8b-2512"]
)
def test_design_examples_are_valid(slug: str) -> None:
    assert is_valid_slug(slug)


@pytest.mark.parametrize("slug", ["OpenAI/gpt", "a/b/c", "nos lash", "/x", "x/", "a/.", "a b/c"])
def test_invalid_slugs(slug: str) -> None:
    assert not is_valid_slug(slug)
