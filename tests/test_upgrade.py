"""`cchc upgrade` on content in an earlier version's format (issue 21).

The old format is made from a seed agency as an earlier version knew it:
site.yml without `id_authority` and `id_date` (the feed ids came in 0.2.0),
and procedures still at `huyện` (the district level ended on 1 July 2025).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, REPO

SEED = EXAMPLES / "ubnd-lao-cai"


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300)


def fingerprint(root: Path) -> dict[str, str]:
    """Every file's bytes, by path: what --check must leave as it was."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """The seed as an earlier version wrote it: no feed ids, two procedures at huyện.

    1.000459 was checked before 1 July 2025 (a warning: it still builds); 1.002804 after it (an error, which
    only a person can fix, as nobody but the agency knows which level now handles it).
    """
    root = tmp_path / "content"
    shutil.copytree(SEED, root)
    site = root / "site.yml"
    site.write_text(re.sub(r"(?m)^(# Mã định danh.*|id_authority: .*|id_date: .*)\n", "",
                           site.read_text(encoding="utf-8")), encoding="utf-8")
    early = root / "procedures" / "1.000459.yml"
    early.write_text(early.read_text(encoding="utf-8").replace('levels: ["tỉnh"]', 'levels: ["tỉnh", "huyện"]'),
                     encoding="utf-8")
    late = root / "procedures" / "1.002804.yml"
    late.write_text(late.read_text(encoding="utf-8").replace('levels: ["tỉnh"]', 'levels: ["huyện"]')
                    .replace("last_checked: 2024-10-01", "last_checked: 2025-08-01"), encoding="utf-8")
    return root


def test_validate_on_old_content_names_cchc_upgrade(old: Path):
    result = cchc("validate", "--content", str(old))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "id_authority" in result.stderr
    assert "cchc upgrade" in result.stderr


def test_check_writes_nothing_and_lists_every_change(old: Path):
    before = fingerprint(old)
    result = cchc("upgrade", "--check", "--content", str(old))
    assert fingerprint(old) == before
    assert result.returncode == 1, result.stdout + result.stderr  # something to change: a check in CI fails
    # base_url is on line 10 of the seed's site.yml (with the two id lines gone): the comment goes in at 11
    assert "site.yml:12: thêm id_authority: example.org" in result.stdout
    assert "site.yml:13: thêm id_date: 2024-01-19" in result.stdout


def test_upgrade_adds_the_ids_and_says_what_needs_a_person(old: Path):
    site = old / "site.yml"
    before = site.read_text(encoding="utf-8").splitlines()
    result = cchc("upgrade", "--content", str(old))
    assert result.returncode == 0, result.stderr
    after = site.read_text(encoding="utf-8").splitlines()
    base = before.index('base_url: "https://example.org/cchc-lao-cai/"')
    # three lines added below base_url, every other line as it was
    assert after[:base + 1] == before[:base + 1] and after[base + 4:] == before[base + 1:]
    assert "không bao giờ sửa" in after[base + 1] and after[base + 1].startswith("#")
    data = yaml.safe_load(site.read_text(encoding="utf-8"))
    # the host of base_url; the oldest news item of the seed is dated 19/01/2024 (its file name says so too)
    assert data["id_authority"] == "example.org"
    assert str(data["id_date"]) == "2024-01-19"
    oldest = min(p.name[:10] for p in (old / "news").glob("*.md"))
    assert oldest == "2024-01-19"
    # what only a person can do: each procedure at huyện, at the line of its levels, in Vietnamese
    for code in ("1.000459", "1.002804"):
        line = next(n for n, text in enumerate((old / "procedures" / f"{code}.yml").read_text(
            encoding="utf-8").splitlines(), 1) if "huyện" in text)
        assert re.search(rf"procedures/{re.escape(code)}\.yml:{line}: cấp «huyện» không còn từ 01/07/2025.*"
                         r"«tỉnh» hoặc «xã»", result.stdout), result.stdout
    # the checked-before-July record only warns; the later one is an error until a person fixes it
    validated = cchc("validate", "--content", str(old))
    assert validated.returncode == 1
    assert "procedures/1.002804.yml" in validated.stderr and "id_authority" not in validated.stderr
    assert "cchc upgrade" not in validated.stderr  # nothing mechanical is left to do
    # once the person has chosen the level, the content validates
    late = old / "procedures" / "1.002804.yml"
    late.write_text(late.read_text(encoding="utf-8").replace('levels: ["huyện"]', 'levels: ["xã"]'), encoding="utf-8")
    assert cchc("validate", "--content", str(old)).returncode == 0


def test_a_second_run_changes_nothing(old: Path):
    assert cchc("upgrade", "--content", str(old)).returncode == 0
    once = fingerprint(old)
    again = cchc("upgrade", "--content", str(old))
    assert again.returncode == 0 and fingerprint(old) == once
    assert "Đã sửa" not in again.stdout and "Cần người làm" in again.stdout  # the huyện records still wait
    check = cchc("upgrade", "--check", "--content", str(old))
    assert check.returncode == 0 and fingerprint(old) == once


def test_current_content_needs_no_upgrade():
    before = fingerprint(SEED)
    result = cchc("upgrade", "--check", "--content", str(SEED))
    assert result.returncode == 0 and "không có gì cần nâng cấp" in result.stdout
    assert fingerprint(SEED) == before
