"""Likely typos (``_typos.py``): the rule, and its message wherever a key is undocumented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import scenario_schema as ss
from scenario_schema._fields import class_spec
from scenario_schema._report import MAX_MESSAGE
from scenario_schema._revisions import Revision
from scenario_schema._typos import CLOSE, likely_typo, unknown_field_message
from scenario_schema.cli import main

PARAMETERS = frozenset(class_spec(ss.ModelParameters).by_wire)
EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.mark.parametrize(
    ("key", "meant"),
    [
        ("learningrate", "learningRate"),  # case
        ("LEARNINGRATE", "learningRate"),
        ("learning_rate", "learningRate"),  # snake_case
        ("max_train_steps", "maxTrainSteps"),
        ("Max_Train_Steps", "maxTrainSteps"),
        ("max-train-steps", "maxTrainSteps"),  # kebab-case
        ("maxTrainStep", "maxTrainSteps"),  # edit distance
        ("nbEpoch", "nbEpochs"),
        ("lerningRate", "learningRate"),
        ("wandbkey", "wandbKey"),
    ],
)
def test_a_close_key_is_a_likely_typo(key: str, meant: str) -> None:
    assert likely_typo(key, PARAMETERS) == meant


@pytest.mark.parametrize("key", ["foo", "rnak", "lr", "x" * 40, "", "seedling"])
def test_a_far_key_is_not(key: str) -> None:
    assert likely_typo(key, PARAMETERS) is None


def test_a_documented_key_is_no_typo() -> None:
    assert likely_typo("learningRate", PARAMETERS) is None


def test_the_edit_distance_rule_is_difflibs_ratio_at_the_threshold() -> None:
    """``ab1de`` to ``abcde`` is 0.8 exactly (close); ``a12de`` is 0.6 (not)."""
    assert CLOSE == 0.8
    assert likely_typo("ab1de", ["abcde"]) == "abcde"
    assert likely_typo("a12de", ["abcde"]) is None


def test_the_choice_is_the_best_ratio_then_the_name() -> None:
    assert likely_typo("abcdef", ["abcdxy", "abcdeg"]) == "abcdeg"  # 0.83 beats 0.67
    assert likely_typo("abcdex", ["abcdey", "abcdez"]) == "abcdey"  # a tie: the first name
    assert likely_typo("abcdex", ["abcdez", "abcdey"]) == "abcdey"  # whatever the order


def test_a_case_match_comes_before_a_closer_spelling() -> None:
    assert likely_typo("Rank", ["rank", "Ranks"]) == "rank"
    assert likely_typo("RANK", ["Rank", "rank"]) == "Rank"  # two case matches: the first name


def test_any_collection_of_names_gives_the_same_answer() -> None:
    names = sorted(PARAMETERS)
    for documented in (names, tuple(names), set(names), dict.fromkeys(names), PARAMETERS):
        assert likely_typo("learningrat", documented) == "learningRate"


@given(st.text(max_size=30))
def test_a_suggestion_is_always_a_documented_name(key: str) -> None:
    meant = likely_typo(key, PARAMETERS)
    assert meant is None or (meant in PARAMETERS and meant != key)


def test_the_message_ends_with_the_suggestion() -> None:
    message = unknown_field_message("learningrate", PARAMETERS, "'learningrate'")
    assert message == "undocumented field 'learningrate' (kept); did you mean 'learningRate'?"
    assert unknown_field_message("foo", PARAMETERS, "'foo'") == "undocumented field 'foo' (kept)"


# --- wherever an undocumented key is reported --------------------------------------------


def test_validate_suggests_the_documented_name_and_keeps_a_warning() -> None:
    report = ss.validate({"rank": 16, "learningrate": 0.5, "foo": 1}, ss.ModelParameters)
    messages = {issue.path: issue.message for issue in report.issues}
    assert messages["/learningrate"].endswith("did you mean 'learningRate'?")
    assert "did you mean" not in messages["/foo"]
    assert all(issue.severity == "warning" for issue in report.issues)  # the API sent it
    response = json.loads((EXAMPLES / "train-action-response.json").read_text())
    response["model"]["statu"] = "x"
    issues = ss.validate(response, ss.TrainActionResponse).issues
    (typo,) = [issue for issue in issues if issue.path == "/model/statu"]
    assert (typo.code, typo.severity) == ("unknown-field", "warning")
    assert typo.message.endswith("did you mean 'status'?")


def test_a_typo_message_stays_one_bounded_line() -> None:
    key = "learningrate" + "\n" * 3
    report = ss.validate({key: 1}, ss.ModelParameters)
    (issue,) = report.issues
    assert "\n" not in issue.message
    assert len(issue.message) <= MAX_MESSAGE


def test_the_suggestion_uses_the_revision_in_use() -> None:
    """``conditionalValues`` is documented under ``page``, not under ``sdk-2.4``."""
    response = json.loads((EXAMPLES / "train-action-response.json").read_text())
    for revision in ("page", "sdk-2.4"):
        documented = class_spec(ss.Model, revision).by_wire
        assert likely_typo("trainingimagesnumber", documented) == "trainingImagesNumber"
    response["model"]["trainingimagesnumber"] = 3
    revisions: tuple[Revision, ...] = ("page", "sdk-2.4")
    for revision in revisions:
        issues = ss.validate(response, ss.TrainActionResponse, revision=revision).issues
        (typo,) = [i for i in issues if i.path == "/model/trainingimagesnumber"]
        assert typo.message.endswith("did you mean 'trainingImagesNumber'?")


def test_drift_names_the_likely_meant_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    response = json.loads((EXAMPLES / "train-action-response.json").read_text())
    response["model"]["parameters"]["learningrate"] = 1
    response["model"]["parameters"]["foo"] = 1
    report = ss.drift([response], revision="page")  # the page's example: no other finding
    meant = {f.pattern: f.did_you_mean for f in report.findings if f.kind == "unknown-field"}
    assert meant == {
        "/model/parameters/learningrate": "learningRate",
        "/model/parameters/foo": None,
    }
    by_pattern = {f["pattern"]: f for f in report.to_json()["findings"]}
    assert by_pattern["/model/parameters/learningrate"]["did_you_mean"] == "learningRate"
    path = tmp_path / "stream.jsonl"
    path.write_text(json.dumps(response) + "\n")
    main(["drift", "--revision", "page", str(path)])
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "/model/parameters/learningrate" in line]
    assert line.endswith("did you mean 'learningRate'?)")
