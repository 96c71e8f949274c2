"""``cchc new``: ready-to-fill content files for editors, for any kind that offers one.

Each file has every required field, a comment naming it in Vietnamese (taken
from the model, so the help never drifts from the schema), an ASCII file name
and, for dated content, the current time in +07:00. A kind's scaffold is a
template ``templates/new/<kind>.<yml|md>.j2``.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .pages import ENV
from .vietnamese import TZ

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"


def field_help(model: type[BaseModel]) -> Callable[[str], str]:
    """A template function: the comment for one field of ``model``."""

    def help_for(name: str) -> str:
        info = model.model_fields[name]
        required = "bắt buộc" if info.is_required() else "không bắt buộc"
        text = f"# {info.title} ({required})"
        return f"{text}: {info.description}" if info.description else text

    return help_for


def write_new(path: Path, text: str) -> Path:
    """Write a new file; never over one that exists."""
    if path.exists():
        raise FileExistsError(f"tệp {path} đã có; chọn tên khác hoặc sửa tệp đó")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(template: str, **context: Any) -> str:
    # Scaffolds are YAML and Markdown source, not HTML: no escaping.
    return ENV.overlay(autoescape=False, finalize=None).get_template(template).render(**context)


def modeline(content_file: Path, schema: str) -> str:
    """The first line that points a YAML file at its JSON Schema, relative to the file."""
    target = os.path.relpath(SCHEMA_DIR / f"{schema}.schema.json", content_file.resolve().parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"


def new_record(root: Path, schema: str, folder: str, stem: str, now: dt.datetime | None, **context: Any) -> Path:
    """A YAML record from ``new/<schema>.yml.j2`` in ``folder``, pointing at its JSON Schema."""
    return new_file(root / folder / f"{stem}.yml", schema, now, **context)


def new_file(path: Path, schema: str, now: dt.datetime | None, **context: Any) -> Path:
    """A YAML file from ``new/<schema>.yml.j2`` (a record, or a kind's single file), pointing at its JSON Schema."""
    today = (now or dt.datetime.now(TZ)).astimezone(TZ).date()
    return write_new(path, render(f"new/{schema}.yml.j2", today=today.isoformat(), year=today.year,
                                  modeline=modeline(path, schema), **context))
