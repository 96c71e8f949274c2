"""``cchc upgrade [--check]``: an agency's content, from an older version's format to this one's.

A release that changes what content must say adds a step here. A step makes
the changes that need no judgement (each reported with file and line) and
says, in Vietnamese, with file and line, what needs a person. Steps only add
or rewrite lines, never the rest of a file: every other byte stays as the
editors wrote it. A step finds nothing to do on content already upgraded, so
a second run changes nothing; ``--check`` runs the same steps and writes
nothing. ``cchc validate`` asks :func:`upgrade` (without writing) when content
fails, so editors of an old site learn that this command exists.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ..core import resources
from ..core.vietnamese import TZ
from . import schemas

LINES = YAML()  # round trip: keeps each key's line, for the reports and the insertions


@dataclasses.dataclass(frozen=True)
class Note:
    """One change made (or to make), or one thing a person must do, at a file's line."""

    path: str   # relative to the folder that holds the content folder: the agency's repository
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


@dataclasses.dataclass
class Outcome:
    changes: list[Note] = dataclasses.field(default_factory=list)   # made mechanically
    todo: list[Note] = dataclasses.field(default_factory=list)      # for a person
    files: dict[Path, str] = dataclasses.field(default_factory=dict)  # new text of each changed file

    def lines(self, written: bool = True) -> Iterator[str]:
        """What the command prints, in Vietnamese."""
        if self.changes:
            yield "Đã sửa:" if written else "«cchc upgrade» sẽ sửa:"
            yield from (f"  {note}" for note in self.changes)
        if self.todo:
            yield "Cần người làm:"
            yield from (f"  {note}" for note in self.todo)
        if not self.changes and not self.todo:
            yield "Nội dung đã theo định dạng của phiên bản này: không có gì cần nâng cấp."


Step = Callable[[Path, Outcome], None]


def _read(path: Path) -> str | None:
    """A file's text with its own line ends, or None when it cannot be read (``cchc validate`` reports why)."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _load(path: Path) -> object:
    """A YAML file with its lines, or None when it cannot be read or parsed (``cchc validate`` reports why)."""
    text = _read(path)
    try:
        return None if text is None else LINES.load(text)
    except (YAMLError, RecursionError):
        return None


def _oldest_news(root: Path) -> dt.date | None:
    """The date of the site's oldest news item, from the front matter (YYYY-MM-DD…), if any."""
    dates = []
    for path in sorted((root / "news").glob("*.md")):
        text = _read(path) or ""
        head = text.split("\n---", 1)[0] if text.startswith("---") else ""
        for line in head.splitlines():
            if line.startswith("date:"):
                try:
                    dates.append(dt.date.fromisoformat(line[5:].strip().strip("\"'")[:10]))
                except ValueError:
                    pass
    return min(dates, default=None)


def site_ids(root: Path, outcome: Outcome) -> None:
    """0.2.0: the feeds' and calendars' ids need ``id_authority`` and ``id_date`` in site.yml.

    ``id_authority`` is the host of ``base_url`` and ``id_date`` the day of the
    oldest news item (the agency held its domain then), or today for a site
    without news: the ids of the items already published stay those of the
    address they were published at.
    """
    path = root / "site.yml"
    data = _load(path)
    if path.is_file() and not isinstance(data, dict):
        outcome.todo.append(Note(f"{root.name}/site.yml", 1, "chưa đọc được tệp này: chạy «cchc validate», sửa các "
                                 "lỗi nó báo rồi chạy lại «cchc upgrade»"))
    if not isinstance(data, dict) or ("id_authority" in data and "id_date" in data):
        return
    try:
        host = urlsplit(str(data.get("base_url") or "")).hostname
    except ValueError:  # not an address at all: validate says so
        host = None
    lines = (_read(path) or "").splitlines(keepends=True)
    after = data.lc.key("base_url")[0] + 1 if host else 0  # the new lines go below base_url's line…
    if not host or str(data["base_url"]) not in lines[after - 1]:  # …which must hold its whole value
        outcome.todo.append(Note(f"{root.name}/site.yml", 1, "thêm id_authority (tên miền của cơ quan khi trang ra "
                                 "mắt, ví dụ laichau.gov.vn) và id_date (ngày trang ra mắt, YYYY-MM-DD); không bao "
                                 "giờ sửa lại"))
        return
    day = _oldest_news(root)
    added = ["# Mã định danh cố định của tin và lịch (do «cchc upgrade» thêm): không bao giờ sửa hai dòng này, kể "
             "cả khi trang chuyển sang địa chỉ khác."]
    if "id_authority" not in data:
        added.append(f"id_authority: {host}")
    if "id_date" not in data:
        added.append(f"id_date: {(day or dt.datetime.now(TZ).date()).isoformat()}")
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    if not lines[after - 1].endswith(("\n", "\r")):
        lines[after - 1] += newline
    lines[after:after] = [text + newline for text in added]
    outcome.files[path] = "".join(lines)
    for offset, text in enumerate(added[1:], start=after + 2):
        key, value = text.split(": ", 1)
        why = f"máy chủ của base_url ({data['base_url']})" if key == "id_authority" else (
            "ngày của tin cũ nhất" if day else "hôm nay (chưa có tin nào)")
        outcome.changes.append(Note(f"{root.name}/site.yml", offset, f"thêm {key}: {value}, lấy từ {why}"))


def district_level(root: Path, outcome: Outcome) -> None:
    """0.2.0: local government has two levels since 1 July 2025; a procedure at ``huyện`` needs a person."""
    for path in sorted((root / "procedures").glob("*.yml")):
        if "huyện" not in (_read(path) or ""):  # most files: not worth a round-trip parse
            continue
        data = _load(path)
        levels = data.get("levels") if isinstance(data, dict) else None
        if not isinstance(levels, list) or "huyện" not in levels:
            continue
        line = levels.lc.item(levels.index("huyện"))[0] + 1 if hasattr(levels, "lc") else data.lc.key("levels")[0] + 1
        outcome.todo.append(Note(
            f"{root.name}/procedures/{path.name}", line,
            "cấp «huyện» không còn từ 01/07/2025 (chính quyền địa phương hai cấp): đối chiếu thủ tục với Cơ sở dữ liệu "
            "quốc gia về thủ tục hành chính, đổi cấp thành «tỉnh» hoặc «xã» và ghi ngày đối chiếu vào last_checked"))


def schema_files(root: Path, outcome: Outcome) -> None:
    """Every version: the JSON Schemas that ``cchc init`` wrote beside the content become this version's."""
    folder = root.resolve().parent / "schemas"
    if not (folder / "site.schema.json").is_file():
        return
    for kind in schemas.KINDS:
        path = folder / f"{kind}.schema.json"
        text = schemas.schema_text(kind)
        if _read(path) != text:
            outcome.files[path] = text
            outcome.changes.append(Note(f"schemas/{path.name}", 1, "ghi lược đồ JSON của phiên bản này"))


# A pinned wheel's address, as `cchc init` writes it: …/releases/download/v0.2.0/cchc_site-0.2.0-py3-none-any.whl
PINNED = re.compile(r"(/v)(\d+\.\d+\.\d+[\w.]*)(/cchc_site-)\2(-py3-none-any\.whl)")


def pinned_version(root: Path, outcome: Outcome) -> None:
    """Every version: the workflows and the Makefile that ``cchc init`` wrote install this version.

    Only the version in the wheel's address changes, so a repository that
    installs from a mirror of the releases keeps its mirror.
    """
    repo = root.resolve().parent
    version = resources.version()
    for path in [repo / "Makefile", *sorted((repo / ".github" / "workflows").glob("*.yml"))]:
        if "CCHC_SITE" not in (text := _read(path) or ""):
            continue
        lines = text.splitlines(keepends=True)
        for number, line in enumerate(lines, 1):
            found = PINNED.search(line) if "CCHC_SITE" in line else None
            if found and found[2] != version:
                lines[number - 1] = PINNED.sub(lambda m: f"{m[1]}{version}{m[3]}{version}{m[4]}", line)
                outcome.changes.append(Note(path.relative_to(repo).as_posix(), number,
                                            f"cài cchc {version} thay cho {found[2]}"))
        if "".join(lines) != text:
            outcome.files[path] = "".join(lines)


STEPS: list[Step] = [site_ids, district_level, schema_files, pinned_version]


# The steps that change files: what ``cchc validate`` asks about when content fails (steps that only say what a
# person must do would repeat what validate itself reports).
MECHANICAL: list[Step] = [site_ids, schema_files, pinned_version]


def upgrade(root: Path, write: bool, steps: list[Step] = STEPS) -> Outcome:
    """Run the steps on the content folder ``root``; write the changed files only when ``write``."""
    outcome = Outcome()
    for step in steps:
        step(root, outcome)
    if write:
        for path, text in outcome.files.items():
            path.write_bytes(text.encode("utf-8"))
    return outcome
