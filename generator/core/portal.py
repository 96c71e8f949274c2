"""portal.yml: a province's portal, every department and commune on one site.

Each agency keeps its own content folder and builds on its own under its
path of the portal (``cchc build --base-path``); the portal file only says
which agencies there are, where each one lives and how the portal's home page
groups them (pipeline/portal.py builds and joins them).
"""

from __future__ import annotations

from pydantic import Field, HttpUrl, field_validator

from .fields import Model, SitePath, Slug, Text, Title


class PortalAgency(Model):
    """One agency of the portal: its own content folder, published under its own path."""

    id: Slug = Field(title="mã cơ quan", description="Tên ngắn, không dấu, ví dụ «so-tu-phap»; tên thư mục "
                                                      "dựng riêng của cơ quan")
    content: Text = Field(title="thư mục nội dung",
                          description="Thư mục nội dung của cơ quan, tính từ thư mục chứa portal.yml, ví dụ "
                                      "«agencies/so-tu-phap/content»")
    path: SitePath = Field(title="đường dẫn trong cổng", description="Địa chỉ của cơ quan dưới địa chỉ cổng, ví dụ "
                                                                    "«/so-tu-phap/»")
    group: Title = Field(title="nhóm", description="Nhóm trên trang chủ của cổng, ví dụ «Sở, ban, ngành» hoặc "
                                                   "«Xã, phường»; các nhóm hiện theo thứ tự xuất hiện đầu tiên")


class Portal(Model):
    """portal.yml: the agencies that one portal publishes, each under its own path.

    Each agency's id and path must be its own, or two sites would overwrite each other: pipeline/portal.py
    checks that on the file, where it can name the line of each repeat.
    """

    name: Title = Field(title="tên cổng", description="Ví dụ «Cổng thông tin cải cách hành chính tỉnh Lai Châu»")
    base_url: HttpUrl = Field(title="địa chỉ cổng", description="Kết thúc bằng dấu /; mỗi cơ quan ở dưới địa chỉ này")
    agencies: list[PortalAgency] = Field(min_length=1, title="các cơ quan")

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: HttpUrl) -> HttpUrl:
        if not str(value).endswith("/"):
            raise ValueError("địa chỉ cổng phải kết thúc bằng dấu /")
        return value

    def groups(self) -> dict[str, list[PortalAgency]]:
        """The agencies by group, groups in the order they first appear (the home page's sections)."""
        found: dict[str, list[PortalAgency]] = {}
        for agency in self.agencies:
            found.setdefault(agency.group, []).append(agency)
        return found
