"""The editors' workspace (quan-tri/): its forms match the models, its configuration is current, and the
built site carries it without showing it to citizens.

The forms are read back from the configuration and compared with the pydantic models themselves (their
fields and annotations), not with the JSON Schemas the configuration is generated from. The browser tests
are in tests/browser/test_workspace_browser.py.
"""

from __future__ import annotations

import enum
import json
import re
import types
import typing
from collections.abc import Iterator

import pytest
import yaml
from pydantic import BaseModel

from generator.pipeline import workspace
from generator.pipeline.registry import KINDS
from generator.pipeline.schemas import KINDS as FILES

CONFIG = {c["name"]: c for c in yaml.safe_load(workspace.COLLECTIONS.read_text(encoding="utf-8"))["collections"]}


def _forms() -> dict[str, tuple[type[BaseModel], list[dict]]]:
    """Each kind's model, with the fields of its form."""
    forms = {kind.schema: (kind.model, CONFIG[kind.name]["fields"]) for kind in KINDS if kind.folder}
    for single in CONFIG["settings"]["files"]:
        forms[single["name"]] = (FILES[single["name"]][0], single["fields"])
    return forms


def _parts(annotation: object) -> list[object]:
    """The types a field may hold, None left out: ``X | None`` is X, ``list[X]`` is X, a union its members."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _parts(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [p for a in typing.get_args(annotation) if a is not type(None) for p in _parts(a)]
    if origin in (list, tuple, set, frozenset):
        return [p for a in typing.get_args(annotation) if a is not Ellipsis for p in _parts(a)]
    return [annotation]


def _allowed(annotation: object) -> list[object] | None:
    """The values a field allows when they are a closed list (an Enum or a Literal), else None."""
    parts = _parts(annotation)
    if len(parts) == 1 and isinstance(parts[0], type) and issubclass(parts[0], enum.Enum):
        return [member.value for member in parts[0]]
    if parts and all(typing.get_origin(p) is typing.Literal for p in parts):
        return [value for p in parts for value in typing.get_args(p)]
    return None


def _walk(model: type[BaseModel], fields: list[dict], where: str, seen: tuple[type, ...], loose: bool = False,
          shapes: tuple[type[BaseModel], ...] = ()) -> Iterator[str]:
    """Every difference between a model and its form, as a sentence naming the field.

    ``loose``: inside a group the model lets an editor leave out, or a group of several shapes, where nothing
    is required in the form (pipeline/workspace.py says why). ``shapes``: the models of such a group of several
    shapes, whose closed lists the form joins into one select.
    """
    by_name = {f["name"]: f for f in fields}
    for name, info in model.model_fields.items():
        place = f"{where}.{name}"
        if name not in by_name:
            yield f"{place}: not in the form"
            continue
        field = by_name[name]
        form = field.get("field", field)  # a list of single values holds its widget in "field"
        allowed = _allowed(info.annotation)
        if allowed is not None and shapes:
            allowed = list(dict.fromkeys(v for shape in shapes if name in shape.model_fields
                                         for v in _allowed(shape.model_fields[name].annotation) or []))
        if allowed is not None:
            options = [o["value"] for o in form.get("options", [])]
            if form.get("widget") != "select" or options != allowed:
                yield f"{place}: a select of {allowed} expected, found {form.get('widget')} {options}"
        required = field.get("required", True)
        if required != (info.is_required() and not loose):
            yield f"{place}: required {info.is_required()} in the model, {required} in the form"
        nested = [p for p in _parts(info.annotation) if isinstance(p, type) and issubclass(p, BaseModel)]
        group = form.get("widget") == "object"
        for sub in nested:
            if seen.count(sub) >= workspace.DEPTH:
                continue
            inner = form.get("fields", [])
            if "types" in form:  # a typed list: the shape whose name is the item's key, which Decap writes
                key = form["typeKey"]
                value = typing.get_args(sub.model_fields[key].annotation)[0]
                shape = next((t for t in form["types"] if t["name"] == value), None)
                if shape is None:
                    yield f"{place}: no shape «{value}» in the form"
                    continue
                inner = [*shape["fields"], {"name": key, "widget": "select", "options": [{"value": value}],
                                            **({} if sub.model_fields[key].is_required() else {"required": False})}]
            yield from _walk(sub, inner, place, seen + (sub,),
                             group and (loose or not info.is_required() or len(nested) > 1),
                             tuple(nested) if group and len(nested) > 1 else ())


@pytest.mark.parametrize("schema", sorted(_forms()))
def test_every_model_field_is_in_the_form_and_every_closed_list_is_a_select_of_its_values(schema):
    model, fields = _forms()[schema]
    problems = list(_walk(model, fields, schema, (model,)))
    assert not problems, "\n".join(problems)


def test_every_kind_has_a_collection():
    names = {kind.name for kind in KINDS if kind.folder} | {"settings"}
    assert set(CONFIG) == names
    singles = {f["file"] for f in CONFIG["settings"]["files"]}
    assert singles == {kind.files for kind in KINDS if not kind.folder} | {"site.yml", "search.yml"}


def test_a_phone_field_refuses_what_the_model_refuses():
    """The form's pattern is the model's own: a number with letters is refused, one with dots and spaces is not."""
    phone = next(f for f in CONFIG["settings"]["files"][0]["fields"] if f["name"] == "phone")
    pattern, message = phone["pattern"]
    assert re.fullmatch(pattern.strip("^$"), "0213 3876 543") and not re.fullmatch(pattern.strip("^$"), "0213-38abc")
    assert message == "Cần số điện thoại chỉ gồm chữ số, dấu cách và dấu chấm, ví dụ «0213 3876 543»."


def test_the_committed_configuration_is_what_the_models_give():
    assert workspace.COLLECTIONS.read_text(encoding="utf-8") == workspace.collections_text(), \
        "generator/workspace/collections.yml is stale: run `cchc workspace`"


@pytest.mark.skipif(not (workspace.DECAP_DIST / "decap-cms.js").is_file(), reason="run `npm ci` (make site does)")
def test_the_built_site_carries_the_workspace_but_never_shows_it_to_citizens(default_site):
    site = default_site.site
    page = (site / "quan-tri" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = page.split('http-equiv="Content-Security-Policy" content="')[1].split('"')[0]
    hosts = {word for part in policy.split(";") for word in part.split()[1:] if "." in word or "://" in word}
    assert hosts == {"https://api.github.com"}
    for name in ("decap-cms.js", "workspace.js"):
        assert (site / "quan-tri" / name).is_file()
    assert (site / "quan-tri" / "decap-cms.js").read_bytes() == (workspace.DECAP_DIST / "decap-cms.js").read_bytes()
    settings = json.loads((site / "quan-tri" / "config.json").read_text(encoding="utf-8"))
    assert settings["publish_mode"] == "editorial_workflow"
    assert {c["name"]: c.get("folder") for c in settings["collections"]}["news"] == "content/news"
    assert "quan-tri" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    citizens = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".js")
                and "quan-tri" not in p.relative_to(site).parts]
    assert [p for p in citizens if "quan-tri" in p.read_text(encoding="utf-8", errors="replace")] == []
    assert not [p for p in default_site.paths.search_pages.rglob("*") if "quan-tri" in p.as_posix()]


@pytest.mark.skipif(not (workspace.DECAP_DIST / "decap-cms.js").is_file(), reason="run `npm ci` (make site does)")
def test_the_quick_finder_lists_every_published_record_by_its_file_with_its_code_name_or_title(default_site):
    """tim-nhanh.json, read by workspace.js: a procedure by its code, name and field, a news item by its title and
    date, each by the file name Decap opens it by; the drafts citizens cannot see are not in it."""
    index = json.loads((default_site.site / "quan-tri" / workspace.FINDER).read_text(encoding="utf-8"))
    content = default_site.paths.content
    entries = {(c, slug): text for c, slug, text in index["entries"]}
    assert set(index["collections"]) == {kind.name for kind in KINDS if kind.folder}
    procedures = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (content / "procedures").glob("*.yml")}
    published = {code: p for code, p in procedures.items() if not p.get("draft")}
    assert {slug for c, slug in entries if c == "procedures"} == set(published)
    for code, procedure in published.items():
        assert entries["procedures", code] == f"{procedure['code']} · {procedure['name']} · {procedure['field']}"
    news = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]) for p in (content / "news").glob("*.md")}
    shown = [(slug, n) for slug, n in news.items() if ("news", slug) in entries]
    assert shown and all(not n.get("draft") for _, n in shown)
    for slug, item in shown:
        assert entries["news", slug] == f"{item['title']} · {item['date']:%d/%m/%Y}"


def test_the_decap_server_cchc_serve_asks_for_is_the_one_package_json_pins():
    """Beside an installed cchc, decap-server is installed by hand, by the version the message names."""
    pinned = json.loads((workspace.resources.HOME / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert pinned["decap-server"] == workspace.DECAP_SERVER_VERSION
    assert f"decap-server@{pinned['decap-server']}" in workspace.DECAP_SERVER_HOW


def test_sign_in_settings_are_checked_by_the_model():
    from pydantic import ValidationError

    from generator.core.site import Site

    base = {"name": "Sở Nội vụ", "short_name": "SNV", "province": "Lai Châu", "description": "d", "address": "a",
            "phone": "0213 3876 543", "email": "a@b.vn", "base_url": "https://cchc.example.vn/",
            "id_authority": "example.vn", "id_date": "2024-01-01", "main_hotline": "so-noi-vu", "illustrative": False}
    site = Site(**base, repo_url="https://github.com/so-noi-vu/cchc-site", workspace_auth="https://dang-nhap.example.vn")
    assert site.github_repo == "so-noi-vu/cchc-site"
    with pytest.raises(ValidationError, match="kho trên GitHub"):
        Site(**base, repo_url="https://gitlab.com/so-noi-vu/cchc-site", workspace_auth="https://dang-nhap.example.vn")
