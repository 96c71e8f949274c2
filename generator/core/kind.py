"""What a kind of content tells the generic stages about itself.

Each module in ``generator/kinds/`` ends with one :class:`Kind`: its model,
where its files live, its checks across files, its pages and what it adds to
feeds, calendars, open data and the site's newest date. The pipeline
(``generator/pipeline/``) reads, checks, renders and writes every kind by
iterating the registry (pipeline/registry.py) and knows none of them by name,
except where the site as a whole needs one (the home page, the navigation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .content import Checks, Content, Entry
from .datasets import Dataset
from .pages import Memo, Output


def _keep(entries: list[Entry[Any]], now: dt.datetime) -> list[Entry[Any]]:
    return entries


@dataclasses.dataclass(frozen=True)
class Kind:
    name: str                    # its key in Content, and its folder (or its file's stem)
    label: str                   # what one record is called, as ``cchc validate`` counts them ("thủ tục")
    model: type[Any]             # one file, as an editor writes it
    schema: str                  # its JSON Schema: generator/schemas/<schema>.schema.json
    files: str                   # where its files live: "procedures/*.yml", "news/*.md", "indices.yml"
    pages: Callable[[Content, Memo], Iterable[Output]]
    address: str | None = None   # a record's page by its file's stem, "thu-tuc/{}/": links to a broken file
    ascii_names: bool = True     # file names must be slugs (procedures are named by their code)
    line_depth: int | None = 2   # how deep the lines of values are kept for checks across files (None: all)
    # checks across files: errors into ``checks``; returns the records still published, in order
    check: Callable[[list[Entry[Any]], Checks], list[Entry[Any]]] | None = None
    publish: Callable[[list[Entry[Any]], dt.datetime], list[Entry[Any]]] = _keep  # what is out by ``now``
    dates: Callable[[Entry[Any]], Iterable[dt.date]] = lambda entry: ()  # for the content's newest date
    # one record's own pages: most of a site's pages, so rendered in two processes (pipeline/parallel.py)
    record_pages: Callable[[Content, Entry[Any]], list[Output]] | None = None
    depends: tuple[str, ...] = ()  # other kinds a record's pages show something of (a procedure, its hotline)
    outputs: Callable[[Content, Memo], list[Output]] | None = None  # feeds, calendars
    datasets: tuple[Dataset, ...] = ()
    # lookup tables for the other kinds' pages, merged into ``content.shared`` (README, "How it is built")
    share: Callable[[list[Entry[Any]], dt.datetime], dict[str, Any]] | None = None
    # tables worked out from the whole content once it is read (a plan's progress needs plans, news and
    # progress files), merged into ``content.shared`` after every kind's ``share``
    derive: Callable[[Content], dict[str, Any]] | None = None
    # False: what ``derive`` gives changes with much of the content (a plan's progress, with every news item),
    # so it is no input of every page; the pages that show it list it in their own memo inputs
    derived_for_all: bool = True
    nav: tuple[tuple[str, str], ...] = ()  # (title, page) in the footer's «Thông tin khác»
    # lines for editors that are neither errors nor warnings (the cited documents the library lacks);
    # ``cchc validate`` prints them after its summary
    notes: Callable[[Content], list[str]] | None = None
    default: Callable[[], Any] | None = None  # a single file that may be missing: the record it stands for
    scaffold: Callable[[Path, str, dt.datetime | None], Path] | None = None  # ``cchc new <schema> <value>``
    scaffold_value: str = ""     # what ``cchc new`` asks for, for its help

    @property
    def folder(self) -> str | None:
        """The folder of a kind of many records, None for a single file."""
        return self.files.split("/", 1)[0] if "/" in self.files else None

    @property
    def suffix(self) -> str:
        return "." + self.files.rsplit(".", 1)[1]


def record_outputs(content: Content, memo: Memo, kind: Kind, entry: Entry[Any],
                   made: list[Output] | None = None) -> list[Output]:
    """The pages of one record, rendered once per version of its file (and of the kinds it ``depends`` on).

    ``made``: outputs rendered elsewhere (another process, pipeline/parallel.py), kept as they are.
    """
    assert kind.record_pages is not None
    inputs = (entry, *(e for name in kind.depends for e in content[name]))
    return memo.get(content, (kind.name, entry.id), inputs,
                    lambda: kind.record_pages(content, entry) if made is None else made)
