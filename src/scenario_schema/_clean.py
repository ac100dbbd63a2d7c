"""The clean tier of the fast path: one yes/no pass for documents with nothing wrong in them.

Most documents a program checks are valid. For those, every path string, every
``out`` list and every per-field branch of the full check (``_fastpath``) is wasted
work. This module generates, per root class, one function ``ok_X`` that answers one
question: would the full check report nothing but the warnings this tier knows how
to give? It builds no path, stops at the first doubt and returns ``False``;
:func:`_fastpath.checker` then throws away what it appended and runs the full check,
which finds and words every issue. So the tier decides speed only, never a verdict:
``tests/test_fastpath.py`` proves the two equal, and ``tests/test_clean.py`` that the
tier says yes to exactly the plain documents it should.

How the function reads a document:

- every nested object is inlined (a class reachable from itself has no tier);
- a required field is read as ``value[wire]``, under one ``KeyError`` handler for the
  whole function; an optional one with ``get``, counted when present;
- exact types first (``x.__class__ is str``: a subclass is the full check's to judge),
  then what the type leaves: enum members, bounds, finite floats, lengths, formats, the
  items of arrays and maps, and free-form values (:func:`_any_ok`, a path-free walk of at
  most :data:`ANY_DEPTH` levels);
- a count short of the object's size means undocumented fields, unless every key is
  documented (explicit nulls).

The warnings a valid document still gets are given here too, at their paths:
``conflict`` (exclusive fields) and the prose rules, planned per value of the deciding
enum (:func:`_emit_rules`), each value's function generated the first time an object
of that value is seen (:class:`_RulesTable`). Paths are built only for those.

With ``build`` (for ``load``), the same pass builds the contract objects: free-form
values are checked and copied read-only at once (:func:`_frozen_any`), and slots are set
through an unfrozen twin of each class (:func:`_twin`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ._codegen import Names
from ._fields import AnyValue, Array, Enum, FieldSpec, Map, Object, Scalar, Shape
from ._fields import class_spec as spec_of
from ._frozen import EMPTY_DICT, EMPTY_LIST, FrozenDict, FrozenList, exact_scalar
from ._report import pointer_token
from ._revisions import ANY_REVISION
from ._rules import Plan, RuleSet, apply_rules, rules_for
from ._validate import _DATE_TIME, _Options

__all__ = ["ANY_DEPTH", "Clean", "clean_function"]

ANY_DEPTH = 32
"""Levels of nesting the tier follows inside a free-form value; deeper, it asks the full check."""

_SIMPLE = frozenset({str, int, bool, type(None)})


DOUBT: Any = object()
"""What :func:`_frozen_any` returns for a value the full check must look at."""


def _frozen_any(value: Any, budget: int) -> Any:
    """:func:`_any_ok` and ``_frozen.freeze`` in one pass: the read-only copy, or :data:`DOUBT`.

    A container is copied in C, then only its containers are replaced by their own
    copies: most values in a free-form container are scalars, kept as they are.
    """
    kind = value.__class__
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if value - value == 0 else DOUBT
    if budget <= 0:
        return DOUBT
    if kind is dict:
        if not value:
            return EMPTY_DICT
        copied: FrozenDict[str, Any] = FrozenDict(value)
        for key, item in value.items():
            if key.__class__ is not str:
                return DOUBT
            inner = item.__class__
            if inner is str or inner is int or inner is bool or item is None:
                continue
            if inner is float:
                if item - item == 0:
                    continue
                return DOUBT
            frozen = _frozen_any(item, budget - 1)
            if frozen is DOUBT:
                return DOUBT
            _set_item(copied, key, frozen)
        return copied
    if kind is list:
        if not value:
            return EMPTY_LIST
        for item in value:  # a list of scalars is copied in C
            inner = item.__class__
            if inner is str or inner is int or inner is bool or item is None:
                continue
            if inner is float and item - item == 0:
                continue
            break
        else:
            return FrozenList(value)
        items = []
        for item in value:
            inner = item.__class__
            if inner is str or inner is int or inner is bool or item is None:
                items.append(item)
            elif (frozen := _frozen_any(item, budget - 1)) is DOUBT:
                return DOUBT
            else:
                items.append(frozen)
        return FrozenList(items)
    return DOUBT


_set_item = dict.__setitem__
"""Sets a key of a :class:`FrozenDict` being built (its own ``__setitem__`` refuses)."""


def _any_ok(value: Any, budget: int) -> bool:
    """Whether a free-form value is JSON the full check passes without an issue.

    Exact types only (a subclass is the full check's to judge); containers nested
    deeper than ``budget`` levels are left to it too, so no ``depth`` issue is missed.
    """
    kind = value.__class__
    if kind is str or kind is int or kind is bool or value is None:
        return True
    if kind is float:
        return bool(value - value == 0)
    if budget <= 0:
        return False
    if kind is dict:
        for key, item in value.items():
            if key.__class__ is not str:
                return False
            inner = item.__class__
            if inner is str or inner is int or inner is bool or item is None:
                continue
            if inner is float:
                if item - item == 0:
                    continue
                return False
            if not _any_ok(item, budget - 1):
                return False
        return True
    if kind is list:
        for item in value:
            inner = item.__class__
            if inner is str or inner is int or inner is bool or item is None:
                continue
            if inner is float:
                if item - item == 0:
                    continue
                return False
            if not _any_ok(item, budget - 1):
                return False
        return True
    return False


class _Source(Names):
    """Generated source and the constants it refers to (one module per root class).

    With ``build``, the functions also build the contract objects (for ``load``), and
    a doubt returns ``None`` rather than ``False``.
    """

    def __init__(self, *, build: bool = False) -> None:
        super().__init__()
        self.build = build
        self.fail = "return None" if build else "return False"
        self.lines: list[str] = []
        self.namespace.update(
            {
                "any_ok": _any_ok,
                "simple": _SIMPLE,
                "frozen_any": _frozen_any,
                "doubt": DOUBT,
                "set_class": object.__setattr__,
            }
        )


class _Where:
    """The source of a path: an expression and a constant tail, folded as paths grow."""

    def __init__(self, expression: str, tail: str = "") -> None:
        self.expression, self.tail = expression, tail

    def then(self, text: str) -> _Where:
        """The path of something ``text`` further down."""
        return _Where(self.expression, self.tail + text)

    def __str__(self) -> str:
        return f"{self.expression} + {self.tail!r}" if self.tail else self.expression


class _Recursive(Exception):
    """A class reachable from itself: its depth has no bound, so the tier stays out."""


class Clean:
    """The clean predicate of a class, with what its caller needs to know.

    Attributes:
        function: ``ok(value)``, or ``ok(value, path, out)`` when ``takes_path``.
        takes_path: Whether the class (or one below it) can give a warning.
        depth: The deepest nesting, in levels below the object, at which a value
            of a field can sit (free-form values count :data:`ANY_DEPTH` more): the
            tier is used only where ``path.count("/") + depth <= MAX_DEPTH``, so that
            no value it passes could be too deep for the full check.
    """

    def __init__(self, function: Callable[..., bool], takes_path: bool, depth: int) -> None:
        self.function = function
        self.takes_path = takes_path
        self.depth = depth


def clean_function(cls: type, options: _Options, *, build: bool = False) -> Clean | None:
    """The clean predicate of a class, or ``None`` for a class the tier does not cover.

    With ``build``, the function returns the loaded object, or ``None`` on a doubt.
    """
    source = _Source(build=build)
    try:
        name, takes_path = _root_function(cls, options, source)
    except _Recursive:
        return None
    code = "\n".join(source.lines)
    exec(compile(code, f"<scenario_schema clean tier {cls.__name__}>", "exec"), source.namespace)
    return Clean(source.namespace[name], takes_path, _depth(cls, options.revision))


def _depth(cls: type, revision: str) -> int:
    """Levels below an object of ``cls`` at which a value can sit (acyclic classes only)."""

    def of(shape: Shape) -> int:
        if isinstance(shape, Object):
            return 1 + _depth(shape.cls, revision)
        if isinstance(shape, Array):
            return 1 + of(shape.item)
        if isinstance(shape, Map):
            return 1 + of(shape.value)
        if isinstance(shape, AnyValue):
            return 1 + ANY_DEPTH
        return 1

    return max((of(field.shape) for field in spec_of(cls, revision).fields), default=0)


def _warns(cls: type, options: _Options, seen: tuple[type, ...]) -> bool:
    """Whether an object of ``cls``, or one inside it, can be valid and still get a warning."""
    if cls in seen:
        raise _Recursive
    spec = spec_of(cls, options.revision)
    if spec.exclusive or rules_for(cls, spec.by_wire) is not None:
        return True
    return any(_shape_warns(field.shape, options, (*seen, cls)) for field in spec.fields)


def _shape_warns(shape: Shape, options: _Options, seen: tuple[type, ...]) -> bool:
    if isinstance(shape, Object):
        return _warns(shape.cls, options, seen)
    if isinstance(shape, Array):
        return _shape_warns(shape.item, options, seen)
    if isinstance(shape, Map):
        return _shape_warns(shape.value, options, seen)
    return False


def _root_function(cls: type, options: _Options, source: _Source) -> tuple[str, bool]:
    """Generate ``ok_X``, every object below inlined; its name, and whether it takes a path."""
    takes_path = _warns(cls, options, ())
    name = f"ok_{cls.__name__}"
    signature = "value, path, out" if takes_path else "value"
    body = _object_lines(cls, "value", _Where("path"), options, source, ())
    body.append("return value" if source.build else "return True")
    source.lines.append(f"def {name}({signature}):")
    source.lines.append(f"    if value.__class__ is not dict: {source.fail}")
    # A required field is read as value[wire]: missing, it raises KeyError, the one
    # exception the generated code can raise (every container is an exact dict).
    source.lines.append("    try:")
    source.lines.extend("        " + line for line in body)
    source.lines.append(f"    except KeyError: {source.fail}")
    source.lines.append("")
    return name, takes_path


def _object_lines(
    cls: type, var: str, where: _Where, options: _Options, source: _Source, seen: tuple[type, ...]
) -> list[str]:
    """The check of ``var``, a ``dict``, as an object of ``cls``; ``where`` makes its path."""
    if cls in seen:
        raise _Recursive
    seen = (*seen, cls)
    spec = spec_of(cls, options.revision)
    fields = spec.fields
    prefix = source.fresh("o")
    get, count = f"{prefix}get", f"{prefix}n"
    locals_ = [f"{prefix}f{index}" for index in range(len(fields))]
    documented = source.const(frozenset(spec.by_wire), "documented")
    body = [f"{count} = {sum(field.required for field in fields)}"]
    if not all(field.required for field in fields):
        body.insert(0, f"{get} = {var}.get")
    for field, local in zip(fields, locals_, strict=True):
        field_where = where.then("/" + pointer_token(field.wire))
        wrong = _wrong_type(field.shape, local, source)
        if field.required and isinstance(field.shape, AnyValue):  # null is JSON, but not here
            wrong = f"{local} is None or {wrong}"
        checks: list[str] = [f"if {wrong}: {source.fail}"]
        _emit(checks, field.shape, local, field_where, options, source, seen)
        if field.required:  # absent: KeyError (see _root_function); null: a wrong type
            body.append(f"{local} = {var}[{field.wire!r}]")
            body.extend(checks)
            continue
        body.append(f"{local} = {get}({field.wire!r})")
        if len(checks) == 1 and _single_type(field.shape):  # the common case, in one test
            body.append(f"if {local}.__class__ is {_single_type(field.shape)}: {count} += 1")
            body.append(f"elif {local} is not None: {source.fail}")
        else:
            body.append(f"if {local} is not None:")
            body.append(f"    {count} += 1")
            body.extend("    " + line for line in checks)
    if source.build:
        body.extend(_build_lines(cls, var, prefix, documented, locals_, options, source))
    else:
        body.append(
            f"if len({var}) != {count} and not {documented}.issuperset({var}): {source.fail}"
        )
    if spec.exclusive:
        exclusive = source.const(spec.exclusive, "exclusive")
        given = " and ".join(
            f"{locals_[_index(fields, wire)]} is not None" for wire in spec.exclusive
        )
        body.append(f"if {given}: out.append(conflict_issue({where}, {exclusive}))")
    rules = rules_for(cls, spec.by_wire)
    if rules is not None:
        local_of = {field.wire: local for field, local in zip(fields, locals_, strict=True)}
        body.extend(_emit_rules(cls, rules, spec.by_wire, local_of, var, where, source))
    if source.build:
        body.append(f"{var} = {prefix}obj")
    return body


def _build_lines(
    cls: type,
    var: str,
    prefix: str,
    documented: str,
    locals_: list[str],
    options: _Options,
    source: _Source,
) -> list[str]:
    """Build the object of ``var`` from its checked fields, as ``<prefix>obj``.

    Every slot is set: the fields of other revisions than this one to ``None``. The
    only undocumented-looking keys a clean object can hold are explicit nulls.
    """
    obj, count = f"{prefix}obj", f"{prefix}n"
    local_of = {
        field.wire: local
        for field, local in zip(spec_of(cls, options.revision).fields, locals_, strict=True)
    }
    values = [
        (field.name, local_of.get(field.wire, "None"))
        for field in spec_of(cls, ANY_REVISION).fields
    ]
    nulls = f"{source.const(_nulls, 'nulls')}({var})"
    lines = [
        f"if len({var}) == {count}: {prefix}nulls = no_nulls",
        f"elif {documented}.issuperset({var}): {prefix}nulls = {nulls}",
        f"else: {source.fail}",
    ]
    values += [("null_fields", f"{prefix}nulls"), ("extra", "empty_dict")]
    twin = _twin(cls)
    if twin is None:
        lines.append(f"{obj} = new({source.const(cls, 'cls')})")
        lines += [f"{source.setter(cls, name)}({obj}, {value})" for name, value in values]
        return lines
    # Set the slots through the unfrozen twin, then make the object what it is.
    lines.append(f"{obj} = new({source.const(twin, 'twin')})")
    lines += [f"{obj}.{name} = {value}" for name, value in values]
    lines.append(f"set_class({obj}, '__class__', {source.const(cls, 'cls')})")
    return lines


def _twin(cls: type) -> type | None:
    """A class of the same slots as ``cls`` that is not frozen, or ``None`` where there is none.

    An object made as the twin, its slots set by plain attribute stores, then given
    ``cls`` as its class, is an object of ``cls`` like any other: the layouts are the
    same, and Python allows the class of such an object to change. Setting slots
    through a frozen class's descriptors costs three times as much. Tried once here:
    an interpreter that refuses gets the descriptors.
    """
    slots = cls.__dict__.get("__slots__")
    if slots is None:
        return None
    unfrozen = {"__slots__": tuple(slots), "__setattr__": object.__setattr__}
    unfrozen["__delattr__"] = object.__delattr__
    try:
        twin = type(f"_Unfrozen{cls.__name__}", cls.__bases__, unfrozen)
        probe: object = object.__new__(twin)
        object.__setattr__(probe, "__class__", cls)
    except TypeError:
        return None
    return twin


def _nulls(value: dict[str, Any]) -> frozenset[str]:
    """The fields sent as an explicit ``null`` (every key of a clean object is documented)."""
    return frozenset(exact_scalar(key) for key, item in value.items() if item is None)


class _RulesTable(dict[Any, Any]):
    """The generated rules function of each value of a deciding field, made on first use.

    ``table[value]`` is the function, or ``None`` when no step can fire for the value.
    A document uses a few of the many input and model types: generating every type's
    function up front was a third of the tier's source, and of the time its first
    document takes. Generation is under one lock, as it adds names to the namespace.
    """

    def __init__(self, make: Callable[[Any], Callable[..., None] | None]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: Any) -> Callable[..., None] | None:
        with _GENERATING:
            if value in self:  # another thread made it meanwhile
                function: Callable[..., None] | None = dict.__getitem__(self, value)
                return function
            function = self[value] = self._make(value)
            return function


_GENERATING = threading.Lock()


def _emit_rules(
    cls: type,
    rules: RuleSet,
    by_wire: dict[str, FieldSpec],
    local_of: dict[str, str],
    var: str,
    where: _Where,
    source: _Source,
) -> list[str]:
    """The lines of ``ok_X`` that give the prose rules' warnings of a clean object.

    When the deciding field is an enum, its value in a clean object is one of the
    enum's: the steps that can fire for each value (:class:`_rules.Plan`) become a
    generated function (:func:`_plan_lines`), and ``ok_X`` calls the one of its
    object's value, passing the fields the steps read. Otherwise the reference's
    :func:`_rules.apply_rules` runs.
    """
    decider = by_wire.get(rules.decider) if rules.decider is not None else None
    if decider is None or not isinstance(decider.shape, Enum) or decider.shape.kind != "string":
        # No enum to plan by: the reference's rules, on an object with nothing found in it.
        rule_list, apply = source.const(rules.rules, "rules"), source.const(apply_rules, "apply")
        return [f"{apply}({rule_list}, {var}, {where}, out, len(out))"]
    plans = {str(kind): Plan(rules.rules, str(kind)) for kind in decider.shape.values}
    plans = {kind: plan for kind, plan in plans.items() if plan.steps}
    if not plans:
        return []
    reads = [
        wire
        for wire in local_of
        if any(wire in step.reads for plan in plans.values() for step in plan.steps)
    ]
    argument = {wire: f"a{index}" for index, wire in enumerate(reads)}

    def make(kind: Any) -> Callable[..., None] | None:
        plan = plans.get(kind) if kind.__class__ is str else None
        if plan is None:
            return None
        name = source.fresh(f"rules_{cls.__name__}_")
        code = "\n".join(_plan_lines(name, plan, argument, source))
        exec(
            compile(code, f"<scenario_schema rules {cls.__name__} {kind!r}>", "exec"),
            source.namespace,
        )
        function: Callable[..., None] = source.namespace[name]
        return function

    functions = source.const(_RulesTable(make), "plans")
    # Built containers replace their locals when loading: the steps read the document.
    get = f"{var}.get"
    arguments = ", ".join(
        f"{get}({wire!r})"
        if source.build and isinstance(by_wire[wire].shape, (Array, Map, Object))
        else local_of[wire]
        for wire in reads
    )
    return [
        f"plan = {functions}[{local_of[decider.wire]}]",
        f"if plan is not None: plan({where}, out, {arguments})",
    ]


def _plan_lines(name: str, plan: Plan, argument: dict[str, str], source: _Source) -> list[str]:
    """The source of the function that appends the warnings of ``plan``'s steps."""
    lines = [f"def {name}(path, out, {', '.join(argument.values())}):"]
    for step in plan.steps:
        others = " and ".join(
            f"{source.const(condition.holds, 'holds')}({argument[condition.field]})"
            for condition in step.others
        )
        given = argument[step.field]
        if step.required:
            test = f"{given} is None" + (f" and {others}" if others else "")
        else:
            test = f"{given} is not None" + (f" and not ({others})" if others else "")
        lines.append(f"    if {test}:")
        if step.inner is None:
            memo, at = source.const(step.by_object, "given"), source.const(step.at, "at")
            lines.append(f"        out.append({memo}.get(path) or {at}(path))")
        else:
            issue = source.const(step.issue, "issue")
            lines.append(f"        for index, item in enumerate({given}):")
            lines.append(f"            if item.get({step.inner_field!r}) is not None:")
            located = f"f'{{path}}{step.token}/{{index}}{step.inner}'"
            lines.append(f"                out.append({issue}({located}))")
    return lines


def _index(fields: Any, wire: str) -> int:
    return next(index for index, field in enumerate(fields) if field.wire == wire)


def _emit(
    body: list[str],
    shape: Shape,
    var: str,
    where: _Where,
    options: _Options,
    source: _Source,
    seen: tuple[type, ...],
) -> None:
    """Emit what its type leaves to check of ``var``, a value of one of its shape's types."""
    if isinstance(shape, Scalar):
        limits = shape.constraints
        if shape.kind == "string":
            if limits.max_length is not None:
                body.append(f"if len({var}) > {limits.max_length!r}: {source.fail}")
            if limits.format == "date-time" and options.check_formats:
                date_time = source.const(_DATE_TIME.fullmatch, "date_time")
                body.append(f"if {date_time}({var}) is None: {source.fail}")
        elif shape.kind == "number":
            bounds = []
            if limits.minimum is not None:
                bounds.append(f"{var} >= {source.const(limits.minimum, 'minimum')}")
            if limits.exclusive_minimum is not None:
                bounds.append(f"{var} > {source.const(limits.exclusive_minimum, 'floor')}")
            if limits.maximum is not None:
                bounds.append(f"{var} <= {source.const(limits.maximum, 'maximum')}")
            if bounds:
                body.append(f"if not ({' and '.join(bounds)}): {source.fail}")
        return
    if isinstance(shape, Enum):  # _wrong_type tested membership too
        return
    if isinstance(shape, AnyValue):  # _wrong_type walked it (when loading: copied it)
        return
    if isinstance(shape, Object):
        body.extend(_object_lines(shape.cls, var, where, options, source, seen))
        return
    _emit_container(body, shape, var, where, options, source, seen)


def _emit_container(
    body: list[str],
    shape: Shape,
    var: str,
    where: _Where,
    options: _Options,
    source: _Source,
    seen: tuple[type, ...],
) -> None:
    """Emit the check of an array's items or a map's values (the container's type is known)."""
    item, index = source.fresh("item"), source.fresh("index")
    assert isinstance(shape, (Array, Map))
    inner_shape = shape.item if isinstance(shape, Array) else shape.value
    located = _shape_warns(inner_shape, options, seen)  # the items' paths are needed
    if isinstance(shape, Array):
        loop = f"enumerate({var})" if located else var
        body.append(f"for {index + ', ' if located else ''}{item} in {loop}:")
        item_where = _Where(f"{where.then('/')} + str({index})")
    else:
        body.append(f"for {index}, {item} in {var}.items():")
        body.append(f"    if {index}.__class__ is not str: {source.fail}")
        item_where = _Where(f"{where.then('/')} + {source.const(pointer_token, 'escape')}({index})")
    inner: list[str] = []
    _emit_item(inner, inner_shape, item, item_where, options, source, seen)
    if not source.build:
        body.extend("    " + line for line in inner or ["pass"])
        return
    kind = "FrozenList" if isinstance(shape, Array) else "FrozenDict"
    if isinstance(inner_shape, (Scalar, Enum)):  # items kept as they are: copy the whole
        body.extend("    " + line for line in inner or ["pass"])
        body.append(f"{var} = {kind}({var})")
        return
    built = source.fresh("built")
    body.insert(len(body) - (1 if isinstance(shape, Array) else 2), f"{built} = {kind}()")
    add = (
        f"list_append({built}, {item})"
        if isinstance(shape, Array)
        else (f"dict_set({built}, {index}, {item})")
    )
    body.extend("    " + line for line in [*inner, add])
    body.append(f"{var} = {built}")


def _single_type(shape: Shape) -> str | None:
    """The one exact type of a shape's values, when it has one (its name in the source)."""
    if isinstance(shape, Scalar) and shape.kind in ("string", "boolean"):
        return "str" if shape.kind == "string" else "bool"
    return None


def _wrong_type(shape: Shape, var: str, source: _Source) -> str:
    """An expression true when ``var`` is not of an exact type the shape takes.

    For a free-form value, also when it is not JSON the full check passes quietly.
    """
    if isinstance(shape, Enum):
        allowed = source.const(frozenset(shape.values), "allowed")
        if shape.kind == "string":
            return f"{var}.__class__ is not str or {var} not in {allowed}"
        exact = f"({var}.__class__ is int or {var}.__class__ is float)"
        return f"not {exact} or {var} not in {allowed}"
    if isinstance(shape, AnyValue):
        if source.build:
            copied = f"({var} := frozen_any({var}, {ANY_DEPTH}))"
            return f"{var}.__class__ not in simple and {copied} is doubt"
        return f"{var}.__class__ not in simple and not any_ok({var}, {ANY_DEPTH})"
    if isinstance(shape, (Object, Map)):
        return f"{var}.__class__ is not dict"
    if isinstance(shape, Array):
        return f"{var}.__class__ is not list"
    if shape.kind == "number":  # NaN and infinities included
        return (
            f"{var}.__class__ is not int and ({var}.__class__ is not float or {var} - {var} != 0)"
        )
    return f"{var}.__class__ is not {'str' if shape.kind == 'string' else 'bool'}"


def _emit_item(
    body: list[str],
    shape: Shape,
    var: str,
    where: _Where,
    options: _Options,
    source: _Source,
    seen: tuple[type, ...],
) -> None:
    """Emit the whole check of an item: its type, then the rest."""
    body.append(f"if {_wrong_type(shape, var, source)}: {source.fail}")
    _emit(body, shape, var, where, options, source, seen)
