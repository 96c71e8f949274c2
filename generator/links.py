"""Check the links inside the generated pages before MkDocs runs.

Pages reach MkDocs as finished HTML (render.py), so MkDocs checks none of
their links. A link to a page that does not exist would be a silent 404 for a
citizen; here it is an error naming the content file and line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from .errors import ContentError
from .markup import page_url
from .render import Memo, Output

_HREF = re.compile(r'\s(?:href|src)="([^"]+)"')


def _published(outputs: Iterable[Output], copies: Iterable[str]) -> set[str]:
    """Every URL path the site will have: page directories and static files."""
    found = set(copies)
    for out in outputs:
        found.add(page_url(out.path) if out.path.endswith(".md") else out.path)
    return found


def broken_links(outputs: list[Output], copies: Iterable[str], root: Path, memo: Memo) -> list[ContentError]:
    """One error per relative link in a page's HTML that leads nowhere.

    A page is checked again only if it or the set of published addresses changed (``memo``).
    """
    published = _published(outputs, copies)
    published = memo.reuse("published", (published,), lambda: published)  # the same object while equal
    errors = []
    for out in outputs:
        if out.path.endswith(".md"):
            errors += memo.reuse(("links", out.path), (out, published), lambda o=out: _broken(o, published, root))
    return errors


def _broken(out: Output, published: set[str], root: Path) -> list[ContentError]:
    """The broken links of one page; those of a generated listing name the page, since no editor wrote them."""
    errors = []
    here = page_url(out.path)
    for link in _HREF.findall(out.text):
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", link, re.I):
            continue  # absolute, root-relative or in-page
        path = link.split("#")[0].split("?")[0]
        target = posixpath.normpath(posixpath.join(here, path)) + ("/" if path.endswith("/") else "")
        target = "" if target in ("./", ".") else target.removeprefix("./")
        if target not in published:
            source = Path(out.source or out.path)
            errors.append(ContentError(source, _line(root / source, path), "",
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
