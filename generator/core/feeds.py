"""Feeds (RSS 2.0 and Atom), written from two XML templates, for any kind that publishes items.

feedgen 1.0.0 wrote feeds that validators reject (``<content type="CDATA">``
in Atom, entry links that lose ``rel``, ``type`` and ``length``, an RSS
channel ``<link>`` that is whichever link came last), so the feeds are
templates, like the sitemap: what they hold is decided by the kind (news), the
markup there.

Journalists' feed readers remember items by id, so an id is an RFC 4151
``tag:`` URI made of the agency's domain and date, set once in ``site.yml``
(``id_authority``, ``id_date``), and the item's own name: moving the site to
another address keeps every id. A feed's own "updated" is its newest item's
date, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
from urllib.parse import quote, urljoin

import jinja2
from markupsafe import Markup

from .pages import TEMPLATES, Output
from .site import Site

# RFC 3986 pchar and "/": what RFC 4151 allows in the specific part of a tag.
_TAG_SAFE = "/:@!$&'()*+,;=-._~"


def _cdata(text: str) -> Markup:
    """``text`` as one CDATA section (a ``]]>`` inside is split so it cannot end it)."""
    return Markup("<![CDATA[" + str(text).replace("]]>", "]]]]><![CDATA[>") + "]]>")


# Not pages.ENV: its finalize marks "[không đọc được]" with HTML, which has no place in XML.
XML = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
XML.filters.update(cdata=_cdata, rfc822=email.utils.format_datetime, iso=lambda v: v.isoformat())


def tag_uri(site: Site, specific: str) -> str:
    """``tag:laichau.gov.vn,2024-01-22:<specific>``: an id that no change of the site's address touches."""
    return f"tag:{site.id_authority},{site.id_date.isoformat()}:{quote(specific, safe=_TAG_SAFE)}"


@dataclasses.dataclass(frozen=True)
class Enclosure:
    url: str
    length: int  # bytes, as RSS 2.0 and Atom ask
    type: str


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    """One item of a feed, as both templates print it."""

    id: str            # a tag: URI (tag_uri)
    url: str           # the item's page
    title: str
    summary: str       # plain text
    published: dt.datetime
    updated: dt.datetime
    author: str        # the unit that wrote it
    html: str          # the full text, sanitised, every link absolute
    categories: list[str]
    enclosure: Enclosure | None = None


def channel_feeds(site: Site, folder: str, title: str, page: str, updated: dt.datetime,
                  entries: list[FeedEntry]) -> list[Output]:
    """``<folder>feed.xml`` and ``<folder>atom.xml``: one channel's items, newest first; ``page`` is its HTML page."""
    base = str(site.base_url)
    context = {"site": site, "title": f"{title} – {site.short_name}", "id": tag_uri(site, page),
               "page": urljoin(base, page), "updated": updated, "entries": entries}
    return [Output(folder + name, XML.get_template(template).render(self_url=urljoin(base, folder + name), **context))
            for name, template in (("feed.xml", "feed_rss.xml.j2"), ("atom.xml", "feed_atom.xml.j2"))]
