"""News feeds (RSS 2.0 and Atom), written from two XML templates.

feedgen 1.0.0 wrote feeds that validators reject (``<content type="CDATA">``
in Atom, entry links that lose ``rel``, ``type`` and ``length``, an RSS
channel ``<link>`` that is whichever link came last), so the feeds are
templates, like the sitemap: what they hold is decided here, the markup there.

Journalists' feed readers remember items by id, so an id is an RFC 4151
``tag:`` URI made of the agency's domain and date, set once in ``site.yml``
(``id_authority``, ``id_date``), and the item's source file (or its ``id:``):
moving the site to another address keeps every id. The feed's own "updated"
is its newest item's date, so two builds of the same content give the same
bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import mimetypes
from urllib.parse import quote, urljoin

import jinja2
from markupsafe import Markup

from . import markup, models
from .render import TEMPLATES, Memo, Output, channels, news_path, news_url
from .validate import Content, Entry
from .vietnamese import TZ

# RFC 3986 pchar and "/": what RFC 4151 allows in the specific part of a tag.
_TAG_SAFE = "/:@!$&'()*+,;=-._~"


def _cdata(text: str) -> Markup:
    """``text`` as one CDATA section (a ``]]>`` inside is split so it cannot end it)."""
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")


# Not render.ENV: its finalize marks "[không đọc được]" with HTML, which has no place in XML.
XML = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
XML.filters.update(cdata=_cdata, rfc822=email.utils.format_datetime, iso=lambda v: v.isoformat())


def tag_uri(site: models.Site, specific: str) -> str:
    """``tag:laichau.gov.vn,2024-01-22:<specific>``: an id that no change of the site's address touches."""
    return f"tag:{site.id_authority},{site.id_date.isoformat()}:{quote(specific, safe=_TAG_SAFE)}"


def item_id(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """A permanent id: the same for an item as long as its file (or ``id:``) keeps its name."""
    return tag_uri(content.site, f"tin-tuc/{entry.model.id or entry.id}")


def absolute_html(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """The item's body as sanitised HTML, every relative link and image made absolute."""
    html = markup.render(entry.body or "").html
    return markup.rewrite_links(html, news_path(entry), str(content.site.base_url))


@dataclasses.dataclass(frozen=True)
class Enclosure:
    url: str
    length: int  # bytes, as RSS 2.0 and Atom ask
    type: str


def _enclosure(content: Content, image: models.Image | None) -> Enclosure | None:
    """The item's image as a feed enclosure, with the real size of the file the site serves."""
    if image is None:
        return None
    mime = mimetypes.guess_type(image.src)[0] or "application/octet-stream"
    return Enclosure(urljoin(str(content.site.base_url), image.src), (content.root / image.src).stat().st_size, mime)


def render_feeds(content: Content, memo: Memo) -> list[Output]:
    """RSS 2.0 and Atom for each channel, each with the newest ``feed_items`` items."""
    outputs = []
    for folder, title, items in channels(content):
        items = items[: content.site.feed_items]
        enclosures = tuple(_enclosure(content, n.model.image) for n in items)
        outputs += memo.get(content, ("feed", folder), (*items, *enclosures),
                            lambda f=folder, t=title, i=items, e=enclosures: _channel_feeds(content, f, t, i, e))
    return outputs


def _channel_feeds(content: Content, folder: str, title: str, items: list[Entry[models.NewsMeta]],
                   enclosures: tuple[Enclosure | None, ...]) -> list[Output]:
    """feed.xml and atom.xml of one channel: all news (``folder`` ""), a category or a unit."""
    site = content.site
    base = str(site.base_url)
    page = folder or "tin-tuc/"
    newest = max((n.model.updated or n.model.date for n in items),
                 default=dt.datetime.combine(content.newest_date(), dt.time(), TZ))
    entries = [{"id": item_id(content, n), "url": news_url(content, n), "news": n.model,
                "updated": n.model.updated or n.model.date, "html": absolute_html(content, n),
                "categories": [n.model.category, *n.model.tags], "enclosure": enclosure}
               for n, enclosure in zip(items, enclosures)]
    context = {"site": site, "title": f"{title} – {site.short_name}", "id": tag_uri(site, page),
               "page": urljoin(base, page), "updated": newest, "entries": entries}
    return [Output(folder + name, XML.get_template(template).render(self_url=urljoin(base, folder + name), **context))
            for name, template in (("feed.xml", "feed_rss.xml.j2"), ("atom.xml", "feed_atom.xml.j2"))]
