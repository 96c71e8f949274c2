"""One procedure as an import file gives it, mapped to the procedure model's fields (kinds/procedures.py).

Both readers (excel.py for the portal's list, records.py for full records)
make these; the writer merges them into procedures/<code>.yml. Only what the
source says is here: a field it lacks is absent, never guessed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from typing import Any

from ...core.vietnamese import fold
from ...kinds import agencies as agency_registry
from ...kinds.procedures import NEEDED, TWO_LEVELS
from .problems import Found

# Fields the national data gives: an import replaces them. Every other field is the editor's (online level and
# address, form files, where to submit locally, life event, notes) and is kept.
FROM_SOURCE = ("name", "field", "levels", "steps", "methods", "documents", "applicants", "agency", "other_agencies",
               "result", "conditions", "legal_basis")
# Filled from the source only while empty: the editor's own value wins (the local receiving address).
FILLED_ONCE = ("submit_at",)
# What a field is called in the report and in the list of what a record still lacks.
LABELS = {
    "name": "tên", "field": "lĩnh vực", "levels": "cấp thực hiện", "online_level": "mức độ dịch vụ công trực tuyến",
    "steps": "trình tự thực hiện", "methods": "cách thức thực hiện", "documents": "thành phần hồ sơ",
    "applicants": "đối tượng thực hiện", "agency": "cơ quan thực hiện", "other_agencies": "cơ quan thực hiện khác",
    "result": "kết quả", "conditions": "yêu cầu, điều kiện", "legal_basis": "căn cứ pháp lý",
    "submit_at": "nơi nộp hồ sơ",
}


@dataclasses.dataclass
class Imported:
    code: str
    where: str                    # the row or record, for messages
    full: bool                    # a full record (True) or a row of the list
    values: dict[str, Any]        # model fields the source gives, as the YAML will hold them
    source: dict[str, Any]        # the procedure model's ``source``: file, downloaded, issuer, decision

    def lacking(self) -> list[str]:
        """The fields a published procedure needs that this source does not give."""
        return [key for key in NEEDED if not self.values.get(key)]


def clean(value: Any) -> str:
    """Text as a citizen should read it: NFC, no stray spaces (an export pads names and doubles spaces)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def one_line(value: Any) -> str:
    return " ".join(clean(value).splitlines())


class Registry:
    """agencies.yml as the importer uses it: a name is kept as written, or as the registry spells it."""

    def __init__(self, registry: list[agency_registry.Agency]) -> None:
        self.names = {name for agency in registry for name in agency.names}
        self.folded = agency_registry.folded_names(registry)

    def resolve(self, written: str, where: str, found: Found) -> str:
        """The registry's spelling of ``written`` (same letters, other case or diacritics form), or ``written``.

        An unknown name is kept as written and flagged with the registry's closest name.
        """
        if not self.names or written in self.names:
            return written
        same = self.folded.get(fold(written))
        if same:
            return same
        guess = agency_registry.closest(written, self.folded)
        hint = f" Có phải ý bạn là «{guess}»?" if guess else ""
        found.warn(where, f"cơ quan «{written}» chưa có trong sổ đăng ký cơ quan ({agency_registry.FILE}).{hint} "
                          f"Trước khi đăng thủ tục, hãy thêm tên này vào {agency_registry.FILE} (tên cơ quan hoặc "
                          "tên gọi khác của cơ quan đó)")
        return written


def agencies(names: list[str], values: dict[str, Any], registry: Registry, where: str, found: Found) -> None:
    """The first agency is the deciding one (``agency``), the others ``other_agencies``."""
    resolved = list(dict.fromkeys(registry.resolve(n, where, found) for n in names if n))
    if resolved:
        values["agency"] = resolved[0]
        values["other_agencies"] = resolved[1:]


# The levels of the national data, by code (as one-stop systems read CAPTHUCHIEN) or by name.
LEVEL_NAMES = {
    "0": "trung ương", "cap bo": "trung ương", "bo": "trung ương", "cap trung uong": "trung ương",
    "trung uong": "trung ương",
    "1": "tỉnh", "cap tinh": "tỉnh", "tinh": "tỉnh",
    "2": "huyện", "cap huyen": "huyện", "huyen": "huyện",
    "3": "xã", "cap xa": "xã", "xa": "xã",
}


def level(value: Any, checked: dt.date, where: str, found: Found) -> str | None:
    """One level of the model from the national data's, or None (the district level after it ended: flagged)."""
    name = LEVEL_NAMES.get(fold(clean(value)))
    if name is None:
        found.error(where, f"«{clean(value)}» không phải cấp thực hiện; cần Cấp Bộ (0), Cấp Tỉnh (1), Cấp Huyện (2) "
                           "hoặc Cấp Xã (3)")
        return None
    if name == "huyện" and checked >= TWO_LEVELS:
        found.warn(where, "hồ sơ ghi Cấp Huyện, cấp không còn từ 01/07/2025: không nhập cấp này. Hãy lấy hồ sơ mới "
                          "từ Cơ sở dữ liệu quốc gia hoặc ghi cấp đang thực hiện («tỉnh» hoặc «xã»)")
        return None
    return name
