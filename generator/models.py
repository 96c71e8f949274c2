"""The content schema: one typed model per kind of content file.

These models are the single definition of what an editor may write. Validation
(``validate.py``), the editors' field reference and the published JSON Schemas
all come from here, so a field added here is documented and checked everywhere.

Each field's ``title`` is its Vietnamese name, used in error messages; its
``description`` says what goes in it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      HttpUrl, ValidationInfo, field_validator, model_validator)

from .vietnamese import TZ, fold, format_date

# Fields written in Markdown: rendered to HTML and sanitised (markup.py), and
# flagged in the JSON Schema for editors' tools.
MARKDOWN = {"x-markdown": True}


def _parse_vn_date(value: object) -> object:
    """Accept dd/mm/yyyy as well as ISO dates: editors write both."""
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            return f"{year:04d}-{month:02d}-{day:02d}"
    return value


def _require_offset(value: dt.datetime) -> dt.datetime:
    """A time without a zone is read as Vietnam time (+07:00), as CONTRIBUTING.md tells editors."""
    return value.replace(tzinfo=TZ) if value.tzinfo is None else value


SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HHMM_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
CODE_PATTERN = r"^[0-9]\.[0-9]{6}(\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z0-9]{2})?$"
BRANCH_PATTERN = r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$"

# Each pattern in words, with an example: an editor is never shown a regular expression.
PATTERN_FORMS = {
    SLUG_PATTERN: "chữ thường không dấu và chữ số, nối bằng dấu gạch ngang, ví dụ «hoi-nghi-cchc-2024»",
    HHMM_PATTERN: "giờ:phút theo 24 giờ, ví dụ «07:30» hoặc «13:30»",
    CODE_PATTERN: "mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ «1.001193» hoặc «1.001193.000.00.00.H34»",
    BRANCH_PATTERN: "tên nhánh git gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới, ví dụ «main»",
}

# What each coded value means, wherever an editor is told which values are allowed.
MEANINGS = {
    "ongoing": "thường xuyên", "date": "một ngày cụ thể", "monthly": "hằng tháng", "quarterly": "hằng quý",
    "period": "trong một khoảng thời gian", "month": "mỗi tháng", "quarter": "mỗi quý", "year": "mỗi năm",
    "landline": "điện thoại cố định", "mobile": "điện thoại di động", "zalo": "Zalo", "email": "thư điện tử",
    "postal": "địa chỉ gửi thư", "website": "trang web",
    "mo": "Thứ Hai", "tu": "Thứ Ba", "we": "Thứ Tư", "th": "Thứ Năm", "fr": "Thứ Sáu", "sa": "Thứ Bảy",
    "su": "Chủ nhật",
    "objectives": "mục đích, yêu cầu", "objectives_general": "mục tiêu chung",
    "objectives_specific": "mục tiêu cụ thể", "requirements": "yêu cầu", "audiences": "đối tượng",
    "scope": "phạm vi", "content": "nội dung", "forms": "hình thức", "solutions": "giải pháp",
    "organisation": "tổ chức thực hiện", "responsibilities": "trách nhiệm các cơ quan", "budget": "kinh phí",
    "reporting": "chế độ báo cáo", "other": "mục khác",
    "PAR_INDEX": "Chỉ số cải cách hành chính", "SIPAS": "Chỉ số hài lòng về sự phục vụ hành chính",
    "PAPI": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh",
    "DTI": "Chỉ số chuyển đổi số",
}


def _asset_path(value: str) -> str:
    """A file the site serves from its own assets/ folder: never a path that climbs out of it."""
    parts = value.split("/")
    if value.startswith("assets/") and "\\" not in value and not {"..", "."} & set(parts) and all(parts):
        return value
    raise ValueError(f"«{value}»: cần đường dẫn tới tệp trong thư mục assets/ của nội dung, ví dụ "
                     "«assets/anh/hoi-nghi.jpg» (không bắt đầu bằng «/», không có «..»)")


def _web_address(value: str) -> str:
    if re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?", value, re.I):
        return value
    raise ValueError(f"«{value}»: cần địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://, "
                     "ví dụ «https://laichau.gov.vn/»")


def _phone(value: str) -> str:
    if re.fullmatch(r"\+?[0-9][0-9 .]{5,19}", value):
        return value
    raise ValueError(f"số điện thoại «{value}» chỉ được gồm chữ số, dấu cách và dấu chấm, ví dụ «0213 3876 543»")


def _email(value: str) -> str:
    if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+", value):
        return value
    raise ValueError(f"«{value}» không phải địa chỉ thư điện tử, ví dụ «vanphong@laichau.gov.vn»")


def _hhmm(value: object) -> object:
    """7:30 is 07:30: editors write both."""
    if isinstance(value, str) and re.fullmatch(r"\d:\d\d", value.strip()):
        return "0" + value.strip()
    return value


Date = Annotated[dt.date, BeforeValidator(_parse_vn_date)]
DateTime = Annotated[dt.datetime, AfterValidator(_require_offset)]
Text = Annotated[str, Field(min_length=1)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
AssetPath = Annotated[str, Field(min_length=1), AfterValidator(_asset_path)]
WebAddress = Annotated[str, Field(min_length=1), AfterValidator(_web_address)]
Phone = Annotated[str, Field(min_length=1), AfterValidator(_phone)]
Email = Annotated[str, Field(min_length=1), AfterValidator(_email)]
HHMM = Annotated[str, BeforeValidator(_hhmm), Field(pattern=HHMM_PATTERN)]
MAX_MARKDOWN = 50_000   # characters in one Markdown field or body: about twenty printed pages


class Model(BaseModel):
    """Base for every content model: unknown keys are errors, never dropped."""

    # no text longer than a few pages: a 5 MB paste is a mistake, and would reach every page that shows it
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=10_000)


# --------------------------------------------------------------------------- shared


class LegalDoc(Model):
    """A legal document cited by number (văn bản)."""

    number: Text = Field(title="số ký hiệu", description="Ví dụ: 76/NQ-CP")
    date: Date | None = Field(None, title="ngày ban hành", description="YYYY-MM-DD hoặc dd/mm/yyyy")
    issuer: str | None = Field(None, title="cơ quan ban hành")
    title: str = Field("", title="trích yếu")


# --------------------------------------------------------------------------- site


class Site(Model):
    """site.yml: the agency that publishes the site."""

    name: Title = Field(title="tên cơ quan")
    short_name: Annotated[str, Field(min_length=1, max_length=60)] = Field(title="tên viết tắt")
    parent: str | None = Field(None, title="cơ quan chủ quản")
    province: Text = Field(title="tỉnh, thành phố")
    description: Text = Field(title="mô tả ngắn")
    address: Text = Field(title="địa chỉ")
    phone: Phone = Field(title="điện thoại")
    email: Email = Field(title="thư điện tử")
    base_url: HttpUrl = Field(title="địa chỉ trang", description="Kết thúc bằng dấu /")
    id_authority: Annotated[str, Field(pattern=r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")] = Field(
        title="tên miền định danh",
        description="Tên miền của cơ quan khi trang ra mắt, ví dụ laichau.gov.vn: phần đầu mã định danh cố định "
                    "(RFC 4151) của tin trong nguồn cấp và sự kiện trong lịch. Ghi một lần, không bao giờ sửa, kể cả "
                    "khi trang chuyển sang địa chỉ khác")
    id_date: Date = Field(title="ngày định danh",
                          description="Một ngày cơ quan đã giữ tên miền định danh, thường là ngày trang ra mắt "
                                      "(YYYY-MM-DD). Ghi một lần, không bao giờ sửa")
    repo_url: HttpUrl | None = Field(None, title="kho mã nguồn", description="Dùng cho liên kết «Sửa trang này»")
    repo_branch: Annotated[str, Field(pattern=BRANCH_PATTERN, max_length=100)] = Field("main", title="nhánh")
    logo: AssetPath | None = Field(None, title="biểu trưng", description="Đường dẫn trong thư mục assets/")
    language: Literal["vi"] = Field("vi", title="ngôn ngữ")
    timezone: Literal["Asia/Ho_Chi_Minh"] = Field("Asia/Ho_Chi_Minh", title="múi giờ")
    main_hotline: Slug = Field(title="đường dây nóng chính", description="Tên tệp (không có .yml) trong hotlines/")
    feed_items: int = Field(50, ge=1, le=1000, title="số tin trong nguồn cấp")
    illustrative: bool = Field(title="dữ liệu minh họa", description="true nếu có bất kỳ dữ liệu minh họa nào")
    illustrative_note: str | None = Field(None, title="ghi chú dữ liệu minh họa")

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: HttpUrl) -> HttpUrl:
        if not str(value).endswith("/"):
            raise ValueError("địa chỉ trang phải kết thúc bằng dấu /")
        return value

    @model_validator(mode="after")
    def _note_when_illustrative(self) -> Site:
        if self.illustrative and not self.illustrative_note:
            raise ValueError("khi illustrative là true, cần illustrative_note nói rõ dữ liệu nào là minh họa")
        return self


# --------------------------------------------------------------------------- plans


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


class Quota(Model):
    count: int = Field(ge=1, title="số lượng tối thiểu")
    per: Literal["month", "quarter", "year"] = Field(title="mỗi", description="month, quarter hoặc year")
    what: Text = Field(title="loại tin, bài")
    channel: Text = Field(title="nơi đăng")
    responsible: str | None = Field(None, title="đơn vị thực hiện")
    text: Text = Field(title="câu trong văn bản")


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


# --------------------------------------------------------------------------- hotlines


class Level(str, Enum):
    province = "tỉnh"
    district = "huyện"
    commune = "xã"


class ChannelKind(str, Enum):
    landline = "landline"
    mobile = "mobile"
    zalo = "zalo"
    email = "email"
    postal = "postal"
    website = "website"


class Channel(Model):
    kind: ChannelKind = Field(title="loại kênh", description="landline, mobile, zalo, email, postal, website")
    value: Text = Field(title="giá trị")
    label: str | None = Field(None, title="nhãn")

    @field_validator("value")
    @classmethod
    def _value_fits_kind(cls, value: str, info: ValidationInfo) -> str:
        """A number, an address or a web address, checked as its kind needs: it becomes a link."""
        kind = info.data.get("kind")
        if kind in (ChannelKind.landline, ChannelKind.mobile, ChannelKind.zalo):
            return _phone(value)
        if kind is ChannelKind.email:
            return _email(value)
        if kind is ChannelKind.website:
            return _web_address(value)
        return value

    @property
    def tel(self) -> str:
        """The number as a ``tel:`` target: digits only, leading + kept."""
        return re.sub(r"[^0-9+]", "", self.value)


Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]


class Hours(Model):
    days: list[Weekday] = Field(min_length=1, title="các ngày", description="mo tu we th fr sa su")
    opens: HHMM = Field(title="giờ mở", description="HH:MM")
    closes: HHMM = Field(title="giờ đóng", description="HH:MM")


class Hotline(Model):
    """hotlines/<id>.yml: a contact point for complaints and petitions."""

    unit: Text = Field(title="đơn vị tiếp nhận")
    name: Text = Field(title="tên đường dây")
    main: bool = Field(False, title="đường dây chính")
    accepts: list[Text] = Field(min_length=1, title="tiếp nhận")
    channels: list[Channel] = Field(min_length=1, title="kênh liên hệ")
    hours: list[Hours] = Field(default_factory=list, title="giờ tiếp nhận")
    hours_note: str | None = Field(None, title="ghi chú giờ tiếp nhận")
    report_must_include: list[str] = Field(default_factory=list, title="phản ánh cần có")
    announced_by: LegalDoc | None = Field(None, title="văn bản công bố")
    levels: list[Level] = Field(default_factory=list, title="cấp thủ tục hỗ trợ",
                                description="tỉnh, huyện, xã: trang thủ tục của các cấp này gợi ý đường dây này")
    agencies: list[Text] = Field(default_factory=list, title="cơ quan giải quyết hỗ trợ",
                                 description="Tên (hoặc một phần tên) cơ quan; trang thủ tục do cơ quan đó giải quyết "
                                             "gợi ý đường dây này trước")
    last_verified: Date = Field(title="ngày kiểm tra gần nhất")
    illustrative: bool = Field(title="dữ liệu minh họa")

    def phones(self) -> list[Channel]:
        return [c for c in self.channels if c.kind in (ChannelKind.landline, ChannelKind.mobile)]


# --------------------------------------------------------------------------- procedures


class OnlineLevel(str, Enum):
    full = "toàn trình"
    partial = "một phần"
    none = "không trực tuyến"


def _file_link(value: str) -> str:
    """A downloadable file: a web address, or a file the site itself serves from assets/."""
    return _asset_path(value) if value.startswith("assets/") else _web_address(value)


FileLink = Annotated[str, AfterValidator(_file_link)]


class Method(Model):
    kind: Literal["trực tiếp", "trực tuyến", "bưu chính"] = Field(title="cách thức")
    time_limit: Text = Field(title="thời hạn giải quyết")
    time_limit_days: float | None = Field(None, ge=0, title="số ngày làm việc")
    fees: Text = Field(title="phí, lệ phí")
    description: str | None = Field(None, title="mô tả")


class DocumentItem(Model):
    name: Text = Field(title="tên giấy tờ")
    form: str | None = Field(None, title="mẫu đơn, tờ khai")
    form_url: FileLink | None = Field(None, title="tệp mẫu đơn, tờ khai",
                                      description="Địa chỉ http(s) hoặc đường dẫn trong thư mục assets/")
    originals: int = Field(0, ge=0, title="số bản chính")
    copies: int = Field(0, ge=0, title="số bản sao")
    note: str | None = Field(None, title="ghi chú")


class Procedure(Model):
    """procedures/<code>.yml: one administrative procedure (thủ tục hành chính)."""

    code: Annotated[str, Field(pattern=CODE_PATTERN)] = Field(
        title="mã thủ tục", description="Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193")
    name: Text = Field(title="tên thủ tục")
    field: Text = Field(title="lĩnh vực")
    levels: list[Level] = Field(min_length=1, title="cấp thực hiện", description="tỉnh, huyện, xã")
    online_level: OnlineLevel = Field(title="mức độ dịch vụ công trực tuyến",
                                      description="toàn trình, một phần hoặc không trực tuyến")
    published_by: LegalDoc | None = Field(None, title="quyết định công bố")
    life_event: str | None = Field(None, title="nhóm sự kiện")
    steps: list[Text] = Field(min_length=1, title="trình tự thực hiện", description="Mỗi bước một mục (Markdown)",
                              json_schema_extra=MARKDOWN)
    methods: list[Method] = Field(min_length=1, title="cách thức thực hiện")
    documents: list[DocumentItem] = Field(min_length=1, title="thành phần hồ sơ")
    document_sets: int = Field(1, ge=1, title="số bộ hồ sơ")
    applicants: list[Text] = Field(min_length=1, title="đối tượng thực hiện")
    agency: Text = Field(title="cơ quan giải quyết")
    submit_at: str | None = Field(None, title="nơi nộp hồ sơ trực tiếp",
                                  description="Nơi tiếp nhận và địa chỉ; mặc định là bộ phận một cửa của cơ quan "
                                              "giải quyết")
    result: Text = Field(title="kết quả")
    conditions: list[str] = Field(default_factory=list, title="yêu cầu, điều kiện", description="Markdown",
                                  json_schema_extra=MARKDOWN)
    legal_basis: list[LegalDoc] = Field(min_length=1, title="căn cứ pháp lý")
    portal_url: HttpUrl | None = Field(None, title="trang trên Cổng Dịch vụ công quốc gia")
    online_url: HttpUrl | None = Field(None, title="địa chỉ nộp trực tuyến")
    in_force: bool = Field(True, title="còn hiệu lực")
    last_checked: Date = Field(title="ngày đối chiếu gần nhất")
    illustrative: bool = Field(title="dữ liệu minh họa")

    @property
    def national_portal_url(self) -> str:
        """The procedure's page on the national public-service portal."""
        if self.portal_url:
            return str(self.portal_url)
        return f"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={self.code}"

    @property
    def submit_url(self) -> str | None:
        """Where to submit online, or None when the procedure is not online."""
        if self.online_level is OnlineLevel.none:
            return None
        return str(self.online_url) if self.online_url else self.national_portal_url


# --------------------------------------------------------------------------- news


class Image(Model):
    src: AssetPath = Field(title="đường dẫn ảnh", description="Trong thư mục assets/")
    alt: Text = Field(title="mô tả ảnh", description="Mô tả cho người không xem được ảnh")


class NewsMeta(Model):
    """news/<yyyy-mm-dd-slug>.md front matter."""

    title: Title = Field(title="tiêu đề")
    date: DateTime = Field(title="ngày giờ đăng", description="2024-03-15T09:00:00+07:00; không ghi múi giờ thì "
                           "hiểu là giờ Việt Nam, chỉ ghi ngày thì hiểu là 00:00 ngày đó")
    updated: DateTime | None = Field(None, title="ngày giờ sửa")
    unit: Text = Field(title="đơn vị")
    category: Text = Field(title="chuyên mục")
    summary: Annotated[str, Field(min_length=1, max_length=500)] = Field(title="tóm tắt")
    image: Image | None = Field(None, title="ảnh")
    tags: list[Text] = Field(default_factory=list, title="từ khóa")
    id: str | None = Field(None, title="mã định danh cố định",
                           description="Định danh của tin trong nguồn cấp; mặc định là tên tệp. Giữ nguyên khi "
                                       "đổi tên tệp để người theo dõi không nhận lại tin cũ")
    slug: Slug | None = Field(None, title="đường dẫn", description="Phần cuối địa chỉ trang; mặc định là tên tệp")
    draft: bool = Field(False, title="bản nháp")
    illustrative: bool = Field(False, title="dữ liệu minh họa")


class PageMeta(Model):
    """pages/<slug>.md front matter."""

    title: Title = Field(title="tiêu đề")
    description: str | None = Field(None, title="mô tả")
    updated: Date | None = Field(None, title="ngày cập nhật")


# --------------------------------------------------------------------------- indices


class IndexKey(str, Enum):
    PAR_INDEX = "PAR_INDEX"
    SIPAS = "SIPAS"
    PAPI = "PAPI"
    PCI = "PCI"
    DTI = "DTI"


class IndexResult(Model):
    year: int = Field(ge=2000, le=2100, title="năm")
    value: float = Field(title="giá trị")
    scale: Text = Field(title="thang đo")
    rank: int | None = Field(None, ge=1, title="xếp hạng")
    out_of: int | None = Field(None, ge=1, title="trên tổng số")
    method: str | None = Field(None, title="phương pháp, số chỉ số thành phần")
    source: Text = Field(title="nguồn")
    illustrative: bool = Field(title="dữ liệu minh họa")

    @model_validator(mode="after")
    def _rank_within(self) -> IndexResult:
        if self.rank and self.out_of and self.rank > self.out_of:
            raise ValueError(f"xếp hạng {self.rank} lớn hơn tổng số {self.out_of}")
        return self


class IndexSeries(Model):
    key: IndexKey = Field(title="chỉ số", description="PAR_INDEX, SIPAS, PAPI, PCI, DTI")
    results: list[IndexResult] = Field(min_length=1, title="kết quả")


class Indices(Model):
    """indices.yml: reform-index results by year."""

    indices: list[IndexSeries] = Field(default_factory=list, title="các chỉ số")


# --------------------------------------------------------------------------- search aliases


class SearchAlias(Model):
    """One entry of search.yml: the words citizens type for one official term."""

    words: tuple[Text, ...] = Field(min_length=1, title="từ người dân hay gõ",
                              description="Tên gọi thường ngày hoặc chữ viết tắt, ví dụ «sổ đỏ», «CCCD»")
    means: Text = Field(title="thuật ngữ chính thức",
                        description="Cụm từ có trong tên hoặc nội dung trang, ví dụ «giấy chứng nhận quyền sử dụng "
                                    "đất»; trang nào có cụm từ này thì cũng tìm được bằng các từ trên")

    @model_validator(mode="after")
    def _words_differ(self) -> SearchAlias:
        same = [w for w in self.words if fold(w) == fold(self.means)]
        if same:
            raise ValueError(f"«{same[0]}» trùng với thuật ngữ chính thức, không cần ghi vào «words»")
        return self


class SearchAliases(Model):
    """search.yml: everyday words and abbreviations that find the pages using the official terms."""

    # tuples, so that the file can key a cache (search.aliases)
    aliases: tuple[SearchAlias, ...] = Field(default_factory=tuple, title="các từ thường dùng")
