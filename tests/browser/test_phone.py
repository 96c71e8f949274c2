"""Every kind of page as a citizen sees it: on a 360 px and a 390 px phone, and on a laptop.

Nothing may be wider than the screen; a procedure page answers "where, how many
papers, how long, how much" within its first screen and a half; no page shifts
while it loads on a slow phone; a procedure page stays light; and a full-page
phone screenshot of each kind is kept in test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import importlib.util
import struct

import pytest

from tests.conftest import REPO

PHONE_HEIGHT = 844
WEIGHT_GOAL = 150_000  # bytes on the wire for a procedure page's first visit (README: page weight)

_bench = importlib.util.spec_from_file_location("page_weight", REPO / "bench" / "page_weight.py")
page_weight = importlib.util.module_from_spec(_bench)
_bench.loader.exec_module(page_weight)

WIDTHS = """() => ({
  page: document.scrollingElement.scrollWidth,
  viewport: innerWidth,
  tables: [...document.querySelectorAll('table')].map(t => Math.ceil(t.getBoundingClientRect().width))
    .filter(w => w > innerWidth),
  culprits: [...document.querySelectorAll('.md-main *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5)
    .slice(0, 5).map(e => e.tagName.toLowerCase() + '.' + e.className),
})"""

# Layout shifts not caused by the reader, summed as Chromium reports them (the CLS of web-vitals, one session)
RECORD_SHIFTS = """
window.__cls = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


@pytest.mark.parametrize("width", [360, 390, 1366])
def test_nothing_is_wider_than_the_screen(visit, page_type, width):
    name, path = page_type
    found = visit(path, width).evaluate(WIDTHS)
    assert found["page"] <= found["viewport"], (
        f"{name} page {path} is {found['page']} px wide on a {width} px screen: {found['culprits']}")
    assert not found["tables"], f"{name} page {path} has tables {found['tables']} px wide on a {width} px screen"


def _first(procedures, online: bool):
    return next(entry for entry in procedures if (entry.model.submit_url is not None) == online)


@pytest.mark.parametrize("online", [True, False], ids=["online", "at-the-counter"])
def test_a_procedure_answers_within_its_first_screen_and_a_half(visit, served_site, online):
    """Where to submit, how many papers, how long and how much: each box ends above 1.5 × 844 px."""
    entry = _first(served_site.content["procedures"], online)
    proc = entry.model
    page = visit(f"/thu-tuc/{entry.id}/", 390)

    def answer(selector: str) -> str:
        element = page.locator(selector)
        assert element.count() == 1, f"{selector}: {element.count()} elements on {entry.id}"
        box = element.bounding_box()
        assert box and box["width"] > 0, f"{selector} is not shown on {entry.id}"
        assert 0 <= box["y"] and box["y"] + box["height"] <= 1.5 * PHONE_HEIGHT, (
            f"{selector} on {entry.id} ends at {box['y'] + box['height']:.0f} px, below the first screen and a half")
        return " ".join(element.inner_text().split())

    if online:
        answer("[data-glance=submit] a.cchc-submit")
        assert page.locator("a.cchc-submit").get_attribute("href") == proc.submit_url
    else:
        where = answer("[data-glance=submit] .cchc-where")
        assert " ".join((proc.submit_at or proc.agency).split()) in where
    papers = answer('[data-glance=papers] a[href="#ho-so"]')
    assert papers.startswith(f"{len(proc.documents)} ")
    time_limits = answer("[data-glance=time] dd")
    assert all(" ".join(m.time_limit.split()) in time_limits for m in proc.methods)
    fees = answer("[data-glance=fees] dd")
    assert all(" ".join(m.fees.split()) in fees for m in proc.methods)
    # said once when every way of submitting shares it
    for text, values in ((time_limits, {m.time_limit for m in proc.methods}), (fees, {m.fees for m in proc.methods})):
        for value in values:
            assert text.count(" ".join(value.split())) == 1, value


def test_no_layout_shift_on_a_slow_phone(context_for, served_site, page_type):
    """CLS below 0.1 on a 390 × 844 phone with the CPU slowed 4× and Slow 4G (1.6 Mbit/s, 150 ms)."""
    name, path = page_type
    context = context_for(390)
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # a first visit
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.add_init_script(RECORD_SHIFTS)
        page.goto(served_site.url(path), wait_until="networkidle")
        if name == "search":
            page.wait_for_selector("[data-cchc-page-results] li")
        page.wait_for_timeout(300)  # the last frame after the last response
        shift = page.evaluate("window.__cls")
    finally:
        page.close()
    assert shift < 0.1, f"{name} page {path}: cumulative layout shift {shift:.3f}"


def test_a_procedure_page_stays_light_and_the_chart_adds_no_script(new_page, served_site):
    page = new_page(viewport={"width": 390, "height": 844})
    seen: dict[str, tuple[str, int]] = {}
    page.on("response", lambda r: seen.setdefault(r.url, (r.request.resource_type, page_weight.transferred(r.body(), r.url)))
            if r.status == 200 else None)
    page.goto(served_site.url(served_site.path_of("procedure")), wait_until="networkidle")
    weight = sum(size for _, size in seen.values())
    assert weight <= WEIGHT_GOAL, f"a procedure page's first visit is {weight} bytes (gzip), more than {WEIGHT_GOAL}"

    procedure_scripts = {url for url, (kind, _) in seen.items() if kind == "script"}
    seen.clear()
    page.goto(served_site.url(served_site.path_of("indices")), wait_until="networkidle")
    assert page.locator("figure.cchc-chart svg").count() == len(served_site.content["indices"][0].model.indices)
    assert page.locator("figure.cchc-chart script").count() == 0
    indices_scripts = {url for url, (kind, _) in seen.items() if kind == "script"}
    assert indices_scripts <= procedure_scripts, f"the indices page loads scripts of its own: {indices_scripts}"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    return struct.unpack(">II", data[16:24])


def test_phone_screenshot(visit, page_type, artifacts_dir):
    """Full-page screenshots at a phone's size, kept in test-artifacts/ for review."""
    name, path = page_type
    page = visit(path, 390, wait_until="networkidle")
    if name == "search":
        page.wait_for_selector("[data-cchc-page-results] li")
    target = artifacts_dir / f"{name}-phone.png"
    target.unlink(missing_ok=True)
    page.screenshot(path=str(target), full_page=True)

    data = target.read_bytes()
    assert len(data) > 20_000, f"{target} is only {len(data)} bytes"
    width, height = png_size(data)
    assert width == 390, f"{target} is {width} px wide, not 390: the page scrolls sideways on a phone"
    assert height >= PHONE_HEIGHT


def test_the_finder_answers_under_the_box_while_typing(visit, served_site):
    """On a phone, the count and the first match show on the first screen as soon as a name is typed."""
    page = visit("/thu-tuc/", 390)
    box = page.locator("#loc-tu-khoa").bounding_box()
    assert box["y"] + box["height"] <= PHONE_HEIGHT / 2, "the finder's text box is not near the top of the page"
    page.locator("#loc-tu-khoa").press_sequentially("khai sinh")
    expected = [p.model.code for p in served_site.content["procedures"] if "khai sinh" in p.model.name.lower()]
    status = page.locator("[data-cchc-filter-status]")
    assert f"{len(expected)}/{len(served_site.content['procedures'])}" in status.inner_text()
    first = page.locator("li.cchc-proc:not([hidden])").first
    for element in (status, first):
        shown = element.bounding_box()
        assert shown["y"] >= 0 and shown["y"] + shown["height"] <= PHONE_HEIGHT, element


def test_the_home_search_box_works_without_javascript(new_page, served_site):
    page = new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page.goto(served_site.url("/"))
    box = page.locator("#cchc-home-query").bounding_box()
    assert box["y"] + box["height"] <= PHONE_HEIGHT, "the search box is not on the first screen"
    page.fill("#cchc-home-query", "khai sinh")
    page.press("#cchc-home-query", "Enter")
    page.wait_for_url("**/tim-kiem/?q=khai+sinh")
    assert page.locator("h1").inner_text() == "Tìm kiếm"
