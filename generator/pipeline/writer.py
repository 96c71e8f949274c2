"""Put rendered files on disk, touching only what changed.

Rewriting an unchanged file would make MkDocs and the live preview redo work
for nothing; leaving a file whose source was deleted would publish stale
content. So the writer compares, writes the difference and removes the rest.

A file that changes is replaced by a new one (written beside it, then renamed
over it), never rewritten in place: the site's copies of the generated files
that MkDocs does not render (posters, feeds, open data) are hard links to
them (mkdocs_hooks.py), and the site already published must keep its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from ..core.pages import Output


def write_tree(root: Path, outputs: Iterable[Output], copies: dict[str, Path] | None = None,
               written: dict[str, Output] | None = None) -> list[str]:
    """Make ``root`` hold exactly ``outputs`` (text) and ``copies`` (files copied as they are).

    ``written`` remembers what earlier calls wrote (the live preview passes it,
    a build the session of the build before), so unchanged files are not even
    read back, and the folder is searched for stale files only the first time.
    Returns the paths that were written or removed, relative to ``root``.
    """
    first = not written
    written = {} if written is None else written
    folders: dict[Path, bool] = {}  # each folder made sure of, and whether this call made it
    _folder(root, folders)
    changed: list[str] = []
    wanted: set[str] = set()
    for out in outputs:
        wanted.add(out.path)
        before = written.get(out.path)
        if before is out:  # the very output written last time: a page nothing changed
            continue
        if before is None or before.text != out.text:
            if _write(root / out.path, out.text.encode("utf-8"), folders):
                changed.append(out.path)
        written[out.path] = out
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


def _folder(folder: Path, folders: dict[Path, bool]) -> bool:
    """Make sure ``folder`` exists; True if it is new, so that no file in it needs to be read back."""
    if folder not in folders:
        try:
            folder.mkdir()
            folders[folder] = True
        except FileNotFoundError:
            _folder(folder.parent, folders)
            folder.mkdir()
            folders[folder] = True
        except FileExistsError:
            if not folder.is_dir():
                raise
            folders[folder] = False
    return folders[folder]


def _write(target: Path, data: bytes, folders: dict[Path, bool]) -> bool:
    """Write ``data`` unless the file already holds it; True if it was written."""
    if _folder(target.parent, folders):  # a folder this call made: a clean build writes 12,000 files
        target.write_bytes(data)
        return True
    try:
        if target.read_bytes() == data:
            return False
    except FileNotFoundError:
        target.write_bytes(data)
        return True
    fresh = target.with_name(f".{target.name}.cchc-moi")
    fresh.write_bytes(data)
    os.replace(fresh, target)
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
