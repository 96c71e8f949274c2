"""procedures/<code>.yml written with ruamel.yaml's round trip: an edit keeps the editor's comments and layout.

Only the keys an import changes are set; a file whose values did not change is
not written at all, so it stays byte-identical.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ...core.scaffolding import modeline
from ...kinds.procedures import NEEDED, Procedure

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


class _Dumper(yaml.CSafeDumper):
    """libyaml's emitter, never writing an anchor (a date shared by two fields is written twice)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: CommentedMap) -> str:
    out = io.StringIO()
    YAML_RT.dump(data, out)
    return out.getvalue()


def new_file(path: Path, values: dict[str, Any]) -> str:
    """A new procedure: every model field the source gave, and each needed one it lacks, empty and marked.

    Nothing is kept from before, so libyaml's emitter writes it (ruamel's round trip took 8 ms a file, 4 s for a
    700-row list), in the same layout; the code is quoted as editors quote it, and the gaps get their comment.
    """
    data: dict[str, Any] = {}
    lacking = []
    for key in ORDER:
        if values.get(key) not in (None, []):
            data[key] = values[key]
        elif key in NEEDED:
            data[key] = [] if key not in ("field", "online_level", "agency", "result") else None
            lacking.append(key)
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096)
    text = re.sub(r"^code: .*$", lambda _: f'code: "{values["code"]}"', text, count=1, flags=re.M)
    for key in lacking:
        text = re.sub(rf"^({key}: (null|\[\]))$", rf"\1  # {LACKING}", text, count=1, flags=re.M)
    return f"{modeline(path, 'procedure')}\n{text}"  # an agency's repository has its own schemas/


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
