"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself.

pre-commit clones the hook repository and pip-installs the project into a fresh
environment (seconds, and it needs the package index). The tests share one such
environment: a snapshot of the working tree (uncommitted changes included) is
committed once into a temporary repository, and every run names that commit.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scenario_schema.models import SCHEMAS
from tests.conftest import EXAMPLES, ROOT

# Builds or installs things: run once per `make test`, in one nox session.
pytestmark = pytest.mark.packaging

pytest.importorskip("pre_commit", reason="pre-commit is not installed (a dev dependency)")
yaml = pytest.importorskip("yaml", reason="PyYAML comes with pre-commit")

MANIFEST = ROOT / ".pre-commit-hooks.yaml"
GIT_IDENTITY = [
    "-c",
    "user.name=scenario-schema tests",
    "-c",
    "user.email=tests@scenario-schema.invalid",
    "-c",
    "commit.gpgsign=false",
]


def _git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return result.stdout


def _snapshot(destination: Path) -> str:
    """Commit the project's files as they are on disk into a new repository; its commit id."""
    try:
        listing = _git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    except (OSError, subprocess.CalledProcessError) as error:
        pytest.skip(f"the project is not a git checkout: {error}")
    for name in sorted(set(filter(None, listing.split("\0")))):
        source, target = ROOT / name, destination / name
        if not source.exists() and not source.is_symlink():
            continue  # tracked but deleted in the working tree
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            target.symlink_to(os.readlink(source))
        else:
            shutil.copy2(source, target)
    _git(destination, "init", "--quiet")
    _git(destination, "add", "--all")
    _git(destination, "commit", "--quiet", "--message", "snapshot")
    return _git(destination, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The project as a hook repository: its path and the commit to use."""
    path = tmp_path_factory.mktemp("hook-repository")
    return path, _snapshot(path)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's cache: one per test module, so the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    """A git repository holding a valid and an invalid train/action response."""
    _git(tmp_path, "init", "--quiet")
    shutil.copy(EXAMPLES / "train-action-response.json", tmp_path / "valid.json")
    shutil.copy(EXAMPLES / "invalid-train-action-response.json", tmp_path / "invalid.json")
    _git(tmp_path, "add", "--all")
    return tmp_path


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    env.pop("SKIP", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _try_repo(
    documents: Path, repository: tuple[Path, str], home: Path, hook: str
) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` on every file: it builds the environment anew each time."""
    path, commit = repository
    return _pre_commit(
        documents, home, "try-repo", str(path), hook, "--ref", commit, "--verbose", "--all-files"
    )


def _run(
    documents: Path,
    repository: tuple[Path, str],
    home: Path,
    hooks: list[dict[str, Any]],
    *files: str,
) -> subprocess.CompletedProcess[str]:
    """``pre-commit run`` with a config naming these hooks: the environment is built once."""
    path, commit = repository
    config = {"repos": [{"repo": str(path), "rev": commit, "hooks": hooks}]}
    (documents / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    _git(documents, "add", "--all")
    selection = ["--files", *files] if files else ["--all-files"]
    return _pre_commit(documents, home, "run", "--verbose", *selection)


def _status(output: str, hook_name: str) -> str:
    """The result pre-commit prints for a hook: Passed, Failed, or Skipped."""
    found = re.search(rf"^{re.escape(hook_name)}\.+\(?(\w+)", output, re.MULTILINE)
    assert found, output
    return found.group(1)


def test_manifest_is_valid_for_pre_commit(tmp_path: Path) -> None:
    result = _pre_commit(ROOT, tmp_path, "validate-manifest", str(MANIFEST))
    assert result.returncode == 0, result.stdout + result.stderr


def test_manifest_offers_a_generic_hook_and_one_per_schema() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}
    expected = {"scenario-schema-validate": "scenario-schema validate"} | {
        f"scenario-schema-{name}": f"scenario-schema validate --schema {name}" for name in SCHEMAS
    }
    assert {hook_id: hook["entry"] for hook_id, hook in hooks.items()} == expected
    assert all(hook["language"] == "python" for hook in hooks.values())
    assert all(hook["types"] == ["json"] for hook in hooks.values())


def test_try_repo_fails_naming_the_invalid_file(
    documents: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    result = _try_repo(documents, hook_repository, pre_commit_home, "scenario-schema-validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _status(result.stdout, "Validate Scenario API documents") == "Failed"
    assert "invalid.json: invalid (train-action-response, strict)" in result.stdout
    assert "/model/parameters/rank: 500 is greater than the maximum of 128" in result.stdout
    assert "valid.json: valid (train-action-response, strict)" in result.stdout


def test_generic_hook_passes_when_only_the_valid_file_is_there(
    documents: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    _git(documents, "rm", "--quiet", "--force", "invalid.json")
    hooks = [{"id": "scenario-schema-validate"}]
    result = _run(documents, hook_repository, pre_commit_home, hooks)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(result.stdout, "Validate Scenario API documents") == "Passed"
    assert "1 document checked: 1 valid, 0 invalid, 0 unreadable" in result.stdout


def test_ready_made_hooks_check_their_own_schema(
    documents: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    hooks = [{"id": "scenario-schema-train-action-response"}, {"id": "scenario-schema-model"}]
    result = _run(documents, hook_repository, pre_commit_home, hooks, "valid.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert _status(result.stdout, "Validate Scenario train/action responses") == "Passed"
    assert _status(result.stdout, "Validate Scenario Model objects") == "Failed"
    assert "valid.json: invalid (model, strict)" in result.stdout


def test_generic_hook_takes_the_schema_and_mode_from_args(
    documents: Path, hook_repository: tuple[Path, str], pre_commit_home: Path
) -> None:
    parameters = documents / "parameters.json"
    parameters.write_text('{"rank": 16, "lrScheduler": "warmup-forever"}', encoding="utf-8")
    args = ["--schema", "model-parameters", "--mode", "lenient", "--show-warnings"]
    hooks = [{"id": "scenario-schema-validate", "args": args}]
    result = _run(documents, hook_repository, pre_commit_home, hooks, "parameters.json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "parameters.json: valid (model-parameters, lenient): 0 errors, 1 warning" in (
        result.stdout
    )
    assert "/lrScheduler: 'warmup-forever' is not one of" in result.stdout
