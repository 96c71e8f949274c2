"""What journalists and re-users get: feeds, calendars and open data, parsed for real."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import feedparser
import jsonschema
import pytest
from icalendar import Calendar

from generator.kinds import news as news_kind
from tests.conftest import CONTENT, Built


def all_feeds(site: Built) -> list[Path]:
    return sorted(site.site.rglob("feed.xml")) + sorted(site.site.rglob("atom.xml"))


# Each category's and unit's address, written out by hand: marks dropped, Đ to d, words joined by hyphens
ADDRESSES = {
    "category": {"Chuyển đổi số": "chuyen-doi-so", "Chỉ số cải cách hành chính": "chi-so-cai-cach-hanh-chinh",
                 "Cải cách thủ tục hành chính": "cai-cach-thu-tuc-hanh-chinh",
                 "Tuyên truyền cải cách hành chính": "tuyen-truyen-cai-cach-hanh-chinh",
                 "Đối thoại doanh nghiệp": "doi-thoai-doanh-nghiep"},
    "unit": {"Sở Kế hoạch và Đầu tư": "so-ke-hoach-va-dau-tu", "Sở Nội vụ": "so-noi-vu",
             "Sở Thông tin và Truyền thông": "so-thong-tin-va-truyen-thong",
             "Trung tâm Phục vụ hành chính công tỉnh": "trung-tam-phuc-vu-hanh-chinh-cong-tinh",
             "UBND huyện Phong Thổ": "ubnd-huyen-phong-tho", "UBND huyện Than Uyên": "ubnd-huyen-than-uyen",
             "Văn phòng UBND tỉnh": "van-phong-ubnd-tinh"},
}


def test_a_feed_for_every_category_and_unit(default_site: Built):
    news = default_site.content["news"]
    for kind, key in (("chuyen-muc", "category"), ("don-vi", "unit")):
        names = {getattr(n.model, key) for n in news}
        assert names == set(ADDRESSES[key])
        for name in names:
            folder = default_site.site / "tin-tuc" / kind / ADDRESSES[key][name]
            rss = feedparser.parse((folder / "feed.xml").read_bytes())
            assert not rss.bozo
            expected = [n.model.title for n in news if getattr(n.model, key) == name]
            assert [e.title for e in rss.entries] == expected
            page = default_site.html(f"tin-tuc/{kind}/{ADDRESSES[key][name]}/")
            links = {(l["type"], l["href"]) for l in page.select("link[rel~=alternate]")}
            assert ("application/rss+xml", "feed.xml") in links and ("application/atom+xml", "atom.xml") in links
            visible = {a["href"] for a in page.select(".cchc-subscribe a")}
            assert visible == {"feed.xml", "atom.xml"}


def test_every_feed_is_valid_and_complete(default_site: Built):
    base = str(default_site.content.site.base_url)
    for path in all_feeds(default_site):
        raw = path.read_text(encoding="utf-8")
        parsed = feedparser.parse(raw.encode("utf-8"))
        assert not parsed.bozo, (path, parsed.bozo_exception)
        rel = path.relative_to(default_site.site).as_posix()
        self_links = [l.href for l in parsed.feed.links if l.rel == "self"]
        assert self_links == [base + rel], path
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)) and ids
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(base) and entry.get("author")
            assert entry.get("tags"), "every item carries its categories"
            assert entry.content[0].value.strip()
            # every link and image in the content is absolute
            for target in re.findall(r'(?:href|src)="([^"]*)"', entry.content[0].value):
                assert re.match(r"(https?|mailto|tel):", target), (path, target)
        if path.name == "feed.xml":
            assert "<channel>" in raw and "<title>" in raw and "<link>" in raw and "<description>" in raw
            assert all(re.search(r"\+0700$", d) for d in re.findall(r"<pubDate>(.*?)</pubDate>", raw))
            assert 'rel="self"' in raw and "atom:link" in raw
        else:
            assert all(d.endswith("+07:00") for d in re.findall(r"<(?:updated|published)>(.*?)</", raw))


@pytest.fixture
def editable(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def test_feed_carries_newest_n_items(editable: Path, tmp_path: Path):
    site_yml = editable / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("feed_items: 50", "feed_items: 3"),
                        encoding="utf-8")
    built = Built(editable, tmp_path / "out")
    parsed = feedparser.parse((built.site / "atom.xml").read_bytes())
    assert [e.title for e in parsed.entries] == [n.model.title for n in built.content["news"][:3]]


def test_enclosure_for_image_and_relative_links_made_absolute(editable: Path, tmp_path: Path):
    (editable / "assets").mkdir(exist_ok=True)
    (editable / "assets" / "anh.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 64)
    item = sorted((editable / "news").glob("*.md"))[-1]
    text = item.read_text(encoding="utf-8").replace(
        "image: null", 'image: {src: assets/anh.png, alt: "Ảnh hội nghị"}', 1)
    assert "assets/anh.png" in text
    item.write_text(text + "\n[Xem đường dây nóng](../duong-day-nong.md)\n", encoding="utf-8")
    built = Built(editable, tmp_path / "out")
    base = str(built.content.site.base_url)
    parsed = feedparser.parse((built.site / "feed.xml").read_bytes())
    entry = next(e for e in parsed.entries if e.link.endswith(item.stem + "/"))
    assert entry.enclosures[0].href == base + "assets/anh.png"
    assert entry.enclosures[0].type == "image/png"
    assert f'href="{base}duong-day-nong/"' in entry.content[0].value


def test_renaming_the_url_keeps_the_id(editable: Path, tmp_path: Path):
    before = Built(editable, tmp_path / "a")
    item = sorted((editable / "news").glob("*.md"))[0]
    ids_before = {e.title: e.id for e in feedparser.parse((before.site / "atom.xml").read_bytes()).entries}
    text = item.read_text(encoding="utf-8").replace("illustrative: true", "illustrative: true\nslug: duong-dan-moi", 1)
    item.write_text(text, encoding="utf-8")
    after = Built(editable, tmp_path / "b")
    entries = {e.title: e for e in feedparser.parse((after.site / "atom.xml").read_bytes()).entries}
    renamed = next(n for n in after.content["news"] if n.source.name == item.name)
    assert entries[renamed.model.title].link.endswith("/tin-tuc/duong-dan-moi/")
    assert (after.site / "tin-tuc" / "duong-dan-moi" / "index.html").is_file()
    assert {t: e.id for t, e in entries.items()} == ids_before


def test_drafts_and_future_items_stay_out(editable: Path, tmp_path: Path):
    items = sorted((editable / "news").glob("*.md"))
    draft, future = items[0], items[1]
    draft.write_text(draft.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8")
    future.write_text(re.sub(r"date: 2024-\d\d-\d\dT", "date: 2099-01-01T", future.read_text(encoding="utf-8")),
                      encoding="utf-8")
    built = Built(editable, tmp_path / "out")
    titles = {n.model.title for n in built.content["news"]}
    hidden = [re.search(r'title: "(.*)"', p.read_text(encoding="utf-8")).group(1) for p in (draft, future)]
    site_text = "".join(p.read_text(encoding="utf-8") for p in built.site.rglob("*.html"))
    feeds_text = "".join(p.read_text(encoding="utf-8") for p in all_feeds(built))
    for title in hidden:
        assert title not in titles
        assert title not in site_text and title not in feeds_text
    # the nightly build after the date publishes it
    later = Built.__new__(Built)
    from generator.pipeline import build
    later.paths = build.Paths(editable, tmp_path / "late" / "build", tmp_path / "late" / "site")
    later.content = build.build(later.paths, now=dt.datetime(2099, 1, 2, tzinfo=dt.timezone.utc))
    assert hidden[1] in {n.model.title for n in later.content["news"]}
    assert hidden[0] not in {n.model.title for n in later.content["news"]}


def test_calendar_has_an_event_per_due_date(default_site: Built):
    for entry in default_site.content["plans"]:
        cal = Calendar.from_ical((default_site.site / "lich" / f"{entry.id}.ics").read_bytes())
        events = cal.walk("VEVENT")
        expected = sorted((d, t.number) for t in entry.model.all_tasks() for d in t.due_dates())
        expected += sorted((d, "báo cáo") for r in entry.model.reporting for due in r.due for d in due.dates())
        assert len(events) == len(expected)
        assert sorted(e.decoded("dtstart") for e in events) == sorted(d for d, _ in expected)
        uids = [str(e["uid"]) for e in events]
        assert len(set(uids)) == len(uids)
        page_url = f"{default_site.content.site.base_url}ke-hoach/{entry.id}/"
        for event in events:
            assert str(event["url"]) == page_url
            assert "Chủ trì:" in str(event["description"]) or "Đơn vị báo cáo:" in str(event["description"])
        page = default_site.html(f"ke-hoach/{entry.id}/")
        assert page.select_one(f'a[href="../../lich/{entry.id}.ics"]') is not None


def _calendars(content: Path, out: Path) -> dict[str, dict[str, tuple[dt.date, str]]]:
    """Every event of every calendar the content gives, by file and UID: (start, summary)."""
    from generator.pipeline import build

    paths = build.Paths(content, out / "build", out / "site")
    build.generate(paths)
    return {path.name: {str(e["uid"]): (e.decoded("dtstart"), str(e["summary"]))
                        for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}
            for path in sorted((paths.docs / "lich").glob("*.ics"))}


PLAN = "ke-hoach-tuyen-truyen-cchc-lai-chau-2024"
TAG = "tag:laichau.gov.vn,2024-01-22:lich/"  # site.yml's id_authority and id_date, written out
SUBTASK = """      subtasks:
        - number: "13.1"
          content: "Mở chuyên mục hỏi đáp thủ tục hành chính trên Báo Lai Châu điện tử."
          lead: ["Báo Lai Châu"]
          coordinating: []
          result: "Chuyên mục hỏi đáp"
          deadline_text: "Trước ngày 20/12/2024"
          due: [{kind: date, date: 2024-12-20}]
          subtasks: []
    - number: "14"
"""


def test_calendar_uids_survive_edits(editable: Path, tmp_path: Path):
    """A calendar app updates an event by its UID: an edited title keeps it, an added item moves no other."""
    before = _calendars(editable, tmp_path / "a")
    plan = editable / "plans" / f"{PLAN}.yml"
    text = plan.read_text(encoding="utf-8")
    for old, new in (('      content: "Báo cáo kết quả công tác tuyên truyền cải cách hành chính."\n',
                      '      content: "Gửi báo cáo kết quả tuyên truyền cải cách hành chính về Sở Nội vụ."\n'),
                     ('      subtasks: []\n    - number: "14"\n', SUBTASK)):  # a row added above task 14
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    plan.write_text(text, encoding="utf-8")
    draft = editable / "drafts" / "du-thao-ke-hoach-tuyen-truyen-cchc-2025.yml"
    text = draft.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server") and "\ntitle: Dự thảo Kế hoạch tuyên truyền" in text
    draft.write_text(text.replace("\ntitle: Dự thảo Kế hoạch tuyên truyền", "\ntitle: Dự thảo sửa đổi Kế hoạch tuyên truyền"),
                     encoding="utf-8")
    (draft.parent / "du-thao-quy-che-tiep-nhan.yml").write_text(
        text.replace("\ntitle: Dự thảo Kế hoạch tuyên truyền", "\ntitle: Dự thảo Quy chế tiếp nhận ý kiến")
        .replace("closes: 2024-12-10", "closes: 2024-12-05"), encoding="utf-8")
    after = _calendars(editable, tmp_path / "b")

    assert set(after) == set(before)
    for name, events in before.items():  # every event that was there keeps its UID and its day
        for uid, (start, _) in events.items():
            assert uid in after[name] and after[name][uid][0] == start, (name, uid)
    tasks, drafts = after[f"{PLAN}.ics"], after["du-thao.ics"]
    # task 14, retitled: the same four UIDs, the new title
    for day in (dt.date(2024, 3, 16), dt.date(2024, 6, 16), dt.date(2024, 9, 16), dt.date(2024, 12, 16)):
        uid = f"{TAG}{PLAN}/nv14-{day:%Y%m%d}"
        assert before[f"{PLAN}.ics"][uid][1].startswith("Hạn nhiệm vụ 14 – Báo cáo kết quả công tác"), uid
        assert tasks[uid] == (day, "Hạn nhiệm vụ 14 – Gửi báo cáo kết quả tuyên truyền cải cách hành chính về "
                                   "Sở Nội vụ."), uid
    # the added row: one new event with its own UID
    assert set(tasks) - set(before[f"{PLAN}.ics"]) == {f"{TAG}{PLAN}/nv13-1-20241220"}
    # the retitled draft keeps its UID (its file's name), the added one has its own
    kept = f"{TAG}du-thao/du-thao-ke-hoach-tuyen-truyen-cchc-2025-20241210"
    assert before["du-thao.ics"][kept][1] == ("Hạn góp ý dự thảo – Dự thảo Kế hoạch tuyên truyền công tác cải cách "
                                               "hành chính nhà nước tỉnh Lai Châu năm 2025")
    assert drafts[kept][1].startswith("Hạn góp ý dự thảo – Dự thảo sửa đổi Kế hoạch tuyên truyền")
    assert set(drafts) - set(before["du-thao.ics"]) == {f"{TAG}du-thao/du-thao-quy-che-tiep-nhan-20241205"}


@pytest.mark.parametrize("name", ["procedures", "hotlines", "tasks", "indices", "news"])
def test_open_data_matches_its_schema_and_the_content(default_site: Built, name: str):
    data = json.loads((default_site.site / "data" / f"{name}.json").read_text(encoding="utf-8"))
    schema = json.loads((default_site.site / "data" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    content = default_site.content
    expected = {"procedures": len(content["procedures"]), "hotlines": len(content["hotlines"]),
                "tasks": sum(len(p.model.all_tasks()) for p in content["plans"]), "news": len(content["news"]),
                "indices": sum(len(s.results) for s in content["indices"][0].model.indices)}[name]
    assert len(data) == expected
    csv_path = default_site.site / "data" / f"{name}.csv"
    if name != "news":
        rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
        assert len(rows) == expected
    page = default_site.html("du-lieu-mo/")
    hrefs = {a["href"] for a in page.select("article a")}
    assert f"../data/{name}.json" in hrefs and f"../data/schema/{name}.schema.json" in hrefs
    assert "CC BY 4.0" in page.get_text()


def test_open_data_procedure_codes(default_site: Built):
    data = json.loads((default_site.site / "data" / "procedures.json").read_text(encoding="utf-8"))
    assert sorted(d["code"] for d in data) == sorted(p.model.code for p in default_site.content["procedures"])
    tasks = json.loads((default_site.site / "data" / "tasks.json").read_text(encoding="utf-8"))
    assert [t["number"] for t in tasks] == [t.number for t in default_site.content["plans"][0].model.all_tasks()]


def test_feed_id_comes_from_source_identity(default_site: Built):
    entry = default_site.content["news"][0]
    site = default_site.content.site
    assert news_kind.item_id(default_site.content, entry) == f"tag:{site.id_authority},{site.id_date}:tin-tuc/{entry.id}"
    assert news_kind.news_url(default_site.content, entry).endswith(f"/tin-tuc/{entry.id}/")
