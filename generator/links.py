"""Check the links inside the generated pages before MkDocs runs.

MkDocs checks links written in Markdown, but not those inside HTML, and an
editor's Markdown reaches the page as sanitised HTML (markup.py). A link to a
page that does not exist would then be a silent 404 for a citizen; here it is
an error naming the content file and line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError
from .markup import page_url
from .render import Output

_HREF = re.compile(r'\s(?:href|src)="([^"]+)"')


def _published(outputs: Iterable[Output], copies: Iterable[str]) -> set[str]:
    """Every URL path the site will have: page directories and static files."""
    found = set(copies)
    for out in outputs:
        found.add(page_url(out.path) if out.path.endswith(".md") else out.path)
    return found


def broken_links(outputs: list[Output], copies: Iterable[str], root: Path) -> list[ContentError]:
    """One error per relative link in a page's HTML that leads nowhere."""
    published = _published(outputs, copies)
    errors = []
    for out in outputs:
        if not out.path.endswith(".md") or out.source is None:
            continue
        here = page_url(out.path)
        for link in _HREF.findall(out.text):
            if re.match(r"^([a-z][a-z0-9+.-]*:|/|#|\{)", link, re.I):
                continue  # absolute, root-relative, in-page or a Markdown attribute list
            path = link.split("#")[0].split("?")[0]
            target = posixpath.normpath(posixpath.join(here, path)) + ("/" if path.endswith("/") else "")
            target = "" if target in ("./", ".") else target.removeprefix("./")
            if target not in published:
                errors.append(ContentError(Path(out.source), _line(root / out.source, path), "",
                                           f"liên kết «{link}» dẫn tới trang không có trên trang web; "
                                           "kiểm tra tên tệp (ví dụ ../duong-day-nong.md)"))
    return errors


def _line(file: Path, link: str) -> int:
    """The line of the source file that mentions the link's last part."""
    name = [part for part in link.rstrip("/").split("/") if part not in ("", "..", ".")]
    needle = name[-1] if name else link
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    return next((i for i, line in enumerate(lines, 1) if needle in line), 1)
