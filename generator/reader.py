"""Read the content folder: YAML files and Markdown with front matter.

The reader keeps, for every value, the line it came from, so that validation can
tell an editor exactly where a mistake is. It never judges the data: that is the
models' job (``models.py``). Problems it cannot get past (a file that is not
valid YAML, a key written twice) become :class:`ContentError` records, and
reading goes on with the next file so that all errors come in one run.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError
from .vietnamese import looks_like_legacy_encoding, nfc

Path_ = tuple[str | int, ...]


class _Loader(yaml.CSafeLoader):
    """libyaml's fast safe loader, minus implicit dates.

    PyYAML turns ``2024-02-30`` into an exception with no field attached; left
    as a string it reaches the models, which report it with its file, line and
    field like any other bad date.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


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


_LEGACY_MESSAGE = ("văn bản có vẻ gõ bằng bảng mã cũ TCVN3/VNI (ví dụ «Thñ tôc»); "
                   "hãy chuyển sang Unicode dựng sẵn rồi dán lại")


def _walk(node: yaml.Node, loc: Path_, lines: dict[Path_, int], offset: int,
          doc: Path, errors: list[ContentError], constructor: yaml.constructor.SafeConstructor) -> Any:
    """Build Python data from a YAML node tree, recording each value's line."""
    lines[loc] = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = nfc(str(key_node.value))
            if key in result:
                errors.append(ContentError(doc, key_node.start_mark.line + 1 + offset, key,
                                           "khóa này được viết hai lần; hãy giữ một và xóa bản còn lại"))
            result[key] = _walk(value_node, (*loc, key), lines, offset, doc, errors, constructor)
            lines[(*loc, key)] = key_node.start_mark.line + 1 + offset
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(item, (*loc, i), lines, offset, doc, errors, constructor)
                for i, item in enumerate(node.value)]
    value = node.value if node.tag == "tag:yaml.org,2002:str" else constructor.construct_object(node)
    if isinstance(value, str):
        value = nfc(value)
        if looks_like_legacy_encoding(value):
            errors.append(ContentError(doc, lines[loc], _dotted(loc), _LEGACY_MESSAGE))
    return value


def _dotted(loc: Path_) -> str:
    return ".".join(str(part) for part in loc) or "(toàn bộ tệp)"


def parse_yaml(text: str, path: Path, errors: list[ContentError], offset: int = 0) -> Document | None:
    """Parse one YAML text; on a syntax error, record it and return None."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + offset
        errors.append(ContentError(path, line, "", f"tệp không đúng cú pháp YAML: {exc.problem or exc}. "
                                   "Kiểm tra dấu hai chấm, thụt lề và dấu ngoặc kép quanh dòng này"))
        return None
    lines: dict[Path_, int] = {}
    constructor = yaml.constructor.SafeConstructor()
    data = {} if node is None else _walk(node, (), lines, offset, path, errors, constructor)
    return Document(path=path, data=data, lines=lines)


def read_yaml(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    """Read one YAML file below ``root``."""
    text = _read_text(root, path, errors)
    return None if text is None else parse_yaml(text, path, errors)


def read_markdown(root: Path, path: Path, errors: list[ContentError]) -> Document | None:
    """Read a Markdown file whose YAML front matter sits between ``---`` lines."""
    text = _read_text(root, path, errors)
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


def _read_text(root: Path, path: Path, errors: list[ContentError]) -> str | None:
    try:
        return (root / path).read_text(encoding="utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        errors.append(ContentError(path, 1, "", "tệp không phải UTF-8; hãy lưu lại với mã hóa UTF-8"))
        return None


def list_files(root: Path, folder: str, suffix: str) -> list[Path]:
    """Files of one kind, relative to ``root``, in a stable order."""
    try:
        with os.scandir(root / folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(suffix) and e.is_file())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [Path(folder, name) for name in names]
