"""No claim without a record: a plan whose agency keeps no progress file is never said to have overdue tasks.

"Overdue" is for a task whose progress is tracked: its plan has a progress file (a task of it with no entry
counts as tracked: the agency keeps a record and recorded nothing for that task) and a deadline passed without
a «đã hoàn thành» entry. Without the file, the pages, the open data and the summaries say that progress is not
recorded and give the deadlines.

The default content's plan has one dated task, number 14: «Trước ngày 16 tháng 3, 6, 9, 12 năm 2024», done on
14/03 and 14/06 in content/progress/. On 01/06/2025 all four deadlines have passed.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator import cli
from tests.conftest import CONTENT

PLAN = "ke-hoach-tuyen-truyen-cchc-lai-chau-2024"
NOW = "2025-06-01T08:00:00+07:00"
DEADLINES = ["16/03/2024", "16/06/2024", "16/09/2024", "16/12/2024"]  # task 14's, from its deadline_text
OVERDUE = re.compile(r"quá\s+hạn", re.I)
TEXT_FILES = {".html", ".xml", ".json", ".csv", ".ics", ".txt", ".md"}


def build(tmp_path: Path, content: Path, capsys) -> Path:
    site = tmp_path / "site"
    status = cli.main(["build", "--content", str(content), "--build-dir", str(tmp_path / "build"),
                       "--site-dir", str(site), "--now", NOW])
    assert status == 0, capsys.readouterr().err
    return site


def text(site: Path, page: str) -> str:
    soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
    return " ".join((soup.select_one("article") or soup).get_text(" ").split())


def summary(content: Path, capsys) -> str:
    capsys.readouterr()
    assert cli.main(["report", "--content", str(content), "--summary", "--now", NOW]) == 0
    return capsys.readouterr().out


def task_row(site: Path, number: str) -> BeautifulSoup:
    soup = BeautifulSoup((site / f"ke-hoach/{PLAN}/tien-do/index.html").read_text(encoding="utf-8"), "html.parser")
    return soup.select_one(f"tr#nhiem-vu-{number}")


def task_status(site: Path) -> dict[str, str]:
    """Each task's state in the task-status dataset (JSON; the CSV says the same in its columns)."""
    records = json.loads((site / "data/task-status.json").read_text(encoding="utf-8"))
    return {r["number"]: r["state"] for r in records if r["plan_id"] == PLAN}


@pytest.fixture
def untracked(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    for path in (content / "progress").glob("*.yml"):
        path.unlink()
    return content


def test_without_a_progress_file_nothing_is_said_overdue_and_the_deadlines_are_shown(untracked: Path,
                                                                                     tmp_path: Path, capsys):
    site = build(tmp_path, untracked, capsys)
    claims = []
    for path in sorted(site.rglob("*")):
        # the open data's dictionary lists every value «tình trạng» can take, on every site: it says nothing of a task
        if path.suffix in TEXT_FILES and "data/schema" not in path.as_posix():
            if OVERDUE.search(path.read_text(encoding="utf-8", errors="replace")):
                claims.append(path.relative_to(site).as_posix())
    assert not claims, claims

    home = text(site, "")
    assert "chưa cập nhật tiến độ" in home and f"từ {DEADLINES[0]} đến {DEADLINES[-1]}" in home
    plan = text(site, f"ke-hoach/{PLAN}")
    assert "chưa cập nhật tiến độ" in plan and f"từ {DEADLINES[0]} đến {DEADLINES[-1]}" in plan
    progress = text(site, f"ke-hoach/{PLAN}/tien-do")
    assert "Chưa cập nhật tiến độ." in progress
    row = task_row(site, "14")
    assert row["data-state"] == "untracked"
    assert [t.get_text() for t in row.select("td[data-label='Hạn theo kế hoạch'] time")] == DEADLINES
    assert task_status(site)["14"] == "Chưa cập nhật tiến độ"
    assert set(task_status(site).values()) <= {"Chưa cập nhật tiến độ", "Thường xuyên", "Chưa có hạn cụ thể"}

    said = summary(untracked, capsys)
    assert not OVERDUE.search(said), said
    assert f"Chưa cập nhật tiến độ nhiệm vụ (chưa có tệp progress/{PLAN}.yml)" in said


def test_without_a_progress_file_the_report_lists_the_deadlines_not_overdue_tasks(untracked: Path, tmp_path: Path,
                                                                                   capsys):
    out = tmp_path / "bao-cao.docx"
    assert cli.main(["report", "--content", str(untracked), "--build-dir", str(tmp_path / "build"), "--plan", PLAN,
                     "--period", "2024", "--out", str(out), "--now", NOW]) == 0, capsys.readouterr().err
    preview = (tmp_path / "build/bao-cao" / f"{PLAN}-2024.html").read_text(encoding="utf-8")
    shown = " ".join(BeautifulSoup(preview, "html.parser").get_text(" ").split())
    assert not OVERDUE.search(shown)
    assert "III. HẠN CÁC NHIỆM VỤ" in shown and "Nhiệm vụ 14:" in shown
    assert all(day in shown for day in DEADLINES)
    from docx import Document
    written = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert not OVERDUE.search(written) and "III. HẠN CÁC NHIỆM VỤ" in written
    assert f"(hạn {', '.join(DEADLINES)})" in written


def test_with_the_progress_file_a_passed_deadline_without_a_done_entry_is_overdue(tmp_path: Path, capsys):
    """Done on 14/03 and 14/06: the deadlines of 16/09 and 16/12 passed without a done entry."""
    site = build(tmp_path, CONTENT, capsys)
    row = task_row(site, "14")
    assert row["data-state"] == "overdue" and "Quá hạn" in row.get_text()
    assert row.select_one("td[data-label='Hạn kế tiếp'] time").get_text() == "16/09/2024"
    assert "1 quá hạn" in text(site, "")
    assert task_status(site)["14"] == "Quá hạn"
    assert "Nhiệm vụ quá hạn:" in summary(CONTENT, capsys)


def test_a_tracked_plan_task_with_no_entry_is_overdue(tmp_path: Path, capsys):
    """The agency keeps a progress file and recorded nothing for task 14: its first deadline is missed."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    progress = content / "progress" / f"{PLAN}.yml"
    kept = re.sub(r'  - task: "14"\n(    .*\n|      .*\n)*', "", progress.read_text(encoding="utf-8"))
    assert 'task: "14"' not in kept
    progress.write_text(kept, encoding="utf-8")
    site = build(tmp_path, content, capsys)
    row = task_row(site, "14")
    assert row["data-state"] == "overdue"
    assert row.select_one("td[data-label='Hạn kế tiếp'] time").get_text() == DEADLINES[0]
