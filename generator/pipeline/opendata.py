"""Open data: every kind's datasets (core/datasets.py) as JSON, CSV and JSON Schema, and the page that lists them."""

from __future__ import annotations

from ..core import datasets
from ..core.content import Content
from ..core.pages import Memo, Output, page_meta, page_output
from .registry import KINDS

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.vi"
DATASETS = [dataset for kind in KINDS for dataset in kind.datasets]


def render_data(content: Content, memo: Memo) -> list[Output]:
    """data/<name>.json (+ .csv for tables), data/schema/<name>.schema.json and the "Dữ liệu mở" page."""
    outputs = []
    counts = {}
    for dataset in DATASETS:
        dumped = dataset.records(content, memo)
        counts[dataset.name] = len(dumped)
        known = memo.reuse(("data lines", dataset.name), (), datasets.JsonLines)  # kept from rebuild to rebuild
        outputs += memo.get(content, ("data", dataset.name), tuple(dumped),
                            lambda d=dataset, r=dumped, k=known: datasets.outputs(d, r, k))
    outputs.append(memo.get(content, "du-lieu-mo.md", tuple(counts.values()), lambda: render_page(content, counts)))
    return outputs


def render_page(content: Content, counts: dict[str, int]) -> Output:
    """The "Dữ liệu mở" page: what can be downloaded, its schema and licence."""
    listed = [(d.name, d.title, d.description, counts[d.name], d.csv) for d in DATASETS]
    return page_output("du-lieu-mo.md",
                       page_meta(content, "Dữ liệu mở", "Tải dữ liệu thủ tục, đường dây nóng, nhiệm vụ và tin tức "
                                 "dạng JSON và CSV.", "", content.newest_date()),  # made from every file: no one file to edit
                       "open_data.html.j2", datasets=listed, licence=LICENCE, licence_url=LICENCE_URL,
                       site=content.site)
