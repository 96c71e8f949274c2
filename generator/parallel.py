"""Render the pages of procedures and news items in two processes at once.

They are most of a site's pages (5,000 of 5,100 at province scale), each
rendered from its own record. Before a full build renders the site, a forked
child renders every other record while this process renders the rest; the
results land in the build's memo (render.Memo), where ``render_site`` finds
them. The child inherits the validated content through the fork, so only the
finished outputs travel back, pickled. The live preview does not need this: it
renders only what an edit changed.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from typing import Any

from .render import RECORD_PAGES, Memo, Output, record_outputs
from .validate import Content

# Below this many records a second process costs more than it saves.
MIN_RECORDS = 400

_jobs: list[tuple[str, Any]] = []  # the child's share, set just before the fork
_content: Content | None = None


def _render_share() -> list[list[Output]]:
    """In the child: the outputs of its share of the records, in order."""
    assert _content is not None
    return [RECORD_PAGES[kind](_content, entry) for kind, entry in _jobs]


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prerender(content: Content, memo: Memo) -> None:
    """Fill ``memo`` with every record's outputs, half of them rendered in a second process."""
    global _jobs, _content
    jobs = [("procedure", e) for e in content.procedures] + [("news", e) for e in content.news]
    if _cores() < 2 or len(jobs) < MIN_RECORDS:
        return
    _jobs, _content = jobs[1::2], content
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        share = pool.submit(_render_share)
        for kind, entry in jobs[0::2]:
            record_outputs(content, memo, kind, entry)
        rendered = share.result()
    _jobs, _content = [], None
    for (kind, entry), outputs in zip(jobs[1::2], rendered, strict=True):
        memo.get(content, (kind, entry.id), (entry,), lambda o=outputs: o)
