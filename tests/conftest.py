"""Shared fixtures: build a content folder once per test session and parse what came out."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.core.content import Content
from generator.pipeline import build, load as loader

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
EXAMPLES = REPO / "examples"


class Built:
    """A finished site and the content it came from."""

    def __init__(self, content_dir: Path, out: Path):
        self.paths = build.Paths(content=content_dir, build=out / "build", site=out / "site")
        self.content = build.build(self.paths)
        self.site = self.paths.site

    def html(self, url_path: str) -> BeautifulSoup:
        """Parse the page at a site URL path such as ``thu-tuc/1.001193/``."""
        file = self.site / url_path / "index.html" if not url_path.endswith(".html") else self.site / url_path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def text(self, url_path: str) -> str:
        """The visible text of a page's main content, whitespace folded."""
        article = self.html(url_path).select_one("article") or self.html(url_path)
        return " ".join(article.get_text(" ").split())


@pytest.fixture(scope="session")
def build_site(tmp_path_factory):
    cache: dict[Path, Built] = {}

    def make(content_dir: Path = CONTENT) -> Built:
        if content_dir not in cache:
            cache[content_dir] = Built(content_dir, tmp_path_factory.mktemp(content_dir.name))
        return cache[content_dir]

    return make


@pytest.fixture(scope="session")
def default_site(build_site) -> Built:
    return build_site(CONTENT)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of the default content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def start_preview(content: Path, work: Path) -> tuple[subprocess.Popen[str], int]:
    """`cchc serve` really started on a free local port: the process (its stderr piped) and the port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--content", str(content),
                               "--build-dir", str(work / "build"), "--site-dir", str(work / "site"),
                               "--port", str(port)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    return server, port


def load(content_dir: Path) -> Content:
    return loader.load(content_dir)
