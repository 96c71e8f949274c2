"""Lấy ý kiến dự thảo: the same content built at three moments, against content/drafts/*.yml.

Before its period a draft is upcoming, during it open (with the days left),
after it closed and in the archive; its page, du-thao/ and the "drafts"
dataset all say so, and only ``--now`` changes between the builds. The
calendar (icalendar) holds each closing day with the same UID whatever the
moment; the dataset validates against its published schema; bad input is
reported at its line with the field's Vietnamese name.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator import cli
from generator.pipeline import build
from tests.conftest import CONTENT, REPO

TZ = dt.timezone(dt.timedelta(hours=7))
DRAFTS = sorted((CONTENT / "drafts").glob("*.yml"))
FILE = f"drafts/{DRAFTS[0].name}"
SLUG = DRAFTS[0].stem
SOURCE = yaml.safe_load(DRAFTS[0].read_text(encoding="utf-8"))
OPENS, CLOSES = SOURCE["opens"], SOURCE["closes"]  # YAML reads them as dates
MOMENTS = {
    "before": dt.datetime.combine(OPENS - dt.timedelta(days=3), dt.time(9), TZ),
    "during": dt.datetime.combine(CLOSES - dt.timedelta(days=4), dt.time(9), TZ),
    "after": dt.datetime.combine(CLOSES + dt.timedelta(days=20), dt.time(9), TZ),
}
WORDS = {"before": "sắp mở", "during": "đang lấy ý kiến", "after": "đã hết hạn"}


class Site:
    """One build of the default content at a given moment."""

    def __init__(self, out: Path, now: dt.datetime):
        self.paths = build.Paths(content=CONTENT, build=out / "build", site=out / "site")
        self.content = build.build(self.paths, now)

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup((self.paths.site / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    def text(self, url: str) -> str:
        return " ".join(self.html(url).select_one("article").get_text(" ").split())


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Site]:
    return {name: Site(tmp_path_factory.mktemp(name), now) for name, now in MOMENTS.items()}


def test_the_content_draft_is_illustrative_and_open_at_some_moment_and_closed_later():
    assert SOURCE["illustrative"] is True and OPENS <= CLOSES


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_status_on_the_draft_page(sites: dict[str, Site], moment: str):
    page = sites[moment].html(f"du-thao/{SLUG}/")
    status = page.select_one('[data-glance="status"] dd')
    assert status.get_text(" ", strip=True).lower().startswith(WORDS[moment])
    text = sites[moment].text(f"du-thao/{SLUG}/")
    assert f"Từ {OPENS:%d/%m/%Y} đến hết ngày {CLOSES:%d/%m/%Y}" in text
    assert ("còn 4 ngày" in text) == (moment == "during")
    assert page.find("a", href=f"mailto:{SOURCE['comment']['email']}") is not None
    assert SOURCE["comment"]["postal"] in text and "dữ liệu minh họa" in text


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_status_on_the_drafts_page(sites: dict[str, Site], moment: str):
    page = sites[moment].html("du-thao/")
    item = page.find("a", href=f"{SLUG}/").find_parent("li")
    assert item["data-status"] == {"before": "upcoming", "during": "open", "after": "closed"}[moment]
    heading = item.find_previous("h2").get_text(strip=True)
    assert heading == {"before": "Sắp lấy ý kiến", "during": "Đang lấy ý kiến",
                       "after": "Đã hết hạn góp ý (lưu trữ)"}[moment]
    if moment == "during":
        assert "còn 4 ngày" in item.get_text(" ")
    if moment == "after":  # closed drafts stay, in the archive
        assert "Hiện không có dự thảo nào đang lấy ý kiến." in sites[moment].text("du-thao/")


@pytest.mark.parametrize("moment", MOMENTS)
def test_the_status_in_the_dataset(sites: dict[str, Site], moment: str):
    site = sites[moment].paths.site
    data = json.loads((site / "data" / "drafts.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads((site / "data" / "schema" / "drafts.schema.json").read_text(encoding="utf-8")))
    record = next(d for d in data if d["id"] == SLUG)
    assert record["status"] == WORDS[moment]
    assert record["title"] == SOURCE["title"] and record["closes"] == CLOSES.isoformat()
    assert record["file_bytes"] == (CONTENT / SOURCE["file"]).stat().st_size
    csv = (site / "data" / "drafts.csv").read_text(encoding="utf-8-sig")
    assert WORDS[moment] in csv


def test_the_file_is_served_with_its_real_size(sites: dict[str, Site]):
    site = sites["during"]
    source = CONTENT / SOURCE["file"]
    assert (site.paths.site / SOURCE["file"]).read_bytes() == source.read_bytes()
    link = site.html(f"du-thao/{SLUG}/").find("a", href=f"../../{SOURCE['file']}")
    assert link is not None and f"PDF, {round(source.stat().st_size / 1000)} kB" in link.get_text()


def test_the_calendar_holds_each_closing_day_with_stable_uids(sites: dict[str, Site]):
    texts = {name: (s.paths.site / "lich" / "du-thao.ics").read_bytes() for name, s in sites.items()}
    assert len(set(texts.values())) == 1  # the moment of building changes no byte of it
    cal = icalendar.Calendar.from_ical(texts["during"])
    events = cal.walk("VEVENT")
    assert len(events) == len(DRAFTS)
    event = events[0]
    assert event.decoded("dtstart") == CLOSES and event.decoded("dtend") == CLOSES + dt.timedelta(days=1)
    assert SOURCE["title"] in str(event["summary"])
    assert str(event["uid"]).startswith("tag:") and SLUG in str(event["uid"])
    assert str(event["url"]) == f"{sites['during'].content.site.base_url}du-thao/{SLUG}/"
    assert sites["during"].html("du-thao/").find("a", href="../lich/du-thao.ics") is not None


def test_the_status_flips_at_the_end_of_the_closing_day_in_one_session():
    """The live preview's memo: the same session, only ``now`` moves, and the page follows."""
    paths = build.Paths(content=CONTENT, build=Path("/nonexistent"), site=Path("/nonexistent"))
    session = build.Session()

    def page(now: dt.datetime) -> str:
        outputs = build.render_checked(paths, now, session)[1]
        return next(o.text for o in outputs if o.path == f"du-thao/{SLUG}.md")

    last = dt.datetime.combine(CLOSES, dt.time(23, 59, 59), TZ)
    assert "hôm nay là ngày cuối" in page(last)
    assert 'data-status="closed"' in page(last + dt.timedelta(seconds=1))
    assert 'data-status="upcoming"' in page(dt.datetime.combine(OPENS, dt.time(), TZ) - dt.timedelta(seconds=1))
    assert 'data-status="open"' in page(dt.datetime.combine(OPENS, dt.time(), TZ))


# --------------------------------------------------------------------------- scaffold, result and bad input

@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_a_result_is_shown_once_written(content: Path):
    path = content / FILE
    path.write_text(path.read_text(encoding="utf-8") + "result: |\n  Đã nhận **12** ý kiến góp ý.\n",
                    encoding="utf-8")
    outputs = build.render_checked(build.Paths(content, content.parent / "b", content.parent / "s"),
                                   MOMENTS["after"])[1]
    page = next(o.text for o in outputs if o.path == f"du-thao/{SLUG}.md")
    assert 'id="ket-qua"' in page and "Đã nhận <strong>12</strong> ý kiến góp ý." in page


def test_new_draft_scaffold_validates_once_filled(content: Path, capsys):
    assert cli.main(["new", "draft", "Dự thảo Quyết định về quy chế một cửa", "--content", str(content)]) == 0
    made = content / "drafts" / "du-thao-quyet-dinh-ve-quy-che-mot-cua.yml"
    text = made.read_text(encoding="utf-8")
    assert "# hạn góp ý (bắt buộc)" in text and "# cách gửi góp ý (bắt buộc)" in text
    assert cli.main(["validate", "--content", str(content)]) == 1
    capsys.readouterr()
    filled = (text.replace('drafting_agency: ""', "drafting_agency: Sở Nội vụ")
              .replace("summary: |\n  \n", "summary: Tóm tắt.\n").replace('closes: ""', "closes: 2099-01-31")
              .replace("url: null", "url: https://example.org/du-thao")
              .replace("  email: null", "  email: gopy@example.org"))
    made.write_text(filled, encoding="utf-8")
    assert cli.main(["validate", "--content", str(content)]) == 0, capsys.readouterr().err


def _replace(root: Path, old: str, new: str) -> int:
    path = root / FILE
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[: text.index(new.split("\n")[0])].count("\n") + 1 if new else text.count("\n")


BAD = [
    ("yaml-syntax", "type: Kế hoạch", "type: Kế hoạch: năm 2025", "dấu hai chấm", ""),
    ("title-not-text", f"title: {SOURCE['title']}", "title: [a, b]", "văn bản", "tên dự thảo (title)"),
    ("opens-not-a-date", "opens: 2024-11-20", "opens: sắp tới", "ngày không hợp lệ",
     "ngày bắt đầu lấy ý kiến (opens)"),
    ("closes-impossible", "closes: 2024-12-10", "closes: 31/11/2024", "không có thật", "hạn góp ý (closes)"),
    ("closes-before-opens", "closes: 2024-12-10", "closes: 19/11/2024", "trước ngày bắt đầu lấy ý kiến 20/11/2024",
     "hạn góp ý (closes)"),
    ("no-way-to-comment", f"comment:\n  email: {SOURCE['comment']['email']}\n  postal: {SOURCE['comment']['postal']}",
     "comment: {}", "cần ít nhất một cách gửi góp ý", "cách gửi góp ý (comment)"),
    ("email-wrong", f"  email: {SOURCE['comment']['email']}", "  email: gop y@", "không phải địa chỉ thư điện tử",
     "cách gửi góp ý › thư điện tử nhận góp ý (comment.email)"),
    ("file-missing", f"file: {SOURCE['file']}", "file: assets/du-thao/khong-co.pdf", "không có tệp",
     "tệp dự thảo (file)"),
    ("file-outside-assets", f"file: {SOURCE['file']}", "file: ../site.yml", "thư mục assets/", "tệp dự thảo (file)"),
    ("illustrative-not-bool", "illustrative: true", "illustrative: có lẽ", "true", "dữ liệu minh họa (illustrative)"),
]


@pytest.mark.parametrize("case", BAD, ids=lambda c: c[0])
def test_bad_draft_is_reported_at_its_line(case, content: Path, capsys):
    _, old, new, words, field = case
    line = _replace(content, old, new)
    status = cli.main(["validate", "--content", str(content)])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    at = [text for text in err.splitlines() if text.startswith(f"{(content / FILE).as_posix()}:{line}:")]
    assert any(words in text and field in text for text in at), err


def test_neither_file_nor_address_is_an_error(content: Path, capsys):
    _replace(content, f"file: {SOURCE['file']}\n", "")
    assert cli.main(["validate", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert "địa chỉ dự thảo trên trang chính thức (url)" in err and "cần tệp dự thảo (file)" in err


def test_every_error_at_once_in_a_real_process(content: Path):
    _replace(content, "closes: 2024-12-10", "closes: 2024-11-01")
    _replace(content, f"  email: {SOURCE['comment']['email']}", "  email: khong-phai-email")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "hạn góp ý (closes)" in result.stderr and "comment.email" in result.stderr
