"""What a phone downloads: a procedure page's first load, and a first search query.

Serves a built site on 127.0.0.1, drives Debian's Chromium with Playwright and
records every response. Sizes are given raw and gzip-compressed (level 6, as a
static host such as GitHub Pages sends text); Pagefind's index files are
already compressed and count as they are.

Each first query is also timed on a slow phone: Chromium's own emulation of a
1.6 Mbit/s line with 150 ms latency and a CPU four times slower, on a loaded
page whose search has not been used. Twice: "typed", as a citizen does it (tap
the header box, type at 8 characters a second; from the last key until the
results are listed), and "pasted" (the whole query at once, the moment the box
is tapped: nothing could load before). Pagefind's many small files cost round
trips there, so the time says what the bytes alone do not.

    python bench/page_weight.py [--site site] [--query "thu tuc" --query "khai sinh" --query "so do"]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PROCEDURE_GOAL = 150_000
SEARCH_GOAL = 300_000
TIME_GOAL = 2.5  # seconds from typing to results on the slow phone
SLOW_LINE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
SLOW_CPU = 4


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def transferred(body: bytes, url: str) -> int:
    """Bytes on the wire from a compressing static host."""
    if url.endswith((".pf_index", ".pf_fragment", ".pf_meta", ".pagefind", ".png", ".jpg", ".woff2")):
        return len(body)
    return len(gzip.compress(body, 6))


def typing_to_results(browser, base: str, query: str, typed: bool) -> float:
    """Seconds from the last key of ``query`` on a freshly loaded home page to its results, on the slow phone."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_LINE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_CPU})
    page.goto(base, wait_until="networkidle", timeout=120_000)
    if typed:
        page.focus("#cchc-search-input")  # what tapping the search icon does
        page.keyboard.type(query[:-1], delay=125)
        page.wait_for_timeout(125)
    start = time.perf_counter()
    if typed:
        page.keyboard.type(query[-1])
    else:
        page.fill("#cchc-search-input", query)
    page.wait_for_function("q => document.querySelector('[data-cchc-results]').dataset.query === q",
                           arg=query, timeout=120_000, polling=20)
    elapsed = time.perf_counter() - start
    page.close()
    return elapsed


def measure(site: Path, queries: list[str]) -> dict[str, object]:
    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    procedure = sorted(p.parent.name for p in (site / "thu-tuc").glob("*/index.html"))[0]
    results: dict[str, object] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        seen: list[tuple[str, int, int]] = []
        page.on("response", lambda r: seen.append((r.url, len(r.body()), transferred(r.body(), r.url)))
                if r.status == 200 else None)
        page.goto(base + f"thu-tuc/{procedure}/", wait_until="networkidle")
        results["procedure page"] = (f"thu-tuc/{procedure}/", sum(s[1] for s in seen), sum(s[2] for s in seen),
                                     len(seen))
        for query in queries:
            page.goto(base, wait_until="networkidle")
            page.context.clear_cookies()
            seen.clear()
            page.fill("#cchc-search-input", query)
            page.wait_for_function("q => document.querySelector('[data-cchc-results]').dataset.query === q",
                                   arg=query, timeout=60_000)
            page.wait_for_load_state("networkidle")
            searched = [s for s in seen if "/pagefind/" in s[0]]
            results[f"first query «{query}»"] = ("pagefind/", sum(s[1] for s in searched),
                                                 sum(s[2] for s in searched), len(searched),
                                                 typing_to_results(browser, base, query, typed=True),
                                                 typing_to_results(browser, base, query, typed=False))
            page = browser.new_page(viewport={"width": 390, "height": 844})  # a fresh cache for the next query
            page.on("response", lambda r: seen.append((r.url, len(r.body()), transferred(r.body(), r.url)))
                    if r.status == 200 else None)
        browser.close()
    server.shutdown()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default="site", type=Path)
    parser.add_argument("--query", action="append", dest="queries")
    args = parser.parse_args()
    results = measure(args.site, args.queries or ["thu tuc", "khai sinh", "so do"])
    pages = len(list(args.site.rglob("*.html")))
    print(f"site: {args.site} ({pages} HTML files)")
    print(f"{'what':32} {'requests':>8} {'raw':>10} {'on the wire':>12}  goal")
    for name, (where, raw, wire, count, *seconds) in results.items():
        goal = PROCEDURE_GOAL if name == "procedure page" else SEARCH_GOAL
        verdict = "met" if wire <= goal else "NOT met"
        print(f"{name:32} {count:>8} {raw / 1000:>8.1f} kB {wire / 1000:>9.1f} kB  ≤ {goal // 1000} kB: {verdict}")
        for how, took in zip(("typed", "pasted"), seconds):
            verdict = "met" if took <= TIME_GOAL else "NOT met"
            print(f"{'  to results, slow phone, ' + how:32} {took:>31.2f} s   ≤ {TIME_GOAL} s: {verdict}")


if __name__ == "__main__":
    main()
