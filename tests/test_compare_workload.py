"""Workload strings: the forms people write, and a clear message for each malformed one."""

from __future__ import annotations

import pytest

from matchgraph.compare.workload import WorkloadError, default_workload, parse_workload


def test_token_workload() -> None:
    w = parse_workload("requests=10000/month,input=1500,output=300")
    assert (w.requests_per_month, w.input_tokens, w.output_tokens) == (10000, 1500, 300)
    assert w.images_per_month is None and not w.assumed
    assert "10,000 requests a month" in w.describe()


def test_image_workload_with_size() -> None:
    w = parse_workload("images=500,size=1024x1024")
    assert w.images_per_month == 500 and w.image_size == "1024x1024"
    assert w.requests_per_month is None and w.input_tokens is None


@pytest.mark.parametrize(("text", "requests"), [
    ("requests=10k", 10_000), ("requests=1.5m/month", 1_500_000), ("requests=100/day", 3_000),
    ("requests=7/week", 30), ("calls=2,000/mo", 2_000),
])
def test_volumes_and_periods(text: str, requests: float) -> None:
    assert parse_workload(text).requests_per_month == pytest.approx(requests)


def test_output_defaults_to_zero_only_with_requests() -> None:
    w = parse_workload("requests=10,input=100")
    assert w.output_tokens == 0 and w.input_tokens == 100


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty workload"),
    ("requests", "expected key=value"),
    ("reqests=10", "did you mean 'requests'"),
    ("requests=ten", "non-negative number"),
    ("requests=-5", "non-negative number"),
    ("requests=10/fortnight", "unknown period"),
    ("requests=10,input=5/day", "takes no period"),
    ("input=1500,output=300", "requests=N"),
    ("size=1024x1024", "add images=N"),
    ("images=5,size=big", "WIDTHxHEIGHT"),
    ("images=5,size=0x10", "WIDTHxHEIGHT"),
    ("requests=1,requests=2", "given twice"),
    ("requests=", "missing value"),
])
def test_malformed_workloads_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(WorkloadError, match=message):
        parse_workload(text)


def test_default_workload_is_marked_assumed() -> None:
    w = default_workload()
    assert w.assumed and w.has_tokens and w.has_images
    assert w.as_dict()["description"] == w.describe()
