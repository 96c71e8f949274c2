"""Progress (tiến độ): progress/<plan-id>.yml, what an agency has done against each task of a plan.

Each file records dated entries against the plan's tasks (a status, a short
text, the evidence: news items, documents, outside links). At build time
(``content.now``) each task is marked done, overdue, due soon, on time or
ongoing; a plan without a progress file is not tracked, and its dated tasks
are «untracked», never overdue (``task_state``). Each quota of the plan is counted per month, quarter or year from
the news on this site and the links recorded elsewhere. The results go into
``content.shared["progress"][plan_id]`` (``derive``), so the plan page, the
home page and ``cchc report`` read them without importing this module; this
kind draws the progress page (ke-hoach/<plan-id>/tien-do/) and the datasets.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from ..core import scaffolding
from ..core.calendars import short
from ..core.checking import field_name
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset
from ..core.errors import ContentError
from ..core.fields import Date, Model, Slug, Text, WebAddress
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.vietnamese import format_date, TZ, slugify

DUE_SOON_DAYS = 14  # a deadline this close is «sắp đến hạn»: time enough to act on it
NEXT_DEADLINES = 6  # how many upcoming deadlines the progress page lists

DONE, DOING, NOT_STARTED, DROPPED = "đã hoàn thành", "đang thực hiện", "chưa thực hiện", "không thực hiện"
Status = Literal["chưa thực hiện", "đang thực hiện", "đã hoàn thành", "không thực hiện"]

# What a task is at the moment of building, and how a citizen reads it
TASK_STATES = {
    "done": "Đã hoàn thành", "overdue": "Quá hạn", "due_soon": "Sắp đến hạn", "on_time": "Đúng tiến độ",
    "ongoing": "Thường xuyên", "dropped": "Không thực hiện", "no_deadline": "Chưa có hạn cụ thể",
    "untracked": "Chưa cập nhật tiến độ",
}
PERIOD_STATES = {"met": "Đạt", "not_met": "Không đạt", "open": "Đang trong kỳ", "upcoming": "Chưa đến kỳ"}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class Link(Model):
    """An item published outside this site: a report in the newspaper, a broadcast, a post."""

    url: WebAddress = Field(title="địa chỉ")
    title: Text = Field(title="tiêu đề")
    date: Date = Field(title="ngày đăng")
    channel: Slug | None = Field(None, title="kênh", description="Mã kênh như trong chỉ tiêu (counts.channel) của "
                                 "kế hoạch, để tin được tính vào chỉ tiêu đó")
    unit: str | None = Field(None, title="đơn vị")
    category: str | None = Field(None, title="chuyên mục")


class Evidence(Model):
    news: list[Text] = Field(default_factory=list, title="tin trên trang",
                             description="Tên tệp tin (không có .md), hoặc mã (id) hay đường dẫn (slug) của tin")
    documents: list[Text] = Field(default_factory=list, title="văn bản",
                                  description="Tên tệp văn bản trong documents/ (không có .yml)")
    links: list[Link] = Field(default_factory=list, title="liên kết ngoài")


class ProgressEntry(Model):
    """One dated step of one task."""

    task: Text = Field(title="nhiệm vụ", description="Số thứ tự nhiệm vụ như trong phụ lục, ví dụ «4» hoặc «2.1»; "
                       "kế hoạch không có phụ lục: số của giải pháp, ví dụ «III.1»")
    date: Date = Field(title="ngày")
    status: Status = Field(title="tình trạng")
    text: Text = Field(title="nội dung")
    reason: str | None = Field(None, title="lý do", description="Bắt buộc khi tình trạng là «không thực hiện»")
    evidence: Evidence = Field(default_factory=Evidence, title="minh chứng")

    @model_validator(mode="after")
    def _reason_when_dropped(self) -> ProgressEntry:
        if self.status == DROPPED and not self.reason:
            raise ValueError("tình trạng «không thực hiện» cần ghi lý do (reason)")
        return self


class Progress(Model):
    """progress/<plan-id>.yml: the progress of one plan (the file has the plan's file name)."""

    illustrative: bool = Field(title="dữ liệu minh họa")
    note: str | None = Field(None, title="ghi chú")
    entries: list[ProgressEntry] = Field(default_factory=list, title="các lần cập nhật")


# --------------------------------------------------------------------------- checks

def check(progress: list[Entry[Progress]], checks: Checks) -> list[Entry[Progress]]:
    """The plan exists, each task is one of its tasks, each piece of evidence is on this site.

    Judged against the files that exist (core/references.py): a plan or news item with an error of its own
    says so itself, and its progress entries get no second error; the tasks of a plan that did not load are
    not checked.
    """
    plans = checks.targets("plans", ".yml")
    news = checks.targets("news", ".md", lambda n: (n.id, n.model.id, n.model.slug))
    documents = checks.targets("documents", ".yml")
    for entry in progress:
        if not plans.exists(entry.id):
            checks.errors.append(ContentError(entry.source, 1, "", f"không có kế hoạch plans/{entry.id}.yml; tệp "
                                              "tiến độ phải mang đúng tên tệp của kế hoạch"))
            continue
        plan = plans.get(entry.id)
        numbers = [t.number for t in plan.model.tracked_tasks()] if plan else None
        for i, item in enumerate(entry.model.entries):

            def error(place: tuple[Any, ...], message: str) -> None:
                checks.errors.append(ContentError(entry.source, entry.line_of(*place), field_name(entry.model, place),
                                                  message))

            if numbers is not None and item.task not in numbers:
                error(("entries", i, "task"), f"kế hoạch không có nhiệm vụ số «{item.task}»; "
                      f"các số có: {', '.join(numbers) or 'không có'}")
            for j, ref in enumerate(item.evidence.news):
                if not news.exists(ref):
                    error(("entries", i, "evidence", "news", j), f"không có tin «{ref}» trong news/")
            for j, ref in enumerate(item.evidence.documents):
                if not documents.exists(ref):
                    error(("entries", i, "evidence", "documents", j), f"không có văn bản «{ref}» trong documents/")
    return progress


# --------------------------------------------------------------------------- what the plan's progress is

@dataclasses.dataclass(frozen=True)
class Item:
    """A publication: a news item on this site (``page``) or a link recorded elsewhere (``url``)."""

    date: dt.date
    title: str
    unit: str | None
    category: str | None
    channel: str
    page: str | None = None  # below docs: "tin-tuc/<slug>.md"
    url: str | None = None


@dataclasses.dataclass(frozen=True)
class Period:
    label: str
    start: dt.date
    end: dt.date
    required: int
    items: tuple[Item, ...]
    state: str  # PERIOD_STATES

    @property
    def published(self) -> int:
        return len(self.items)

    @property
    def state_label(self) -> str:
        return PERIOD_STATES[self.state]


@dataclasses.dataclass(frozen=True)
class QuotaProgress:
    number: int  # its place in the plan's quotas, from 1
    quota: Any   # plans.Quota
    periods: tuple[Period, ...]

    @property
    def missed(self) -> tuple[Period, ...]:
        """The periods over with fewer items than required."""
        return tuple(p for p in self.periods if p.state == "not_met")


@dataclasses.dataclass(frozen=True)
class Evident:
    """One piece of evidence, as the page links it."""

    label: str
    page: str | None = None
    url: str | None = None
    date: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class TaskProgress:
    task: Any  # plans.Task
    state: str  # TASK_STATES
    next_due: dt.date | None
    last: ProgressEntry | None
    evidence: tuple[Evident, ...]
    entries: tuple[ProgressEntry, ...]

    @property
    def state_label(self) -> str:
        return TASK_STATES[self.state]

    @property
    def anchor(self) -> str:
        return f"nhiem-vu-{slugify(self.task.number)}"

    @property
    def last_text(self) -> str:
        """The last progress entry in one line, as the report's table gives it."""
        if not self.last:
            return "Chưa cập nhật"
        reason = f" Lý do: {self.last.reason}" if self.last.reason else ""
        return f"{format_date(self.last.date)}, {self.last.status}: {self.last.text}{reason}"


@dataclasses.dataclass(frozen=True)
class Deadline:
    date: dt.date
    what: str
    task: str | None  # the task's number; None for a report


@dataclasses.dataclass(frozen=True)
class PlanProgress:
    plan_id: str
    at: dt.date
    tasks: tuple[TaskProgress, ...]
    quotas: tuple[QuotaProgress, ...]
    deadlines: tuple[Deadline, ...]
    recorded: bool  # a progress file exists: the plan's progress is tracked (task_state says what that means)
    illustrative: bool
    note: str | None

    @property
    def deadline_span(self) -> tuple[dt.date, dt.date] | None:
        """The first and the last deadline of the plan's tasks: what a page says of a plan whose progress is
        not recorded, instead of a state nobody recorded."""
        days = [d for t in self.tasks for d in t.task.due_dates()]
        return (min(days), max(days)) if days else None

    def count(self, state: str) -> int:
        return sum(1 for t in self.tasks if t.state == state)

    def with_state(self, *states: str) -> tuple[TaskProgress, ...]:
        return tuple(t for t in self.tasks if t.state in states)

    @property
    def current(self) -> tuple[tuple[QuotaProgress, Period], ...]:
        """Each counted quota with its period under way."""
        return tuple((q, p) for q in self.quotas if q.quota.counts for p in q.periods if p.start <= self.at <= p.end)

    @property
    def at_risk(self) -> tuple[tuple[QuotaProgress, Period], ...]:
        """The periods under way that have fewer items than required so far."""
        return tuple((q, p) for q, p in self.current if p.state == "open")


def _news_page(entry: Entry[Any]) -> str:
    """A news item's page below docs, by its slug (news' own address rule: ``slug``, else its file's name)."""
    return f"tin-tuc/{entry.model.slug or entry.id}.md"


def _local_day(entry: Entry[Any]) -> dt.date:
    return entry.model.date.astimezone(TZ).date()


def periods(per: str, year: int) -> list[tuple[str, dt.date, dt.date]]:
    """(label, first day, last day) of each month, quarter or the year of a plan."""
    if per == "month":
        return [(f"Tháng {m:02d}/{year}", dt.date(year, m, 1), dt.date(year, m, calendar.monthrange(year, m)[1]))
                for m in range(1, 13)]
    if per == "quarter":
        return [(f"Quý {ROMAN[q]}/{year}", dt.date(year, q * 3 - 2, 1),
                 dt.date(year, q * 3, calendar.monthrange(year, q * 3)[1])) for q in range(1, 5)]
    return [(f"Năm {year}", dt.date(year, 1, 1), dt.date(year, 12, 31))]


def counted_items(content: Content, quota: Any, links: list[Link], at: dt.date) -> list[Item]:
    """Every item that counts towards ``quota`` up to ``at``: this site's news, and links naming its channel."""
    rule = quota.counts
    if rule is None:
        return []

    def fits(unit: str | None, category: str | None) -> bool:
        return (not rule.units or unit in rule.units) and (not rule.categories or category in rule.categories)

    found = []
    if rule.channel in content.site.channels:
        found += [Item(_local_day(n), n.model.title, n.model.unit, n.model.category, rule.channel, page=_news_page(n))
                  for n in content["news"] if _local_day(n) <= at and fits(n.model.unit, n.model.category)]
    seen = set()
    for link in links:
        if link.channel == rule.channel and link.date <= at and link.url not in seen and fits(link.unit, link.category):
            seen.add(link.url)
            found.append(Item(link.date, link.title, link.unit, link.category, rule.channel, url=link.url))
    return sorted(found, key=lambda i: (i.date, i.title))


def _quota_progress(content: Content, number: int, quota: Any, year: int, signed: dt.date | None,
                    links: list[Link], at: dt.date) -> QuotaProgress:
    """The quota period by period; a period over by the day the plan was signed asked nothing of anyone."""
    items = counted_items(content, quota, links, at)
    found = []
    for label, start, end in periods(quota.per, year):
        if signed and end <= signed:
            continue
        inside = tuple(i for i in items if start <= i.date <= end)
        if start > at:
            state = "upcoming"
        elif len(inside) >= quota.count:
            state = "met"
        else:
            state = "not_met" if end < at else "open"
        found.append(Period(label, start, end, quota.count, inside, state))
    return QuotaProgress(number, quota, tuple(found))


def _fulfilled(dues: list[dt.date], done: list[dt.date]) -> set[dt.date]:
    """The deadlines a «done» entry answers: each entry the earliest unanswered deadline whose window it is in.

    A deadline's window opens the day after the deadline before it, so a report done early in March answers
    the March deadline, and one done late (after the deadline) still answers it rather than the next one.
    """
    answered: set[dt.date] = set()
    for day in sorted(done):
        for index, due in enumerate(dues):
            opens = dues[index - 1] if index else dt.date.min
            if due not in answered and day > opens:
                answered.add(due)
                break
    return answered


def task_state(task: Any, entries: list[ProgressEntry], at: dt.date, *, tracked: bool
               ) -> tuple[str, dt.date | None]:
    """What a task is at ``at``, and its next deadline not yet met.

    ``tracked``: the plan has a progress file. Every task of such a plan is tracked, one without an entry too:
    the agency keeps a record and recorded nothing for that task, so a deadline passed without a «done» entry
    makes it overdue. Without a progress file nobody recorded anything: a task with deadlines is «untracked»,
    never overdue (a public site states only what its records show), and its next deadline is the first on or
    after ``at`` (None once all have passed; the pages then list its deadlines).
    """
    if not tracked:
        dues = task.due_dates()
        if dues:
            return "untracked", next((d for d in dues if d >= at), None)
        return ("ongoing" if task.ongoing else "no_deadline"), None
    last = entries[-1] if entries else None
    if last and last.status == DROPPED:
        return "dropped", None
    dues = task.due_dates()
    if not dues:
        if task.ongoing:
            return "ongoing", None
        return ("done" if last and last.status == DONE else "no_deadline"), None
    answered = _fulfilled(dues, [e.date for e in entries if e.status == DONE])
    pending = [d for d in dues if d not in answered]
    if not pending:
        return "done", None
    due = pending[0]
    if due < at:
        return "overdue", due
    return ("due_soon" if (due - at).days <= DUE_SOON_DAYS else "on_time"), due


@dataclasses.dataclass(frozen=True)
class _Sources:
    """What evidence may name, looked up once per plan rather than once per task."""

    news: dict[str, Entry[Any]]  # by file name, id and slug
    tagged: dict[str, list[Entry[Any]]]  # the news items that name a task («plan#number»), newest first
    documents: dict[str, Entry[Any]]

    @classmethod
    def of(cls, content: Content) -> _Sources:
        tagged: dict[str, list[Entry[Any]]] = {}
        for item in content["news"]:
            for ref in dict.fromkeys(item.model.tasks):
                tagged.setdefault(ref, []).append(item)
        return cls({key: n for n in content["news"] for key in (n.id, n.model.id, n.model.slug) if key}, tagged,
                   {d.id: d for d in content.records.get("documents", [])})


def _evidence(sources: _Sources, plan_id: str, number: str, entries: list[ProgressEntry]) -> tuple[Evident, ...]:
    """What shows the work: the entries' evidence and the news items that name the task, once each."""
    news, documents = sources.news, sources.documents
    found: dict[str, Evident] = {}
    tagged = sources.tagged.get(f"{plan_id}#{number}", [])
    # a news item not published (a draft, dated later, or with errors of its own) is no evidence yet: its name
    # stays off the public page
    for item in [*(news[ref] for e in entries for ref in e.evidence.news if ref in news), *tagged]:
        found.setdefault(item.id, Evident(item.model.title, page=_news_page(item), date=_local_day(item)))
    for entry in entries:
        for ref in entry.evidence.documents:
            doc = documents.get(ref)
            found.setdefault(f"doc:{ref}", Evident(doc.model.number or ref, page=f"van-ban/{ref}.md") if doc
                             else Evident(ref))
        for link in entry.evidence.links:
            found.setdefault(link.url, Evident(link.title, url=link.url, date=link.date))
    return tuple(sorted(found.values(), key=lambda e: (e.date or dt.date.min, e.label)))


def plan_progress(content: Content, plan_entry: Entry[Any], at: dt.date) -> PlanProgress:
    """A plan's tasks and quotas as they stand at ``at``: what the progress page, the report and the data show."""
    plan = plan_entry.model
    record = next((p for p in content.records.get("progress", []) if p.id == plan_entry.id), None)
    entries = sorted((e for e in record.model.entries if e.date <= at), key=lambda e: e.date) if record else []
    links = [link for e in entries for link in e.evidence.links]
    tasks = []
    deadlines = []
    sources = _Sources.of(content)
    for task in plan.tracked_tasks():
        mine = [e for e in entries if e.task == task.number]
        state, due = task_state(task, mine, at, tracked=record is not None)
        tasks.append(TaskProgress(task, state, due, mine[-1] if mine else None,
                                  _evidence(sources, plan_entry.id, task.number, mine), tuple(mine)))
        if due and due >= at:
            deadlines.append(Deadline(due, task.content, task.number))
    for report in plan.reporting:
        deadlines += [Deadline(d, short(report.text), None) for due in report.due for d in due.dates() if d >= at]
    quotas = tuple(_quota_progress(content, i, q, plan.year, plan.date, links, at)
                   for i, q in enumerate(plan.quotas, 1))
    unique = sorted(set(deadlines), key=lambda d: (d.date, d.task is None, d.task or "", d.what))
    return PlanProgress(plan_entry.id, at, tuple(tasks), quotas, tuple(unique[:NEXT_DEADLINES]), record is not None,
                        record.model.illustrative if record else False, record.model.note if record else None)


def derive(content: Content) -> dict[str, Any]:
    """Every plan's progress at the moment of building, for the plan page, the home page and the report."""
    at = content.now.astimezone(TZ).date()
    return {"progress": {p.id: plan_progress(content, p, at) for p in content["plans"]}}


# --------------------------------------------------------------------------- pages

def progress_path(plan_id: str) -> str:
    return f"ke-hoach/{plan_id}/tien-do.md"


def render_pages(content: Content, memo: Memo) -> Iterator[Output]:
    at = content.now.astimezone(TZ).date()
    records = {p.id: p for p in content["progress"]}
    for plan in content["plans"]:
        inputs = (plan, records.get(plan.id), at, *content["news"], *content.records.get("documents", []))
        yield memo.get(content, ("progress", plan.id), inputs, lambda p=plan: _page(content, p))
        for period in published_reports(content, plan):
            yield memo.get(content, ("report", plan.id, period.code), inputs,
                           lambda p=plan, r=period: _report_page(content, p, r))


REPORT_CODES = ("Q1", "Q2", "H1", "Q3", "9M", "Q4", "")  # in the order their periods end; "" is the year


def published_reports(content: Content, plan_entry: Entry[Any]) -> list[ReportPeriod]:
    """The periods of the plan's year that are over at the moment of building, when the plan publishes its reports."""
    if not plan_entry.model.publish_reports:
        return []
    today = content.now.astimezone(TZ).date()
    periods = [report_period(f"{plan_entry.model.year}-{code}".rstrip("-")) for code in REPORT_CODES]
    return [p for p in periods if p.end < today]


def report_path(plan_id: str, period: ReportPeriod) -> str:
    return f"ke-hoach/{plan_id}/bao-cao/{period.code.lower()}.md"


def _report_page(content: Content, plan_entry: Entry[Any], period: ReportPeriod) -> Output:
    r = report(content, plan_entry.id, period)
    return page_output(report_path(plan_entry.id, period),
                       page_meta(content, f"Báo cáo {period.label}: {plan_entry.model.label}", r.abstract,
                                 plan_entry.source.as_posix(), r.at, terms=[plan_entry.model.title]),
                       "report_page.html.j2", r=r, per=PER, short_task=short_task, base=str(content.site.base_url),
                       signer_blank=SIGNER_BLANK)


def _page(content: Content, plan_entry: Entry[Any]) -> Output:
    plan = plan_entry.model
    progress = content.shared["progress"][plan_entry.id]
    source = f"progress/{plan_entry.id}.yml" if progress.recorded else "progress/"
    # the newest fact the page shows, never the day of the build: the sitemap's date stays put
    updated = max([plan.updated or plan.date or content.newest_date(), *(e.date for t in progress.tasks for e in t.entries),
                   *(i.date for q in progress.quotas for p in q.periods for i in p.items)])
    return page_output(progress_path(plan_entry.id),
                       page_meta(content, f"Tiến độ {plan.label}", f"Tiến độ thực hiện «{plan.title}»: chỉ tiêu "
                                 "đăng tin, tình trạng từng nhiệm vụ và các hạn sắp tới.", source, updated,
                                 terms=[plan.title]),
                       "progress.html.j2", plan=plan, plan_id=plan_entry.id, progress=progress,
                       reports=[(p.label, report_path(plan_entry.id, p).removeprefix(f"ke-hoach/{plan_entry.id}/"))
                                for p in published_reports(content, plan_entry)],
                       states=TASK_STATES, soon=DUE_SOON_DAYS, chart=[_chart(q) for q in progress.quotas])


CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BOTTOM, CHART_LEFT = 320, 180, 12, 28, 26


def _chart(quota: QuotaProgress) -> dict[str, Any]:
    """Bars of a quota's periods against its line, in the SVG's own units: the template draws them."""
    top = max([quota.quota.count, *(p.published for p in quota.periods)]) or 1
    plot = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    # a quota may have no period left (the plan model refuses a plan signed after its year, but a chart never
    # divides by zero): no bars then
    step = (CHART_WIDTH - CHART_LEFT) / max(len(quota.periods), 1)

    def y(value: int) -> float:
        return round(CHART_TOP + plot * (1 - value / top), 1)

    bars = [{"x": round(CHART_LEFT + i * step + step * 0.15, 1), "width": round(step * 0.7, 1),
             "y": y(p.published), "height": round(plot * p.published / top, 1), "value": p.published,
             "label": p.label.split("/")[0].removeprefix("Tháng ").removeprefix("Quý ").removeprefix("Năm "),
             "met": p.state == "met", "started": p.state != "upcoming",
             "centre": round(CHART_LEFT + i * step + step / 2, 1)} for i, p in enumerate(quota.periods)]
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars, "line": y(quota.quota.count),
            "left": CHART_LEFT, "base": CHART_HEIGHT - CHART_BOTTOM, "top": top}


# --------------------------------------------------------------------------- open data

class QuotaPeriodRecord(Model):
    """One period of one quota: required, published, met or not."""

    plan_id: str = Field(title="mã kế hoạch")
    quota: int = Field(title="chỉ tiêu số", description="Thứ tự chỉ tiêu trong kế hoạch, từ 1")
    what: str = Field(title="loại tin, bài")
    channel: str | None = Field(title="mã kênh")
    period: str = Field(title="kỳ")
    start: dt.date = Field(title="từ ngày")
    end: dt.date = Field(title="đến ngày")
    required: int = Field(title="số lượng tối thiểu")
    published: int = Field(title="số đã đăng")
    state: str = Field(title="kết quả", description=", ".join(PERIOD_STATES.values()))
    items: list[str] = Field(title="địa chỉ các tin được tính")
    as_of: dt.date = Field(title="tính đến ngày")


class TaskStatusRecord(Model):
    """One task of a plan at the moment of building."""

    plan_id: str = Field(title="mã kế hoạch")
    number: str = Field(title="số thứ tự nhiệm vụ")
    content: str = Field(title="nội dung")
    state: str = Field(title="tình trạng", description=", ".join(TASK_STATES.values()))
    next_due: dt.date | None = Field(title="hạn kế tiếp chưa đạt")
    last_date: dt.date | None = Field(title="ngày cập nhật gần nhất")
    last_status: str | None = Field(title="tình trạng ghi gần nhất")
    last_text: str | None = Field(title="nội dung cập nhật gần nhất")
    evidence: list[str] = Field(title="minh chứng (địa chỉ)")
    as_of: dt.date = Field(title="tính đến ngày")
    illustrative: bool = Field(title="dữ liệu minh họa")


def _address(content: Content, page: str | None, url: str | None) -> str:
    """An item's address: its outside link, or its page on this site."""
    if url:
        return url
    return f"{content.site.base_url}{page.removesuffix('.md')}/" if page else ""


def _quota_records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    found = []
    for plan_id, progress in sorted(content.shared["progress"].items()):
        for q in progress.quotas:
            for p in q.periods:
                found.append(QuotaPeriodRecord(
                    plan_id=plan_id, quota=q.number, what=q.quota.what,
                    channel=q.quota.counts.channel if q.quota.counts else None, period=p.label, start=p.start,
                    end=p.end, required=p.required, published=p.published, state=p.state_label,
                    items=[_address(content, i.page, i.url) for i in p.items], as_of=progress.at,
                ).model_dump(mode="json"))
    return found


def _task_records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    found = []
    for plan_id, progress in sorted(content.shared["progress"].items()):
        for t in progress.tasks:
            found.append(TaskStatusRecord(
                plan_id=plan_id, number=t.task.number, content=t.task.content, state=t.state_label,
                next_due=t.next_due, last_date=t.last.date if t.last else None,
                last_status=t.last.status if t.last else None, last_text=t.last.text if t.last else None,
                evidence=[_address(content, e.page, e.url) for e in t.evidence if e.page or e.url],
                as_of=progress.at, illustrative=progress.illustrative,
            ).model_dump(mode="json"))
    return found


def new_progress(root: Path, plan_id: str, now: dt.datetime | None = None) -> Path:
    """progress/<plan-id>.yml with one entry to fill in; refused unless plans/<plan-id>.yml exists."""
    stem = scaffolding.slug(plan_id, "tên tệp kế hoạch")
    if not (root / "plans" / f"{stem}.yml").is_file():
        plans = ", ".join(f"«{p.stem}»" for p in sorted((root / "plans").glob("*.yml"))) or "chưa có kế hoạch nào"
        raise scaffolding.Refused(f"không có kế hoạch plans/{stem}.yml; tệp tiến độ mang đúng tên tệp của kế "
                                  f"hoạch. Các kế hoạch có: {plans}")
    return scaffolding.new_record(root, "progress", "progress", stem, now,
                                  help=scaffolding.field_help(Progress), entry=scaffolding.field_help(ProgressEntry),
                                  evidence=scaffolding.field_help(Evidence), link=scaffolding.field_help(Link),
                                  statuses=[DONE, DOING, NOT_STARTED, DROPPED])

KIND = Kind(
    name="progress", label="tệp tiến độ", model=Progress, schema="progress", files="progress/*.yml",
    line_depth=None, pages=render_pages, check=check, derive=derive, derived_for_all=False,
    datasets=(Dataset("quota-periods", "Chỉ tiêu đăng tin theo kỳ", "Mỗi chỉ tiêu của kế hoạch theo tháng, quý "
                      "hoặc năm: số yêu cầu, số đã đăng, đạt hay không.", QuotaPeriodRecord, _quota_records),
              Dataset("task-status", "Tình trạng nhiệm vụ", "Tình trạng từng nhiệm vụ của kế hoạch tại thời điểm "
                      "dựng trang, lần cập nhật gần nhất và minh chứng.", TaskStatusRecord, _task_records)),
    scaffold=new_progress, scaffold_value="tên tệp kế hoạch",
)


# --------------------------------------------------------------------------- the periodic report

@dataclasses.dataclass(frozen=True)
class ReportPeriod:
    code: str   # as typed: 2024-Q1, 2024-H1, 2024-9M, 2024
    label: str  # as the report says it: «quý I năm 2024»
    start: dt.date
    end: dt.date


REPORT_FORMS = "«2024-Q1» … «2024-Q4» (quý), «2024-H1» (6 tháng), «2024-9M» (9 tháng) hoặc «2024» (năm)"


def report_period(code: str) -> ReportPeriod:
    """A report's period from what an editor types; a ValueError in Vietnamese for anything else."""
    text = code.strip().upper()
    year, _, part = text.partition("-")
    if not (year.isdigit() and len(year) == 4 and 2000 <= int(year) <= 2100):
        raise ValueError(f"kỳ báo cáo «{code}» không hợp lệ; viết {REPORT_FORMS}")
    y = int(year)
    if not part:
        return ReportPeriod(text, f"năm {y}", dt.date(y, 1, 1), dt.date(y, 12, 31))
    if part in ("Q1", "Q2", "Q3", "Q4"):
        q = int(part[1])
        return ReportPeriod(text, f"quý {ROMAN[q]} năm {y}", dt.date(y, q * 3 - 2, 1),
                            dt.date(y, q * 3, calendar.monthrange(y, q * 3)[1]))
    if part == "H1":
        return ReportPeriod(text, f"6 tháng đầu năm {y}", dt.date(y, 1, 1), dt.date(y, 6, 30))
    if part == "9M":
        return ReportPeriod(text, f"9 tháng năm {y}", dt.date(y, 1, 1), dt.date(y, 9, 30))
    raise ValueError(f"kỳ báo cáo «{code}» không hợp lệ; viết {REPORT_FORMS}")


@dataclasses.dataclass(frozen=True)
class Tally:
    """Items of the period counted by one key (unit, category or channel)."""

    by: str
    rows: tuple[tuple[str, int], ...]


@dataclasses.dataclass(frozen=True)
class QuotaReport:
    quota: Any
    periods: tuple[Period, ...]  # the quota's periods that overlap the report's
    items: tuple[Item, ...]
    tallies: tuple[Tally, ...]
    required: int | None  # over the quota's periods inside the report's; None when none lies inside (a year's)
    met: int  # how many of those periods met the quota

    @property
    def published(self) -> int:
        return len(self.items)

    @property
    def sentence(self) -> str:
        """What the report says of the quota over its period."""
        if self.quota.counts is None:
            return "Kế hoạch chưa ghi cách đếm chỉ tiêu này."
        if self.required is None:
            return f"Trong kỳ báo cáo đã đăng {self.published} tin, bài được tính vào chỉ tiêu."
        return (f"Trong kỳ báo cáo đã đăng {self.published}/{self.required} tin, bài theo yêu cầu; "
                f"{self.met}/{len(self.periods)} kỳ đạt chỉ tiêu.")


@dataclasses.dataclass(frozen=True)
class Report:
    plan: Any
    plan_id: str
    period: ReportPeriod
    at: dt.date        # what the statuses are relative to: the period's end, or the build's day if earlier
    written: dt.date   # the draft's date
    progress: PlanProgress
    news: tuple[Item, ...]  # every news item on this site in the period
    tallies: tuple[Tally, ...]
    quotas: tuple[QuotaReport, ...]

    @property
    def overdue(self) -> tuple[TaskProgress, ...]:
        return self.progress.with_state("overdue")

    @property
    def untracked(self) -> str:
        """What section III says of a plan without a progress file: no task is said done or late."""
        return (f"Cơ quan chưa cập nhật tiến độ thực hiện nhiệm vụ (chưa có tệp progress/{self.plan_id}.yml), nên báo "
                "cáo chưa nêu được nhiệm vụ nào đã hoàn thành hay chậm hạn. Các hạn theo kế hoạch đến hết kỳ:")

    @property
    def deadlines(self) -> tuple[tuple[TaskProgress, tuple[dt.date, ...]], ...]:
        """Each task with its deadlines up to the period's end: what the report lists when progress is not recorded."""
        return tuple((t, days) for t in self.progress.tasks
                     if (days := tuple(d for d in t.task.due_dates() if d <= self.period.end)))

    @property
    def symbol(self) -> str:
        """The report's symbol from the plan's: KH-SLĐTBXH gives BC-SLĐTBXH."""
        return "BC-" + self.plan.symbol.split("-", 1)[1] if "-" in self.plan.symbol else "BC"

    @property
    def plan_name(self) -> str:
        return f"Kế hoạch số {self.plan.known_number}" if self.plan.known_number else "Kế hoạch"

    @property
    def abstract(self) -> str:
        """The report's trích yếu: «Kết quả quý I năm 2024 thực hiện Kế hoạch số 28/KH-SLĐTBXH về …»."""
        return f"Kết quả {self.period.label} thực hiện {self.plan_name} về {_lower_first(self.plan.title)}"

    @property
    def intro(self) -> str:
        plan = self.plan
        return (f"Thực hiện {self.plan_name} {plan.issued} của {plan.issuer} về {_lower_first(plan.title)}, "
                f"{plan.issuer} báo cáo kết quả thực hiện {self.period.label} như sau:")

    @property
    def recipients(self) -> list[str]:
        """Where the plan says reports go (not the issuer itself), else its parent body; and the archive."""
        found = [r.to for r in self.plan.reporting if r.to and r.to != self.plan.issuer]
        found = list(dict.fromkeys(found)) or ([self.plan.parent_body] if self.plan.parent_body else [])
        return [*found, "Lưu: VT"]


PER = {"month": "tháng", "quarter": "quý", "year": "năm"}
SIGNER_BLANK = "……………………………"  # the signer's name, written by hand or typed when the report is signed


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def short_task(text: str) -> str:
    """A task's text in one line of at most 160 characters, cut at a word."""
    first = " ".join(text.split())
    return first if len(first) <= 160 else first[:160].rsplit(" ", 1)[0] + "…"


def _tallies(items: list[Item]) -> tuple[Tally, ...]:
    found = []
    for by, key in (("Đơn vị", lambda i: i.unit or "Không ghi"), ("Chuyên mục", lambda i: i.category or "Không ghi"),
                    ("Kênh", lambda i: i.channel)):
        counts: dict[str, int] = {}
        for item in items:
            counts[key(item)] = counts.get(key(item), 0) + 1
        found.append(Tally(by, tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))))
    return tuple(found)


def report(content: Content, plan_id: str, period: ReportPeriod) -> Report:
    """Everything the periodic report says, computed from the content as it stood at the end of the period."""
    plan_entry = next(p for p in content["plans"] if p.id == plan_id)
    today = content.now.astimezone(TZ).date()
    at = min(today, period.end)
    progress = plan_progress(content, plan_entry, at)
    channel = content.site.channels[0] if content.site.channels else "trang-nay"
    news = [Item(_local_day(n), n.model.title, n.model.unit, n.model.category, channel, page=_news_page(n))
            for n in content["news"] if period.start <= _local_day(n) <= at]
    quotas = []
    for q in progress.quotas:
        inside = tuple(p for p in q.periods if p.start <= period.end and p.end >= period.start and p.start <= at)
        items = tuple(i for p in inside for i in p.items if period.start <= i.date <= period.end)
        whole = [p for p in inside if period.start <= p.start and p.end <= period.end]
        quotas.append(QuotaReport(q.quota, inside, items, _tallies(list(items)),
                                  sum(p.required for p in whole) if whole else None,
                                  sum(1 for p in whole if p.state == "met")))
    return Report(plan_entry.model, plan_id, period, at, today, progress, tuple(sorted(news, key=lambda i: i.date)),
                  _tallies(news), tuple(quotas))
