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


# One body with removals of every kind, in an order that is neither by tag nor by kind. The line of each is
# counted by hand in the file as written below (line 1 is the front matter's first "---").
MIXED_REMOVALS = """---
title: "Tin thử các đoạn HTML bị loại bỏ"
date: 2024-11-20T09:00:00+07:00
unit: "Sở Nội vụ"
category: "Tuyên truyền cải cách hành chính"
summary: "Tin thử."
image: null
tags: []
illustrative: true
---

Đoạn mở đầu, không có gì bị loại bỏ.

Mã HTML trong mã nguồn thì để nguyên: `<script>` và `onclick=`.

<p style="color: red">Chữ đỏ.</p>

- Mục một
- Mục hai có <b onclick="alert(1)">chữ đậm</b>

<script>alert("x")</script>

Ảnh nhúng:
<img src="data:image/png;base64,AAAA" alt="ảnh">

| Cột | Liên kết |
|---|---|
| tải | [tệp](ftp://example.org/tep.pdf) |

<iframe src="https://example.org/x"></iframe>

[trang](javascript:alert(1)) và <span style="x">chữ</span>
"""
MIXED_EXPECTED = {  # (line, what the message names)
    (16, "«style» ở thẻ <p>"), (19, "«onclick»"), (21, "thẻ HTML <script>"), (24, "«data:…» ở thẻ <img>"),
    (28, "«ftp:…» ở thẻ <a>"), (30, "thẻ HTML <iframe>"), (32, "thẻ HTML <span>"), (32, "«javascript:…» ở thẻ <a>"),
}


def test_every_removal_in_one_body_is_reported_at_its_own_line(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "news" / "2024-11-20-tin-thu-html.md").write_text(MIXED_REMOVALS, encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1 and "Traceback" not in check.stderr  # three unsafe links are errors
    reported = re.findall(r"2024-11-20-tin-thu-html\.md:(\d+): (.*)", check.stderr)
    assert len(reported) == len(MIXED_EXPECTED), check.stderr
    for line, words in MIXED_EXPECTED:
        assert any(int(at) == line and words in text for at, text in reported), f"{words} not at line {line}:\n" \
            + check.stderr


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


# Values `cchc new` must refuse, for every kind it makes: each would give a file `cchc validate` rejects (or a file
# with no name, which nothing reads). (kind, value, what the refusal says)
REFUSED = [
    ("news", "!!!", "«!!!» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("news", "Tin " + "rất dài " * 30, "tiêu đề (title): dài quá 200 ký tự"),
    ("procedure", "abc", "mã thủ tục (code): «abc»: cần mã thủ tục trên Cơ sở dữ liệu quốc gia"),
    ("procedure", "1.00119", "mã thủ tục (code): «1.00119»"),
    ("procedure", "1.001193.000", "mã thủ tục (code): «1.001193.000»"),
    ("hotline", "???", "«???» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("document", "…", "«…» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("draft", "!!!", "«!!!» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("question", "???", "«???» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("progress", "ke-hoach-khong-co", "không có kế hoạch plans/ke-hoach-khong-co.yml"),
    ("agencies", "!!!", "«!!!» không có chữ cái hay chữ số nào để đặt tên tệp"),
    ("holidays", "2027", "«cchc new holidays» không nhận giá trị nào"),
    ("organisation", "Sở Nội vụ", "«cchc new organisation» không nhận giá trị nào"),
    ("reception", "thứ Năm", "«cchc new reception» không nhận giá trị nào"),
]


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def scaffold_root(tmp_path_factory) -> Path:
    """The default content without its single files, so that `new` could write any of them."""
    root = tmp_path_factory.mktemp("refused") / "content"
    shutil.copytree(CONTENT, root)
    for name in ("holidays", "organisation", "reception", "agencies"):
        (root / f"{name}.yml").unlink()
    return root


@pytest.mark.parametrize("kind, value, words", REFUSED, ids=[f"{k}-{v[:12]}" for k, v, _ in REFUSED])
def test_new_refuses_a_value_it_cannot_make_valid(scaffold_root: Path, kind: str, value: str, words: str):
    before = _snapshot(scaffold_root)
    result = subprocess.run([sys.executable, "-m", "generator", "new", kind, value, "--content", str(scaffold_root)],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("Không tạo tệp: ") and words in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert _snapshot(scaffold_root) == before, "nothing is written"


# Good values for the kinds whose scaffolds no other test fills in, each with the blanks its file says to fill.
# A title with quotes and a backslash comes back from the file as it was typed.
FILLED = {
    ("news", 'Tin "thử" về thư mục C:\\du-lieu'): {
        'unit: ""': 'unit: "Sở Nội vụ"', 'category: ""': 'category: "Tuyên truyền cải cách hành chính"',
        'summary: ""': 'summary: "Tóm tắt."'},
    ("procedure", "1.012345"): {
        'name: ""': 'name: "Thủ tục thử"', 'field: ""': 'field: "Hộ tịch"', 'levels: [""]': "levels: [xã]",
        'online_level: ""': "online_level: toàn trình", '  - ""': '  - "Nộp hồ sơ."', 'time_limit: ""': 'time_limit: "03 ngày"',
        'fees: ""': 'fees: "Không"', '  - name: ""': '  - name: "Tờ khai"', 'applicants: [""]': 'applicants: ["Công dân"]',
        'agency: ""': 'agency: "Ủy ban nhân dân cấp xã"', 'result: ""': 'result: "Giấy xác nhận"',
        '  - number: ""': '  - number: "123/2015/NĐ-CP"', 'issuer: ""': 'issuer: "Chính phủ"',
        'title: ""': 'title: "Quy định chi tiết một số điều của Luật Hộ tịch"'},
    ("procedure", "1.001193.000.00.00.H34"): {},  # the same blanks: filled from the one above
    ("hotline", "Sở Tư pháp tỉnh Lai Châu"): {'  - ""': '  - "Phản ánh về thủ tục hành chính"',
                                            'value: ""': 'value: "0213 3876 543"'},
    ("progress", "ke-hoach-tuyen-truyen-cchc-lai-chau-2024"): {'text: ""': 'text: "Đã triển khai."'},
}


def test_every_new_scaffold_validates_once_filled(tmp_path: Path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "progress" / "ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml").unlink()
    blanks: dict[str, str] = {}
    for (kind, value), fill in FILLED.items():
        before = set(_snapshot(root))
        made = subprocess.run([sys.executable, "-m", "generator", "new", kind, value, "--content", str(root)],
                              cwd=REPO, capture_output=True, text=True, timeout=60)
        assert made.returncode == 0, made.stderr
        [path] = [root / p for p in set(_snapshot(root)) - before]
        blanks = fill or blanks
        text = path.read_text(encoding="utf-8")
        for blank, filled in blanks.items():
            assert blank in text, (kind, blank)
            text = text.replace(blank, filled, 1)  # the first blank of that text: the one named by the key
        path.write_text(text, encoding="utf-8")
        if kind == "news":
            doc = reader.read_markdown(root, path.relative_to(root), [])
            assert doc is not None and doc.data["title"] == value, "read back as typed"
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


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


# --------------------------------------------------------------------------- edit links

def _edit_links(built: Built, url: str) -> list[str]:
    return [a["href"] for a in built.html(url).select(".cchc-page-footer a") if "Sửa trang" in a.get_text()]


def test_edit_links_follow_the_content_folder_in_its_repository(tmp_path: Path):
    """A site's repository (not this generator's checkout) holds an example and the default content."""
    repository = tmp_path / "trang-cchc"
    subprocess.run(["git", "init", "-q", str(repository)], check=True)
    example = repository / "examples" / "ubnd-lao-cai"
    shutil.copytree(EXAMPLES / "ubnd-lao-cai", example)
    shutil.copytree(CONTENT, repository / "content")
    for root, branch in ((example, "xuat-ban"), (repository / "content", "main")):
        site = root / "site.yml"
        text = re.sub(r"(?m)^repo_url: .*$", "repo_url: https://github.com/tinh-lao-cai/trang-cchc",
                      site.read_text(encoding="utf-8"))
        site.write_text(re.sub(r"(?m)^repo_branch: .*$", f"repo_branch: {branch}", text), encoding="utf-8")
    built = Built(example, tmp_path / "vi-du")
    edit = "https://github.com/tinh-lao-cai/trang-cchc/edit/xuat-ban/examples/ubnd-lao-cai/"
    assert _edit_links(built, "tin-tuc/2024-03-21-tap-huan-nghiep-vu-cchc/") == [
        edit + "news/2024-03-21-tap-huan-nghiep-vu-cchc.md"]
    assert _edit_links(built, "thu-tuc/1.002804/") == [edit + "procedures/1.002804.yml"]
    assert _edit_links(built, "gioi-thieu/") == [edit + "pages/gioi-thieu.md"]
    default = Built(repository / "content", tmp_path / "mac-dinh")
    edit = "https://github.com/tinh-lao-cai/trang-cchc/edit/main/content/"
    assert _edit_links(default, "thu-tuc/1.001193/") == [edit + "procedures/1.001193.yml"]
    assert _edit_links(default, "tin-tuc/2024-11-26-kiem-tra-cong-tac-cchc-tan-uyen/") == [
        edit + "news/2024-11-26-kiem-tra-cong-tac-cchc-tan-uyen.md"]
    assert _edit_links(default, "gioi-thieu/") == [edit + "pages/gioi-thieu.md"]


# --------------------------------------------------------------------------- warnings on the shipped content

@pytest.mark.parametrize("root", [CONTENT, *sorted(p for p in EXAMPLES.iterdir() if p.is_dir())], ids=lambda p: p.name)
def test_shipped_content_validates_without_warnings(root: Path):
    """Every pull request is checked on this content: a warning here would be an annotation no editor can act on."""
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root), "--format", "text"],
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "cảnh báo" not in result.stderr + result.stdout
    assert result.stderr == ""
