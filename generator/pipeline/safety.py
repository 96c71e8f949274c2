"""Never destroy: the folders a build writes are checked before anything is touched.

A build replaces its site folder and rewrites its build folder, so a mistyped
``--site-dir`` could wipe the content, the repository or any other folder.
Before writing, each output folder must not be the content folder, contain it
or lie inside it, must not be (or contain) the repository, and must be new,
empty or one that ``cchc`` made itself (it leaves a marker file in each). The
site is built in a new folder beside it and swapped in only when complete, so
a build that fails, is killed or runs out of disk leaves the previous site whole.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

SITE_MARKER = ".cchc-site"
BUILD_MARKER = ".cchc-build"
_MARKER_TEXT = "Thư mục này do «cchc build» tạo và được xóa, ghi lại ở mỗi lần dựng. Đừng lưu tệp khác vào đây.\n"


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


def _ours(folder: Path, marker: str, legacy: tuple[str, ...]) -> bool:
    """Whether an existing folder is one a build made: its marker, or what earlier versions left there."""
    if not folder.exists():
        return True
    if not folder.is_dir():
        return False
    if (folder / marker).is_file() or not any(folder.iterdir()):
        return True
    return all((folder / name).exists() for name in legacy)


def check(content: Path, build: Path, site: Path, generator_repo: Path) -> None:
    """Refuse, before anything is written, output folders that could destroy something."""
    content = content.resolve()
    targets = {"--build-dir": (build.resolve(), BUILD_MARKER, ("mkdocs.yml", "docs")),
               "--site-dir": (site.resolve(), SITE_MARKER, ("index.html", "sitemap.xml", "404.html"))}
    protected = {"kho mã nguồn": r for r in {_repository(content), generator_repo.resolve()} if r is not None}
    for option, (target, marker, legacy) in targets.items():
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
        if not _ours(target, marker, legacy):
            raise RefusedFolder(f"{shown} đã có tệp không do cchc tạo; để không xóa nhầm, cchc không ghi vào đó. "
                                "Hãy chọn một thư mục mới, hoặc tự xóa thư mục đó nếu chắc chắn không cần")
    build_dir, site_dir = targets["--build-dir"][0], targets["--site-dir"][0]
    if _within(build_dir, site_dir) or _within(site_dir, build_dir):
        raise RefusedFolder("--build-dir và --site-dir phải là hai thư mục riêng, không thư mục nào nằm trong "
                            "thư mục kia")


def mark(folder: Path, marker: str) -> None:
    """Leave the file that says a build made this folder."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / marker).is_file():
        (folder / marker).write_text(_MARKER_TEXT, encoding="utf-8")


def _siblings(site: Path) -> tuple[Path, Path]:
    """The new site being built, and the previous one while the two are swapped."""
    return site.with_name(f".{site.name}.cchc-moi"), site.with_name(f".{site.name}.cchc-cu")


def replace_site(site: Path, make: Callable[[Path], None]) -> None:
    """Build a site with ``make(folder)`` in a new folder, then put it in place of ``site``.

    Until the swap, the previous site is untouched; whatever stops ``make``
    (an error, Ctrl-C, a full disk) leaves it as it was, and a kill during the
    swap itself is repaired by the next build.
    """
    new, old = _siblings(site)
    if old.is_dir() and not site.exists():  # a build killed between the two renames
        os.rename(old, site)
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
    shutil.rmtree(old, ignore_errors=True)
