"""`cchc init` from the checkout (issue 21): what it asks, what it refuses, and what the new repository does.

The same command from an installed wheel, with the HTML checker and the
workflows' linters, is in tests/test_package.py.
"""

from __future__ import annotations

import shutil
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from generator.pipeline import init
from tests.conftest import REPO, start_preview
from tests.test_incremental import get, wait_for
from tests.test_package import VERSION

OPTIONS = ["--name", "Ủy ban nhân dân xã Bản Giang", "--short-name", "UBND xã Bản Giang", "--parent",
           "UBND tỉnh Lai Châu", "--province", "Lai Châu", "--kind", "ubnd-xa", "--domain", "bangiang.laichau.gov.vn",
           "--base-url", "https://cchc.bangiang.laichau.gov.vn/", "--address", "Xã Bản Giang, tỉnh Lai Châu",
           "--phone", "0213 3500 200", "--email", "ubnd@bangiang.laichau.gov.vn"]


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def agency(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("init") / "trang"
    made = cchc("init", str(repo), *OPTIONS, "--no-input")
    assert made.returncode == 0, made.stderr
    return repo


def test_missing_and_wrong_answers_are_all_reported_and_nothing_is_written(tmp_path: Path):
    target = tmp_path / "trang"
    given = OPTIONS[:OPTIONS.index("--domain")] + ["--phone", "không có"]  # no domain, address, email, site address
    result = cchc("init", str(target), *given)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for option in ("--domain", "--base-url", "--address", "--email", "--phone"):
        assert option in result.stderr, option
    assert "--name" not in result.stderr and "--kind" not in result.stderr
    assert not target.exists()


def test_a_folder_with_files_is_refused_and_left_alone(tmp_path: Path):
    (tmp_path / "ghi-chu.txt").write_text("của tôi", encoding="utf-8")
    result = cchc("init", str(tmp_path), *OPTIONS, "--no-input")
    assert result.returncode == 1 and "đã có" in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["ghi-chu.txt"]
    onto_a_file = cchc("init", str(tmp_path / "ghi-chu.txt"), *OPTIONS, "--no-input")
    assert onto_a_file.returncode == 1 and "là một tệp" in onto_a_file.stderr and "Traceback" not in onto_a_file.stderr
    assert (tmp_path / "ghi-chu.txt").read_text(encoding="utf-8") == "của tôi"


def test_it_asks_in_vietnamese_and_asks_again_after_a_wrong_answer(monkeypatch, capsys):
    typed = iter(["Sở Tư pháp tỉnh Lai Châu", "Sở Tư pháp", "", "Lai Châu", "huyện", "Sở", "stp.laichau.gov.vn",
                  "https://cchc.stp.laichau.gov.vn", "https://cchc.stp.laichau.gov.vn/", "Phường Tân Phong",
                  "0213 3876 000", "stp@laichau.gov.vn"])
    prompts = []
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(typed))
    answers = init.ask({}, interactive=True)
    assert answers["kind"] == "so" and answers["base_url"] == "https://cchc.stp.laichau.gov.vn/"
    assert answers["parent"] == ""
    # a kind that is none of the three, and an address without its final slash were asked again
    assert len(prompts) == 12 and prompts[5] == prompts[4] and prompts[8] == prompts[7]
    assert prompts[0].startswith("Tên cơ quan")
    said = capsys.readouterr().out
    assert "Chưa đúng" in said and "kết thúc bằng dấu /" in said


def test_the_new_repository_validates_and_its_procedure_example_is_at_the_commune_level(agency: Path):
    result = cchc("validate", "--content", str(agency / "content"))
    assert result.returncode == 0, result.stderr
    example = (agency / "content" / "procedures" / "1.000000.yml").read_text(encoding="utf-8")
    assert "levels: [xã]" in example and "draft: true" in example


def test_cchc_new_in_the_new_repository_points_at_its_own_schemas(agency: Path):
    made = cchc("new", "question", "Làm giấy khai sinh ở đâu?", "--content", str(agency / "content"))
    assert made.returncode == 0, made.stderr
    created = next((agency / "content" / "questions").glob("*.yml"))
    first = created.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/question.schema.json"
    assert (created.parent / "../../schemas/question.schema.json").is_file()
    created.unlink()


def test_upgrade_pins_this_version_where_init_pinned_it_and_keeps_the_source(agency: Path, tmp_path: Path):
    """An agency that installs from a mirror of the releases, one version behind: only the version changes."""
    repo = tmp_path / "trang"
    shutil.copytree(agency, repo)
    pinned = [repo / "Makefile", repo / ".github/workflows/deploy.yml", repo / ".github/workflows/pull-request.yml"]
    old = {}
    for path in pinned:
        text = path.read_text(encoding="utf-8")
        assert "CCHC_SITE" in text and f"/v{VERSION}/cchc_site-{VERSION}-py3-none-any.whl" in text
        old[path] = re.sub(r"https://github\.com/[^/]+/[^/]+/releases/download/v[^/]+/cchc_site-[^-]+-",
                           "https://may-chu.example.org/cchc/releases/download/v0.1.0/cchc_site-0.1.0-", text)
        path.write_text(old[path], encoding="utf-8")
    lines = {path: next(n for n, line in enumerate(old[path].splitlines(), 1) if "0.1.0" in line) for path in pinned}
    check = cchc("upgrade", "--check", "--content", str(repo / "content"))
    assert check.returncode == 1
    for path in pinned:
        assert path.read_text(encoding="utf-8") == old[path]
        assert f"{path.relative_to(repo).as_posix()}:{lines[path]}: cài cchc {VERSION} thay cho 0.1.0" in check.stdout
    assert cchc("upgrade", "--content", str(repo / "content")).returncode == 0
    for path in pinned:
        assert path.read_text(encoding="utf-8") == old[path].replace("v0.1.0/cchc_site-0.1.0-",
                                                                    f"v{VERSION}/cchc_site-{VERSION}-")
    again = cchc("upgrade", "--check", "--content", str(repo / "content"))
    assert again.returncode == 0 and "không có gì cần nâng cấp" in again.stdout


def test_cchc_serve_shows_the_new_site(agency: Path, tmp_path: Path):
    server, port = start_preview(agency / "content", tmp_path)
    try:
        home = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: "UBND xã Bản Giang" in get(home), 60), "the preview did not start"
        assert "0213 3500 200" in get(f"http://127.0.0.1:{port}/duong-day-nong/")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def test_upgrade_rewrites_the_repositorys_schemas_with_this_versions(agency: Path, tmp_path: Path):
    repo = tmp_path / "trang"
    shutil.copytree(agency, repo)
    stale = repo / "schemas" / "site.schema.json"
    stale.write_text('{"title": "lược đồ của phiên bản cũ"}\n', encoding="utf-8")
    (repo / "schemas" / "question.schema.json").unlink()
    check = cchc("upgrade", "--check", "--content", str(repo / "content"))
    assert "schemas/site.schema.json:1:" in check.stdout and "schemas/question.schema.json:1:" in check.stdout
    assert not (repo / "schemas" / "question.schema.json").exists()
    assert cchc("upgrade", "--content", str(repo / "content")).returncode == 0
    for name in ("site", "question"):
        shipped = REPO / "generator" / "schemas" / f"{name}.schema.json"
        assert (repo / "schemas" / f"{name}.schema.json").read_bytes() == shipped.read_bytes()


def test_version_in_the_checkout_is_pyprojects():
    assert cchc("--version").stdout.strip() == f"cchc {VERSION}"


def test_the_new_repositorys_make_installs_the_pinned_version(agency: Path):
    """The editors' guide says `make serve`, `make validate`, `make site`: they work in the new repository too."""
    for target, command in (("site", "cchc build"), ("validate", "cchc validate"), ("serve", "cchc serve")):
        planned = subprocess.run(["make", "-n", "-B", "-C", str(agency), target], capture_output=True, text=True,
                                 check=True).stdout
        assert f"/v{VERSION}/cchc_site-{VERSION}-py3-none-any.whl" in planned and f".venv/bin/{command}" in planned


def test_the_examples_of_plans_pages_and_indices_are_valid_once_copied_into_the_content(agency: Path, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(agency / "content", content)
    for name in ("plans", "pages"):
        shutil.copytree(agency / "vi-du" / name, content / name)
    shutil.copy(agency / "vi-du" / "indices.yml", content / "indices.yml")
    result = cchc("validate", "--content", str(content))
    assert result.returncode == 0, result.stderr
    assert "1 kế hoạch" in result.stdout and "1 trang" in result.stdout
    # not published where they are: vi-du/ is no content folder
    assert "0 kế hoạch" in cchc("validate", "--content", str(agency / "content")).stdout
