"""``cchc report``: the periodic report of a plan as a .docx draft, and the same report as an HTML preview.

The figures come from the progress kind (kinds/progress.py ``report``): every
number is counted from the content. The draft follows the layout of Nghị định
30/2020/NĐ-CP, Phụ lục I (văn bản hành chính): A4; margins top and bottom
20 mm, left 30 mm, right 15 mm; Times New Roman; the issuing body and the
Quốc hiệu side by side, «Số: …/BC-…» left for the clerk to number, place and
date, «BÁO CÁO» and its abstract, the body, Nơi nhận, and the signer's title
with a blank for the name. Only what people must write (difficulties,
proposals) is left as dotted lines.

The nightly build's summary (``--summary``) lists the quotas at risk and the
overdue tasks of every plan, as Markdown for GitHub's step summary.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..core.content import Content
from ..core.pages import ENV
from ..core.vietnamese import format_date
from ..kinds.progress import PER, SIGNER_BLANK, Report, report, report_period, short_task
from . import safety

FONT = "Times New Roman"
PAGE = (Mm(210), Mm(297))  # A4
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
SIZE_BODY = Pt(14)        # nội dung: 13–14
SIZE_HEAD = Pt(13)        # Quốc hiệu: 12–13; «Số»: 13
SIZE_BODY_NAME = Pt(12)   # tên cơ quan chủ quản, cơ quan ban hành: 12–13 (12 keeps a province's name on one line)
SIZE_MOTTO = Pt(14)       # Tiêu ngữ: 13–14
SIZE_TITLE = Pt(14)       # tên loại và trích yếu: 13–14
SIZE_TABLE = Pt(12)
SIZE_RECIPIENTS_LABEL = Pt(12)  # «Nơi nhận:» 12, nghiêng, đậm
SIZE_RECIPIENTS = Pt(11)        # các nơi nhận: 11
BLANK_LINE = "." * 120  # about the width of the text at 14 pt
TEXT_WIDTH = Mm(165)  # A4's 210 mm less the margins
COLUMNS = (Mm(62), Mm(103))  # the header's and the signature's two columns, within the 165 mm of text:
# the Quốc hiệu (13 pt bold) fits on one line in the right one


class ReportError(Exception):
    """What is wrong with the request, in Vietnamese."""


@dataclasses.dataclass(frozen=True)
class Written:
    docx: Path
    preview: Path


def _paragraph(where: Document | _Cell, text: str = "", size: Pt = SIZE_BODY, bold: bool = False,
               italic: bool = False, align: int | None = None, indent: bool = False, after: int = 0) -> Paragraph:
    paragraph = where.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = size, bold, italic
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_after, fmt.space_before = Pt(after), Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1)
    return paragraph


def _rule(where: Document | _Cell, length: Mm, width: Mm) -> None:
    """The short solid line under the Tiêu ngữ, the issuing body and the abstract, centred in ``width``.

    A paragraph's bottom border between equal indents: Word and LibreOffice both draw it at that length
    (an underlined blank, tried first, LibreOffice did not draw inside a table cell).
    """
    paragraph = _paragraph(where, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = (width - length) // 2
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.paragraph_format.space_after = Pt(6)
    for run in paragraph.runs:
        run.font.size = Pt(2)


def _body(doc: Document, text: str, bold: bool = False, italic: bool = False) -> Paragraph:
    return _paragraph(doc, text, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True, after=6)


def _two_columns(doc: Document) -> tuple[_Cell, _Cell]:
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _widths(table, COLUMNS)
    row = OxmlElement("w:cantSplit")  # the signature never parts from its Nơi nhận across a page
    table.rows[0]._tr.get_or_add_trPr().append(row)
    for cell in table.rows[0].cells:
        cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)  # no empty first line
    return table.rows[0].cells[0], table.rows[0].cells[1]


def _widths(table, widths: tuple[Mm, ...]) -> None:  # noqa: ANN001 - docx.table.Table
    for row in table.rows:
        for column, cell, width in zip(table.columns, row.cells, widths):
            column.width = cell.width = width  # Word reads the cells' widths, LibreOffice the grid's


def _grid(doc: Document, header: list[str], rows: list[list[str]], widths: tuple[Mm, ...] | None = None) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = widths is None
    for cell, text in zip(table.rows[0].cells, header):
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.paragraphs[0].add_run(text)
    for row in table.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = SIZE_TABLE
    if widths:
        _widths(table, widths)
    _paragraph(doc, after=6)


def _setup(doc: Document) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, SIZE_BODY
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    for name in ("Table Grid",):
        doc.styles[name].font.name = FONT


def docx(r: Report, path: Path) -> None:
    """The report as a .docx draft laid out after Nghị định 30/2020/NĐ-CP, Phụ lục I."""
    doc = Document()
    _setup(doc)
    plan = r.plan
    left, right = _two_columns(doc)
    if plan.parent_body:
        _paragraph(left, plan.parent_body.upper(), SIZE_BODY_NAME, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, plan.issuer.upper(), SIZE_BODY_NAME, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(left, Mm(25), COLUMNS[0])
    _paragraph(left, f"Số:       /{r.symbol}", SIZE_HEAD, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SIZE_HEAD, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", SIZE_MOTTO, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(right, Mm(62), COLUMNS[1])
    day = r.written
    _paragraph(right, f"{plan.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}", SIZE_MOTTO,
               italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, after=6)
    _paragraph(doc, "BÁO CÁO", SIZE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, r.abstract, SIZE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule(doc, Mm(40), TEXT_WIDTH)
    _body(doc, r.intro)
    _body(doc, "I. KẾT QUẢ ĐĂNG TIN, BÀI", bold=True)
    _body(doc, f"Trong kỳ báo cáo (từ {format_date(r.period.start)} đến {format_date(r.at)}), trang thông tin "
               f"đăng {len(r.news)} tin, bài.")
    for tally in r.tallies:
        if tally.rows and tally.by != "Kênh":
            _grid(doc, [tally.by, "Số tin, bài"], [[name, str(n)] for name, n in tally.rows])
    if not r.quotas:
        _body(doc, "Kế hoạch không đặt chỉ tiêu số lượng tin, bài.", italic=True)
    for number, q in enumerate(r.quotas, 1):
        _body(doc, f"Chỉ tiêu {number}: ít nhất {q.quota.count} {q.quota.what} mỗi {PER[q.quota.per]} "
                   f"({q.quota.channel}). {q.sentence}")
        _grid(doc, ["Kỳ", "Yêu cầu", "Đã đăng", "Kết quả"],
              [[p.label, str(p.required), str(p.published), p.state_label] for p in q.periods])
        for tally in q.tallies:
            if tally.rows:
                _grid(doc, [tally.by, "Số tin, bài được tính"], [[name, str(n)] for name, n in tally.rows])
    _body(doc, "II. TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ", bold=True)
    if r.progress.tasks:
        _grid(doc, ["STT", "Nhiệm vụ", "Tình trạng", "Cập nhật gần nhất", "Minh chứng"],
              [[t.task.number, short_task(t.task.content), t.state_label, t.last_text,
                "; ".join(e.label for e in t.evidence)] for t in r.progress.tasks],
              (Mm(13), Mm(62), Mm(24), Mm(38), Mm(28)))
    else:
        _body(doc, "Kế hoạch không có nhiệm vụ được đánh số để theo dõi.", italic=True)
    _body(doc, "III. CÁC NHIỆM VỤ QUÁ HẠN" if r.progress.recorded else "III. HẠN CÁC NHIỆM VỤ", bold=True)
    if not r.progress.recorded:  # nobody recorded progress: the deadlines, never a claim that one was missed
        _body(doc, r.untracked)
        for t, days in r.deadlines:
            _body(doc, f"- Nhiệm vụ {t.task.number}: {short_task(t.task.content)} (hạn "
                       f"{', '.join(format_date(d) for d in days)}).")
    elif r.overdue:
        for t in r.overdue:
            _body(doc, f"- Nhiệm vụ {t.task.number}: {short_task(t.task.content)} (hạn "
                       f"{format_date(t.next_due)}).")
    else:
        _body(doc, f"Không có nhiệm vụ quá hạn tính đến ngày {format_date(r.at)}.")
    for heading in ("IV. KHÓ KHĂN, VƯỚNG MẮC", "V. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI", "VI. ĐỀ XUẤT, KIẾN NGHỊ"):
        _body(doc, heading, bold=True)
        for _ in range(3):
            _paragraph(doc, BLANK_LINE, after=6)
    _body(doc, f"Trên đây là báo cáo kết quả thực hiện {r.plan_name} {r.period.label} của {plan.issuer}./.")
    left, right = _two_columns(doc)
    _paragraph(left, "Nơi nhận:", SIZE_RECIPIENTS_LABEL, bold=True, italic=True)
    for index, name in enumerate(r.recipients):
        _paragraph(left, f"- {name}{'.' if index == len(r.recipients) - 1 else ';'}", SIZE_RECIPIENTS)
    for line in plan.signer.lines:
        _paragraph(right, line.upper(), SIZE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(4):
        _paragraph(right)
    _paragraph(right, SIGNER_BLANK, SIZE_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.core_properties.title = f"Báo cáo {r.period.label} – {r.plan_name}"
    doc.core_properties.language = "vi-VN"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


def preview(r: Report, content: Content) -> str:
    """The same report as one HTML page, to read before opening the draft."""
    return ENV.get_template("report.html.j2").render(r=r, per=PER, short_task=short_task,
                                                     base=str(content.site.base_url), signer_blank=SIGNER_BLANK)


def write(content: Content, plan_id: str, code: str, out: Path | None, build: Path) -> Written:
    """The .docx draft at ``out`` and its HTML preview, both by default in the build folder's ``bao-cao/``.

    Not beside the build folder: that is the repository's root by default, where
    git would offer the draft for a commit; the build folder is ignored by git.
    """
    try:
        period = report_period(code)
    except ValueError as exc:
        raise ReportError(str(exc)) from None
    plans = [p.id for p in content["plans"]]
    if plan_id not in plans:
        raise ReportError(f"không có kế hoạch «{plan_id}» (tệp plans/{plan_id}.yml); các kế hoạch có: "
                          + (", ".join(plans) or "không có"))
    r = report(content, plan_id, period)
    drafts = build / "bao-cao"
    target = out or drafts / f"{plan_id}-{period.code.lower()}.docx"
    root = content.root.resolve()
    if root in (target.resolve(), *target.resolve().parents):
        raise ReportError(f"không ghi báo cáo vào thư mục nội dung «{root}»; hãy chọn --out ở ngoài thư mục đó")
    if target.suffix.lower() != ".docx":
        raise ReportError(f"tệp báo cáo «{target}» cần đuôi .docx")
    safety.mark(build, safety.BUILD_MARKER)
    docx(r, target)
    shown = drafts / f"{plan_id}-{period.code.lower()}.html"
    shown.parent.mkdir(parents=True, exist_ok=True)
    shown.write_text(preview(r, content), encoding="utf-8")
    return Written(target, shown)


def summary(content: Content) -> str:
    """Markdown for the nightly step summary: each plan's quotas at risk and overdue tasks."""
    return ENV.overlay(autoescape=False, finalize=None).get_template("report_summary.md.j2").render(
        plans=[(p, content.shared["progress"][p.id]) for p in content["plans"]], base=str(content.site.base_url))
