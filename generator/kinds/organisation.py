"""Cơ cấu tổ chức: organisation.yml, the agency itself (Nghị định 42/2022/NĐ-CP, Điều 4 and Điều 7).

Its functions, duties, units, leaders and contact officials, and its working
hours. The free page that ``shown_on`` names (the introduction) shows them;
once site.yml says ``english: true``, an English page (en/) shows them too,
and the two pages name each other as language versions (hreflang). Every
page's JSON-LD carries the units and people (core/structured.py reads
``shared["organisation"]``, which :func:`derive` works out).

Each object's translatable fields are declared once, in its ``…Texts`` class;
its ``en:`` mapping is that class with every field optional (:func:`english`),
so validation, the JSON Schema and the check that nothing is left untranslated
all come from the same definition.
"""

from __future__ import annotations

import datetime as dt

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, create_model, field_validator

from ..core import fields, reader, scaffolding, structured
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset
from ..core.errors import ContentError
from ..core.fields import HHMM, MARKDOWN, Date, Email, LegalDoc, Model, Phone, Slug, Text, Title, Weekday
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.reader import list_files

FILE = "organisation.yml"
ENGLISH_PAGE = "en/index.md"


def english(*texts: type[Model]) -> type[Model]:
    """An object's ``en:`` mapping: the fields of its texts classes, each optional, with the same titles."""
    made: dict[str, Any] = {}
    for cls in texts:
        for name, info in cls.model_fields.items():
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            made[name] = (annotation | None, Field(None, title=info.title, json_schema_extra=info.json_schema_extra,
                                                   description=f"Bản tiếng Anh của «{info.title}»"))
    name = texts[0].__name__.removeprefix("_").removesuffix("Texts") + "English"
    model = create_model(name, __base__=Model, __module__=__name__, __doc__=f"Bản tiếng Anh ({name}).", **made)
    globals()[name] = model  # found by its name, as pickle finds a class: the build's saved session holds records
    return model


class Hours(Model):
    days: list[Weekday] = Field(min_length=1, title="các ngày", description="mo tu we th fr sa su")
    opens: HHMM = Field(title="giờ mở cửa", description="HH:MM")
    closes: HHMM = Field(title="giờ đóng cửa", description="HH:MM")

    @field_validator("closes")
    @classmethod
    def _closes_after_opening(cls, closes: str, info: ValidationInfo) -> str:
        opens = info.data.get("opens")
        if opens and closes <= opens:
            raise ValueError(f"giờ đóng cửa {closes} phải sau giờ mở cửa {opens}")
        return closes


class _PersonTexts(Model):
    title: Text = Field(title="chức vụ", description="Ví dụ: Chủ tịch Ủy ban nhân dân tỉnh")


class _Person(_PersonTexts):
    name: Text = Field(title="họ và tên",
                       description="Người chưa xác minh: ghi «Họ và tên (minh họa)» và đặt illustrative: true")
    phone: Phone | None = Field(None, title="điện thoại")
    email: Email | None = Field(None, title="thư điện tử")
    illustrative: bool = Field(title="dữ liệu minh họa",
                               description="true nếu họ tên, số điện thoại hoặc thư điện tử chưa phải thông tin thật")


class _LeaderTexts(_PersonTexts):
    portfolio: str | None = Field(None, title="lĩnh vực phụ trách")


class Leader(_Person, _LeaderTexts):
    """One of the agency's leaders (lãnh đạo)."""

    en: english(_LeaderTexts) | None = Field(None, title="bản tiếng Anh")  # type: ignore[valid-type]


class _ContactTexts(_PersonTexts):
    subject: Text = Field(title="liên hệ về việc", description="Ví dụ: Phát ngôn, cung cấp thông tin cho báo chí")


class Contact(_Person, _ContactTexts):
    """A spokesperson or contact official (người phát ngôn, đầu mối liên hệ)."""

    en: english(_ContactTexts) | None = Field(None, title="bản tiếng Anh")  # type: ignore[valid-type]


class _UnitTexts(Model):
    name: Title = Field(title="tên đơn vị", description="Ví dụ: Sở Nội vụ")
    function: str | None = Field(None, title="chức năng", description="Một câu: đơn vị tham mưu về việc gì")


class Unit(_UnitTexts):
    """A unit of the agency (đơn vị trực thuộc), with its own units."""

    phone: Phone | None = Field(None, title="điện thoại")
    email: Email | None = Field(None, title="thư điện tử")
    illustrative: bool = Field(False, title="dữ liệu minh họa",
                               description="true nếu số điện thoại hoặc thư điện tử chưa phải thông tin thật")
    units: list[Unit] = Field(default_factory=list, title="đơn vị trực thuộc")
    en: english(_UnitTexts) | None = Field(None, title="bản tiếng Anh")  # type: ignore[valid-type]


class _AgencyTexts(Model):
    """site.yml's name and address: their English lives here, their Vietnamese in site.yml."""

    name: Title = Field(title="tên cơ quan (site.yml)")
    address: Text = Field(title="địa chỉ (site.yml)")


class _OrganisationTexts(Model):
    functions: Annotated[str, Field(min_length=1, max_length=fields.MAX_MARKDOWN)] = Field(
        title="chức năng", json_schema_extra=MARKDOWN, description="Markdown: vị trí, chức năng của cơ quan")
    duties: list[Text] = Field(min_length=1, title="nhiệm vụ, quyền hạn", description="Mỗi nhiệm vụ một mục")
    hours_note: str | None = Field(None, title="ghi chú giờ làm việc")


class Organisation(_OrganisationTexts):
    """organisation.yml: the agency itself, its units, leaders and contact officials."""

    shown_on: Slug = Field("gioi-thieu", title="trang hiển thị",
                           description="Tên tệp (không có .md) trong pages/ của trang giới thiệu cơ quan")
    legal_bases: list[LegalDoc] = Field(default_factory=list, title="căn cứ")
    units: list[Unit] = Field(default_factory=list, title="đơn vị trực thuộc")
    leaders: list[Leader] = Field(default_factory=list, title="lãnh đạo")
    contacts: list[Contact] = Field(default_factory=list, title="đầu mối liên hệ")
    hours: list[Hours] = Field(default_factory=list, title="giờ làm việc")
    updated: Date = Field(title="ngày cập nhật")
    illustrative: bool = Field(title="dữ liệu minh họa", description="true nếu có bất kỳ dữ liệu minh họa nào")
    en: english(_AgencyTexts, _OrganisationTexts) | None = Field(  # type: ignore[valid-type]
        None, title="bản tiếng Anh")

    def all_units(self) -> Iterator[tuple[Unit, Unit | None]]:
        """Every unit, nested ones too, with the unit it belongs to."""
        def walk(units: list[Unit], parent: Unit | None) -> Iterator[tuple[Unit, Unit | None]]:
            for unit in units:
                yield unit, parent
                yield from walk(unit.units, unit)
        return walk(self.units, None)


# --------------------------------------------------------------------------- checks


def _english_of(model: type[Model]) -> type[Model]:
    """The ``en:`` mapping's class of a bilingual object."""
    return next(a for a in typing.get_args(model.model_fields["en"].annotation) if a is not type(None))


def _objects(org: Organisation) -> Iterator[tuple[tuple[Any, ...], Model]]:
    """Every bilingual object of the file with its place: the organisation, each unit, leader and contact."""
    yield (), org

    def walk(units: list[Unit], loc: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Model]]:
        for i, unit in enumerate(units):
            yield (*loc, i), unit
            yield from walk(unit.units, (*loc, i, "units"))
    yield from walk(org.units, ("units",))
    for key in ("leaders", "contacts"):
        for i, person in enumerate(getattr(org, key)):
            yield (key, i), person


def _untranslated(org: Organisation, doc: reader.Document, site_texts: dict[str, str], english_on: bool
                  ) -> Iterator[ContentError]:
    """English lists of another length than their Vietnamese; with ``english_on``, every missing English text."""
    path = Path(FILE)
    for loc, obj in _objects(org):
        given = obj.en
        for name, info in _english_of(type(obj)).model_fields.items():
            vietnamese = site_texts[name] if obj is org and name in site_texts else getattr(obj, name, None)
            translated = getattr(given, name) if given is not None else None
            where = reader.dotted((*loc, "en", name))
            label = f"{_spoken(org, loc)}bản tiếng Anh › {info.title} ({where})"
            if isinstance(vietnamese, list) and translated is not None and len(translated) != len(vietnamese):
                yield ContentError(path, doc.line_of((*loc, "en", name)), label,
                                   f"bản tiếng Anh có {len(translated)} mục, bản tiếng Việt có {len(vietnamese)} "
                                   "mục; mỗi mục tiếng Việt cần đúng một mục tiếng Anh, cùng thứ tự")
            elif english_on and vietnamese and not translated:
                line = doc.lines.get((*loc, "en")) or doc.line_of((*loc, name))
                shown = f"«{vietnamese}»" if isinstance(vietnamese, str) and len(vietnamese) <= 80 else "trường này"
                yield ContentError(path, line, label,
                                   f"thiếu bản tiếng Anh của {shown}: site.yml đặt english: true (trang tiếng Anh "
                                   f"theo Nghị định 42/2022/NĐ-CP, Điều 7), nên mỗi trường cần dịch đều cần bản "
                                   f"tiếng Anh; hãy thêm «{name}:» vào mục «en:»")


def _spoken(org: Organisation, loc: tuple[Any, ...]) -> str:
    """«đơn vị trực thuộc thứ 2 › đơn vị trực thuộc thứ 1 › » for a place in the file."""
    titles = {"units": "đơn vị trực thuộc", "leaders": "lãnh đạo", "contacts": "đầu mối liên hệ"}
    words = [f"{titles[loc[i]]} thứ {loc[i + 1] + 1}" for i in range(0, len(loc), 2)]
    return "".join(f"{w} › " for w in words)


def check(entries: list[Entry[Organisation]], checks: Checks) -> list[Entry[Organisation]]:
    """English texts complete once site.yml asks for English pages; the page it is shown on exists."""
    site = checks.site
    if not entries:
        if site is not None and site.english and not (checks.root / FILE).is_file():
            checks.errors.append(ContentError(Path("site.yml"), checks.site_lines.get(("english",), 1),
                                              "trang tiếng Anh (english)",
                                              f"english: true cần tệp {FILE} (cơ cấu tổ chức, chức năng, liên hệ của "
                                              "cơ quan bằng tiếng Anh); hãy thêm tệp đó hoặc đặt english: false"))
        return entries
    org = entries[0].model
    errors: list[ContentError] = []
    doc = reader.Document(Path(FILE), None, entries[0].lines)  # where each value is: line_of finds the nearest
    pages = {p.stem for p in list_files(checks.root, "pages", ".md")}
    if org.shown_on not in pages:
        errors.append(ContentError(Path(FILE), doc.line_of(("shown_on",)), "trang hiển thị (shown_on)",
                                   f"không có tệp pages/{org.shown_on}.md"))
    site_texts = {"name": site.name, "address": site.address} if site is not None else {}
    errors += _untranslated(org, doc, site_texts, bool(site and site.english))
    checks.errors.extend(errors)
    return [] if errors else entries


# --------------------------------------------------------------------------- shared, JSON-LD


def _person_ld(person: _Person) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Person", "name": person.name, "jobTitle": person.title}
    if person.phone:
        item["telephone"] = structured.international(person.phone)
    if person.email:
        item["email"] = person.email
    if person.illustrative:
        item["disambiguatingDescription"] = "Dữ liệu minh họa, không phải thông tin chính thức"
    return item


def _unit_ld(unit: Unit) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "GovernmentOrganization", "name": unit.name}
    if unit.en and unit.en.name:
        item["alternateName"] = unit.en.name
    if unit.phone:
        item["telephone"] = structured.international(unit.phone)
    if unit.email:
        item["email"] = unit.email
    if unit.units:
        item["department"] = [_unit_ld(u) for u in unit.units]
    return item


def json_ld(org: Organisation, english_on: bool) -> dict[str, Any]:
    """What the agency's GovernmentOrganization on every page adds: units, people, hours, languages."""
    item: dict[str, Any] = {
        "department": [_unit_ld(u) for u in org.units],
        "employee": [_person_ld(p) for p in (*org.leaders, *org.contacts)],
        "openingHoursSpecification": [{"@type": "OpeningHoursSpecification",
                                       "dayOfWeek": [structured.DAYS[d] for d in h.days],
                                       "opens": h.opens, "closes": h.closes} for h in org.hours],
        "knowsLanguage": ["vi", "en"] if english_on else ["vi"],
    }
    if english_on and org.en and org.en.name:
        item["alternateName"] = org.en.name
    return item


def derive(content: Content) -> dict[str, Any]:
    """shared["organisation"]: what the introduction page, the English page and every page's JSON-LD need."""
    if not content["organisation"]:
        return {}
    org = content["organisation"][0].model
    english_on = content.site.english
    page = f"{org.shown_on}/"
    languages = [("vi", page), ("en", "en/"), ("x-default", page)] if english_on else []
    return {"organisation": {
        "page": org.shown_on,  # the free page that shows it (kinds/pages.py)
        "model": org,
        "site": content.site,  # its name, address, phone and email
        "english": ENGLISH_PAGE if english_on else None,
        # Google's rule: every language version lists itself, the others and x-default (overrides/main.html)
        "front": {"alternates": [{"lang": lang, "path": path} for lang, path in languages]} if languages else {},
        "jsonld": json_ld(org, english_on),
    }}


# --------------------------------------------------------------------------- pages


def render_english(content: Content) -> Output:
    """en/: the agency, its functions, structure and contacts in English (Nghị định 42/2022/NĐ-CP, Điều 7)."""
    shared = content.shared["organisation"]
    org: Organisation = shared["model"]
    name = org.en.name
    meta = page_meta(content, name, f"{name}: functions, duties, structure and contacts (English version).", FILE,
                     org.updated, terms=None, lang="en", **shared["front"])
    return page_output(ENGLISH_PAGE, meta, "en_index.html.j2", org=org, site=content.site,
                       back=f"../{org.shown_on}.md")


def render_pages(content: Content, memo: Memo) -> list[Output]:
    if not content["organisation"] or not content.site.english:
        return []
    return [memo.get(content, ENGLISH_PAGE, tuple(content["organisation"]), lambda: render_english(content))]


# --------------------------------------------------------------------------- open data


class OrganisationRecord(Model):
    """One unit, leader or contact official of the agency."""

    role: Literal["unit", "leader", "contact"] = Field(title="loại",
                                                       description="unit: đơn vị; leader: lãnh đạo; contact: đầu mối")
    name: str = Field(title="tên đơn vị hoặc họ và tên")
    name_en: str | None = Field(None, title="tên đơn vị bằng tiếng Anh")
    parent: str | None = Field(None, title="thuộc đơn vị")
    title: str | None = Field(None, title="chức vụ")
    title_en: str | None = Field(None, title="chức vụ bằng tiếng Anh")
    about: str | None = Field(None, title="chức năng, lĩnh vực phụ trách hoặc việc liên hệ")
    about_en: str | None = Field(None, title="chức năng, lĩnh vực hoặc việc liên hệ bằng tiếng Anh")
    phone: str | None = Field(None, title="điện thoại")
    phone_international: str | None = Field(None, title="điện thoại dạng quốc tế")
    email: str | None = Field(None, title="thư điện tử")
    illustrative: bool = Field(title="dữ liệu minh họa")


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    if not content["organisation"]:
        return []
    org = content["organisation"][0].model

    def record(role: str, item: Any, about: str | None, about_en: str | None, **more: Any) -> dict[str, Any]:
        return {"role": role, "phone": item.phone, "email": item.email, "illustrative": item.illustrative,
                "phone_international": structured.international(item.phone) if item.phone else None,
                "about": about, "about_en": about_en, **more}

    rows = [record("unit", u, u.function, u.en and u.en.function, name=u.name, name_en=u.en and u.en.name,
                   parent=p.name if p else None, title=None, title_en=None) for u, p in org.all_units()]
    rows += [record("leader", p, p.portfolio, p.en and p.en.portfolio, name=p.name, name_en=None, parent=None,
                    title=p.title, title_en=p.en and p.en.title) for p in org.leaders]
    rows += [record("contact", p, p.subject, p.en and p.en.subject, name=p.name, name_en=None, parent=None,
                    title=p.title, title_en=p.en and p.en.title) for p in org.contacts]
    return [OrganisationRecord(**row).model_dump(mode="json") for row in rows]


def new_organisation(root: Path, value: str, now: dt.datetime | None = None) -> Path:
    """organisation.yml with its required fields and the usual working hours, for the editor to fill."""
    return scaffolding.new_file(root / FILE, "organisation", now, help=scaffolding.field_help(Organisation))


KIND = Kind(
    name="organisation", label="", model=Organisation, schema="organisation", files=FILE, default=lambda: None,
    scaffold=new_organisation,
    pages=render_pages, check=check, derive=derive, dates=lambda entry: [entry.model.updated],
    datasets=(Dataset("organisation", "Cơ cấu tổ chức", "Các đơn vị trực thuộc, lãnh đạo và đầu mối liên hệ của "
                      "cơ quan: chức vụ, chức năng, điện thoại, thư điện tử, tên tiếng Anh.", OrganisationRecord,
                      _records),),
)
