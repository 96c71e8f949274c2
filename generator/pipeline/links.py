"""Check the links inside the generated pages before MkDocs runs.

Pages reach MkDocs as finished HTML (core/pages.py), so MkDocs checks none of
their links. A link to a page that does not exist would be a silent 404 for a
citizen; here it is an error naming the content file and line.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

from ..core.errors import ContentError
from ..core.markup import page_url
from ..core.pages import Memo, Output

_HREF = re.compile(r'\s(?:href|src)="([^"]+)"')


def _published(outputs: Iterable[Output], copies: Iterable[str]) -> set[str]:
    """Every URL path the site will have: page directories and static files."""
    found = set(copies)
    for out in outputs:
        found.add(page_url(out.path) if out.path.endswith(".md") else out.path)
    return found


def broken_links(outputs: list[Output], copies: Iterable[str], root: Path, memo: Memo,
                 unknown: set[str] = frozenset()) -> list[ContentError]:
    """One error per relative link in a page's HTML that leads nowhere.

    ``unknown``: addresses of files left out for their own errors, which are
    reported already; a link to one is not reported again. A page is checked
    again only if it or the set of published addresses changed (``memo``).
    """
    published = _published(outputs, copies) | unknown
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
        if "&" in link:
            link = html.unescape(link)  # the address as the browser asks for it: «a&amp;b.png» is a&b.png
        if re.match(r"^([a-z][a-z0-9+.-]*:|/|#)", link, re.I):
            continue  # absolute, root-relative or in-page
        path = link.split("#")[0].split("?")[0]
        target = posixpath.normpath(posixpath.join(here, path)) + ("/" if path.endswith("/") else "")
        target = "" if target in ("./", ".") else target.removeprefix("./")
        if target not in published:
            source = Path(out.source or out.path)
            line, written = _written(root / source, path)
            errors.append(ContentError(source, line, "", f"liên kết «{written}» dẫn tới trang không có trên "
                                       "trang web; kiểm tra tên tệp (ví dụ ../duong-day-nong.md)"))
    return errors


_WRITTEN = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)\s*=\s*[\"']([^\"']+)")


def _written(file: Path, link: str) -> tuple[int, str]:
    """The line of the source file with the link, and the link as the editor wrote it there.

    The published link is rewritten to the page's address (``../../thu-tuc/x/``);
    the editor wrote ``../thu-tuc/x.md`` and must be shown that. Found by the
    link's last part; without a match, the published link and line 1.
    """
    name = [part for part in link.rstrip("/").split("/") if part not in ("", "..", ".")]
    needle = (name[-1] if name else link).removesuffix(".md")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1, link
    for number, line in enumerate(lines, 1):
        for match in _WRITTEN.finditer(line):
            written = match.group(1) or match.group(2)
            if needle in html.unescape(written):
                return number, written
    return next((i for i, line in enumerate(lines, 1) if needle in line), 1), link
