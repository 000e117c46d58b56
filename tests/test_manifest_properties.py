"""Property tests: any input yields a ManifestResult, and valid manifests survive a YAML round trip."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchgraph.catalog.domain import ARTIFACT_KINDS, MODALITIES
from matchgraph.catalog.manifest import (
    AUTH_METHODS,
    CURRENCIES,
    MIN_DESCRIPTION_CHARS,
    PERMISSIONS,
    PROTOCOLS,
    STATUSES,
    Capability,
    Conditions,
    Execution,
    FailureMode,
    Identity,
    Limits,
    Manifest,
    ManifestResult,
    Modalities,
    Pricing,
    SourceRef,
    manifest_from_data,
    manifest_to_data,
    parse_manifest,
    project_capability_uris,
)
from matchgraph.catalog.names import is_valid_slug

# libyaml's dumper when present: the same YAML, faster, so more examples fit in the time.
DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
GOOD = Path(__file__).resolve().parent / "data" / "manifests" / "good.yml"
TOP_KEYS = [
    "manifest_version", "identity", "modalities", "limits", "capabilities", "pricing",
    "failure_modes", "permissions", "execution", "sources",
]  # fmt: skip


def assert_well_formed(result: Any) -> None:
    """A result, never an exception: a manifest exactly when there are no errors."""
    assert isinstance(result, ManifestResult)
    assert (result.manifest is None) == bool(result.errors)
    for issue in result.errors + result.warnings:
        assert isinstance(issue.path, str) and isinstance(issue.message, str) and issue.message
        assert issue.line is None or issue.line >= 1


# ----------------------------------------------------------------------------- arbitrary input

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates().map(date.isoformat),
)
trees = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(TOP_KEYS), st.text(max_size=12)), children, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert_well_formed(parse_manifest(text))


@settings(max_examples=200)
@given(st.text(alphabet="{}[]:,-&*!|>'\"#%@` \n\tab1.?", max_size=200))
def test_yaml_punctuation_soup_never_raises(text: str) -> None:
    assert_well_formed(parse_manifest(text))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(trees)
def test_arbitrary_trees_dumped_to_yaml_never_raise(tree: Any) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True)
    assert_well_formed(parse_manifest(text))
    assert_well_formed(manifest_from_data(tree))


SECTIONS = [
    "", "identity", "modalities", "limits", "capabilities[0]", "capabilities[0].conditions", "pricing",
    "pricing.source", "failure_modes[0]", "execution", "sources[0]",
]  # fmt: skip
GOOD_DATA = yaml.safe_load(GOOD.read_text(encoding="utf-8"))


def _section(data: dict[str, Any], path: str) -> dict[str, Any]:
    for part in filter(None, path.replace("[0]", ".0").split(".")):
        data = data[int(part)] if part.isdigit() else data[part]
    return data


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SECTIONS), st.data())
def test_a_valid_manifest_with_one_field_fuzzed_never_raises(section: str, draw: st.DataObject) -> None:
    # Start from a real valid manifest so the fuzzed value reaches the deeper validators.
    data = copy.deepcopy(GOOD_DATA)
    target = _section(data, section)
    key = draw.draw(st.sampled_from(sorted(target)) | st.text(max_size=8), label="key")
    target[key] = draw.draw(trees, label="value")
    assert_well_formed(parse_manifest(yaml.dump(data, Dumper=DUMPER, allow_unicode=True)))


# ----------------------------------------------------------------------------- valid manifests

_words = st.characters(categories=("L", "N", "P", "S", "Zs"))


def text_of(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text the validator keeps as is: stripped, non-empty, of the given length."""
    return (
        st.text(alphabet=_words, min_size=min_size, max_size=max_size)
        .map(str.strip)
        .filter(lambda s: len(s) >= min_size)
    )


def tuple_of(strategy: st.SearchStrategy[Any], min_size: int = 0, max_size: int = 3, **kw: Any) -> Any:
    return st.lists(strategy, min_size=min_size, max_size=max_size, **kw).map(tuple)


slugs = st.from_regex(r"[a-z0-9][a-z0-9._-]{0,10}/[a-z0-9][a-z0-9._-]{0,10}", fullmatch=True).filter(
    is_valid_slug
)
urls = st.builds(
    lambda host, path: f"https://{host}.example/{path}",
    st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True),
    st.from_regex(r"[a-zA-Z0-9_./-]{0,20}", fullmatch=True),
)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
amounts = st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.none() | st.integers(min_value=1, max_value=10**13)
source_refs = st.builds(SourceRef, url=urls, as_of=days, note=st.none() | text_of(max_size=80))


@st.composite
def identities(draw: st.DrawFn) -> Identity:
    release, deprecation = draw(st.none() | days), draw(st.none() | days)
    if release and deprecation and deprecation < release:
        release, deprecation = deprecation, release
    return Identity(
        slug=draw(slugs),
        name=draw(text_of()),
        organization=draw(text_of()),
        kind=draw(st.sampled_from(ARTIFACT_KINDS)),
        family=draw(st.none() | text_of()),
        release_date=release,
        status=draw(st.none() | st.sampled_from(STATUSES)),
        deprecation_date=deprecation,
        license=draw(st.none() | text_of()),
        open_weights=draw(st.none() | st.booleans()),
        parameters=draw(positive),
        homepage=draw(st.none() | urls),
        aliases=draw(tuple_of(text_of())),
    )


@st.composite
def pricings(draw: st.DrawFn) -> Pricing:
    prices = {
        name: draw(amounts) for name in ("input_per_mtok", "output_per_mtok", "per_image", "per_second")
    }
    free_tier = draw(st.none() | st.booleans())
    if free_tier is None and all(v is None for v in prices.values()):
        free_tier = draw(st.booleans())  # a pricing block must state something
    return Pricing(
        currency=draw(st.sampled_from(CURRENCIES)), source=draw(source_refs), free_tier=free_tier, **prices
    )


@st.composite
def executions(draw: st.DrawFn) -> Execution:
    protocol = draw(st.sampled_from(PROTOCOLS))
    endpoint = None if protocol in ("mcp-stdio", "library") else draw(st.none() | urls)
    return Execution(protocol=protocol, auth=draw(st.sampled_from(AUTH_METHODS)), endpoint=endpoint)


def capabilities() -> st.SearchStrategy[tuple[Capability, ...]]:
    known = sorted(project_capability_uris())
    one = st.builds(
        Capability,
        uri=st.sampled_from(known),
        description=text_of(MIN_DESCRIPTION_CHARS, 160),
        intents=tuple_of(text_of(), min_size=1),
        conditions=st.builds(
            Conditions,
            best_for=tuple_of(text_of()),
            limitations=tuple_of(text_of()),
            requires=tuple_of(text_of()),
        ),
        unique_aspect=st.none() | text_of(max_size=80),
    )
    return tuple_of(one, min_size=1, max_size=4, unique_by=lambda c: c.uri)


manifests = st.builds(
    Manifest,
    manifest_version=st.just(1),
    identity=identities(),
    modalities=st.builds(
        Modalities,
        input=tuple_of(st.sampled_from(MODALITIES), 1, 3, unique=True),
        output=tuple_of(st.sampled_from(MODALITIES), 1, 3, unique=True),
    ),
    capabilities=capabilities(),
    sources=tuple_of(source_refs, min_size=1),
    limits=st.builds(Limits, context_window=positive, max_output=positive),
    pricing=st.none() | pricings(),
    failure_modes=tuple_of(
        st.builds(FailureMode, mode=text_of(), description=text_of(), mitigation=st.none() | text_of())
    ),
    permissions=tuple_of(st.sampled_from(PERMISSIONS), unique=True),
    execution=st.none() | executions(),
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(manifests)
def test_valid_manifests_round_trip_through_yaml(manifest: Manifest) -> None:
    text = yaml.safe_dump(manifest_to_data(manifest), allow_unicode=True, sort_keys=False)
    result = parse_manifest(text)
    assert result.errors == [], [str(e) for e in result.errors]
    assert result.manifest == manifest
    # A second trip through the dumped form gives the same value again.
    again = parse_manifest(yaml.safe_dump(manifest_to_data(result.manifest), sort_keys=True))
    assert again.manifest == manifest
