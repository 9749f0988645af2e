"""`record` makes the same classes as `dataclass`: same equality, hash, repr, frozenness
and dataclass helpers, checked side by side on the same class bodies."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from brochure import records
from brochure.records import record


def _pair(decorate_options: dict, body: dict, bases: tuple = ()) -> tuple[type, type]:
    """The same class body made by `dataclass` and by `record`."""
    made = []
    for decorator in (dataclass, record):
        cls = type("Shape", bases, dict(body, __module__=__name__, __qualname__="Shape"))
        made.append(decorator(**decorate_options)(cls))
    return made[0], made[1]


BODY = {
    "__annotations__": {"name": "str", "size": "int", "tags": "tuple", "note": "str",
                        "cache": "dict"},
    "size": 3,
    "tags": (),
    "note": field(default="n", repr=False),
    "cache": field(default_factory=dict, compare=False),
}


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "slots": True},
                                     {"kw_only": True}, {"eq": False}, {"repr": False},
                                     {"frozen": True, "eq": False}])
def test_record_behaves_as_dataclass(options):
    plain, rec = _pair(options, BODY)
    kwargs = {"name": "a", "size": 4, "tags": ("x",)}
    a, b = plain(**kwargs), plain(**kwargs)
    ra, rb = rec(**kwargs), rec(**kwargs)
    if options.get("repr", True):
        assert repr(ra) == repr(a)
    else:  # object's own
        assert repr(ra) == object.__repr__(ra)
    assert (ra == rb) == (a == b)
    assert (ra == rec(**{**kwargs, "size": 5})) == (a == plain(**{**kwargs, "size": 5}))
    assert (ra == object()) is (a == object()) is False
    assert ra.__eq__(1) is a.__eq__(1)
    hashable = plain.__hash__ is not None
    assert (rec.__hash__ is not None) == hashable
    if hashable and options.get("eq", True):
        assert hash(ra) == hash(a) == hash(rb)
        other = rec(**kwargs)
        other.cache["k"] = 1  # the dict, not the attribute: frozen or not
        assert hash(other) == hash(ra)  # compare=False fields are not hashed
    assert [f.name for f in dataclasses.fields(ra)] == [f.name for f in dataclasses.fields(a)]
    assert dataclasses.asdict(ra) == dataclasses.asdict(a)
    assert dataclasses.replace(ra, size=9).size == 9
    if options.get("frozen"):
        with pytest.raises(FrozenInstanceError):
            ra.size = 1
        with pytest.raises(FrozenInstanceError):
            del ra.size
    else:
        ra.size = 1
        assert ra.size == 1


def test_a_class_keeps_its_own_methods():
    body = dict(BODY, __eq__=lambda self, other: True, __repr__=lambda self: "mine",
                __hash__=lambda self: 7)
    plain, rec = _pair({"frozen": True}, body)
    assert rec("a") == rec("b") and repr(rec("a")) == "mine" and hash(rec("a")) == 7
    assert plain("a") == plain("b") and repr(plain("a")) == "mine" and hash(plain("a")) == 7


def test_own_eq_without_hash_is_hashed_from_fields_when_frozen():
    """As dataclass: `__eq__` alone in the body sets `__hash__ = None`, which is not an
    explicit hash, so a frozen class gets the fields' hash."""
    body = dict(BODY, __eq__=lambda self, other: True)
    plain, rec = _pair({"frozen": True}, body)
    assert hash(rec("a")) == hash(plain("a"))
    _, mutable = _pair({}, body)
    assert mutable.__hash__ is None


def test_subclass_compares_its_own_fields_and_class():
    @record(frozen=True)
    class Base:
        a: int

    @record(frozen=True)
    class Child(Base):
        b: int = 0

    assert Child(1, 2) != Child(1, 3)
    assert Child(1, 2) == Child(1, 2)
    assert Base(1) != Child(1, 0)
    assert repr(Child(1, 2)) == f"{Child.__qualname__}(a=1, b=2)"
    assert Child.__qualname__.endswith("<locals>.Child")


def test_a_record_containing_itself_has_a_finite_repr():
    @record
    class Node:
        items: list

    node = Node([])
    node.items.append(node)
    assert repr(node) == f"{Node.__qualname__}(items=[...])"


@record(frozen=True, order=True)
class Ordered:
    a: int
    b: str = ""


def test_order_and_pickle():
    assert sorted([Ordered(2), Ordered(1, "z"), Ordered(1)]) == [Ordered(1), Ordered(1, "z"),
                                                                 Ordered(2)]
    assert pickle.loads(pickle.dumps(Ordered(1, "x"))) == Ordered(1, "x")
    assert Ordered(1) <= Ordered(1) < Ordered(1, "a") and Ordered(2) >= Ordered(1, "z") > Ordered(1)
    assert Ordered(1).__lt__(1) is NotImplemented
    with pytest.raises(TypeError):
        Ordered(1) < 1  # noqa: B015


@pytest.mark.parametrize("options", [{"order": True}, {"order": True, "frozen": True}])
def test_order_behaves_as_dataclass(options):
    plain, rec = _pair(options, BODY)
    rows = [("b", 1), ("a", 2), ("a", 1, ("x",)), ("a", 1)]
    assert ([(r.name, r.size, r.tags) for r in sorted(rec(*row) for row in rows)]
            == [(p.name, p.size, p.tags) for p in sorted(plain(*row) for row in rows)])
    for x in rows:
        for y in rows:
            for op in ("__lt__", "__le__", "__gt__", "__ge__", "__eq__"):
                assert getattr(rec(*x), op)(rec(*y)) == getattr(plain(*x), op)(plain(*y))
    for decorator in (dataclass, record):
        with pytest.raises(TypeError, match="Cannot overwrite attribute __lt__"):
            decorator(**options)(type("Shape", (), dict(BODY, __lt__=lambda self, other: True)))
    with pytest.raises(ValueError):
        record(order=True, eq=False)(type("X", (), {}))


def _outcomes(obj, actions) -> list:
    found = []
    for action in actions:
        try:
            action(obj)
            found.append(None)
        except Exception as exc:  # noqa: BLE001 - compared, whatever it is
            found.append((type(exc), str(exc)))
    return found


@pytest.mark.parametrize("slots", [False, True])
def test_frozen_guards_behave_as_dataclass(slots):
    """Same exceptions and messages for fields, other attributes, and a subclass's own
    attributes (through the class's guards, as dataclass's)."""
    actions = [lambda o: setattr(o, "size", 1), lambda o: delattr(o, "name"),
               lambda o: setattr(o, "other", 1), lambda o: delattr(o, "other"),
               lambda o: object.__setattr__(o, "size", 2)]
    plain, rec = _pair({"frozen": True, "slots": slots}, BODY)
    assert _outcomes(rec("a"), actions) == _outcomes(plain("a"), actions)
    sub_plain = type("Sub", (plain,), {"__module__": __name__})
    sub_rec = type("Sub", (rec,), {"__module__": __name__})
    assert _outcomes(sub_rec("a"), actions) == _outcomes(sub_plain("a"), actions)
    assert rec("a").size == 3
    if records._SHARE_GUARDS:  # this Python's dataclass lets record make them
        assert rec.__setattr__.__code__.co_filename == records.__file__
    assert dataclasses._frozen_get_del_attr is records._COMPILED_GUARDS  # put back
