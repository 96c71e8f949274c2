"""Task deadlines as iCalendar files, one per plan (lich/<plan-id>.ics).

An agency's staff subscribe once and see every due date of the plan in their
calendar. Each event's UID is an RFC 4151 ``tag:`` URI built from ``site.yml``'s
``id_authority`` and ``id_date``, the plan, the task and the date, so a rebuild,
or a move of the site to another address, updates events instead of duplicating
them. The calendar names itself and says how often to fetch it (RFC 7986).
"""

from __future__ import annotations

import datetime as dt
from icalendar import Calendar, Event

from . import models
from .feeds import tag_uri
from .render import Output
from .validate import Content, Entry
from .vietnamese import TZ, format_date, slugify


def _short(text: str, limit: int = 90) -> str:
    """The first line of a Markdown text, without list marks, cut at a word."""
    first = next((line.strip(" -*") for line in text.splitlines() if line.strip(" -*")), text)
    return first if len(first) <= limit else first[:limit].rsplit(" ", 1)[0] + "…"


def plan_name(plan: models.Plan) -> str:
    """"Kế hoạch 28/KH-SLĐTBXH", or the plan's title when the document left its number blank."""
    return f"Kế hoạch {plan.known_number}" if plan.known_number else plan.title


def _uid_key(*parts: str) -> str:
    """The parts that are not empty, joined: a UID has no empty segment."""
    return "-".join(part for part in parts if part)


def _events(content: Content, entry: Entry[models.Plan]) -> list[tuple[str, dt.date, str, str]]:
    """(uid key, date, summary, description) for every due date of the plan."""
    plan = entry.model
    page = _page(content, entry)
    found = []
    for task in plan.all_tasks():
        for due in task.due:
            for day in due.dates():
                lead = due.responsible or "; ".join(task.lead) or "chưa ghi"
                summary = f"Hạn nhiệm vụ {task.number} – {_short(task.content)}"
                description = (f"{task.content}\n\nChủ trì: {lead}\nThời gian hoàn thành: "
                               f"{task.deadline_text or format_date(day)}\n"
                               f"{plan_name(plan)}: {page}#nhiem-vu-{slugify(task.number)}")
                found.append((_uid_key(f"nv{slugify(task.number)}", slugify(due.responsible or "")), day, summary,
                              description))
    for index, report in enumerate(plan.reporting, 1):
        for due in report.due:
            for day in due.dates():
                summary = f"Hạn báo cáo – {_short(report.text)}"
                description = (f"{report.text}\n\nĐơn vị báo cáo: {report.responsible or due.responsible or 'chưa ghi'}"
                               f"\nGửi: {report.to or 'chưa ghi'}\n{plan_name(plan)}: {page}")
                found.append((f"bc{index}", day, summary, description))
    return found


def plan_calendar(content: Content, entry: Entry[models.Plan]) -> Output | None:
    """The plan's calendar, or None when it states no due date."""
    events = _events(content, entry)
    if not events:
        return None
    plan = entry.model
    name = f"Hạn nhiệm vụ – {plan_name(plan)}"
    page = _page(content, entry)
    stamp = dt.datetime.combine(plan.updated or plan.date or content.newest_date(), dt.time(), TZ)
    cal = Calendar()
    cal.add("prodid", "-//cchc-site//Lich han nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    number = f", số {plan.known_number}" if plan.known_number else ""
    cal.add("description", f"Các hạn hoàn thành nhiệm vụ và hạn báo cáo của kế hoạch «{plan.title}»{number}.")
    cal.add("url", page)
    cal.add("source", f"{content.site.base_url}lich/{entry.id}.ics")
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    for key, day, summary, description in sorted(events, key=lambda e: (e[1], e[0])):
        event = Event()
        event.add("uid", tag_uri(content.site, f"lich/{entry.id}/{key}-{day:%Y%m%d}"))
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        event.add("url", page)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return Output(f"lich/{entry.id}.ics", cal.to_ical().decode("utf-8"))


def _page(content: Content, entry: Entry[models.Plan]) -> str:
    return f"{content.site.base_url}ke-hoach/{entry.id}/"


def render_calendars(content: Content) -> list[Output]:
    return [out for entry in content.plans if (out := plan_calendar(content, entry))]
