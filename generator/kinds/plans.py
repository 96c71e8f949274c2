"""Plans (kế hoạch): plans/<id>.yml, a reform-communication plan as the agency signed it.

A plan has its page (ke-hoach/<id>/), with its appendix of tasks; the plans
index (ke-hoach/); a calendar of its due dates (lich/<id>.ics); and the
"tasks" dataset.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from enum import Enum
from typing import Annotated, Any, Literal, Union

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..core import fields
from ..core.calendars import CalendarEvent, calendar as write_calendar, short
from ..core.content import Content, Entry
from ..core.datasets import Dataset
from ..core.fields import MARKDOWN, Date, LegalDoc, Model, Slug, Text
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.vietnamese import TZ, format_date, slugify

fields.explain(meanings={
    "ongoing": "thường xuyên", "date": "một ngày cụ thể", "monthly": "hằng tháng", "quarterly": "hằng quý",
    "period": "trong một khoảng thời gian", "month": "mỗi tháng", "quarter": "mỗi quý", "year": "mỗi năm",
    "objectives": "mục đích, yêu cầu", "objectives_general": "mục tiêu chung",
    "objectives_specific": "mục tiêu cụ thể", "requirements": "yêu cầu", "audiences": "đối tượng",
    "scope": "phạm vi", "content": "nội dung", "forms": "hình thức", "solutions": "giải pháp",
    "organisation": "tổ chức thực hiện", "responsibilities": "trách nhiệm các cơ quan", "budget": "kinh phí",
    "reporting": "chế độ báo cáo", "other": "mục khác",
})


class SectionKind(str, Enum):
    objectives = "objectives"
    objectives_general = "objectives_general"
    objectives_specific = "objectives_specific"
    requirements = "requirements"
    audiences = "audiences"
    scope = "scope"
    content = "content"
    forms = "forms"
    solutions = "solutions"
    organisation = "organisation"
    responsibilities = "responsibilities"
    budget = "budget"
    reporting = "reporting"
    other = "other"


class Section(Model):
    """A section of a plan, in the source's own numbering; sub-items nest."""

    number: str | None = Field(None, title="số thứ tự", description="Như văn bản: I, 1, a, 1.1")
    title: str | None = Field(None, title="tiêu đề")
    kind: SectionKind = Field(SectionKind.other, title="loại mục")
    agency: str | None = Field(None, title="cơ quan", description="Với mục trách nhiệm: cơ quan được giao")
    body: str | None = Field(None, title="nội dung", description="Markdown", json_schema_extra=MARKDOWN)
    sections: list[Section] = Field(default_factory=list, title="mục con")

    @model_validator(mode="after")
    def _not_empty(self) -> Section:
        if not (self.title or self.body or self.sections):
            raise ValueError("mục phải có ít nhất tiêu đề, nội dung hoặc mục con")
        return self


class DueOngoing(Model):
    kind: Literal["ongoing"] = Field(title="loại hạn")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    note: str | None = Field(None, title="ghi chú")

    def dates(self) -> list[dt.date]:
        return []


class DueDate(Model):
    kind: Literal["date"] = Field(title="loại hạn")
    date: Date = Field(title="ngày")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    note: str | None = Field(None, title="ghi chú")

    def dates(self) -> list[dt.date]:
        return [self.date]


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month, or its last day when the month is shorter."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


class DueMonthly(Model):
    kind: Literal["monthly"] = Field(title="loại hạn")
    day: int = Field(ge=1, le=31, title="ngày trong tháng")
    months: list[Annotated[int, Field(ge=1, le=12)]] = Field(
        default_factory=lambda: list(range(1, 13)), min_length=1, title="các tháng")
    year: int = Field(ge=2000, le=2100, title="năm")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    note: str | None = Field(None, title="ghi chú")

    def dates(self) -> list[dt.date]:
        return [_day_in_month(self.year, m, self.day) for m in sorted(set(self.months))]


class DueQuarterly(Model):
    kind: Literal["quarterly"] = Field(title="loại hạn")
    day: int = Field(ge=1, le=31, title="ngày trong tháng cuối quý")
    quarters: list[Annotated[int, Field(ge=1, le=4)]] = Field(
        default_factory=lambda: [1, 2, 3, 4], min_length=1, title="các quý")
    year: int = Field(ge=2000, le=2100, title="năm")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    note: str | None = Field(None, title="ghi chú")

    def dates(self) -> list[dt.date]:
        return [_day_in_month(self.year, q * 3, self.day) for q in sorted(set(self.quarters))]


class DuePeriod(Model):
    kind: Literal["period"] = Field(title="loại hạn")
    start: Date = Field(title="từ ngày")
    end: Date = Field(title="đến ngày")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    note: str | None = Field(None, title="ghi chú")

    @model_validator(mode="after")
    def _ordered(self) -> DuePeriod:
        if self.end < self.start:
            raise ValueError("ngày kết thúc (end) phải sau ngày bắt đầu (start)")
        return self

    def dates(self) -> list[dt.date]:
        return [self.end]


Due = Annotated[Union[DueOngoing, DueDate, DueMonthly, DueQuarterly, DuePeriod],
                Field(discriminator="kind")]


class Task(Model):
    """One row of a plan's appendix of tasks."""

    number: Text = Field(title="số thứ tự")
    content: Text = Field(title="nội dung", description="Markdown", json_schema_extra=MARKDOWN)
    lead: list[str] = Field(default_factory=list, title="cơ quan chủ trì")
    coordinating: list[str] = Field(default_factory=list, title="cơ quan phối hợp")
    result: str | None = Field(None, title="kết quả, sản phẩm")
    deadline_text: str | None = Field(None, title="thời gian hoàn thành", description="Như văn bản ghi")
    due: list[Due] = Field(default_factory=list, title="hạn (máy đọc được)")
    subtasks: list[Task] = Field(default_factory=list, title="nhiệm vụ con")

    def due_dates(self) -> list[dt.date]:
        return sorted({d for entry in self.due for d in entry.dates()})

    @property
    def ongoing(self) -> bool:
        return any(entry.kind == "ongoing" for entry in self.due)


class Appendix(Model):
    title: Text = Field(title="tiêu đề phụ lục")
    subtitle: str | None = Field(None, title="tên phụ lục")
    note: str | None = Field(None, title="ghi chú kèm theo")
    tasks: list[Task] = Field(min_length=1, title="nhiệm vụ")


class Reporting(Model):
    text: Text = Field(title="nội dung", description="Câu trong văn bản")
    responsible: str | None = Field(None, title="đơn vị báo cáo")
    to: str | None = Field(None, title="nơi nhận báo cáo")
    due: list[Due] = Field(default_factory=list, title="hạn (máy đọc được)")


class Counting(Model):
    """What counts towards a quota: the items of one channel, from some units, in some categories.

    News on this site count without tagging when the channel is one of site.yml's ``channels``; items
    published elsewhere count through the progress files' evidence links that name the channel.
    """

    channel: Slug = Field(title="kênh", description="Mã kênh: một mã trong «channels» của site.yml (tin trên "
                          "trang này), hoặc mã ghi ở liên kết minh chứng (tin đăng nơi khác)")
    units: list[Text] = Field(default_factory=list, title="đơn vị", description="Để trống: tin của mọi đơn vị")
    categories: list[Text] = Field(default_factory=list, title="chuyên mục",
                                   description="Để trống: tin mọi chuyên mục")


class Quota(Model):
    count: int = Field(ge=1, title="số lượng tối thiểu")
    per: Literal["month", "quarter", "year"] = Field(title="mỗi", description="month, quarter hoặc year")
    what: Text = Field(title="loại tin, bài")
    channel: Text = Field(title="nơi đăng")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    text: Text = Field(title="câu trong văn bản")
    counts: Counting | None = Field(None, title="cách đếm", description="Tin nào được tính vào chỉ tiêu; không "
                                    "ghi thì trang tiến độ không đếm chỉ tiêu này")


class Signer(Model):
    lines: list[str] = Field(min_length=1, title="thẩm quyền, chức vụ")
    name: Text = Field(title="họ tên người ký")


class Source(Model):
    file: str | None = Field(None, title="tệp nguồn")
    note: str | None = Field(None, title="ghi chú nguồn")


class Plan(Model):
    """plans/<id>.yml: a reform-communication plan (kế hoạch)."""

    number: str | None = Field(None, title="số", description="Phần số của số ký hiệu; null nếu để trống")
    symbol: Text = Field(title="ký hiệu", description="Ví dụ: KH-UBND")
    number_text: Text = Field(title="số ký hiệu như văn bản ghi")
    issuer: Text = Field(title="cơ quan ban hành")
    parent_body: str | None = Field(None, title="cơ quan chủ quản")
    place: Text = Field(title="địa danh")
    date: Date | None = Field(None, title="ngày ban hành")
    date_text: Text = Field(title="ngày tháng như văn bản ghi")
    updated: Date | None = Field(None, title="ngày cập nhật trang")
    year: int = Field(ge=2000, le=2100, title="năm kế hoạch")
    title: Text = Field(title="trích yếu")
    source: Source | None = Field(None, title="nguồn")
    preamble: str | None = Field(None, title="căn cứ, mở đầu", description="Markdown", json_schema_extra=MARKDOWN)
    legal_bases: list[LegalDoc] = Field(default_factory=list, title="căn cứ pháp lý")
    sections: list[Section] = Field(min_length=1, title="các phần")
    reporting: list[Reporting] = Field(default_factory=list, title="chế độ báo cáo")
    quotas: list[Quota] = Field(default_factory=list, title="chỉ tiêu đăng tin")
    closing: str | None = Field(None, title="đoạn kết", description="Câu kết sau phần cuối, ví dụ «Trên đây là "
                                "Kế hoạch…» (Markdown)", json_schema_extra=MARKDOWN)
    recipients: list[str] = Field(default_factory=list, title="nơi nhận")
    signer: Signer = Field(title="người ký")
    appendix: Appendix | None = Field(None, title="phụ lục")
    publish_reports: bool = Field(False, title="đăng báo cáo định kỳ",
                                  description="true: báo cáo của các kỳ đã qua (quý, 6 tháng, 9 tháng, năm) được đăng "
                                              "trên trang tiến độ của kế hoạch; mặc định chỉ làm bản nháp bằng "
                                              "«cchc report», không đăng")

    @field_validator("year")
    @classmethod
    def _year_not_over_when_signed(cls, year: int, info: ValidationInfo) -> int:
        """A plan signed after its year ended is a slip of one year (2023 for 2024): it would ask nothing of anyone.

        Every period of its quotas would be over before the plan was signed. The signing year is the date's,
        or the one written in the date as the document gives it when the day was left blank.
        """
        signed = info.data.get("date")
        written = re.search(r"năm\s+(\d{4})", info.data.get("date_text") or "")
        signed_year = signed.year if signed else int(written[1]) if written else None
        if signed_year and year < signed_year:
            when = f"ngày {format_date(signed)}" if signed else f"năm {signed_year}"
            raise ValueError(f"kế hoạch năm {year} nhưng ký {when}, khi năm {year} đã qua; năm kế hoạch phải từ "
                             f"năm ký trở đi, ví dụ «year: {signed_year}» (hoặc sửa lại ngày ký nếu ghi nhầm)")
        return year

    @property
    def label(self) -> str:
        """The plan's name on the site: "Kế hoạch 28/KH-SLĐTBXH", a blank or unreadable number said in words.

        "Số: /KH-UBND" is faithful to a source signed before it was numbered, but reads as an error.
        """
        if self.number:
            return f"Kế hoạch {self.number}/{self.symbol}"
        missing = "số không đọc được" if "[không đọc được" in self.number_text else "văn bản chưa ghi số"
        return f"Kế hoạch {self.symbol} ({missing})"

    @property
    def issued(self) -> str:
        """"ngày 29/02/2024"; with the day left blank in the source, "tháng 01/2024" from the written date."""
        if self.date:
            return f"ngày {format_date(self.date)}"
        match = re.search(r"tháng\s+(\d{1,2})\s+năm\s+(\d{4})", self.date_text)
        return f"tháng {int(match[1]):02d}/{match[2]}" if match else self.date_text

    @property
    def known_number(self) -> str | None:
        """28/KH-SLĐTBXH, or None when the number was left blank: data says "unknown", not "…"."""
        return f"{self.number}/{self.symbol}" if self.number else None

    def all_tasks(self) -> list[Task]:
        """Every appendix row, sub-rows included, in document order."""
        out: list[Task] = []

        def visit(tasks: list[Task]) -> None:
            for task in tasks:
                out.append(task)
                visit(task.subtasks)

        visit(self.appendix.tasks if self.appendix else [])
        return out

    def tracked_tasks(self) -> list[Task]:
        """What progress is recorded against: the appendix rows, or the numbered solutions of a plan without one.

        A plan such as Lạng Sơn's has no appendix; its tasks are its solutions (giải pháp), numbered by
        their place: «III.1».
        """
        if self.appendix:
            return self.all_tasks()
        found: list[Task] = []

        def visit(sections: list[Section], prefix: str) -> None:
            for s in sections:
                number = f"{prefix}{s.number}" if s.number else None
                if number and s.kind is SectionKind.solutions and not s.sections and s.body:
                    found.append(Task(number=number, content=s.title or s.body))
                if number:
                    visit(s.sections, number + ".")

        visit(self.sections, "")
        return found


def render_plans(content: Content, memo: Memo) -> Iterator[Output]:
    yield memo.get(content, "ke-hoach/index.md", tuple(content["plans"]), lambda: _plans_index(content))
    for entry in content["plans"]:
        progress = content.shared.get("progress", {}).get(entry.id)  # kinds/progress.py: its summary on the page
        yield memo.get(content, ("plan", entry.id), (entry, progress), lambda e=entry: _plan(content, e))


def _plans_index(content: Content) -> Output:
    by_year = itertools.groupby(sorted(content["plans"], key=lambda p: (-p.model.year, p.id)), lambda p: p.model.year)
    newest = max((p.model.updated or p.model.date or content.newest_date() for p in content["plans"]),
                 default=content.newest_date())
    return page_output("ke-hoach/index.md", page_meta(content, "Kế hoạch cải cách hành chính",
                                           "Các kế hoạch tuyên truyền cải cách hành chính theo năm.", "plans/", newest,
                                           terms=[p.model.title for p in content["plans"]]),
                "plans_index.html.j2", years=[(y, list(ps)) for y, ps in by_year])


def _plan(content: Content, entry: Entry[Plan]) -> Output:
    plan = entry.model
    return page_output(f"ke-hoach/{entry.id}.md",
                    page_meta(content, plan.label, plan.title, entry.source.as_posix(),
                              plan.updated or plan.date or content.newest_date(),
                              terms=[plan.issuer, plan.parent_body, plan.date_text, plan.signer.name,
                                     *_section_titles(plan.sections)],
                              texts=[t for task in plan.all_tasks() for t in (task.content, *task.lead)]),
                    "plan.html.j2", plan=plan, tasks=plan.all_tasks(), plan_id=entry.id,
                    has_calendar=any(t.due_dates() for t in plan.all_tasks())
                    or any(d.dates() for r in plan.reporting for d in r.due))


def _section_titles(sections: list[Section]) -> list[str]:
    """Every section title of a plan, nested ones included."""
    return [t for s in sections for t in (s.title, *_section_titles(s.sections)) if t]


def plan_name(plan: Plan) -> str:
    """"Kế hoạch 28/KH-SLĐTBXH", or the plan's title when the document left its number blank."""
    return f"Kế hoạch {plan.known_number}" if plan.known_number else plan.title


def _uid_key(*parts: str) -> str:
    """The parts that are not empty, joined: a UID has no empty segment."""
    return "-".join(part for part in parts if part)


def _events(content: Content, entry: Entry[Plan]) -> list[CalendarEvent]:
    """An all-day event for every due date of the plan's tasks and reports."""
    plan = entry.model
    page = _page(content, entry)
    found = []
    for task in plan.all_tasks():
        for due in task.due:
            for day in due.dates():
                lead = due.responsible or "; ".join(task.lead) or "chưa ghi"
                summary = f"Hạn nhiệm vụ {task.number} – {short(task.content)}"
                description = (f"{task.content}\n\nChủ trì: {lead}\nThời gian hoàn thành: "
                               f"{task.deadline_text or format_date(day)}\n"
                               f"{plan_name(plan)}: {page}#nhiem-vu-{slugify(task.number)}")
                found.append(CalendarEvent(_uid_key(f"nv{slugify(task.number)}", slugify(due.responsible or "")),
                                           day, day + dt.timedelta(days=1), summary, description, page))
    for index, report in enumerate(plan.reporting, 1):
        for due in report.due:
            for day in due.dates():
                summary = f"Hạn báo cáo – {short(report.text)}"
                description = (f"{report.text}\n\nĐơn vị báo cáo: {report.responsible or due.responsible or 'chưa ghi'}"
                               f"\nGửi: {report.to or 'chưa ghi'}\n{plan_name(plan)}: {page}")
                found.append(CalendarEvent(f"bc{index}", day, day + dt.timedelta(days=1), summary, description, page))
    return found


def plan_calendar(content: Content, entry: Entry[Plan]) -> Output | None:
    """The plan's calendar, or None when it states no due date."""
    events = _events(content, entry)
    if not events:
        return None
    plan = entry.model
    number = f", số {plan.known_number}" if plan.known_number else ""
    stamp = dt.datetime.combine(plan.updated or plan.date or content.newest_date(), dt.time(), TZ)
    return write_calendar(content.site, f"lich/{entry.id}.ics", f"Hạn nhiệm vụ – {plan_name(plan)}",
                          f"Các hạn hoàn thành nhiệm vụ và hạn báo cáo của kế hoạch «{plan.title}»{number}.",
                          _page(content, entry), stamp, events, "-//cchc-site//Lich han nhiem vu//VI")


def _page(content: Content, entry: Entry[Plan]) -> str:
    return f"{content.site.base_url}ke-hoach/{entry.id}/"


def render_calendars(content: Content, memo: Memo) -> list[Output]:
    return [out for entry in content["plans"] if (out := plan_calendar(content, entry))]


class TaskRecord(Model):
    """One appendix task, flattened for tables."""

    plan_id: str = Field(title="mã kế hoạch")
    plan_number: str | None = Field(title="số ký hiệu kế hoạch", description="null khi văn bản để trống số")
    number: str = Field(title="số thứ tự")
    content: str = Field(title="nội dung")
    lead: list[str] = Field(title="cơ quan chủ trì")
    coordinating: list[str] = Field(title="cơ quan phối hợp")
    result: str | None = Field(title="kết quả, sản phẩm")
    deadline_text: str | None = Field(title="thời gian hoàn thành")
    ongoing: bool = Field(title="thường xuyên")
    due_dates: list[dt.date] = Field(title="các hạn")
    url: str = Field(title="địa chỉ trang kế hoạch")


def _tasks(content: Content, memo: Memo) -> list[dict[str, Any]]:
    base = str(content.site.base_url)
    return [TaskRecord(plan_id=p.id, plan_number=p.model.known_number, number=t.number, content=t.content,
                       lead=t.lead, coordinating=t.coordinating, result=t.result,
                       deadline_text=t.deadline_text, ongoing=t.ongoing, due_dates=t.due_dates(),
                       url=f"{base}ke-hoach/{p.id}/").model_dump(mode="json")
            for p in sorted(content["plans"], key=lambda p: p.id) for t in p.model.all_tasks()]


KIND = Kind(
    name="plans", label="kế hoạch", model=Plan, schema="plan", files="plans/*.yml", address="ke-hoach/{}/",
    line_depth=None, pages=render_plans,
    dates=lambda entry: [d] if (d := entry.model.updated or entry.model.date) else [],
    outputs=render_calendars,
    datasets=(Dataset("tasks", "Nhiệm vụ trong kế hoạch", "Nhiệm vụ trong phụ lục các kế hoạch: cơ quan chủ trì, "
                      "phối hợp, sản phẩm, hạn.", TaskRecord, _tasks),),
)
