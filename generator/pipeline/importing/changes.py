"""What an import changes in one procedure, said as an editor reads it in the pull request.

«thời hạn: 15 ngày làm việc → 10 ngày làm việc», «thêm giấy tờ: …»: each line
compares the file's old value with the source's, field by field.
"""

from __future__ import annotations

from typing import Any

from .imported import LABELS


def lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every difference between ``old`` and the ``new`` values of the keys ``new`` holds."""
    out: list[str] = []
    for key, value in new.items():
        before = old.get(key)
        if key == "methods":
            out += _methods(before or [], value)
        elif key == "documents":
            out += _listed(before or [], value, "giấy tờ", lambda d: d["name"], _paper)
        elif key == "legal_basis":
            out += _listed(before or [], value, "căn cứ pháp lý", lambda d: d["number"], _law)
        elif key in ("steps", "applicants", "conditions"):
            out += _listed([{"t": t} for t in before or []], [{"t": t} for t in value], LABELS[key], lambda d: d["t"],
                           lambda d: "")
        elif key == "other_agencies":
            continue  # said with the agency
        elif key == "agency":
            was = ", ".join([before or "(trống)", *(old.get("other_agencies") or [])])
            now = ", ".join([value, *new.get("other_agencies", old.get("other_agencies") or [])])
            out.append(f"{LABELS[key]}: {was} → {now}")
        else:
            out.append(f"{LABELS[key]}: {_text(before)} → {_text(value)}")
    if "other_agencies" in new and "agency" not in new:
        out.append(f"{LABELS['other_agencies']}: {_text(old.get('other_agencies'))} → {_text(new['other_agencies'])}")
    return out


def _text(value: Any) -> str:
    if value in (None, "", []):
        return "(trống)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _methods(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {m["kind"]: m for m in old}
    after = {m["kind"]: m for m in new}
    one = len(before) <= 1 and len(after) <= 1
    out = [f"thêm cách nộp: {kind}" for kind in after if kind not in before]
    out += [f"bỏ cách nộp: {kind}" for kind in before if kind not in after]
    for kind, method in after.items():
        if kind not in before:
            continue
        label = "" if one else f" ({kind})"
        for key, name in (("time_limit", "thời hạn"), ("fees", "lệ phí"), ("description", "mô tả")):
            if (before[kind].get(key) or None) != (method.get(key) or None):
                out.append(f"{name}{label}: {_text(before[kind].get(key))} → {_text(method.get(key))}")
    return out


def _listed(old: list[dict[str, Any]], new: list[dict[str, Any]], label: str, key: Any, detail: Any) -> list[str]:
    """Added and removed items of a list by their key, then the items whose details changed."""
    before = {key(item): item for item in old}
    after = {key(item): item for item in new}
    out = [f"thêm {label}: {name}" for name in after if name not in before]
    out += [f"bỏ {label}: {name}" for name in before if name not in after]
    for name, item in after.items():
        if name in before and detail(before[name]) != detail(item):
            out.append(f"{label} «{name}»: {detail(before[name])} → {detail(item)}")
    return out


def _paper(doc: dict[str, Any]) -> str:
    form = f", mẫu {doc['form']}" if doc.get("form") else ""
    return f"{doc.get('originals') or 0} bản chính, {doc.get('copies') or 0} bản sao{form}"


def _law(law: dict[str, Any]) -> str:
    date = law.get("date")
    return f"{law.get('title') or ''} ({date:%d/%m/%Y})" if date else str(law.get("title") or "")
