"""The collector pause used by whole-catalog passes restores the collector however the pass ends."""

from __future__ import annotations

import gc

import pytest

from matchgraph.catalog.scale import paused_gc


def test_paused_gc_restores_the_collector_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("derivation failed")
    assert gc.isenabled()


def test_nested_pauses_leave_the_collector_off_until_the_outer_one_ends() -> None:
    with paused_gc():
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
