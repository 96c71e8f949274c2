"""How well the site's search finds what citizens type: recall@1, recall@5 and MRR.

Builds the default site (content/) into a temporary folder, serves it on
127.0.0.1 and types each query of a labelled set (bench/search_queries.yml:
everyday words, no diacritics, codes, extra words, abbreviations, nonsense) into the
site's own search box in Debian's Chromium, the way a citizen does. A query
counts as found at the rank of the first result that is its page.

    .venv/bin/python bench/search_quality.py [--site DIR] [--queries FILE] [--show-misses]

Not a test: the figures go into README's Performance section. When a real
query fails, add it to the set.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Page, sync_playwright

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DEPTH = 10  # results read per query (the first page of the box)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def build(folder: Path) -> Path:
    """The default site, built by the project's own command."""
    site = folder / "site"
    subprocess.run([sys.executable, "-m", "generator", "build", "--content", str(REPO / "content"),
                    "--site-dir", str(site), "--build-dir", str(folder / "build")], check=True, cwd=REPO,
                   stdout=subprocess.DEVNULL)
    return site


def results(page: Page, query: str) -> list[str]:
    """The addresses (below the site root) the header search box lists for ``query``, in order."""
    box = page.locator("#cchc-search-input")
    box.fill(query)
    page.wait_for_function("q => document.querySelector('[data-cchc-results]').dataset.query === q",
                           arg=query, timeout=30_000)
    hrefs = page.eval_on_selector_all("[data-cchc-results] li a", "links => links.map(a => a.href)")
    return [urlsplit(h).path.lstrip("/") for h in hrefs[:DEPTH]]


def rank_of(found: list[str], expected: str) -> int | None:
    """1-based rank of the expected page's address, or None when it is not listed. A nonsense query
    (``page: none``) counts as found first when nothing at all is listed."""
    if expected == "none":
        return None if found else 1
    want = expected.strip("/")
    for i, path in enumerate(found, 1):
        if path.strip("/") == want:
            return i
    return None


def measure(site: Path, queries: list[dict[str, str]]) -> list[tuple[dict[str, str], int | None, list[str]]]:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="networkidle")
        for q in queries:
            found = results(page, q["q"])
            out.append((q, rank_of(found, q["page"]), found))
        browser.close()
    server.shutdown()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built default site (built afresh when omitted)")
    parser.add_argument("--queries", type=Path, default=HERE / "search_queries.yml")
    parser.add_argument("--show-misses", action="store_true", help="list every query not found first")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))["queries"]
    with tempfile.TemporaryDirectory(prefix="cchc-search-quality-") as tmp:
        site = args.site or build(Path(tmp))
        scored = measure(site, queries)
    ranks = [r for _, r, _ in scored]
    n = len(ranks)
    at1 = sum(1 for r in ranks if r == 1) / n
    at5 = sum(1 for r in ranks if r and r <= 5) / n
    mrr = sum(1 / r for r in ranks if r) / n
    kinds: dict[str, list[int | None]] = {}
    for q, r, _ in scored:
        kinds.setdefault(q.get("kind", "?"), []).append(r)
    for q, r, found in scored:
        if r is None or (args.show_misses and r > 1):
            print(f"  {'miss' if r is None else f'rank {r}'}: «{q['q']}» → {q['page']}; got {found[:3]}")
    for kind, rs in sorted(kinds.items()):
        print(f"  {kind:14} {len(rs):3} queries, recall@5 {sum(1 for r in rs if r and r <= 5) / len(rs):.1%}")
    print(f"{n} queries: recall@1 {at1:.1%}, recall@5 {at5:.1%} (target ≥ 95 %), MRR {mrr:.3f}")


if __name__ == "__main__":
    main()
