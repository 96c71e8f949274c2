"""procedures/<code>.yml written with ruamel.yaml's round trip: an edit keeps the editor's comments and layout.

Only the keys an import changes are set; a file whose values did not change is
not written at all, so it stays byte-identical.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ...kinds.procedures import NEEDED, Procedure

MODELINE = "# yaml-language-server: $schema=../../generator/schemas/procedure.schema.json\n"
ORDER = list(Procedure.model_fields)
LACKING = "chưa có trong nguồn: hãy điền"


def _yaml() -> YAML:
    """The layout of the project's content files: lists flush with their key, null written out, long lines kept."""
    yaml = YAML()
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.representer.add_representer(type(None), lambda r, d: r.represent_scalar("tag:yaml.org,2002:null", "null"))
    return yaml


YAML_RT = _yaml()


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    YAML_RT.dump(data, out)
    return out.getvalue()


def new_file(values: dict[str, Any]) -> str:
    """A new procedure: every model field the source gave, and each needed one it lacks, empty and marked."""
    data = CommentedMap()
    for key in ORDER:
        if key == "code":
            data[key] = DoubleQuotedScalarString(values[key])  # as editors write it: a code is no number
        elif values.get(key) not in (None, []):
            data[key] = values[key]
        elif key in NEEDED:
            data[key] = [] if key not in ("field", "online_level", "agency", "result") else None
            data.yaml_add_eol_comment(LACKING, key)
    return MODELINE + dump(data)


def updated(path: Path, changes: dict[str, Any]) -> str:
    """The file at ``path`` with ``changes`` set: a changed key keeps its place, a new one goes in model order."""
    data = YAML_RT.load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if key in data:
            data[key] = value
            continue
        later = ORDER[ORDER.index(key) + 1:] if key in ORDER else []
        place = next((list(data).index(k) for k in later if k in data), len(data))
        data.insert(place, key, value)
    return dump(data)
