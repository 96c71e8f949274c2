"""The citizen-reception schedule and the days off it counts with, built for real and read back.

The expected dates are worked out here from the rule and the days off as
written in the YAML (a plain loop, not the generator's code), then compared
with the calendar (icalendar), the page (BeautifulSoup), the dataset (against
its published schema) and the page's JSON-LD (extruct).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import extruct
import icalendar
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.pipeline import build
from tests.conftest import CONTENT, REPO, Built

ICT = dt.timezone(dt.timedelta(hours=7))
NOW_2024 = dt.datetime(2024, 1, 1, 8, 0, tzinfo=ICT)
PAGE = "lich-tiep-cong-dan/"


# --------------------------------------------------------------------------- the rule, worked out by hand


def days_off(root: Path) -> tuple[dict[dt.date, str], set[dt.date]]:
    data = yaml.safe_load((root / "holidays.yml").read_text(encoding="utf-8"))
    return {h["date"]: h["name"] for h in data["holidays"]}, {w["date"] for w in data["working_days"]}


def closed(day: dt.date, off: dict[dt.date, str], working: set[dt.date]) -> bool:
    return day in off or (day.weekday() >= 5 and day not in working)


def expected(rule: dict, root: Path, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date | None]]:
    """(day held, day moved from or None) for every occurrence of ``rule`` between ``first`` and ``last``."""
    off, working = days_off(root)
    found = []
    day = first - dt.timedelta(days=40)
    while day <= last + dt.timedelta(days=40):
        if (rule["kind"] == "monthly" and day.day == rule["day"]) or (
                rule["kind"] == "weekly" and day.weekday() == "mo tu we th fr sa su".split().index(rule["weekday"])):
            held, step = day, {"next_working_day": 1, "previous_working_day": -1, "skip": 0}[rule["if_closed"]]
            while closed(held, off, working) and step:
                held += dt.timedelta(days=step)
            if not closed(held, off, working) and first <= held <= last:
                found.append((held, day if held != day else None))
        day += dt.timedelta(days=1)
    return found


def reception(root: Path) -> dict:
    return yaml.safe_load((root / "reception.yml").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- builds


@pytest.fixture(scope="module")
def site_2024(tmp_path_factory) -> Built:
    """The default content, built in full on 1 January 2024: the year its holiday list covers."""
    out = tmp_path_factory.mktemp("reception-2024")
    built = Built.__new__(Built)
    built.paths = build.Paths(content=CONTENT, build=out / "build", site=out / "site")
    built.content = build.build(built.paths, NOW_2024)
    built.site = built.paths.site
    return built


def generated(root: Path, out: Path, now: dt.datetime) -> Path:
    """Generate (no MkDocs) and return the docs folder: the page's body there is its finished HTML."""
    paths = build.Paths(content=root, build=out / "build", site=out / "site")
    build.generate(paths, now)
    return paths.docs


def events(ics: Path) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))


def page_rows(html: BeautifulSoup, table: int = 0) -> list[tuple[dt.date, str]]:
    """(day, note) of each row of the page's ``table``-th list of sessions."""
    rows = html.select("table.cchc-reception")[table].select("tbody tr")
    return [(dt.date.fromisoformat(r.select_one("time")["datetime"]), r.select("td")[1].get_text(" ", strip=True))
            for r in rows]


# --------------------------------------------------------------------------- the default site, 2024


def test_calendar_has_one_timed_event_per_month_at_the_yaml_hours(site_2024: Built):
    session = reception(CONTENT)["sessions"][0]
    found = events(site_2024.site / "lich" / "tiep-cong-dan.ics")
    want = expected(session["rule"], CONTENT, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert len(want) == 12 and len(found) == 12
    assert sorted({e.decoded("dtstart").month for e in found}) == list(range(1, 13))
    opens, closes = (dt.time.fromisoformat(session[k]) for k in ("opens", "closes"))
    for event, (day, _) in zip(sorted(found, key=lambda e: e.decoded("dtstart")), want):
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        assert start == dt.datetime.combine(day, opens, ICT) and end == dt.datetime.combine(day, closes, ICT)
        assert start.utcoffset() == dt.timedelta(hours=7) and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
        assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    uids = [str(e["uid"]) for e in found]
    assert len(set(uids)) == 12 and all(re.fullmatch(r"tag:laichau\.gov\.vn,2024-01-22:lich/tiep-cong-dan/buoi1-"
                                                     r"2024\d{4}", u) for u in uids)


def test_calendar_is_rfc5545_with_the_time_zone_it_names(site_2024: Built):
    """Every TZID needs its VTIMEZONE (RFC 5545, 3.2.19), or a client may read 07:30 in its own zone."""
    text = (site_2024.site / "lich" / "tiep-cong-dan.ics").read_bytes().decode("utf-8")
    cal = icalendar.Calendar.from_ical(text)
    zones = {str(z["tzid"]) for z in cal.walk("VTIMEZONE")}
    assert zones == {"Asia/Ho_Chi_Minh"}
    assert set(re.findall(r"TZID=([^:;]+)", text)) <= zones
    zone = cal.walk("VTIMEZONE")[0].to_tz()
    assert dt.datetime(2024, 6, 17, 7, 30, tzinfo=zone).utcoffset() == dt.timedelta(hours=7)
    assert all(line.endswith("\r") or not line for line in text.split("\n"))  # CRLF line ends
    assert cal["version"] == "2.0" and "prodid" in cal
    assert all(e.decoded("dtstamp").tzinfo is not None for e in cal.walk("VEVENT"))


def test_weekend_fifteenths_move_to_the_next_working_day(site_2024: Built):
    rule = reception(CONTENT)["sessions"][0]["rule"]
    moved = [(held, was) for held, was in expected(rule, CONTENT, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) if was]
    assert (dt.date(2024, 6, 17), dt.date(2024, 6, 15)) in moved  # a Saturday
    days = {e.decoded("dtstart").date() for e in events(site_2024.site / "lich" / "tiep-cong-dan.ics")}
    for held, was in moved:
        assert held in days and was not in days


def test_page_lists_the_calendar_dates_with_the_moved_notes(site_2024: Built):
    html = site_2024.html(PAGE)
    rows = page_rows(html)
    days = sorted(e.decoded("dtstart").date() for e in events(site_2024.site / "lich" / "tiep-cong-dan.ics"))
    assert [d for d, _ in rows] == days
    rule = reception(CONTENT)["sessions"][0]["rule"]
    for (day, note), (held, was) in zip(rows, expected(rule, CONTENT, dt.date(2024, 1, 1), dt.date(2024, 12, 31))):
        assert day == held
        assert (f"Chuyển từ {was:%d/%m/%Y} do trùng" in note) if was else note == ""
    assert "Chuyển từ 15/06/2024 do trùng thứ Bảy" in site_2024.text(PAGE)
    glance = html.select_one(".cchc-glance").get_text(" ", strip=True)
    assert "Thứ Hai, 15/01/2024" in glance and "7:30–11:30" in glance and "Trụ sở Tiếp công dân" in glance
    assert html.select_one('a[href$="lich/tiep-cong-dan.ics"]') is not None
    assert not html.select("article script") and "dữ liệu minh họa" in site_2024.text(PAGE)
    assert "42/2013/QH13" in site_2024.text(PAGE) and "Chưa có danh sách ngày nghỉ" not in site_2024.text(PAGE)
    footer = [a.get_text(strip=True) for a in html.select(".cchc-footer-links a")]
    assert "Lịch tiếp công dân" in footer


def test_page_carries_the_organisation_and_the_sessions_as_events(site_2024: Built):
    page = site_2024.site / PAGE / "index.html"
    found = [item for block in extruct.extract(page.read_text(encoding="utf-8"), syntaxes=["json-ld"],
                                               uniform=False)["json-ld"]
             for item in (block if isinstance(block, list) else [block])]
    assert any(item["@type"] == "GovernmentOrganization" for item in found)
    starts = [item["startDate"] for item in found if item["@type"] == "Event"]
    assert starts[0] == "2024-01-15T07:30:00+07:00"
    moved = next(item for item in found if item["@type"] == "Event" and item["startDate"].startswith("2024-06-17"))
    assert moved["eventStatus"].endswith("EventRescheduled") and moved["previousStartDate"] == "2024-06-15"


def test_search_finds_the_page_without_diacritics(site_2024: Built):
    """Pagefind folds tone marks (not đ), so «tiep cong dan» matches the record's title and terms."""
    record = BeautifulSoup((site_2024.paths.search_pages / "lich-tiep-cong-dan.html").read_text(encoding="utf-8"),
                           "html.parser")
    assert record.select_one("main")["data-pagefind-meta"] == f"url:{PAGE}"
    assert record.select_one('h1[data-pagefind-weight="10"]').get_text() == "Lịch tiếp công dân"
    terms = record.select_one('p[data-pagefind-weight="5"]').get_text()
    assert "lịch tiếp dân" in terms and reception(CONTENT)["sessions"][0]["rule_text"] in terms


def test_dataset_validates_against_its_schema_and_matches_the_calendar(site_2024: Built):
    data = json.loads((site_2024.site / "data" / "reception.json").read_text(encoding="utf-8"))
    schema = json.loads((site_2024.site / "data" / "schema" / "reception.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    days = sorted(e.decoded("dtstart").date() for e in events(site_2024.site / "lich" / "tiep-cong-dan.ics"))
    assert [dt.date.fromisoformat(r["date"]) for r in data] == days
    june = next(r for r in data if r["date"] == "2024-06-17")
    assert june["moved_from"] == "2024-06-15" and june["start"] == "2024-06-17T07:30:00+07:00"
    assert june["end"] == "2024-06-17T11:30:00+07:00" and june["illustrative"] is True
    assert june["place"] == reception(CONTENT)["sessions"][0]["place"]
    csv = (site_2024.site / "data" / "reception.csv").read_text(encoding="utf-8-sig")
    assert csv.splitlines()[0].startswith("session,date,start,end")


# --------------------------------------------------------------------------- holidays, working days, other rules


HOLIDAY_RULES = """\
  - host: Phó Chủ tịch UBND tỉnh
    place: Trụ sở Tiếp công dân tỉnh
    opens: "13:30"
    closes: "17:00"
    rule: {kind: monthly, day: 1, if_closed: next_working_day}
    rule_text: ngày 1 hằng tháng
  - host: Chánh Thanh tra tỉnh
    place: Trụ sở Tiếp công dân tỉnh
    opens: "08:00"
    closes: "11:00"
    rule: {kind: weekly, weekday: sa, if_closed: skip}
    rule_text: thứ Bảy hằng tuần, nếu là ngày làm việc
  - host: Giám đốc Sở Tư pháp
    place: Trụ sở Tiếp công dân tỉnh
    opens: "08:00"
    closes: "11:00"
    rule: {kind: monthly, day: 18, if_closed: previous_working_day}
    rule_text: ngày 18 hằng tháng; trùng ngày nghỉ thì tiếp vào ngày làm việc liền trước
"""


@pytest.fixture(scope="module")
def more_rules(tmp_path_factory) -> tuple[Path, Path]:
    """The default content with three more sessions that meet 2024's holidays and its working Saturday."""
    root = tmp_path_factory.mktemp("reception-rules") / "content"
    shutil.copytree(CONTENT, root)
    text = (root / "reception.yml").read_text(encoding="utf-8")
    (root / "reception.yml").write_text(text.replace("\noffice:", "\n" + HOLIDAY_RULES + "office:"), encoding="utf-8")
    return root, generated(root, root.parent / "out", NOW_2024)


def test_holidays_move_sessions_as_each_rule_says(more_rules):
    root, docs = more_rules
    found = events(docs / "lich" / "tiep-cong-dan.ics")
    sessions = reception(root)["sessions"]
    for index, session in enumerate(sessions, 1):
        mine = sorted(e.decoded("dtstart") for e in found if f"/buoi{index}-" in str(e["uid"]))
        want = expected(session["rule"], root, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
        opens = dt.time.fromisoformat(session["opens"])
        assert mine == [dt.datetime.combine(day, opens, ICT) for day, _ in want], session["host"]
    starts = {e.decoded("dtstart").date() for e in found}
    assert dt.date(2024, 1, 2) in starts and dt.date(2024, 1, 1) not in starts  # Tết Dương lịch
    assert dt.date(2024, 5, 2) in starts and dt.date(2024, 5, 1) not in starts  # 30/4 – 1/5
    assert dt.date(2024, 9, 4) in starts  # 01/09 Sunday, 02–03/09 Quốc khánh
    assert dt.date(2024, 4, 17) in starts and dt.date(2024, 4, 18) not in starts  # Giỗ Tổ, moved back


def test_a_working_saturday_counts_as_working(more_rules):
    root, docs = more_rules
    saturdays = [e.decoded("dtstart").date() for e in events(docs / "lich" / "tiep-cong-dan.ics")
                 if "/buoi3-" in str(e["uid"])]
    assert saturdays == [dt.date(2024, 5, 4)]  # the only Saturday worked in 2024 (holidays.yml)


def test_page_names_the_holiday_a_session_was_moved_for(more_rules):
    root, docs = more_rules
    html = BeautifulSoup((docs / "lich-tiep-cong-dan.md").read_text(encoding="utf-8"), "html.parser")
    notes = dict(page_rows(html, 3))
    assert notes[dt.date(2024, 4, 17)] == "Chuyển từ 18/04/2024 do trùng ngày nghỉ Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch)"
    assert dict(page_rows(html, 1))[dt.date(2024, 1, 2)].startswith("Chuyển từ 01/01/2024 do trùng ngày nghỉ Tết Dương lịch")
    skipped = html.select("section")[3].get_text(" ", strip=True)
    assert "Không tiếp" in skipped and "06/01/2024" in skipped  # a Saturday of the weekly rule, said, not dropped


def test_a_year_without_holidays_is_said_plainly(tmp_path: Path):
    docs = generated(CONTENT, tmp_path, dt.datetime(2026, 3, 1, 9, 0, tzinfo=ICT))
    html = BeautifulSoup((docs / "lich-tiep-cong-dan.md").read_text(encoding="utf-8"), "html.parser")
    warning = html.select_one(".admonition.warning").get_text(" ", strip=True)
    assert "2026" in warning and "2027" in warning and "chưa có danh sách ngày nghỉ" in warning
    days = [d for d, _ in page_rows(html)]
    assert days[0] == dt.date(2026, 3, 16) and len(days) == 12  # 15/03/2026 is a Sunday
    assert "Thứ Hai, 16/03/2026" in html.select_one(".cchc-glance").get_text(" ", strip=True)


def test_the_page_follows_the_moment_of_building(tmp_path: Path):
    """A session over by ``now`` is no longer the next one: the page is made again for another date."""
    docs = generated(CONTENT, tmp_path, dt.datetime(2024, 1, 15, 12, 0, tzinfo=ICT))
    html = BeautifulSoup((docs / "lich-tiep-cong-dan.md").read_text(encoding="utf-8"), "html.parser")
    assert "Thứ Năm, 15/02/2024" in html.select_one(".cchc-glance").get_text(" ", strip=True)
    rows = page_rows(html)  # a year ahead, up to 14/01/2025: the day's session is over, 15/01/2025 is a year on
    assert len(rows) == 11 and rows[0][0] == dt.date(2024, 2, 15) and rows[-1][0] == dt.date(2024, 12, 16)
    assert "Các buổi tiếp từ 15/01/2024 đến 14/01/2025" in html.select_one("table.cchc-reception caption").get_text()
    assert "2025" in html.select_one(".admonition.warning").get_text(" ", strip=True)


def test_the_preview_makes_the_schedule_again_when_the_date_changes(tmp_path: Path):
    """Outputs are memoised between rebuilds: the build's date is among their inputs, or the page would go stale."""
    paths = build.Paths(content=CONTENT, build=tmp_path / "build", site=tmp_path / "site")
    session = build.Session()
    build.generate(paths, NOW_2024, session)
    _, changed = build.generate(paths, dt.datetime(2024, 7, 1, 8, 0, tzinfo=ICT), session)
    assert {"lich-tiep-cong-dan.md", "lich/tiep-cong-dan.ics", "data/reception.json"} <= set(changed)
    html = BeautifulSoup((paths.docs / "lich-tiep-cong-dan.md").read_text(encoding="utf-8"), "html.parser")
    assert page_rows(html)[0][0] == dt.date(2024, 7, 15)
    assert events(paths.docs / "lich" / "tiep-cong-dan.ics")[0].decoded("dtstart").date() == dt.date(2024, 7, 15)


def test_a_site_without_reception_yml_says_so(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "reception.yml").unlink()
    (root / "holidays.yml").unlink()
    docs = generated(root, tmp_path, NOW_2024)
    assert "chưa có lịch tiếp công dân" in (docs / "lich-tiep-cong-dan.md").read_text(encoding="utf-8")
    assert not (docs / "lich" / "tiep-cong-dan.ics").exists()
    assert json.loads((docs / "data" / "reception.json").read_text(encoding="utf-8")) == []


# --------------------------------------------------------------------------- bad input, through the CLI


def _replace(name: str, old: str, new: str):
    def mutate(root: Path) -> int:
        text = (root / name).read_text(encoding="utf-8")
        assert old in text
        (root / name).write_text(text.replace(old, new, 1), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1
    return mutate


BAD = {
    "yaml-syntax": ("reception.yml", _replace("reception.yml", 'closes: "11:30"\n', 'closes: "11:30\n'),
                    None, "dấu ngoặc kép"),
    "bad-time": ("reception.yml", _replace("reception.yml", 'opens: "07:30"', 'opens: "7h30"'),
                 "giờ bắt đầu (sessions[0].opens)", "giờ:phút"),
    "day-32": ("reception.yml", _replace("reception.yml", "day: 15,", "day: 32,"),
               "ngày trong tháng", "nhỏ hơn hoặc bằng 31"),
    "unknown-rule-kind": ("reception.yml", _replace("reception.yml", "kind: monthly", "kind: yearly"),
                          "lịch định kỳ", "«monthly» (hằng tháng)"),
    "working-day-tuesday": ("holidays.yml", _replace("holidays.yml", "- date: 2024-05-04", "- date: 2024-05-07"),
                            "ngày làm bù thứ 1 › ngày (working_days[0].date)", "là Thứ Ba"),
    "holiday-twice": ("holidays.yml", _replace("holidays.yml", "- date: 2024-04-18", "- date: 2024-02-08"),
                      "ngày nghỉ lễ, tết thứ 9 › ngày (holidays[8].date)", "đã được ghi ở ngày nghỉ thứ 2"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_exits_1_at_its_line_in_vietnamese(case: str, tmp_path: Path):
    name, mutate, field, words = BAD[case]
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    line = mutate(root)
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    err = result.stdout + result.stderr
    assert result.returncode == 1, err
    assert "Traceback" not in err
    where = [text for text in err.splitlines() if text.startswith(f"{(root / name).as_posix()}:")]
    assert where, err
    if case != "yaml-syntax":  # libyaml reports an unclosed quote where it notices it, a line or two later
        assert any(text.startswith(f"{(root / name).as_posix()}:{line}:") for text in where), err
    assert any(words in text and (field is None or field in text) for text in where), err
    assert not re.search(r"Input should|Value error|Field required|expected", err), err
