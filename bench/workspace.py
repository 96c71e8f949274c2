"""How fast the editors' workspace (quan-tri/) is on a large site: Decap CMS against the local backend.

    .venv/bin/python bench/workspace.py [--procedures 2000] [--news 3000] [--out bench-workspace.json]

Generates the content (bench/make_content.py, province scale by default) into a throwaway git repository,
runs ``cchc serve`` in it (the site, and decap-server in git mode behind the workspace's own address), and
drives real Chromium through what an editor does every day, timing each from the click to what the editor
waits for:

- opening each collection's list (the first entries shown);
- finding a procedure by its code, and by words of its name: in the quick finder («Tìm nhanh», an index the
  build writes), then opening the one found; and in Decap's own search, from the procedures' list;
- opening one procedure and one news item from their lists (the form filled in).

Decap lists a folder collection by reading every file of it, and its search reads every file of the
collections it searches (issues #2350, #4097, #5920): those figures grow with the size of the site, the quick
finder's hardly. The goal is 3 s for the everyday tasks. Run it once, on a quiet machine: it builds a
province-sized site first (about a minute).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml
from playwright.sync_api import TimeoutError, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_content import make  # noqa: E402
from generator.pipeline import workspace  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
GOAL = 3.0  # seconds, for an everyday task


def _repository(root: Path, procedures: int, news: int) -> Path:
    repo = root / "cchc-site"
    make(repo / "content", procedures, news, 1, workspace.HERE.parent.parent / "content")
    shutil.copy(workspace.HERE.parent.parent / ".gitignore", repo / ".gitignore")
    for command in (["init", "-q", "-b", "main"], ["add", "-A"],
                    ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "bench"]):
        subprocess.run(["git", *command], cwd=repo, check=True)
    return repo


def _serve(repo: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=repo,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    while True:
        try:
            urllib.request.urlopen(f"{url}{workspace.FOLDER}/config.json", timeout=1).close()
            return server, url
        except OSError:
            if server.poll() is not None:
                raise SystemExit("cchc serve stopped")
            time.sleep(0.5)


def _timed(action, wait, limit: float = 240) -> float:
    """Seconds from the action to what the editor waits for; infinity past ``limit`` (printed at once)."""
    start = time.perf_counter()
    action()
    try:
        wait(limit * 1000)
        seconds = round(time.perf_counter() - start, 2)
    except TimeoutError:
        seconds = float("inf")
    print(f"{seconds:7.2f} s", file=sys.stderr, flush=True)
    return seconds


def _procedure(repo: Path) -> dict[str, object]:
    """A procedure whose name no other has: the generated content repeats names, a real province rarely does."""
    files = sorted((repo / "content" / "procedures").glob("*.yml"))
    names = [re.search(r"^name: (.+)$", p.read_text(encoding="utf-8"), re.M)[1] for p in files]
    unique = next(p for p, name in zip(files, names) if names.count(name) == 1)
    return yaml.load(unique.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def measure(url: str, repo: Path) -> dict[str, float]:
    procedure = _procedure(repo)
    figures: dict[str, float] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="vi-VN")
        page.set_default_timeout(240_000)
        page.goto(f"{url}{workspace.FOLDER}/")
        first = "a[href*='#/collections/{}/entries/']"
        figures["sign in, to the first list"] = _timed(
            lambda: page.get_by_role("button", name="Đăng nhập").click(),
            lambda ms: page.locator(first.format("procedures")).first.wait_for(timeout=ms))
        for name in (n for n in workspace.FOLDERS if any((repo / "content" / n).glob("*.*"))):  # not the empty
            figures[f"open the list: {name}"] = _timed(
                lambda: page.locator(f"a[data-testid='{name}']").click(),
                lambda ms: page.locator(first.format(name)).first.wait_for(timeout=ms))
        queries = (("code", procedure["code"]), ("name", procedure["name"]))
        found = f"#tim-nhanh-ket-qua a[href$='/entries/{procedure['code']}']"
        for what, query in queries:  # the quick finder, from the list: its index is fetched when it first opens
            page.goto("about:blank")
            page.goto(f"{url}{workspace.FOLDER}/#/collections/procedures")
            page.locator(first.format("procedures")).first.wait_for()
            figures[f"find a procedure by {what} (Tìm nhanh)"] = _timed(
                lambda: (page.get_by_role("button", name="Tìm nhanh").click(),
                         page.get_by_label("Mã hoặc tên thủ tục, tiêu đề tin, số văn bản…").fill(query)),
                lambda ms: page.locator(found).wait_for(timeout=ms))
            if what == "code":
                figures["open the procedure found"] = _timed(
                    lambda: page.locator(found).click(),
                    lambda ms: page.wait_for_function(
                        f"document.querySelector(\"input[id^='code-field']\")?.value === '{procedure['code']}'",
                        timeout=ms))
            else:
                page.get_by_role("button", name="Đóng").click()
        for what, query in queries:  # Decap's own search, in the procedures' list (what its box offers there)
            page.goto("about:blank")  # a new hash alone may leave the last screen in place
            page.goto(f"{url}{workspace.FOLDER}/#/collections/procedures")
            page.locator(first.format("procedures")).first.wait_for()
            box = page.get_by_placeholder("Tìm kiếm tất cả")
            figures[f"find a procedure by {what} (Decap's search)"] = _timed(
                lambda: (box.fill(query), box.press("Enter")),
                lambda ms: (page.wait_for_url("**/search/**", timeout=ms),
                            page.locator(f"a[href$='/entries/{procedure['code']}']").first.wait_for(timeout=ms)), 60)
        for name in ("procedures", "news"):
            page.goto("about:blank")
            page.goto(f"{url}{workspace.FOLDER}/#/collections/{name}")
            page.locator(first.format(name)).first.wait_for()
            figures[f"open one entry: {name}"] = _timed(
                lambda: page.locator(first.format(name)).first.click(),
                lambda ms: page.locator("input[id^='code-field'], input[id^='title-field']").first.wait_for(timeout=ms))
        browser.close()
    return figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--procedures", type=int, default=2000)
    ap.add_argument("--news", type=int, default=3000)
    ap.add_argument("--out", type=Path, default=None, help="also write the figures here (JSON)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cchc-workspace-bench-") as tmp:
        repo = _repository(Path(tmp), args.procedures, args.news)
        server, url = _serve(repo)
        try:
            figures = measure(url, repo)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    width = max(map(len, figures))
    for task, seconds in figures.items():
        print(f"{task:<{width}}  {seconds:6.2f} s{'' if seconds <= GOAL else '  (over 3 s; inf: none in the time allowed)'}")
    if args.out:
        args.out.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
