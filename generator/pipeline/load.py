"""Read a content folder and check it into one typed :class:`Content`, for every kind in the registry.

Every file is checked against its kind's model (core/checking.py); then each
kind's checks across files run (codes unique, the main hotline exists...).
Every problem becomes a :class:`ContentError` naming file, line and field, and
all of them are reported together, so an editor fixes a pull request in one pass.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

from ..core import reader
from ..core.checking import Checked, FileCache, cached, read_entry, read_single
from ..core.content import Checks, Content, Entry
from ..core.errors import ContentError, ContentErrors, MissingContent
from ..core.kind import Kind
from ..core.site import SearchAliases, Site
from ..core.vietnamese import TZ
from .registry import KINDS

FOLDERS = {kind.folder: kind for kind in KINDS if kind.folder}
# Everything else a content folder may hold: the site's own files, the kinds' single files, the assets
# copied as they are, notes.
OTHER_ENTRIES = {"site.yml", "search.yml", *(kind.files for kind in KINDS if not kind.folder), "assets", "README.md"}


def _unread(root: Path) -> list[ContentError]:
    """One error per file that no reader would read: it would never be published, and nobody would know.

    A news item saved as ``.markdown``, a procedure as ``.yaml``, a file in a
    sub-folder of news/ or a folder named ``tin-tuc/`` would otherwise simply
    not appear. Hidden files (``.gitkeep``) are left alone.
    """
    found = []
    for entry in _listing(root):  # what the listing says of each entry: no question to the disk per file
        name = entry.name
        if name.startswith(".") or name in OTHER_ENTRIES or entry.is_symlink():
            continue
        if name not in FOLDERS or not entry.is_dir():
            allowed = ", ".join(sorted(f"{f}/" for f in FOLDERS) + sorted(OTHER_ENTRIES - {"README.md"}))
            found.append(ContentError(Path(name), 1, "", f"«{name}» không thuộc loại nội dung nào nên sẽ không được "
                                      f"đăng; thư mục nội dung chỉ gồm: {allowed}"))
            continue
        suffix = FOLDERS[name].suffix
        for item in _listing(Path(entry.path)):
            if item.name.startswith(".") or item.is_symlink() or (item.is_file() and item.name.endswith(suffix)):
                continue
            what = "thư mục con" if item.is_dir() else "tệp"
            found.append(ContentError(Path(name, item.name), 1, "",
                                      f"{what} «{item.name}» sẽ không được đọc: {name}/ chỉ gồm các tệp đuôi "
                                      f"{suffix}, đặt thẳng trong thư mục"))
    return found


def _listing(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def read_record(root: Path, path: Path) -> Checked:
    """Read and check one record file, whose folder says what it is."""
    kind = FOLDERS[path.parts[0]]
    return read_entry(root, path, kind.suffix, kind.model, kind.ascii_names, kind.line_depth)


def _entries(root: Path, kind: Kind, errors: list[ContentError], warnings: list[ContentError],
             failed: list[Path], cache: FileCache | None = None) -> list[Entry[Any]]:
    """The valid records of one folder; the files with errors go to ``failed``."""
    entries: list[Entry[Any]] = []
    for path in reader.list_files(root, kind.folder, kind.suffix):
        entry, found, warned = cached(cache, root, path, lambda p=path: read_record(root, p))
        errors.extend(found)
        warnings.extend(warned)
        if entry is not None and not found:
            entries.append(entry)
        else:
            failed.append(path)
    return entries


def _single(root: Path, name: str, model: type[Any], errors: list[ContentError], required: bool,
            cache: FileCache | None = None) -> tuple[Any, reader.Document | None]:
    """A file of its own (site.yml, indices.yml): its record and where its values are."""
    if not (root / name).is_file() or (root / name).is_symlink():
        if required and not (root / name).is_symlink():
            errors.append(ContentError(Path(name), 1, "", f"thiếu tệp {name} trong thư mục nội dung"))
        return None, None
    record, found, _ = cached(cache, root, Path(name), lambda: read_single(root, name, model))
    errors.extend(found)
    return record


def _records(root: Path, kind: Kind, errors: list[ContentError], warnings: list[ContentError],
             failed: list[Path], cache: FileCache | None) -> list[Entry[Any]]:
    """A kind's valid records: each file of its folder, or its single file (or the record it defaults to)."""
    if kind.folder:
        return _entries(root, kind, errors, warnings, failed, cache)
    model, doc = _single(root, kind.files, kind.model, errors, kind.default is None, cache)
    if model is None:
        model, doc = (kind.default() if kind.default else None), None
    return [Entry(kind.name, Path(kind.files), model, lines=doc.lines if doc else {})] if model is not None else []


def _check_logo(root: Path, site: Site | None, site_doc: reader.Document | None, errors: list[ContentError]) -> None:
    """site.yml's logo must be a real file, or every page would show a broken picture."""
    if site is not None and site.logo and (not (root / site.logo).is_file() or (root / site.logo).is_symlink()):
        errors.append(ContentError(Path("site.yml"), site_doc.line_of(("logo",)) if site_doc else 1,
                                   "biểu trưng (logo)", f"không có tệp ảnh «{site.logo}» trong thư mục nội dung; "
                                   "hãy tải ảnh lên thư mục assets/ và ghi đúng đường dẫn"))


def read(root: Path, now: dt.datetime | None = None, cache: FileCache | None = None,
         base_path: str | None = None) -> Content:
    """Read and check the content folder at ``root``, keeping what is valid and recording every error.

    Files with errors are left out (``Content.failed``), so the rest can still
    be rendered and its links checked: an editor sees every error in one run.
    Only when nothing can be rendered (no valid site.yml, no main hotline) are
    the errors raised at once. ``now`` decides what is published (dated news
    items); it defaults to the current time. ``base_path`` publishes the site
    under that path of its host (``cchc build --base-path``, a portal's agency).
    """
    if not root.is_dir():
        raise MissingContent(root)
    errors: list[ContentError] = reader.symlinks(root) + _unread(root)
    warnings: list[ContentError] = []
    site, site_doc = _single(root, "site.yml", Site, errors, True, cache)
    aliases = _single(root, "search.yml", SearchAliases, errors, False, cache)[0] or SearchAliases()
    failed: list[Path] = []
    records = {kind.name: _records(root, kind, errors, warnings, failed, cache) for kind in KINDS}
    now = now or dt.datetime.now(TZ)
    checks = Checks(root, site, site_doc.lines if site_doc else {}, records, errors, warnings, now,
                    cache.checks if cache is not None else None)
    for kind in KINDS:
        if kind.check:
            kept = kind.check(records[kind.name], checks)
            kept_sources = {e.source for e in kept}
            failed += sorted(e.source for e in records[kind.name] if e.source not in kept_sources)
            records[kind.name] = kept
    _check_logo(root, site, site_doc, errors)
    site_broken = any(e.path == Path("site.yml") for e in errors)
    if site is None or site_broken or site.main_hotline not in {h.id for h in records["hotlines"]}:
        raise ContentErrors(errors)  # nothing can be rendered without the site's own settings
    if base_path:
        site = site.at_path(base_path)
    published = {kind.name: kind.publish(records[kind.name], now) for kind in KINDS}
    dates = [d for kind in KINDS for entry in published[kind.name] for d in kind.dates(entry)]
    shared = {key: table for kind in KINDS if kind.share for key, table in kind.share(published[kind.name], now).items()}
    content = Content(root, site, published, max(dates, default=dt.date(2000, 1, 1)), now, shared, aliases,
                      sorted(set(warnings)), sorted(set(errors)), failed)
    narrow = set()
    for kind in KINDS:
        if kind.derive:
            derived = kind.derive(content)
            content.shared.update(derived)
            narrow |= set() if kind.derived_for_all else set(derived)
    content.common = tuple((key, table) for key, table in content.shared.items() if key not in narrow)
    return content


def load(root: Path, now: dt.datetime | None = None, cache: FileCache | None = None) -> Content:
    """Read and validate the content folder at ``root``; raise ContentErrors on any problem."""
    content = read(root, now, cache)
    if content.errors:
        raise ContentErrors(content.errors)
    return content


@dataclasses.dataclass(frozen=True)
class Window:
    """The stretch of time over which a site stays what a build at its start made.

    A site is made of files, yet it changes with time too: a news item dated
    in the future comes out when its moment comes, and the pages say the day
    they were built on (a plan's progress «tính đến ngày», the days left to
    comment on a draft, the coming reception dates). So the site of a build
    holds from the later of that day's midnight and its newest published news
    item, until the earlier of the next midnight and its earliest future-dated
    item (Asia/Ho_Chi_Minh). Outside it, a portal builds an agency again whether
    or not its files changed (portal.py: the nightly rebuild makes each agency
    again once, and an item dated 08:00 comes out with the first build after
    08:00), and a build does not reuse what the build before it rendered
    (build.py: ``Session``).
    """

    start: dt.datetime
    end: dt.datetime

    @classmethod
    def of(cls, content: Content, now: dt.datetime) -> Window:
        midnight = dt.datetime.combine(now.astimezone(TZ).date(), dt.time(), TZ)
        published = {entry.source for entry in content.records["news"]}
        waiting = [read_record(content.root, path)[0] for path in reader.list_files(content.root, "news", ".md")
                   if path not in published and path not in content.failed]  # future-dated items and drafts
        upcoming = [entry.model.date for entry in waiting if entry is not None and not entry.model.draft]
        return cls(max([midnight, *(entry.model.date for entry in content.records["news"])]),
                   min([midnight + dt.timedelta(days=1), *(date for date in upcoming if date > now)]))

    @classmethod
    def parse(cls, line: str) -> Window:
        start, _, end = line.partition(" ")
        try:
            return cls(dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end))
        except ValueError:  # written by an older cchc, or damaged: the agency is built again
            return cls(dt.datetime.max.replace(tzinfo=TZ), dt.datetime.min.replace(tzinfo=TZ))

    def holds(self, now: dt.datetime) -> bool:
        return self.start <= now < self.end

    def __str__(self) -> str:
        return f"{self.start.isoformat()} {self.end.isoformat()}"
