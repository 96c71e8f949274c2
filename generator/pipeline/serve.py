"""``cchc serve``: the site on a local address, rebuilt as soon as content changes (preview.py).

While the content has errors, the site stays as it was last built and every
page served carries a banner listing them (file:line: field: message), so an
editor looking at the browser, not the terminal, sees why the edit does not
show. The banner goes, and the terminal says so, once the content is fixed.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from . import build, workspace
from ..core.errors import ContentErrors
from .preview import Preview
from ..core.pages import ENV

_BODY = re.compile(rb"<body[^>]*>")
# watchdog's events that change a file: the operating system is asked for these only (inotify's mask)
_CHANGES = [watchdog.events.FileModifiedEvent, watchdog.events.FileCreatedEvent, watchdog.events.FileDeletedEvent,
            watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent]


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, told of changes by the operating system (inotify on Linux).

    MkDocs polls: it stats every file of the content folder, every interval.
    With thousands of files that keeps a core busy and delays the rebuild.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.observer = watchdog.observers.Observer()
        self.banner = b""  # the error list shown on every page, while there are errors
        self.backend: workspace.LocalBackend | None = None  # the workspace's repository, when it can be used
        # decap-server checks branches out in the content's working tree for a moment: no rebuild meanwhile, or
        # it would read half of one branch and half of another
        self.git_lock = threading.Lock()
        self.request = threading.local()  # what the request this thread serves is for

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        """MkDocs' ``watch``, woken by changes only.

        inotify also reports a file opened and closed unwritten; MkDocs rebuilds on any event, so a
        rebuild that reads a content file would set off the next one, for ever. Those events are not even
        asked for: anything that reads the 5,000 files of a province's content (git, an editor's search, the
        rebuild itself) would queue 10,000 of them, and the next edit would wait for the watcher to go through them.
        """
        path = os.path.abspath(path)

        def changed(event: watchdog.events.FileSystemEvent) -> None:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self._watched_paths[path] = 1
        self._watch_refs[path] = self.observer.schedule(handler, path, recursive=recursive, event_filter=_CHANGES)

    def serve_request(self, environ: dict, start_response):  # type: ignore[no-untyped-def]
        """The workspace's requests to its repository go to decap-server (workspace.LocalBackend)."""
        if self.backend and environ["REQUEST_METHOD"] == "POST" and \
                environ["PATH_INFO"].endswith(f"/{workspace.FOLDER}/api/v1"):
            body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
            with self.git_lock:
                status, answer = self.backend.forward(body)
            start_response(f"{status} {'OK' if status < 400 else 'Error'}",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(answer)))])
            return [answer]
        self.request.workspace = environ["PATH_INFO"].startswith(f"/{workspace.FOLDER}/")
        return super().serve_request(environ, start_response)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        if self.request.workspace:  # its policy refuses inline scripts, and it must not reload while editing
            return content
        content = super()._inject_js_into_html(content, epoch)
        body = _BODY.search(content)
        if not self.banner or body is None:
            return content
        return content[:body.end()] + self.banner + content[body.end():]


def rebuild(preview: Preview, server: _Server) -> list[str]:
    """One rebuild after an edit; content errors are printed, shown on every page, and the site is left as it was."""
    root = preview.paths.content
    try:
        with server.git_lock:
            changed = preview.rebuild()
    except ContentErrors as exc:
        lines = [err.text(root) for err in exc.errors]
        print("\n".join(lines), file=sys.stderr)
        server.banner = ENV.get_template("preview_errors.html.j2").render(errors=lines).encode("utf-8")
        return []
    if server.banner:
        server.banner = b""
        print("Đã hết lỗi: nội dung hợp lệ, bản xem trước đã cập nhật.", file=sys.stderr)
    return changed


def serve(paths: build.Paths, host: str, port: int) -> int:
    logging.getLogger("cchc").setLevel(logging.INFO)
    preview = Preview(paths)
    preview.build()
    server = _Server(builder=lambda: rebuild(preview, server), host=host, port=port, root=str(paths.site))
    # the rebuild starts once no change has come for this long: a save, or a checkout's burst of files, comes in
    # well under it (each file's events within a millisecond), and every edit waits for it
    server.build_delay = 0.01
    server.watch(str(paths.content))
    print(f"Xem trước tại http://{host}:{port}/ — sửa tệp trong {paths.content} để dựng lại.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stopped by a signal too, decap-server stops with it
    backend = workspace.start_local_backend(paths.content)
    if isinstance(backend, str):
        print(f"Khu soạn thảo {workspace.FOLDER}/ chỉ xem được, không lưu được trên máy: {backend}.")
    else:
        server.backend = backend
        print(f"Khu soạn thảo: {server.url}{workspace.FOLDER}/ — mỗi lần lưu là một nhánh cms/… trong kho của "
              f"{paths.content}.")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        if server.backend:
            server.backend.stop()
    return 0
