"""Errors as data: an :class:`Issue` per problem, a :class:`Report` per document.

Paths are RFC 6901 JSON Pointers on the wire (camelCase) names, from the
document root, so they point into the payload the user actually holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

import attrs

__all__ = [
    "MAX_MESSAGE",
    "ContractError",
    "Issue",
    "Report",
    "Severity",
    "forbidding_unknown",
    "one_line",
    "pointer",
    "pointer_token",
    "report_of",
    "shortened",
    "tokens_of",
]

Severity = Literal["error", "warning"]

_ERROR_LINES_SHOWN = 10

MAX_MESSAGE = 300
"""Longest message of an :class:`Issue`, in characters; every message is one line."""

_PATH_SHOWN = 120
"""Longest path ``str(issue)`` shows (the ``path`` attribute itself is never cut)."""


def pointer_token(key: str) -> str:
    """Escape one reference token of a JSON Pointer (RFC 6901: ``~`` is ``~0``, ``/`` is ``~1``)."""
    return key.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build a JSON Pointer from unescaped tokens; ``pointer()`` is the root, ``""``."""
    return "".join("/" + pointer_token(str(token)) for token in tokens)


def tokens_of(path: str) -> list[str]:
    """The unescaped reference tokens of a JSON Pointer (the inverse of :func:`pointer`)."""
    return [token.replace("~1", "/").replace("~0", "~") for token in path.split("/")[1:]]


def one_line(message: str, limit: int = MAX_MESSAGE) -> str:
    """A text as one printable line of at most ``limit`` characters.

    Messages preview values rather than print them (``_preview.preview``), so this
    is a guarantee, not a formatter: characters that would break the line (and any
    other unprintable one) are escaped as ``repr`` escapes them, and a text still
    too long is cut, ending in ``...``.
    """
    if len(message) <= limit and message.isprintable():
        return message
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in message[:limit])
    if len(text) > limit or len(message) > limit:
        text = text[: limit - 3] + "..."
    return text


def shortened(items: Iterable[str], shown: int = 8) -> str:
    """Items joined by commas, cut after ``shown`` of them with a count of the rest.

    ``shortened(["a", "b", "c"], 2) == "a, b, ... and 1 more"``: a message names what it
    lists and says how much it leaves out, rather than being cut at a character.
    """
    listed = list(items)
    if len(listed) <= shown:
        return ", ".join(listed)
    return f"{', '.join(listed[:shown])}, ... and {len(listed) - shown} more"


@attrs.frozen
class Issue:
    """One problem found in a document, at its exact place.

    Attributes:
        path: JSON Pointer to the offending value (``""`` is the document root).
        code: A stable code from the documented vocabulary (``type``, ``maximum``...).
        message: One line a person understands, of at most :data:`MAX_MESSAGE`
            characters (see :func:`one_line`); never more than a short preview of a value.
        severity: ``"error"`` fails the document; ``"warning"`` does not.

    """

    path: str
    code: str
    message: str = attrs.field(converter=one_line)
    severity: Severity = "error"

    def to_json(self) -> dict[str, str]:
        """A JSON-ready dict: ``path``, ``code``, ``message``, ``severity`` (the CLI's)."""
        return {
            "path": self.path,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        """One line: the path (cut past 120 characters), the message and the code."""
        where = one_line(self.path, _PATH_SHOWN) if self.path else "(root)"
        return f"{where}: {self.message} [{self.code}]"


@attrs.frozen
class Report:
    """Every issue of one document, errors and warnings, in one pass."""

    issues: tuple[Issue, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the document has no error (warnings allowed)."""
        return not any(issue.severity == "error" for issue in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The issues that make the document invalid."""
        return tuple(issue for issue in self.issues if issue.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues worth knowing that do not make the document invalid."""
        return tuple(issue for issue in self.issues if issue.severity == "warning")

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: ``valid`` and ``issues``, as in ``validate --format json``.

        The command line's record adds where the document came from (``source``,
        ``line``), its ``schema`` and any non-default ``revision``.
        """
        return {"valid": self.ok, "issues": [issue.to_json() for issue in self.issues]}


_new_report = object.__new__
_set_issues = Report.__dict__["issues"].__set__


def report_of(issues: list[Issue]) -> Report:
    """``Report(tuple(issues))``, for the checks' own lists of issues, without ``__init__``."""
    report = _new_report(Report)
    _set_issues(report, tuple(issues))
    return report


def forbidding_unknown(issues: list[Issue]) -> list[Issue]:
    """The issues with every ``unknown-field`` warning raised to an error (``forbid_unknown``).

    An undocumented field is a warning by default (the API may add fields); asked to
    forbid them, the same issue, at the same pointer, fails the document. Its message
    no longer says the field is kept. Free-form values (``object``-typed fields) hold
    no field of the contract, so nothing in them is reported to raise.
    """
    if not any(issue.code == "unknown-field" and issue.severity == "warning" for issue in issues):
        return issues
    raised = [
        Issue(issue.path, issue.code, issue.message.replace(" (kept)", " (forbidden)"), "error")
        if issue.code == "unknown-field"
        else issue
        for issue in issues
    ]
    return under_refused_keys(raised, {i.path for i in raised if i.code == "unknown-field"})


def under_refused_keys(issues: list[Issue], refused: set[str]) -> list[Issue]:
    """The issues less those in the value of a field refused for its key (one root cause).

    A forbidden or misspelt field is the error: what its value holds (a NaN, a depth)
    is not reported again at or below its pointer.
    """
    if not refused:
        return issues
    return [
        issue
        for issue in issues
        if (issue.path in refused and issue.code in _KEY_CODES)
        or not any(issue.path == root or issue.path.startswith(root + "/") for root in refused)
    ]


_KEY_CODES = frozenset({"unknown-field", "likely-typo"})
"""The codes of an issue about a field's key, not its value."""


class ContractError(ValueError):
    """A document or value that breaks the contract; ``.issues`` holds every issue found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(self._summary())

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the issues (the message is derived), with any attributes set since.

        ``Exception`` pickles its ``args``, the summary text, which ``__init__`` would
        then read as issues: a ``load`` failing in a process pool worker would arrive as
        a ``BrokenProcessPool``.
        """
        state = {key: value for key, value in vars(self).items() if key != "issues"}
        return (self.__class__, (self.issues,), state or None)

    def _summary(self) -> str:
        errors = [issue for issue in self.issues if issue.severity == "error"]
        noun = "error" if len(errors) == 1 else "errors"
        lines = [f"{len(errors)} contract {noun}"]
        lines.extend(f"  {issue}" for issue in errors[:_ERROR_LINES_SHOWN])
        if len(errors) > _ERROR_LINES_SHOWN:
            lines.append(f"  ... and {len(errors) - _ERROR_LINES_SHOWN} more")
        return "\n".join(lines)
