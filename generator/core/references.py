"""References from one record to another: how the checks across files judge them, how pages show them, cycles.

A record names another by its file's name (a document's ``replaced_by``, a
progress file's plan), its code (a question's procedures) or its id (a
progress entry's news). Three rules hold for every kind, here once:

- A reference is judged against the files that exist, not against the
  records that loaded (:class:`Targets`). A file with an error of its own is
  reported there, once; the files that name it get no second error, which
  would send the editor to fix what is not broken.
- On a page, a reference resolves to the record or to :class:`Missing`
  (:func:`resolve`); templates test ``is missing`` and show what was written
  as plain text, without a link. A build with a broken file still renders the
  rest (to report every error at once), so a page must not crash on it.
- A chain of references where each record names at most one next
  (``replaced_by``, an agency's ``successor``) must not come back to where it
  started (:func:`cycles`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)


@dataclasses.dataclass(frozen=True)
class Missing:
    """A record that is named but not published: its file has errors of its own (reported there)."""

    key: str  # what the naming record wrote: a file's name, a code


def resolve(table: Mapping[str, T], key: str) -> T | Missing:
    """The record ``key`` names, or :class:`Missing` for a page to show as plain text."""
    found = table.get(key)
    return Missing(key) if found is None else found


@dataclasses.dataclass(frozen=True)
class Targets(Generic[T]):
    """What references to one kind may name: the records that loaded by key, and every file of the kind."""

    loaded: Mapping[str, T]  # the records still published, by the key references use
    files: frozenset[str]    # the names (without suffix) of the kind's files, loaded or not

    def exists(self, key: str) -> bool:
        """True when a file answers to ``key``: a reference to it is no error here, even if the file has its own."""
        return key in self.loaded or key in self.files

    def get(self, key: str) -> T | None:
        """The loaded record, for a deeper check (a task of a plan); None when missing or broken."""
        return self.loaded.get(key)


def cycles(successor: Mapping[K, K | None]) -> list[list[K]]:
    """Every loop in a chain where each item names at most one next, each loop once, from its first item.

    ``successor`` maps each item to the one it names (None: the end of its
    chain; a name not in the mapping ends it too: that error is said apart).
    Linear: each item is walked once, whatever the length of the chains.
    """
    walk_of: dict[K, int] = {}
    found = []
    for walk, start in enumerate(successor):
        path: list[K] = []
        node: K | None = start
        while node is not None and node in successor and node not in walk_of:
            walk_of[node] = walk
            path.append(node)
            node = successor[node]
        if node is not None and walk_of.get(node) == walk:  # this walk came back on itself
            found.append(path[path.index(node):])
    return found


def chain_text(loop: Iterable[K], start: K) -> str:
    """A loop as an editor reads it, from ``start`` back to it: «a → b → a»."""
    items = list(loop)
    at = items.index(start)
    ordered = items[at:] + items[:at]
    return " → ".join(str(item) for item in (*ordered, start))
