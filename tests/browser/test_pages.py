"""The site in a real browser: without JavaScript, by keyboard, with a clean console (phones: test_phone.py)."""

from __future__ import annotations


def test_procedure_page_works_without_javascript(new_page, served_site):
    """A citizen on an old phone, or with scripts blocked, still gets what matters."""
    content = served_site.content
    proc = content["procedures"][0]
    page = new_page(java_script_enabled=False)
    page.goto(served_site.url(served_site.path_of("procedure")))

    assert page.evaluate("document.documentElement.classList.contains('no-js')"), "JavaScript ran"
    title = page.locator("article h1")
    assert title.is_visible()
    assert " ".join(title.inner_text().split()) == " ".join(proc.model.name.split())

    items = page.locator("ul.cchc-checklist li")
    assert items.count() == len(proc.model.documents)
    for i, doc in enumerate(proc.model.documents):
        item = items.nth(i)
        assert item.is_visible(), f"document {i + 1} of the checklist is hidden"
        assert " ".join(doc.name.split()) in " ".join(item.inner_text().split())
        assert item.locator("input[type=checkbox]").is_visible()

    phones = content.main_hotline.model.phones()
    assert phones, "the main hotline has no phone number"
    for phone in phones:
        links = page.locator(f'a[href="tel:{phone.tel}"]')
        assert links.count() >= 1, f"hotline {phone.value} is not linked on the page"
        assert links.first.is_visible(), f"hotline {phone.value} is not visible without JavaScript"
        assert phone.value in links.first.inner_text()


def test_procedure_index_lists_every_procedure_without_javascript(new_page, served_site):
    content = served_site.content
    page = new_page(java_script_enabled=False)
    page.goto(served_site.url("/thu-tuc/"))

    items = page.locator("li.cchc-proc")
    assert items.count() == len(content["procedures"])
    codes = items.evaluate_all("els => els.map(el => el.dataset.code)")
    assert sorted(codes) == sorted(p.model.code for p in content["procedures"])
    hidden = items.evaluate_all(
        "els => els.filter(el => !el.checkVisibility()).map(el => el.dataset.code)"
    )
    assert not hidden, f"procedures hidden without JavaScript: {hidden}"
    for entry in content["procedures"]:
        link = page.locator(f'li.cchc-proc[data-code="{entry.model.code}"] a').first
        assert link.get_attribute("href") == f"{entry.id}/"


def test_first_tab_focuses_a_visible_skip_link(page, served_site):
    page.goto(served_site.url("/"))
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName, cls: el.className, text: el.innerText.trim(), href: el.getAttribute('href'),
            skip: el.matches('.md-skip'),
            outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth, boxShadow: style.boxShadow,
            box: {x: box.x, y: box.y, width: box.width, height: box.height},
            viewport: {width: innerWidth, height: innerHeight},
          };
        }"""
    )
    assert focused["skip"], f"the first Tab focused {focused['tag']}.{focused['cls']} «{focused['text']}», not .md-skip"
    # Material's Vietnamese label is "Bỏ qua"; any non-empty label passes here.
    assert focused["text"], "the skip link has no text"
    target = focused["href"]
    assert target and target.startswith("#")
    assert page.locator(f'[id="{target[1:]}"]').count() == 1, f"skip link target {target} is missing"

    box, viewport = focused["box"], focused["viewport"]
    assert box["width"] > 0 and box["height"] > 0, "the focused skip link has no size"
    assert 0 <= box["x"] < viewport["width"] and 0 <= box["y"] < viewport["height"], (
        f"the focused skip link is off screen: {box}"
    )
    has_outline = focused["outlineStyle"] != "none" and focused["outlineWidth"] not in ("0px", "")
    has_shadow = focused["boxShadow"] not in ("none", "")
    assert has_outline or has_shadow, (
        f"the focused skip link has no visible focus indicator: outline {focused['outlineStyle']} "
        f"{focused['outlineWidth']}, box-shadow {focused['boxShadow']}"
    )


def test_page_loads_without_console_errors(page, served_site, page_type):
    name, path = page_type
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        # A missing favicon on our own server is Chromium's business, not the site's;
        # a failed request to another host is not (the page fixture also fails on it).
        if served_site.is_local(url) and url.split("?")[0].endswith("favicon.ico"):
            return
        if name == "404" and url == served_site.url(path):  # the 404 page's own status, which it is there to answer
            return
        errors.append(f"console.error: {message.text} ({url}:{message.location.get('lineNumber')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.goto(served_site.url(path), wait_until="load")
    page.wait_for_load_state("networkidle")
    assert not errors, f"{name} page {path} logged errors:\n  " + "\n  ".join(errors)
