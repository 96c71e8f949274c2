"""Read the content folder: YAML files and Markdown with front matter.

The reader keeps, for every value, the line it came from, so that validation can
tell an editor exactly where a mistake is. It never judges the data: that is the
models' job (``models.py``). Whatever the bytes of a file, reading it ends in
data or in :class:`ContentError` records, never in an exception: a file that is
too large, is not UTF-8, holds control characters, is not valid YAML, uses a
tag, nests too deep or expands its aliases without end is reported, and reading
goes on with the next file so that all errors come in one run.

YAML is read from libyaml's event stream (its C parser) and put together here,
not by PyYAML's composer: that composer recurses, in C, once per level of
nesting, and a file of a hundred thousand ``[`` crashes the process; building
the data from events lets the reader count depth and aliases as it goes.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .vietnamese import looks_like_legacy_encoding, nfc

Path_ = tuple[str | int, ...]

MAX_FILE_BYTES = 1_000_000   # a whole plan is about 25 kB; a news item about 2 kB
MAX_DEPTH = 40               # a plan's deepest section is about 12 levels of YAML
MAX_ALIAS_VALUES = 10_000    # values that aliases may add to one file, all aliases together

_STR = "tag:yaml.org,2002:str"
# Editors never need a tag; these are the ones that change nothing.
_ALLOWED_TAGS = {None, "!", _STR, "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
# Control characters have no place in a text an editor typed (tab, newline and carriage return aside).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")


class _Resolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit types, minus the two that surprise editors.

    Dates stay text: ``2024-02-30`` then reaches the models, which report it with
    its file, line and field. Numbers in base 60 go: YAML 1.1 reads ``7:30`` as
    450 (minutes), where an editor means half past seven.
    """


_DROPPED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_Resolver.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
# PyYAML's own int and float rules, without their base-60 forms
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"))
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_RESOLVER = _Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()


@dataclasses.dataclass
class Document:
    """One content record as read: its data and where each value came from."""

    path: Path  # relative to the content folder, for messages and edit links
    data: Any
    lines: dict[Path_, int]
    body: str | None = None  # Markdown body, for .md files
    body_line: int = 1

    def line_of(self, loc: Path_) -> int:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return 1


_DUPLICATE_KEY = "khóa này được viết hai lần; hãy giữ một và xóa bản còn lại"
_LEGACY_MESSAGE = ("văn bản có vẻ gõ bằng bảng mã cũ TCVN3/VNI (ví dụ «Thñ tôc»); "
                   "hãy chuyển sang Unicode dựng sẵn rồi dán lại")


class _Stop(Exception):
    """A problem after which the rest of the file cannot be read."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclasses.dataclass
class _Open:
    """A mapping or sequence being read: its value, where it is, and its pending key."""

    value: dict[str, Any] | list[Any]
    loc: Path_
    anchor: str | None
    key: str | None = None
    size: int = 1


class _Composer:
    """Builds Python data from libyaml's events, recording each value's line."""

    def __init__(self, path: Path, offset: int, errors: list[ContentError]):
        self.path, self.offset, self.errors = path, offset, errors
        self.lines: dict[Path_, int] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, how many values it holds)
        self.alias_values = 0
        self.stack: list[_Open] = []
        self.result: Any = None
        self.documents = 0
        self.last_line = 0  # the line of the event being read: where a problem is reported

    def compose(self, next_event: Callable[[], yaml.Event]) -> None:
        """Read every event up to the end of the stream.

        A plain key, or a value without tag or anchor inside a mapping or a
        list, is handled here, in line: they are four events in five, a
        province's files make half a million, and a chain of method calls per
        event was most of the time reading took. Every other event goes to
        :meth:`feed`; both record the same lines and errors.
        """
        lines, stack, errors, path = self.lines, self.stack, self.errors, self.path
        first_line = 1 + self.offset
        scalar_event, end_event = yaml.ScalarEvent, yaml.StreamEndEvent
        event = next_event()
        while (kind := type(event)) is not end_event:
            line = self.last_line = event.start_mark.line + first_line
            if kind is not scalar_event or event.tag is not None or event.anchor or not stack:
                self.feed(event)
            else:
                top = stack[-1]
                container = top.value
                if type(container) is dict:
                    key = top.key
                    if key is None:  # a key: its line is the line of the value that follows it too
                        name = event.value
                        name = name if name.isascii() else nfc(name)
                        if name in container:
                            errors.append(ContentError(path, line, name, _DUPLICATE_KEY))
                        top.key = name
                        lines[(*top.loc, name)] = line
                        event = next_event()
                        continue
                    value = _scalar_value(event)
                    if type(value) is str and not value.isascii() and looks_like_legacy_encoding(value):
                        errors.append(ContentError(path, line, dotted((*top.loc, key)), _LEGACY_MESSAGE))
                    container[key] = value
                    top.key = None
                else:
                    loc = (*top.loc, len(container))
                    lines.setdefault(loc, line)
                    value = _scalar_value(event)
                    if type(value) is str and not value.isascii() and looks_like_legacy_encoding(value):
                        errors.append(ContentError(path, line, dotted(loc), _LEGACY_MESSAGE))
                    container.append(value)
                top.size += 1
            event = next_event()

    def feed(self, event: yaml.Event) -> None:
        """One event that :meth:`compose` does not handle in line; ``last_line`` is its line."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._check_tag(event)
            if len(self.stack) >= MAX_DEPTH:
                raise _Stop(self.last_line, f"nội dung lồng nhau quá {MAX_DEPTH} cấp; hãy viết phẳng hơn")
            loc = self._place(self.last_line)
            self.stack.append(_Open({} if kind is yaml.MappingStartEvent else [], loc, event.anchor))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = self.stack.pop()
            if done.anchor:
                self.anchors[done.anchor] = (done.value, done.size)
            self._add(done.value, done.size)
        elif kind is yaml.AliasEvent:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise _Stop(self.last_line, "tệp chỉ được chứa một nội dung; hãy xóa dòng «---» thừa")

    def _check_tag(self, event: yaml.NodeEvent) -> None:
        tag = getattr(event, "tag", None)
        if tag not in _ALLOWED_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Stop(self.last_line, f"không dùng thẻ YAML «{shown}» trong nội dung; hãy xóa nó "
                        "(muốn ghi đúng chữ như vậy thì đặt cả giá trị trong dấu ngoặc kép)")

    def _place(self, line: int) -> Path_:
        """Where the next value goes; records its line."""
        if not self.stack:
            loc: Path_ = ()
        else:
            top = self.stack[-1]
            if isinstance(top.value, dict):
                loc = (*top.loc, top.key) if top.key is not None else top.loc
            else:
                loc = (*top.loc, len(top.value))
        self.lines.setdefault(loc, line)
        return loc

    def _add(self, value: Any, size: int) -> None:
        """Put a finished value into the open container, or make it the document."""
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        top.size += size
        if isinstance(top.value, list):
            top.value.append(value)
        elif top.key is None:
            self._key(top, value)
        else:
            top.value[top.key] = value
            top.key = None

    def _key(self, top: _Open, key: Any) -> None:
        if isinstance(key, (dict, list)):
            raise _Stop(self.last_line, "tên trường phải là một chữ, không phải "
                        "một danh sách hay nhóm trường")
        name = nfc(str(key)) if key is not None else ""
        line = self.last_line
        if name in top.value:
            self.errors.append(ContentError(self.path, line, name, _DUPLICATE_KEY))
        top.key = name
        self.lines[(*top.loc, name)] = line

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if event.tag is not None:
            self._check_tag(event)
        line = self.last_line
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is None:
            self._key(top, event.value)  # a key: its line is the line of the value that follows it too
            return
        loc = self._place(line)
        value = _scalar_value(event)
        if isinstance(value, str) and looks_like_legacy_encoding(value):
            self.errors.append(ContentError(self.path, line, dotted(loc), _LEGACY_MESSAGE))
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self._add(value, 1)

    def _alias(self, event: yaml.AliasEvent) -> None:
        line = self.last_line
        if event.anchor not in self.anchors:
            open_anchors = {o.anchor for o in self.stack}
            problem = ("trỏ tới chính nhóm đang chứa nó" if event.anchor in open_anchors
                       else "chưa được đặt ở phía trên (bằng «&" + event.anchor + "»)")
            raise _Stop(line, f"bí danh «*{event.anchor}» {problem}")
        value, size = self.anchors[event.anchor]
        self.alias_values += size
        if self.alias_values > MAX_ALIAS_VALUES:
            raise _Stop(line, f"các bí danh YAML («*…») nhân nội dung lên quá {MAX_ALIAS_VALUES:,} giá trị; "
                        "hãy viết nội dung ra thay vì dùng bí danh".replace(",", "."))
        top = self.stack[-1] if self.stack else None
        if top is not None and isinstance(top.value, dict) and top.key is None:
            self._key(top, value)
            return
        self._place(line)
        self._add(value, size)


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    """A scalar's value: quoted, a block or tagged !!str, always text; plain, as YAML reads it."""
    text = event.value
    if event.tag == _STR or event.style or not event.implicit[0]:
        return text if text.isascii() else nfc(text)  # ASCII is in NFC already
    return _plain(text)


@functools.lru_cache(maxsize=4096)
def _plain(value: str) -> Any:
    """A plain (unquoted) scalar as YAML 1.1 reads it, less dates and base 60; the same words recur in every file."""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR:
        return nfc(value)
    return _CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, value))


def dotted(loc: Path_) -> str:
    """A location as the editor would find it: ``channels[0].value``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")


# libyaml's problems, in the words of an editor's checklist. The original text is
# kept for `--debug`.
_YAML_PROBLEMS = [
    ("mapping values are not allowed", "có dấu hai chấm «:» ở chỗ không được phép; nếu giá trị chứa dấu hai chấm, "
     "hãy đặt cả giá trị trong dấu ngoặc kép"),
    ("could not find expected ':'", "thiếu dấu hai chấm «:» sau tên trường, hoặc thiếu dấu cách sau dấu hai chấm"),
    ("did not find expected key", "thụt lề không khớp với các dòng trên; các trường cùng cấp phải thẳng cột"),
    ("did not find expected '-' indicator", "thụt lề của danh sách không khớp; các mục «- » phải thẳng cột"),
    ("block sequence entries are not allowed", "mục danh sách «- » đặt sai chỗ; hãy xuống dòng và thụt lề"),
    ("found a tab character", "có ký tự tab; hãy thụt lề bằng dấu cách"),
    ("that cannot start any token", "có ký tự không thể đứng đầu giá trị (như @ hoặc `); hãy đặt cả giá trị "
     "trong dấu ngoặc kép"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng"),
    ("found unknown escape character", "có dấu «\\» lạ trong chuỗi ngoặc kép; hãy viết «\\\\» hoặc dùng ngoặc đơn"),
    ("did not find expected ',' or ']'", "thiếu dấu «]» đóng danh sách, hoặc thiếu dấu phẩy giữa các mục"),
    ("did not find expected ',' or '}'", "thiếu dấu «}» đóng nhóm, hoặc thiếu dấu phẩy giữa các mục"),
    ("did not find expected node content", "thiếu giá trị ở chỗ này"),
    ("did not find expected <document start>", "có nội dung thừa sau phần chính; kiểm tra thụt lề"),
    ("expected <block end>", "thụt lề không khớp với các dòng trên; các trường cùng cấp phải thẳng cột"),
    ("found duplicate anchor", "tên mốc «&…» được đặt hai lần"),
    ("found undefined alias", "bí danh «*…» chưa được đặt"),
    ("did not find expected alphabetic or numeric character", "sau «&» hoặc «*» phải là tên mốc"),
    ("did not find expected comment or line break", "có ký tự thừa sau giá trị; hãy đặt giá trị trong dấu "
     "ngoặc kép"),
    ("did not find URI escaped octet", "thẻ YAML «!…» không hợp lệ; hãy xóa nó"),
    ("found unexpected ':'", "có dấu hai chấm «:» ở chỗ không được phép; hãy đặt giá trị trong dấu ngoặc kép"),
    ("expected the node content", "thiếu giá trị ở chỗ này"),
]
# Problems that libyaml notices only where the next thing starts: the line to change is where it began.
_BLAME_CONTEXT = ("could not find expected ':'", "found unexpected end of stream", "did not find expected ','")


def _yaml_problem(exc: yaml.YAMLError, source: str, offset: int) -> tuple[int, str]:
    """The line to change and a Vietnamese account of a libyaml error."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    if mark is not None and source[mark.index:mark.index + 1] == "\t":
        return mark.line + 1 + offset, "tệp không đúng cú pháp YAML: có ký tự tab; hãy thụt lề bằng dấu cách"
    text = next((words for english, words in _YAML_PROBLEMS if english in problem),
                "không đọc được đoạn này; kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép")
    context = getattr(exc, "context_mark", None)
    if context is not None and any(p in problem for p in _BLAME_CONTEXT):
        mark = context
    line = (mark.line + 1 if mark is not None else 1) + offset
    unclosed = _unclosed_quote(source, line - offset)
    if unclosed is not None:  # a quote left open swallows the lines after it: the error shows up far below
        return unclosed + offset, "tệp không đúng cú pháp YAML: thiếu dấu ngoặc kép đóng ở cuối giá trị"
    return line, f"tệp không đúng cú pháp YAML: {text}"


def _unclosed_quote(source: str, before: int) -> int | None:
    """The first line up to ``before`` whose value opens a double quote and leaves it open, if any."""
    for number, line in enumerate(source.split("\n")[:before], 1):
        value = line.split(": ", 1)[1] if ": " in line else line.lstrip(" -")
        if value.lstrip().startswith('"') and len(re.findall(r'(?<!\\)"', value.split(" #")[0])) % 2:
            return number
    return None


def _debug(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def parse_yaml(text: str, path: Path, errors: list[ContentError], offset: int = 0) -> Document | None:
    """Parse one YAML text; on an error that stops reading, record it and return None."""
    composer = _Composer(path, offset, errors)
    try:
        composer.compose(yaml.CSafeLoader(text).get_event)
    except _Stop as stop:
        errors.append(ContentError(path, stop.line, "", stop.message))
        return None
    except yaml.YAMLError as exc:
        line, message = _yaml_problem(exc, text, offset)
        errors.append(ContentError(path, line, "", message, _debug(exc)))
        return None
    except (ValueError, OverflowError) as exc:  # a plain scalar that resolves to an impossible number
        line = composer.last_line or 1
        errors.append(ContentError(path, line, "", "giá trị không đọc được; hãy đặt nó trong dấu ngoặc kép",
                                   _debug(exc)))
        return None
    data = {} if composer.result is None else composer.result
    return Document(path=path, data=data, lines=composer.lines)


def read_yaml(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    """Read one YAML file below ``root``."""
    text = read_text(root, path, errors)
    return None if text is None else parse_yaml(text, path, errors)


def read_markdown(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    """Read a Markdown file whose YAML front matter sits between ``---`` lines."""
    text = read_text(root, path, errors)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        errors.append(ContentError(path, 1, "", "tệp phải bắt đầu bằng phần thông tin đầu trang "
                                   "(front matter) nằm giữa hai dòng «---»"))
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        errors.append(ContentError(path, 1, "", "thiếu dòng «---» đóng phần thông tin đầu trang"))
        return None
    doc = parse_yaml("\n".join(lines[1:end]), path, errors, offset=1)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        errors.append(ContentError(path, 2, "", "phần thông tin đầu trang phải là các cặp «trường: giá trị»"))
        return None
    raw_body = "\n".join(lines[end + 1:])
    doc.body = nfc(raw_body.strip("\n")) + "\n"
    # the line the body's first character is on, after the blank lines it was stripped of
    doc.body_line = end + 2 + len(raw_body) - len(raw_body.lstrip("\n"))
    for number, line in enumerate(doc.body.split("\n"), doc.body_line):
        if looks_like_legacy_encoding(line):
            errors.append(ContentError(path, number, "", _LEGACY_MESSAGE))
            break
    return doc


def read_text(root: Path, path: Path, errors: list[ContentError]) -> str | None:
    """A content file's text, or None with the reason recorded: too large, not UTF-8, control characters."""
    file = root / path
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            errors.append(ContentError(path, 1, "", f"tệp quá lớn ({size // 1000:,} kB, tối đa "
                                       f"{MAX_FILE_BYTES // 1000:,} kB); hãy chia nhỏ hoặc rút gọn".replace(",", ".")))
            return None
        data = file.read_bytes()
    except OSError as exc:
        errors.append(ContentError(path, 1, "", "không đọc được tệp", _debug(exc)))
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        errors.append(ContentError(path, line, "", "tệp không phải UTF-8 (từ dòng này); hãy lưu lại với mã hóa "
                                   "UTF-8", _debug(exc)))
        return None
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        errors.append(ContentError(path, line, "", f"có ký tự điều khiển không in được (mã U+{ord(bad.group()):04X}) "
                                   "ở dòng này, thường do dán từ phần mềm khác; hãy xóa nó rồi gõ lại"))
        return None
    return text


def file_names(root: Path, folder: str, suffix: str) -> list[str]:
    """The names of one kind's files, in a stable order. Symbolic links are not followed."""
    try:
        with os.scandir(root / folder) as entries:
            return sorted(e.name for e in entries if e.name.endswith(suffix) and e.is_file(follow_symlinks=False))
    except (FileNotFoundError, NotADirectoryError):
        return []


def list_files(root: Path, folder: str, suffix: str) -> list[Path]:
    """Files of one kind, relative to ``root``, in a stable order. Symbolic links are not followed."""
    return [_relative(folder, name) for name in file_names(root, folder, suffix)]


@functools.lru_cache(maxsize=1 << 16)
def _relative(folder: str, name: str) -> Path:
    """One path object per file while it exists: the live preview lists 5,000 files on every rebuild."""
    return Path(folder, name)


def symlinks(root: Path) -> list[ContentError]:
    """One error per symbolic link anywhere in the content folder.

    A link could publish a file from outside the folder (a private key, another
    site's news) that no reviewer saw in the pull request, so none is followed.
    Folders are walked as ``os.walk`` walks them, but each entry is judged by
    what the folder listing says of it, without asking the disk about every
    file: the live preview walks the folder on every rebuild.
    """
    found: list[ContentError] = []
    _walk_symlinks(root, root, found)
    return found


def _walk_symlinks(root: Path, folder: Path, found: list[ContentError]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return
    for entry in sorted(entries, key=lambda e: e.name):
        if entry.is_symlink():
            found.append(ContentError(Path(entry.path).relative_to(root), 1, "",
                                      "đây là liên kết tượng trưng (symlink) tới tệp khác; nội dung phải là tệp thật "
                                      "nằm trong thư mục nội dung. Hãy thay liên kết bằng chính tệp đó"))
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk_symlinks(root, Path(entry.path), found)
