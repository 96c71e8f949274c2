"""The editors' workspace at ``quan-tri/``: Decap CMS, with forms generated from the models.

Editors change the site through forms instead of typing YAML. The forms come
from the same pydantic models that validate the content and give the JSON
Schemas (schemas.py), read through those JSON Schemas: a field's Vietnamese
title is its label, its description the hint, allowed values a select showing
their meaning (``fields.MEANINGS``), a pattern a check with the words of
``fields.PATTERN_FORMS``. ``cchc workspace`` writes them to
``generator/workspace/collections.yml``; a test fails when that file drifts
from the models.

A build copies Decap's files from ``node_modules`` (``npm ci``, pinned by
package-lock.json) into the site beside a page and its settings, made of
those collections and the site's own settings (repository, branch, sign-in
relay), ``config.json``: nothing is loaded from another host. Every save is a pull request
(``editorial_workflow``).

Decap's own search reads every file of a collection before it answers
(seconds at province scale, a GitHub request per file the first time), so
the build also writes a small index of the published records
(``tim-nhanh.json``) for the page's quick finder, which finds a procedure by
code or name as the editor types and opens its form by address. The wheel
carries Decap's files; decap-server, for ``cchc serve``, it does not.

What a form cannot hold well is chosen here, once: a structure nested in
itself (a plan's sections, an organisation's units) is offered two levels
deep, and a value of several possible shapes (a reception rule, a task's due
date) as one group holding every shape's fields (the pull-request check
tells which combination is wrong). CONTRIBUTING.md says so to editors.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import material as material_theme
import yaml
from pydantic import BaseModel

from ..core import fields, resources
from ..core.content import Content
from ..core.pages import ENV, Memo, Output
from .registry import KINDS
from .schemas import KINDS as SCHEMAS

FOLDER = "quan-tri"   # the workspace's address in the site; never linked from a citizen's page
# Where npm puts the packages (package.json at the repository's top), or where the wheel carries Decap's files
# (pyproject.toml's [tool.cchc-site] ship lists the same patterns); Decap's files are copied from its dist/.
NODE_MODULES = resources.shipped("node_modules")
DECAP_DIST = NODE_MODULES / "decap-cms" / "dist"
DECAP_FILES = ("decap-cms.js", "decap-cms.js.LICENSE.txt", "[0-9]*.decap-cms.js", "*.wasm")
# decap-server, for cchc serve: npm installs it in a checkout; the wheel does not carry it (116 packages, 13 MB of
# Node.js code for one command), so beside an installed cchc it is installed once, globally (DECAP_SERVER_HOW)
DECAP_SERVER = NODE_MODULES / "decap-server" / "dist" / "index.js"
DECAP_SERVER_VERSION = "3.11.3"  # package.json's, which a test compares
DECAP_SERVER_HOW = (f"chưa có decap-server: cài một lần bằng «npm install --global decap-server@{DECAP_SERVER_VERSION}»"
                    " (cần Node.js và npm), hoặc chạy «npm ci» nếu đây là kho của bộ sinh trang")
HERE = Path(__file__).resolve().parent.parent / "workspace"   # the committed collections, script and style
COLLECTIONS = HERE / "collections.yml"
OWN_FILES = ("workspace.js", "workspace.css", "preview.css")
MEDIA = "assets/anh"  # where uploads go, inside the content folder
DEPTH = 2  # how many times a structure nested in itself is offered inside itself
FINDER = "tim-nhanh.json"  # the quick finder's index (workspace.js): every record's collection, file and words

log = logging.getLogger("cchc")

# What a folder of records is called, how a new file is named (as ``cchc new`` names it: a slug of the title, a
# procedure by its code), and which field names an entry in the lists.
FOLDERS: dict[str, dict[str, Any]] = {
    "news": {"label": "Tin tức", "slug": "{{year}}-{{month}}-{{day}}-{{title}}", "identifier_field": "title",
             "summary": "{{title}} — {{date | date('DD/MM/YYYY')}}", "sortable_fields": ["date", "title"],
             "view_filters": [{"label": "Bản nháp", "field": "draft", "pattern": True}]},
    "procedures": {"label": "Thủ tục hành chính", "slug": "{{code}}", "identifier_field": "name",
                   "summary": "{{code}} · {{name}}", "sortable_fields": ["code", "name"],
                   "view_groups": [{"label": "Lĩnh vực", "field": "field"}]},
    "hotlines": {"label": "Đường dây nóng", "slug": "{{unit}}", "identifier_field": "unit"},
    "plans": {"label": "Kế hoạch", "slug": "{{title}}", "identifier_field": "title"},
    "progress": {"label": "Tiến độ kế hoạch", "identifier_field": "note", "create": False},
    "documents": {"label": "Văn bản", "slug": "{{number}}", "identifier_field": "number",
                  "summary": "{{number}} · {{abstract}}"},
    "questions": {"label": "Hỏi đáp", "slug": "{{question}}", "identifier_field": "question"},
    "drafts": {"label": "Dự thảo lấy ý kiến", "slug": "{{title}}", "identifier_field": "title"},
    "pages": {"label": "Trang thông tin", "slug": "{{title}}", "identifier_field": "title"},
}
# The fields the quick finder searches and shows, where not only the collection's identifier_field: Decap's own
# search reads every file of a collection (its issues #2350, #4097, #5920), seconds at province scale.
FIND: dict[str, tuple[str, ...]] = {"procedures": ("code", "name", "field"), "news": ("title", "date"),
                                    "documents": ("number", "abstract")}
SINGLE_FILES = {"site": "Thông tin cơ quan (site.yml)", "search": "Từ thường dùng khi tìm kiếm (search.yml)",
                "indices": "Chỉ số cải cách hành chính", "reception": "Lịch tiếp công dân",
                "holidays": "Ngày nghỉ lễ", "organisation": "Cơ cấu tổ chức", "agencies": "Sổ đăng ký cơ quan"}


def _label(title: str | None, name: str) -> str:
    text = title or name
    return text[:1].upper() + text[1:]


class _Fields:
    """The Decap fields of one model's JSON Schema."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs = schema.get("$defs", {})

    def of(self, schema: dict[str, Any], trail: tuple[str, ...] = (), loose: bool = False) -> list[dict[str, Any]]:
        """Every property of an object schema, in the model's order.

        ``loose``: the object itself may be left out. Decap would still demand its required fields, so an
        editor could not save without filling a group the model lets them omit; the check does it instead.
        """
        required = set(() if loose else schema.get("required", ()))
        made = (self.field(name, prop, name in required, trail) for name, prop in schema.get("properties", {}).items())
        return [f for f in made if f is not None]

    def _resolve(self, prop: dict[str, Any], trail: tuple[str, ...]) -> tuple[dict[str, Any], tuple[str, ...]] | None:
        """A property without its ``null`` alternative and its ``$ref``; None once it has nested deep enough."""
        alternatives = [a for a in prop.get("anyOf") or prop.get("oneOf") or [prop] if a.get("type") != "null"]
        if len(alternatives) > 1:  # several shapes: one group holding every shape's fields
            shapes = [self._resolve(a, trail) for a in alternatives]
            merged: dict[str, Any] = {"type": "object", "properties": {}, "x-shapes": True}
            for shape, _ in filter(None, shapes):
                for name, field in shape.get("properties", {}).items():
                    merged["properties"][name] = _either(merged["properties"].get(name), field)
            return {**prop, **merged, "anyOf": None, "oneOf": None}, trail
        target = alternatives[0]
        if "$ref" in target:
            name = target["$ref"].rsplit("/", 1)[1]
            if trail.count(name) >= DEPTH:
                return None
            # a model's docstring (its JSON Schema description) is for developers: the hint is the field's own
            own = {"title": prop.get("title"), "description": prop.get("description")}
            return {**prop, **self.defs[name], **own}, trail + (name,)
        return {**prop, **target, "title": prop.get("title") or target.get("title")}, trail

    def field(self, name: str, prop: dict[str, Any], required: bool, trail: tuple[str, ...]) -> dict[str, Any] | None:
        resolved = self._resolve(prop, trail)
        if resolved is None:
            return None
        prop, trail = resolved
        made: dict[str, Any] = {"name": name, "label": _label(prop.get("title"), name)}
        if prop.get("description"):
            made["hint"] = prop["description"]
        if not required:
            made["required"] = False
        made.update(self.widget(prop, trail, loose=not required))
        if "default" in prop and prop["default"] not in (None, [], "") and made["widget"] in ("boolean", "select",
                                                                                           "number", "string"):
            made["default"] = prop["default"]
        return made

    def widget(self, prop: dict[str, Any], trail: tuple[str, ...], loose: bool = False) -> dict[str, Any]:
        """The widget and its options for one resolved property."""
        values = prop.get("enum") or ([prop["const"]] if prop.get("const") is not None else None)
        kind = prop.get("type")
        if values:
            return {"widget": "select", "options": [_option(v) for v in values]}
        if kind == "object" or "properties" in prop:
            group: dict[str, Any] = {"widget": "object", "collapsed": bool(trail),
                                     "fields": self.of(prop, trail, loose or bool(prop.get("x-shapes")))}
            if prop.get("x-shapes"):
                group["hint"] = ("Chỉ điền các ô của một dạng; kiểm tra khi tạo yêu cầu hợp nhất (pull request) sẽ "
                                 "báo nếu kết hợp không đúng")
            return group
        if kind == "array":
            return self._list(prop, trail)
        if kind == "boolean":
            return {"widget": "boolean"}
        if kind in ("integer", "number"):
            made = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            made.update({key: prop[source] for key, source in (("min", "minimum"), ("max", "maximum"))
                         if source in prop})
            return made
        return self._text(prop)

    def _list(self, prop: dict[str, Any], trail: tuple[str, ...]) -> dict[str, Any]:
        if "discriminator" in prop.get("items", {}):
            return self._typed_list(prop["items"], trail)
        items = self._resolve(prop.get("items", {}), trail)
        if items is None:
            return {"widget": "list"}
        item, inner = items
        made: dict[str, Any] = {"widget": "list"}
        made.update({key: prop[source] for key, source in (("min", "minItems"), ("max", "maxItems")) if source in prop})
        values = item.get("enum")
        if values:
            return {"widget": "select", "multiple": True, "options": [_option(v) for v in values],
                    **({"min": prop["minItems"]} if "minItems" in prop else {})}
        if item.get("type") == "object" or "properties" in item:
            made["fields"] = self.of(item, inner)
            made["collapsed"] = True
            made["summary"] = _summary(made["fields"])
        else:
            made["field"] = {"name": "value", "label": _label(item.get("title") or prop.get("title"), "value"),
                             **self.widget(item, inner)}
        return made

    def _typed_list(self, items: dict[str, Any], trail: tuple[str, ...]) -> dict[str, Any]:
        """A list whose items have several shapes told apart by one key (a task's due dates): Decap's typed list.

        The editor picks the shape when adding an item; the key is written from it.
        """
        key = items["discriminator"]["propertyName"]
        names = {ref: value for value, ref in items["discriminator"]["mapping"].items()}
        types = []
        for alternative in items["oneOf"]:
            resolved = self._resolve(alternative, trail)
            if resolved is None:
                continue
            shape, inner = resolved
            value = names[alternative["$ref"]]
            types.append({"name": value, "label": _option(value)["label"], "widget": "object",
                          "fields": [f for f in self.of(shape, inner) if f["name"] != key]})
        return {"widget": "list", "typeKey": key, "types": types, "collapsed": True}

    @staticmethod
    def _text(prop: dict[str, Any]) -> dict[str, Any]:
        if prop.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": False}
        if prop.get("format") == "date-time":
            return {"widget": "datetime", "format": "YYYY-MM-DDTHH:mm:ssZ", "date_format": "DD/MM/YYYY",
                    "time_format": "HH:mm"}
        if prop.get("x-markdown"):
            return {"widget": "markdown"}
        if prop.get("x-asset"):
            return {"widget": "image" if prop.get("title", "").startswith("đường dẫn ảnh") else "file"}
        length = prop.get("maxLength", fields.MAX_MARKDOWN)
        made: dict[str, Any] = {"widget": "text" if 200 < length < 10_000 else "string"}
        pattern = prop.get("pattern")
        if pattern:
            made["pattern"] = [pattern, f"Cần {fields.PATTERN_FORMS.get(pattern, 'đúng dạng yêu cầu')}."]
        elif prop.get("format") == "uri":
            made["pattern"] = ["^https?://", "Cần địa chỉ web đầy đủ, bắt đầu bằng https:// hoặc http://."]
        elif length < 10_000:
            made["pattern"] = [f"^[\\s\\S]{{0,{length}}}$", f"Tối đa {length} ký tự."]
        return made


def _either(first: dict[str, Any] | None, second: dict[str, Any]) -> dict[str, Any]:
    """One field of a group of several shapes: where the shapes allow different values (their «kind»), any of them."""
    values = [v for f in (first or {}, second) for v in f.get("enum") or ([f["const"]] if "const" in f else [])]
    if first is None or not values:
        return second
    return {**second, "const": None, "enum": list(dict.fromkeys(values))}


def _option(value: Any) -> dict[str, Any]:
    """A select's option: the value as stored, shown with its Vietnamese meaning where it is a code."""
    meaning = fields.MEANINGS.get(value) if isinstance(value, str) else None
    return {"label": f"{value} ({meaning})" if meaning else str(value), "value": value}


def _summary(items: list[dict[str, Any]]) -> str:
    """How a collapsed item of a list is shown: by its first field that holds text."""
    first = next((f for f in items if f.get("widget") in ("string", "text", "select")), None)
    return f"{{{{fields.{first['name']}}}}}" if first else ""


def _model_fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema()
    return _Fields(schema).of(schema)


def collections() -> list[dict[str, Any]]:
    """Every kind's collection, its folder relative to the content folder: what ``collections.yml`` holds."""
    made = []
    for kind in KINDS:
        if kind.folder is None:
            continue
        markdown = kind.suffix == ".md"
        body = [{"name": "body", "label": "Nội dung", "widget": "markdown", "required": False}] if markdown else []
        settings = FOLDERS[kind.name]
        made.append({"name": kind.name, "label_singular": kind.label, **settings, "folder": kind.folder,
                     "extension": kind.suffix[1:], "format": "frontmatter" if markdown else "yml",
                     "create": settings.get("create", True), "fields": _model_fields(kind.model) + body})
    singles = [{"name": name, "label": label, "file": SCHEMAS[name][1], "fields": _model_fields(SCHEMAS[name][0])}
               for name, label in SINGLE_FILES.items()]
    made.append({"name": "settings", "label": "Thông tin chung", "files": singles})
    return made


def collections_text() -> str:
    header = ("# Generated from the models by `cchc workspace`: do not edit by hand (a test compares it with the models).\n"
              "# Folders are relative to the content folder; the build adds the site's settings (quan-tri/config.json).\n")
    return header + yaml.safe_dump({"collections": collections()}, allow_unicode=True, sort_keys=False, width=120)


def write_collections() -> Path:
    COLLECTIONS.write_text(collections_text(), encoding="utf-8")
    return COLLECTIONS


def config(content: Content, prefix: str) -> dict[str, Any]:
    """The workspace's settings (config.json): the committed collections, placed in the repository, and the site's settings.

    ``prefix``: the content folder's path inside its repository («content/»).
    """
    site = content.site
    backend: dict[str, Any] = {"name": "github", "repo": site.github_repo or "", "branch": site.repo_branch,
                               "squash_merges": True, "cms_label_prefix": "cms/"}
    if site.workspace_auth:
        backend["base_url"] = str(site.workspace_auth).rstrip("/")
    placed = []
    # libyaml's loader: Python's took a quarter of a second of every build for these 2,800 lines
    for collection in yaml.load(COLLECTIONS.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["collections"]:
        if "folder" in collection:
            collection["folder"] = f"{prefix}{collection['folder']}"
        for single in collection.get("files", []):
            single["file"] = f"{prefix}{single['file']}"
        placed.append(collection)
    return {"backend": backend, "publish_mode": "editorial_workflow", "local_backend": True, "locale": "vi",
            "site_url": str(site.base_url), "display_url": str(site.base_url), "show_preview_links": False,
            "media_folder": f"{prefix}{MEDIA}", "public_folder": MEDIA, "slug": {"encoding": "ascii",
                                                                                  "clean_accents": True},
            "collections": placed}


def decap_files() -> dict[str, Path]:
    """Decap's files, by their address in the site; none when npm has not installed it (a warning says so)."""
    if not (DECAP_DIST / "decap-cms.js").is_file():
        log.warning("Chưa có Decap CMS (%s): trang không có khu soạn thảo quan-tri/. Chạy «make site» hoặc «npm ci» "
                    "ở thư mục gốc của kho rồi dựng lại.", DECAP_DIST)
        return {}
    found = sorted({p for pattern in DECAP_FILES for p in DECAP_DIST.glob(pattern)})
    return {f"{FOLDER}/{p.name}": p for p in found} | {f"{FOLDER}/{name}": HERE / name for name in OWN_FILES}


def site_styles() -> list[str]:
    """The site's own style sheets (Material's, then the project's), from the workspace page: the preview's style."""
    material = Path(material_theme.__file__).parent / "templates" / "assets" / "stylesheets"
    return [f"../assets/stylesheets/{p.name}" for p in sorted(material.glob("*.min.css"))] + \
        ["../assets/stylesheets/cchc.css", "preview.css"]


def _words(value: Any) -> str:
    """A value as the finder shows it: a date as dd/mm/yyyy, like every date of the site."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else str(value)


def _finder_row(kind: str, entry: Any) -> str:
    """One record's row of the quick finder's index, as JSON."""
    values = (getattr(entry.model, name, None) for name in FIND.get(kind, (FOLDERS[kind]["identifier_field"],)))
    return _json([kind, entry.source.stem, " · ".join(_words(v) for v in values if v)])


def _json(value: Any) -> str:
    """Compact JSON, the rows joined as they are: the index is one file of a few hundred kilobytes."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def outputs(content: Content, prefix: str) -> list[Output]:
    """The workspace's page and its settings: they read the site's settings only (the preview memoises them)."""
    settings = config(content, prefix)
    page = ENV.get_template("workspace/index.html.j2").render(site=content.site, repo=settings["backend"]["repo"],
                                                              styles=site_styles())
    # JSON, which workspace.js hands to Decap itself: Decap ignores a config.yml that a server sends as
    # anything but YAML once the page passes settings of its own (the local backend's address)
    text = json.dumps(settings, ensure_ascii=False, indent=1) + "\n"
    return [Output(f"{FOLDER}/index.html", page), Output(f"{FOLDER}/config.json", text)]


def finder_output(content: Content, memo: Memo | None = None) -> Output:
    """The quick finder's index: each record's collection, file name (Decap's entry slug) and words, as built.

    workspace.js looks a procedure up in it by code or by words of its name, at once, and opens its form by
    address (one file read). Records saved since the last build are not in it until their pull request is merged
    and the site rebuilt; the workflow board lists them meanwhile. It changes with every record's title or name,
    so it is made on every build; with the live preview's ``memo`` each record's row is made again only when the
    record changed, and the file only when a row did: an edit costs one row, not 5,000.
    """
    memo = memo or Memo()
    kinds = [kind.name for kind in KINDS if kind.folder is not None]
    labels = _json({name: FOLDERS[name]["label"] for name in kinds})
    rows = tuple(memo.reuse(("finder", entry.source), (entry,), lambda k=name, e=entry: _finder_row(k, e))
                 for name in kinds for entry in content[name])
    return memo.reuse("finder", (labels, rows), lambda: Output(
        f"{FOLDER}/{FINDER}", f'{{"collections":{labels},"entries":[{",".join(rows)}]}}\n'))


@dataclasses.dataclass
class LocalBackend:
    """decap-server in git mode on the repository that holds the content, for ``cchc serve``.

    The workspace page reaches it through the preview's own address (``api/v1`` beside the page, passed on by
    ``forward``), so that the page talks to no other host and its Content-Security-Policy stays as published.
    A save makes a branch ``cms/<collection>/<file>`` with one commit; publishing merges it into the branch the
    repository has checked out, as GitHub merges a pull request.
    """

    process: subprocess.Popen[bytes]
    port: int

    def forward(self, body: bytes) -> tuple[int, bytes]:
        """One request of the workspace, passed to decap-server; its status and answer."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/api/v1", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start_local_backend(content: Path) -> LocalBackend | str:
    """decap-server on the repository of ``content``, or why not (in Vietnamese) when it cannot safely run.

    decap-server checks branches out in the working tree and commits with ``git add .``: in a tree with
    changes not committed, or files git neither tracks nor ignores, it would put them into an editor's
    save. So it runs only on a clean tree.
    """
    node = shutil.which("node")
    server = str(DECAP_SERVER) if DECAP_SERVER.is_file() else shutil.which("decap-server")
    if node is None or server is None:
        return DECAP_SERVER_HOW
    status = subprocess.run(["git", "status", "--porcelain"], cwd=content, capture_output=True, text=True)
    if status.returncode != 0:
        return f"thư mục {content} không nằm trong một kho git"
    if status.stdout.strip():
        return ("kho git có thay đổi chưa commit hoặc tệp chưa theo dõi (git status); khu soạn thảo sẽ đưa chúng vào "
                "bài lưu, nên hãy commit hoặc bỏ chúng trước")
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content, capture_output=True, text=True,
                          check=True).stdout.strip()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "MODE": "git", "GIT_REPO_DIRECTORY": root, "PORT": str(port), "BIND_HOST": "127.0.0.1",
           "LOG_LEVEL": "warn"}
    process = subprocess.Popen([node, server], env=env, cwd=root, stdin=subprocess.DEVNULL)
    for _ in range(200):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.1):
            return LocalBackend(process, port)
        if process.poll() is not None:
            return "decap-server dừng ngay khi khởi động"
        time.sleep(0.05)
    process.terminate()
    return "decap-server không trả lời"
