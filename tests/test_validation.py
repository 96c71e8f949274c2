"""Bad input: each mistake is reported with file, line and field, all at once, with no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def run_validate(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)],
                          cwd=REPO, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def set_line(path: Path, key: str, new: str) -> int:
    """Replace the line that starts with ``key`` by ``new``; return its number."""
    line = line_of(path, key)
    text = path.read_text(encoding="utf-8").splitlines()
    text[line - 1] = new
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return line


def first(folder: Path, pattern: str) -> Path:
    return sorted(folder.glob(pattern))[0]


def assert_reported(result: subprocess.CompletedProcess[str], where: str, field: str, words: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if where in line]
    assert lines, f"{where} not in:\n{result.stderr}"
    assert any(field in line and words in line for line in lines), result.stderr


def test_default_content_is_valid():
    result = run_validate(REPO / "content")
    assert result.returncode == 0, result.stderr


def test_malformed_yaml(content_copy: Path):
    proc = first(content_copy / "procedures", "*.yml")
    replace_in(proc, "name: ", "name: [chưa đóng ngoặc\n  x: ")
    result = run_validate(content_copy)
    assert_reported(result, f"{proc.name}:", "", "không đúng cú pháp YAML")


def test_missing_required_field(content_copy: Path):
    proc = first(content_copy / "procedures", "*.yml")
    text = proc.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("agency:")]
    proc.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_validate(content_copy)
    first_key = line_of(proc, "code:")  # a missing field is reported where the record starts
    assert_reported(result, f"{proc.name}:{first_key}:", "cơ quan giải quyết (agency)", "thiếu trường bắt buộc")


def test_impossible_date(content_copy: Path):
    proc = first(content_copy / "procedures", "*.yml")
    line = set_line(proc, "last_checked:", "last_checked: 2024-02-30")
    result = run_validate(content_copy)
    assert_reported(result, f"{proc.name}:{line}:", "last_checked", "«2024-02-30»: ngày không hợp lệ")


def test_unknown_online_level(content_copy: Path):
    proc = first(content_copy / "procedures", "*.yml")
    line = set_line(proc, "online_level:", 'online_level: "mức độ 4"')
    result = run_validate(content_copy)
    assert_reported(result, f"{proc.name}:{line}:", "online_level", "chỉ chấp nhận: «toàn trình», «một phần» hoặc «không trực tuyến»")


def test_duplicate_procedure_code(content_copy: Path):
    procs = sorted((content_copy / "procedures").glob("*.yml"))
    original, other = procs[0], procs[1]
    code = original.stem
    set_line(other, "code:", f'code: "{code}"')
    result = run_validate(content_copy)
    assert_reported(result, f"{other.name}:", "mã thủ tục (code)", f"mã thủ tục «{code}» được dùng ở nhiều tệp")


def test_news_without_title(content_copy: Path):
    news = first(content_copy / "news", "*.md")
    text = news.read_text(encoding="utf-8").splitlines()
    text = [line for line in text if not line.startswith("title:")]
    news.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = run_validate(content_copy)
    assert_reported(result, f"{news.name}:2:", "tiêu đề (title)", "thiếu trường bắt buộc")


def test_all_errors_come_in_one_run(content_copy: Path):
    procs = sorted((content_copy / "procedures").glob("*.yml"))
    replace_in(procs[0], "online_level:", "online_level: sai\nx_unknown:")
    news = first(content_copy / "news", "*.md")
    replace_in(news, "title:", "titel:")
    result = run_validate(content_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert procs[0].name in result.stderr and news.name in result.stderr
    assert "x_unknown" in result.stderr and "titel" in result.stderr


def test_unknown_field_is_never_dropped(content_copy: Path):
    hotline = first(content_copy / "hotlines", "*.yml")
    replace_in(hotline, "unit:", "ghi_chu: một ghi chú\nunit:")
    result = run_validate(content_copy)
    line = line_of(hotline, "ghi_chu:")
    assert f"{hotline.name}:{line}: trường «ghi_chu»: trường này không có trong mẫu" in result.stderr


@pytest.mark.parametrize("fmt", ["github"])
def test_github_annotations(content_copy: Path, fmt: str):
    news = first(content_copy / "news", "*.md")
    replace_in(news, "title:", "titel:")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content_copy),
                             "--format", fmt], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"::error file={content_copy.as_posix()}/news/{news.name},line=2::" in result.stderr


def test_broken_link_in_editor_markdown(content_copy: Path):
    news = first(content_copy / "news", "*.md")
    text = news.read_text(encoding="utf-8").rstrip("\n")
    news.write_text(text + "\n\nXem [trang không có](../khong-co-trang-nay.md).\n", encoding="utf-8")
    line = len(news.read_text(encoding="utf-8").splitlines())
    result = run_validate(content_copy)
    assert_reported(result, f"{news.name}:{line}:", "", "dẫn tới trang không có")
