"""``cchc import procedures FILE…``: procedures from the national database, and what changed since last time.

The flow: read every file (excel.py for the portal's list, records.py for full
records) into :class:`Imported` values, gathering every problem; merge each
with procedures/<code>.yml (fields the source gives replace the old ones, the
editor's stay); check each result against the procedure model; only when no
file had an error, write what changed (writer.py) and render the change report
(templates/import_report.md.j2).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ...core.pages import ENV
from ...kinds.agencies import FILE as AGENCIES, Agencies
from ...kinds.procedures import Procedure
from . import changes, excel, records, writer
from .imported import FILLED_ONCE, FROM_SOURCE, LABELS, Imported, Registry
from .problems import Found, ImportErrors, Problem

__all__ = ["ImportErrors", "Problem", "Outcome", "run"]


@dataclasses.dataclass
class Outcome:
    report: str                               # Markdown, for the terminal and the pull request
    written: list[Path]
    warnings: list[Problem]


def run(files: list[Path], content: Path, today: dt.date, mark_abolished: dt.date | None = None) -> Outcome:
    """Import ``files`` into ``content``; raise :class:`ImportErrors` (nothing written) on any error."""
    found = Found()
    registry = _registry(content, found)
    items: list[Imported] = []
    for path in files:
        suffix = path.suffix.lower()
        if not path.is_file():
            found.error(str(path), "không có tệp này")
        elif suffix == ".xlsx":
            items += excel.read(path, registry, found)
        elif suffix == ".json":
            items += records.read(path, registry, found, today)
        elif suffix in (".doc", ".docx"):
            found.error(path.name, "chưa hỗ trợ tệp chi tiết ChiTietTTHC (.doc/.docx); hãy dùng danh sách .xlsx "
                                   "của Cổng Dịch vụ công quốc gia hoặc hồ sơ .json từ hệ thống một cửa")
        else:
            found.error(path.name, "chỉ nhập được danh sách thủ tục (.xlsx) hoặc hồ sơ thủ tục đầy đủ (.json)")
    by_code = _combine(items, found)
    existing = _existing(content / "procedures")
    plan: dict[Path, str] = {}
    new, changed, unchanged = [], [], 0
    for code, item in by_code.items():
        path = content / "procedures" / f"{code}.yml"
        old = existing.get(code)
        if old is None:
            values = _new_values(item, today)
            if _valid(values, item.where, found):
                plan[path] = writer.new_file(path, values)
                new.append({"code": code, "name": values["name"], "draft": values.get("draft", False),
                            "lacking": [LABELS[k] for k in item.lacking()]})
            continue
        update = _changes(old, item)
        if not update:
            unchanged += 1
            continue
        said = changes.lines(old, update)
        # only a full record checks a procedure against the national data: the list has no level, steps or fees
        update |= {"source": _source(item)} | ({"last_checked": today} if item.full else {})
        if _valid({**old, **update}, item.where, found):
            plan[path] = writer.updated(path, update)
            changed.append({"code": code, "name": update.get("name", old.get("name")), "lines": said})
    missing = _missing(existing, by_code, items)
    if mark_abolished:
        for code in missing:
            path = content / "procedures" / f"{code}.yml"
            plan[path] = writer.updated(path, {"in_force": False, "abolished": mark_abolished})
    if found.errors:
        raise ImportErrors(found.errors, found.warnings)
    for path, text in plan.items():
        _write(path, text)
    report = ENV.overlay(autoescape=False).get_template("import_report.md.j2").render(
        files=[p.name for p in files], new=new, changed=changed, unchanged=unchanged,
        missing=[{"code": c, "name": existing[c].get("name")} for c in missing], abolished=mark_abolished,
        warnings=found.warnings, lacking_mark=writer.LACKING)
    return Outcome(report, sorted(plan), found.warnings)


def _registry(content: Path, found: Found) -> Registry:
    """agencies.yml as the site has it (none: names are kept as written, as the site then leaves them unchecked)."""
    path = content / AGENCIES
    if not path.is_file():
        return Registry([])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
        return Registry(Agencies.model_validate(data).agencies)
    except (yaml.YAMLError, ValidationError):
        found.error(AGENCIES, "sổ đăng ký cơ quan có lỗi; hãy chạy «cchc validate» và sửa trước khi nhập")
        return Registry([])


def _combine(items: list[Imported], found: Found) -> dict[str, Imported]:
    """One value per code: a list row and a full record of one procedure are merged (the record wins); the same
    code twice in lists, or twice in records, is an error at both places."""
    by_code: dict[str, Imported] = {}
    for item in items:
        first = by_code.get(item.code)
        if first is None:
            by_code[item.code] = item
        elif first.full == item.full:
            found.error(item.where, f"mã «{item.code}» đã có ở {first.where}; mỗi thủ tục chỉ ghi một lần")
        else:
            full, row = (item, first) if item.full else (first, item)
            by_code[item.code] = Imported(item.code, full.where, True, {**row.values, **full.values},
                                          {**full.source, "issuer": row.source.get("issuer")})
    return by_code


def _existing(folder: Path) -> dict[str, dict[str, Any]]:
    """The site's procedures by code, read with the C loader (fast; only the files that change are re-read with
    comments kept)."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.yml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue  # a broken file is cchc validate's to report; an import does not touch it
        if isinstance(data, dict) and data.get("code") is not None and path.stem == str(data["code"]):
            out[str(data["code"])] = data
    return out


def _source(item: Imported) -> dict[str, Any]:
    return {key: value for key, value in item.source.items() if value is not None}


def _new_values(item: Imported, today: dt.date) -> dict[str, Any]:
    values: dict[str, Any] = {"code": item.code}
    if item.lacking():
        values["draft"] = True
    checked = today if item.full else item.source.get("downloaded") or today
    return values | item.values | {"source": _source(item), "last_checked": checked, "illustrative": False}


def _changes(old: dict[str, Any], item: Imported) -> dict[str, Any]:
    """The source's values that differ from the file's, the editor's own kept (a paper's form file and note)."""
    new = {key: item.values[key] for key in FROM_SOURCE if key in item.values}
    new |= {key: item.values[key] for key in FILLED_ONCE if key in item.values and not old.get(key)}
    if "documents" in new:
        theirs = {d.get("name"): d for d in old.get("documents") or [] if isinstance(d, dict)}
        new["documents"] = [{**doc, **{k: theirs[doc["name"]][k] for k in ("form_url", "note")
                                      if doc["name"] in theirs and theirs[doc["name"]].get(k)}}
                            for doc in new["documents"]]
    return {key: value for key, value in new.items() if _plain(old.get(key)) != _plain(value)}


def _plain(value: Any) -> Any:
    """A value compared without what YAML leaves implicit: empty keys of a mapping, 1 against 1.0."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_plain(v) for v in value] or None
    return None if value == "" else value


def _valid(values: dict[str, Any], where: str, found: Found) -> bool:
    try:
        Procedure.model_validate(values)
    except ValidationError as exc:
        for err in exc.errors():
            found.error(where, f"{'.'.join(str(p) for p in err['loc'])}: giá trị không hợp lệ cho trang; hãy "
                               "kiểm tra giá trị này trong tệp nguồn")
        return False
    return True


def _missing(existing: dict[str, dict[str, Any]], by_code: dict[str, Imported], items: list[Imported]) -> list[str]:
    """The site's procedures, still in force, that came from a list of an issuer imported now and are in no list.

    A list is one ministry's or province's: a procedure imported from another issuer's list, or written by hand,
    is not expected in it.
    """
    issuers = {item.source.get("issuer") for item in items if not item.full} - {None}
    listed = {item.code for item in items if not item.full}
    return sorted(code for code, data in existing.items()
                  if code not in listed and data.get("in_force", True) is not False
                  and isinstance(data.get("source"), dict) and data["source"].get("issuer") in issuers)


def _write(path: Path, text: str) -> None:
    """Write through a temporary file and a rename: an interrupted import leaves no half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)
