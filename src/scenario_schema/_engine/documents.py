"""Whole documents through the engine: the generated form first, the reference on a doubt.

:func:`document_check` and :func:`document_loader` are what ``validate`` and ``load``
run. Each generated function is made once per class and options, and options that
cannot change its source share it: the mode only matters where an enum is reachable,
``check_formats`` only where a field has a format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from .._cache import BuildCache
from .._fields import Array, Enum, Map, Object, Scalar, Shape, class_spec
from .._frozen import plain
from .._options import Mode
from .._report import ContractError, Issue
from .codegen import source_of
from .dumpers import dumper
from .generated import Generated, generate
from .reference import Options, checker

__all__ = ["Kind", "document_check", "document_loader", "generated_sources"]

Kind = Literal["check", "load", "dump"]
"""What generated code does: ``validate``'s check, ``load``'s builder, or ``dump``."""


def _options(cls: type, mode: Mode, check_formats: bool, revision: str) -> Options:
    """The options of a class's generated code, those that change nothing dropped."""
    resolved = class_spec(cls, revision).revision
    shapes = list(_shapes(cls, resolved, ()))
    if not any(isinstance(shape, Enum) for shape in shapes):
        mode = "strict"
    if not any(isinstance(shape, Scalar) and shape.constraints.format for shape in shapes):
        check_formats = False
    return Options(mode=mode, check_formats=check_formats, revision=resolved)


def _shapes(cls: type, revision: str, seen: tuple[type, ...]) -> Any:
    """Every shape reachable from a class's fields (each class once)."""
    for field in class_spec(cls, revision).fields:
        shape: Shape = field.shape
        while isinstance(shape, (Array, Map)):
            yield shape
            shape = shape.item if isinstance(shape, Array) else shape.value
        yield shape
        if isinstance(shape, Object) and shape.cls not in seen:
            yield from _shapes(shape.cls, revision, (*seen, cls, shape.cls))


_GENERATED: BuildCache[tuple[type, Options, bool], Generated] = BuildCache()


def _generated(cls: type, options: Options, *, build: bool) -> Generated:
    return _GENERATED.get((cls, options, build), _generate)


def _generate(key: tuple[type, Options, bool]) -> Generated:
    cls, options, build = key
    formats = " check_formats" if options.check_formats else ""
    title = f"{'load' if build else 'check'} {cls.__name__} {options.mode}{formats}"
    return generate(cls, options, build=build, title=f"{title} {options.revision}")


_CHECKS: BuildCache[tuple[type, Mode, bool, str], Callable[[Any], list[Issue]]] = BuildCache()


def document_check(
    cls: type, mode: Mode, *, check_formats: bool, revision: str
) -> Callable[[Any], list[Issue]]:
    """The issues of a document of ``cls``, as a list: every error and warning, in order."""
    return _CHECKS.get((cls, mode, check_formats, revision), _make_check)


def _make_check(key: tuple[type, Mode, bool, str]) -> Callable[[Any], list[Issue]]:
    cls, mode, check_formats, revision = key
    fast = _generated(cls, _options(cls, mode, check_formats, revision), build=False).function
    reference = checker(cls, mode, check_formats=check_formats, revision=revision)

    def issues_of(payload: Any) -> list[Issue]:
        out: list[Issue] = []
        if fast(payload, out):
            return out
        out = []
        reference(payload, "", out)
        return out

    return issues_of


_LOADERS: BuildCache[tuple[type, Mode, bool, str], Callable[[Any], Any]] = BuildCache()


def document_loader(
    cls: type, mode: Mode, *, check_formats: bool, revision: str
) -> Callable[[Any], Any]:
    """The object a document of ``cls`` makes; raises :class:`ContractError` with its issues.

    A document the generated builder has a doubt about is checked by the reference;
    one with no error (it holds a ``Mapping`` or a ``str`` subclass, say) is built
    from its plain equivalent (``_frozen.plain``), which the builder always takes.
    """
    return _LOADERS.get((cls, mode, check_formats, revision), _make_loader)


def _make_loader(key: tuple[type, Mode, bool, str]) -> Callable[[Any], Any]:
    cls, mode, check_formats, revision = key
    build = _generated(cls, _options(cls, mode, check_formats, revision), build=True).function
    reference = checker(cls, mode, check_formats=check_formats, revision=revision)

    def load(payload: Any) -> Any:
        built = build(payload)
        if built is not None:
            return built
        out: list[Issue] = []
        reference(payload, "", out)
        if any(issue.severity == "error" for issue in out):
            raise ContractError(out)
        built = build(plain(payload))
        if built is None:  # the differential tests prove this unreachable
            msg = f"the generated builder of {cls.__name__} refused a valid document"
            raise AssertionError(msg)
        return built

    return load


def generated_sources(
    cls: type, kind: Kind, mode: Mode, *, check_formats: bool, revision: str
) -> list[tuple[str, str]]:
    """The generated modules that ``validate``, ``load`` or ``dump`` run, by file name.

    Checks and builders come with the rules functions of every value of their
    deciding fields (generated now if no document has needed them yet).
    """
    if kind == "dump":
        filename = dumper(cls).__code__.co_filename
        return [(filename, source_of(filename))]
    options = _options(cls, mode, check_formats, revision)
    return _generated(cls, options, build=kind == "load").sources()
