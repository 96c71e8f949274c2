"""Put rendered files on disk, touching only what changed.

Rewriting an unchanged file would make MkDocs and the live preview redo work
for nothing; leaving a file whose source was deleted would publish stale
content. So the writer compares, writes the difference and removes the rest.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from .render import Output


def write_tree(root: Path, outputs: Iterable[Output], copies: dict[str, Path] | None = None,
               written: dict[str, str] | None = None) -> list[str]:
    """Make ``root`` hold exactly ``outputs`` (text) and ``copies`` (files copied as they are).

    ``written`` remembers what earlier calls wrote (the live preview passes it),
    so unchanged files are not even read back. Returns the paths that were
    written or removed, relative to ``root``.
    """
    written = {} if written is None else written
    root.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    wanted: set[str] = set()
    for out in outputs:
        wanted.add(out.path)
        if written.get(out.path) == out.text:
            continue
        target = root / out.path
        data = out.text.encode("utf-8")
        if not target.is_file() or target.read_bytes() != data:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            changed.append(out.path)
        written[out.path] = out.text
    for rel, source in (copies or {}).items():
        wanted.add(rel)
        target = root / rel
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            changed.append(rel)
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
            written.pop(rel, None)
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return changed
