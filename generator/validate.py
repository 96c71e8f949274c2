"""Validate what the reader read, and gather it into one typed :class:`Content`.

Every file is checked against its model; then the checks that span files run
(codes unique, the main hotline exists...). Every problem becomes a
:class:`ContentError` naming file, line and field, and all of them are raised
together, so an editor fixes a pull request in one pass.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import datetime as dt
import re
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
    # where each value was written, for errors that span files (reader.Document.lines)
    lines: dict[tuple[Any, ...], int] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    def line_of(self, *loc: Any) -> int:
        """The line of a field, or line 1 when it is not written (what it defaults to comes from the file's name)."""
        return self.lines.get(loc, 1)


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
    # what is wrong, when the content was read to report every error at once (read(), not load())
    errors: list[ContentError] = dataclasses.field(default_factory=list)
    failed: list[Path] = dataclasses.field(default_factory=list)  # record files left out for their errors
    search: models.SearchAliases = dataclasses.field(default_factory=models.SearchAliases)  # search.yml

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
    """pydantic's "'a', 'b' or 'c'" as «a» (its meaning), «b» (…) hoặc «c» (…)."""
    values = re.findall(r"'([^']*)'", str(expected))
    shown = [f"«{v}» ({models.MEANINGS[v]})" if v in models.MEANINGS else f"«{v}»" for v in values]
    return ", ".join(shown[:-1]) + f" hoặc {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _form(pattern: object) -> str:
    """An expected form in words, never as a regular expression."""
    return models.PATTERN_FORMS.get(str(pattern), "không đúng dạng yêu cầu")


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda c: "thiếu trường bắt buộc này; hãy thêm nó vào",
    "extra_forbidden": lambda c: "trường này không có trong mẫu; kiểm tra lỗi chính tả tên trường hoặc xóa nó",
    "string_type": lambda c: "cần một đoạn văn bản",
    "string_too_short": lambda c: "không được để trống",
    "string_too_long": lambda c: f"dài quá {c.get('max_length')} ký tự; hãy rút gọn",
    "string_pattern_mismatch": lambda c: f"cần {_form(c.get('pattern'))}",
    "int_parsing": lambda c: "cần một số nguyên",
    "int_type": lambda c: "cần một số nguyên",
    "int_from_float": lambda c: "cần một số nguyên",
    "float_parsing": lambda c: "cần một con số (dùng dấu chấm thập phân, ví dụ 84.5)",
    "float_type": lambda c: "cần một con số",
    "bool_parsing": lambda c: "cần true (có) hoặc false (không)",
    "bool_type": lambda c: "cần true (có) hoặc false (không)",
    "date_parsing": lambda c: "ngày không hợp lệ; viết theo dạng dd/mm/yyyy hoặc YYYY-MM-DD, ví dụ 15/03/2024",
    "date_from_datetime_parsing": lambda c: "ngày không hợp lệ hoặc không có thật; viết theo dạng "
                                            "dd/mm/yyyy hoặc YYYY-MM-DD, ví dụ 15/03/2024",
    "date_from_datetime_inexact": lambda c: "chỉ ghi ngày, không ghi giờ",
    "date_type": lambda c: "cần một ngày, ví dụ 15/03/2024",
    "datetime_parsing": lambda c: "ngày giờ không hợp lệ; viết theo dạng 2024-03-15T09:00:00+07:00",
    "datetime_from_date_parsing": lambda c: "ngày giờ không hợp lệ hoặc không có thật; viết theo dạng "
                                            "2024-03-15T09:00:00+07:00",
    "datetime_type": lambda c: "cần ngày giờ dạng 2024-03-15T09:00:00+07:00",
    "greater_than_equal": lambda c: f"phải lớn hơn hoặc bằng {c.get('ge')}",
    "less_than_equal": lambda c: f"phải nhỏ hơn hoặc bằng {c.get('le')}",
    "too_short": lambda c: f"cần ít nhất {c.get('min_length')} mục",
    "too_long": lambda c: f"nhiều quá {c.get('max_length')} mục",
    "list_type": lambda c: "cần một danh sách (mỗi mục một dòng bắt đầu bằng «- »)",
    "model_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "dict_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "model_attributes_type": lambda c: "cần một nhóm trường «tên: giá trị»",
    "url_parsing": lambda c: "không phải địa chỉ web hợp lệ; viết đầy đủ, ví dụ https://dichvucong.gov.vn/",
    "url_scheme": lambda c: "địa chỉ web phải bắt đầu bằng http:// hoặc https://",
    "url_too_long": lambda c: f"địa chỉ web dài quá {c.get('max_length')} ký tự",
    "enum": lambda c: f"giá trị không hợp lệ; chỉ chấp nhận: {_choices(c.get('expected'))}",
    "literal_error": lambda c: f"giá trị không hợp lệ; chỉ chấp nhận: {_choices(c.get('expected'))}",
    "union_tag_invalid": lambda c: f"loại «{c.get('tag')}» không hợp lệ; chỉ chấp nhận: "
                                   f"{_choices(c.get('expected_tags'))}",
    "union_tag_not_found": lambda c: f"thiếu trường «{c.get('discriminator')}» cho biết loại",
}

# Errors that are clearer with the value the editor wrote in front of them.
_QUOTE_VALUE = {"enum", "literal_error", "date_from_datetime_parsing", "datetime_from_date_parsing", "date_parsing",
                "datetime_parsing", "int_parsing", "float_parsing", "bool_parsing", "string_pattern_mismatch",
                "url_parsing", "url_scheme"}


def _message(err: dict[str, Any], value: Any, known: list[tuple[str, str | None]]) -> str:
    if err["type"] == "value_error":
        return str(err["ctx"]["error"])
    if err["type"] == "string_type" and isinstance(value, (bool, int, float)):
        read_as = "đúng/sai (true/false)" if isinstance(value, bool) else "một con số"
        return (f"«{value}» được đọc thành {read_as}, nhưng trường này cần văn bản; hãy đặt giá trị trong "
                "dấu ngoặc kép, ví dụ \"1.001193\" hoặc \"Không\"")
    text = _MESSAGES.get(err["type"], lambda c: "giá trị không hợp lệ")(err.get("ctx") or {})
    if err["type"] == "extra_forbidden":
        guess = _did_you_mean(str(err["loc"][-1]), known)
        text += f". Có phải ý bạn là «{guess}»?" if guess else ""
    if err["type"] in _QUOTE_VALUE:
        text = f"«{_short(value)}»: {text}"
    return text


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _did_you_mean(key: str, known: list[tuple[str, str | None]]) -> str | None:
    """The known field an unknown key most likely meant, by its name or its Vietnamese title."""
    names = {name: name for name, _ in known}
    names.update({slugify(title).replace("-", "_"): name for name, title in known if title})
    match = difflib.get_close_matches(slugify(key).replace("-", "_"), list(names), n=1, cutoff=0.6)
    return names[match[0]] if match else None


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


@dataclasses.dataclass
class _Place:
    """Where a validation error is: the path in the file, its name for an editor, the value there."""

    path: tuple[Any, ...]
    name: str
    value: Any
    known: list[tuple[str, str | None]]  # (field, title) of the model the last part belongs to


def _locate(model: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> _Place:
    """Follow pydantic's ``loc`` through the data.

    The name is made of the fields' Vietnamese titles, with the keys in
    brackets: «kênh liên hệ thứ 1 › giá trị (channels[0].value)». Parts of
    ``loc`` that are not in the data (a union's tag) are skipped.
    """
    path: list[Any] = []
    words: list[str] = []
    annotation: Any = model
    value = data
    known: list[tuple[str, str | None]] = []
    for part in loc:
        cls = _unwrap(annotation, value)
        if isinstance(part, str) and cls is not None and part in cls.model_fields:
            info = cls.model_fields[part]
            known = [(n, f.title) for n, f in cls.model_fields.items()]
            words.append(info.title or part)
            path.append(part)
            value = value.get(part) if isinstance(value, dict) else None
            annotation = info.annotation
        elif isinstance(part, str) and isinstance(value, dict) and part in value:
            # a key the model does not know: name it as the editor wrote it
            known = [(n, f.title) for n, f in cls.model_fields.items()] if cls is not None else []
            words.append(part)
            path.append(part)
            value = value[part]
            annotation = None
        elif isinstance(part, int) and isinstance(value, list) and part < len(value):
            path.append(part)
            words[-1:] = [f"{words[-1] if words else 'mục'} thứ {part + 1}"]
            value = value[part]
            annotation = _element(annotation)
        # else: a union tag or validator marker; it names no place in the file
    dotted = reader.dotted(tuple(path))
    spoken = " › ".join(words)
    name = spoken if spoken == dotted else f"{spoken} ({dotted})" if dotted else spoken
    return _Place(tuple(path), name, value, known)


def _check(doc: reader.Document, model: type[M], data: Any, errors: list[ContentError]) -> M | None:
    """Validate ``data`` against ``model``; turn each failure into a ContentError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            place = _locate(model, data, err["loc"])
            errors.append(ContentError(doc.path, doc.line_of(place.path), place.name,
                                       _message(err, place.value, place.known), err["msg"]))
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


def _sanitiser_findings(path: Path, texts: Iterable[tuple[int, str]]) -> tuple[list[ContentError], list[ContentError]]:
    """(errors, warnings): an unsafe link is an error; any other HTML the sanitiser removes, a warning."""
    errors, warnings = [], []
    for first_line, text in texts:
        for removal in markup.render(text).removals:
            found = ContentError(path, first_line + removal.offset_line, "", removal.what)
            (errors if removal.unsafe_link else warnings).append(found)
    return errors, warnings


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
    if doc.body is not None and len(doc.body) > models.MAX_MARKDOWN:
        errors.append(ContentError(path, doc.body_line, "", f"phần nội dung dài {len(doc.body):,} ký tự, quá mức "
                                   f"{models.MAX_MARKDOWN:,} ký tự; hãy rút gọn hoặc chia thành nhiều tin".replace(",", ".")))
    record = _check(doc, model, doc.data, errors)
    if record is None:
        return None, errors, []
    # the lines of top-level fields (and one level below) are all that checks across files need
    lines = {loc: line for loc, line in doc.lines.items() if len(loc) <= 2}
    entry = Entry(stem, path, record, doc.body, doc.body_line, lines)
    unsafe, warnings = _sanitiser_findings(path, _markdown_texts(entry, doc))
    return entry, errors + unsafe, warnings


# The folders of records: the files' suffix and model.
RECORD_FOLDERS: dict[str, tuple[str, type[models.Model]]] = {
    "plans": (".yml", models.Plan), "hotlines": (".yml", models.Hotline),
    "procedures": (".yml", models.Procedure), "news": (".md", models.NewsMeta), "pages": (".md", models.PageMeta),
}


# Everything else a content folder may hold: files of their own, the assets copied as they are, notes.
OTHER_ENTRIES = {"site.yml", "indices.yml", "search.yml", "assets", "README.md"}


def _unread(root: Path) -> list[ContentError]:
    """One error per file that no reader would read: it would never be published, and nobody would know.

    A news item saved as ``.markdown``, a procedure as ``.yaml``, a file in a
    sub-folder of news/ or a folder named ``tin-tuc/`` would otherwise simply
    not appear. Hidden files (``.gitkeep``) are left alone.
    """
    found = []
    for entry in sorted(root.iterdir()):
        name = entry.name
        if name.startswith(".") or name in OTHER_ENTRIES or entry.is_symlink():
            continue
        if name not in RECORD_FOLDERS or not entry.is_dir():
            allowed = ", ".join(sorted(f"{f}/" for f in RECORD_FOLDERS) + sorted(OTHER_ENTRIES - {"README.md"}))
            found.append(ContentError(Path(name), 1, "", f"«{name}» không thuộc loại nội dung nào nên sẽ không được "
                                      f"đăng; thư mục nội dung chỉ gồm: {allowed}"))
            continue
        suffix = RECORD_FOLDERS[name][0]
        for item in sorted(entry.iterdir()):
            if item.name.startswith(".") or item.is_symlink() or (item.is_file() and item.name.endswith(suffix)):
                continue
            what = "thư mục con" if item.is_dir() else "tệp"
            found.append(ContentError(item.relative_to(root), 1, "", f"{what} «{item.name}» sẽ không được đọc: "
                                      f"{name}/ chỉ gồm các tệp đuôi {suffix}, đặt thẳng trong thư mục"))
    return found


def read_record(root: Path, path: Path) -> Checked:
    """Read and check one record file, whose folder says what it is."""
    folder = path.parts[0]
    suffix, model = RECORD_FOLDERS[folder]
    return _read_entry(root, path, folder, suffix, model)


def _entries(root: Path, folder: str, errors: list[ContentError], warnings: list[ContentError],
             failed: list[Path], cache: FileCache | None = None) -> list[Entry[Any]]:
    """The valid records of one folder; the files with errors go to ``failed``."""
    entries: list[Entry[Any]] = []
    for path in reader.list_files(root, folder, RECORD_FOLDERS[folder][0]):
        entry, found, warned = _cached(cache, root, path, lambda p=path: read_record(root, p))
        errors.extend(found)
        warnings.extend(warned)
        if entry is not None and not found:
            entries.append(entry)
        else:
            failed.append(path)
    return entries


def _read_single(root: Path, name: str, model: type[M]) -> Checked:
    errors: list[ContentError] = []
    doc = reader.read_yaml(root, Path(name), errors)
    if doc is not None and not isinstance(doc.data, dict):
        errors.append(ContentError(Path(name), 1, "", "tệp phải gồm các cặp «trường: giá trị»"))
        return (None, None), errors, []
    return ((None, None) if doc is None else (_check(doc, model, doc.data, errors), doc)), errors, []


def _single(root: Path, name: str, model: type[M], errors: list[ContentError], required: bool,
            cache: FileCache | None = None) -> tuple[M | None, reader.Document | None]:
    """A file of its own (site.yml, indices.yml): its record and where its values are."""
    if not (root / name).is_file() or (root / name).is_symlink():
        if required and not (root / name).is_symlink():
            errors.append(ContentError(Path(name), 1, "", f"thiếu tệp {name} trong thư mục nội dung"))
        return None, None
    record, found, _ = _cached(cache, root, Path(name), lambda: _read_single(root, name, model))
    errors.extend(found)
    return record


def _duplicate_codes(procedures: list[Entry[models.Procedure]], errors: list[ContentError]
                     ) -> list[Entry[models.Procedure]]:
    """Each code in one file only, named after it; a duplicate is reported in every file and left out."""
    by_code: dict[str, list[Entry[models.Procedure]]] = {}
    for entry in procedures:
        by_code.setdefault(entry.model.code, []).append(entry)
        if entry.id != entry.model.code:
            errors.append(ContentError(entry.source, entry.line_of("code"), "mã thủ tục (code)",
                                       f"tên tệp phải là mã thủ tục: đổi tên thành «{entry.model.code}.yml»"))
    for code, group in by_code.items():
        if len(group) > 1:
            _conflict(group, "code", "mã thủ tục (code)", f"mã thủ tục «{code}» được dùng ở nhiều tệp; mỗi thủ tục "
                      "chỉ có một tệp", errors)
    return [e for e in procedures if len(by_code[e.model.code]) == 1]


def _conflict(entries: list[Entry[Any]], key: str, field: str, message: str, errors: list[ContentError]) -> None:
    """One error in each file of a conflict, at its own line, naming the others with theirs."""
    for entry in entries:
        others = ", ".join(f"{o.source.as_posix()}:{o.line_of(key)}" for o in entries if o is not entry)
        errors.append(ContentError(entry.source, entry.line_of(key), field, f"{message} (cùng với {others})"))


def _cross_checks(site: models.Site | None, site_doc: reader.Document | None, hotlines: list[Entry[models.Hotline]],
                  hotline_files: set[str], news: list[Entry[models.NewsMeta]], errors: list[ContentError]) -> None:
    """Checks that need more than one file; each error is at the line to change, in every file involved."""
    mains = [h for h in hotlines if h.model.main]
    if len(mains) > 1:
        _conflict(mains, "main", "đường dây chính (main)", "chỉ một đường dây nóng được đặt main: true", errors)
    if site is not None and hotline_files and site.main_hotline not in hotline_files:
        line = site_doc.line_of(("main_hotline",)) if site_doc else 1
        close = difflib.get_close_matches(site.main_hotline, sorted(hotline_files), n=1)
        errors.append(ContentError(Path("site.yml"), line, "đường dây nóng chính (main_hotline)",
                                   f"không có tệp hotlines/{site.main_hotline}.yml"
                                   + (f". Có phải ý bạn là «{close[0]}»?" if close else "")))
    by_id: dict[str, list[Entry[models.NewsMeta]]] = {}
    for item in news:
        by_id.setdefault(item.model.id or item.id, []).append(item)
    for news_id, group in by_id.items():
        if len(group) > 1:
            _conflict(group, "id", "mã định danh cố định (id)", f"mã định danh «{news_id}» trùng nhau; mỗi tin cần "
                      "một mã riêng, nếu không người theo dõi nguồn cấp sẽ mất tin", errors)


def _check_images(root: Path, news: list[Entry[models.NewsMeta]], site: models.Site | None,
                  site_doc: reader.Document | None, errors: list[ContentError]) -> set[Path]:
    """An image named in content must be a real file, or the page would show a broken picture.

    Returns the files that name a missing image: they cannot be rendered.
    """
    wanted = [(n.source, n.line_of("image", "src"), "ảnh › đường dẫn ảnh (image.src)", n.model.image.src)
              for n in news if n.model.image]
    if site is not None and site.logo:
        wanted.append((Path("site.yml"), site_doc.line_of(("logo",)) if site_doc else 1, "biểu trưng (logo)",
                       site.logo))
    missing = set()
    for source, line, field, src in wanted:
        if not (root / src).is_file() or (root / src).is_symlink():
            missing.add(source)
            errors.append(ContentError(source, line, field, f"không có tệp ảnh «{src}» trong thư mục nội dung; "
                                       "hãy tải ảnh lên thư mục assets/ và ghi đúng đường dẫn"))
    return missing


def _published(news: list[Entry[models.NewsMeta]], now: dt.datetime) -> list[Entry[models.NewsMeta]]:
    """Drafts never, future-dated items only once their time has come (the nightly build publishes them)."""
    return [n for n in news if not n.model.draft and n.model.date <= now]


def read(root: Path, now: dt.datetime | None = None, cache: FileCache | None = None) -> Content:
    """Read and check the content folder at ``root``, keeping what is valid and recording every error.

    Files with errors are left out (``Content.failed``), so the rest can still
    be rendered and its links checked: an editor sees every error in one run.
    Only when nothing can be rendered (no valid site.yml, no main hotline) are
    the errors raised at once. ``now`` decides which dated news items are
    published; it defaults to the current time.
    """
    if not root.is_dir():
        raise ContentErrors([ContentError(root, 1, "", "không tìm thấy thư mục nội dung")])
    errors: list[ContentError] = reader.symlinks(root) + _unread(root)
    warnings: list[ContentError] = []
    site, site_doc = _single(root, "site.yml", models.Site, errors, True, cache)
    indices = _single(root, "indices.yml", models.Indices, errors, False, cache)[0] or models.Indices()
    aliases = _single(root, "search.yml", models.SearchAliases, errors, False, cache)[0] or models.SearchAliases()
    failed: list[Path] = []
    kinds = {folder: _entries(root, folder, errors, warnings, failed, cache) for folder in RECORD_FOLDERS}
    news = sorted(kinds["news"], key=lambda n: (n.model.date, n.id), reverse=True)  # newest first, ties by id
    hotline_files = {p.stem for p in reader.list_files(root, "hotlines", ".yml")}
    if not hotline_files:
        errors.append(ContentError(Path("hotlines"), 1, "", "cần ít nhất một đường dây nóng trong hotlines/"))
    procedures = _duplicate_codes(kinds["procedures"], errors)
    _cross_checks(site, site_doc, kinds["hotlines"], hotline_files, news, errors)
    unrenderable = _check_images(root, news, site, site_doc, errors)
    failed += sorted(unrenderable)
    news = [n for n in news if n.source not in unrenderable]
    site_broken = any(e.path == Path("site.yml") for e in errors)
    if site is None or site_broken or site.main_hotline not in {h.id for h in kinds["hotlines"]}:
        raise ContentErrors(errors)  # nothing can be rendered without the site's own settings
    return Content(root, site, kinds["plans"], kinds["hotlines"], procedures,
                   _published(news, now or dt.datetime.now(TZ)), kinds["pages"], indices,
                   sorted(set(warnings)), sorted(set(errors)), failed, aliases)


def load(root: Path, now: dt.datetime | None = None, cache: FileCache | None = None) -> Content:
    """Read and validate the content folder at ``root``; raise ContentErrors on any problem."""
    content = read(root, now, cache)
    if content.errors:
        raise ContentErrors(content.errors)
    return content
