"""scenario-schema against its peers: paired ratios in one process, and the CLI at scale.

Run with `make bench` (`--help` for the options). For each of three payloads (the spec
example, the large response, the container response) and with the garbage collector
on and off, every round times each pair of contenders back to back (in alternating
order) and takes their ratio; the tables give the median ratio over rounds and its
interquartile range, so machine noise that hits both sides of a pair cancels. Two
floors put the times in scale: `json.loads` of the payload's text, and a walk that
only checks the JSON type of every value (`benchmarks/floors.py`). The anatomy
(`benchmarks/anatomy.py`) then takes each part out of the generated code in turn: what
`validate`, `load` and `dump` cost without their free-form walk, copies or rules. Then
the CLI validates JSON Lines in child processes: documents per second and peak memory
(the parent's or any worker's, whichever is higher), a few runs each.

Quote ratios, not microseconds: the machine is named in the header, with its load.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Final, Literal

import fastjsonschema
import jsonschema
import jsonschema_rs
from scenario_sdk.types.models.train_action_response import TrainActionResponse as SdkResponse

import scenario_schema as ss

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks import anatomy, documents, import_time
from benchmarks.floors import type_walk
from benchmarks.payloads import (
    PAYLOADS,
    ROOT,
    clean_example,
    container_response,
    large_response,
    page_example,
    today_response,
    with_undocumented,
)
from benchmarks.timing import GC_STATES, calls_for, per_call

SCHEMA: Final = "train-action-response"

LABELS = {
    "validate": "scenario-schema validate",
    "load": "scenario-schema load",
    "dump": "scenario-schema dump",
    "sdk_validate": "SDK model_validate",
    "sdk_dump": "SDK model_dump(by_alias=True)",
    "jsonschema": "jsonschema iter_errors",
    "fastjsonschema": "fastjsonschema (draft-07)",
    "jsonschema_rs": "jsonschema-rs iter_errors",
    "json_loads": "floor: json.loads(text)",
    "type_walk": "floor: type walk",
}
"""Each contender's key and its name in the tables, in table order."""

PACKAGES = (
    "scenario-schema",
    "scenario-sdk",
    "pydantic",
    "pydantic-core",
    "jsonschema",
    "fastjsonschema",
    "jsonschema-rs",
    "orjson",
    "msgspec",
)
"""The packages whose versions the header names."""

FAST_DECODERS = ("orjson", "msgspec")
"""Modules a `[fast]` extra may decode JSON with: blocked in the CLI's "without" runs."""


@dataclass(frozen=True)
class Ratio:
    """A paired ratio: the time of `numerator` over the time of `denominator`, per round."""

    name: str
    numerator: str
    denominator: str
    op: Literal["<=", ">="] | None = None
    limit: float = 0.0

    @property
    def target(self) -> str:
        """The target in words, or an empty string for a ratio shown for scale."""
        return f"{self.op} {self.limit:g}" if self.op else ""

    def verdict(self, value: float) -> str:
        """`met` or `MISSED` for a median ratio (empty without a target)."""
        return _verdict(self.op, self.limit, value)


def _verdict(op: str | None, limit: float, value: float) -> str:
    if op is None:
        return ""
    met = value <= limit if op == "<=" else value >= limit
    return "met" if met else "MISSED"


RATIOS = (
    Ratio("validate / SDK model_validate", "validate", "sdk_validate", "<=", 0.5),
    Ratio("load / SDK model_validate", "load", "sdk_validate", "<=", 1.0),
    Ratio("dump / SDK model_dump(by_alias=True)", "dump", "sdk_dump", "<=", 0.55),
    Ratio("jsonschema iter_errors / validate", "jsonschema", "validate", ">=", 50),
    Ratio("fastjsonschema / validate", "fastjsonschema", "validate"),
    Ratio("jsonschema-rs iter_errors / validate", "jsonschema_rs", "validate"),
    Ratio("floor json.loads(text) / validate", "json_loads", "validate"),
    Ratio("floor type walk / validate", "type_walk", "validate"),
    Ratio("floor type walk / SDK model_validate", "type_walk", "sdk_validate"),
)
"""The issue's targets, then ratios shown for scale; every contender is in a pair."""


@dataclass(frozen=True)
class Case:
    """A payload as `make bench` measures it: under a revision and mode, with its targets."""

    name: str
    build: Callable[[], dict[str, Any]]
    scale: bool = True
    """Also time the JSON Schema validators (the three main payloads); floors are always timed."""
    revision: str = "page"
    mode: Literal["strict", "lenient"] = "strict"
    limits: tuple[tuple[str, float], ...] = ()
    """Targets of this payload that differ from :data:`RATIOS`', by ratio name."""

    def limit(self, ratio: Ratio) -> Ratio:
        """The ratio with this payload's target."""
        for name, value in self.limits:
            if name == ratio.name:
                return Ratio(ratio.name, ratio.numerator, ratio.denominator, ratio.op, value)
        return ratio


CASES = (
    Case("spec example", page_example),
    Case("large response", large_response),
    Case(
        "container response",
        container_response,
        limits=(
            ("validate / SDK model_validate", 0.6),
            ("load / SDK model_validate", 1.15),
            ("dump / SDK model_dump(by_alias=True)", 0.75),
        ),
    ),
    Case("spec example, sdk-2.4", page_example, False, revision="sdk-2.4"),
    Case(
        "spec example + 1 undocumented", lambda: with_undocumented(page_example(), 1), scale=False
    ),
    Case("today-shaped, page lenient", today_response, False, mode="lenient"),
    Case("today-shaped, sdk-2.4", today_response, False, revision="sdk-2.4"),
)
"""The payloads of the in-process tables: the three of `benchmarks/payloads.py`, then the
documents the API really sends (undocumented fields, today's revision)."""


@dataclass(frozen=True)
class Spread:
    """The median of some samples, their quartiles and their range."""

    median: float
    q1: float
    q3: float
    low: float
    high: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        """The spread of at least one sample."""
        if len(values) > 1:
            q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        else:
            q1 = q3 = values[0]
        median = statistics.median(values)
        return cls(median, q1, q3, min(values), max(values), len(values))

    def scaled(self, factor: float) -> Spread:
        """The same spread in other units."""
        return Spread(
            self.median * factor,
            self.q1 * factor,
            self.q3 * factor,
            self.low * factor,
            self.high * factor,
            self.n,
        )

    def show(self, digits: int) -> str:
        """``median [q1-q3]``."""
        return f"{self.median:.{digits}f} [{self.q1:.{digits}f}-{self.q3:.{digits}f}]"


# In-process timings ---------------------------------------------------------------


def compact(document: Any) -> str:
    """JSON text as the CLI reads it from a JSON Lines file."""
    return json.dumps(document, separators=(",", ":"))


def contenders(case: Case, payload: dict[str, Any]) -> dict[str, Callable[[], object]]:
    """Each contender as a no-argument call on the payload, after checking they agree."""
    revision: Any = case.revision
    options: dict[str, Any] = {"mode": case.mode, "revision": revision}
    loaded = ss.load(ss.TrainActionResponse, payload, **options)
    sdk_model = SdkResponse.model_validate(payload)
    assert ss.validate(payload, SCHEMA, **options).ok
    assert ss.dump(loaded) == payload
    calls: dict[str, Callable[[], object]] = {
        "validate": lambda: ss.validate(payload, SCHEMA, **options),
        "load": lambda: ss.load(ss.TrainActionResponse, payload, **options),
        "dump": lambda: ss.dump(loaded),
        "sdk_validate": lambda: SdkResponse.model_validate(payload),
        "sdk_dump": lambda: sdk_model.model_dump(by_alias=True),
    }
    text = compact(payload)
    assert type_walk(payload)
    assert json.loads(text) == payload
    floors: dict[str, Callable[[], object]] = {
        "json_loads": lambda: json.loads(text),
        "type_walk": lambda: type_walk(payload),
    }
    if not case.scale:  # the floors still: what a target below them would ask of Python
        return {**calls, **floors}
    schema = ss.json_schema(SCHEMA, **options)
    draft7 = {**schema, "$schema": "http://json-schema.org/draft-07/schema#"}
    python_validator = jsonschema.Draft202012Validator(schema)
    rust_validator = jsonschema_rs.validator_for(schema)
    fast_validate = fastjsonschema.compile(draft7, use_formats=False)
    assert python_validator.is_valid(payload)
    assert rust_validator.is_valid(payload)
    assert fast_validate(payload) == payload
    calls.update(
        {
            "jsonschema": lambda: list(python_validator.iter_errors(payload)),
            "fastjsonschema": lambda: fast_validate(payload),
            "jsonschema_rs": lambda: list(rust_validator.iter_errors(payload)),
            **floors,
        }
    )
    assert list(calls) == list(LABELS)
    return calls


@dataclass
class PayloadResult:
    """Every figure of one payload."""

    case: Case
    name: str
    size: int
    warnings: int
    rounds: int
    seconds: float
    times: dict[str, dict[str, Spread]]  # GC state -> contender -> seconds per call
    ratios: dict[str, dict[str, Spread]]  # GC state -> ratio name -> ratio


def measure(case: Case, rounds: int, seconds: float) -> PayloadResult:
    """Paired ratios on one payload: each round, each pair back to back, GC on and off.

    The order of the two GC states and of the two sides of each pair alternates from
    round to round; each GC state's block of timings starts with `gc.collect()`.
    """
    payload = case.build()
    calls = contenders(case, payload)
    pairs = [r for r in RATIOS if r.numerator in calls and r.denominator in calls]
    counts = {key: calls_for(function, seconds) for key, function in calls.items()}
    times: dict[str, dict[str, list[float]]] = {
        state: {k: [] for k in calls} for state in GC_STATES
    }
    ratios: dict[str, dict[str, list[float]]] = {
        state: {ratio.name: [] for ratio in pairs} for state in GC_STATES
    }
    for index in range(rounds):
        flip = index % 2 == 1
        for state in reversed(GC_STATES) if flip else GC_STATES:
            gc.collect()
            if state == "GC off":
                gc.disable()
            try:
                for ratio in pairs:
                    sides = [ratio.numerator, ratio.denominator]
                    taken = {}
                    for key in reversed(sides) if flip else sides:
                        taken[key] = per_call(calls[key], counts[key])
                        times[state][key].append(taken[key])
                    ratios[state][ratio.name].append(
                        taken[ratio.numerator] / taken[ratio.denominator]
                    )
            finally:
                gc.enable()
    options: dict[str, Any] = {"mode": case.mode, "revision": case.revision}
    return PayloadResult(
        case=case,
        name=case.name,
        size=len(compact(payload).encode()),
        warnings=len(ss.validate(payload, SCHEMA, **options).warnings),
        rounds=rounds,
        seconds=seconds,
        times={s: {k: Spread.of(v) for k, v in per.items()} for s, per in times.items()},
        ratios={s: {k: Spread.of(v) for k, v in per.items()} for s, per in ratios.items()},
    )


def _ratios_of(result: PayloadResult) -> list[Ratio]:
    """The ratios a payload was measured on, with its own targets."""
    measured = result.ratios[GC_STATES[0]]
    return [result.case.limit(ratio) for ratio in RATIOS if ratio.name in measured]


def _ratio_cell(ratio: Ratio, spread: Spread) -> str:
    digits = 1 if spread.median >= 10 else 3
    return f"{spread.show(digits)} {ratio.verdict(spread.median)}".rstrip()


def payload_table(result: PayloadResult) -> list[str]:
    """The table of one payload: times of every contender, then every paired ratio."""
    case = result.case
    lines = [
        f"\n{result.name}: {result.size:,} bytes of compact JSON ({result.size / 1024:.1f} KiB),"
        f" {case.revision} {case.mode}, {result.warnings} warning(s); {result.rounds} rounds,"
        f" ~{result.seconds:g} s per timing",
        f"  {'us/call: median [IQR]; x SDK model_validate':<46}"
        + "".join(f"{state:>26} {'x SDK':>6}" for state in GC_STATES),
    ]
    for key, label in LABELS.items():
        if key not in result.times[GC_STATES[0]]:
            continue
        row = f"  {label:<46}"
        for state in GC_STATES:
            spread = result.times[state][key].scaled(1e6)
            sdk = result.times[state]["sdk_validate"].median * 1e6
            row += f"{spread.show(1):>26} {spread.median / sdk:>6.2f}"
        lines.append(row)
    lines.append(
        (
            f"  {'paired ratio: median [IQR] over rounds':<38}{'target':>8}"
            + "".join(f"  {state:<31}" for state in GC_STATES)
        ).rstrip()
    )
    for ratio in _ratios_of(result):
        row = f"  {ratio.name:<38}{ratio.target:>8}"
        for state in GC_STATES:
            row += f"  {_ratio_cell(ratio, result.ratios[state][ratio.name]):<31}"
        lines.append(row.rstrip())
    return lines


# The command line at scale ------------------------------------------------------------

_CHILD = """
import os, resource, sys, time
for name in filter(None, sys.argv[3].split(",")):
    sys.modules[name] = None  # `import name` now raises ImportError
from scenario_schema.cli import main
real, sys.stdout = sys.stdout, open(os.devnull, "w")
started = time.perf_counter()
status = main(["validate", "--jobs", sys.argv[2], sys.argv[1]])
elapsed = time.perf_counter() - started
sys.stdout.flush()
own = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(status, elapsed, own, workers, file=real)
"""
"""Runs the CLI on a file; prints its exit status, the seconds `main` took, the peak RSS
(KiB) of the process and the highest peak RSS of its (finished) worker processes."""


@dataclass(frozen=True)
class CliCase:
    """One CLI run: which documents, how many, how many jobs."""

    document: str
    documents: int
    jobs: int

    @property
    def name(self) -> str:
        """How the tables name it."""
        return f"{self.document}, {self.documents:,} documents, --jobs {self.jobs}"


@dataclass
class CliResult:
    """The runs of one case: documents per second and peak RSS (MiB), one per run."""

    case: CliCase
    variant: str
    file_bytes: int
    rate: list[float]
    peak_mib: list[float]
    worker_peak_mib: list[float]
    load: list[float]  # the 1-minute load average before each run


def _run_cli(path: Path, jobs: int, blocked: Sequence[str]) -> tuple[float, float, float]:
    """Seconds, own peak RSS and workers' peak RSS (MiB) of one CLI run in a child process."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(jobs), ",".join(blocked)],
        check=True,
        capture_output=True,
        text=True,
    )
    status, elapsed, own, workers = result.stdout.split()
    if status != "0":
        raise SystemExit(f"the CLI exited {status} on {path}:\n{result.stderr}")
    return float(elapsed), int(own) / 1024, int(workers) / 1024


def _write_lines(path: Path, document: dict[str, Any], count: int) -> int:
    line = (compact(document) + "\n").encode()
    with path.open("wb") as handle:
        for _ in range(count):
            handle.write(line)
    return path.stat().st_size


CLI_DOCUMENTS: dict[str, Callable[[], dict[str, Any]]] = {
    "spec example": page_example,
    "spec example, no issue": clean_example,
    "container response": container_response,
    "today-shaped response": today_response,
}
"""The documents of the CLI runs: the page's example as it is (15 warnings, printed for
each line), the same with no issue (nothing printed), the container response, and a
response shaped like today's API (SDK 2.4.0's fields, four undocumented ones)."""


def cli_cases(quick: bool) -> list[CliCase]:
    """Spec-example-sized lines at two sizes with one and two jobs, and large documents."""
    small, big, large = (2_000, 20_000, 200) if quick else (10_000, 200_000, 1_000)
    return [
        *(
            CliCase(document, count, jobs)
            for document in ("spec example", "spec example, no issue")
            for jobs in (1, 2)
            for count in (small, big)
        ),
        CliCase("container response", large, 1),
        CliCase("container response", large, 2),
        CliCase("today-shaped response", big, 1),
    ]


def decoder_variants() -> dict[str, tuple[str, ...]]:
    """CLI variants: as installed, and without a fast JSON decoder when one is importable.

    A variant names the modules its runs cannot import (`sys.modules[name] = None`), so
    the CLI falls back as it does where the `[fast]` extra is not installed.
    """
    variants: dict[str, tuple[str, ...]] = {"as installed": ()}
    present = tuple(name for name in FAST_DECODERS if _version(name) is not None)
    if present:
        variants[f"without {'/'.join(present)}"] = present
    return variants


def _variant_cases(cases: list[CliCase], main: bool) -> list[CliCase]:
    """The cases of a variant: all of them as installed, fewer without the fast decoder.

    Without it, the large runs of the documents that print nothing (where decoding
    weighs most) and the large documents: `make bench` stays under ten minutes.
    """
    if main:
        return cases
    smallest = min(case.documents for case in cases if case.document != "container response")
    return [
        case
        for case in cases
        if case.document not in ("spec example", "today-shaped response")
        and (case.document == "container response" or case.documents > smallest)
    ]


def measure_cli(cases: list[CliCase], repeats: int) -> list[CliResult]:
    """Each case `repeats` times per variant, the cases in turn within each repetition."""
    documents = {name: build() for name, build in CLI_DOCUMENTS.items()}
    variants = {
        variant: (blocked, _variant_cases(cases, main=index == 0))
        for index, (variant, blocked) in enumerate(decoder_variants().items())
    }
    results = {
        (variant, case): CliResult(case, variant, 0, [], [], [], [])
        for variant, (_, chosen) in variants.items()
        for case in chosen
    }
    with tempfile.TemporaryDirectory() as folder:
        files: dict[tuple[str, int], tuple[Path, int]] = {}
        for case in cases:
            key = (case.document, case.documents)
            if key not in files:
                path = Path(folder) / f"{case.document.replace(' ', '-')}-{case.documents}.jsonl"
                files[key] = (path, _write_lines(path, documents[case.document], case.documents))
        for _ in range(repeats):
            for variant, (blocked, chosen) in variants.items():
                for case in chosen:
                    path, size = files[(case.document, case.documents)]
                    result = results[(variant, case)]
                    result.load.append(os.getloadavg()[0] if hasattr(os, "getloadavg") else -1)
                    elapsed, own, workers = _run_cli(path, case.jobs, blocked)
                    result.file_bytes = size
                    result.rate.append(case.documents / elapsed)
                    result.peak_mib.append(max(own, workers))
                    result.worker_peak_mib.append(workers)
    return list(results.values())


@dataclass(frozen=True)
class CliTarget:
    """A CLI row of the issue's table, with the figure it compares and its target."""

    name: str
    value: float
    spread: Spread
    op: Literal["<=", ">="]
    limit: float

    @property
    def verdict(self) -> str:
        """`met` or `MISSED` for the median."""
        return _verdict(self.op, self.limit, self.value)


def cli_targets(results: list[CliResult], variant: str) -> list[CliTarget]:
    """The issue's CLI rows for one variant: rates, flat memory, and the gain of a second job.

    A row is left out when its variant did not run the cases it compares.
    """
    runs = {
        (r.case.document, r.case.documents, r.case.jobs): r for r in results if r.variant == variant
    }
    targets = []
    for document in dict.fromkeys(r.case.document for r in results):
        counts = sorted({count for (name, count, _) in runs if name == document})
        if not counts:
            continue
        big = counts[-1]
        if document == "today-shaped response":
            targets.extend(_today_targets(runs, big))
            continue
        if document == "container response":
            gains = Spread.of(
                [
                    two / one
                    for one, two in zip(
                        runs[(document, big, 1)].rate, runs[(document, big, 2)].rate, strict=True
                    )
                ]
            )
            name = f"{document}, {big:,} documents: docs/s --jobs 2 / --jobs 1"
            targets.append(CliTarget(name, gains.median, gains, ">=", 1.7))
            continue
        for jobs, limit in ((1, 30_000.0), (2, 50_000.0)):
            rate = Spread.of(runs[(document, big, jobs)].rate)
            name = f"{document}, {big:,} documents, --jobs {jobs}: docs/s"
            targets.append(CliTarget(name, rate.median, rate, ">=", limit))
        if document == "spec example":
            gains = Spread.of(
                _per_run(runs[(document, big, 2)].rate, runs[(document, big, 1)].rate)
            )
            name = f"{document}, {big:,} documents: docs/s --jobs 2 / --jobs 1"
            targets.append(CliTarget(name, gains.median, gains, ">=", 1.7))
        for jobs in (1, 2) if len(counts) > 1 else ():
            small = counts[0]
            growth = Spread.of(
                [
                    b / s
                    for b, s in zip(
                        runs[(document, big, jobs)].peak_mib,
                        runs[(document, small, jobs)].peak_mib,
                        strict=True,
                    )
                ]
            )
            name = f"{document}, peak RSS {big:,} / {small:,} documents, --jobs {jobs}"
            targets.append(CliTarget(name, growth.median, growth, "<=", 1.5))
    return targets


def _per_run(numerators: list[float], denominators: list[float]) -> list[float]:
    """The ratio of each run of one case to the run of another in the same repetition."""
    return [top / bottom for top, bottom in zip(numerators, denominators, strict=True)]


def _today_targets(runs: dict[tuple[str, int, int], CliResult], big: int) -> list[CliTarget]:
    """Lines of today's responses against the spec example's, same count, one job."""
    spec = runs.get(("spec example", big, 1))
    if spec is None:
        return []
    ratio = Spread.of(_per_run(runs[("today-shaped response", big, 1)].rate, spec.rate))
    name = f"today-shaped response / spec example, {big:,} documents: docs/s"
    return [CliTarget(name, ratio.median, ratio, ">=", 0.9)]


def cli_table(results: list[CliResult], repeats: int) -> list[str]:
    """Every CLI run's figures (the issue's CLI rows are in the summary)."""
    lines = [
        f"\nJSON Lines through `scenario-schema validate` (a child process per run, {repeats}"
        " run(s) each; median [IQR]; peak RSS: the parent's or a worker's, the higher;"
        " load: the 1-minute load average before the runs, lowest-highest):"
    ]
    for variant in dict.fromkeys(r.variant for r in results):
        lines.append(f"  CLI {variant}:")
        for result in (r for r in results if r.variant == variant):
            rate, peak = Spread.of(result.rate), Spread.of(result.peak_mib)
            workers = max(result.worker_peak_mib)
            lines.append(
                f"    {result.case.name:<54} {result.file_bytes / 1e6:7.1f} MB"
                f" {rate.show(0):>26} docs/s  peak RSS {peak.show(1):>18} MiB"
                + (f" (workers {workers:.1f})" if result.case.jobs > 1 else "")
                + f"  load {min(result.load):.1f}-{max(result.load):.1f}"
            )
    return lines


# The report ------------------------------------------------------------------------


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _load() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            check=True,
            capture_output=True,
            text=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return found.stdout.strip()


def machine() -> dict[str, Any]:
    """The machine, the interpreter, the GC and the versions the figures come from."""
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return {
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": _commit(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": affinity,
        "load_average_at_start": _load(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "gc": {"enabled": gc.isenabled(), "thresholds": list(gc.get_threshold())},
        "versions": {name: _version(name) for name in PACKAGES},
    }


def header(info: dict[str, Any]) -> list[str]:
    """The header lines: what ran where."""
    versions = ", ".join(
        f"{name} {version or 'not installed'}" for name, version in info["versions"].items()
    )
    return [
        f"scenario-schema benchmark, {info['date']}, commit {info['commit']}",
        f"machine: {info['platform']}, {info['cpu']}, {info['cores']} cores"
        f" ({info['usable_cores']} usable), load average {info['load_average_at_start']}",
        f"Python: {info['python']} ({sys.executable}); GC enabled at start:"
        f" {info['gc']['enabled']}, thresholds {tuple(info['gc']['thresholds'])}",
        f"versions: {versions}",
    ]


def summary(payloads: list[PayloadResult], cli: list[CliResult] | None) -> list[str]:
    """The issue's table, row by row: each target on each payload, GC on and off."""
    lines = [
        "\nTargets: paired ratios, median [IQR] over rounds",
        f"  {'':<68}" + "".join(f"{state:<31}" for state in GC_STATES).rstrip(),
    ]
    for result in payloads:
        for ratio in (ratio for ratio in _ratios_of(result) if ratio.op):
            name = f"{result.name}: {ratio.name} {ratio.target}"
            row = f"  {name:<68}" + "".join(
                f"{_ratio_cell(ratio, result.ratios[state][ratio.name]):<31}" for state in GC_STATES
            )
            lines.append(row.rstrip())
    for variant in dict.fromkeys(result.variant for result in cli or ()):
        lines.append(f"  CLI {variant}: median [IQR] over runs")
        for target in cli_targets(cli or [], variant):
            digits = 0 if target.value >= 100 else 2
            lines.append(
                f"    {target.name:<68} {target.spread.show(digits):>24}"
                f"  target {target.op} {target.limit:g}: {target.verdict}"
            )
    return lines


def as_json(
    info: dict[str, Any], payloads: list[PayloadResult], cli: list[CliResult] | None
) -> dict[str, Any]:
    """Every figure, machine-readable (seconds, ratios, documents/s, MiB)."""
    return {
        "machine": info,
        "payloads": [
            {
                "name": result.name,
                "bytes": result.size,
                "warnings": result.warnings,
                "rounds": result.rounds,
                "seconds_per_timing": result.seconds,
                "seconds_per_call": {
                    state: {LABELS[key]: asdict(spread) for key, spread in per.items()}
                    for state, per in result.times.items()
                },
                "revision": result.case.revision,
                "mode": result.case.mode,
                "ratios": {
                    state: {
                        ratio.name: {
                            **asdict(per[ratio.name]),
                            "target": ratio.target or None,
                            "verdict": ratio.verdict(per[ratio.name].median) or None,
                        }
                        for ratio in _ratios_of(result)
                    }
                    for state, per in result.ratios.items()
                },
            }
            for result in payloads
        ],
        "cli": None
        if cli is None
        else {
            "runs": [
                {
                    "variant": result.variant,
                    "document": result.case.document,
                    "documents": result.case.documents,
                    "jobs": result.case.jobs,
                    "file_bytes": result.file_bytes,
                    "documents_per_second": result.rate,
                    "peak_rss_mib": result.peak_mib,
                    "worker_peak_rss_mib": result.worker_peak_mib,
                    "load_average_before": result.load,
                }
                for result in cli
            ],
            "targets": {
                variant: [
                    {**asdict(target), "verdict": target.verdict}
                    for target in cli_targets(cli, variant)
                ]
                for variant in dict.fromkeys(result.variant for result in cli)
            },
        },
    }


@contextlib.contextmanager
def _progress(message: str) -> Iterator[None]:
    started = time.perf_counter()
    print(f"[{message}...]", file=sys.stderr, flush=True)
    yield
    print(f"[{message}: {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> None:
    """Run every comparison and print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, help="rounds per payload (default 21; quick: 3)")
    parser.add_argument(
        "--seconds", type=float, help="time per contender per timing (default 0.05; quick: 0.02)"
    )
    parser.add_argument("--repeats", type=int, help="runs per CLI case (default 3; quick: 1)")
    parser.add_argument("--no-stream", action="store_true", help="skip the CLI (JSON Lines) runs")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: few rounds, small CLI files"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure here")
    args = parser.parse_args(argv)
    rounds = args.rounds or (3 if args.quick else 21)
    seconds = args.seconds or (0.02 if args.quick else 0.05)
    repeats = args.repeats or (1 if args.quick else 3)
    info = machine()
    print("\n".join(header(info)))
    print(
        "method: in one process, each round times both sides of every pair back to back"
        " (alternating which goes first) and takes their ratio; GC on and GC off"
        " (gc.disable() around the timings, gc.collect() before)."
    )
    payloads = []
    for case in CASES:
        with _progress(f"timing {case.name}"):
            result = measure(case, rounds, seconds)
        payloads.append(result)
        print("\n".join(payload_table(result)), flush=True)
    with _progress("undocumented fields and errors"):
        drifted, broke = documents.drift(rounds, seconds), documents.errors(rounds, seconds)
    print("\n".join(documents.table(drifted, broke, rounds)), flush=True)
    with _progress("anatomy"):
        parts = {
            name: anatomy.anatomy(build(), rounds, seconds) for name, build in PAYLOADS.items()
        }
    print("\n".join(anatomy.table(parts, rounds)), flush=True)
    cli = None
    if not args.no_stream:
        with _progress("CLI runs"):
            cli = measure_cli(cli_cases(args.quick), repeats)
        print("\n".join(cli_table(cli, repeats)))
    print("\n".join(summary(payloads, cli)))
    print(import_time.import_row())
    print(*import_time.first_use_rows(), sep="\n")
    info["load_average_at_end"] = _load()
    print(f"\nload average at end: {info['load_average_at_end']}")
    if args.json:
        figures = {
            **as_json(info, payloads, cli),
            "anatomy": parts,
            "undocumented_fields": drifted,
            "one_error": broke,
        }
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
