"""The preflight and what it was not told: likely typos, undocumented parameters, no model type.

Also the rule tables it runs, its readable signatures and ``check-params``' text output.
"""

from __future__ import annotations

import inspect
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import scenario_schema as ss
from scenario_schema import _preflight, training
from scenario_schema.cli import main

EXAMPLES = Path(__file__).parent.parent / "examples"
TYPOS = {"rank": 16, "maxTrainStep": 1000, "learningrate": 0.5}
"""The case of issue 20: two misspelt parameters, silently left to their defaults before."""
TYPO_MESSAGES = [
    "undocumented parameter 'maxTrainStep': the trainer ignores it; did you mean 'maxTrainSteps'?",
    "undocumented parameter 'learningrate': the trainer ignores it; did you mean 'learningRate'?",
]


def _codes(report: ss.Report) -> list[tuple[str, str, str]]:
    return [(issue.path, issue.code, issue.severity) for issue in report.issues]


def _model(**fields: Any) -> dict[str, Any]:
    response = json.loads((EXAMPLES / "train-action-response.json").read_text())
    model: dict[str, Any] = response["model"]
    model.update(type="flux.1-lora", **fields)
    return model


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def typos_file(tmp_path: Path) -> Path:
    path = tmp_path / "params.json"
    path.write_text(json.dumps(TYPOS))
    return path


# --- likely typos: errors in the preflight ----------------------------------------------


@pytest.mark.parametrize("strict", [False, True])
def test_a_likely_typo_is_an_error_with_its_own_code(strict: bool) -> None:
    report = ss.check_training_parameters(TYPOS, "flux.1-lora", strict=strict)
    assert not report.ok
    assert _codes(report) == [
        ("/maxTrainStep", "likely-typo", "error"),
        ("/learningrate", "likely-typo", "error"),
    ]
    assert [issue.message for issue in report.issues] == TYPO_MESSAGES


def test_the_effective_parameters_mark_what_the_user_probably_meant() -> None:
    report = ss.check_training_parameters(TYPOS, "flux.1-lora", training_images=10)
    assert report.effective["learningRate"].value == 0.0001  # the default, not the 0.5 given
    assert report.effective["learningRate"].typos == ("learningrate",)
    assert report.effective["maxTrainSteps"].typos == ("maxTrainStep",)
    assert report.effective["rank"].typos == ()
    assert "typos=('learningrate',)" in repr(report.effective["learningRate"])


def test_a_typo_of_a_parameter_the_trainer_does_not_use_marks_no_row() -> None:
    report = ss.check_training_parameters({"learningrateunet": 1}, "flux.1-lora")
    assert _codes(report) == [("/learningrateunet", "likely-typo", "error")]
    assert report.issues[0].message.endswith("did you mean 'learningRateUnet'?")
    assert "learningRateUnet" not in report.effective


def test_a_typo_in_a_model_is_reported_under_its_parameters() -> None:
    model = _model(parameters={"rank": 16, "learningrate": 0.5})
    expected = [("/parameters/learningrate", "likely-typo", "error")]
    assert _codes(ss.check_model_training(model)) == expected
    response = ss.check_model_training({"model": model})
    assert _codes(response) == [("/model" + expected[0][0], *expected[0][1:])]
    assert response.effective["learningRate"].typos == ("learningrate",)


def test_a_typo_of_a_model_field_the_preflight_reads_is_an_error() -> None:
    model = _model()
    model["paramters"] = model.pop("parameters")
    model["trainingimagesnumber"] = 5
    model["descripton"] = "x"  # a typo, of a field the preflight does not read: left to validate
    report = ss.check_model_training({"model": model})
    assert [(i.path, i.code, i.severity) for i in report.issues if i.code == "likely-typo"] == [
        ("/model/paramters", "likely-typo", "error"),
        ("/model/trainingimagesnumber", "likely-typo", "error"),
    ]
    assert report.issues[0].message == (
        "undocumented field 'paramters': the preflight and the trainer do not read it;"
        " did you mean 'parameters'?"
    )


def test_a_misspelt_type_is_named_in_the_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = _model()
    model["Type"] = model.pop("type")
    with pytest.raises(ValueError, match="did you mean 'type'"):
        ss.check_model_training(model)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model))
    status, _, err = _run(capsys, "check-params", str(path))
    assert status == 2
    assert err.rstrip("\n").endswith("carries its own); did you mean 'type'?")


def test_a_secret_typo_never_shows_its_value(
    typos_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typos_file.write_text(json.dumps({"wandbkey": "top-secret-key"}))
    for output in ("text", "json"):
        status, out, _ = _run(
            capsys,
            "check-params",
            "--model-type",
            "flux.1-lora",
            "--format",
            output,
            str(typos_file),
        )
        assert status == 1
        assert "did you mean 'wandbKey'?" in out
        assert "top-secret-key" not in out


def test_cli_the_issues_case_fails_with_two_likely_typos(
    typos_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["check-params", "--strict", "--model-type", "flux.1-lora"]
    status, out, err = _run(capsys, *argv, str(typos_file))
    assert (status, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == f"{typos_file}: not ready (flux.1-lora, Flux LoRA): 2 errors, 0 warnings"
    assert lines[1:3] == [
        f"  error   /maxTrainStep: {TYPO_MESSAGES[0]} [likely-typo]",
        f"  error   /learningrate: {TYPO_MESSAGES[1]} [likely-typo]",
    ]
    (row,) = [line for line in lines if line.lstrip().startswith("learningRate ")]
    assert row.split()[:3] == ["learningRate", "0.0001", "default"]
    assert row.endswith("'learningrate' given: likely a typo of this (not read)")
    status, out, _ = _run(capsys, *argv, "--format", "json", str(typos_file))
    record = json.loads(out)
    assert [(i["code"], i["message"]) for i in record["issues"]] == [
        ("likely-typo", message) for message in TYPO_MESSAGES
    ]
    assert record["effective"]["learningRate"]["typos"] == ["learningrate"]
    assert "typos" not in record["effective"]["rank"]  # only a marked row carries the key


# --- forbid_unknown ------------------------------------------------------------------------


def test_undocumented_parameters_are_warnings_by_default() -> None:
    report = ss.check_training_parameters({"rank": 16, "foo": 1}, "flux.1-lora")
    assert report.ok
    assert _codes(report) == [("/foo", "unknown-field", "warning")]


def test_forbid_unknown_makes_every_undocumented_parameter_an_error() -> None:
    parameters = {"rank": 16, "foo": 1, "bar": {"x": 1}, "learningrate": 0.5}
    report = ss.check_training_parameters(parameters, "flux.1-lora", forbid_unknown=True)
    assert _codes(report) == [
        ("/foo", "unknown-field", "error"),
        ("/bar", "unknown-field", "error"),
        ("/learningrate", "likely-typo", "error"),  # a typo stays a typo
    ]


def test_forbid_unknown_on_a_model_applies_to_its_parameters() -> None:
    model = _model(parameters={"rank": 16, "foo": 1})
    assert _codes(ss.check_model_training(model)) == [
        ("/parameters/foo", "unknown-field", "warning")
    ]
    report = ss.check_model_training({"model": model}, forbid_unknown=True)
    assert _codes(report) == [("/model/parameters/foo", "unknown-field", "error")]


def test_cli_forbid_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"rank": 16, "foo": 1}))
    argv = ["check-params", "--model-type", "flux.1-lora", "--format", "json"]
    status, out, _ = _run(capsys, *argv, str(path))
    assert (status, json.loads(out)["issues"][0]["severity"]) == (0, "warning")
    status, out, _ = _run(capsys, *argv, "--forbid-unknown", str(path))
    issue = json.loads(out)["issues"][0]
    assert (status, issue["path"], issue["code"], issue["severity"]) == (
        1,
        "/foo",
        "unknown-field",
        "error",
    )


# --- no model type: a usage error ------------------------------------------------------------


@pytest.mark.parametrize("model_type", [None, ""])
def test_parameters_without_a_model_type_raise(model_type: Any) -> None:
    with pytest.raises(ValueError, match="model_type is required"):
        ss.check_training_parameters({"rank": 16}, model_type)


@pytest.mark.parametrize(
    "document", [{}, {"rank": 16}, {"model": {}}, {"id": "m", "type": None}, {"model": {"id": "m"}}]
)
def test_a_document_that_names_no_model_type_raises(document: dict[str, Any]) -> None:
    with pytest.raises(training.NoModelTypeError, match="names no model type"):
        ss.check_model_training(document)
    assert issubclass(training.NoModelTypeError, ValueError)


def test_a_model_that_carries_its_type_is_checked_without_one() -> None:
    assert ss.check_model_training(_model()).model_type == "flux.1-lora"


@pytest.mark.parametrize("document", ["{}", '{"rank": 16}', '{"model": {"id": "m"}}'])
def test_cli_without_a_model_type_is_a_usage_error(
    document: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(document))
    status, out, err = _run(capsys, "check-params", "-")
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("scenario-schema check-params: <stdin>: the document names no model type")
    assert "--model-type" in err


def test_cli_a_parameters_file_without_a_model_type_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, _, err = _run(capsys, "check-params", str(EXAMPLES / "flux-lora-parameters.json"))
    assert status == 2
    assert "--model-type" in err


# --- check-params' text output ---------------------------------------------------------------


def test_warnings_are_counted_by_code_and_listed_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"rank": 16, "foo": 1, "bar": 2, "lrScheduler": "constant"}))
    argv = ["check-params", "--model-type", "flux.1-lora", str(path)]
    status, out, _ = _run(capsys, *argv)
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == (
        f"{path}: ready to train (flux.1-lora, Flux LoRA): 0 errors, 3 warnings"
        " (1 deprecated, 2 unknown-field; --show-warnings to list)"
    )
    assert lines[1] == "effective parameters:"
    status, out, _ = _run(capsys, *argv, "--show-warnings")
    lines = out.splitlines()
    assert lines[0].endswith("0 errors, 3 warnings")
    assert [line.split()[0:2] for line in lines[1:4]] == [
        ["warning", "/foo:"],
        ["warning", "/bar:"],
        ["warning", "/lrScheduler:"],
    ]


def test_quiet_prints_nothing_when_ready(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "params.json"
    path.write_text(json.dumps({"rank": 16, "foo": 1}))
    for flag in ("-q", "--quiet"):
        assert _run(capsys, "check-params", flag, "--model-type", "flux.1-lora", str(path)) == (
            0,
            "",
            "",
        )


def test_quiet_prints_the_verdict_and_errors_only(
    typos_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typos_file.write_text(json.dumps({**TYPOS, "foo": 1}))
    argv = ["check-params", "-q", "--show-warnings", "--model-type", "flux.1-lora", str(typos_file)]
    status, out, _ = _run(capsys, *argv)
    assert status == 1
    assert out.splitlines() == [
        f"{typos_file}: not ready (flux.1-lora, Flux LoRA): 2 errors, 1 warning"
        " (1 unknown-field; --show-warnings to list)",
        f"  error   /maxTrainStep: {TYPO_MESSAGES[0]} [likely-typo]",
        f"  error   /learningrate: {TYPO_MESSAGES[1]} [likely-typo]",
    ]


def test_quiet_leaves_json_complete(typos_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    typos_file.write_text(json.dumps({"rank": 16, "foo": 1}))
    argv = ["check-params", "-q", "--format", "json", "--model-type", "flux.1-lora"]
    status, out, _ = _run(capsys, *argv, str(typos_file))
    record = json.loads(out)
    assert (status, record["valid"], len(record["issues"])) == (0, True, 1)
    assert record["effective"]


# --- the rule tables -------------------------------------------------------------------------


def test_the_rules_are_tables_of_small_functions() -> None:
    for table in (_preflight.GATES, _preflight.VALUE_RULES, _preflight.CROSS_RULES):
        assert isinstance(table, tuple)
        assert all(inspect.isfunction(rule) for rule in table)
        assert all(len(inspect.getsource(rule).splitlines()) <= 30 for rule in table)


def test_a_rule_reads_a_frozen_context_and_returns_issues() -> None:
    policy = training.DEFAULT_POLICY
    context = _preflight.Context(
        policy=policy,
        rules=policy.trainers["flux-lora"],
        model_type="flux.1-lora",
        revision="page",
        strict=False,
        given={"rank": 100},
    )
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        context.strict = True  # type: ignore[misc]
    found = [issue for rule in _preflight.VALUE_RULES for issue in rule(context, "rank", 100)]
    assert [(issue.path, issue.code) for issue in found] == [("/rank", "maximum")]
    gate = _preflight.GATES[1](context, "lrScheduler")
    assert gate is not None
    assert (gate.path, gate.code, gate.severity) == ("/lrScheduler", "not-applicable", "warning")
    strict = attrs.evolve(context, strict=True)
    refused = _preflight.GATES[1](strict, "lrScheduler")
    assert refused is not None
    assert refused.severity == "error"


def test_the_checker_state_is_gone() -> None:
    """No ``prefix`` set and reset around calls: the module holds no checker class."""
    assert not hasattr(training, "_Checker")
    source = inspect.getsource(training)
    assert ".prefix =" not in source


# --- readable signatures ---------------------------------------------------------------------


def _public_callables() -> Iterator[tuple[str, Callable[..., Any]]]:
    for module in (ss, training):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj):
                yield f"{module.__name__}.{name}", obj
            if inspect.isclass(obj):
                for attribute, member in vars(obj).items():
                    if callable(member) and not attribute.startswith("_"):
                        yield f"{module.__name__}.{name}.{attribute}", member


def test_no_public_signature_renders_a_long_default() -> None:
    checked = 0
    for name, function in _public_callables():
        try:
            signature = inspect.signature(function)
        except (TypeError, ValueError):  # a builtin without a signature
            continue
        checked += 1
        for parameter in signature.parameters.values():
            if parameter.default is not inspect.Parameter.empty:
                shown = repr(parameter.default)
                assert len(shown) <= 80, f"{name}({parameter.name}={shown[:60]}...)"
    assert checked > 30


def test_the_policy_default_is_none_meaning_the_default_policy() -> None:
    for function in (ss.check_training_parameters, ss.check_model_training):
        assert inspect.signature(function).parameters["policy"].default is None
    assert len(str(inspect.signature(ss.check_training_parameters))) < 400
    flux = training.DEFAULT_POLICY.trainers["flux-lora"]
    custom = attrs.evolve(
        training.DEFAULT_POLICY,
        trainers={
            **training.DEFAULT_POLICY.trainers,
            "flux-lora": attrs.evolve(flux, limits={"rank": training.Limits(2, 8)}),
        },
    )
    assert ss.check_training_parameters({"rank": 16}, "flux.1-lora").ok
    assert not ss.check_training_parameters({"rank": 16}, "flux.1-lora", policy=custom).ok


def test_a_depth_error_keeps_the_reports_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check-params`` adds a ``depth`` error to a report without losing its revision."""
    path = tmp_path / "deep.json"
    model = _model()
    model["default"] = json.loads("[" * 200 + "]" * 200)
    path.write_text(json.dumps(model))
    status, out, _ = _run(
        capsys, "check-params", "--revision", "sdk-2.4", "--format", "json", str(path)
    )
    record = json.loads(out)
    assert status == 1
    assert "depth" in {issue["code"] for issue in record["issues"]}
    assert record["revision"] == "sdk-2.4"


def test_a_misspelt_parameter_is_the_one_root_cause_of_its_value() -> None:
    """The key is the error: what its value holds (NaN) is not reported again there."""
    report = ss.check_training_parameters(
        {"CONCEPTPROMPT": float("inf"), "foo": [float("nan")]},
        "flux.1-lora",
        forbid_unknown=True,
    )
    assert [(i.path, i.code) for i in report.errors] == [
        ("/CONCEPTPROMPT", "likely-typo"),
        ("/foo", "unknown-field"),
    ]


def test_a_forbidden_field_is_the_one_root_cause_of_its_value() -> None:
    report = ss.validate(
        {"rank": 4, "foo": [float("nan")]}, "model-parameters", forbid_unknown=True
    )
    assert [(i.path, i.code, i.severity) for i in report.issues] == [
        ("/foo", "unknown-field", "error")
    ]
