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

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


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


@pytest.fixture(scope="session")
def served_site(default_site) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(default_site.site))
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Served(default_site, f"http://{LOCAL_HOST}:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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

    def block_foreign(route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def make(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(15_000)
        context.on("request", lambda request: requests.append(request.url))
        context.route("**/*", block_foreign)
        contexts.append(context)
        return context.new_page()

    yield make

    for context in contexts:
        context.close()
    foreign = sorted({url for url in requests if not is_local(url)})
    assert not foreign, "the page requested hosts other than 127.0.0.1:\n  " + "\n  ".join(foreign)


@pytest.fixture
def page(new_page):
    """A page with JavaScript on and the default (desktop) viewport."""
    return new_page()


PAGE_TYPES = ["home", "plan", "procedure-index", "procedure", "hotlines", "news-index", "news-item", "indices"]


def page_path(content, page_type: str) -> str:
    """The URL path of one page of the given kind."""
    return {
        "home": "/",
        "plan": f"/ke-hoach/{content.plans[0].id}/",
        "procedure-index": "/thu-tuc/",
        "procedure": f"/thu-tuc/{content.procedures[0].id}/",
        "hotlines": "/duong-day-nong/",
        "news-index": "/tin-tuc/",
        "news-item": f"/tin-tuc/{content.news[0].id}/",
        "indices": "/chi-so/",
    }[page_type]


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """test-artifacts/ at the repository root (ignored by git), for files a person reviews."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(params=PAGE_TYPES)
def page_type(request, served_site) -> tuple[str, str]:
    """Each kind of page the generator writes, as (name, URL path)."""
    path = page_path(served_site.content, request.param)
    assert (served_site.site / path.strip("/") / "index.html").is_file(), f"the build has no page {path}"
    return request.param, path
