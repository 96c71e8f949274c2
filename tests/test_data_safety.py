"""Never destroy: a mistyped folder is refused before anything is touched; a failed or killed build keeps the old site."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.pipeline import build, shards
from tests.conftest import CONTENT, REPO


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (symlinks as their target) with a hash of its bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            found[rel + "/"] = ""
    return found


def cchc(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "work" / "content"
    shutil.copytree(CONTENT, root)
    return root


@pytest.mark.parametrize("option", ["--site-dir", "--build-dir"])
@pytest.mark.parametrize("where", ["content", "inside-content", "parent-of-content", "repository",
                                   "foreign-folder", "root"])
def test_a_dangerous_folder_is_refused_with_nothing_touched(content: Path, tmp_path: Path, option: str, where: str):
    foreign = tmp_path / "tai-lieu"
    foreign.mkdir()
    (foreign / "bao-cao.docx").write_bytes(b"van ban quan trong")
    target = {"content": content, "inside-content": content / "news", "parent-of-content": content.parent,
              "repository": REPO, "foreign-folder": foreign, "root": Path("/")}[where]
    watched = {p: snapshot(p) for p in (content, foreign)}
    repo_files = sorted(p.name for p in REPO.iterdir())
    other = "--build-dir" if option == "--site-dir" else "--site-dir"
    result = cchc("build", "--content", str(content), option, str(target), other, str(tmp_path / "khac"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Không dựng:" in result.stderr, result.stderr
    assert option in result.stderr
    assert {p: snapshot(p) for p in watched} == watched
    assert sorted(p.name for p in REPO.iterdir()) == repo_files
    assert not (tmp_path / "khac").exists(), "nothing was written before the check"


def test_site_and_build_folders_must_differ(content: Path, tmp_path: Path):
    result = cchc("build", "--content", str(content), "--site-dir", str(tmp_path / "out"),
                  "--build-dir", str(tmp_path / "out" / "build"))
    assert result.returncode == 1 and "hai thư mục riêng" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_default_build_folder_is_never_inside_the_content(content: Path):
    before = snapshot(content)
    result = cchc("build", "--content", ".", cwd=content)
    assert result.returncode == 0, result.stderr
    assert snapshot(content) == before, "the content folder was written to"
    assert (content.parent / "site" / "index.html").is_file() and (content.parent / "build" / "docs").is_dir()


def test_a_build_never_writes_to_the_content_folder(content: Path, tmp_path: Path):
    before = snapshot(content)
    result = cchc("build", "--content", str(content), "--site-dir", str(tmp_path / "site"),
                  "--build-dir", str(tmp_path / "build"))
    assert result.returncode == 0, result.stderr
    assert snapshot(content) == before


def test_a_build_that_fails_leaves_the_previous_site_whole(content: Path, tmp_path: Path, monkeypatch):
    paths = build.Paths(content=content, build=tmp_path / "build", site=tmp_path / "site")
    build.build(paths)
    before = snapshot(paths.site)
    (content / "news" / sorted(p.name for p in (content / "news").iterdir())[0]).write_text(
        "---\ntitle: Tin mới\n---\n", encoding="utf-8")  # content errors: nothing is built

    with pytest.raises(Exception):
        build.build(paths)
    assert snapshot(paths.site) == before
    shutil.copytree(CONTENT / "news", content / "news", dirs_exist_ok=True)

    def half_then_fail(config, site, work, pages):  # MkDocs fails halfway (a full disk, a template error)
        site.mkdir(parents=True, exist_ok=True)
        (site / "index.html").write_text("nửa chừng", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shards, "build", half_then_fail)
    with pytest.raises(OSError):
        build.build(paths)
    assert snapshot(paths.site) == before
    assert [p.name for p in tmp_path.iterdir() if "cchc" in p.name] == [], "no half-built folder is left"


def test_a_build_killed_during_mkdocs_leaves_the_previous_site_whole(content: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "build"
    args = ["build", "--content", str(content), "--site-dir", str(site), "--build-dir", str(work)]
    assert cchc(*args).returncode == 0
    before = snapshot(site)
    item = sorted((content / "news").glob("*.md"))[0]
    item.write_text(item.read_text(encoding="utf-8").replace("title:", "title: Bản sửa —", 1), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "generator", *args], cwd=REPO, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    new = tmp_path / ".site.cchc-moi"
    deadline = time.monotonic() + 120
    while not (new / "assets").exists():  # MkDocs has started writing the new site
        assert process.poll() is None and time.monotonic() < deadline, "the build ended before MkDocs ran"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(site) == before
    # the next build cleans up and finishes the job
    assert cchc(*args).returncode == 0
    assert "Bản sửa —" in (site / "tin-tuc" / item.stem / "index.html").read_text(encoding="utf-8")
    assert not new.exists()
