"""Questions and answers (hỏi đáp): questions/<slug>.yml, one question a citizen asks and its answer.

The questions page (hoi-dap/) groups them by field, each with its answer, and
carries FAQPage JSON-LD; each question has its page (hoi-dap/<slug>/) linking
the procedures it is about; each procedure's page lists its questions through
``shared["questions"]`` (Kind.share); and the "questions" dataset.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nh3
from pydantic import Field

from ..core import markup, scaffolding
from ..core.calendars import short
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset, dump
from ..core.errors import ContentError
from ..core.fields import MARKDOWN, Date, Model, Text, Title
from ..core.kind import Kind, record_outputs
from ..core.pages import Memo, Output, alphabetical, page_meta, page_output
from ..core.references import Missing, Targets, resolve
from ..core.vietnamese import slugify

INDEX = "hoi-dap/index.md"
# What Google shows of an answer's HTML in FAQPage data; it ignores every other tag
# (developers.google.com/search/docs/appearance/structured-data/faqpage, "Answer").
FAQ_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b", "strong", "i", "em"}


class Question(Model):
    """questions/<slug>.yml: one question and its answer."""

    question: Title = Field(title="câu hỏi")
    answer: Text = Field(title="câu trả lời", description="Markdown", json_schema_extra=MARKDOWN)
    field: Text = Field(title="lĩnh vực", description="Viết như trường lĩnh vực (field) của thủ tục, ví dụ «Hộ tịch»")
    procedures: list[Text] = Field(default_factory=list, title="thủ tục liên quan",
                                   description="Mã các thủ tục trong procedures/, ví dụ «1.001193»")
    answered_by: str | None = Field(None, title="đơn vị trả lời")
    updated: Date = Field(title="ngày cập nhật", description="YYYY-MM-DD hoặc dd/mm/yyyy")
    illustrative: bool = Field(False, title="dữ liệu minh họa")


class QuestionRecord(Question):
    id: str = Field(title="mã câu hỏi")
    url: str = Field(title="địa chỉ trang câu hỏi")


def check(questions: list[Entry[Question]], checks: Checks) -> list[Entry[Question]]:
    """Every related procedure has its file; a field no procedure has is worth a warning.

    A code that names nothing would be a question silently missing from the
    procedure's page; a field spelt differently from the procedures' would be a
    group of its own on hoi-dap/.
    """
    procedures = checks.targets("procedures", ".yml", lambda p: (p.model.code,))  # a file is named by its code
    # it reads the questions and the procedures alone: checked again only when one of them changed
    return checks.scoped("questions", (*questions, procedures), lambda found: _check(questions, procedures, found))


def _check(questions: list[Entry[Question]], procedures: Targets[Entry[Any]], checks: Checks) -> list[Entry[Question]]:
    fields = sorted({p.model.field for p in procedures.loaded.values()})
    broken = set()
    for entry in questions:
        for index, code in enumerate(entry.model.procedures):
            if not procedures.exists(code):
                broken.add(entry.source)
                close = difflib.get_close_matches(code, sorted(procedures.files), n=1)
                checks.errors.append(ContentError(
                    entry.source, entry.line_of("procedures", index),
                    f"thủ tục liên quan thứ {index + 1} (procedures[{index}])",
                    f"không có thủ tục mã «{code}» trong procedures/"
                    + (f". Có phải ý bạn là «{close[0]}»?" if close else "")))
        if fields and entry.model.field not in fields:
            close = difflib.get_close_matches(entry.model.field, fields, n=1)
            checks.warnings.append(ContentError(
                entry.source, entry.line_of("field"), "lĩnh vực (field)",
                f"không thủ tục nào thuộc lĩnh vực «{entry.model.field}»; câu hỏi sẽ đứng thành nhóm riêng"
                + (f". Có phải ý bạn là «{close[0]}»?" if close else "")))
    return sorted((q for q in questions if q.source not in broken), key=_order)


def _order(entry: Entry[Question]) -> tuple[Any, ...]:
    return alphabetical(entry.model.field), alphabetical(entry.model.question), entry.id


def page_of(entry: Entry[Question]) -> str:
    return f"hoi-dap/{entry.id}.md"


def share(questions: list[Entry[Question]], now: dt.datetime) -> dict[str, Any]:
    """For each procedure code, its questions: the procedure page lists them under «Câu hỏi thường gặp»."""
    table: dict[str, list[dict[str, str]]] = {}
    for entry in questions:
        for code in dict.fromkeys(entry.model.procedures):
            table.setdefault(code, []).append({"question": entry.model.question, "page": page_of(entry)})
    return {"questions": table}


def render_questions(content: Content, memo: Memo) -> Iterator[Output]:
    questions = content["questions"]
    # the footer links it, always; it links each question's procedures by their pages
    yield memo.get(content, INDEX, (*questions, *content["procedures"]), lambda: _index(content))
    for entry in questions:
        yield from record_outputs(content, memo, KIND, entry)


def _faq(content: Content, questions: list[Entry[Question]]) -> dict[str, Any]:
    """FAQPage: every question with its answer as the HTML Google shows, links made absolute."""
    base = str(content.site.base_url)
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": f"{base}hoi-dap/",
        "inLanguage": "vi",
        "mainEntity": [{
            "@type": "Question",
            "name": q.model.question,
            "url": f"{base}{markup.page_url(page_of(q))}",
            "acceptedAnswer": {"@type": "Answer", "text": _answer_html(q, base)},
        } for q in questions],
    }


def _answer_html(entry: Entry[Question], base: str) -> str:
    html = markup.rewrite_links(markup.render(entry.model.answer).html, page_of(entry), base)
    return nh3.clean(html, tags=FAQ_TAGS, attributes={"a": {"href"}}, link_rel=None).strip()


def plain_text(answer: str) -> str:
    """An answer's words without markup, for the page's description."""
    return " ".join(html.unescape(nh3.clean(markup.render(answer).html, tags=set())).split())


def _index(content: Content) -> Output:
    questions = content["questions"]
    by_field = [(field, list(items)) for field, items in itertools.groupby(questions, lambda q: q.model.field)]
    return page_output(INDEX, page_meta(content, "Hỏi đáp", "Câu hỏi thường gặp của người dân, doanh nghiệp về thủ "
                                        "tục hành chính, theo lĩnh vực.", "questions/",
                                        max((q.model.updated for q in questions), default=content.newest_date()),
                                        [_faq(content, questions)] if questions else [],
                                        terms=[field for field, _ in by_field]),
                       "questions.html.j2", by_field=by_field, slug=slugify,
                       # a procedure's page is named by its file; one with errors of its own has none (no link)
                       procedures={p.model.code: p for p in content["procedures"]},
                       illustrative=any(q.model.illustrative for q in questions))


def render_question(content: Content, entry: Entry[Question]) -> Output:
    q = entry.model
    procedures = {p.model.code: p for p in content["procedures"]}
    related = [resolve(procedures, code) for code in dict.fromkeys(q.procedures)]
    return page_output(page_of(entry),
                       page_meta(content, q.question, short(plain_text(q.answer), 160),
                                 entry.source.as_posix(), q.updated,
                                 terms=[q.field, q.answered_by, *(p.model.name for p in related if not isinstance(p, Missing))],
                                 search_description=False, body=q.answer),
                       "question.html.j2", q=q, related=related)


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    base = str(content.site.base_url)
    return [dump(content, memo, q, lambda q=q: {"id": q.id, "url": f"{base}{markup.page_url(page_of(q))}"})
            for q in sorted(content["questions"], key=lambda q: q.id)]


def new_question(root: Path, question: str, now: dt.datetime | None = None) -> Path:
    question = scaffolding.checked(Question, "question", question)
    return scaffolding.new_record(root, "question", "questions", scaffolding.slug(question, "câu hỏi", 80), now,
                                  question=question, help=scaffolding.field_help(Question))


KIND = Kind(
    name="questions", label="câu hỏi", model=Question, schema="question", files="questions/*.yml",
    address="hoi-dap/{}/", pages=render_questions, check=check, dates=lambda entry: [entry.model.updated],
    record_pages=lambda content, entry: [render_question(content, entry)], depends=("procedures",),
    datasets=(Dataset("questions", "Hỏi đáp", "Câu hỏi thường gặp và câu trả lời, theo lĩnh vực, với các thủ tục "
                      "liên quan.", QuestionRecord, _records),),
    share=share, nav=(("Hỏi đáp", INDEX),),
    scaffold=new_question, scaffold_value="câu hỏi",
)
