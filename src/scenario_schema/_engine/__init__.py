"""The engine: every check of the contract in two forms, the reference and generated code.

The rest of the package uses the engine through the names below, and nothing else.

- ``reference.py``: the walker that reports every issue of any document, at its JSON
  Pointer; the oracle of the tests, and what reports a broken document's issues.
- ``generated.py``: the same checks as straight-line code per document class, for
  ``validate`` (a yes with the warnings, or a doubt) and ``load`` (the built object, or
  a doubt); ``freeform.py``, the walk of free-form values; ``dumpers.py``, ``dump``.
- ``documents.py``: the two together, as ``validate`` and ``load`` run them.
- ``constraints.py``: what each kind of constraint means, once, for both forms;
  ``messages.py``: the issues both append; ``prose.py``: the prose rules' two forms;
  ``codegen.py``: the namespace and compiling of generated code, kept in ``linecache``.

Imports flow from here down to the package's foundation (``_fields``, ``_rules``,
``_report``, ``_frozen``, ``_options``, ``_preview``) and never back up.
"""

from __future__ import annotations

from .codegen import compile_source, sources
from .documents import Kind, document_check, document_loader, generated_sources
from .dumpers import dump_source, dumper
from .generated import generate
from .messages import describe_shape
from .reference import (
    Check,
    Options,
    check_constructed,
    check_free_form,
    checker,
    compile_shape,
    structuring,
)

__all__ = [
    "Check",
    "Kind",
    "Options",
    "check_constructed",
    "check_free_form",
    "checker",
    "compile_shape",
    "compile_source",
    "describe_shape",
    "document_check",
    "document_loader",
    "dump_source",
    "dumper",
    "generate",
    "generated_sources",
    "sources",
    "structuring",
]
