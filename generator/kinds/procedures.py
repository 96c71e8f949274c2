"""Administrative procedures (thủ tục hành chính): procedures/<code>.yml, one procedure each.

A procedure has its page (thu-tuc/<code>/), shaped by a citizen's questions:
what to bring, where to go, how long, what it costs, whom to call; an A4
poster for the one-stop counter with a QR code to that page; the finder
(thu-tuc/, and a page per field once there are many); a GovernmentService in
JSON-LD; and the "procedures" dataset.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Literal
from xml.sax.saxutils import escape as xml_escape

import segno
from markupsafe import Markup
from pydantic import Field, HttpUrl, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from ..core import fields, scaffolding
from ..core.checking import conflict
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset, dump
from ..core.errors import ContentError
from ..core.fields import MARKDOWN, Date, FileLink, Level, LegalDoc, Model, Text
from ..core.kind import Kind, record_outputs
from ..core.pages import ENV, Memo, Output, alphabetical, page_meta, page_output
from ..core.structured import area, international, organization_ref
from ..core.vietnamese import fold, format_date, slugify

# A national code (1.001193), or a local one the national data also carries: a letter after it (1.004850A) or a
# unit's suffix (1.001193.000.00.00.H34).
CODE_PATTERN = r"^[0-9]\.[0-9]{6}([A-Z]{1,2}|\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z0-9]{2,3})?$"
fields.explain(patterns={
    CODE_PATTERN: "mã thủ tục trên Cơ sở dữ liệu quốc gia, ví dụ «1.001193» hoặc «1.001193.000.00.00.H34»",
})
# What a published procedure must have and a draft may still lack: a record imported from the national portal's
# list gives only its code, name, agency and field (generator/pipeline/importing/).
NEEDED = ("field", "levels", "online_level", "steps", "methods", "documents", "applicants", "agency", "result",
          "legal_basis")
# Past this many procedures, thu-tuc/ lists the fields and each field gets a page of
# its own: no page's size grows with the whole site.
PROCEDURES_ON_ONE_PAGE = 300
# Local government has two levels (tỉnh, xã) since this day: the district level (huyện) ended.
TWO_LEVELS = dt.date(2025, 7, 1)
# The levels a procedure is carried out at today, as editors and citizens are offered them.
CURRENT_LEVELS = [level.value for level in Level if level is not Level.district]


class OnlineLevel(str, Enum):
    full = "toàn trình"
    partial = "một phần"
    none = "không trực tuyến"


class Method(Model):
    kind: Literal["trực tiếp", "trực tuyến", "bưu chính"] = Field(title="cách thức")
    time_limit: Text = Field(title="thời hạn giải quyết")
    time_limit_days: float | None = Field(None, ge=0, title="số ngày làm việc")
    fees: Text = Field(title="phí, lệ phí")
    description: str | None = Field(None, title="mô tả")


class DocumentItem(Model):
    name: Text = Field(title="tên giấy tờ")
    form: str | None = Field(None, title="mẫu đơn, tờ khai")
    form_url: FileLink | None = Field(None, title="tệp mẫu đơn, tờ khai",
                                      description="Địa chỉ http(s) hoặc đường dẫn trong thư mục assets/")
    originals: int = Field(0, ge=0, title="số bản chính")
    copies: int = Field(0, ge=0, title="số bản sao")
    note: str | None = Field(None, title="ghi chú")


class Source(Model):
    """Where an imported procedure's data came from (cchc import procedures)."""

    file: Text = Field(title="tệp nguồn", description="Tên tệp đã nhập: danh sách (.xlsx) của Cổng Dịch vụ công "
                       "quốc gia hoặc hồ sơ đầy đủ (.json) theo cấu trúc Cơ sở dữ liệu quốc gia")
    downloaded: Date | None = Field(None, title="ngày tải về", description="Ngày tệp được xuất ra, khi tệp ghi ngày đó")
    issuer: str | None = Field(None, title="cơ quan ban hành", description="Bộ, ngành công bố thủ tục, theo danh sách")
    decision: str | None = Field(None, title="mã quyết định công bố",
                                 description="IDQUYETDINHCONGBO của hồ sơ trên Cơ sở dữ liệu quốc gia")


def _needed(title: str, description: str | None = None, default: Any = None, **extra: Any) -> Any:
    """A field a published procedure must have, which a draft (draft: true) may leave empty."""
    return Field(default, title=title, description=description, validate_default=True, **extra)


class Procedure(Model):
    """procedures/<code>.yml: one administrative procedure (thủ tục hành chính)."""

    code: Annotated[str, Field(pattern=CODE_PATTERN)] = Field(
        title="mã thủ tục", description="Mã trên Cơ sở dữ liệu quốc gia, ví dụ 1.001193")
    draft: bool = Field(False, title="bản nháp",
                        description="true: chưa đăng lên trang. Thủ tục nhập từ Cổng Dịch vụ công quốc gia còn thiếu "
                                    "thông tin là bản nháp; điền đủ rồi xóa dòng này để đăng")
    name: Text = Field(title="tên thủ tục")
    field: Text | None = _needed("lĩnh vực")
    levels: list[Level] = _needed("cấp thực hiện", "trung ương, tỉnh, xã; «huyện» chỉ còn ở thủ tục đối chiếu trước "
                                  "01/07/2025, khi chưa bỏ cấp huyện", [])
    online_level: OnlineLevel | None = _needed("mức độ dịch vụ công trực tuyến",
                                               "toàn trình, một phần hoặc không trực tuyến")
    published_by: LegalDoc | None = Field(None, title="quyết định công bố")
    life_event: str | None = Field(None, title="nhóm sự kiện")
    steps: list[Text] = _needed("trình tự thực hiện", "Mỗi bước một mục (Markdown)", [], json_schema_extra=MARKDOWN)
    methods: list[Method] = _needed("cách thức thực hiện", default=[])
    documents: list[DocumentItem] = _needed("thành phần hồ sơ", default=[])
    document_sets: int = Field(1, ge=1, title="số bộ hồ sơ")
    applicants: list[Text] = _needed("đối tượng thực hiện", default=[])
    agency: Text | None = _needed("cơ quan giải quyết")
    other_agencies: list[Text] = Field(default_factory=list, title="cơ quan thực hiện khác",
                                       description="Khi nhiều cơ quan cùng thực hiện thủ tục")
    submit_at: str | None = Field(None, title="nơi nộp hồ sơ trực tiếp",
                                  description="Nơi tiếp nhận và địa chỉ; mặc định là bộ phận một cửa của cơ quan "
                                              "giải quyết")
    boundary_free: bool = Field(False, title="không phụ thuộc địa giới hành chính",
                                description="true khi thủ tục có trong danh mục thủ tục không phụ thuộc địa giới "
                                            "hành chính mà tỉnh công bố (Nghị định 118/2025/NĐ-CP): hồ sơ nộp được "
                                            "tại bất kỳ bộ phận một cửa nào trong tỉnh, không phân biệt nơi cư trú")
    result: Text | None = _needed("kết quả")
    conditions: list[str] = Field(default_factory=list, title="yêu cầu, điều kiện", description="Markdown",
                                  json_schema_extra=MARKDOWN)
    legal_basis: list[LegalDoc] = _needed("căn cứ pháp lý", default=[])
    portal_url: HttpUrl | None = Field(None, title="trang trên Cổng Dịch vụ công quốc gia")
    online_url: HttpUrl | None = Field(None, title="địa chỉ nộp trực tuyến")
    in_force: bool = Field(True, title="còn hiệu lực")
    abolished: Date | None = Field(None, title="ngày hết hiệu lực",
                                   description="Ngày thủ tục không còn hiệu lực (bị bãi bỏ hoặc không còn trong danh "
                                               "sách của Cơ sở dữ liệu quốc gia); ghi cùng in_force: false")
    source: Source | None = Field(None, title="nguồn dữ liệu",
                                  description="Ghi khi nhập từ Cơ sở dữ liệu quốc gia (cchc import procedures)")
    last_checked: Date = Field(title="ngày đối chiếu gần nhất")
    illustrative: bool = Field(title="dữ liệu minh họa")

    @field_validator(*NEEDED)
    @classmethod
    def _needed_unless_draft(cls, value: Any, info: ValidationInfo) -> Any:
        """Missing or empty is an error, as for any required field, except in a draft."""
        if info.data.get("draft") or value not in (None, []):
            return value
        if value is None:
            raise PydanticCustomError("missing", "Field required")
        raise PydanticCustomError("too_short", "List should have at least 1 item", {"min_length": 1})

    @field_validator("abolished")
    @classmethod
    def _abolished_not_in_force(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        if value is not None and info.data.get("in_force", False):
            raise ValueError(f"thủ tục có ngày hết hiệu lực ({value:%d/%m/%Y}) thì phải ghi «in_force: false»")
        return value

    @property
    def national_portal_url(self) -> str:
        """The procedure's page on the national public-service portal."""
        if self.portal_url:
            return str(self.portal_url)
        return f"https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc={self.code}"

    @property
    def submit_url(self) -> str | None:
        """Where to submit online, or None when the procedure is not online."""
        if self.online_level is OnlineLevel.none:
            return None
        return str(self.online_url) if self.online_url else self.national_portal_url


class ProcedureRecord(Procedure):
    url: str = Field(title="địa chỉ trang thủ tục")


def check(procedures: list[Entry[Procedure]], checks: Checks) -> list[Entry[Procedure]]:
    """Each code in one file only, named after it; a duplicate is reported in every file and left out.

    The district level (huyện) only on a record checked before it ended (a warning: check it again), never after.
    It reads nothing but the procedures: checked again only when one of them changed (``Checks.scoped``).
    """
    return checks.scoped("procedures", tuple(procedures), lambda found: _check(procedures, found))


def _check(procedures: list[Entry[Procedure]], checks: Checks) -> list[Entry[Procedure]]:
    errors = checks.errors
    wrong_level = {entry.source for entry in procedures if not _levels_hold(entry, checks)}
    by_code: dict[str, list[Entry[Procedure]]] = {}
    for entry in procedures:
        by_code.setdefault(entry.model.code, []).append(entry)
        if entry.id != entry.model.code:
            errors.append(ContentError(entry.source, entry.line_of("code"), "mã thủ tục (code)",
                                       f"tên tệp phải là mã thủ tục: đổi tên thành «{entry.model.code}.yml»"))
    for code, group in by_code.items():
        if len(group) > 1:
            conflict(group, "code", "mã thủ tục (code)", f"mã thủ tục «{code}» được dùng ở nhiều tệp; mỗi thủ tục "
                      "chỉ có một tệp", errors)
    return [e for e in procedures if len(by_code[e.model.code]) == 1 and e.source not in wrong_level]


def _levels_hold(entry: Entry[Procedure], checks: Checks) -> bool:
    """True when the record may keep its levels: no huyện, or huyện as checked before 1 July 2025 (warned)."""
    proc = entry.model
    if Level.district not in proc.levels:
        return True
    line = entry.line_of("levels", proc.levels.index(Level.district))
    checked = format_date(proc.last_checked)
    if proc.last_checked < TWO_LEVELS:
        checks.warnings.append(ContentError(
            entry.source, line, "cấp thực hiện (levels)",
            f"cấp «huyện» không còn từ 01/07/2025 (chính quyền địa phương hai cấp: tỉnh và xã); thủ tục này đối "
            f"chiếu lần cuối ngày {checked}, trước mốc đó. Hãy đối chiếu lại với Cơ sở dữ liệu quốc gia về thủ tục "
            "hành chính, đổi cấp thành «tỉnh» hoặc «xã» và cập nhật ngày đối chiếu (last_checked)"))
        return True
    checks.errors.append(ContentError(
        entry.source, line, "cấp thực hiện (levels)",
        f"cấp «huyện» không còn từ 01/07/2025 (chính quyền địa phương hai cấp), mà thủ tục này đối chiếu ngày "
        f"{checked}: hãy ghi cấp đang thực hiện thủ tục theo Cơ sở dữ liệu quốc gia, «tỉnh» hoặc «xã» "
        "(hoặc «trung ương»)"))
    return False


def render_procedures(content: Content, memo: Memo) -> Iterator[Output]:
    procedures = memo.reuse("procedures in order", tuple(content["procedures"]), lambda: sorted(
        content["procedures"], key=lambda p: (alphabetical(p.model.field), alphabetical(p.model.name), p.id)))
    by_field = [(field, list(items)) for field, items in itertools.groupby(procedures, lambda p: p.model.field)]
    split = len(procedures) > PROCEDURES_ON_ONE_PAGE
    yield memo.get(content, "thu-tuc/index.md", (split, *procedures),
                   lambda: _procedures_page(content, "thu-tuc/index.md", "Thủ tục hành chính", by_field, split))
    if split:
        for field, items in by_field:
            path = _field_path(field)
            yield memo.get(content, path, tuple(items), lambda p=path, f=field, i=items: _procedures_page(
                content, p, f"Thủ tục hành chính lĩnh vực {f}", [(f, i)], False))
    for entry in procedures:
        yield from record_outputs(content, memo, KIND, entry)


def _field_path(field: str) -> str:
    return f"thu-tuc/linh-vuc/{slugify(field)}.md"


def _procedures_page(content: Content, path: str, title: str, by_field: list[tuple[str, list[Entry[Any]]]],
                     split: bool) -> Output:
    """The procedure finder: every procedure of ``by_field``, or, ``split``, each field's count and page."""
    procedures = [p for _, items in by_field for p in items]
    newest = max((p.model.last_checked for p in procedures), default=content.newest_date())
    index = path == "thu-tuc/index.md"
    summary = [(f, len(items), _field_path(f).removeprefix("thu-tuc/")) for f, items in by_field] if split else None
    return page_output(path, page_meta(content, title, "Tra cứu thủ tục hành chính theo lĩnh vực, cấp thực hiện và "
                                       "mức độ dịch vụ công trực tuyến.", "procedures/", newest,
                                       terms=[field for field, _ in by_field]),
                       "procedures_index.html.j2", title=title, by_field=by_field, count=len(procedures),
                       summary=summary, up=None if index else "../index.md", prefix="" if index else "../",
                       levels=_finder_levels(procedures), online_levels=[o.value for o in OnlineLevel])


def _finder_levels(procedures: list[Entry[Procedure]]) -> list[str]:
    """The finder's levels: today's three, and huyện only while a record listed still says it (checked before 2025)."""
    old = any(Level.district in p.model.levels for p in procedures)
    return CURRENT_LEVELS + ([Level.district.value] if old else [])


def render_procedure(content: Content, entry: Entry[Procedure]) -> Output:
    proc = entry.model
    return page_output(f"thu-tuc/{entry.id}.md",
                       page_meta(content, proc.name, f"Thủ tục {proc.code}, lĩnh vực {proc.field}: hồ sơ, thời hạn, "
                                 "phí, lệ phí và cách nộp.", entry.source.as_posix(), proc.last_checked,
                                 [service(content, entry)],
                                 terms=[proc.code, proc.field, proc.life_event, proc.agency],
                                 texts=[*(d.name for d in proc.documents), *proc.applicants, proc.result,
                                        *dict.fromkeys(m.fees for m in proc.methods)],
                                 search_description=False),
                       "procedure.html.j2", proc=proc, site=content.site, hotline=help_hotline(content, proc),
                       poster=f"niem-yet/{entry.id}.html")


def help_hotline(content: Content, proc: Procedure) -> Any:
    """The hotline a procedure's "Cần hỗ trợ?" gives: one for its agency, else for its level, else the main one.

    A commune-level procedure should not send a citizen to the province's line
    when a closer one is published for it.
    """
    hotlines = sorted(content["hotlines"], key=lambda h: (not h.model.main, h.id))
    agency = fold(proc.agency)
    for entry in hotlines:
        if any(fold(name) in agency for name in entry.model.agencies):
            return entry.model
    for entry in hotlines:
        if set(entry.model.levels) & set(proc.levels):
            return entry.model
    return content.main_hotline.model


def render_poster(content: Content, entry: Entry[Procedure]) -> Output:
    """A printable A4 poster for the one-stop counter, with a QR code to the procedure's page.

    A standalone HTML file (MkDocs copies it as is), so it prints without the site's chrome.
    """
    url = f"{content.site.base_url}thu-tuc/{entry.id}/"
    qr = qr_svg(url, f"Mã QR dẫn tới {url}")
    text = ENV.get_template("poster.html.j2").render(proc=entry.model, site=content.site, url=url,
                                                     back=f"../{entry.id}/", agencies=content.shared.get("agencies", {}),
                                                     qr=Markup(qr), hotline=content.main_hotline.model)
    return Output(f"thu-tuc/niem-yet/{entry.id}.html", text)


_QR_SCALE = 4  # pixels per module
_DARK_RUN = re.compile(rb"\x01+")


def qr_svg(url: str, title: str) -> str:
    """A QR code of ``url`` as inline SVG: what segno's ``svg_inline(scale=4, title=title)`` writes, byte for byte.

    A fixed mask pattern is valid for every reader and spares segno scoring all
    eight (4× faster). segno's writer walks the matrix module by module through
    generators; here a regular expression finds each row's runs of dark
    modules. The path is segno's: one horizontal stroke per run, each moving
    from the end of the one before (row 0 starts with a dark finder module, so
    segno's first move is a run, as here).
    """
    rows, border = _qr_modules(url)
    moves = []
    x, y = 0, 0.0  # where the pen is: the end of the last run
    row_y = border + 0.5  # a stroke is drawn through the middle of its row
    for row in rows:
        for run in _DARK_RUN.finditer(row):
            start, end = border + run.start(), border + run.end()
            dy = row_y - y
            moves.append(f"{'m' if moves else 'M'}{start - x} {int(dy) if dy == int(dy) else dy}h{end - start}")
            x, y = end, row_y
        row_y += 1
    size = (len(rows) + 2 * border) * _QR_SCALE
    return (f'<svg width="{size}" height="{size}" class="segno"><title>{xml_escape(title)}</title>'
            f'<path transform="scale({_QR_SCALE})" class="qrline" stroke="#000" d="{"".join(moves)}"/></svg>')


def _qr_modules(url: str) -> tuple[list[bytes], int]:
    """The rows of ``url``'s QR code (one byte per module, 1 dark) and the quiet zone's width in modules."""
    if not url.isascii() or sum(c.islower() for c in url) < 2:
        code = segno.make(url, error="m", mask=0)
        return [bytes(row) for row in code.matrix], code.default_border_size
    text = url.encode("ascii")
    return _QrFamily.of(text).rows(text)


class _QrFamily:
    """The QR codes of ASCII texts of one length, each made from one code and a few differences.

    Such texts are all encoded in byte mode, in the same version and at the
    same error correction level, so each module of the code, with the mask
    fixed, is its data bits' exclusive or with a constant: the bit stream,
    the Reed-Solomon codewords (GF(2⁸) adds by exclusive or), their
    placement and the mask are all linear or constant. So the code of a text
    is the family's first code, with, for each bit in which the text differs
    from the first text, the difference that bit alone makes. A province's
    2,000 procedures' addresses differ only in a few digits of their codes:
    segno makes some thirty codes instead of 2,000 (0.7 ms each). Two ASCII
    texts differ only in their lower seven bits, and one bit changed in a text
    with two lower-case letters leaves one: every text segno is given is ASCII
    with a lower-case letter, so in byte mode (never numeric, alphanumeric or
    kanji).
    """

    _families: dict[int, _QrFamily] = {}  # by length; a handful in any build

    def __init__(self, text: bytes):
        self.text, self.modules, self.border, self.width = text, *self._make(text)
        self.differences: dict[int, int] = {}  # bit of the text (0: the last one's lowest) -> modules it flips

    @classmethod
    def of(cls, text: bytes) -> _QrFamily:
        """The family of ``text``, which is its first code if it is the first of its length."""
        family = cls._families.get(len(text))
        if family is None:
            family = cls._families[len(text)] = cls(text)
        return family

    @staticmethod
    def _make(text: bytes) -> tuple[int, int, int]:
        """segno's code of ``text``: its modules as one integer (a byte each), quiet zone and width."""
        code = segno.make(text.decode("latin-1"), error="m", mask=0)
        return int.from_bytes(b"".join(code.matrix), "big"), code.default_border_size, len(code.matrix)

    def rows(self, text: bytes) -> tuple[list[bytes], int]:
        """The rows of the code of ``text`` (of the family's length) and its quiet zone, in modules."""
        modules = self.modules
        changed = int.from_bytes(text, "big") ^ int.from_bytes(self.text, "big")
        while changed:
            bit = changed.bit_length() - 1
            changed ^= 1 << bit
            if bit not in self.differences:
                flipped = (int.from_bytes(self.text, "big") ^ (1 << bit)).to_bytes(len(self.text), "big")
                self.differences[bit] = self._make(flipped)[0] ^ self.modules
            modules ^= self.differences[bit]
        flat, width = modules.to_bytes(self.width * self.width, "big"), self.width
        return [flat[i:i + width] for i in range(0, len(flat), width)], self.border


def _iso_duration(days: float | None) -> str | None:
    return None if days is None else f"P{days:g}D"


def service(content: Content, entry: Entry[Procedure]) -> dict[str, Any]:
    """GovernmentService for a procedure page: this page is its ``url``, the national portal's is ``sameAs``."""
    site = content.site
    proc = entry.model
    channels = []
    for method in proc.methods:
        channel: dict[str, Any] = {"@type": "ServiceChannel", "name": method.kind,
                                   "servicePhone": {"@type": "ContactPoint", "telephone": international(site.phone)}}
        if (duration := _iso_duration(method.time_limit_days)) is not None:
            channel["processingTime"] = duration
        if method.kind == "trực tuyến" and proc.submit_url:
            channel["serviceUrl"] = proc.submit_url
        if method.kind != "trực tuyến":
            channel["serviceLocation"] = {"@type": "Place", "name": proc.agency}
            channel["servicePostalAddress"] = {"@type": "PostalAddress", "addressRegion": site.province,
                                               "addressCountry": "VN"}
        channels.append(channel)
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": proc.name,
        "identifier": proc.code,
        "description": f"Thủ tục hành chính lĩnh vực {proc.field}, cấp {', '.join(l.value for l in proc.levels)}. "
                       f"Kết quả: {proc.result}",
        "serviceType": proc.field,
        "provider": {"@type": "GovernmentOrganization", "name": proc.agency},
        "serviceOperator": organization_ref(content),
        "areaServed": area(site),
        "jurisdiction": area(site),
        "audience": {"@type": "Audience", "audienceType": ", ".join(proc.applicants)},
        "availableChannel": channels,
        "produces": proc.result,
        "url": f"{site.base_url}thu-tuc/{entry.id}/",
        "sameAs": proc.national_portal_url,
    }


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    base = str(content.site.base_url)
    return [dump(content, memo, p, lambda p=p: {"url": f"{base}thu-tuc/{p.id}/"})
            for p in sorted(content["procedures"], key=lambda p: p.id)]


def new_procedure(root: Path, code: str, now: dt.datetime | None = None) -> Path:
    code = scaffolding.checked(Procedure, "code", code)
    return scaffolding.new_record(root, "procedure", "procedures", code, now, code=code,
                                  help=scaffolding.field_help(Procedure), method=scaffolding.field_help(Method),
                                  document=scaffolding.field_help(DocumentItem),
                                  legal=scaffolding.field_help(LegalDoc), levels=CURRENT_LEVELS,
                                  online=[o.value for o in OnlineLevel])


KIND = Kind(
    name="procedures", label="thủ tục", model=Procedure, schema="procedure", files="procedures/*.yml", address="thu-tuc/{}/",
    ascii_names=False, pages=render_procedures, check=check, publish=lambda entries, now: [
        e for e in entries if not e.model.draft], dates=lambda entry: [entry.model.last_checked],
    record_pages=lambda content, entry: [render_procedure(content, entry), render_poster(content, entry)],
    depends=("hotlines",),
    datasets=(Dataset("procedures", "Thủ tục hành chính", "Thủ tục hành chính: tên, mã, lĩnh vực, cấp, mức độ "
                      "trực tuyến, hồ sơ, thời hạn, phí.", ProcedureRecord, _records),),
    scaffold=new_procedure, scaffold_value="mã thủ tục",
)
