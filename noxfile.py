"""Test sessions: the suite on every supported CPython, and on the lowest declared dependencies.

``make test`` runs ``nox`` with ``--error-on-missing-interpreters``, so a green run means
every session below ran. Each session gets its own virtual environment with the package
(editable), its ``testing`` extra and the ``test`` dependency group of ``pyproject.toml``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nox

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - nox itself runs on the venv's Python, 3.11 here
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
"""Every CPython the package declares (``requires-python`` and the classifiers)."""

LOWEST_PYTHON = PYTHONS[0]

nox.options.sessions = [*(f"tests-{version}" for version in PYTHONS), "lowest"]
nox.options.error_on_missing_interpreters = True
nox.options.reuse_venv = "yes"

# Tests that build and install the package or run other tools: once, in one session.
PACKAGING_MARK = "packaging"


PACKAGING_PYTHON = "3.11"
"""The session that also runs the packaging tests (build, install, docs, pre-commit)."""


def _install(session: nox.Session, *groups: str) -> None:
    session.install("--upgrade", "pip>=25.1")  # dependency groups (PEP 735) need pip 25.1
    session.install("-e", ".[testing]", *(f"--group={group}" for group in ("test", *groups)))


def _floors() -> list[str]:
    """``name==floor`` for every runtime dependency and the ``testing`` extra."""
    requirements = [
        *PYPROJECT["project"]["dependencies"],
        *PYPROJECT["project"]["optional-dependencies"]["testing"],
    ]
    pins = []
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*>=\s*([^,;\s]+)", requirement)
        if match is None:
            msg = f"every runtime dependency needs a >= floor: {requirement!r}"
            raise ValueError(msg)
        pins.append(f"{match.group(1)}=={match.group(3)}")
    return pins


def _profile(main: bool) -> dict[str, str]:
    """The Hypothesis profile of a session: the main one runs every example (tests/conftest.py)."""
    return {"SCENARIO_SCHEMA_HYPOTHESIS_PROFILE": "ci" if main else "ci-other-pythons"}


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite on one interpreter (the packaging tests in one session only)."""
    packaging = session.python == PACKAGING_PYTHON
    _install(session, *(["packaging", "docs", "lint"] if packaging else []))
    session.run("python", "--version")
    marks = [] if packaging else ["-m", f"not {PACKAGING_MARK}"]
    session.run("python", "-m", "pytest", *marks, *session.posargs, env=_profile(packaging))


@nox.session(python=LOWEST_PYTHON)
def lowest(session: nox.Session) -> None:
    """The suite with the lowest declared version of every runtime dependency."""
    _install(session)
    session.install(*_floors())
    check = "; ".join(
        f"assert version({name!r}) == {floor!r}, ({name!r}, version({name!r}))"
        for name, floor in (pin.split("==") for pin in _floors())
    )
    session.run("python", "-c", f"from importlib.metadata import version; {check}")
    session.run("python", "-m", "pip", "freeze", "--exclude-editable")
    session.run(
        "python", "-m", "pytest", "-m", f"not {PACKAGING_MARK}", *session.posargs,
        env=_profile(main=False),
    )  # fmt: skip
