"""What each page is found by: the records Pagefind indexes (pipeline/index.py), and the words in them.

Pagefind indexes HTML. Pointed at the finished site it had to wait for MkDocs
and then parse every page (180 MB at province scale) to keep a few lines of
each. Instead the generator writes what each page should be found by (its
title, key terms and what citizens look for, each with its weight) as a tiny
HTML document under ``build/search/``, and Pagefind indexes that on the other
core while MkDocs builds the site. The Python API of Pagefind is not used:
it reads one answer per 0.1 s, 500 s for 5,000 pages.
"""

from __future__ import annotations

import dataclasses
import functools
import re

from .markup import page_url
from .site import SearchAlias
from .vietnamese import fold


# How much a word counts where it stands (Pagefind's data-pagefind-weight; body text is 1):
# the title outranks everything, then the page's key terms, then what citizens bring and get,
# then a free page's text. News items are found by title, summary, unit, category and tags, not
# their text: at province scale (3,000 items) their text made the first query load 585 kB, twice
# the 300 kB a phone may download for it (README, Performance).
TITLE_WEIGHT = 10
TERMS_WEIGHT = 5
TEXTS_WEIGHT = 2
PAGE_WEIGHT = 1

_CODE = re.compile(r"\b(\d)\.(\d{6})\b")
_D_WORDS = re.compile(r"\w*[đĐ]\w*")
_NOT_WORD = re.compile(r"[^\w.]+")  # a meta value keeps words and dots; commas and colons would split it


@dataclasses.dataclass(frozen=True)
class Record:
    """What one page is found by."""

    page: str          # the page's Markdown path below docs/, e.g. thu-tuc/1.001193.md
    title: str
    description: str | None
    terms: tuple[str, ...]
    texts: tuple[str, ...] = ()  # what citizens look for on the page: papers, applicants, fees, tasks…
    body: str = ""               # a free page's sanitised HTML body, weighted lowest
    hidden: str = ""             # words that find the page but are never shown (see hidden_words)
    everyday: str = ""           # search.yml's words for the page's official terms (see everyday_words)

    @property
    def path(self) -> str:
        """The record page's file below build/search/. All in one folder: a folder per page made
        writing them twice as slow; the page's address travels as ``url`` instead."""
        return self.page.removesuffix(".md").replace("/", "~") + ".html"

    @property
    def url(self) -> str:
        """The page's address relative to the site root, which the search script turns into a link."""
        return page_url(self.page) or "./"


# fold() letter by letter, as one table: what each record's text needs, at C speed (a province
# build folds 5,000 records; fold's Python loop over characters made that a second and a half)
_FOLD = str.maketrans({chr(c): fold(chr(c)) for c in [*range(0x41, 0x5B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
                       if fold(chr(c)) != chr(c)})


@dataclasses.dataclass(frozen=True)
class Alias:
    """One entry of search.yml, ready to match: the official term folded and padded with spaces, and
    the everyday words as written and folded, with each phrase also joined into one word."""

    term: str
    words: frozenset[str]
    joined: frozenset[str]


@functools.lru_cache(maxsize=4)
def aliases(entries: tuple[SearchAlias, ...]) -> tuple[Alias, ...]:
    """search.yml, ready for :func:`everyday_words`, worked out once per build."""
    out = []
    for entry in entries:
        phrases = [_words(w, folded=False) for w in entry.words]
        out.append(Alias(f" {_words(entry.means)} ", frozenset(w for p in phrases for w in (*p.split(),
                                                                                            *fold(p).split())),
                         frozenset(fold(p).replace(" ", "") for p in phrases if " " in p)))
    return tuple(out)


def _words(text: str, folded: bool = True) -> str:
    """The text's words, one space apart, folded (lower case, no tone marks, đ as d) unless ``folded`` is off.
    The content is NFC (reader.py), so the table folds it as fold() would."""
    return _NOT_WORD.sub(" ", text.translate(_FOLD) if folded else text).strip()


def hidden_words(text: str, body: str = "") -> str:
    """The words a page is also found by, kept in Pagefind metadata so that no excerpt ever shows them.

    Pagefind folds tone marks but keeps đ apart from d, so the đ-words come once
    more without it ("duong" finds "đường"), those of a free page's ``body``
    too; a code comes without its dot and by its last six digits (1001193, 001193).
    """
    codes = [w for m in _CODE.finditer(text) for w in (m.group(1) + m.group(2), m.group(2))]
    return " ".join(sorted({w.translate(_FOLD) for w in _D_WORDS.findall(text + " " + body)} | set(codes)))


def everyday_words(named: str, said: str, known: tuple[Alias, ...]) -> str:
    """The everyday words of ``search.yml`` whose official term the page holds (whole syllables).

    Each comes as written and folded. Where the term is in what ``named`` the
    page (title and key terms) a phrase also comes as one joined word ("sổ đỏ"
    is "sodo"): the search script looks for the query's neighbouring words
    joined too and puts such pages first, since they are what the phrase means;
    a page that only lists the term among its papers (``said``) gets the words
    without that precedence. The joined word sorts beside its first word, in the
    index chunk the query loads anyway, and the aliases are applied here, at
    index time, so that a query downloads nothing more.
    """
    title = f" {_words(named)} "
    text = f"{title}{_words(said)} "
    found: set[str] = set()
    for alias in known:
        if alias.term in text:
            found |= alias.words
            if alias.term in title:
                found |= alias.joined
    return " ".join(sorted(found))
