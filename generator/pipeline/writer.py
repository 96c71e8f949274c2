"""Put rendered files on disk, touching only what changed.

Rewriting an unchanged file would make MkDocs and the live preview redo work
for nothing; leaving a file whose source was deleted would publish stale
content. So the writer compares, writes the difference and removes the rest.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..core.pages import Output


def write_tree(root: Path, outputs: Iterable[Output], copies: dict[str, Path] | None = None,
               written: dict[str, str] | None = None) -> list[str]:
    """Make ``root`` hold exactly ``outputs`` (text) and ``copies`` (files copied as they are).

    ``written`` remembers what earlier calls wrote (the live preview passes it),
    so unchanged files are not even read back, and the folder is searched for
    stale files only the first time. Returns the paths that were written or
    removed, relative to ``root``.
    """
    first = not written
    written = {} if written is None else written
    root.mkdir(parents=True, exist_ok=True)
    changed: list[str] = []
    wanted: set[str] = set()
    folders: set[Path] = set()
    for out in outputs:
        wanted.add(out.path)
        if written.get(out.path) == out.text:
            continue
        if _write(root / out.path, out.text.encode("utf-8"), folders):
            changed.append(out.path)
        written[out.path] = out.text
    for rel, source in (copies or {}).items():
        wanted.add(rel)
        if _write(root / rel, source.read_bytes(), folders):
            changed.append(rel)
    stale = _files_below(root) - wanted if first else set(written) - wanted
    for rel in sorted(stale):
        (root / rel).unlink(missing_ok=True)
        written.pop(rel, None)
        changed.append(rel)
        _remove_empty_folders(root, (root / rel).parent)
    return changed


def _write(target: Path, data: bytes, folders: set[Path]) -> bool:
    """Write ``data`` unless the file already holds it; True if it was written."""
    if target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        folders.add(target.parent)
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    target.write_bytes(data)
    return True


def _files_below(root: Path) -> set[str]:
    found = set()
    for folder, _, names in os.walk(root):
        base = Path(folder).relative_to(root)
        found.update((base / name).as_posix() for name in names)
    return found


def _remove_empty_folders(root: Path, folder: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
