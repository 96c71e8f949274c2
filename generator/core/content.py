"""The content container: every validated record of a content folder, by kind.

The stages above (rendering, link checks, writing) and the kinds themselves
read content through :class:`Content`; none of them reads a file. A kind's
records are ``content["procedures"]``, ``content["news"]``…: the container
knows no kind by its type, so a new kind needs no change here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .errors import ContentError
from .reader import file_names
from .references import Targets
from .site import SearchAliases, Site

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


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
    site: Site
    records: dict[str, list[Entry[Any]]]  # each kind's valid records, by the kind's name
    newest: dt.date  # the newest date anywhere in the content (see newest_date)
    now: dt.datetime  # the moment of building (``--now``): what is published, open or overdue depends on it
    # lookup tables the kinds offer one another, by name (Kind.share): "documents", "agencies", "questions"…
    shared: dict[str, Any] = dataclasses.field(default_factory=dict)
    search: SearchAliases = dataclasses.field(default_factory=SearchAliases)  # search.yml
    warnings: list[ContentError] = dataclasses.field(default_factory=list)
    # what is wrong, when the content was read to report every error at once (read(), not load())
    errors: list[ContentError] = dataclasses.field(default_factory=list)
    failed: list[Path] = dataclasses.field(default_factory=list)  # record files left out for their errors
    # the shared tables every page depends on (core/pages.py Memo.get): all but those a kind keeps to the
    # pages that name them in their memo inputs (Kind.derived_for_all), as (name, table) pairs
    common: tuple[tuple[str, Any], ...] = ()

    def __getitem__(self, kind: str) -> list[Entry[Any]]:
        return self.records[kind]

    @property
    def main_hotline(self) -> Entry[Any]:
        """The hotline every page offers (site.yml's ``main_hotline``)."""
        return next(h for h in self.records["hotlines"] if h.id == self.site.main_hotline)

    def newest_date(self) -> dt.date:
        """The newest date anywhere in the content: the fallback 'last updated'.

        It depends only on the content, so builds stay reproducible.
        """
        return self.newest


@dataclasses.dataclass
class Checks:
    """What a kind's checks across files see: the folder, the site's settings and every kind's records.

    Errors go to ``errors``, each at the line to change, in every file involved.
    """

    root: Path
    site: Site | None
    site_lines: dict[tuple[Any, ...], int]  # where site.yml's values are, for errors that point there
    records: dict[str, list[Entry[Any]]]
    errors: list[ContentError]
    warnings: list[ContentError]
    now: dt.datetime
    # what each scoped check found last time, kept between live-preview rebuilds (core.checking.FileCache)
    kept: dict[str, Any] | None = None

    def scoped(self, name: str, inputs: tuple[Any, ...], check: Callable[[Checks], T]) -> T:
        """``check(self)``, or what it found last time (its errors and warnings, in their order) if ``inputs``,
        everything the check reads, are unchanged.

        For a check whose result can only change with the records it is given: an edit of a news item does not
        check 2,000 procedures again. Records are the same objects while their files are unchanged, so comparing
        the inputs is mostly comparing identities.
        """
        last = self.kept.get(name) if self.kept is not None else None
        if last is None or last[0] != inputs:
            found = dataclasses.replace(self, errors=[], warnings=[], kept=None)
            last = (inputs, check(found), found.errors, found.warnings)
            if self.kept is not None:
                self.kept[name] = last
        self.errors.extend(last[2])
        self.warnings.extend(last[3])
        return last[1]

    def targets(self, folder: str, suffix: str,
                keys: Callable[[Entry[Any]], Iterable[str | None]] = lambda entry: (entry.id,)
                ) -> Targets[Entry[Any]]:
        """What a reference to the records of ``folder`` may name (core/references.py): judged against its files.

        ``keys``: how references name a record (its file's name by default; a procedure's code; a news item's
        file name, id or address). A file with an error of its own answers to its name, as the loaded records
        answer to their keys.
        """
        loaded = {key: entry for entry in self.records.get(folder, []) for key in keys(entry) if key}
        files = frozenset(name[: -len(suffix)] for name in file_names(self.root, folder, suffix))
        return Targets(loaded, files)
