"""The editors' workspace (quan-tri/), end to end: real Chromium, Decap CMS, decap-server in git mode.

A throwaway git repository gets the default content (and the repository's .gitignore); ``cchc serve`` runs
in it, so the built site is served locally, rebuilt on every change, and the workspace reaches the
repository through decap-server (pipeline/workspace.py). Each save through a form must leave a branch
``cms/<collection>/<file>`` holding one commit whose files pass ``cchc validate``; publishing merges it into
``main`` and the rebuilt site shows it.

Every request every page makes is recorded: none may leave the site's origin, except to api.github.com
(which the local backend does not even need). The Content-Security-Policy is not bypassed, except for
axe, whose script is injected inline.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.pipeline import workspace
from tests.browser.conftest import ARTIFACTS, REPO
from tests.browser.test_accessibility import RUN_AXE, WCAG_TAGS, axe_source, describe  # noqa: F401 - a fixture

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not (workspace.DECAP_DIST / "decap-cms.js").is_file() or not shutil.which("node"),
                                reason="Decap CMS is not installed: run `npm ci` (make site and make test do)")

NEWS_TITLE = "Hội nghị thử khu soạn thảo trên máy"
NEWS_DATE = "2026-12-01T09:30"
IMAGE = REPO / "content" / "assets" / "anh" / "2024-04-16-hoi-nghi-minh-hoa.png"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


class Workspace:
    """``cchc serve`` in a throwaway repository, and what the browser asked of it."""

    def __init__(self, repo: Path, url: str):
        self.repo = repo
        self.url = url          # the site's root, ending with "/"
        self.requests: list[str] = []
        self.blocked: list[str] = []  # what the Content-Security-Policy refused

    def branches(self) -> set[str]:
        return {b.strip().lstrip("* ") for b in git(self.repo, "branch", "--list", "cms/*").splitlines()}

    def commits(self, branch: str) -> list[str]:
        return git(self.repo, "rev-list", f"main..{branch}").split()

    def files(self, branch: str) -> list[str]:
        return git(self.repo, "diff", "--name-only", f"main...{branch}").split()

    def show(self, ref: str, path: str) -> str:
        return git(self.repo, "show", f"{ref}:{path}")

    def blob(self, ref: str, path: str) -> bytes:
        return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=self.repo, capture_output=True, check=True).stdout

    def validate(self, branch: str, tmp: Path) -> subprocess.CompletedProcess[str]:
        """``cchc validate`` on the branch's content, as the pull-request check runs it."""
        tree = tmp / branch.replace("/", "-")
        git(self.repo, "worktree", "add", "--detach", str(tree), branch)
        try:
            return subprocess.run([sys.executable, "-m", "generator", "validate", "--content", "content"], cwd=tree,
                                  capture_output=True, text=True, env={**os.environ, "GITHUB_ACTIONS": ""})
        finally:
            git(self.repo, "worktree", "remove", "--force", str(tree))


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Workspace]:
    repo = tmp_path_factory.mktemp("kho") / "cchc-site"
    shutil.copytree(REPO / "content", repo / "content")
    shutil.copy(REPO / ".gitignore", repo / ".gitignore")
    git(repo.parent, "init", "-q", "-b", "main", str(repo))
    git(repo, "config", "user.name", "Biên tập viên")
    git(repo, "config", "user.email", "bientap@example.org")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Nội dung ban đầu")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (repo.parent / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=repo,
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{url}{workspace.FOLDER}/config.json", timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, (repo.parent / "serve.log").read_text()
                time.sleep(0.2)
        yield Workspace(repo, url)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def editor(browser, served) -> Iterator[object]:
    """One editor's browser, signed in to the workspace (the local backend's «Đăng nhập» needs no account)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(30_000)
    context.on("request", lambda request: served.requests.append(request.url))
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # «leave this page?», «publish this entry?»
    page.on("console", lambda message: served.blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{served.url}{workspace.FOLDER}/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thủ tục hành chính").wait_for()
    yield page
    context.close()


def open_entry(page, served: Workspace, path: str) -> None:
    """A fresh load of the entry's address (a new hash alone may leave the last entry's form on the screen)."""
    page.goto("about:blank")
    page.goto(f"{served.url}{workspace.FOLDER}/#/collections/{path}")
    page.get_by_role("button", name="Lưu").wait_for()


def expand(page, summary: str) -> None:
    """Open the first item of a list that shows ``summary`` while folded (its top bar's first button)."""
    label = page.locator("[class*=NestedObjectLabel]", has_text=re.compile(f"^{re.escape(summary)}$"))
    page.locator("[class*=listControlItem]").filter(has=label).first.locator("button").first.click()


def save(page) -> None:
    """Save, and wait until Decap says the change is saved (a branch and its commit)."""
    page.get_by_role("button", name="Lưu").click()
    try:
        page.get_by_text("Thay đổi đã được lưu").first.wait_for()
    except sync_api.TimeoutError:
        errors = page.locator("[class*=ControlErrorsList], [class*=toast]").all_inner_texts()
        pytest.fail(f"not saved: {errors}")


def test_a_news_item_with_an_image_saved_through_the_form_is_one_commit_on_a_branch_that_validates(
        editor, served, tmp_path):
    page = editor
    open_entry(page, served, "news/new")
    page.get_by_label("Tiêu đề", exact=True).fill(NEWS_TITLE)
    page.get_by_label("Ngày giờ đăng", exact=True).fill(NEWS_DATE)
    page.get_by_label("Đơn vị", exact=True).fill("Sở Nội vụ")
    page.get_by_label("Chuyên mục", exact=True).fill("Hoạt động")
    page.get_by_label("Tóm tắt", exact=True).fill("Sở Nội vụ thử khu soạn thảo mới trên máy.")
    page.get_by_role("button", name="Mở rộng").first.click()   # the image group
    page.get_by_role("button", name="Chọn một hình").click()
    upload = tmp_path / "hoi-nghi-thu.png"
    shutil.copy(IMAGE, upload)
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text(upload.name).first.wait_for()  # uploaded, and chosen
    page.get_by_role("button", name="Lấy những cái đã chọn").click()
    page.get_by_label(re.compile("^Mô tả ảnh")).fill("Quang cảnh hội nghị (ảnh minh họa)")
    page.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Nội dung tin viết trong khu soạn thảo.")
    save(page)

    branch = "cms/news/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may"
    assert branch in served.branches()
    assert len(served.commits(branch)) == 1
    news = "content/news/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may.md"
    assert sorted(served.files(branch)) == ["content/assets/anh/hoi-nghi-thu.png", news]
    assert served.blob(branch, "content/assets/anh/hoi-nghi-thu.png") == IMAGE.read_bytes()
    text = served.show(branch, news)
    front = yaml.safe_load(text.split("---")[1])
    assert front["title"] == NEWS_TITLE
    assert front["image"] == {"src": "assets/anh/hoi-nghi-thu.png", "alt": "Quang cảnh hội nghị (ảnh minh họa)"}
    assert str(front["date"]).startswith("2026-12-01") and "09:30:00+07:00" in text
    assert "Nội dung tin viết trong khu soạn thảo." in text.split("---", 2)[2]
    checked = served.validate(branch, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_a_procedure_fee_and_a_hotline_phone_changed_through_the_form_are_one_commit_each(editor, served, tmp_path):
    page = editor
    open_entry(page, served, "procedures/entries/1.001193")
    expand(page, "trực tiếp")  # the first way of submitting
    page.get_by_label("Phí, lệ phí", exact=True).first.fill("Lệ phí 8.000 đồng (thử từ khu soạn thảo)")
    save(page)
    open_entry(page, served, "hotlines/entries/so-noi-vu")
    expand(page, "landline")
    page.get_by_label("Giá trị", exact=True).first.fill("0213 3876 999")
    save(page)

    for branch, path in (("cms/procedures/1.001193", "content/procedures/1.001193.yml"),
                         ("cms/hotlines/so-noi-vu", "content/hotlines/so-noi-vu.yml")):
        assert len(served.commits(branch)) == 1, branch
        assert served.files(branch) == [path]
        checked = served.validate(branch, tmp_path)
        assert checked.returncode == 0, checked.stderr
    procedure = yaml.safe_load(served.show("cms/procedures/1.001193", "content/procedures/1.001193.yml"))
    before = yaml.safe_load((REPO / "content" / "procedures" / "1.001193.yml").read_text(encoding="utf-8"))
    assert procedure["methods"][0]["fees"] == "Lệ phí 8.000 đồng (thử từ khu soạn thảo)"
    assert procedure["methods"][1:] == before["methods"][1:]  # nothing else of the file changed its value
    assert {k: v for k, v in procedure.items() if k != "methods"} == {k: v for k, v in before.items()
                                                                       if k != "methods"}
    hotline = yaml.safe_load(served.show("cms/hotlines/so-noi-vu", "content/hotlines/so-noi-vu.yml"))
    assert hotline["channels"][0] == {"kind": "landline", "value": "0213 3876 999"}


def test_publishing_merges_into_main_and_the_rebuilt_site_shows_it(editor, served):
    page = editor
    branch = "cms/news/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may"
    open_entry(page, served, "news/entries/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may")
    page.get_by_role("button", name=re.compile("^Trạng thái")).click()
    page.get_by_role("menuitem", name="Sẵn sàng").click()
    page.get_by_text("Sẵn sàng").first.wait_for()
    page.get_by_role("button", name="Công bố", exact=True).click()
    page.get_by_role("menuitem", name="Công bố ngay").click()
    page.get_by_text("Đã công bố").first.wait_for()

    assert branch not in served.branches()
    assert "content/news/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may.md" in git(served.repo, "ls-files")
    address = f"{served.url}tin-tuc/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may/"
    for _ in range(300):  # cchc serve rebuilds once the merge has changed the content
        try:
            html = urllib.request.urlopen(address, timeout=2).read().decode("utf-8")
            break
        except OSError:
            time.sleep(0.2)
    else:
        pytest.fail(f"{address} never appeared")
    assert NEWS_TITLE in html and "hoi-nghi-thu.png" in html


def test_bad_values_are_refused_by_the_form_or_reported_by_the_check_at_file_line_field(editor, served, tmp_path):
    page = editor
    before = served.branches()
    # a wrong phone number where the model's field is a phone: the form refuses it, in Vietnamese
    open_entry(page, served, "settings/entries/site")
    page.get_by_label("Điện thoại", exact=True).fill("0213-38abc")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Cần số điện thoại chỉ gồm chữ số, dấu cách và dấu chấm").first.wait_for()
    # an empty required field
    open_entry(page, served, "news/new")
    page.get_by_label("Đơn vị", exact=True).fill("Sở Nội vụ")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Tiêu đề bắt buộc nhập.").first.wait_for()
    assert served.branches() == before  # neither was saved

    # a closing date before the opening date: a rule across two fields, which no widget checks; it is saved,
    # and the pull-request check reports it at file:line:field
    draft = "drafts/du-thao-ke-hoach-tuyen-truyen-cchc-2025"
    open_entry(page, served, f"drafts/entries/{draft.split('/')[1]}")
    page.get_by_label("Hạn góp ý", exact=True).fill("2024-11-10")
    save(page)
    checked = served.validate(f"cms/{draft}", tmp_path)
    saved = served.show(f"cms/{draft}", f"content/{draft}.yml").splitlines()
    line = next(number for number, text in enumerate(saved, 1) if text.startswith("closes:"))
    assert checked.returncode == 1
    assert f"content/{draft}.yml:{line}: trường «hạn góp ý (closes)»: hạn góp ý 10/11/2024 trước ngày bắt đầu lấy ý " \
           "kiến 20/11/2024" in checked.stderr


def _folded(text: str) -> str:
    """Text without its diacritics, as an editor may type it on a keyboard with no Vietnamese input."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace("đ", "d")


def find(page, query: str) -> object:
    """Type ``query`` into the quick finder («Tìm nhanh»); its list of results."""
    page.get_by_role("button", name="Tìm nhanh").click()
    page.get_by_label("Mã hoặc tên thủ tục, tiêu đề tin, số văn bản…").fill(query)
    return page.get_by_role("dialog", name="Tìm nhanh").get_by_role("listitem")


def test_an_editor_finds_a_procedure_by_code_or_by_words_of_its_name_and_opens_its_form(editor, served):
    """The quick finder: what an editor does to change one procedure among thousands (Decap's own search reads every
    file of the collection first; bench/workspace.py times both at province scale)."""
    page = editor
    wanted = yaml.safe_load((REPO / "content" / "procedures" / "1.000656.yml").read_text(encoding="utf-8"))
    words = _folded(wanted["name"]).lower().split()[-2:]   # «khai tử», typed without diacritics
    for query in (wanted["code"], " ".join(words)):
        page.goto("about:blank")  # from the procedures' list, as an editor starts
        page.goto(f"{served.url}{workspace.FOLDER}/#/collections/procedures")
        page.get_by_text(wanted["name"]).first.wait_for()
        results = find(page, query)
        page.get_by_role("status").filter(has_text=re.compile("^Tìm thấy")).wait_for()
        shown = results.all_inner_texts()
        if query == wanted["code"]:
            assert shown == [f"{wanted['code']} · {wanted['name']} · {wanted['field']}\nThủ tục hành chính"]
        else:  # news items about it too: every result holds both words
            assert all(all(w in _folded(text).lower() for w in words) for text in shown), shown
        results.get_by_role("link", name=re.compile(re.escape(wanted["code"]))).click()
        assert not page.get_by_role("dialog", name="Tìm nhanh").is_visible()
        page.wait_for_url(f"**/#/collections/procedures/entries/{wanted['code']}")
        page.get_by_role("button", name="Lưu").wait_for()
        assert page.get_by_label("Mã thủ tục", exact=True).input_value() == wanted["code"]
        assert page.get_by_label("Tên thủ tục", exact=True).input_value() == wanted["name"]
    assert not page.get_by_role("button", name="Tìm nhanh").is_visible()  # never over a form
    page.goto(f"{served.url}{workspace.FOLDER}/#/collections/procedures")
    results = find(page, "khong co thu tuc nao ten nhu the nay")
    page.get_by_role("status").filter(has_text="Không thấy bài nào").wait_for()
    assert results.count() == 0
    page.get_by_role("button", name="Đóng").click()
    assert not page.get_by_role("dialog", name="Tìm nhanh").is_visible()


@pytest.fixture(scope="module")
def published(served) -> Iterator[str]:
    """The built workspace from a plain static server, as a host serves it: no local backend, GitHub's sign-in."""
    handler = functools.partial(_Quiet, directory=str(served.repo / "site"))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as static:
        thread = threading.Thread(target=static.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{static.server_address[1]}/{workspace.FOLDER}/"
        static.shutdown()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def shoot(page, name: str) -> None:
    """The screen at a phone's and a laptop's width, into test-artifacts/ (CONTRIBUTING.md shows them)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height in ((390, 844), (1366, 900)):
        page.set_viewport_size({"width": width, "height": height})
        time.sleep(0.5)
        page.screenshot(path=str(ARTIFACTS / f"workspace-{name}-{width}.png"))


def test_screens_at_phone_and_desktop_width(browser, editor, served, published):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    context.on("request", lambda request: served.requests.append(request.url))
    login = context.new_page()
    login.goto(published)
    login.get_by_role("button", name=re.compile("GitHub")).wait_for()
    assert not login.get_by_role("button", name="Tìm nhanh").is_visible()  # not before signing in
    shoot(login, "dang-nhap")
    context.close()
    open_entry(editor, served, "news/new")
    editor.goto(f"{served.url}{workspace.FOLDER}/#/collections/procedures")
    editor.get_by_text("Thủ tục đăng ký khai sinh").first.wait_for()
    shoot(editor, "danh-sach")
    find(editor, "ly lich tu phap")
    editor.get_by_role("status").filter(has_text=re.compile("^Tìm thấy")).wait_for()
    shoot(editor, "tim-nhanh")
    editor.get_by_role("button", name="Đóng").click()
    open_entry(editor, served, "news/entries/2026-12-01-hoi-nghi-thu-khu-soan-thao-tren-may")
    shoot(editor, "soan-tin")
    editor.set_viewport_size({"width": 1366, "height": 900})
    for name in ("dang-nhap", "danh-sach", "tim-nhanh", "soan-tin"):
        for width in (390, 1366):
            assert (ARTIFACTS / f"workspace-{name}-{width}.png").stat().st_size > 10_000


@pytest.mark.parametrize("screen", ["login", "list", "workflow"])
def test_axe_on_the_login_list_and_workflow_screens(browser, served, published, axe_source, screen):
    """Decap's greys fail WCAG's contrast; workspace.css darkens them (without it: 1 element on the login screen,
    30 on the list, 5 and one per card on the workflow board)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    if screen == "login":
        page.goto(published)
        page.get_by_role("button", name=re.compile("GitHub")).wait_for()
    else:
        page.goto(f"{served.url}{workspace.FOLDER}/")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_text("Thủ tục đăng ký khai sinh").first.wait_for()
        if screen == "workflow":
            page.get_by_role("link", name="Biên tập").click()
            page.get_by_text(re.compile("bài đang chờ duyệt")).wait_for()
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    context.close()
    assert not violations, describe(violations, f"the workspace's {screen} screen")


def test_no_request_leaves_the_site_but_to_api_github_com(served):
    """Run last: every request of the tests above, the editor's and the published page's."""
    assert served.requests
    origins = {urlsplit(url).netloc for url in served.requests if urlsplit(url).scheme in ("http", "https")}
    assert origins - {"api.github.com"} <= {urlsplit(served.url).netloc} | {o for o in origins
                                                                             if o.startswith("127.0.0.1:")}
    assert all(o.startswith("127.0.0.1:") or o == "api.github.com" for o in origins), origins
