"""The pages of the site as a whole: home, search, the navigation, robots.txt and the sitemap; and every kind's pages.

The home page answers what a citizen comes for (find a procedure, call the
hotline, the current plan, the latest news), so it is the one page that
knows several kinds by name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core import markup
from ..core.content import Content
from ..core.pages import ENV, Memo, Output, alphabetical, page_meta, page_output
from ..kinds.news import news_path
from .registry import KINDS

NEWS_ON_HOME = 5


def render_home(content: Content) -> Output:
    news = content["news"][:NEWS_ON_HOME]
    plans = sorted(content["plans"], key=lambda p: (p.model.year, p.model.date or dt.date.min), reverse=True)
    fields = sorted({p.model.field for p in content["procedures"]}, key=alphabetical)
    site = content.site
    # titled by what the site is, not by the agency's name, which the theme adds to <title> already
    return page_output("index.md", page_meta(content, site.description, site.description, "site.yml",
                                   content.newest_date(), hide=["navigation", "toc"],
                                   terms=[site.short_name, site.parent, site.province, site.address, site.phone]),
                 "home.html.j2", site=content.site, news=news, news_path=news_path,
                 hotline=content.main_hotline.model, plan=plans[0] if plans else None,
                 procedures=len(content["procedures"]), fields=fields, pages=content["pages"])


def render_search(content: Content) -> Output:
    return page_output("tim-kiem.md", page_meta(content, "Tìm kiếm", "Tìm thủ tục hành chính, tin tức và kế hoạch.",
                                      "", content.newest_date(), terms=None), "search.html.j2")  # no file to edit


def render_site(content: Content, memo: Memo | None = None) -> list[Output]:
    """Every page of the site, in a stable order.

    With a ``memo`` (the live preview keeps one), pages whose inputs did not
    change are reused instead of rendered again.
    """
    memo = memo or Memo()
    outputs: list[Output] = [
        memo.get(content, "index.md", (*content["news"][:NEWS_ON_HOME], *content["plans"], *content["procedures"],
                                       *content["pages"], content.shared.get("progress")),
                 lambda: render_home(content)),
        memo.get(content, "tim-kiem.md", (), lambda: render_search(content)),
        memo.get(content, "robots.txt", (), lambda: render_robots(content)),
    ]
    for kind in KINDS:
        outputs.extend(kind.pages(content, memo))
    return outputs


def render_outputs(content: Content, memo: Memo) -> list[Output]:
    """What the kinds publish besides pages: feeds, calendars."""
    return [out for kind in KINDS if kind.outputs for out in kind.outputs(content, memo)]


def sitemap(content: Content, outputs: list[Output], memo: Memo) -> Output:
    """sitemap.xml: every page with the date its content last changed, and its language versions (hreflang).

    Each page's line is worked out again only when the page was (``memo``), and the file is made again, sorted,
    only when a line changed: an edit to a news item's text leaves the sitemap as it was.
    """
    base = str(content.site.base_url)
    pages = tuple(memo.reuse(("sitemap", o.path), (base, o), lambda o=o: _sitemap_entry(base, o))
                  for o in outputs if o.updated)
    return memo.reuse("sitemap.xml", pages, lambda: Output("sitemap.xml", ENV.get_template("sitemap.xml.j2").render(
        pages=sorted(pages), languages=any(p[2] for p in pages))))


def _sitemap_entry(base: str, page: Output) -> tuple[str, str | None, tuple[tuple[str, str], ...]]:
    """A page's address, date and language versions, as the sitemap lists them."""
    return f"{base}{markup.page_url(page.path)}", page.updated, tuple((lang, f"{base}{path}")
                                                                     for lang, path in page.alternates)


def render_robots(content: Content) -> Output:
    """robots.txt: every page may be crawled, and the sitemap says where they are."""
    return Output("robots.txt", ENV.get_template("robots.txt.j2").render(sitemap=f"{content.site.base_url}sitemap.xml"))


def nav(content: Content) -> list[Any]:
    """The site navigation: section index pages only, never every item.

    Listing every procedure or news item in the sidebar would make each page's
    HTML grow with the site, and the build O(N²).
    """
    items: list[Any] = [{"Trang chủ": "index.md"}, {"Thủ tục hành chính": "thu-tuc/index.md"},
                        {"Đường dây nóng": "duong-day-nong.md"}, {"Kế hoạch": "ke-hoach/index.md"},
                        {"Tin tức": "tin-tuc/index.md"}, {"Chỉ số": "chi-so.md"}]
    # The free pages and the open data go in the footer, not the top tabs (overrides/partials/tabs.html)
    items.append({"Thông tin khác": [*({p.model.title: f"{p.id}.md"} for p in content["pages"]),
                                     *({title: page} for kind in KINDS for title, page in kind.nav),
                                     {"Dữ liệu mở": "du-lieu-mo.md"}]})
    return items
