"""Validate what the reader read, and gather it into one typed :class:`Content`.

Every file is checked against its model; then the checks that span files run
(codes unique, the main hotline exists...). Every problem becomes a
:class:`ContentError` naming file, line and field, and all of them are raised
together, so an editor fixes a pull request in one pass.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from . import markup, models, reader
from .errors import ContentError, ContentErrors
from .vietnamese import TZ, slugify

M = TypeVar("M", bound=BaseModel)


@dataclasses.dataclass(frozen=True)
class Entry(Generic[M]):
    """One validated record and where it came from."""

    id: str          # the file's stem: the record's identity and URL slug
    source: Path     # relative to the content folder
    model: M
    body: str | None = None
    body_line: int = 1


@dataclasses.dataclass
class Content:
    """Everything in a content folder, validated and ready to render."""

    root: Path
    site: models.Site
    plans: list[Entry[models.Plan]]
    hotlines: list[Entry[models.Hotline]]
    procedures: list[Entry[models.Procedure]]
    news: list[Entry[models.NewsMeta]]
    pages: list[Entry[models.PageMeta]]
    indices: models.Indices
    warnings: list[ContentError] = dataclasses.field(default_factory=list)

    @property
    def main_hotline(self) -> Entry[models.Hotline]:
        return next(h for h in self.hotlines if h.id == self.site.main_hotline)

    def newest_date(self) -> dt.date:
        """The newest date anywhere in the content: the fallback 'last updated'.

        It depends only on the content, so builds stay reproducible.
        """
        return self._newest_date

    @functools.cached_property
    def _newest_date(self) -> dt.date:
        dates = [n.model.date.astimezone(TZ).date() for n in self.news]
        dates += [p.model.last_checked for p in self.procedures]
        dates += [h.model.last_verified for h in self.hotlines]
        dates += [p.model.updated or p.model.date for p in self.plans if p.model.updated or p.model.date]
        return max(dates, default=dt.date(2000, 1, 1))


# --------------------------------------------------------------------------- messages

def _choices(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'", in Vietnamese."""
    return str(expected).replace(" or ", " hoặc ")


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda c: "thiếu trường bắt buộc này; hãy thêm nó vào",
    "extra_forbidden": lambda c: "trường này không có trong mẫu; kiểm tra lỗi chính tả tên trường hoặc xóa nó",
    "string_type": lambda c: "cần một đoạn văn bản",
    "string_too_short": lambda c: "không được để trống",
    "string_pattern_mismatch": lambda c: f"không đúng dạng yêu cầu (mẫu: {c.get('pattern')})",
    "int_parsing": lambda c: "cần một số nguyên",
    "int_type": lambda c: "cần một số nguyên",
    "int_from_float": lambda c: "cần một số nguyên",
    "float_parsing": lambda c: "cần một con số (dùng dấu chấm thập phân, ví dụ 84.5)",
    "float_type": lambda c: "cần một con số",
    "bool_parsing": lambda c: "cần true hoặc false",
    "bool_type": lambda c: "cần true hoặc false",
    "date_parsing": lambda c: "ngày không hợp lệ; viết theo dạng YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2024-03-15",
    "date_from_datetime_parsing": lambda c: "ngày không hợp lệ hoặc không có thật; viết theo dạng "
                                            "YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2024-03-15",
    "date_from_datetime_inexact": lambda c: "chỉ ghi ngày, không ghi giờ",
    "date_type": lambda c: "cần một ngày dạng YYYY-MM-DD",
    "datetime_parsing": lambda c: "ngày giờ không hợp lệ; viết theo dạng 2024-03-15T09:00:00+07:00",
    "datetime_from_date_parsing": lambda c: "ngày giờ không hợp lệ hoặc không có thật; viết theo dạng "
                                            "2024-03-15T09:00:00+07:00",
    "datetime_type": lambda c: "cần ngày giờ dạng 2024-03-15T09:00:00+07:00",
    "greater_than_equal": lambda c: f"phải lớn hơn hoặc bằng {c.get('ge')}",
    "less_than_equal": lambda c: f"phải nhỏ hơn hoặc bằng {c.get('le')}",
    "too_short": lambda c: f"cần ít nhất {c.get('min_length')} mục",
    "list_type": lambda c: "cần một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "model_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "dict_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "model_attributes_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "url_parsing": lambda c: "không phải địa chỉ web hợp lệ (bắt đầu bằng https://)",
    "url_scheme": lambda c: "địa chỉ web phải bắt đầu bằng http:// hoặc https://",
    "enum": lambda c: f"giá trị không hợp lệ; chỉ chấp nhận: {_choices(c.get('expected'))}",
    "literal_error": lambda c: f"giá trị không hợp lệ; chỉ chấp nhận: {_choices(c.get('expected'))}",
    "union_tag_invalid": lambda c: f"loại «{c.get('tag')}» không hợp lệ; chỉ chấp nhận: "
                                   f"{_choices(c.get('expected_tags'))}",
    "union_tag_not_found": lambda c: f"thiếu trường «{c.get('discriminator')}» cho biết loại",
}


def _message(err: dict[str, Any], value: Any) -> str:
    if err["type"] == "value_error":
        return str(err["ctx"]["error"])
    if err["type"] == "string_type" and isinstance(value, (int, float)):
        return (f"«{value}» được đọc thành một con số, nhưng trường này cần văn bản; hãy đặt giá trị trong "
                "dấu ngoặc kép, ví dụ \"1.001193\" hoặc \"07:30\"")
    text = _MESSAGES.get(err["type"], lambda c: err["msg"])(err.get("ctx") or {})
    if err["type"] in ("enum", "literal_error", "date_from_datetime_parsing", "datetime_from_date_parsing",
                       "date_parsing", "int_parsing", "float_parsing", "bool_parsing"):
        text = f"«{value}»: {text}"
    return text


def _unwrap(annotation: Any, data: Any) -> type[BaseModel] | None:
    """The model class behind a field's annotation, for the data at hand."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0], data)
    if origin in (list, tuple):
        return _unwrap(typing.get_args(annotation)[0], data)
    if origin in (typing.Union, types.UnionType):
        candidates = [c for a in typing.get_args(annotation) if (c := _unwrap(a, data))]
        for cls in candidates:
            kind = cls.model_fields.get("kind")
            if kind is None or (isinstance(data, dict) and data.get("kind") in typing.get_args(kind.annotation)):
                return cls
        return candidates[0] if candidates else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _element(annotation: Any) -> Any:
    """The item annotation of a (possibly optional) list annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _element(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        lists = [a for a in typing.get_args(annotation) if typing.get_origin(a) is list]
        return _element(lists[0]) if lists else annotation
    if origin is list:
        return typing.get_args(annotation)[0]
    return annotation


def _locate(model: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str, Any]:
    """Follow pydantic's ``loc`` through the data.

    Returns the path that exists in the file, the field's display name
    (path plus its Vietnamese title) and the offending value. Parts of ``loc``
    that are not in the data (a union's tag) are skipped.
    """
    path: list[Any] = []
    annotation: Any = model
    title = ""
    value = data
    for part in loc:
        cls = _unwrap(annotation, value)
        if isinstance(part, str) and cls is not None and part in cls.model_fields:
            info = cls.model_fields[part]
            title = info.title or part
            path.append(part)
            value = value.get(part) if isinstance(value, dict) else None
            annotation = info.annotation
        elif isinstance(part, str) and isinstance(value, dict) and part in value:
            # a key the model does not know: name it as the editor wrote it
            path.append(part)
            title = part
            value = value[part]
            annotation = None
        elif isinstance(part, int) and isinstance(value, list) and part < len(value):
            path.append(part)
            value = value[part]
            annotation = _element(annotation)
        # else: a union tag or validator marker; it names no place in the file
    dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    name = f"{dotted} ({title})" if title and title != dotted.split(".")[-1] else dotted
    return tuple(path), name, value


def _check(doc: reader.Document, model: type[M], data: Any, errors: list[ContentError]) -> M | None:
    """Validate ``data`` against ``model``; turn each failure into a ContentError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            path, name, value = _locate(model, data, err["loc"])
            line = doc.line_of(path)
            errors.append(ContentError(doc.path, line, name, _message(err, value)))
        return None


# --------------------------------------------------------------------------- markdown


def _markdown_fields(obj: BaseModel, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every Markdown text in a model, with its path (fields flagged models.MARKDOWN)."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if info.json_schema_extra == models.MARKDOWN and isinstance(item, str):
                yield here, item
            elif isinstance(item, BaseModel):
                yield from _markdown_fields(item, here)


def _sanitiser_warnings(path: Path, texts: Iterable[tuple[int, str]]) -> list[ContentError]:
    """One warning for each piece of HTML the sanitiser removes, at its line."""
    found = []
    for first_line, text in texts:
        for removal in markup.render(text).removals:
            found.append(ContentError(path, first_line + removal.offset_line, "", removal.what))
    return found


def _markdown_texts(entry: Entry[Any], doc: reader.Document) -> list[tuple[int, str]]:
    """(first line, text) of every Markdown text in one file, body included."""
    texts = []
    for loc, text in _markdown_fields(entry.model):
        # a multi-line block scalar ("key: |") starts on the line after its key
        texts.append((doc.line_of(loc) + (1 if "\n" in text.strip() else 0), text))
    if entry.body is not None:
        texts.append((entry.body_line, entry.body))
    return texts


# --------------------------------------------------------------------------- per kind


class FileCache:
    """What reading and checking each file gave, kept between live-preview rebuilds.

    A file whose modification time and size are unchanged is not read again, so
    an edit costs the parsing of one file, not of the whole folder; the
    unchanged records stay the same objects, which lets rendering reuse pages.
    """

    def __init__(self) -> None:
        self._results: dict[Path, tuple[tuple[int, int], Any]] = {}

    def get(self, root: Path, path: Path, compute: Callable[[], Any]) -> Any:
        stat = (root / path).stat()
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self._results.get(path)
        if hit is None or hit[0] != key:
            hit = (key, compute())
            self._results[path] = hit
        return hit[1]


Checked = tuple[Any, list[ContentError], list[ContentError]]  # (record or None, errors, warnings)


def _cached(cache: FileCache | None, root: Path, path: Path, compute: Callable[[], Checked]) -> Checked:
    return cache.get(root, path, compute) if cache is not None else compute()


def _read_entry(root: Path, path: Path, folder: str, suffix: str, model: type[M]) -> Checked:
    """Read and check one file of a folder of records."""
    errors: list[ContentError] = []
    read = reader.read_markdown if suffix == ".md" else reader.read_yaml
    doc = read(root, path, errors)
    if doc is None:
        return None, errors, []
    stem = path.name[: -len(suffix)]
    if folder != "procedures" and slugify(stem) != stem:
        errors.append(ContentError(path, 1, "", f"tên tệp «{path.name}» phải viết không dấu, chữ thường, "
                                   f"nối bằng dấu gạch ngang, ví dụ «{slugify(stem)}{suffix}»"))
    if not isinstance(doc.data, dict):
        errors.append(ContentError(path, 1, "", "tệp phải gồm các cặp «trường: giá trị»"))
        return None, errors, []
    record = _check(doc, model, doc.data, errors)
    if record is None:
        return None, errors, []
    entry = Entry(stem, path, record, doc.body, doc.body_line)
    return entry, errors, _sanitiser_warnings(path, _markdown_texts(entry, doc))


# The folders of records: the files' suffix and model.
RECORD_FOLDERS: dict[str, tuple[str, type[models.Model]]] = {
    "plans": (".yml", models.Plan), "hotlines": (".yml", models.Hotline),
    "procedures": (".yml", models.Procedure), "news": (".md", models.NewsMeta), "pages": (".md", models.PageMeta),
}


def read_record(root: Path, path: Path) -> Checked:
    """Read and check one record file, whose folder says what it is."""
    folder = path.parts[0]
    suffix, model = RECORD_FOLDERS[folder]
    return _read_entry(root, path, folder, suffix, model)


def _entries(root: Path, folder: str, errors: list[ContentError], warnings: list[ContentError],
             cache: FileCache | None = None) -> list[Entry[Any]]:
    entries: list[Entry[Any]] = []
    for path in reader.list_files(root, folder, RECORD_FOLDERS[folder][0]):
        entry, found, warned = _cached(cache, root, path, lambda p=path: read_record(root, p))
        errors.extend(found)
        warnings.extend(warned)
        if entry is not None and not found:
            entries.append(entry)
    return entries


def _read_single(root: Path, name: str, model: type[M]) -> Checked:
    errors: list[ContentError] = []
    doc = reader.read_yaml(root, Path(name), errors)
    return (None if doc is None else _check(doc, model, doc.data, errors)), errors, []


def _single(root: Path, name: str, model: type[M], errors: list[ContentError], required: bool,
            cache: FileCache | None = None) -> M | None:
    if not (root / name).is_file():
        if required:
            errors.append(ContentError(Path(name), 1, "", f"thiếu tệp {name} trong thư mục nội dung"))
        return None
    record, found, _ = _cached(cache, root, Path(name), lambda: _read_single(root, name, model))
    errors.extend(found)
    return record


def _cross_checks(site: models.Site | None, hotlines: list[Entry[models.Hotline]], hotline_files: set[str],
                  procedures: list[Entry[models.Procedure]], news: list[Entry[models.NewsMeta]],
                  errors: list[ContentError]) -> None:
    """Checks that need more than one file."""
    seen: dict[str, Path] = {}
    for entry in procedures:
        code = entry.model.code
        if code in seen:
            errors.append(ContentError(entry.source, 1, "code (mã thủ tục)",
                                       f"mã thủ tục «{code}» trùng với tệp {seen[code].as_posix()}; "
                                       "mỗi thủ tục chỉ có một tệp"))
        seen.setdefault(code, entry.source)
        if entry.id != code:
            errors.append(ContentError(entry.source, 1, "code (mã thủ tục)",
                                       f"tên tệp phải là mã thủ tục: đổi tên thành «{code}.yml»"))
    mains = [h for h in hotlines if h.model.main]
    for extra in mains[1:]:
        errors.append(ContentError(extra.source, 1, "main", "chỉ một đường dây nóng được đặt main: true"))
    if site is not None and hotline_files and site.main_hotline not in hotline_files:
        errors.append(ContentError(Path("site.yml"), 1, "main_hotline",
                                   f"không có tệp hotlines/{site.main_hotline}.yml"))
    ids: dict[str, Path] = {}
    for item in news:
        news_id = item.model.id or item.id
        if news_id in ids:
            errors.append(ContentError(item.source, 1, "id", f"mã «{news_id}» trùng với {ids[news_id].as_posix()}"))
        ids.setdefault(news_id, item.source)


def _check_images(root: Path, news: list[Entry[models.NewsMeta]], site: models.Site | None,
                  errors: list[ContentError]) -> None:
    """An image named in content must exist, or the page would show a broken picture."""
    wanted = [(n.source, "image.src", n.model.image.src) for n in news if n.model.image]
    if site is not None and site.logo:
        wanted.append((Path("site.yml"), "logo", site.logo))
    for source, field, src in wanted:
        if not (root / src).is_file():
            errors.append(ContentError(source, 1, field, f"không có tệp ảnh «{src}» trong thư mục nội dung; "
                                       "hãy tải ảnh lên thư mục assets/ và ghi đúng đường dẫn"))


def _published(news: list[Entry[models.NewsMeta]], now: dt.datetime) -> list[Entry[models.NewsMeta]]:
    """Drafts never, future-dated items only once their time has come (the nightly build publishes them)."""
    return [n for n in news if not n.model.draft and n.model.date <= now]


def load(root: Path, now: dt.datetime | None = None, cache: FileCache | None = None) -> Content:
    """Read and validate the content folder at ``root``; raise ContentErrors on any problem.

    ``now`` decides which dated news items are published; it defaults to the current time.
    """
    errors: list[ContentError] = []
    warnings: list[ContentError] = []
    if not root.is_dir():
        raise ContentErrors([ContentError(root, 1, "", "không tìm thấy thư mục nội dung")])
    site = _single(root, "site.yml", models.Site, errors, True, cache)
    indices = _single(root, "indices.yml", models.Indices, errors, False, cache) or models.Indices()
    plans = _entries(root, "plans", errors, warnings, cache)
    hotlines = _entries(root, "hotlines", errors, warnings, cache)
    procedures = _entries(root, "procedures", errors, warnings, cache)
    news = sorted(_entries(root, "news", errors, warnings, cache),
                  key=lambda n: (n.model.date, n.id), reverse=True)  # newest first, ties by id
    pages = _entries(root, "pages", errors, warnings, cache)
    if not hotlines:
        errors.append(ContentError(Path("hotlines"), 1, "", "cần ít nhất một đường dây nóng trong hotlines/"))
    hotline_files = {p.stem for p in reader.list_files(root, "hotlines", ".yml")}
    _cross_checks(site, hotlines, hotline_files, procedures, news, errors)
    _check_images(root, news, site, errors)
    if errors or site is None:
        raise ContentErrors(errors)
    news = _published(news, now or dt.datetime.now(TZ))
    return Content(root, site, plans, hotlines, procedures, news, pages, indices, sorted(set(warnings)))
