"""JSON text to a document, with any failure to decode returned as an issue, never raised.

The command line and :func:`scenario_schema.validate_json` / ``load_json`` read
text through this one function, so they agree on every edge: ``NaN`` and
``Infinity`` tokens decode (and ``validate`` then reports them at their field
as ``not-finite``), a repeated key keeps its last value (as :func:`json.loads`
does), text nested too deep to decode is a ``depth`` issue, and anything else
that is not JSON is a ``malformed-json`` issue at the root with a one-line message.
"""

from __future__ import annotations

import json
from typing import Any

from ._report import Issue
from ._validate import MAX_DEPTH

__all__ = ["MALFORMED", "decode_json"]

MALFORMED = "malformed-json"
"""The code of an issue for text that is not JSON (or bytes that are not UTF-8)."""


def decode_json(
    text: str | bytes | bytearray, *, line: int | None = None
) -> tuple[Any, Issue | None]:
    """Decode JSON text: ``(document, None)``, or ``(None, issue)`` when it cannot be decoded.

    Args:
        text: The JSON text; bytes must be UTF-8 (RFC 8259), never guessed.
        line: The line the text starts at in a JSON Lines stream, reported in
            messages instead of the line within the text.

    """
    if not isinstance(text, str):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as error:
            message = f"not UTF-8: {error.reason} at byte {error.start}"
            return None, Issue("", MALFORMED, message)
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        row = error.lineno if line is None else line
        message = f"malformed JSON at line {row} column {error.colno}: {error.msg}"
        return None, Issue("", MALFORMED, message)
    except RecursionError:
        message = f"nesting goes deeper than {MAX_DEPTH} levels (too deep to decode)"
        return None, Issue("", "depth", message)
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        return None, Issue("", MALFORMED, f"malformed JSON: {error}")
