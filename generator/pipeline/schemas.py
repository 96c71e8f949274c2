"""JSON Schemas of the content files, generated from the models.

Editors' tools (VS Code with the YAML extension) read them through the
``# yaml-language-server: $schema=…`` line at the top of each content file and
offer completion and red underlines. ``cchc schemas`` rewrites them; a test
fails when they drift from the models.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.scaffolding import SCHEMA_DIR, modeline
from ..core.portal import Portal
from ..core.site import SearchAliases, Site
from .registry import KINDS as CONTENT_KINDS

# schema → (model, where such files live in a content folder): the site's own files and every kind's
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "site": (Site, "site.yml"),
    "search": (SearchAliases, "search.yml"),
    "portal": (Portal, "portal.yml (ở thư mục chứa thư mục của các cơ quan)"),
    **{kind.schema: (kind.model, kind.files + (" (front matter)" if kind.suffix == ".md" else ""))
       for kind in CONTENT_KINDS},
}


def schema(kind: str) -> dict[str, Any]:
    model, where = KINDS[kind]
    result = model.model_json_schema()
    result["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    result["$id"] = f"{kind}.schema.json"
    result["description"] = f"{(model.__doc__ or '').strip().splitlines()[0]} Tệp: {where}."
    return result


def schema_text(kind: str) -> str:
    return json.dumps(schema(kind), ensure_ascii=False, indent=2) + "\n"


def write_all(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written


def add_modelines(root: Path) -> list[Path]:
    """Give every YAML file of a content folder its modeline (once)."""
    changed = []
    for kind, (_, pattern) in KINDS.items():
        if not pattern.endswith(".yml"):
            continue
        for path in sorted(root.glob(pattern)):
            text = path.read_text(encoding="utf-8")
            line = modeline(path, kind)
            if not text.startswith("# yaml-language-server:"):
                path.write_text(f"{line}\n{text}", encoding="utf-8")
                changed.append(path)
    return changed
