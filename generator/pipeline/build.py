"""The pipeline: read and validate content, render pages and feeds, write, build with MkDocs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
from pathlib import Path
from typing import Any

import yaml
from markupsafe import escape

from ..core import markup, resources
from ..core.checking import FileCache
from ..core.content import Content
from ..core.errors import ContentError, ContentErrors
from ..core.pages import Memo, Output
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
    content = load.read(paths.content, now, session.files, paths.base_path)
    # the tables every page depends on, as the same object while they are equal: every memoised page compares
    # them (Memo.get), and an identical object compares at once where an equal one is walked through
    content.common = session.memo.reuse("common", (content.common,), lambda: content.common)
    if not session.written and not content.errors:  # a full build: render the records' pages on all cores
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
    """What the live preview keeps between rebuilds, so an edit costs little more than the edited file."""

    files: FileCache = dataclasses.field(default_factory=FileCache)
    memo: Memo = dataclasses.field(default_factory=Memo)
    written: dict[str, str] = dataclasses.field(default_factory=dict)
    search_written: dict[str, str] = dataclasses.field(default_factory=dict)


def generate(paths: Paths, now: dt.datetime | None = None,
             session: Session | None = None) -> tuple[Content, list[str]]:
    """Validate content and write the pages, feeds, search records and MkDocs config.

    Returns the content and the generated files below docs/ that changed.
    """
    session = session or Session()
    if not session.written:
        paths.check()
        safety.recover(paths.site)
    content, outputs, copies = render_checked(paths, now, session)
    safety.mark(paths.build, safety.BUILD_MARKER)
    changed = writer.write_tree(paths.docs, outputs, copies, session.written)
    writer.write_tree(paths.search_pages, index.search_pages(outputs, session.memo), None, session.search_written)
    config = yaml.safe_dump(mkdocs_config(content, paths), allow_unicode=True, sort_keys=False)
    if not paths.config.is_file() or paths.config.read_text(encoding="utf-8") != config:
        paths.config.write_text(config, encoding="utf-8")
        changed.append("mkdocs.yml")
    return content, changed


def build_site(paths: Paths, written: tuple[dict[str, str], dict[str, str]] | None = None,
               use_cache: bool = True) -> None:
    """MkDocs and the search index from the generated files, side by side on all cores.

    With the build folder's cache (cache.py), only the pages whose inputs are new
    go through MkDocs, and Pagefind runs only if a search record changed; the
    rest is linked into the site from the cache. ``written`` holds the digests
    of the files ``generate`` just wrote below docs/ and search/ (else they are read back).
    """
    pages = sorted(p.relative_to(paths.docs).as_posix() for p in paths.docs.rglob("*.md"))
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

    def make(site: Path) -> None:
        indexer = None if search else index.start(paths.search_pages, paths.search_index)
        try:
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
            shards.build(paths.config, site, paths.build, [p for p in pages if p not in reused])
        except BaseException:
            if indexer:
                indexer.kill()
            raise
        _link_all(store, site, {_site_file(p): stored for p, stored in reused.items()})
        if indexer:
            index.finish(indexer, paths.search_index, site)
        else:
            _link_all(store, site, {f"pagefind/{p}": stored for p, stored in search.items()})

    safety.replace_site(paths.site, make, store.discard if use_cache else safety.remove)
    if use_cache:
        made = store.store_all(paths.site, {_site_file(p): key for p, key in keys.items() if p not in reused})
        stored = {p: reused.get(p) or made[_site_file(p)] for p in keys}
        index_files = search or store.store_all(paths.site / "pagefind", {
            rel: cache.index_file_key(search_key, rel) for rel in _files_below(paths.site / "pagefind")})
        store.save(cache.Manifest(stored, search_key, index_files))


def _theme_settings(config: dict[str, Any]) -> bytes:
    """The generated MkDocs settings that shape a themed page: all but where the build's folders and this
    generator's hooks are (absolute paths, which change with the checkout's folder, not the pages)."""
    kept = {key: value for key, value in config.items() if key not in ("docs_dir", "site_dir", "hooks")}
    return json.dumps(kept, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _generated(folder: Path, rel: str, written: dict[str, str]) -> str:
    """The digest of a generated file: as just written, if known, else of the file read back."""
    return written.get(rel) or cache.digest((folder / rel).read_bytes())


def _digests(texts: dict[str, str], suffix: str = "") -> dict[str, str]:
    return {path: cache.digest(text.encode("utf-8")) for path, text in texts.items() if path.endswith(suffix)}


def _files_below(root: Path) -> list[str]:
    """Every file below ``root``, as its path relative to it, in order."""
    return sorted(Path(folder, name).relative_to(root).as_posix() for folder, _, names in os.walk(root)
                  for name in names)


def _site_file(page: str) -> str:
    """Where MkDocs writes a page's HTML (directory addresses)."""
    return f"{markup.page_url(page)}index.html"


def _link_all(store: cache.Cache, site: Path, files: dict[str, cache.Stored]) -> None:
    """Put stored files into the site being built."""
    made: set[Path] = set()
    for rel, stored in files.items():
        target = site / rel
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        store.link(stored, target)


def build(paths: Paths, now: dt.datetime | None = None, use_cache: bool = True) -> Content:
    """The whole pipeline, from content to a finished site."""
    session = Session()
    content, _ = generate(paths, now, session)
    written = _digests(session.written, ".md"), _digests(session.search_written)
    del session  # its memo and texts: MkDocs' first shard runs in this process, and peak memory counts
    build_site(paths, written, use_cache)
    return content
