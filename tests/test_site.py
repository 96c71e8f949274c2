"""The default site, built for real, checked against its content files."""

from __future__ import annotations

import datetime as dt
import filecmp
import re
import unicodedata
from pathlib import Path

import feedparser
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from pydantic import ValidationError

from generator.kinds import news as news_kind, procedures as procedure_kind
from generator.pipeline.registry import KINDS
from generator.core.vietnamese import TZ, format_date
from tests.conftest import CONTENT, Built


def squash(text: str) -> str:
    """Whitespace folded, Markdown emphasis and list markers removed: text as a reader sees it."""
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"^\s*- ", "", text, flags=re.M)
    return " ".join(text.split())


def test_every_page_type_exists(default_site: Built):
    site = default_site.site
    content = default_site.content
    for path in ["index.html", "ke-hoach/index.html", "thu-tuc/index.html", "duong-day-nong/index.html",
                 "tin-tuc/index.html", "chi-so/index.html", "feed.xml", "atom.xml"]:
        assert (site / path).is_file(), path
    for plan in content["plans"]:
        assert (site / "ke-hoach" / plan.id / "index.html").is_file()
    for proc in content["procedures"]:
        assert (site / "thu-tuc" / proc.id / "index.html").is_file()
    for news in content["news"]:
        assert (site / "tin-tuc" / news.id / "index.html").is_file()
    assert len(content["procedures"]) >= 20 and len(content["news"]) >= 12


def test_plan_page_has_every_task(default_site: Built):
    plan_entry = default_site.content["plans"][0]
    plan = plan_entry.model
    page = default_site.html(f"ke-hoach/{plan_entry.id}/")
    rows = page.select("table.cchc-tasks tbody tr")
    assert len(rows) == len(plan.all_tasks()) == 14
    for row, task in zip(rows, plan.all_tasks()):
        cells = row.find_all(["th", "td"])
        assert cells[0].get_text(strip=True) == task.number
        assert squash(cells[1].get_text(" ")) == squash(task.content)
        named = default_site.content.shared["agencies"]  # as the site names each agency today (agencies.yml)
        assert cells[2].get_text(" ", strip=True) == "; ".join(named.get(name, name) for name in task.lead)
        assert cells[3].get_text(" ", strip=True) == "; ".join(named.get(name, name) for name in task.coordinating)
        assert (task.deadline_text or "") in cells[5].get_text(" ")
        for due in task.due_dates():
            assert row.find("time", attrs={"datetime": due.isoformat()}) is not None
            assert format_date(due) in cells[5].get_text()
    text = default_site.text(f"ke-hoach/{plan_entry.id}/")
    assert plan.issuer.upper() in text and plan.signer.name in text
    assert plan.date_text in text


def test_plan_page_keeps_every_section_in_order(default_site: Built):
    plan_entry = default_site.content["plans"][0]
    page = default_site.html(f"ke-hoach/{plan_entry.id}/")
    headings = [" ".join(h.get_text(" ").split()) for h in page.select(".cchc-plan-sections h2")]
    expected = [f"{s.number}. {s.title}" for s in plan_entry.model.sections]
    assert headings == expected


def test_every_procedure_page_carries_its_fields(default_site: Built):
    for entry in default_site.content["procedures"]:
        proc = entry.model
        page = default_site.html(f"thu-tuc/{entry.id}/")
        text = " ".join(page.get_text(" ").split())
        assert page.find("h1").get_text(strip=True) == proc.name
        for value in [proc.code, proc.field, proc.agency, proc.result]:
            assert " ".join(value.split()) in text, value
        for method in proc.methods:
            assert method.time_limit in text and method.fees in text
        labels = [" ".join(li.get_text(" ").split()) for li in page.select("ul.cchc-checklist li")]
        assert len(labels) == len(proc.documents)
        for label, doc in zip(labels, proc.documents):
            assert label.startswith(doc.name)
        assert len(page.select("ul.cchc-checklist input[type=checkbox]")) == len(proc.documents)
        submit = page.select_one("a.cchc-submit")
        assert (submit is not None) == (proc.online_level.value != "không trực tuyến"), proc.code


def test_procedure_help_gives_the_hotline_for_its_level(default_site: Built):
    """Province-level procedures: the service centre's line; district and commune ones: the control office's."""
    hotlines = {h.id: h.model for h in default_site.content["hotlines"]}
    main = default_site.content.main_hotline.model
    for entry in default_site.content["procedures"]:
        levels = {level.value for level in entry.model.levels}
        expected = (hotlines["trung-tam-phuc-vu-hanh-chinh-cong"] if "tỉnh" in levels
                    else hotlines["van-phong-ubnd-kiem-soat-tthc"] if levels & {"huyện", "xã"} else main)
        contact = default_site.html(f"thu-tuc/{entry.id}/").select_one(".cchc-contact")
        assert expected.name in contact.get_text(), entry.id
        assert [a["href"] for a in contact.select("a.cchc-call__button")] == [f"tel:{c.tel}" for c in expected.phones()]


def test_checklist_says_each_thing_once(default_site: Built):
    """ "1 bản chính", not "1 bản chính. Bản chính": a note the quantity already says is left out."""
    for entry in default_site.content["procedures"]:
        labels = default_site.html(f"thu-tuc/{entry.id}/").select("ul.cchc-checklist label")
        for doc, label in zip(entry.model.documents, labels, strict=True):
            text = " ".join(label.get_text(" ").split()).lower()
            if doc.note:
                assert text.count(" ".join(doc.note.split()).lower()) == 1, (entry.id, text)


def test_named_forms_link_to_their_files(content_copy, build_site):
    (content_copy / "assets" / "mau").mkdir(parents=True)
    (content_copy / "assets" / "mau" / "to-khai-khai-sinh.pdf").write_bytes(b"%PDF-1.4 mau")
    source = content_copy / "procedures" / "1.001193.yml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("  form: Theo mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP\n",
                        "  form: Theo mẫu ban hành kèm theo Thông tư số 04/2020/TT-BTP\n"
                        "  form_url: assets/mau/to-khai-khai-sinh.pdf\n", 1)
    source.write_text(text, encoding="utf-8")
    built = build_site(content_copy)
    links = built.html("thu-tuc/1.001193/").select(".cchc-checklist .cchc-form a[href]")
    assert len(links) == 1 and "Thông tư số 04/2020/TT-BTP" in links[0].get_text()
    assert (built.site / "thu-tuc" / "1.001193" / links[0]["href"]).resolve().read_bytes() == b"%PDF-1.4 mau"
    # the other papers name no form: nothing else in the checklist is a link
    assert len(built.html("thu-tuc/1.001193/").select(".cchc-checklist a[href]")) == 1


def test_a_form_file_is_a_web_address_or_in_assets():
    for good in ("assets/mau/to-khai.pdf", "https://dichvucong.gov.vn/mau/to-khai.docx"):
        assert procedure_kind.DocumentItem(name="Tờ khai", form_url=good).form_url == good
    for bad in ("javascript:alert(1)", "../site.yml", "assets/../../etc/passwd", "mau/to-khai.pdf"):
        with pytest.raises(ValidationError):
            procedure_kind.DocumentItem(name="Tờ khai", form_url=bad)


def test_procedure_index_lists_every_procedure_by_field(default_site: Built):
    page = default_site.html("thu-tuc/")
    items = page.select("li.cchc-proc")
    assert sorted(li["data-code"] for li in items) == sorted(p.model.code for p in default_site.content["procedures"])
    for section in page.select("section.cchc-field"):
        field = section["data-field"]
        assert section.find("h2").get_text(strip=True) == field
        assert all(li["data-field"] == field for li in section.select("li.cchc-proc"))


def test_a_large_procedure_index_is_split_by_field(tmp_path, monkeypatch):
    """Past PROCEDURES_ON_ONE_PAGE, thu-tuc/ lists the fields and each field's page lists its procedures."""
    monkeypatch.setattr(procedure_kind, "PROCEDURES_ON_ONE_PAGE", 5)
    site = Built(CONTENT, tmp_path)
    index = site.html("thu-tuc/")
    assert not index.select("li.cchc-proc") and not index.select("[data-cchc-filters]")
    # Vietnamese order, written out by hand: Đ among the d's, not after z
    fields = ["Bảo trợ xã hội", "Chứng thực", "Đất đai", "Đầu tư tại Việt Nam", "Giáo dục", "Hộ tịch",
              "Lý lịch tư pháp", "Người có công", "Thành lập và hoạt động doanh nghiệp", "Tôn giáo Chính phủ",
              "Xây dựng"]
    assert set(fields) == {p.model.field for p in site.content["procedures"]}
    links = index.select("ul.cchc-field-list a")
    assert [a.get_text(strip=True) for a in links] == fields
    seen = []
    for a in links:
        url = "thu-tuc/" + a["href"]
        page = site.html(url)
        field = a.get_text(strip=True)
        codes = [li["data-code"] for li in page.select("li.cchc-proc")]
        assert sorted(codes) == sorted(p.model.code for p in site.content["procedures"] if p.model.field == field)
        assert page.select_one("[data-cchc-filters]") and not page.select_one("#loc-linh-vuc")
        for link in page.select("li.cchc-proc a"):
            assert (site.site / url / link["href"] / "index.html").resolve().is_file()
        seen += codes
    assert sorted(seen) == sorted(p.model.code for p in site.content["procedures"])


def test_hotlines_page_links_every_channel(default_site: Built):
    page = default_site.html("duong-day-nong/")
    hrefs = {a["href"] for a in page.select("article a[href]")}
    for entry in default_site.content["hotlines"]:
        hotline = entry.model
        assert hotline.unit in page.get_text()
        for channel in hotline.channels:
            if channel.kind.value in ("landline", "mobile"):
                assert f"tel:{channel.tel}" in hrefs
            elif channel.kind.value == "email":
                assert f"mailto:{channel.value}" in hrefs
    # each hotline's hours: one line per set of days, its times in order ("Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00")
    main = next(h.model for h in default_site.content["hotlines"] if h.model.main)
    section = page.select_one(f'section.cchc-hotline:has(h2:-soup-contains("{main.name}"))')
    lines = [" ".join(li.get_text(" ").split()) for li in section.select("ul.cchc-hours li")]
    weekdays = [slot for slot in main.hours if slot.days == ["mo", "tu", "we", "th", "fr"]]
    assert len(lines) == len({tuple(slot.days) for slot in main.hours})
    assert lines[0] == "Thứ Hai – Thứ Sáu: " + ", ".join(
        f"{slot.opens.removeprefix('0')}–{slot.closes.removeprefix('0')}" for slot in weekdays)


def test_news_pages_and_index(default_site: Built):
    news = default_site.content["news"]
    for entry in news:
        page = default_site.html(f"tin-tuc/{entry.id}/")
        text = " ".join(page.get_text(" ").split())
        assert page.find("h1").get_text(strip=True) == entry.model.title
        assert entry.model.date.astimezone(TZ).strftime("%d/%m/%Y %H:%M") in text
        assert entry.model.unit in text
    index = default_site.html("tin-tuc/")
    titles = [a.get_text(strip=True) for a in index.select("article.cchc-news-item h3 a")]
    # read from the files, newest first: all 14 items of the default content fit on the index (20 a page)
    dated = [(front["date"], front["title"]) for front in map(_front, sorted((CONTENT / "news").glob("*.md")))
             if not front.get("draft")]
    assert len(dated) == 14
    assert titles == [title for _, title in sorted(dated, reverse=True)]
    months = {(n.model.date.astimezone(TZ).year, n.model.date.astimezone(TZ).month) for n in news}
    listed = 0
    for year, month in months:
        page = default_site.html(f"tin-tuc/{year:04d}-{month:02d}/")
        listed += len(page.select("article.cchc-news-item"))
    assert listed == len(news)


def _front(path: Path) -> dict:
    """A news file's front matter as YAML reads it: the test's own view of the content."""
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_every_page_has_help_updated_date_and_feeds(default_site: Built):
    main = default_site.content.main_hotline.model
    for html in sorted(default_site.site.rglob("*.html")):
        if html.name == "404.html" or "quan-tri" in html.parts:  # the editors' workspace: tests/test_workspace.py
            continue
        if html.parent.name == "niem-yet":  # the printable poster: no site chrome, but the hotline is on it
            assert all(c.value in html.read_text(encoding="utf-8") for c in main.phones())
            continue
        page = default_site.html(str(html.relative_to(default_site.site)))
        help_bar = page.select_one(".md-banner .cchc-help")
        assert help_bar is not None, html
        assert {a["href"] for a in help_bar.select("a[href^='tel:']")} == {f"tel:{c.tel}" for c in main.phones()}
        assert page.select_one(".cchc-illustrative") is not None, html
        updated = page.select_one(".cchc-page-footer time")
        assert updated is not None and re.fullmatch(r"\d{2}/\d{2}/\d{4}", updated.get_text()), html
        feeds_links = {link["type"] for link in page.select("link[rel~=alternate]")}
        assert {"application/rss+xml", "application/atom+xml"} <= feeds_links, html
        # the default site has no repository of its own: no "edit this page" leading to an example host
        assert not [a for a in page.select("a") if "Sửa trang" in a.get_text()], html


def test_edit_links_lead_to_each_page_s_own_file(content_copy, build_site):
    site_yml = content_copy / "site.yml"
    site_yml.write_text(re.sub(r"(?m)^repo_url: .*$", "repo_url: https://github.com/snv-lai-chau/cchc",
                               site_yml.read_text(encoding="utf-8")), encoding="utf-8")
    built = build_site(content_copy)
    content = built.content
    edit, tree = "https://github.com/snv-lai-chau/cchc/edit/main/content/", "https://github.com/snv-lai-chau/cchc/tree/main/content/"
    expected = {
        "": edit + "site.yml",
        f"thu-tuc/{content['procedures'][0].id}/": edit + content["procedures"][0].source.as_posix(),
        f"tin-tuc/{content['news'][0].id}/": edit + content["news"][0].source.as_posix(),
        f"ke-hoach/{content['plans'][0].id}/": edit + content["plans"][0].source.as_posix(),
        f"{content['pages'][0].id}/": edit + content["pages"][0].source.as_posix(),
        "duong-day-nong/": tree + "hotlines/",
        "tim-kiem/": None,  # made from a template, not from a file an editor changes
        "du-lieu-mo/": None,  # made from every file at once
    }
    for url, target in expected.items():
        links = [a["href"] for a in built.html(url).select(".cchc-page-footer a") if "Sửa trang" in a.get_text()]
        assert links == ([target] if target else []), url


def test_visible_text_is_nfc(default_site: Built):
    for html in default_site.site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), html


def _feed(site: Built, name: str):
    parsed = feedparser.parse((site.site / name).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_feeds_match_the_news(default_site: Built, name: str):
    parsed = _feed(default_site, name)
    news = default_site.content["news"]
    assert [e.title for e in parsed.entries] == [n.model.title for n in news]
    for entry, item in zip(parsed.entries, news):
        assert entry.id == news_kind.item_id(default_site.content, item)
        assert entry.link == f"{default_site.content.site.base_url}tin-tuc/{item.id}/"
        assert entry.published.endswith("+07:00") or "+0700" in entry.published
        # full content, not just the summary: the whole body's text is there
        body_text = squash(BeautifulSoup(markdown.markdown(item.body, extensions=["tables"]), "html.parser").get_text(" "))
        feed_text = squash(BeautifulSoup(entry.content[0].value, "html.parser").get_text(" "))
        assert body_text == feed_text
    newest = max(n.model.date for n in news)
    updated = parsed.feed.get("updated") or parsed.feed.get("lastbuilddate")
    assert updated is not None
    raw = (default_site.site / name).read_text(encoding="utf-8")
    if name == "atom.xml":
        assert f"<updated>{newest.isoformat()}</updated>" in raw
    else:
        assert "+0700</lastBuildDate>" in raw
        stamp = re.search(r"<lastBuildDate>(.*)</lastBuildDate>", raw).group(1)
        assert dt.datetime.strptime(stamp, "%a, %d %b %Y %H:%M:%S %z") == newest


def test_two_builds_are_byte_identical(default_site: Built, tmp_path: Path):
    again = Built(CONTENT, tmp_path)
    comparison = filecmp.dircmp(default_site.site, again.site)

    def differences(cmp: filecmp.dircmp) -> list[str]:
        found = cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    # dircmp compares shallowly by stat first; confirm with a byte comparison of every file
    assert differences(comparison) == []
    for file in default_site.site.rglob("*"):
        if file.is_file():
            assert file.read_bytes() == (again.site / file.relative_to(default_site.site)).read_bytes(), file
    first = [e.id for e in _feed(default_site, "atom.xml").entries]
    second = [e.id for e in feedparser.parse((again.site / "atom.xml").read_bytes()).entries]
    assert first == second


def _jsonld(page) -> list[dict]:
    import json

    scripts = page.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def test_structured_data_on_every_page_type(default_site: Built):
    content = default_site.content
    main = content.main_hotline.model
    home = _jsonld(default_site.html(""))
    assert home[0]["@type"] == "GovernmentOrganization" and home[0]["name"] == content.site.name
    assert home[0]["contactPoint"]["telephone"] == "+84 " + main.phones()[0].value.removeprefix("0")
    proc = content["procedures"][0]
    data = _jsonld(default_site.html(f"thu-tuc/{proc.id}/"))
    service = next(d for d in data if d["@type"] == "GovernmentService")
    assert service["identifier"] == proc.model.code and service["name"] == proc.model.name
    assert len(service["availableChannel"]) == len(proc.model.methods)
    for channel, method in zip(service["availableChannel"], proc.model.methods):
        if method.time_limit_days is not None:
            assert channel["processingTime"] == f"P{method.time_limit_days:g}D"
    news = content["news"][0]
    article = next(d for d in _jsonld(default_site.html(f"tin-tuc/{news.id}/")) if d["@type"] == "NewsArticle")
    assert article["headline"] == news.model.title and article["datePublished"] == news.model.date.isoformat()


def test_link_previews(default_site: Built):
    news = default_site.content["news"][0]
    page = default_site.html(f"tin-tuc/{news.id}/")
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")}
    assert meta["og:title"] == news.model.title and meta["twitter:title"] == news.model.title
    assert meta["og:description"] == news.model.summary
    assert meta["og:type"] == "article" and meta["og:locale"] == "vi_VN"
    assert meta["og:image"].startswith(str(default_site.content.site.base_url))
    assert meta["og:url"] == f"{default_site.content.site.base_url}tin-tuc/{news.id}/"
    assert (default_site.site / meta["og:image"].removeprefix(str(default_site.content.site.base_url))).is_file()


def test_poster_for_each_procedure(default_site: Built):
    import segno

    for entry in default_site.content["procedures"]:
        proc = entry.model
        poster = default_site.html(f"thu-tuc/niem-yet/{entry.id}.html")
        text = " ".join(poster.get_text(" ").split())
        assert proc.name in text and proc.code in text
        for method in proc.methods:
            assert method.time_limit in text and method.fees in text
        url = f"{default_site.content.site.base_url}thu-tuc/{entry.id}/"
        svg = poster.select_one(".qr svg")
        expected = segno.make(url, error="m", mask=0).svg_inline(scale=4)
        assert svg.find("path")["d"] in expected  # the QR code encodes the page's address
        assert url in text
        page = default_site.html(f"thu-tuc/{entry.id}/")
        assert page.select_one(f'a[href="../niem-yet/{entry.id}.html"]') is not None
        assert poster.select_one(f'a[href="../{entry.id}/"]') is not None  # back to the procedure page


def test_no_third_party_resources(default_site: Built):
    """Fonts and scripts are served from the site itself: it works on a closed network."""
    for html in default_site.site.rglob("*.html"):
        page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                target = element.get(attr) or ""
                if tag == "link" and element.get("rel") not in (["stylesheet"], ["preload"], ["icon"]):
                    continue
                assert not target.startswith(("http://", "https://", "//")), (html, target)


def test_no_english_or_theme_machinery_reaches_a_citizen(default_site: Built):
    """Material's credit, its "Tabs" label and its English 404 are replaced; a short top navigation."""
    for html in sorted(default_site.site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        assert "Made with" not in text and 'aria-label="Tabs"' not in text and "Not found" not in text, html
        assert "Trở lại mục lục" not in text, html  # Material's label for its back-to-top button
    home = default_site.html("")
    tabs = [a.get_text(" ", strip=True) for a in home.select("nav.md-tabs a")]
    assert tabs == ["Trang chủ", "Thủ tục hành chính", "Đường dây nóng", "Kế hoạch", "Tin tức", "Chỉ số"]
    assert home.select_one("nav.md-tabs")["aria-label"] == "Mục chính"
    footer = [a.get_text(" ", strip=True) for a in home.select(".cchc-footer-links a")]
    listed = [title for kind in KINDS for title, _ in kind.nav]  # documents, questions, drafts, reception…
    assert footer == [p.model.title for p in default_site.content["pages"]] + listed + ["Dữ liệu mở"]
    missing = default_site.html("404.html")
    assert missing.find("h1").get_text(strip=True) == "Không tìm thấy trang"
    form = missing.select_one("article form[role=search]")
    assert form["action"].endswith("/tim-kiem/") and form.select_one("input[name=q]")


def test_home_has_one_title_a_search_box_and_the_top_tasks(default_site: Built):
    site = default_site.content.site
    home = default_site.html("")
    assert home.title.get_text().count(site.name) == 1
    assert home.find("h1").get_text(strip=True) != site.name
    form = home.select_one("article form[role=search]")
    assert form["action"] == "tim-kiem/" and form["method"] == "get" and form.select_one("input[name=q]")
    tasks = {a["href"] for a in home.select(".cchc-top-task h2 a")}
    plan = default_site.content["plans"][0]
    assert tasks == {"thu-tuc/", "duong-day-nong/", f"ke-hoach/{plan.id}/", "tin-tuc/"}
    assert len(home.select("article .admonition")) == 1  # the illustrative note, once, below the tasks
    assert home.select_one("[data-md-type=toc]").has_attr("hidden")


def test_news_item_links_its_unit_category_and_tags(default_site: Built):
    # addresses written out by hand: Đ folds to d, every mark goes, words joined by hyphens
    entry = next(n for n in default_site.content["news"] if n.id == "2024-06-13-doi-thoai-doanh-nghiep-quy-ii")
    page = default_site.html(f"tin-tuc/{entry.id}/")
    meta = {a["href"]: a.get_text(" ", strip=True) for a in page.select("article .cchc-meta a")}
    assert meta == {"../don-vi/so-ke-hoach-va-dau-tu/": "Sở Kế hoạch và Đầu tư (nay là Sở Tài chính tỉnh Lai Châu)",
                    "../chuyen-muc/doi-thoai-doanh-nghiep/": "Đối thoại doanh nghiệp"}
    for href in meta:
        assert (default_site.site / "tin-tuc" / entry.id / href / "index.html").resolve().is_file()
    tags = [a.get_text(strip=True) for a in page.select("article a[href*='tim-kiem/?q=']")]
    assert tags == entry.model.tags
    assert entry.model.summary not in page.select_one("article").get_text()  # the lead is not said twice
