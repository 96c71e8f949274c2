"""The site's search index: Pagefind over the search records (core/search.py), built beside MkDocs."""

from __future__ import annotations

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
    """Wait for Pagefind, then put its index into the finished site as ``pagefind/``."""
    if indexer.wait() != 0:
        raise subprocess.CalledProcessError(indexer.returncode, indexer.args)
    shutil.rmtree(site / "pagefind", ignore_errors=True)
    shutil.copytree(index, site / "pagefind")

