"""``cchc report``: the .docx draft after Nghị định 30/2020/NĐ-CP, Phụ lục I, its figures counted from the content."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docx.shared import Mm, Pt

from generator.kinds.progress import report_period
from tests.conftest import CONTENT, EXAMPLES, REPO
from tests.test_progress import LANG_SON, LC_PLAN, LS_PLAN, news_dates


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "report", *args], cwd=REPO, capture_output=True,
                          text=True)


def make(tmp_path: Path, content: Path, plan: str, period: str, now: str) -> docx.document.Document:
    out = tmp_path / f"{plan}-{period}.docx"
    result = run("--content", str(content), "--plan", plan, "--period", period, "--now", now,
                 "--build-dir", str(tmp_path / "build"), "--site-dir", str(tmp_path / "site"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "build" / "bao-cao" / f"{plan}-{period.lower()}.html").is_file()
    return docx.Document(str(out))


def runs_with(doc: docx.document.Document, text: str):
    """Every run whose paragraph says ``text``, in the body and in the header and signature tables."""
    paragraphs = list(doc.paragraphs) + [p for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return [r for p in paragraphs if p.text.strip() == text for r in p.runs]


def size(run) -> Pt | None:  # noqa: ANN001
    return run.font.size


def test_lang_son_q1_layout_and_figures(tmp_path):
    doc = make(tmp_path, LANG_SON, LS_PLAN, "2024-Q1", "2024-04-05T09:00:00")
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20
    assert doc.styles["Normal"].font.name == "Times New Roman"
    motto = runs_with(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert motto and all(r.bold and Pt(12) <= size(r) <= Pt(13) for r in motto)
    slogan = runs_with(doc, "Độc lập - Tự do - Hạnh phúc")
    assert slogan and all(r.bold and Pt(13) <= size(r) <= Pt(14) for r in slogan)
    title = runs_with(doc, "BÁO CÁO")
    assert title and all(r.bold and Pt(13) <= size(r) <= Pt(14) for r in title)
    texts = [p.text for p in doc.paragraphs] + [p.text for t in doc.tables for row in t.rows for c in row.cells
                                                for p in c.paragraphs]
    assert any(t.startswith("Số:") and t.endswith("/BC-SLĐTBXH") and not any(ch.isdigit() for ch in t) for t in texts)
    assert "Lạng Sơn, ngày 05 tháng 04 năm 2024" in texts
    assert any(t.startswith("Kết quả quý I năm 2024 thực hiện Kế hoạch số 28/KH-SLĐTBXH") for t in texts)
    # the figures: Q1 news items on the site, counted here from the files
    q1 = [d for d in news_dates(LANG_SON).values() if dt.date(2024, 1, 1) <= d <= dt.date(2024, 3, 31)]
    assert any(f"trang thông tin đăng {len(q1)} tin, bài" in t for t in texts)
    quota_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Kỳ")
    rows = [[c.text for c in row.cells] for row in quota_table.rows[1:]]
    # the quota asks from the first month that ends after the plan was signed (29/02/2024): March only
    counted = [d for d in q1 if d.month == 3]
    assert rows == [["Tháng 03/2024", "4", str(len(counted)), "Đạt" if len(counted) >= 4 else "Không đạt"]]
    assert any(f"đã đăng {len(counted)}/4 tin, bài" in t for t in texts)
    # tasks, the overdue, the headings left for people, Nơi nhận, the signer without a name
    tasks = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    assert [row.cells[0].text for row in tasks.rows[1:]] == ["III.1", "III.2", "III.3", "III.4", "III.5"]
    # III.4 was done on 10/04: after the quarter, so the Q1 report does not count it
    assert dict((row.cells[0].text, row.cells[2].text) for row in tasks.rows[1:])["III.4"] == "Chưa có hạn cụ thể"
    for heading in ("III. CÁC NHIỆM VỤ QUÁ HẠN", "IV. KHÓ KHĂN, VƯỚNG MẮC", "VI. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in texts
    label = runs_with(doc, "Nơi nhận:")
    assert label and label[0].bold and label[0].italic and size(label[0]) == Pt(12)
    assert "- Lưu: VT." in texts
    signer = [t for t in texts if t in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    name = texts[texts.index("PHÓ GIÁM ĐỐC"):][-1]
    assert set(name) == {"…"}


def test_lai_chau_overdue_task_is_listed(tmp_path):
    doc = make(tmp_path, CONTENT, LC_PLAN, "2024-9M", "2024-10-01T09:00:00")
    texts = [p.text for p in doc.paragraphs]
    overdue = texts[texts.index("III. CÁC NHIỆM VỤ QUÁ HẠN") + 1]
    assert overdue.startswith("- Nhiệm vụ 14:") and "16/09/2024" in overdue


@pytest.mark.parametrize("code, label, start, end", [
    ("2024-Q1", "quý I năm 2024", dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ("2024-q4", "quý IV năm 2024", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
    ("2024-H1", "6 tháng đầu năm 2024", dt.date(2024, 1, 1), dt.date(2024, 6, 30)),
    ("2024-9M", "9 tháng năm 2024", dt.date(2024, 1, 1), dt.date(2024, 9, 30)),
    ("2024", "năm 2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
])
def test_every_period_form(code, label, start, end):
    period = report_period(code)
    assert (period.label, period.start, period.end) == (label, start, end)


@pytest.mark.parametrize("args, words", [
    (["--plan", LS_PLAN, "--period", "2024-Q5"], "kỳ báo cáo «2024-Q5» không hợp lệ"),
    (["--plan", LS_PLAN, "--period", "quy-1"], "kỳ báo cáo «quy-1» không hợp lệ"),
    (["--plan", "khong-co", "--period", "2024-Q1"], "không có kế hoạch «khong-co»"),
])
def test_bad_requests_are_clear(tmp_path, args, words):
    result = run("--content", str(LANG_SON), "--build-dir", str(tmp_path / "b"), "--site-dir", str(tmp_path / "s"),
                 *args)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert words in result.stderr


def test_never_written_into_the_content_folder(tmp_path):
    result = run("--content", str(LANG_SON), "--plan", LS_PLAN, "--period", "2024-Q1", "--build-dir",
                 str(tmp_path / "b"), "--site-dir", str(tmp_path / "s"), "--out", str(LANG_SON / "bao-cao.docx"))
    assert result.returncode == 1 and "thư mục nội dung" in result.stderr
    assert not (LANG_SON / "bao-cao.docx").exists()


def test_the_draft_goes_where_git_does_not_offer_it_for_a_commit(tmp_path):
    """By default the .docx lands in the build folder's bao-cao/, beside its preview, which .gitignore covers."""
    shutil.copy(REPO / ".gitignore", tmp_path / ".gitignore")
    shutil.copytree(LANG_SON, tmp_path / "content")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)

    def status() -> str:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                              capture_output=True, text=True, check=True).stdout

    before = status()
    result = subprocess.run([str(Path(sys.executable).parent / "cchc"), "report", "--plan", LS_PLAN,
                             "--period", "2024-Q1", "--now", "2024-04-05T09:00:00"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    draft = tmp_path / "build" / "bao-cao" / f"{LS_PLAN}-2024-q1.docx"
    assert "BÁO CÁO" in [p.text for p in docx.Document(str(draft)).paragraphs]
    assert f"build/bao-cao/{LS_PLAN}-2024-q1.docx" in result.stdout
    assert status() == before, "the report left a file git would commit"


def test_nightly_summary_lists_what_is_at_risk():
    result = run("--content", str(EXAMPLES / "so-ldtbxh-lang-son"), "--summary", "--now", "2024-06-15T09:00:00")
    assert result.returncode == 0
    june = sum(1 for d in news_dates(LANG_SON).values() if d.month == 6 and d.day <= 15)
    assert f"Tháng 06/2024: {june}/4 tin, bài về CCHC" in result.stdout


def test_reports_are_published_only_when_the_plan_says_so(tmp_path: Path):
    """publish_reports: true puts each report whose period is over on the site, with the draft's figures."""
    import shutil

    from bs4 import BeautifulSoup

    from generator.core.vietnamese import TZ
    from generator.pipeline import build

    now = dt.datetime(2024, 7, 5, 8, 0, tzinfo=TZ)
    quiet = build.Paths(LANG_SON, tmp_path / "a" / "build", tmp_path / "a" / "site")
    build.build(quiet, now)
    assert not (quiet.site / "ke-hoach" / LS_PLAN / "bao-cao").exists()  # the default: drafts only
    content = tmp_path / "content"
    shutil.copytree(LANG_SON, content)
    plan = content / "plans" / f"{LS_PLAN}.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("\nappendix:", "\npublish_reports: true\nappendix:", 1),
                    encoding="utf-8")
    paths = build.Paths(content, tmp_path / "b" / "build", tmp_path / "b" / "site")
    build.build(paths, now)
    folder = paths.site / "ke-hoach" / LS_PLAN / "bao-cao"
    assert sorted(p.name for p in folder.iterdir()) == ["2024-h1", "2024-q1", "2024-q2"]  # over by 05/07/2024
    progress = BeautifulSoup((paths.site / "ke-hoach" / LS_PLAN / "tien-do" / "index.html").read_text(encoding="utf-8"),
                             "html.parser")
    assert {a["href"] for a in progress.select("#bao-cao ~ ul a")} == {"../bao-cao/2024-q1/", "../bao-cao/2024-q2/",
                                                                        "../bao-cao/2024-h1/"}
    page = BeautifulSoup((folder / "2024-q1" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = " ".join(page.select_one("article").get_text(" ").split())
    q1 = [d for d in news_dates(LANG_SON).values() if dt.date(2024, 1, 1) <= d <= dt.date(2024, 3, 31)]
    march = [d for d in q1 if d.month == 3]
    assert "BÁO CÁO" in text and "Kết quả quý I năm 2024 thực hiện Kế hoạch số 28/KH-SLĐTBXH" in text
    assert f"trang thông tin đăng {len(q1)} tin, bài" in text and f"đã đăng {len(march)}/4 tin, bài" in text
    rows = [[td.get_text(strip=True) for td in tr.find_all("td")] for tr in page.select("table.cchc-report__quota tbody tr")]
    assert rows == [["Tháng 03/2024", "4", str(len(march)), "Đạt" if len(march) >= 4 else "Không đạt"]]
