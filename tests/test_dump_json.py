"""``dump_json``, ``Report.to_json`` and ``load`` by schema name: what users of peers expect."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

import scenario_schema as ss
from scenario_schema import _json_text
from scenario_schema import strategies as ss_st
from scenario_schema._api import resolve_schema
from scenario_schema.cli import main
from scenario_schema.models import SCHEMAS, SchemaName


def _compact(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "standard"])
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_dump_json_is_the_compact_utf8_json_of_dump(
    name: SchemaName, fast: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fast:
        pytest.importorskip("msgspec", reason="the `fast` extra (msgspec) is not installed")
    else:
        monkeypatch.setattr(_json_text, "FAST_ENCODER", None)
    cls = resolve_schema(name)

    @given(ss_st.payloads(name, mode="lenient"))
    def check(payload: dict[str, Any]) -> None:
        loaded = ss.load(cls, payload, mode="lenient")
        assert ss.dump_json(loaded) == _compact(ss.dump(loaded))
        assert ss.load_json(cls, ss.dump_json(loaded), mode="lenient") == loaded

    check()


def test_dump_json_keeps_huge_integers_and_non_ascii_exact(model: dict[str, Any]) -> None:
    model["parameters"]["huge"] = 2**200
    model["parameters"]["exponent"] = 1e16
    model["name"] = "modèle ✓"
    loaded = ss.load(ss.Model, model)
    data = ss.dump_json(loaded)
    assert data == _compact(ss.dump(loaded))
    assert str(2**200).encode() in data
    assert b"1e+16" in data
    assert "modèle ✓".encode() in data
    assert json.loads(data) == model


def test_dump_json_refuses_what_is_not_a_contract_object() -> None:
    with pytest.raises(TypeError, match="object of the contract"):
        ss.dump_json({"id": "x"})  # type: ignore[arg-type]


def test_report_to_json_is_the_cli_record_s_verdict_and_issues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = {"id": 1, "undocumented": True}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(document))
    assert main(["validate", "--schema", "model", "--format", "json", str(path)]) == 1
    record = json.loads(capsys.readouterr().out)
    report = ss.validate(document, "model")
    assert report.to_json() == {"valid": record["valid"], "issues": record["issues"]}
    assert set(record) - set(report.to_json()) == {"source", "line", "schema"}
    assert json.loads(json.dumps(report.to_json())) == report.to_json()


def test_report_to_json_of_a_valid_document(model: dict[str, Any]) -> None:
    report = ss.validate(model, "model", revision="page")  # the fixture is the page's
    assert report.to_json() == {"valid": True, "issues": []}


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_load_takes_a_schema_name_as_validate_does(name: SchemaName) -> None:
    @given(ss_st.payloads(name))
    def check(payload: dict[str, Any]) -> None:
        assert ss.load(name, payload) == ss.load(SCHEMAS[name], payload)
        assert type(ss.load(name, json.loads(json.dumps(payload)))) is SCHEMAS[name]

    check()


def test_load_refuses_an_unknown_schema_name() -> None:
    with pytest.raises(ValueError, match="unknown schema 'modle'"):
        ss.load("modle", {})  # type: ignore[call-overload]
