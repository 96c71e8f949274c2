"""The build's cache: MkDocs' themed pages and Pagefind's index, reused by the next build while their inputs hold.

A build after one edited news item differs from the one before by a few pages;
theming the other 5,000 with MkDocs and indexing them all again with Pagefind
was most of it. So each themed page is kept under the digest of what it is made
from (its generated Markdown, the generated MkDocs config with the navigation,
and the generator itself: its files, version and every installed package's
version), and Pagefind's index under the digest of all the search records. The
next build themes only the pages whose key is new and links the others into
the site; it runs Pagefind only when a record changed.

The cache lives in the build folder, ``build/cache/``:

- ``objects/ab/abcd…``: each stored file under the SHA-256 of its bytes, a hard
  link to the site's file where the disk allows (a stored file is never written
  again: MkDocs writes a new site folder every build);
- ``manifest.json``: which key gave which object, with each object's size and
  modification time when stored; written last, to a new file renamed over the
  old one, with a digest of its own text.

Nothing in it is trusted: a manifest that does not parse, whose digest is wrong
or that another generator (or cache format) wrote is ignored whole, and an
object whose size or time differs from the manifest's is read again and used
only if its bytes still have the recorded digest (the preview's MkDocs, for one,
rewrites site files in place, which may be links to objects). A build killed
while writing the cache leaves the previous manifest, whose objects are still
there: objects no manifest names are removed only after the new one is in place.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..core import resources

FORMAT = 1
FOLDER = "cache"
MANIFEST = "manifest.json"
# Tests only: the step of :func:`save` at which the build kills itself, to prove a killed build harms nothing.
KILL_AT = "CCHC_CACHE_KILL_AT"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.cache
def generator_key() -> str:
    """What every cached output depends on besides its own inputs: this generator and what it runs with.

    The generator's own files (code, templates, schemas, the theme's overrides
    and MkDocs settings it ships), its version, Python's, and the name and
    version of every installed distribution (MkDocs, Material, Pagefind...).
    """
    h = hashlib.sha256(f"{FORMAT}\0{resources.version()}\0{sys.version}\0".encode())
    roots = [resources.PACKAGE, resources.shipped("overrides"), resources.shipped("mkdocs.yml")]
    for root in roots:
        for path in _files(root):
            h.update(f"{path.relative_to(root.parent).as_posix()}\0".encode())
            h.update(digest(path.read_bytes()).encode())
    for name in sorted(_distributions()):
        h.update(f"{name}\0".encode())
    return h.hexdigest()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and p.suffix != ".pyc")


def _distributions() -> set[str]:
    """Every installed distribution as its metadata folder names it (``mkdocs-1.6.1.dist-info``)."""
    found = set()
    for entry in sys.path:
        if os.path.isdir(entry):
            found.update(n for n in os.listdir(entry) if n.endswith((".dist-info", ".egg-info")))
    return found


@dataclasses.dataclass
class Stored:
    """An object of the cache, with the size and modification time it had when stored."""

    digest: str
    size: int
    mtime: int

    def row(self) -> list[Any]:
        return [self.digest, self.size, self.mtime]


@dataclasses.dataclass
class Manifest:
    """What the cache holds: themed pages by page (with the key they were made from), and Pagefind's index."""

    pages: dict[str, tuple[str, Stored]] = dataclasses.field(default_factory=dict)
    search_key: str = ""
    search: dict[str, Stored] = dataclasses.field(default_factory=dict)


class Cache:
    """The cache folder of one build folder."""

    def __init__(self, build: Path) -> None:
        self.root = build / FOLDER
        self.objects = self.root / "objects"

    def object(self, stored: Stored) -> Path:
        return self.objects / stored.digest[:2] / stored.digest

    def load(self) -> Manifest:
        """The previous build's manifest, or an empty one if there is none to trust."""
        try:
            text = (self.root / MANIFEST).read_bytes()
            data = json.loads(text)
            body = json.dumps(data["body"], sort_keys=True, separators=(",", ":")).encode()
            if data["digest"] != digest(body) or data["body"]["generator"] != generator_key():
                return Manifest()
            body_data = data["body"]
            pages = {page: (key, Stored(*row)) for page, (key, row) in body_data["pages"].items()}
            search = {path: Stored(*row) for path, row in body_data["search"].items()}
            return Manifest(pages, body_data["search_key"], search)
        except (OSError, ValueError, KeyError, TypeError):
            return Manifest()

    def valid(self, stored: Stored) -> bool:
        """Whether an object still holds what was stored: same size and time, or else the same digest."""
        try:
            stat = self.object(stored).stat()
        except OSError:
            return False
        if stat.st_size != stored.size:
            return False
        if stat.st_mtime_ns == stored.mtime:
            return True
        if digest(self.object(stored).read_bytes()) != stored.digest:
            return False
        stored.mtime = stat.st_mtime_ns
        return True

    def link(self, stored: Stored, target: Path) -> None:
        """Put an object at ``target`` (a new file): a hard link, or a copy where the disk has none."""
        try:
            os.link(self.object(stored), target)
        except OSError:
            shutil.copyfile(self.object(stored), target)

    def put(self, source: Path) -> Stored:
        """Store a finished file of the site; a hard link to it where possible."""
        data = source.read_bytes()
        name = digest(data)
        stored = Stored(name, len(data), 0)
        target = self.object(stored)
        if target.exists() and self.valid(stored):
            return stored
        target.parent.mkdir(parents=True, exist_ok=True)
        fresh = target.with_name(f".{name}.moi")
        fresh.unlink(missing_ok=True)
        try:
            os.link(source, fresh)
        except OSError:
            shutil.copyfile(source, fresh)
        os.replace(fresh, target)
        stored.mtime = target.stat().st_mtime_ns
        return stored

    def save(self, manifest: Manifest) -> None:
        """Write the manifest (last, atomically), then remove the objects it does not name."""
        body = {"generator": generator_key(),
                "pages": {page: [key, stored.row()] for page, (key, stored) in sorted(manifest.pages.items())},
                "search_key": manifest.search_key,
                "search": {path: stored.row() for path, stored in sorted(manifest.search.items())}}
        text = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
        self.root.mkdir(parents=True, exist_ok=True)
        fresh = self.root / f".{MANIFEST}.moi"
        with open(fresh, "wb") as out:
            out.write(b'{"digest":"' + digest(text).encode() + b'","body":')
            _kill_if("manifest")
            out.write(text + b"}")
        os.replace(fresh, self.root / MANIFEST)
        self._collect({s.digest for _, s in manifest.pages.values()} | {s.digest for s in manifest.search.values()})

    def _collect(self, kept: set[str]) -> None:
        if not self.objects.is_dir():
            return
        for folder in os.scandir(self.objects):
            for entry in os.scandir(folder.path):
                if entry.name not in kept:
                    os.unlink(entry.path)

    def store_all(self, site: Path, paths: Iterable[str]) -> dict[str, Stored]:
        """Store each of ``paths`` (files below ``site``)."""
        stored = {}
        for n, path in enumerate(paths):
            if n == 100:
                _kill_if("objects")
            stored[path] = self.put(site / path)
        return stored


def _kill_if(step: str) -> None:
    """Tests only: die here, as a killed build would (SIGKILL: no clean-up runs)."""
    if os.environ.get(KILL_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def page_keys(config: bytes, pages: dict[str, bytes]) -> dict[str, str]:
    """Each page's key: its generated Markdown, the generated MkDocs config (navigation, settings), the generator."""
    theme = digest(generator_key().encode() + b"\0" + config)
    return {page: digest(f"{theme}\0{page}\0".encode() + text) for page, text in pages.items()}


def search_key(records: dict[str, bytes]) -> str:
    """The key of Pagefind's index: every search record, and the generator (Pagefind's version among its packages)."""
    h = hashlib.sha256(generator_key().encode())
    for path, text in sorted(records.items()):
        h.update(f"\0{path}\0{len(text)}\0".encode())
        h.update(text)
    return h.hexdigest()
