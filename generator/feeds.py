"""News feeds (RSS 2.0 and Atom) written with feedgen.

Journalists' feed readers remember items by id, so an item's id comes from its
source file's identity (or the ``id`` in its front matter), never from its URL
or the build. The feed's own "updated" is its newest item's date, so two builds
of the same content give the same bytes.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from . import markup, models
from .render import Output, news_url
from .validate import Content, Entry

_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


def item_id(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """A permanent id: the same for an item as long as its file (or ``id:``) keeps its name."""
    key = entry.model.id or entry.id
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{content.site.base_url}tin-tuc/{key}").urn


def absolute_html(markdown_text: str, page_url: str) -> str:
    """The item's body as HTML, every relative link and image made absolute."""
    html = markup.render(markdown_text).html

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.endswith(".md") or ".md#" in target:
            target = re.sub(r"\.md(?=#|$)", "/", target)
        return f"{match.group(1)}{urljoin(page_url, target)}{match.group(3)}"

    return _LINK.sub(fix, html)


def _feed(content: Content, items: list[Entry[models.NewsMeta]], title: str, path: str,
          page: str) -> FeedGenerator:
    site = content.site
    base = str(site.base_url)
    fg = FeedGenerator()
    fg.id(urljoin(base, path))
    fg.title(title)
    fg.subtitle(site.description)
    fg.author({"name": site.name, "email": site.email})
    fg.link(href=urljoin(base, page), rel="alternate")
    fg.language("vi")
    fg.generator("cchc-site")
    newest = max((n.model.updated or n.model.date for n in items), default=None)
    if newest is not None:
        fg.updated(newest)
        fg.lastBuildDate(newest)
    for entry in reversed(items):  # feedgen prepends: add oldest first to list newest first
        news = entry.model
        url = news_url(content, entry)
        fe = fg.add_entry()
        fe.id(item_id(content, entry))
        fe.guid(item_id(content, entry), permalink=False)
        fe.title(news.title)
        fe.link(href=url)
        fe.summary(news.summary)
        fe.content(absolute_html(entry.body or "", url), type="CDATA")
        fe.published(news.date)
        fe.updated(news.updated or news.date)
        fe.author({"name": news.unit, "email": site.email})
        fe.category([{"term": news.category}] + [{"term": tag} for tag in news.tags])
        if news.image:
            fe.enclosure(urljoin(base, news.image.src), 0, _mime(news.image.src))
    return fg


def _mime(path: str) -> str:
    ext = path.rsplit(".", 1)[-1].lower()
    return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
            "svg": "image/svg+xml", "gif": "image/gif"}.get(ext, "application/octet-stream")


def render_feeds(content: Content) -> list[Output]:
    """feed.xml (RSS 2.0) and atom.xml with the newest ``feed_items`` news items."""
    items = content.news[: content.site.feed_items]
    title = f"Tin cải cách hành chính – {content.site.short_name}"
    rss = _feed(content, items, title, "feed.xml", "tin-tuc/")
    rss.link(href=urljoin(str(content.site.base_url), "feed.xml"), rel="self")
    atom = _feed(content, items, title, "atom.xml", "tin-tuc/")
    atom.link(href=urljoin(str(content.site.base_url), "atom.xml"), rel="self")
    return [Output("feed.xml", rss.rss_str(pretty=True).decode("utf-8")),
            Output("atom.xml", atom.atom_str(pretty=True).decode("utf-8"))]
