"""The kinds of value content files hold, shared by every kind of content.

A kind's model (``generator/kinds/``) is made of these: a date an editor may
write as dd/mm/yyyy, a phone number, a web address, a file inside ``assets/``,
a cited legal document. Each rule is defined once here, so every kind checks a
phone number the same way and says what is wrong in the same words.

Each field's ``title`` is its Vietnamese name, used in error messages; its
``description`` says what goes in it. A kind explains its own patterns and
coded values in words with :func:`explain`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from .vietnamese import TZ

# Fields written in Markdown: rendered to HTML and sanitised (markup.py), and
# flagged in the JSON Schema for editors' tools.
MARKDOWN = {"x-markdown": True}

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HHMM_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
BRANCH_PATTERN = r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$"
DOMAIN_PATTERN = r"^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$"
PATH_PATTERN = r"^/([a-z0-9]+(-[a-z0-9]+)*/)+$"
# Checked by phone() and email() below; also in the JSON Schemas, so that editors' tools and the workspace's
# forms (pipeline/workspace.py) refuse a wrong number before it is saved.
PHONE_PATTERN = r"^\+?[0-9][0-9 .]{5,19}$"
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"

# Each pattern in words, with an example: an editor is never shown a regular expression.
PATTERN_FORMS = {
    SLUG_PATTERN: "chữ thường không dấu và chữ số, nối bằng dấu gạch ngang, ví dụ «hoi-nghi-cchc-2024»",
    HHMM_PATTERN: "giờ:phút theo 24 giờ, ví dụ «07:30» hoặc «13:30»",
    BRANCH_PATTERN: "tên nhánh git gồm chữ không dấu, chữ số, dấu chấm, gạch ngang, gạch dưới, ví dụ «main»",
    PATH_PATTERN: "đường dẫn bắt đầu và kết thúc bằng dấu /, gồm chữ thường không dấu, chữ số và gạch ngang, "
                  "ví dụ «/so-tu-phap/»",
    DOMAIN_PATTERN: "tên miền viết thường, không có «https://» và không có dấu / ở cuối, ví dụ «laichau.gov.vn»",
    PHONE_PATTERN: "số điện thoại chỉ gồm chữ số, dấu cách và dấu chấm, ví dụ «0213 3876 543»",
    EMAIL_PATTERN: "địa chỉ thư điện tử, ví dụ «vanphong@laichau.gov.vn»",
}

# What each coded value means, wherever an editor is told which values are allowed.
MEANINGS = {
    "mo": "Thứ Hai", "tu": "Thứ Ba", "we": "Thứ Tư", "th": "Thứ Năm", "fr": "Thứ Sáu", "sa": "Thứ Bảy",
    "su": "Chủ nhật",
}


def explain(patterns: dict[str, str] | None = None, meanings: dict[str, str] | None = None) -> None:
    """Add a kind's patterns (in words, with an example) and coded values (with their meaning) to the messages."""
    PATTERN_FORMS.update(patterns or {})
    MEANINGS.update(meanings or {})


def document_key(number: str) -> str:
    """A cited document's number as a key that ignores spacing and letter case: «45/2020/NĐ-CP» = «45/2020/nđ-cp».

    Plans and procedures cite documents by number; the library (shared["documents"]) is keyed by this.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", number)).casefold()


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


def asset_path(value: str) -> str:
    """A file the site serves from its own assets/ folder: never a path that climbs out of it."""
    parts = value.split("/")
    if value.startswith("assets/") and "\\" not in value and not {"..", "."} & set(parts) and all(parts):
        return value
    raise ValueError(f"«{value}»: cần đường dẫn tới tệp trong thư mục assets/ của nội dung, ví dụ "
                     "«assets/anh/hoi-nghi.jpg» (không bắt đầu bằng «/», không có «..»)")


def web_address(value: str) -> str:
    if re.fullmatch(r"https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?", value, re.I):
        return value
    raise ValueError(f"«{value}»: cần địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://, "
                     "ví dụ «https://laichau.gov.vn/»")


def phone(value: str) -> str:
    if re.fullmatch(PHONE_PATTERN, value):
        return value
    raise ValueError(f"số điện thoại «{value}» chỉ được gồm chữ số, dấu cách và dấu chấm, ví dụ «0213 3876 543»")


def email(value: str) -> str:
    if re.fullmatch(EMAIL_PATTERN, value):
        return value
    raise ValueError(f"«{value}» không phải địa chỉ thư điện tử, ví dụ «vanphong@laichau.gov.vn»")


def _hhmm(value: object) -> object:
    """7:30 is 07:30: editors write both."""
    if isinstance(value, str) and re.fullmatch(r"\d:\d\d", value.strip()):
        return "0" + value.strip()
    return value


def _file_link(value: str) -> str:
    """A downloadable file: a web address, or a file the site itself serves from assets/."""
    return asset_path(value) if value.startswith("assets/") else web_address(value)


Date = Annotated[dt.date, BeforeValidator(_parse_vn_date)]
DateTime = Annotated[dt.datetime, AfterValidator(_require_offset)]
Text = Annotated[str, Field(min_length=1)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
SitePath = Annotated[str, Field(pattern=PATH_PATTERN)]  # where a site is published on its host: «/so-tu-phap/»
# x-asset: the workspace's forms offer an upload for it (pipeline/workspace.py)
AssetPath = Annotated[str, Field(min_length=1, json_schema_extra={"x-asset": True}), AfterValidator(asset_path)]
WebAddress = Annotated[str, Field(min_length=1), AfterValidator(web_address)]
FileLink = Annotated[str, AfterValidator(_file_link)]
Phone = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": PHONE_PATTERN}), AfterValidator(phone)]
Email = Annotated[str, Field(min_length=1, json_schema_extra={"pattern": EMAIL_PATTERN}), AfterValidator(email)]
HHMM = Annotated[str, BeforeValidator(_hhmm), Field(pattern=HHMM_PATTERN)]
Weekday = Literal["mo", "tu", "we", "th", "fr", "sa", "su"]
MAX_MARKDOWN = 50_000   # characters in one Markdown field or body: about twenty printed pages


class Model(BaseModel):
    """Base for every content model: unknown keys are errors, never dropped."""

    # no text longer than a few pages: a 5 MB paste is a mistake, and would reach every page that shows it
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, str_max_length=10_000)


class LegalDoc(Model):
    """A legal document cited by number (văn bản)."""

    number: Text = Field(title="số ký hiệu", description="Ví dụ: 76/NQ-CP")
    date: Date | None = Field(None, title="ngày ban hành", description="YYYY-MM-DD hoặc dd/mm/yyyy")
    issuer: str | None = Field(None, title="cơ quan ban hành")
    title: str = Field("", title="trích yếu")


# The level of government a procedure is carried out at, or a hotline helps with. Since 1 July 2025 local
# government has two levels, tỉnh and xã; huyện stays readable for records checked before then (a procedure
# checked later may not use it: kinds/procedures.py).
class Level(str, Enum):
    central = "trung ương"
    province = "tỉnh"
    commune = "xã"
    district = "huyện"
