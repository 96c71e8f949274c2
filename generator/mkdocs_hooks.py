"""MkDocs hooks: every page the generator writes is HTML already, so MkDocs only wraps it in the theme.

The generator renders each page's body with its own templates (core/pages.py) and
turns editors' Markdown into sanitised HTML once (markup.py). Letting MkDocs
run Python-Markdown over those pages again cost more than half of a
province-sized build (36 s of 62 s at 5,000 pages) and changed nothing. These
hooks hand the body to the theme untouched and give Material the page's table
of contents, which Markdown's toc extension used to collect.

The generated files MkDocs only copies (posters, feeds, open data: 2,000
files at province scale) are hard links in the site instead of copies, where
the file system allows (``_link``); writer.py never rewrites a generated file
in place, so a published site keeps its own.

They also split the pages between the processes of a sharded build
(shards.py): a shard keeps its own pages and the navigation's, and only shard 0
copies static files and writes the theme's templates (404.html). Pages not to
build (the build's cache holds them, pipeline/cache.py) are left out of every shard.

Python-Markdown is not even started: each page's ``render`` is replaced by
one that takes the body as it is (``_render``). And most of a page outside the
navigation (procedures, news: nearly all of a province's pages) is the same on
every page of its kind, the pages that sit alike (``_where``: each navigation
link reads the same from them) with the same table of contents: Material's
base.html is rendered once for the kind, as text around the page's title and
the blocks that print the page's own text (``_framed``), and each page only
renders those blocks (its head and its body's frame, itself rendered once a
kind around the body: ``_alike``). At province scale 5,000 pages make a few
dozen kinds; the theme had cost 2.5 ms a page, most of MkDocs' time.

A shared rendering is made from the first page of its kind and checked: the
first two pages render their own too and must come out the same, or every
page of the kind renders its own (``_share``); a value is spliced in only
where the theme prints it as it is (``_PROBE``). What each kind holds is read
from the templates; the check catches a template that prints more of a page
as soon as two first pages differ in it (tests/test_theming.py).

``build.mkdocs_config`` lists this file under ``hooks:``; it holds no state
between pages except the body on its way from one event to the next and those
shared renderings.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.pipeline.cache import compiled_templates
from generator.pipeline.shards import nav_pages, shard_of

_HEADING = re.compile(r'<h([1-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")

_bodies: dict[str, str] = {}


def _shard(config: Any) -> tuple[int, int]:
    shard, count = config.extra.get("cchc_shard") or (0, 1)
    return shard, count


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Leave out the pages of other shards and those not to build (the build's cache holds them), and in
    shards other than 0 every static file."""
    generated = os.path.join(config.docs_dir, "")
    for file in files:
        if not file.is_documentation_page() and (file.abs_src_path or "").startswith(generated):
            file.copy_file = types.MethodType(_link, file)
    shard, count = _shard(config)
    chosen = config.extra.get("cchc_pages")
    if count == 1 and chosen is None:
        return files
    listed = nav_pages(config.nav)
    for file in list(files):
        if not file.is_documentation_page():
            if shard != 0:
                files.remove(file)
        elif file.src_uri not in listed and ((chosen is not None and file.src_uri not in chosen)
                                             or shard_of(file.src_uri, count) != shard):
            file.inclusion = InclusionLevel.EXCLUDED
    return files


def _link(file: Any, dirty: bool = False) -> None:
    """``File.copy_file`` of a generated file: a hard link to it, or a copy where no link can be made."""
    output = file.abs_dest_path
    os.makedirs(os.path.dirname(output), exist_ok=True)
    try:
        os.link(file.abs_src_path, output)
    except OSError:  # another file system, one without links, or a file already there (a dirty build)
        type(file).copy_file(file, dirty)


def on_post_template(output: str, config: Any, **_: Any) -> str:
    """Theme templates (404.html) are written by shard 0 only."""
    return on_post_page(output) if _shard(config)[0] == 0 else ""


def on_pre_page(page: Any, **_: Any) -> Any:
    """Python-Markdown would have nothing to convert: the page skips it."""
    page.render = types.MethodType(_render, page)
    return page


def _render(page: Any, config: Any, files: Any) -> None:
    """``Page.render`` of an empty Markdown text, as MkDocs 1.6.1 ends it, without building a converter."""
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Keep the body aside; Python-Markdown gets nothing to convert."""
    _bodies[page.file.src_uri] = markdown
    if page.parent is not None or page.is_homepage:  # a page of the navigation, read again (the preview)
        _shared.clear()
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Put the body back and collect its headings for the theme's table of contents."""
    body = _bodies.pop(page.file.src_uri)
    page.toc = get_toc(toc_tokens(body))
    return body


# The navigation prints nothing of a page outside it but links from where the page sits: none of its
# items is active, and each link is relative to the page's address.
_NAV = "partials/nav.html"
# Pages outside the navigation that the overrides link to by address (partials/search.html: 'tim-kiem/' | url):
# from the page itself the link reads "./", so where it sits is not enough to share its frame.
_LINKED = ("tim-kiem/",)
_MARK = "\x00cchc\x00"
# Printed after the value between the marks: text that any escaping would change, so that a value found
# there as it is was printed as it is.
_PROBE = "&<>\"'"
_shared: dict[tuple[Any, ...], Any] = {}


def _toc(page: Any) -> tuple[Any, ...]:
    """What the sidebars print of a page besides where it sits: the headings of its table of contents
    (the theme's partials/toc.html leaves out the title of a first heading h1, and prints its subheadings), and the
    sidebars it hides."""
    def entries(items: Any, top: bool = False) -> tuple[Any, ...]:
        return tuple((item.level, item.id, None if top and i == 0 and item.level == 1 else item.title,
                      entries(item.children)) for i, item in enumerate(items))
    return entries(page.toc, top=True), repr(page.meta.get("hide") if page.meta else None)


def _around_body(page: Any) -> tuple[Any, ...]:
    """What Material's partials/content.html prints of a page besides its body: its title where the body
    has no h1 of its own, its edit link and the tags it hides."""
    return ("<h1" in page.content or page.title, page.edit_url, repr(page.meta.get("hide") if page.meta else None))


def _title(page: Any) -> str:
    return str(page.meta["title"] if page.meta and page.meta.get("title") else page.title)


def on_env(env: Any, config: Any, **_: Any) -> Any:
    """Render what pages outside the navigation share once for each kind of them: base.html but for the
    page's title and own blocks, the frame around the body, and the navigation (rendered in a kind's first
    pages and in pages of the navigation's section that render their own). The theme's templates are
    compiled once per build folder (pipeline/cache.py: ``compiled_templates``), unless built without the cache."""
    if config.extra.get("cchc_templates"):
        env.bytecode_cache = compiled_templates(config.extra["cchc_templates"])
    _shared.clear()
    # templates stay in the environment's cache (MkDocs does not reload them), so includes get these objects
    nav = env.get_template(_NAV)
    nav.root_render_func = _alike(_NAV, nav.root_render_func)
    base = env.get_template("base.html")
    base.blocks["content"] = _alike("base.html#content", base.blocks["content"], facts=_around_body,
                                    field=("content", lambda page: page.content))
    base.root_render_func = _framed(base.root_render_func)
    return env


@dataclass
class _Kind:
    """What pages alike share, made from the first page of their kind (``first``, its address) until a
    second page has rendered its own and made the same text with it (then ``first`` is None)."""
    shared: Any
    first: str | None


def _share(key: tuple[Any, ...], context: Any, render: Any, make: Any, splice: Any) -> Iterator[str]:
    """A page rendered from what the pages of its kind (``key``) share: ``make(context, html)`` makes
    that from the first page's rendering (None if it cannot), and ``splice(shared, context)`` a page.

    The first two pages of a kind render their own, and each checks that the shared text makes its page
    the same; where it would not (the page prints something of its own the kind does not hold), every
    page of the kind renders its own. A later page is not checked: the kind must hold all that the shared
    text prints of a page, and the check catches what it misses as soon as two first pages differ in it."""
    kind = _shared.get(key)
    if isinstance(kind, _Kind) and kind.first is None:
        yield splice(kind.shared, context)
        return
    html = "".join(render(context))
    url = context["page"].url
    if kind is None:
        shared = make(context, html)
        ok = shared is not None and splice(shared, context) == html
        _shared[key] = _Kind(shared, url) if ok else False
    elif kind is not False and kind.first != url:  # the same page again (a rendering around this one) checks nothing
        _shared[key] = _Kind(kind.shared, None) if splice(kind.shared, context) == html else False
    yield html


def _alike(name: str, render: Any, facts: Any = None, field: tuple[str, Any] | None = None) -> Any:
    """``render`` done once for the pages outside the navigation that sit alike (``_where``) and share
    ``facts(page)``. With a ``field`` (its name and how to read it from a page), the rendering is kept as
    the text before and after where the page's value is printed (``_parts``), and each page's goes between."""
    def make(context: Any, html: str) -> tuple[str, str] | None:
        return _parts(render, context, field) if field else (html, "")

    def splice(parts: tuple[str, str], context: Any) -> str:
        return parts[0] + field[1](context["page"]) + parts[1] if field else parts[0]

    def render_func(context: Any) -> Iterator[str]:
        key = _where(name, context)
        if key is None:
            yield from render(context)
        else:
            yield from _share(key + (facts(context["page"]) if facts else ()), context, render, make, splice)
    return render_func


# Blocks that print the page's own text: its head (description, canonical address, title, link previews,
# schema.org data) and its body with the page's footer (last updated, report a problem).
_OWN_BLOCKS = ("site_meta", "htmltitle", "extrahead", "content")


@dataclass
class _Frame:
    """base.html's rendering of a kind of page but for the page's title in the header and the blocks that
    print the page's own text: ``pieces`` alternates text and the name of such a block (None: the title).
    ``variables`` are what base.html's code sets for its blocks (Material's ``features``, the ``lang``
    translations…), as it set them for the kind's first page: ``lang.t`` reads the page only for its
    language, which the kind holds (``_where``)."""
    pieces: list[str | None]
    variables: dict[str, Any]


def _framed(render: Any) -> Any:
    """base.html's ``root_render_func``: for a page outside the navigation, the frame is rendered once for
    its kind (where it sits, its template, and the table of contents its sidebar and skip link print), and
    the page's title and own blocks alone go into it. The head's assets, header, banner, tabs, sidebars,
    footer and scripts then cost a page nothing."""
    def render_func(context: Any) -> Iterator[str]:
        key = _where("base.html", context)
        if key is None:
            yield from render(context)
            return
        given = set(context.vars)  # main.html's own (its macro), set before base.html runs

        def make(context: Any, html: str) -> _Frame | None:
            return _frame(render, context, {k: v for k, v in context.vars.items() if k not in given})

        # context.name: the page's template (main.html, or its front matter's), whose blocks fill the frame
        yield from _share(key + (context.name, *_toc(context["page"])), context, render, make, _in_frame)
    return render_func


def _frame(render: Any, context: Any, variables: dict[str, Any]) -> _Frame | None:
    """The frame, from a rendering where each of the page's own blocks prints its name between marks and
    the title reads between marks too; None if a block is not printed once, or the title not as it is."""
    page = context["page"]
    marked = context.derived({"page": _Marked(page, "title")})
    for name in _OWN_BLOCKS:
        marked.blocks[name] = [lambda _, name=name: iter((_MARK, name, _MARK))]
    pieces: list[str | None] = "".join(render(marked)).split(_MARK)
    title = _title(page) + _PROBE
    slots = [None if slot == title else slot for slot in pieces[1::2]]
    if sorted(slot for slot in slots if slot is not None) != sorted(_OWN_BLOCKS):
        return None
    pieces[1::2] = slots
    return _Frame(pieces, variables)


def _in_frame(frame: _Frame, context: Any) -> str:
    """The page: its title, and its own blocks rendered with the variables base.html set for the first page
    of its kind, between the frame's text."""
    page = context["page"]
    context = context.derived(frame.variables)
    return "".join(piece if i % 2 == 0 else _title(page) if piece is None
                   else "".join(context.blocks[piece][0](context)) for i, piece in enumerate(frame.pieces))


def _parts(render: Any, context: Any, field: tuple[str, Any]) -> tuple[str, str] | None:
    """The text before and after the page's value in a rendering, from one where the value is marked;
    None where it is not printed once, as it is."""
    marked = "".join(render(context.derived({"page": _Marked(context["page"], field[0])})))
    pieces = marked.split(_MARK)
    if len(pieces) != 3 or pieces[1] != field[1](context["page"]) + _PROBE:
        return None
    return pieces[0], pieces[2]


class _Marked:
    """A page whose title (from its front matter or its own) or body reads between marks, to find where
    it is printed."""

    def __init__(self, page: Any, field: str) -> None:
        self._page, self._field = page, field

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._page, name)
        if name == self._field:
            return _MARK + str(value) + _PROBE + _MARK
        if name == "meta" and self._field == "title" and value and value.get("title"):
            return {**value, "title": _MARK + str(value["title"]) + _PROBE + _MARK}
        return value


def _where(name: str, context: Any) -> tuple[Any, ...] | None:
    """What a shared rendering depends on: every navigation link as this page writes it, and the page's
    language. None for a page of the navigation (or none at all), whose rendering is its own."""
    page, nav = context.get("page"), context.get("nav")
    if page is None or nav is None or page.parent is not None or page.is_homepage or page in nav.pages:
        return None
    lang = page.meta.get("lang") if page.meta else None
    return (name, context.get("base_url"), lang, *_links(page.url, nav))


def _links(url: str, nav: Any) -> tuple[str, ...]:
    """Every navigation link as the page at ``url`` writes it. The pages of one folder write them alike, but
    for a link to the page itself or below it: they are worked out once a folder (``url`` ends in "/")."""
    if (urls := _shared.get(("urls",))) is None:
        urls = [p.url for p in nav.pages] + list(_LINKED) + ([nav.homepage.url] if nav.homepage else [])
        _shared[("urls",)] = urls
    if not url.endswith("/") or any((u.rstrip("/") + "/").startswith(url) for u in urls):
        return tuple(get_relative_url(u, url) for u in urls)
    folder = ("links", url[:url.rstrip("/").rfind("/") + 1])
    if (links := _shared.get(folder)) is None:
        links = _shared[folder] = tuple(get_relative_url(u, url) for u in urls)
    return links


# Attributes HTML forbids that Material 9.8.1 writes outside any block an override could replace:
# autocomplete="off" on base.html's two toggle checkboxes (Material closes both toggles itself), and an
# empty tabindex on the label of a navigation section (partials/nav-item.html).
_INVALID = [*((f'type="checkbox" id="__{name}" autocomplete="off">', f'type="checkbox" id="__{name}">')
              for name in ("drawer", "search")), (' tabindex="">', ">")]


def on_post_page(output: str, **_: Any) -> str:
    """Valid HTML from the theme (pages and 404.html): exact replacements, no parsing."""
    for old, new in _INVALID:
        output = output.replace(old, new)
    return output


def toc_tokens(html: str) -> list[dict[str, Any]]:
    """Headings h1–h4 that carry an id, nested by level, as MkDocs' ``get_toc`` takes them."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(html):
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner).strip(), "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots
