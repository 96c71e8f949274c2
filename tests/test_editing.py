"""What editors get: scaffolds, schemas for their editor, safe Markdown, and checked workflows."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml

from generator.core import reader
from generator.core.scaffolding import SCHEMA_DIR, modeline
from generator.kinds import hotlines as hotline_kind, news as news_kind, procedures as procedure_kind
from generator.pipeline import schemas
from generator.core.errors import ContentError
from tests.conftest import CONTENT, EXAMPLES, REPO, Built

NOW = dt.datetime(2024, 12, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def required_fields(model) -> set[str]:
    return {name for name, info in model.model_fields.items() if info.is_required()}


@pytest.mark.parametrize("kind, value, folder, model", [
    ("news", "Đẩy mạnh dịch vụ công trực tuyến: đợt 2", "news", news_kind.NewsMeta),
    ("procedure", "1.012345", "procedures", procedure_kind.Procedure),
    ("hotline", "Sở Tư pháp tỉnh Lai Châu", "hotlines", hotline_kind.Hotline),
])
def test_new_creates_a_ready_to_fill_file(tmp_path: Path, kind, value, folder, model):
    maker = {"news": news_kind.new_news, "procedure": procedure_kind.new_procedure, "hotline": hotline_kind.new_hotline}[kind]
    path = maker(tmp_path, value, NOW)
    assert path.parent == tmp_path / folder
    assert re.fullmatch(r"[a-z0-9.-]+\.(md|yml)", path.name), path.name
    text = path.read_text(encoding="utf-8")
    errors: list[ContentError] = []
    doc = (reader.read_markdown if kind == "news" else reader.read_yaml)(tmp_path, path.relative_to(tmp_path), errors)
    assert errors == [] and doc is not None
    assert required_fields(model) <= set(doc.data), "every required field is present"
    for name in required_fields(model):
        assert f"# {model.model_fields[name].title}" in text, f"{name} has a comment"
    if kind == "news":
        assert path.name == "2024-12-01-day-manh-dich-vu-cong-truc-tuyen-dot-2.md"
        assert doc.data["date"] == "2024-12-01T08:30:00+07:00"
        assert doc.data["draft"] is True  # nothing half-written is published by accident
    else:
        assert text.startswith("# yaml-language-server: $schema=")


def test_new_via_command_line(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "generator", "new", "news", "Tin thử", "--content", str(tmp_path)],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    created = list((tmp_path / "news").glob("*-tin-thu.md"))
    assert len(created) == 1
    again = subprocess.run([sys.executable, "-m", "generator", "new", "news", "Tin thử", "--content", str(tmp_path)],
                           cwd=REPO, capture_output=True, text=True)
    assert again.returncode == 1 and "đã có" in again.stderr and "Traceback" not in again.stderr


def test_schemas_are_up_to_date():
    for kind in schemas.KINDS:
        shipped = (SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")
        assert shipped == schemas.schema_text(kind), f"run `cchc schemas`: {kind}.schema.json is stale"


def content_files():
    for root in [CONTENT, *sorted(p for p in EXAMPLES.iterdir() if p.is_dir())]:
        for kind, (_, pattern) in schemas.KINDS.items():
            for path in sorted(root.glob(pattern.split(" ")[0])):
                yield kind, path


@pytest.mark.parametrize("kind, path", list(content_files()), ids=lambda v: str(v)[-40:] if isinstance(v, Path) else v)
def test_every_content_file_matches_its_json_schema(kind: str, path: Path):
    schema = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    errors: list[ContentError] = []
    read = reader.read_markdown if path.suffix == ".md" else reader.read_yaml
    doc = read(path.parent.parent if "/" in schemas.KINDS[kind][1] else path.parent,
               Path(path.parent.name, path.name) if "/" in schemas.KINDS[kind][1] else Path(path.name), errors)
    assert errors == []
    jsonschema.validate(doc.data, schema, format_checker=jsonschema.FormatChecker())
    if path.suffix == ".yml":
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(path, kind)
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target == (SCHEMA_DIR / f"{kind}.schema.json").resolve()


# HTML the sanitiser removes with a warning; a javascript: or data: link is an error instead
# (tests/test_bad_input.py), so it never reaches a build.
INJECTIONS = {
    "script": ("<script>alert('xss-script')</script>", "xss-script", "thẻ HTML <script>"),
    "handler": ('<img src="https://example.org/anh.png" onerror="alert(\'xss-handler\')">', "xss-handler", "«onerror»"),
    "iframe": ('<iframe src="https://evil.example/xss-frame"></iframe>', "xss-frame", "thẻ HTML <iframe>"),
    "style": ('<p style="background:url(xss-style)">chữ</p>', "xss-style", "«style»"),
}


@pytest.fixture(scope="module")
def injected(tmp_path_factory) -> tuple[Built, dict[str, tuple[Path, int]], subprocess.CompletedProcess[str]]:
    root = tmp_path_factory.mktemp("inject") / "content"
    shutil.copytree(CONTENT, root)
    news = sorted((root / "news").glob("*.md"))
    where = {}
    for (name, (payload, _, _)), item in zip(INJECTIONS.items(), news):
        text = item.read_text(encoding="utf-8").rstrip("\n")
        where[name] = (item, text.count("\n") + 3)
        item.write_text(f"{text}\n\n{payload}\n", encoding="utf-8")
    # a YAML string is text, never markup, wherever a template prints it
    proc = sorted((root / "procedures").glob("*.yml"))[0]
    proc.write_text(re.sub(r'^name: .*$', 'name: "Thủ tục <script>alert(\'xss-yaml\')</script> thử"',
                           proc.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)],
                           cwd=REPO, capture_output=True, text=True)
    return Built(root, root.parent / "out"), where, check


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_injection_never_reaches_html_or_feeds(injected, name: str):
    built, where, check = injected
    _, marker, _ = INJECTIONS[name]
    outputs = [p for p in built.site.rglob("*") if p.suffix in (".html", ".xml", ".json")]
    for path in outputs:
        text = path.read_text(encoding="utf-8")
        if marker in text:
            # only as escaped text, never as live markup or a live URL
            assert not re.search(rf"<(script|iframe)[^>]*>[^<]*{marker}|on\w+=\S*{marker}|"
                                 rf"(javascript|data):[^\"']*{marker}|style=[^>]*{marker}", text), (name, path)
    for path in built.site.rglob("*.xml"):
        for entry in feedparser.parse(path.read_bytes()).entries:
            html = entry.content[0].value
            assert "<script" not in html and "onerror" not in html and "javascript:" not in html
            assert "<iframe" not in html and "style=" not in html and "data:" not in html


@pytest.mark.parametrize("name", list(INJECTIONS))
def test_each_removal_is_reported_with_file_and_line(injected, name: str):
    _, where, check = injected
    path, line = where[name]
    _, _, words = INJECTIONS[name]
    assert check.returncode == 0, check.stderr  # warnings, not errors: the rest still publishes
    expected = f"{path.name}:{line}: cảnh báo:"
    lines = [l for l in check.stderr.splitlines() if expected in l]
    assert any(words in l for l in lines), f"{expected} … {words} not in:\n{check.stderr}"


def test_yaml_strings_are_escaped(injected):
    built, _, _ = injected
    proc = next(p for p in built.content["procedures"] if "xss-yaml" in p.model.name)
    html = (built.site / "thu-tuc" / proc.id / "index.html").read_text(encoding="utf-8")
    assert "<script>alert('xss-yaml')" not in html
    assert "&lt;script&gt;alert(" in html


def workflows() -> list[Path]:
    return sorted((REPO / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint():
    result = subprocess.run([str(Path(sys.executable).parent / "actionlint"), *map(str, workflows())],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_pass_zizmor():
    result = subprocess.run([str(Path(sys.executable).parent / "zizmor"), "--offline", "--no-progress",
                             str(REPO / ".github" / "workflows")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", workflows(), ids=lambda p: p.name)
def test_workflows_are_locked_down(path: Path):
    flow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert flow["permissions"] == {}
    text = path.read_text(encoding="utf-8")
    uses = re.findall(r"uses:\s*(\S+)(.*)", text)
    assert uses
    for action, comment in uses:
        if action.startswith("$/"):  # this repository's own workflow, at the commit that runs
            assert re.fullmatch(r"\$/\.github/workflows/[\w.-]+\.yml", action), action
            continue
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"# v\d", comment), f"{action} needs a version comment"
    for job in flow["jobs"].values():
        assert "permissions" in job
        for step in job.get("steps", []):
            if "actions/checkout" in step.get("uses", ""):
                assert step["with"]["persist-credentials"] is False


def test_pull_request_workflow_does_what_reviewers_need():
    flow = yaml.safe_load((REPO / ".github" / "workflows" / "pull-request.yml").read_text(encoding="utf-8"))
    steps = " ".join(str(s) for s in flow["jobs"]["check"]["steps"])
    for needed in ("make validate", "make test", "make site", "upload-artifact"):
        assert needed in steps
    deploy = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    triggers = deploy[True] if True in deploy else deploy["on"]  # PyYAML reads `on:` as True
    assert "push" in triggers and "workflow_call" in triggers
    # The schedule has its own workflow: GitHub turns a lapsed schedule's whole workflow off, push included.
    nightly = yaml.safe_load((REPO / ".github" / "workflows" / "nightly.yml").read_text(encoding="utf-8"))
    assert "schedule" in nightly[True] and "schedule" not in triggers
    assert nightly["jobs"]["publish"]["uses"] == "$/.github/workflows/deploy.yml"
    text = str(deploy)
    assert "upload-pages-artifact" in text and "deploy-pages" in text


# A kind's single file (holidays.yml, reception.yml, organisation.yml, agencies.yml) has its scaffold too:
# written where the loader reads it, pointing at its schema, and valid once its blanks are filled.
SINGLE_FILES = {
    "holidays": ([], {}),
    "reception": ([], {'    place: ""': '    place: "Trụ sở Tiếp công dân tỉnh"'}),
    "organisation": ([], {"functions: |\n  \n": "functions: |\n  Cơ quan hành chính nhà nước ở địa phương.\n",
                          '  - ""': '  - "Ban hành kế hoạch cải cách hành chính hằng năm"'}),
    "agencies": (["Ủy ban nhân dân tỉnh Lai Châu"], {}),
}


@pytest.mark.parametrize("kind", sorted(SINGLE_FILES))
def test_a_single_file_scaffold_is_valid_once_filled(kind: str, tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    (root / f"{kind}.yml").unlink()
    args, blanks = SINGLE_FILES[kind]
    made = subprocess.run([sys.executable, "-m", "generator", "new", kind, *args, "--content", str(root)], cwd=REPO,
                          capture_output=True, text=True, timeout=60, check=False)
    assert made.returncode == 0, made.stderr
    path = root / f"{kind}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == modeline(path, kind)
    for blank, filled in blanks.items():
        assert blank in text
        text = text.replace(blank, filled)
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    if kind == "agencies":  # a registry with only the site's own agency: every other name is an error, with a hint
        assert result.returncode == 1 and "agencies.yml" in result.stderr and "Traceback" not in result.stderr
    elif kind == "organisation":  # site.yml has English on: the scaffold's texts want their English (en:)
        assert result.returncode == 1 and "(en.functions)" in result.stderr and "Traceback" not in result.stderr
        site = root / "site.yml"
        site.write_text(re.sub(r"^english: .*$", "english: false", site.read_text(encoding="utf-8"), flags=re.M),
                        encoding="utf-8")
        again = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                               capture_output=True, text=True, timeout=120, check=False)
        assert again.returncode == 0, again.stderr
    else:
        assert result.returncode == 0, result.stderr


def test_a_scaffold_that_needs_a_value_asks_for_it(tmp_path: Path):
    result = subprocess.run([sys.executable, "-m", "generator", "new", "news", "--content", str(tmp_path)], cwd=REPO,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2 and "Hãy ghi tiêu đề tin sau «cchc new news»" in result.stderr
