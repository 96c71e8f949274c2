"""The site's own settings: site.yml (the agency that publishes it) and search.yml (its everyday words).

Every page depends on these, whatever kind of content it shows, so they sit
below the kinds.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urljoin

from pydantic import Field, HttpUrl, field_validator, model_validator

from .fields import BRANCH_PATTERN, DOMAIN_PATTERN, AssetPath, Date, Email, Model, Phone, Slug, Text, Title
from .vietnamese import fold


class Site(Model):
    """site.yml: the agency that publishes the site."""

    name: Title = Field(title="tên cơ quan")
    short_name: Annotated[str, Field(min_length=1, max_length=60)] = Field(title="tên viết tắt")
    parent: str | None = Field(None, title="cơ quan chủ quản")
    province: Text = Field(title="tỉnh, thành phố")
    description: Text = Field(title="mô tả ngắn")
    address: Text = Field(title="địa chỉ")
    phone: Phone = Field(title="điện thoại")
    email: Email = Field(title="thư điện tử")
    base_url: HttpUrl = Field(title="địa chỉ trang", description="Kết thúc bằng dấu /")
    id_authority: Annotated[str, Field(pattern=DOMAIN_PATTERN)] = Field(
        title="tên miền định danh",
        description="Tên miền của cơ quan khi trang ra mắt, ví dụ laichau.gov.vn: phần đầu mã định danh cố định "
                    "(RFC 4151) của tin trong nguồn cấp và sự kiện trong lịch. Ghi một lần, không bao giờ sửa, kể cả "
                    "khi trang chuyển sang địa chỉ khác")
    id_date: Date = Field(title="ngày định danh",
                          description="Một ngày cơ quan đã giữ tên miền định danh, thường là ngày trang ra mắt "
                                      "(YYYY-MM-DD). Ghi một lần, không bao giờ sửa")
    repo_url: HttpUrl | None = Field(None, title="kho mã nguồn", description="Dùng cho liên kết «Sửa trang này»")
    repo_branch: Annotated[str, Field(pattern=BRANCH_PATTERN, max_length=100)] = Field("main", title="nhánh")
    workspace_auth: HttpUrl | None = Field(
        None, title="máy chủ đăng nhập của khu soạn thảo",
        description="Địa chỉ máy chủ chuyển tiếp đăng nhập GitHub (OAuth) mà cơ quan chạy, ví dụ "
                    "«https://dang-nhap.laichau.gov.vn» (CONTRIBUTING.md, «Khu soạn thảo»). Cần repo_url là một kho "
                    "trên GitHub. Để trống: khu soạn thảo quan-tri/ chỉ dùng được trên máy, với «cchc serve»")
    logo: AssetPath | None = Field(None, title="biểu trưng", description="Đường dẫn trong thư mục assets/")
    language: Literal["vi"] = Field("vi", title="ngôn ngữ")
    english: bool = Field(False, title="trang tiếng Anh",
                          description="true: đăng trang tiếng Anh (en/) về cơ cấu tổ chức, chức năng và liên hệ của cơ "
                                      "quan (Nghị định 42/2022/NĐ-CP, Điều 7), dịch từ organisation.yml; khi đó mỗi "
                                      "trường cần dịch trong organisation.yml phải có bản tiếng Anh")
    timezone: Literal["Asia/Ho_Chi_Minh"] = Field("Asia/Ho_Chi_Minh", title="múi giờ")
    main_hotline: Slug = Field(title="đường dây nóng chính", description="Tên tệp (không có .yml) trong hotlines/")
    feed_items: int = Field(50, ge=1, le=1000, title="số tin trong nguồn cấp")
    channels: list[Slug] = Field(default_factory=list, title="kênh đăng tin",
                                 description="Mã các kênh mà trang này là, ví dụ «trang-tin-so»: tin đăng ở đây "
                                             "được tính vào chỉ tiêu kế hoạch có cách đếm (counts) theo kênh đó")
    illustrative: bool = Field(title="dữ liệu minh họa", description="true nếu có bất kỳ dữ liệu minh họa nào")
    illustrative_note: str | None = Field(None, title="ghi chú dữ liệu minh họa")

    @field_validator("base_url")
    @classmethod
    def _trailing_slash(cls, value: HttpUrl) -> HttpUrl:
        if not str(value).endswith("/"):
            raise ValueError("địa chỉ trang phải kết thúc bằng dấu /")
        return value

    def at_path(self, path: str) -> Site:
        """The site published under ``path`` of its host (``/so-tu-phap/``), or at a whole address: a portal's agency.

        Only the address moves: feed and calendar ids come from ``id_authority``
        and ``id_date``, so a subscriber's ids stay those of the agency built alone.
        """
        return self.model_copy(update={"base_url": HttpUrl(urljoin(str(self.base_url), path))})

    @property
    def github_repo(self) -> str | None:
        """«owner/name» of a repo_url on GitHub, which the workspace saves to; None for any other address."""
        match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(\.git)?/?", str(self.repo_url or ""))
        return match.group(1) if match else None

    @model_validator(mode="after")
    def _workspace_on_github(self) -> Site:
        if self.workspace_auth and not self.github_repo:
            raise ValueError("khi có workspace_auth, repo_url phải là địa chỉ một kho trên GitHub, ví dụ "
                             "«https://github.com/so-noi-vu-lai-chau/cchc-site»: khu soạn thảo lưu bài vào kho đó")
        return self

    @model_validator(mode="after")
    def _note_when_illustrative(self) -> Site:
        if self.illustrative and not self.illustrative_note:
            raise ValueError("khi illustrative là true, cần illustrative_note nói rõ dữ liệu nào là minh họa")
        return self


class SearchAlias(Model):
    """One entry of search.yml: the words citizens type for one official term."""

    words: tuple[Text, ...] = Field(min_length=1, title="từ người dân hay gõ",
                              description="Tên gọi thường ngày hoặc chữ viết tắt, ví dụ «sổ đỏ», «CCCD»")
    means: Text = Field(title="thuật ngữ chính thức",
                        description="Cụm từ có trong tên hoặc nội dung trang, ví dụ «giấy chứng nhận quyền sử dụng "
                                    "đất»; trang nào có cụm từ này thì cũng tìm được bằng các từ trên")

    @model_validator(mode="after")
    def _words_differ(self) -> SearchAlias:
        same = [w for w in self.words if fold(w) == fold(self.means)]
        if same:
            raise ValueError(f"«{same[0]}» trùng với thuật ngữ chính thức, không cần ghi vào «words»")
        return self


class SearchAliases(Model):
    """search.yml: everyday words and abbreviations that find the pages using the official terms."""

    # tuples, so that the file can key a cache (search.aliases)
    aliases: tuple[SearchAlias, ...] = Field(default_factory=tuple, title="các từ thường dùng")
