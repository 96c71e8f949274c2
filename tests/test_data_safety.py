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

from generator.pipeline import build, safety, shards
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


def refused(content: Path, tmp_path: Path, option: str, target: Path) -> str:
    """``cchc build`` into ``target``: refused, nothing below ``tmp_path`` touched; its message."""
    before = snapshot(tmp_path)
    other = "--build-dir" if option == "--site-dir" else "--site-dir"
    result = cchc("build", "--content", str(content), option, str(target), other, str(tmp_path / "khac"))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Không dựng:" in result.stderr and option in result.stderr
    assert snapshot(tmp_path) == before, "every byte is kept, and nothing is written beside"
    return result.stderr


def test_a_folder_that_looks_built_but_holds_a_foreign_file_is_refused(content: Path, tmp_path: Path):
    """What a site built before the .cchc-site marker held, even the feed only cchc writes, and a user's file."""
    site = tmp_path / "trang"
    site.mkdir()
    for name in ("index.html", "404.html"):
        (site / name).write_text("<!doctype html><title>Trang</title>", encoding="utf-8")
    (site / "sitemap.xml").write_text('<?xml version="1.0"?><urlset></urlset>', encoding="utf-8")
    (site / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel><generator>cchc-site'
                                   "</generator></channel></rss>", encoding="utf-8")
    (site / "bao-cao-quy-1.docx").write_bytes(b"PK\x03\x04 ban thao cua nguoi dung")
    assert ".cchc-site" in refused(content, tmp_path, "--site-dir", site)


def test_an_mkdocs_project_is_not_a_build_folder(content: Path, tmp_path: Path):
    project = tmp_path / "du-an-mkdocs"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text("site_name: Dự án của tôi\nnav:\n  - index.md\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Trang chủ\n\nNội dung tôi viết.\n", encoding="utf-8")
    (project / "docs" / "gioi-thieu.md").write_text("# Giới thiệu\n", encoding="utf-8")
    assert ".cchc-build" in refused(content, tmp_path, "--build-dir", project)


def test_a_foreign_file_beside_the_marker_of_a_build_folder_is_refused(content: Path, tmp_path: Path):
    """The build folder holds only what a build writes there: a file saved into it is named, and kept."""
    folder = tmp_path / "build"
    folder.mkdir()
    (folder / ".cchc-build").write_text("marker", encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "ghi-chu.docx").write_bytes(b"PK\x03\x04 ghi chu")
    assert "«ghi-chu.docx»" in refused(content, tmp_path, "--build-dir", folder)


def test_the_build_folder_holds_only_what_a_build_and_a_report_write(content: Path, tmp_path: Path):
    """So a second build and report are never refused by the first one's files."""
    args = ["--content", str(content), "--site-dir", str(tmp_path / "site"), "--build-dir", str(tmp_path / "build")]
    report = ["report", *args, "--plan", "ke-hoach-tuyen-truyen-cchc-lai-chau-2024", "--period", "2024-Q1"]
    for command in (["build", *args], report, ["build", *args], report):
        result = cchc(*command)
        assert result.returncode == 0, result.stderr


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

    def half_then_fail(config, site, work, pages, templates):  # MkDocs fails halfway (a full disk, a template error)
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


# A build that kills itself (SIGKILL, nothing cleaned up) right after the first rename of the site swap:
# the previous site renamed aside, the new one not yet in its place.
KILL_BETWEEN_RENAMES = """
import os, signal, sys
site = os.path.abspath(sys.argv[1])
rename = os.rename

def rename_then_die(src, dst, *args, **kwargs):
    rename(src, dst, *args, **kwargs)
    if os.path.abspath(src) == site:
        os.kill(os.getpid(), signal.SIGKILL)

os.rename = rename_then_die
from generator.cli import main
main(sys.argv[2:])
"""


def test_a_build_killed_between_the_two_renames_is_repaired_by_the_next(content: Path, tmp_path: Path):
    site, work = tmp_path / "site", tmp_path / "build"
    args = ["build", "--content", str(content), "--site-dir", str(site), "--build-dir", str(work)]
    assert cchc(*args).returncode == 0
    before = snapshot(site)
    item = sorted((content / "news").glob("*.md"))[0]
    original = item.read_text(encoding="utf-8")
    item.write_text(original.replace("title:", "title: Bản sửa —", 1), encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILL_BETWEEN_RENAMES, str(site), *args], cwd=REPO,
                            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    old, new = tmp_path / ".site.cchc-cu", tmp_path / ".site.cchc-moi"
    assert not site.exists() and snapshot(old) == before and (new / "index.html").is_file(), "killed mid-swap"
    # the next build stops on a content error, before it builds anything: the previous site is back all the same
    item.write_text("---\ntitle: Tin mới\n---\n", encoding="utf-8")
    failed = cchc(*args)
    assert failed.returncode == 1 and "Traceback" not in failed.stderr, failed.stderr
    assert snapshot(site) == before
    # and the build after it publishes the edit, with nothing left beside the site
    item.write_text(original.replace("title:", "title: Bản sửa —", 1), encoding="utf-8")
    assert cchc(*args).returncode == 0
    assert "Bản sửa —" in (site / "tin-tuc" / item.stem / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build", "site", "work"]


def test_the_swap_puts_back_a_site_left_between_the_renames(tmp_path: Path):
    """replace_site repairs the half-done swap itself too, whoever calls it: the failed build keeps the old site."""
    site = tmp_path / "site"
    safety.mark(site, safety.SITE_MARKER)
    (site / "index.html").write_text("trang cũ", encoding="utf-8")
    before = snapshot(site)
    os.rename(site, tmp_path / ".site.cchc-cu")

    def full_disk(folder: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        safety.replace_site(site, full_disk)
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_missing_content_folder_is_named_with_where_it_was_looked_for(tmp_path: Path, command: str):
    """No file and no line: the folder as typed, the full path, and the current folder it was looked for from."""
    result = subprocess.run([str(Path(sys.executable).parent / "cchc"), command, "--content", "bad2"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines() == [
        f"Không tìm thấy thư mục nội dung «bad2»: không có «{tmp_path / 'bad2'}» (tìm từ thư mục hiện tại "
        f"«{tmp_path}»). Hãy ghi đúng thư mục sau --content (mặc định: content)."]
    assert list(tmp_path.iterdir()) == [], "nothing was written"
