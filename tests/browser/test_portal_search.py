"""The portal's home page in Chromium: one search across the agencies (Pagefind's mergeIndex), and axe.

The portal (tests/portal.py) is served below its own path, as its host serves it. What a result should
be is read from the agencies' own search records on disk, not from the portal's code.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import LOCAL_HOST, VIEWPORTS, _SiteHandler, assert_local, guarded_context, serving
from tests.browser.test_accessibility import AXE_JS, RUN_AXE, WCAG_TAGS, describe
from tests.portal import AGENCIES, BASE_URL, Portal, built_portal


@pytest.fixture(scope="module")
def served_portal(tmp_path_factory) -> Iterator[tuple[Portal, str]]:
    portal = built_portal(tmp_path_factory.mktemp("portal"))
    prefix = urlsplit(BASE_URL).path
    handler = functools.partial(type("Handler", (_SiteHandler,), {"prefix": prefix}), directory=str(portal.site))
    with serving(handler, "portal-server") as port:
        yield portal, f"http://{LOCAL_HOST}:{port}{prefix}"


@pytest.fixture
def home(browser, served_portal):
    """The portal's home page on a phone, every request recorded (nothing may leave 127.0.0.1)."""
    requests: list[str] = []
    context = guarded_context(browser, requests, viewport=VIEWPORTS[390], is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served_portal[1])
    yield page
    context.close()
    assert_local(requests)


def _search(page, query: str, agency: str = "") -> list[tuple[str, str]]:
    """Search from the home page: each result's (link, agency named under it)."""
    page.fill("#q", query)
    page.select_option("#co-quan", agency)
    page.click("button[type=submit]")
    page.wait_for_function("document.getElementById('trang-thai').textContent.startsWith('Có ')")
    return [(li.query_selector("a").get_attribute("href"), li.query_selector(".from").inner_text())
            for li in page.query_selector_all("#ket-qua li")]


def _holding(portal: Portal, word: str) -> set[str]:
    """The agencies whose search records hold ``word``: what the search must reach."""
    return {a for a in AGENCIES if any(word in p.read_text(encoding="utf-8").lower()
                                       for p in (portal.work / a / "build" / "search").rglob("*.html"))}


def _name(portal: Portal, agency: str) -> str:
    site_yml = (portal.content(agency) / "site.yml").read_text(encoding="utf-8")
    return next(line.removeprefix("name: ").strip('"') for line in site_yml.splitlines() if line.startswith("name: "))


def _file_of(portal: Portal, base: str, href: str) -> Path:
    path = portal.site / href.removeprefix(base)
    return path / "index.html" if href.endswith("/") else path


def test_a_search_from_the_home_page_finds_pages_of_two_agencies(home, served_portal):
    portal, base = served_portal
    holding = _holding(portal, "lao động")
    assert len(holding) >= 2
    results = _search(home, "lao động")
    names = {_name(portal, a): a for a in AGENCIES}
    found = {names[named] for _, named in results}
    assert found == holding
    for href, named in results:  # each result leads to a page of the agency it names
        assert href.startswith(f"{base}{names[named]}/") and _file_of(portal, base, href).is_file(), href


def test_a_query_without_diacritics_reaches_what_it_reaches_with_them(home, served_portal):
    """The portal searches as each agency's own search does (cchc.js): marks left out and đ typed as d, the words
    still reach the pages (Pagefind alone keeps đ apart from d, and wants every word of the query on one page)."""
    portal, _ = served_portal
    names = {_name(portal, a): a for a in AGENCIES}
    marked = _search(home, "lao động")
    plain = _search(home, "lao dong")
    assert _holding(portal, "lao động") <= {names[named] for _, named in plain}
    assert marked[0] in plain
    assert {href for href, _ in marked[:5]} <= {href for href, _ in plain}


def test_a_search_can_be_narrowed_to_one_agency(home, served_portal):
    portal, base = served_portal
    assert len(_holding(portal, "cải cách")) == 3
    everywhere = _search(home, "cải cách")
    assert len({named for _, named in everywhere}) >= 2
    one = _name(portal, "so-ldtbxh")
    narrowed = _search(home, "cải cách", one)
    assert narrowed and {named for _, named in narrowed} == {one}
    assert all(href.startswith(f"{base}so-ldtbxh/") for href, _ in narrowed)


@pytest.mark.parametrize("width", [360, 1366])
def test_the_home_page_has_no_wcag_violations(browser, served_portal, width):
    requests: list[str] = []
    context = guarded_context(browser, requests, viewport=VIEWPORTS[width], is_mobile=width < 700)
    page = context.new_page()
    page.goto(served_portal[1])
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing scrolls sideways
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert_local(requests)
    assert not violations, describe(violations, f"the portal's home page ({width} px)")
