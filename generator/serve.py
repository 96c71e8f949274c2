"""``cchc serve``: the site on a local address, rebuilt as soon as content changes (preview.py)."""

from __future__ import annotations

import logging
import sys

import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import build
from .errors import ContentErrors
from .preview import Preview


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, told of changes by the operating system (inotify on Linux).

    MkDocs polls: it stats every file of the content folder, every interval.
    With thousands of files that keeps a core busy and delays the rebuild.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.observer = watchdog.observers.Observer()


def rebuild(preview: Preview) -> list[str]:
    """One rebuild after an edit; content errors are printed and the site is left as it was."""
    try:
        return preview.rebuild()
    except ContentErrors as exc:
        for err in exc.errors:
            print(err.text(preview.paths.content), file=sys.stderr)
        return []


def serve(paths: build.Paths, host: str, port: int) -> int:
    logging.getLogger("cchc").setLevel(logging.INFO)
    preview = Preview(paths)
    preview.build()
    server = _Server(builder=lambda: rebuild(preview), host=host, port=port, root=str(paths.site))
    server.build_delay = 0.05
    server.watch(str(paths.content))
    print(f"Xem trước tại http://{host}:{port}/ — sửa tệp trong {paths.content} để dựng lại.")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0
