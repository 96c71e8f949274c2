"""Reform indices (chỉ số): indices.yml, each index's result by year (PAR INDEX, SIPAS, PAPI, PCI, DTI).

One page (chi-so/) draws each index across the years, with the table as the
chart's text alternative; the "indices" dataset holds every result.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import Field, model_validator

from ..core import fields
from ..core.content import Content
from ..core.datasets import Dataset
from ..core.fields import Model, Text
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output

fields.explain(meanings={
    "PAR_INDEX": "Chỉ số cải cách hành chính", "SIPAS": "Chỉ số hài lòng về sự phục vụ hành chính",
    "PAPI": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh",
    "DTI": "Chỉ số chuyển đổi số",
})


class IndexKey(str, Enum):
    PAR_INDEX = "PAR_INDEX"
    SIPAS = "SIPAS"
    PAPI = "PAPI"
    PCI = "PCI"
    DTI = "DTI"


class IndexResult(Model):
    year: int = Field(ge=2000, le=2100, title="năm")
    value: float = Field(title="giá trị")
    scale: Text = Field(title="thang đo")
    rank: int | None = Field(None, ge=1, title="xếp hạng")
    out_of: int | None = Field(None, ge=1, title="trên tổng số")
    method: str | None = Field(None, title="phương pháp, số chỉ số thành phần")
    source: Text = Field(title="nguồn")
    illustrative: bool = Field(title="dữ liệu minh họa")

    @model_validator(mode="after")
    def _rank_within(self) -> IndexResult:
        if self.rank and self.out_of and self.rank > self.out_of:
            raise ValueError(f"xếp hạng {self.rank} lớn hơn tổng số {self.out_of}")
        return self


class IndexSeries(Model):
    key: IndexKey = Field(title="chỉ số", description="PAR_INDEX, SIPAS, PAPI, PCI, DTI")
    results: list[IndexResult] = Field(min_length=1, title="kết quả")


class Indices(Model):
    """indices.yml: reform-index results by year."""

    indices: list[IndexSeries] = Field(default_factory=list, title="các chỉ số")


INDEX_NAMES = {
    "PAR_INDEX": ("PAR INDEX", "Chỉ số cải cách hành chính", "Bộ Nội vụ"),
    "SIPAS": ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính", "Bộ Nội vụ"),
    "PAPI": ("PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", "UNDP và các đối tác"),
    "PCI": ("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh", "VCCI"),
    "DTI": ("DTI", "Chỉ số chuyển đổi số", "Bộ Thông tin và Truyền thông / Bộ Khoa học và Công nghệ"),
}


def render_indices(content: Content) -> Output:
    series = content["indices"][0].model.indices
    years = [r.year for s in series for r in s.results]
    updated = dt.date(max(years), 12, 31) if years else content.newest_date()
    return page_output("chi-so.md", page_meta(content, "Chỉ số cải cách hành chính",
                                    "Kết quả PAR INDEX, SIPAS, PAPI, PCI và DTI qua các năm.", "indices.yml",
                                    min(updated, content.newest_date()),
                                    terms=[" ".join(names) for names in INDEX_NAMES.values()]),
                 "indices.html.j2", series=series, names=INDEX_NAMES)


class IndexRecord(IndexResult):
    """One year's result of one reform index."""

    key: IndexKey = Field(title="mã chỉ số")
    name: str = Field(title="tên chỉ số")


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    return [{"key": series.key.value, "name": INDEX_NAMES[series.key.value][1], **result.model_dump(mode="json")}
            for series in content["indices"][0].model.indices for result in series.results]


KIND = Kind(
    name="indices", label="", model=Indices, schema="indices", files="indices.yml", default=Indices,
    pages=lambda content, memo: [memo.get(content, "chi-so.md", (content["indices"][0].model,),
                                          lambda: render_indices(content))],
    datasets=(Dataset("indices", "Chỉ số cải cách hành chính", "Kết quả PAR INDEX, SIPAS, PAPI, PCI và DTI theo "
                      "năm: giá trị, thang đo, xếp hạng, nguồn.", IndexRecord, _records),),
)
