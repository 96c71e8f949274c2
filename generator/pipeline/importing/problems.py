"""What the importer says about its input: errors and warnings in Vietnamese, each with where it is.

An editor fixes an import file in a spreadsheet or a JSON viewer, so a place is
said as they see it: «tệp.xlsx, trang tính «Danh sách TTHC», dòng 12, cột «Mã số»»
for a list, the path to the value («hồ sơ.json, result[0].MATTHC») for a record.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

# The national database's code: one digit, a dot, six digits.
NATIONAL_CODE = re.compile(r"[0-9]\.[0-9]{6}")
# Codes a province or unit adds to the national one: a letter (1.004850A) or a unit's suffix (….000.00.00.H19).
LOCAL_CODE = re.compile(r"[0-9]\.[0-9]{6}([A-Z]{1,2}|\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z0-9]{2,3})")


@dataclasses.dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def text(self) -> str:
        return f"{self.where}: {self.message}"


class ImportErrors(Exception):
    """The input cannot be imported: every error found, with the warnings; nothing was written."""

    def __init__(self, errors: list[Problem], warnings: list[Problem]) -> None:
        super().__init__(f"{len(errors)} lỗi")
        self.errors = errors
        self.warnings = warnings


@dataclasses.dataclass
class Found:
    """The errors and warnings of one run, gathered from every file before anything is written."""

    errors: list[Problem] = dataclasses.field(default_factory=list)
    warnings: list[Problem] = dataclasses.field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(Problem(where, message))


def check_code(value: Any, where: str, found: Found) -> str | None:
    """The code as written when it is one (a local one is flagged), else None and an error."""
    code = "" if value is None else str(value).strip()
    if NATIONAL_CODE.fullmatch(code):
        return code
    if LOCAL_CODE.fullmatch(code):
        found.warn(where, f"«{code}» là mã riêng của địa phương hoặc đơn vị (mã quốc gia có dạng «1.004850»); "
                          "vẫn nhập, hãy kiểm tra đây đúng là mã cần dùng")
        return code
    if not code:
        found.error(where, "thiếu mã thủ tục")
    else:
        found.error(where, f"«{code}» không phải mã thủ tục: mã gồm một chữ số, dấu chấm và sáu chữ số, "
                           "ví dụ «1.001193»")
    return None
