"""The build's cache: MkDocs' themed pages and Pagefind's index, reused by the next build while their inputs hold.

A build after one edited news item differs from the one before by a few pages;
theming the other 5,000 with MkDocs and indexing them all again with Pagefind
was most of it. So each themed page is kept under the digest of what it is made
from (its generated Markdown, the generated MkDocs config with the navigation,
and the generator itself: its files, version and every installed package's
version), and Pagefind's index under the digest of all the search records. The
next build themes only the pages whose key is new (and the navigation's pages,
which every page draws: they are never cached) and links the others into the
site; it runs Pagefind only when a record changed.

The cache lives in the build folder, ``build/cache/``:

- ``objects/ab/abcd…``: each stored file under its key, the SHA-256 of what it
  was made from, a hard link to the site's file where the disk allows (a stored
  file is never written again: MkDocs writes a new site folder every build;
  naming files by their inputs, not their bytes, spares reading 150 MB back);
- ``manifest.json``: for each page and each file of Pagefind's index, the key
  of its object, and the object's size and modification time when stored;
  written last, to a new file renamed over the old one, with a digest of its
  own text;
- ``trash/``: previous sites being removed after a build (:meth:`Cache.discard`).

Nothing in it is trusted: a manifest that does not parse, whose digest is wrong
or that another generator (or cache format) wrote is ignored whole, and an
object whose size or modification time differs from the manifest's is not used
(the preview's MkDocs, for one, rewrites site files in place, which may be
links to objects), nor is one whose key is not its inputs'. A build killed
while writing the cache leaves the previous manifest, whose objects are still
there (or, if replaced since, fail that check): objects no manifest names are
removed only after the new one is in place.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
import hashlib
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jinja2

from ..core import resources

FORMAT = 1
FOLDER = "cache"
MANIFEST = "manifest.json"
STATE = "session.pickle"  # what the build read and rendered (save_state)
STATE_HEAD = "session.json"
TEMPLATES = "jinja"  # compiled templates (compiled_templates)
# Tests only: the step of the cache's writing (objects, manifest, state) at which the build kills itself, to prove that a
# killed build harms no later one.
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


@dataclasses.dataclass(frozen=True)
class Stored:
    """An object of the cache: its key, and the size and modification time it had when stored."""

    key: str
    size: int
    mtime: int

    def row(self) -> list[Any]:
        return [self.key, self.size, self.mtime]


@dataclasses.dataclass
class Manifest:
    """What the cache holds: themed pages by page (with the key they were made from), and Pagefind's index."""

    pages: dict[str, Stored] = dataclasses.field(default_factory=dict)
    search_key: str = ""
    search: dict[str, Stored] = dataclasses.field(default_factory=dict)


class Cache:
    """The cache folder of one build folder."""

    def __init__(self, build: Path) -> None:
        self.root = build / FOLDER
        self.objects = self.root / "objects"

    def object(self, stored: Stored) -> str:
        """Where an object is (a string: a warm build looks at 10,000 of them, and path objects cost more)."""
        return f"{self.objects}/{stored.key[:2]}/{stored.key}"

    def load(self) -> Manifest:
        """The previous build's manifest, or an empty one if there is none to trust."""
        try:
            text = (self.root / MANIFEST).read_bytes()
            data = json.loads(text)
            body = json.dumps(data["body"], sort_keys=True, separators=(",", ":")).encode()
            if data["digest"] != digest(body) or data["body"]["generator"] != generator_key():
                return Manifest()
            body_data = data["body"]
            pages = {page: Stored(*row) for page, row in body_data["pages"].items()}
            search = {path: Stored(*row) for path, row in body_data["search"].items()}
            return Manifest(pages, body_data["search_key"], search)
        except (OSError, ValueError, KeyError, TypeError):
            return Manifest()

    def valid(self, stored: Stored) -> bool:
        """Whether an object is still as stored: there, with the same size and modification time."""
        try:
            stat = os.stat(self.object(stored))
        except OSError:
            return False
        return stat.st_size == stored.size and stat.st_mtime_ns == stored.mtime

    def link(self, stored: Stored, target: str) -> None:
        """Put an object at ``target`` (a new file): a hard link, or a copy where the disk has none."""
        try:
            os.link(self.object(stored), target)
        except OSError:
            shutil.copyfile(self.object(stored), target)

    def put(self, source: Path, key: str) -> Stored:
        """Store a finished file of the site under ``key``; a hard link to it where possible.

        A link appears whole or not at all; an object in the way (of a build whose manifest was
        never written) is replaced through a temporary name, never rewritten in place.
        """
        target = self.objects / key[:2] / key
        try:
            os.link(source, target)
        except FileExistsError:
            fresh = target.with_name(f".{key}.moi")
            fresh.unlink(missing_ok=True)
            os.link(source, fresh)
            os.replace(fresh, target)
        except OSError:  # no links on this disk
            shutil.copyfile(source, target)
        stat = target.stat()
        return Stored(key, stat.st_size, stat.st_mtime_ns)

    def save(self, manifest: Manifest) -> None:
        """Write the manifest (last, atomically), then remove the objects it does not name."""
        body = {"generator": generator_key(),
                "pages": {page: stored.row() for page, stored in sorted(manifest.pages.items())},
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
        self._collect({s.key for s in manifest.pages.values()} | {s.key for s in manifest.search.values()})

    def discard(self, folder: Path) -> None:
        """Remove a previous site after the build, in a process of its own that outlives this one.

        Removing 12,000 files and 5,000 folders took 10 to 40 s on a busy disk, longer
        than the rest of a warm build. The folder is first moved into the cache's
        ``trash/`` (where the next build finds what a killed removal left); where it
        cannot be moved or no ``rm`` exists, it is removed here and now.
        """
        trash = self.root / "trash"
        try:
            trash.mkdir(parents=True, exist_ok=True)
            os.rename(folder, trash / f"{os.getpid()}-{time.time_ns()}")
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
        if not (shutil.which("rm") and shutil.which("nice")):
            shutil.rmtree(trash, ignore_errors=True)
            return
        # sh starts rm and returns at once; rm, no child of this process, is never waited for
        subprocess.run(["sh", "-c", 'nice rm -rf -- "$@" >/dev/null 2>&1 </dev/null &', "sh",
                        *(str(p) for p in trash.iterdir())], check=False)

    def _collect(self, kept: set[str]) -> None:
        if not self.objects.is_dir():
            return
        for folder in os.scandir(self.objects):
            for entry in os.scandir(folder.path):
                if entry.name not in kept:
                    os.unlink(entry.path)

    def store_all(self, site: Path, files: dict[str, str]) -> dict[str, Stored]:
        """Store each file below ``site`` (its path there) under its key."""
        for n in range(256):
            (self.objects / f"{n:02x}").mkdir(parents=True, exist_ok=True)
        stored = {}
        for n, (path, key) in enumerate(files.items()):
            if n == len(files) // 2:
                _kill_if("objects")
            stored[path] = self.put(site / path, key)
        return stored


    def save_state(self, state: Any, key: str, holds: tuple[str, str]) -> None:
        """Pickle what the build read and rendered (build.py: ``Session``), for the next build to start from.

        The pickle is written first, then its head (its size, digest, ``key`` and
        the stretch of time it ``holds``, as ISO dates) renamed into place last:
        a build killed on the way leaves no head, or the previous one, whose
        digest the new pickle does not match.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        fresh = self.root / f".{STATE}.moi"
        with open(fresh, "wb") as out:
            hashing = _Hashing(out)
            pickle.dump(state, hashing, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fresh, self.root / STATE)
        _kill_if("state")
        head = {"generator": generator_key(), "key": key, "size": hashing.size, "digest": hashing.hash.hexdigest(),
                "holds": list(holds)}
        (self.root / f".{STATE_HEAD}.moi").write_text(json.dumps(head), encoding="utf-8")
        os.replace(self.root / f".{STATE_HEAD}.moi", self.root / STATE_HEAD)

    def load_state(self, key: str, now: dt.datetime) -> Any | None:
        """The last build's state, if it was saved whole by this generator under ``key`` and holds at ``now``;
        else None. The pickle is read only once its head is found right, and its digest checked
        before it is unpickled."""
        try:
            head = json.loads((self.root / STATE_HEAD).read_bytes())
            start, end = (dt.datetime.fromisoformat(moment) for moment in head["holds"])
            if head["generator"] != generator_key() or head["key"] != key or not start <= now < end:
                return None
            body = (self.root / STATE).read_bytes()
            if len(body) != head["size"] or digest(body) != head["digest"]:
                return None
        except (OSError, ValueError, KeyError, TypeError):
            return None
        collecting = gc.isenabled()
        gc.disable()  # a million objects come back at once: the collector would walk them again and again
        try:
            return pickle.loads(body)
        except Exception:  # noqa: BLE001 - a pickle of another shape: the build starts from nothing
            return None
        finally:
            if collecting:
                gc.enable()

    def forget_state(self) -> None:
        """The saved state no longer describes the build folder (its files are being rewritten)."""
        (self.root / STATE_HEAD).unlink(missing_ok=True)


class _Hashing:
    """A file being written, and the digest and size of what was written to it."""

    def __init__(self, file: Any) -> None:
        self.file, self.hash, self.size = file, hashlib.sha256(), 0

    def write(self, data: bytes) -> int:
        self.hash.update(data)
        self.size += len(data)
        return self.file.write(data)


def compiled_templates(build: Path) -> jinja2.BytecodeCache:
    """Jinja's compiled templates, kept in the build's cache (``cache/jinja/``) for the next build's processes.

    Compiling the templates a warm build uses (this generator's and the theme's)
    costs more than rendering the few pages that changed. Jinja trusts a
    compiled template only under its own version and the checksum of the
    template's source, and compiles again one it cannot read.
    """
    return _CompiledTemplates(str(build / FOLDER / TEMPLATES))


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in a folder made only when a template is first kept: never before
    the build has checked that its folder is its own (safety.py)."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        os.makedirs(self.directory, exist_ok=True)
        super().dump_bytecode(bucket)


def _kill_if(step: str) -> None:
    """Tests only: die here, as a killed build would (SIGKILL: no clean-up runs)."""
    if os.environ.get(KILL_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def page_keys(config: bytes, pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each page's key: its generated Markdown (``pages``: path and digest), the generated MkDocs config
    (navigation, settings) and the generator."""
    theme = digest(generator_key().encode() + b"\0" + config)
    return {page: digest(f"{theme}\0{page}\0{text}".encode()) for page, text in pages}


def index_file_key(search: str, path: str) -> str:
    """The key of one file of Pagefind's index: the index's key, and its path in it."""
    return digest(f"{search}\0{path}".encode())


def search_key(records: Iterable[tuple[str, str]]) -> str:
    """The key of Pagefind's index: every search record (path and digest, in order of path), and the generator
    (Pagefind's version is among its packages)."""
    h = hashlib.sha256(generator_key().encode())
    for path, text in records:
        h.update(f"\0{path}\0{text}".encode())
    return h.hexdigest()
