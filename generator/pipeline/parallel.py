"""Render the records' own pages (procedures, news items) in two processes at once.

They are most of a site's pages (5,000 of 5,100 at province scale), each
rendered from its own record. Before a full build renders the site, a forked
child renders every other record while this process renders the rest; the
results land in the build's memo (core/pages.py: Memo), where ``render_site`` finds
them. The child inherits the validated content through the fork, so only the
finished outputs travel back, pickled. The live preview does not need this: it
renders only what an edit changed.

(Reading and checking the files the same way saved only 0.5 s of 3.4: the
checked records are slow to send back.)
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable
from typing import Any, TypeVar

from ..core.content import Content
from ..core.kind import record_outputs
from ..core.pages import Memo
from .registry import KINDS

T = TypeVar("T")
R = TypeVar("R")

# Below this many records a second process costs more than it saves.
MIN_RECORDS = 400

_child_work: Callable[[], Any] | None = None  # what the forked child runs, set just before the fork


def _run_child_work() -> Any:
    assert _child_work is not None
    return _child_work()


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _halves(items: list[T], work: Callable[[T], R]) -> list[R] | None:
    """``work`` on every item, every other one in a forked child; None if one process is better."""
    global _child_work
    if _cores() < 2 or len(items) < MIN_RECORDS:
        return None
    _child_work = lambda: [work(item) for item in items[1::2]]  # noqa: E731 - read by the child after the fork
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_run_child_work)
            ours = [work(item) for item in items[0::2]]
            theirs_done = theirs.result()
    finally:
        _child_work = None
    merged: list[R] = [None] * len(items)  # type: ignore[list-item]
    merged[0::2], merged[1::2] = ours, theirs_done
    return merged


def prerender(content: Content, memo: Memo) -> None:
    """Put every record's outputs into ``memo``, half of them rendered by a second process."""
    jobs = [(kind, e) for kind in KINDS if kind.record_pages for e in content[kind.name]]
    rendered = _halves(jobs, lambda job: job[0].record_pages(content, job[1]))
    for (kind, entry), outputs in zip(jobs, rendered or (), strict=False):
        record_outputs(content, memo, kind, entry, outputs)
