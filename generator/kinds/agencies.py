"""The agency registry (sổ đăng ký cơ quan): agencies.yml, every agency the content names, and what it is now.

Plans, procedures, news and hotlines name agencies in free text, spelt as
their source spells them. The registry lists each agency once with every
other spelling, when it existed and which agency took over from it. It gives
checks across files (a name that is in no entry is an error where it is
written, with the closest name) and the pages a table of names as they read
today: a department merged in 2025 (Nghị định 45/2025/NĐ-CP) keeps the name a
2024 plan gave it, followed by «(nay là …)». It is also the "agencies" dataset.

A site without agencies.yml has its names left unchecked.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from ..core import reader, scaffolding
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset
from ..core.errors import ContentError
from ..core.fields import Date, Model, Slug, Text
from ..core.kind import Kind
from ..core.pages import Memo
from ..core.references import chain_text, cycles
from ..core.vietnamese import TZ, fold

FILE = "agencies.yml"
# Where other kinds name an agency, by the field's name in their models (their titles name it in errors).
NAMED_IN = {
    "plans": frozenset({"lead", "coordinating", "agency", "responsible"}),
    "news": frozenset({"unit"}),
    "procedures": frozenset({"agency", "other_agencies"}),
    "hotlines": frozenset({"unit"}),
}
# The examples' plans were restored from OCR text; what could not be read says so and names no agency.
UNREADABLE = "[không đọc được"


class Agency(Model):
    """One agency, or one collective name for several («Các sở, ban, ngành tỉnh»)."""

    id: Slug = Field(title="mã cơ quan", description="Chữ thường không dấu, nối bằng gạch ngang; "
                     "ví dụ so-noi-vu-lai-chau")
    name: Text = Field(title="tên cơ quan", description="Tên đầy đủ, như cơ quan tự ghi")
    short_names: list[Text] = Field(default_factory=list, title="tên gọi khác",
                                    description="Mọi cách viết khác của tên này trong nội dung (kế hoạch, thủ tục, "
                                                "tin, đường dây nóng), đúng từng chữ")
    group: bool = Field(False, title="nhóm cơ quan",
                        description="true khi tên chỉ chung nhiều cơ quan, ví dụ «Các sở, ban, ngành tỉnh»")
    valid_from: Date | None = Field(None, title="ngày bắt đầu hoạt động", description="dd/mm/yyyy; để trống nếu "
                                    "không rõ hoặc đã có từ trước")
    valid_to: Date | None = Field(None, title="ngày cuối cùng hoạt động",
                                  description="Ngày cuối cùng cơ quan còn hoạt động, ví dụ 28/02/2025 khi hợp nhất "
                                              "từ 01/3/2025; để trống nếu còn hoạt động")
    successor: Slug | None = Field(None, title="cơ quan kế thừa",
                                   description="Mã (id) của cơ quan nhận chức năng, nhiệm vụ khi cơ quan này thôi "
                                               "hoạt động")
    note: str | None = Field(None, title="ghi chú")

    @field_validator("valid_to")
    @classmethod
    def _after_start(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("valid_from")
        if value and start and value < start:
            raise ValueError(f"ngày cuối cùng hoạt động ({value:%d/%m/%Y}) trước ngày bắt đầu hoạt động "
                             f"({start:%d/%m/%Y})")
        return value

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.short_names)


class Agencies(Model):
    """agencies.yml: the agency registry."""

    agencies: list[Agency] = Field(default_factory=list, title="các cơ quan")


def _registry(entries: list[Entry[Agencies]]) -> list[Agency]:
    return entries[0].model.agencies if entries else []


def today(agency: Agency, by_id: dict[str, Agency], day: dt.date) -> Agency:
    """The agency doing ``agency``'s work on ``day``: itself, or the end of its chain of successors."""
    seen = {agency.id}
    while agency.valid_to and agency.valid_to < day and agency.successor in by_id:
        agency = by_id[agency.successor]
        if agency.id in seen:  # a loop is reported by check(); stop anywhere on it
            break
        seen.add(agency.id)
    return agency


def share(entries: list[Entry[Agencies]], now: dt.datetime) -> dict[str, Any]:
    """Every name as written → as pages print it at ``now``: «Sở Thông tin và Truyền thông (nay là Sở …)»."""
    registry = _registry(entries)
    by_id = {a.id: a for a in registry}
    day = now.astimezone(TZ).date()
    table = {}
    for agency in registry:
        current = today(agency, by_id, day)
        for written in agency.names:
            table[written] = written if current is agency else f"{written} (nay là {current.name})"
    return {"agencies": table}


# --------------------------------------------------------------------------- checks


def check(entries: list[Entry[Agencies]], checks: Checks) -> list[Entry[Agencies]]:
    """The registry holds together, and every agency the content names is in it, each error at its line."""
    registry = _registry(entries)
    if not registry:
        return entries
    _check_registry(registry, entries[0].line_of, checks.errors)
    names = {name: agency for agency in registry for name in agency.names}
    folded = folded_names(registry)
    for kind, field_names in NAMED_IN.items():
        # a draft (a procedure imported with only the national list's data) is checked once it is published
        for entry in (e for e in checks.records.get(kind, []) if not getattr(e.model, "draft", False)):
            for loc, spoken, written in _named(entry.model, field_names):
                if written in names or UNREADABLE in written:
                    continue
                guess = closest(written, folded)
                hint = f" Có phải ý bạn là «{guess}»?" if guess else ""
                checks.errors.append(ContentError(
                    entry.source, _line(entry, loc), f"{spoken} ({reader.dotted(loc)})",
                    f"«{written}» không có trong sổ đăng ký cơ quan ({FILE}).{hint} Nếu đúng là một cơ quan "
                    f"khác, hãy thêm tên này vào {FILE} (tên cơ quan hoặc tên gọi khác của cơ quan đó)"))
    return entries


def folded_names(registry: list[Agency]) -> dict[str, str]:
    """Every spelling in the registry, keyed by its letters without diacritics or case (the first one wins)."""
    names = [name for agency in registry for name in agency.names]
    return {fold(name): name for name in reversed(dict.fromkeys(names))}


def closest(written: str, folded: dict[str, str]) -> str | None:
    """The registry's spelling nearest to ``written``, for «Có phải ý bạn là …?» (also the importer's)."""
    guess = difflib.get_close_matches(fold(written), list(folded), n=1, cutoff=0.6)
    return folded[guess[0]] if guess else None


def _check_registry(registry: list[Agency], line: Callable[..., int], errors: list[ContentError]) -> None:
    """Ids unique, successors real and without loops, and no name given to two agencies."""

    def error(loc: tuple[Any, ...], field: str, message: str) -> None:
        errors.append(ContentError(Path(FILE), line("agencies", *loc), f"cơ quan thứ {loc[0] + 1} › {field} "
                                   f"(agencies[{loc[0]}].{reader.dotted(loc[1:])})", message))

    first: dict[str, int] = {}
    for index, agency in enumerate(registry):
        if agency.id in first:
            error((index, "id"), "mã cơ quan", f"mã «{agency.id}» đã dùng cho cơ quan thứ {first[agency.id] + 1} "
                  f"(dòng {line('agencies', first[agency.id], 'id')}); mỗi cơ quan một mã riêng")
        first.setdefault(agency.id, index)
    by_id = {a.id: a for a in reversed(registry)}
    for index, agency in enumerate(registry):
        if agency.successor is not None and agency.successor not in by_id:
            guess = difflib.get_close_matches(agency.successor, list(by_id), n=1)
            error((index, "successor"), "cơ quan kế thừa", f"không có cơ quan nào mang mã «{agency.successor}» "
                  f"trong {FILE}" + (f". Có phải ý bạn là «{guess[0]}»?" if guess else ""))
    index_of = {agency.id: index for index, agency in reversed(list(enumerate(registry)))}
    for loop in cycles({a.id: a.successor for a in by_id.values()}):
        for agency_id in loop:
            error((index_of[agency_id], "successor"), "cơ quan kế thừa", f"chuỗi cơ quan kế thừa quay vòng: "
                  f"{chain_text(loop, agency_id)}; cơ quan cuối của chuỗi phải là cơ quan còn hoạt động (không có "
                  "successor)")
    owners: dict[str, tuple[int, tuple[Any, ...]]] = {}
    for index, agency in enumerate(registry):
        places = [("name",), *(("short_names", n) for n in range(len(agency.short_names)))]
        for place, written in zip(places, agency.names):
            owner = owners.setdefault(written, (index, place))
            if owner[0] != index:
                error((index, *place), "tên cơ quan" if place == ("name",) else f"tên gọi khác thứ {place[1] + 1}",
                      f"tên «{written}» đã thuộc cơ quan thứ {owner[0] + 1} «{registry[owner[0]].id}» "
                      f"(dòng {line('agencies', owner[0], *owner[1])}); mỗi cách viết chỉ thuộc một cơ quan")


def _named(model: BaseModel, field_names: frozenset[str], loc: tuple[Any, ...] = (),
           words: tuple[str, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str, str]]:
    """(where, the field's Vietnamese name, the name written) of every agency name in a record, nested ones too.

    The names come from the record's own model (each field's title), so this kind imports no other.
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            title = info.title or name
            said = (*words, title if index is None else f"{title} thứ {index + 1}")
            if name in field_names and isinstance(item, str):
                yield here, " › ".join(said), item
            elif isinstance(item, BaseModel):
                yield from _named(item, field_names, here, said)


def _line(entry: Entry[Any], loc: tuple[Any, ...]) -> int:
    """The line of ``loc``, or of the nearest enclosing value whose line was kept (Kind.line_depth)."""
    for end in range(len(loc), 0, -1):
        if loc[:end] in entry.lines:
            return entry.lines[loc[:end]]
    return 1


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    return [agency.model_dump(mode="json") for agency in _registry(content["agencies"])]


def new_agencies(root: Path, name: str, now: dt.datetime | None = None) -> Path:
    """agencies.yml with its first agency: the site's own, named as ``cchc new agencies "<tên>"`` says."""
    name = scaffolding.checked(Agency, "name", name)
    return scaffolding.new_file(root / FILE, "agencies", now, help=scaffolding.field_help(Agencies),
                                agency=scaffolding.field_help(Agency), name=name,
                                id=scaffolding.slug(name, "tên cơ quan"))


KIND = Kind(
    name="agencies", label="", model=Agencies, schema="agencies", files=FILE, default=Agencies,
    scaffold=new_agencies, scaffold_value="tên cơ quan đầu tiên",
    pages=lambda content, memo: [], check=check, share=share,
    datasets=(Dataset("agencies", "Cơ quan", "Sổ đăng ký cơ quan: tên, các cách viết khác, thời gian hoạt động và "
                      "cơ quan kế thừa sau các đợt sắp xếp.", Agency, _records),),
)
