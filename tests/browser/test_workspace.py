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

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.pipeline import workspace
from tests.browser.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, REPO
from tests.browser.test_accessibility import RUN_AXE, WCAG_TAGS, describe

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
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def editor(browser, served) -> Iterator[object]:
    """One editor's browser, signed in to the workspace (the local backend's «Đăng nhập» needs no account)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN",
                                  timezone_id="Asia/Ho_Chi_Minh")
    context.set_default_timeout(30_000)
    context.on("request", lambda request: served.requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda message: served.blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(f"{served.url}{workspace.FOLDER}/")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Thủ tục hành chính").wait_for()
    yield page
    context.close()


def open_entry(page, served: Workspace, path: str) -> None:
    page.goto(f"{served.url}{workspace.FOLDER}/#/collections/{path}")
    page.get_by_role("button", name="Lưu").wait_for()


def save(page) -> None:
    """Save, and wait until Decap says the change is saved (a branch and its commit)."""
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Thay đổi đã được lưu").first.wait_for()


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
    page.get_by_label("Mô tả ảnh", exact=True).fill("Quang cảnh hội nghị (ảnh minh họa)")
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
