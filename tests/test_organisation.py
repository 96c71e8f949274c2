"""Cơ cấu tổ chức (organisation.yml): the introduction page, the English page, hreflang, JSON-LD, open data, errors.

Every expectation is read from content/organisation.yml (and site.yml) and
compared with the built site: each unit, leader and contact official on the
introduction page with working tel:/mailto: links; an en/ page in English that
names the Vietnamese one as authoritative; language versions that name each
other; the agency's units and people in every page's JSON-LD.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree
from typing import Any

import extruct
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from generator import cli
from generator.core import structured
from generator.core.pages import Memo
from generator.pipeline import load as loader
from generator.pipeline import site as site_pages
from tests.conftest import CONTENT, REPO, Built

ORG = "organisation.yml"


def source() -> dict[str, Any]:
    return yaml.safe_load((CONTENT / ORG).read_text(encoding="utf-8"))


def site_yml() -> dict[str, Any]:
    return yaml.safe_load((CONTENT / "site.yml").read_text(encoding="utf-8"))


def all_units(units: list[dict[str, Any]], parent: str | None = None) -> list[tuple[dict[str, Any], str | None]]:
    found = []
    for unit in units:
        found.append((unit, parent))
        found += all_units(unit.get("units", []), unit["name"])
    return found


def tel(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def page_text(tag: Tag) -> str:
    """The text as read: whitespace folded, none inside brackets (BeautifulSoup spaces out inline tags)."""
    return " ".join(tag.get_text(" ").split()).replace("( ", "(").replace(" )", ")")


def alternates(site: Built, url: str) -> dict[str, str]:
    """A page's language versions as the sitemap lists them (hreflang; Google reads them there)."""
    tree = ElementTree.parse(site.site / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    entry = next(u for u in tree.getroot().findall("s:url", ns) if u.findtext("s:loc", namespaces=ns) == url)
    return {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}


def json_ld(path: Path) -> list[dict[str, Any]]:
    return extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]


# --------------------------------------------------------------------------- the introduction page


def test_introduction_page_shows_every_unit_leader_and_contact(default_site: Built):
    data = source()
    page = default_site.html(f"{data['shown_on']}/")
    block = page.select_one("article section.cchc-org")
    assert block is not None, "the organisation block is on the introduction page"
    text = page_text(block)
    for paragraph in data["functions"].split("\n\n"):
        assert " ".join(paragraph.split()) in text
    assert [page_text(li) for li in block.select("ol > li")] == data["duties"]
    for unit, parent in all_units(data["units"]):
        item = next(li for li in block.select("ul.cchc-units > li")
                    if li.find("strong", recursive=False).get_text() == unit["name"])
        own = item.find("span", class_="cchc-meta", recursive=False)
        if "phone" in unit:
            assert own.find("a", href=tel(unit["phone"])).get_text() == unit["phone"]
        if "email" in unit:
            assert own.find("a", href=f"mailto:{unit['email']}").get_text() == unit["email"]
        if parent:  # a nested unit is a list item inside its parent's item
            assert item.find_parent("li").find("strong", recursive=False).get_text() == parent
    tables = block.select("table.cchc-cards")
    assert len(tables) == 2
    for table, people in zip(tables, (data["leaders"], data["contacts"])):
        rows = table.select("tbody tr")
        assert len(rows) == len(people)
        for row, person in zip(rows, people):
            cells = row.find_all("td")
            assert cells[0].strong.get_text() == person["name"]
            assert page_text(cells[1]) == person["title"]
            assert page_text(cells[2]) == person.get("portfolio", person.get("subject", ""))
            assert cells[3].find("a", href=tel(person["phone"])).get_text() == person["phone"]
            assert cells[4].find("a", href=f"mailto:{person['email']}").get_text() == person["email"]
            assert ("minh họa" in page_text(cells[0])) == person["illustrative"]
    site = site_yml()
    assert block.find("a", href=tel(site["phone"])) and block.find("a", href=f"mailto:{site['email']}")
    assert "Thứ Hai – Thứ Sáu: 7:30–11:30, 13:30–17:00" in text
    english = block.find("a", hreflang="en")
    assert english["href"] == "../en/" and english.find_parent(lang="en")


def test_other_free_pages_do_not_show_it(default_site: Built):
    for page in (CONTENT / "pages").glob("*.md"):
        if page.stem != source()["shown_on"]:
            html = default_site.html(f"{page.stem}/")
            base = str(default_site.content.site.base_url)
            assert html.select_one("section.cchc-org") is None and not alternates(default_site, f"{base}{page.stem}/")


# --------------------------------------------------------------------------- English


def test_english_page_holds_the_english_texts(default_site: Built):
    data = source()
    en = data["en"]
    html = default_site.html("en/")
    assert html.html["lang"] == "en"
    article = html.select_one("article")
    text = page_text(article)
    assert article.h1.get_text() == en["name"]
    for paragraph in en["functions"].split("\n\n"):
        assert " ".join(paragraph.split()) in text
    assert [page_text(li) for li in article.select("ol > li")] == en["duties"]
    for unit, _ in all_units(data["units"]):
        assert f"{unit['en']['name']} ({unit['name']})" in text
        assert unit["en"]["function"] in text
    for person in data["leaders"] + data["contacts"]:
        assert person["en"]["title"] in text
        assert person["en"].get("portfolio", person["en"].get("subject")) in text
        assert article.find("a", href=tel(person["phone"])) and article.find("a", href=f"mailto:{person['email']}")
    assert en["address"] in text and en["hours_note"] in text
    assert "Monday – Friday: 7:30–11:30, 13:30–17:00" in text
    # nothing of Vietnamese's own words left unmarked: every Vietnamese name says lang="vi"
    for unit, _ in all_units(data["units"]):
        assert article.find("span", lang="vi", string=unit["name"])
    # the Vietnamese site is the authoritative one, and the page links back to it
    notice = article.select_one(".admonition")
    assert "Vietnamese site is the authoritative one" in page_text(notice)
    back = notice.find("a", hreflang="vi", lang="vi")
    assert back["href"] == f"../{data['shown_on']}/"
    # the theme's Vietnamese around the page says so
    assert html.select_one("header.md-header").find_parent(lang="vi") is not None
    assert html.select_one("footer").find_parent(lang="vi") is not None
    assert html.select_one(".cchc-page-footer").find_parent(lang="vi") is not None
    assert html.select_one("article").find_parent(lang="vi") is None


def test_language_versions_name_each_other(default_site: Built):
    base = str(default_site.content.site.base_url)
    vi_url, en_url = f"{base}{source()['shown_on']}/", f"{base}en/"
    vi, en = default_site.html(f"{source()['shown_on']}/"), default_site.html("en/")
    expected = {"vi": vi_url, "en": en_url, "x-default": vi_url}
    # the same set for both, each naming itself; the pages link each other with hreflang too, and put no
    # <link rel="alternate"> in their head, whose sitemap.xml Material's script would fetch
    assert alternates(default_site, vi_url) == expected and alternates(default_site, en_url) == expected
    assert vi.select_one('a[hreflang="en"]') is not None and en.select_one('a[hreflang="vi"]') is not None
    assert not vi.select('head link[rel="alternate"][hreflang]') and not en.select('head link[rel="alternate"][hreflang]')
    assert vi.select_one('link[rel="canonical"]')["href"] == vi_url
    assert en.select_one('link[rel="canonical"]')["href"] == en_url
    for url in expected.values():
        assert (default_site.site / url.removeprefix(base) / "index.html").is_file()
    assert default_site.html("").html["lang"] == "vi" and not alternates(default_site, base)


def test_no_english_page_without_the_switch(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    text = (root / "site.yml").read_text(encoding="utf-8")
    (root / "site.yml").write_text(re.sub(r"^english: .*$", "english: false", text, flags=re.MULTILINE), encoding="utf-8")
    org = (root / ORG).read_text(encoding="utf-8")
    (root / ORG).write_text(org.replace("    name: Department of Justice\n", ""), encoding="utf-8")
    content = loader.load(root)  # an English text may be missing: no English page is published
    outputs = {o.path: o for o in site_pages.render_site(content, Memo())}
    assert "en/index.md" not in outputs
    intro = outputs[f"{source()['shown_on']}.md"].text
    assert "cchc-org" in intro and "alternates" not in intro and 'hreflang="en"' not in intro
    assert json.loads(yaml.safe_load(intro.split("---")[1])["jsonld"])[0]["knowsLanguage"] == ["vi"]


# --------------------------------------------------------------------------- JSON-LD


def test_json_ld_carries_units_and_people(default_site: Built):
    data = source()
    base = str(default_site.content.site.base_url)
    ids = set()
    for page in ("", f"{data['shown_on']}/", "en/", "duong-day-nong/"):
        orgs = [i for i in json_ld(default_site.site / page / "index.html") if i["@type"] == "GovernmentOrganization"]
        assert len(orgs) == 1
        org = orgs[0]
        ids.add(org["@id"])
        assert [d["name"] for d in org["department"]] == [u["name"] for u in data["units"]]
        nested = org["department"][0]["department"]
        assert [d["name"] for d in nested] == [u["name"] for u in data["units"][0]["units"]]
        for unit in (*org["department"], *nested):
            assert unit["@type"] == "GovernmentOrganization"
        people = data["leaders"] + data["contacts"]
        assert [(p["name"], p["jobTitle"], p["email"]) for p in org["employee"]] == \
            [(p["name"], p["title"], p["email"]) for p in people]
        phones = [p["telephone"] for p in org["employee"]] + [u["telephone"] for u in (*org["department"], *nested)
                                                               if "telephone" in u]
        assert phones and all(re.match(r"^\+84 ", p) for p in phones)
        assert [p["telephone"] for p in org["employee"]] == [structured.international(p["phone"]) for p in people]
        assert [(h["dayOfWeek"][0], h["opens"], h["closes"]) for h in org["openingHoursSpecification"]] == \
            [("Monday", h["opens"], h["closes"]) for h in data["hours"]]
        assert org["knowsLanguage"] == ["vi", "en"] and org["alternateName"] == data["en"]["name"]
    assert ids == {f"{base}#co-quan"}


# --------------------------------------------------------------------------- open data


def test_open_data_lists_every_unit_and_person(default_site: Built):
    data = source()
    records = json.loads((default_site.site / "data" / "organisation.json").read_text(encoding="utf-8"))
    schema = json.loads((default_site.site / "data" / "schema" / "organisation.schema.json").read_text("utf-8"))
    jsonschema.validate(records, schema)
    units = all_units(data["units"])
    assert [(r["name"], r["parent"], r["name_en"]) for r in records if r["role"] == "unit"] == \
        [(u["name"], p, u["en"]["name"]) for u, p in units]
    assert [(r["title"], r["phone"], r["email"]) for r in records if r["role"] == "leader"] == \
        [(p["title"], p["phone"], p["email"]) for p in data["leaders"]]
    assert [r["about"] for r in records if r["role"] == "contact"] == [p["subject"] for p in data["contacts"]]
    with open(default_site.site / "data" / "organisation.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(records) and rows[0]["name"] == records[0]["name"]
    listed = default_site.html("du-lieu-mo/")
    assert listed.find("a", href=re.compile(r"data/organisation\.json$")) and "Cơ cấu tổ chức" in listed.get_text()


# --------------------------------------------------------------------------- errors


def run(root: Path, capsys) -> tuple[int, str]:
    status = cli.main(["validate", "--content", str(root)])
    return status, capsys.readouterr().err


def line_of(root: Path, needle: str, after: str = "") -> int:
    text = (root / ORG).read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text[: text.index(needle, start)].count("\n") + 1


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def edit(root: Path, old: str, new: str) -> None:
    text = (root / ORG).read_text(encoding="utf-8")
    assert old in text, old
    (root / ORG).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_english_text_is_an_error_at_its_line(content: Path):
    """With english: true, each missing English text is an error naming the file, the line and the field."""
    edit(content, "    name: Department of Justice\n", "")
    line = line_of(content, "  en:", after="- name: Sở Tư pháp")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    where = f"{(content / ORG).as_posix()}:{line}:"
    reported = [text for text in result.stderr.splitlines() if text.startswith(where)]
    assert reported, result.stderr
    assert "đơn vị trực thuộc thứ 3 › bản tiếng Anh › tên đơn vị (units[2].en.name)" in reported[0]
    assert "thiếu bản tiếng Anh của «Sở Tư pháp»" in reported[0] and "english: true" in reported[0]


def test_every_missing_english_text_at_once(content: Path, capsys):
    edit(content, "    title: Chairperson of the Provincial People's Committee\n", "")
    edit(content, "  hours_note: Closed on Saturdays, Sundays and public holidays.\n", "")
    edit(content, "    en:\n      name: Provincial Public Administrative Service Centre\n      function: Receives "
                  "applications and returns the results of administrative procedures at a single window.\n", "")
    status, err = run(content, capsys)
    assert status == 1
    path = (content / ORG).as_posix()
    assert f"{path}:{line_of(content, '  en:', after='title: Chủ tịch')}: trường «lãnh đạo thứ 1 › bản tiếng Anh › " \
           "chức vụ (leaders[0].en.title)»" in err
    assert f"{path}:{line_of(content, 'hours_note: Nghỉ')}:" not in err  # the organisation has en:, so its line
    assert "(en.hours_note)" in err
    # no en: at all: the line of the Vietnamese text
    assert f"{path}:{line_of(content, '  - name: Trung tâm Phục vụ')}: trường «đơn vị trực thuộc thứ 1 › đơn vị " \
           "trực thuộc thứ 1 › bản tiếng Anh › tên đơn vị (units[0].units[0].en.name)»" in err
    assert "(units[0].units[0].en.function)" in err


def test_an_english_list_of_another_length(content: Path, capsys):
    edit(content, "  - Carries out the tasks and powers that higher state bodies delegate or entrust to it.\n", "")
    status, err = run(content, capsys)
    assert status == 1
    assert f"{(content / ORG).as_posix()}:{line_of(content, '  duties:', after='en:')}: trường «bản tiếng Anh › " \
           "nhiệm vụ, quyền hạn (en.duties)»: bản tiếng Anh có 5 mục, bản tiếng Việt có 6 mục" in err


def test_english_without_the_file(content: Path, capsys):
    (content / ORG).unlink()
    status, err = run(content, capsys)
    assert status == 1
    site_line = (content / "site.yml").read_text(encoding="utf-8")[:(content / "site.yml").read_text(
        encoding="utf-8").index("english:")].count("\n") + 1
    assert f"{(content / 'site.yml').as_posix()}:{site_line}: trường «trang tiếng Anh (english)»: english: true " \
           "cần tệp organisation.yml" in err


@pytest.mark.parametrize("old, new, needle, field, words", [
    ("shown_on: gioi-thieu", 'shown_on: "gioi-thieu', 'shown_on: "gioi-thieu', "", "dấu ngoặc kép"),  # syntax
    ("duties:\n- Xây dựng, trình", "duties: Xây dựng\nx:\n- Xây dựng, trình", "duties: Xây dựng",
     "nhiệm vụ, quyền hạn (duties)", "cần một danh sách"),
    ('  phone: "0213 3800 101"', '  phone: "0213-3800-101"', '  phone: "0213-3800-101"',
     "lãnh đạo thứ 1 › điện thoại (leaders[0].phone)", "chỉ được gồm chữ số"),
    ("  email: chutich-ubnd@example.org", "  email: chutich-ubnd.example.org", "  email: chutich-ubnd.example",
     "lãnh đạo thứ 1 › thư điện tử (leaders[0].email)", "không phải địa chỉ thư điện tử"),
    ('  opens: "07:30"', '  opens: "25:00"', '  opens: "25:00"',
     "giờ làm việc thứ 1 › giờ mở cửa (hours[0].opens)", "giờ:phút theo 24 giờ"),
    ('  closes: "11:30"', '  closes: "06:00"', '  closes: "06:00"',
     "giờ làm việc thứ 1 › giờ đóng cửa (hours[0].closes)", "phải sau giờ mở cửa 07:30"),
    ("  illustrative: true\n  en:\n    title: Chairperson", "  illustrative: có\n  en:\n    title: Chairperson",
     "  illustrative: có", "lãnh đạo thứ 1 › dữ liệu minh họa (leaders[0].illustrative)", "true (có) hoặc false"),
    ("- name: Sở Tư pháp\n  function:", "- name: Sở Tư pháp\n  funtion:", "  funtion:",
     "đơn vị trực thuộc thứ 3 › funtion (units[2].funtion)", "Có phải ý bạn là «function»?"),
    ("shown_on: gioi-thieu", "shown_on: gioi-thieu-co-quan", "shown_on: gioi-thieu-co-quan",
     "trang hiển thị (shown_on)", "không có tệp pages/gioi-thieu-co-quan.md"),
], ids=["syntax", "type", "phone", "email", "time", "closes-before-opens", "bool", "misspelt-key", "no-page"])
def test_bad_input_names_file_line_and_field(content: Path, capsys, old, new, needle, field, words):
    edit(content, old, new)
    status, err = run(content, capsys)
    assert status == 1 and "Traceback" not in err
    where = f"{(content / ORG).as_posix()}:{line_of(content, needle)}:"
    lines = [text for text in err.splitlines() if text.startswith(where)]
    assert lines, f"nothing at {where}\n{err}"
    assert any(field in text and words in text for text in lines), err
    assert not re.search(r"Input should|Field required|mapping values|while parsing", err)
