"""The subcommands that print or serve the contract: `schema`, `codegen`, `openapi`, `stub`."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import IO, Any

from .._engine import generated_sources
from .._json_schema import SCHEMA_REVISIONS, schema_file_name, schema_text
from .._json_text import decode_json
from .._options import MODES
from ..models import SCHEMAS
from ._output import (
    EXIT_USAGE,
    EXIT_VALID,
    complain,
    emit,
    emit_json,
    one_line,
)


def schema_command(args: argparse.Namespace, out: IO[str]) -> int:
    if args.write:
        folder = Path(args.write)
        folder.mkdir(parents=True, exist_ok=True)
        for revision in SCHEMA_REVISIONS:
            for name in SCHEMAS:
                for mode in MODES:
                    target = folder / schema_file_name(name, mode, revision)
                    text = schema_text(name, mode=mode, revision=revision)
                    target.write_text(text, encoding="utf-8")
                    emit(out, f"wrote {target}")
        return EXIT_VALID
    if args.name is None:
        complain("schema", "give a NAME or --write DIR")
        return EXIT_USAGE
    out.write(
        schema_text(
            args.name, mode=args.mode, revision=args.revision, forbid_unknown=args.forbid_unknown
        )
    )
    return EXIT_VALID


def codegen_command(args: argparse.Namespace, out: IO[str]) -> int:
    """Print the generated source that validate (check), load or dump runs for a schema."""
    cls = SCHEMAS[args.name]
    modules = generated_sources(
        cls, args.kind, args.mode, check_formats=args.check_formats, revision=args.revision
    )
    for filename, source in modules:
        out.write(f"# {filename}\n{source}\n")
    return EXIT_VALID


def openapi_command(args: argparse.Namespace, out: IO[str]) -> int:
    from .._openapi import openapi

    emit_json(out, openapi(revision=args.revision), indent=2)
    return EXIT_VALID


STUB_EXTRA = "pip install 'scenario-schema[stub]'"


def stub_command(args: argparse.Namespace, out: IO[str]) -> int:
    """Serve the stub until Ctrl-C; the server code lives in ``scenario_schema.stub``."""
    try:
        import uvicorn  # noqa: F401 - only to say which extra is missing, before any work

        from ..stub import Stub, serve
    except ImportError as missing:
        complain("stub", f"needs the stub extra ({missing.name or missing}): {STUB_EXTRA}")
        return EXIT_USAGE
    models = None
    if args.models is not None:
        models = _model_lines(Path(args.models))
        if models is None:
            return EXIT_USAGE
    try:
        stub = Stub(
            models,
            seed=args.seed,
            revision=args.revision,
            faults=args.fault or (),
            count=args.count,
            polls_to_train=args.polls,
            seconds_to_train=args.seconds,
        )
    except ImportError:
        complain("stub", f"generating models needs Hypothesis: {STUB_EXTRA}, or give --models")
        return EXIT_USAGE
    except ValueError as refused:  # ContractError included: a model that is not valid
        complain("stub", one_line(str(refused)))
        return EXIT_USAGE
    try:
        with contextlib.suppress(KeyboardInterrupt):  # uvicorn shut down, then re-raised SIGINT
            serve(stub, host=args.host, port=args.port, err=sys.stderr)
    except OSError as refused:  # the address: in use, not local, not permitted
        reason = refused.strerror or str(refused)
        complain("stub", f"cannot listen on {args.host}:{args.port}: {reason}")
        return EXIT_USAGE
    sys.stderr.write("stopped\n")
    return EXIT_VALID


def _model_lines(path: Path) -> list[Any] | None:
    """The Model documents of a JSON Lines file, or ``None`` (said on stderr) if one is not JSON."""
    models = []
    with path.open("rb") as stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            document, issue = decode_json(line, line=number)
            if issue is not None:
                complain("stub", f"{path}:{number}: {issue.message}")
                return None
            models.append(document)
    return models
