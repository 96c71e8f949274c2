"""Check one file against its model, and say what is wrong in an editor's words.

pydantic finds what is wrong; this module says where (file, line, and the
field's Vietnamese name with its key) and what to do, in plain Vietnamese.
Every kind's files are read and checked here, the same way.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import fields, markup, reader
from .content import Entry
from .errors import ContentError
from .vietnamese import slugify

M = TypeVar("M", bound=BaseModel)


# --------------------------------------------------------------------------- messages

def _choices(expected: object) -> str:
    """pydantic's "'a', 'b' or 'c'" as «a» (its meaning), «b» (…) hoặc «c» (…)."""
    values = re.findall(r"'([^']*)'", str(expected))
    shown = [f"«{v}» ({fields.MEANINGS[v]})" if v in fields.MEANINGS else f"«{v}»" for v in values]
    return ", ".join(shown[:-1]) + f" hoặc {shown[-1]}" if len(shown) > 1 else "".join(shown)


def _form(pattern: object) -> str:
    """An expected form in words, never as a regular expression."""
    return fields.PATTERN_FORMS.get(str(pattern), "đúng dạng yêu cầu")


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


def field_name(record: BaseModel, loc: tuple[Any, ...]) -> str:
    """A value's name for an editor, as validation errors give it: «mục thứ 3 › tình trạng (entries[2].status)».

    For the checks across files, which find a problem in a record already validated.
    """
    return _locate(type(record), record.model_dump(), loc).name


def field_problems(model: type[BaseModel], name: str, value: Any) -> list[str]:
    """Why ``value`` cannot be the field ``name`` of ``model``, in an editor's words (none when it can).

    For ``cchc new``, which writes a value the editor typed into a new file:
    it is checked by the field itself, as ``cchc validate`` will check it.
    """
    info = model.model_fields[name]
    try:
        TypeAdapter(typing.Annotated[info.annotation, info]).validate_python(value)
    except ValidationError as exc:
        return [_message(err, value, []) for err in exc.errors(include_url=False)]
    return []


def check(doc: reader.Document, model: type[M], data: Any, errors: list[ContentError]) -> M | None:
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
    """Every Markdown text in a model, with its path (fields flagged fields.MARKDOWN)."""
    for name, info in type(obj).model_fields.items():
        value = getattr(obj, name)
        items = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if info.json_schema_extra == fields.MARKDOWN and isinstance(item, str):
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


# --------------------------------------------------------------------------- files


class FileCache:
    """What reading and checking each file gave, kept between live-preview rebuilds and from build to build.

    A file whose modification time and size are unchanged is not read again, so
    an edit costs the parsing of one file, not of the whole folder; the
    unchanged records stay the same objects, which lets rendering reuse pages.
    A build saves it (pipeline/build.py: ``Session``) after :meth:`seal` has
    kept each file's digest, since a fresh checkout gives every file a new
    modification time: a file whose time changed but whose bytes did not is
    not checked again either.
    """

    def __init__(self) -> None:
        self._results: dict[Path, tuple[tuple[int, int], Any]] = {}
        self._digests: dict[Path, str] = {}  # the bytes each result was made from (``seal``)
        self.checks: dict[str, Any] = {}  # what the scoped checks across files found (core.content.Checks.scoped)

    def get(self, root: Path, path: Path, compute: Callable[[], Any]) -> Any:
        stat = os.stat(f"{root}/{path}")  # no path object made: 5,000 files are looked at on every rebuild
        key = (stat.st_mtime_ns, stat.st_size)
        hit = self._results.get(path)
        if hit is not None and hit[0] != key and self._same_bytes(root, path):
            hit = self._results[path] = (key, hit[1])
        if hit is None or hit[0] != key:
            hit = (key, compute())
            self._results[path] = hit
            self._digests.pop(path, None)
        return hit[1]

    def _same_bytes(self, root: Path, path: Path) -> bool:
        known = self._digests.get(path)
        return known is not None and known == _digest(f"{root}/{path}")

    def seal(self, root: Path) -> None:
        """Keep the digest of every file as it was read; forget the results of files changed since."""
        for path, (key, _) in list(self._results.items()):
            try:
                stat = os.stat(f"{root}/{path}")
            except OSError:
                stat = None
            if stat is None or (stat.st_mtime_ns, stat.st_size) != key:
                del self._results[path]
                self._digests.pop(path, None)
            elif path not in self._digests:
                self._digests[path] = _digest(f"{root}/{path}")


def _digest(file: str) -> str:
    with open(file, "rb") as read:
        return hashlib.sha256(read.read()).hexdigest()


Checked = tuple[Any, list[ContentError], list[ContentError]]  # (record or None, errors, warnings)


def cached(cache: FileCache | None, root: Path, path: Path, compute: Callable[[], Checked]) -> Checked:
    return cache.get(root, path, compute) if cache is not None else compute()


def read_entry(root: Path, path: Path, suffix: str, model: type[M], ascii_name: bool = True,
               line_depth: int | None = 2) -> Checked:
    """Read and check one file of a folder of records.

    ``ascii_name``: the file's name must be a slug (a procedure is named by its code instead).
    ``line_depth``: how deep the lines of values are kept for checks across files (None: all).
    """
    errors: list[ContentError] = []
    read = reader.read_markdown if suffix == ".md" else reader.read_yaml
    doc = read(root, path, errors)
    if doc is None:
        return None, errors, []
    stem = path.name[: -len(suffix)]
    if ascii_name and slugify(stem) != stem:
        errors.append(ContentError(path, 1, "", f"tên tệp «{path.name}» phải viết không dấu, chữ thường, "
                                   f"nối bằng dấu gạch ngang, ví dụ «{slugify(stem)}{suffix}»"))
    if not isinstance(doc.data, dict):
        errors.append(ContentError(path, 1, "", "tệp phải gồm các cặp «trường: giá trị»"))
        return None, errors, []
    if doc.body is not None and len(doc.body) > fields.MAX_MARKDOWN:
        errors.append(ContentError(path, doc.body_line, "", f"phần nội dung dài {len(doc.body):,} ký tự, quá mức "
                                   f"{fields.MAX_MARKDOWN:,} ký tự; hãy rút gọn hoặc chia thành nhiều tin".replace(",", ".")))
    record = check(doc, model, doc.data, errors)
    if record is None:
        return None, errors, []
    # most kinds' checks across files need only the lines of top-level fields and one level below: at
    # province scale, keeping every line of 5,000 records costs memory for nothing
    lines = {loc: line for loc, line in doc.lines.items() if line_depth is None or len(loc) <= line_depth}
    entry = Entry(stem, path, record, doc.body, doc.body_line, lines)
    unsafe, warnings = _sanitiser_findings(path, _markdown_texts(entry, doc))
    return entry, errors + unsafe, warnings


def read_single(root: Path, name: str, model: type[M]) -> Checked:
    errors: list[ContentError] = []
    doc = reader.read_yaml(root, Path(name), errors)
    if doc is not None and not isinstance(doc.data, dict):
        errors.append(ContentError(Path(name), 1, "", "tệp phải gồm các cặp «trường: giá trị»"))
        return (None, None), errors, []
    return ((None, None) if doc is None else (check(doc, model, doc.data, errors), doc)), errors, []


def conflict(entries: list[Entry[Any]], key: str, field: str, message: str, errors: list[ContentError]) -> None:
    """One error in each file of a conflict, at its own line, naming the others with theirs."""
    for entry in entries:
        others = ", ".join(f"{o.source.as_posix()}:{o.line_of(key)}" for o in entries if o is not entry)
        errors.append(ContentError(entry.source, entry.line_of(key), field, f"{message} (cùng với {others})"))
