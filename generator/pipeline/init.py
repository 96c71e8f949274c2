"""``cchc init FOLDER``: a new agency's repository, with its content only, that builds at once.

An agency's repository holds its content and configuration and names the
version of ``cchc`` it is built with, as Hugo and MkDocs sites do; it never
holds a copy of the generator, so upgrading is changing that version and
running ``cchc upgrade``, never merging code. The files come from the
templates in ``templates/init/``; the examples of the kinds the content does
not start with come from ``cchc new`` itself, into ``vi-du/``, which is not built.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from ..core import resources, scaffolding
from ..core.checking import field_problems
from ..core.site import Site
from ..core.vietnamese import TZ, slugify
from . import schemas
from .registry import KINDS

# The three kinds of agency the template knows, and the level their procedures are at (after 1 July 2025).
AGENCY_KINDS = {"so": ("sở", "tỉnh"), "ubnd-tinh": ("UBND tỉnh", "tỉnh"), "ubnd-xa": ("UBND xã", "xã")}
# Examples of the kinds the new content does not start with, from ``cchc new``: (schema, the value it asks for).
# The kinds ``cchc new`` does not make (plans, pages, indices) have an example of their own in templates/init/vi-du/.
EXAMPLES = [("document", "45/2020/NĐ-CP"), ("draft", "Ví dụ: dự thảo kế hoạch cải cách hành chính"),
            ("question", "Ví dụ: nộp hồ sơ trực tuyến ở đâu?"), ("hotline", "Ví dụ: Bộ phận Một cửa"),
            ("holidays", ""), ("reception", ""), ("organisation", "")]


class Refused(ValueError):
    """What makes ``cchc init`` write nothing, in Vietnamese."""


@dataclasses.dataclass(frozen=True)
class Question:
    """One thing ``cchc init`` needs: its option, how it asks for it, and how it checks the answer."""

    key: str
    prompt: str
    check: Callable[[str], list[str]]
    optional: bool = False
    clean: Callable[[str], str] = str.strip  # the answer as written into the files


def _site_field(name: str) -> Callable[[str], list[str]]:
    """Check an answer as ``cchc validate`` will check that field of site.yml."""
    return lambda value: field_problems(Site, name, value)


def _base_url(value: str) -> list[str]:
    return _site_field("base_url")(value) or ([] if value.endswith("/") else ["địa chỉ trang phải kết thúc bằng dấu /"])


def _kind_key(value: str) -> str:
    """The option's key for a kind typed as the key («ubnd-xa») or as its name («UBND xã»)."""
    typed = value.strip().casefold()
    return next((key for key, (label, _) in AGENCY_KINDS.items() if typed in (key, label.casefold())), typed)


def _kind(value: str) -> list[str]:
    return [] if _kind_key(value) in AGENCY_KINDS else [
        "chọn một trong: " + ", ".join(f"{key} ({label})" for key, (label, _) in AGENCY_KINDS.items())]


QUESTIONS = [
    Question("name", "Tên cơ quan (ví dụ: Sở Nội vụ tỉnh Lai Châu)", _site_field("name")),
    Question("short_name", "Tên viết tắt (ví dụ: Sở Nội vụ)", _site_field("short_name")),
    Question("parent", "Cơ quan chủ quản (ví dụ: UBND tỉnh Lai Châu; để trống nếu không có)", lambda v: [], True),
    Question("province", "Tỉnh, thành phố", _site_field("province")),
    Question("kind", "Loại cơ quan: so (sở), ubnd-tinh (UBND tỉnh) hay ubnd-xa (UBND xã)", _kind, clean=_kind_key),
    Question("domain", "Tên miền của cơ quan (ví dụ: snv.laichau.gov.vn)", _site_field("id_authority")),
    Question("base_url", "Địa chỉ trang (ví dụ: https://cchc.snv.laichau.gov.vn/)", _base_url),
    Question("address", "Địa chỉ trụ sở", _site_field("address")),
    Question("phone", "Điện thoại (đường dây nóng chính)", _site_field("phone")),
    Question("email", "Thư điện tử", _site_field("email")),
]


def ask(given: dict[str, str | None], interactive: bool) -> dict[str, str]:
    """Every answer, from the options or (at a terminal) by asking; all problems at once otherwise."""
    answers, problems = {}, []
    for question in QUESTIONS:
        value = given.get(question.key)
        while value is None and interactive:
            try:
                value = input(f"{question.prompt}: ").strip()
            except EOFError:  # Ctrl+D: the maintainer stops answering
                raise Refused("đã dừng trước khi trả lời hết; chưa ghi gì") from None
            found = [] if question.optional and not value else question.check(value)
            if found:
                print(f"  Chưa đúng: {'; '.join(found)}. Hãy nhập lại.")
                value = None
        value = (value or "").strip()
        found = [] if question.optional and not value else question.check(value)
        if found:
            problems.append(f"--{question.key.replace('_', '-')} ({question.prompt}): {'; '.join(found)}")
        answers[question.key] = question.clean(value)
    if problems:
        raise Refused("thiếu hoặc sai:\n  " + "\n  ".join(problems))
    return answers


def requirement(version: str) -> str:
    """What the workflows install: this version's wheel from its GitHub release (no package index assumed)."""
    return f"cchc-site @ {resources.repository()}/releases/download/v{version}/cchc_site-{version}-py3-none-any.whl"


def write_schemas(repo: Path) -> list[Path]:
    """The JSON Schemas of this version into the repository, and the editor settings that map files to them."""
    written = schemas.write_all(repo / "schemas")
    mapping = {f"./schemas/{kind}.schema.json": f"content/{pattern.split(' ')[0]}"
               for kind, (_, pattern) in schemas.KINDS.items() if pattern.endswith(".yml")}
    settings = repo / ".vscode" / "settings.json"
    settings.parent.mkdir(exist_ok=True)
    settings.write_text(json.dumps({"yaml.schemas": mapping, "files.encoding": "utf8", "files.eol": "\n"},
                                   ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [*written, settings]


# What the new repository holds, by its path there, and the template in templates/init/ (without .j2) it comes
# from; the content's hotline and example news item are named by the answers and the day (in ``init``).
FILES = {"content/site.yml": "content/site.yml", "content/agencies.yml": "content/agencies.yml",
         "content/procedures/1.000000.yml": "content/procedure.yml", "README.md": "README.md",
         "Makefile": "Makefile", ".gitignore": "gitignore", "vi-du/README.md": "vi-du-README.md",
         **{f"vi-du/{name}": f"vi-du/{name}" for name in ("plans/ke-hoach.yml", "pages/gioi-thieu.md", "indices.yml")},
         **{f".github/workflows/{name}.yml": f"workflows/{name}.yml" for name in ("pull-request", "deploy", "nightly")}}


def _context(answers: dict[str, str], today: dt.date) -> dict[str, object]:
    """What the templates fill in: the answers, and what follows from them."""
    version = resources.version()
    initials = "".join(word[0] for word in slugify(answers["short_name"]).split("-") if word).upper()
    return {**answers, "today": today.isoformat(), "today_vn": today.strftime("%d/%m/%Y"), "year": today.year,
            "version": version, "requirement": requirement(version), "repository": resources.repository(),
            "hotline": slugify(answers["short_name"]) or "duong-day-nong", "level": AGENCY_KINDS[answers["kind"]][1],
            "symbol": initials, "agency_id": slugify(answers["name"]),
            "parent_id": slugify(answers["parent"]) if answers["parent"] else ""}


def init(repo: Path, answers: dict[str, str], now: dt.datetime | None = None) -> list[Path]:
    """Write the new repository; refuse a folder that already holds anything."""
    if repo.exists() and (not repo.is_dir() or any(repo.iterdir())):
        raise Refused(f"«{repo}» đã có (là một tệp, hoặc thư mục có tệp); cchc init chỉ ghi vào thư mục mới hoặc trống")
    now = now or dt.datetime.now(TZ)
    context = _context(answers, now.astimezone(TZ).date())
    files = {**FILES, f"content/hotlines/{context['hotline']}.yml": "content/hotline.yml",
             f"content/news/{context['today']}-vi-du.md": "content/news.md"}
    written = [scaffolding.write_new(repo / path, scaffolding.render(f"init/{template}.j2", **context))
               for path, template in files.items()]
    written += write_schemas(repo)
    by_schema = {kind.schema: kind for kind in KINDS}
    written += [by_schema[schema].scaffold(repo / "vi-du", value, now) for schema, value in EXAMPLES]
    return written
