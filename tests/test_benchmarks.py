"""The benchmark's anatomy measures what it says: each row runs, each part is really out."""

from __future__ import annotations

from typing import Any

from benchmarks import anatomy, import_time
from benchmarks.payloads import container_response


def test_every_row_of_the_anatomy_runs_and_leaves_its_part_out() -> None:
    payload = container_response()
    rows = anatomy.rows(payload)
    results = {name: call() for name, (_, call) in rows.items()}
    assert set(results) >= {"validate: generated check", "dump", "load: generated builder"}
    assert results["validate: generated check"] is True  # the payload is clean: no doubt, no issue
    assert results["dump"] == payload
    loaded: Any = results["load: generated builder"]
    kept: Any = results["load: generated, no free-form copies"]
    assert loaded == kept  # the same object, only its free-form values not copied
    inputs = payload["model"]["inputs"]
    at = next(i for i, item in enumerate(inputs) if isinstance(item.get("default"), list))
    assert kept.model.inputs[at].default is inputs[at]["default"]
    assert loaded.model.inputs[at].default is not inputs[at]["default"]
    assert results["dump, no extra/null tests"] == payload  # this payload has neither


def test_the_import_row_measures_fresh_interpreters_and_names_the_target() -> None:
    cost = import_time.import_cost("json", runs=1)
    assert cost.runs == 1
    row = import_time.import_row(import_time.ImportCost(wall_ms=42.4, cpu_ms=40.0, runs=10))
    assert row.startswith("import scenario_schema: +42 ms wall, +40 ms CPU")
    assert "target <= 60 ms: met" in row
    missed = import_time.import_row(import_time.ImportCost(wall_ms=90, cpu_ms=75, runs=10))
    assert missed.endswith("MISSED)")


def test_the_first_use_rows_time_each_first_step_with_no_target() -> None:
    rows = import_time.first_use_rows(runs=1)
    assert [row.split(": +")[0] for row in rows] == list(import_time.FIRST_USE)
    assert all(row.endswith("(best of 1; no target)") for row in rows)
