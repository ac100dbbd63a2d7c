"""The generated form of the checks: one straight-line function per document class.

Most documents a program checks are valid, and most valid documents the API sends
carry a field or a value no revision documents. For those, every path string, every
per-field branch and every closure call of the reference walker (``reference.py``)
is wasted work. This module generates, per root class and options, one function:

- ``check_X(value, out) -> bool``, for :func:`scenario_schema.validate`: ``True`` when
  the document has no error, with its warnings appended to ``out``; ``False`` on a
  doubt (something is wrong, or not of an exact JSON type), and then the reference
  reports every issue;
- ``load_X(value)``, for :func:`scenario_schema.load`: the built object, or ``None``
  on a doubt (``load`` needs no warnings).

So generated code decides speed only, never a verdict: ``tests/test_engine.py``
proves it equal to the reference. How a function reads a document:

- every nested object is inlined;
- a required field is read as ``value[wire]``, under one ``KeyError`` handler for the
  whole function; an optional one with ``get``, counted when present;
- exact types first (``x.__class__ is str``: a subclass is the reference's to judge),
  then what the type leaves (``constraints.py``: limits, finiteness, enum members),
  the items of arrays and maps, and free-form values (``freeform.py``);
- a count short of the object's size means undocumented fields or explicit nulls:
  :func:`_undocumented` warns about each (``unknown-field``), and the builder keeps
  them (:func:`_wire_state`);
- in lenient mode an enum value the revision does not list is an ``unknown-enum``
  warning, and kept.

The other warnings of a valid document are given here too: ``conflict`` (fields given
together) and the prose rules, planned per value of the deciding enum
(``prose.Plan``), each value's function generated when first met
(:class:`RulesTable`). Paths are built only for warnings.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from .._fields import AnyValue, Array, Enum, FieldSpec, Map, Object, Scalar, Shape
from .._fields import class_spec as spec_of
from .._frozen import EMPTY_DICT, NO_NULLS, FrozenDict, exact_scalar
from .._options import MAX_DEPTH
from .._report import Issue, pointer_token
from .._revisions import ANY_REVISION
from .._rules import decider, rules_for
from .codegen import Names, compile_source, source_of
from .constraints import FINITE, MEMBER, TYPES, limits_of
from .freeform import DOUBT, SIMPLE, free_copy, free_ok
from .messages import conflict_issue, enum_listing, unknown_enum_issue, unknown_field_issue
from .prose import Plan
from .reference import Options

__all__ = ["Generated", "generate"]


def _undocumented(
    value: dict[Any, Any], documented: frozenset[str], path: str, out: list[Issue], budget: int
) -> bool:
    """Warn about each undocumented field of an object, or say there is a doubt (``False``).

    Keys of ``documented`` that were not counted hold explicit nulls. The API sends the
    same fields in document after document: the undocumented keys of an object and
    their warnings are looked up by the object's place and keys (:data:`_SHAPES`), and
    worked out only the first time (:func:`_shape`).
    """
    keys = tuple(value)
    shape = _SHAPES.get((path, documented, keys))
    if shape is None:
        if any(key.__class__ is not str for key in keys):
            return False  # not kept: equal keys of other types would find it
        shape = _shape(keys, documented, path)
        if len(_SHAPES) < _SHAPES_KEPT and _keepable(keys):
            _SHAPES[path, documented, keys] = shape
    for key, issue in shape:
        item = value[key]
        if item.__class__ not in SIMPLE and not free_ok(item, budget):
            return False
        out.append(issue)
    return True


def _shape(
    keys: tuple[Any, ...], documented: frozenset[str], path: str
) -> tuple[tuple[str, Issue], ...]:
    """The undocumented keys of an object (``str`` keys only), in order, each with its warning.

    A key equal to a ``str`` but of a subclass finds the shape its ``str`` made: the
    warning is the same (the reference words a ``str`` subclass as a ``str``).
    """
    return tuple(
        (key, unknown_field_issue(f"{path}/{pointer_token(key)}", key, documented))
        for key in keys
        if key not in documented
    )


_SHAPES: dict[tuple[str, frozenset[str], tuple[Any, ...]], tuple[tuple[str, Issue], ...]] = {}
"""The undocumented fields of the objects seen so far, by place, documented names and keys."""
_SHAPES_KEPT = 4096
_KEY_CHARS_KEPT = 4096
"""The most characters of keys an object may have for its shape to be kept: the caches
hold each object's keys, so that a stream of documents with huge keys cannot fill memory."""


def _keepable(keys: tuple[str, ...]) -> bool:
    """Whether the shape of an object with these keys is small enough to be kept."""
    return sum(map(len, keys)) <= _KEY_CHARS_KEPT


def _wire_state(
    value: dict[Any, Any], documented: frozenset[str], budget: int, counted: int
) -> tuple[frozenset[str], FrozenDict[str, Any]] | None:
    """The explicit nulls and the undocumented fields (copied) of an object, or ``None``.

    ``counted`` is the number of documented fields that hold a value: the rest of the
    documented keys hold explicit nulls. The undocumented keys of an object are looked
    up by its documented names and keys (:data:`_EXTRA_KEYS`), as :func:`_undocumented`
    looks up its warnings.
    """
    keys = tuple(value)
    undocumented = _EXTRA_KEYS.get((documented, keys))
    if undocumented is None:
        if any(key.__class__ is not str for key in keys):
            return None
        undocumented = tuple(key for key in keys if key not in documented)
        if len(_EXTRA_KEYS) < _SHAPES_KEPT and _keepable(keys):
            _EXTRA_KEYS[documented, keys] = undocumented
    extra: dict[str, Any] = {}
    for key in undocumented:  # exact str keys (a str subclass equal to one finds it)
        item = value[key]
        copied = item if item.__class__ in SIMPLE else free_copy(item, budget)
        if copied is DOUBT:
            return None
        extra[key] = copied
    if len(keys) - len(undocumented) == counted:
        nulls = NO_NULLS
    else:
        nulls = frozenset(
            exact_scalar(key) for key in keys if key in documented and value[key] is None
        )
    return nulls, FrozenDict(extra) if extra else EMPTY_DICT


_EXTRA_KEYS: dict[tuple[frozenset[str], tuple[Any, ...]], tuple[str, ...]] = {}
"""The undocumented keys of the objects built so far, by documented names and keys."""


class _Source(Names):
    """Generated source and the constants it refers to (one module per root class).

    With ``build``, the functions build the contract objects (for ``load``) and give
    no warnings, and a doubt returns ``None`` rather than ``False``.
    """

    def __init__(self, options: Options, *, build: bool, title: str) -> None:
        super().__init__()
        self.options = options
        self.title = title
        self.build = build
        self.fail = "return None" if build else "return False"
        self.lines: list[str] = []
        self.tables: list[tuple[RulesTable, tuple[str, ...]]] = []
        """The rules tables of the module, each with the values it can be asked for."""
        self.files: list[str] = []
        """The file names of the modules compiled from this source, the main one first."""
        self.namespace.update(
            {
                "free_ok": free_ok,
                "free_copy": free_copy,
                "simple": SIMPLE,
                "doubt": DOUBT,
                "set_class": object.__setattr__,
                "conflict_issue": conflict_issue,
                "undocumented": _undocumented,
                "unknown_enum": unknown_enum_issue,
                "wire_state": _wire_state,
            }
        )

    @property
    def lenient(self) -> bool:
        return self.options.mode == "lenient"


class _Where:
    """A value's place: the source of its path, constant tails folded, and its level.

    ``level`` is the number of tokens of the path: what :data:`MAX_DEPTH` leaves to a
    free-form value there is ``MAX_DEPTH - level``.
    """

    def __init__(self, expression: str | None, tail: str, level: int) -> None:
        self.expression, self.tail, self.level = expression, tail, level

    def then(self, token: str) -> _Where:
        """The place of a field's value, one level down."""
        return _Where(self.expression, f"{self.tail}/{token}", self.level + 1)

    def item(self, index_source: str) -> _Where:
        """The place of an item one level down, its token computed by ``index_source``."""
        head = _Where(self.expression, f"{self.tail}/", self.level)
        return _Where(f"{head} + {index_source}", "", self.level + 1)

    def __str__(self) -> str:
        if self.expression is None:
            return repr(self.tail)
        return f"{self.expression} + {self.tail!r}" if self.tail else self.expression

    @property
    def budget(self) -> int:
        return MAX_DEPTH - self.level


class Generated:
    """A root class's generated function, and the modules its source is in.

    Attributes:
        function: ``check_X(value, out) -> bool``, or ``load_X(value)``.
    """

    def __init__(self, function: Callable[..., Any], source: _Source) -> None:
        self.function = function
        self._source = source

    def sources(self) -> list[tuple[str, str]]:
        """Every module of the function, by file name, the rules of every value included."""
        for table, values in self._source.tables:
            table.fill(values)
        return [(name, source_of(name)) for name in self._source.files]


def generate(cls: type, options: Options, *, build: bool, title: str) -> Generated:
    """Generate ``check_X(value, out)`` (or with ``build``, ``load_X(value)``) of a root class."""
    source = _Source(options, build=build, title=title)
    name = _root_function(cls, source)
    text = "\n".join(source.lines) + "\n"
    source.files.append(compile_source(text, source.namespace, title))
    return Generated(source.namespace[name], source)


def _root_function(cls: type, source: _Source) -> str:
    name = f"{'load' if source.build else 'check'}_{cls.__name__}"
    body = _object_lines(cls, "value", _Where(None, "", 0), source, ())
    body.append("return value" if source.build else "return True")
    source.lines.append(f"def {name}({'value' if source.build else 'value, out'}):")
    source.lines.append(f"    if value.__class__ is not dict: {source.fail}")
    # A required field is read as value[wire]: missing, it raises KeyError, the one
    # exception the generated code can raise (every container is an exact dict).
    source.lines.append("    try:")
    source.lines.extend("        " + line for line in body)
    source.lines.append(f"    except KeyError: {source.fail}")
    source.lines.append("")
    return name


def _object_lines(
    cls: type, var: str, where: _Where, source: _Source, seen: tuple[type, ...]
) -> list[str]:
    """The check of ``var``, a ``dict``, as an object of ``cls`` at ``where``."""
    if cls in seen:
        msg = f"{cls.__name__} is reachable from itself: the generator inlines every object"
        raise TypeError(msg)
    seen = (*seen, cls)
    spec = spec_of(cls, source.options.revision)
    fields = spec.fields
    prefix = source.fresh("o")
    get, count = f"{prefix}get", f"{prefix}n"
    locals_ = [f"{prefix}f{index}" for index in range(len(fields))]
    documented = source.const(frozenset(spec.by_wire), "documented")
    body = [f"{count} = {sum(field.required for field in fields)}"]
    if not all(field.required for field in fields):
        body.insert(0, f"{get} = {var}.get")
    for field, local in zip(fields, locals_, strict=True):
        body.extend(_field_lines(field, var, local, get, count, where, source, seen))
    children = where.budget - 1  # what the depth limit leaves inside an undocumented field
    if source.build:
        body.extend(_build_lines(cls, var, prefix, documented, locals_, children, source))
        body.append(f"{var} = {prefix}obj")
        return body
    body.append(
        f"if len({var}) != {count} and not undocumented("
        f"{var}, {documented}, {where}, out, {children}): {source.fail}"
    )
    if spec.exclusive:
        exclusive = source.const(spec.exclusive, "exclusive")
        given = " and ".join(
            f"{locals_[_index(fields, wire)]} is not None" for wire in spec.exclusive
        )
        body.append(f"if {given}: out.append(conflict_issue({where}, {exclusive}))")
    rules = rules_for(cls, spec.by_wire)
    if rules:
        local_of = {field.wire: local for field, local in zip(fields, locals_, strict=True)}
        body.extend(_rules_lines(cls, rules, spec.by_wire, local_of, where, source))
    return body


def _field_lines(
    field: FieldSpec,
    var: str,
    local: str,
    get: str,
    count: str,
    where: _Where,
    source: _Source,
    seen: tuple[type, ...],
) -> list[str]:
    """Read one field into ``local`` and check it (absent or null: ``None``, not counted)."""
    field_where = where.then(pointer_token(field.wire))
    wrong = _wrong_type(field.shape, local, field_where, source)
    if field.required and isinstance(field.shape, AnyValue):  # null is JSON, but not here
        wrong = f"{local} is None or {wrong}"
    checks: list[str] = [f"if {wrong}: {source.fail}"]
    _emit(checks, field.shape, local, field_where, source, seen)
    if field.required:  # absent: KeyError (see _root_function); null: a wrong type
        return [f"{local} = {var}[{field.wire!r}]", *checks]
    lines = [f"{local} = {get}({field.wire!r})"]
    single = _single_type(field.shape)
    if len(checks) == 1 and single:  # the common case, in one test
        return [
            *lines,
            f"if {local}.__class__ is {single}: {count} += 1",
            f"elif {local} is not None: {source.fail}",
        ]
    return [*lines, f"if {local} is not None:", f"    {count} += 1", *("    " + c for c in checks)]


def _build_lines(
    cls: type,
    var: str,
    prefix: str,
    documented: str,
    locals_: list[str],
    children: int,
    source: _Source,
) -> list[str]:
    """Build the object of ``var`` from its checked fields, as ``<prefix>obj``.

    Every slot is set: the fields of other revisions than this one to ``None``.
    """
    obj, count = f"{prefix}obj", f"{prefix}n"
    local_of = {
        field.wire: local
        for field, local in zip(spec_of(cls, source.options.revision).fields, locals_, strict=True)
    }
    values = [
        (field.name, local_of.get(field.wire, "None"))
        for field in spec_of(cls, ANY_REVISION).fields
    ]
    state = f"{prefix}state"
    lines = [
        f"if len({var}) == {count}: {prefix}nulls, {prefix}extra = no_nulls, empty_dict",
        f"elif ({state} := wire_state({var}, {documented}, {children}, {count})) is None:"
        f" {source.fail}",
        f"else: {prefix}nulls, {prefix}extra = {state}",
    ]
    values += [("null_fields", f"{prefix}nulls"), ("extra", f"{prefix}extra")]
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


class RulesTable(dict[Any, Any]):
    """The generated rules function of each value of a deciding field, made on first use.

    ``table[value]`` is the function, or ``None`` when no step can fire for the value.
    A document uses a few of the many input and model types: generating every type's
    function up front was a third of the source, and of the time its first document
    takes. Generation is under one lock, as it adds names to the namespace.
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

    def fill(self, values: tuple[Any, ...]) -> None:
        """Generate the functions of every value now (to show the whole source)."""
        for value in values:
            self[value]


_GENERATING = threading.Lock()


def _rules_lines(
    cls: type,
    rules: tuple[Any, ...],
    by_wire: dict[str, FieldSpec],
    local_of: dict[str, str],
    where: _Where,
    source: _Source,
) -> list[str]:
    """The lines that give the prose rules' warnings of an object with nothing wrong in it.

    Its deciding field holds one of its enum's values (an unknown one in lenient
    mode: which fields apply is then unknown, and the rules are not checked, as the
    reference does): the steps that can fire for each value (:class:`prose.Plan`)
    become a generated function (:func:`_plan_lines`), and the object's check calls
    the one of its value, passing the fields the steps read.
    """
    field = by_wire[decider(rules) or ""]
    if not isinstance(field.shape, Enum) or field.shape.kind != "string":
        msg = f"the prose rules of {cls.__name__} are decided by a field that is not an enum"
        raise TypeError(msg)
    plans = {str(kind): Plan(rules, str(kind)) for kind in field.shape.values}
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
        code = "\n".join(_plan_lines(name, plan, argument, source)) + "\n"
        title = f"{source.title} rules of {cls.__name__} {kind!r}"
        source.files.append(compile_source(code, source.namespace, title))
        function: Callable[..., None] = source.namespace[name]
        return function

    table = RulesTable(make)
    source.tables.append((table, tuple(plans)))
    functions = source.const(table, "plans")
    arguments = ", ".join(local_of[wire] for wire in reads)
    return [
        f"plan = {functions}[{local_of[field.wire]}]",
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
    body: list[str], shape: Shape, var: str, where: _Where, source: _Source, seen: tuple[type, ...]
) -> None:
    """Emit what its type leaves to check of ``var``, a value of one of its shape's types."""
    if isinstance(shape, Scalar):
        tests = [
            limit.source.format(value=var, limit=source.const(limit.bound(bound), limit.code))
            for limit, bound in limits_of(
                shape.constraints, check_formats=source.options.check_formats
            )
        ]
        if tests:
            body.append(f"if not ({' and '.join(tests)}): {source.fail}")
    elif isinstance(shape, Enum):
        _emit_enum(body, shape, var, where, source)
    elif isinstance(shape, Object):
        body.extend(_object_lines(shape.cls, var, where, source, seen))
    elif isinstance(shape, (Array, Map)):
        _emit_container(body, shape, var, where, source, seen)
    # AnyValue: _wrong_type walked it (when loading: copied it)


def _emit_enum(body: list[str], shape: Enum, var: str, where: _Where, source: _Source) -> None:
    """Emit an enum's membership: a doubt in strict mode; in lenient, a kept warning."""
    allowed = source.const(frozenset(shape.values), "allowed")
    member = MEMBER.format(value=var, allowed=allowed)
    if not source.lenient:
        body.append(f"if not {member}: {source.fail}")
        return
    if shape.kind == "number":  # a NaN is in no set: in lenient mode, test it first
        body.append(f"if not {FINITE.source.format(value=var)}: {source.fail}")
    if not source.build:
        listing = source.const(enum_listing(shape.values), "listing")
        body.append(f"if not {member}: out.append(unknown_enum({where}, {var}, {listing}))")


def _emit_container(
    body: list[str],
    shape: Array | Map,
    var: str,
    where: _Where,
    source: _Source,
    seen: tuple[type, ...],
) -> None:
    """Emit the check of an array's items or a map's values (the container's type is known)."""
    item, index = source.fresh("item"), source.fresh("index")
    inner_shape = shape.item if isinstance(shape, Array) else shape.value
    located = not source.build and _warns(inner_shape, source)  # the items' paths are needed
    if isinstance(shape, Array):
        loop = f"enumerate({var})" if located else var
        body.append(f"for {index + ', ' if located else ''}{item} in {loop}:")
        item_where = where.item(f"str({index})")
    else:
        body.append(f"for {index}, {item} in {var}.items():")
        body.append(f"    if {index}.__class__ is not str: {source.fail}")
        item_where = where.item(f"{source.const(pointer_token, 'escape')}({index})")
    inner: list[str] = [f"if {_wrong_type(inner_shape, item, item_where, source)}: {source.fail}"]
    _emit(inner, inner_shape, item, item_where, source, seen)
    if not source.build:
        body.extend("    " + line for line in inner)
        return
    kind = "FrozenList" if isinstance(shape, Array) else "FrozenDict"
    if isinstance(inner_shape, (Scalar, Enum)):  # items kept as they are: copy the whole
        body.extend("    " + line for line in inner)
        body.append(f"{var} = {kind}({var})")
        return
    built = source.fresh("built")
    body.insert(len(body) - (1 if isinstance(shape, Array) else 2), f"{built} = {kind}()")
    add = (
        f"list_append({built}, {item})"
        if isinstance(shape, Array)
        else f"dict_set({built}, {index}, {item})"
    )
    body.extend("    " + line for line in [*inner, add])
    body.append(f"{var} = {built}")


def _warns(shape: Shape, source: _Source) -> bool:
    """Whether a valid value of the shape can still get a warning (its path is then needed)."""
    if isinstance(shape, Object):  # an undocumented field, at least
        return True
    if isinstance(shape, Enum):
        return source.lenient
    if isinstance(shape, Array):
        return _warns(shape.item, source)
    if isinstance(shape, Map):
        return _warns(shape.value, source)
    return False


def _single_type(shape: Shape) -> str | None:
    """The one exact type of a shape's values, when it has one (its name in the source)."""
    if isinstance(shape, Scalar) and shape.kind in ("string", "boolean"):
        return "str" if shape.kind == "string" else "bool"
    return None


def _wrong_type(shape: Shape, var: str, where: _Where, source: _Source) -> str:
    """An expression true when ``var`` is not of an exact type the shape takes.

    For a free-form value, also when it is not JSON the reference passes quietly
    (when loading, the walk copies it into ``var``). A strict enum's membership and a
    number's finiteness are tested here too, in the same expression.
    """
    if isinstance(shape, AnyValue):
        if source.build:
            copied = f"({var} := free_copy({var}, {where.budget}))"
            return f"{var}.__class__ not in simple and {copied} is doubt"
        return f"{var}.__class__ not in simple and not free_ok({var}, {where.budget})"
    if isinstance(shape, (Object, Map)):
        kind = "object"
    elif isinstance(shape, Array):
        kind = "array"
    else:
        kind = shape.kind
    exact = TYPES[kind].source.format(value=var)
    if kind == "boolean":
        return f"not {exact}"
    wrong = f"not {exact}" if kind == "number" else exact.replace(" is ", " is not ", 1)
    if kind == "number" and isinstance(shape, Scalar):
        return f"{wrong} or not {FINITE.source.format(value=var)}"
    return wrong
