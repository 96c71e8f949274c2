"""Build the site's pages with MkDocs in several processes at once.

MkDocs renders one page after another on one core; at province scale its theme
templates are most of a build. Each shard is an ordinary ``mkdocs build`` of
the same config that renders only its share of the pages (mkdocs_hooks.py
leaves the others out): shard 0 into the site folder with every static file,
the others into folders of their own, whose pages are then moved into the site.
The section pages listed in the navigation stay in every shard, so that every
shard draws the same navigation, and are written by shard 0 only. Pages not
among those to build (the build's cache holds them already, cache.py) are left
out of every shard the same way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from ..core.markup import page_url

# Below this many pages a second process costs more than it saves.
MIN_PAGES_PER_SHARD = 500


def shard_of(page: str, count: int) -> int:
    """Which of ``count`` shards renders a page (its path below docs/): stable from build to build."""
    return zlib.crc32(page.encode("utf-8")) % count


def nav_pages(nav: Iterable[Any]) -> set[str]:
    """The Markdown files the navigation lists, at any depth."""
    found: set[str] = set()
    for item in nav or ():
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= nav_pages(value)
        elif isinstance(value, str):
            found.add(value)
    return found


def shard_count(pages: int) -> int:
    """One shard per core the process may use, while each has enough pages to be worth a process."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, pages // MIN_PAGES_PER_SHARD))


def load(config_file: Path, shard: int = 0, count: int = 1, site: Path | None = None,
         pages: frozenset[str] | None = None, templates: Path | None = None) -> Any:
    """The generated MkDocs config (strict), told which shard it builds and, unless all, which pages
    (read by mkdocs_hooks.py)."""
    config = load_config(config_file=str(config_file), strict=True)
    config.extra["cchc_shard"] = [shard, count]
    config.extra["cchc_pages"] = pages
    config.extra["cchc_templates"] = templates  # the build folder whose cache keeps compiled templates, if any
    if site is not None:
        config.site_dir = str(site)
    return config


def _build_shard(config_file: Path, shard: int, count: int, site: Path, pages: frozenset[str],
                 templates: Path | None) -> None:
    """A child process: build one shard, exit non-zero if MkDocs fails."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        mkdocs_build(load(config_file, shard, count, site, pages, templates))
    except Abort as exc:
        print(exc, file=sys.stderr)
        sys.exit(1)


def build(config_file: Path, site: Path, work: Path, pages: list[str], templates: Path | None = None) -> None:
    """``mkdocs build --strict`` of ``pages`` (paths below docs/; the others are left out, but for the
    navigation's), shared across the cores."""
    count = shard_count(len(pages))
    chosen = frozenset(pages)
    context = multiprocessing.get_context("fork")
    children = []
    for shard in range(1, count):
        child = context.Process(target=_build_shard, args=(config_file, shard, count, work / f"shard-{shard}", chosen,
                                                                   templates))
        child.start()
        children.append(child)
    config = load(config_file, 0, count, site, chosen, templates)
    try:
        mkdocs_build(config)
    finally:
        for child in children:
            child.join()
    failed = [c for c in children if c.exitcode != 0]
    if failed:
        raise Abort(f"MkDocs failed in {len(failed)} of {count} processes")
    _gather(site, work, pages, count, nav_pages(config.nav))


def _gather(site: Path, work: Path, pages: list[str], count: int, listed: set[str]) -> None:
    """Move each other shard's pages into the site folder, then drop the shards' folders.

    A page's folder that holds nothing else, and is not in the site yet, is moved
    whole: one rename instead of making a folder, moving the page and removing the
    emptied folder (2,500 pages of a province build).
    """
    for page in pages:
        shard = shard_of(page, count)
        if shard == 0 or page in listed:
            continue
        folder = page_url(page)
        source = work / f"shard-{shard}" / folder
        if folder and not (site / folder).exists() and os.listdir(source) == ["index.html"]:
            (site / folder).parent.mkdir(parents=True, exist_ok=True)
            os.rename(source, site / folder)
            continue
        dest = folder + "index.html"
        (site / dest).parent.mkdir(parents=True, exist_ok=True)
        os.replace(work / f"shard-{shard}" / dest, site / dest)
    for shard in range(1, count):
        shutil.rmtree(work / f"shard-{shard}", ignore_errors=True)
