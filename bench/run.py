"""Benchmark the whole pipeline at three sizes of site.

    .venv/bin/python bench/run.py                       # small, province and large, 3 runs each
    .venv/bin/python bench/run.py --scales small        # a quick run
    .venv/bin/python bench/run.py --scales small,province --runs 1

Scales:

- ``small``: the default content folder (content/);
- ``province``: 2,000 procedures and 3,000 news items (bench/make_content.py);
- ``large``: 5,000 procedures and 10,000 news items.

For every scale and run, a fresh temporary folder under /tmp holds the build, and
``os.sync()`` runs before each timed build, so that the disk is not still busy
writing the previous run's 400 MB (as a fresh CI machine is not).
One child process (this file, run as ``_worker``) does ``generator.pipeline.build.build``
with the pipeline's steps wrapped in timers, so each run reports:

- validate: ``generator.pipeline.load.read`` (as called by ``generate``);
- generate: the rest of ``generator.pipeline.build.generate`` (render Markdown pages, feeds,
  calendars, open data, write the files that changed); render_site, render_feeds
  and write_tree are also shown on their own;
- mkdocs: ``generator.pipeline.shards.build`` (MkDocs in one process per core);
- search index: the Pagefind process, which runs beside MkDocs, and the time it adds
  after MkDocs is done (``search.finish``);
- total: the whole ``build.build`` call (the process's own start-up and imports are
  reported apart, in "process wall");
- peak RSS of the child (``os.wait4``: the child and anything it ran);
- size and file count of ``site/``; HTML bytes per page (median, largest);
- bytes a first search for "thu tuc" downloads (Pagefind only).

Then the baseline: bare ``python -m mkdocs build`` on the same generated Markdown,
so the generator's own cost is the difference. Last, edit-to-preview: ``cchc
serve`` on a copy of the content; the newest news item's title is changed and the
item page, ``tin-tuc/``, ``/`` and ``feed.xml`` are polled over HTTP until all of
them show the new title; then a news item newer than it is added, and removed again, each timed until
the four addresses show it or no longer do (medians of ``--edits`` rounds).

Then the warm builds (``measure_warm``): ``cchc build`` run again with the build
folder of the build before, whose cache (generator/pipeline/cache.py) holds the
themed pages and Pagefind's index, and the session of what it read and rendered
(generator/pipeline/build.py: ``Session``): with nothing changed, after one news item's
text, its title and one procedure's step were edited, each as a whole process
(wall time and peak RSS), and checked byte for byte against a cold
``--no-cache`` build of the same content.

Figures are medians over ``--runs`` runs. Nothing outside /tmp is written.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_CONTENT = REPO / "content"
PY = sys.executable
CCHC = str(Path(PY).parent / "cchc")

SCALES: dict[str, tuple[int, int] | None] = {
    "small": None,              # the default content folder as it is
    "province": (2000, 3000),   # procedures, news items
    "large": (5000, 10000),
}
QUERY = "thu tuc"


# =========================================================================== worker (child process)


def _worker(content: str, work: str) -> int:
    """Build one site with timers around each step; print the timings as JSON."""
    t_start = time.perf_counter()
    import resource

    import threading

    try:  # one module per kind (issue 15); feeds and calendars are pipeline/site.py's render_outputs
        from generator.pipeline import build, index as search, load as validate, shards, site as render, writer
        feeds, feeds_step = render, "render_outputs"
    except ImportError:  # the layout before it, to compare with an older commit
        from generator import build, feeds, render, search, shards, validate, writer
        feeds_step = "render_feeds"

    t_imported = time.perf_counter()
    timings: dict[str, float] = {}
    active: set[str] = set()

    def timed(key: str, func):
        def wrapper(*args, **kwargs):
            if key in active:  # a timed step calling itself (or a helper of the same kind): time it once
                return func(*args, **kwargs)
            active.add(key)
            t0 = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                active.discard(key)
                timings[key] = timings.get(key, 0.0) + elapsed
        wrapper.__wrapped__ = func
        return wrapper

    # build.py calls these through their modules (validate.load, render.render_site...),
    # so replacing the module attributes times the calls made inside build.build.
    # generate reads the content with validate.read (all errors in one run); older versions called load
    step = "read" if hasattr(validate, "read") else "load"
    setattr(validate, step, timed("validate", getattr(validate, step)))
    render.render_site = timed("render", render.render_site)
    setattr(feeds, feeds_step, timed("feeds", getattr(feeds, feeds_step)))
    writer.write_tree = timed("write", writer.write_tree)
    build.generate = timed("generate", build.generate)
    shards.build = timed("mkdocs", shards.build)
    search.finish = timed("search_wait", search.finish)  # what Pagefind adds after MkDocs is done
    start_search = search.start

    def start_timed(*args, **kwargs):
        """Pagefind runs beside MkDocs: time its process from start to exit."""
        t0 = time.perf_counter()
        proc = start_search(*args, **kwargs)
        threading.Thread(target=lambda: (proc.wait(), timings.__setitem__("search", time.perf_counter() - t0)),
                         daemon=True).start()
        return proc

    search.start = start_timed

    paths = build.Paths(content=Path(content), build=Path(work) / "build", site=Path(work) / "site")
    t0 = time.perf_counter()
    build.build(paths)
    total = time.perf_counter() - t0

    generate_only = timings.get("generate", 0.0) - timings.get("validate", 0.0)
    result = {
        "imports": t_imported - t_start,
        "validate": timings.get("validate"),
        "generate": generate_only,
        "render": timings.get("render"),
        "feeds": timings.get("feeds"),
        "write": timings.get("write"),
        "mkdocs": timings.get("mkdocs"),
        "processes": shards.shard_count(len(list(paths.docs.rglob("*.md")))),
        "search": timings.get("search"),
        "search_wait": timings.get("search_wait"),
        "total": total,
        "maxrss_self_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "maxrss_children_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }
    print("BENCH-RESULT " + json.dumps(result))
    return 0


# =========================================================================== measuring from the parent


def _run_child(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Run ``cmd``; return (wall seconds, exit status, peak RSS in KiB of it and its children)."""
    t0 = time.perf_counter()
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=REPO, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, proc.returncode, usage.ru_maxrss


def _tree_stats(root: Path) -> dict[str, Any]:
    sizes: list[int] = []
    html: list[tuple[int, str]] = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            size = path.stat().st_size
            sizes.append(size)
            if name.endswith(".html"):
                html.append((size, path.relative_to(root).as_posix()))
    largest = max(html) if html else (0, "")
    return {
        "bytes": sum(sizes), "files": len(sizes), "html_pages": len(html),
        "html_median": statistics.median(s for s, _ in html) if html else 0,
        "html_largest": largest[0], "html_largest_path": largest[1],
    }


# --------------------------------------------------------------------------- Pagefind first query


def _cbor(data: bytes, i: int = 0) -> tuple[Any, int]:
    """A minimal CBOR decoder: enough for Pagefind's metadata (arrays, maps, strings, ints)."""
    ib = data[i]
    major, info = ib >> 5, ib & 31
    i += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        n = 1 << (info - 24)
        arg = int.from_bytes(data[i:i + n], "big")
        i += n
    elif info == 31:
        arg = -1  # indefinite length
    else:
        raise ValueError(f"unsupported CBOR item {ib:#x}")
    if major == 0:
        return arg, i
    if major == 1:
        return -1 - arg, i
    if major in (2, 3):
        if arg < 0:
            chunks = []
            while data[i] != 0xFF:
                chunk, i = _cbor(data, i)
                chunks.append(chunk)
            return (b"" if major == 2 else "").join(chunks), i + 1
        raw = data[i:i + arg]
        return (raw if major == 2 else raw.decode("utf-8", "replace")), i + arg
    if major == 4:
        items = []
        if arg < 0:
            while data[i] != 0xFF:
                item, i = _cbor(data, i)
                items.append(item)
            return items, i + 1
        for _ in range(arg):
            item, i = _cbor(data, i)
            items.append(item)
        return items, i
    if major == 5:
        out = {}
        count = arg
        while (count < 0 and data[i] != 0xFF) or count > 0:
            key, i = _cbor(data, i)
            out[key], i = _cbor(data, i)
            count -= 1 if count > 0 else 0
        return out, (i + 1 if arg < 0 else i)
    if major == 6:
        return _cbor(data, i)
    if major == 7:
        return {20: False, 21: True, 22: None}.get(info), i
    raise ValueError("bad CBOR")


def _pf_decode(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if data.startswith(b"pagefind_dcd"):
        data = data[len(b"pagefind_dcd"):]
    return _cbor(data)[0]


def _fold(text: str) -> str:
    import unicodedata
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def pagefind_query_bytes(site: Path, query: str = QUERY) -> dict[str, Any] | None:
    """Approximate what Pagefind's JS downloads for a first search of ``query``.

    Counted: pagefind-entry.json, pagefind.js, the language's wasm, its .pf_meta,
    the index chunks whose word range holds a query term (or starts with it), one
    fragment per result the site's script asks ``data()`` of (15 in cchc.js; 5 in
    Pagefind's Default UI) at the median fragment size,
    and the UI's script and stylesheet if the pages load them. Filter files are
    added when present, since the Default UI loads them on start.
    """
    pf = site / "pagefind"
    if not pf.is_dir():
        return None
    size = lambda p: p.stat().st_size if p.is_file() else 0  # noqa: E731
    parts: dict[str, int] = {}
    fallback: dict[str, int] = {}
    entry_path = pf / "pagefind-entry.json"
    parts["pagefind-entry.json"] = size(entry_path)
    parts["pagefind.js"] = size(pf / "pagefind.js")
    fallback.update(parts)
    lang_hash, wasm_lang = None, "unknown"
    with contextlib.suppress(Exception):
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        langs = entry.get("languages", {})
        lang = "vi" if "vi" in langs else next(iter(langs), None)
        if lang:
            lang_hash = langs[lang].get("hash")
            wasm_lang = langs[lang].get("wasm") or "unknown"
    wasm = pf / f"wasm.{wasm_lang}.pagefind"
    if not wasm.is_file():
        wasm = next(iter(sorted(pf.glob("wasm.*.pagefind"))), wasm)
    parts[wasm.name] = size(wasm)
    fallback["wasm"] = parts[wasm.name]
    index_files = sorted((pf / "index").glob("*.pf_index")) if (pf / "index").is_dir() else []
    fragments = sorted((pf / "fragment").glob("*.pf_fragment")) if (pf / "fragment").is_dir() else []
    fallback["largest index chunk"] = max((size(p) for p in index_files), default=0)
    fallback["largest fragment"] = max((size(p) for p in fragments), default=0)
    note = ""
    try:
        meta_path = pf / f"pagefind.{lang_hash}.pf_meta" if lang_hash else None
        if meta_path is None or not meta_path.is_file():
            meta_path = next(iter(sorted(pf.glob("pagefind.*.pf_meta"))))
        parts[meta_path.name] = size(meta_path)
        meta = _pf_decode(meta_path)
        chunks = meta[2] if isinstance(meta, list) else meta.get("index_chunks", [])
        filters = meta[3] if isinstance(meta, list) and len(meta) > 3 else []
        terms = [_fold(t) for t in query.split()]
        wanted: set[str] = set()
        for chunk in chunks:
            start, end, chash = (chunk[0], chunk[1], chunk[2]) if isinstance(chunk, list) else \
                (chunk["from"], chunk["to"], chunk["hash"])
            lo, hi = _fold(start), _fold(end)
            for term in terms:
                if lo <= term <= hi or lo.startswith(term) or hi.startswith(term):
                    wanted.add(chash)
        for chash in sorted(wanted):
            p = pf / "index" / f"{chash}.pf_index"
            parts[f"index/{p.name}"] = size(p)
        for flt in filters:
            fhash = flt[1] if isinstance(flt, list) else flt.get("hash")
            p = pf / "filter" / f"{fhash}.pf_filter"
            parts[f"filter/{p.name}"] = size(p)
        note = f"{len(wanted)} of {len(chunks)} index chunks"
    except Exception as exc:  # noqa: BLE001 - a format we do not know: fall back to the file sizes
        note = f"metadata not decoded ({type(exc).__name__}: {exc}); sizes of the main files only"
        return {"total": None, "parts": fallback, "note": note}
    if fragments:
        # The site's script asks data() of the top results; Pagefind's Default UI shows five.
        shown = 5
        script = site / "assets" / "javascripts" / "cchc.js"
        if script.is_file():
            match = re.search(r"results\.slice\(0,\s*(\d+)\)\.map\(function \(r\) \{ return r\.data\(\)",
                              script.read_text(encoding="utf-8", errors="replace"))
            shown = int(match.group(1)) if match else shown
        parts[f"{shown} fragments (median size)"] = shown * int(statistics.median(size(p) for p in fragments))
    index_html = (site / "index.html").read_text(encoding="utf-8", errors="replace") \
        if (site / "index.html").is_file() else ""
    for ui in ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css"):
        if ui in index_html:
            parts[ui] = size(pf / ui)
    return {"total": sum(parts.values()), "parts": parts, "note": note, "fallback": fallback}


# --------------------------------------------------------------------------- one build run


def measure_build(scale: str, content: Path, keep: bool, baseline: bool) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"cchc-bench-{scale}-", dir="/tmp"))
    try:
        os.sync()  # the previous run's writes reach the disk first, not during this run
        wall, status, rss = _run_child([PY, str(Path(__file__).resolve()), "_worker", "--content", str(content),
                                        "--work", str(work)], work / "worker.log")
        log = (work / "worker.log").read_text(encoding="utf-8", errors="replace")
        if status != 0:
            raise RuntimeError(f"build failed ({status}):\n{log[-4000:]}")
        line = next(x for x in reversed(log.splitlines()) if x.startswith("BENCH-RESULT "))
        result = json.loads(line.removeprefix("BENCH-RESULT "))
        result["process_wall"] = wall
        result["peak_rss_kb"] = rss
        result.update({f"site_{k}": v for k, v in _tree_stats(work / "site").items()})
        result["md_files"] = _tree_stats(work / "build" / "docs")["files"]
        result["pagefind"] = pagefind_query_bytes(work / "site")
        if baseline:
            os.sync()
            bare_site = work / "site-bare"
            bwall, bstatus, brss = _run_child([PY, "-m", "mkdocs", "build", "-q", "-f", str(work / "build" / "mkdocs.yml"),
                                               "-d", str(bare_site)], work / "bare.log")
            if bstatus != 0:
                raise RuntimeError(f"bare mkdocs build failed:\n{(work / 'bare.log').read_text()[-4000:]}")
            result["bare_wall"] = bwall
            result["bare_rss_kb"] = brss
        return result
    finally:
        if keep:
            print(f"  kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


# --------------------------------------------------------------------------- edit to preview


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 600) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


_DATE = re.compile(r"^date:\s*['\"]?([^'\"\n]+)['\"]?\s*$", re.M)
_TITLE = re.compile(r"^title:.*$", re.M)


def _newest_news(content: Path) -> Path:
    """The item the site shows first (newest published date, ties by file name), as validate.load sorts them."""
    import datetime as dt
    best: tuple[Any, str] | None = None
    best_path = None
    for path in (content / "news").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        head = text.split("\n---", 1)[0]
        if re.search(r"^draft:\s*true", head, re.M):
            continue
        match = _DATE.search(head)
        if not match:
            continue
        when = dt.datetime.fromisoformat(match.group(1).strip())
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=7)))
        if when > dt.datetime.now(dt.timezone.utc):
            continue  # scheduled: not published yet, so not on the site
        key = (when, path.stem)
        if best is None or key > best:
            best, best_path = key, path
    if best_path is None:
        raise RuntimeError("no news item to edit")
    return best_path


def measure_preview(scale: str, content: Path, edits: int, keep: bool, start_timeout: float) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"cchc-bench-serve-{scale}-", dir="/tmp"))
    copy = work / "content"
    shutil.copytree(content, copy)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (work / "serve.log").open("wb")
    t0 = time.perf_counter()
    proc = subprocess.Popen([CCHC, "serve", "--content", str(copy), "--build-dir", str(work / "build"),
                             "--site-dir", str(work / "site"), "--port", str(port)],
                            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    result: dict[str, Any] = {"times": []}
    try:
        _edit_loop(proc, work, copy, base, edits, start_timeout, t0, result)
    except Exception as exc:  # noqa: BLE001 - keep what was measured, report the failure in the table
        result["error"] = f"failed: {exc}"
    finally:
        _stop(proc, result)
        log.close()
        if keep:
            print(f"  kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return result


def _edit_loop(proc: subprocess.Popen, work: Path, copy: Path, base: str, edits: int, start_timeout: float,
               t0: float, result: dict[str, Any]) -> None:
    """Time ``edits`` rounds of: edit the newest news item's title, add a news item newer than it, remove that one.

    Each is timed from the file's change until its page, ``tin-tuc/``, ``/`` and ``feed.xml`` show it (for a
    removal: until its page is gone and none of the others names it).
    """
    while _get(base, timeout=5) is None:
        if proc.poll() is not None:
            raise RuntimeError(f"cchc serve exited: {(work / 'serve.log').read_text()[-3000:]}")
        if time.perf_counter() - t0 > start_timeout:
            raise RuntimeError("cchc serve did not start in time")
        time.sleep(0.2)
    result["startup"] = time.perf_counter() - t0
    time.sleep(2.0)  # let the file watcher take its first snapshot of the content folder
    item = _newest_news(copy)
    lists = [f"{base}tin-tuc/", base, f"{base}feed.xml"]
    log_path = work / "serve.log"
    result["add"], result["remove"] = [], []
    for n in range(edits):
        token = f"benchedit{n}z{os.getpid()}{int(time.time() * 1000) % 100000}"
        text = item.read_text(encoding="utf-8")
        new_text = _TITLE.sub(lambda m: f'title: "Tiêu đề đã sửa {token}"', text, count=1)
        result["times"].append(_until_shown(lambda: item.write_text(new_text, encoding="utf-8"),
                                            [f"{base}tin-tuc/{item.stem}/", *lists], token, True, log_path,
                                            start_timeout))
        time.sleep(1.0)
        # a newer item: the same date, a name after the newest one's (ties go by name), no id or slug of its own
        added = item.with_name(f"{item.stem}-them-{n}.md")
        token = f"benchadd{n}z{os.getpid()}{int(time.time() * 1000) % 100000}"
        new_text = _TITLE.sub(lambda m: f'title: "Tin mới thêm {token}"', re.sub(r"^(id|slug):.*\n", "", text,
                                                                                  flags=re.M), count=1)
        page = f"{base}tin-tuc/{added.stem}/"
        result["add"].append(_until_shown(lambda: added.write_text(new_text, encoding="utf-8"), [page, *lists],
                                          token, True, log_path, start_timeout))
        time.sleep(1.0)
        result["remove"].append(_until_shown(added.unlink, [page, *lists], token, False, log_path, start_timeout))
        time.sleep(1.0)
    result["median"] = statistics.median(result["times"]) if result["times"] else None
    result["add_median"] = statistics.median(result["add"]) if result["add"] else None
    result["remove_median"] = statistics.median(result["remove"]) if result["remove"] else None


def _until_shown(change: Callable[[], Any], urls: list[str], token: str, shown: bool, log_path: Path,
                 timeout: float) -> float:
    """Seconds from ``change()`` until every one of ``urls`` shows ``token`` (``shown``) or none does."""
    log_mark = log_path.stat().st_size
    change()
    t_edit = time.perf_counter()
    pending = list(urls)
    while pending:
        if time.perf_counter() - t_edit > timeout:
            raise RuntimeError(f"preview did not show the change; still stale: {pending}")
        # A failed rebuild leaves the server waiting for a good build: requests then hang,
        # so ask with a short timeout and read the server's log for the error.
        pending = [u for u in pending if (token in (_get(u, timeout=10) or "")) != shown]
        if pending:
            with log_path.open("rb") as fh:
                fh.seek(log_mark)
                fresh = fh.read().decode("utf-8", "replace")
            if "An error happened during the rebuild" in fresh:
                reason = [x for x in fresh.splitlines() if "Aborted" in x or "WARNING" in x or "Error" in x]
                raise RuntimeError("rebuild failed in cchc serve: " + " | ".join(r[:90] for r in reason))
            time.sleep(0.05)
    return time.perf_counter() - t_edit


def _stop(proc: subprocess.Popen, result: dict[str, Any]) -> None:
    """Stop the preview server we started (SIGINT to its own process group), and read its peak RSS."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    deadline = time.time() + 20
    status = None
    while time.time() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            result["serve_peak_rss_kb"] = usage.ru_maxrss
            break
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        _, _, usage = os.wait4(proc.pid, 0)
        result["serve_peak_rss_kb"] = usage.ru_maxrss


# =========================================================================== report


def _med(values: list[Any]) -> Any:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def _s(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def _mb(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 1e6:.1f} MB" if value >= 1e6 else f"{value / 1e3:.1f} kB"


def _versions() -> dict[str, str]:
    from importlib import metadata
    out = {"python": platform.python_version()}
    for pkg in ("mkdocs", "mkdocs-material", "pydantic", "pyyaml", "jinja2", "cmarkgfm"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[pkg] = metadata.version(pkg)
    pagefind = shutil.which("pagefind", path=str(Path(PY).parent)) or shutil.which("pagefind")
    with contextlib.suppress(metadata.PackageNotFoundError):
        out["pagefind (PyPI)"] = metadata.version("pagefind")
    if pagefind and "pagefind (PyPI)" not in out:
        out["pagefind"] = pagefind
    return out


def _code_version() -> str:
    """The commit the generator code is at, and whether generator/ or overrides/ has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "generator", "overrides", "mkdocs.yml"],
                               cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' + uncommitted changes' if dirty else ''}"


def summarise(scale: str, content: Path, runs: list[dict[str, Any]], preview: dict[str, Any] | None) -> dict[str, Any]:
    key = lambda k: _med([r.get(k) for r in runs])  # noqa: E731
    pf = [r["pagefind"] for r in runs if r.get("pagefind")]
    search_bytes = _med([p["total"] for p in pf]) if pf else None
    row = {
        "scale": scale, "content": str(content), "runs": len(runs),
        "pages": runs[0]["site_html_pages"], "md_files": runs[0]["md_files"],
        "validate": key("validate"), "generate": key("generate"), "render": key("render"),
        "feeds": key("feeds"), "write": key("write"), "mkdocs": key("mkdocs"), "search": key("search"),
        "search_wait": key("search_wait"), "processes": runs[0].get("processes"), "total": key("total"), "imports": key("imports"),
        "process_wall": key("process_wall"), "peak_rss_kb": key("peak_rss_kb"),
        "rss_python_kb": key("maxrss_self_kb"), "rss_children_kb": key("maxrss_children_kb"),
        "site_bytes": key("site_bytes"), "site_files": key("site_files"),
        "html_median": key("site_html_median"), "html_largest": key("site_html_largest"),
        "html_largest_path": runs[0]["site_html_largest_path"],
        "search_first_query": search_bytes, "pagefind": pf[0] if pf else None,
        "bare_wall": key("bare_wall"), "bare_rss_kb": key("bare_rss_kb"),
        "preview": preview,
    }
    return row


def print_table(rows: list[dict[str, Any]]) -> None:
    def rss(kb: float | None) -> str:
        return "n/a" if kb is None else f"{kb / 1024:.0f} MB"

    def search_bytes(r: dict[str, Any]) -> str:
        pf = r.get("pagefind")
        if not pf:
            return "n/a"
        if pf.get("total") is None:
            return "≈ " + ", ".join(f"{k} {_mb(v)}" for k, v in pf["parts"].items())
        return _mb(r["search_first_query"])

    lines: list[tuple[str, list[str]]] = [
        ("content (procedures / news → HTML pages)", [f"{r['label']} → {r['pages']}" for r in rows]),
        ("runs (median of)", [str(r["runs"]) for r in rows]),
        ("validate (validate.read)", [_s(r["validate"]) for r in rows]),
        ("generate (build.generate − validate)", [_s(r["generate"]) for r in rows]),
        ("  of which render_site / feeds / write", [f"{r['render']:.2f} / {r['feeds']:.2f} / {r['write']:.2f}" for r in rows]),
        ("MkDocs build (shards.build)", [f"{_s(r['mkdocs'])} ({r['processes']} process"
                                         f"{'es' if r['processes'] != 1 else ''})" for r in rows]),
        ("search index (Pagefind, beside MkDocs)", [f"{_s(r['search'])} (then {_s(r['search_wait'])} to publish)"
                                                    for r in rows]),
        ("total (build.build)", [_s(r["total"]) for r in rows]),
        ("process wall (+ start-up, imports)", [f"{_s(r['process_wall'])} (imports {r['imports']:.2f} s)" for r in rows]),
        ("baseline: bare `mkdocs build` wall", [_s(r["bare_wall"]) for r in rows]),
        ("generator's own cost (wall − bare)", [_s(r["process_wall"] - r["bare_wall"]) if r["bare_wall"] else "n/a"
                                                for r in rows]),
        ("generator's steps (validate+generate)", [_s(r["validate"] + r["generate"]) for r in rows]),
        ("peak RSS, cchc build / bare mkdocs", [f"{rss(r['peak_rss_kb'])} / {rss(r['bare_rss_kb'])}" for r in rows]),
        ("  of which Python / child processes*", [f"{rss(r['rss_python_kb'])} / {rss(r['rss_children_kb'])}"
                                                   for r in rows]),
        ("site/ size, files", [f"{_mb(r['site_bytes'])}, {r['site_files']:.0f} files" for r in rows]),
        ("HTML per page: median", [_mb(r["html_median"]) for r in rows]),
        ("HTML per page: largest", [f"{_mb(r['html_largest'])} ({r['html_largest_path']})" for r in rows]),
        (f"first search «{QUERY}» bytes", [search_bytes(r) for r in rows]),
        ("cchc serve: start-up (first full build)", [_s((r["preview"] or {}).get("startup")) for r in rows]),
        ("edit-to-preview (news title → 4 URLs)",
         [(_s(r["preview"].get("median")) + " [" + ", ".join(f"{t:.2f}" for t in r["preview"]["times"]) + "]")
          if r.get("preview") and r["preview"].get("median") is not None else
          ("FAILED (see below)" if (r.get("preview") or {}).get("error") else "n/a") for r in rows]),
        *((f"{what} a news item (→ 4 URLs)",
           [(_s(r["preview"].get(f"{key}_median")) + " [" + ", ".join(f"{t:.2f}" for t in r["preview"][key]) + "]")
            if (r.get("preview") or {}).get(f"{key}_median") is not None else "n/a" for r in rows])
          for what, key in (("adding", "add"), ("removing", "remove"))),
        ("cchc serve peak RSS", [rss((r["preview"] or {}).get("serve_peak_rss_kb")) for r in rows]),
    ]
    head = ["metric"] + [r["scale"] for r in rows]
    widths = [max(len(head[0]), *(len(name) for name, _ in lines))]
    for i in range(len(rows)):
        widths.append(max(len(head[i + 1]), *(len(vals[i]) for _, vals in lines)))
    fmt = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"  # noqa: E731
    print(fmt(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for name, vals in lines:
        print(fmt([name, *vals]))
    print("\n* child processes: the other MkDocs processes (forked) and Pagefind. The figure is the largest single "
          "child; a forked child's peak RSS starts at its parent's.")
    for r in rows:
        if (r.get("preview") or {}).get("error"):
            print(f"\n{r['scale']}: edit-to-preview {r['preview']['error']}")
        pf = r.get("pagefind")
        if pf:
            print(f"\n{r['scale']}: Pagefind first query ({pf['note']}): "
                  + ", ".join(f"{k} {_mb(v)}" for k, v in pf["parts"].items()))


# --------------------------------------------------------------------------- warm builds (the build cache)


def _edit_text(item: Path) -> None:
    """A sentence added to a news item's text: its page changes, its search record (no news text) does not."""
    head, sep, body = item.read_text(encoding="utf-8").partition("\n---\n")
    item.write_text(f"{head}{sep}\nMột câu vừa thêm vào bản tin này.\n{body}", encoding="utf-8")


def _edit_title(item: Path) -> None:
    """A news item's new title: its page, the lists, feeds and its search record change."""
    item.write_text(_TITLE.sub('title: "Tiêu đề đã sửa cho lần dựng ấm"', item.read_text(encoding="utf-8"), count=1),
                    encoding="utf-8")


def _edit_procedure(content: Path) -> None:
    """One step of one procedure reworded."""
    item = sorted((content / "procedures").glob("*.yml"))[len(list((content / "procedures").glob("*.yml"))) // 2]
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("\nsteps:\n- ", "\nsteps:\n- Bước này vừa được sửa. ", 1), encoding="utf-8")


def _digests(site: Path) -> dict[str, str]:
    import hashlib
    return {f.relative_to(site).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()
            for f in site.rglob("*") if f.is_file()}


def measure_warm(scale: str, content: Path, keep: bool) -> dict[str, Any]:
    """``cchc build`` as a user runs it, each time with the build folder (and its cache) of the build before.

    A cold build that fills the cache, a build with nothing changed, then one
    after each edit: a news item's text, its title (its search record changes,
    so Pagefind indexes again), a procedure's step. Last, a cold build of the
    edited content without the cache (``--no-cache``): the warm site must be
    byte-identical to it. Wall time and peak RSS of each process.
    """
    work = Path(tempfile.mkdtemp(prefix=f"cchc-bench-warm-{scale}-", dir="/tmp"))
    copy = work / "content"
    shutil.copytree(content, copy)
    result: dict[str, Any] = {}

    def timed(label: str, build: str = "build", site: str = "site", *extra: str) -> None:
        os.sync()
        wall, status, rss = _run_child([CCHC, "build", "--content", str(copy), "--build-dir", str(work / build),
                                        "--site-dir", str(work / site), *extra], work / f"{label}.log")
        if status != 0:
            raise RuntimeError(f"{label} failed:\n{(work / f'{label}.log').read_text()[-3000:]}")
        result[label] = {"wall": wall, "peak_rss_kb": rss}
        print(f"[{scale}] warm: {label} {wall:.2f} s, {rss / 1024:.0f} MB", file=sys.stderr, flush=True)

    try:
        timed("cold")
        timed("unchanged")
        item = _newest_news(copy)
        _edit_text(item)
        timed("news_text")
        _edit_title(item)
        timed("news_title")
        _edit_procedure(copy)
        timed("procedure")
        timed("cold_no_cache", "build-cold", "site-cold", "--no-cache")
        result["identical"] = _digests(work / "site") == _digests(work / "site-cold")
        return result
    finally:
        _done_with(work, keep)


def _done_with(work: Path, keep: bool) -> None:
    """A run's temporary folder: removed, or kept and named (``--keep``)."""
    if keep:
        print(f"  kept {work}", file=sys.stderr)
    else:
        shutil.rmtree(work, ignore_errors=True)


def print_warm(rows: list[dict[str, Any]]) -> None:
    """The warm builds' table: wall time (peak RSS) of each ``cchc build``."""
    steps = [("cold, filling the cache", "cold"), ("warm, nothing changed", "unchanged"),
             ("warm, one news item's text", "news_text"), ("warm, the same item's title (Pagefind again)",
                                                           "news_title"),
             ("warm, one procedure's step", "procedure"), ("cold without the cache (--no-cache)", "cold_no_cache")]
    rows = [r for r in rows if r.get("warm")]
    if not rows:
        return
    print("\n| cchc build (whole process) | " + " | ".join(r["scale"] for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    for name, key in steps:
        cells = [f"{r['warm'][key]['wall']:.2f} s ({r['warm'][key]['peak_rss_kb'] / 1024:.0f} MB)"
                 if key in r["warm"] else "n/a" for r in rows]
        print(f"| {name} | " + " | ".join(cells) + " |")
    print("| warm site byte-identical to the cold one | "
          + " | ".join("yes" if r["warm"].get("identical") else "NO" for r in rows) + " |")


# =========================================================================== main


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_worker"]:
        ap = argparse.ArgumentParser()
        ap.add_argument("_worker")
        ap.add_argument("--content", required=True)
        ap.add_argument("--work", required=True)
        args = ap.parse_args(argv)
        return _worker(args.content, args.work)

    ap = argparse.ArgumentParser(description="Benchmark cchc-site at several sizes.")
    ap.add_argument("--scales", default="small,province,large", help="comma-separated: small, province, large")
    ap.add_argument("--runs", type=int, default=3, help="build runs per scale (median reported)")
    ap.add_argument("--edits", type=int, default=3, help="edit-to-preview measurements per scale (median)")
    ap.add_argument("--seed", type=int, default=1, help="seed for the generated content")
    ap.add_argument("--no-baseline", action="store_true", help="skip the bare `mkdocs build` baseline")
    ap.add_argument("--no-preview", action="store_true", help="skip the edit-to-preview measurement")
    ap.add_argument("--no-warm", action="store_true", help="skip the warm builds (the build cache)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folders under /tmp")
    ap.add_argument("--json", type=Path, help="also write the results as JSON to this file")
    args = ap.parse_args(argv)
    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    unknown = [s for s in scales if s not in SCALES]
    if unknown:
        ap.error(f"unknown scale(s): {', '.join(unknown)}")

    sys.path.insert(0, str(HERE))
    import make_content

    versions = _versions()
    versions["generator"] = _code_version()
    print(f"machine: {os.cpu_count()} cores (os.cpu_count()), {platform.machine()}, {platform.system()} "
          f"{platform.release()}")
    print("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    print(f"scales: {', '.join(scales)}; runs: {args.runs}; edits: {args.edits}; seed: {args.seed}\n", flush=True)

    rows: list[dict[str, Any]] = []
    gen_root = Path(tempfile.mkdtemp(prefix="cchc-bench-content-", dir="/tmp"))
    try:
        for scale in scales:
            size = SCALES[scale]
            if size is None:
                content = DEFAULT_CONTENT
                label = f"{len(list((content / 'procedures').glob('*.yml')))} / " \
                        f"{len(list((content / 'news').glob('*.md')))}"
            else:
                t0 = time.perf_counter()
                content = make_content.make(gen_root / scale, size[0], size[1], seed=args.seed)
                print(f"[{scale}] generated {size[0]} procedures, {size[1]} news in {time.perf_counter() - t0:.1f} s",
                      file=sys.stderr, flush=True)
                label = f"{size[0]} / {size[1]}"
            runs = []
            for n in range(args.runs):
                t0 = time.perf_counter()
                runs.append(measure_build(scale, content, args.keep, baseline=not args.no_baseline))
                r = runs[-1]
                print(f"[{scale}] run {n + 1}/{args.runs}: total {r['total']:.1f} s (validate {r['validate']:.1f}, "
                      f"generate {r['generate']:.1f}, mkdocs {r['mkdocs']:.1f}); bare mkdocs "
                      f"{r.get('bare_wall') or 0:.1f} s; {time.perf_counter() - t0:.0f} s in all",
                      file=sys.stderr, flush=True)
            preview = None
            if not args.no_preview:
                try:
                    preview = measure_preview(scale, content, args.edits, args.keep, start_timeout=3600)
                    print(f"[{scale}] edit-to-preview {preview['times']}", file=sys.stderr, flush=True)
                except Exception as exc:  # noqa: BLE001 - report it in the table, keep the other figures
                    preview = {"error": f"failed: {exc}"[:200], "times": []}
                    print(f"[{scale}] edit-to-preview failed: {exc}", file=sys.stderr, flush=True)
            row = summarise(scale, content, runs, preview)
            row["label"] = label
            if not args.no_warm:
                row["warm"] = measure_warm(scale, content, args.keep)
            rows.append(row)
    finally:
        if args.keep:
            print(f"kept generated content in {gen_root}", file=sys.stderr)
        else:
            shutil.rmtree(gen_root, ignore_errors=True)

    print_table(rows)
    print_warm(rows)
    if args.json:
        args.json.write_text(json.dumps({"cores": os.cpu_count(), "versions": versions, "rows": rows},
                                        ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
