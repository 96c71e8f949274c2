"""The layers of generator/ hold: core below the kinds, the kinds below the pipeline, no kind importing another.

import-linter checks the contracts in pyproject.toml over the real import
graph. The second test breaks a copy of the code on purpose, to show that
the first would fail.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"], cwd=root,
                          capture_output=True, text=True, env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"})


def test_the_layers_and_the_kinds_independence_hold():
    result = _lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_a_kind_importing_another_or_the_core_importing_a_kind_is_caught(tmp_path: Path):
    shutil.copytree(REPO / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    news = tmp_path / "generator" / "kinds" / "news.py"
    news.write_text(news.read_text(encoding="utf-8") + "\nfrom . import procedures  # noqa\n", encoding="utf-8")
    pages = tmp_path / "generator" / "core" / "pages.py"
    pages.write_text(pages.read_text(encoding="utf-8") + "\nfrom ..kinds import news  # noqa\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert "1 kept, 2 broken" in result.stdout
    assert "generator.kinds.news -> generator.kinds.procedures" in result.stdout
    assert "generator.core.pages -> generator.kinds.news" in result.stdout
