"""Open data: the site's records as JSON and CSV, each with a JSON Schema.

The export records extend the content models, so the published schemas come
from the same definitions that validate the content.

Each CSV is its JSON twin made flat for spreadsheets: UTF-8 with a BOM (Excel on
a Vietnamese Windows machine guesses the encoding wrong without it), CRLF line
ends (RFC 4180), a header row even when there is no record, "có"/"không" for
true/false, "; " between the items of a list, a column "a.b" for a nested
field and "a.2.b" for a field of a list's second item.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field, TypeAdapter

from . import models
from .feeds import absolute_html
from .render import INDEX_NAMES, Memo, Output, news_url, page_meta, page_output
from .validate import Content

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"


class ProcedureRecord(models.Procedure):
    url: str = Field(title="địa chỉ trang thủ tục")


class HotlineRecord(models.Hotline):
    id: str = Field(title="mã đường dây nóng")


class TaskRecord(models.Model):
    """One appendix task, flattened for tables."""

    plan_id: str = Field(title="mã kế hoạch")
    plan_number: str | None = Field(title="số ký hiệu kế hoạch", description="null khi văn bản để trống số")
    number: str = Field(title="số thứ tự")
    content: str = Field(title="nội dung")
    lead: list[str] = Field(title="cơ quan chủ trì")
    coordinating: list[str] = Field(title="cơ quan phối hợp")
    result: str | None = Field(title="kết quả, sản phẩm")
    deadline_text: str | None = Field(title="thời gian hoàn thành")
    ongoing: bool = Field(title="thường xuyên")
    due_dates: list[dt.date] = Field(title="các hạn")
    url: str = Field(title="địa chỉ trang kế hoạch")


class IndexRecord(models.IndexResult):
    """One year's result of one reform index."""

    key: models.IndexKey = Field(title="mã chỉ số")
    name: str = Field(title="tên chỉ số")


class NewsRecord(models.NewsMeta):
    id: str = Field(title="mã định danh cố định")
    url: str = Field(title="địa chỉ tin")
    content_html: str = Field(title="nội dung (HTML)")


DATASETS: dict[str, type[BaseModel]] = {
    "procedures": ProcedureRecord, "hotlines": HotlineRecord, "tasks": TaskRecord, "indices": IndexRecord,
    "news": NewsRecord,
}
# What a citizen reads on the open-data page: the files keep their short English names.
TITLES = {
    "procedures": "Thủ tục hành chính", "hotlines": "Đường dây nóng", "tasks": "Nhiệm vụ trong kế hoạch",
    "indices": "Chỉ số cải cách hành chính", "news": "Tin tức",
}
DESCRIPTIONS = {
    "procedures": "Thủ tục hành chính: tên, mã, lĩnh vực, cấp, mức độ trực tuyến, hồ sơ, thời hạn, phí.",
    "hotlines": "Đường dây nóng tiếp nhận phản ánh, kiến nghị: kênh liên hệ, giờ tiếp nhận.",
    "tasks": "Nhiệm vụ trong phụ lục các kế hoạch: cơ quan chủ trì, phối hợp, sản phẩm, hạn.",
    "indices": "Kết quả PAR INDEX, SIPAS, PAPI, PCI và DTI theo năm: giá trị, thang đo, xếp hạng, nguồn.",
    "news": "Tin cải cách hành chính đã đăng.",
}
CSV_DATASETS = ("procedures", "hotlines", "tasks", "indices")
CSV_TRUE, CSV_FALSE = "có", "không"


def records(content: Content, memo: Memo) -> dict[str, list[dict[str, Any]]]:
    """Every dataset as JSON-ready records, shaped as DATASETS' models describe.

    Built from already validated models, so they are dumped, not validated again
    (a test checks the output against the published schemas). Each record is
    made once per version of its file (``memo``).
    """
    base = str(content.site.base_url)

    def dump(entry: Any, extra: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """The entry's model as JSON data plus the ``extra`` fields of its dataset."""
        return memo.get(content, ("record", type(entry.model).__name__, entry.id), (entry,),
                        lambda: {**entry.model.model_dump(mode="json"), **extra()})

    return {
        "procedures": [dump(p, lambda p=p: {"url": f"{base}thu-tuc/{p.id}/"})
                       for p in sorted(content.procedures, key=lambda p: p.id)],
        "hotlines": [dump(h, lambda h=h: {"id": h.id}) for h in sorted(content.hotlines, key=lambda h: h.id)],
        "tasks": [TaskRecord(plan_id=p.id, plan_number=p.model.known_number, number=t.number, content=t.content,
                             lead=t.lead, coordinating=t.coordinating, result=t.result,
                             deadline_text=t.deadline_text, ongoing=t.ongoing, due_dates=t.due_dates(),
                             url=f"{base}ke-hoach/{p.id}/").model_dump(mode="json")
                  for p in sorted(content.plans, key=lambda p: p.id) for t in p.model.all_tasks()],
        "indices": [{"key": series.key.value, "name": INDEX_NAMES[series.key.value][1],
                     **result.model_dump(mode="json")} for series in content.indices.indices for result in series.results],
        "news": [dump(n, lambda n=n: {"id": n.model.id or n.id, "url": news_url(content, n),
                                      "content_html": absolute_html(content, n)}) for n in content.news],
    }


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one dataset: a list of its records."""
    model = DATASETS[name]
    result = TypeAdapter(list[model]).json_schema()  # type: ignore[valid-type]
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["title"] = f"{TITLES[name]} ({name}.json)"
    result["description"] = DESCRIPTIONS[name]
    return result


def _cell(value: Any) -> str:
    """A scalar or a list of scalars as a spreadsheet cell: no Python literal reaches it."""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return CSV_TRUE if value else CSV_FALSE
    if value is None:
        return ""
    return str(value)


def _flatten(value: Any, path: str, out: dict[str, str]) -> None:
    """``value``'s cells into ``out``, by column: "a.b" for nested fields, "a.2.b" for a list's 2nd item."""
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{path}.{key}" if path else key, out)
    elif isinstance(value, list) and any(isinstance(item, dict) for item in value):
        for index, item in enumerate(value, 1):
            _flatten(item, f"{path}.{index}", out)
    else:
        out[path] = _cell(value)


def _columns(rows: list[dict[str, str]], fields: list[str]) -> list[str]:
    """Every column, in the records' field order (the model's ``fields`` when there is no record).

    A list or object that is empty or null in one row is a bare column there; it is left out when
    another row has columns below it.
    """
    if not rows:
        return fields
    found = list(dict.fromkeys(column for row in rows for column in row))
    rank: dict[tuple[str, ...], int] = {}  # each path prefix, in the order it first appears
    for column in found:
        for prefix in _prefixes(tuple(column.split("."))):
            rank.setdefault(prefix, len(rank))
    parents = {".".join(prefix[:-1]) for prefix in rank if len(prefix) > 1}
    return sorted((c for c in found if c not in parents),
                  key=lambda c: [rank[prefix] for prefix in _prefixes(tuple(c.split(".")))])


def _prefixes(parts: tuple[str, ...]) -> list[tuple[str, ...]]:
    return [parts[:depth] for depth in range(1, len(parts) + 1)]


def _csv(name: str, records: list[dict[str, Any]]) -> str:
    """The CSV twin of a dataset's JSON (see the module's docstring for its rules)."""
    rows = []
    for record in records:
        rows.append({})
        _flatten(record, "", rows[-1])
    columns = _columns(rows, list(DATASETS[name].model_fields))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([row.get(column, "") for column in columns] for row in rows)
    return "\ufeff" + buffer.getvalue()


@functools.cache
def schema_text(name: str) -> str:
    """The schema file of one dataset; it depends only on the models, so it is made once."""
    return json.dumps(schema(name), ensure_ascii=False, indent=1) + "\n"


def render_data(content: Content, memo: Memo) -> list[Output]:
    """data/<name>.json (+ .csv for tables), data/schema/<name>.schema.json and the "Dữ liệu mở" page."""
    outputs = []
    found = records(content, memo)
    for name, dumped in found.items():
        outputs += memo.get(content, ("data", name), tuple(dumped), lambda n=name, d=dumped: _dataset(n, d))
    outputs.append(memo.get(content, "du-lieu-mo.md", tuple(len(items) for items in found.values()),
                            lambda: render_page(content, {name: len(items) for name, items in found.items()})))
    return outputs


def _dataset(name: str, dumped: list[dict[str, Any]]) -> list[Output]:
    # one record per line: readable, and fast (the C encoder only runs without indent)
    lines = ",\n".join(json.dumps(record, ensure_ascii=False, separators=(",", ":")) for record in dumped)
    outputs = [Output(f"data/{name}.json", f"[\n{lines}\n]\n"),
               Output(f"data/schema/{name}.schema.json", schema_text(name))]
    if name in CSV_DATASETS:
        outputs.append(Output(f"data/{name}.csv", _csv(name, dumped)))
    return outputs


def render_page(content: Content, counts: dict[str, int]) -> Output:
    """The "Dữ liệu mở" page: what can be downloaded, its schema and licence."""
    datasets = [(name, TITLES[name], DESCRIPTIONS[name], counts[name], name in CSV_DATASETS) for name in DATASETS]
    return page_output("du-lieu-mo.md",
                       page_meta(content, "Dữ liệu mở", "Tải dữ liệu thủ tục, đường dây nóng, nhiệm vụ và tin tức "
                                 "dạng JSON và CSV.", "", content.newest_date()),  # made from every file: no one file to edit
                       "open_data.html.j2", datasets=datasets, licence=LICENCE, licence_url=LICENCE_URL,
                       site=content.site)
