"""Bad input in the newer kinds of content (issue 24): each slip gets one clear error at its file, line and field.

The same corpus style as tests/test_bad_input.py, whose helpers and assertion this reuses: for documents,
questions, drafts, reception.yml, holidays.yml, organisation.yml, agencies.yml and progress files, a missing
field, a wrong type, an impossible date (30/02), a value without diacritics, a reference to nothing, a duplicate,
and a cycle where references can form one. Each case runs ``cchc validate`` in this process: exit 1, no
traceback, the error at the right line naming the field's Vietnamese title with its key, in Vietnamese.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.kinds import progress
from tests.conftest import CONTENT, EXAMPLES
from tests.test_bad_input import Case, assert_reported, both, replace, set_key

DOC = "documents/nghi-dinh-101-2024-nd-cp.yml"
DOC_2 = "documents/nghi-dinh-45-2020-nd-cp.yml"
QUESTION = "questions/cap-so-do-lan-dau.yml"
DRAFT = "drafts/du-thao-ke-hoach-tuyen-truyen-cchc-2025.yml"
PROGRESS = "progress/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"


CASES = [
    # documents
    Case("document-missing-issuer", replace(DOC, 'issuer: "Chính phủ"\n', "", "type:"), DOC,
         "thiếu trường bắt buộc", "cơ quan ban hành (issuer)"),  # a missing field: at the file's first key
    Case("document-fields-not-a-list", set_key(DOC, "fields", "fields: {a: b}"), DOC, "danh sách",
         "(fields)"),
    Case("document-impossible-date", set_key(DOC, "issued", "issued: 30/02/2024"), DOC, "«30/02/2024»",
         "(issued)"),
    Case("document-status-without-diacritics", set_key(DOC, "status", "status: con hieu luc"), DOC,
         "«còn hiệu lực»", "(status)"),
    Case("document-related-to-nothing", set_key(DOC, "related", "related: [khong-co-van-ban-nay]"), DOC,
         "khong-co-van-ban-nay", "(related[0])"),
    Case("document-duplicate-number", set_key(DOC, "number", 'number: "45/2020/NĐ-CP"'), DOC, "đã có ở tệp khác",
         "số, ký hiệu (number)"),
    Case("document-replaced-by-nothing", set_key(DOC, "status", "status: bị thay thế\nreplaced_by: khong-co"), DOC,
         "khong-co", "(replaced_by)", line=8),
    Case("document-replaced-by-cycle", both(set_key(DOC_2, "status", "status: bị thay thế\nreplaced_by: "
                                                "nghi-dinh-101-2024-nd-cp"),
                                        set_key(DOC, "status", "status: bị thay thế\nreplaced_by: "
                                                "nghi-dinh-45-2020-nd-cp")), DOC, "thành vòng", "(replaced_by)", line=8),
    # questions
    Case("question-missing-answer", replace(QUESTION, "answer: |", "answr: |"), QUESTION, "thiếu trường bắt buộc",
         "câu trả lời (answer)", line=2),
    Case("question-procedures-not-a-list", replace(QUESTION, 'procedures:\n- "1.012758"', "procedures: 5"),
         QUESTION, "danh sách", "(procedures)"),
    Case("question-impossible-date", set_key(QUESTION, "updated", "updated: 30/02/2024"), QUESTION,
         "«30/02/2024»", "(updated)"),
    Case("question-procedure-to-nothing", replace(QUESTION, '- "1.012758"', '- "1.999999"'), QUESTION,
         "1.999999", "(procedures[0])"),
    # questions: no field takes a value from a fixed Vietnamese list (field is free text), nothing is keyed (a
    # question is its file: no duplicate to find), and they refer only to procedures (no chain, no cycle)
    # drafts
    Case("draft-missing-title", replace(DRAFT, "title: ", "titel: "), DRAFT, "thiếu trường bắt buộc",
         "tên dự thảo (title)"),
    Case("draft-opens-wrong-type", set_key(DRAFT, "opens", "opens: [2024]"), DRAFT, "ngày", "(opens)"),
    Case("draft-impossible-date", set_key(DRAFT, "closes", "closes: 30/02/2024"), DRAFT, "«30/02/2024»",
         "(closes)"),
    Case("draft-file-to-nothing", set_key(DRAFT, "file", "file: assets/du-thao/khong-co.pdf"), DRAFT,
         "khong-co.pdf", "(file)"),
    # drafts: «type» is free text and the status is computed (no coded Vietnamese value to type), nothing is keyed
    # (a draft is its file: no duplicate), and a draft refers to its file only (no cycle)
    # reception.yml: «if_closed» is its coded value (English codes, told with their meanings); it refers to the
    # holidays only (no reference to a missing record, no cycle); one file (no duplicate)
    Case("reception-missing-host", replace("reception.yml", "  - host: ", "  - hots: "), "reception.yml",
         "trường này không có trong mẫu", "(sessions[0].hots)"),
    Case("reception-opens-wrong-type", replace("reception.yml", '    opens: "07:30"', "    opens: [7]"),
         "reception.yml", "văn bản", "(sessions[0].opens)"),
    Case("reception-impossible-date", set_key("reception.yml", "updated", "updated: 30/02/2024"),
         "reception.yml", "«30/02/2024»", "(updated)"),
    Case("reception-if-closed-coded", replace("reception.yml", "if_closed: next_working_day",
                                              "if_closed: ngay lam viec tiep theo", "    rule:"), "reception.yml",
         "next_working_day", "(sessions[0].rule.if_closed)"),
    # holidays.yml
    Case("holiday-missing-name", replace("holidays.yml", "    name: Tết Dương lịch\n", "", "  - date: 2024-01-01"),
         "holidays.yml", "thiếu trường bắt buộc", "(holidays[0].name)"),
    Case("holiday-date-wrong-type", replace("holidays.yml", "  - date: 2024-01-01", "  - date: [1]"),
         "holidays.yml", "ngày", "(holidays[0].date)"),
    Case("holiday-impossible-date", replace("holidays.yml", "  - date: 2024-01-01", "  - date: 30/02/2024"),
         "holidays.yml", "«30/02/2024»", "(holidays[0].date)"),
    Case("holiday-duplicate", replace("holidays.yml", "  - date: 2024-01-01\n    name: Tết Dương lịch\n",
                                      "  - date: 2024-01-01\n    name: Tết Dương lịch\n  - date: 2024-01-01\n"
                                      "    name: Tết Dương lịch\n", "  - date: 2024-01-01\n    name: Tết Dương "
                                      "lịch\n  - date"), "holidays.yml", "mỗi ngày chỉ ghi một lần",
         "(holidays[1].date)", line=15),
    # holidays.yml: names are free text (no coded value) and refer to nothing (no reference, no cycle)
    # organisation.yml
    Case("organisation-missing-updated", replace("organisation.yml", "updated: ", "updatd: "),
         "organisation.yml", "thiếu trường bắt buộc", "ngày cập nhật (updated)", line=4),
    Case("organisation-illustrative-wrong-type", set_key("organisation.yml", "illustrative", "illustrative: có"),
         "organisation.yml", "true", "(illustrative)"),
    Case("organisation-impossible-date", set_key("organisation.yml", "updated", "updated: 30/02/2025"),
         "organisation.yml", "«30/02/2025»", "(updated)"),
    # organisation.yml: one file; its units nest (a tree, no cycle), names are free text
    Case("organisation-shown-on-nothing", set_key("organisation.yml", "shown_on", "shown_on: khong-co-trang"),
         "organisation.yml", "khong-co-trang", "(shown_on)"),
    # agencies.yml
    Case("agency-missing-name", replace("agencies.yml", "    name: Văn phòng Ủy ban nhân dân tỉnh Lai Châu\n", "",
                                        "  - id: van-phong-ubnd-tinh-lai-chau"), "agencies.yml",
         "thiếu trường bắt buộc", "(agencies[1].name)"),
    Case("agency-group-wrong-type", replace("agencies.yml", "short_names: [Văn phòng UBND tỉnh]\n    group: false",
                                            "short_names: [Văn phòng UBND tỉnh]\n    group: có lẽ", "    group: có lẽ"),
         "agencies.yml", "true", "(agencies[1].group)"),
    Case("agency-impossible-date", replace("agencies.yml", "    valid_from: null\n    valid_to: null\n    "
                                           "successor: null\n\n  - id: van-phong",
                                           "    valid_from: 30/02/2024\n    valid_to: null\n    successor: null\n\n"
                                           "  - id: van-phong", "    valid_from: 30/02"), "agencies.yml",
         "«30/02/2024»", "(agencies[0].valid_from)"),
    Case("agency-successor-to-nothing", replace("agencies.yml", "    successor: null\n\n  - id: van-phong",
                                                "    successor: khong-co\n\n  - id: van-phong",
                                                "    successor: khong-co"), "agencies.yml", "khong-co",
         "(agencies[0].successor)"),
    Case("agency-duplicate-id", replace("agencies.yml", "  - id: van-phong-ubnd-tinh-lai-chau",
                                        "  - id: ubnd-tinh-lai-chau"), "agencies.yml", "đã dùng cho cơ quan thứ 1",
         "(agencies[1].id)", line=24),
    Case("agency-successor-cycle", both(
        replace("agencies.yml", "    valid_to: null\n    successor: null\n\n  - id: van-phong",
                "    valid_to: 2025-06-30\n    successor: van-phong-ubnd-tinh-lai-chau\n\n  - id: van-phong"),
        replace("agencies.yml", "short_names: [Văn phòng UBND tỉnh]\n    group: false\n    valid_from: null\n"
                "    valid_to: null\n    successor: null", "short_names: [Văn phòng UBND tỉnh]\n    group: false\n"
                "    valid_from: null\n    valid_to: 2025-06-30\n    successor: ubnd-tinh-lai-chau",
                "    successor: ubnd-tinh-lai-chau")), "agencies.yml", "quay vòng", "(agencies[1].successor)"),
    # agencies.yml: names are free text (no coded Vietnamese value)
    # progress files
    Case("progress-missing-text", replace(PROGRESS, '    text: "Gửi báo cáo kết quả tuyên truyền cải cách hành '
                                          'chính quý I."\n', "", '  - task: "14"'), PROGRESS,
         "thiếu trường bắt buộc", "(entries[2].text)"),
    Case("progress-illustrative-wrong-type", set_key(PROGRESS, "illustrative", "illustrative: có"), PROGRESS,
         "true", "(illustrative)"),
    Case("progress-impossible-date", replace(PROGRESS, "    date: 2024-03-14", "    date: 30/02/2024"), PROGRESS,
         "«30/02/2024»", "(entries[2].date)"),
    Case("progress-status-without-diacritics", replace(PROGRESS, "    status: đã hoàn thành",
                                                       "    status: da hoan thanh"), PROGRESS, "«đã hoàn thành»",
         "(entries[2].status)"),
    Case("progress-task-to-nothing", replace(PROGRESS, '  - task: "14"', '  - task: "99"'), PROGRESS,
         "«99»", "(entries[2].task)"),
    Case("progress-news-to-nothing", replace(PROGRESS, "      news: [2024-01-22-ubnd-tinh-ban-hanh-ke-hoach-tuyen-"
                                             "truyen-cchc-2024]", "      news: [khong-co-tin]"), PROGRESS,
         "khong-co-tin", "(entries[0].evidence.news[0])"),
    # progress: entries may repeat a task (one per step: no duplicate), and refer to tasks, news and documents
    # (no chain, no cycle)
    # point 6: a pattern in words with an example
    Case("site-id-authority-as-address", set_key("site.yml", "id_authority", "id_authority: https://laichau.gov.vn/"),
         "site.yml", "ví dụ «laichau.gov.vn»", "tên miền định danh (id_authority)"),
]

# A plan is the one kind with a slip of a year (point 2): Sóc Trăng's plan, signed 27/02/2024, has quotas by month.
SOC_TRANG = EXAMPLES / "so-tttt-soc-trang"
PLAN_CASES = [
    Case("plan-year-before-it-was-signed", set_key("plans/ke-hoach-10-kh-stttt-2024.yml", "year", "year: 2023"),
         "plans/ke-hoach-10-kh-stttt-2024.yml", "ký ngày 27/02/2024", "năm kế hoạch (year)"),
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_in_the_newer_kinds_is_reported_at_its_line(case: Case, content: Path, capsys):
    assert_reported(case, content, capsys)


@pytest.mark.parametrize("case", PLAN_CASES, ids=lambda c: c.id)
def test_a_plan_signed_after_its_year_is_an_error_at_year(case: Case, tmp_path: Path, capsys):
    root = tmp_path / "content"
    shutil.copytree(SOC_TRANG, root)
    assert_reported(case, root, capsys)


def test_a_quota_with_no_period_left_draws_an_empty_chart():
    """The chart never divides by the number of periods: none left gives no bars, not ZeroDivisionError."""
    quota = progress.QuotaProgress(1, type("Quota", (), {"count": 4})(), ())
    chart = progress._chart(quota)
    assert chart["bars"] == [] and chart["top"] == 4
