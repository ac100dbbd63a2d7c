"""``scenario-schema stub``: what it says before serving, and without the stub extra.

Serving itself is tested in a subprocess (tests/test_stub_server.py).
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from scenario_schema import cli


def test_without_the_extra_the_command_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert cli.main(["stub", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'scenario-schema[stub]'" in err
    assert len(err.splitlines()) == 1


def test_an_unknown_fault_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["stub", "--fault", "418"]) == 2
    assert "unknown fault '418'" in capsys.readouterr().err


def test_a_models_line_that_is_not_json_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    models = tmp_path / "models.jsonl"
    models.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    assert cli.main(["stub", "--models", str(models)]) == 2
    err = capsys.readouterr().err
    assert f"{models}:2:" in err
    assert len(err.splitlines()) == 1


def test_an_invalid_model_is_one_line_with_its_pointer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: dict[str, Any]
) -> None:
    pytest.importorskip("uvicorn")
    model["trainingImagesNumber"] = "ten"
    models = tmp_path / "models.jsonl"
    models.write_text(json.dumps(model) + "\n", encoding="utf-8")
    assert cli.main(["stub", "--models", str(models), "--revision", "page"]) == 2
    err = capsys.readouterr().err
    assert "/0/trainingImagesNumber" in err
    assert len(err.splitlines()) == 1


def test_the_help_names_the_extra_and_the_faults(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["stub", "--help"]) == 0
    out = capsys.readouterr().out
    assert "scenario-schema[stub]" in out
    assert "429, 500, 503, latency, close, undocumented" in " ".join(out.split())


def test_a_port_in_use_is_one_line_and_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("uvicorn")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = cli.main(["stub", "--port", str(port), "--count", "1"])
    assert status == 2
    err = capsys.readouterr().err
    assert "in use" in err
    assert "listening" not in err
