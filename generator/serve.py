"""Live preview: rebuild when anything in the content folder changes.

Only generated files whose text changed are rewritten, so MkDocs' dirty build
re-renders just those pages: the edited item and every page that lists it.
A change of the page set (a file added or removed) triggers a full build,
since navigation and links may have moved.
"""

from __future__ import annotations

import logging
import sys

from mkdocs.livereload import LiveReloadServer

from . import build
from .errors import ContentErrors

log = logging.getLogger("cchc.serve")


def rebuild(paths: build.Paths, session: build.Session | None = None) -> list[str]:
    """Regenerate, then let MkDocs rebuild what changed. Returns the changed files."""
    try:
        _, changed = build.generate(paths, session=session)
    except ContentErrors as exc:
        for err in exc.errors:
            print(err.text(paths.content), file=sys.stderr)
        return []
    structural = any(not (paths.docs / c).exists() or c == "mkdocs.yml" for c in changed)
    if changed:
        build.build_site(paths, dirty=not structural)
    return changed


def serve(paths: build.Paths, host: str, port: int) -> int:
    logging.getLogger("cchc").setLevel(logging.INFO)
    session = build.Session()
    build.generate(paths, session=session)
    build.build_site(paths)
    server = LiveReloadServer(builder=lambda: rebuild(paths, session), host=host, port=port, root=str(paths.site),
                              polling_interval=0.1)
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
