"""The Hypothesis plugin: free for Hypothesis users, from_type in any import order, no raise."""

from __future__ import annotations

import subprocess
import sys

import pytest

import _scenario_schema_hypothesis
from scenario_schema import _hypothesis


def _python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_importing_hypothesis_does_not_import_the_contract() -> None:
    code = "import sys, hypothesis; print(sorted(m for m in sys.modules if 'scenario' in m))"
    assert _python(code) == "['_scenario_schema_hypothesis']"


@pytest.mark.parametrize(
    "imports",
    [
        "import hypothesis.strategies as st; import scenario_schema as ss",
        "import scenario_schema as ss; import hypothesis.strategies as st",
        "import scenario_schema.models; import hypothesis.strategies as st",
        "import hypothesis.strategies as st; from scenario_schema.models import Model",
    ],
    ids=["hypothesis-first", "package-first", "classes-first", "classes-second"],
)
def test_from_type_knows_every_contract_class_in_either_import_order(imports: str) -> None:
    code = (
        f"{imports}\n"
        "from hypothesis import given, settings\n"
        "from scenario_schema import models\n"
        "seen = []\n"
        "for name in models.__all__:\n"
        "    cls = getattr(models, name)\n"
        "    if cls is models.Contract: continue\n"
        "    @settings(max_examples=2, database=None)\n"
        "    @given(st.from_type(cls))\n"
        "    def check(obj): assert type(obj) is cls, obj\n"
        "    check(); seen.append(name)\n"
        "print(len(seen))\n"
    )
    assert _python(code) == "27"


_RACE = """
import threading, time
from scenario_schema import _hooks
building = threading.Event()

def slow_callback():  # runs first once the classes exist, while models is still importing
    building.set()
    time.sleep(0.5)

_hooks._callbacks.insert(0, slow_callback)
builder = threading.Thread(target=__import__, args=("scenario_schema.models",))
builder.start()
building.wait(30)
import hypothesis.strategies as st  # the plugin runs while the classes are being imported
builder.join(30)
assert not builder.is_alive()
from hypothesis import find
from scenario_schema.models import Model
print(type(find(st.from_type(Model), lambda _: True)).__name__)
"""


def test_hypothesis_and_the_classes_imported_at_once_in_two_threads_do_not_deadlock() -> None:
    # The plugin (in Hypothesis's import) and the classes' callback (in models' import)
    # both register; neither may wait for the other's import.
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", _RACE],
        capture_output=True,
        text=True,
        check=False,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Model"


def test_registration_waits_for_the_classes_to_be_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_hypothesis, "_registered", False)
    monkeypatch.setattr(_hypothesis, "classes_are_built", lambda: False)
    _hypothesis.register()
    assert not _hypothesis._registered


def test_plugin_never_raises_when_the_package_is_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scenario_schema._hypothesis", None)  # import fails
    _scenario_schema_hypothesis.plugin()


def test_registration_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("a broken Hypothesis")

    monkeypatch.setattr(_hypothesis, "_registered", False)
    monkeypatch.setattr(_hypothesis, "_register_all", broken)
    _hypothesis.register()
    assert not _hypothesis._registered
