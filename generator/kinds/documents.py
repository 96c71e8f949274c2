"""Documents (văn bản): documents/<slug>.yml, one legal or administrative document of the library.

Nghị định 42/2022/NĐ-CP, Điều 4, asks an agency's site to publish its legal and
administrative documents with their type, issuer, number, dates, abstract and
file, and a way to search them. The library (van-ban/) lists them newest first,
with static lists by type, issuer, year and status and a filter where
JavaScript runs; each document has its page (van-ban/<slug>/) that says whether
it is in force, what replaced it, what it relates to and which plans,
procedures and hotlines cite it. Plans and procedures link every cited number
the library holds (``shared["documents"]``). Also: RSS and Atom feeds of the
newest documents, the "documents" dataset and, for editors, the cited
documents the library lacks (:func:`missing_documents`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator

from ..core import fields, references, scaffolding
from ..core.checking import conflict
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset
from ..core.errors import ContentError
from ..core.feeds import Enclosure, FeedEntry, channel_feeds, tag_uri
from ..core.fields import AssetPath, Date, Model, Slug, Text, WebAddress, document_key
from ..core.kind import Kind
from ..core.pages import ENV, Memo, Output, alphabetical, page_meta, page_output
from ..core.references import Targets, chain_text, cycles, resolve
from ..core.structured import organization_ref
from ..core.vietnamese import TZ, slugify

LIBRARY = "van-ban/index.md"
# The national database of legal documents: where a citizen checks a document's force.
VBPL = "https://vbpl.vn/"
# Folders of the library's lists: a document's file may not take their names, nor "index".
RESERVED = {"index", "loai", "co-quan", "nam", "tinh-trang"}


class DocType(str, Enum):
    law = "Luật"
    code = "Bộ luật"
    ordinance = "Pháp lệnh"
    resolution = "Nghị quyết"
    decree = "Nghị định"
    circular = "Thông tư"
    decision = "Quyết định"
    plan = "Kế hoạch"
    directive = "Chỉ thị"
    official_letter = "Công văn"
    notice = "Thông báo"
    guidance = "Hướng dẫn"
    programme = "Chương trình"
    report = "Báo cáo"
    other = "Văn bản khác"


class Status(str, Enum):
    in_force = "còn hiệu lực"
    expired = "hết hiệu lực"
    replaced = "bị thay thế"
    unknown = "chưa xác định"


fields.explain(meanings={
    "còn hiệu lực": "văn bản đang được áp dụng",
    "hết hiệu lực": "văn bản không còn được áp dụng",
    "bị thay thế": "đã có văn bản khác thay thế; ghi văn bản đó ở replaced_by",
    "chưa xác định": "biên tập viên chưa kiểm tra hiệu lực",
})

# Legal normative documents (văn bản quy phạm pháp luật) are numbered number/year/symbol
# (Luật Ban hành văn bản quy phạm pháp luật); other documents have no year in their number.
_NORMATIVE_NUMBER = re.compile(r"^\d+/\d{4}/")
_NORMATIVE_TYPES = {DocType.law, DocType.code, DocType.ordinance}


class DocumentData(Model):
    """What the library publishes about one document: its page, its feed item and its open-data record."""

    type: DocType = Field(title="loại văn bản", description=", ".join(t.value for t in DocType))
    number: Text | None = Field(title="số, ký hiệu",
                                description="Như văn bản ghi, ví dụ «45/2020/NĐ-CP»; null nếu văn bản để trống số")
    issuer: Text = Field(title="cơ quan ban hành")
    signer: str | None = Field(None, title="người ký", description="Chức vụ và họ tên, ví dụ «Phó Chủ tịch Tổng Thanh Hải»")
    year: int | None = Field(None, ge=1945, le=2100, title="năm ban hành",
                             description="Chỉ ghi khi văn bản để trống ngày ban hành (issued: null)")
    issued: Date | None = Field(title="ngày ban hành",
                                description="dd/mm/yyyy hoặc YYYY-MM-DD; null nếu văn bản để trống ngày (khi đó ghi year)")
    in_force: Date | None = Field(None, title="ngày có hiệu lực", description="Không trước ngày ban hành")
    expires: Date | None = Field(None, title="ngày hết hiệu lực", description="Sau ngày có hiệu lực")
    replaced_by: Slug | None = Field(None, title="văn bản thay thế",
                                     description="Tên tệp (không có .yml) của văn bản thay thế trong documents/; "
                                                 "bắt buộc khi tình trạng là «bị thay thế»")
    status: Status = Field(title="tình trạng hiệu lực", description=", ".join(s.value for s in Status))
    abstract: Text = Field(title="trích yếu", description="Như văn bản ghi, ví dụ «về quản lý, kết nối và chia sẻ dữ liệu số»")
    fields: list[Text] = Field(min_length=1, title="lĩnh vực")
    related: list[Slug] = Field(default_factory=list, title="văn bản liên quan",
                                description="Tên tệp (không có .yml) của các văn bản khác trong documents/")
    file: AssetPath | None = Field(None, title="tệp văn bản", description="Tệp PDF trong assets/, ví dụ "
                                   "«assets/van-ban/nghi-dinh-45-2020-nd-cp.pdf»")
    url: WebAddress | None = Field(None, title="địa chỉ chính thức",
                                   description="Trang của văn bản trên nguồn chính thức, ví dụ vbpl.vn")
    illustrative: bool = Field(title="dữ liệu minh họa")

    @field_validator("issued")
    @classmethod
    def _year_without_date(cls, issued: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """A document left undated still belongs to a year (the library lists it there); a dated one has its own."""
        year = info.data.get("year")
        if issued is None and year is None:
            raise ValueError("văn bản để trống ngày ban hành (issued: null) thì cần ghi năm ban hành ở dòng sau, "
                             "ví dụ «year: 2024»")
        if issued is not None and year is not None and year != issued.year:
            raise ValueError(f"năm ban hành (year) {year} khác năm của ngày ban hành ({issued.year}); bỏ trường year "
                             "hoặc sửa cho khớp")
        return issued

    @field_validator("in_force")
    @classmethod
    def _in_force_after_issue(cls, in_force: dt.date | None, info: ValidationInfo) -> dt.date | None:
        issued = info.data.get("issued")
        if in_force is not None and issued is not None and in_force < issued:
            raise ValueError(f"ngày có hiệu lực {in_force:%d/%m/%Y} trước ngày ban hành {issued:%d/%m/%Y}; "
                             "một văn bản không có hiệu lực trước khi được ban hành")
        return in_force

    @field_validator("expires")
    @classmethod
    def _expires_after_start(cls, expires: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("in_force") or info.data.get("issued")
        if expires is not None and start is not None and expires <= start:
            raise ValueError(f"ngày hết hiệu lực {expires:%d/%m/%Y} phải sau ngày có hiệu lực "
                             f"(hoặc ngày ban hành) {start:%d/%m/%Y}")
        return expires

    @field_validator("status")
    @classmethod
    def _replaced_exactly_when_replaced(cls, status: Status, info: ValidationInfo) -> Status:
        """«bị thay thế» says by what; any other status has nothing to name (replaced_by comes first in the model)."""
        if "replaced_by" not in info.data:
            return status  # replaced_by is wrong itself: said there
        replaced_by = info.data["replaced_by"]
        if status is Status.replaced and replaced_by is None:
            raise ValueError("tình trạng «bị thay thế» cần ghi văn bản thay thế ở dòng sau: tên tệp của nó trong "
                             "documents/, ví dụ «replaced_by: nghi-dinh-45-2020-nd-cp»")
        if status is not Status.replaced and replaced_by is not None:
            raise ValueError(f"chỉ ghi văn bản thay thế (replaced_by) khi tình trạng là «bị thay thế» "
                             f"(đang là «{status.value}»)")
        return status

    @field_validator("file")
    @classmethod
    def _pdf(cls, file: str | None) -> str | None:
        if file is not None and not file.lower().endswith(".pdf"):
            raise ValueError(f"«{file}»: tệp văn bản phải là tệp PDF (tên kết thúc bằng .pdf)")
        return file

    @property
    def key(self) -> str | None:
        """How plans and procedures cite it (core.fields.document_key), or None for an unnumbered document."""
        return document_key(self.number) if self.number else None

    @property
    def year_issued(self) -> int:
        return self.issued.year if self.issued else self.year  # type: ignore[return-value]  # one is set: _year_without_date

    @property
    def normative(self) -> bool:
        """A legal normative document (schema.org Legislation): a law, code or ordinance, or numbered with its year."""
        return self.type in _NORMATIVE_TYPES or bool(self.number and _NORMATIVE_NUMBER.match(self.number))

    @property
    def name(self) -> str:
        """Its name in lists and titles: «Nghị định 45/2020/NĐ-CP», or «Kế hoạch (không số)»."""
        return f"{self.type.value} {self.number}" if self.number else f"{self.type.value} (không số)"


class Document(DocumentData):
    """documents/<slug>.yml: one legal or administrative document (văn bản) of the library."""

    source: str | None = Field(None, title="nguồn (ghi chú cho biên tập viên)",
                               description="Văn bản lấy từ đâu; không hiện trên trang")


class DocumentRecord(DocumentData):
    id: str = Field(title="mã văn bản", description="Tên tệp trong documents/")
    page: str = Field(title="địa chỉ trang văn bản")
    file_url: str | None = Field(title="địa chỉ tệp văn bản")
    file_size: int | None = Field(title="dung lượng tệp (byte)")


# --------------------------------------------------------------------------- checks


def check(documents: list[Entry[Document]], checks: Checks) -> list[Entry[Document]]:
    """Newest first; one file per number; replaced_by and related name documents of the library, replaced_by
    without a loop; files exist.

    A document with any of these errors is left out, as a file that fails its model is: its page could not
    say the file's size or link what replaced it.
    """
    documents = sorted(documents, key=_newest_first)
    # every file of the folder: one with an error of its own is still there, and says so itself
    library = checks.targets("documents", ".yml")
    found = len(checks.errors)
    by_key: dict[str, list[Entry[Document]]] = {}
    for entry in documents:
        doc = entry.model
        if entry.id in RESERVED:
            checks.errors.append(ContentError(entry.source, 1, "", f"tên tệp «{entry.id}.yml» trùng tên một trang "
                                              "của thư viện văn bản; hãy đặt tên khác, ví dụ theo loại và số văn bản"))
        if doc.key:
            by_key.setdefault(doc.key, []).append(entry)
        if doc.replaced_by is not None:
            _reference(entry, doc.replaced_by, ("replaced_by",), _REPLACED_BY, library, checks)
        for index, slug in enumerate(doc.related):
            _reference(entry, slug, ("related", index), f"văn bản liên quan thứ {index + 1} (related[{index}])",
                       library, checks)
    _replacement_loops(documents, checks)
    for group in by_key.values():
        if len(group) > 1:
            conflict(group, "number", "số, ký hiệu (number)", f"số ký hiệu «{group[0].model.number}» đã có ở tệp "
                     "khác; mỗi văn bản chỉ có một tệp", checks.errors)
    for entry in documents:
        file = entry.model.file
        if file and (not (checks.root / file).is_file() or (checks.root / file).is_symlink()):
            checks.errors.append(ContentError(entry.source, entry.line_of("file"), "tệp văn bản (file)",
                                              f"không có tệp «{file}» trong thư mục nội dung; hãy tải tệp PDF lên "
                                              "thư mục assets/van-ban/ và ghi đúng đường dẫn"))
    wrong = {e.path for e in checks.errors[found:]}
    return [d for d in documents if d.source not in wrong]


_REPLACED_BY = "văn bản thay thế (replaced_by)"


def _reference(entry: Entry[Document], slug: str, loc: tuple[Any, ...], field: str, library: Targets[Any],
               checks: Checks) -> None:
    """A slug must name another document of the library (a file of documents/, even one with its own error)."""
    if slug == entry.id:
        checks.errors.append(ContentError(entry.source, entry.line_of(*loc), field,
                                          f"«{slug}» là chính văn bản này; hãy ghi tên tệp của một văn bản khác"))
    elif not library.exists(slug):
        checks.errors.append(ContentError(entry.source, entry.line_of(*loc), field,
                                          f"không có văn bản documents/{slug}.yml trong thư viện; hãy ghi đúng tên "
                                          "tệp (không có .yml) hoặc thêm văn bản đó"))


def _replacement_loops(documents: list[Entry[Document]], checks: Checks) -> None:
    """Documents that replace one another in a loop: each page would say the next replaced it, for ever.

    (``related`` goes both ways by nature: a document related to one that is related back is no loop.)
    """
    by_id = {d.id: d for d in documents}
    for loop in cycles({d.id: d.model.replaced_by for d in documents if d.model.replaced_by != d.id}):
        for slug in loop:
            entry = by_id[slug]
            checks.errors.append(ContentError(entry.source, entry.line_of("replaced_by"), _REPLACED_BY,
                                              f"các văn bản thay thế nhau thành vòng: {chain_text(loop, slug)}; "
                                              "văn bản thay thế phải là văn bản mới hơn, chưa bị thay thế bởi văn "
                                              "bản này; hãy sửa tình trạng (status) và replaced_by cho đúng"))


def _newest_first(entry: Entry[Document]) -> tuple[Any, ...]:
    """Newest first; an undated document at the start of its year; ties by file name."""
    doc = entry.model
    return (-(doc.issued or dt.date(doc.year_issued, 1, 1)).toordinal(), entry.id)


def share(documents: list[Entry[Document]], now: dt.datetime) -> dict[str, Any]:
    """The library's pages by cited number, for the plan, procedure and hotline pages' links."""
    return {"documents": {d.model.key: page_path(d) for d in documents if d.model.key}}


def page_path(entry: Entry[Document]) -> str:
    return f"van-ban/{entry.id}.md"


def page_url(content: Content, entry: Entry[Document]) -> str:
    return f"{content.site.base_url}van-ban/{entry.id}/"


# --------------------------------------------------------------------------- citations


@dataclasses.dataclass(frozen=True)
class Citation:
    """Where a record of another kind cites a document by number."""

    kind: str        # what cites it, as a citizen reads it: «Kế hoạch», «Thủ tục», «Đường dây nóng»
    title: str       # the citing record's name
    page: str        # its page, a Markdown path below docs
    role: str        # how it cites it: «căn cứ», «căn cứ pháp lý», «quyết định công bố», «văn bản công bố»
    source: Path     # the citing file and line, for the editors' report
    line: int
    cited: Any       # the citation as written (core.fields.LegalDoc)


def citations(content: Content) -> list[Citation]:
    """Every citation by number in the plans, procedures and hotlines (read by name: no kind imports another)."""
    return [citation for kind, entry in _citing(content) for citation in _citations(kind, entry)]


_CITING = ("plans", "procedures", "hotlines")


def _citing(content: Content) -> Iterator[tuple[str, Entry[Any]]]:
    """Every record that may cite a document, with its kind's name."""
    for kind in _CITING:
        for entry in content.records.get(kind, []):
            yield kind, entry


def _citations(kind: str, entry: Entry[Any]) -> list[Citation]:
    """The citations by number in one record of ``kind``."""
    if kind == "plans":
        return [Citation("Kế hoạch", entry.model.title, f"ke-hoach/{entry.id}.md", "căn cứ", entry.source,
                         entry.line_of("legal_bases", index), doc)
                for index, doc in enumerate(entry.model.legal_bases)]
    if kind == "procedures":
        proc = entry.model
        found = [Citation("Thủ tục", proc.name, f"thu-tuc/{entry.id}.md", "căn cứ pháp lý", entry.source,
                          entry.line_of("legal_basis", index), doc) for index, doc in enumerate(proc.legal_basis)]
        if proc.published_by:
            found.append(Citation("Thủ tục", proc.name, f"thu-tuc/{entry.id}.md", "quyết định công bố",
                                  entry.source, entry.line_of("published_by"), proc.published_by))
        return found
    if entry.model.announced_by:
        return [Citation("Đường dây nóng", entry.model.name, "duong-day-nong.md", "văn bản công bố",
                         entry.source, entry.line_of("announced_by"), entry.model.announced_by)]
    return []


def _cited_by(content: Content, memo: Memo) -> dict[str, list[Citation]]:
    """Citations by document key, each citing page once per role.

    Each record's citations are kept while the record is unchanged (``memo``): the live preview does not work
    out the 10,000 citations of a province's procedures again after an edit of a news item.
    """
    by_key: dict[str, list[Citation]] = {}
    seen: set[tuple[str, str, str]] = set()  # a set, not a search of the list: one number may be cited 2,000 times
    for kind, entry in _citing(content):
        keyed = memo.reuse(("citations", kind, entry.source), (entry,),
                           lambda k=kind, e=entry: [(document_key(c.cited.number), c) for c in _citations(k, e)])
        for key, citation in keyed:
            if (key, citation.page, citation.role) not in seen:
                seen.add((key, citation.page, citation.role))
                by_key.setdefault(key, []).append(citation)
    return by_key


@dataclasses.dataclass(frozen=True)
class Missing:
    """A document cited by number that the library lacks, with every place that cites it."""

    number: str
    date: dt.date | None
    issuer: str | None
    title: str
    cited_at: tuple[tuple[Path, int], ...]


def missing_documents(content: Content) -> list[Missing]:
    """The cited documents the library lacks: what editors should add next, in number order.

    Not an error nor a warning (the citing file is right as it is), so it is a
    report of its own for ``cchc validate`` to print (:func:`missing_report`).
    """
    held = set(content.shared.get("documents", {}))
    found: dict[str, list[Citation]] = {}
    for citation in citations(content):
        key = document_key(citation.cited.number)
        if key not in held:
            found.setdefault(key, []).append(citation)
    return [Missing(group[0].cited.number, next((c.cited.date for c in group if c.cited.date), None),
                    next((c.cited.issuer for c in group if c.cited.issuer), None),
                    next((c.cited.title for c in group if c.cited.title), ""),
                    tuple(sorted({(c.source, c.line) for c in group})))
            for _, group in sorted(found.items())]


def missing_report(content: Content) -> list[str]:
    """:func:`missing_documents` as lines for editors, in Vietnamese, each place as file:line."""
    missing = missing_documents(content)
    if not missing:
        return []
    lines = [(f"Thư viện văn bản chưa có {len(missing)} văn bản được trích dẫn (thêm tệp vào documents/, "
              "ví dụ bằng «cchc new document <số ký hiệu>»):")]
    for item in missing:
        said = ", ".join(filter(None, [f"ngày {item.date:%d/%m/%Y}" if item.date else None, item.issuer, item.title]))
        places = ", ".join(f"{path.as_posix()}:{line}" for path, line in item.cited_at)
        lines.append(f"  - {item.number}{f' ({said})' if said else ''}: trích dẫn tại {places}")
    return lines


# --------------------------------------------------------------------------- pages


@dataclasses.dataclass(frozen=True)
class Listing:
    """One static list of the library: its page, its title and its documents, newest first."""

    path: str      # below docs: van-ban/loai/nghi-dinh.md
    group: str     # «Loại văn bản», «Cơ quan ban hành», «Năm ban hành», «Tình trạng»
    label: str     # «Nghị định», «Chính phủ», «2021», «còn hiệu lực»
    documents: tuple[Entry[Document], ...]


_GROUPS = (
    ("loai", "Loại văn bản", lambda d: d.type.value),
    ("co-quan", "Cơ quan ban hành", lambda d: d.issuer),
    ("nam", "Năm ban hành", lambda d: str(d.year_issued)),
    ("tinh-trang", "Tình trạng", lambda d: d.status.value),
)


def listings(documents: list[Entry[Document]]) -> list[Listing]:
    """The lists by type, issuer, year and status; an issuer written two ways in letter case only is one list."""
    found = []
    for folder, group, label_of in _GROUPS:
        by_slug: dict[str, list[Entry[Document]]] = {}
        labels: dict[str, str] = {}
        for entry in documents:
            label = label_of(entry.model)
            by_slug.setdefault(slugify(label), []).append(entry)
            labels.setdefault(slugify(label), label)
        order = sorted(by_slug, reverse=True) if folder == "nam" else sorted(by_slug, key=lambda s: alphabetical(labels[s]))
        found += [Listing(f"van-ban/{folder}/{slug}.md", group, labels[slug], tuple(by_slug[slug])) for slug in order]
    return found


def size_text(size: int) -> str:
    """A file's size as a citizen reads it, in decimal units with a decimal comma: «850 kB», «1,2 MB»."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _file_size(content: Content, entry: Entry[Document]) -> int | None:
    return (content.root / entry.model.file).stat().st_size if entry.model.file else None


def render_pages(content: Content, memo: Memo) -> Iterator[Output]:
    documents = content["documents"]
    lists = listings(documents)
    yield memo.get(content, LIBRARY, (*documents, *(ls.path for ls in lists)),
                   lambda: _library(content, documents, lists))
    for listing in lists:
        yield memo.get(content, listing.path, (listing, *(ls.path for ls in lists)),
                       lambda ls=listing: _listing(content, ls, lists))
    cited_by = _cited_by(content, memo)
    for entry in documents:
        around = _around(documents, entry)
        cites = tuple(cited_by.get(entry.model.key, ())) if entry.model.key else ()
        plan = _full_text(content, entry)
        size = _file_size(content, entry)
        yield memo.get(content, page_path(entry), (entry, around, cites, plan, size),
                       lambda e=entry, a=around, c=cites, p=plan, s=size: _document(content, e, a, c, p, s))


@dataclasses.dataclass(frozen=True)
class Around:
    """The documents a page links to: what replaced it, what it replaced, what it relates to (both ways)."""

    replaced_by: Entry[Document] | references.Missing | None  # Missing: a file with errors of its own (reported there)
    replaces: tuple[Entry[Document], ...]
    related: tuple[Entry[Document] | references.Missing, ...]


def _around(documents: list[Entry[Document]], entry: Entry[Document]) -> Around:
    by_id = {d.id: d for d in documents}
    named = [resolve(by_id, s) for s in entry.model.related]
    naming = [d for d in documents if entry.id in d.model.related]
    related = tuple({_key(d): d for d in (*named, *naming) if d is not entry}.values())
    replaced_by = entry.model.replaced_by
    return Around(None if replaced_by is None else resolve(by_id, replaced_by),
                  tuple(d for d in documents if d.model.replaced_by == entry.id), related)


def _key(item: Entry[Document] | references.Missing) -> str:
    return item.key if isinstance(item, references.Missing) else item.id


def _full_text(content: Content, entry: Entry[Document]) -> tuple[str, str] | None:
    """(title, page) of the plan on this site that is this document: same number and symbol, or same file name."""
    for plan in content.records.get("plans", []):
        number = f"{plan.model.number}/{plan.model.symbol}" if plan.model.number else None
        if plan.id == entry.id or (number and entry.model.key == document_key(number)):
            return plan.model.title, f"ke-hoach/{plan.id}.md"
    return None


def _library(content: Content, documents: list[Entry[Document]], lists: list[Listing]) -> Output:
    newest = max((_updated(d) for d in documents), default=content.newest_date())
    return page_output(LIBRARY, page_meta(content, "Văn bản", "Văn bản pháp luật, chỉ đạo, điều hành về cải cách "
                                          "hành chính: số ký hiệu, ngày ban hành, cơ quan ban hành, trích yếu, "
                                          "tình trạng hiệu lực.", "documents/", newest,
                                          terms=["văn bản pháp luật", "văn bản chỉ đạo điều hành"], feeds="van-ban/"),
                       "documents_index.html.j2", documents=documents, groups=_grouped(lists, ""),
                       years=sorted({d.model.year_issued for d in documents}, reverse=True),
                       types=list(dict.fromkeys(ls.label for ls in lists if ls.group == "Loại văn bản")),
                       statuses=[s.value for s in Status], vbpl=VBPL)


def _grouped(lists: list[Listing], prefix: str) -> list[tuple[str, list[tuple[str, str, int]]]]:
    """(group, [(label, page, count)]) for the library's «Xem theo» links, pages relative to the library."""
    groups: dict[str, list[tuple[str, str, int]]] = {}
    for ls in lists:
        groups.setdefault(ls.group, []).append((ls.label, prefix + ls.path.removeprefix("van-ban/"), len(ls.documents)))
    return list(groups.items())


def _listing(content: Content, listing: Listing, lists: list[Listing]) -> Output:
    title = f"Văn bản: {listing.label}" if listing.group != "Năm ban hành" else f"Văn bản ban hành năm {listing.label}"
    newest = max(_updated(d) for d in listing.documents)
    return page_output(listing.path, page_meta(content, title, f"Văn bản theo {listing.group.lower()}: "
                                               f"{listing.label}.", "documents/", newest, terms=None),
                       "documents_list.html.j2", listing=listing, title=title,
                       others=[(label, page, count) for group, items in _grouped(lists, "../")
                               if group == listing.group for label, page, count in items], vbpl=VBPL)


def _updated(entry: Entry[Document]) -> dt.date:
    doc = entry.model
    return max(d for d in (doc.issued, doc.in_force, doc.expires, dt.date(doc.year_issued, 1, 1)) if d)


def _document(content: Content, entry: Entry[Document], around: Around, cites: tuple[Citation, ...],
              plan: tuple[str, str] | None, size: int | None) -> Output:
    doc = entry.model
    return page_output(page_path(entry),
                       page_meta(content, doc.name, _description(doc), entry.source.as_posix(), _updated(entry),
                                 [structured_data(content, entry, size)],
                                 terms=[doc.number, doc.type.value, doc.issuer, *doc.fields]),
                       "document.html.j2", doc=doc, around=around, cites=cites, plan=plan,
                       file_url=f"../{doc.file}" if doc.file else None, size=size_text(size) if size else None,
                       vbpl=VBPL)


def _description(doc: DocumentData) -> str:
    return f"{doc.name} của {doc.issuer}: {doc.abstract}"


def structured_data(content: Content, entry: Entry[Document], size: int | None) -> dict[str, Any]:
    """schema.org Legislation for a legal normative document, DigitalDocument for the others."""
    doc = entry.model
    url = page_url(content, entry)
    data: dict[str, Any] = {"@context": "https://schema.org", "name": doc.name, "abstract": doc.abstract, "url": url,
                            "inLanguage": "vi", "about": doc.fields, "publisher": organization_ref(content)}
    issuer = {"@type": "GovernmentOrganization", "name": doc.issuer}
    if doc.normative:
        data.update({"@type": "Legislation", "legislationType": doc.type.value, "legislationPassedBy": issuer})
        if doc.number:
            data["legislationIdentifier"] = doc.number
        if doc.issued:
            data["legislationDate"] = doc.issued.isoformat()
        if doc.in_force:
            data["legislationDateOfApplicability"] = doc.in_force.isoformat()
        if doc.status is Status.in_force:
            data["legislationLegalForce"] = "https://schema.org/InForce"
        elif doc.status in (Status.expired, Status.replaced):
            data["legislationLegalForce"] = "https://schema.org/NotInForce"
    else:
        data.update({"@type": "DigitalDocument", "author": issuer})
        if doc.number:
            data["identifier"] = doc.number
        if doc.issued:
            data["dateCreated"] = doc.issued.isoformat()
    if doc.expires:
        data["expires"] = doc.expires.isoformat()
    if doc.file:
        data["encoding"] = {"@type": "MediaObject", "contentUrl": f"{content.site.base_url}{doc.file}",
                            "encodingFormat": "application/pdf", "contentSize": f"{size} B"}
    if doc.url:
        data["sameAs"] = doc.url
    return data


# --------------------------------------------------------------------------- feeds, open data


def _published(doc: DocumentData) -> dt.datetime:
    return dt.datetime.combine(doc.issued or dt.date(doc.year_issued, 1, 1), dt.time(), TZ)


def render_feeds(content: Content, memo: Memo) -> list[Output]:
    """van-ban/feed.xml and van-ban/atom.xml: the newest ``feed_items`` documents by date of issue."""
    items = content["documents"][: content.site.feed_items]
    sizes = tuple(_file_size(content, d) for d in items)
    return memo.get(content, ("feed", "van-ban/"), (*items, *sizes), lambda: _feeds(content, items))


def _feeds(content: Content, items: list[Entry[Document]]) -> list[Output]:
    newest = max((_published(d.model) for d in items), default=dt.datetime.combine(content.newest_date(), dt.time(), TZ))
    template = ENV.get_template("documents_feed_item.html.j2")
    entries = [FeedEntry(tag_uri(content.site, f"van-ban/{d.id}"), page_url(content, d), d.model.name,
                         d.model.abstract, _published(d.model), _published(d.model), d.model.issuer,
                         template.render(doc=d.model, url=page_url(content, d),
                                         file_url=f"{content.site.base_url}{d.model.file}" if d.model.file else None),
                         [d.model.type.value, *d.model.fields], _enclosure(content, d))
               for d in items]
    return channel_feeds(content.site, "van-ban/", "Văn bản mới", "van-ban/", newest, entries)


def _enclosure(content: Content, entry: Entry[Document]) -> Enclosure | None:
    """The document's PDF as a feed enclosure, with the real size of the file the site serves."""
    size = _file_size(content, entry)
    return None if size is None else Enclosure(f"{content.site.base_url}{entry.model.file}", size, "application/pdf")


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    """The library as open data: every public field (not the editors' ``source``), its page and file."""
    base = str(content.site.base_url)
    return [memo.get(content, ("record", "Document", d.id), (d, size := _file_size(content, d)),
                     lambda d=d, size=size: {**d.model.model_dump(mode="json", exclude={"source"}), "id": d.id,
                                             "page": page_url(content, d),
                                             "file_url": f"{base}{d.model.file}" if d.model.file else None,
                                             "file_size": size})
            for d in sorted(content["documents"], key=lambda d: d.id)]


# --------------------------------------------------------------------------- scaffold

# The symbol's part that names a document's type, in the order to try: «NQ/UBTVQH» is a resolution.
_TYPE_MARKS = (("/NĐ-", DocType.decree), ("NQ", DocType.resolution), ("/TT-", DocType.circular),
               ("/QĐ-", DocType.decision), ("/KH-", DocType.plan), ("/CT-", DocType.directive),
               ("/TB-", DocType.notice), ("/HD-", DocType.guidance), ("/CTr-", DocType.programme),
               ("/BC-", DocType.report), ("UBTVQH", DocType.ordinance), ("/QH", DocType.law))


def guess_type(number: str) -> DocType | None:
    """The type a number's symbol usually means («45/2020/NĐ-CP» is a Nghị định), for the scaffold to offer."""
    upper = number.upper()
    return next((kind for mark, kind in _TYPE_MARKS if mark.upper() in upper), None)


def new_document(root: Path, number: str, now: dt.datetime | None = None) -> Path:
    number = scaffolding.checked(Document, "number", number)
    kind = guess_type(number)
    stem = "-".join(filter(None, [slugify(kind.value) if kind else "", scaffolding.slug(number, "số ký hiệu")]))
    return scaffolding.new_record(root, "document", "documents", stem, now, number=number, kind=kind,
                                  help=scaffolding.field_help(Document), types=[t.value for t in DocType],
                                  statuses=[s.value for s in Status])


KIND = Kind(
    name="documents", label="văn bản", model=Document, schema="document", files="documents/*.yml",
    address="van-ban/{}/", pages=render_pages, check=check, share=share, outputs=render_feeds,
    dates=lambda entry: [entry.model.issued] if entry.model.issued else [],  # in_force may lie ahead
    notes=lambda content: missing_report(content),
    datasets=(Dataset("documents", "Văn bản", "Thư viện văn bản: loại, số ký hiệu, cơ quan ban hành, ngày ban hành, "
                      "hiệu lực, trích yếu, lĩnh vực, tệp và trang của từng văn bản.", DocumentRecord, _records),),
    nav=(("Văn bản", LIBRARY),),
    scaffold=new_document, scaffold_value="số ký hiệu văn bản",
)
