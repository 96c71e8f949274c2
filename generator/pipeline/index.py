"""The site's search index: Pagefind over the search records (core/search.py), built beside MkDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..core.pages import ENV, Memo, Output
from ..core import search


def search_pages(outputs: list[Output], memo: Memo) -> list[Output]:
    """For each searchable page, the small page Pagefind indexes instead of it (core/search.py)."""
    template = ENV.get_template("search_record.html.j2")
    return [memo.reuse(("search", o.path), (o.search,),
                       lambda r=o.search: Output(r.path, template.render(record=r, weights=search)))
            for o in outputs if o.search]


def start(pages: Path, index: Path, background: bool = False) -> subprocess.Popen[bytes]:
    """Start Pagefind on the record pages; it writes the index to ``index`` (replaced).

    In the ``background`` (the live preview) it runs at low priority, so that it
    never slows down the rebuild of an edited page.
    """
    shutil.rmtree(index, ignore_errors=True)  # Pagefind leaves stale chunks otherwise
    nice = ["nice", "-n", "15"] if background and shutil.which("nice") else []
    return subprocess.Popen([*nice, sys.executable, "-m", "pagefind", "--site", str(pages),
                             "--output-path", str(index), "--silent"])


def finish(indexer: subprocess.Popen[bytes], index: Path, site: Path) -> None:
    """Wait for Pagefind, then put its index into the finished site as ``pagefind/``.

    The index is moved, not copied: at province scale it is 5,000 files, and
    copying them came after MkDocs, on the build's critical path (the next
    :func:`start` writes a new index anyway). Only when the site is on another
    file system is it copied.
    """
    if indexer.wait() != 0:
        raise subprocess.CalledProcessError(indexer.returncode, indexer.args)
    target = site / "pagefind"
    stale = site / ".pagefind.cchc-cu"
    shutil.rmtree(stale, ignore_errors=True)
    if target.exists():
        os.rename(target, stale)
    try:
        os.rename(index, target)
    except OSError:  # another file system
        shutil.copytree(index, target)
    shutil.rmtree(stale, ignore_errors=True)
