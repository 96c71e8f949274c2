"""A province's portal (issue 23): three agencies built apart under their paths, then joined into one site.

What is expected comes from the agencies' content and from each agency built alone, never from the portal
code: the links are followed on disk, the ids read from the feeds and calendars of both builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from icalendar import Calendar
from lxml import etree

from generator.cli import main
from generator.pipeline import portal as pipeline
from generator.pipeline.portal import Changes
from tests.conftest import Built
from tests.portal import AGENCIES, BASE_URL, Portal, built_portal
from tests.test_validators import VNU

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Portal:
    return built_portal(tmp_path_factory.mktemp("portal"))


def _target(site: Path, url: str) -> Path | None:
    """The file a URL path of the portal serves (a folder serves its index.html), or None."""
    path = site / url.lstrip("/")
    for candidate in (path, path / "index.html"):
        if candidate.is_file():
            return candidate
    return None


def _links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [tag.get(attr) for tag in soup.find_all(["a", "link", "script", "img", "source", "form"])
            for attr in ("href", "src", "action") if tag.get(attr)]


def test_every_link_of_every_page_resolves_within_the_portal(portal: Portal):
    """Relative links, and absolute ones on the portal's host (canonical, feeds), lead to a file of the portal."""
    base = urlsplit(BASE_URL)
    pages = sorted(p for p in portal.site.rglob("*.html") if p.name != "404.html")  # 404: links from the root
    assert {p.relative_to(portal.site).parts[0] for p in pages} >= {*AGENCIES, "index.html"}
    broken, checked, absolute = [], 0, 0
    for page in pages:
        here = BASE_URL + page.relative_to(portal.site).as_posix()
        for link in _links(page):
            address = urlsplit(urljoin(here, link))
            if address.scheme not in ("http", "https") or address.netloc != base.netloc:
                continue  # mailto:, tel:, another host
            checked += 1
            absolute += urlsplit(link).netloc == base.netloc
            inside = address.path.startswith(base.path) and ".." not in address.path
            if not inside or _target(portal.site, address.path.removeprefix(base.path)) is None:
                broken.append(f"{page.relative_to(portal.site)}: {link}")
    assert checked > 10_000
    themed = [p for p in pages if "quan-tri" not in p.parts]  # the editors' workspace has no canonical address
    assert absolute >= len(themed)  # each page's canonical address at least: the agencies' addresses moved too
    assert not broken, "\n".join(broken[:20])


def test_the_home_page_lists_each_agency_by_group_with_its_main_hotline(portal: Portal):
    soup = BeautifulSoup((portal.site / "index.html").read_text(encoding="utf-8"), "lxml")
    sections = {s.h2.get_text(): s for s in soup.select("section") if s.select("ul.agencies")}
    assert list(sections) == ["Sở, ban, ngành", "Xã, phường"]
    for agency, (content, group) in AGENCIES.items():
        site_yml = (content / "site.yml").read_text(encoding="utf-8")
        name = re.search(r"^name: (.+)$", site_yml, re.M).group(1).strip('"')
        hotline = re.search(r"^main_hotline: (.+)$", site_yml, re.M).group(1)
        phones = re.findall(r"value: \"?([0-9 ]{9,})", (content / "hotlines" / f"{hotline}.yml").read_text("utf-8"))
        link = sections[group].find("a", href=f"{agency}/")
        assert link.get_text() == name
        calls = {a.get_text() for a in link.find_parent("li").select("a[href^='tel:']")}
        assert phones and {f"Gọi {p}" for p in phones} <= calls


def _feed_ids(site: Path) -> dict[str, set[str]]:
    """Every feed's and calendar's item ids, by file."""
    found = {}
    for path in site.rglob("*.xml"):
        root = etree.parse(str(path)).getroot()
        if root.tag == f"{ATOM}feed":
            found[path.relative_to(site).as_posix()] = {e.findtext(f"{ATOM}id") for e in root.iter(f"{ATOM}entry")}
        elif root.tag == "rss":
            found[path.relative_to(site).as_posix()] = {g.text for g in root.iter("guid")}
    for path in site.rglob("*.ics"):
        events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        found[path.relative_to(site).as_posix()] = {str(e["UID"]) for e in events}
    return found


@pytest.mark.parametrize("agency", list(AGENCIES))
def test_feed_and_calendar_ids_are_those_of_the_agency_built_alone(portal: Portal, build_site, agency: str):
    alone: Built = build_site(AGENCIES[agency][0])
    expected = _feed_ids(alone.site)
    assert sum(map(len, expected.values())) > 5 and any(name.endswith(".ics") for name in expected)
    joined = portal.site / agency
    assert _feed_ids(joined) == expected
    # the same items, at the portal's address: the feed was rebuilt under its path, not copied
    feed = etree.parse(str(joined / "atom.xml")).getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE_URL}{agency}/atom.xml"


def test_each_agency_moves_its_sitemap_and_the_portal_indexes_them(portal: Portal):
    index = etree.parse(str(portal.site / "sitemap.xml")).getroot()
    listed = [loc.text for loc in index.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert listed == [f"{BASE_URL}{agency}/sitemap.xml" for agency in AGENCIES]
    for agency in AGENCIES:
        urls = [loc.text for loc in etree.parse(str(portal.site / agency / "sitemap.xml")).getroot().iter(
            "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert len(urls) > 20
        assert all(url.startswith(f"{BASE_URL}{agency}/") and _target(portal.site, url.removeprefix(BASE_URL))
                   for url in urls)
    assert f"Sitemap: {BASE_URL}sitemap.xml" in (portal.site / "robots.txt").read_text(encoding="utf-8")


def test_the_home_and_404_pages_pass_the_nu_html_checker(portal: Portal, tmp_path: Path):
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs it (npm package vnu-jar)")
    canary = tmp_path / "canary.html"  # a page the checker must reject: proof that it ran
    canary.write_text('<!doctype html><html lang="vi"><title>x</title><div aria-label="x"></div>', encoding="utf-8")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
                             str(portal.site / "index.html"), str(portal.site / "404.html"), str(canary)],
                            capture_output=True, text=True, timeout=300)
    errors = [m for m in json.loads(result.stdout)["messages"] if m["type"] in ("error", "non-document-error")]
    assert {m["url"] for m in errors if m["url"].endswith("/canary.html")}
    found = [f"{m.get('lastLine')}: {m['message']}" for m in errors if not m["url"].endswith("/canary.html")]
    assert not found, "\n".join(found)


def test_the_404_page_leads_from_any_depth_to_the_home_page_and_every_agency(portal: Portal):
    """GitHub Pages answers every missing address of the portal with the root's 404.html, never an agency's."""
    soup = BeautifulSoup((portal.site / "404.html").read_text(encoding="utf-8"), "lxml")
    assert soup.html["lang"] == "vi" and soup.h1.get_text() == "Không tìm thấy trang"
    links = [a["href"] for a in soup.select("a[href]") if not a["href"].startswith("tel:")]
    root = urlsplit(BASE_URL).path
    assert all(link.startswith(root) for link in links)  # from the host's root: right at any depth
    assert {link.removeprefix(root) for link in links} == {"", *(f"{agency}/" for agency in AGENCIES)}
    assert all(_target(portal.site, link.removeprefix(root)) for link in links)
    assert not soup.find("script", src=True)  # the search's script finds its indexes from the home page only


# --------------------------------------------------------------------------- partial rebuilds, failures


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _news_title(content: Path) -> tuple[Path, str]:
    news = sorted((content / "news").glob("*.md"))[0]
    return news, re.search(r"^title: (.+)$", news.read_text(encoding="utf-8"), re.M).group(1).strip('"')


def test_only_the_changed_agency_is_rebuilt_and_the_others_stay_byte_identical(tmp_path: Path):
    portal = built_portal(tmp_path)
    before = {agency: _digests(portal.site / agency) for agency in AGENCIES}
    folders = {agency: (portal.work / agency / "site").stat().st_ino for agency in AGENCIES}
    news, title = _news_title(portal.content("xa-tan-phong"))
    news.write_text(news.read_text(encoding="utf-8").replace(title, "Tin đã sửa để thử dựng lại một phần", 1),
                    encoding="utf-8")
    result = portal.build()
    assert result.returncode == 0, result.stderr
    assert "«xa-tan-phong»: đã dựng lại" in result.stdout
    rebuilt = {a for a in AGENCIES if (portal.work / a / "site").stat().st_ino != folders[a]}
    assert rebuilt == {"xa-tan-phong"}  # a rebuilt site is a new folder swapped in (safety.replace_site)
    for agency in ("so-noi-vu", "so-ldtbxh"):
        assert _digests(portal.site / agency) == before[agency]
    assert _digests(portal.site / "xa-tan-phong") != before["xa-tan-phong"]
    assert "Tin đã sửa để thử dựng lại một phần" in (portal.site / "xa-tan-phong" / "atom.xml").read_text("utf-8")


def test_a_failing_agency_keeps_its_last_good_site_and_is_reported(tmp_path: Path):
    portal = built_portal(tmp_path)
    before = _digests(portal.site / "so-ldtbxh")
    site_yml = portal.content("so-ldtbxh") / "site.yml"
    lines = site_yml.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith("email:"))
    lines[broken] = "email: không-phải-thư"
    site_yml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    news, title = _news_title(portal.content("so-noi-vu"))  # another agency changes in the same run
    news.write_text(news.read_text(encoding="utf-8").replace(title, "Tin mới của cơ quan không lỗi", 1), "utf-8")
    result = portal.build()
    assert result.returncode == 1
    assert "«so-ldtbxh»: KHÔNG dựng được (vẫn đăng trang dựng tốt lần trước)" in result.stderr
    assert f"agencies/so-ldtbxh/site.yml:{broken + 1}: trường «thư điện tử (email)»" in result.stderr
    assert "Traceback" not in result.stderr
    # in a pull request's check, the same errors as annotations on the offending line
    annotated = subprocess.run([*portal.command(), "--format", "github"], capture_output=True, text=True, timeout=600)
    assert annotated.returncode == 1
    assert any(line.startswith("::error file=") and f"/agencies/so-ldtbxh/site.yml,line={broken + 1}::trường «thư điện "
               "tử (email)»" in line for line in annotated.stderr.splitlines())
    assert _digests(portal.site / "so-ldtbxh") == before  # still published, as last built
    assert "Tin mới của cơ quan không lỗi" in (portal.site / "so-noi-vu" / "atom.xml").read_text("utf-8")
    home = BeautifulSoup((portal.site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert home.find("a", href="so-ldtbxh/")
    # fixed, it is built again: the failure is not remembered as a success
    lines[broken] = "email: lienhe@example.org"
    site_yml.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = portal.build()
    assert again.returncode == 0 and "«so-ldtbxh»: đã dựng lại" in again.stdout


def test_an_agency_that_never_built_is_left_out_and_the_others_are_published(tmp_path: Path):
    portal = Portal(tmp_path)
    (portal.content("xa-tan-phong") / "site.yml").unlink()
    result = portal.build()
    assert result.returncode == 1
    assert "«xa-tan-phong»: KHÔNG dựng được (không có trang nào được đăng)" in result.stderr
    assert "thiếu tệp site.yml" in result.stderr
    assert (portal.site / "so-noi-vu" / "index.html").is_file() and not (portal.site / "xa-tan-phong").exists()
    home = BeautifulSoup((portal.site / "index.html").read_text(encoding="utf-8"), "lxml")
    assert not home.find("a", href="xa-tan-phong/") and home.find("a", href="so-ldtbxh/")


# --------------------------------------------------------------------------- portal.yml and --base-path


def test_portal_yml_errors_name_file_line_and_field_in_vietnamese(tmp_path: Path, capsys):
    (tmp_path / "a").mkdir()
    (tmp_path / "portal.yml").write_text(
        "name: Cổng thử\nbase_url: https://example.org/cong\nagencies:\n"
        "  - id: so-a\n    content: a\n    path: so-a\n    group: Sở\n"
        "  - id: so-b\n    content: khong-co\n    path: /so-b/\n    group: Sở\n    hotline: 1\n"
        "  - id: so-b\n    content: a\n    path: /so-c/\n    group: Sở\n", encoding="utf-8")
    assert main(["portal", "build", "--portal", str(tmp_path / "portal.yml"), "--build-dir", str(tmp_path / "w"),
                 "--site-dir", str(tmp_path / "s"), "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path}/portal.yml:2: trường «địa chỉ cổng (base_url)»: địa chỉ cổng phải kết thúc bằng dấu /" in err
    assert "portal.yml:6: trường «các cơ quan thứ 1 › đường dẫn trong cổng (agencies[0].path)»" in err
    assert "ví dụ «/so-tu-phap/»" in err
    assert "portal.yml:12:" in err and "hotline" in err
    # a missing folder, though other fields are wrong: every error at once, at its line
    assert ("portal.yml:9: trường «các cơ quan thứ 2 › thư mục nội dung (agencies[1].content)»: không có thư mục "
            "«khong-co»") in err
    assert "portal.yml:13: trường «các cơ quan thứ 3 › mã cơ quan (agencies[2].id)»: «so-b» đã là mã cơ quan của cơ " \
           "quan thứ 2" in err
    assert "Có 5 lỗi trong" in err
    assert "Traceback" not in err and not (tmp_path / "w").exists() and not (tmp_path / "s").exists()


def test_base_path_refuses_a_path_not_written_as_one(capsys):
    with pytest.raises(SystemExit):
        main(["build", "--base-path", "so-tu-phap"])
    assert "«so-tu-phap» không phải đường dẫn bắt đầu và kết thúc bằng dấu /" in capsys.readouterr().err


def test_the_work_folder_must_be_one_cchc_made(tmp_path: Path):
    portal = Portal(tmp_path)
    portal.work.mkdir()
    (portal.work / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    result = portal.build()
    assert result.returncode == 1 and "Không dựng" in result.stderr and "cchc không ghi vào đó" in result.stderr
    assert (portal.work / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi" and not portal.site.exists()


def test_a_matrix_job_builds_one_agency_and_the_join_only_joins(tmp_path: Path):
    """What the workflow's jobs run: ``--agency`` builds without joining, ``--join-only`` joins without building."""
    portal = built_portal(tmp_path)
    home = (portal.site / "index.html").stat().st_ino
    news, title = _news_title(portal.content("so-noi-vu"))
    news.write_text(news.read_text(encoding="utf-8").replace(title, "Tin dựng trong một việc của ma trận", 1), "utf-8")
    folders = {agency: (portal.work / agency / "site").stat().st_ino for agency in AGENCIES}
    one = subprocess.run([*portal.command(), "--agency", "so-noi-vu,xa-tan-phong"], capture_output=True, text=True,
                         timeout=600)  # a job of the matrix: its agencies, as `cchc portal matrix` lists them
    assert one.returncode == 0, one.stderr
    assert "«xa-tan-phong»: giữ nguyên" in one.stdout and "so-ldtbxh" not in one.stdout
    assert {a for a in AGENCIES if (portal.work / a / "site").stat().st_ino != folders[a]} == {"so-noi-vu"}
    assert (portal.site / "index.html").stat().st_ino == home  # not joined
    assert "Tin dựng trong một việc của ma trận" not in (portal.site / "so-noi-vu" / "atom.xml").read_text("utf-8")
    joined = subprocess.run([*portal.command(), "--join-only"], capture_output=True, text=True, timeout=600)
    assert joined.returncode == 0 and "đã dựng lại" not in joined.stdout
    assert "Tin dựng trong một việc của ma trận" in (portal.site / "so-noi-vu" / "atom.xml").read_text("utf-8")

    unknown = subprocess.run([*portal.command(), "--agency", "so-khong-co"], capture_output=True, text=True, timeout=600)
    assert unknown.returncode == 1 and "Không có cơ quan «so-khong-co»" in unknown.stderr


# --------------------------------------------------------------------------- time: news dated in the future


def test_a_news_item_dated_in_the_future_comes_out_when_due_though_no_file_changed(tmp_path: Path):
    """The files hash the same all day; the site does not: an item dated 11:00 is out with the first build after."""
    portal = Portal(tmp_path)
    news, title = _news_title(portal.content("xa-tan-phong"))
    text = re.sub(r"^date: .*$", "date: 2026-12-10T11:00:00+07:00", news.read_text(encoding="utf-8"), count=1, flags=re.M)
    (news.parent / "2026-12-10-tin-hen-gio.md").write_text(text.replace(title, "Tin hẹn giờ của xã", 1), "utf-8")

    def build(now: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*portal.command(), "--now", now], capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result

    def published() -> bool:
        return "Tin hẹn giờ của xã" in (portal.site / "xa-tan-phong" / "atom.xml").read_text(encoding="utf-8")

    build("2026-12-10T09:00:00+07:00")
    assert not published()
    before = build("2026-12-10T10:59:00+07:00")
    assert "đã dựng lại" not in before.stdout and not published()
    due = build("2026-12-10T11:00:00+07:00")
    assert "«xa-tan-phong»: đã dựng lại" in due.stdout and due.stdout.count("đã dựng lại") == 1
    assert published()
    # a clock set back (--now) before the item's time: the window the site was built for has not begun
    back = build("2026-12-10T10:59:00+07:00")
    assert "«xa-tan-phong»: đã dựng lại" in back.stdout and back.stdout.count("đã dựng lại") == 1
    assert not published()
    # the pages say the day they were built on (a plan's progress «tính đến ngày»): every agency, once a day
    next_day = build("2026-12-11T00:17:00+07:00")
    assert next_day.stdout.count("đã dựng lại") == len(AGENCIES)
    assert "tính đến ngày <time datetime=\"2026-12-11\">11/12/2026</time>" in next(
        (portal.site / "so-noi-vu" / "ke-hoach").rglob("tien-do/index.html")).read_text(encoding="utf-8")
    assert published()


# --------------------------------------------------------------------------- pull requests: what a change concerns


def _git(folder: Path, *args: str) -> None:
    identity = {"GIT_AUTHOR_NAME": "Biên tập viên", "GIT_AUTHOR_EMAIL": "btv@example.org",
                "GIT_COMMITTER_NAME": "Biên tập viên", "GIT_COMMITTER_EMAIL": "btv@example.org"}
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env={**os.environ, **identity})


def test_changed_files_name_the_agencies_whose_build_they_change(tmp_path: Path):
    portal = Portal(tmp_path)
    setup = pipeline.read(portal.file)

    def changes(*paths: str) -> Changes:
        return pipeline.changes(setup, portal.file, list(paths))

    assert changes("agencies/xa-tan-phong/news/2024-03-05-x.md") == Changes(("xa-tan-phong",), False, ())
    both = changes("agencies/xa-tan-phong/site.yml", "agencies/so-noi-vu/procedures/1.001193.yml")
    assert both == Changes(("so-noi-vu", "xa-tan-phong"), False, ())  # in portal.yml's order
    # a folder whose name begins with an agency's is not that agency's
    assert changes("agencies/so-noi-vu-cu/site.yml") == Changes((), False, ("agencies/so-noi-vu-cu/site.yml",))
    # portal.yml: a path or the address moves every agency's links, and the home page lists them all
    assert changes("portal.yml", "agencies/so-noi-vu/site.yml") == Changes(tuple(AGENCIES), True, ())
    # what every agency's build reads: in every agency's fingerprint, so every agency
    assert changes("generator/templates/home.html.j2").portal and changes("requirements.lock").portal
    # in no build at all (a README, the repository's notes): nothing to build, and the check says so
    assert changes("README.md", ".github/CODEOWNERS") == Changes((), False, ("README.md", ".github/CODEOWNERS"))


def test_a_pull_request_builds_the_agency_it_changes_and_no_other(tmp_path: Path):
    """What portal-pull-request.yml runs: `cchc portal changed` and `cchc portal build --since` the base."""
    portal = Portal(tmp_path)
    _git(portal.folder, "init", "-q", "-b", "main")
    _git(portal.folder, "add", "-A")
    _git(portal.folder, "commit", "-qm", "Cổng")
    _git(portal.folder, "switch", "-qc", "sua-tin")
    news, title = _news_title(portal.content("xa-tan-phong"))
    news.write_text(news.read_text(encoding="utf-8").replace(title, "Tin sửa trong pull request", 1), "utf-8")
    (portal.folder / "README.md").write_text("Ghi chú của cổng\n", encoding="utf-8")
    _git(portal.folder, "commit", "-qam", "Sửa tin")
    _git(portal.folder, "add", "README.md")
    _git(portal.folder, "commit", "-qm", "Ghi chú")
    changed = [sys.executable, "-m", "generator", "portal", "changed", "--portal", str(portal.file), "--since", "main"]
    said = subprocess.run(changed, capture_output=True, text=True, timeout=120)
    assert said.returncode == 0, said.stderr
    assert said.stdout.splitlines() == ["Cơ quan thay đổi: xa-tan-phong.",
                                        "Tệp ngoài mọi cơ quan (không cơ quan nào dựng từ chúng): README.md."]
    built = subprocess.run([*portal.command(), "--since", "main"], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in portal.work.iterdir() if p.is_dir()) == ["xa-tan-phong"]
    assert "Tin sửa trong pull request" in (portal.work / "xa-tan-phong" / "site" / "atom.xml").read_text("utf-8")
    assert not portal.site.exists()  # one agency: nothing to join
    # portal.yml changed: the whole portal, for the workflow's $GITHUB_OUTPUT
    portal.file.write_text(portal.file.read_text(encoding="utf-8").replace("(minh họa)", "(thử)"), "utf-8")
    _git(portal.folder, "commit", "-qam", "Đổi tên cổng")
    whole = subprocess.run([*changed, "--github-output"], capture_output=True, text=True, timeout=120)
    assert whole.stdout == f"agencies={json.dumps(list(AGENCIES))}\nportal=true\n"
    unknown = subprocess.run([*changed[:-1], "khong-co"], capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 1 and "git không so được với «khong-co»" in unknown.stderr
    assert "Traceback" not in unknown.stderr


# --------------------------------------------------------------------------- the matrix's jobs


def test_the_matrix_packs_small_agencies_of_one_group_into_one_job(tmp_path: Path):
    portal = Portal(tmp_path)
    setup = pipeline.read(portal.file)
    files = {agency: sum(1 for p in portal.content(agency).rglob("*") if p.is_file()) for agency in AGENCIES}
    departments = files["so-noi-vu"] + files["so-ldtbxh"]
    assert pipeline.batches(setup, portal.file, departments) == [  # the commune is of another group
        {"key": "so-noi-vu--so-ldtbxh", "agencies": "so-noi-vu,so-ldtbxh"},
        {"key": "xa-tan-phong", "agencies": "xa-tan-phong"}]
    assert [job["agencies"] for job in pipeline.batches(setup, portal.file, departments - 1)] == list(AGENCIES)
    printed = subprocess.run([sys.executable, "-m", "generator", "portal", "matrix", "--portal", str(portal.file)],
                             capture_output=True, text=True, timeout=120)
    assert json.loads(printed.stdout) == pipeline.batches(setup, portal.file)


def test_the_matrix_stays_within_256_jobs(tmp_path: Path):
    lines = ["name: Cổng lớn", "base_url: https://cong.example.org/", "agencies:"]
    for number in range(300):
        (tmp_path / f"xa-{number:03d}").mkdir()
        (tmp_path / f"xa-{number:03d}" / "site.yml").write_text("name: x\n", encoding="utf-8")
        lines += [f"  - id: xa-{number:03d}", f"    content: xa-{number:03d}", f"    path: /xa-{number:03d}/",
                  "    group: Xã, phường"]
    (tmp_path / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    jobs = pipeline.batches(pipeline.read(tmp_path / "portal.yml"), tmp_path / "portal.yml", budget=1)
    assert len(jobs) == 150  # one file each: 300 jobs of one are too many, so two a job
    assert [id for job in jobs for id in job["agencies"].split(",")] == [f"xa-{n:03d}" for n in range(300)]
