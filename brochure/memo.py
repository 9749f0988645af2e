"""What a long-lived process keeps between builds: bounded, counted memos.

`watch`, `serve`, batch workers, e-mail runs and the benchmark's warm loop build the
same brochure again and again with small changes. Each stage keeps the results of its
pure, repeatable work (parsed markup, font runs, shaped words, broken lines) in a `Memo`:
a map bounded by its number of entries and, where entries differ much in size, by an
approximate total weight; over a bound it drops its oldest entries first, sparing once
each one used since it was kept ("second chance", least-recently-used without reordering
the map on every hit: a hit costs one lookup). A memo's key must hold everything its
result depends on, so a change can never bring back a stale result; `clear_all` empties
every memo (tests, or a process whose fonts changed under the same names), and `stats`
shows the hits.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from brochure.records import record

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
F = TypeVar("F", bound=Callable[..., Any])

MISSING: Any = object()  # `Memo.get`'s answer for a key it does not hold (None is a value)

# Every memo alive: module-level ones for good, per-object ones (a font set's) while
# their owner lives.
_ALL: weakref.WeakSet[Memo] = weakref.WeakSet()


@record(frozen=True)
class MemoStats:
    """One memo's figures (several memos of one name, e.g. per font set, summed)."""

    name: str
    hits: int
    misses: int
    evictions: int
    entries: int
    weight: int

    @property
    def hit_rate(self) -> float:
        asked = self.hits + self.misses
        return self.hits / asked if asked else 0.0


class Memo(Generic[K, V]):
    """A second-chance (nearly least-recently-used) map with at most `max_entries`
    entries and, with `weigh`, at most `max_weight` in total; thread-safe (`serve`
    builds in threads)."""

    def __init__(self, name: str, max_entries: int, *, max_weight: int | None = None,
                 weigh: Callable[[V], int] | None = None) -> None:
        if max_entries < 1 or (max_weight is not None and weigh is None):
            raise ValueError("a memo needs max_entries ≥ 1, and `weigh` with `max_weight`")
        self.name = name
        self.max_entries = max_entries
        self.max_weight = max_weight
        self._weigh = weigh if max_weight is not None else None
        self._data: OrderedDict[K, list] = OrderedDict()  # key: [value, weight, used]
        self._lock = threading.Lock()
        self.weight = 0
        self.hits = self.misses = self.evictions = 0
        _ALL.add(self)

    def get(self, key: K, default: Any = MISSING) -> V | Any:
        """The value kept for `key` (marked as used since it was kept), else `default`."""
        with self._lock:
            found = self._data.get(key)
            if found is None:
                self.misses += 1
                return default
            found[2] = True  # a second chance when it comes up for eviction
            self.hits += 1
            return found[0]

    def put(self, key: K, value: V) -> V:
        """Keep `value` for `key`, dropping entries over the bounds, oldest first but
        sparing once each one used since it was kept or last spared (a value heavier
        than `max_weight` on its own is not kept); returns it."""
        weight = self._weigh(value) if self._weigh is not None else 0
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            if self.max_weight is not None and weight > self.max_weight:
                return value
            self._data[key] = [value, weight, False]
            self.weight += weight
            while len(self._data) > self.max_entries or (
                    self.max_weight is not None and self.weight > self.max_weight):
                oldest, entry = next(iter(self._data.items()))
                if entry[2] or oldest is key:  # used since kept, or just kept: spared once
                    entry[2] = False
                    self._data.move_to_end(oldest)
                    continue
                self._data.popitem(last=False)
                self.weight -= entry[1]
                self.evictions += 1
        return value

    def made_for(self, owner: object, rest: tuple, make: Callable[[], Any]) -> Any:
        """What this memo keeps for the object `owner` (by identity) and `rest`, else
        `make()`, kept. The entry holds `owner` alive, so its id stands for no other
        object while the entry is kept (the memo's values are `(owner, made)` pairs)."""
        key = (id(owner), *rest)
        found = self.get(key)
        if found is MISSING or found[0] is not owner:
            found = self.put(key, (owner, make()))
        return found[1]

    def clear(self) -> None:
        """Forget every entry (the counters stay: they describe the process)."""
        with self._lock:
            self._data.clear()
            self.weight = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def items(self) -> list[tuple[K, V]]:
        """The entries, next to be dropped first (tests inspect them)."""
        with self._lock:
            return [(key, entry[0]) for key, entry in self._data.items()]


def memoised(name: str, max_entries: int) -> Callable[[F], F]:
    """A pure function of hashable positional arguments, memoised in a `Memo` (like
    `functools.lru_cache`, but counted and emptied by `clear_all`)."""

    def decorate(fn: F) -> F:
        memo: Memo[tuple, Any] = Memo(name, max_entries)

        @functools.wraps(fn)
        def call(*args):
            found = memo.get(args)
            if found is MISSING:
                found = memo.put(args, fn(*args))
            return found

        call.memo = memo  # type: ignore[attr-defined]
        return call  # type: ignore[return-value]

    return decorate


def clear_all() -> None:
    """Empty every memo of the process."""
    for memo in list(_ALL):
        memo.clear()


def stats() -> dict[str, MemoStats]:
    """Figures per memo name, memos of one name summed."""
    out: dict[str, MemoStats] = {}
    for memo in list(_ALL):
        seen = out.get(memo.name)
        figures = (memo.hits, memo.misses, memo.evictions, len(memo), memo.weight)
        if seen is not None:
            figures = tuple(a + b for a, b in zip(figures, (
                seen.hits, seen.misses, seen.evictions, seen.entries, seen.weight),
                strict=True))
        out[memo.name] = MemoStats(memo.name, *figures)
    return dict(sorted(out.items()))
