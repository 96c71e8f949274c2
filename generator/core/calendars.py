"""iCalendar files (RFC 5545 with RFC 7986's calendar properties), for any kind that has dates.

An agency's staff, or a citizen, subscribe once and see every date in their
calendar. Each event's UID is an RFC 4151 ``tag:`` URI built from ``site.yml``'s
``id_authority`` and ``id_date`` and the event's own key, so a rebuild, or a
move of the site to another address, updates events instead of duplicating
them. The calendar names itself and says how often to fetch it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from icalendar import Calendar, Event

from .feeds import tag_uri
from .pages import Output
from .site import Site


@dataclasses.dataclass(frozen=True)
class CalendarEvent:
    key: str                         # with the start's date, unique within the calendar: the UID
    start: dt.date | dt.datetime     # a date for an all-day event
    end: dt.date | dt.datetime
    summary: str
    description: str
    url: str


def short(text: str, limit: int = 90) -> str:
    """The first line of a Markdown text, without list marks, cut at a word."""
    first = next((line.strip(" -*") for line in text.splitlines() if line.strip(" -*")), text)
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def calendar(site: Site, path: str, name: str, description: str, url: str, stamp: dt.datetime,
             events: list[CalendarEvent], prodid: str) -> Output:
    """The calendar file at ``path``, its events in date order; ``stamp`` is when its content last changed."""
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("description", description)
    cal.add("url", url)
    cal.add("source", f"{site.base_url}{path}")
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for item in sorted(events, key=lambda e: (e.start, e.key)):
        event = Event()
        event.add("uid", tag_uri(site, f"{path.removesuffix('.ics')}/{item.key}-{item.start:%Y%m%d}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("url", item.url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()  # RFC 5545 §3.2.19: every TZID a timed event names has its VTIMEZONE
    return Output(path, cal.to_ical().decode("utf-8"))
