"""Where the time of `validate`, `load` and `dump` goes: each part taken out in turn.

`make bench` says how fast the calls are; this says what they would cost without one
of their parts, as a share of the SDK's call on the same payload. A part is taken out
of a fresh copy of the generated code (its namespace patched, or its source edited),
so the figures are of the code that runs, less that part, and no answer is checked:
they are lower bounds on what any faster version of the rest could reach.

    .venv/bin/python -m benchmarks.anatomy [--rounds N] [--seconds S]

`make bench` prints the same table after its own.

Rows (each a median over rounds of paired ratios to the SDK, GC on and GC off; each pair
timed from a collected heap):

- the generated check of `validate` as it runs; without the walk of free-form values;
  without the prose rules' plans;
- the generated builder of `load`; without the checked copies of free-form values;
- the dumper; without `thaw` (free-form values kept by reference); without the per-object
  tests of `extra` and explicit nulls;
- the payload's free-form values alone: the bare type walk of `benchmarks/floors.py` over
  them (against `validate`), their `thaw`, and the C-level copy (`dict.copy`, `list[:]`) of
  every container in them (against `dump`).
"""

from __future__ import annotations

import argparse
import functools
import re
from collections.abc import Callable
from typing import Any

from scenario_sdk.types.models.train_action_response import TrainActionResponse as SdkResponse

import scenario_schema as ss
from benchmarks.floors import type_walk
from benchmarks.payloads import PAYLOADS
from benchmarks.timing import paired_ratios
from scenario_schema._engine import Options, compile_source, dump_source, generate
from scenario_schema._engine.generated import RulesTable

__all__ = ["anatomy", "main", "table"]

_STRICT = Options(mode="strict", check_formats=False, revision="page")


def _generated(*, build: bool, patch: dict[str, Any] | None = None) -> Callable[[Any], object]:
    """A fresh copy of what `validate` (or with `build`, `load`) runs, its namespace patched."""
    function = generate(ss.TrainActionResponse, _STRICT, build=build, title="anatomy").function
    _patch(function.__globals__, patch or {})
    if build:
        return function
    return lambda payload: function(payload, [])


def _without_rules() -> Callable[[Any], object]:
    function = generate(ss.TrainActionResponse, _STRICT, build=False, title="anatomy").function
    namespace = function.__globals__
    tables = [name for name, value in namespace.items() if isinstance(value, RulesTable)]
    assert tables, "the generated check no longer plans the prose rules in tables"
    _patch(namespace, dict.fromkeys(tables, _NoPlans()))
    return lambda payload: function(payload, [])


class _NoPlans(dict[Any, Any]):
    def __missing__(self, key: Any) -> None:
        return None


_WIRE_STATE = re.compile(r"\n\s*if \w+\.null_fields is not no_nulls.*\n.*\n\s*if \w+\.extra .*")


def _dumper(*, patch: dict[str, Any] | None = None, edit: bool = False) -> Callable[[Any], Any]:
    source, namespace = dump_source(ss.TrainActionResponse)
    if edit:  # the source without the tests of `extra` and `null_fields`
        source, count = _WIRE_STATE.subn("", source)
        assert count > 0, "the tests are no longer where they were"
    compile_source(source, namespace, "anatomy dump")
    dump: Callable[[Any], Any] = namespace["dump_TrainActionResponse"]
    _patch(dump.__globals__, patch or {})
    return dump


def _patch(namespace: dict[str, Any], patch: dict[str, Any]) -> None:
    """Replace names of generated code: names it has, or the row would measure nothing."""
    missing = set(patch) - set(namespace)
    assert not missing, f"the generated code no longer uses {sorted(missing)}"
    namespace.update(patch)


def _free_form_values(payload: dict[str, Any]) -> list[Any]:
    """The free-form values of the payload's object, as `dump` hands them to `thaw`."""
    found: list[Any] = []
    thaw = _dumper().__globals__["thaw"]

    def keep(value: Any) -> Any:
        found.append(value)
        return thaw(value)

    _dumper(patch={"thaw": keep})(ss.load(ss.TrainActionResponse, payload, revision="page"))
    return found


def _containers(values: list[Any]) -> list[Any]:
    found: list[Any] = []
    stack = list(values)
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            found.append(value)
            stack.extend(value.values())
        elif isinstance(value, list):
            found.append(value)
            stack.extend(value)
    return found


def _copy(container: Any) -> Any:
    return container[:] if type(container) is list else container.copy()


def rows(payload: dict[str, Any]) -> dict[str, tuple[str, Callable[[], object]]]:
    """Each row: the SDK call it is a share of, and the call."""
    loaded = ss.load(ss.TrainActionResponse, payload, revision="page")
    free_form = _free_form_values(payload)
    thaw = _dumper().__globals__["thaw"]
    containers = _containers(free_form)
    plain_free_form = [thaw(value) for value in free_form]  # as a document holds them
    calls = {
        "validate: generated check": _generated(build=False),
        "validate: generated, no free-form walk": _generated(
            build=False, patch={"free_ok": lambda value, budget: True}
        ),
        "validate: generated, no prose rules": _without_rules(),
        "load: generated builder": _generated(build=True),
        "load: generated, no free-form copies": _generated(
            build=True, patch={"free_copy": lambda value, budget: value}
        ),
    }
    dumps = {
        "dump": _dumper(),
        "dump, no free-form copies (thaw)": _dumper(patch={"thaw": lambda value: value}),
        "dump, no extra/null tests": _dumper(edit=True),
    }
    table: dict[str, tuple[str, Callable[[], object]]] = {
        name: ("validate", functools.partial(function, payload)) for name, function in calls.items()
    }
    table.update({name: ("dump", functools.partial(f, loaded)) for name, f in dumps.items()})
    table["type walk of the free-form values alone"] = (
        "validate",
        lambda: [type_walk(value) for value in plain_free_form],
    )
    table["thaw of the free-form values alone"] = (
        "dump",
        lambda: [thaw(value) for value in free_form],
    )
    table["C copy of their containers alone"] = ("dump", lambda: [_copy(c) for c in containers])
    return table


def anatomy(payload: dict[str, Any], rounds: int, seconds: float) -> dict[str, dict[str, float]]:
    """Median ratio to the SDK's call of each row, per GC state."""
    sdk_model = SdkResponse.model_validate(payload)
    sdk = {
        "validate": lambda: SdkResponse.model_validate(payload),
        "dump": lambda: sdk_model.model_dump(by_alias=True),
    }
    pairs = {name: (call, sdk[against]) for name, (against, call) in rows(payload).items()}
    return paired_ratios(pairs, rounds, seconds)


def table(results: dict[str, dict[str, dict[str, float]]], rounds: int) -> list[str]:
    """The rows of :func:`anatomy` on each payload, as `make bench` prints them."""
    names = list(next(iter(results.values()))["GC on"])
    lines = [
        "Anatomy: each part taken out of the generated code in turn (benchmarks/anatomy.py),"
        f" x the SDK's call; median over {rounds} rounds, GC on / GC off",
        f"  {'':<44}" + "".join(f"{payload:>24}" for payload in results),
    ]
    for name in names:
        cells = "".join(
            f"{results[p]['GC on'][name]:>15.3f} / {results[p]['GC off'][name]:.3f}"
            for p in results
        )
        lines.append(f"  {name:<44}{cells}")
    return lines


def main(argv: list[str] | None = None) -> None:
    """Print each row's share of the SDK's call, on each payload of `make bench`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=0.03)
    args = parser.parse_args(argv)
    results = {
        name: anatomy(build(), args.rounds, args.seconds) for name, build in PAYLOADS.items()
    }
    print("\n".join(table(results, args.rounds)))


if __name__ == "__main__":
    main()
