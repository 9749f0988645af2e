"""The one in-process memo: bounded by entries and weight, least recently used out first,
counted, and emptied in one call."""

from __future__ import annotations

import pytest

from brochure import memo
from brochure.memo import MISSING, Memo, memoised


def test_least_recently_used_entry_goes_first() -> None:
    m: Memo[str, int] = Memo("test.lru", 3)
    for n, key in enumerate("abc"):
        m.put(key, n)
    assert m.get("a") == 0  # now the most recently used
    m.put("d", 3)
    assert "b" not in m and [k for k in "acd" if k in m] == ["a", "c", "d"]
    assert len(m) == 3 and m.evictions == 1


def test_weight_bound_drops_old_entries_and_refuses_a_value_heavier_than_it() -> None:
    m: Memo[str, str] = Memo("test.weight", 100, max_weight=10, weigh=len)
    m.put("a", "xxxx")
    m.put("b", "xxxx")
    m.put("c", "xxx")  # 11 > 10: "a" goes
    assert "a" not in m and m.weight == 7
    m.put("b", "x")  # replacing a value replaces its weight
    assert m.weight == 4
    assert m.put("big", "x" * 11) == "x" * 11 and "big" not in m and m.weight == 4


def test_counts_hits_and_misses_and_none_is_a_value() -> None:
    m: Memo[str, None] = Memo("test.counts", 10)
    assert m.get("k") is MISSING
    m.put("k", None)
    assert m.get("k") is None
    assert (m.hits, m.misses) == (1, 1)
    figures = memo.stats()["test.counts"]
    assert figures.hit_rate == 0.5 and figures.entries == 1


def test_memoised_function_is_called_once_per_arguments_and_clear_all_forgets() -> None:
    calls: list[tuple[int, int]] = []

    @memoised("test.fn", 10)
    def add(a: int, b: int) -> int:
        calls.append((a, b))
        return a + b

    assert add(1, 2) == add(1, 2) == 3 and calls == [(1, 2)]
    memo.clear_all()
    assert len(add.memo) == 0
    assert add(1, 2) == 3 and calls == [(1, 2), (1, 2)]


def test_every_memo_needs_a_bound() -> None:
    with pytest.raises(ValueError):
        Memo("test.unbounded", 0)
    with pytest.raises(ValueError):
        Memo("test.weightless", 10, max_weight=5)


def test_an_entry_used_since_it_was_kept_is_spared_once() -> None:
    m: Memo[str, int] = Memo("test.second", 3)
    for n, key in enumerate("abc"):
        m.put(key, n)
    m.get("a")
    m.get("b")
    m.put("d", 3)  # a and b spared (used), c goes
    assert [k for k in "abcd" if k in m] == ["a", "b", "d"]
    m.put("e", 4)  # a and b went behind d when spared: d, never used, goes
    assert [k for k in "abcde" if k in m] == ["a", "b", "e"]
    m.put("f", 5)  # a was spared once and not used since: it goes
    assert [k for k in "abcdef" if k in m] == ["b", "e", "f"] and m.evictions == 3


def test_made_for_keeps_one_value_per_live_object_never_an_older_objects() -> None:
    """`made_for` keys by the owner's identity: equal owners get their own values, and an
    entry whose id now belongs to another object is made again, not handed out."""
    kept: Memo[tuple, tuple] = Memo("test.made_for", 8)
    calls = []

    def make(value):
        return lambda: calls.append(value) or value

    a, b = [1], [1]  # equal, not the same object
    assert kept.made_for(a, ("x",), make("a")) == "a"
    assert kept.made_for(a, ("x",), make("again")) == "a"
    assert kept.made_for(b, ("x",), make("b")) == "b"
    assert kept.made_for(a, ("y",), make("a-y")) == "a-y"
    c = [2]
    kept.put((id(c), "x"), (object(), "stale"))  # as if a dead object had c's id
    assert kept.made_for(c, ("x",), make("c")) == "c"
    assert calls == ["a", "b", "a-y", "c"]
