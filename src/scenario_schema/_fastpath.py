"""The fast path: validators and builders generated as straight-line Python.

The plain path is the reference: the closure walker of ``_validate`` and the cattrs
converter of ``_converter``. This module reads the same field specs and generates,
per class, one function that checks the common case (a valid value) inline and
hands anything else to the reference check for that value, so every message,
path and order comes from the reference; builders set the slots directly.
``tests/test_fastpath.py`` proves the fast path equal to the plain one over the
Hypothesis strategies, the mutations and arbitrary JSON.

:func:`checker`, :func:`document_checker` and :func:`loader` run the clean tier
(``_clean``) first: one path-free pass that says yes to a document with nothing wrong
in it (and, to load, builds it); the full generated check runs only on a doubt. The
dumpers are generated in ``_dumpers``, with this module's ``_Module``.

The fast path looks at exact types (``value.__class__ is dict``). A builder that
meets a value of the right JSON type but not of the exact Python type (an
``OrderedDict`` from ``object_pairs_hook``, a ``list`` or ``str`` subclass)
starts over on the document's plain equivalent (``_frozen.plain``), so such a
document loads exactly as the plain one does, at no cost to plain documents.
Builders hold arrays and objects in the read-only containers of ``_frozen`` and
copy ``object``-typed values in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._cache import BuildCache
from ._clean import Clean, clean_function
from ._codegen import Names
from ._fields import AnyValue, Array, Enum, FieldSpec, Map, Object, Scalar, Shape
from ._fields import class_spec as spec_of
from ._frozen import (
    EMPTY_DICT,
    EXACT_SCALARS,
    FrozenDict,
    exact_scalar,
    freeze,
    plain,
    thaw,
)
from ._report import Issue, pointer_token
from ._revisions import ANY_REVISION, DEFAULT_REVISION
from ._rules import rules_for
from ._validate import (
    _DATE_TIME,
    MAX_DEPTH,
    Check,
    Mode,
    _any_check,
    _compile,
    _object_check,
    _Options,
    _type_issue,
    unknown_keys,
)

__all__ = ["checker", "document_checker", "loader"]


class _Module(Names):
    """Generated source and the constants it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.functions: list[list[str]] = []
        self._open: list[list[str]] = []
        self.namespace.update(
            {
                "any_check": _any_check,
                "unknown_keys": unknown_keys,
                "type_issue": _type_issue,
                "freeze": freeze,
                "plain": plain,
                "thaw": thaw,
                "scalars": EXACT_SCALARS,
            }
        )

    def begin(self) -> None:
        """Start a function; functions it needs are generated, whole, before it ends."""
        self._open.append([])

    def end(self) -> None:
        self.functions.append(self._open.pop())

    def emit(self, depth: int, line: str) -> None:
        self._open[-1].append("    " * depth + line)

    def compile(self, name: str) -> Any:
        source = "\n".join(line for function in self.functions for line in function)
        exec(compile(source, f"<scenario_schema fast path {name}>", "exec"), self.namespace)
        return self.namespace[name]


# --- validators -------------------------------------------------------------------------


def _predicate(shape: Shape, var: str, options: _Options, module: _Module) -> str | None:
    """An expression true only for values the reference check passes without an issue."""
    if isinstance(shape, Scalar):
        limits = shape.constraints
        if shape.kind == "boolean":
            return f"({var} is True or {var} is False)"
        if shape.kind == "string":
            parts = [f"{var}.__class__ is str"]
            if limits.max_length is not None:
                parts.append(f"len({var}) <= {limits.max_length!r}")
            if limits.format == "date-time" and options.check_formats:
                parts.append(
                    f"{module.const(_DATE_TIME.fullmatch, 'date_time')}({var}) is not None"
                )
            return "(" + " and ".join(parts) + ")"
        parts = [f"({var}.__class__ is int or {var}.__class__ is float)", f"{var} - {var} == 0"]
        if limits.minimum is not None:
            parts.append(f"{var} >= {module.const(limits.minimum, 'minimum')}")
        if limits.exclusive_minimum is not None:
            parts.append(f"{var} > {module.const(limits.exclusive_minimum, 'floor')}")
        if limits.maximum is not None:
            parts.append(f"{var} <= {module.const(limits.maximum, 'maximum')}")
        return "(" + " and ".join(parts) + ")"
    if isinstance(shape, Enum):
        allowed = module.const(frozenset(shape.values), "allowed")
        if shape.kind == "string":
            return f"({var}.__class__ is str and {var} in {allowed})"
        return f"(({var}.__class__ is int or {var}.__class__ is float) and {var} in {allowed})"
    if isinstance(shape, AnyValue):
        return (
            f"({var} is None or {var}.__class__ is str or {var}.__class__ is int"
            f" or {var}.__class__ is bool or ({var}.__class__ is float and {var} - {var} == 0))"
        )
    return None


class _NotPlain(Exception):
    """A builder met a value of the right JSON type but not of the exact Python type."""


# Exact types the fast path builds from, and the JSON types they stand for.
_JSON_TYPES: dict[str, tuple[tuple[type, ...], tuple[type, ...]]] = {
    "string": ((str,), (str,)),
    "number": ((int, float), (int, float)),
    "object": ((dict,), (Mapping,)),
    "array": ((list,), (list,)),
}


def _json_kind(shape: Shape) -> str | None:
    if isinstance(shape, (Scalar, Enum)):
        return None if shape.kind == "boolean" else shape.kind
    if isinstance(shape, (Object, Map)):
        return "object"
    return "array" if isinstance(shape, Array) else None


def _start_over_or(reference: Check, shape: Shape) -> Check:
    """In a builder, the reference check, except for a value whose plain equivalent is needed.

    Such a value raises :class:`_NotPlain`, and :func:`loader` starts over on the
    plain document; every other value (a wrong type, a broken bound) is the
    reference's to report.
    """
    kind = _json_kind(shape)
    if kind is None:
        return reference
    exact, accepted = _JSON_TYPES[kind]
    free_keys = isinstance(shape, Map)

    def check(value: Any, path: str, out: list[Issue]) -> None:
        kind = value.__class__
        if kind not in exact:
            if kind is not bool and isinstance(value, accepted):
                raise _NotPlain
        elif free_keys and any(k.__class__ is not str and isinstance(k, str) for k in value):
            raise _NotPlain
        reference(value, path, out)

    return check


def _emit_value(
    module: _Module,
    depth: int,
    shape: Shape,
    var: str,
    path: str,
    options: _Options,
    level: int,
    *,
    build: bool,
) -> str:
    """Emit the check of a non-null value ``var`` found at the path expression ``path``.

    With ``build``, also emit what builds its Python value, and return the expression
    that holds it (meaningful only when the check reported no error).
    """
    predicate = _predicate(shape, var, options, module)
    checked = _compile(shape, options)
    reference = module.const(_start_over_or(checked, shape) if build else checked, "reference")
    if isinstance(shape, AnyValue):
        assert predicate is not None
        # A scalar is kept. An empty object or array is common, and has nothing to
        # check where a class puts an `object` field (far above MAX_DEPTH): it becomes
        # the shared read-only one. Anything else is checked, then copied in, read-only.
        empty = f"({var}.__class__ is dict or {var}.__class__ is list) and not {var}"
        if not build:
            module.emit(
                depth, f"if not {predicate} and not ({empty}): any_check({var}, {path}, out)"
            )
            return var
        module.emit(depth, f"if not {predicate}:")
        module.emit(
            depth + 1, f"if {empty}: {var} = empty_dict if {var}.__class__ is dict else empty_list"
        )
        module.emit(depth + 1, f"else: any_check({var}, {path}, out); {var} = freeze({var})")
        return var
    if predicate is not None:
        module.emit(depth, f"if not {predicate}: {reference}({var}, {path}, out)")
        return var
    if isinstance(shape, Object):
        function = _object_function(shape.cls, options, module, build=build)
        if not build:
            module.emit(depth, f"{function}({var}, {path}, out)")
            return var
        module.emit(depth, f"b{level} = {function}({var}, {path}, out)")
        return f"b{level}"
    item, index, built = f"item{level}", f"index{level}", f"b{level}"
    assert isinstance(shape, (Array, Map))
    inner_shape = shape.item if isinstance(shape, Array) else shape.value
    # Scalar items need no building: copy the container whole.
    copy_whole = build and isinstance(inner_shape, (Scalar, Enum))
    if isinstance(shape, Array):
        module.emit(depth, f"if {var}.__class__ is list:")
        item_path = f"({path} + '/' + str({index}))"
        empty, loop = "FrozenList()", f"for {index}, {item} in enumerate({var}):"
        add, whole = "list_append({built}, {inner})", f"FrozenList({var})"
    else:
        escape = module.const(pointer_token, "escape")
        module.emit(
            depth, f"if {var}.__class__ is dict and all(k.__class__ is str for k in {var}):"
        )
        item_path = f"({path} + '/' + {escape}({index}))"
        empty, loop = "FrozenDict()", f"for {index}, {item} in {var}.items():"
        add, whole = "dict_set({built}, {index}, {inner})", f"FrozenDict({var})"
    if build and not copy_whole:
        module.emit(depth + 1, f"{built} = {empty}")
    module.emit(depth + 1, loop)
    inner = _emit_value(
        module, depth + 2, inner_shape, item, item_path, options, level + 1, build=build
    )
    if build and not copy_whole:
        module.emit(depth + 2, add.format(built=built, inner=inner, index=index))
    if copy_whole:
        module.emit(depth + 1, f"{built} = {whole}")
    module.emit(depth, "else:")
    module.emit(depth + 1, f"{reference}({var}, {path}, out)")
    if build:
        module.emit(depth + 1, f"{built} = None")
    return built


def _object_function(cls: type, options: _Options, module: _Module, *, build: bool) -> str:
    """``check_X(value, path, out)``, or with ``build`` ``load_X``, which returns the object."""
    name = f"{'load' if build else 'check'}_{cls.__name__}"
    if name in module.namespace:
        return name
    module.namespace[name] = None  # declared: a class reachable from itself terminates
    module.begin()
    spec = spec_of(cls, options.revision)
    checked = _object_check(spec, options)
    reference = module.const(
        _start_over_or(checked, Object(cls)) if build else checked, "reference_object"
    )
    documented = module.const(frozenset(spec.by_wire), "documented")
    required = [field for field in spec.fields if field.required]
    give_up = f"{reference}(value, path, out)" + ("; return None" if build else "; return")
    module.emit(0, f"def {name}(value, path, out):")
    # Not an object, or a required field missing: the reference reports it all, in order.
    module.emit(1, f"if value.__class__ is not dict: {give_up}")
    rules = rules_for(cls, spec.by_wire)
    if rules is not None:
        module.emit(1, "start = len(out)")
    if required:
        module.emit(1, "try:")
        for index, field in enumerate(required):
            module.emit(2, f"r{index} = value[{field.wire!r}]")
        module.emit(1, f"except KeyError: {give_up}")
    module.emit(1, "get = value.get")
    if build:
        module.emit(1, f"obj = new({module.const(cls, 'cls')})")
        # Attributes of other revisions than this view's: every slot must be set.
        for field in spec_of(cls, ANY_REVISION).fields:
            if field.wire not in spec.by_wire:
                module.emit(1, f"{module.setter(cls, field.name)}(obj, None)")
    # Count the fields that hold a value: when the count is short of the object's
    # size, the object has undocumented fields (or explicit nulls) to look at.
    module.emit(1, f"n = {len(required)}")
    for field in spec.fields:
        local = f"r{required.index(field)}" if field.required else None
        _emit_field(module, cls, field, options, local, build=build)
    module.emit(1, "if n != len(value):")
    module.emit(2, f"unknown_keys(value, {documented}, path, out)")
    if build:
        state = module.const(_wire_state, "wire_state")
        extra, nulls = module.setter(cls, "extra"), module.setter(cls, "null_fields")
        module.emit(2, f"e, z = {state}(value, {documented})")
        module.emit(2, f"{extra}(obj, e)")
        module.emit(2, f"{nulls}(obj, z)")
        module.emit(1, "else:")
        module.emit(2, f"{extra}(obj, empty_dict)")
        module.emit(2, f"{nulls}(obj, no_nulls)")
    if spec.exclusive:
        wires = module.const(spec.exclusive, "exclusive")
        test = " and ".join(f"get({wire!r}) is not None" for wire in spec.exclusive)
        module.emit(1, f"if {test}: out.append(conflict_issue(path, {wires}))")
    if rules is not None:
        module.emit(1, f"{module.const(rules, 'rules')}(value, path, out, start)")
    if build:
        module.emit(1, "return obj")
    module.emit(0, "")
    module.end()
    return name


def _emit_field(
    module: _Module,
    cls: type,
    field: FieldSpec,
    options: _Options,
    local: str | None,
    *,
    build: bool,
) -> None:
    token = "/" + pointer_token(field.wire)
    path = f"(path + {token!r})"
    setter = module.setter(cls, field.name) if build else ""
    if local is not None:
        module.emit(1, f"v = {local}")
        depth = 1
        if isinstance(field.shape, AnyValue):  # null is JSON, but not allowed here
            shape = module.const(field.shape, "shape")
            module.emit(1, f"if v is None: out.append(type_issue({path}, {shape}, None))")
    else:
        module.emit(1, f"v = get({field.wire!r})")
        if build:
            module.emit(1, f"if v is None: {setter}(obj, None)")
            module.emit(1, "else:")
        else:
            module.emit(1, "if v is not None:")
        module.emit(2, "n += 1")
        depth = 2
    if field.secret:  # the reference keeps credentials out of its messages
        checked = _compile(field.shape, options, secret=True)
        reference = module.const(
            _start_over_or(checked, field.shape) if build else checked, "reference_secret"
        )
        predicate = _predicate(field.shape, "v", options, module)
        module.emit(depth, f"if not {predicate}: {reference}(v, {path}, out)")
        built = "v"
    else:
        built = _emit_value(module, depth, field.shape, "v", path, options, 0, build=build)
    if build:
        module.emit(depth, f"{setter}(obj, {built})")


def _wire_state(d: dict[str, Any], documented: frozenset[str]) -> tuple[Any, frozenset[str]]:
    """The undocumented fields and the explicit nulls of an object (its rare case)."""
    extra = FrozenDict({exact_scalar(k): freeze(x) for k, x in d.items() if k not in documented})
    nulls = frozenset(exact_scalar(k) for k, x in d.items() if x is None and k in documented)
    return extra or EMPTY_DICT, nulls


_GENERATED: BuildCache[tuple[type, Mode, bool, bool, str], Any] = BuildCache()


def _generated(
    cls: type, mode: Mode, check_formats: bool, *, build: bool, revision: str = DEFAULT_REVISION
) -> Any:
    """Generate (once) the check or check-and-build function of a class."""
    return _GENERATED.get((cls, mode, check_formats, build, revision), _generate)


def _generate(key: tuple[type, Mode, bool, bool, str]) -> Any:
    cls, mode, check_formats, build, revision = key
    module = _Module()
    resolved = spec_of(cls, revision).revision
    options = _Options(mode=mode, check_formats=check_formats, revision=resolved)
    return module.compile(_object_function(cls, options, module, build=build))


_CHECKERS: BuildCache[tuple[type, Mode, bool, str], Check] = BuildCache()


def checker(
    cls: type,
    mode: Mode = "strict",
    *,
    check_formats: bool = False,
    revision: str = DEFAULT_REVISION,
) -> Check:
    """The generated document check of a class: same issues as ``_validate.checker``.

    A document goes through the clean tier (``_clean``) first, and through the full
    generated check only when the tier has a doubt about it.
    """
    return _CHECKERS.get((cls, mode, check_formats, revision), _tiered)


_CLEAN: BuildCache[tuple[type, Mode, bool, str, bool], Clean | None] = BuildCache()


def _clean_tier(cls: type, mode: Mode, check_formats: bool, revision: str, *, build: bool) -> Any:
    """The clean tier of a class (``_clean``), generated once; ``None`` where it has none.

    A tier that holds values deeper than the full check's limit even at the root is
    none: at a path, it is used only while ``path.count("/") + depth <= MAX_DEPTH``.
    """
    return _CLEAN.get((cls, mode, check_formats, revision, build), _generate_clean)


def _generate_clean(key: tuple[type, Mode, bool, str, bool]) -> Clean | None:
    cls, mode, check_formats, revision, build = key
    resolved = spec_of(cls, revision).revision
    options = _Options(mode=mode, check_formats=check_formats, revision=resolved)
    clean = clean_function(cls, options, build=build)
    return clean if clean is not None and clean.depth <= MAX_DEPTH else None


def _tiered(key: tuple[type, Mode, bool, str]) -> Check:
    cls, mode, check_formats, revision = key
    clean = _clean_tier(cls, mode, check_formats, revision, build=False)
    if clean is None:
        full: Check = _generated(cls, mode, check_formats, build=False, revision=revision)
        return full
    ok, takes_path, depth = clean.function, clean.takes_path, clean.depth

    def check(value: Any, path: str, out: list[Issue]) -> None:
        if not path or path.count("/") + depth <= MAX_DEPTH:
            start = len(out)
            if ok(value, path, out) if takes_path else ok(value):
                return
            del out[start:]
        # Generated on the first doubt only: a stream of valid documents never needs it.
        _generated(cls, mode, check_formats, build=False, revision=revision)(value, path, out)

    return check


_DOCUMENTS: BuildCache[tuple[type, Mode, bool, str], Callable[[Any], list[Issue]]] = BuildCache()


def document_checker(
    cls: type, mode: Mode, *, check_formats: bool, revision: str
) -> Callable[[Any], list[Issue]]:
    """:func:`checker` for a whole document (at the root): the issues of a payload, as a list."""
    return _DOCUMENTS.get((cls, mode, check_formats, revision), _document)


def _document(key: tuple[type, Mode, bool, str]) -> Callable[[Any], list[Issue]]:
    cls, mode, check_formats, revision = key
    clean = _clean_tier(cls, mode, check_formats, revision, build=False)
    if clean is None:
        full: Check = _generated(cls, mode, check_formats, build=False, revision=revision)

        def issues_of(payload: Any) -> list[Issue]:
            out: list[Issue] = []
            full(payload, "", out)
            return out

        return issues_of
    ok, takes_path = clean.function, clean.takes_path

    def tiered_issues_of(payload: Any) -> list[Issue]:
        out: list[Issue] = []
        if ok(payload, "", out) if takes_path else ok(payload):
            return out
        out = []
        _generated(cls, mode, check_formats, build=False, revision=revision)(payload, "", out)
        return out

    return tiered_issues_of


Loader = Callable[[Any, str, list[Issue]], Any]

_LOADERS: BuildCache[tuple[type, Mode, bool, str], Loader] = BuildCache()


def loader(
    cls: type,
    mode: Mode = "strict",
    *,
    check_formats: bool = False,
    revision: str = DEFAULT_REVISION,
) -> Loader:
    """The generated check-and-build of a class, in one pass over the document.

    It appends the same issues as :func:`checker`; the object it returns is the
    document's only when no error was appended. A document holding values of the
    right JSON type but another Python type (see the module's docstring) is loaded
    as its plain equivalent.
    """
    return _LOADERS.get((cls, mode, check_formats, revision), _starting_over)


def _starting_over(key: tuple[type, Mode, bool, str]) -> Loader:
    """The generated builder, which starts over on the plain document when it must."""
    cls, mode, check_formats, revision = key
    clean = _clean_tier(cls, mode, check_formats, revision, build=True)
    build, takes_path = (clean.function, clean.takes_path) if clean else (None, False)
    depth = clean.depth if clean else 0

    def load(payload: Any, path: str, out: list[Issue]) -> Any:
        start = len(out)
        if build is not None and (not path or path.count("/") + depth <= MAX_DEPTH):
            built = build(payload, path, out) if takes_path else build(payload)
            if built is not None:
                return built
            del out[start:]
        generated: Loader = _generated(cls, mode, check_formats, build=True, revision=revision)
        try:
            return generated(payload, path, out)
        except _NotPlain:
            del out[start:]
            # plain() leaves only exact types: the builder cannot raise _NotPlain again.
            return generated(plain(payload), path, out)

    return load
