"""Check the links inside the generated pages before MkDocs runs.

Pages reach MkDocs as finished HTML (core/pages.py), so MkDocs checks none of
their links. A link to a page that does not exist would be a silent 404 for a
citizen; here it is an error naming the content file and line.
"""

from __future__ import annotations

import dataclasses
import html
import posixpath
import re
import sys
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
    reported already; a link to one is not reported again. The live preview
    reads a page's links again only when the page changed, and says again what
    is wrong with them only when the page or the existence of one of its
    targets changed (``memo``): adding a news item does not send 5,000 pages
    through the link check, and an edit that adds or removes no page does not
    even compare their links with the site's addresses again.
    """
    copies = frozenset(copies)
    site = memo.reuse("published", (frozenset(o.path for o in outputs), copies, frozenset(unknown)),
                      lambda: _Published(_published(outputs, copies) | unknown))
    errors = []
    for out in outputs:
        if out.path.endswith(".md"):
            missing = memo.reuse(("missing", out.path), (out, site), lambda o=out: _missing(o, site.addresses, memo))
            if missing:
                errors += memo.reuse(("links", out.path), (out, missing),
                                     lambda o=out: _broken(o, site.addresses, root))
    return errors


@dataclasses.dataclass(frozen=True, eq=False)
class _Published:
    """The site's addresses, equal only to themselves: 5,000 pages compare with them on every rebuild (Memo)."""

    addresses: set[str]


def _missing(out: Output, published: set[str], memo: Memo) -> frozenset[str]:
    """The addresses the page links to that the site will not have; the page's links are read once (``memo``)."""
    return memo.reuse(("link targets", out.path), (out,), lambda: _targets(out)) - published


def _target(here: str, link: str) -> str | None:
    """The address a link in the page at ``here`` leads to; None for an absolute, root-relative or in-page one."""
    if "&" in link:
        link = html.unescape(link)  # the address as the browser asks for it: «a&amp;b.png» is a&b.png
    if _OUTSIDE.match(link):
        return None
    path = link.split("#")[0].split("?")[0]
    target = posixpath.normpath(posixpath.join(here, path)) + ("/" if path.endswith("/") else "")
    return "" if target in ("./", ".") else target.removeprefix("./")


_OUTSIDE = re.compile(r"^([a-z][a-z0-9+.-]*:|/|#)", re.I)


def _targets(out: Output) -> frozenset[str]:
    """Every address the page's relative links lead to (each string shared by all the pages that name it)."""
    here = page_url(out.path)
    return frozenset(sys.intern(target) for link in _HREF.findall(out.text)
                     if (target := _target(here, link)) is not None)


def _broken(out: Output, published: set[str], root: Path) -> list[ContentError]:
    """The broken links of one page; those of a generated listing name the page, since no editor wrote them."""
    errors = []
    here = page_url(out.path)
    for link in _HREF.findall(out.text):
        target = _target(here, link)
        if target is not None and target not in published:
            path = html.unescape(link) if "&" in link else link
            source = Path(out.source or out.path)
            line, written = _written(root / source, path.split("#")[0].split("?")[0])
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
