"""What `import scenario_schema` costs over a bare interpreter: one row of `make bench`.

Each run is a fresh interpreter (`python -c "import scenario_schema"` against
`python -c "pass"`), timed on the wall clock and in CPU time (user + system, from
the child's resource usage: steadier than the wall clock on a busy machine); the
figures are the best of 10 runs, the bare interpreter's best subtracted. A first
import beforehand writes the bytecode caches, as an installed package has them.

Every public name is imported on first use, so two more rows say what a program
pays when it touches the contract, each over a bare interpreter: ``from
scenario_schema import validate`` (attrs, the contract classes, the engine), and the
import with a first ``validate`` call (its checker generated and compiled too). They
have no target; they keep the first row honest.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass

__all__ = ["FIRST_USE", "TARGET_MS", "ImportCost", "first_use_rows", "import_cost", "import_row"]

TARGET_MS = 60.0
"""The most `import scenario_schema` may add, in milliseconds (issue 21)."""

_RUNS = 10

FIRST_USE: dict[str, str] = {
    "from scenario_schema import validate": "from scenario_schema import validate",
    "import scenario_schema and a first validate()": (
        'import scenario_schema as ss; ss.validate({}, "train-action-response")'
    ),
}
"""What a program does first with the package (label: code), timed like the import."""


@dataclass(frozen=True)
class ImportCost:
    """Milliseconds an import adds over a bare interpreter, best of the runs."""

    wall_ms: float
    cpu_ms: float
    runs: int


def _run(code: str, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one interpreter running ``code``."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        msg = f"python -c {code!r} exited with {child.returncode}"
        raise RuntimeError(msg)
    return wall, usage.ru_utime + usage.ru_stime


def _best(code: str, env: dict[str, str], runs: int) -> tuple[float, float]:
    times = [_run(code, env) for _ in range(runs)]
    return min(wall for wall, _ in times), min(cpu for _, cpu in times)


def import_cost(module: str = "scenario_schema", runs: int = _RUNS) -> ImportCost:
    """Time ``import module`` in fresh interpreters against a bare one (best of ``runs``)."""
    return code_cost(f"import {module}", runs)


def code_cost(code: str, runs: int = _RUNS) -> ImportCost:
    """Time ``python -c code`` in fresh interpreters against a bare one (best of ``runs``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    _run(code, env)  # writes the bytecode caches
    bare_wall, bare_cpu = _best("pass", env, runs)
    wall, cpu = _best(code, env, runs)
    return ImportCost((wall - bare_wall) * 1000, (cpu - bare_cpu) * 1000, runs)


def import_row(cost: ImportCost | None = None) -> str:
    """The benchmark's row: the import's cost against its target."""
    cost = cost or import_cost()
    verdict = "met" if min(cost.wall_ms, cost.cpu_ms) <= TARGET_MS else "MISSED"
    return (
        f"import scenario_schema: +{cost.wall_ms:.0f} ms wall, +{cost.cpu_ms:.0f} ms CPU"
        f" over a bare interpreter (best of {cost.runs}; target <= {TARGET_MS:.0f} ms: {verdict})"
    )


def first_use_rows(runs: int = _RUNS) -> list[str]:
    """The rows of :data:`FIRST_USE`: what touching the contract adds (no target)."""
    rows = []
    for label, code in FIRST_USE.items():
        cost = code_cost(code, runs)
        rows.append(
            f"{label}: +{cost.wall_ms:.0f} ms wall, +{cost.cpu_ms:.0f} ms CPU"
            f" over a bare interpreter (best of {cost.runs}; no target)"
        )
    return rows


if __name__ == "__main__":
    print(import_row())
    print(*first_use_rows(), sep="\n")
