"""The build cache (pipeline/cache.py) never changes what is published.

Every site is built with the cache of the build before it, and compared byte for
byte with the golden manifests (tests/test_golden.py) or with a cold build of the
same content: unchanged, after an edit, with a corrupt cache, with a cache of
another generator version, and after a build killed while writing the cache. The
same holds for the session a build saves for the next (what it read and
rendered): damaged, of another day, or killed while being saved.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.core import resources
from generator.pipeline import build, cache, load, parallel
from tests.test_golden import NOW, SITES, differences, golden_differences, manifest

REPO = Path(__file__).resolve().parent.parent
SAME = ([], [], [])


def _paths(content: Path, work: Path) -> build.Paths:
    return build.Paths(content=content, build=work / "build", site=work / "site")


def _copy(name: str, tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(SITES[name], root)
    return root


def _pages(paths: build.Paths) -> dict[str, cache.Stored]:
    return cache.Cache(paths.build).load().pages


def _linked(paths: build.Paths) -> set[str]:
    """The site's files that are objects of the cache (the same file, linked): reused, not made again."""
    store = cache.Cache(paths.build)
    stored = store.load()
    objects = {os.stat(store.object(s)).st_ino for s in [*stored.pages.values(), *stored.search.values()]}
    return {p.relative_to(paths.site).as_posix() for p in paths.site.rglob("*") if p.stat().st_ino in objects}


def _edit_news(content: Path, title: bool) -> Path:
    item = sorted((content / "news").glob("*.md"))[0]
    text = item.read_text(encoding="utf-8")
    if title:
        text = text.replace("title: ", "title: Tin đã sửa — ", 1)
    else:
        head, sep, body = text.partition("\n---\n")
        text = f"{head}{sep}\nMột đoạn mới, thêm vào tin này.\n{body}"
    item.write_text(text, encoding="utf-8")
    return item


def _cold(content: Path, work: Path) -> str:
    paths = _paths(content, work)
    build.build(paths, NOW, use_cache=False)
    assert not (paths.build / cache.FOLDER).exists(), "a build without the cache leaves none"
    return manifest(paths.site)


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_warm_build_is_the_golden_site_and_reuses_every_page(name: str, tmp_path: Path):
    paths = _paths(SITES[name], tmp_path)
    build.build(paths, NOW)
    assert golden_differences(name, paths.site) == SAME
    stored = _pages(paths)
    assert stored, "the build filled the cache"
    build.build(paths, NOW)
    assert golden_differences(name, paths.site) == SAME
    assert _pages(paths) == stored
    # every cached page, and Pagefind's index, came from the cache: linked, not themed or indexed again
    linked = _linked(paths)
    assert {build._site_file(page) for page in stored} <= linked
    assert "pagefind/pagefind-entry.json" in linked


@pytest.mark.parametrize(("name", "title"), [*((name, False) for name in sorted(SITES)), ("content", True),
                                             (sorted(SITES)[1], True)])
def test_a_warm_build_after_an_edit_is_the_cold_build_of_the_edited_content(name: str, title: bool,
                                                                              tmp_path: Path):
    content = _copy(name, tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    before = _pages(paths)
    item = _edit_news(content, title)
    build.build(paths, NOW)
    assert differences(_cold(content, tmp_path / "cold"), manifest(paths.site)) == SAME
    after = _pages(paths)
    page = f"tin-tuc/{item.stem}.md"
    assert after[page] != before[page], "the edited item's page was themed again"
    assert sum(after[p] == before[p] for p in after) > len(after) // 2, "most pages came from the cache"


def test_a_warm_build_after_an_edited_procedure_is_the_cold_build(tmp_path: Path):
    content = _copy("content", tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    procedure = sorted((content / "procedures").glob("*.yml"))[0]
    procedure.write_text(procedure.read_text(encoding="utf-8").replace("\nsteps:\n- ", "\nsteps:\n- Bước đã sửa. ", 1),
                         encoding="utf-8")
    build.build(paths, NOW)
    assert differences(_cold(content, tmp_path / "cold"), manifest(paths.site)) == SAME


def _poison(paths: build.Paths, keep_time: bool) -> None:
    """Every cached object rewritten with other bytes of the same size (the modification time kept or not)."""
    store = cache.Cache(paths.build)
    for stored in store.load().pages.values():
        path = Path(store.object(stored))
        stat = path.stat()
        data = path.read_bytes()
        path.write_bytes(data.replace(b"<", b"[", 50))
        if keep_time:
            os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _rewrite_manifest(paths: build.Paths, change) -> None:
    file = paths.build / cache.FOLDER / cache.MANIFEST
    file.write_bytes(change(file.read_bytes()))


def _forge(paths: build.Paths) -> None:
    """Objects rewritten, and the manifest made to agree with their new size and time, but not its own digest."""
    _poison(paths, keep_time=False)
    store = cache.Cache(paths.build)

    def agree(data: bytes) -> bytes:
        found = json.loads(data)
        for row in found["body"]["pages"].values():
            stat = os.stat(store.object(cache.Stored(*row)))
            row[1:] = [stat.st_size, stat.st_mtime_ns]
        return json.dumps(found).encode()
    _rewrite_manifest(paths, agree)


CORRUPTIONS = {
    "objects-rewritten": lambda paths: _poison(paths, keep_time=False),
    "objects-removed": lambda paths: shutil.rmtree(paths.build / cache.FOLDER / "objects"),
    "manifest-garbage": lambda paths: _rewrite_manifest(paths, lambda data: b"\x00\xff garbage"),
    "manifest-truncated": lambda paths: _rewrite_manifest(paths, lambda data: data[: len(data) // 2]),
    "manifest-forged": _forge,
}


@pytest.mark.parametrize(("name", "corruption"), [*(("content", c) for c in sorted(CORRUPTIONS)),
                                                  *((name, "manifest-forged") for name in sorted(SITES)[1:])])
def test_a_corrupt_cache_is_ignored(name: str, corruption: str, tmp_path: Path):
    paths = _paths(SITES[name], tmp_path)
    build.build(paths, NOW)
    CORRUPTIONS[corruption](paths)
    build.build(paths, NOW)
    assert golden_differences(name, paths.site) == SAME
    build.build(paths, NOW)  # and the cache the build wrote instead is sound
    assert golden_differences(name, paths.site) == SAME


@pytest.fixture
def version(monkeypatch: pytest.MonkeyPatch):
    """Set the generator's version as the cache's key sees it."""
    def set_version(text: str) -> None:
        monkeypatch.setattr(resources, "version", lambda: text)
        cache.generator_key.cache_clear()
    yield set_version
    cache.generator_key.cache_clear()


@pytest.mark.parametrize("name", sorted(SITES))
def test_a_cache_from_another_generator_version_is_ignored(name: str, tmp_path: Path, version):
    paths = _paths(SITES[name], tmp_path)
    version("0.0.1-khac")
    build.build(paths, NOW)
    _poison(paths, keep_time=True)  # objects that look untouched: only the version tells them apart
    version("0.0.1-khac")
    build.build(paths, NOW)
    assert golden_differences(name, paths.site) != SAME, "under its own version, the poisoned cache is used"
    _poison(paths, keep_time=True)
    version(resources._project()[0])
    build.build(paths, NOW)
    assert golden_differences(name, paths.site) == SAME


def test_a_changed_template_invalidates_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The generator's files are part of every key: one changed byte in a template, and no page is reused."""
    paths = _paths(SITES["content"], tmp_path)
    build.build(paths, NOW)
    before = _pages(paths)

    def keys() -> dict[str, str]:
        cache.generator_key.cache_clear()
        settings = build._theme_settings(yaml.safe_load(paths.config.read_text(encoding="utf-8")))
        return cache.page_keys(settings, [(p, cache.digest((paths.docs / p).read_bytes())) for p in before])

    assert keys() == {page: stored.key for page, stored in before.items()}, "the same generator, the same keys"
    package = tmp_path / "package"
    shutil.copytree(resources.PACKAGE, package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    template = package / "generator" / "templates" / "home.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(resources, "PACKAGE", package / "generator")
    try:
        changed = keys()
    finally:
        cache.generator_key.cache_clear()
    assert not any(changed[p] == before[p].key for p in before)


@pytest.mark.parametrize("step", ["objects", "manifest"])
def test_a_build_killed_while_writing_the_cache_harms_no_later_build(step: str, tmp_path: Path):
    content = _copy("content", tmp_path)
    site, work = tmp_path / "site", tmp_path / "build"
    args = [sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site),
            "--build-dir", str(work), "--now", NOW.isoformat()]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.run(args, env={**env, cache.KILL_AT: step}, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not (work / cache.FOLDER / cache.MANIFEST).exists()
    assert subprocess.run(args, env=env, capture_output=True, timeout=300).returncode == 0
    assert golden_differences("content", site) == SAME
    # a warm build killed after an edit: the cache of the build before stays the one in use
    _edit_news(content, title=True)
    before = (work / cache.FOLDER / cache.MANIFEST).read_bytes()
    killed = subprocess.run(args, env={**env, cache.KILL_AT: step}, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert (work / cache.FOLDER / cache.MANIFEST).read_bytes() == before
    assert subprocess.run(args, env=env, capture_output=True, timeout=300).returncode == 0
    assert differences(_cold(content, tmp_path / "cold"), manifest(site)) == SAME


def test_a_build_folder_restored_by_the_workflows_is_built_on(tmp_path: Path):
    """What `actions/cache` restores in CI (.github/workflows: the marker, the manifest, the objects) and nothing
    else of the build folder: the next build accepts the folder, uses the cache and publishes the golden site."""
    paths = _paths(SITES["content"], tmp_path / "first")
    build.build(paths, NOW)
    restored = _paths(SITES["content"], tmp_path / "ci")
    restored.build.mkdir(parents=True)
    shutil.copy2(paths.build / ".cchc-build", restored.build)
    shutil.copytree(paths.build / cache.FOLDER / "objects", restored.build / cache.FOLDER / "objects")
    shutil.copy2(paths.build / cache.FOLDER / cache.MANIFEST, restored.build / cache.FOLDER)
    build.build(restored, NOW)
    assert golden_differences("content", restored.site) == SAME
    assert _pages(restored) == _pages(paths), "the restored objects were used (copied with their times)"


# --------------------------------------------------------------------------- the session of the build before
# (build.py: Session): what a build read, checked and rendered, saved for the next build to start from


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The record files a build reads and checks, in order."""
    seen: list[Path] = []
    real = load.read_entry
    monkeypatch.setattr(load, "read_entry", lambda root, path, *args, **kwargs: (
        seen.append(path), real(root, path, *args, **kwargs))[1])
    return seen


def _records(content: Path) -> int:
    return sum(1 for kind in load.FOLDERS for _ in (content / kind).glob("*.*"))


def test_a_warm_build_reads_and_renders_only_the_edited_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = _copy("content", tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    assert (paths.build / cache.FOLDER / cache.STATE_HEAD).is_file(), "the build saved its session"
    item = _edit_news(content, title=True)
    reads = _reads(monkeypatch)
    monkeypatch.setattr(parallel, "prerender", lambda *_: pytest.fail("every record rendered again"))
    build.build(paths, NOW)
    assert reads == [item.relative_to(content)]
    monkeypatch.undo()
    assert differences(_cold(content, tmp_path / "cold"), manifest(paths.site)) == SAME


def test_a_fresh_checkout_of_the_same_files_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A checkout gives every file a new modification time: the session knows the files by their bytes."""
    content = _copy("content", tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    later = os.stat(content).st_mtime_ns + 10**9
    for file in content.rglob("*"):
        os.utime(file, ns=(later, later))
    reads = _reads(monkeypatch)
    build.build(paths, NOW)
    assert reads == []
    assert golden_differences("content", paths.site) == SAME
    _edit_news(content, title=False)  # and a real change among them is still seen
    build.build(paths, NOW)
    assert len(reads) == 1
    assert differences(_cold(content, tmp_path / "cold"), manifest(paths.site)) == SAME


def _session(paths: build.Paths, name: str) -> Path:
    return paths.build / cache.FOLDER / name


def _flip(file: Path, at: float) -> None:
    data = bytearray(file.read_bytes())
    data[int(len(data) * at)] ^= 0x20
    file.write_bytes(bytes(data))


SESSION_DAMAGE = {
    "pickle-byte-flipped": lambda p: _flip(_session(p, cache.STATE), 0.5),
    "pickle-truncated": lambda p: _session(p, cache.STATE).write_bytes(_session(p, cache.STATE).read_bytes()[:1000]),
    "pickle-missing": lambda p: _session(p, cache.STATE).unlink(),
    "head-not-json": lambda p: _session(p, cache.STATE_HEAD).write_text("{", encoding="utf-8"),
    "head-of-another-folder": lambda p: _session(p, cache.STATE_HEAD).write_text(
        _session(p, cache.STATE_HEAD).read_text(encoding="utf-8").replace("content", "noi-dung-khac"), encoding="utf-8"),
    # what it says was written: changed behind its back, or gone (a CI run that restores the cache alone)
    "generated-page-edited": lambda p: (p.docs / "tin-tuc" / "index.md").write_text(
        (p.docs / "tin-tuc" / "index.md").read_text(encoding="utf-8") + "\n<p>Sửa tay</p>\n", encoding="utf-8"),
    "generated-files-gone": lambda p: (shutil.rmtree(p.docs), shutil.rmtree(p.search_pages)),
}


@pytest.mark.parametrize("damage", sorted(SESSION_DAMAGE))
def test_a_damaged_session_is_never_trusted(damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    content = _copy("content", tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    SESSION_DAMAGE[damage](paths)
    reads = _reads(monkeypatch)
    build.build(paths, NOW)
    assert golden_differences("content", paths.site) == SAME
    if damage.startswith(("pickle", "head")):
        assert len(reads) == _records(content), "the build started from nothing"
    build.build(paths, NOW)  # and the session it saved instead is sound
    assert golden_differences("content", paths.site) == SAME


def test_the_session_of_another_day_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Pages say the day they were built on (load.Window): a session of yesterday renders nothing of today."""
    content = _copy("content", tmp_path)
    paths = _paths(content, tmp_path / "warm")
    build.build(paths, NOW)
    reads = _reads(monkeypatch)
    tomorrow = NOW + dt.timedelta(days=1)
    build.build(paths, tomorrow)
    assert len(reads) == _records(content)
    cold = _paths(content, tmp_path / "cold")
    build.build(cold, tomorrow, use_cache=False)
    assert differences(manifest(cold.site), manifest(paths.site)) == SAME


def test_a_build_killed_while_saving_its_session_harms_no_later_build(tmp_path: Path):
    content = _copy("content", tmp_path)
    site, work = tmp_path / "site", tmp_path / "build"
    args = [sys.executable, "-m", "generator", "build", "--content", str(content), "--site-dir", str(site),
            "--build-dir", str(work), "--now", NOW.isoformat()]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    assert subprocess.run(args, env=env, capture_output=True, timeout=300).returncode == 0
    _edit_news(content, title=True)
    # the session is saved by a second process: killed, it leaves the build itself whole, and no session
    done = subprocess.run(args, env={**env, cache.KILL_AT: "state"}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not (work / cache.FOLDER / cache.STATE_HEAD).exists()
    assert differences(_cold(content, tmp_path / "cold"), manifest(site)) == SAME
    _edit_news(content, title=False)
    assert subprocess.run(args, env=env, capture_output=True, timeout=300).returncode == 0
    assert differences(_cold(content, tmp_path / "cold-2"), manifest(site)) == SAME
