"""`record`: a dataclass whose methods are made, not compiled (`__init__`: when first used).

`dataclasses.dataclass` writes every method it adds as Python source and compiles it
(`exec`, ~0.6 M instructions each) when the class is created: six for a frozen class
(`__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`), four more
with `order=True`. Our ~45 classes imported by a `brochure build`, and the ~50 of pydantic
and annotated_types, cost a tenth of a cold run that way, before anything was read.

Dataclass asks five helpers for that code (Python 3.11 and 3.12: `_tuple_str`, `_cmp_fn`,
`_hash_fn`, `_repr_fn`, `_frozen_get_del_attr`). While `record` makes a class, and in
the command line's whole process once `share_everywhere()` has run, those helpers are
ours: they return closures over the field names that do what the compiled methods do,

- `a == b`, `a < b`...: the compared fields as tuples, when both are of the same class
  (else NotImplemented);
- `hash(a)`: of the hashed fields as a tuple;
- `repr(a)`: `QualName(field=value!r, ...)`, `...` for a record that contains itself
  (dataclass's own recursion guard);
- frozen: assigning or deleting a field, or any attribute of the class's own instances,
  raises FrozenInstanceError; a subclass's own attributes go through.

Comparisons and hashes can run often (memo keys hash records on every build), and a
closure reads attributes more slowly than compiled code: one called more than
`COMPILE_AFTER` times is compiled after all, dataclass's way, and put in its place.
`__init__` (a sixth helper, `_init_fn`) is dataclass's compiled one, compiled when the
first instance is made: a third of the classes imported by a build never make one. Until
then a stand-in with the same signature and annotations takes its place.

Everything else is dataclass's own doing: which methods a class gets (eq, order,
unsafe_hash, frozen, a class's own methods kept), fields, slots, `replace`.
With helpers of another shape (another Python), dataclass compiles as usual.
tests/test_records.py compares both on the same class bodies.
"""

from __future__ import annotations

import dataclasses
import inspect
import operator
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


@dataclass_transform(frozen_default=False)
def record(cls: type[T] | None = None, /, **options: Any) -> Any:
    """`dataclasses.dataclass(cls, **options)`, its methods but `__init__` made instead
    of compiled (see the module's docstring)."""

    def wrap(cls: type[T]) -> type[T]:
        with _made_methods():
            return dataclasses.dataclass(cls, **options)

    return wrap if cls is None else wrap(cls)


def share_everywhere() -> bool:
    """Every dataclass made from now on in this process (our libraries' too) gets made
    methods: for the command line, which owns its process. False when this Python's
    dataclass cannot (it compiles as usual)."""
    global _everywhere
    with _LOCK:
        if SHAREABLE and not _everywhere:
            _install(_MAKERS)
            _everywhere = True
    return _everywhere


class _Fields(str):
    """`_tuple_str`'s text ("(self.a,self.b,)"), which also knows the field names."""

    names: tuple[str, ...] = ()


def _tuple_str(obj_name: str, fields: list[Any]) -> str:
    text = _Fields(_COMPILING["_tuple_str"](obj_name, fields))
    text.names = tuple(f.name for f in fields)
    return text


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of an object, as a tuple (whatever their number)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return lambda obj: ()


_OPERATORS = {"==": operator.eq, "<": operator.lt, "<=": operator.le, ">": operator.gt,
              ">=": operator.ge}


def _cmp_fn(name: str, op: str, self_tuple: str, other_tuple: str, globals: Any) -> Any:
    if not isinstance(self_tuple, _Fields) or op not in _OPERATORS:
        return _COMPILING["_cmp_fn"](name, op, self_tuple, other_tuple, globals)
    values, compare = _getter(self_tuple.names), _OPERATORS[op]

    def made(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return compare(values(self), values(other))
        return NotImplemented

    return _tiered(name, made, lambda: _COMPILING["_cmp_fn"](name, op, self_tuple,
                                                              other_tuple, globals))


def _hash_fn(fields: list[Any], globals: Any) -> Any:
    values = _getter(tuple(f.name for f in fields))

    def made(self: Any) -> int:
        return hash(values(self))

    return _tiered("__hash__", made, lambda: _COMPILING["_hash_fn"](fields, globals))


# Comparisons and hashes can run often (memo keys): one called more often than this is
# compiled after all, dataclass's way (its attribute reads are faster than a closure's).
COMPILE_AFTER = 100


def _tiered(name: str, made: Callable[..., Any], compile_it: Callable[[], Any]) -> Any:
    """`made` for the first COMPILE_AFTER calls, then dataclass's compiled method, put
    in place on the class that has this one."""
    calls = 0
    compiled: Any = None

    def method(*args: Any) -> Any:
        nonlocal calls, compiled
        if compiled is not None:
            return compiled(*args)
        calls += 1
        if calls <= COMPILE_AFTER:
            return made(*args)
        compiled = _put_in_place(method, name, args[0], compile_it)
        return compiled(*args)

    method.__name__ = method.__qualname__ = name
    return method


def _put_in_place(stand_in: Any, name: str, instance: Any, compile_it: Callable[[], Any]) -> Any:
    """dataclass's compiled method, put in place of `stand_in` (our method `name`) on the
    class of `instance` that has it; returned for the call at hand."""
    compiled = compile_it()
    compiled.__qualname__ = stand_in.__qualname__
    owner = next((k for k in type(instance).__mro__ if k.__dict__.get(name) is stand_in), None)
    if owner is not None:
        setattr(owner, name, compiled)
    return compiled


def _repr_fn(fields: list[Any], globals: Any) -> Any:
    names = [f.name for f in fields]

    def __repr__(self: Any) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"

    return dataclasses._recursive_repr(__repr__)  # type: ignore[attr-defined]


def _init_fn(fields: list[Any], std_fields: tuple[Any, ...], kw_only_fields: tuple[Any, ...],
             frozen: bool, has_post_init: bool, self_name: str, globals: Any,
             slots: bool) -> Any:
    seen_default = False  # dataclass's own check, when the class is made
    for f in std_fields:
        if f.init:
            if not (f.default is MISSING and f.default_factory is MISSING):
                seen_default = True
            elif seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
    compiled: Any = None

    def __init__(*args: Any, **kwargs: Any) -> None:
        nonlocal compiled
        if compiled is None:
            compiled = _put_in_place(__init__, "__init__", args[0], lambda: _COMPILING["_init_fn"](
                fields, std_fields, kw_only_fields, frozen, has_post_init, self_name, globals,
                slots))
        compiled(*args, **kwargs)

    __init__.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(self_name, inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        + [_parameter(f, inspect.Parameter.POSITIONAL_OR_KEYWORD) for f in std_fields]
        + [_parameter(f, inspect.Parameter.KEYWORD_ONLY) for f in kw_only_fields],
        return_annotation=None)
    __init__.__annotations__ = {**{f.name: f.type for f in (*std_fields, *kw_only_fields)},
                                "return": None}
    return __init__


def _parameter(f: Any, kind: Any) -> Any:
    """The parameter dataclass's __init__ has for a field."""
    if f.default is not MISSING:
        default = f.default
    elif f.default_factory is not MISSING:
        default = dataclasses._HAS_DEFAULT_FACTORY  # type: ignore[attr-defined]
    else:
        default = inspect.Parameter.empty
    return inspect.Parameter(f.name, kind, default=default, annotation=f.type)


def _frozen_get_del_attr(cls: type, fields: list[Any], globals: Any) -> tuple[Any, Any]:
    names = frozenset(f.name for f in fields)

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    return __setattr__, __delattr__


# The helpers as this Python's dataclass calls them (argument names), ours, and theirs.
_SIGNATURES = {"_tuple_str": ("obj_name", "fields"),
               "_cmp_fn": ("name", "op", "self_tuple", "other_tuple", "globals"),
               "_hash_fn": ("fields", "globals"), "_repr_fn": ("fields", "globals"),
               "_frozen_get_del_attr": ("cls", "fields", "globals"),
               "_init_fn": ("fields", "std_fields", "kw_only_fields", "frozen", "has_post_init",
                            "self_name", "globals", "slots")}
_MAKERS: dict[str, Any] = {"_tuple_str": _tuple_str, "_cmp_fn": _cmp_fn, "_hash_fn": _hash_fn,
                           "_repr_fn": _repr_fn, "_frozen_get_del_attr": _frozen_get_del_attr,
                           "_init_fn": _init_fn}
_COMPILING: dict[str, Any] = {name: getattr(dataclasses, name, None) for name in _SIGNATURES}
SHAREABLE = all(
    callable(helper) and hasattr(dataclasses, "_recursive_repr")
    and helper.__code__.co_varnames[:len(_SIGNATURES[name])] == _SIGNATURES[name]
    for name, helper in _COMPILING.items()
)
_LOCK = threading.RLock()
_everywhere = False


def _install(helpers: dict[str, Any]) -> None:
    for name, helper in helpers.items():
        setattr(dataclasses, name, helper)


@contextmanager
def _made_methods() -> Iterator[None]:
    """Our helpers for the class being made (unless they are in place for good)."""
    if not SHAREABLE or _everywhere:
        yield
        return
    with _LOCK:
        _install(_MAKERS)
        try:
            yield
        finally:
            if not _everywhere:
                _install(_COMPILING)


@contextmanager
def compiled_methods() -> Iterator[None]:
    """dataclass's own compiled methods, for a class made inside (tests compare)."""
    with _LOCK:
        before = {name: getattr(dataclasses, name) for name in _SIGNATURES}
        _install(_COMPILING)
        try:
            yield
        finally:
            _install(before)
