"""News feeds (RSS 2.0 and Atom) written with feedgen.

Journalists' feed readers remember items by id, so an item's id comes from its
source file's identity (or the ``id`` in its front matter), never from its URL
or the build. The feed's own "updated" is its newest item's date, so two builds
of the same content give the same bytes.
"""

from __future__ import annotations

import uuid
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from . import markup, models
from .render import Memo, Output, channels, news_path, news_url
from .validate import Content, Entry



def item_id(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """A permanent id: the same for an item as long as its file (or ``id:``) keeps its name."""
    key = entry.model.id or entry.id
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{content.site.base_url}tin-tuc/{key}").urn


def absolute_html(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """The item's body as sanitised HTML, every relative link and image made absolute."""
    html = markup.render(entry.body or "").html
    return markup.rewrite_links(html, news_path(entry), str(content.site.base_url))


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
        fe.content(absolute_html(content, entry), type="CDATA")
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


def render_feeds(content: Content, memo: Memo) -> list[Output]:
    """RSS 2.0 and Atom for each channel, each with the newest ``feed_items`` items."""
    outputs = []
    for folder, title, items in channels(content):
        items = items[: content.site.feed_items]
        outputs += memo.get(content, ("feed", folder), tuple(items), lambda f=folder, t=title, i=items:
                            _channel_feeds(content, f, t, i))
    return outputs


def _channel_feeds(content: Content, folder: str, title: str, items: list[Entry[models.NewsMeta]]) -> list[Output]:
    base = str(content.site.base_url)
    full_title = f"{title} – {content.site.short_name}"
    page = folder or "tin-tuc/"
    outputs = []
    for name, kind in (("feed.xml", "rss"), ("atom.xml", "atom")):
        fg = _feed(content, items, full_title, folder + name, page)
        fg.link(href=urljoin(base, folder + name), rel="self")
        text = fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
        outputs.append(Output(folder + name, text.decode("utf-8")))
    return outputs
