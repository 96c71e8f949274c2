"""``cchc new``: ready-to-fill content files for editors.

Each file has every required field, a comment naming it in Vietnamese (taken
from the model, so the help never drifts from the schema), an ASCII file name
and, for news, the current time in +07:00.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel

from . import models, schemas
from .render import ENV
from .vietnamese import TZ, slugify


def _help(model: type[BaseModel]):
    """A template function: the comment for one field of ``model``."""

    def field_help(name: str) -> str:
        info = model.model_fields[name]
        required = "bắt buộc" if info.is_required() else "không bắt buộc"
        text = f"# {info.title} ({required})"
        return f"{text}: {info.description}" if info.description else text

    return field_help


def _write(path: Path, text: str) -> Path:
    if path.exists():
        raise FileExistsError(f"tệp {path} đã có; chọn tên khác hoặc sửa tệp đó")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _render(template: str, **context) -> str:
    # Scaffolds are YAML and Markdown source, not HTML: no escaping.
    return ENV.overlay(autoescape=False, finalize=None).get_template(template).render(**context)


def new_news(root: Path, title: str, now: dt.datetime | None = None) -> Path:
    now = (now or dt.datetime.now(TZ)).astimezone(TZ).replace(microsecond=0)
    path = root / "news" / f"{now:%Y-%m-%d}-{slugify(title)}.md"
    return _write(path, _render("new/news.md.j2", title=title, date=now.isoformat(), help=_help(models.NewsMeta)))


def _new_record(root: Path, kind: str, folder: str, stem: str, now: dt.datetime | None, **context) -> Path:
    """A YAML record from ``new/<kind>.yml.j2``, pointing at its JSON Schema."""
    today = (now or dt.datetime.now(TZ)).astimezone(TZ).date()
    path = root / folder / f"{stem}.yml"
    return _write(path, _render(f"new/{kind}.yml.j2", today=today.isoformat(),
                                modeline=schemas.modeline(path, kind), **context))


def new_procedure(root: Path, code: str, now: dt.datetime | None = None) -> Path:
    return _new_record(root, "procedure", "procedures", code, now, code=code, help=_help(models.Procedure),
                       method=_help(models.Method), document=_help(models.DocumentItem),
                       legal=_help(models.LegalDoc), levels=[level.value for level in models.Level],
                       online=[o.value for o in models.OnlineLevel])


def new_hotline(root: Path, unit: str, now: dt.datetime | None = None) -> Path:
    return _new_record(root, "hotline", "hotlines", slugify(unit), now, unit=unit, help=_help(models.Hotline),
                       channel=_help(models.Channel), hours=_help(models.Hours),
                       kinds=[k.value for k in models.ChannelKind])
