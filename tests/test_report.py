"""Issue, Report and ContractError: errors as data, paths as RFC 6901 JSON Pointers."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

import scenario_schema as ss
from scenario_schema._report import MAX_MESSAGE, pointer, pointer_token


@pytest.mark.parametrize(
    ("token", "escaped"),
    [("plain", "plain"), ("a/b", "a~1b"), ("a~b", "a~0b"), ("~1", "~01"), ("/~", "~1~0"), ("", "")],
)
def test_pointer_tokens_are_escaped_per_rfc_6901(token: str, escaped: str) -> None:
    assert pointer_token(token) == escaped


def test_pointer_of_no_tokens_is_the_root() -> None:
    assert pointer() == ""
    assert pointer("model", "inputs", 3, "kind") == "/model/inputs/3/kind"


def test_report_splits_errors_and_warnings() -> None:
    error = ss.Issue("/a", "type", "expected a string, got number (1)")
    warning = ss.Issue("/b", "unknown-field", "undocumented field 'b' (kept)", "warning")
    report = ss.Report((error, warning))
    assert not report.ok
    assert report.errors == (error,)
    assert report.warnings == (warning,)
    assert ss.Report((warning,)).ok
    assert ss.Report().ok


def test_issue_str_names_path_message_and_code() -> None:
    assert str(ss.Issue("", "type", "expected an object, got array")) == (
        "(root): expected an object, got array [type]"
    )
    assert str(ss.Issue("/x", "maximum", "5 is greater than the maximum of 4")).endswith(
        "[maximum]"
    )


def test_contract_error_is_a_value_error_holding_every_issue() -> None:
    issues = [ss.Issue(f"/f{i}", "type", "bad") for i in range(15)]
    issues.append(ss.Issue("/w", "unknown-field", "undocumented", "warning"))
    error = ss.ContractError(issues)
    assert isinstance(error, ValueError)
    assert error.issues == tuple(issues)
    message = str(error)
    assert message.splitlines()[0] == "15 contract errors"
    assert "... and 5 more" in message
    assert "/w" not in message


def test_issues_are_frozen_and_comparable() -> None:
    first = ss.Issue("/a", "type", "m")
    assert first == ss.Issue("/a", "type", "m")
    assert first.severity == "error"
    with pytest.raises(AttributeError):
        first.path = "/b"  # type: ignore[misc]


HUGE = 10**5000


def test_messages_are_cut_to_one_line_of_at_most_300_characters() -> None:
    issue = ss.Issue("/x\n" * 100, "type", "line one\nline two\u2028" + "y" * 1000)
    assert len(issue.message) == MAX_MESSAGE
    assert issue.message.startswith("line one\\nline two\\u2028yyy")
    assert issue.message.endswith("...")
    assert len(str(issue).splitlines()) == 1
    assert str(issue).startswith("/x\\n/x\\n")
    assert issue.path == "/x\n" * 100  # the path itself is never cut
    short = ss.Issue("/x", "type", "expected a string, got number (1)")
    assert short.message == "expected a string, got number (1)"
    assert attrs.evolve(issue, path="/y").message == issue.message


def test_every_message_of_a_hostile_document_is_one_bounded_line(model: dict[str, Any]) -> None:
    long_name = type("Name\n" * 200, (), {})
    model["parameters"]["rank"] = HUGE
    model["parameters"]["lrScheduler"] = "x\n" * 500
    model["parameters"]["seed"] = -HUGE
    model["name"] = long_name()
    model["tags"] = ["\n" * 1000, HUGE]
    model["accessRestrictions"] = HUGE
    model["inputs"][0]["default"] = {"k": [long_name()]}
    model["undocumented\n" * 1000] = {HUGE: 1}
    model[HUGE] = 1  # type: ignore[index]
    issues = [
        *ss.validate(model, "model").issues,
        *ss.validate(model, "model", mode="lenient").issues,
        *ss.check_model_training(model).issues,
        *ss.check_training_parameters(model["parameters"], "flux.1-lora").issues,
    ]
    assert len(issues) > 20
    for issue in issues:
        assert len(issue.message) <= MAX_MESSAGE
        assert issue.message.isprintable(), issue.message
    with pytest.raises(ss.ContractError) as caught:
        ss.load(ss.Model, model)
    lines = str(caught.value).splitlines()
    errors = [issue for issue in caught.value.issues if issue.severity == "error"]
    assert len(lines) == 1 + len(errors)  # the count, then one line per error
    assert all(len(line) <= 2 * MAX_MESSAGE for line in lines)  # long paths are cut too


def test_issues_reports_and_errors_print_documents_holding_huge_integers() -> None:
    report = ss.validate({"rank": HUGE, "seed": HUGE, "other": HUGE}, "model-parameters")
    assert [issue.code for issue in report.issues] == ["maximum", "maximum", "unknown-field"]
    assert "an integer of about 5000 digits is greater than" in report.issues[0].message
    error = ss.ContractError(report.issues)
    for text in (repr(report), str(report), repr(error), str(error)):
        assert "digits" in text
