"""The live preview: after an edit, rebuild only what the edit changed.

``cchc serve`` keeps what the last build made in memory: the content read
(``core.checking.FileCache``), the outputs rendered (``core.pages.Memo``), the files
written, and MkDocs' own state (config, file list, navigation, theme). After an
edit the generator re-renders what depends on the edited file, the writer
rewrites only the files whose text changed, and each changed page goes through
the two steps ``mkdocs build`` runs for every page (its ``_populate_page`` and
``_build_page``; MkDocs is pinned at 1.6.1, its last 1.x release, and
tests/test_incremental.py compares the result with a clean build). Changed
static files (feeds, open data, posters) are linked, as a build links them.
Pages added or removed are added to or removed from MkDocs' file list; only a changed MkDocs config
(the site's name, say) means a full build. Pagefind re-indexes in the
background, at low priority, once edits pause for ``search_delay`` seconds, so
the edited pages are served without waiting for it.
"""

from __future__ import annotations

import gc
import os
import shutil
import threading
import time
from pathlib import Path

from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.structure.files import File, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from . import build, index, shards


class _MkDocsPages:
    """MkDocs' state after a build, ready to render any page again."""

    def __init__(self, config_file: Path) -> None:
        config = shards.load(config_file)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages():
            if file.page is None:
                Page(None, file, config)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files = config, files
        self._doc_files: list[File] | None = None  # MkDocs' list of the pages, made again when a page comes or goes

    def has(self, page: str) -> bool:
        return self.files.get_file_from_path(page) is not None

    def add(self, path: str) -> None:
        """A page new since the build (a path below docs/), known to MkDocs as ``get_files`` would make it."""
        config = self.config
        file = File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
        self.files.append(file)
        set_exclusions([file], config)
        Page(None, file, config)
        self._doc_files = None

    def remove(self, path: str) -> None:
        """A page gone since the build: forgotten, and its HTML removed from the site."""
        file = self.files.get_file_from_path(path)
        self.files.remove(file)
        self._doc_files = None
        target = Path(file.abs_dest_path)
        target.unlink(missing_ok=True)
        if target.parent.is_dir() and not any(target.parent.iterdir()):
            target.parent.rmdir()

    def build(self, pages: list[str]) -> None:
        """Read, render and write these pages (paths below docs/) as a full build would.

        The list of all pages that each page is rendered with is kept between edits: MkDocs makes it by asking
        each of a province's 10,000 files what it is (a tenth of an edit's MkDocs time).
        """
        if self._doc_files is None:
            self._doc_files = list(self.files.documentation_pages())
        doc_files = self._doc_files
        for path in pages:
            page = self.files.get_file_from_path(path).page
            _populate_page(page, self.config, self.files)
            _build_page(page, self.config, doc_files, self.nav, self.env)


def _link(source: Path, target: Path) -> None:
    """A generated file into the site as a full build puts it (mkdocs_hooks.py): a hard link, else a copy.

    The open data of a province's news is 8 MB, and every edit of an item changes it; the writer replaces a
    changed file with a new one, never rewriting it in place, so the link keeps what was published.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copyfile(source, target)


class Preview:
    """A site kept up to date with its content folder, one edit at a time."""

    def __init__(self, paths: build.Paths, search_delay: float = 2.0) -> None:
        self.paths = paths
        self.search_delay = search_delay
        self.session = build.Session()
        self._pages: _MkDocsPages | None = None
        self._indexing: threading.Thread | None = None
        self._search_stale = False
        self._last_edit = 0.0
        self._lock = threading.Lock()

    def build(self) -> None:
        """A full build, remembering everything the next edit can reuse."""
        self.wait_for_search()
        gc.unfreeze()  # what the last full build froze may be garbage now
        build.generate(self.paths, session=self.session)
        build.build_site(self.paths)
        self._pages = _MkDocsPages(self.paths.config)
        # What the build made lives as long as the preview: frozen, the garbage collector no longer walks it
        # on every rebuild (at province scale a full collection of it took about 0.3 s of an edit's rebuild).
        gc.collect()
        gc.freeze()

    def rebuild(self) -> list[str]:
        """Bring the site up to date after an edit; returns the generated files that changed.

        Content errors are raised (``ContentErrors``) and leave the site as it was.
        """
        _, changed = build.generate(self.paths, session=self.session)
        if not changed:
            return []
        docs, site = self.paths.docs, self.paths.site
        if self._pages is None or "mkdocs.yml" in changed:
            self.build()
            return changed
        pages = [c for c in changed if c.endswith(".md")]
        for path in pages:
            if not (docs / path).exists():
                self._pages.remove(path)
            elif not self._pages.has(path):
                self._pages.add(path)
        self._pages.build([p for p in pages if (docs / p).exists()])
        for path in changed:
            if path.endswith(".md") or path == "mkdocs.yml":
                continue
            (site / path).unlink(missing_ok=True)
            if (docs / path).exists():
                _link(docs / path, site / path)
        self._reindex()
        return changed

    def _reindex(self) -> None:
        """Rebuild the search index in the background once edits pause, again if one comes in meanwhile."""
        with self._lock:
            self._search_stale = True
            self._last_edit = time.monotonic()
            if self._indexing is None:
                self._indexing = threading.Thread(target=self._index_until_current, daemon=True)
                self._indexing.start()

    def _index_until_current(self) -> None:
        while True:
            with self._lock:
                if not self._search_stale:
                    self._indexing = None
                    return
                quiet = self._last_edit + self.search_delay - time.monotonic()
                if quiet <= 0:
                    self._search_stale = False
            if quiet > 0:
                time.sleep(quiet)
                continue
            index.finish(index.start(self.paths.search_pages, self.paths.search_index, background=True),
                          self.paths.search_index, self.paths.site)

    def wait_for_search(self) -> None:
        """Wait until the search index matches the pages."""
        while (thread := self._indexing) is not None:
            thread.join()
