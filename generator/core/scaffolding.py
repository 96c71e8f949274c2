"""``cchc new``: ready-to-fill content files for editors, for any kind that offers one.

Each file has every required field, a comment naming it in Vietnamese (taken
from the model, so the help never drifts from the schema), an ASCII file name
and, for dated content, the current time in +07:00. A kind's scaffold is a
template ``templates/new/<kind>.<yml|md>.j2``.

A value that would make a file ``cchc validate`` rejects once its blanks are
filled (a procedure code of the wrong form, a title with no letter to name the
file by) is refused before anything is written, with the model's own reason.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import checking, fields, resources
from .pages import ENV
from .vietnamese import TZ, slugify

SCHEMA_DIR = resources.SCHEMAS


class Refused(ValueError):
    """A value ``cchc new`` cannot make a valid file from; the message says why, in Vietnamese."""


def checked(model: type[BaseModel], name: str, value: str) -> str:
    """``value`` for the field ``name`` of ``model``, refused if that field would not take it."""
    problems = checking.field_problems(model, name, value)
    if problems:
        raise Refused(f"{model.model_fields[name].title} ({name}): {'; '.join(problems)}")
    return value


def slug(value: str, what: str, length: int | None = None) -> str:
    """The slug a new file is named by, made from ``value`` (``what`` the editor typed, for the message).

    At most ``length`` characters, cut between words. Refused when nothing is
    left of it («!!!»): the file would have no name, or a date with a trailing
    dash that ``cchc validate`` rejects.
    """
    made = slugify(value)[:length].rstrip("-")
    try:
        TypeAdapter(fields.Slug).validate_python(made)
    except ValidationError:
        raise Refused(f"«{value}» không có chữ cái hay chữ số nào để đặt tên tệp; hãy ghi {what} bằng chữ") from None
    return made


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
    # Scaffolds are YAML and Markdown source, not HTML: no escaping. A value the editor typed is written as a
    # JSON string, which YAML reads back as it was, quotes and backslashes included.
    env = ENV.overlay(autoescape=False, finalize=None)
    env.filters = {**env.filters, "quoted": lambda value: json.dumps(value, ensure_ascii=False)}
    return env.get_template(template).render(**context)


def schema_dir(content_file: Path) -> Path:
    """The JSON Schemas for a content file: its repository's own, or the generator's.

    An agency's repository made by ``cchc init`` holds them in ``schemas/``
    (the nearest folder above the file that has ``schemas/site.schema.json``),
    since the installed package lies outside it; this checkout's content
    points at ``generator/schemas/``.
    """
    folder = content_file.resolve().parent
    found = next((p / "schemas" for p in (folder, *folder.parents) if (p / "schemas" / "site.schema.json").is_file()),
                 None)
    return found or SCHEMA_DIR


def modeline(content_file: Path, schema: str) -> str:
    """The first line that points a YAML file at its JSON Schema, relative to the file."""
    target = os.path.relpath(schema_dir(content_file) / f"{schema}.schema.json", content_file.resolve().parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"


def new_record(root: Path, schema: str, folder: str, stem: str, now: dt.datetime | None, **context: Any) -> Path:
    """A YAML record from ``new/<schema>.yml.j2`` in ``folder``, pointing at its JSON Schema."""
    return new_file(root / folder / f"{stem}.yml", schema, now, **context)


def new_file(path: Path, schema: str, now: dt.datetime | None, **context: Any) -> Path:
    """A YAML file from ``new/<schema>.yml.j2`` (a record, or a kind's single file), pointing at its JSON Schema."""
    today = (now or dt.datetime.now(TZ)).astimezone(TZ).date()
    return write_new(path, render(f"new/{schema}.yml.j2", today=today.isoformat(), year=today.year,
                                  modeline=modeline(path, schema), **context))
