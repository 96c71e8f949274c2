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


def new_procedure(root: Path, code: str, now: dt.datetime | None = None) -> Path:
    today = (now or dt.datetime.now(TZ)).astimezone(TZ).date()
    path = root / "procedures" / f"{code}.yml"
    return _write(path, _render("new/procedure.yml.j2", code=code, today=today.isoformat(),
                                modeline=schemas.modeline(path, "procedure"), help=_help(models.Procedure),
                                method=_help(models.Method), document=_help(models.DocumentItem),
                                legal=_help(models.LegalDoc), levels=[level.value for level in models.Level],
                                online=[o.value for o in models.OnlineLevel]))


def new_hotline(root: Path, unit: str, now: dt.datetime | None = None) -> Path:
    today = (now or dt.datetime.now(TZ)).astimezone(TZ).date()
    path = root / "hotlines" / f"{slugify(unit)}.yml"
    return _write(path, _render("new/hotline.yml.j2", unit=unit, today=today.isoformat(),
                                modeline=schemas.modeline(path, "hotline"), help=_help(models.Hotline),
                                channel=_help(models.Channel), hours=_help(models.Hours),
                                kinds=[k.value for k in models.ChannelKind]))
