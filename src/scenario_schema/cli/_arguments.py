"""The command line's parser: every subcommand, its options, and its help.

Every subcommand's help gives its output formats and exit statuses (the epilogs).
"""

from __future__ import annotations

import argparse
from typing import Any

from .._drift import DEFAULT_FAIL_ON, FINDING_KINDS
from .._options import MAX_DEPTH, MODES
from .._revisions import LATEST, REVISIONS
from .._version import __version__
from ..models import SCHEMAS
from ._output import (
    DEBUG_VARIABLE,
    PROG,
)
from ._tools import (
    STUB_EXTRA,
)


def _fault(text: str) -> Any:
    from ..stub import parse_fault

    try:
        return parse_fault(text)
    except ValueError as refused:
        raise argparse.ArgumentTypeError(str(refused)) from None


# --- the parser: every subcommand's help gives its output formats and exit statuses ----

_DEEP = f"nested deeper than {MAX_DEPTH} levels"
_RUN_STATUSES = (
    "  2    usage error, unreadable input or line, or no document at all\n"
    "  130  interrupted (Ctrl-C)\n"
    "  141  the output was closed before the end (e.g. `| head`): the run did not finish\n"
)
_FORMAT_MEANING = (
    "  in every command, --format json writes only JSON to stdout, escaped to ASCII;\n"
    "  messages about the run (usage, no documents, interrupts) go to stderr\n"
)


def _epilog(formats: str, statuses: str) -> str:
    return f"output:\n{formats}\nexit status:\n{statuses}{_RUN_STATUSES}"


_VALIDATE_EPILOG = _epilog(
    "  text  a status line per document with issues (and per whole file) that counts\n"
    "        its warnings by code, its errors one per line with their JSON Pointer\n"
    "        (--show-warnings: its warnings too), then a summary line; -q: only the\n"
    "        documents with errors and their errors, and no summary\n"
    "  json  JSON Lines: one object per document, in input order:\n"
    '        {"source", "line", "schema", "valid", "issues": [{"path", "code",\n'
    '        "message", "severity"}]}; no summary line\n' + _FORMAT_MEANING,
    "  0    every document valid (warnings allowed)\n"
    f"  1    a document invalid (one {_DEEP} included)\n",
)
_CHECK_PARAMS_EPILOG = _epilog(
    "  text  the verdict (warnings counted by code), the errors one per line (the\n"
    "        warnings too with --show-warnings), the table of effective parameters;\n"
    "        with --quiet, only documents not ready: their verdict and errors\n"
    "  json  JSON Lines: one object per document:\n"
    '        {"source", "modelType", "family", "valid", "issues", "effective"}\n' + _FORMAT_MEANING,
    "  0    ready to train (warnings allowed)\n"
    "  1    not ready: an error in the parameters, or a document\n"
    f"       {_DEEP} (invalid in every command)\n",
)
_DRIFT_EPILOG = _epilog(
    "  text  the findings of the --fail-on kinds, most widespread first, with examples\n"
    "        (--show-warnings: the others too; -q: nothing else), the findings per\n"
    "        revision and the one to try\n"
    "  json  one JSON document (indented over several lines): the report, findings\n"
    '        sorted by kind and pattern, plus "inputErrors"\n' + _FORMAT_MEANING,
    "  0    no finding of the --fail-on kinds\n"
    "  1    findings of the --fail-on kinds (a document\n"
    f"       {_DEEP} is a depth finding)\n",
)
_SCHEMA_EPILOG = _epilog(
    "  the JSON Schema as one JSON document (no --format: it is always JSON);\n"
    "  with --write, one line per file written\n",
    "  0    printed or written\n",
)
_CODEGEN_EPILOG = _epilog(
    "  Python source: each generated module, after a comment line that names it as\n"
    "  tracebacks do (# <scenario_schema generated N: ...>); check and load come with\n"
    "  the prose rules' function of every value of their deciding field\n",
    "  0    printed\n",
)
_DIFF_EPILOG = _epilog(
    "  text  a summary line, then each change: kind, parties it breaks, path pattern,\n"
    "        description, grouped by document\n"
    "  json  one JSON document (indented over several lines): the revisions and the\n"
    '        changes, each {"schema", "path", "kind", "description", "breaks"}\n' + _FORMAT_MEANING,
    "  0    nothing breaks the --fail-on parties (default: none)\n"
    "  1    a change breaks one of the --fail-on parties\n",
)
_MAIN_EPILOG = (
    "every COMMAND --help gives its output formats and exit statuses:\n"
    "0 valid, 1 invalid, 2 usage error / unreadable input / no documents,\n"
    "130 interrupted, 141 output closed early.\n"
    f"Set {DEBUG_VARIABLE}=1 to see a traceback instead of a one-line internal error."
)


def _whole_number(text: str, least: int | None = None) -> int:
    """An option's whole number (of at least ``least``); argparse names the option."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or (least is not None and value < least):
        wanted = "a whole number" if least is None else f"a whole number of at least {least}"
        msg = f"expected {wanted}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return value


def _positive(text: str) -> int:
    """A whole number from 1 (``--jobs``)."""
    return _whole_number(text, 1)


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text for people, json for programs (see output below; default: text)",
    )


def build_parser() -> argparse.ArgumentParser:
    raw = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Check Scenario API documents against the scenario-schema contract.",
        epilog=_MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="validate JSON or JSON Lines documents",
        description="Validate documents; every issue is printed with its JSON Pointer.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=raw,
    )
    check.add_argument(
        "--schema",
        choices=("auto", *SCHEMAS),
        default="auto",
        help="what the documents are (default: auto: from their keys, a Model, a"
        " train/action response, a train/action body or training parameters; a document"
        " that fits none or several is a usage error, status 2)",
    )
    check.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="strict: every documented constraint is an error; lenient: undocumented"
        " enum values are warnings (default: strict)",
    )
    _revision_option(check)
    _forbid_unknown_option(check, "every undocumented field is an error (unknown-field)")
    _output_options(check)
    _add_format(check)
    check.add_argument(
        "--check-formats", action="store_true", help="also check ISO 8601 date-time strings"
    )
    check.add_argument(
        "--lines",
        action="store_true",
        help="read every input as JSON Lines (.jsonl and .ndjson files always are)",
    )
    check.add_argument(
        "--jobs",
        type=_positive,
        default=1,
        metavar="N",
        help="validate in N processes; the output keeps the input order (default: 1)",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="a file, or - for stdin")

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a document",
        description="Print a JSON Schema (Draft 2020-12) generated from the contract's classes.",
        epilog=_SCHEMA_EPILOG,
        formatter_class=raw,
    )
    schema.add_argument(
        "name", nargs="?", choices=tuple(SCHEMAS), metavar="NAME", help=", ".join(SCHEMAS)
    )
    schema.add_argument(
        "--mode",
        choices=MODES,
        default="strict",
        help="lenient: enum fields also accept undocumented values of the same type",
    )
    _revision_option(schema)
    _forbid_unknown_option(
        schema, "a closed schema: undocumented properties are not allowed (additionalProperties)"
    )
    schema.add_argument(
        "--write",
        metavar="DIR",
        help="write every schema, strict and lenient, of every revision into DIR"
        " (what `make schemas` runs)",
    )
    params = commands.add_parser(
        "check-params",
        help="check training parameters against the trainer of a model type",
        description="Check training parameters before submitting a job: the trainer's"
        " bounds, the parameters it takes, its defaults and the rules between fields."
        " Without --model-type, PATH holds a Model (or train/action response) checked"
        " against its own type; any other document without --model-type is a usage error.",
        epilog=_CHECK_PARAMS_EPILOG,
        formatter_class=raw,
    )
    params.add_argument("--model-type", metavar="TYPE", help="the model type, e.g. flux.1-lora")
    params.add_argument(
        "--training-images",
        type=_whole_number,  # its range is checked with the document's (training_image_count)
        metavar="N",
        help="number of training images (for defaults), a whole number from 0",
    )
    params.add_argument(
        "--strict", action="store_true", help="not-applicable and integer issues are errors"
    )
    params.add_argument(
        "--forbid-unknown",
        action="store_true",
        help="every undocumented parameter is an error (unknown-field); likely typos of"
        " documented ones always are (likely-typo)",
    )
    params.add_argument(
        "--show-warnings",
        action="store_true",
        help="list the warnings (text output counts them by code on the verdict line)",
    )
    params.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text output: print only documents not ready, their verdict and errors",
    )
    _revision_option(params)
    _add_format(params)
    params.add_argument("path", metavar="PATH", help="a JSON file, or - for stdin")

    drift = commands.add_parser(
        "drift",
        help="report where a stream of documents departs from the contract",
        description="Read documents (JSON, JSON Lines, stdin) and report, per path pattern,"
        " undocumented fields, undocumented enum values, missing required fields and broken"
        " bounds, most widespread first.",
        epilog=_DRIFT_EPILOG,
        formatter_class=raw,
    )
    drift.add_argument(
        "--schema",
        choices=("auto", *SCHEMAS),
        default="auto",
        help="what the documents are (default: auto: from their keys, as for validate;"
        " a document that fits no shape or several is an input error)",
    )
    _revision_option(drift)
    _add_format(drift)
    drift.add_argument(
        "--fail-on",
        metavar="KINDS",
        help="comma-separated finding kinds that make the exit status 1, of"
        f" {','.join(FINDING_KINDS)} (default: the drift kinds, {','.join(DEFAULT_FAIL_ON)})",
    )
    drift.add_argument("--lines", action="store_true", help="read every input as JSON Lines")
    drift.add_argument(
        "--show-warnings",
        action="store_true",
        help="list the findings not of the --fail-on kinds too (by default they are counted)",
    )
    drift.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only the findings of the --fail-on kinds and input errors (nothing when"
        " the run passes); the exit status is the same",
    )
    drift.add_argument("paths", nargs="+", metavar="PATH", help="a file, or - for stdin")

    changes = commands.add_parser(
        "diff",
        help="list what changed between two contract revisions, and whom it breaks",
        description="List every change from revision FROM to revision TO (fields, enum"
        " values, bounds, requirements, types), each with the parties it breaks: consumer"
        " (code pinned to FROM rejects some valid TO document) or producer (some valid FROM"
        " document is invalid under TO).",
        epilog=_DIFF_EPILOG,
        formatter_class=raw,
    )
    changes.add_argument(
        "from_revision",
        choices=_REVISION_CHOICES,
        metavar="FROM",
        help=f"the revision changed from: {', '.join(_REVISION_CHOICES)}",
    )
    changes.add_argument(
        "to_revision",
        choices=_REVISION_CHOICES,
        metavar="TO",
        help=f"the revision changed to: {', '.join(_REVISION_CHOICES)}",
    )
    _add_format(changes)
    changes.add_argument(
        "--fail-on",
        metavar="PARTIES",
        help="exit 1 when a change breaks one of these: consumer, producer or"
        " consumer,producer (default: never)",
    )
    spec = commands.add_parser(
        "openapi",
        help="print the OpenAPI 3.1 document of the model-training endpoints",
        description="Print the OpenAPI 3.1 document of GET /models/{modelId}, PUT"
        " /models/{modelId}/train and POST /models/{modelId}/train/action, its components"
        " generated from the contract.",
        epilog=_epilog("  the OpenAPI document as one JSON document\n", "  0    printed\n"),
        formatter_class=raw,
    )
    spec.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default="latest",
        help="the contract revision (default: latest)",
    )
    _add_stub_parser(commands)
    _codegen_parser(commands, raw)
    return parser


def _add_stub_parser(commands: Any) -> None:
    stub = commands.add_parser(
        "stub",
        help="serve a local stub of the model-training endpoints (the stub extra)",
        description="Serve GET /models/{modelId}, PUT /models/{modelId}/train and\n"
        "POST /models/{modelId}/train/action for any HTTP client, checked by the contract\n"
        "and the training preflight, with faults on request. Needs the stub extra:\n"
        f"{STUB_EXTRA}",
        epilog="output:\n"
        "  stderr: `listening on http://HOST:PORT` (the real port with --port 0), then the\n"
        "  model ids served; `stopped` after Ctrl-C\n\n"
        "exit status:\n"
        "  0    stopped by Ctrl-C (SIGINT), after a clean shutdown\n"
        "  2    usage error, the stub extra missing, a --models line or model refused,\n"
        "       or the address cannot be bound\n"
        "  143  stopped by SIGTERM, after the same clean shutdown\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    stub.add_argument(
        "--host", default="127.0.0.1", help="the address to bind (default: 127.0.0.1)"
    )
    stub.add_argument(
        "--port", type=int, default=8080, help="the port; 0 picks a free one (default: 8080)"
    )
    stub.add_argument("--seed", type=int, default=0, help="seeds models, ids and fault rates")
    stub.add_argument("--models", metavar="FILE", help="JSON Lines of Model documents to serve")
    stub.add_argument(
        "--count", type=_positive, default=5, help="models to generate without --models (5)"
    )
    stub.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default="latest",
        help="the contract revision (default: latest)",
    )
    stub.add_argument(
        "--fault",
        type=_fault,
        action="append",
        metavar="KIND[,key=value...]",
        help="inject a fault (repeatable): 429, 500, 503, latency, close, undocumented or"
        " revision; keys rate, nth, seconds, revision (e.g. 429,nth=2 or latency,seconds=0.5)",
    )
    stub.add_argument(
        "--polls", type=_positive, default=3, help="a training model is trained at this GET (3)"
    )
    stub.add_argument(
        "--seconds", type=float, metavar="S", help="or trained after S seconds (default: never)"
    )


def _codegen_parser(commands: Any, raw: type[argparse.HelpFormatter]) -> None:
    codegen = commands.add_parser(
        "codegen",
        help="print the generated Python source that checks, loads or dumps a document",
        description="Print the source that validate (--kind check), load or dump runs for"
        " NAME: the code generated from the contract's declarations, as it runs.",
        epilog=_CODEGEN_EPILOG,
        formatter_class=raw,
    )
    codegen.add_argument("name", choices=tuple(SCHEMAS), metavar="NAME", help=", ".join(SCHEMAS))
    codegen.add_argument(
        "--kind",
        choices=("check", "load", "dump"),
        default="check",
        help="check: validate's; load: the builder; dump: the dumper (default: check)",
    )
    codegen.add_argument(
        "--mode", choices=MODES, default="strict", help="as for validate (default: strict)"
    )
    codegen.add_argument(
        "--check-formats", action="store_true", help="as for validate: date-time strings too"
    )
    _revision_option(codegen)


_REVISION_CHOICES = (*REVISIONS, "latest")


def _revision_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--revision",
        choices=_REVISION_CHOICES,
        default=None,  # latest, filled in by fill_revision: the output names one given
        help="the contract revision: latest (the newest, today"
        f" {LATEST}: the default), sdk-2.4 (the API as of SDK 2.4.0) or page (the"
        " reference page); name one to pin the result",
    )


def _output_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--show-warnings",
        action="store_true",
        help="list every warning in text output (by default a document's status line"
        " counts its warnings by code)",
    )
    command.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="text output: print only the documents with errors and their errors (nothing"
        " when all are valid); the exit status is the same",
    )


def _forbid_unknown_option(command: argparse.ArgumentParser, meaning: str) -> None:
    command.add_argument(
        "--forbid-unknown",
        action="store_true",
        help=f"{meaning}; by default undocumented fields are warnings, as the API may add some",
    )


def fill_revision(args: argparse.Namespace) -> None:
    """Default ``--revision`` to ``latest``; ``revision_given`` says whether one was named.

    A revision named on the command line is named in the output (the default is not),
    so a pinned run says what it was pinned to.
    """
    if hasattr(args, "revision"):
        args.revision_given = args.revision is not None
        if args.revision is None:
            args.revision = "latest"
