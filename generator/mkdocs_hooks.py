"""MkDocs hooks: every page the generator writes is HTML already, so MkDocs only wraps it in the theme.

The generator renders each page's body with its own templates (render.py) and
turns editors' Markdown into sanitised HTML once (markup.py). Letting MkDocs
run Python-Markdown over those pages again cost more than half of a
province-sized build (36 s of 62 s at 5,000 pages) and changed nothing. These
hooks hand the body to the theme untouched and give Material the page's table
of contents, which Markdown's toc extension used to collect.

``build.mkdocs_config`` lists this file under ``hooks:``; it holds no state
between pages except the body on its way from one event to the next.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.structure.toc import get_toc

_HEADING = re.compile(r'<h([1-4]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")

_bodies: dict[str, str] = {}


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    """Keep the body aside; Python-Markdown gets nothing to convert."""
    _bodies[page.file.src_uri] = markdown
    return ""


def on_page_content(html: str, page: Any, **_: Any) -> str:
    """Put the body back and collect its headings for the theme's table of contents."""
    body = _bodies.pop(page.file.src_uri)
    page.toc = get_toc(toc_tokens(body))
    return body


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
