"""The citizen-reception schedule (lịch tiếp công dân): reception.yml, when the agency's leaders receive citizens.

Luật Tiếp công dân 2013 asks the chairman of a provincial People's Committee to
receive citizens at least one day a month; agencies publish the rule ("ngày 15
hằng tháng; trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo"). Citizens
need the dates, so the rule is also written in machine-readable form and the
coming year's dates are worked out from it and the days off of holidays.yml
(``content.shared["holidays"]``, kinds/holidays.py): one page
(lich-tiep-cong-dan/), a calendar to subscribe to (lich/tiep-cong-dan.ics) and
the "reception" dataset. The dates depend on the moment of building
(``content.now``), so every output made from them has that date among its
memo inputs.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from pathlib import Path
import typing
from typing import Annotated, Any, Literal, Union


from pydantic import Field, model_validator

from ..core import fields, scaffolding, structured
from ..core.calendars import CalendarEvent, calendar as write_calendar
from ..core.content import Content
from ..core.datasets import Dataset
from ..core.fields import HHMM, Date, LegalDoc, Model, Text, Weekday
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.vietnamese import TZ, format_date

PAGE = "lich-tiep-cong-dan.md"
CALENDAR = "lich/tiep-cong-dan.ics"
MAX_SHIFT = 31  # days a session may move to find a working day; past that it is not held
EVENTS_LD = 12  # sessions in the page's JSON-LD: a weekly rule's 52 would weigh on every phone that loads it

fields.explain(meanings={
    "monthly": "hằng tháng", "weekly": "hằng tuần",
    "next_working_day": "chuyển sang ngày làm việc tiếp theo",
    "previous_working_day": "chuyển về ngày làm việc liền trước",
    "skip": "không tiếp vào lần đó",
})

IfClosed = Literal["next_working_day", "previous_working_day", "skip"]
IF_CLOSED = "next_working_day, previous_working_day hoặc skip: khi ngày tiếp trùng ngày nghỉ"


class _Timed(Model):
    """Something with opening and closing times; it must close after it opens."""

    @model_validator(mode="after")
    def _ordered(self) -> _Timed:
        if self.closes <= self.opens:  # type: ignore[attr-defined]
            raise ValueError(f"giờ kết thúc {self.closes} phải sau giờ bắt đầu {self.opens}")  # type: ignore[attr-defined]
        return self


class MonthlyRule(Model):
    kind: Literal["monthly"] = Field(title="loại lịch", description="monthly (hằng tháng) hoặc weekly (hằng tuần)")
    day: int = Field(ge=1, le=31, title="ngày trong tháng",
                     description="1 đến 31; tháng không có ngày đó (ví dụ 31) thì lấy ngày cuối tháng")
    if_closed: IfClosed = Field("next_working_day", title="khi trùng ngày nghỉ", description=IF_CLOSED)

    def nominal(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The rule's days in every month from ``start``'s to ``end``'s, before any move."""
        months = range(start.year * 12 + start.month - 1, end.year * 12 + end.month)
        return [_day_in_month(m // 12, m % 12 + 1, self.day) for m in months]


class WeeklyRule(Model):
    kind: Literal["weekly"] = Field(title="loại lịch", description="monthly (hằng tháng) hoặc weekly (hằng tuần)")
    weekday: Weekday = Field(title="thứ trong tuần", description="mo tu we th fr sa su")
    if_closed: IfClosed = Field("next_working_day", title="khi trùng ngày nghỉ", description=IF_CLOSED)

    def nominal(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Every such weekday from ``start`` to ``end``."""
        first = start + dt.timedelta(days=(typing.get_args(Weekday).index(self.weekday) - start.weekday()) % 7)
        return [first + dt.timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]


Rule = Annotated[Union[MonthlyRule, WeeklyRule], Field(discriminator="kind")]


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or its last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class Session(_Timed):
    """A recurring reception by the agency's leaders (tiếp công dân định kỳ)."""

    host: Text = Field(title="người tiếp", description="Chức danh, ví dụ «Chủ tịch UBND tỉnh hoặc Phó Chủ tịch được "
                                                        "ủy quyền»")
    place: Text = Field(title="địa điểm", description="Ví dụ: Trụ sở Tiếp công dân tỉnh")
    address: str | None = Field(None, title="địa chỉ")
    opens: HHMM = Field(title="giờ bắt đầu", description="HH:MM, ví dụ 07:30")
    closes: HHMM = Field(title="giờ kết thúc", description="HH:MM, ví dụ 11:30")
    rule: Rule = Field(title="lịch định kỳ", description="Ví dụ: {kind: monthly, day: 15, if_closed: next_working_day}")
    rule_text: Text = Field(title="lịch định kỳ bằng lời", description="Như văn bản công bố, ví dụ «ngày 15 hằng "
                            "tháng; trùng ngày nghỉ thì chuyển sang ngày làm việc tiếp theo»")
    note: str | None = Field(None, title="ghi chú")


class TimeRange(_Timed):
    opens: HHMM = Field(title="giờ mở", description="HH:MM")
    closes: HHMM = Field(title="giờ đóng", description="HH:MM")


class Office(Model):
    """The place that receives citizens every working day (Trụ sở tiếp công dân)."""

    name: Text = Field(title="tên nơi tiếp công dân thường xuyên")
    address: str | None = Field(None, title="địa chỉ")
    hours: list[TimeRange] = Field(min_length=1, title="giờ tiếp", description="Các ngày làm việc")
    note: str | None = Field(None, title="ghi chú")


class Reception(Model):
    """reception.yml: the citizen-reception schedule."""

    sessions: list[Session] = Field(min_length=1, title="các buổi tiếp định kỳ")
    office: Office | None = Field(None, title="nơi tiếp công dân thường xuyên")
    bring: list[Text] = Field(default_factory=list, title="cần mang theo, cách đăng ký")
    legal_basis: LegalDoc | None = Field(None, title="căn cứ pháp lý")
    requirement: str | None = Field(None, title="quy định về tiếp công dân",
                                    description="Điều luật yêu cầu, bằng lời, ví dụ «Chủ tịch UBND cấp tỉnh trực tiếp "
                                                "tiếp công dân ít nhất 01 ngày trong 01 tháng»")
    updated: Date = Field(title="ngày cập nhật lịch")
    illustrative: bool = Field(title="dữ liệu minh họa")


# --------------------------------------------------------------------------- dates


@dataclasses.dataclass(frozen=True)
class Occurrence:
    """One session on its day: ``moved_from`` the rule's day when that was closed, and ``reason`` why."""

    session: int  # 1-based, as the page numbers them
    day: dt.date
    start: dt.datetime
    end: dt.datetime
    moved_from: dt.date | None = None
    reason: str | None = None


@dataclasses.dataclass(frozen=True)
class Skipped:
    """A rule's day that is closed and not moved (``if_closed: skip``, or no working day near it)."""

    session: int
    day: dt.date
    reason: str


@dataclasses.dataclass(frozen=True)
class Schedule:
    """The coming year's sessions: from the build's date to the same date a year later (excluded)."""

    start: dt.date
    end: dt.date
    occurrences: list[Occurrence]
    skipped: list[Skipped]
    uncovered: list[int]  # years in the range the holiday list has no day off in

    @property
    def last(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _closed(day: dt.date, days_off: dict[dt.date, str], working: dict[dt.date, str]) -> str | None:
    """Why the offices are closed on ``day`` ("ngày nghỉ Quốc khánh", "thứ Bảy"), or None when open."""
    if day in days_off:
        return f"ngày nghỉ {days_off[day]}"
    if day.weekday() >= 5 and day not in working:
        return fields.MEANINGS[typing.get_args(Weekday)[day.weekday()]].replace("Thứ", "thứ")
    return None


def _year_later(day: dt.date) -> dt.date:
    return _day_in_month(day.year + 1, day.month, day.day)


def schedule(reception: Reception, holidays: dict[str, Any], now: dt.datetime) -> Schedule:
    """Every session from ``now``'s date for a year, each closed day moved (or skipped) as its rule says."""
    today = now.astimezone(TZ).date()
    end = _year_later(today)
    days_off, working = holidays.get("days_off", {}), holidays.get("working_days", {})
    found: dict[tuple[int, dt.date], Occurrence] = {}
    skipped = []
    for index, session in enumerate(reception.sessions, 1):
        for nominal in session.rule.nominal(today, end):
            reason = _closed(nominal, days_off, working)
            day: dt.date | None = nominal
            if reason and session.rule.if_closed != "skip":
                step = dt.timedelta(days=1 if session.rule.if_closed == "next_working_day" else -1)
                day = next((d for n in range(1, MAX_SHIFT + 1)
                            if not _closed(d := nominal + n * step, days_off, working)), None)
            elif reason:
                day = None
            if day is None:
                if today <= nominal < end:
                    skipped.append(Skipped(index, nominal, reason or ""))
                continue
            start = dt.datetime.combine(day, dt.time.fromisoformat(session.opens), TZ)
            ends = dt.datetime.combine(day, dt.time.fromisoformat(session.closes), TZ)
            if ends > now and day < end:
                found.setdefault((index, day), Occurrence(index, day, start, ends, nominal if reason else None, reason))
    years = range(today.year, (end - dt.timedelta(days=1)).year + 1)  # the range's last day is the day before end
    return Schedule(today, end, sorted(found.values(), key=lambda o: (o.start, o.session)),
                    sorted(skipped, key=lambda s: (s.day, s.session)),
                    [y for y in years if y not in holidays.get("years", [])])


def _schedule(content: Content, memo: Memo) -> Schedule | None:
    """The schedule, worked out once per version of reception.yml, of the days off and of the build's date."""
    if not content["reception"]:
        return None
    entry = content["reception"][0]
    return memo.get(content, "reception-schedule", (entry, content.now.astimezone(TZ).date()),
                    lambda: schedule(entry.model, content.shared.get("holidays", {}), content.now))


# --------------------------------------------------------------------------- page, calendar, data


def _events_ld(content: Content, reception: Reception, plan: Schedule) -> list[dict[str, Any]]:
    """schema.org Events, the next sessions; a moved one is EventRescheduled with the day it was moved from."""
    found = []
    for o in plan.occurrences[:EVENTS_LD]:
        session = reception.sessions[o.session - 1]
        place: dict[str, Any] = {"@type": "Place", "name": session.place}
        if session.address:
            place["address"] = {"@type": "PostalAddress", "streetAddress": session.address,
                                "addressRegion": content.site.province, "addressCountry": "VN"}
        event: dict[str, Any] = {
            "@context": "https://schema.org", "@type": "Event", "name": f"Tiếp công dân định kỳ – {session.host}",
            "startDate": o.start.isoformat(), "endDate": o.end.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": f"https://schema.org/{'EventRescheduled' if o.moved_from else 'EventScheduled'}",
            "location": place, "organizer": structured.organization_ref(content), "isAccessibleForFree": True,
            "url": f"{content.site.base_url}lich-tiep-cong-dan/"}
        if o.moved_from:
            event["previousStartDate"] = o.moved_from.isoformat()
        found.append(event)
    return found


def render_page(content: Content, memo: Memo) -> Output:
    entry = content["reception"][0] if content["reception"] else None
    plan = _schedule(content, memo)
    reception = entry.model if entry else None
    updated = reception.updated if reception else content.newest_date()
    sessions = reception.sessions if reception else []
    terms = list(dict.fromkeys(
        ["tiếp công dân", "lịch tiếp dân", "Trụ sở Tiếp công dân", "khiếu nại, tố cáo, kiến nghị, phản ánh",
         *(t for s in sessions for t in (s.host, s.place, s.address, s.rule_text)),
         *((reception.office.name, reception.office.address) if reception and reception.office else ())]))
    meta = page_meta(content, "Lịch tiếp công dân",
                     "Ngày, giờ, địa điểm lãnh đạo tiếp công dân định kỳ và nơi tiếp công dân thường xuyên.",
                     "reception.yml" if entry else "", updated,
                     extra_ld=_events_ld(content, reception, plan) if reception and plan else None, terms=terms)
    return page_output(PAGE, meta, "reception.html.j2", reception=reception, plan=plan,
                       sessions=dict(enumerate(sessions, 1)), next=plan.occurrences[0] if plan and plan.occurrences
                       else None)


def _pages(content: Content, memo: Memo) -> list[Output]:
    inputs = (*content["reception"], content.now.astimezone(TZ).date())
    return [memo.get(content, PAGE, inputs, lambda: render_page(content, memo))]


def render_calendar(content: Content, plan: Schedule) -> Output:
    reception: Reception = content["reception"][0].model
    url = f"{content.site.base_url}lich-tiep-cong-dan/"
    events = []
    for o in plan.occurrences:
        session = reception.sessions[o.session - 1]
        where = f"{session.place}, {session.address}" if session.address else session.place
        moved = f"\nChuyển từ ngày {format_date(o.moved_from)} do trùng {o.reason}." if o.moved_from else ""
        events.append(CalendarEvent(f"buoi{o.session}", o.start, o.end, f"Tiếp công dân định kỳ – {session.host}",
                                    f"Người tiếp: {session.host}\nĐịa điểm: {where}\nLịch: {session.rule_text}{moved}"
                                    f"\n{url}", url))
    stamp = dt.datetime.combine(reception.updated, dt.time(), TZ)
    return write_calendar(
        content.site, CALENDAR, f"Lịch tiếp công dân – {content.site.short_name or content.site.name}",
        f"Các buổi lãnh đạo {content.site.name} tiếp công dân định kỳ trong một năm tới.", url, stamp, events,
        "-//cchc-site//Lich tiep cong dan//VI")


def _outputs(content: Content, memo: Memo) -> list[Output]:
    plan = _schedule(content, memo)
    if plan is None or not plan.occurrences:
        return []
    inputs = (content["reception"][0], content.now.astimezone(TZ).date())
    return [memo.get(content, CALENDAR, inputs, lambda: render_calendar(content, plan))]


class SessionRecord(Model):
    """One reception session of the coming year, on the day it is held."""

    session: int = Field(title="buổi tiếp định kỳ thứ", description="Thứ tự trong reception.yml, từ 1")
    date: dt.date = Field(title="ngày tiếp")
    start: dt.datetime = Field(title="bắt đầu")
    end: dt.datetime = Field(title="kết thúc")
    place: str = Field(title="địa điểm")
    address: str | None = Field(title="địa chỉ")
    host: str = Field(title="người tiếp")
    moved_from: dt.date | None = Field(title="chuyển từ ngày", description="null khi tiếp đúng ngày theo lịch")
    reason: str | None = Field(title="lý do chuyển ngày")
    illustrative: bool = Field(title="dữ liệu minh họa")


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    plan = _schedule(content, memo)
    if plan is None:
        return []
    reception: Reception = content["reception"][0].model
    return [SessionRecord(session=o.session, date=o.day, start=o.start, end=o.end,
                          place=reception.sessions[o.session - 1].place,
                          address=reception.sessions[o.session - 1].address,
                          host=reception.sessions[o.session - 1].host, moved_from=o.moved_from, reason=o.reason,
                          illustrative=reception.illustrative).model_dump(mode="json") for o in plan.occurrences]


def new_reception(root: Path, value: str, now: dt.datetime | None = None) -> Path:
    """reception.yml with the most common rule (the 15th of each month, moved past a day off)."""
    return scaffolding.new_file(root / "reception.yml", "reception", now, help=scaffolding.field_help(Reception),
                                session=scaffolding.field_help(Session))


KIND = Kind(
    name="reception", label="", model=Reception, schema="reception", files="reception.yml", default=lambda: None,
    scaffold=new_reception,
    pages=_pages, outputs=_outputs,
    nav=(("Lịch tiếp công dân", PAGE),),
    datasets=(Dataset("reception", "Lịch tiếp công dân", "Các buổi lãnh đạo tiếp công dân định kỳ trong một năm "
                      "tới: ngày, giờ bắt đầu và kết thúc, địa điểm, người tiếp, ngày chuyển do trùng ngày nghỉ.",
                      SessionRecord, _records),),
)
