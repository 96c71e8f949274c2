"""Days off (ngày nghỉ lễ, tết): holidays.yml, the public holidays and the weekend days worked in their place.

The file has no page of its own. It tells the kinds that count working days
(the citizen-reception schedule, kinds/reception.py) which days the offices are
closed, through ``content.shared["holidays"]``: a day is closed when it is a
holiday, or a Saturday or Sunday not listed in ``working_days``. A year the
list has no holiday in is "not covered", and pages that count days say so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import typing
from typing import Any

from pydantic import Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails

from ..core import fields, scaffolding
from ..core.content import Entry
from ..core.fields import Date, Model, Text, Weekday
from ..core.kind import Kind
from ..core.vietnamese import format_date


def weekday_name(day: dt.date) -> str:
    """«Thứ Ba», «Chủ nhật»: the day's name as fields.MEANINGS gives it for the Weekday codes."""
    return fields.MEANINGS[typing.get_args(Weekday)[day.weekday()]]


class Holiday(Model):
    date: Date = Field(title="ngày", description="YYYY-MM-DD hoặc dd/mm/yyyy")
    name: Text = Field(title="tên ngày nghỉ", description="Ví dụ: Tết Nguyên đán, Giỗ Tổ Hùng Vương")


class WorkingDay(Model):
    date: Date = Field(title="ngày", description="Một ngày thứ Bảy hoặc Chủ nhật được làm việc")
    reason: Text = Field(title="lý do làm bù", description="Ví dụ: làm bù cho ngày nghỉ hoán đổi thứ Hai 29/4/2024")

    @field_validator("date")
    @classmethod
    def _weekend(cls, value: dt.date) -> dt.date:
        """Only a weekend day can be made a working day: a weekday already is one."""
        if value.weekday() < 5:
            raise ValueError(f"ngày {format_date(value)} là {weekday_name(value)}, vốn đã là ngày làm việc; "
                             "ở đây chỉ ghi ngày thứ Bảy hoặc Chủ nhật được chuyển thành ngày làm việc")
        return value


class Holidays(Model):
    """holidays.yml: the days off besides the weekly rest, and the weekend days worked instead."""

    holidays: list[Holiday] = Field(default_factory=list, title="ngày nghỉ lễ, tết")
    working_days: list[WorkingDay] = Field(default_factory=list, title="ngày làm bù")

    @field_validator("holidays")
    @classmethod
    def _holidays_once(cls, items: list[Holiday]) -> list[Holiday]:
        """A day off written twice is an error at the second."""
        _once(items, "ngày nghỉ", {})
        return items

    @field_validator("working_days")
    @classmethod
    def _working_days_once(cls, items: list[WorkingDay], info: ValidationInfo) -> list[WorkingDay]:
        """A working day written twice, or also written as a day off, is an error at it: a day is off or worked."""
        days_off = {h.date: f"ngày nghỉ thứ {i}" for i, h in enumerate(info.data.get("holidays", []), 1)}
        _once(items, "ngày làm bù", days_off)
        return items


def _once(items: list[Holiday] | list[WorkingDay], label: str, seen: dict[dt.date, str]) -> None:
    """Raise an error at each item whose date is in ``seen`` or earlier in ``items`` (its place in its list)."""
    found = []
    for index, item in enumerate(items):
        if item.date in seen:
            message = f"ngày {format_date(item.date)} đã được ghi ở {seen[item.date]}; mỗi ngày chỉ ghi một lần"
            found.append(InitErrorDetails(type="value_error", loc=(index, "date"), input=item.date.isoformat(),
                                          ctx={"error": ValueError(message)}))
        else:
            seen[item.date] = f"{label} thứ {index + 1}"
    if found:
        raise ValidationError.from_exception_data("Holidays", found)


def share(entries: list[Entry[Holidays]], now: dt.datetime) -> dict[str, Any]:
    """shared["holidays"]: days off by date (their names), working weekend days (their reasons), years covered."""
    model = entries[0].model if entries else Holidays()
    return {"holidays": {"days_off": {h.date: h.name for h in model.holidays},
                         "working_days": {w.date: w.reason for w in model.working_days},
                         "years": sorted({h.date.year for h in model.holidays})}}


def new_holidays(root: Path, value: str, now: dt.datetime | None = None) -> Path:
    """holidays.yml with the year's first holiday, for the editor to complete from the official notice."""
    return scaffolding.new_file(root / "holidays.yml", "holidays", now, help=scaffolding.field_help(Holidays))


KIND = Kind(
    name="holidays", label="", model=Holidays, schema="holidays", files="holidays.yml", default=Holidays,
    scaffold=new_holidays,
    pages=lambda content, memo: [], share=share,
)
