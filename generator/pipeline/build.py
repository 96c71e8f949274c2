"""The pipeline: read and validate content, render pages and feeds, write, build with MkDocs."""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import datetime as dt
import gc
import json
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from ..core import markup, resources
from ..core.checking import FileCache
from ..core.content import Content
from ..core.errors import ContentError, ContentErrors
from ..core.feeds import XML
from ..core.pages import ENV as PAGES, Memo, Output, SavedOutput, StaleOutput
from ..core.vietnamese import TZ
from . import cache, index, links, load, opendata, parallel, safety, shards, site as site_pages, workspace, writer
from .registry import KINDS

BASE_CONFIG = resources.shipped("mkdocs.yml")


@dataclasses.dataclass(frozen=True)
class Paths:
    """Where a build reads and writes. Any agency's content folder works the same way."""

    content: Path
    build: Path   # generated Markdown and the generated MkDocs config; git ignores it
    site: Path    # the finished static site
    base_path: str | None = None  # publish under this path of site.yml's host (``--base-path``), or this address

    @property
    def docs(self) -> Path:
        return self.build / "docs"

    @property
    def config(self) -> Path:
        return self.build / "mkdocs.yml"

    @property
    def search_pages(self) -> Path:
        """One small page per searchable page: what Pagefind indexes (pipeline/index.py)."""
        return self.build / "search"

    @property
    def search_index(self) -> Path:
        return self.build / "pagefind"

    def check(self) -> None:
        """Refuse output folders that could destroy the content or anything else (safety.py)."""
        safety.check(self.content, self.build, self.site, resources.HOME)


def _asset_copies(content: Content) -> dict[str, Path]:
    assets = content.root / "assets"
    if not assets.is_dir():
        return {}
    return {f"assets/{p.relative_to(assets).as_posix()}": p for p in sorted(assets.rglob("*")) if p.is_file()}


def mkdocs_config(content: Content, paths: Paths) -> dict:
    """The per-site MkDocs settings, layered over the project's ``mkdocs.yml``."""
    site = content.site
    hotline = content.main_hotline.model
    edit_base = f"{str(site.repo_url).rstrip('/')}/edit/{site.repo_branch}/{_content_prefix(paths)}" \
        if site.repo_url else None
    return {
        "INHERIT": str(BASE_CONFIG),
        "site_name": str(escape(site.name)),  # printed unescaped by the theme
        "site_url": str(site.base_url),
        "site_description": str(escape(site.description)),
        "copyright": f"{escape(site.name)} · Dữ liệu mở theo giấy phép CC BY 4.0",  # printed unescaped too
        "docs_dir": str(paths.docs.resolve()),
        "site_dir": str(paths.site.resolve()),
        "theme": {"name": "material", "custom_dir": str(resources.shipped("overrides")), "language": "vi"},
        "hooks": [str(Path(__file__).parent.parent / "mkdocs_hooks.py")],
        "nav": site_pages.nav(content),
        "extra": _escaped({
            "agency": {"name": site.name, "short_name": site.short_name, "email": site.email,
                       "phone": site.phone},
            "hotline": {"name": hotline.name, "unit": hotline.unit,
                        "phones": [{"value": c.value, "tel": c.tel} for c in hotline.phones()]},
            "illustrative_note": site.illustrative_note if site.illustrative else None,
            "edit_base": edit_base,
            "logo": site.logo,
        }),
    }


def _escaped(value: Any) -> Any:
    """Every string of the theme's settings, HTML-escaped once.

    Material's templates, and the overrides beside them, print settings
    without escaping; so each value is escaped here, in one place, and the
    templates print it as it is.
    """
    if isinstance(value, dict):
        return {key: _escaped(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_escaped(item) for item in value]
    return str(escape(value)) if isinstance(value, str) else value


def _content_prefix(paths: Paths) -> str:
    """The content folder's path inside its repository, for 'edit this page' links.

    The repository is the one that holds the content folder (the nearest
    folder, itself or above it, with a ``.git``), which ``repo_url`` names: not
    necessarily this generator's checkout, since a site may keep its content
    in a repository of its own. A folder in no repository is taken to be the
    usual ``content/``.
    """
    folder = paths.content.resolve()
    repository = next((p for p in (folder, *folder.parents) if (p / ".git").exists()), None)
    if repository is None:
        return "content/"
    inside = folder.relative_to(repository).as_posix()
    return "" if inside == "." else f"{inside}/"


def render_checked(paths: Paths, now: dt.datetime | None = None, session: Session | None = None
                   ) -> tuple[Content, list[Output], dict[str, Path]]:
    """Validate, render every output, and check the links between them; write nothing.

    ``cchc validate`` stops here, so an editor sees a broken link before the build.
    """
    session = session or Session()
    first = session.memo.empty  # a build from nothing, not a rebuild
    content = load.read(paths.content, now, session.files, paths.base_path)
    # the tables every page depends on, as the same object while they are equal: every memoised page compares
    # them (Memo.get), and an identical object compares at once where an equal one is walked through
    content.common = session.memo.reuse("common", (content.common,), lambda: content.common)
    if first and not content.errors:  # a full build: render the records' pages on all cores
        parallel.prerender(content, session.memo)
    outputs = (site_pages.render_site(content, session.memo) + site_pages.render_outputs(content, session.memo)
               + opendata.render_data(content, session.memo))
    outputs.append(site_pages.sitemap(content, outputs, session.memo))
    copies = _asset_copies(content)
    decap = workspace.decap_files()
    if decap:  # the editors' workspace, out of the sitemap and the search (which are made above)
        prefix = _content_prefix(paths)
        outputs += session.memo.reuse("workspace", (content.site, prefix), lambda: workspace.outputs(content, prefix))
        outputs.append(workspace.finder_output(content, session.memo))
        copies |= decap
    errors = content.errors + _collisions(content, outputs, copies, session.memo)
    errors += links.broken_links(outputs, copies, paths.content, session.memo,
                                 {a for f in content.failed if (a := _record_address(f))})
    if errors:
        raise ContentErrors(errors, content.warnings)
    return content, outputs, copies


def _record_address(source: Path) -> str | None:
    """The address a record file's page has by default: a link to a file left out for its errors is not broken."""
    kind = load.FOLDERS.get(source.parts[0]) if len(source.parts) == 2 else None
    return kind.address.format(source.name.rsplit(".", 1)[0]) if kind and kind.address else None


def _collisions(content: Content, outputs: list[Output], copies: dict[str, Path], memo: Memo
                ) -> list[ContentError]:
    """Two sources for one address, or a free page named like a generated section: an error in each file.

    Otherwise one page would silently replace the other. Which addresses are shared, and the site's sections,
    follow the outputs' paths only: the live preview works them out again only when a path comes or goes.
    """
    shared, sections = memo.reuse("addresses", (tuple(o.path for o in outputs), tuple(copies)),
                                  lambda: _addresses(outputs, copies))
    errors = []
    entries = {e.source.as_posix(): e for kind in KINDS if kind.folder for e in content[kind.name]} if shared else {}
    for address, paths in shared:
        group = [o for o in outputs if o.path in paths]
        sources = [entries[o.source] for o in group if o.source in entries]
        for entry in sources:
            others = ", ".join(o.source or "trang do hệ thống tạo" for o in group if o.source != entry.source.as_posix())
            key = "slug" if ("slug",) in entry.lines else None
            errors.append(ContentError(entry.source, entry.line_of(key) if key else 1,
                                       "đường dẫn (slug)" if key else "",
                                       f"địa chỉ «/{address}» đã thuộc về {others}; hãy đặt tên tệp"
                                       + (" hoặc slug" if key else "") + " khác"))
    for entry in content["pages"]:
        if entry.id in sections:
            errors.append(ContentError(entry.source, 1, "", f"tên tệp «{entry.source.name}» trùng với mục "
                                       f"«/{entry.id}/» của trang; hãy đặt tên khác cho trang này"))
    return errors


def _addresses(outputs: list[Output], copies: dict[str, Path]) -> tuple[list[tuple[str, set[str]]], set[str]]:
    """The addresses more than one output would have (with those outputs' paths), in order; and the sections."""
    by_address: dict[str, list[str]] = {}
    for out in outputs:
        by_address.setdefault(markup.page_url(out.path), []).append(out.path)
    shared = [(address, set(by_address[address])) for address in sorted(a for a, p in by_address.items() if len(p) > 1)]
    sections = {address.split("/", 1)[0] for address in [*by_address, *copies] if "/" in address.rstrip("/")}
    return shared, sections | {"assets", "pagefind", "search", "404"}


@dataclasses.dataclass
class Session:
    """What one build keeps for the next, so an edit costs little more than the edited file.

    The live preview keeps it in memory between rebuilds; ``cchc build`` saves it
    in the build's cache (``build/cache/session.pickle``) for the next
    ``cchc build``, which then reads and renders only what changed. Saved, each
    written output leaves its text in its file (``SavedOutput``).
    """

    files: FileCache = dataclasses.field(default_factory=FileCache)
    memo: Memo = dataclasses.field(default_factory=Memo)
    written: dict[str, Output] = dataclasses.field(default_factory=dict)  # below docs/, by path
    search_written: dict[str, Output] = dataclasses.field(default_factory=dict)  # below search/
    # each written output's digest, with the output it was taken of: an unchanged output is not hashed again
    digests: dict[str, tuple[Output, str]] = dataclasses.field(default_factory=dict)
    # size and modification time of the files written below build/ when the session was saved (``save``)
    stats: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    checked: bool = False  # whether this process checked the build's folders (``generate``)

    def digests_of(self, written: dict[str, Output], prefix: str, suffix: str = "") -> dict[str, str]:
        """The digest of each written output whose path ends with ``suffix``."""
        found = {}
        for path, out in written.items():
            if path.endswith(suffix):
                known = self.digests.get(prefix + path)
                if known is None or known[0] is not out:
                    known = self.digests[prefix + path] = (out, cache.digest(out.text.encode("utf-8")))
                found[path] = known[1]
        return found

    def _written(self, paths: Paths) -> list[tuple[Path, dict[str, Output], str]]:
        return [(paths.docs, self.written, "docs/"), (paths.search_pages, self.search_written, "search/")]

    def settle(self, paths: Paths) -> None:
        """Leave each written output's text in its file (``SavedOutput``), its digest kept: a build at province
        scale holds 200 MB of texts it no longer needs, and the process that saves the session copies them."""
        for root, written, prefix in self._written(paths):
            digests = self.digests_of(written, prefix)
            folder = root.resolve()
            for path, out in written.items():
                if not isinstance(out, SavedOutput):
                    SavedOutput.leave(out, f"{folder}/{path}", digests[path])

    def save(self, store: cache.Cache, paths: Paths, holds: tuple[str, str]) -> None:
        """Into the build's cache, once settled: with each content file's digest and each written file's size
        and time, the written outputs without their texts."""
        self.files.seal(paths.content)
        self.stats = {}
        for root, written, prefix in self._written(paths):
            self.stats |= _stats(root, written, prefix)
        self.checked = False
        store.save_state(self, _state_key(paths), holds)

    @staticmethod
    def load(store: cache.Cache, paths: Paths, now: dt.datetime) -> Session | None:
        """The session the last build saved, if it holds now and what it says was written is still so on disk."""
        session = store.load_state(_state_key(paths), now)
        if not isinstance(session, Session):
            return None
        for root, written, prefix in session._written(paths):
            on_disk = _stats(root, written, prefix)
            for path in list(written):
                if on_disk.get(prefix + path) != session.stats.get(prefix + path):
                    del written[path]  # written again, from the saved text if that still matches its digest
        return session


def _stats(root: Path, written: dict[str, Output], prefix: str) -> dict[str, tuple[int, int]]:
    found = {}
    for path in written:
        try:
            stat = os.stat(f"{root}/{path}")
        except OSError:
            continue
        found[prefix + path] = (stat.st_mtime_ns, stat.st_size)
    return found


def generate(paths: Paths, now: dt.datetime | None = None,
             session: Session | None = None) -> tuple[Content, list[str]]:
    """Validate content and write the pages, feeds, search records and MkDocs config.

    Returns the content and the generated files below docs/ that changed.
    """
    session = session or Session()
    if not session.checked:
        paths.check()
        safety.recover(paths.site)
        session.checked = True
    content, outputs, copies = render_checked(paths, now, session)
    safety.mark(paths.build, safety.BUILD_MARKER)
    cache.Cache(paths.build).forget_state()  # the files below build/ change: a saved session no longer says what they are
    changed = writer.write_tree(paths.docs, outputs, copies, session.written)
    writer.write_tree(paths.search_pages, index.search_pages(outputs, session.memo), None, session.search_written)
    config = yaml.safe_dump(mkdocs_config(content, paths), allow_unicode=True, sort_keys=False)
    if not paths.config.is_file() or paths.config.read_text(encoding="utf-8") != config:
        paths.config.write_text(config, encoding="utf-8")
        changed.append("mkdocs.yml")
    return content, changed


@dataclasses.dataclass
class SitePlan:
    """What building the site will make anew, and what it takes from the build's cache (``build_site``)."""

    store: cache.Cache
    pages: list[str]  # every page below docs/
    keys: dict[str, str]  # the key of each page the cache can hold (all but the navigation's)
    reused: dict[str, cache.Stored]  # the themed pages found in the cache
    search_key: str
    search: dict[str, cache.Stored] | None  # Pagefind's index found in the cache, or None: it is made again
    indexer: subprocess.Popen[bytes] | None = None

    def start_index(self, paths: Paths) -> None:
        """Start Pagefind if the index must be made again: it needs only the search records, already written."""
        if self.search is None and self.indexer is None:
            self.indexer = index.start(paths.search_pages, paths.search_index)

    def stop_index(self) -> None:
        if self.indexer:
            self.indexer.kill()


def plan_site(paths: Paths, written: tuple[dict[str, str], dict[str, str]] | None = None,
              use_cache: bool = True) -> SitePlan:
    """Which themed pages and which search index the cache holds for the files ``generate`` wrote.

    ``written`` holds the digests of the files ``generate`` just wrote below
    docs/ and search/ (else they are read back).
    """
    pages = _files_below(paths.docs, ".md")
    store = cache.Cache(paths.build)
    previous = store.load() if use_cache else cache.Manifest()
    config = yaml.safe_load(paths.config.read_text(encoding="utf-8"))
    listed = shards.nav_pages(config["nav"])
    pages_written, records = written or ({}, {})
    keys = cache.page_keys(_theme_settings(config),
                           ((p, _generated(paths.docs, p, pages_written)) for p in pages if p not in listed))
    reused = {p: hit for p, key in keys.items()
              if (hit := previous.pages.get(p)) and hit.key == key and store.valid(hit)}
    search_key = cache.search_key((rel, _generated(paths.search_pages, rel, records))
                                  for rel in _files_below(paths.search_pages))
    search = previous.search if previous.search_key == search_key and all(map(store.valid, previous.search.values())) \
        else None
    return SitePlan(store, pages, keys, reused, search_key, search)


def build_site(paths: Paths, written: tuple[dict[str, str], dict[str, str]] | None = None,
               use_cache: bool = True, plan: SitePlan | None = None) -> None:
    """MkDocs and the search index from the generated files, side by side on all cores.

    With the build folder's cache (cache.py), only the pages whose inputs are new
    go through MkDocs, and Pagefind runs only if a search record changed; the
    rest is linked into the site from the cache (``plan_site``).
    """
    plan = plan or plan_site(paths, written, use_cache)
    store, reused, search = plan.store, plan.reused, plan.search

    def make(site: Path) -> None:
        plan.start_index(paths)
        try:
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            shards.build(paths.config, site, paths.build, [p for p in plan.pages if p not in reused],
                         paths.build if use_cache else None)
        except BaseException:
            plan.stop_index()
            raise
        _link_all(store, site, {_site_file(p): stored for p, stored in reused.items()})
        if plan.indexer:
            index.finish(plan.indexer, paths.search_index, site)
        else:
            _link_all(store, site, {f"pagefind/{p}": stored for p, stored in search.items()})

    try:
        safety.replace_site(paths.site, make, store.discard if use_cache else safety.remove)
    except BaseException:
        plan.stop_index()
        raise
    if use_cache:
        made = store.store_all(paths.site, {_site_file(p): key for p, key in plan.keys.items() if p not in reused})
        stored = {p: reused.get(p) or made[_site_file(p)] for p in plan.keys}
        index_files = search or store.store_all(paths.site / "pagefind", {
            rel: cache.index_file_key(plan.search_key, rel) for rel in _files_below(paths.site / "pagefind")})
        store.save(cache.Manifest(stored, plan.search_key, index_files))


def _theme_settings(config: dict[str, Any]) -> bytes:
    """The generated MkDocs settings that shape a themed page: all but where the build's folders and this
    generator's hooks are (absolute paths, which change with the checkout's folder, not the pages)."""
    kept = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir", "hooks")}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _generated(folder: Path, rel: str, written: dict[str, str]) -> str:
    """The digest of a generated file: as just written, if known, else of the file read back."""
    return written.get(rel) or cache.digest((folder / rel).read_bytes())


def _files_below(root: Path, suffix: str = "") -> list[str]:
    """Every file below ``root`` whose name ends with ``suffix``, as its path relative to it, in order."""
    start = len(str(root)) + 1
    return sorted(f"{folder[start:]}/{name}".lstrip("/") for folder, _, names in os.walk(root)
                  for name in names if name.endswith(suffix))


def _site_file(page: str) -> str:
    """Where MkDocs writes a page's HTML (directory addresses)."""
    return f"{markup.page_url(page)}index.html"


def _link_all(store: cache.Cache, site: Path, files: dict[str, cache.Stored]) -> None:
    """Put stored files into the site being built (by strings, not path objects: 10,000 files a warm build)."""
    made: set[str] = {""}
    for rel, stored in files.items():
        folder = rel.rpartition("/")[0]
        if folder not in made:
            try:
                os.mkdir(f"{site}/{folder}")  # most pages have a folder of their own, whose parent exists
            except OSError:
                os.makedirs(f"{site}/{folder}", exist_ok=True)
            made.add(folder)
        store.link(stored, f"{site}/{rel}")


def build(paths: Paths, now: dt.datetime | None = None, use_cache: bool = True) -> Content:
    """The whole pipeline, from content to a finished site.

    With the cache, it starts from the session the build before saved (if that
    build's generator, folders and stretch of time still hold: ``load.Window``),
    and saves its own from a second process while MkDocs themes the pages.
    """
    now = now or dt.datetime.now(TZ)
    store = cache.Cache(paths.build)
    session = _restored(store, paths, now) if use_cache else Session()
    with _compiled_templates(paths if use_cache else None):
        try:
            content, _ = generate(paths, now, session)
        except StaleOutput:  # a file the saved session relies on was changed behind its back: from nothing
            gc.unfreeze()
            session = Session()
            content, _ = generate(paths, now, session)
    written = session.digests_of(session.written, "docs/", ".md"), session.digests_of(session.search_written, "search/")
    plan = plan_site(paths, written, use_cache)
    plan.start_index(paths)  # on the second core, while this one settles and saves the session
    saving = None
    try:
        if use_cache:
            session.settle(paths)
            _give_back_memory()
            saving = _save(store, session, paths, load.Window.of(content, now))
        del session  # its memo and texts: MkDocs' first shard runs in this process, and peak memory counts
        build_site(paths, use_cache=use_cache, plan=plan)
    except BaseException:
        plan.stop_index()
        raise
    finally:
        if saving:
            os.waitpid(saving, 0)
    return content


@contextlib.contextmanager
def _compiled_templates(paths: Paths | None) -> Iterator[None]:
    """The generator's templates compiled once per build folder (cache.compiled_templates), for this build only."""
    if paths is None:
        yield
        return
    PAGES.bytecode_cache = XML.bytecode_cache = cache.compiled_templates(paths.build)
    try:
        yield
    finally:
        PAGES.bytecode_cache = XML.bytecode_cache = None


def _give_back_memory() -> None:
    """Hand the memory freed by ``Session.settle`` back to the system (glibc keeps it otherwise): at province
    scale 150 MB less for MkDocs' first shard, which runs in this process, and for the process that saves the
    session, which starts as a copy of this one."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused in this process all the same
        pass


def _state_key(paths: Paths) -> str:
    """What a saved session is of besides the generator: the content folder, and the path the site is published at."""
    return f"{paths.content.resolve()}\0{paths.base_path or ''}"


def _restored(store: cache.Cache, paths: Paths, now: dt.datetime) -> Session:
    """The session the last build saved, if it can be trusted now; else a new one."""
    session = Session.load(store, paths, now)
    if session is None:
        return Session()
    gc.freeze()  # kept to the end of the build: the collector need not walk it again
    return session


def _save(store: cache.Cache, session: Session, paths: Paths, window: load.Window) -> int:
    """Save the session from a forked process, while this one builds the site; returns the process's id.

    It runs at low priority: on a cold build MkDocs and Pagefind keep both cores busy, and the saving
    (about a second at province scale) fits in the moments they leave one idle.
    """
    pid = os.fork()
    if pid:
        return pid
    status = 1
    try:
        os.nice(10)
        session.save(store, paths, (window.start.isoformat(), window.end.isoformat()))
        status = 0
    finally:
        os._exit(status)  # the child never returns into the parent's code
