"""Sveltia CMS, the workspace's alternative (issue 20), reads the configuration the build writes for Decap.

A small page loads Sveltia's own script from node_modules (a devDependency: it is never copied into the site)
and starts it as the workspace's page starts Decap: ``CMS.init({config})`` with the built ``quan-tri/config.json``,
``load_config_file: false`` and ``local_backend``. At start Sveltia checks the object against its JSON Schema and
its own rules (widgets, fields named by ``summary``, ``identifier_field``, the backend) and, when something is
wrong, shows its configuration error screen instead of the sign-in one; the tests read the page's text.

The one known difference: the default content has no ``repo_url``, so the build writes ``backend.repo: ""``.
Decap accepts that (the page says the workspace is not set up yet, and works locally through decap-server);
Sveltia refuses it («owner/repo» format). A site with a GitHub repository gets ``owner/name`` there, as
``repo_url: https://github.com/so-noi-vu-lai-chau/cchc-site`` gives here.

Every request that leaves 127.0.0.1 is aborted, and the test fails if one was attempted.
"""

from __future__ import annotations

import copy
import functools
import http.server
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.pipeline import workspace
from tests.browser.conftest import LOCAL_HOST, REPO, guarded_context, is_local, serving

sync_api = pytest.importorskip("playwright.sync_api")

SVELTIA = REPO / "node_modules" / "@sveltia" / "cms"
SVELTIA_DIST = SVELTIA / "dist"
pytestmark = pytest.mark.skipif(not (SVELTIA_DIST / "sveltia-cms.js").is_file(),
                                reason="Sveltia CMS is not installed: run `npm ci`")

REPOSITORY = "so-noi-vu-lai-chau/cchc-site"  # what repo_url https://github.com/so-noi-vu-lai-chau/cchc-site gives
EMPTY_REPO_ERROR = "The configured repository is invalid. It must be in “owner/repo” format."
SIGN_IN = "Sign In with GitHub"
ERROR_SCREEN = "in the CMS configuration. Please solve the issue"  # «There is an error …» or «There are errors …»
# What Sveltia itself fetches from other hosts (aborted here): its two fonts (cdn.jsdelivr.net), its newest version
# (unpkg.com) and GitHub's status (www.githubstatus.com). The site's Content-Security-Policy would have to allow
# them, or Sveltia's files be self-hosted with those fonts, before it could replace Decap.
SVELTIA_OWN_HOSTS = {"cdn.jsdelivr.net", "unpkg.com", "www.githubstatus.com"}
# Options of Decap's that Sveltia ignores, with a warning: `locale` (Sveltia follows the browser's language) and
# `local_backend` (Sveltia works on a local clone through the browser's File System Access API, not decap-server).
IGNORED_OPTIONS = {"local_backend", "locale"}

# Started as generator/workspace/workspace.js starts Decap, with the object the test gives it.
PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Sveltia</title>
<script>window.CMS_MANUAL_INIT = true;</script>
<script src="sveltia/sveltia-cms.js"></script></head>
<body><script>
fetch('config.json').then(function (answer) { return answer.json(); }).then(function (config) {
  config.load_config_file = false;
  config.local_backend = { url: new URL('api/v1', location.href).href };
  CMS.init({ config: config });
});
</script></body></html>
"""


# Sveltia wraps every value it puts into a message in Unicode isolates (U+2068 … U+2069).
SHOWS = "wanted => document.body.innerText.replace(/[\\u2068\\u2069]/g, '').includes(wanted)"


def plain(message: str) -> str:
    return message.replace("\u2068", "").replace("\u2069", "")


def text(page) -> str:
    return plain(page.inner_text("body"))


def configuration_errors(text: str) -> list[str]:
    """The lines of Sveltia's configuration error screen, below its heading."""
    lines = text.splitlines()
    heading = next(n for n, line in enumerate(lines) if ERROR_SCREEN in line)
    return [line for line in lines[heading + 1:lines.index("Welcome to Sveltia CMS")] if line.strip()]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def sveltia_root(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """A folder served from 127.0.0.1 with the page and Sveltia's files; each test writes its config.json."""
    root = tmp_path_factory.mktemp("sveltia")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "sveltia").symlink_to(SVELTIA_DIST, target_is_directory=True)
    with serving(functools.partial(_Quiet, directory=str(root)), "sveltia-server") as port:
        yield root, f"http://{LOCAL_HOST}:{port}/"


@pytest.fixture(scope="module")
def built_config(default_site) -> dict:
    """The settings the build wrote for the workspace: the object Decap gets."""
    return json.loads((default_site.site / workspace.FOLDER / "config.json").read_text(encoding="utf-8"))


@pytest.fixture
def start(browser, sveltia_root) -> Iterator[object]:
    """Start Sveltia with a configuration; give back its screen's text once it settled, and its console."""
    root, url = sveltia_root
    requests: list[str] = []
    contexts = []

    def run(config: dict, wait_for: str) -> tuple[str, list[str]]:
        (root / "config.json").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
        contexts.append(guarded_context(browser, requests, locale="en-US"))
        page = contexts[-1].new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.goto(url)
        try:
            page.wait_for_function(SHOWS, arg=wait_for, timeout=60_000)
        except sync_api.TimeoutError:
            pytest.fail(f"Sveltia did not show «{wait_for}»:\n{text(page)}\n" + "\n".join(console))
        return text(page), [plain(line) for line in console]

    yield run
    for context in contexts:
        context.close()
    foreign = {urlsplit(address).hostname for address in requests if not is_local(address)}
    assert foreign <= SVELTIA_OWN_HOSTS, f"requests to other hosts than Sveltia's own: {sorted(foreign)}"


def test_sveltia_accepts_the_built_configuration_of_a_site_with_a_github_repository(start, built_config):
    config = copy.deepcopy(built_config)
    config["backend"]["repo"] = REPOSITORY
    text, console = start(config, SIGN_IN)
    assert ERROR_SCREEN not in text and "error" not in text.lower(), text
    errors = [line for line in console if line.startswith("error:") and "ERR_BLOCKED_BY_CLIENT" not in line]
    assert not errors, console
    # Warnings do not stop Sveltia: exactly the Decap options it ignores, each named twice (schema and notes).
    warned = [re.fullmatch(r"warning: The `(\w+)` option is not (defined in the Sveltia CMS configuration schema"
                           r"|supported in Sveltia CMS)\. It will be ignored\..*", line) for line in console
              if line.startswith("warning:")]
    assert all(warned), console
    assert sorted(match[1] for match in warned) == sorted(2 * list(IGNORED_OPTIONS)), console


def test_the_default_sites_empty_repository_is_the_one_thing_sveltia_refuses(start, built_config):
    assert built_config["backend"]["repo"] == ""   # the default content has no repo_url
    text, _ = start(built_config, ERROR_SCREEN)
    assert configuration_errors(text) == [EMPTY_REPO_ERROR], text
    assert SIGN_IN not in text


# Sveltia 0.221 does not refuse an unknown widget at start (one may be registered later with
# CMS.registerFieldType); it does refuse a missing required key, and a field named by `summary`, `slug`,
# `identifier_field` or `sortable_fields` that the collection lacks: the checks our configuration passes above.
@pytest.mark.parametrize("breakage, error", [
    ("a field without its name", "thủ tục collection: The name option is required."),
    ("a summary naming a missing field",
     "thủ tục collection: The summary option refers to fields.khong_co, but no such field is defined."),
    ("no collections", "Collections are not defined."),
])
def test_sveltia_shows_its_error_for_a_broken_configuration(start, built_config, breakage, error):
    config = copy.deepcopy(built_config)
    config["backend"]["repo"] = REPOSITORY
    if breakage == "a field without its name":
        del config["collections"][0]["fields"][0]["name"]
    elif breakage == "a summary naming a missing field":
        config["collections"][0]["summary"] = "{{fields.khong_co}}"
    else:
        del config["collections"]
    text, _ = start(config, ERROR_SCREEN)
    assert error in configuration_errors(text) and SIGN_IN not in text, text


def test_sveltia_is_not_copied_into_the_built_site(default_site):
    shipped = [path for path in default_site.site.rglob("*") if "sveltia" in path.name.lower()]
    assert not shipped and (default_site.site / workspace.FOLDER / "decap-cms.js").is_file(), shipped
