"""Is the agency keeping its plan? Progress pages, statuses at --now, quotas, open data, bad input (issue 14).

Every expected figure is worked out here from the content's own files (the
news items' dates, the quota's rule, the progress entries), never from the
generator's code, and compared with the built pages and the open data.
"""

from __future__ import annotations

import calendar
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
from tests.conftest import CONTENT, EXAMPLES, REPO

LANG_SON = EXAMPLES / "so-ldtbxh-lang-son"
LS_PLAN = "ke-hoach-28-kh-sldtbxh-2024"
LC_PLAN = "ke-hoach-tuyen-truyen-cchc-lai-chau-2024"
LS_NOW = dt.datetime(2024, 6, 15, 12, 0, tzinfo=TZ)
LC_NOW = dt.datetime(2024, 9, 5, 12, 0, tzinfo=TZ)


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def news_dates(root: Path) -> dict[str, dt.date]:
    """Every news item's day in Vietnam, by its file's stem, read from the files."""
    found = {}
    for path in sorted((root / "news").glob("*.md")):
        meta = front(path)
        if meta.get("draft"):
            continue
        when = meta["date"]
        when = when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(str(when))
        found[path.stem] = (when if when.tzinfo else when.replace(tzinfo=TZ)).astimezone(TZ).date()
    return found


@pytest.fixture(scope="module")
def lang_son(tmp_path_factory):
    out = tmp_path_factory.mktemp("ls")
    paths = build.Paths(LANG_SON, out / "build", out / "site")
    build.build(paths, LS_NOW)
    return paths


@pytest.fixture(scope="module")
def lai_chau(tmp_path_factory):
    out = tmp_path_factory.mktemp("lc")
    paths = build.Paths(CONTENT, out / "build", out / "site")
    build.build(paths, LC_NOW)
    return paths


def page(paths: build.Paths, url: str) -> BeautifulSoup:
    return BeautifulSoup((paths.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def monthly_expected(root: Path, now: dt.datetime) -> dict[int, tuple[int, str]]:
    """Lạng Sơn's quota (4 a month on this site, every unit and category): (published, state) by month, from the
    first month that ends after the plan was signed (29/02/2024: March)."""
    plan = yaml.safe_load((root / "plans" / f"{LS_PLAN}.yml").read_text(encoding="utf-8"))
    quota = plan["quotas"][0]
    assert quota["per"] == "month" and quota["counts"] == {"channel": "trang-tin-so"}
    assert "trang-tin-so" in yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))["channels"]
    today = now.date()
    found = {}
    signed = plan["date"]
    for month in range(1, 13):
        start, end = dt.date(2024, month, 1), dt.date(2024, month, calendar.monthrange(2024, month)[1])
        if end <= signed:
            continue
        n = sum(1 for day in news_dates(root).values() if start <= day <= end and day <= today)
        state = ("Chưa đến kỳ" if start > today else "Đạt" if n >= quota["count"]
                 else "Không đạt" if end < today else "Đang trong kỳ")
        found[month] = (n, state)
    return found


def test_quota_table_chart_and_data_match_the_news(lang_son):
    expected = monthly_expected(LANG_SON, LS_NOW)
    assert {s for _, s in expected.values()} >= {"Đạt", "Không đạt", "Đang trong kỳ", "Chưa đến kỳ"}
    soup = page(lang_son, f"ke-hoach/{LS_PLAN}/tien-do/")
    rows = soup.select("table.cchc-quota tbody tr")
    assert len(rows) == len(expected) == 10  # March to December: the plan was signed on 29/02/2024
    for month, row in zip(sorted(expected), rows):
        cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
        assert cells[0] == f"Tháng {month:02d}/2024"
        assert (int(cells[2]), cells[3]) == expected[month], month
        assert cells[1] == "4"
        links = row.select("td li a")
        assert len(links) == expected[month][0]
        for a in links:  # every item counted links to its page on this site
            assert (lang_son.site / Path(f"ke-hoach/{LS_PLAN}/tien-do/" + a["href"]).as_posix() / "index.html"
                    ).resolve().is_file()
    # the chart: one bar per month begun, its number the table's, the quota line at 4; title says the same
    svg = soup.select_one("figure.cchc-chart svg")
    assert svg["role"] == "img" and svg.select_one("title").get_text()
    bars = svg.select("rect.cchc-chart__bar")
    begun = [m for m, (_, s) in expected.items() if s != "Chưa đến kỳ"]
    assert len(bars) == len(begun)
    values = [t.get_text() for t in svg.select("text") if t.get("y") != "168" and t.get("x") != "2"]
    assert [int(v) for v in values] == [expected[m][0] for m in begun]
    for m in begun:
        assert f"tháng {m:02d}/2024 {expected[m][0]}" in svg.select_one("title").get_text()
    heights = [float(b["height"]) for b in bars]
    line = float(svg.select_one(".cchc-chart__quota")["y1"])
    for bar, m in zip(bars, begun):  # a bar reaches the quota line exactly when its month has 4
        top = float(bar["y"])
        assert (top <= line) == (expected[m][0] >= 4)
    assert heights[begun.index(3)] > 0
    # open data: the same counts, valid against the published schema
    data = json.loads((lang_son.site / "data/quota-periods.json").read_text(encoding="utf-8"))
    schema = json.loads((lang_son.site / "data/schema/quota-periods.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    mine = [r for r in data if r["plan_id"] == LS_PLAN]
    assert [(r["published"], r["state"]) for r in mine] == [expected[m] for m in sorted(expected)]
    assert all(r["as_of"] == "2024-06-15" for r in mine)
    # the plan page and the home page say the current month in one line
    june = expected[6][0]
    summary = page(lang_son, f"ke-hoach/{LS_PLAN}/").select_one(".cchc-progress-summary").get_text(" ", strip=True)
    assert f"tháng 06/2024: {june}/4" in summary
    assert page(lang_son, f"ke-hoach/{LS_PLAN}/").select_one(".cchc-progress-summary a[href='tien-do/']")
    home = page(lang_son, "").select_one(f"a[href='ke-hoach/{LS_PLAN}/tien-do/']").parent.get_text(" ", strip=True)
    assert f"tháng 06/2024 {june}/4 tin" in home


def lai_chau_states(root: Path, now: dt.date) -> dict[str, str]:
    """Each Lai Châu task's state, by the rules the page states, from the plan and the progress file."""
    plan = yaml.safe_load((root / "plans" / f"{LC_PLAN}.yml").read_text(encoding="utf-8"))
    entries = yaml.safe_load((root / "progress" / f"{LC_PLAN}.yml").read_text(encoding="utf-8"))["entries"]
    states = {}
    for task in plan["appendix"]["tasks"]:
        mine = sorted((e for e in entries if e["task"] == task["number"] and e["date"] <= now), key=lambda e: e["date"])
        dues = sorted(dt.date(d["year"], q * 3, d["day"]) for d in task["due"] if d["kind"] == "quarterly"
                      for q in d["quarters"])
        done = [e["date"] for e in mine if e["status"] == "đã hoàn thành"]
        if not dues:
            ongoing = any(d["kind"] == "ongoing" for d in task["due"])
            states[task["number"]] = "Thường xuyên" if ongoing else "Đã hoàn thành" if done else "Chưa có hạn cụ thể"
            continue
        open_dues = dues[len(done):]  # the file's done entries are one per deadline, in order
        if not open_dues:
            states[task["number"]] = "Đã hoàn thành"
        elif open_dues[0] < now:
            states[task["number"]] = "Quá hạn"
        else:
            states[task["number"]] = "Sắp đến hạn" if (open_dues[0] - now).days <= 14 else "Đúng tiến độ"
    return states


def task_rows(soup: BeautifulSoup) -> dict[str, list[str]]:
    return {r.select_one("th").get_text(strip=True): [c.get_text(" ", strip=True) for c in r.select("td")]
            for r in soup.select("tr.cchc-progress__task")}


def test_lai_chau_tasks_statuses_evidence_and_data(lai_chau):
    expected = lai_chau_states(CONTENT, LC_NOW.date())
    soup = page(lai_chau, f"ke-hoach/{LC_PLAN}/tien-do/")
    rows = task_rows(soup)
    assert len(rows) == 14
    assert {n: r[1] for n, r in rows.items()} == expected
    assert "dữ liệu minh họa" in soup.get_text()
    entries = yaml.safe_load((CONTENT / "progress" / f"{LC_PLAN}.yml").read_text(encoding="utf-8"))["entries"]
    assert len({e["task"] for e in entries}) >= 6
    for number in {e["task"] for e in entries}:
        mine = sorted((e for e in entries if e["task"] == number and e["date"] <= LC_NOW.date()),
                      key=lambda e: e["date"])
        if not mine:
            continue
        assert mine[-1]["text"] in rows[number][3]
        row = soup.select_one(f"tr#nhiem-vu-{number}")
        linked = {a["href"].rstrip("/").rsplit("/", 1)[1] for a in row.select("td li a")}
        assert {n for e in mine for n in e.get("evidence", {}).get("news", [])} <= linked
    # open data
    data = json.loads((lai_chau.site / "data/task-status.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((lai_chau.site / "data/schema/task-status.schema.json").read_text("utf-8")))
    assert {r["number"]: r["state"] for r in data if r["plan_id"] == LC_PLAN} == expected
    # the next deadlines start with the nearest one still to come
    first = soup.select_one("#han-sap-toi + ul li time")
    assert first["datetime"] == "2024-09-16"


def generate(content: Path, out: Path, now: dt.datetime, plan: str = LC_PLAN) -> BeautifulSoup:
    paths = build.Paths(content, out / "build", out / "site")
    build.generate(paths, now)
    text = (paths.docs / f"ke-hoach/{plan}/tien-do.md").read_text(encoding="utf-8")
    return BeautifulSoup(text.split("---", 2)[2], "html.parser")


def test_a_task_turns_overdue_when_now_passes_its_deadline_and_back_when_done(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    # task 14 is due on 16/9 (a quarterly report) and the file has no «done» entry for it
    before = task_rows(generate(content, tmp_path / "a", dt.datetime(2024, 9, 5, tzinfo=TZ)))
    after = task_rows(generate(content, tmp_path / "b", dt.datetime(2024, 9, 20, tzinfo=TZ)))
    assert before["14"][1] == "Sắp đến hạn" and before["14"][2] == "16/09/2024"
    assert after["14"][1] == "Quá hạn"
    progress = content / "progress" / f"{LC_PLAN}.yml"
    progress.write_text(progress.read_text(encoding="utf-8") + (
        '  - task: "14"\n    date: 2024-09-18\n    status: đã hoàn thành\n    text: "Gửi báo cáo quý III."\n'),
        encoding="utf-8")
    again = task_rows(generate(content, tmp_path / "c", dt.datetime(2024, 9, 20, tzinfo=TZ)))
    assert again["14"][1] == "Đúng tiến độ" and again["14"][2] == "16/12/2024"


@pytest.mark.parametrize("now, state", [
    # task 14's next deadline is 16/09/2024; the day is Vietnam's (+07:00), whatever the hour
    (dt.datetime(2024, 9, 1, 12, 0, tzinfo=TZ), "Đúng tiến độ"),   # 15 days before
    (dt.datetime(2024, 9, 2, 0, 30, tzinfo=TZ), "Sắp đến hạn"),    # 14 days before (still 1/9 in UTC)
    (dt.datetime(2024, 9, 16, 23, 30, tzinfo=TZ), "Sắp đến hạn"),  # the deadline day itself: due today, not late
    (dt.datetime(2024, 9, 17, 0, 30, tzinfo=TZ), "Quá hạn"),       # the day after (still 16/9 in UTC)
], ids=["15-days-before", "14-days-before", "deadline-day", "day-after"])
def test_a_task_is_due_soon_for_14_days_and_overdue_only_after_its_deadline_day(tmp_path, now, state):
    row = task_rows(generate(CONTENT, tmp_path, now))["14"]
    assert (row[1], row[2]) == (state, "16/09/2024")


# Three items added to Lạng Sơn's news at the edges of a day: each counts on its day in Vietnam
EDGE_ITEMS = {
    "2024-06-30-bien-thang-sau": ("2024-06-30T23:30:00+07:00", "Tháng 06/2024", "Quý II/2024"),  # last day, late
    "2024-07-01-dau-quy-ba": ("2024-07-01T06:30:00+07:00", "Tháng 07/2024", "Quý III/2024"),     # 30/6 in UTC
    "2024-08-31-cuoi-thang-tam": ("2024-08-31T06:30:00+07:00", "Tháng 08/2024", "Quý III/2024"),  # 30/8 in UTC
}
QUARTERLY = """  - count: 10
    per: quarter
    what: "tin, bài về CCHC"
    channel: "Trang thông tin điện tử của Sở"
    responsible: null
    text: "Mỗi quý có ít nhất 10 tin, bài về CCHC trên trang thông tin điện tử của Sở."
    counts:
      channel: trang-tin-so
recipients:
"""


def test_a_news_item_counts_in_its_month_and_quarter_in_vietnam_time(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(LANG_SON, content)
    plan = content / "plans" / f"{LS_PLAN}.yml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("\nrecipients:\n") == 1
    plan.write_text(text.replace("\nrecipients:\n", "\n" + QUARTERLY), encoding="utf-8")
    model = next((content / "news").glob("*.md")).read_text(encoding="utf-8")
    for stem, (when, _, _) in EDGE_ITEMS.items():
        item = re.sub(r"(?m)^date: .*$", f"date: {when}", model, count=1)
        item = re.sub(r'(?m)^title: .*$', f'title: "Tin thử {stem}"', item, count=1)
        (content / "news" / f"{stem}.md").write_text(item, encoding="utf-8")
    now = dt.datetime(2024, 10, 5, 12, 0, tzinfo=TZ)
    soup = generate(content, tmp_path / "out", now, LS_PLAN)
    monthly, quarterly = soup.select("table.cchc-quota")
    listed: dict[str, set[str]] = {}
    for table in (monthly, quarterly):
        for row in table.select("tbody tr"):
            hrefs = {a["href"].rstrip("/").rsplit("/", 1)[-1].removesuffix(".md") for a in row.select("td li a")}
            assert int(row.select("td")[1].get_text(strip=True)) == len(hrefs)
            listed[row.select_one("th").get_text(strip=True)] = hrefs
    for stem, (_, month, quarter) in EDGE_ITEMS.items():
        assert {period for period, items in listed.items() if stem in items} == {month, quarter}, stem
    expected = monthly_expected(content, now)
    assert {int(label[6:8]): len(items) for label, items in listed.items() if label.startswith("Tháng")} == \
        {month: n for month, (n, _) in expected.items()}


def validate(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)], cwd=REPO,
                          capture_output=True, text=True)


GOOD = '  - task: "4"\n    date: 2024-05-02\n    status: đang thực hiện\n    text: "Ví dụ."\n'


@pytest.mark.parametrize("name, added, field, words", [
    # the entry's place as validation names it: «các lần cập nhật thứ 13 › nhiệm vụ (entries[12].task)»
    ("unknown task", GOOD.replace('"4"', '"15"'), "› nhiệm vụ (entries[", "].task)»: kế hoạch không có nhiệm vụ số «15»"),
    ("missing news", GOOD + "    evidence:\n      news: [khong-co-tin-nay]\n",
     "› minh chứng › tin trên trang thứ 1 (entries[", "].evidence.news[0])»: không có tin «khong-co-tin-nay»"),
    ("dropped without reason", GOOD.replace("đang thực hiện", "không thực hiện"), "", "cần ghi lý do"),
    ("unknown status", GOOD.replace("đang thực hiện", "xong rồi"), "tình trạng", "«xong rồi»"),
    ("bad date", GOOD.replace("2024-05-02", "31/02/2024"), "ngày", "«31/02/2024»"),
])
def test_bad_progress_fails_with_file_line_and_field(tmp_path, name, added, field, words):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    progress = content / "progress" / f"{LC_PLAN}.yml"
    text = progress.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    progress.write_text(text + added, encoding="utf-8")
    result = validate(content)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    shown = re.search(rf"progress/{LC_PLAN}\.yml:(\d+)", result.stderr)
    assert shown, result.stderr
    assert line <= int(shown[1]) <= line + 5
    assert field in result.stderr and words in result.stderr


def test_a_progress_file_for_no_plan_and_a_news_task_that_does_not_exist(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "progress" / "ke-hoach-khong-co.yml").write_text("illustrative: true\nentries: []\n", encoding="utf-8")
    news = content / "news" / "2024-04-16-hoi-nghi-giai-phap-nang-cao-chi-so-cchc.md"
    text = news.read_text(encoding="utf-8").replace("illustrative:", f'tasks: ["{LC_PLAN}#99"]\nillustrative:', 1)
    news.write_text(text, encoding="utf-8")
    line = text.split("\n").index(f'tasks: ["{LC_PLAN}#99"]') + 1
    result = validate(content)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "progress/ke-hoach-khong-co.yml:1" in result.stderr and "không có kế hoạch" in result.stderr
    assert f"{news.name}:{line}" in result.stderr and "nhiệm vụ thực hiện (tasks)" in result.stderr
    assert "không có nhiệm vụ số «99»" in result.stderr


def test_items_published_elsewhere_count_by_their_link(tmp_path):
    """Sóc Trăng's quotas are on the province's pages, not this site: progress links with their channel count."""
    root = EXAMPLES / "so-tttt-soc-trang"
    plan_id = "ke-hoach-10-kh-stttt-2024"
    now = dt.datetime(2024, 7, 5, 8, 0, tzinfo=TZ)
    paths = build.Paths(root, tmp_path / "build", tmp_path / "site")
    build.build(paths, now)
    plan = yaml.safe_load((root / "plans" / f"{plan_id}.yml").read_text(encoding="utf-8"))
    entries = yaml.safe_load((root / "progress" / f"{plan_id}.yml").read_text(encoding="utf-8"))["entries"]
    links = {(link["url"], link["channel"], link["date"]) for e in entries
             for link in (e.get("evidence") or {}).get("links", []) if link.get("channel")}
    own = yaml.safe_load((root / "site.yml").read_text(encoding="utf-8"))["channels"]  # this site: its news count
    soup = page(paths, f"ke-hoach/{plan_id}/tien-do/")
    tables = soup.select("table.cchc-quota")
    assert len(tables) == len(plan["quotas"]) == 3
    for quota, table in zip(plan["quotas"], tables):
        channel = quota["counts"]["channel"]
        for row in table.select("tbody tr"):
            cells = [c.get_text(" ", strip=True) for c in row.select("th, td")]
            if quota["per"] == "quarter":
                q = "I II III IV".split().index(cells[0].split()[1].split("/")[0]) + 1
                start, last = dt.date(2024, q * 3 - 2, 1), q * 3
            else:
                last = int(cells[0].split()[1].split("/")[0])
                start = dt.date(2024, last, 1)
            end = dt.date(2024, last, calendar.monthrange(2024, last)[1])
            n = sum(1 for _, c, day in links if c == channel and start <= day <= end)
            n += sum(1 for day in news_dates(root).values() if start <= day <= min(end, now.date())) if channel in own else 0
            state = ("Chưa đến kỳ" if start > now.date() else "Đạt" if n >= quota["count"]
                     else "Không đạt" if end < now.date() else "Đang trong kỳ")
            assert (int(cells[2]), cells[3]) == (n, state), (channel, cells)
            if channel not in own:  # each item published elsewhere links to where it was published
                assert {a["href"] for a in row.select("td li a")} == {u for u, c, d in links
                                                                      if c == channel and start <= d <= end}
    # the second quota (the province's page on Zalo) has nothing in the second quarter: not met
    assert [c.get_text(strip=True) for c in tables[1].select("tbody tr")[1].select("td")][2] == "Không đạt"
