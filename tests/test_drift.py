"""Drift: exact counts on a synthetic stream, folded patterns, flat memory, the CLI."""

from __future__ import annotations

import copy
import json
import sys
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import scenario_schema as ss
from scenario_schema._drift import DEFAULT_FAIL_ON, DISTINCT_VALUES, pattern_of
from scenario_schema.cli import main
from tests import sdk_responses
from tests.conftest import PAGE_EXAMPLE

N = 1000


def _base() -> dict[str, Any]:
    base = copy.deepcopy(PAGE_EXAMPLE)
    del base["model"]["uiConfig"]["triggerGenerate"]["after"]
    return base


def _stream(count: int) -> Iterator[dict[str, Any]]:
    """Documents with known drift: every k-th document departs in one known way."""
    base = _base()
    for i in range(1, count + 1):
        doc = copy.deepcopy(base)
        model = doc["model"]
        if i % 3 == 0:
            model["newField"] = {"nested": True}
        if i % 5 == 0:
            model["status"] = "archived"
        if i % 7 == 0:
            del model["id"]
        if i % 11 == 0:
            model["parameters"]["rank"] = 500 + i
        if i % 13 == 0:
            model["inputs"][0]["kind"] = "point-cloud"
            model["inputs"].append({"name": "extra", "type": "string", "kind": "point-cloud"})
        if i % 2 == 0:
            del model["userId"]
        yield doc


def _multiples(k: int) -> int:
    return N // k


def _by_pattern(report: ss.DriftReport) -> dict[tuple[str, str], ss.Finding]:
    return {(f.kind, f.pattern): f for f in report.findings}


def test_counts_are_exact_on_a_synthetic_stream() -> None:
    report = ss.drift(_stream(N), "train-action-response", revision="page")
    findings = _by_pattern(report)
    assert report.documents == N
    assert report.schemas == {"train-action-response": N}
    assert set(findings) == {
        ("unknown-field", "/model/newField"),
        ("unknown-enum", "/model/status"),
        ("required", "/model/id"),
        ("bound", "/model/parameters/rank"),
        ("unknown-enum", "/model/inputs/*/kind"),
    }
    assert findings["unknown-field", "/model/newField"].documents == _multiples(3)
    assert findings["unknown-field", "/model/newField"].values == {"object": _multiples(3)}
    status = findings["unknown-enum", "/model/status"]
    assert (status.documents, status.values) == (_multiples(5), {"'archived'": _multiples(5)})
    assert findings["required", "/model/id"].documents == _multiples(7)
    rank = findings["bound", "/model/parameters/rank"]
    assert rank.documents == _multiples(11)
    assert rank.codes == {"maximum": _multiples(11)}
    assert (rank.minimum, rank.maximum) == (511, 500 + 11 * _multiples(11))
    kind = findings["unknown-enum", "/model/inputs/*/kind"]
    assert kind.documents == _multiples(13)  # one count per document...
    assert kind.codes == {"unknown-enum": 2 * _multiples(13)}  # ...two occurrences in each
    assert report.fields["/model/userId"] == N - _multiples(2)
    assert report.fields["/model/inputs/*/kind"] == N
    assert report.fields["/model/id"] == N - _multiples(7)


def test_findings_are_sorted_by_documents_and_keep_three_examples() -> None:
    report = ss.drift(_stream(100), "train-action-response", revision="page")
    assert [f.documents for f in report.findings] == sorted(
        (f.documents for f in report.findings), reverse=True
    )
    status = _by_pattern(report)["unknown-enum", "/model/status"]
    assert status.examples == ("#5", "#10", "#15")


def test_auto_schema_per_document() -> None:
    documents = [_base(), _base()["model"], {"model": {}}]
    report = ss.drift(documents, revision="page")
    assert report.schemas == {"train-action-response": 2, "model": 1}


@pytest.mark.parametrize(
    ("pointer", "pattern"),
    [
        ("/model/inputs/3/kind", "/model/inputs/*/kind"),
        (
            "/model/uiConfig/inputProperties/a~1b/collapsed",
            "/model/uiConfig/inputProperties/*/collapsed",
        ),
        ("/model/inputs/0/default/x/2", "/model/inputs/*/default/x/*"),
        ("/model/odd~1key", "/model/odd~1key"),
        ("/model/capabilities/12", "/model/capabilities/*"),
    ],
)
def test_list_indices_and_free_keys_are_folded(pointer: str, pattern: str) -> None:
    assert pattern_of(pointer, ss.TrainActionResponse) == pattern


def test_values_are_previewed_only_when_short_and_credentials_never() -> None:
    documents = []
    for i in range(3):
        doc = _base()
        doc["model"]["status"] = "s" * 100 + str(i)  # long: shown as its JSON type only
        doc["model"]["parameters"]["wandbKey"] = f"secret-{i}-" + "k" * 50
        doc["model"]["apiToken"] = f"token-{i}"
        documents.append(doc)
    report = ss.drift(documents, revision="page")
    text = json.dumps(report.to_json())
    assert "secret-" not in text
    assert "token-" not in text
    assert "sss" not in text
    assert _by_pattern(report)["unknown-enum", "/model/status"].values == {"string": 3}


def test_distinct_values_are_capped() -> None:
    documents = []
    for i in range(DISTINCT_VALUES + 15):
        doc = _base()
        doc["model"]["status"] = f"state-{i}"
        documents.append(doc)
    values = _by_pattern(ss.drift(documents, revision="page"))[
        "unknown-enum", "/model/status"
    ].values
    assert len(values) == DISTINCT_VALUES + 1
    assert values["(other values)"] == 15


def test_fields_that_stop_being_sent_are_listed() -> None:
    docs = [_base() for _ in range(3)]
    for doc in docs:
        del doc["model"]["parameters"]["seed"]
    never = ss.drift(docs, revision="page").never_sent()
    assert "/model/parameters/seed" in never
    assert "/model/parameters/rank" not in never


def _parameter_stream(count: int) -> Iterator[dict[str, Any]]:
    for i in range(count):
        yield {
            "rank": 16 if i % 10 else 500,
            "lrScheduler": f"schedule-{i % 40}",
            f"field{i % 30}": i,
            "samplePrompts": ["a"] * (i % 3),
        }


def _peak(count: int) -> tuple[int, ss.DriftReport]:
    tracemalloc.start()
    try:
        report = ss.drift(_parameter_stream(count), "model-parameters", revision="page")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, report


def test_a_50000_document_stream_runs_in_flat_memory() -> None:
    small_peak, small = _peak(5_000)
    large_peak, large = _peak(50_000)
    assert large.documents == 50_000
    assert _by_pattern(large)["bound", "/rank"].documents == 5_000
    assert _by_pattern(small)["bound", "/rank"].documents == 500
    # Ten times the documents, the same memory (within noise).
    assert large_peak < small_peak * 1.5 + 64 * 1024


# --- CLI --------------------------------------------------------------------------------


def _write_stream(tmp_path: Path, documents: Any) -> Path:
    path = tmp_path / "responses.jsonl"
    path.write_text("".join(json.dumps(doc) + "\n" for doc in documents))
    return path


def test_cli_text_summary_sorted_by_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_stream(tmp_path, _stream(30))
    assert main(["drift", "--revision", "page", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "drift over 30 documents (train-action-response: 30)"
    assert "10 docs  unknown-field  /model/newField  (object x10)" in lines[1]
    assert lines[2].strip().startswith(f"e.g. {path}:3, {path}:6, {path}:9")


def test_cli_json_is_stable_for_diffing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_stream(tmp_path, _stream(30))
    main(["drift", "--revision", "page", "--format", "json", str(path)])
    first = capsys.readouterr().out
    main(["drift", "--revision", "page", "--format", "json", str(path)])
    assert capsys.readouterr().out == first
    record = json.loads(first)
    assert [(f["kind"], f["pattern"]) for f in record["findings"]] == sorted(
        (f["kind"], f["pattern"]) for f in record["findings"]
    )
    assert record["documents"] == 30
    assert record["inputErrors"] == []


@pytest.mark.parametrize(
    ("fail_on", "status"),
    [
        ("unknown-field", 1),
        ("unknown-enum,bound", 1),
        ("required", 0),
        ("type,depth", 0),
    ],
)
def test_cli_fail_on_picks_the_kinds_that_fail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fail_on: str, status: int
) -> None:
    docs = list(_stream(12))
    for doc in docs:
        doc["model"].setdefault("id", "restored")
    path = _write_stream(tmp_path, docs)
    assert main(["drift", "--revision", "page", "--fail-on", fail_on, str(path)]) == status


def test_cli_no_finding_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write_stream(tmp_path, [_base()] * 3)
    assert main(["drift", "--revision", "page", str(path)]) == 0
    assert "no finding" in capsys.readouterr().out


def test_cli_input_errors_exit_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(json.dumps(_base()) + "\n{oops\n")
    assert main(["drift", "--revision", "page", str(path)]) == 2
    assert f"input error: {path}:2: malformed JSON" in capsys.readouterr().out


def test_cli_unknown_finding_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["drift", "--revision", "page", "--fail-on", "unknown-enum,bogus", "-"]) == 2
    assert "bogus" in capsys.readouterr().err


def test_documents_holding_5000_digit_integers_give_a_printable_serialisable_report() -> None:
    huge = 10**5000
    model = copy.deepcopy(PAGE_EXAMPLE["model"])
    model["parameters"]["rank"] = huge
    model["accessRestrictions"] = -huge
    model["undocumented"] = huge
    report = ss.drift([model, {"model": model}], revision="page")
    findings = _by_pattern(report)
    bound = findings[("bound", "/parameters/rank")]
    assert bound.maximum == sys.float_info.max
    assert findings[("unknown-enum", "/accessRestrictions")].values == {"number": 1}
    assert "digits" not in repr(report)  # numbers past 64 bits are kept as floats
    json.dumps(report.to_json(), allow_nan=False)


# --- revisions ------------------------------------------------------------------------

SDK_ADDITIONS = {
    ("unknown-field", "/model/deletedAt"),
    ("unknown-field", "/model/disableRefund"),
    ("unknown-field", "/model/jobId"),
    ("unknown-field", "/model/inputs/*/maxDuration"),
    ("unknown-field", "/model/inputs/*/minDuration"),
    ("unknown-field", "/model/inputs/*/required/conditional"),
    ("unknown-field", "/model/trainingProgress/captchaImageUrl"),
    ("unknown-field", "/model/trainingProgress/retryCount"),
    ("unknown-field", "/model/trainingProgress/retryableError"),
    ("unknown-field", "/model/uiConfig/outputProperties"),
    ("unknown-enum", "/model/capabilities/*"),
    ("unknown-enum", "/model/inputs/*/kind"),
    ("unknown-enum", "/model/trainingProgress/stage"),
}


def test_sdk_stream_under_the_page_finds_exactly_the_sdk_additions() -> None:
    report = ss.drift(sdk_responses.read(), revision="page")
    assert set(_by_pattern(report)) == SDK_ADDITIONS
    assert all(finding.known_in == ("sdk-2.4",) for finding in report.findings)
    assert report.revision == "page"
    assert report.suggested_revision() == "sdk-2.4"
    assert report.explained_by() == {"sdk-2.4": len(SDK_ADDITIONS)}


def test_sdk_stream_under_sdk_has_no_finding() -> None:
    report = ss.drift(sdk_responses.read(), revision="sdk-2.4")
    assert report.findings == ()
    assert report.suggested_revision() is None


def test_a_finding_is_known_only_when_every_occurrence_is() -> None:
    known, mixed = _base(), _base()
    known["model"]["capabilities"] = ["audio2txt"]
    mixed["model"]["capabilities"] = ["video2txt", "txt2everything"]
    findings = _by_pattern(ss.drift([known, known], revision="page"))
    assert findings["unknown-enum", "/model/capabilities/*"].known_in == ("sdk-2.4",)
    findings = _by_pattern(ss.drift([known, mixed], revision="page"))
    assert findings["unknown-enum", "/model/capabilities/*"].known_in == ()
    # ... but each value says where it is documented: video2txt is sdk-2.4's.
    assert findings["unknown-enum", "/model/capabilities/*"].values_known_in == {
        "'audio2txt'": ("sdk-2.4",),
        "'video2txt'": ("sdk-2.4",),
    }


def test_bounds_and_removed_values_are_known_in_the_revision_that_allows_them() -> None:
    wide, legacy = _base(), _base()
    wide["model"]["parameters"]["batchSize"] = 6
    legacy["model"]["type"] = "sd-xl-lora"
    del legacy["model"]["inputs"][0]["required"]["conditionalValues"]
    on_page = _by_pattern(ss.drift([wide], revision="page"))
    assert on_page["bound", "/model/parameters/batchSize"].known_in == ("sdk-2.4",)
    on_sdk = _by_pattern(ss.drift([legacy], revision="sdk-2.4"))
    assert on_sdk["unknown-enum", "/model/type"].known_in == ("page",)
    too_wide = _base()
    too_wide["model"]["parameters"]["batchSize"] = 9
    assert (
        _by_pattern(ss.drift([too_wide], revision="page"))[
            "bound", "/model/parameters/batchSize"
        ].known_in
        == ()
    )


def test_undocumented_fields_no_revision_knows_are_not_known() -> None:
    doc = _base()
    doc["model"]["newField"] = 1
    assert (
        _by_pattern(ss.drift([doc], revision="page"))["unknown-field", "/model/newField"].known_in
        == ()
    )


def test_drift_fails_by_default_on_drift_kinds_only() -> None:
    assert set(DEFAULT_FAIL_ON) == {
        "unknown-field",
        "unknown-enum",
        "required",
        "bound",
        "type",
        "not-finite",
        "depth",
    }


def test_cli_page_example_stream_is_not_drift(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The page's own example has a `conflict` (position and after): reported, not failed."""
    path = _write_stream(tmp_path, [PAGE_EXAMPLE] * 2)
    assert main(["drift", "--revision", "page", str(path)]) == 0
    assert "conflict" in capsys.readouterr().out
    assert main(["drift", "--revision", "page", "--fail-on", "conflict", str(path)]) == 1


def test_cli_text_says_which_revision_documents_a_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["drift", "--revision", "page", str(sdk_responses.STREAM)]) == 1
    out = capsys.readouterr().out
    assert "unknown-field  /model/deletedAt  (string x34; documented in sdk-2.4)" in out
    assert (
        out.splitlines()[-1] == "findings per revision: page 13, sdk-2.4 0: try --revision sdk-2.4"
    )
    assert main(["drift", "--revision", "sdk-2.4", str(sdk_responses.STREAM)]) == 0
    assert "no finding" in capsys.readouterr().out


def test_cli_json_says_which_revision_documents_a_finding(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["drift", "--revision", "page", "--format", "json", str(sdk_responses.STREAM)])
    record = json.loads(capsys.readouterr().out)
    assert (record["revision"], record["suggestedRevision"]) == ("page", "sdk-2.4")
    assert {tuple(f["known_in"]) for f in record["findings"]} == {("sdk-2.4",)}
    main(["drift", "--format", "json", "--revision", "latest", str(sdk_responses.STREAM)])
    record = json.loads(capsys.readouterr().out)
    assert (record["revision"], record["suggestedRevision"], record["findings"]) == (
        "sdk-2.4",
        None,
        [],
    )


# --- advice that converges, and known_in per value (issue 20) --------------------------


def _mixed_stream() -> list[Any]:
    """Page-era responses (the page's example, 12 documents) and today's (the SDK's, 36)."""
    page_era = [json.loads(line) for line in (sdk_responses.STREAM.parent / "responses.jsonl")
                .read_text().splitlines()]  # fmt: skip
    return page_era + sdk_responses.read()


@pytest.mark.parametrize("revision", ["page", "sdk-2.4"])
def test_advice_on_a_mixed_stream_converges(revision: Any) -> None:
    """Under page it says sdk-2.4 (fewer findings); under sdk-2.4 it says nothing new."""
    report = ss.drift(_mixed_stream(), revision=revision)
    by_revision = report.findings_by_revision
    assert by_revision[report.revision] == len(report.findings)
    assert by_revision["sdk-2.4"] < by_revision["page"]
    assert report.suggested_revision() == (None if revision == "sdk-2.4" else "sdk-2.4")
    assert report.mixed()
    assert report.fits["page"] > 0
    assert report.fits["sdk-2.4"] > 0


def test_the_suggested_revision_never_gives_more_findings() -> None:
    for documents in ([_base()], sdk_responses.read(), _mixed_stream()):
        for revision in ss.REVISIONS:
            report = ss.drift(documents, revision=revision)  # type: ignore[arg-type]
            suggested = report.suggested_revision()
            if suggested is None:
                continue
            there = ss.drift(documents, revision=suggested)  # type: ignore[arg-type]
            assert len(there.findings) < len(report.findings)
            assert there.suggested_revision() is None  # no advice back


def test_a_stream_of_one_revision_is_not_mixed() -> None:
    report = ss.drift(sdk_responses.read(), revision="page")
    assert not report.mixed()
    # 34 fit sdk-2.4 best; 2 send nothing the page lacks, and fit both alike (not counted).
    assert report.fits == {"page": 0, "sdk-2.4": 34}
    assert report.findings_by_revision == {"page": 13, "sdk-2.4": 0}


def test_a_documented_value_beside_an_unknown_one_says_where_it_is_documented() -> None:
    """The issue's case: `audio2txt` and `foo-cap` at /model/capabilities/*."""
    doc = _base()
    doc["model"]["capabilities"] = ["audio2txt", "foo-cap"]
    finding = _by_pattern(ss.drift([doc], revision="page"))["unknown-enum", "/model/capabilities/*"]
    assert finding.known_in == ()
    assert finding.values_known_in == {"'audio2txt'": ("sdk-2.4",)}
    assert finding.to_json()["values_known_in"] == {"'audio2txt'": ["sdk-2.4"]}


def test_cli_text_names_the_documented_value_beside_the_unknown_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = _base()
    doc["model"]["capabilities"] = ["audio2txt", "foo-cap"]
    main(["drift", "--revision", "page", str(_write_stream(tmp_path, [doc]))])
    out = capsys.readouterr().out
    assert (
        "unknown-enum   /model/capabilities/*  ('audio2txt' x1, 'foo-cap' x1;"
        " 'audio2txt' documented in sdk-2.4)"
    ) in out


@pytest.mark.parametrize(
    ("revision", "advice"),
    [
        ("page", "findings per revision: page 16, sdk-2.4 5: try --revision sdk-2.4"),
        ("sdk-2.4", "findings per revision: page 16, sdk-2.4 5: sdk-2.4 (this run) has the fewest"),
    ],
)
def test_cli_says_a_stream_is_mixed_with_counts_per_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], revision: str, advice: str
) -> None:
    path = _write_stream(tmp_path, _mixed_stream())
    assert main(["drift", "--revision", revision, str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[-2:] == [
        "mixed stream: its documents fit different revisions (8 fit page best, 34 fit sdk-2.4"
        " best)",
        advice,
    ]
    main(["drift", "--format", "json", "--revision", revision, str(path)])
    record = json.loads(capsys.readouterr().out)
    assert record["findingsByRevision"] == {"page": 16, "sdk-2.4": 5}
    assert record["mixed"] is True
    assert record["fits"] == {"page": 8, "sdk-2.4": 34}
    assert record["suggestedRevision"] == (None if revision == "sdk-2.4" else "sdk-2.4")


def test_cli_drift_quiet_prints_only_failing_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_stream(tmp_path, [PAGE_EXAMPLE] * 2)
    assert main(["drift", "--revision", "page", "--quiet", str(path)]) == 0
    assert capsys.readouterr().out == ""  # only a conflict: not of the --fail-on kinds
    assert main(["drift", "--quiet", str(path)]) == 1  # latest: conditionalValues is unknown
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert "unknown-field  /model/inputs/*/required/conditionalValues" in lines[0]


def test_cli_drift_counts_the_other_findings_unless_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write_stream(tmp_path, [PAGE_EXAMPLE] * 2)
    main(["drift", "--revision", "page", str(path)])
    out = capsys.readouterr().out
    assert (
        "1 other finding, not of the --fail-on kinds (1 conflict; --show-warnings to list)" in out
    )
    assert "/model/uiConfig/triggerGenerate" not in out.split("other finding")[0]
    main(["drift", "--revision", "page", "--show-warnings", str(path)])
    out = capsys.readouterr().out
    assert "conflict       /model/uiConfig/triggerGenerate" in out
    assert "other finding" not in out


def test_drift_counts_documents_of_no_known_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = ss.drift([_base(), {"foo": 1}, [1, 2]])
    assert report.unrecognised_count == 2
    assert report.unrecognised == ("#2", "#3")
    assert report.schemas == {"train-action-response": 1}
    path = _write_stream(tmp_path, [_base(), {"foo": 1}])
    assert main(["drift", str(path)]) == 2
    out = capsys.readouterr().out
    assert "input error: 1 document of no shape --schema auto knows" in out
    assert "name one with --schema" in out
