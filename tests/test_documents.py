"""The documents library (văn bản): built pages, links from plans and procedures, feeds, open data, JSON-LD,
the editors' report of cited documents the library lacks, the scaffold, and bad input through the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import extruct
import feedparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from lxml import etree

from generator import cli
from generator.core.fields import document_key
from generator.core.vietnamese import fold
from generator.kinds import documents
from generator.pipeline import load
from tests.conftest import CONTENT, EXAMPLES, REPO, Built
from tests.test_validators import atom_schema  # noqa: F401 - the RFC 4287 RELAX NG fixture

ATOM = "{http://www.w3.org/2005/Atom}"
PLAN = "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"
DOC = "documents/nghi-dinh-45-2020-nd-cp.yml"
DOC_2 = "documents/luat-60-2014-qh13.yml"


def _sources(root: Path) -> dict[str, dict]:
    """Every document file of a content folder as an editor wrote it, by slug."""
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "documents").glob("*.yml"))}


def _date(value) -> str:
    return value.strftime("%d/%m/%Y")


def _rows(site: Built, url: str) -> dict[str, str]:
    """The library table of a page: document page (slug) → the row's text."""
    table = site.html(url).select_one("table.cchc-documents")
    return {a["href"].rstrip("/").rsplit("/", 1)[-1]: " ".join(tr.get_text(" ").split())
            for tr in table.select("tbody tr") for a in tr.select("td a")[:1]}


@pytest.fixture(scope="module", params=["content", "ubnd-lao-cai"])
def site(request, build_site) -> Built:
    return build_site(CONTENT if request.param == "content" else EXAMPLES / request.param)


def test_the_library_holds_the_researchers_documents(default_site: Built):
    docs = _sources(CONTENT)
    assert len(docs) >= 15
    keys = {document_key(d["number"]) for d in docs.values() if d["number"]}
    plans = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (CONTENT / "plans").glob("*.yml")]
    assert all(document_key(b["number"]) in keys for plan in plans for b in plan["legal_bases"])


def test_every_document_is_listed_newest_first_with_its_facts(site: Built):
    docs = _sources(site.paths.content)
    rows = _rows(site, "van-ban/")
    assert set(rows) == set(docs)
    order = [(d["issued"] or dt.date(d["year"], 1, 1)) for d in
             (docs[slug] for slug in rows)]
    assert order == sorted(order, reverse=True)
    for slug, doc in docs.items():
        row = rows[slug]
        assert (doc["number"] or "Không số") in row and doc["type"] in row and doc["abstract"] in row
        assert doc["status"].capitalize() in row
        assert (_date(doc["issued"]) if doc["issued"] else f"Năm {doc['year']}") in row


# Each list's address, written out by hand (marks dropped, Đ to d, words joined by hyphens), for both sites
LIST_ADDRESSES = {
    "Kế hoạch": "ke-hoach", "Luật": "luat", "Bộ luật": "bo-luat", "Nghị quyết": "nghi-quyet",
    "Nghị định": "nghi-dinh", "Pháp lệnh": "phap-lenh", "Thông tư": "thong-tu", "Văn bản khác": "van-ban-khac",
    "Ban Chấp hành Đảng bộ tỉnh Lai Châu": "ban-chap-hanh-dang-bo-tinh-lai-chau",
    "Bộ Giáo dục và Đào tạo": "bo-giao-duc-va-dao-tao", "Bộ Tư pháp": "bo-tu-phap", "Chính phủ": "chinh-phu",
    "Quốc hội": "quoc-hoi", "Ủy ban Thường vụ Quốc hội": "uy-ban-thuong-vu-quoc-hoi",
    "Ủy ban nhân dân tỉnh Lai Châu": "uy-ban-nhan-dan-tinh-lai-chau", "Bộ Giao thông vận tải": "bo-giao-thong-van-tai",
    "Bộ Kế hoạch và Đầu tư": "bo-ke-hoach-va-dau-tu", "Bộ Tài chính": "bo-tai-chinh",
    "Tỉnh ủy Lào Cai": "tinh-uy-lao-cai", "Ủy ban nhân dân tỉnh Lào Cai": "uy-ban-nhan-dan-tinh-lao-cai",
    "chưa xác định": "chua-xac-dinh",
}


def test_every_document_is_on_its_four_lists(site: Built):
    docs = _sources(site.paths.content)
    library = site.html("van-ban/")
    listed = {a["href"] for a in library.select("#xem-theo ~ ul a")}
    for slug, doc in docs.items():
        year = str(doc["issued"].year if doc["issued"] else doc["year"])
        for folder, value in (("loai", doc["type"]), ("co-quan", doc["issuer"]), ("nam", year),
                              ("tinh-trang", doc["status"])):
            address = value if folder == "nam" else LIST_ADDRESSES[value]
            url = f"van-ban/{folder}/{address}/"
            assert f"{folder}/{address}/" in listed, url
            assert slug in _rows(site, url), (slug, url)
    # and nothing else is on a list
    for page in (site.site / "van-ban" / "loai").glob("*/index.html"):
        kind = site.html(f"van-ban/loai/{page.parent.name}/").h1.get_text()
        assert {s for s in _rows(site, f"van-ban/loai/{page.parent.name}/")} == \
            {s for s, d in docs.items() if kind.endswith(d["type"])}


def test_each_document_page_says_every_public_field(site: Built):
    docs = _sources(site.paths.content)
    for slug, doc in docs.items():
        text = site.text(f"van-ban/{slug}/")
        assert site.html(f"van-ban/{slug}/").h1.get_text() == f"{doc['type']} {doc['number'] or '(không số)'}"
        assert doc["abstract"][1:] in text and doc["issuer"] in text and ", ".join(doc["fields"]) in text
        assert doc["status"].capitalize() in text
        if doc["issued"]:
            assert _date(doc["issued"]) in text
        if doc.get("signer"):
            assert doc["signer"] in text
        if doc["status"] == "chưa xác định":
            assert "chưa kiểm tra hiệu lực" in text and site.html(f"van-ban/{slug}/").select_one('a[href="https://vbpl.vn/"]')
        assert ("dữ liệu minh họa" in text) == doc["illustrative"]
        assert doc["source"] not in text  # a note for editors, never shown


def test_related_documents_link_both_ways(site: Built):
    docs = _sources(site.paths.content)
    for slug, doc in docs.items():
        section = site.html(f"van-ban/{slug}/").select_one("#lien-quan + ul")
        linked = {a["href"].rstrip("/").rsplit("/", 1)[-1] for a in section.select("a")} if section else set()
        expected = set(doc["related"]) | {other for other, d in docs.items() if slug in d["related"]}
        assert linked == expected, slug


def test_plans_and_procedures_link_their_legal_bases_to_the_library(default_site: Built):
    docs = {document_key(d["number"]): slug for slug, d in _sources(CONTENT).items() if d["number"]}
    plan = default_site.html("ke-hoach/ke-hoach-tuyen-truyen-cchc-lai-chau-2024/")
    bases = yaml.safe_load((CONTENT / PLAN).read_text(encoding="utf-8"))["legal_bases"]
    rows = plan.select("#can-cu tbody tr")
    assert len(rows) == len(bases)
    for row, base in zip(rows, bases):
        link = row.select_one("a")
        assert link.get_text() == base["number"]
        assert link["href"] == f"../../van-ban/{docs[document_key(base['number'])]}/"
    checked = 0
    for path in sorted((CONTENT / "procedures").glob("*.yml")):
        proc = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = default_site.html(f"thu-tuc/{path.stem}/")
        links = {a.get_text(): a["href"] for a in page.select('a[href*="van-ban/"]')}
        for basis in proc["legal_basis"]:
            slug = docs.get(document_key(basis["number"]))
            assert slug, basis["number"]  # the researcher's library holds every procedure's legal basis
            assert links[basis["number"]] == f"../../van-ban/{slug}/"
            checked += 1
            # and the document's page names the procedure that cites it
            cited = default_site.html(f"van-ban/{slug}/").select("#trich-dan + ul a")
            assert f"../../thu-tuc/{path.stem}/" in {a["href"] for a in cited}
    assert checked >= 25


def test_the_file_size_shown_is_the_files(default_site: Built):
    for slug, doc in _sources(CONTENT).items():
        if not doc.get("file"):
            continue
        size = (CONTENT / doc["file"]).stat().st_size
        shown = f"{round(size / 1000)} kB" if size < 1_000_000 else f"{size / 1e6:.1f} MB".replace(".", ",")
        button = default_site.html(f"van-ban/{slug}/").select_one("#toan-van ~ p a.md-button")
        assert f"(PDF, {shown})" in button.get_text(), (shown, button.get_text())
        served = default_site.site / button["href"].replace("../", "", 2)
        assert served.stat().st_size == size
        return
    pytest.fail("no document of the default site has a file")


def test_the_feeds_parse_and_validate(site: Built, atom_schema: etree.RelaxNG):  # noqa: F811
    docs = _sources(site.paths.content)
    base = str(site.content.site.base_url)
    newest = [e.id for e in site.content["documents"]][: site.content.site.feed_items]
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse((site.site / "van-ban" / name).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert [e.link for e in feed.entries] == [f"{base}van-ban/{slug}/" for slug in newest]
        assert [e.title for e in feed.entries] == [
            f"{docs[s]['type']} {docs[s]['number'] or '(không số)'}" for s in newest]
        dates = [e.published_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert len({e.id for e in feed.entries}) == len(newest)
        assert all(e.id.startswith(f"tag:{site.content.site.id_authority},") for e in feed.entries)
    doc = etree.parse(str(site.site / "van-ban" / "atom.xml"))
    assert atom_schema.validate(doc), atom_schema.error_log
    library = site.html("van-ban/")
    heads = {(link["type"], link["href"]) for link in library.select('link[rel="alternate feed"]')}
    assert {("application/rss+xml", "feed.xml"), ("application/atom+xml", "atom.xml")} <= heads
    assert {a["href"] for a in library.select(".cchc-subscribe a")} == {"feed.xml", "atom.xml"}


def test_feed_ids_stay_when_the_site_moves(default_site: Built, tmp_path: Path, build_site):
    moved = tmp_path / "content"
    shutil.copytree(CONTENT, moved)
    site_yml = moved / "site.yml"
    text = site_yml.read_text(encoding="utf-8")
    site_yml.write_text(re.sub(r"^base_url: .*$", "base_url: https://cchc.example.vn/", text, flags=re.MULTILINE),
                        encoding="utf-8")
    def ids(site: Built) -> list[str]:
        return [e.id for e in feedparser.parse((site.site / "van-ban" / "atom.xml").read_bytes()).entries]

    assert ids(build_site(moved)) == ids(default_site)


def test_the_dataset_validates_against_its_schema(site: Built):
    data = json.loads((site.site / "data" / "documents.json").read_text(encoding="utf-8"))
    schema = json.loads((site.site / "data" / "schema" / "documents.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    docs = _sources(site.paths.content)
    assert {r["id"] for r in data} == set(docs)
    base = str(site.content.site.base_url)
    for record in data:
        assert record["page"] == f"{base}van-ban/{record['id']}/"
        assert "source" not in record and record["abstract"] == docs[record["id"]]["abstract"]
    assert (site.site / "data" / "documents.csv").read_text(encoding="utf-8-sig").startswith("type,number,")


def test_json_ld_is_legislation_or_a_document(site: Built):
    docs = _sources(site.paths.content)
    base = str(site.content.site.base_url)
    for slug, doc in docs.items():
        html = (site.site / "van-ban" / slug / "index.html").read_text(encoding="utf-8")
        found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
        items = [i for i in found if i.get("@type") in ("Legislation", "DigitalDocument")]
        assert len(items) == 1, slug
        item = items[0]
        assert item["url"] == f"{base}van-ban/{slug}/" and item["abstract"] == doc["abstract"]
        normative = doc["type"] in ("Luật", "Bộ luật", "Pháp lệnh") or bool(
            doc["number"] and re.match(r"^\d+/\d{4}/", doc["number"]))
        assert item["@type"] == ("Legislation" if normative else "DigitalDocument"), slug
        if normative:
            assert item["legislationIdentifier"] == doc["number"]
            assert item["legislationPassedBy"]["name"] == doc["issuer"]
            if doc["issued"]:
                assert item["legislationDate"] == doc["issued"].isoformat()
            assert "legislationLegalForce" not in item or doc["status"] != "chưa xác định"


def test_search_finds_a_document_by_number_and_abstract(default_site: Built):
    """Pagefind indexes each page's record (build/search/): the number is a weighted term, the abstract described."""
    for slug, doc in _sources(CONTENT).items():
        record = BeautifulSoup((default_site.paths.build / "search" / f"van-ban~{slug}.html").read_text(encoding="utf-8"),
                               "html.parser")
        assert record.h1.get_text() == f"{doc['type']} {doc['number'] or '(không số)'}"
        terms = record.select_one('p[data-pagefind-weight="5"]').get_text()
        if doc["number"]:
            assert terms.startswith(doc["number"])
        assert any(doc["abstract"] in p.get_text() for p in record.select('p[data-pagefind-weight="2"]'))


# --------------------------------------------------------------------------- the library's filter markup


def test_the_filter_is_in_the_html_and_each_row_carries_what_it_filters_on(default_site: Built):
    page = default_site.html("van-ban/")
    form = page.select_one("form[data-cchc-doc-filters]")
    assert form.select_one("input#loc-van-ban[type=search]") and form["action"] == "../tim-kiem/"
    docs = _sources(CONTENT)
    types = [o["value"] for o in form.select("#loc-loai option") if o["value"]]
    assert set(types) == {d["type"] for d in docs.values()}
    for row in page.select("tr.cchc-doc"):
        slug = row.select_one("a")["href"].rstrip("/").rsplit("/", 1)[-1]
        doc = docs[slug]
        assert row["data-type"] == doc["type"] and row["data-status"] == doc["status"]
        assert row["data-year"] == str(doc["issued"].year if doc["issued"] else doc["year"])
    script = (REPO / "overrides" / "assets" / "javascripts" / "cchc.js").read_text(encoding="utf-8")
    assert "/* Văn bản: document library filter */" in script and "data-cchc-doc-filters" in script
    assert fold("Đ") == "d"  # the script folds like core/vietnamese.fold: đ → d


# --------------------------------------------------------------------------- editors' report


def test_cited_documents_the_library_lacks_are_reported(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    assert documents.missing_documents(load.load(root)) == []
    (root / DOC).unlink()
    text = (root / PLAN).read_text(encoding="utf-8")
    (root / PLAN).write_text(text.replace('  - number: "76/NQ-CP"', '  - number: "99/NQ-CP"\n    title: "thử"\n'
                                          '  - number: "76/NQ-CP"', 1), encoding="utf-8")
    for other in (root / "documents").glob("*.yml"):  # what named the removed file
        other.write_text(other.read_text(encoding="utf-8").replace(", nghi-dinh-45-2020-nd-cp", "")
                         .replace("nghi-dinh-45-2020-nd-cp, ", "").replace("[nghi-dinh-45-2020-nd-cp]", "[]"),
                         encoding="utf-8")
    content = load.load(root)
    missing = {m.number: m for m in documents.missing_documents(content)}
    assert set(missing) == {"45/2020/NĐ-CP", "99/NQ-CP"}
    line = next(i for i, ln in enumerate((root / PLAN).read_text(encoding="utf-8").split("\n"), 1)
                if "99/NQ-CP" in ln)
    assert missing["99/NQ-CP"].cited_at == ((Path(PLAN), line),)
    report = "\n".join(documents.missing_report(content))
    assert f"{PLAN}:{line}" in report and "Thư viện văn bản chưa có 2 văn bản" in report
    procedures = {p.as_posix() for p, _ in missing["45/2020/NĐ-CP"].cited_at}
    assert procedures and all(p.startswith("procedures/") for p in procedures)
    # what an editor sees: cchc validate prints the list after its summary, and the content is still valid
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.index("Nội dung hợp lệ") < result.stdout.index("Thư viện văn bản chưa có 2 văn bản")
    assert f"{PLAN}:{line}" in result.stdout


# --------------------------------------------------------------------------- scaffold


def test_new_document_scaffold(tmp_path: Path, capsys):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    assert cli.main(["new", "document", "12/2024/TT-BNV", "--content", str(root)]) == 0
    path = root / "documents" / "thong-tu-12-2024-tt-bnv.yml"
    text = path.read_text(encoding="utf-8")
    first = text.split("\n")[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (path.parent / first.split("=", 1)[1]).resolve() == REPO / "generator" / "schemas" / "document.schema.json"
    assert "type: Thông tư" in text and 'number: "12/2024/TT-BNV"' in text and "# trích yếu (bắt buộc)" in text
    capsys.readouterr()
    filled = (text.replace('issuer: ""', 'issuer: "Bộ Nội vụ"').replace('issued: ""', "issued: 10/05/2024")
              .replace('abstract: ""', 'abstract: "thử"').replace('  - ""', '  - "Nội vụ"'))
    path.write_text(filled, encoding="utf-8")
    assert cli.main(["validate", "--content", str(root)]) == 0, capsys.readouterr().err


# --------------------------------------------------------------------------- bad input


def _replace(root: Path, rel: str, old: str, new: str) -> int:
    """Replace ``old`` (a whole line) in a file; the line it was on."""
    lines = (root / rel).read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number:number + 1] = new.split("\n")
    (root / rel).write_text("\n".join(lines), encoding="utf-8")
    return number + 1


CASES = {
    "yaml syntax": (DOC, 'abstract: "Về thực hiện thủ tục hành chính trên môi trường điện tử"',
                    'abstract: "Quy định: về thực hiện', None),
    "wrong type": (DOC, "type: Nghị định", "type: Nghị định thư", "loại văn bản (type)"),
    "impossible date": (DOC, "issued: 2020-04-08", "issued: 31/02/2020", "ngày ban hành (issued)"),
    "in force before issue": (DOC, "issued: 2020-04-08", "issued: 2020-04-08\nin_force: 2020-01-01",
                              "ngày có hiệu lực (in_force)"),
    "replaced without replaced_by": (DOC, "status: chưa xác định", "status: bị thay thế",
                                     "tình trạng hiệu lực (status)"),
    "replaced_by yet in force": (DOC, "status: chưa xác định",
                                 "status: còn hiệu lực\nreplaced_by: luat-60-2014-qh13", "tình trạng hiệu lực (status)"),
    "undated without a year": (DOC, "issued: 2020-04-08", "issued: null", "ngày ban hành (issued)"),
    "replaced_by missing document": (DOC, "status: chưa xác định",
                                     "status: bị thay thế\nreplaced_by: nghi-dinh-999-2099-nd-cp",
                                     "văn bản thay thế (replaced_by)"),
    "related missing document": (DOC, "related: []", "related: [luat-khong-co]",
                                 "văn bản liên quan thứ 1 (related[0])"),
    "file not in assets": (DOC, "url: null", "file: ../bi-mat.pdf", "tệp văn bản (file)"),
    "file missing": (DOC, "url: null", "file: assets/van-ban/khong-co.pdf", "tệp văn bản (file)"),
    "not a pdf": (DOC, "url: null", "file: assets/anh/2024-02-27-mot-cua-minh-hoa.png", "tệp văn bản (file)"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_at_its_line(case: str, tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    rel, old, new, field = CASES[case]
    line = _replace(root, rel, old, new)
    line += 1 if case in ("in force before issue",) else 0
    line += 1 if case == "replaced_by missing document" else 0
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{rel}:{line}:" in result.stderr, result.stderr
    if field:
        assert field in result.stderr, result.stderr


def test_a_duplicate_number_is_an_error_in_both_files(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    line = _replace(root, DOC_2, 'number: "60/2014/QH13"', 'number: "45/2020/nđ-cp"')
    doc_line = next(i for i, ln in enumerate((root / DOC).read_text(encoding="utf-8").split("\n"), 1)
                    if ln.startswith("number:"))
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{DOC_2}:{line}:" in result.stderr and f"{DOC}:{doc_line}:" in result.stderr
    assert result.stderr.count("số, ký hiệu (number)") == 2


def test_a_replaced_document_links_to_what_replaced_it_and_back(tmp_path: Path, build_site):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    _replace(root, DOC, "status: chưa xác định", "status: bị thay thế\nreplaced_by: nghi-dinh-101-2024-nd-cp")
    site = build_site(root)
    old = site.html("van-ban/nghi-dinh-45-2020-nd-cp/")
    status = old.select_one("#tinh-trang + p")
    assert "Bị thay thế" in status.get_text() and status.select_one("a")["href"] == "../nghi-dinh-101-2024-nd-cp/"
    new = site.html("van-ban/nghi-dinh-101-2024-nd-cp/")
    assert any(a["href"] == "../nghi-dinh-45-2020-nd-cp/" for a in new.select("#tinh-trang ~ p a"))
    found = extruct.extract(str(old), syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [i["legislationLegalForce"] for i in found if i.get("@type") == "Legislation"] == \
        ["https://schema.org/NotInForce"]
    assert "nghi-dinh-45-2020-nd-cp" in _rows(site, "van-ban/tinh-trang/bi-thay-the/")
