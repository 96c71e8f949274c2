"""Hỏi đáp: the built site against content/questions/*.yml.

Every question is on hoi-dap/ under its field and on its own page, and is
listed on each related procedure's page; hoi-dap/ carries FAQPage JSON-LD
(read by extruct) with one Question per file and its answer; the dataset
validates against its published schema; the scaffold gives a file that
validates once filled; bad input is reported at its line with the field's
Vietnamese name.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import extruct
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator import cli
from generator.core import markup
from tests.conftest import CONTENT, REPO, Built

QUESTIONS = sorted((CONTENT / "questions").glob("*.yml"))


def _source(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _words(html_or_text: str) -> str:
    return " ".join(BeautifulSoup(html_or_text, "html.parser").get_text(" ").split())


def _answer_text(answer: str) -> str:
    """The answer as a reader sees it: the Markdown rendered, tags dropped, spaces folded."""
    return _words(markup.render(answer).html)


def test_content_has_at_least_eight_illustrative_questions():
    assert len(QUESTIONS) >= 8
    assert all(_source(p)["illustrative"] is True for p in QUESTIONS)


def test_every_question_is_on_the_index_under_its_field_with_its_answer(default_site: Built):
    html = default_site.html("hoi-dap/")
    for path in QUESTIONS:
        q = _source(path)
        heading = html.find("h3", id=f"cau-hoi-{path.stem}")
        assert heading is not None and heading.get_text(strip=True) == q["question"], path.name
        section = heading.find_parent("section")
        assert section.find("h2").get_text(strip=True) == q["field"]
        item = heading.find_parent("article")
        assert _answer_text(q["answer"]) in _words(str(item))
        assert item.find("a", href=f"{path.stem}/") is not None


def test_every_question_has_its_page_linking_its_procedures(default_site: Built):
    procedures = {p.stem: _source(p) for p in (CONTENT / "procedures").glob("*.yml")}
    for path in QUESTIONS:
        q = _source(path)
        page = default_site.html(f"hoi-dap/{path.stem}/")
        article = page.select_one("article")
        assert article.find("h1").get_text(strip=True) == q["question"]
        assert _answer_text(q["answer"]) in _words(str(article))
        assert f"Lĩnh vực: {q['field']}" in _words(str(article))
        related = article.find("h2", id="thu-tuc-lien-quan").find_next("ul")
        links = {a["href"]: a.get_text(strip=True) for a in related.find_all("a")}
        assert links == {f"../../thu-tuc/{code}/": procedures[code]["name"] for code in q["procedures"]}
        assert "dữ liệu minh họa" in _words(str(article))


def test_each_procedure_page_lists_its_questions(default_site: Built):
    expected: dict[str, set[tuple[str, str]]] = {}
    for path in QUESTIONS:
        q = _source(path)
        for code in q["procedures"]:
            expected.setdefault(code, set()).add((q["question"], f"../../hoi-dap/{path.stem}/"))
    assert expected
    for code, questions in expected.items():
        page = default_site.html(f"thu-tuc/{code}/")
        heading = page.find("h2", id="hoi-dap")
        assert heading is not None and heading.get_text(strip=True) == "Câu hỏi thường gặp", code
        listed = {(a.get_text(strip=True), a["href"]) for a in heading.find_next("ul").find_all("a")}
        assert listed == questions
    without = next(p.stem for p in (CONTENT / "procedures").glob("*.yml") if p.stem not in expected)
    assert default_site.html(f"thu-tuc/{without}/").find("h2", id="hoi-dap") is None


def test_the_index_carries_faqpage_json_ld_with_every_question_and_answer(default_site: Built):
    page = (default_site.site / "hoi-dap" / "index.html").read_text(encoding="utf-8")
    found = [item for block in extruct.extract(page, syntaxes=["json-ld"], uniform=False)["json-ld"]
             for item in (block if isinstance(block, list) else [block])]
    faq = [item for item in found if item["@type"] == "FAQPage"]
    assert len(faq) == 1
    entities = faq[0]["mainEntity"]
    assert len(entities) == len(QUESTIONS)
    base = default_site.content.site.base_url
    by_name = {e["name"]: e for e in entities}
    for path in QUESTIONS:
        q = _source(path)
        entity = by_name[q["question"]]
        assert entity["@type"] == "Question" and entity["acceptedAnswer"]["@type"] == "Answer"
        text = entity["acceptedAnswer"]["text"]
        assert _words(text) == _answer_text(q["answer"])
        tags = {tag.name for tag in BeautifulSoup(text, "html.parser").find_all(True)}
        assert tags <= {"h1", "h2", "h3", "h4", "h5", "h6", "br", "ol", "ul", "li", "a", "p", "div", "b",
                        "strong", "i", "em"}
        hrefs = [a["href"] for a in BeautifulSoup(text, "html.parser").find_all("a")]
        assert all(h.startswith(f"{base}thu-tuc/") for h in hrefs), hrefs
    # one FAQPage per question set: the question's own page does not mark it up again (Google's guideline)
    own = (default_site.site / "hoi-dap" / QUESTIONS[0].stem / "index.html").read_text(encoding="utf-8")
    assert "FAQPage" not in own


def test_the_dataset_matches_the_files_and_its_schema(default_site: Built):
    data = json.loads((default_site.site / "data" / "questions.json").read_text(encoding="utf-8"))
    schema = json.loads((default_site.site / "data" / "schema" / "questions.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert [d["id"] for d in data] == [p.stem for p in QUESTIONS]
    for record, path in zip(data, QUESTIONS):
        assert record["question"] == _source(path)["question"]
        assert record["url"] == f"{default_site.content.site.base_url}hoi-dap/{path.stem}/"
    assert "Hỏi đáp" in default_site.text("du-lieu-mo/")


def test_search_finds_a_question_by_its_words(default_site: Built):
    path = QUESTIONS[0]
    record = default_site.paths.search_pages / f"hoi-dap~{path.stem}.html"
    text = record.read_text(encoding="utf-8")
    assert _source(path)["question"] in text
    assert _source(path)["field"] in text


def test_footer_links_the_questions(default_site: Built):
    footer = [a.get_text(strip=True) for a in default_site.html("").select(".cchc-footer-links a")]
    assert "Hỏi đáp" in footer


# --------------------------------------------------------------------------- scaffold and bad input

@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_new_question_scaffold_validates_once_filled(content: Path, capsys):
    assert cli.main(["new", "question", "Làm căn cước cho trẻ em ở đâu?", "--content", str(content)]) == 0
    made = content / "questions" / "lam-can-cuoc-cho-tre-em-o-dau.yml"
    text = made.read_text(encoding="utf-8")
    assert "# câu hỏi (bắt buộc)" in text and "# thủ tục liên quan (không bắt buộc)" in text
    assert cli.main(["validate", "--content", str(content)]) == 1  # the answer is still empty
    assert "câu trả lời (answer)" in capsys.readouterr().err
    made.write_text(text.replace('field: ""', "field: Hộ tịch").replace("answer: |\n  \n", "answer: Có.\n"),
                    encoding="utf-8")
    assert cli.main(["validate", "--content", str(content)]) == 0, capsys.readouterr().err


FILE = "questions/dang-ky-khai-tu.yml"
BAD = [
    ("yaml-syntax", "question: Gia đình có người mất: đăng ký ở đâu?", "question", "dấu hai chấm", ""),
    ("question-not-text", "question: [một, hai]", "question", "văn bản", "câu hỏi (question)"),
    ("updated-impossible", "updated: 31/02/2024", "updated", "không có thật", "ngày cập nhật (updated)"),
    ("updated-not-a-date", "updated: hôm qua", "updated", "ngày không hợp lệ", "ngày cập nhật (updated)"),
    ("procedure-not-text", '- {ma: 1.000656}', '- "1.000656"', "văn bản", "thủ tục liên quan thứ 1 (procedures[0])"),
    ("unknown-key", "anwser: Có", None, "Có phải ý bạn là «answer»", "anwser"),
]


def _run(root: Path, capsys) -> tuple[int, str]:
    return cli.main(["validate", "--content", str(root)]), capsys.readouterr().err


def _set(root: Path, key: str | None, line_text: str) -> int:
    """Replace the line ``key: …`` (or add ``line_text`` at the end); the line it is on."""
    path = root / FILE
    lines = path.read_text(encoding="utf-8").split("\n")
    if key is None:
        lines.insert(len(lines) - 1, line_text)
        number = len(lines) - 2
    else:
        number = next(i for i, line in enumerate(lines) if line.startswith(key if key.startswith("-") else f"{key}:"))
        lines[number] = line_text
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.mark.parametrize("case", BAD, ids=lambda c: c[0])
def test_bad_question_is_reported_at_its_line(case, content: Path, capsys):
    _, line_text, key, words, field = case
    line = _set(content, key, line_text)
    status, err = _run(content, capsys)
    assert status == 1 and "Traceback" not in err
    at = [text for text in err.splitlines() if text.startswith(f"{(content / FILE).as_posix()}:{line}:")]
    assert any(words in text and field in text for text in at), err


def test_a_procedure_that_does_not_exist_is_an_error_with_a_guess(content: Path, capsys):
    path = content / FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('- "1.000656"', '- "1.000665"'), encoding="utf-8")
    line = text.split("\n").index('- "1.000656"') + 1
    status, err = _run(content, capsys)
    assert status == 1 and "Traceback" not in err
    assert f"{path.as_posix()}:{line}: trường «thủ tục liên quan thứ 1 (procedures[0])»" in err
    assert "không có thủ tục mã «1.000665»" in err and "Có phải ý bạn là «1.000656»?" in err


def test_a_field_no_procedure_has_is_a_warning_with_a_guess(content: Path, capsys):
    path = content / FILE
    path.write_text(path.read_text(encoding="utf-8").replace("field: Hộ tịch", "field: Hộ tich"), encoding="utf-8")
    status, err = _run(content, capsys)
    assert status == 0 and "«Hộ tich»" in err and "Có phải ý bạn là «Hộ tịch»?" in err


def test_every_error_at_once_in_a_real_process(content: Path):
    """The real ``cchc validate``: all the slips of two files in one run, exit 1, no traceback."""
    _set(content, "updated", "updated: 30/02/2024")
    other = content / "questions" / "cap-so-do-lan-dau.yml"
    other.write_text(other.read_text(encoding="utf-8").replace('- "1.012758"', '- "9.999999"'), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ngày cập nhật (updated)" in result.stderr and "«9.999999»" in result.stderr
