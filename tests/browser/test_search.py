"""Search and the procedure finder, used the way a citizen uses them: in a real browser."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from generator.core.vietnamese import fold
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
    procedures = [p.model for p in served_site.content["procedures"]]
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
    proc = served_site.content["procedures"][0]
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
    page.goto(served_site.url(f"/thu-tuc/{served_site.content['procedures'][0].id}/"), wait_until="networkidle")
    assert not [u for u in urls if "sitemap" in u or "/pagefind/" in u or "search_index" in u], urls


# ---------------------------------------------------------------- issue 12: what citizens type

def result_items(page, query: str, list_selector: str = "[data-cchc-results]") -> list[dict[str, object]]:
    """Each listed result: its links, title and excerpt (text and marked words)."""
    page.wait_for_function("([s, q]) => document.querySelector(s).dataset.query === q", arg=[list_selector, query])
    return page.eval_on_selector_all(f"{list_selector} > li", """items => items.map(li => ({
        links: [...li.querySelectorAll('a')].map(a => a.textContent),
        title: li.querySelector('h3').textContent,
        excerpt: li.querySelector('p').textContent,
        marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))""")


def hidden_words(served_site) -> set[str]:
    """Every word the search records hold only as metadata (đ-words without đ, codes, search.yml), never as text."""
    hidden, shown = set(), set()
    for record in (served_site.built.paths.build / "search").glob("*.html"):
        html = record.read_text(encoding="utf-8")
        hidden |= {w for meta in re.findall(r'data-pagefind-meta="(?:hidden|everyday):([^"]*)"', html)
                   for w in meta.split()}
        shown |= set(re.findall(r"\w+", re.sub(r"<[^>]*>", " ", html)))  # the text, without any attribute
    return hidden - shown


def aliases(served_site) -> dict[str, str]:
    return {w: a.means for a in served_site.content.search.aliases for w in a.words}


def test_an_everyday_word_of_search_yml_finds_the_official_procedure(page, served_site):
    page.goto(served_site.url("/"))
    means = aliases(served_site)["sổ đỏ"]
    for query in ("so do", "sổ đỏ"):
        titles = search_titles(page, query)
        # the questions that say «sổ đỏ» in their own words (hoi-dap/) may come first: they answer it and
        # link the procedure; the procedure itself is among the first three
        assert titles and any(fold(means) in fold(t) for t in titles[:3]), (query, titles[:3])
        assert all(fold(means) in fold(t) or "so do" in fold(t) for t in titles[:2]), (query, titles[:3])
    titles = search_titles(page, "giay khai sinh")
    assert "khai sinh" in fold(titles[0]), titles[:3]


def test_the_alias_file_is_what_finds_it(served_site):
    """The everyday word is nowhere in the procedure's own text: only search.yml connects them."""
    record = (served_site.built.paths.build / "search" / "thu-tuc~1.012758.html").read_text(encoding="utf-8")
    hidden = re.search(r'data-pagefind-meta="everyday:([^"]*)"', record).group(1).split()
    text = re.sub(r"<[^>]*>", " ", record)
    assert "sổ" not in text and "đỏ" not in text and {"sổ", "đỏ", "so", "do"} <= set(hidden)


def test_a_query_with_extra_words_still_finds_the_page(page, served_site):
    page.goto(served_site.url("/"))
    for query in ("lam giay khai sinh cho con", "khai sinh cho con", "toi muon xin giay xac nhan doc than"):
        titles = search_titles(page, query)
        assert titles, query
        assert any(w in fold(titles[0]) for w in ("khai sinh", "tinh trang hon nhan")), (query, titles[:3])


def test_a_code_without_its_dot_or_in_part(page, served_site):
    page.goto(served_site.url("/"))
    proc = next(p.model for p in served_site.content["procedures"] if p.model.code == "1.001193")
    for query in ("1001193", "1.001193", "001193"):
        assert search_titles(page, query)[0] == proc.name, query


def test_more_results_reach_result_eleven_and_the_count_is_true(page, served_site):
    page.goto(served_site.url("/"))
    search_titles(page, "thu tuc")
    status = page.locator("[data-cchc-status]").inner_text()
    total = int(re.match(r"(\d+) kết quả", status).group(1))
    assert total > 10 and page.locator("[data-cchc-results] > li").count() == 10
    more = page.locator("[data-cchc-more]")
    while more.is_visible():
        shown = page.locator("[data-cchc-results] > li").count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('[data-cchc-results] > li').length > n", arg=shown)
        if shown == 10:  # the eleventh result is a real one, and focus moved to it
            assert page.evaluate("document.activeElement.closest('li') === "
                                 "document.querySelectorAll('[data-cchc-results] > li')[10]")
    titles = page.locator("[data-cchc-results] h3").all_inner_texts()
    assert len(titles) == total == len(set(page.eval_on_selector_all("[data-cchc-results] a", "l => l.map(a => a.href)")))


def test_more_results_on_the_search_page(page, served_site):
    page.goto(served_site.url("/tim-kiem/?q=thu+tuc"))
    first = result_items(page, "thu tuc", "[data-cchc-page-results]")
    assert len(first) == 10
    page.click("[data-cchc-search-area] [data-cchc-more]")
    page.wait_for_function("document.querySelectorAll('[data-cchc-page-results] > li').length > 10")
    assert page.locator("[data-cchc-page-results] > li").nth(10).locator("a").count() == 1


@pytest.mark.parametrize("query", ["thu tuc", "dang ky", "khai sinh", "duong day nong", "so do", "1001193"])
def test_only_matching_syllables_are_marked_and_hidden_words_never_shown(page, served_site, query):
    page.goto(served_site.url("/"))
    search_titles(page, query)
    asked = set(fold(query).split())
    hidden = hidden_words(served_site)
    assert "duong" in hidden and "dang" in hidden  # the folded đ-words exist, so the check below can fail
    for item in result_items(page, query):
        assert item["links"] == [item["title"]], item  # the title once, as the only link
        assert not fold(item["excerpt"]).startswith(fold(item["title"])), item
        for mark in item["marks"]:
            word = fold(mark)
            assert word in asked or (query.isdigit() and query in word.replace(".", "")), (query, mark, item)
        leaked = set(re.findall(r"\w+", item["excerpt"])) & hidden
        assert not leaked, (query, leaked, item["excerpt"])


def test_no_result_suggests_the_finder_the_hotline_and_the_query_without_diacritics(page, served_site):
    page.goto(served_site.url("/"))
    query = "xyzqw ǵzt"
    assert search_titles(page, query) == []
    none = page.locator("[data-cchc-none]")
    assert none.is_visible()
    assert "Không tìm thấy" in page.locator("[data-cchc-status]").inner_text()
    hint = none.locator("[data-cchc-folded]")
    assert hint.inner_text() == fold(query) == "xyzqw gzt"
    hrefs = none.locator("a").evaluate_all("l => l.map(a => new URL(a.href).pathname)")
    assert any(h.endswith("/thu-tuc/") for h in hrefs) and any(h.endswith("/duong-day-nong/") for h in hrefs)
    search_titles(page, "khai sinh")
    assert not none.is_visible()  # a query that finds something hides them again


@pytest.mark.parametrize("width", [360, 390])
def test_results_fit_a_phone_and_are_accessible(new_page, served_site, width):
    page = new_page(viewport={"width": width, "height": 780})
    page.goto(served_site.url("/tim-kiem/?q=chung+thuc+ban+sao"))
    result_items(page, "chung thuc ban sao", "[data-cchc-page-results]")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations, f"search results at {width} px")


@pytest.mark.parametrize("width", [360, 390])
def test_header_box_results_fit_a_phone_and_are_accessible(new_page, served_site, width):
    page = new_page(viewport={"width": width, "height": 780})
    page.goto(served_site.url("/thu-tuc/"))
    page.click("label.md-header__button[for='__search']")  # the magnifier a phone shows instead of the box
    page.keyboard.type("xac nhan tinh trang hon nhan")
    result_items(page, "xac nhan tinh trang hon nhan")
    assert page.locator("[data-cchc-results] > li").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    overflowing = page.eval_on_selector_all(".md-search__output *", f"""els => els.filter(e =>
        e.getBoundingClientRect().right > {width} + 0.5).map(e => e.outerHTML.slice(0, 80))""")
    assert not overflowing, overflowing
    page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations, f"header search results at {width} px")


# ---------------------------------------------------------------- issue 25: the citizens' search page

NONSENSE = ["ộxyzzyqệ", "oxyzzyqe", "thuxyzq", "khaixyzq"]  # Pagefind fell back to «ở», "thu", "khai"


def page_results(page, served_site, query: str) -> list[dict[str, object]]:
    """The search page opened for ``query``, once its results (or none) are listed."""
    page.goto(served_site.url(f"/tim-kiem/?q={quote(query)}"))
    return result_items(page, query, "[data-cchc-page-results]")


def shown(locator) -> bool:
    """Whether an element takes room on screen: Playwright's check, its box and its computed display."""
    visible = locator.is_visible()
    boxed = locator.bounding_box() is not None
    display = locator.evaluate("e => getComputedStyle(e).display")
    assert visible == boxed == (display != "none"), (visible, boxed, display)
    return visible


def records_holding(served_site, word: str) -> list[str]:
    """The search records (one per searchable page) holding a word that begins with ``word``, in text or metadata."""
    pattern = re.compile(rf"(?<!\w){re.escape(word)}", re.IGNORECASE)
    return [r.name for r in (served_site.built.paths.build / "search").glob("*.html")
            if pattern.search(r.read_text(encoding="utf-8"))]


def test_more_shows_only_when_there_is_more_to_show(page, served_site):
    more = page.locator("[data-cchc-search-area] [data-cchc-more]")
    page.goto(served_site.url("/tim-kiem/"))  # the empty page: no query, no result
    page.wait_for_load_state("networkidle")
    assert not shown(more)
    assert page_results(page, served_site, "xyzqw ǵzt") == [] and not shown(more)
    single = "ttphvhcc"  # the hotline's e-mail address, which one page alone holds
    assert len(records_holding(served_site, single)) == 1
    assert len(page_results(page, served_site, single)) == 1
    assert page.locator("[data-cchc-page-status]").inner_text() == "1 kết quả" and not shown(more)
    assert len(page_results(page, served_site, "thu tuc")) == 10 and shown(more)
    status = page.locator("[data-cchc-page-status]").inner_text()
    assert int(re.match(r"(\d+) kết quả", status).group(1)) > 10


@pytest.mark.parametrize("width, height", [(360, 640), (390, 844)])
def test_no_result_suggestions_are_on_the_first_screen(new_page, served_site, width, height):
    page = new_page(viewport={"width": width, "height": height}, is_mobile=True, has_touch=True)
    assert page_results(page, served_site, "xyzqw ǵzt") == []
    none = page.locator("[data-cchc-search-area] [data-cchc-none]")
    assert shown(none)
    box = none.bounding_box()
    last = none.locator("a").last.bounding_box()
    assert 0 <= box["y"] < height and last["y"] + last["height"] <= height, (box, last, height)


@pytest.mark.parametrize("query", NONSENSE)
def test_a_query_with_no_real_match_finds_nothing(page, served_site, query):
    assert not records_holding(served_site, fold(query))  # no page holds it, in any form
    page.goto(served_site.url("/"))
    assert search_titles(page, query) == []
    assert "Không tìm thấy" in page.locator("[data-cchc-status]").inner_text()
    assert page_results(page, served_site, query) == []
    assert page.locator("[data-cchc-search-area] [data-cchc-none]").is_visible()


@pytest.mark.parametrize("query, expected", [
    ("khai sin", "khai sinh"),  # a word half typed still finds the words it begins
    ("khai sinh ộxyzzyqệ", "khai sinh"),  # a nonsense word among real ones is left out, not the query
    ("dang ky ket hon", "kết hôn"),
    ("1.001193", "khai sinh"),
    ("001193", "khai sinh"),
])
def test_real_words_are_still_found_beside_nonsense(page, served_site, query, expected):
    page.goto(served_site.url("/"))
    titles = search_titles(page, query)
    assert titles and fold(expected) in fold(titles[0]), (query, titles[:3])


def excerpt_words(text: str) -> list[str]:
    """The excerpt's words as the search page cuts them: letters and digits, a dot inside a code."""
    return [w.strip(".") for w in re.findall(r"[\w.]+", text) if w.strip(".")]


def marked(page, served_site, query: str) -> tuple[list[str], list[str]]:
    """The lower-cased <mark>s of the search page for ``query``, and every word of its excerpts."""
    items = page_results(page, served_site, query)
    assert items, query
    marks = [m.lower() for item in items for m in item["marks"]]
    words = [w.lower() for item in items for w in excerpt_words(item["excerpt"])]
    return marks, words


def test_an_accented_query_highlights_its_own_accents(page, served_site):
    marks, words = marked(page, served_site, "sổ")
    assert marks and set(marks) == {"sổ"}, marks
    assert len(marks) == words.count("sổ")  # every «sổ» shown is marked
    assert {"sở", "sơ"} & set(words)  # the excerpts hold «sở» or «sơ», left unmarked
    marks, words = marked(page, served_site, "sơ")  # a vowel's shape is a mark too: «sơ» is not «sổ»
    assert marks and set(marks) == {"sơ"} and len(marks) == words.count("sơ"), marks


@pytest.mark.parametrize("query", ["so", "duong", "so do"])
def test_a_query_without_diacritics_highlights_every_folded_form(page, served_site, query):
    marks, words = marked(page, served_site, query)
    asked = set(query.split())
    assert marks and {fold(m) for m in marks} <= asked, marks
    assert len(marks) == sum(1 for w in words if fold(w) in asked)  # and every such word shown is marked
    if query == "so":
        assert {"sổ", "sở", "sơ"} <= set(marks), sorted(set(marks))
    if query == "duong":
        assert "đường" in marks, sorted(set(marks))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_page_on_a_phone_screenshots_and_accessibility(visit, artifacts_dir, scheme):
    """Results and no result at 390 px, kept in test-artifacts/ for a person to look at; axe finds nothing."""
    for name, query in (("results", "khai sinh"), ("none", "ộxyzzyqệ")):
        page = visit(f"/tim-kiem/?q={quote(query)}", 390, scheme, wait_until="networkidle")
        result_items(page, query, "[data-cchc-page-results]")
        target = artifacts_dir / f"search-{name}-phone-{scheme}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
        page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
        violations = page.evaluate(RUN_AXE, WCAG_TAGS)
        assert not violations, describe(violations, f"search page ({name}, {scheme}) at 390 px")


def test_a_phrase_counts_only_when_the_page_holds_it_whole(page, served_site):
    """«xin lại giấy khai sinh» is a phrase of search.yml for the copy of a civil-status extract. Joined
    neighbours Pagefind answered with a shorter word ("laigiay" with «lai», as in Lai Châu) gave pages without
    the phrase its precedence, and a building permit came first."""
    proc = next(p.model for p in served_site.content["procedures"] if p.model.code == "2.000635")
    page.goto(served_site.url("/"))
    assert search_titles(page, "xin lại giấy khai sinh")[0] == proc.name
