"""The package's own deprecation warnings are errors under pytest (pyproject.toml)."""

from __future__ import annotations

import warnings

import pytest


@pytest.mark.parametrize("module", ["scenario_schema", "scenario_schema.cli._forked", "tests.x"])
@pytest.mark.parametrize("category", [DeprecationWarning, PendingDeprecationWarning])
def test_a_deprecation_warning_of_the_package_or_its_tests_fails(
    module: str, category: type[Warning]
) -> None:
    with pytest.raises(category, match="on purpose"):
        warnings.warn_explicit("raised on purpose", category, "anywhere.py", 1, module=module)


def test_another_library_s_deprecation_warning_is_only_reported() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.warn_explicit(
            "raised on purpose", DeprecationWarning, "anywhere.py", 1, module="somelibrary"
        )
    assert [str(w.message) for w in caught] == ["raised on purpose"]
