"""Never destroy: the folders a build writes are checked before anything is touched.

A build replaces its site folder and rewrites its build folder, so a mistyped
``--site-dir`` could wipe the content, the repository or any other folder.
Before writing, each output folder must not be the content folder, contain it
or lie inside it, must not be (or contain) the repository, and must be new,
empty or one that ``cchc`` made itself (it leaves a marker file in each, and
the build folder may hold only what a build writes there). A folder without
the marker is never taken for ours, even one built by a version of ``cchc``
older than the markers: nothing in it proves that every file came from a
build. The site is built in a new folder beside it and swapped in only when
complete, so a build that fails, is killed or runs out of disk leaves the
previous site whole.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

SITE_MARKER = ".cchc-site"
BUILD_MARKER = ".cchc-build"
PORTAL_MARKER = ".cchc-portal"  # a portal's work folder: one folder per agency, each checked by check()
_MARKER_TEXT = "Thư mục này do «cchc build» tạo và được xóa, ghi lại ở mỗi lần dựng. Đừng lưu tệp khác vào đây.\n"
# What a build writes into its build folder, and nothing else may be there: the marker, the generated MkDocs
# config, docs/, search/ and pagefind/ (build.Paths), the shards' own sites (shards.py) and the reports'
# drafts and previews (report.py), and the cache (cache.py).
_BUILD_NAMES = re.compile(re.escape(BUILD_MARKER) + r"|mkdocs\.yml|docs|search|pagefind|shard-[0-9]+|bao-cao|cache")


class RefusedFolder(Exception):
    """A folder a build must not write to, with the reason in Vietnamese."""


def _repository(folder: Path) -> Path | None:
    """The git repository holding ``folder``, if any."""
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _not_ours(folder: Path, marker: str, names: re.Pattern[str] | None) -> str | None:
    """Why an existing folder is not one a build made, or None if it is (or is new, or empty).

    Ours means: it holds the marker, and every name in it matches ``names``
    (when given). A foreign file beside the marker is named, so that it can be moved.
    """
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "là một tệp, không phải thư mục"
    found = sorted(os.listdir(folder))
    if not found:
        return None
    if not (folder / marker).is_file():
        return (f"không có tệp đánh dấu {marker} mà cchc để lại trong mọi thư mục nó tạo (một thư mục do "
                "phiên bản cchc cũ dựng, trước khi có tệp đánh dấu, cũng vậy)")
    foreign = [name for name in found if names and not names.fullmatch(name)]
    if foreign:
        return "có " + ", ".join(f"«{name}»" for name in foreign) + " không do cchc tạo"
    return None


def _refuse_foreign(shown: str, folder: Path, marker: str, names: re.Pattern[str] | None) -> None:
    reason = _not_ours(folder, marker, names)
    if reason:
        raise RefusedFolder(f"{shown} {reason}; để không xóa nhầm, cchc không ghi vào đó. Hãy chọn một "
                            "thư mục mới, hoặc tự chuyển đi những tệp cần giữ rồi xóa thư mục đó")


def check(content: Path, build: Path, site: Path, generator_repo: Path) -> None:
    """Refuse, before anything is written, output folders that could destroy something."""
    content = content.resolve()
    targets = {"--build-dir": (build.resolve(), BUILD_MARKER, _BUILD_NAMES),
               "--site-dir": (site.resolve(), SITE_MARKER, None)}  # MkDocs names the site's files
    protected = {"kho mã nguồn": r for r in {_repository(content), generator_repo.resolve()} if r is not None}
    for option, (target, marker, names) in targets.items():
        shown = f"{option} «{target}»"
        if _within(target, content):
            raise RefusedFolder(f"{shown} nằm trong thư mục nội dung «{content}»: dựng vào đó sẽ xóa nội dung. "
                                "Hãy chọn một thư mục khác, ở ngoài thư mục nội dung")
        if _within(content, target):
            raise RefusedFolder(f"{shown} chứa thư mục nội dung «{content}»: dựng vào đó sẽ xóa nội dung. "
                                "Hãy chọn một thư mục riêng, ví dụ «site»")
        for name, repo in protected.items():
            if _within(repo, target):
                raise RefusedFolder(f"{shown} là (hoặc chứa) {name} «{repo}»: dựng vào đó sẽ xóa mã nguồn. "
                                    "Hãy chọn một thư mục riêng, ví dụ «site»")
        _refuse_foreign(shown, target, marker, names)
    build_dir, site_dir = targets["--build-dir"][0], targets["--site-dir"][0]
    if _within(build_dir, site_dir) or _within(site_dir, build_dir):
        raise RefusedFolder("--build-dir và --site-dir phải là hai thư mục riêng, không thư mục nào nằm trong "
                            "thư mục kia")


def check_ours(folder: Path, marker: str, option: str) -> None:
    """Refuse a folder that is not new, empty or marked by ``cchc`` (a portal's work folder), then mark it."""
    _refuse_foreign(f"{option} «{folder.resolve()}»", folder.resolve(), marker, None)
    mark(folder, marker)


def mark(folder: Path, marker: str) -> None:
    """Leave the file that says a build made this folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / marker).is_file():
        (folder / marker).write_text(_MARKER_TEXT, encoding="utf-8")


def _siblings(site: Path) -> tuple[Path, Path]:
    """The new site being built, and the previous one while the two are swapped."""
    return site.with_name(f".{site.name}.cchc-moi"), site.with_name(f".{site.name}.cchc-cu")


def recover(site: Path) -> None:
    """Put the previous site back if a build was killed between the two renames of :func:`replace_site`.

    The next build calls this before it reads the content, so that even a
    build that then stops on a content error leaves the previous site in place.
    """
    old = _siblings(site)[1]
    if old.is_dir() and not site.exists():
        os.rename(old, site)


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def replace_site(site: Path, make: Callable[[Path], None], discard: Callable[[Path], None] = remove) -> None:
    """Build a site with ``make(folder)`` in a new folder, then put it in place of ``site``.

    Until the swap, the previous site is untouched; whatever stops ``make``
    (an error, Ctrl-C, a full disk) leaves it as it was, and a kill during the
    swap itself is repaired by the next build (:func:`recover`). The previous
    site is then removed by ``discard``.
    """
    recover(site)
    new, old = _siblings(site)
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        make(new)
        mark(new, SITE_MARKER)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    if site.exists():
        os.rename(site, old)
    os.rename(new, site)
    discard(old)
