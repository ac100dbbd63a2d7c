"""The invariants of issue #11, checked on one fuzz input across every entry point.

:func:`check_case` runs ``validate`` and ``load`` in both modes, ``dump``,
``drift``, the training preflight (``check_training_parameters`` or
``check_model_training``) and, for raw text, the CLI's decoder and
``check_text``; it returns every broken invariant as a :class:`Violation`.
Nothing here raises: an exception of the library is itself a violation.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import math
import re
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any

import attrs

import scenario_schema as ss
from scenario_schema._fields import class_spec
from scenario_schema._options import Mode
from scenario_schema.cli._batch import Unit, check_text, decode
from scenario_schema.models import SCHEMAS, Contract
from scenario_schema.training import DEFAULT_POLICY

from .generators import NO_PAYLOAD, Case
from .values import ALIAS, ALIAS_KEY, MARKER, clone, containers, same, to_plain

__all__ = [
    "INVARIANTS",
    "MESSAGE_LIMIT",
    "Violation",
    "check_case",
    "describe_error",
    "resolves",
    "where",
]

MESSAGE_LIMIT = 300
"""Longest issue message allowed, in characters."""
CONTRACT_ERROR_LINES = 12
"""A ContractError's str: a summary line, at most ten issues, one "... and N more"."""
SAFE_IMAGES = 10**6
"""``training_images`` from 0 to this are ordinary arguments: the preflight must answer them."""

INVARIANTS: dict[str, str] = {
    "no-unexpected-exception": "only documented exceptions escape an entry point",
    "load-returns-instance": "load returns an instance of the class it was given",
    "validate-ok-iff-load": "validate(p).ok is true exactly when load(p) succeeds",
    "load-issues-equal-validate": "ContractError.issues are validate's issues",
    "roundtrip-exact": "dump(load(p)) == p, ints stay ints",
    "strict-includes-lenient": "every lenient error is a strict error",
    "path-resolves": "an issue path names a value, or a missing member of an existing object",
    "one-root-cause": "one value gets errors of one code",
    "message-bounded": f"an issue message is at most {MESSAGE_LIMIT} characters",
    "message-one-line": "an issue message is one line",
    "error-summary-bounded": "str(ContractError) is a count, ten issue lines at most, a rest",
    "repr-str-never-raise": "repr and str of objects, reports and errors never raise",
    "no-secret-in-output": "a wandbKey value never appears in a message, repr, str or drift output",
    "no-alias-input": "mutating the input after load never changes the object",
    "no-alias-dump": "mutating dump's output never changes the object",
    "frozen-object-immutable": "no container reached from a loaded object can be mutated",
    "mutation-reported": "an invalid_payloads draw gives exactly its one error",
    "training-arguments": "the preflight raises only ValueError, and only for bad arguments",
    "default-in-range": "an effective default lies in its documented range, or is an error",
    "dump-refuses-non-contract": "dump of anything but a contract object raises TypeError",
    "thread-safe-first-use": "threads using the library first, together, get one thread's answers",
    "harness-error": "the fuzz harness itself failed on this input (a bug in tests/fuzz)",
}

ROOT_CAUSES = frozenset({"type", "not-finite", "depth", "required"})
"""Codes after which any other error at the same path is a consequence, not a second cause."""

_INDEX = re.compile(r"0|[1-9][0-9]*")


@dataclasses.dataclass(frozen=True)
class Violation:
    """One broken invariant at one entry point.

    ``invariant``, ``entry`` and ``location`` (an exception type and where it was
    raised, an issue code, a kind of difference) make the deduplication key;
    ``detail`` says what happened on this input.
    """

    invariant: str
    entry: str
    location: str
    detail: str

    @property
    def key(self) -> str:
        """What makes two violations the same finding."""
        return f"{self.invariant} | {self.entry} | {self.location}"


def resolves(document: Any, path: str) -> bool:
    """Whether a JSON Pointer names a value of ``document``, or a missing member of an object."""
    if path == "":
        return True
    if not path.startswith("/"):
        return False
    tokens = [token.replace("~1", "/").replace("~0", "~") for token in path.split("/")[1:]]
    node = document
    for position, token in enumerate(tokens):
        if isinstance(node, Mapping):
            if token not in node:
                return position == len(tokens) - 1
            node = node[token]
        elif isinstance(node, (list, tuple)):
            if not _INDEX.fullmatch(token) or len(token) > 9 or int(token) >= len(node):
                return False
            node = node[int(token)]
        else:
            return False
    return True


def where(error: BaseException) -> str:
    """The exception type and the innermost library frame that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    inside = [
        frame
        for frame in frames
        if "scenario_schema" in frame.filename or "fast path" in frame.filename
    ]
    if not (inside or frames):
        return type(error).__name__
    frame = (inside or frames)[-1]
    if "fast path" in frame.filename:  # generated per class: one place, whatever the class
        function = frame.filename.strip("<>").split()[-1]  # "dump_Model": its kind, not its class
        return f"{type(error).__name__} in the generated {function.split('_')[0]} code"
    if frame.filename.startswith("<attrs generated"):  # one finding for every class's __repr__
        return f"{type(error).__name__} in an attrs-generated {frame.name}"
    name = frame.filename.rsplit("/", 1)[-1]
    return f"{type(error).__name__} at {name}:{frame.name}"


def describe_error(error: BaseException) -> str:
    """``Type: first line of the message``, bounded, whatever the exception."""
    try:
        text = str(error)
    except Exception:
        text = "<str() raised>"
    first = text.splitlines()[0] if text else ""
    return f"{type(error).__name__}: {first[:200]}"


class _Run:
    """The checks of one case, collecting violations and counting entry-point calls."""

    def __init__(self, case: Case, calls: Counter[str]) -> None:
        self.case = case
        self.calls = calls
        self.found: list[Violation] = []

    def add(self, invariant: str, entry: str, location: str, detail: str) -> None:
        self.found.append(Violation(invariant, entry, location, detail))

    def crashed(self, entry: str, error: BaseException, note: str = "") -> None:
        self.add("no-unexpected-exception", entry, where(error), note + describe_error(error))

    # --- output checks ---------------------------------------------------------------

    def text(self, entry: str, what: str, produce: Callable[[], object]) -> str | None:
        """``produce()`` as text: it must not raise nor show the marker."""
        try:
            text = str(produce())
        except Exception as error:
            self.add(
                "repr-str-never-raise", entry, where(error), f"{what}: {describe_error(error)}"
            )
            return None
        if MARKER in text:
            self.add("no-secret-in-output", entry, what, f"the marker is in {what}")
        return text

    def issues(self, entry: str, issues: Iterable[ss.Issue], document: Any) -> None:
        """Bounded one-line messages, resolvable paths, one root cause per value."""
        codes_at: dict[str, set[str]] = {}
        for issue in issues:
            message, code = issue.message, issue.code
            if len(message) > MESSAGE_LIMIT:
                self.add(
                    "message-bounded",
                    entry,
                    code,
                    f"{len(message)} characters at {issue.path[:80]!r}: {message[:100]!r}...",
                )
            if len(message.splitlines()) > 1:
                self.add("message-one-line", entry, code, f"{message[:160]!r}")
            if MARKER in message:
                self.add("no-secret-in-output", entry, f"message [{code}]", f"{message[:160]!r}")
            if document is not NO_PAYLOAD and not resolves(document, issue.path):
                self.add(
                    "path-resolves",
                    entry,
                    code,
                    f"{issue.path[:120]!r} ({code}) names nothing in the document",
                )
            if issue.severity == "error":
                codes_at.setdefault(issue.path, set()).add(code)
            self.text(entry, "str(Issue)", functools.partial(str, issue))
        for path, codes in codes_at.items():
            codes.discard("not-trainable")  # about the model type, not the value at the path
            if len(codes) > 1 and codes & ROOT_CAUSES:
                causes = "+".join(sorted(codes & ROOT_CAUSES))
                every = "+".join(sorted(codes))
                self.add(
                    "one-root-cause",
                    entry,
                    f"{causes} and more",
                    f"errors {every} at {path[:120]!r}",
                )

    def report(self, entry: str, report: ss.Report, document: Any) -> None:
        self.issues(entry, report.issues, document)
        self.text(entry, "repr(Report)", lambda: repr(report))

    # --- raw text --------------------------------------------------------------------

    def raw_text(self, text: str) -> None:
        self.calls["decode"] += 1
        try:
            document = decode(Unit("<fuzz>", None, text))
        except Exception as error:
            self.crashed("decode", error)
            return
        decoded = NO_PAYLOAD if document.problem is not None else document.payload
        if document.problem is not None:
            self.issues("decode", [document.problem], NO_PAYLOAD)
        self.calls["check_text"] += 1
        try:
            result = check_text(text, self.case.drift_schema)
        except Exception as error:
            self.crashed("check_text", error)
            return
        self.issues("check_text", result.issues, decoded)

    # --- documents -------------------------------------------------------------------

    def document(self, payload: Any) -> None:
        case, name = self.case, self.case.schema
        cls = SCHEMAS[name]
        reports: dict[str, ss.Report] = {}
        loaded: dict[Mode, Any] = {}
        modes: tuple[Mode, ...] = ("strict", "lenient")
        for mode in modes:
            self.calls["validate"] += 1
            try:
                report = ss.validate(payload, name, mode=mode, check_formats=case.check_formats)
            except Exception as error:
                self.crashed("validate", error, f"{mode}: ")
                continue
            reports[mode] = report
            self.report("validate", report, payload)
            obj = self.load(cls, payload, mode, report)
            if obj is not None:
                loaded[mode] = obj
        if len(reports) == 2:
            strict = {(i.path, i.code) for i in reports["strict"].errors}
            missing = [
                pair for i in reports["lenient"].errors if (pair := (i.path, i.code)) not in strict
            ]
            if missing:
                path, code = missing[0]
                self.add(
                    "strict-includes-lenient",
                    "validate",
                    code,
                    f"lenient error {code} at {path[:120]!r} is not a strict error",
                )
        if case.expected is not None and "strict" in reports:
            errors = {(i.path, i.code) for i in reports["strict"].errors}
            if errors != {case.expected}:
                path, code = case.expected
                self.add(
                    "mutation-reported",
                    "validate",
                    code,
                    f"expected only {code} at {path!r}, got {sorted(errors)[:4]}",
                )
        self.calls["dump"] += 1
        try:
            ss.dump(payload)
        except TypeError:
            pass
        except Exception as error:
            self.crashed("dump", error, "dump(non-contract): ")
        else:
            self.add("dump-refuses-non-contract", "dump", type(payload).__name__, "returned")
        self.drift(payload)
        self.training(payload, loaded)
        for mode, obj in loaded.items():
            if not self.roundtrip(obj, payload, mode):
                return
        if loaded:
            self.aliasing(cls, payload, "strict" if "strict" in loaded else "lenient")

    def load(self, cls: type[Contract], payload: Any, mode: Mode, report: ss.Report) -> Any:
        """Load in ``mode``: the object, or None when it raised (each outcome checked)."""
        case = self.case
        self.calls["load"] += 1
        try:
            obj = ss.load(cls, payload, mode=mode, check_formats=case.check_formats)
        except ss.ContractError as error:
            self.issues("load", error.issues, payload)
            text = self.text("load", "str(ContractError)", functools.partial(str, error))
            self.text("load", "repr(ContractError)", functools.partial(repr, error))
            if text is not None and text.count("\n") >= CONTRACT_ERROR_LINES:
                lines = text.count("\n") + 1
                self.add("error-summary-bounded", "load", "line breaks", f"{lines} lines")
            if error.issues != report.issues:
                self.add(
                    "load-issues-equal-validate",
                    "load",
                    mode,
                    f"{len(error.issues)} issues from load, {len(report.issues)} from validate",
                )
            if report.ok:
                first = error.issues[0].code if error.issues else "no issue"
                self.add("validate-ok-iff-load", "load", f"load raised ({first})", mode)
            return None
        except Exception as error:
            self.crashed("load", error, f"{mode}: ")
            return None
        if not isinstance(obj, cls):
            self.add(
                "load-returns-instance",
                "load",
                f"returned {type(obj).__name__}",
                f"{mode}: load returned {type(obj).__name__}, not {cls.__name__}",
            )
            return None
        if not report.ok:
            first = report.errors[0].code
            self.add("validate-ok-iff-load", "load", f"load accepted ({first})", mode)
        self.text("load", "repr(object)", lambda: repr(obj))
        self.text("load", "str(object)", lambda: str(obj))
        return obj

    def roundtrip(self, obj: Any, payload: Any, mode: Mode) -> bool:
        self.calls["dump"] += 1
        try:
            dumped = ss.dump(obj)
        except Exception as error:
            self.crashed("dump", error, f"{mode}: ")
            return False
        difference = same(payload, dumped)
        if difference is None:
            return True
        path, kind, wanted, got = difference
        self.add(
            "roundtrip-exact",
            "dump",
            kind,
            f"{mode}: at {path[:120]!r} the input holds {wanted}, dump gives {got}",
        )
        return False

    def aliasing(self, cls: type[Contract], payload: Any, mode: Mode) -> None:
        """Mutate the input, dump's output and the object's containers; the dump must not move."""
        expected = to_plain(payload)

        def fresh() -> tuple[Any, Any]:
            source = clone(payload)
            return source, ss.load(cls, source, mode=mode)

        try:
            source, obj = fresh()
            _mutate_all(c for _, c in containers(source))
            self.unchanged("no-alias-input", obj, expected, source)
            _, obj = fresh()
            dumped = ss.dump(obj)
            _mutate_all(c for _, c in containers(dumped))
            self.unchanged("no-alias-dump", obj, expected, dumped)
            _, obj = fresh()
            reached = list(_object_containers(obj))
            _mutate_all(container for _, container in reached)
        except Exception as error:
            self.crashed("load", error, "reloading a valid document: ")
            return
        mutable: dict[str, list[str]] = {}
        for label, container in reached:
            if _was_mutated(container):
                kind = "extra" if label.endswith(".extra") else "a field"
                mutable.setdefault(f"{_family(container)} in {kind}", []).append(
                    f"{label} ({type(container).__name__})"
                )
        for location, labels in sorted(mutable.items()):
            shown = ", ".join(sorted(set(labels))[:4])
            self.add(
                "frozen-object-immutable",
                "load",
                location,
                f"a {location} of the loaded object accepts mutation ({shown})",
            )

    def unchanged(self, invariant: str, obj: Any, expected: Any, mutated: Any) -> None:
        """After mutating ``mutated``, the object's dump must still be ``expected``."""
        difference = same(expected, ss.dump(obj))
        if difference is None:
            return
        path, node = difference[0], _node_at(mutated, difference[0])
        self.add(
            invariant,
            "load",
            _family(node),
            f"after mutating the {type(node).__name__} at {path[:80]!r},"
            " the object's dump changed there",
        )

    # --- drift -----------------------------------------------------------------------

    def drift(self, payload: Any) -> None:
        self.calls["drift"] += 1
        try:
            report = ss.drift([payload], self.case.drift_schema)
        except Exception as error:
            self.crashed("drift", error)
            return
        self.text("drift", "repr(DriftReport)", lambda: repr(report))
        if self.case.drift_json:
            self.text("drift", "DriftReport.to_json()", lambda: json.dumps(report.to_json()))

    # --- training --------------------------------------------------------------------

    def training(self, payload: Any, loaded: dict[Mode, Any]) -> None:
        case = self.case
        targets: list[tuple[Any, Any]] = [(payload, payload)]
        for obj in loaded.values():
            with contextlib.suppress(Exception):  # reported by the round trip check
                targets.append((obj, ss.dump(obj)))
            break
        if case.schema == "model-parameters":
            for argument, document in targets:
                self.preflight(
                    "check_training_parameters",
                    lambda argument=argument: ss.check_training_parameters(  # type: ignore[misc]
                        argument,
                        case.model_type,
                        training_images=case.training_images,
                        strict=case.strict_training,
                    ),
                    document,
                    "",
                    known_type=case.model_type in DEFAULT_POLICY.families
                    and case.model_type not in REMOVED_TYPES,
                )
        elif case.schema in ("model", "train-action-response"):
            for argument, document in targets:
                response = (
                    isinstance(document, Mapping) and "model" in document and "id" not in document
                )
                model = document["model"] if response else document
                # A model that names no type is the caller's error: ValueError (a type the
                # revision does not have is the document's: an unknown-model-type warning).
                named = not isinstance(model, Mapping) or model.get("type") is not None
                self.preflight(
                    "check_model_training",
                    lambda argument=argument: ss.check_model_training(  # type: ignore[misc]
                        argument, training_images=case.training_images, strict=case.strict_training
                    ),
                    document,
                    "/model/parameters" if response else "/parameters",
                    known_type=named,
                )

    def preflight(
        self,
        entry: str,
        call: Callable[[], ss.TrainingReport],
        document: Any,
        prefix: str,
        *,
        known_type: bool,
    ) -> None:
        images = self.case.training_images
        ordinary = images is None or (type(images) is int and 0 <= images <= SAFE_IMAGES)
        self.calls[entry] += 1
        try:
            report = call()
        except ValueError as error:
            self.text(entry, "str(ValueError)", functools.partial(str, error))
            if known_type and ordinary:
                self.add("training-arguments", entry, where(error), describe_error(error))
            return
        except TypeError as error:
            if known_type and (ordinary or type(images) is int):
                self.add("training-arguments", entry, where(error), describe_error(error))
            return
        except Exception as error:
            self.crashed(entry, error, f"training_images={_short(images)}: ")
            return
        if not known_type:
            self.add(
                "training-arguments", entry, "unknown model type accepted", self.case.model_type
            )
        if type(images) is int and images < 0 and report.ok:
            self.add("training-arguments", entry, "negative training_images accepted", str(images))
        self.report(entry, report, document)
        for name, setting in report.effective.items():
            self.text(entry, "repr(Setting)", functools.partial(repr, setting))
            if setting.source == "default" and not _in_range(name, setting.value):
                # At the field, or at the parameters object when it is not there to hold it.
                flagged = any(i.path in (f"{prefix}/{name}", prefix) for i in report.errors)
                if not flagged:
                    self.add(
                        "default-in-range",
                        entry,
                        name,
                        f"default {name}={_short(setting.value)} is outside its documented range"
                        f" (training_images={_short(images)})",
                    )


def _model_types(revision: str) -> frozenset[str]:
    return frozenset(getattr(class_spec(ss.Model, revision).by_wire["type"].shape, "values", ()))


REMOVED_TYPES = _model_types("page") - _model_types("latest")
"""The model types the default revision (``latest``) no longer has: the preflight refuses
them (ValueError) unless a revision that has them is named."""


def _short(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"<{value.bit_length()}-bit int>"
    return repr(value)


def _limits() -> dict[str, tuple[float | None, float | None]]:
    properties = ss.json_schema("model-parameters")["properties"]
    return {
        name: (spec.get("minimum", spec.get("exclusiveMinimum")), spec.get("maximum"))
        for name, spec in properties.items()
    }


_LIMITS = _limits()


def _in_range(name: str, value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return True
    if isinstance(value, float) and not math.isfinite(value):
        return False
    low, high = _LIMITS.get(name, (None, None))
    return (low is None or value >= low) and (high is None or value <= high)


def _mutate_all(found: Iterable[Any]) -> list[str]:
    """Append to every list and add a key to every mapping that lets it; their type names."""
    changed = []
    for container in list(found):
        try:
            if isinstance(container, MutableMapping):
                container[ALIAS_KEY] = ALIAS
            elif isinstance(container, list):
                container.append(ALIAS)
            else:
                continue
        except (TypeError, AttributeError):
            continue
        changed.append(type(container).__name__)
    return changed


def _node_at(document: Any, path: str) -> Any:
    """The value a JSON Pointer names in ``document`` (None when it names nothing)."""
    node = document
    for escaped in path.split("/")[1:]:
        token = escaped.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            node = node.get(token)
        elif isinstance(node, (list, tuple)) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _family(container: Any) -> str:
    """``mapping`` or ``list``: subclasses of one family are one finding."""
    if isinstance(container, Mapping):
        return "mapping"
    return "list" if isinstance(container, list) else type(container).__name__


def _was_mutated(container: Any) -> bool:
    if isinstance(container, Mapping):
        return ALIAS_KEY in container
    return isinstance(container, list) and bool(container) and container[-1] is ALIAS


def _object_containers(obj: Any) -> Iterable[tuple[str, Any]]:
    """Every list and mapping reachable from a contract object's attributes, with its attribute."""
    stack: list[tuple[str, Any]] = [("", obj)]
    seen: set[int] = set()
    while stack:
        label, value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if attrs.has(type(value)):
            for field in attrs.fields(type(value)):
                stack.append((f"{type(value).__name__}.{field.name}", getattr(value, field.name)))
        elif isinstance(value, Mapping):
            yield label, value
            stack.extend((label, item) for item in value.values())
        elif isinstance(value, (list, tuple)):
            if isinstance(value, list):
                yield label, value
            stack.extend((label, item) for item in value)


def check_case(case: Case, calls: Counter[str] | None = None) -> list[Violation]:
    """Every broken invariant of one input (each entry point called is counted in ``calls``)."""
    run = _Run(case, Counter() if calls is None else calls)
    if case.text is not None:
        run.raw_text(case.text)
    if case.payload is not NO_PAYLOAD:
        run.document(case.payload)
    return run.found
