"""The built sites, byte for byte: the default content and the four examples against a recorded manifest.

A change to the code's layout (a kind moved into its own module, a stage made
generic) must not change one byte of what is published. Each site's manifest
(``tests/golden/<name>.txt``) lists the SHA-256 of every file the build writes.
A change that means to alter the output updates the manifests on purpose:

    CCHC_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and the manifests' diff in the pull request shows which files it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from generator.pipeline import build
from generator.core.vietnamese import TZ

REPO = Path(__file__).resolve().parent.parent
CONTENT, EXAMPLES = REPO / "content", REPO / "examples"
GOLDEN = Path(__file__).parent / "golden"
# A fixed moment of building: what is published, open or overdue depends on it.
NOW = dt.datetime(2025, 1, 15, 8, 0, tzinfo=TZ)
SITES = {"content": CONTENT, **{p.name: p for p in sorted(EXAMPLES.iterdir()) if (p / "site.yml").is_file()}}


def manifest(site: Path) -> str:
    """``<sha256>  <path>`` for every file of a built site, sorted by path."""
    lines = [f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.relative_to(site).as_posix()}"
             for f in sorted(site.rglob("*")) if f.is_file() and f.name != ".cchc-site"]
    return "\n".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])) + "\n"


def differences(expected: str, found: str) -> tuple[list[str], list[str], list[str]]:
    """Two manifests' files: missing from ``found``, extra in it, and changed; all three empty when equal."""
    before = dict(reversed(line.split("  ", 1)) for line in expected.splitlines())
    after = dict(reversed(line.split("  ", 1)) for line in found.splitlines())
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    return sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys()), changed


def golden_differences(name: str, site: Path) -> tuple[list[str], list[str], list[str]]:
    """A built site against the recorded manifest of ``name`` (one of SITES, built at NOW)."""
    return differences((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"), manifest(site))


@pytest.mark.parametrize("name", sorted(SITES))
def test_built_site_matches_its_manifest(name: str, tmp_path: Path):
    paths = build.Paths(content=SITES[name], build=tmp_path / "build", site=tmp_path / "site")
    build.build(paths, NOW)
    if os.environ.get("CCHC_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        (GOLDEN / f"{name}.txt").write_text(manifest(paths.site), encoding="utf-8")
    assert golden_differences(name, paths.site) == ([], [], [])
