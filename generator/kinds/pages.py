"""Free pages: pages/<slug>.md, a Markdown page an editor writes (introduction, accessibility statement…).

Each is published at /<slug>/ and listed in the footer's "Thông tin khác".
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from ..core.content import Content, Entry
from ..core.fields import Date, Model, Title
from ..core.kind import Kind
from ..core.pages import Memo, Output, page_meta, page_output


class PageMeta(Model):
    """pages/<slug>.md front matter."""

    title: Title = Field(title="tiêu đề")
    description: str | None = Field(None, title="mô tả")
    updated: Date | None = Field(None, title="ngày cập nhật")


def render_pages(content: Content, memo: Memo) -> Iterator[Output]:
    for entry in content["pages"]:
        yield memo.get(content, ("page", entry.id), (entry,), lambda e=entry: _page(content, e))


def _page(content: Content, entry: Entry[PageMeta]) -> Output:
    page = entry.model
    # the agency's structure (shared["organisation"]) on the page it names, with that page's language versions
    organisation = content.shared.get("organisation")
    organisation = organisation if organisation and organisation["page"] == entry.id else None
    return page_output(f"{entry.id}.md", page_meta(content, page.title, page.description or page.title,
                                            entry.source.as_posix(), page.updated or content.newest_date(),
                                            body=entry.body, **(organisation["front"] if organisation else {})),
                    "page.html.j2", page=page, body=entry.body, organisation=organisation)


KIND = Kind(name="pages", label="trang", model=PageMeta, schema="page", files="pages/*.md", address="{}/", pages=render_pages)
