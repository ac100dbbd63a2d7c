"""scenario-schema against its peers, in one process, on the same payloads.

Run with `make bench`. Contenders alternate within each round and the table reports
medians over rounds, so machine noise hits every contender alike; quote ratios, not
absolute times. Also measures streaming a JSON Lines file through the CLI: peak memory
and documents per second for 10,000 and 100,000 documents.
"""

from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import jsonschema_rs
from scenario_sdk.types.models.train_action_response import TrainActionResponse as SdkResponse

import scenario_schema as ss

sys.path.insert(0, str(Path(__file__).resolve().parent))
from payloads import large_response, page_example


def _time_per_call(function: Callable[[], Any], seconds: float) -> float:
    """Seconds per call, from as many calls as fit in about `seconds`."""
    calls, started = 0, time.perf_counter()
    batch = 1
    while True:
        for _ in range(batch):
            function()
        calls += batch
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return elapsed / calls
        batch = min(batch * 2, 1000)


def contenders(payload: dict[str, Any]) -> dict[str, Callable[[], Any]]:
    """Each contender as a no-argument call on the payload, after checking it agrees."""
    schema = ss.json_schema("train-action-response")
    draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    python_validator = jsonschema.Draft202012Validator(schema)
    rust_validator = jsonschema_rs.validator_for(schema)
    fast_validate = fastjsonschema.compile(draft7, use_formats=False)
    loaded = ss.load(ss.TrainActionResponse, payload)
    sdk_model = SdkResponse.model_validate(payload)
    assert ss.validate(payload, "train-action-response").ok
    assert python_validator.is_valid(payload)
    assert rust_validator.is_valid(payload)
    assert ss.dump(loaded) == payload
    return {
        "scenario-schema validate": lambda: ss.validate(payload, "train-action-response"),
        "scenario-schema load": lambda: ss.load(ss.TrainActionResponse, payload),
        "scenario-schema dump": lambda: ss.dump(loaded),
        "SDK model_validate": lambda: SdkResponse.model_validate(payload),
        "SDK model_dump(by_alias)": lambda: sdk_model.model_dump(by_alias=True),
        "jsonschema iter_errors": lambda: list(python_validator.iter_errors(payload)),
        "fastjsonschema (draft-07)": lambda: fast_validate(payload),
        "jsonschema-rs iter_errors": lambda: list(rust_validator.iter_errors(payload)),
    }


TARGETS = [
    # (ours, theirs, at most this ratio of their time)
    ("scenario-schema validate", "SDK model_validate", 1.0),
    ("scenario-schema load", "SDK model_validate", 1.5),
    ("scenario-schema dump", "SDK model_dump(by_alias)", 1.0),
    ("scenario-schema validate", "jsonschema iter_errors", 1 / 20),
]


def compare(name: str, payload: dict[str, Any], rounds: int, seconds: float) -> list[str]:
    """The table of medians and ratios for one payload, and the targets' verdicts."""
    runs = contenders(payload)
    samples: dict[str, list[float]] = {key: [] for key in runs}
    for _ in range(rounds):
        for key, function in runs.items():
            samples[key].append(_time_per_call(function, seconds))
    medians = {key: statistics.median(values) for key, values in samples.items()}
    sdk = medians["SDK model_validate"]
    lines = [f"\n{name} ({len(json.dumps(payload)):,} bytes of JSON), median of {rounds} rounds:"]
    lines.append(f"  {'contender':<28} {'us/call':>10} {'vs SDK model_validate':>22}")
    for key, median in medians.items():
        lines.append(f"  {key:<28} {median * 1e6:>10.1f} {median / sdk:>21.2f}x")
    lines.append("  targets:")
    for ours, theirs, limit in TARGETS:
        ratio = medians[ours] / medians[theirs]
        verdict = "met" if ratio <= limit else "MISSED"
        lines.append(f"    {ours} / {theirs} = {ratio:.3f} (target <= {limit:.3f}): {verdict}")
    return lines


_CHILD = """
import os, sys, time
from scenario_schema.cli import main
real, sys.stdout = sys.stdout, open(os.devnull, "w")
started = time.perf_counter()
main(["validate", "--jobs", sys.argv[2], sys.argv[1]])
elapsed = time.perf_counter() - started
peak = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(elapsed, peak, file=real)
"""


def stream(documents: int, jobs: int) -> str:
    """Validate a JSON Lines file with the CLI in a child process: docs/s and peak memory.

    Peak memory is the child's own VmHWM (its high-water RSS); with --jobs it is the
    parent's, the workers' own being alike and constant.
    """
    base = page_example()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "stream.jsonl"
        line = json.dumps(base, separators=(",", ":")) + "\n"
        with path.open("w") as handle:
            for _ in range(documents):
                handle.write(line)
        size = path.stat().st_size
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path), str(jobs)],
            check=True,
            capture_output=True,
            text=True,
        )
    elapsed, peak = result.stdout.split()
    return (
        f"  {documents:>7,} documents ({size / 1e6:6.1f} MB), --jobs {jobs}:"
        f" {documents / float(elapsed):>8,.0f} documents/s, peak RSS {int(peak) / 1024:6.1f} MB"
    )


def main() -> None:
    """Run every comparison and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--seconds", type=float, default=0.2, help="timing per contender per round")
    parser.add_argument("--no-stream", action="store_true", help="skip the JSON Lines runs")
    args = parser.parse_args()
    today = datetime.date.today().isoformat()
    print(
        f"scenario-schema {ss.__version__} benchmark, {today}, Python {platform.python_version()},"
        f" {platform.machine()}, {os.cpu_count()} cores"
    )
    for name, payload in (("spec example", page_example()), ("large response", large_response())):
        print("\n".join(compare(name, copy.deepcopy(payload), args.rounds, args.seconds)))
    if not args.no_stream:
        print("\nJSON Lines through `scenario-schema validate` (a child process per run):")
        for documents in (10_000, 100_000):
            print(stream(documents, jobs=1))
        print(stream(100_000, jobs=2))


if __name__ == "__main__":
    main()
