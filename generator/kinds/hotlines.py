"""Hotlines (đường dây nóng): hotlines/<id>.yml, one contact point for complaints and petitions.

One page lists them all (duong-day-nong/); site.yml's ``main_hotline`` is the
one every page offers, and the agency's ContactPoint in every page's JSON-LD.
A procedure page offers the hotline closest to it (kinds/procedures.py).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from ..core import fields, scaffolding, structured
from ..core.checking import conflict
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset, dump
from ..core.errors import ContentError
from ..core.fields import HHMM, Date, Level, LegalDoc, Model, Text, Weekday
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.reader import list_files

fields.explain(meanings={
    "landline": "điện thoại cố định", "mobile": "điện thoại di động", "zalo": "Zalo", "email": "thư điện tử",
    "postal": "địa chỉ gửi thư", "website": "trang web",
})


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
            return fields.phone(value)
        if kind is ChannelKind.email:
            return fields.email(value)
        if kind is ChannelKind.website:
            return fields.web_address(value)
        return value

    @property
    def tel(self) -> str:
        """The number as a ``tel:`` target: digits only, leading + kept."""
        return re.sub(r"[^0-9+]", "", self.value)


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
                                description="trung ương, tỉnh, xã (huyện: hồ sơ trước 01/07/2025): trang thủ tục "
                                            "của các cấp này gợi ý đường dây này")
    agencies: list[Text] = Field(default_factory=list, title="cơ quan giải quyết hỗ trợ",
                                 description="Tên (hoặc một phần tên) cơ quan; trang thủ tục do cơ quan đó giải quyết "
                                             "gợi ý đường dây này trước")
    last_verified: Date = Field(title="ngày kiểm tra gần nhất")
    illustrative: bool = Field(title="dữ liệu minh họa")

    def phones(self) -> list[Channel]:
        return [c for c in self.channels if c.kind in (ChannelKind.landline, ChannelKind.mobile)]

    def contact_point(self) -> dict[str, Any]:
        """The hotline as a schema.org ContactPoint: the agency's on every page (core/structured.py)."""
        phones = self.phones()
        emails = [c.value for c in self.channels if c.kind is ChannelKind.email]
        point: dict[str, Any] = {
            "@type": "ContactPoint",
            "contactType": self.name,
            "availableLanguage": "vi",
            "hoursAvailable": [{"@type": "OpeningHoursSpecification",
                                "dayOfWeek": [structured.DAYS[d] for d in h.days], "opens": h.opens,
                                "closes": h.closes} for h in self.hours],
        }
        if phones:
            point["telephone"] = structured.international(phones[0].value)
        if emails:
            point["email"] = emails[0]
        return point


class HotlineRecord(Hotline):
    id: str = Field(title="mã đường dây nóng")


def check(hotlines: list[Entry[Hotline]], checks: Checks) -> list[Entry[Hotline]]:
    """At least one hotline, one main one at most, and site.yml's ``main_hotline`` a file that exists."""
    files = {p.stem for p in list_files(checks.root, "hotlines", ".yml")}
    if not files:
        checks.errors.append(ContentError(Path("hotlines"), 1, "", "cần ít nhất một đường dây nóng trong hotlines/"))
    mains = [h for h in hotlines if h.model.main]
    if len(mains) > 1:
        conflict(mains, "main", "đường dây chính (main)", "chỉ một đường dây nóng được đặt main: true", checks.errors)
    site = checks.site
    if site is not None and files and site.main_hotline not in files:
        close = difflib.get_close_matches(site.main_hotline, sorted(files), n=1)
        checks.errors.append(ContentError(Path("site.yml"), checks.site_lines.get(("main_hotline",), 1),
                                          "đường dây nóng chính (main_hotline)",
                                          f"không có tệp hotlines/{site.main_hotline}.yml"
                                          + (f". Có phải ý bạn là «{close[0]}»?" if close else "")))
    return hotlines


def render_hotlines(content: Content) -> Output:
    hotlines = sorted(content["hotlines"], key=lambda h: (not h.model.main, h.model.unit, h.id))
    return page_output("duong-day-nong.md", page_meta(content, "Đường dây nóng",
                                            "Nơi tiếp nhận phản ánh, kiến nghị về quy định hành chính và thái độ "
                                            "phục vụ của cán bộ.", "hotlines/",
                                            max(h.model.last_verified for h in hotlines),
                                            terms=[t for h in hotlines for t in (h.model.unit, h.model.name,
                                                   *(c.value for c in h.model.channels), *h.model.accepts)]),
                 "hotlines.html.j2", hotlines=[h.model for h in hotlines])


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    return [dump(content, memo, h, lambda h=h: {"id": h.id}) for h in sorted(content["hotlines"], key=lambda h: h.id)]


def new_hotline(root: Path, unit: str, now: dt.datetime | None = None) -> Path:
    unit = scaffolding.checked(Hotline, "unit", unit)
    return scaffolding.new_record(root, "hotline", "hotlines", scaffolding.slug(unit, "tên đơn vị"), now, unit=unit,
                                  help=scaffolding.field_help(Hotline), channel=scaffolding.field_help(Channel),
                                  hours=scaffolding.field_help(Hours), kinds=[k.value for k in ChannelKind])


KIND = Kind(
    name="hotlines", label="đường dây nóng", model=Hotline, schema="hotline", files="hotlines/*.yml",
    pages=lambda content, memo: [memo.get(content, "duong-day-nong.md", tuple(content["hotlines"]),
                                          lambda: render_hotlines(content))],
    check=check, dates=lambda entry: [entry.model.last_verified],
    datasets=(Dataset("hotlines", "Đường dây nóng", "Đường dây nóng tiếp nhận phản ánh, kiến nghị: kênh liên hệ, "
                      "giờ tiếp nhận.", HotlineRecord, _records),),
    scaffold=new_hotline, scaffold_value="tên đơn vị của đường dây nóng",
)
