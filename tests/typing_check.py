"""Static checks of the public API's types: mypy --strict reads this file, pytest does not run it.

Each ``assert_type`` fails the type check (and so ``make test``) if the public
signatures stop saying what users rely on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
from typing_extensions import assert_type

import scenario_schema as ss


def _public_api(payload: Any) -> None:
    response = ss.load(ss.TrainActionResponse, payload)
    assert_type(response, ss.TrainActionResponse)
    assert_type(response.model.parameters, ss.ModelParameters | None)
    assert_type(response.model.type, ss.ModelType)
    assert_type(ss.dump(response), dict[str, Any])
    report = ss.validate(payload, "model", mode="lenient")
    assert_type(report, ss.Report)
    assert_type(report.ok, bool)
    assert_type(report.issues, tuple[ss.Issue, ...])
    params = ss.ModelParameters(rank=16)
    assert_type(attrs.evolve(params, rank=32), ss.ModelParameters)
    status: ss.ModelStatus = "trained"
    assert_type(status, ss.ModelStatus)


def _read_only(payload: Any) -> None:
    # Loaded containers are read-only (TypeError at run time): mutating one is a type
    # error too (tests/test_typing.py checks the same in pyright).
    r = ss.load(ss.TrainActionResponse, payload)
    r.model.tags.append("x")  # type: ignore[attr-defined]
    r.model.extra["k"] = 1  # type: ignore[index]
    assert_type(r.model.tags[0], str)
    assert_type(r.model.inputs, Sequence[ss.ModelInput] | None)
    ss.ModelParameters(sample_prompts=("a", "b"))  # a tuple is a sequence: taken as a list


def _load_by_name(payload: Any) -> None:
    assert_type(ss.load("model", payload), ss.Model)
    assert_type(ss.load("train-action-response", payload), ss.TrainActionResponse)
    assert_type(ss.load("train-action-params", payload, mode="lenient"), ss.TrainActionParams)
    assert_type(ss.load("model-parameters", payload), ss.ModelParameters)
    assert_type(ss.load(ss.ModelEpoch, payload), ss.ModelEpoch)
    ss.load("modle", payload)  # type: ignore[call-overload]
    assert_type(ss.dump_json(ss.ModelParameters(rank=16)), bytes)
    assert_type(ss.validate(payload, "model").to_json(), dict[str, Any])


def _text_and_converter(payload: Any, text: str, data: bytes) -> None:
    assert_type(ss.load_json(ss.Model, text), ss.Model)
    assert_type(ss.validate_json(data, "model-parameters", mode="lenient"), ss.Report)
    assert_type(ss.converter.structure(payload, list[ss.Model]), list[ss.Model])
    assert_type(
        ss.converter.structure(payload, dict[str, ss.ModelParameters]),
        dict[str, ss.ModelParameters],
    )
    assert_type(ss.make_converter(mode="lenient").structure(payload, ss.Model), ss.Model)


def _schema_names(payload: Any) -> None:
    # Each misspelt name must be an arg-type error: with --strict, mypy reports an
    # ignore comment that is not needed, so a name the checker accepts fails here.
    ss.validate(payload, "modle")  # type: ignore[arg-type]
    ss.validate_json("{}", "train-action")  # type: ignore[arg-type]
    ss.json_schema("Model")  # type: ignore[arg-type]
    ss.drift([payload], "models")  # type: ignore[arg-type]
    name: ss.SchemaName = "train-action-params"
    assert_type(ss.validate(payload, name), ss.Report)
    ss.drift([payload], "auto")


def _revisions(payload: Any) -> None:
    revision: ss.Revision = "sdk-2.4"
    assert_type(ss.validate(payload, "model", revision=revision), ss.Report)
    model = ss.load(ss.Model, payload, revision="latest")
    assert_type(model.deleted_at, str | None)
    found = ss.diff("page", revision)
    assert_type(found, ss.Diff)
    assert_type(found.changes, tuple[ss.Change, ...])
    assert_type(found.breaking("consumer"), tuple[ss.Change, ...])
    assert_type(ss.drift([payload], revision=revision).suggested_revision(), str | None)
    assert_type(ss.REVISIONS, tuple[str, ...])
