"""The site's search index: Pagefind over one small page per record, built beside MkDocs.

Pagefind indexes HTML. Pointed at the finished site it had to wait for MkDocs
and then parse every page (180 MB at province scale) to keep a few lines of
each. Instead the generator writes what each page should be found by (its
title, description and key terms) as a tiny HTML document under
``build/search/``, and Pagefind indexes that on the other core while MkDocs
builds the site. The Python API of Pagefind is not used:
it reads one answer per 0.1 s, 500 s for 5,000 pages.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .markup import page_url
from .vietnamese import fold


@dataclasses.dataclass(frozen=True)
class Record:
    """What one page is found by."""

    page: str          # the page's Markdown path below docs/, e.g. thu-tuc/1.001193.md
    title: str
    description: str | None
    terms: tuple[str, ...]

    @property
    def folded(self) -> str:
        """Pagefind folds tone marks but keeps đ apart from d: the đ-words once more without it,
        so "duong" finds "đường" in a single query."""
        words = re.findall(r"\w*[đĐ]\w*", " ".join([self.title, self.description or "", *self.terms]))
        return " ".join(sorted({fold(w) for w in words}))

    @property
    def path(self) -> str:
        """The record page's file below build/search/. All in one folder: a folder per page made
        writing them twice as slow; the page's address travels as ``url`` instead."""
        return self.page.removesuffix(".md").replace("/", "~") + ".html"

    @property
    def url(self) -> str:
        """The page's address relative to the site root, which the search script turns into a link."""
        return page_url(self.page) or "./"


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

