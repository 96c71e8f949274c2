"""Pages: what every page of every kind is made of, and the Jinja2 templates that draw them.

Python decides *what* goes on each page (which items, in which order, what the
page's metadata is); the templates in ``templates/`` decide how it looks.
Nothing here touches the disk: a kind's pages are :class:`Output` records.

A page is a Markdown file for MkDocs, but its body is finished HTML: MkDocs
only wraps it in the theme (mkdocs_hooks.py). Templates link to other pages by
their Markdown file (``../thu-tuc/index.md``), as editors do, and
:func:`page_output` turns every such link into the page's published address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import yaml
from markupsafe import Markup, escape

from . import fields, markup, search, structured
from .content import Content
from .references import Missing
from .vietnamese import fold, format_date, format_datetime, slugify

T = TypeVar("T")
TEMPLATES = Path(__file__).parent.parent / "templates"

_GAP = re.compile(r"\[không đọc được(?::[^\]]*)?\]")
_GAP_START = "[không đọc được"  # what every gap begins with


@dataclasses.dataclass(frozen=True)
class Output:
    """One file to write below the build's docs folder."""

    path: str
    text: str
    source: str | None = None  # the content file it was rendered from, for error messages
    search: search.Record | None = None  # what the page is found by, if it is searchable
    updated: str | None = None  # a page's last-updated date (ISO), for the sitemap
    # its language versions, (hreflang, address below the site): the sitemap lists them (pipeline/site.py)
    alternates: tuple[tuple[str, str], ...] = ()


class StaleOutput(Exception):
    """A saved output's file no longer holds its text: what the build before saved cannot be trusted."""


class SavedOutput(Output):
    """An output a build before this one rendered and wrote, its text left in the file it was written to.

    A build that starts from the session the build before saved (pipeline/build.py)
    reuses thousands of outputs and reads the text of only those whose page
    changed (the writer compares it, say), so the session keeps each written
    output without its text: read back on first use, and checked against the
    digest it was saved with.
    """

    def __init__(self, output: tuple[str, str | None, search.Record | None, str | None, tuple[tuple[str, str], ...]],
                 file: str, digest: str) -> None:
        for name, value in zip(("path", "source", "search", "updated", "alternates"), output, strict=True):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "file", file)
        object.__setattr__(self, "digest", digest)

    @classmethod
    def leave(cls, output: Output, file: str, digest: str) -> None:
        """Turn a written output into a saved one, where it is (whatever holds it keeps the same object): its
        text is freed, to be read back from ``file`` if ever needed."""
        vars(output).pop("text", None)
        object.__setattr__(output, "__class__", cls)
        object.__setattr__(output, "file", file)
        object.__setattr__(output, "digest", digest)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without its text (pipeline/build.py: ``Session``)."""
        return SavedOutput, ((self.path, self.source, self.search, self.updated, self.alternates), self.file,
                             self.digest)

    @functools.cached_property
    def text(self) -> str:  # type: ignore[override]
        try:
            with open(self.file, "rb") as saved:
                data = saved.read()
        except OSError as exc:
            raise StaleOutput(self.file) from exc
        if hashlib.sha256(data).hexdigest() != self.digest:
            raise StaleOutput(self.file)
        return data.decode("utf-8")


@dataclasses.dataclass(frozen=True)
class PageMeta:
    """A page's front matter (what the theme and its overrides read) and its search record."""

    front: dict[str, Any]
    search: search.Record | None
    shared: dict[str, Any] = dataclasses.field(default_factory=dict)  # content.shared, for the template


def mark_gaps(html: str) -> str:
    """Wrap every "unreadable" marker so readers see at once what is missing."""
    return _GAP.sub(lambda m: f'<mark class="unreadable" title="Bản gốc không đọc được">{m.group(0)}</mark>', html)


def _finalize(value: Any) -> Any:
    """Escape every plain string a template prints, then highlight gaps.

    Templates print half a million strings in a province build, and hardly any
    holds a gap: those are escaped and nothing more.
    """
    if isinstance(value, str) and not isinstance(value, Markup):
        escaped = escape(value)
        return Markup(mark_gaps(str(escaped))) if _GAP_START in escaped else escaped
    return value


def _markdown(text: str | None) -> Markup:
    """An editor's Markdown, as sanitised HTML."""
    return Markup(mark_gaps(markup.render(text or "").html))


def _markdown_inline(text: str | None) -> Markup:
    """The same, without the paragraph around a one-paragraph text."""
    return Markup(markup.inline(str(_markdown(text))))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        md=_markdown,
        md_inline=_markdown_inline,
        date=format_date,
        datetime=format_datetime,
        iso=lambda v: v.isoformat(),
        slug=slugify,
        document_key=fields.document_key,
    )
    env.tests["missing"] = lambda value: isinstance(value, Missing)  # a record named but not published (references.py)
    return env


ENV = _environment()


def page_output(path: str, meta: PageMeta, template: str, **context: Any) -> Output:
    """A page: YAML front matter for MkDocs and an HTML body from a template, its links made to work."""
    front = yaml.dump({key: value for key, value in meta.front.items() if key != "alternates"},
                      Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    body = markup.rewrite_links(ENV.get_template(template).render(shared=meta.shared, **context), path)
    source = meta.front["source"] if not meta.front["source"].endswith("/") else None
    source = source or None  # a page no file makes (search, open data) has nothing to edit
    record = dataclasses.replace(meta.search, page=path) if meta.search else None
    alternates = tuple((a["lang"], a["path"]) for a in meta.front.get("alternates", ()))
    return Output(path, f"---\n{front}---\n\n{body}", source, record, meta.front["updated_iso"], alternates)


def page_meta(content: Content, title: str, description: str, source: str, updated: dt.date,
              extra_ld: list[dict[str, Any]] | None = None, terms: list[str | None] | None = (),
              search_description: bool = True, texts: list[str | None] = (), body: str | None = None,
              **more: Any) -> PageMeta:
    """Front matter shared by every page, and what site search finds the page by.

    ``terms`` are the key words the page is found by besides its title (and its
    description, unless ``search_description`` is off because it is boilerplate);
    ``None`` keeps the page out of search. ``texts`` are what citizens look for
    on the page (weighted below the terms) and ``body`` a free page's Markdown text.
    """
    front: dict[str, Any] = {
        # Material prints these into <title>, <meta> and the header without escaping
        "title": str(escape(title)),
        "description": str(escape(description)),
        "updated": format_date(updated),
        "updated_iso": updated.isoformat(),
        # <, > and & are escaped so no text can close or confuse the <script> that carries it
        "jsonld": json.dumps([structured.organization(content), *(extra_ld or [])], ensure_ascii=False,
                             separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")
                                                   .replace("&", "\\u0026"),
        "source": source,  # the content file (or folder) an editor changes: for "edit this page"
        "search": {"exclude": True},  # out of Material's lunr index; Pagefind has its own (search.py)
        **more,
    }
    return PageMeta(front, None if terms is None else _record(content, title, description if search_description
                                                              else None, terms, texts, body), content.shared)


def _record(content: Content, title: str, description: str | None, terms: list[str | None],
            texts: list[str | None], body: str | None) -> search.Record:
    """What search finds a page by, with the words it is also found by but never shows."""
    kept, said = tuple(t for t in terms if t), tuple(t for t in texts if t)
    html = markup.render(body).html if body else ""
    named, text = " ".join([title, description or "", *kept]), " ".join(said)
    return search.Record(page="", title=title, description=description, terms=kept, texts=said, body=html,
                         hidden=search.hidden_words(f"{named} {text}", html),
                         everyday=search.everyday_words(named, text, search.aliases(content.search.aliases)))


def alphabetical(text: str) -> tuple[str, str]:
    """A sort key in Vietnamese order: "Đất đai" among the d's, not after "Y tế" as code points put it."""
    return fold(text), text


class Memo:
    """Outputs reused while what they are made from is unchanged.

    The live preview keeps one between rebuilds; a full build starts empty.
    Unchanged files keep their record objects (core.checking.FileCache), so comparing
    inputs is mostly comparing identities. Every output also depends on the
    site's settings, its main hotline, the content's newest date, which pages
    print, and the tables the kinds share with every page (``content.common``).
    """

    def __init__(self) -> None:
        self._made: dict[Any, tuple[tuple[Any, ...], Any]] = {}

    @property
    def empty(self) -> bool:
        """Nothing made yet: a build from nothing, not a rebuild."""
        return not self._made

    def get(self, content: Content, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """An output of the content: ``make()``, unless made before from equal ``inputs``."""
        return self.reuse(key, (content.site, content.main_hotline, content.newest_date(), content.common, *inputs),
                          make)

    def reuse(self, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()``, unless made before under ``key`` from equal ``inputs``."""
        hit = self._made.get(key)
        if hit is None or hit[0] != inputs:
            hit = (inputs, make())
            self._made[key] = hit
        return hit[1]
