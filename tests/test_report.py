"""Issue, Report and ContractError: errors as data, paths as RFC 6901 JSON Pointers."""

from __future__ import annotations

import pytest

import scenario_schema as ss
from scenario_schema._report import pointer, pointer_token


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
