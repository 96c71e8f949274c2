"""Speed must not cost correctness: an incremental rebuild gives the bytes of a clean build."""

from __future__ import annotations

import pickle
import re
import shutil
import signal
import time
import urllib.request
from pathlib import Path

import watchdog.events

from generator.core import datasets
from generator.core.errors import ContentErrors
from generator.pipeline import build, parallel, serve, shards
from generator.pipeline.registry import KINDS
from generator.pipeline import preview as preview_module
from generator.pipeline.preview import Preview
from tests.conftest import CONTENT, Built, start_preview


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def preview(content: Path, out: Path) -> Preview:
    """A first build the way `cchc serve` does it, keeping its state."""
    live = Preview(build.Paths(content, out / "build", out / "site"), search_delay=0)
    live.build()
    return live


def test_incremental_rebuild_equals_clean_build(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    paths = live.paths

    item = sorted((content / "news").glob("*.md"))[-1]  # the newest: on the home page too
    text = item.read_text(encoding="utf-8")
    item.write_text(re.sub(r'^title: .*$', 'title: "Tiêu đề đã sửa khi xem trước"', text, count=1, flags=re.M),
                    encoding="utf-8")
    changed = live.rebuild()
    assert f"tin-tuc/{item.stem}.md" in changed and "feed.xml" in changed
    assert "thu-tuc/1.001193.md" not in changed  # untouched pages are not rewritten
    live.wait_for_search()

    clean = Built(content, tmp_path / "clean")
    assert site_files(paths.site) == site_files(clean.site)
    page = (paths.site / "tin-tuc" / item.stem / "index.html").read_text(encoding="utf-8")
    assert "Tiêu đề đã sửa khi xem trước" in page
    for listing in ("tin-tuc/index.html", "index.html", "feed.xml"):
        assert "Tiêu đề đã sửa khi xem trước" in (paths.site / listing).read_text(encoding="utf-8"), listing


def test_adding_and_removing_items_rebuilds_cleanly(tmp_path: Path, monkeypatch):
    """A news item and a procedure added, another of each removed: still the bytes of a clean build."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    paths = live.paths
    full_builds: list[None] = []
    monkeypatch.setattr(live, "build", lambda: full_builds.append(None))
    news = sorted((content / "news").glob("*.md"))
    added = content / "news" / "2024-12-01-tin-moi-them-khi-xem-truoc.md"
    added.write_text(re.sub(r"^title: .*$", 'title: "Tin mới thêm khi xem trước"', news[-1].read_text(encoding="utf-8"),
                            count=1, flags=re.M), encoding="utf-8")
    named = " ".join(f.read_text(encoding="utf-8") for f in (content / "progress").glob("*.yml"))
    gone = next(n for n in news if n.stem not in named)  # one that no progress entry gives as evidence
    gone.unlink()
    questions = [f.read_text(encoding="utf-8") for f in (content / "questions").glob("*.yml")]
    # one that no question names: removing a procedure a question names is an error (tests/test_questions.py)
    procedure = next(p for p in sorted((content / "procedures").glob("*.yml"))
                     if not any(f'"{p.stem}"' in q or f" {p.stem}\n" in q for q in questions))
    procedure.unlink()
    live.rebuild()
    live.wait_for_search()
    assert not full_builds  # the pages were added to and removed from MkDocs' list, not rebuilt from scratch
    clean = Built(content, tmp_path / "clean")
    assert site_files(paths.site) == site_files(clean.site)
    assert not (paths.site / "tin-tuc" / gone.stem).exists()
    assert not (paths.site / "thu-tuc" / procedure.stem).exists()
    assert "Tin mới thêm khi xem trước" in (paths.site / "tin-tuc" / added.stem / "index.html").read_text(
        encoding="utf-8")


def test_build_split_across_processes_equals_a_build_in_one(tmp_path: Path, monkeypatch):
    """Records rendered in two processes and pages built by three MkDocs processes give the same bytes."""
    single = Built(CONTENT, tmp_path / "one")
    monkeypatch.setattr(parallel, "MIN_RECORDS", 1)
    monkeypatch.setattr(parallel, "_cores", lambda: 2)
    halved: list[int] = []
    halves = parallel._halves
    monkeypatch.setattr(parallel, "_halves", lambda items, work: halved.append(len(r := halves(items, work))) or r)
    monkeypatch.setattr(shards, "shard_count", lambda pages: 3)
    moved: list[int] = []
    gather = shards._gather
    monkeypatch.setattr(shards, "_gather", lambda site, work, pages, count, listed: (
        moved.append(sum(shards.shard_of(p, count) != 0 and p not in listed for p in pages)),
        gather(site, work, pages, count, listed)))
    split = Built(CONTENT, tmp_path / "three")
    assert moved and moved[0] > 30  # about two thirds of the pages came from the other two processes
    records = sum(len(single.content[kind.name]) for kind in KINDS if kind.record_pages)
    assert halved == [records]  # the records' pages were rendered in two halves
    assert not (split.paths.build / "shard-1").exists()
    assert site_files(split.site) == site_files(single.site)
    assert len([p for p in site_files(split.site) if p.endswith("index.html") and not p.startswith("quan-tri/")]) == len(
        list(split.paths.docs.rglob("*.md")))


def test_live_preview_serves_an_edit(tmp_path: Path):
    """`cchc serve`, really started: an edited title reaches the item page, the news index and the feed."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    server, port = start_preview(content, tmp_path)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: "Tin tức" in get(base + "tin-tuc/"), 60), "the preview did not start"
        item = sorted((content / "news").glob("*.md"))[-1]
        text = item.read_text(encoding="utf-8")
        item.write_text(re.sub(r"^title: .*$", 'title: "Tin sửa khi đang xem trước"', text, count=1, flags=re.M),
                        encoding="utf-8")
        urls = [f"{base}tin-tuc/{item.stem}/", f"{base}tin-tuc/", base, f"{base}feed.xml"]
        assert wait_for(lambda: all("Tin sửa khi đang xem trước" in get(u) for u in urls), 30), \
            [u for u in urls if "Tin sửa khi đang xem trước" not in get(u)]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_progress_entry_remakes_the_plan_and_home_pages_and_no_other(tmp_path: Path):
    """A plan's progress is no input of every page (Kind.derived_for_all): only the pages that show it follow it."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    progress = next((content / "progress").glob("*.yml"))
    # task 14, the quarterly report due by the 16th of March, June, September and December: each one sent
    done = "".join(f'  - task: "14"\n    date: 2024-{month:02d}-10\n    status: đã hoàn thành\n    text: "Đã gửi."\n'
                   for month in (3, 6, 9, 12))
    progress.write_text(progress.read_text(encoding="utf-8").rstrip("\n") + "\n" + done, encoding="utf-8")
    changed = live.rebuild()
    plan = progress.stem
    assert {f"ke-hoach/{plan}.md", f"ke-hoach/{plan}/tien-do.md", "index.md"} <= set(changed)
    assert not [c for c in changed if c.startswith(("thu-tuc/", "tin-tuc/", "van-ban/", "hoi-dap/"))]
    live.wait_for_search()
    clean = Built(content, tmp_path / "clean")
    assert site_files(live.paths.site) == site_files(clean.site)


def cold_errors(content: Path, out: Path) -> list[str]:
    """The errors a build from nothing reports for this content, in its order."""
    try:
        build.render_checked(build.Paths(content, out / "build", out / "site"))
    except ContentErrors as exc:
        return [e.text(content) for e in exc.errors]
    return []


def preview_errors(live: Preview) -> list[str]:
    try:
        live.rebuild()
    except ContentErrors as exc:
        return [e.text(live.paths.content) for e in exc.errors]
    return []


def test_a_news_item_added_then_removed_rebuilds_cleanly_each_time(tmp_path: Path):
    """Added, the newest item reaches every listing; removed again, the site is what it was, byte for byte."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    before = site_files(live.paths.site)
    newest = sorted((content / "news").glob("*.md"))[-1]
    added = newest.with_name(f"{newest.stem}-them.md")  # the same date, a later name: shown first
    added.write_text(re.sub(r"^title: .*$", 'title: "Tin vừa thêm khi xem trước"',
                            newest.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    changed = live.rebuild()
    assert {f"tin-tuc/{added.stem}.md", "tin-tuc/index.md", "index.md", "feed.xml"} <= set(changed)
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean-added").site)
    for listing in (f"tin-tuc/{added.stem}/index.html", "tin-tuc/index.html", "index.html", "feed.xml"):
        assert "Tin vừa thêm khi xem trước" in (live.paths.site / listing).read_text(encoding="utf-8"), listing
    added.unlink()
    live.rebuild()
    live.wait_for_search()
    assert site_files(live.paths.site) == before


def test_a_cross_file_error_appears_and_goes_with_the_edits(tmp_path: Path):
    """Two news items given one id: the preview reports what a build from nothing reports, then clears it."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    first, second = sorted((content / "news").glob("*.md"))[-2:]
    originals = {item: item.read_text(encoding="utf-8") for item in (first, second)}
    for item in (first, second):
        item.write_text(originals[item].replace("\n---", '\nid: "tin-trung-ma"\n---', 1), encoding="utf-8")
    errors = preview_errors(live)
    assert errors == cold_errors(content, tmp_path / "cold")
    assert [e for e in errors if "«tin-trung-ma» trùng nhau" in e and str(first) in e]
    assert [e for e in errors if "«tin-trung-ma» trùng nhau" in e and str(second) in e]
    second.write_text(originals[second], encoding="utf-8")  # fixed in one file: the other alone keeps the id
    assert preview_errors(live) == [] == cold_errors(content, tmp_path / "cold-fixed")
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean").site)


def test_a_link_breaks_and_mends_with_the_page_it_names(tmp_path: Path):
    """A removed news item breaks a free page's link to it, an unchanged page: the preview says so, as a build would."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    evidence = " ".join(f.read_text(encoding="utf-8") for f in (content / "progress").glob("*.yml"))
    named = next(n for n in sorted((content / "news").glob("*.md"))
                 if n.stem not in evidence and "\nslug:" not in n.read_text(encoding="utf-8"))
    page = content / "pages" / "gioi-thieu.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\nXem thêm [một tin](tin-tuc/{named.stem}.md).\n",
                    encoding="utf-8")
    live = preview(content, tmp_path / "live")
    kept = named.read_text(encoding="utf-8")
    named.unlink()
    errors = preview_errors(live)
    assert errors == cold_errors(content, tmp_path / "cold")
    assert [e for e in errors if e.startswith(f"{page}:") and named.stem in e]
    named.write_text(kept, encoding="utf-8")
    assert preview_errors(live) == []
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean").site)


def test_the_procedures_and_questions_checks_follow_the_edits(tmp_path: Path):
    """Checks kept between rebuilds (Checks.scoped) give what a build from nothing gives after each edit."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    questions = " ".join(f.read_text(encoding="utf-8") for f in (content / "questions").glob("*.yml"))
    named = next(p for p in sorted((content / "procedures").glob("*.yml")) if p.stem in questions)
    kept = named.read_text(encoding="utf-8")
    copy = named.with_name("9.999999.yml")  # a second file with the same code
    copy.write_text(kept, encoding="utf-8")
    errors = preview_errors(live)
    assert errors == cold_errors(content, tmp_path / "cold-copy")
    assert len([e for e in errors if f"«{named.stem}» được dùng ở nhiều tệp" in e]) == 2
    copy.unlink()
    named.unlink()  # a question names it
    errors = preview_errors(live)
    assert errors == cold_errors(content, tmp_path / "cold-gone")
    assert [e for e in errors if "/questions/" in e and named.stem in e]
    named.write_text(kept, encoding="utf-8")
    assert preview_errors(live) == []
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean").site)


def test_a_news_item_moved_in_time_reaches_the_sitemap_finder_and_lists(tmp_path: Path):
    """An older item dated newest: the pages come in another order, the sitemap and the quick finder follow it.

    The sitemap's lines, the quick finder's rows and the site's addresses are kept between rebuilds; an edit that
    changes a page's date and the order of the pages must still give the bytes of a clean build.
    """
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    evidence = " ".join(f.read_text(encoding="utf-8") for f in (content / "progress").glob("*.yml"))
    item = next(n for n in sorted((content / "news").glob("*.md")) if n.stem not in evidence)
    sitemap = (live.paths.site / "sitemap.xml").read_text(encoding="utf-8")
    item.write_text(re.sub(r"^date: .*$", "date: 2024-12-30T08:00:00+07:00", item.read_text(encoding="utf-8"),
                           count=1, flags=re.M), encoding="utf-8")
    changed = live.rebuild()
    assert {"sitemap.xml", "quan-tri/tim-nhanh.json", "index.md"} <= set(changed)
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean").site)
    assert (live.paths.site / "sitemap.xml").read_text(encoding="utf-8") != sitemap
    assert "30/12/2024" in (live.paths.site / "quan-tri" / "tim-nhanh.json").read_text(encoding="utf-8")


def test_two_items_at_one_address_are_reported_as_a_build_reports_them(tmp_path: Path):
    """A news item given another's address (slug): the same errors as a build from nothing; mended, a clean site."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    evidence = " ".join(f.read_text(encoding="utf-8") for f in (content / "progress").glob("*.yml"))
    first, second = [n for n in sorted((content / "news").glob("*.md")) if n.stem not in evidence][:2]
    kept = second.read_text(encoding="utf-8")
    second.write_text(kept.replace("\n---", f"\nslug: {first.stem}\n---", 1), encoding="utf-8")
    errors = preview_errors(live)
    assert errors == cold_errors(content, tmp_path / "cold")
    assert [e for e in errors if e.startswith(f"{second}:") and f"«/tin-tuc/{first.stem}/»" in e]
    second.write_text(kept, encoding="utf-8")
    assert preview_errors(live) == []
    live.wait_for_search()
    assert site_files(live.paths.site) == site_files(Built(content, tmp_path / "clean").site)


def test_the_preview_is_woken_by_changes_and_not_told_of_reads(tmp_path: Path, monkeypatch):
    """Reading the content (git, an editor's search, the rebuild itself) sends the server no event at all.

    At province scale a read of every file queued 10,000 events, and the next edit waited for them.
    """
    seen: list[str] = []
    dispatch = watchdog.events.FileSystemEventHandler.dispatch
    monkeypatch.setattr(watchdog.events.FileSystemEventHandler, "dispatch",
                        lambda self, event: (seen.append(event.event_type), dispatch(self, event))[1])
    files = [tmp_path / f"{n}.md" for n in range(20)]
    for file in files:
        file.write_text("nội dung", encoding="utf-8")
    server = serve._Server(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    server.watch(str(tmp_path))
    server.observer.start()
    try:
        time.sleep(0.2)
        for file in files:
            file.read_text(encoding="utf-8")
        time.sleep(0.5)
        assert seen == [] and not server._want_rebuild
        files[0].write_text("đã sửa", encoding="utf-8")
        assert wait_for(lambda: server._want_rebuild, 5)
        assert set(seen) <= {"modified", "closed"}
    finally:
        server.observer.stop()
        server.observer.join()
        server.server_close()


def test_mkdocs_renders_each_page_with_the_pages_the_site_has_now(tmp_path: Path, monkeypatch):
    """The list of pages MkDocs renders a page with, kept between edits, follows a page added, then removed."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    live = preview(content, tmp_path / "live")
    given: list[list[str]] = []
    build_page = preview_module._build_page
    monkeypatch.setattr(preview_module, "_build_page", lambda page, config, doc_files, *rest: (
        given.append([f.src_uri for f in doc_files]), build_page(page, config, doc_files, *rest)))
    newest = sorted((content / "news").glob("*.md"))[-1]
    added = newest.with_name(f"{newest.stem}-them.md")
    text = newest.read_text(encoding="utf-8")
    for change in (lambda: added.write_text(text, encoding="utf-8"),
                   lambda: newest.write_text(re.sub(r"^title: .*$", 'title: "Tin đã sửa"', text, count=1, flags=re.M),
                                             encoding="utf-8"),
                   added.unlink):
        given.clear()
        change()
        live.rebuild()
        now = [f.src_uri for f in live._pages.files.documentation_pages()]
        assert given and all(pages == now for pages in given)
        assert (f"tin-tuc/{added.stem}.md" in now) == added.exists()


def test_open_data_encodes_again_only_the_records_that_changed(monkeypatch):
    """data/news.json is 8 MB at province scale: an edited item's line is encoded again, not every line."""
    records = [{"id": n, "title": f"Tin số {n}"} for n in range(5)]
    known = datasets.JsonLines()
    datasets._json_lines(records, known)
    encoded = []
    dumps = datasets.json.dumps
    monkeypatch.setattr(datasets.json, "dumps", lambda obj, **kwargs: encoded.append(obj) or dumps(obj, **kwargs))
    records[2] = {"id": 2, "title": "Tin đã sửa"}
    again = datasets._json_lines(records, known)
    assert encoded == [records[2]]
    assert again == [dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    assert len(known) == 5, "the replaced record's line is not kept"
    assert len(pickle.loads(pickle.dumps(known))) == 0, "saved empty with the session"
