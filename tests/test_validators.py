"""The built sites through the validators journalists, search engines and spreadsheets rely on.

- Atom: RFC 4287's own RELAX NG schema (``tests/schemas/atom.rnc``, Appendix B, converted by rnc2rng), with lxml.
- RSS 2.0: the rules the W3C Feed Validator applies, asserted by parsing.
- HTML: every built page through the Nu HTML Checker (``vnu.jar`` from the npm package vnu-jar; ``make test``
  installs it and Java), with no allow-list.
- JSON-LD: read by extruct, as search engines' crawlers read it.
- CSV: read the way Excel (BOM, CRLF) and Python's ``csv`` read it, and compared with its JSON twin.

What is expected comes from the content, not from the outputs, so a wrong output fails.
"""

from __future__ import annotations

import csv
import email.utils
import html
import io
import json
import mimetypes
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import extruct
import pytest
import rnc2rng
from icalendar import Calendar
from lxml import etree
from lxml import html as lxml_html

from generator.kinds import plans as plan_kind
from generator.pipeline import opendata
from generator.core.vietnamese import slugify
from tests.conftest import CONTENT, EXAMPLES, REPO, Built

VNU = REPO / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Its plan has a number (the default one's was left blank) and no appendix: tasks.csv has a header, no row.
EXAMPLE = EXAMPLES / "so-ldtbxh-lang-son"
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT_NS = "{http://purl.org/rss/1.0/modules/content/}encoded"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d\d:\d\d:\d\d [+-]\d{4}$")
ABSOLUTE = re.compile(r"^(https?|mailto|tel):")


@pytest.fixture(scope="session")
def example_site(build_site) -> Built:
    return build_site(EXAMPLE)


@pytest.fixture(params=["default", "example"])
def either_site(request, build_site) -> Built:
    """The default site, then the example: a test that takes it runs on both."""
    return build_site(CONTENT if request.param == "default" else EXAMPLE)


@pytest.fixture(scope="session")
def atom_schema() -> etree.RelaxNG:
    rng = rnc2rng.dumps(rnc2rng.load(str(REPO / "tests" / "schemas" / "atom.rnc")))
    # rnc2rng declares the RNC's `namespace local = ""` as xmlns:local="", which XML forbids; the grammar
    # names that namespace as ns="" where it uses it, so the declaration can go.
    return etree.RelaxNG(etree.fromstring(re.sub(r'\s+xmlns:local=""', "", rng).encode("utf-8")))


def _channels(site: Built) -> dict[str, list[Any]]:
    """Every feed folder ("" for all news) and the news it carries, from the content."""
    news = site.content["news"]
    found = {"": news}
    for kind, key in (("chuyen-muc", "category"), ("don-vi", "unit")):
        for name in {getattr(n.model, key) for n in news}:
            found[f"tin-tuc/{kind}/{slugify(name)}/"] = [n for n in news if getattr(n.model, key) == name]
    limit = site.content.site.feed_items
    return {folder: items[:limit] for folder, items in found.items()}


def _page_exists(site: Built, url: str) -> bool:
    base = str(site.content.site.base_url)
    return url.startswith(base) and (site.site / url.removeprefix(base) / "index.html").is_file()


def _image_size(site: Built, src: str) -> int:
    return (site.content.root / src).stat().st_size


def _enclosures(site: Built, news: Any) -> list[tuple[str, str, str]]:
    """(url, length, type) of the enclosure a feed must give an item: its image, with the file's real size."""
    if not news.model.image:
        return []
    src = news.model.image.src
    return [(f"{site.content.site.base_url}{src}", str(_image_size(site, src)), mimetypes.guess_type(src)[0])]


# --------------------------------------------------------------------------- Atom


def test_the_schema_rejects_what_validators_reject(default_site: Built, atom_schema: etree.RelaxNG):
    """The converted schema is the RFC's, not one that accepts anything: feedgen's old output fails it."""
    text = (default_site.site / "atom.xml").read_text(encoding="utf-8")
    assert atom_schema.validate(etree.fromstring(text.encode("utf-8")))
    broken = text.replace('<content type="html">', '<content type="CDATA">', 1)
    assert not atom_schema.validate(etree.fromstring(broken.encode("utf-8")))


def test_atom_feeds_validate_against_rfc4287(either_site: Built, atom_schema: etree.RelaxNG):
    site = either_site
    base = str(site.content.site.base_url)
    channels = _channels(site)
    news_feeds = [p for p in site.site.rglob("atom.xml") if not p.is_relative_to(site.site / "van-ban")]  # documents:
    assert sorted(p.parent.relative_to(site.site).as_posix() + "/" for p in news_feeds) == \
        sorted(f or "./" for f in channels)  # tests/test_documents.py checks the library's feed the same way
    for folder, items in channels.items():
        doc = etree.parse(str(site.site / folder / "atom.xml"))
        assert atom_schema.validate(doc), (folder, atom_schema.error_log)
        feed = doc.getroot()
        page = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert page == base + (folder or "tin-tuc/") and _page_exists(site, page)
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{base}{folder}atom.xml"
        entries = feed.findall(f"{ATOM}entry")
        assert [e.findtext(f"{ATOM}title") for e in entries] == [n.model.title for n in items]
        for entry, news in zip(entries, items):
            alternate = entry.findall(f"{ATOM}link[@rel='alternate']")
            assert len(alternate) == 1 and _page_exists(site, alternate[0].get("href"))
            assert all(link.get("rel") for link in entry.findall(f"{ATOM}link")), "no bare link"
            assert entry.find(f"{ATOM}content").get("type") == "html"
            assert entry.find(f"{ATOM}author/{ATOM}name").text == news.model.unit
            enclosures = entry.findall(f"{ATOM}link[@rel='enclosure']")
            assert [(e.get("href"), e.get("length"), e.get("type")) for e in enclosures] == _enclosures(site, news)


# --------------------------------------------------------------------------- RSS


def _html_links(fragment: str) -> list[str]:
    tree = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return [v for element in tree.iter() for k, v in element.attrib.items() if k in ("href", "src")]


def test_rss_feeds_follow_the_rss2_rules(either_site: Built):
    site = either_site
    base = str(site.content.site.base_url)
    tag = f"tag:{site.content.site.id_authority},{site.content.site.id_date.isoformat()}:"
    for folder, items in _channels(site).items():
        rss = etree.parse(str(site.site / folder / "feed.xml")).getroot()
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        channel = rss.find("channel")
        assert channel.findtext("title") and channel.findtext("description")
        link = channel.findtext("link")
        assert link == base + (folder or "tin-tuc/") and _page_exists(site, link), "channel link is the HTML page"
        assert channel.find("{http://www.w3.org/2005/Atom}link[@rel='self']").get("href") == f"{base}{folder}feed.xml"
        assert RFC822.match(channel.findtext("lastBuildDate"))
        guids = []
        for item, news in zip(channel.findall("item"), items, strict=True):
            assert item.findtext("title") == news.model.title
            assert item.findtext("link") == f"{base}tin-tuc/{news.model.slug or news.id}/"
            assert _page_exists(site, item.findtext("link"))
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text == tag + "tin-tuc/" + (news.model.id or news.id)
            guids.append(guid.text)
            published = item.findtext("pubDate")
            assert RFC822.match(published) and email.utils.parsedate_to_datetime(published) == news.model.date
            description = item.findtext("description")
            assert "<" not in description and html.unescape(description) == news.model.summary
            assert re.fullmatch(r"\S+@\S+ \(.+\)", item.findtext("author"))
            assert all(ABSOLUTE.match(target) for target in _html_links(item.findtext(CONTENT_NS)))
            enclosures = item.findall("enclosure")
            assert [(e.get("url"), e.get("length"), e.get("type")) for e in enclosures] == _enclosures(site, news)
        assert len(set(guids)) == len(guids)


def test_news_items_with_images(default_site: Built):
    """The default content has news with images drawn for the project: small, described, illustrative."""
    with_images = [n for n in default_site.content["news"] if n.model.image]
    assert len(with_images) >= 2
    for news in with_images:
        image = news.model.image
        assert 0 < _image_size(default_site, image.src) < 30_000
        assert news.model.illustrative and "minh-hoa" in image.src and len(image.alt.split()) >= 8
        img = default_site.html(f"tin-tuc/{news.id}/").select_one("article img")
        assert img["alt"] == image.alt and (default_site.site / image.src).is_file()


# --------------------------------------------------------------------------- HTML (vnu)


def test_every_page_passes_the_nu_html_checker(either_site: Built, tmp_path: Path):
    site = either_site
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs it (npm package vnu-jar)")
    pages = sorted(site.site.rglob("*.html"))
    assert len(pages) > 2 * len(site.content["procedures"]) + len(site.content["news"])  # pages, posters, news, sections
    # A page the checker must reject: proof that it ran and reports errors.
    canary = tmp_path / "canary.html"
    canary.write_text('<!doctype html><html lang="vi"><title>x</title><div aria-label="x"></div>', encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
                             "--skip-non-html", str(site.site), str(canary)],
                            capture_output=True, text=True, timeout=600)
    errors = [m for m in json.loads(result.stdout)["messages"] if m["type"] in ("error", "non-document-error")]
    assert {m["url"] for m in errors if m["url"].endswith("/canary.html")}, result.stdout[:500]
    found = [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors if not m["url"].endswith("/canary.html")]
    assert not found, "\n".join(found[:20])


def test_the_workspace_page_passes_the_nu_html_checker_warnings_included(default_site: Built):
    """quan-tri/index.html, warnings too. Checked as a file, the page has no origin, so its policy's 'self' allows
    none of its own scripts and styles: those warnings, which name only the page's own files, are the checker's
    (a site served over HTTP is its own origin), and nothing else may be reported."""
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs it (npm package vnu-jar)")
    page = default_site.site / "quan-tri" / "index.html"
    if not page.is_file():
        pytest.skip("Decap CMS is not installed: run `npm ci` (make site and make test do)")
    result = subprocess.run(["java", "-jar", str(VNU), "--format", "json", "--stdout", str(page)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stdout)["messages"]
    own = {"workspace.css", "workspace.js", "decap-cms.js"}
    origin = re.compile(r"^Resource violates Content Security Policy \(meta tag\): external (script|stylesheet) "
                        r"“([^”]+)” blocked by “(script|style)-src” directive\.$")
    found = [f"{m['type']}:{m.get('lastLine')}: {m['message']}" for m in messages
             if not ((match := origin.match(m["message"])) and match[2] in own)]
    assert not found, "\n".join(found)


# --------------------------------------------------------------------------- JSON-LD


def _json_ld(path: Path) -> list[dict[str, Any]]:
    return extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]


def _values(data: Any, key: str) -> list[Any]:
    """Every value of ``key`` anywhere in nested JSON-LD."""
    if isinstance(data, dict):
        return [v for k, item in data.items() for v in ([item] if k == key else []) + _values(item, key)]
    if isinstance(data, list):
        return [v for item in data for v in _values(item, key)]
    return []


def test_json_ld_on_every_page(default_site: Built):
    content = default_site.content
    base = str(content.site.base_url)
    digits = re.sub(r"\D", "", content.site.phone)
    org_ids, phones = set(), []
    for path in sorted(p for p in default_site.site.rglob("index.html") if "quan-tri" not in p.parts):  # editors'
        items = _json_ld(path)
        orgs = [i for i in items if i["@type"] == "GovernmentOrganization"]
        assert len(orgs) == 1, path
        org_ids.add(orgs[0]["@id"])
        assert re.sub(r"\D", "", orgs[0]["telephone"]) == "84" + digits.removeprefix("0")
        logo = orgs[0]["logo"]["url"]
        assert (default_site.site / logo.removeprefix(base)).is_file()
        phones += _values(items, "telephone")
    assert org_ids == {f"{base}#co-quan"}, "one organisation, named alike on every page"
    assert phones and all(re.match(r"^\+84 ", p) for p in phones), [p for p in phones if not p.startswith("+84")]


def test_json_ld_of_procedures(default_site: Built):
    base = str(default_site.content.site.base_url)
    for entry in default_site.content["procedures"]:
        proc = entry.model
        service = next(i for i in _json_ld(default_site.site / "thu-tuc" / entry.id / "index.html")
                       if i["@type"] == "GovernmentService")
        assert service["url"] == f"{base}thu-tuc/{entry.id}/" and service["sameAs"] == proc.national_portal_url
        assert service["areaServed"]["name"] == default_site.content.site.province
        assert service["jurisdiction"]["name"] == default_site.content.site.province
        assert service["serviceOperator"]["@id"] == f"{base}#co-quan"
        assert proc.field in service["description"] and proc.result in service["description"]
        assert proc.agency not in _values(service, "streetAddress")
        assert len(service["availableChannel"]) == len(proc.methods)


def test_json_ld_of_news(default_site: Built):
    base = str(default_site.content.site.base_url)
    for entry in default_site.content["news"]:
        news = entry.model
        url = f"{base}tin-tuc/{news.slug or entry.id}/"
        article = next(i for i in _json_ld(default_site.site / url.removeprefix(base) / "index.html")
                       if i["@type"] == "NewsArticle")
        assert article["url"] == url and article["mainEntityOfPage"]["@id"] == url
        assert article["headline"] == news.title and article["datePublished"] == news.date.isoformat()
        image = article["image"]
        assert image == base + news.image.src if news.image else image.startswith(base)
        assert (default_site.site / image.removeprefix(base)).is_file()
        assert article["author"]["name"] == news.unit and _page_exists(default_site, article["author"]["url"])
        assert article["publisher"]["@id"] == f"{base}#co-quan" and article["publisher"]["logo"]["url"]


# --------------------------------------------------------------------------- CSV and open data


def _as_cells(value: Any) -> Any:
    """A JSON value as the CSV's documented rules write it, empty parts left out."""
    if isinstance(value, dict):
        kept = {key: _as_cells(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in ("", {}, [])}
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        return [_as_cells(item) for item in value]
    if isinstance(value, list):
        return "; ".join(_as_cells(item) for item in value)
    if isinstance(value, bool):
        return "có" if value else "không"
    return "" if value is None else str(value)


def _nested(row: dict[str, str]) -> Any:
    """A CSV row back to nested data: column "a.2.b" is field b of the second item of list a."""
    tree: dict[str, Any] = {}
    for column, cell in row.items():
        if cell:
            *parents, last = column.split(".")
            node = tree
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = cell
    return _lists(tree)


def _lists(node: Any) -> Any:
    """Objects keyed "1", "2", … as lists."""
    if not isinstance(node, dict):
        return node
    items = {key: _lists(item) for key, item in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def test_csv_opens_in_excel_and_matches_its_json(either_site: Built):
    site = either_site
    files = sorted((site.site / "data").glob("*.csv"))
    assert [p.stem for p in files] == sorted(d.name for d in opendata.DATASETS if d.csv)
    for path in files:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no UTF-8 BOM"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        again = io.StringIO()
        csv.writer(again, lineterminator="\r\n").writerows(rows)
        assert again.getvalue() == raw.decode("utf-8-sig"), f"{path.name}: records end in CRLF"
        header, *body = rows
        assert header, f"{path.name}: a header even without records"
        cells = [cell for row in body for cell in row]
        assert not {"True", "False", "None"} & set(cells)
        assert not [c for c in cells if c.startswith(("{'", '{"', "[{", "['"))], "no Python or JSON literals"
        records = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert len(body) == len(records)
        for row, record in zip(body, records):
            assert _nested(dict(zip(header, row))) == _as_cells(record), (path.name, record.get("code"))


def test_csv_without_records_has_its_header(example_site: Built):
    assert not any(p.model.all_tasks() for p in example_site.content["plans"])
    raw = (example_site.site / "data" / "tasks.csv").read_bytes()
    assert raw == ("\ufeff" + ",".join(plan_kind.TaskRecord.model_fields) + "\r\n").encode("utf-8")


def test_indices_are_open_data(default_site: Built):
    series = default_site.content["indices"][0].model.indices
    data = json.loads((default_site.site / "data" / "indices.json").read_text(encoding="utf-8"))
    assert [(d["key"], d["year"], d["value"]) for d in data] == \
        [(s.key.value, r.year, r.value) for s in series for r in s.results]
    page = default_site.html("du-lieu-mo/")
    names = [row.select_one("td").get_text(strip=True) for row in page.select("article tbody tr")]
    assert names == [d.title for d in opendata.DATASETS]  # every kind's datasets, in the registry's order
    assert names[:3] == ["Thủ tục hành chính", "Đường dây nóng", "Nhiệm vụ trong kế hoạch"]
    hrefs = {a["href"] for a in page.select("article a")}
    assert {"../data/indices.json", "../data/indices.csv", "../data/schema/indices.schema.json"} <= hrefs


def test_a_plan_without_number(default_site: Built):
    site = default_site
    (entry,) = site.content["plans"]
    assert entry.model.number is None
    tasks = json.loads((site.site / "data" / "tasks.json").read_text(encoding="utf-8"))
    assert tasks and all(t["plan_number"] is None for t in tasks)
    assert "…" not in "".join(p.read_text(encoding="utf-8") for p in (site.site / "data").glob("*.*"))
    calendar = Calendar.from_ical((site.site / "lich" / f"{entry.id}.ics").read_bytes())
    assert str(calendar["name"]) == f"Hạn nhiệm vụ – {entry.model.title}"


# --------------------------------------------------------------------------- calendars, ids, robots


def test_calendars_name_themselves(either_site: Built):
    site = either_site.content.site
    for entry in either_site.content["plans"]:
        raw = (either_site.site / "lich" / f"{entry.id}.ics").read_bytes()
        calendar = Calendar.from_ical(raw)
        plan = entry.model
        named = f"Kế hoạch {plan.number}/{plan.symbol}" if plan.number else plan.title
        assert str(calendar["name"]) == f"Hạn nhiệm vụ – {named}"
        assert entry.model.title in str(calendar["description"])
        assert str(calendar["url"]) == f"{site.base_url}ke-hoach/{entry.id}/"
        assert b"REFRESH-INTERVAL;VALUE=DURATION:P1D" in raw
        for event in calendar.walk("VEVENT"):
            uid = str(event["uid"])
            assert uid.startswith(f"tag:{site.id_authority},{site.id_date.isoformat()}:lich/{entry.id}/")
            assert "--" not in uid and not re.search(r"(^|[-/:])-|-($|[/:])", uid.split(":", 2)[2]), uid


def _ids(site: Built) -> dict[str, list[str]]:
    """Every feed's and entry's id, RSS guid and calendar UID, by file."""
    found = {}
    for path in sorted(site.site.rglob("atom.xml")):
        root = etree.parse(str(path)).getroot()
        found[path.relative_to(site.site).as_posix()] = [root.findtext(f"{ATOM}id")] + \
            [e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")]
    for path in sorted(site.site.rglob("feed.xml")):
        found[path.relative_to(site.site).as_posix()] = [g.text for g in etree.parse(str(path)).iter("guid")]
    for path in sorted((site.site / "lich").glob("*.ics")):
        found[path.name] = [str(e["uid"]) for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")]
    return found


def test_ids_do_not_depend_on_the_address(default_site: Built, tmp_path: Path):
    """Moving to the agency's real domain changes every link and no id: subscribers get nothing twice."""
    moved = tmp_path / "content"
    shutil.copytree(CONTENT, moved)
    site_yml = moved / "site.yml"
    old = str(default_site.content.site.base_url)
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace(old, "https://cchc.laichau.gov.vn/"),
                        encoding="utf-8")
    after = Built(moved, tmp_path / "out")
    assert str(after.content.site.base_url) == "https://cchc.laichau.gov.vn/"
    assert "https://cchc.laichau.gov.vn/tin-tuc/" in (after.site / "feed.xml").read_text(encoding="utf-8")
    before_ids, after_ids = _ids(default_site), _ids(after)
    assert sum(map(len, before_ids.values())) > 50 and all(before_ids.values())
    assert after_ids == before_ids


def test_robots_and_posters(default_site: Built):
    base = str(default_site.content.site.base_url)
    robots = (default_site.site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {base}sitemap.xml" in robots.splitlines() and (default_site.site / "sitemap.xml").is_file()
    for entry in default_site.content["procedures"]:
        poster = default_site.html(f"thu-tuc/niem-yet/{entry.id}.html")
        assert poster.select_one('link[rel="canonical"]')["href"] == f"{base}thu-tuc/{entry.id}/"
