"""Drafts for public comment (lấy ý kiến dự thảo): drafts/<slug>.yml, one draft document open for comments.

A draft is upcoming, open or closed at the moment of building (``content.now``,
the ``--now`` option), so the nightly build opens and closes them with no edit.
The drafts page (du-thao/) lists the open ones first with the days left, then
the upcoming ones, then the archive of closed ones, which are never removed;
each draft has its page (du-thao/<slug>/) saying how to comment; the calendar
lich/du-thao.ics holds every closing date; and the "drafts" dataset carries
the status at build time. Every output that shows a status has it among its
memo inputs, so the live preview never shows yesterday's.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ..core import scaffolding
from ..core.calendars import CalendarEvent, calendar
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset
from ..core.errors import ContentError
from ..core.fields import MARKDOWN, AssetPath, Date, Email, Model, Text, Title, WebAddress
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.vietnamese import TZ, format_date

INDEX = "du-thao/index.md"
CALENDAR = "lich/du-thao.ics"
LAST_SECOND = dt.time(23, 59, 59)  # comments are taken until the end of the closing day, Vietnam time


class Status(str, Enum):
    upcoming = "sắp mở"
    open = "đang lấy ý kiến"
    closed = "đã hết hạn"


class Comment(Model):
    """Where comments go: at least one way."""

    email: Email | None = Field(None, title="thư điện tử nhận góp ý", description="Ví dụ: duthao@laichau.gov.vn")
    postal: str | None = Field(None, title="địa chỉ gửi văn bản góp ý", description="Tên cơ quan và địa chỉ bưu chính")
    web: WebAddress | None = Field(None, title="trang góp ý trực tuyến",
                                   description="Địa chỉ https:// của trang nhận góp ý chính thức")

    @model_validator(mode="after")
    def _one_way(self) -> Comment:
        if not (self.email or self.postal or self.web):
            raise ValueError("cần ít nhất một cách gửi góp ý: thư điện tử (email), địa chỉ gửi văn bản (postal) "
                             "hoặc trang góp ý trực tuyến (web)")
        return self


class Draft(Model):
    """drafts/<slug>.yml: a draft document put out for public comment."""

    title: Title = Field(title="tên dự thảo")
    type: Text = Field(title="loại văn bản dự kiến", description="Ví dụ: Nghị quyết, Quyết định, Kế hoạch")
    drafting_agency: Text = Field(title="cơ quan chủ trì soạn thảo")
    summary: Text = Field(title="tóm tắt nội dung", description="Markdown", json_schema_extra=MARKDOWN)
    file: AssetPath | None = Field(None, title="tệp dự thảo",
                                   description="Tệp trong thư mục assets/, ví dụ assets/du-thao/ke-hoach-2025.pdf")
    url: WebAddress | None = Field(None, validate_default=True, title="địa chỉ dự thảo trên trang chính thức",
                                   description="Cần ít nhất một trong hai: tệp dự thảo (file) hoặc địa chỉ này")
    opens: Date = Field(title="ngày bắt đầu lấy ý kiến", description="YYYY-MM-DD hoặc dd/mm/yyyy")
    closes: Date = Field(title="hạn góp ý", description="Ngày cuối cùng nhận góp ý: nhận đến hết 23:59:59 ngày này "
                                                        "(giờ Việt Nam); không trước ngày bắt đầu")
    comment: Comment = Field(title="cách gửi góp ý")
    contact: str | None = Field(None, title="liên hệ", description="Đơn vị hoặc người giải đáp về dự thảo")
    result: str | None = Field(None, title="kết quả lấy ý kiến", description="Markdown: tóm tắt các ý kiến đã nhận, "
                               "ghi sau khi hết hạn", json_schema_extra=MARKDOWN)
    illustrative: bool = Field(False, title="dữ liệu minh họa")

    @field_validator("url")
    @classmethod
    def _file_or_url(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A draft nobody can read cannot be commented on."""
        if value is None and "file" in info.data and info.data["file"] is None:
            raise ValueError("cần tệp dự thảo (file) trong thư mục assets/ hoặc địa chỉ dự thảo trên trang chính "
                             "thức (url)")
        return value

    @field_validator("closes")
    @classmethod
    def _after_opening(cls, value: dt.date, info: ValidationInfo) -> dt.date:
        opens = info.data.get("opens")
        if opens is not None and value < opens:
            raise ValueError(f"hạn góp ý {format_date(value)} trước ngày bắt đầu lấy ý kiến {format_date(opens)}")
        return value

    def opens_at(self) -> dt.datetime:
        return dt.datetime.combine(self.opens, dt.time(), TZ)

    def closes_at(self) -> dt.datetime:
        return dt.datetime.combine(self.closes, LAST_SECOND, TZ)

    def status_at(self, now: dt.datetime) -> Status:
        if now < self.opens_at():
            return Status.upcoming
        return Status.open if now <= self.closes_at() else Status.closed

    def days_left(self, now: dt.datetime) -> int:
        """Whole days after today until the closing day: 0 on the last day."""
        return (self.closes - now.astimezone(TZ).date()).days


class DraftRecord(Draft):
    id: str = Field(title="mã dự thảo")
    page_url: str = Field(title="địa chỉ trang dự thảo")
    status: Status = Field(title="tình trạng lúc dựng trang",
                           description="sắp mở, đang lấy ý kiến hoặc đã hết hạn, tại thời điểm dựng trang")
    file_url: str | None = Field(title="địa chỉ tải tệp dự thảo")
    file_bytes: int | None = Field(title="dung lượng tệp (byte)")


def check(drafts: list[Entry[Draft]], checks: Checks) -> list[Entry[Draft]]:
    """A draft's file must be a real file in the content folder, or its page would offer a broken download."""
    missing = set()
    for entry in drafts:
        file = entry.model.file
        if file and (not (checks.root / file).is_file() or (checks.root / file).is_symlink()):
            missing.add(entry.source)
            checks.errors.append(ContentError(entry.source, entry.line_of("file"), "tệp dự thảo (file)",
                                              f"không có tệp «{file}» trong thư mục nội dung; hãy tải tệp lên "
                                              "thư mục assets/ và ghi đúng đường dẫn"))
    return [d for d in drafts if d.source not in missing]


def _size(content: Content, draft: Draft) -> int | None:
    return (content.root / draft.file).stat().st_size if draft.file else None


def size_label(size: int) -> str:
    """«48 kB», «1,2 MB»: what a download costs, in the decimal units and the comma Vietnamese readers use."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _state(content: Content, entry: Entry[Draft]) -> tuple[Entry[Draft], Status, int, int | None]:
    """What a draft's outputs are made of at this build: the record, its status, days left and file size."""
    draft = entry.model
    return entry, draft.status_at(content.now), draft.days_left(content.now), _size(content, draft)


def render_drafts(content: Content, memo: Memo) -> list[Output]:
    states = [_state(content, e) for e in content["drafts"]]
    found = [memo.get(content, INDEX, tuple(states), lambda: _index(content, states))]  # the footer links it
    for state in states:
        found.append(memo.get(content, ("draft", state[0].id), state, lambda s=state: _draft_page(content, *s)))
    return found


def _updated(content: Content, draft: Draft, status: Status) -> dt.date:
    """The day the draft's status last changed: it opened, or closed; an upcoming one has the site's date."""
    if status is Status.closed:
        return draft.closes + dt.timedelta(days=1)
    return draft.opens if status is Status.open else content.newest_date()


def _index(content: Content, states: list[tuple[Entry[Draft], Status, int, int | None]]) -> Output:
    def of(status: Status) -> list[tuple[Entry[Draft], int]]:
        return [(e, days) for e, s, days, _ in states if s is status]

    opened = sorted(of(Status.open), key=lambda d: (d[0].model.closes, d[0].id))
    upcoming = sorted(of(Status.upcoming), key=lambda d: (d[0].model.opens, d[0].id))
    closed = sorted(of(Status.closed), key=lambda d: (d[0].model.closes, d[0].id), reverse=True)
    updated = max((_updated(content, e.model, s) for e, s, _, _ in states), default=content.newest_date())
    return page_output(INDEX, page_meta(content, "Lấy ý kiến dự thảo", "Dự thảo văn bản đang lấy ý kiến người dân, "
                                        "doanh nghiệp; dự thảo sắp lấy ý kiến và lưu trữ các dự thảo đã hết hạn.",
                                        "drafts/", updated, terms=[e.model.title for e, *_ in states]),
                       "drafts.html.j2", opened=opened, upcoming=upcoming, closed=closed,
                       calendar=f"../{CALENDAR}" if states else None,
                       illustrative=any(e.model.illustrative for e, *_ in states))


def _draft_page(content: Content, entry: Entry[Draft], status: Status, days: int, size: int | None) -> Output:
    draft = entry.model
    return page_output(f"du-thao/{entry.id}.md",
                       page_meta(content, draft.title, f"Dự thảo {draft.type} do {draft.drafting_agency} chủ trì "
                                 f"soạn thảo; nhận góp ý từ {format_date(draft.opens)} đến hết ngày "
                                 f"{format_date(draft.closes)}.", entry.source.as_posix(),
                                 _updated(content, draft, status), terms=[draft.type, draft.drafting_agency],
                                 body=draft.summary),
                       "draft.html.j2", d=draft, status=status, days=days, Status=Status,
                       file_label=f"{draft.file.rsplit('.', 1)[-1].upper()}, {size_label(size)}" if size else None,
                       calendar=f"../{CALENDAR}")


def _page_url(content: Content, entry: Entry[Draft]) -> str:
    return f"{content.site.base_url}du-thao/{entry.id}/"


def render_calendar(content: Content, memo: Memo) -> list[Output]:
    """lich/du-thao.ics: every draft's closing day, as an all-day event; none when there is no draft."""
    drafts = content["drafts"]
    if not drafts:
        return []
    return [memo.get(content, CALENDAR, tuple(drafts), lambda: _calendar(content, drafts))]


def _calendar(content: Content, drafts: list[Entry[Draft]]) -> Output:
    events = []
    for entry in drafts:
        d = entry.model
        page = _page_url(content, entry)
        events.append(CalendarEvent(
            entry.id, d.closes, d.closes + dt.timedelta(days=1), f"Hạn góp ý dự thảo – {d.title}",
            f"{d.title}\n\nLoại văn bản: {d.type}\nCơ quan chủ trì soạn thảo: {d.drafting_agency}\n"
            f"Nhận góp ý từ {format_date(d.opens)} đến hết ngày {format_date(d.closes)} (giờ Việt Nam).\n"
            f"Cách góp ý: {page}", page))
    stamp = dt.datetime.combine(max(e.model.opens for e in drafts), dt.time(), TZ)
    return calendar(content.site, CALENDAR, "Hạn góp ý dự thảo", f"Hạn cuối nhận góp ý các dự thảo văn bản của "
                    f"{content.site.name}.", f"{content.site.base_url}du-thao/", stamp, events,
                    "-//cchc-site//Lich han gop y du thao//VI")


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    found = []
    for entry in sorted(content["drafts"], key=lambda e: e.id):
        state = _state(content, entry)
        found.append(memo.get(content, ("record", "draft", entry.id), state, lambda s=state: _record(content, *s)))
    return found


def _record(content: Content, entry: Entry[Draft], status: Status, days: int, size: int | None) -> dict[str, Any]:
    draft = entry.model
    return {**draft.model_dump(mode="json"), "id": entry.id, "page_url": _page_url(content, entry),
            "status": status.value, "file_url": f"{content.site.base_url}{draft.file}" if draft.file else None,
            "file_bytes": size}


def new_draft(root: Path, title: str, now: dt.datetime | None = None) -> Path:
    title = scaffolding.checked(Draft, "title", title)
    return scaffolding.new_record(root, "draft", "drafts", scaffolding.slug(title, "tên dự thảo", 80), now, title=title,
                                  help=scaffolding.field_help(Draft), comment=scaffolding.field_help(Comment))


KIND = Kind(
    name="drafts", label="dự thảo", model=Draft, schema="draft", files="drafts/*.yml", address="du-thao/{}/",
    # no ``dates``: a draft's dates may lie ahead, and the site's newest date must not
    pages=render_drafts, check=check, outputs=render_calendar,
    datasets=(Dataset("drafts", "Lấy ý kiến dự thảo", "Dự thảo văn bản lấy ý kiến người dân, doanh nghiệp: thời gian "
                      "nhận góp ý, cách góp ý và tình trạng lúc dựng trang.", DraftRecord, _records),),
    nav=(("Lấy ý kiến dự thảo", INDEX),),
    scaffold=new_draft, scaffold_value="tên dự thảo",
)
