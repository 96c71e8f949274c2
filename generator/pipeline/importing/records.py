"""A procedure's full record (.json), in the national database's own structure.

This is what a province's one-stop system receives from the national database
through its integration service (``KetNoiMotCuaQuocGia/LayThuTuc?maTTHC=``):
a ``result`` array of records with MATTHC, TENTTHC, CAPTHUCHIEN, LINHVUCTHUCHIEN,
COQUANTHUCHIEN, DOITUONGTHUCHIEN, TRINHTUTHUCHIEN, CACHTHUCTHUCHIEN,
THANHPHANHOSO, KETQUATHUCHIEN, CANCUPHAPLY, YEUCAUDIEUKIEN, LOAITTHC, TRANGTHAI,
IDQUYETDINHCONGBO. The public code it was read from is listed in the README
("Importing procedures"). A file may hold that response, its ``result`` array,
or one record.

Every value is checked where it is; a problem names its path
(«hồ sơ.json, result[0].CACHTHUCTHUCHIEN[1].THOIGIAN[0].THOIGIANGIAIQUYET»).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from .imported import Imported, Registry, agencies, clean, level, one_line
from .problems import Found, check_code

# KENH, the way of submitting: by code in the national data (1, 2, 3), or by name.
CHANNELS = {"1": "trực tiếp", "2": "trực tuyến", "3": "bưu chính", "trực tiếp": "trực tiếp",
            "trực tuyến": "trực tuyến", "bưu chính": "bưu chính", "dịch vụ bưu chính": "bưu chính"}
FIELDS = ("MATTHC", "TENTTHC")
# "Không có thông tin" (no information) is how the national data says a text is empty.
NO_INFORMATION = {"không có thông tin", "không có", "không"}
WORKING_DAYS = "ngày làm việc"


class _Record:
    """One record being read: its values by path, each problem said at its path."""

    def __init__(self, data: dict[str, Any], path: str, file: str, found: Found) -> None:
        self.data, self.path, self.file, self.found = data, path, file, found

    def where(self, *keys: Any) -> str:
        return f"{self.file}, {_join(self.path, *keys)}"

    def items(self, key: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a list field, each with its path; a list of something else is an error."""
        value = self.data.get(key)
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.found.error(self.where(key), "cần một danh sách (mảng JSON)")
            return []
        out = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                out.append((_join(self.path, key, index), item))
            else:
                self.found.error(self.where(key, index), "cần một đối tượng JSON")
        return out

    def sub(self, item: dict[str, Any], path: str) -> _Record:
        return _Record(item, path, self.file, self.found)

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if isinstance(value, (dict, list)):
            self.found.error(self.where(key), "cần một đoạn văn bản")
            return ""
        text = clean(value)
        return "" if text.casefold() in NO_INFORMATION else text

    def count(self, key: str) -> int:
        value = self.data.get(key)
        text = clean(value)
        if not text:
            return 0
        if isinstance(value, bool) or not re.fullmatch(r"[0-9]+", text):
            self.found.error(self.where(key), f"«{text}»: số bản cần là số nguyên không âm, ví dụ 1")
            return 0
        return int(text)


def read(path: Path, registry: Registry, found: Found, today: dt.date) -> list[Imported]:
    """Every record of the file at ``path``."""
    data = path.read_bytes()
    if not data.strip():
        found.error(path.name, "tệp rỗng, không có dữ liệu; cần hồ sơ thủ tục theo cấu trúc Cơ sở dữ liệu quốc gia")
        return []
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        found.error(path.name, "không phải tệp văn bản JSON (UTF-8); cần hồ sơ thủ tục theo cấu trúc Cơ sở dữ liệu "
                               "quốc gia")
        return []
    except json.JSONDecodeError as exc:
        found.error(f"{path.name}, dòng {exc.lineno}, cột {exc.colno}", "tệp JSON bị hỏng (sai cú pháp); hãy lấy "
                                                                       "lại hồ sơ từ hệ thống một cửa")
        return []
    records = _records(parsed, path.name, found)
    return [item for prefix, record in records
            if (item := _record(_Record(record, prefix, path.name, found), registry, today))]


def _records(parsed: Any, file: str, found: Found) -> list[tuple[str, dict[str, Any]]]:
    """The records of a file: the service's response (``{"message": "…"}`` around ``{"result": […]}``), the
    ``result`` array alone, a list of records or one record."""
    prefix = ""
    if isinstance(parsed, dict) and isinstance(parsed.get("message"), str):  # the service's own response
        try:
            parsed = json.loads(parsed["message"])  # paths then read inside the message, as its own JSON
        except json.JSONDecodeError:
            pass
    if isinstance(parsed, dict) and "result" in parsed:
        parsed, prefix = parsed["result"], f"{prefix}result"
    if isinstance(parsed, dict) and all(key in parsed for key in FIELDS):
        return [(prefix, parsed)]
    if isinstance(parsed, list) and parsed and all(isinstance(r, dict) and "MATTHC" in r for r in parsed):
        return [(f"{prefix}[{index}]", record) for index, record in enumerate(parsed)]
    if isinstance(parsed, list) and not parsed:
        found.error(file, "tệp không có hồ sơ thủ tục nào (danh sách rỗng)")
    else:
        found.error(file, "không phải hồ sơ thủ tục theo cấu trúc Cơ sở dữ liệu quốc gia: cần một đối tượng có "
                          "MATTHC, TENTTHC, CAPTHUCHIEN, TRINHTUTHUCHIEN, CACHTHUCTHUCHIEN, THANHPHANHOSO…, "
                          "một danh sách các đối tượng đó, hoặc {\"result\": [...]}")
    return []


def _join(path: str, *keys: Any) -> str:
    out = path
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def _record(rec: _Record, registry: Registry, today: dt.date) -> Imported | None:
    code = check_code(rec.data.get("MATTHC"), rec.where("MATTHC"), rec.found)
    name = one_line(rec.text("TENTTHC"))
    if not name:
        rec.found.error(rec.where("TENTTHC"), "thiếu tên thủ tục")
    if code is None or not name:
        return None
    values: dict[str, Any] = {"name": name}
    fields = [f for path, item in rec.items("LINHVUCTHUCHIEN") if (f := one_line(rec.sub(item, path).text("TENLINHVUC")))]
    if fields:
        values["field"] = fields[0]
        if len(fields) > 1:
            rec.found.warn(rec.where("LINHVUCTHUCHIEN"), f"thủ tục thuộc nhiều lĩnh vực; trang xếp nó vào lĩnh vực "
                                                         f"đầu tiên, «{fields[0]}» (các lĩnh vực khác: "
                                                         f"{', '.join(fields[1:])})")
    levels, places = [], []
    for path, item in rec.items("CAPTHUCHIEN"):
        sub = rec.sub(item, path)
        named = level(sub.text("CAPTHUCHIEN") or sub.text("TENCAP"), today, sub.where("CAPTHUCHIEN"), rec.found)
        if named and named not in levels:
            levels.append(named)
        if (place := one_line(sub.text("DIACHITIEPNHAN"))) and place not in places:
            places.append(place)
    _put(values, "levels", levels)
    _put(values, "submit_at", "; ".join(places))
    names = [one_line(rec.sub(item, path).text("TENDONVI")) for path, item in rec.items("COQUANTHUCHIEN")]
    agencies(names, values, registry, rec.where("COQUANTHUCHIEN"), rec.found)
    _put(values, "applicants", _names(rec, "DOITUONGTHUCHIEN", "TENDOITUONG"))
    _put(values, "steps", _steps(rec))
    _put(values, "methods", _methods(rec))
    _put(values, "documents", _documents(rec))
    _put(values, "result", "; ".join(_names(rec, "KETQUATHUCHIEN", "TENKETQUA")))
    _put(values, "conditions", rec.text("YEUCAUDIEUKIEN").splitlines())
    _put(values, "legal_basis", _legal(rec))
    decision = one_line(rec.data.get("IDQUYETDINHCONGBO")) or None
    return Imported(code, rec.where(), True, values, {"file": rec.file, "downloaded": None, "decision": decision})


def _put(values: dict[str, Any], key: str, value: Any) -> None:
    """A value the source gives; an empty one is left out (the field stays as it is, and is listed if needed)."""
    if value:
        values[key] = value


def _names(rec: _Record, key: str, name_key: str) -> list[str]:
    """A list of objects' names (DOITUONGTHUCHIEN's TENDOITUONG), or of plain texts."""
    value = rec.data.get(key)
    if isinstance(value, str):
        return [line for line in clean(value).splitlines() if line.casefold() not in NO_INFORMATION]
    return [text for path, item in rec.items(key) if (text := one_line(rec.sub(item, path).text(name_key)))]


def _steps(rec: _Record) -> list[str]:
    """Each line of each step is a step, as one-stop systems show them; a named case opens with its name."""
    cases = rec.items("TRINHTUTHUCHIEN")
    steps = []
    for path, item in cases:
        case = rec.sub(item, path)
        lines = [line for p, step in case.items("TRINHTU") for line in case.sub(step, p).text("TENTRINHTU").splitlines()]
        name = one_line(case.text("TRUONGHOP"))
        if lines and name and len(cases) > 1:
            lines[0] = f"**{name}:** {lines[0]}"
        steps += lines
    return steps


def _methods(rec: _Record) -> list[dict[str, Any]]:
    """One way of submitting per KENH, with its own time limits (THOIGIAN) and fees (PHILEPHI), words as given."""
    methods: list[dict[str, Any]] = []
    for path, item in rec.items("CACHTHUCTHUCHIEN"):
        channel = rec.sub(item, path)
        kenh = channel.text("KENH")
        kind = CHANNELS.get(kenh.casefold())
        if kind is None:
            rec.found.error(channel.where("KENH"), f"«{kenh}» không phải cách thức nộp; cần 1 (trực tiếp), 2 (trực "
                                                   "tuyến) hoặc 3 (dịch vụ bưu chính)")
            continue
        limits, days, notes, fees = [], [], [], []
        for time_path, time_item in channel.items("THOIGIAN"):
            time = channel.sub(time_item, time_path)
            amount, unit = time.text("THOIGIANGIAIQUYET"), time.text("DONVITINH")
            if amount and not re.fullmatch(r"[0-9]+([.,][0-9]+)?", amount):
                rec.found.error(time.where("THOIGIANGIAIQUYET"), f"«{amount}»: thời hạn cần là một con số, ví dụ 15")
                continue
            if amount:
                unit_text = unit[:1].lower() + unit[1:]
                limits.append(f"{amount} {unit_text}".strip())
                days.append(float(amount.replace(",", ".")) if unit_text.casefold() == WORKING_DAYS else None)
            if note := one_line(time.text("MOTA")):
                notes.append(note)
            fees += [fee for fee_path, fee_item in time.items("PHILEPHI") if (fee := _fee(time.sub(fee_item, fee_path)))]
        if not limits:
            rec.found.warn(channel.where("THOIGIAN"), f"cách nộp {kind} không ghi thời hạn giải quyết: không nhập cách "
                                                      "nộp này; hãy bổ sung từ Cơ sở dữ liệu quốc gia")
            continue
        methods.append({"kind": kind, "time_limit": "; ".join(dict.fromkeys(limits)),
                        "time_limit_days": days[0] if len(days) == 1 else None,
                        # no fee listed: the national data announces every fee a procedure charges
                        "fees": "; ".join(dict.fromkeys(fees)) or "Không",
                        "description": " ".join(dict.fromkeys(notes)) or None})
    return methods


def _fee(fee: _Record) -> str:
    """A fee word for word: «50.000 Đồng: Lệ phí cấp bản sao», the amount and unit, then its description."""
    amount = " ".join(part for part in (fee.text("SOTIEN"), fee.text("DONVI")) if part)
    note = one_line(fee.text("MOTA"))
    return f"{amount}: {note}" if amount and note else amount or note


def _documents(rec: _Record) -> list[dict[str, Any]]:
    cases = rec.items("THANHPHANHOSO")
    documents = []
    for path, item in cases:
        case = rec.sub(item, path)
        name = one_line(case.text("TRUONGHOP"))
        for paper_path, paper_item in case.items("GIAYTO"):
            paper = case.sub(paper_item, paper_path)
            title = one_line(paper.text("TENGIAYTO"))
            if not title:
                rec.found.error(paper.where("TENGIAYTO"), "thiếu tên giấy tờ")
                continue
            url = one_line(paper.text("URL"))
            documents.append({
                "name": title, "form": one_line(paper.text("TENMAUDON")) or None,
                "form_url": url if re.match(r"https?://", url) else None,
                "originals": paper.count("SOBANCHINH"), "copies": paper.count("SOBANSAO"),
                "note": f"Trường hợp: {name}" if name and len(cases) > 1 else None,
            })
    return documents


def _legal(rec: _Record) -> list[dict[str, Any]]:
    bases = []
    for path, item in rec.items("CANCUPHAPLY"):
        law = rec.sub(item, path)
        number = one_line(law.text("SOVANBAN"))
        if not number:
            rec.found.error(law.where("SOVANBAN"), "thiếu số ký hiệu văn bản")
            continue
        bases.append({"number": number, "date": _date(law, "NGAYBANHANH"),
                      "issuer": one_line(law.text("COQUANBANHANH")) or None, "title": one_line(law.text("TENVANBAN"))})
    return bases


def _date(rec: _Record, key: str) -> dt.date | None:
    """dd/mm/yyyy, or ISO with or without a time (the service writes both)."""
    text = rec.text(key)
    if not text:
        return None
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(\s.*)?", text)
    try:
        if match:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        rec.found.error(rec.where(key), f"«{text}» không phải ngày; cần dd/mm/yyyy, ví dụ 20/11/2014")
        return None
