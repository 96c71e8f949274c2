"""Speed must not cost correctness: an incremental rebuild gives the bytes of a clean build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator import build, serve
from tests.conftest import CONTENT, Built


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def preview(content: Path, out: Path) -> tuple[build.Paths, build.Session]:
    """A first build the way `cchc serve` does it, keeping its session."""
    paths = build.Paths(content, out / "build", out / "site")
    session = build.Session()
    build.generate(paths, session=session)
    build.build_site(paths)
    return paths, session


def test_incremental_rebuild_equals_clean_build(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paths, session = preview(content, tmp_path / "live")

    item = sorted((content / "news").glob("*.md"))[-1]  # the newest: on the home page too
    text = item.read_text(encoding="utf-8")
    item.write_text(re.sub(r'^title: .*$', 'title: "Tiêu đề đã sửa khi xem trước"', text, count=1, flags=re.M),
                    encoding="utf-8")
    changed = serve.rebuild(paths, session)
    assert f"tin-tuc/{item.stem}.md" in changed and "feed.xml" in changed
    assert "thu-tuc/1.001193.md" not in changed  # untouched pages are not rewritten

    clean = Built(content, tmp_path / "clean")
    assert site_files(paths.site) == site_files(clean.site)
    page = (paths.site / "tin-tuc" / item.stem / "index.html").read_text(encoding="utf-8")
    assert "Tiêu đề đã sửa khi xem trước" in page
    for listing in ("tin-tuc/index.html", "index.html", "feed.xml"):
        assert "Tiêu đề đã sửa khi xem trước" in (paths.site / listing).read_text(encoding="utf-8"), listing


def test_adding_and_removing_an_item_rebuilds_cleanly(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    paths, session = preview(content, tmp_path / "live")
    victim = sorted((content / "news").glob("*.md"))[0]
    victim.unlink()
    serve.rebuild(paths, session)
    clean = Built(content, tmp_path / "clean")
    assert site_files(paths.site) == site_files(clean.site)
    assert not (paths.site / "tin-tuc" / victim.stem).exists()
