"""The ``scenario-schema`` command: check JSON documents against the contract.

``main`` takes its arguments and returns the exit status, so tests call it in
process. The statuses, the same in every subcommand:

- 0: every document valid (warnings allowed);
- 1: a document invalid (one nested deeper than the depth limit included);
- 2: a usage error, an unreadable input or line, an input with no document;
- 130: interrupted (Ctrl-C); 141: the output was closed before the end (``| head``).

``stub`` serves until stopped: Ctrl-C is its normal end, status 0 (SIGTERM: 143).

The command never prints a traceback: an unexpected error is one line on stderr
and status 2 (set ``SCENARIO_SCHEMA_DEBUG=1`` to see the traceback). Every line
it prints is one line: control characters and text the output cannot encode
are escaped, and lines are cut at ``_output.LINE_LIMIT`` characters.

One module a concern: ``_arguments`` (the parser and every help text), ``_output``
(what every subcommand prints with), a module per subcommand or kind of subcommand
(``_validate``, ``_check_params``, ``_drift``, ``_diff``, ``_tools``), and the
process engine that ``validate`` and ``batch`` run (``_batch``, ``_forked``). This
module only dispatches.
"""

from __future__ import annotations

import os
import sys

from ._arguments import build_parser, fill_revision
from ._check_params import check_params_command
from ._diff import diff_command
from ._drift import drift_command
from ._output import (
    DEBUG_VARIABLE,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    EXIT_VALID,
    complain,
)
from ._tools import codegen_command, openapi_command, schema_command, stub_command
from ._validate import validate_command

__all__ = [
    "DEBUG_VARIABLE",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_USAGE",
    "EXIT_VALID",
    "main",
]


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that the flush at exit cannot fail on a closed pipe."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file: nothing will flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module docstring)."""
    try:
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # argparse has printed the usage, the help or the version
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
        fill_revision(args)
        commands = {
            "validate": validate_command,
            "schema": schema_command,
            "check-params": check_params_command,
            "drift": drift_command,
            "diff": diff_command,
            "codegen": codegen_command,
            "openapi": openapi_command,
            "stub": stub_command,
        }
        status = commands[args.command](args, sys.stdout)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return status
    except KeyboardInterrupt:
        complain("", "interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `scenario-schema ... | head`: the rest was not checked
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        if isinstance(error, OSError):
            complain("", f"{error.strerror or error}")
        else:
            complain(
                "",
                f"internal error: {type(error).__name__}: {error}"
                f" (set {DEBUG_VARIABLE}=1 for the traceback, and please report it)",
            )
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
