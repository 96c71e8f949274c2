"""News (tin tức): news/<yyyy-mm-dd-slug>.md, a Markdown item with its front matter.

An item has its page (tin-tuc/<slug>/) with a NewsArticle in JSON-LD; the news
index, a page per month, a page per category and per unit; RSS and Atom feeds
for all news and for each category and unit; and the "news" dataset. Drafts
are never published, and an item dated in the future only once its time has
come (the nightly build publishes it).
"""

from __future__ import annotations

import datetime as dt
import itertools
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urljoin

from pydantic import Field

from ..core import fields, markup, scaffolding
from ..core.checking import conflict
from ..core.content import Checks, Content, Entry
from ..core.datasets import Dataset, dump
from ..core.errors import ContentError
from ..core.feeds import Enclosure, FeedEntry, channel_feeds, tag_uri
from ..core.fields import AssetPath, DateTime, Model, Slug, Text, Title
from ..core.kind import Kind, record_outputs
from ..core.pages import Memo, Output, page_meta, page_output
from ..core.references import Missing, resolve
from ..core.structured import SHARE_IMAGE, organization_ref
from ..core.vietnamese import TZ, month_label, slugify

NEWS_ON_INDEX = 20
TASK_REF = r"^[a-z0-9]+(-[a-z0-9]+)*#[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$"
fields.explain(patterns={TASK_REF: "tên tệp kế hoạch (không có .yml), dấu # và số thứ tự nhiệm vụ như trong phụ "
                                   "lục, ví dụ «ke-hoach-tuyen-truyen-cchc-lai-chau-2024#4»"})
TaskRef = Annotated[str, Field(pattern=TASK_REF)]


class Image(Model):
    src: AssetPath = Field(title="đường dẫn ảnh", description="Trong thư mục assets/")
    alt: Text = Field(title="mô tả ảnh", description="Mô tả cho người không xem được ảnh")


class NewsMeta(Model):
    """news/<yyyy-mm-dd-slug>.md front matter."""

    title: Title = Field(title="tiêu đề")
    date: DateTime = Field(title="ngày giờ đăng", description="2024-03-15T09:00:00+07:00; không ghi múi giờ thì "
                           "hiểu là giờ Việt Nam, chỉ ghi ngày thì hiểu là 00:00 ngày đó")
    updated: DateTime | None = Field(None, title="ngày giờ sửa")
    unit: Text = Field(title="đơn vị")
    category: Text = Field(title="chuyên mục")
    summary: Annotated[str, Field(min_length=1, max_length=500)] = Field(title="tóm tắt")
    image: Image | None = Field(None, title="ảnh")
    tags: list[Text] = Field(default_factory=list, title="từ khóa")
    tasks: list[TaskRef] = Field(default_factory=list, title="nhiệm vụ thực hiện",
                                 description="Nhiệm vụ trong kế hoạch mà tin này thực hiện, ví dụ "
                                             "«ke-hoach-tuyen-truyen-cchc-lai-chau-2024#4»")
    id: str | None = Field(None, title="mã định danh cố định",
                           description="Định danh của tin trong nguồn cấp; mặc định là tên tệp. Giữ nguyên khi "
                                       "đổi tên tệp để người theo dõi không nhận lại tin cũ")
    slug: Slug | None = Field(None, title="đường dẫn", description="Phần cuối địa chỉ trang; mặc định là tên tệp")
    draft: bool = Field(False, title="bản nháp")
    illustrative: bool = Field(False, title="dữ liệu minh họa")


class NewsRecord(NewsMeta):
    id: str = Field(title="mã định danh cố định")
    url: str = Field(title="địa chỉ tin")
    content_html: str = Field(title="nội dung (HTML)")


def check(news: list[Entry[NewsMeta]], checks: Checks) -> list[Entry[NewsMeta]]:
    """Newest first; one id per item; an image named must be a real file, or the item cannot be rendered."""
    news = sorted(news, key=lambda n: (n.model.date, n.id), reverse=True)  # newest first, ties by id
    by_id: dict[str, list[Entry[NewsMeta]]] = {}
    for item in news:
        by_id.setdefault(item.model.id or item.id, []).append(item)
    for news_id, group in by_id.items():
        if len(group) > 1:
            conflict(group, "id", "mã định danh cố định (id)", f"mã định danh «{news_id}» trùng nhau; mỗi tin cần "
                     "một mã riêng, nếu không người theo dõi nguồn cấp sẽ mất tin", checks.errors)
    missing = set()
    for item in news:
        image = item.model.image
        if image and (not (checks.root / image.src).is_file() or (checks.root / image.src).is_symlink()):
            missing.add(item.source)
            checks.errors.append(ContentError(item.source, item.line_of("image", "src"), "ảnh › đường dẫn ảnh (image.src)",
                                              f"không có tệp ảnh «{image.src}» trong thư mục nội dung; hãy tải ảnh lên "
                                              "thư mục assets/ và ghi đúng đường dẫn"))
    _check_tasks(news, checks)
    return [n for n in news if n.source not in missing]


def _check_tasks(news: list[Entry[NewsMeta]], checks: Checks) -> None:
    """Each task an item names is a task of a plan on this site: a typo would leave the work uncounted."""
    plans = checks.targets("plans", ".yml")  # a plan with an error of its own says so itself: nothing here
    numbers = {plan_id: {t.number for t in p.model.tracked_tasks()} for plan_id, p in plans.loaded.items()}
    for item in news:
        for index, ref in enumerate(item.model.tasks):
            plan_id, number = ref.split("#", 1)
            if not plans.exists(plan_id):
                message = f"không có kế hoạch «{plan_id}» (tệp plans/{plan_id}.yml)"
            elif plan_id in numbers and number not in numbers[plan_id]:
                message = (f"kế hoạch «{plan_id}» không có nhiệm vụ số «{number}»; các số có: "
                           + (", ".join(sorted(numbers[plan_id], key=_natural)) or "không có"))
            else:
                continue
            checks.errors.append(ContentError(item.source, item.line_of("tasks", index),
                                              "nhiệm vụ thực hiện (tasks)", message))


def _natural(number: str) -> list[tuple[int, str]]:
    """«2.1» after «2» and before «10»."""
    return [(int(p), "") if p.isdigit() else (0, p) for p in number.split(".")]


def publish(news: list[Entry[NewsMeta]], now: dt.datetime) -> list[Entry[NewsMeta]]:
    """Drafts never, future-dated items only once their time has come (the nightly build publishes them)."""
    return [n for n in news if not n.model.draft and n.model.date <= now]


def _news_slug(entry: Entry[NewsMeta]) -> str:
    return entry.model.slug or entry.id


def news_path(entry: Entry[NewsMeta]) -> str:
    """The generated Markdown file of a news item (below the docs folder)."""
    return f"tin-tuc/{_news_slug(entry)}.md"


def news_url(content: Content, entry: Entry[NewsMeta]) -> str:
    """The item's public address, as feeds and shares need it."""
    return f"{content.site.base_url}tin-tuc/{_news_slug(entry)}/"


def _month_path(year: int, month: int) -> str:
    return f"tin-tuc/{year:04d}-{month:02d}.md"


def _local(entry: Entry[NewsMeta]) -> dt.datetime:
    return entry.model.date.astimezone(TZ)


def render_news(content: Content, memo: Memo) -> Iterator[Output]:
    items = content["news"]
    by_month = itertools.groupby(items, lambda n: (_local(n).year, _local(n).month))
    months = [(key, list(group)) for key, group in by_month]
    archive = tuple((month_label(y, m), _month_path(y, m).removeprefix("tin-tuc/"), len(g)) for (y, m), g in months)
    listed = tuple((title, folder.removeprefix("tin-tuc/").rstrip("/") + ".md", len(group))
                   for folder, title, group in channels(content)[1:])
    yield memo.get(content, "tin-tuc/index.md", (*items[:NEWS_ON_INDEX], archive, listed),
                   lambda: _news_index(content, archive, listed))
    others = tuple(month[:2] for month in archive)  # a month's page names the other months, not their counts
    for (year, month), group in months:
        yield memo.get(content, _month_path(year, month), (*group, others),
                       lambda y=year, m=month, g=group: _news_month(content, y, m, g, archive))
    for entry in items:
        yield from record_outputs(content, memo, KIND, entry)


def _news_index(content: Content, archive: tuple[tuple[str, str, int], ...],
                listed: tuple[tuple[str, str, int], ...]) -> Output:
    items = content["news"]
    newest = _local(items[0]).date() if items else content.newest_date()
    return page_output("tin-tuc/index.md", page_meta(content, "Tin tức cải cách hành chính",
                                                     "Tin mới nhất về cải cách hành chính.", "news/", newest),
                       "news_index.html.j2", items=items[:NEWS_ON_INDEX], archive=archive,
                       link=lambda n: f"{_news_slug(n)}.md", channels=listed)


def _news_month(content: Content, year: int, month: int, group: list[Entry[NewsMeta]],
                archive: tuple[tuple[str, str, int], ...]) -> Output:
    return page_output(_month_path(year, month),
                       page_meta(content, f"Tin tức {month_label(year, month)}",
                                 f"Tin cải cách hành chính {month_label(year, month)}.", "news/",
                                 _local(group[0]).date(), terms=None),
                       "news_month.html.j2", label=month_label(year, month), items=group, archive=archive,
                       link=lambda n: f"{_news_slug(n)}.md")


def render_news_item(content: Content, entry: Entry[NewsMeta]) -> Output:
    news = entry.model
    return page_output(news_path(entry),
                       page_meta(content, news.title, news.summary, entry.source.as_posix(),
                                 (news.updated or news.date).astimezone(TZ).date(),
                                 [article(content, entry, news_url(content, entry))], image=news.image.src if news.image else None,
                                 terms=[news.unit, news.category, *news.tags]),
                       "news_item.html.j2", news=news, body=entry.body,
                       month=_month_path(_local(entry).year, _local(entry).month).removeprefix("tin-tuc/"),
                       month_name=month_label(_local(entry).year, _local(entry).month),
                       tasks=_task_links(content, news.tasks))


def _task_links(content: Content, refs: list[str]) -> list[tuple[str, str, str | None]]:
    """(plan's label, task number, its row on the plan's progress page) for each task an item carries out.

    A plan whose file has errors of its own has no page: its task is named without a link.
    """
    plans = {p.id: p for p in content["plans"]}
    links = []
    for plan_id, number in (ref.split("#", 1) for ref in refs):
        plan = resolve(plans, plan_id)
        links.append((f"kế hoạch {plan_id}", number, None) if isinstance(plan, Missing) else
                     (plan.model.label, number, f"../ke-hoach/{plan_id}/tien-do.md#nhiem-vu-{slugify(number)}"))
    return links


def channels(content: Content) -> list[tuple[str, str, list[Entry[NewsMeta]]]]:
    """(folder, title, items) for every feed: all news, each category, each unit."""
    found: list[tuple[str, str, list[Entry[NewsMeta]]]] = [("", "Tin cải cách hành chính", content["news"])]
    for kind, label, key in (("chuyen-muc", "Chuyên mục", lambda n: n.model.category),
                             ("don-vi", "Đơn vị", lambda n: n.model.unit)):
        groups: dict[str, list[Entry[NewsMeta]]] = {}
        for entry in content["news"]:
            groups.setdefault(key(entry), []).append(entry)
        for name in sorted(groups, key=slugify):
            found.append((f"tin-tuc/{kind}/{slugify(name)}/", f"{label}: {name}", groups[name]))
    return found


def render_channels(content: Content, memo: Memo) -> Iterator[Output]:
    """A listing page per category and per unit, each offering its own feed."""
    for folder, title, items in channels(content)[1:]:
        yield memo.get(content, folder, (title, len(items), *items[:NEWS_ON_INDEX]),
                       lambda f=folder, t=title, i=items: _channel(content, f, t, i))


def _channel(content: Content, folder: str, title: str, items: list[Entry[NewsMeta]]) -> Output:
    return page_output(folder.rstrip("/") + ".md",
                       page_meta(content, title, f"Tin cải cách hành chính – {title}.", "news/",
                                 _local(items[0]).date(), terms=None, feeds=folder),
                       "news_channel.html.j2", title=title, items=items[:NEWS_ON_INDEX], total=len(items),
                       feeds=folder.rstrip("/").rsplit("/", 1)[1] + "/", link=lambda n: f"../{_news_slug(n)}.md")


def article(content: Content, entry: Entry[NewsMeta], url: str) -> dict[str, Any]:
    """NewsArticle for a news page at ``url``."""
    site = content.site
    news = entry.model
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": news.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": news.date.isoformat(),
        "dateModified": (news.updated or news.date).isoformat(),
        "author": {"@type": "Organization", "name": news.unit,
                   "url": f"{site.base_url}tin-tuc/don-vi/{slugify(news.unit)}/"},
        "publisher": organization_ref(content),
        "description": news.summary,
        "image": f"{site.base_url}{news.image.src if news.image else SHARE_IMAGE}",
        "inLanguage": "vi",
    }


def item_id(content: Content, entry: Entry[NewsMeta]) -> str:
    """A permanent id: the same for an item as long as its file (or ``id:``) keeps its name."""
    return tag_uri(content.site, f"tin-tuc/{entry.model.id or entry.id}")


def absolute_html(content: Content, entry: Entry[NewsMeta]) -> str:
    """The item's body as sanitised HTML, every relative link and image made absolute."""
    html = markup.render(entry.body or "").html
    return markup.rewrite_links(html, news_path(entry), str(content.site.base_url))


def _enclosure(content: Content, image: Image | None) -> Enclosure | None:
    """The item's image as a feed enclosure, with the real size of the file the site serves."""
    if image is None:
        return None
    mime = mimetypes.guess_type(image.src)[0] or "application/octet-stream"
    return Enclosure(urljoin(str(content.site.base_url), image.src), (content.root / image.src).stat().st_size, mime)


def render_feeds(content: Content, memo: Memo) -> list[Output]:
    """RSS 2.0 and Atom for each channel, each with the newest ``feed_items`` items."""
    outputs = []
    for folder, title, items in channels(content):
        items = items[: content.site.feed_items]
        enclosures = tuple(_enclosure(content, n.model.image) for n in items)
        outputs += memo.get(content, ("feed", folder), (*items, *enclosures),
                            lambda f=folder, t=title, i=items, e=enclosures: _channel_feeds(content, f, t, i, e))
    return outputs


def _channel_feeds(content: Content, folder: str, title: str, items: list[Entry[NewsMeta]],
                   enclosures: tuple[Enclosure | None, ...]) -> list[Output]:
    """feed.xml and atom.xml of one channel: all news (``folder`` ""), a category or a unit."""
    newest = max((n.model.updated or n.model.date for n in items),
                 default=dt.datetime.combine(content.newest_date(), dt.time(), TZ))
    entries = [FeedEntry(item_id(content, n), news_url(content, n), n.model.title, n.model.summary, n.model.date,
                         n.model.updated or n.model.date, n.model.unit, absolute_html(content, n),
                         [n.model.category, *n.model.tags], enclosure)
               for n, enclosure in zip(items, enclosures)]
    return channel_feeds(content.site, folder, title, folder or "tin-tuc/", newest, entries)


def _records(content: Content, memo: Memo) -> list[dict[str, Any]]:
    return [dump(content, memo, n, lambda n=n: {"id": n.model.id or n.id, "url": news_url(content, n),
                                               "content_html": absolute_html(content, n)}) for n in content["news"]]


def new_news(root: Path, title: str, now: dt.datetime | None = None) -> Path:
    now = (now or dt.datetime.now(TZ)).astimezone(TZ).replace(microsecond=0)
    title = scaffolding.checked(NewsMeta, "title", title)
    path = root / "news" / f"{now:%Y-%m-%d}-{scaffolding.slug(title, 'tiêu đề tin')}.md"
    return scaffolding.write_new(path, scaffolding.render("new/news.md.j2", title=title, date=now.isoformat(),
                                                          help=scaffolding.field_help(NewsMeta)))


KIND = Kind(
    name="news", label="tin", model=NewsMeta, schema="news", files="news/*.md", address="tin-tuc/{}/",
    pages=lambda content, memo: [*render_news(content, memo), *render_channels(content, memo)],
    check=check, publish=publish, dates=lambda entry: [entry.model.date.astimezone(TZ).date()],
    record_pages=lambda content, entry: [render_news_item(content, entry)], depends=("plans",),
    outputs=render_feeds,
    datasets=(Dataset("news", "Tin tức", "Tin cải cách hành chính đã đăng.", NewsRecord, _records, csv=False),),
    scaffold=new_news, scaffold_value="tiêu đề tin",
)
