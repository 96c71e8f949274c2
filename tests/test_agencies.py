"""The agency registry (agencies.yml) and two-level local government in procedures.

Built sites are parsed and compared with the source YAML: a name the content
writes reads «… (nay là …)» on the plan page once its agency has ceased, and
not before; the registry dataset validates against its published schema. Bad
input runs ``cchc validate`` on a broken copy of the content, as tests/test_bad_input.py does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.core.vietnamese import TZ
from generator.pipeline import build
from tests.conftest import CONTENT, EXAMPLES, REPO, Built

PLAN = "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"
NEWS = "news/2024-03-19-tap-huan-to-cong-nghe-so-cong-dong-sin-ho.md"
PROC = "procedures/1.009648.yml"
DISTRICT_PROC = "procedures/1.009794.yml"  # levels: [xã]; a test puts it back at huyện (district_record)


def district_record(root: Path, checked: str) -> int:
    """Put DISTRICT_PROC back at the district level (huyện), checked on ``checked``; the line of «- huyện».

    The shipped content has no district level any more (every procedure moved to xã or tỉnh after
    1 July 2025), so the tests of what a record still at huyện gets make one.
    """
    path = root / DISTRICT_PROC
    text = path.read_text(encoding="utf-8")
    assert "levels:\n- xã\n" in text
    text = text.replace("levels:\n- xã\n", "levels:\n- huyện\n")
    text = re.sub(r"(?m)^last_checked: .*$", f"last_checked: {checked}", text)
    path.write_text(text, encoding="utf-8")
    return text.split("\n").index("- huyện") + 1


# --------------------------------------------------------------------------- the oracle: the source YAML


def registry(root: Path) -> list[dict]:
    return yaml.safe_load((root / "agencies.yml").read_text(encoding="utf-8"))["agencies"]


def as_today(root: Path, written: str, day: dt.date) -> str:
    """How a name should read on ``day``, worked out from agencies.yml by following successors by hand."""
    agencies = {a["id"]: a for a in registry(root)}
    agency = next(a for a in agencies.values() if written in [a["name"], *(a.get("short_names") or [])])
    start = agency
    while agency.get("valid_to") and agency["valid_to"] < day and agency.get("successor"):
        agency = agencies[agency["successor"]]
    return written if agency is start else f"{written} (nay là {agency['name']})"


def plan_names(root: Path) -> list[tuple[str, str]]:
    """(cell label, name) of every task lead and reporting unit in the site's plans, as written."""
    found = []
    for file in sorted((root / "plans").glob("*.yml")):
        plan = yaml.safe_load(file.read_text(encoding="utf-8"))

        def visit(tasks: list[dict]) -> None:
            for task in tasks:
                found.extend(("Chủ trì", name) for name in task.get("lead") or [])
                visit(task.get("subtasks") or [])

        visit((plan.get("appendix") or {}).get("tasks") or [])
        found.extend(("Đơn vị báo cáo", r["responsible"]) for r in plan.get("reporting") or [] if r.get("responsible"))
    return found


def plan_cells(site: Built) -> dict[str, list[str]]:
    """The text of every cell of the plan pages, by its data-label."""
    cells: dict[str, list[str]] = {}
    for page in sorted((site.site / "ke-hoach").glob("*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for td in soup.select("td[data-label]"):
            cells.setdefault(td["data-label"], []).append(" ".join(td.get_text(" ").split()))
    return cells


def build_at(content: Path, out: Path, now: dt.datetime) -> Built:
    """A site built as of ``now`` (``--now``)."""
    made = Built.__new__(Built)
    made.paths = build.Paths(content=content, build=out / "build", site=out / "site")
    made.content = build.build(made.paths, now)
    made.site = made.paths.site
    return made


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("folder", [CONTENT, EXAMPLES / "so-ldtbxh-lang-son", EXAMPLES / "so-tttt-soc-trang"],
                         ids=lambda p: p.name)
def test_plan_pages_name_a_ceased_agency_with_what_it_is_now(build_site, folder: Path):
    site = build_site(folder)
    day = site.content.now.astimezone(TZ).date()
    cells = plan_cells(site)
    expected = [(label, as_today(folder, name, day)) for label, name in plan_names(folder)]
    renamed = [(label, shown) for label, shown in expected if "(nay là " in shown]
    assert renamed, "each of these sites' plans names an agency merged away in 2025"
    for label, shown in expected:
        assert any(shown in cell for cell in cells[label]), (label, shown)


def test_before_the_merger_a_name_reads_as_written_and_successors_are_followed_to_the_day(tmp_path):
    """Sóc Trăng's Sở TT&TT units: as written in 2024, Sở KH&CN tỉnh Sóc Trăng in April 2025, then Cần Thơ's."""
    folder = EXAMPLES / "so-tttt-soc-trang"
    before = build_at(folder, tmp_path / "2024", dt.datetime(2024, 6, 1, 9, tzinfo=TZ))
    assert not any("(nay là " in cell for cells in plan_cells(before).values() for cell in cells)
    april = build_at(folder, tmp_path / "2025", dt.datetime(2025, 4, 1, 9, tzinfo=TZ))
    leads = plan_cells(april)["Chủ trì"]
    assert any("Văn phòng (nay là Sở Khoa học và Công nghệ tỉnh Sóc Trăng)" in cell for cell in leads), leads
    assert not any("Cần Thơ" in cell for cell in leads)
    for label, name in plan_names(folder):
        shown = as_today(folder, name, dt.date(2025, 4, 1))
        assert any(shown in cell for cell in plan_cells(april)[label]), shown


def test_procedure_page_and_poster_name_the_agency_as_it_is_now(build_site):
    site = build_site(EXAMPLES / "so-ldtbxh-lang-son")
    day = site.content.now.astimezone(TZ).date()
    proc = yaml.safe_load((EXAMPLES / "so-ldtbxh-lang-son" / "procedures/1.000479.yml").read_text(encoding="utf-8"))
    shown = as_today(EXAMPLES / "so-ldtbxh-lang-son", proc["agency"], day)
    assert "(nay là Sở Nội vụ tỉnh Lạng Sơn)" in shown
    assert shown in site.text("thu-tuc/1.000479/")
    poster = BeautifulSoup((site.site / "thu-tuc/niem-yet/1.000479.html").read_text(encoding="utf-8"), "html.parser")
    assert shown in " ".join(poster.get_text(" ").split())


def test_registry_dataset_validates_and_holds_the_registry(default_site):
    data = json.loads((default_site.site / "data/agencies.json").read_text(encoding="utf-8"))
    schema = json.loads((default_site.site / "data/schema/agencies.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    source = registry(CONTENT)
    assert [a["id"] for a in data] == [a["id"] for a in source]
    assert [a["valid_to"] for a in data] == [a["valid_to"] and a["valid_to"].isoformat() for a in source]
    assert (default_site.site / "data/agencies.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_levels_and_boundary_free_on_the_finder_and_pages(default_site, tmp_path, build_site):
    finder = default_site.html("thu-tuc/")
    options = [o.get_text(strip=True) for o in finder.select("#loc-cap option")]
    assert options == ["Tất cả các cấp", "Cấp trung ương", "Cấp tỉnh", "Cấp xã"]  # no record at huyện any more
    free = {p.model.code for p in default_site.content["procedures"] if p.model.boundary_free}
    assert free == {li["data-code"] for li in finder.select("li[data-boundary-free]")}
    assert free == {li["data-code"] for li in finder.select("li.cchc-proc") if li.select_one(".cchc-badge")}
    for code in free:
        submit = default_site.html(f"thu-tuc/{code}/").select_one('[data-glance="submit"]')
        assert "không phụ thuộc địa giới hành chính" in submit.get_text(" ")
    assert "hai cấp" not in default_site.html("thu-tuc/1.001193/").select_one("article").get_text(" ")
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    district_record(copy, "2024-10-01")
    older = build_site(copy)
    options = [o.get_text(strip=True) for o in older.html("thu-tuc/").select("#loc-cap option")]
    assert options[:4] == ["Tất cả các cấp", "Cấp trung ương", "Cấp tỉnh", "Cấp xã"]
    assert options[4].startswith("Cấp huyện (")  # offered while a record checked before 2025 says it
    district = older.html("thu-tuc/1.009794/")
    assert "Từ ngày 01/07/2025, chính quyền địa phương chỉ còn hai cấp" in district.get_text(" ")
    poster = (older.site / "thu-tuc/niem-yet/1.009794.html").read_text(encoding="utf-8")
    assert "Cấp thực hiện: huyện" in poster and "trước khi bỏ cấp huyện" in poster


# --------------------------------------------------------------------------- bad input, through the command line


@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root), "--format", "text"],
                          cwd=REPO, capture_output=True, text=True)


def replace_line(root: Path, rel: str, old: str, new: str) -> int:
    """Replace the first line holding ``old``; its line number, counted from 1."""
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if old in line)
    lines[number] = lines[number].replace(old, new)
    (root / rel).write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def failed(result: subprocess.CompletedProcess[str], where: str, *words: str) -> None:
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out
    line = next((l for l in out.splitlines() if where in l), None)
    assert line is not None, out
    for word in words:
        assert word in line, (word, line)


def test_unknown_lead_in_a_nested_task_names_file_line_field_and_the_closest_name(copy):
    tasks = yaml.safe_load((copy / PLAN).read_text(encoding="utf-8"))["appendix"]["tasks"]
    index = next(i for i, t in enumerate(tasks) if t["lead"] == ["Sở Nội vụ"])
    line = replace_line(copy, PLAN, 'lead: ["Sở Nội vụ"]', 'lead: ["So Noi vu"]')
    failed(validate(copy), f"{PLAN}:{line}:", "cơ quan chủ trì", f"(appendix.tasks[{index}].lead[0])",
           "«So Noi vu» không có trong sổ đăng ký cơ quan", "Có phải ý bạn là «Sở Nội vụ»?")


def test_unknown_news_unit_and_procedure_agency(copy):
    news_line = replace_line(copy, NEWS, 'unit: "Sở Thông tin và Truyền thông"', 'unit: "Sở Thông tin và Truyền thôngg"')
    proc_line = replace_line(copy, PROC, "agency: Sở Kế hoạch và Đầu tư tỉnh Lai Châu",
                             "agency: Sở Kế hoạch Đầu tư tỉnh Lai Châu")
    result = validate(copy)
    failed(result, f"{NEWS}:{news_line}:", "đơn vị (unit)", "Có phải ý bạn là «Sở Thông tin và Truyền thông»?")
    failed(result, f"{PROC}:{proc_line}:", "cơ quan giải quyết (agency)",
           "Có phải ý bạn là «Sở Kế hoạch và Đầu tư tỉnh Lai Châu»?")


def test_district_level_after_july_2025_is_an_error_at_its_line(copy):
    line = district_record(copy, "2025-08-01")
    failed(validate(copy), f"{DISTRICT_PROC}:{line}:", "cấp thực hiện (levels)", "01/07/2025", "«tỉnh» hoặc «xã»")


def test_district_level_checked_before_july_2025_passes_with_a_warning_that_says_why(copy):
    district_record(copy, "2024-10-01")
    result = validate(copy)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    line = next(l for l in out.splitlines() if DISTRICT_PROC in l)
    for words in ("cảnh báo", "cấp thực hiện (levels)", "không còn từ 01/07/2025", "01/10/2024",
                  "đối chiếu lại với Cơ sở dữ liệu quốc gia", "«tỉnh» hoặc «xã»"):
        assert words in line, (words, line)


def test_successor_that_does_not_exist(copy):
    line = replace_line(copy, "agencies.yml", "successor: so-noi-vu-lai-chau", "successor: so-noi-vu-lai-chu")
    failed(validate(copy), f"agencies.yml:{line}:", "cơ quan kế thừa", "successor)", "«so-noi-vu-lai-chu»",
           "Có phải ý bạn là «so-noi-vu-lai-chau»?")


def test_a_name_given_to_two_agencies_and_a_repeated_id(copy):
    text = (copy / "agencies.yml").read_text(encoding="utf-8")
    text += "\n  - id: so-noi-vu-lai-chau\n    name: Sở Nội vụ\n"
    (copy / "agencies.yml").write_text(text, encoding="utf-8")
    count = text.count("\n") - 1
    result = validate(copy)
    failed(result, f"agencies.yml:{count}:", "mã cơ quan", "đã dùng cho cơ quan thứ")
    failed(result, f"agencies.yml:{count + 1}:", "tên cơ quan", "«Sở Nội vụ» đã thuộc cơ quan thứ")


@pytest.mark.parametrize("old, new, words", [
    ("    valid_to: 2025-02-28   # mốc chung 01/3/2025", "    valid_to: [2025-02-28   # mốc chung 01/3/2025", ()),
    ("    valid_to: 2025-02-28   # mốc chung 01/3/2025", "    valid_to: cuối tháng 2   # mốc chung 01/3/2025",
     ("ngày cuối cùng hoạt động", "valid_to", "dd/mm/yyyy")),
    ("    short_names: []", "    short_names: 12", ("tên gọi khác", "danh sách")),
], ids=["syntax", "date", "type"])
def test_syntax_and_type_errors_in_the_registry(copy, old, new, words):
    line = replace_line(copy, "agencies.yml", old, new)
    result = validate(copy)
    failed(result, f"agencies.yml:{line}:", *words)
    assert not re.search(r"Input should|mapping values|Field required", result.stdout + result.stderr)


def test_an_end_before_the_start(copy):
    replace_line(copy, "agencies.yml", "    valid_from: 2025-07-01", "    valid_from: 2025-07-02")
    lines = (copy / "agencies.yml").read_text(encoding="utf-8").split("\n")
    start = next(i for i, text in enumerate(lines) if text == "    valid_from: 2025-07-02")
    lines[start + 1] = "    valid_to: 2025-07-01"
    (copy / "agencies.yml").write_text("\n".join(lines), encoding="utf-8")
    failed(validate(copy), f"agencies.yml:{start + 2}:", "ngày cuối cùng hoạt động", "valid_to",
           "(01/07/2025) trước ngày bắt đầu hoạt động (02/07/2025)")
