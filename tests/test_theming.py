"""Pages alike share their theme rendering (generator/mkdocs_hooks.py), and each page stays its own.

A small MkDocs site of the project's theme: a home page in the navigation and
pages outside it, side by side (as procedures and news are). The shared
renderings must make every page byte for byte as rendering it alone does, and
where a theme part prints something of the page that its kind does not hold,
or prints the page's value otherwise than as it is, the pages render their own.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build

from generator.pipeline import shards

REPO = Path(__file__).resolve().parent.parent
HOOKS = REPO / "generator" / "mkdocs_hooks.py"

BODY = '<h1 id="noi-dung">{title}</h1>\n<h2 id="trinh-tu">Trình tự</h2>\n<p>{text}</p>\n'
PAGES = {  # title, a note, the page's second heading's text
    "a": ("Thủ tục một", "một", "Nộp hồ sơ"),
    "b": ("Thủ tục hai", "hai", "Nhận kết quả"),
    "c": ("Phí &amp; lệ phí", "ba", "Nộp hồ sơ"),
    "d": ("Thủ tục <em>bốn</em>", "bốn", "Trả lời"),
    "e": ("Thủ tục năm", "năm", "Nộp hồ sơ"),
}


def make_site(tmp_path: Path, overrides: dict[str, tuple[str, str]] | None = None) -> Path:
    """The site's config file: the project's settings and theme, with ``overrides`` (a template, the
    text to replace in it and its replacement) applied to a copy of the theme's overrides."""
    theme = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", theme)
    for name, (old, new) in (overrides or {}).items():
        template = theme / name
        if not template.is_file():
            template.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(Path(sys.modules["material"].__file__).parent / "templates" / name, template)
        text = template.read_text(encoding="utf-8")
        assert old in text, (name, old)
        template.write_text(text.replace(old, new), encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "thu-tuc").mkdir(parents=True)
    (docs / "index.md").write_text("---\ntitle: Trang chủ\n---\n<h1 id=\"trang-chu\">Trang chủ</h1>\n", encoding="utf-8")
    for slug, (title, note, text) in PAGES.items():
        meta = {"title": title, "description": f"Mô tả {note}", "note": note}
        (docs / "thu-tuc" / f"{slug}.md").write_text(
            f"---\n{yaml.safe_dump(meta, allow_unicode=True)}---\n{BODY.format(title=title, text=text)}",
            encoding="utf-8")
    config = {
        "INHERIT": str(REPO / "mkdocs.yml"),
        "site_name": "Ủy ban nhân dân tỉnh Thử",
        "site_url": "https://example.org/thu/",
        "docs_dir": str(docs),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "custom_dir": str(theme), "language": "vi"},
        "hooks": [str(HOOKS)],
        "nav": [{"Trang chủ": "index.md"}],
        "extra": {"agency": {"name": "Ủy ban nhân dân tỉnh Thử", "short_name": "UBND tỉnh Thử"},
                  "hotline": {"phones": [{"value": "0123 456 789", "tel": "0123456789"}]}},
    }
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def build(config_file: Path, site: Path, share: bool = True) -> Any:
    """Build the site into ``site`` (each page rendered alone unless ``share``); the hooks' module."""
    config = shards.load(config_file, site=site)
    hooks = next(m for name, m in sys.modules.items() if getattr(m, "__file__", None) == str(HOOKS)
                 and name != "generator.mkdocs_hooks")
    where = hooks._where
    if not share:
        hooks._where = lambda name, context: None
    try:
        mkdocs_build(config)
    finally:
        hooks._where = where
    return hooks


def page(site: Path, slug: str) -> str:
    return (site / "thu-tuc" / slug / "index.html").read_text(encoding="utf-8")


def test_shared_renderings_make_each_page_as_rendering_it_alone(tmp_path: Path):
    config = make_site(tmp_path)
    hooks = build(config, tmp_path / "shared")
    trusted = {key[0] for key, kind in hooks._shared.items() if isinstance(kind, hooks._Kind) and kind.first is None}
    assert {"base.html", "base.html#content"} <= trusted  # the frame, and the body spliced into its frame
    build(config, tmp_path / "alone", share=False)
    for slug in PAGES:
        assert page(tmp_path / "shared", slug) == page(tmp_path / "alone", slug), slug


def test_a_part_printing_more_of_the_page_than_its_kind_is_rendered_for_each_page(tmp_path: Path):
    # the footer, in the frame pages alike share, now also prints a note of the page's own
    config = make_site(tmp_path, {"partials/copyright.html": (
        '<div class="md-copyright">', '<div class="md-copyright"><p class="cchc-note">{{ page.meta.note if page else "" }}</p>')})
    hooks = build(config, tmp_path / "site")
    for slug, (_, note, _) in PAGES.items():
        assert f'<p class="cchc-note">{note}</p>' in page(tmp_path / "site", slug), slug
    assert [kind for key, kind in hooks._shared.items() if key[0] == "base.html"] == [False]  # one kind, not shared


def test_a_title_printed_escaped_is_not_spliced_as_it_is(tmp_path: Path):
    # the header prints the title escaped: its first two pages' titles read the same either way
    config = make_site(tmp_path, {"partials/header.html": (
        "{{ page.meta.title }}", "{{ page.meta.title | e }}")})
    build(config, tmp_path / "site")
    for slug, (title, _, _) in PAGES.items():
        escaped = title.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert f"\n              {escaped}\n" in page(tmp_path / "site", slug), slug
