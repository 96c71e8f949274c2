"""Search and the procedure finder, used the way a citizen uses them: in a real browser."""

from __future__ import annotations

import pytest

from generator.vietnamese import fold
from tests.browser.test_accessibility import AXE_JS, RUN_AXE, WCAG_TAGS, describe


def search_titles(page, query: str) -> list[str]:
    box = page.locator("#cchc-search-input")
    box.fill("")
    box.type(query, delay=20)
    page.wait_for_function("q => document.querySelector('[data-cchc-results]').dataset.query === q", arg=query)
    return page.locator("[data-cchc-results] h3").all_inner_texts()


@pytest.mark.parametrize("query, expected", [
    ("thu tuc", "thủ tục"),
    ("duong day nong", "đường dây nóng"),
    ("cai cach hanh chinh", "cải cách hành chính"),
    ("dang ky khai sinh", "đăng ký khai sinh"),
])
def test_unaccented_query_finds_accented_pages(page, served_site, query, expected):
    page.goto(served_site.url("/"))
    titles = search_titles(page, query)
    assert titles, f"no result for {query!r}"
    assert expected in titles[0].lower(), titles[:3]
    assert fold(expected) in fold(titles[0])


def test_accented_query_ranks_exact_match_first(page, served_site):
    page.goto(served_site.url("/"))
    assert search_titles(page, "đường dây nóng")[0] == "Đường dây nóng"


def test_results_have_snippet_highlight_and_keyboard(page, served_site):
    page.goto(served_site.url("/"))
    search_titles(page, "khai sinh")
    first = page.locator("[data-cchc-results] li").first
    assert first.locator("mark").count() >= 1  # the match is highlighted in the snippet
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == first.locator("a").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "khai sinh" in page.locator("h1").inner_text().lower()


def test_search_page_lists_results_and_is_accessible(page, served_site):
    page.goto(served_site.url("/tim-kiem/?q=khai+sinh"))
    page.wait_for_function("document.querySelector('[data-cchc-page-results]').dataset.query === 'khai sinh'")
    titles = page.locator("[data-cchc-page-results] h3").all_inner_texts()
    assert any("khai sinh" in t.lower() for t in titles)
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations, "search results page")


def visible_codes(page) -> list[str]:
    return page.eval_on_selector_all("li.cchc-proc:not([hidden])", "els => els.map(e => e.dataset.code)")


def test_procedure_filters(page, served_site):
    procedures = [p.model for p in served_site.content.procedures]
    page.goto(served_site.url("/thu-tuc/"))
    assert page.locator("[data-cchc-filters]").is_visible()
    assert len(visible_codes(page)) == len(procedures)

    page.click(".cchc-filters__more summary")  # the filters other than the text box are folded away
    page.select_option("#loc-truc-tuyen", "toàn trình")
    expected = sorted(p.code for p in procedures if p.online_level.value == "toàn trình")
    assert sorted(visible_codes(page)) == expected and expected
    assert f"{len(expected)}/{len(procedures)}" in page.locator("[data-cchc-filter-status]").inner_text()

    page.select_option("#loc-truc-tuyen", "")
    field = procedures[0].field
    page.select_option("#loc-linh-vuc", field)
    assert sorted(visible_codes(page)) == sorted(p.code for p in procedures if p.field == field)
    # sections of other fields are hidden, not just emptied
    assert page.locator("section.cchc-field:not([hidden])").count() == 1

    page.select_option("#loc-linh-vuc", "")
    page.select_option("#loc-cap", "xã")
    assert sorted(visible_codes(page)) == sorted(p.code for p in procedures if "xã" in [l.value for l in p.levels])

    page.select_option("#loc-cap", "")
    target = procedures[3]
    page.fill("#loc-tu-khoa", target.code)
    assert visible_codes(page) == [target.code]
    page.fill("#loc-tu-khoa", fold(target.name).split("thu tuc ")[-1][:20])  # typed without diacritics
    assert target.code in visible_codes(page)


def test_filters_work_by_keyboard(page, served_site):
    page.goto(served_site.url("/thu-tuc/"))
    page.focus("#loc-tu-khoa")
    page.keyboard.type("khai sinh")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('.cchc-filters__more summary')")
    page.keyboard.press("Enter")  # unfolds the other filters
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "loc-linh-vuc"
    assert all("khai sinh" in fold(t) for t in
               page.locator("li.cchc-proc:not([hidden]) a").all_inner_texts())


def test_procedure_prints_checklist_and_contact_only(page, served_site):
    proc = served_site.content.procedures[0]
    page.goto(served_site.url(f"/thu-tuc/{proc.id}/"))
    page.emulate_media(media="print")
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".md-banner", ".cchc-page-footer"):
        locator = page.locator(hidden)
        assert locator.count() == 0 or not locator.first.is_visible(), hidden
    assert page.locator("ul.cchc-checklist").is_visible()
    assert page.locator(".cchc-contact").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_a_page_loads_only_what_it_needs(new_page, served_site):
    """No sitemap download (Material fetches one per link[rel=alternate]), no search index until a search."""
    page = new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(served_site.url(f"/thu-tuc/{served_site.content.procedures[0].id}/"), wait_until="networkidle")
    assert not [u for u in urls if "sitemap" in u or "/pagefind/" in u or "search_index" in u], urls
