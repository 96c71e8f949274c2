"""The national portal's list of procedures (.xlsx), read by its columns' names.

The portal's «Danh sách thủ tục hành chính» download: one sheet, «Danh sách
TTHC»; row 1 a merged banner (Quốc hiệu, «DANH SÁCH THỦ TỤC HÀNH CHÍNH»); row
2 the header ``Mã số | Tên | Cơ quan ban hành | Cơ quan thực hiện | Lĩnh vực``;
one procedure a row, several agencies in a cell one per line. The list has no
level, steps, papers or fees.

openpyxl reads it (README, "Importing procedures"); its read-only mode streams
the rows, so a 700-row list takes a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from ...core.vietnamese import TZ
from .files import xlsx_problem
from .imported import Imported, Registry, agencies, clean, one_line
from .problems import Found, check_code

SHEET = "Danh sách TTHC"
COLUMNS = ("Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực")
HEADER = " | ".join(COLUMNS)
HEADER_ROWS = 10  # the header is row 2; a banner a few rows taller is still read


def read(path: Path, registry: Registry, found: Found) -> list[Imported]:
    """Every procedure of the list at ``path``; each problem goes to ``found`` with its sheet, row and column."""
    problem = xlsx_problem(path, path.read_bytes())
    if problem:
        found.error(path.name, problem)
        return []
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:  # a workbook's parts that do not parse
        found.error(path.name, f"tệp bị hỏng, không đọc được bảng tính ({type(exc).__name__}); hãy tải lại danh sách")
        return []
    try:
        if SHEET not in book.sheetnames:
            found.error(path.name, f"không có trang tính «{SHEET}» (tệp có: {', '.join(f'«{n}»' for n in book.sheetnames)}); "
                                   f"cần danh sách tải từ Cổng Dịch vụ công quốc gia, với dòng tiêu đề {HEADER}")
            return []
        rows = list(book[SHEET].iter_rows(values_only=True))
        created = book.properties.created
    finally:
        book.close()
    where = f"{path.name}, trang tính «{SHEET}»"
    header_at = next((i for i, row in enumerate(rows[:HEADER_ROWS]) if _names(row).get("mã số") is not None), None)
    if header_at is None:
        found.error(where, f"không thấy dòng tiêu đề; cần dòng {HEADER}")
        return []
    columns = _names(rows[header_at])
    missing = [name for name in COLUMNS if name.casefold() not in columns]
    if missing:
        found.error(f"{where}, dòng {header_at + 1}", f"thiếu cột {', '.join(f'«{m}»' for m in missing)}; dòng tiêu "
                                                      f"đề cần có {HEADER}")
        return []
    source = {"file": path.name, "downloaded": _local_date(created)}
    items = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if any(clean(cell) for cell in row):
            item = _row(row, columns, number, f"{where}, dòng {number}", source, registry, found)
            if item:
                items.append(item)
    if not items:
        found.error(where, f"danh sách không có thủ tục nào (chỉ có dòng tiêu đề {HEADER})")
    return items


def _names(row: tuple[Any, ...]) -> dict[str, int]:
    """Each header cell's name (case and spaces ignored) → its column."""
    return {one_line(cell).casefold(): index for index, cell in enumerate(row) if one_line(cell)}


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    """The day, in Vietnam, that the portal made the file (a workbook's creation time is in UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=moment.tzinfo or dt.timezone.utc).astimezone(TZ).date()


def _row(row: tuple[Any, ...], columns: dict[str, int], number: int, where: str, source: dict[str, Any],
         registry: Registry, found: Found) -> Imported | None:
    def cell(name: str) -> Any:
        index = columns[name.casefold()]
        return row[index] if index < len(row) else None

    code = check_code(cell("Mã số"), f"{where}, cột «Mã số»", found)
    name = one_line(cell("Tên"))
    if not name:
        found.error(f"{where}, cột «Tên»", "thiếu tên thủ tục")
    if code is None or not name:
        return None
    values: dict[str, Any] = {"name": name}
    if field := one_line(cell("Lĩnh vực")):
        values["field"] = field
    agencies(clean(cell("Cơ quan thực hiện")).splitlines(), values, registry, f"{where}, cột «Cơ quan thực hiện»",
             found)
    issuer = one_line(cell("Cơ quan ban hành")) or None
    return Imported(code, where, False, values, {**source, "issuer": issuer})
