"""Turn validated content into pages through Jinja2 templates.

Python decides *what* goes on each page (which items, in which order, what the
page's metadata is); the templates in ``templates/`` decide how it looks. Each
``render_*`` function returns :class:`Output` records; nothing here touches the
disk.

A page is a Markdown file for MkDocs, but its body is finished HTML: MkDocs
only wraps it in the theme (mkdocs_hooks.py). Templates link to other pages by
their Markdown file (``../thu-tuc/index.md``), as editors do, and
:func:`page_output` turns every such link into the page's published address.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import segno
import yaml
from markupsafe import Markup, escape

from . import markup, models, search, structured
from .validate import Content, Entry
from .vietnamese import TZ, fold, format_date, format_datetime, month_label, slugify

T = TypeVar("T")
TEMPLATES = Path(__file__).parent / "templates"
NEWS_ON_INDEX = 20
NEWS_ON_HOME = 5
# Past this many procedures, thu-tuc/ lists the fields and each field gets a page of
# its own: no page's size grows with the whole site.
PROCEDURES_ON_ONE_PAGE = 300

_GAP = re.compile(r"\[không đọc được(?::[^\]]*)?\]")


@dataclasses.dataclass(frozen=True)
class Output:
    """One file to write below the build's docs folder."""

    path: str
    text: str
    source: str | None = None  # the content file it was rendered from, for error messages
    search: search.Record | None = None  # what the page is found by, if it is searchable
    updated: str | None = None  # a page's last-updated date (ISO), for the sitemap


@dataclasses.dataclass(frozen=True)
class PageMeta:
    """A page's front matter (what the theme and its overrides read) and its search record."""

    front: dict[str, Any]
    search: search.Record | None


def mark_gaps(html: str) -> str:
    """Wrap every "unreadable" marker so readers see at once what is missing."""
    return _GAP.sub(lambda m: f'<mark class="unreadable" title="Bản gốc không đọc được">{m.group(0)}</mark>', html)


def _finalize(value: Any) -> Any:
    """Escape every plain string a template prints, then highlight gaps."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(mark_gaps(str(escape(value))))
    return value


def _markdown(text: str | None) -> Markup:
    """An editor's Markdown, as sanitised HTML."""
    return Markup(mark_gaps(markup.render(text or "").html))


def _markdown_inline(text: str | None) -> Markup:
    """The same, without the paragraph around a one-paragraph text."""
    return Markup(markup.inline(str(_markdown(text))))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters.update(
        md=_markdown,
        md_inline=_markdown_inline,
        date=format_date,
        datetime=format_datetime,
        iso=lambda v: v.isoformat(),
        slug=slugify,
    )
    return env


ENV = _environment()


def page_output(path: str, meta: PageMeta, template: str, **context: Any) -> Output:
    """A page: YAML front matter for MkDocs and an HTML body from a template, its links made to work."""
    front = yaml.dump(meta.front, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=1000)
    body = markup.rewrite_links(ENV.get_template(template).render(**context), path)
    source = meta.front["source"] if not meta.front["source"].endswith("/") else None
    source = source or None  # a page no file makes (search, open data) has nothing to edit
    record = dataclasses.replace(meta.search, page=path) if meta.search else None
    return Output(path, f"---\n{front}---\n\n{body}", source, record, meta.front["updated_iso"])


def page_meta(content: Content, title: str, description: str, source: str, updated: dt.date,
              extra_ld: list[dict[str, Any]] | None = None, terms: list[str | None] | None = (),
              search_description: bool = True, texts: list[str | None] = (), body: str | None = None,
              **more: Any) -> PageMeta:
    """Front matter shared by every page, and what site search finds the page by.

    ``terms`` are the key words the page is found by besides its title (and its
    description, unless ``search_description`` is off because it is boilerplate);
    ``None`` keeps the page out of search. ``texts`` are what citizens look for
    on the page (weighted below the terms) and ``body`` a free page's Markdown text.
    """
    front: dict[str, Any] = {
        # Material prints these into <title>, <meta> and the header without escaping
        "title": str(escape(title)),
        "description": str(escape(description)),
        "updated": format_date(updated),
        "updated_iso": updated.isoformat(),
        # <, > and & are escaped so no text can close or confuse the <script> that carries it
        "jsonld": json.dumps([structured.organization(content), *(extra_ld or [])], ensure_ascii=False,
                             separators=(",", ":")).replace("<", "\\u003c").replace(">", "\\u003e")
                                                   .replace("&", "\\u0026"),
        "source": source,  # the content file (or folder) an editor changes: for "edit this page"
        "search": {"exclude": True},  # out of Material's lunr index; Pagefind has its own (search.py)
        **more,
    }
    return PageMeta(front, None if terms is None else _record(content, title, description if search_description
                                                              else None, terms, texts, body))


def _record(content: Content, title: str, description: str | None, terms: list[str | None],
            texts: list[str | None], body: str | None) -> search.Record:
    """What search finds a page by, with the words it is also found by but never shows."""
    kept, said = tuple(t for t in terms if t), tuple(t for t in texts if t)
    html = markup.render(body).html if body else ""
    named, text = " ".join([title, description or "", *kept]), " ".join(said)
    return search.Record(page="", title=title, description=description, terms=kept, texts=said, body=html,
                         hidden=search.hidden_words(f"{named} {text}", html),
                         everyday=search.everyday_words(named, text, search.aliases(content.search.aliases)))


def _alphabetical(text: str) -> tuple[str, str]:
    """A sort key in Vietnamese order: "Đất đai" among the d's, not after "Y tế" as code points put it."""
    return fold(text), text


def _section_titles(sections: list[models.Section]) -> list[str]:
    """Every section title of a plan, nested ones included."""
    return [t for s in sections for t in (s.title, *_section_titles(s.sections)) if t]


def _news_slug(entry: Entry[models.NewsMeta]) -> str:
    return entry.model.slug or entry.id


def news_path(entry: Entry[models.NewsMeta]) -> str:
    """The generated Markdown file of a news item (below the docs folder)."""
    return f"tin-tuc/{_news_slug(entry)}.md"


# The page each folder of records publishes a file at, by the file's stem.
_RECORD_ADDRESSES = {"news": "tin-tuc/{}/", "procedures": "thu-tuc/{}/", "plans": "ke-hoach/{}/", "pages": "{}/"}


def record_address(source: Path) -> str | None:
    """The address a record file's page has by default: a link to a file left out for its errors is not broken."""
    pattern = _RECORD_ADDRESSES.get(source.parts[0]) if len(source.parts) == 2 else None
    return pattern.format(source.name.rsplit(".", 1)[0]) if pattern else None


def news_url(content: Content, entry: Entry[models.NewsMeta]) -> str:
    """The item's public address, as feeds and shares need it."""
    return f"{content.site.base_url}tin-tuc/{_news_slug(entry)}/"


def _month_path(year: int, month: int) -> str:
    return f"tin-tuc/{year:04d}-{month:02d}.md"


def _local(entry: Entry[models.NewsMeta]) -> dt.datetime:
    return entry.model.date.astimezone(TZ)


class Memo:
    """Outputs reused while what they are made from is unchanged.

    The live preview keeps one between rebuilds; a full build starts empty.
    Unchanged files keep their record objects (validate.FileCache), so comparing
    inputs is mostly comparing identities. Every output also depends on the
    site's settings, its main hotline and the content's newest date, which
    pages print.
    """

    def __init__(self) -> None:
        self._made: dict[Any, tuple[tuple[Any, ...], Any]] = {}

    def get(self, content: Content, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """An output of the content: ``make()``, unless made before from equal ``inputs``."""
        return self.reuse(key, (content.site, content.main_hotline, content.newest_date(), *inputs), make)

    def reuse(self, key: Any, inputs: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()``, unless made before under ``key`` from equal ``inputs``."""
        hit = self._made.get(key)
        if hit is None or hit[0] != inputs:
            hit = (inputs, make())
            self._made[key] = hit
        return hit[1]


# What each procedure and news item is rendered to. Most of a site's pages are these,
# so they are what a build renders in several processes (parallel.py).
RECORD_PAGES: dict[str, Callable[[Content, Any], list[Output]]] = {
    "procedure": lambda content, entry: [render_procedure(content, entry), render_poster(content, entry)],
    "news": lambda content, entry: [render_news_item(content, entry)],
}


def record_outputs(content: Content, memo: Memo, kind: str, entry: Entry[Any],
                   made: list[Output] | None = None) -> list[Output]:
    """The outputs of one procedure or news item, rendered once per version of its file.

    ``made``: outputs rendered elsewhere (another process, parallel.py), kept as they are.
    """
    return memo.get(content, (kind, entry.id), (entry, *content.hotlines),  # procedure pages pick a hotline
                    lambda: RECORD_PAGES[kind](content, entry) if made is None else made)


# --------------------------------------------------------------------------- pages


def render_home(content: Content) -> Output:
    news = content.news[:NEWS_ON_HOME]
    plans = sorted(content.plans, key=lambda p: (p.model.year, p.model.date or dt.date.min), reverse=True)
    fields = sorted({p.model.field for p in content.procedures}, key=_alphabetical)
    site = content.site
    # titled by what the site is, not by the agency's name, which the theme adds to <title> already
    return page_output("index.md", page_meta(content, site.description, site.description, "site.yml",
                                   content.newest_date(), hide=["navigation", "toc"],
                                   terms=[site.short_name, site.parent, site.province, site.address, site.phone]),
                 "home.html.j2", site=content.site, news=news, news_path=news_path,
                 hotline=content.main_hotline.model, plan=plans[0] if plans else None,
                 procedures=len(content.procedures), fields=fields, pages=content.pages)


def render_plans(content: Content, memo: Memo) -> Iterator[Output]:
    yield memo.get(content, "ke-hoach/index.md", tuple(content.plans), lambda: _plans_index(content))
    for entry in content.plans:
        yield memo.get(content, ("plan", entry.id), (entry,), lambda e=entry: _plan(content, e))


def _plans_index(content: Content) -> Output:
    by_year = itertools.groupby(sorted(content.plans, key=lambda p: (-p.model.year, p.id)), lambda p: p.model.year)
    newest = max((p.model.updated or p.model.date or content.newest_date() for p in content.plans),
                 default=content.newest_date())
    return page_output("ke-hoach/index.md", page_meta(content, "Kế hoạch cải cách hành chính",
                                           "Các kế hoạch tuyên truyền cải cách hành chính theo năm.", "plans/", newest,
                                           terms=[p.model.title for p in content.plans]),
                "plans_index.html.j2", years=[(y, list(ps)) for y, ps in by_year])


def _plan(content: Content, entry: Entry[models.Plan]) -> Output:
    plan = entry.model
    return page_output(f"ke-hoach/{entry.id}.md",
                    page_meta(content, plan.label, plan.title, entry.source.as_posix(),
                              plan.updated or plan.date or content.newest_date(),
                              terms=[plan.issuer, plan.parent_body, plan.date_text, plan.signer.name,
                                     *_section_titles(plan.sections)],
                              texts=[t for task in plan.all_tasks() for t in (task.content, *task.lead)]),
                    "plan.html.j2", plan=plan, tasks=plan.all_tasks(), plan_id=entry.id,
                    has_calendar=any(t.due_dates() for t in plan.all_tasks())
                    or any(d.dates() for r in plan.reporting for d in r.due))


def render_procedures(content: Content, memo: Memo) -> Iterator[Output]:
    procedures = sorted(content.procedures,
                        key=lambda p: (_alphabetical(p.model.field), _alphabetical(p.model.name), p.id))
    by_field = [(field, list(items)) for field, items in itertools.groupby(procedures, lambda p: p.model.field)]
    split = len(procedures) > PROCEDURES_ON_ONE_PAGE
    yield memo.get(content, "thu-tuc/index.md", (split, *procedures),
                   lambda: _procedures_page(content, "thu-tuc/index.md", "Thủ tục hành chính", by_field, split))
    if split:
        for field, items in by_field:
            path = _field_path(field)
            yield memo.get(content, path, tuple(items), lambda p=path, f=field, i=items: _procedures_page(
                content, p, f"Thủ tục hành chính lĩnh vực {f}", [(f, i)], False))
    for entry in procedures:
        yield from record_outputs(content, memo, "procedure", entry)


def _field_path(field: str) -> str:
    return f"thu-tuc/linh-vuc/{slugify(field)}.md"


def _procedures_page(content: Content, path: str, title: str, by_field: list[tuple[str, list[Entry[Any]]]],
                     split: bool) -> Output:
    """The procedure finder: every procedure of ``by_field``, or, ``split``, each field's count and page."""
    procedures = [p for _, items in by_field for p in items]
    newest = max((p.model.last_checked for p in procedures), default=content.newest_date())
    index = path == "thu-tuc/index.md"
    summary = [(f, len(items), _field_path(f).removeprefix("thu-tuc/")) for f, items in by_field] if split else None
    return page_output(path, page_meta(content, title, "Tra cứu thủ tục hành chính theo lĩnh vực, cấp thực hiện và "
                                       "mức độ dịch vụ công trực tuyến.", "procedures/", newest,
                                       terms=[field for field, _ in by_field]),
                       "procedures_index.html.j2", title=title, by_field=by_field, count=len(procedures),
                       summary=summary, up=None if index else "../index.md", prefix="" if index else "../",
                       levels=[level.value for level in models.Level],
                       online_levels=[o.value for o in models.OnlineLevel])


def render_procedure(content: Content, entry: Entry[models.Procedure]) -> Output:
    proc = entry.model
    return page_output(f"thu-tuc/{entry.id}.md",
                       page_meta(content, proc.name, f"Thủ tục {proc.code}, lĩnh vực {proc.field}: hồ sơ, thời hạn, "
                                 "phí, lệ phí và cách nộp.", entry.source.as_posix(), proc.last_checked,
                                 [structured.service(content, entry)],
                                 terms=[proc.code, proc.field, proc.life_event, proc.agency],
                                 texts=[*(d.name for d in proc.documents), *proc.applicants, proc.result,
                                        *dict.fromkeys(m.fees for m in proc.methods)],
                                 search_description=False),
                       "procedure.html.j2", proc=proc, site=content.site, hotline=help_hotline(content, proc),
                       poster=f"niem-yet/{entry.id}.html")


def help_hotline(content: Content, proc: models.Procedure) -> models.Hotline:
    """The hotline a procedure's "Cần hỗ trợ?" gives: one for its agency, else for its level, else the main one.

    A commune-level procedure should not send a citizen to the province's line
    when a closer one is published for it.
    """
    hotlines = sorted(content.hotlines, key=lambda h: (not h.model.main, h.id))
    agency = fold(proc.agency)
    for entry in hotlines:
        if any(fold(name) in agency for name in entry.model.agencies):
            return entry.model
    for entry in hotlines:
        if set(entry.model.levels) & set(proc.levels):
            return entry.model
    return content.main_hotline.model


def render_poster(content: Content, entry: Entry[models.Procedure]) -> Output:
    """A printable A4 poster for the one-stop counter, with a QR code to the procedure's page.

    A standalone HTML file (MkDocs copies it as is), so it prints without the site's chrome.
    """
    url = f"{content.site.base_url}thu-tuc/{entry.id}/"
    # A fixed mask pattern is valid for every reader and spares segno scoring all eight (4× faster).
    qr = segno.make(url, error="m", mask=0).svg_inline(scale=4, title=f"Mã QR dẫn tới {url}")
    text = ENV.get_template("poster.html.j2").render(proc=entry.model, site=content.site, url=url,
                                                     back=f"../{entry.id}/",
                                                     qr=Markup(qr), hotline=content.main_hotline.model)
    return Output(f"thu-tuc/niem-yet/{entry.id}.html", text)


def render_hotlines(content: Content) -> Output:
    hotlines = sorted(content.hotlines, key=lambda h: (not h.model.main, h.model.unit, h.id))
    return page_output("duong-day-nong.md", page_meta(content, "Đường dây nóng",
                                            "Nơi tiếp nhận phản ánh, kiến nghị về quy định hành chính và thái độ "
                                            "phục vụ của cán bộ.", "hotlines/",
                                            max(h.model.last_verified for h in hotlines),
                                            terms=[t for h in hotlines for t in (h.model.unit, h.model.name,
                                                   *(c.value for c in h.model.channels), *h.model.accepts)]),
                 "hotlines.html.j2", hotlines=[h.model for h in hotlines])


def render_news(content: Content, memo: Memo) -> Iterator[Output]:
    items = content.news
    by_month = itertools.groupby(items, lambda n: (_local(n).year, _local(n).month))
    months = [(key, list(group)) for key, group in by_month]
    archive = tuple((month_label(y, m), _month_path(y, m).removeprefix("tin-tuc/"), len(g)) for (y, m), g in months)
    listed = tuple((title, folder.removeprefix("tin-tuc/").rstrip("/") + ".md", len(group))
                   for folder, title, group in channels(content)[1:])
    yield memo.get(content, "tin-tuc/index.md", (*items[:NEWS_ON_INDEX], archive, listed),
                   lambda: _news_index(content, archive, listed))
    for (year, month), group in months:
        yield memo.get(content, _month_path(year, month), (*group, archive),
                       lambda y=year, m=month, g=group: _news_month(content, y, m, g, archive))
    for entry in items:
        yield from record_outputs(content, memo, "news", entry)


def _news_index(content: Content, archive: tuple[tuple[str, str, int], ...],
                listed: tuple[tuple[str, str, int], ...]) -> Output:
    items = content.news
    newest = _local(items[0]).date() if items else content.newest_date()
    return page_output("tin-tuc/index.md", page_meta(content, "Tin tức cải cách hành chính",
                                                     "Tin mới nhất về cải cách hành chính.", "news/", newest),
                       "news_index.html.j2", items=items[:NEWS_ON_INDEX], archive=archive,
                       link=lambda n: f"{_news_slug(n)}.md", channels=listed)


def _news_month(content: Content, year: int, month: int, group: list[Entry[models.NewsMeta]],
                archive: tuple[tuple[str, str, int], ...]) -> Output:
    return page_output(_month_path(year, month),
                       page_meta(content, f"Tin tức {month_label(year, month)}",
                                 f"Tin cải cách hành chính {month_label(year, month)}.", "news/",
                                 _local(group[0]).date(), terms=None),
                       "news_month.html.j2", label=month_label(year, month), items=group, archive=archive,
                       link=lambda n: f"{_news_slug(n)}.md")


def render_news_item(content: Content, entry: Entry[models.NewsMeta]) -> Output:
    news = entry.model
    return page_output(news_path(entry),
                       page_meta(content, news.title, news.summary, entry.source.as_posix(),
                                 (news.updated or news.date).astimezone(TZ).date(),
                                 [structured.article(content, entry, news_url(content, entry))], image=news.image.src if news.image else None,
                                 terms=[news.unit, news.category, *news.tags]),
                       "news_item.html.j2", news=news, body=entry.body,
                       month=_month_path(_local(entry).year, _local(entry).month).removeprefix("tin-tuc/"),
                       month_name=month_label(_local(entry).year, _local(entry).month))


def channels(content: Content) -> list[tuple[str, str, list[Entry[models.NewsMeta]]]]:
    """(folder, title, items) for every feed: all news, each category, each unit."""
    found: list[tuple[str, str, list[Entry[models.NewsMeta]]]] = [("", "Tin cải cách hành chính", content.news)]
    for kind, label, key in (("chuyen-muc", "Chuyên mục", lambda n: n.model.category),
                             ("don-vi", "Đơn vị", lambda n: n.model.unit)):
        groups: dict[str, list[Entry[models.NewsMeta]]] = {}
        for entry in content.news:
            groups.setdefault(key(entry), []).append(entry)
        for name in sorted(groups, key=slugify):
            found.append((f"tin-tuc/{kind}/{slugify(name)}/", f"{label}: {name}", groups[name]))
    return found


def render_channels(content: Content, memo: Memo) -> Iterator[Output]:
    """A listing page per category and per unit, each offering its own feed."""
    for folder, title, items in channels(content)[1:]:
        yield memo.get(content, folder, (title, len(items), *items[:NEWS_ON_INDEX]),
                       lambda f=folder, t=title, i=items: _channel(content, f, t, i))


def _channel(content: Content, folder: str, title: str, items: list[Entry[models.NewsMeta]]) -> Output:
    return page_output(folder.rstrip("/") + ".md",
                       page_meta(content, title, f"Tin cải cách hành chính – {title}.", "news/",
                                 _local(items[0]).date(), terms=None, feeds=folder),
                       "news_channel.html.j2", title=title, items=items[:NEWS_ON_INDEX], total=len(items),
                       feeds=folder.rstrip("/").rsplit("/", 1)[1] + "/", link=lambda n: f"../{_news_slug(n)}.md")


def render_indices(content: Content) -> Output:
    series = content.indices.indices
    years = [r.year for s in series for r in s.results]
    updated = dt.date(max(years), 12, 31) if years else content.newest_date()
    return page_output("chi-so.md", page_meta(content, "Chỉ số cải cách hành chính",
                                    "Kết quả PAR INDEX, SIPAS, PAPI, PCI và DTI qua các năm.", "indices.yml",
                                    min(updated, content.newest_date()),
                                    terms=[" ".join(names) for names in INDEX_NAMES.values()]),
                 "indices.html.j2", series=series, names=INDEX_NAMES)


def render_search(content: Content) -> Output:
    return page_output("tim-kiem.md", page_meta(content, "Tìm kiếm", "Tìm thủ tục hành chính, tin tức và kế hoạch.",
                                      "", content.newest_date(), terms=None), "search.html.j2")  # no file to edit


def render_pages(content: Content, memo: Memo) -> Iterator[Output]:
    for entry in content.pages:
        yield memo.get(content, ("page", entry.id), (entry,), lambda e=entry: _page(content, e))


def _page(content: Content, entry: Entry[models.PageMeta]) -> Output:
    page = entry.model
    return page_output(f"{entry.id}.md", page_meta(content, page.title, page.description or page.title,
                                            entry.source.as_posix(), page.updated or content.newest_date(),
                                            body=entry.body),
                    "page.html.j2", page=page, body=entry.body)


INDEX_NAMES = {
    "PAR_INDEX": ("PAR INDEX", "Chỉ số cải cách hành chính", "Bộ Nội vụ"),
    "SIPAS": ("SIPAS", "Chỉ số hài lòng về sự phục vụ hành chính", "Bộ Nội vụ"),
    "PAPI": ("PAPI", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh", "UNDP và các đối tác"),
    "PCI": ("PCI", "Chỉ số năng lực cạnh tranh cấp tỉnh", "VCCI"),
    "DTI": ("DTI", "Chỉ số chuyển đổi số", "Bộ Thông tin và Truyền thông / Bộ Khoa học và Công nghệ"),
}


def render_site(content: Content, memo: Memo | None = None) -> list[Output]:
    """Every page of the site, in a stable order.

    With a ``memo`` (the live preview keeps one), pages whose inputs did not
    change are reused instead of rendered again.
    """
    memo = memo or Memo()
    outputs: list[Output] = [
        memo.get(content, "index.md", (*content.news[:NEWS_ON_HOME], *content.plans, *content.procedures,
                                       *content.pages), lambda: render_home(content)),
        memo.get(content, "duong-day-nong.md", tuple(content.hotlines), lambda: render_hotlines(content)),
        memo.get(content, "chi-so.md", (content.indices,), lambda: render_indices(content)),
        memo.get(content, "tim-kiem.md", (), lambda: render_search(content)),
        memo.get(content, "robots.txt", (), lambda: render_robots(content)),
    ]
    for group in (render_plans(content, memo), render_procedures(content, memo), render_news(content, memo),
                  render_channels(content, memo), render_pages(content, memo)):
        outputs.extend(group)
    return outputs


def sitemap(content: Content, outputs: list[Output], memo: Memo) -> Output:
    """sitemap.xml: every page with the date its content last changed."""
    pages = tuple(sorted((f"{content.site.base_url}{markup.page_url(o.path)}", o.updated)
                         for o in outputs if o.updated))
    return memo.reuse("sitemap.xml", pages, lambda: Output("sitemap.xml", ENV.get_template("sitemap.xml.j2")
                                                           .render(pages=pages)))


def render_robots(content: Content) -> Output:
    """robots.txt: every page may be crawled, and the sitemap says where they are."""
    return Output("robots.txt", ENV.get_template("robots.txt.j2").render(sitemap=f"{content.site.base_url}sitemap.xml"))


def search_pages(outputs: list[Output], memo: Memo) -> list[Output]:
    """For each searchable page, the small page Pagefind indexes instead of it (search.py)."""
    template = ENV.get_template("search_record.html.j2")
    return [memo.reuse(("search", o.path), (o.search,),
                       lambda r=o.search: Output(r.path, template.render(record=r, weights=search)))
            for o in outputs if o.search]


def nav(content: Content) -> list[Any]:
    """The site navigation: section index pages only, never every item.

    Listing every procedure or news item in the sidebar would make each page's
    HTML grow with the site, and the build O(N²).
    """
    items: list[Any] = [{"Trang chủ": "index.md"}, {"Thủ tục hành chính": "thu-tuc/index.md"},
                        {"Đường dây nóng": "duong-day-nong.md"}, {"Kế hoạch": "ke-hoach/index.md"},
                        {"Tin tức": "tin-tuc/index.md"}, {"Chỉ số": "chi-so.md"}]
    # The free pages and the open data go in the footer, not the top tabs (overrides/partials/tabs.html)
    items.append({"Thông tin khác": [*({p.model.title: f"{p.id}.md"} for p in content.pages),
                                     {"Dữ liệu mở": "du-lieu-mo.md"}]})
    return items

