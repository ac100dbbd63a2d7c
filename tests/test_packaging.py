"""The package as users install it: sdist, then the wheel built from it, in a bare venv.

``python -m build`` builds the sdist and then the wheel *from the sdist*, as PyPA
publishing does; the wheel is installed into a fresh virtual environment with only
the runtime dependencies, and used there as a user would.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import venv
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import scenario_schema as ss
from scenario_schema._json_schema import SCHEMA_FILES
from tests.conftest import ROOT

pytestmark = pytest.mark.packaging

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE_SCHEMAS = ROOT / "src" / "scenario_schema" / "schemas"


class Built:
    """The sdist, the wheel built from it, and a bare venv with the wheel installed."""

    def __init__(self, root: Path) -> None:
        out = root / "dist"
        subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
            check=True,
            capture_output=True,
        )
        (self.sdist,) = out.glob("*.tar.gz")
        (self.wheel,) = out.glob("*.whl")
        venv.create(root / "venv", with_pip=True)
        self.bin = root / "venv" / "bin"
        subprocess.run(
            [str(self.bin / "python"), "-m", "pip", "install", "--quiet", str(self.wheel)],
            check=True,
            capture_output=True,
        )

    def run(self, *argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
        """Run a command of the bare venv (its bin first on PATH), outside the checkout's src."""
        env = {**os.environ, "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}"}
        env.pop("PYTHONPATH", None)
        return subprocess.run(
            [str(self.bin / argv[0]), *argv[1:]],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return Built(tmp_path_factory.mktemp("packaging"))


def test_top_level_schemas_folder_is_the_packaged_one() -> None:
    """The checkout's `schemas/` is a link to the package data: the two cannot disagree."""
    link = ROOT / "schemas"
    if not (ROOT / ".git").exists() and not link.is_symlink():  # an unpacked sdist: copies
        copies = {path.name: path.read_bytes() for path in link.iterdir()}
        assert copies == {path.name: path.read_bytes() for path in PACKAGE_SCHEMAS.iterdir()}
        return
    assert link.is_symlink()
    assert link.resolve() == PACKAGE_SCHEMAS.resolve()


def test_sdist_carries_the_real_schema_files_and_the_license(built: Built) -> None:
    with tarfile.open(built.sdist) as archive:
        members = {member.name.split("/", 1)[1]: member for member in archive.getmembers()}
        for file_name in SCHEMA_FILES:
            member = members[f"src/scenario_schema/schemas/{file_name}"]
            assert member.isfile()
            extracted = archive.extractfile(member)
            assert extracted is not None
            assert extracted.read() == (PACKAGE_SCHEMAS / file_name).read_bytes()
        assert "LICENSE" in members
        assert "src/_scenario_schema_hypothesis.py" in members


def test_wheel_built_from_the_sdist_carries_schemas_types_license_and_plugin(
    built: Built,
) -> None:
    with zipfile.ZipFile(built.wheel) as archive:
        names = set(archive.namelist())
        for file_name in SCHEMA_FILES:
            member = f"scenario_schema/schemas/{file_name}"
            assert archive.read(member) == (PACKAGE_SCHEMAS / file_name).read_bytes()
        assert "scenario_schema/py.typed" in names
        assert "_scenario_schema_hypothesis.py" in names
        assert any(re.search(r"\.dist-info/licenses/LICENSE$", name) for name in names)


def test_installed_wheel_reads_every_schema_through_importlib_resources(built: Built) -> None:
    script = (
        "import json, sys\n"
        "from importlib.resources import files\n"
        "import scenario_schema, scenario_schema.cli\n"
        "assert 'site-packages' in scenario_schema.__file__, scenario_schema.__file__\n"
        "folder = files('scenario_schema') / 'schemas'\n"
        "print(json.dumps({p.name: p.read_text(encoding='utf-8') for p in folder.iterdir()"
        " if p.name.endswith('.json')}))\n"
    )
    result = built.run("python", "-c", script, cwd=built.sdist.parent)
    assert result.returncode == 0, result.stderr
    shipped = json.loads(result.stdout)
    assert sorted(shipped) == sorted(SCHEMA_FILES)
    for name, text in shipped.items():
        assert text == (PACKAGE_SCHEMAS / name).read_text(encoding="utf-8")


def test_installed_cli_reports_its_version_and_validates_the_example(built: Built) -> None:
    version = built.run("scenario-schema", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.split()[-1] == ss.__version__
    valid = built.run("scenario-schema", "validate", "examples/train-action-response.json")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    invalid = built.run(
        "scenario-schema", "validate", "examples/invalid-train-action-response.json"
    )
    assert invalid.returncode == 1


def test_strategies_without_hypothesis_name_the_extra_to_install(built: Built) -> None:
    result = built.run("python", "-c", "import scenario_schema.strategies")
    assert result.returncode == 1
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError:")
    assert "scenario-schema[testing]" in last_line


def test_stub_command_without_the_extra_names_it(built: Built) -> None:
    result = built.run("scenario-schema", "stub", "--port", "0")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().splitlines() == [
        "scenario-schema stub: needs the stub extra (uvicorn): pip install 'scenario-schema[stub]'"
    ]


def test_runtime_dependencies_are_the_declared_ones_only(built: Built) -> None:
    with zipfile.ZipFile(built.wheel) as archive:
        (metadata_name,) = (n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(archive.read(metadata_name).decode())
    assert metadata["Version"] == ss.__version__  # hatch reads _version.py: one source
    requires = metadata.get_all("Requires-Dist") or []
    unconditional = sorted(r for r in requires if "extra ==" not in r)
    assert unconditional == sorted(PYPROJECT["project"]["dependencies"])
    # Dev tools live in dependency groups, never in the published metadata.
    assert not [r for r in requires if re.match(r"(mypy|ruff|pytest|nox)\b", r)]
    assert metadata.get_all("Provides-Extra") == sorted(
        PYPROJECT["project"]["optional-dependencies"]
    )
    assert metadata["License-Expression"] == "MIT"
    urls = metadata.get_all("Project-URL") or []
    assert {url.split(",")[0] for url in urls} >= {"Homepage", "Source", "Changelog"}


def test_version_classifiers_are_the_interpreters_nox_tests() -> None:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    tested = re.search(r"^PYTHONS = (\[.*\])$", noxfile, re.M)
    assert tested is not None
    classified = [
        c.rsplit(" :: ", 1)[1]
        for c in PYPROJECT["project"]["classifiers"]
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    ]
    assert classified == json.loads(tested.group(1))
    lowest = classified[0]
    assert PYPROJECT["project"]["requires-python"] == f">={lowest}"


# What the Makefile's `test`, `lint` and `docs` targets read, besides src/ and tests/.
_DEVELOPMENT_FILES = (
    "Makefile",
    "noxfile.py",
    "mkdocs.yml",
    ".pre-commit-hooks.yaml",
    "pyproject.toml",
    "docs/index.md",
    "docs/_ext",
    "benchmarks/bench.py",
    "examples/train-action-response.json",
    "tests/conftest.py",
)
# A fast slice of the suite that reads the sdist's own files: the README's examples, the
# shipped schemas against the classes, the CLI on the example files, the docs' pages
# and their tests. (The whole suite from the sdist is what `make test` would run
# there; it takes minutes, so the test runs this slice, each test file whole.)
_SDIST_SLICE = (
    "tests/test_readme.py",
    "tests/test_json_schema.py",
    "tests/test_report.py",
    "tests/test_training_guide.py",
    "tests/test_packaging.py::test_top_level_schemas_folder_is_the_packaged_one",
)


def test_the_unpacked_sdist_runs_the_suite(built: Built, tmp_path: Path) -> None:
    with tarfile.open(built.sdist) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.10.12+, 3.11.4+: no path escapes
            archive.extractall(tmp_path, filter="data")
        else:  # pragma: no cover - our own sdist, just built
            archive.extractall(tmp_path)
    (unpacked,) = tmp_path.iterdir()
    missing = [name for name in _DEVELOPMENT_FILES if not (unpacked / name).exists()]
    assert not missing
    env = {**os.environ, "PYTHONPATH": f"{unpacked / 'src'}{os.pathsep}{unpacked}"}
    where = subprocess.run(
        [sys.executable, "-c", "import scenario_schema; print(scenario_schema.__file__)"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(unpacked)
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *_SDIST_SLICE],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert suite.returncode == 0, suite.stdout[-3000:] + suite.stderr[-2000:]
    assert " passed" in suite.stdout
