"""MkDocs hooks: every page the generator writes is HTML already, so MkDocs only wraps it in the theme.

The generator renders each page's body with its own templates (core/pages.py) and
turns editors' Markdown into sanitised HTML once (markup.py). Letting MkDocs
run Python-Markdown over those pages again cost more than half of a
province-sized build (36 s of 62 s at 5,000 pages) and changed nothing. These
hooks hand the body to the theme untouched and give Material the page's table
of contents, which Markdown's toc extension used to collect.

They also split the pages between the processes of a sharded build
(shards.py): a shard keeps its own pages and the navigation's, and only shard 0
copies static files and writes the theme's templates (404.html).

``build.mkdocs_config`` lists this file under ``hooks:``; it holds no state
between pages except the body on its way from one event to the next.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.toc import get_toc

from generator.pipeline.shards import nav_pages, shard_of

_HEADING = re.compile(r'<h([1-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")

_bodies: dict[str, str] = {}


def _shard(config: Any) -> tuple[int, int]:
    shard, count = config.extra.get("cchc_shard") or (0, 1)
    return shard, count


def on_files(files: Any, config: Any, **_: Any) -> Any:
    """Leave out the pages of other shards, and in shards other than 0 every static file."""
    shard, count = _shard(config)
    if count == 1:
        return files
    listed = nav_pages(config.nav)
    for file in list(files):
        if not file.is_documentation_page():
            if shard != 0:
                files.remove(file)
        elif file.src_uri not in listed and shard_of(file.src_uri, count) != shard:
            file.inclusion = InclusionLevel.EXCLUDED
    return files


def on_post_template(output: str, config: Any, **_: Any) -> str:
    """Theme templates (404.html) are written by shard 0 only."""
    return on_post_page(output) if _shard(config)[0] == 0 else ""


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Keep the body aside; Python-Markdown gets nothing to convert."""
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Put the body back and collect its headings for the theme's table of contents."""
    body = _bodies.pop(page.file.src_uri)
    page.toc = get_toc(toc_tokens(body))
    return body


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
