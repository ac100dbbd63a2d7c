"""MkDocs hook: ``<!-- cli-help: COMMAND -->`` becomes that command's ``--help`` text.

The command line reference then shows what ``scenario-schema`` itself prints,
generated at build time, so it cannot fall behind the parser.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from typing import Any

from scenario_schema.cli import main

MARKER = re.compile(r"^<!-- cli-help:(?P<command>[\w -]*)-->$", re.MULTILINE)
WIDTH = "80"
"""Columns argparse wraps the help to: fixed, so the page is the same on every machine."""


def help_text(command: list[str]) -> str:
    """What ``scenario-schema COMMAND --help`` prints."""
    printed = io.StringIO()
    width, os.environ["COLUMNS"] = os.environ.get("COLUMNS"), WIDTH
    try:
        with contextlib.redirect_stdout(printed):
            status = main([*command, "--help"])
    finally:
        if width is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = width
    if status != 0:
        msg = f"scenario-schema {' '.join(command)} --help exited with {status}"
        raise ValueError(msg)
    return printed.getvalue()


def _replace(match: re.Match[str]) -> str:
    command = match.group("command").split()
    shown = " ".join(["scenario-schema", *command, "--help"])
    return f"```text\n$ {shown}\n{help_text(command)}```"


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace every help marker of a page with the help text it names."""
    return MARKER.sub(_replace, markdown)
