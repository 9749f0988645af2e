"""`record`: a dataclass whose methods but `__init__` are made, not compiled.

`dataclasses.dataclass` writes every method it adds as Python source and compiles it
(`exec`) when the class is created: six compilations for a frozen class (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`), ~0.4 ms a class. With ~45
of our classes imported by a `brochure build`, that was ~15 ms of a cold run, spent
before anything was read. `record` takes the same arguments and makes the same class,
but only `__init__` is compiled by dataclass; equality, ordering, hashing, repr and a
frozen class's attribute guards are closures over the class's field names, which behave
exactly as dataclass's:

- `a == b` (and `a < b`... with `order=True`): the compared fields as a tuple, when
  both are of the same class (else NotImplemented);
- `hash(a)`: of that tuple (the fields with `hash=True`, or `compare=True` and no
  `hash`), for `frozen` classes; unhashable (`__hash__ = None`) for mutable ones; a
  class's own `__eq__`, `__hash__` or `__repr__` is kept, as dataclass keeps them;
- `repr(a)`: `QualName(field=value!r, ...)` over the fields with `repr=True`, `...` for
  a record that contains itself;
- frozen: assigning or deleting a field (or any attribute of the class's own instances)
  raises FrozenInstanceError (see `_guards`).

`dataclasses.fields`, `replace`, `asdict` and `FrozenInstanceError` work as for any
dataclass (only `__dataclass_params__` says `eq=False, repr=False`).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import FrozenInstanceError, dataclass, fields
from operator import attrgetter, ge, gt, le, lt
from reprlib import recursive_repr
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=False)
def record(cls: type[T] | None = None, /, *, eq: bool = True, repr: bool = True,
           **options: Any) -> Any:
    """`dataclasses.dataclass(cls, eq=..., repr=..., **options)`, with equality, order,
    hash and repr shared instead of compiled for each class (see the module's docstring)."""

    def wrap(cls: type[T]) -> type[T]:
        order = options.pop("order", False)
        if options.get("unsafe_hash") or order and not eq:
            # dataclass's own code (or its own refusal: order=True needs eq=True)
            return dataclass(cls, eq=eq, repr=repr, order=order, **options)
        own = cls.__dict__
        explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
        if options.get("frozen") and _SHARE_GUARDS:
            with _GUARDS_LOCK:  # dataclass makes the guards with _guards for this class
                dataclasses._frozen_get_del_attr = _guards
                try:
                    made = dataclass(cls, eq=False, repr=False, **options)
                finally:
                    dataclasses._frozen_get_del_attr = _COMPILED_GUARDS
        else:
            made = dataclass(cls, eq=False, repr=False, **options)
        if repr and "__repr__" not in own:
            _add(made, "__repr__", _repr([f.name for f in fields(made) if f.repr]))
        compared = _getter([f.name for f in fields(made) if f.compare])
        if order:
            for name, op in (("__lt__", lt), ("__le__", le), ("__gt__", gt), ("__ge__", ge)):
                if name in own:
                    raise TypeError(f"Cannot overwrite attribute {name} in class "
                                    f"{made.__name__}. Consider using functools.total_ordering")
                _add(made, name, _compare(name, op, compared))
        if eq:
            if "__eq__" not in own:
                _add(made, "__eq__", _eq(compared))
            if not explicit_hash:
                hashed = [f.name for f in fields(made)
                          if (f.compare if f.hash is None else f.hash)]
                _add(made, "__hash__",
                     _hash(_getter(hashed)) if options.get("frozen") else None)
        return made

    return wrap if cls is None else wrap(cls)


# A frozen class's `__setattr__` and `__delattr__` (raising FrozenInstanceError) are made
# by dataclass's `_frozen_get_del_attr(cls, fields, globals)` (Python 3.11 and 3.12), which
# compiles them; `record` has dataclass call `_guards` instead, which makes the same two
# as closures. With another helper (another Python), dataclass compiles them as usual.
_COMPILED_GUARDS = getattr(dataclasses, "_frozen_get_del_attr", None)
_SHARE_GUARDS = _COMPILED_GUARDS is not None and (
    _COMPILED_GUARDS.__code__.co_varnames[:3] == ("cls", "fields", "globals"))
_GUARDS_LOCK = threading.Lock()


def _guards(cls: type, fields: list[Any], globals: dict[str, Any]) -> tuple[Any, Any]:
    """dataclass's guards, made: assigning or deleting a field, or any attribute of an
    instance of the class itself, raises FrozenInstanceError; a subclass's own
    attributes go through."""
    names = frozenset(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


def _add(cls: type, name: str, method: Callable[..., Any] | None) -> None:
    if method is not None:
        method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple (whatever their number)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


def _eq(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def __eq__(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return values(self) == values(other)
        return NotImplemented

    return __eq__


def _compare(name: str, op: Callable[[Any, Any], Any],
             values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any, Any], Any]:
    def compare(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return op(values(self), values(other))
        return NotImplemented

    compare.__name__ = name
    return compare


def _hash(values: Callable[[Any], tuple[Any, ...]]) -> Callable[[Any], int]:
    def __hash__(self: Any) -> int:
        return hash(values(self))

    return __hash__


def _repr(names: list[str]) -> Callable[[Any], str]:
    @recursive_repr()
    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__
