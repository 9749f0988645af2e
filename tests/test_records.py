"""`record` makes the same classes as `dataclass`: same equality, hash, repr, frozenness
and dataclass helpers, checked side by side on the same class bodies."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from dataclasses import FrozenInstanceError, dataclass, field

import pytest

from brochure import records
from brochure.records import record


def _pair(decorate_options: dict, body: dict, bases: tuple = ()) -> tuple[type, type]:
    """The same class body made by `dataclass` (its compiled methods) and by `record`."""
    def shape() -> type:
        return type("Shape", bases, dict(body, __module__=__name__, __qualname__="Shape"))

    with records.compiled_methods():
        plain = dataclass(**decorate_options)(shape())
    return plain, record(**decorate_options)(shape())


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
    with pytest.raises(TypeError, match="Cannot overwrite attribute __lt__"):
        _pair(options, dict(BODY, __lt__=lambda self, other: True))
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
    if records.SHAREABLE:  # this Python's dataclass lets record make them
        assert rec.__setattr__.__code__.co_filename == records.__file__
        assert plain.__setattr__.__code__.co_filename != records.__file__


def test_the_helpers_are_put_back():
    record(frozen=True)(type("Shape", (), dict(BODY, __module__=__name__)))
    expected = records._MAKERS if records._everywhere else records._COMPILING
    for name, helper in expected.items():
        assert getattr(dataclasses, name) is helper


_IN_THE_COMMAND_LINE = """
import dataclasses
import inspect
import brochure.cli  # the command line shares made methods with every dataclass
from brochure import records
assert records._everywhere is records.SHAREABLE
from pydantic.fields import FieldInfo  # imports pydantic's own dataclasses
import annotated_types
assert annotated_types.Gt(3) == annotated_types.Gt(3) != annotated_types.Gt(4)
assert hash(annotated_types.Gt(3)) == hash((3,)) and repr(annotated_types.Gt(3)) == "Gt(gt=3)"
try:
    annotated_types.Gt(3).gt = 4
except dataclasses.FrozenInstanceError as exc:
    assert str(exc) == "cannot assign to field 'gt'"
else:
    raise AssertionError("a frozen dataclass took an assignment")
if records.SHAREABLE:
    assert annotated_types.Gt.__eq__.__code__.co_filename == records.__file__
"""


def test_the_command_line_makes_every_dataclass_methods():
    import subprocess
    import sys

    from tests.probe import ROOT

    done = subprocess.run([sys.executable, "-c", _IN_THE_COMMAND_LINE], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_a_method_called_often_becomes_dataclasses_compiled_one():
    plain, rec = _pair({"frozen": True, "order": True}, BODY)
    a, b = rec("a", 1), rec("a", 2)
    if records.SHAREABLE:
        assert rec.__hash__.__code__.co_filename == records.__file__
    results = [(hash(a), a == b, a < b, b >= a) for _ in range(records.COMPILE_AFTER + 2)]
    assert len(set(results)) == 1
    assert results[0] == (hash(plain("a", 1)), False, True, True)
    for name in ("__hash__", "__eq__", "__lt__", "__ge__"):  # compiled, in place
        assert getattr(rec, name).__code__.co_filename != records.__file__, name
        assert getattr(rec, name).__qualname__ == f"Shape.{name}"
    assert rec.__le__.__code__.co_filename == (records.__file__ if records.SHAREABLE
                                               else plain.__le__.__code__.co_filename)


@pytest.mark.parametrize("options", [{}, {"frozen": True}, {"frozen": True, "slots": True},
                                     {"kw_only": True}])
def test_init_is_dataclasses_compiled_one_from_the_first_instance(options):
    """Before: a stand-in with the same signature, annotations and class docstring (made
    from the signature); after: dataclass's compiled __init__, same results and errors."""
    body = {k: v for k, v in BODY.items()}
    plain, rec = _pair(options, body)
    assert str(inspect.signature(rec)) == str(inspect.signature(plain))
    assert rec.__init__.__annotations__ == plain.__init__.__annotations__
    assert rec.__doc__ == plain.__doc__  # no docstring: dataclass writes the signature
    assert rec.__init__.__qualname__ == plain.__init__.__qualname__
    if records.SHAREABLE:
        assert rec.__init__.__code__.co_filename == records.__file__
    calls = [((), {}), (("a",), {}), ((), {"name": "a", "size": 2}), (("a", 2, ("t",)), {}),
             ((), {"name": "a", "bogus": 1}), (("a", 1, (), "n", {}, 9), {})]
    for args, kwargs in calls:
        found = []
        for cls in (plain, rec):
            try:
                found.append(repr(cls(*args, **kwargs)).replace("Shape", "X"))
            except TypeError as exc:
                found.append(str(exc))
        assert found[0] == found[1], (args, kwargs)
    assert rec.__init__.__code__.co_filename != records.__file__  # compiled, in place
    assert str(inspect.signature(rec)) == str(inspect.signature(plain))


def test_init_checks_default_order_when_the_class_is_made():
    bad = {"__annotations__": {"a": "int", "b": "int"}, "a": 1, "__module__": __name__}
    for decorator in (dataclass, record):
        with pytest.raises(TypeError, match="non-default argument 'b' follows default"):
            decorator(type("Bad", (), dict(bad)))


def test_a_subclass_and_post_init_and_init_only_fields():
    @record
    class Base:
        a: int
        b: dataclasses.InitVar[int] = 2
        c: int = dataclasses.field(init=False, default=0)

        def __post_init__(self, b):
            self.c = self.a + b

    class Plain(Base):  # not a dataclass: inherits the stand-in, then the compiled one
        pass

    assert Plain(1).c == 3 and Base(1, 5).c == 6 and Plain(2, b=1).c == 3
    assert "self" in str(inspect.signature(Base.__init__))
