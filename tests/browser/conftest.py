"""Browser fixtures: serve the built default site locally and drive Debian's Chromium.

The site is built once per session (the parent conftest's ``default_site``) and
served from 127.0.0.1 on a free port. Every page a test opens records the
requests it makes; a request to any other host fails the test at teardown,
because the site must load nothing from a third party (README: no web fonts,
nothing on a slow connection). Such requests are also aborted, so a test never
waits on the network.

Chromium comes from Debian (/usr/bin/chromium); ``playwright install`` is never
used. Tests that need the browser are skipped when it is missing.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.core.vietnamese import TZ, slugify

sync_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
]
LOCAL_HOST = "127.0.0.1"
HARMLESS_SCHEMES = {"data", "blob", "about"}

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below its own base path (/cchc-lai-chau/), as its host does, 404.html for what is missing."""

    prefix = "/"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    """A browser that moves on before a file is sent closes the connection: nothing worth a traceback."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class Served:
    """The built site, its content and the local URL it is served at."""

    def __init__(self, built, base_url: str):
        self.built = built
        self.content = built.content
        self.site = built.site
        self.base_url = base_url  # ends with "/"

    def url(self, path: str = "") -> str:
        return self.base_url + path.lstrip("/")

    def path_of(self, page_type: str) -> str:
        """The URL path of one page of a kind in PAGE_TYPES."""
        return page_path(self.content, page_type)

    def is_local(self, url: str) -> bool:
        return is_local(url)


@contextlib.contextmanager
def serving(handler: Callable[..., object], name: str) -> Iterator[int]:
    """A local HTTP server with ``handler`` on a free port, in a thread of its own, until the block ends."""
    server = _Server((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def served_site(default_site) -> Iterator[Served]:
    prefix = urlsplit(str(default_site.content.site.base_url)).path
    handler = functools.partial(type("Handler", (_SiteHandler,), {"prefix": prefix}), directory=str(default_site.site))
    with serving(handler, "site-server") as port:
        yield Served(default_site, f"http://{LOCAL_HOST}:{port}{prefix}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright) -> Iterator[object]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in HARMLESS_SCHEMES or parts.hostname == LOCAL_HOST


@pytest.fixture
def new_page(browser, served_site) -> Iterator[Callable[..., object]]:
    """Open a page in a fresh context (keyword arguments go to ``browser.new_context``).

    Every request of every page is recorded; at teardown the test fails if one
    went to a host other than 127.0.0.1.
    """
    contexts = []
    requests: list[str] = []

    def make(**context_options):
        contexts.append(guarded_context(browser, requests, **context_options))
        return contexts[-1].new_page()

    yield make

    for context in contexts:
        context.close()
    assert_local(requests)


def _block_foreign(route) -> None:
    if is_local(route.request.url):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def guarded_context(browser, requests: list[str], **context_options):
    """A browser context that records every request into ``requests`` and aborts those to other hosts."""
    context = browser.new_context(**context_options)
    context.set_default_timeout(15_000)
    context.on("request", lambda request: requests.append(request.url))
    context.route("**/*", _block_foreign)
    return context


def assert_local(requests: list[str]) -> None:
    foreign = sorted({url for url in requests if not is_local(url)})
    assert not foreign, "the page requested hosts other than 127.0.0.1:\n  " + "\n  ".join(foreign)


# The screens every page is checked on: two phones and a laptop.
VIEWPORTS = {360: {"width": 360, "height": 640}, 390: {"width": 390, "height": 844}, 1366: {"width": 1366, "height": 768}}


@pytest.fixture(scope="session")
def context_for(browser) -> Iterator[Callable[..., object]]:
    """One browser context per screen size and colour scheme, shared by the whole session.

    Opening a context costs more than most checks; the browser cache they keep
    is what a citizen's browser keeps too (tests that need a first visit clear it).
    """
    made: dict[tuple[int, str], object] = {}
    requests: list[str] = []

    def get(width: int, scheme: str = "light"):
        if (width, scheme) not in made:
            phone = width < 700
            made[width, scheme] = guarded_context(browser, requests, viewport=VIEWPORTS[width], device_scale_factor=1,
                                                  is_mobile=phone, has_touch=phone, color_scheme=scheme)
        return made[width, scheme]

    yield get
    for context in made.values():
        context.close()
    assert_local(requests)


@pytest.fixture
def visit(context_for, served_site) -> Iterator[Callable[..., object]]:
    """Open a site path in the shared context of a screen size and scheme; the page is closed after the test."""
    pages = []

    def open_page(path: str, width: int = 390, scheme: str = "light", wait_until: str = "load"):
        pages.append(context_for(width, scheme).new_page())
        pages[-1].goto(served_site.url(path), wait_until=wait_until)
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()


@pytest.fixture
def page(new_page):
    """A page with JavaScript on and the default (desktop) viewport."""
    return new_page()


PAGE_TYPES = ["home", "plans-index", "plan", "procedure-index", "procedure", "poster", "hotlines", "news-index",
              "news-month", "news-item", "category", "indices", "open-data", "search", "404", "free-page",
              "progress", "documents", "documents-by-type", "document", "questions", "question", "drafts", "draft",
              "reception", "english"]


def page_path(content, page_type: str) -> str:
    """The URL path of one page of the given kind (below the site's base path)."""
    news = content["news"][0]
    month = news.model.date.astimezone(TZ).strftime("%Y-%m")
    return {
        "home": "/",
        "plans-index": "/ke-hoach/",
        "plan": f"/ke-hoach/{content['plans'][0].id}/",
        "procedure-index": "/thu-tuc/",
        "procedure": f"/thu-tuc/{content['procedures'][0].id}/",
        "poster": f"/thu-tuc/niem-yet/{content['procedures'][0].id}.html",
        "hotlines": "/duong-day-nong/",
        "news-index": "/tin-tuc/",
        "news-month": f"/tin-tuc/{month}/",
        "news-item": f"/tin-tuc/{news.id}/",
        "category": f"/tin-tuc/chuyen-muc/{slugify(news.model.category)}/",
        "indices": "/chi-so/",
        "open-data": "/du-lieu-mo/",
        "search": "/tim-kiem/?q=khai+sinh",
        "404": "/trang-nay/khong-co/",  # two folders deep: the 404 page must be styled at any depth
        "free-page": f"/{content['pages'][0].id}/",
        "progress": f"/ke-hoach/{content['plans'][0].id}/tien-do/",
        "documents": "/van-ban/",
        "documents-by-type": f"/van-ban/loai/{slugify(content['documents'][0].model.type.value)}/",
        "document": f"/van-ban/{content['documents'][0].id}/",
        "questions": "/hoi-dap/",
        "question": f"/hoi-dap/{content['questions'][0].id}/",
        "drafts": "/du-thao/",
        "draft": f"/du-thao/{content['drafts'][0].id}/",
        "reception": "/lich-tiep-cong-dan/",
        "english": "/en/",
    }[page_type]


def page_file(site: Path, path: str) -> Path | None:
    """The built file a page path is served from; None for the 404 page, which answers any missing path."""
    path = path.split("?")[0].strip("/")
    file = site / path if path.endswith(".html") else site / path / "index.html"
    return file if file.is_file() else None


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ at the repository root (ignored by git), for files a person reviews."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(params=PAGE_TYPES)
def page_type(request, served_site) -> tuple[str, str]:
    """Each kind of page the generator writes, as (name, URL path)."""
    path = page_path(served_site.content, request.param)
    assert (page_file(served_site.site, path) is None) == (request.param == "404"), f"the build has no page {path}"
    return request.param, path
