"""bantin/ type-checks clean with mypy in strict mode, as pyproject.toml's [tool.mypy] sets it.

A few seconds with mypy's cache (.mypy_cache/, beside pyproject.toml); deselect with
-m 'not types'."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.types
def test_the_package_type_checks_clean_in_strict_mode() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True and config["files"] == ["bantin"]
    # The interpreter running the tests is the venv's, where the test lock installs mypy.
    done = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, check=False)
    assert done.returncode == 0, f"mypy found errors:\n{done.stdout}{done.stderr}"
    assert done.stdout.startswith("Success: no issues found"), done.stdout
