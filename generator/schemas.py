"""JSON Schemas of the content files, generated from the models.

Editors' tools (VS Code with the YAML extension) read them through the
``# yaml-language-server: $schema=…`` line at the top of each content file and
offer completion and red underlines. ``cchc schemas`` rewrites them; a test
fails when they drift from the models.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import models

SCHEMA_DIR = Path(__file__).parent / "schemas"

# kind → (model, where such files live in a content folder)
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "site": (models.Site, "site.yml"),
    "indices": (models.Indices, "indices.yml"),
    "search": (models.SearchAliases, "search.yml"),
    "plan": (models.Plan, "plans/*.yml"),
    "hotline": (models.Hotline, "hotlines/*.yml"),
    "procedure": (models.Procedure, "procedures/*.yml"),
    "news": (models.NewsMeta, "news/*.md (front matter)"),
    "page": (models.PageMeta, "pages/*.md (front matter)"),
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


def modeline(content_file: Path, kind: str) -> str:
    """The first line that points a YAML file at its schema, relative to the file."""
    target = os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", content_file.resolve().parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"


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
