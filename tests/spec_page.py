"""A reader of the rendered API reference page, for the conformance tests.

The page is a flat rendering: field lines (``name: Type``), descriptions,
``One of the following:`` literal lists and bound lines (``maximum4``,
``minimum-2``, ``exclusiveMinimum``). Fields appear in depth-first order, each
object's fields right after the field that holds it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import attrs

PAGE = Path(__file__).resolve().parent.parent / "docs" / "spec" / "models-train-action.txt"
SHARED_PAGE = Path(__file__).resolve().parent.parent.parent / "shared" / "spec" / PAGE.name

_TYPE = r"(?:Optional\[|List\[|Dict\[|Literal\[|str$|float$|bool$|object$|Model\w*)"
_FIELD = re.compile(rf"^(?P<name>[a-z_][a-z0-9_]*): (?P<type>{_TYPE}.*)$")
_BOUND = re.compile(r"^(?P<keyword>maximum|minimum)(?P<value>-?[0-9.]+)$")


@attrs.define
class PageField:
    """One field line of the page, with what follows it."""

    name: str
    type: str
    literals: list[str | int] = attrs.Factory(list)
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False


def read_fields(text: str | None = None) -> list[PageField]:
    """Every field line of the page's reference part, in page order."""
    if text is None:
        text = PAGE.read_text(encoding="utf-8")
    reference = text.split("\nAction\n\nimport os", 1)[0]
    fields: list[PageField] = []
    in_literals = False
    for raw in reference.splitlines():
        line = raw.strip()
        match = _FIELD.match(line)
        if match:
            fields.append(PageField(match["name"], match["type"]))
            in_literals = False
            continue
        if not fields:
            continue
        current = fields[-1]
        if line == "One of the following:":
            in_literals = True
        elif in_literals and re.fullmatch(r'"[^"]*"|-?\d+', line):
            current.literals.append(json.loads(line))
        elif line == "exclusiveMinimum":
            current.exclusive_minimum = True
        elif bound := _BOUND.match(line):
            setattr(current, bound["keyword"], float(bound["value"]))
        elif line:
            in_literals = False
    for field in fields:
        inline = re.search(r"Literal\[([^\]]*)\]", field.type)
        if inline and not field.literals and " more" not in inline[1]:
            field.literals = json.loads(f"[{inline[1]}]")
    return fields


def example_response(text: str | None = None) -> object:
    """The page's example response (the first JSON document after the code sample)."""
    if text is None:
        text = PAGE.read_text(encoding="utf-8")
    start = text.index("print(response.model)\n") + len("print(response.model)\n")
    document, _ = json.JSONDecoder().raw_decode(text[start:])
    return document
