"""Shared fixtures: the page's example documents and the two modes."""

from __future__ import annotations

import copy
import json
import os
import signal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# A runner started as a background job without job control (`cmd &` in a script, nohup)
# ignores Ctrl-C, and so would every process the tests start: the tests of Ctrl-C would
# then test nothing. They run as in a terminal: the suite's processes take SIGINT.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
EXAMPLES = ROOT / "examples"

# `make test` runs the derandomized profile: the same examples on every run, no
# database, 200 examples per property. No health check is suppressed: said
# explicitly, because under CI=true Hypothesis's own defaults suppress too_slow.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    print_blob=True,
    suppress_health_check=(),
)
# The other interpreters' sessions and the lowest dependencies' (noxfile.py) run the same
# properties with a quarter of the examples: they check that the code runs there, the
# main session (CPython 3.11) that it is right; `make test` stays within half an hour.
settings.register_profile("ci-other-pythons", parent=settings.get_profile("ci"), max_examples=50)
settings.load_profile(os.environ.get("SCENARIO_SCHEMA_HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _cli_bugs_raise(monkeypatch: pytest.MonkeyPatch) -> None:
    """In every test, a CLI bug fails the test instead of becoming a one-line message."""
    from scenario_schema.cli import DEBUG_VARIABLE

    monkeypatch.setenv(DEBUG_VARIABLE, "1")


def canonical(value: Any) -> str:
    """A JSON document as text with sorted keys: equal texts, equal documents."""
    return json.dumps(value, sort_keys=True)


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return data


PAGE_EXAMPLE = _read("train-action-response.json")

# The page's example gives both triggerGenerate.after and .position, which the page
# says not to do: a `conflict` warning. The fixtures leave `after` out so that tests
# start from a document with no issue at all (test_validate checks the example as is).
_RESPONSE = copy.deepcopy(PAGE_EXAMPLE)
del _RESPONSE["model"]["uiConfig"]["triggerGenerate"]["after"]
# It also breaks rules the page writes in prose (src/scenario_schema/_rules.py), each a
# `not-applicable` warning: `epoch` and `epochs` on a `custom` model, and a `boolean`
# input with the fields of every other input type. The fixture's input is a `number`
# one (its `min`, `max` and `step` apply), without the others.
for _name in ("epoch", "epochs"):
    del _RESPONSE["model"][_name]
_INPUT = _RESPONSE["model"]["inputs"][0]
_INPUT["type"] = "number"
for _name in (
    "backgroundBehavior", "color", "inputs", "kind", "maxSize", "modelTypes", "parent",
    "placeholder", "prompt", "promptSpark",
):  # fmt: skip
    del _INPUT[_name]


@pytest.fixture
def response() -> dict[str, Any]:
    """The page's example train/action response with no issue, a fresh copy per test."""
    return copy.deepcopy(_RESPONSE)


@pytest.fixture
def model(response: dict[str, Any]) -> dict[str, Any]:
    """The page's example Model object."""
    model: dict[str, Any] = response["model"]
    return model


@pytest.fixture
def parameters(model: dict[str, Any]) -> dict[str, Any]:
    """The page's example training parameters."""
    parameters: dict[str, Any] = model["parameters"]
    return parameters


# The property tests run on every schema under the page, and under every other
# revision on the two documents the API exchanges (which hold the other two).
REVISION_CASES: list[tuple[str, str]] = [
    *((name, "page") for name in ("model", "train-action-response", "train-action-params",
                                  "model-parameters")),
    *((name, revision) for revision in ("sdk-2.4",)
      for name in ("train-action-response", "train-action-params")),
]  # fmt: skip


def per_revision(revision: str) -> settings:
    """The page's properties run the profile's examples; the other revisions' half of them
    (they share every code path with the page, and the suite must stay fast)."""
    if revision == "page":
        return settings()
    return settings(max_examples=max(settings().max_examples // 2, 10))


@pytest.fixture(params=["strict", "lenient"])
def mode(request: pytest.FixtureRequest) -> str:
    """Each validation mode in turn."""
    value: str = request.param
    return value
