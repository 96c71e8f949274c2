"""The generator as a package (issue 21): a wheel that builds an agency's site with no checkout beside it.

One module-scoped fixture builds the wheel from the repository's files (those
git tracks or would track, copied out, so nothing else of the working tree can
slip in), installs it into a fresh virtual environment in a temporary folder,
and runs `cchc init` there. About a minute: most of it is pip installing the
dependencies into the new environment.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.pipeline import workspace
from tests.test_incremental import get, wait_for
from tests.test_validators import VNU
from tests.workflows import REPO

VERSION = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
ANSWERS = {"name": "Sở Nội vụ tỉnh Điện Biên", "short-name": "Sở Nội vụ", "parent": "UBND tỉnh Điện Biên",
           "province": "Điện Biên", "kind": "so", "domain": "snv.dienbien.gov.vn",
           "base-url": "https://cchc.snv.dienbien.gov.vn/", "address": "Phường Mường Thanh, tỉnh Điện Biên",
           "phone": "0215 3825 123", "email": "snv@dienbien.gov.vn"}
TOOLS = Path(sys.executable).parent


def checkout(source: Path) -> Path:
    """The repository's files as a fresh clone has them: what git tracks or would, nothing npm installed."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    return source


class Installed:
    """The wheel, the environment it went into, and the agency repository its `cchc init` made."""

    def __init__(self, root: Path):
        source = checkout(root / "source")
        (source / "node_modules").symlink_to(REPO / "node_modules")  # what npm ci installed: the wheel ships Decap
        subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(source)],
                       check=True, capture_output=True, timeout=600)
        self.wheel = next((root / "dist").glob("*.whl"))
        self.venv = root / "venv"
        subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True, timeout=300)
        subprocess.run([str(self.venv / "bin" / "pip"), "install", "--quiet", str(self.wheel)], check=True,
                       capture_output=True, timeout=900, cwd=root)
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        self.work = root / "work"   # outside the checkout: nothing there but what init writes
        self.work.mkdir()
        self.repo = self.work / "trang-cchc"
        options = [f"--{key}={value}" for key, value in ANSWERS.items()]
        self.init = self.cchc("init", str(self.repo), *options, "--no-input", cwd=self.work)

    def cchc(self, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.venv / "bin" / "cchc"), *args], cwd=cwd or self.repo, env=self.env,
                              capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    return Installed(tmp_path_factory.mktemp("package"))


@pytest.fixture(scope="module")
def built(installed: Installed) -> Path:
    result = installed.cchc("build")
    assert result.returncode == 0, result.stderr
    return installed.repo / "site"


def test_the_wheel_carries_the_theme_templates_and_schemas(installed: Installed):
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        for path in sorted((REPO / "overrides").rglob("*")):
            if path.is_file():
                name = f"generator/shipped/{path.relative_to(REPO).as_posix()}"
                assert wheel.read(name) == path.read_bytes(), name
        assert wheel.read("generator/shipped/mkdocs.yml") == (REPO / "mkdocs.yml").read_bytes()
        for path in sorted((REPO / "generator").rglob("*")):  # every file the generator keeps: code, templates, schemas, workspace
            if path.is_file() and "__pycache__" not in path.parts and not path.relative_to(REPO / "generator").parts[0] == "shipped":
                assert f"generator/{path.relative_to(REPO / 'generator').as_posix()}" in names, path


def test_version_comes_from_pyproject(installed: Installed):
    result = installed.cchc("--version", cwd=installed.work)
    assert result.stdout.strip() == f"cchc {VERSION}"


def test_the_installed_cchc_reads_nothing_from_the_checkout(installed: Installed):
    where = subprocess.run([str(installed.venv / "bin" / "python"), "-c",
                            "import generator.core.resources as r; print(r.shipped('overrides')); print(r.PACKAGE)"],
                           cwd=installed.work, env=installed.env, capture_output=True, text=True, check=True)
    for line in where.stdout.splitlines():
        assert Path(line).is_relative_to(installed.venv) and not Path(line).is_relative_to(REPO)


def test_init_writes_a_repository_of_content_only(installed: Installed):
    assert installed.init.returncode == 0, installed.init.stderr
    repo = installed.repo
    assert sorted(p.name for p in repo.iterdir()) == [".github", ".gitignore", ".vscode", "Makefile", "README.md",
                                                      "content", "schemas", "vi-du"]
    site = (repo / "content" / "site.yml").read_text(encoding="utf-8")
    assert "id_authority: snv.dienbien.gov.vn" in site and "base_url: \"https://cchc.snv.dienbien.gov.vn/\"" in site
    assert "name: \"Sở Nội vụ tỉnh Điện Biên\"" in site
    agencies = (repo / "content" / "agencies.yml").read_text(encoding="utf-8")
    assert "Sở Nội vụ tỉnh Điện Biên" in agencies and "UBND tỉnh Điện Biên" in agencies
    settings = json.loads((repo / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert settings["./schemas/procedure.schema.json"] == "content/procedures/*.yml"
    for schema in settings:
        assert (repo / schema).is_file()
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert f"cchc {VERSION}" in readme and "cchc upgrade" in readme


def test_the_new_site_validates_and_builds(installed: Installed, built: Path):
    result = installed.cchc("validate")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Sở Nội vụ tỉnh Điện Biên" in home.title.get_text()
    assert home.select_one('a[href="tel:02153825123"]') is not None  # the main hotline, at the top of the page
    # the examples are drafts: nothing of them is published
    assert not list((built / "tin-tuc").glob("*vi-du*"))
    assert not (built / "thu-tuc" / "1.000000").exists()
    assert "Ví dụ" not in (built / "feed.xml").read_text(encoding="utf-8")


def _decap(site_or_dist: Path) -> dict[str, bytes]:
    """Decap's files the workspace needs (workspace.DECAP_FILES) in a folder, by name."""
    found = {p for pattern in workspace.DECAP_FILES for p in site_or_dist.glob(pattern)}
    return {p.name: p.read_bytes() for p in found}


def test_the_wheel_carries_decap_and_the_site_it_builds_has_a_working_workspace(installed: Installed, built: Path):
    """Decap's files go into the wheel (pyproject's ship list) and from there into quan-tri/, as npm installed them."""
    npm = _decap(REPO / "node_modules" / "decap-cms" / "dist")
    assert "decap-cms.js" in npm and len(npm) > 50 and any(name.endswith(".wasm") for name in npm)
    with zipfile.ZipFile(installed.wheel) as wheel:
        for name, data in npm.items():
            assert wheel.read(f"generator/shipped/node_modules/decap-cms/dist/{name}") == data, name
    assert _decap(built / workspace.FOLDER) == npm
    page = BeautifulSoup((built / workspace.FOLDER / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [s["src"] for s in page.find_all("script")] == ["workspace.js", "decap-cms.js"]
    for name in (*workspace.OWN_FILES, "config.json", workspace.FINDER):
        assert (built / workspace.FOLDER / name).is_file(), name
    settings = json.loads((built / workspace.FOLDER / "config.json").read_text(encoding="utf-8"))
    assert {c["name"] for c in settings["collections"]} >= {"news", "procedures", "settings"}
    assert settings["media_folder"] == "content/assets/anh"


def test_the_new_sites_pages_pass_the_nu_html_checker(built: Path):
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: `make test` installs it (npm package vnu-jar)")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout",
                             "--skip-non-html", str(built)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stdout)["messages"]
    assert len(list(built.rglob("*.html"))) > 10
    assert [m for m in messages if m["type"] in ("error", "non-document-error")] == []


def test_the_workflows_install_a_pinned_wheel_and_pass_actionlint_and_zizmor(installed: Installed):
    flows = sorted((installed.repo / ".github" / "workflows").glob("*.yml"))
    assert [p.name for p in flows] == ["deploy.yml", "nightly.yml", "pull-request.yml"]
    wheel = f"/releases/download/v{VERSION}/cchc_site-{VERSION}-py3-none-any.whl"
    for flow in flows:
        text = flow.read_text(encoding="utf-8")
        assert "uses: $/.github/workflows/deploy.yml" in text if flow.name == "nightly.yml" else wheel in text
    nightly = yaml.safe_load((flows[1]).read_text(encoding="utf-8"))
    keep_alive = nightly["jobs"]["keep-alive"]  # a quiet site's schedule must not lapse silently (issue 25)
    assert keep_alive["permissions"] == {"contents": "read", "issues": "write"}
    assert "gh issue create" in keep_alive["steps"][0]["run"] and "45" in keep_alive["steps"][0]["run"]
    lint = subprocess.run([str(TOOLS / "actionlint"), *map(str, flows)], capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    audit = subprocess.run([str(TOOLS / "zizmor"), "--offline", "--no-progress", str(flows[0].parent)],
                           capture_output=True, text=True)
    assert audit.returncode == 0, audit.stdout + audit.stderr


def test_upgrade_finds_nothing_to_do_in_a_new_repository(installed: Installed):
    result = installed.cchc("upgrade", "--check")
    assert result.returncode == 0 and "không có gì cần nâng cấp" in result.stdout


def test_cchc_serve_shows_the_new_site(installed: Installed, built: Path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = installed.work / "serve.log"
    path = os.pathsep.join(p for p in installed.env["PATH"].split(os.pathsep)
                           if not (Path(p) / "decap-server").exists())  # no decap-server installed globally
    with log.open("w") as out:
        server = subprocess.Popen([str(installed.venv / "bin" / "cchc"), "serve", "--port", str(port),
                                   "--site-dir", str(installed.work / "preview")], cwd=installed.repo,
                                  env={**installed.env, "PATH": path}, stdout=out, stderr=subprocess.STDOUT)
        try:
            assert wait_for(lambda: "Sở Nội vụ tỉnh Điện Biên" in get(f"http://127.0.0.1:{port}/"), 60)
            assert wait_for(lambda: "Khu soạn thảo" in get(f"http://127.0.0.1:{port}/{workspace.FOLDER}/"), 30)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
    # the workspace is there, but saving needs decap-server, which the wheel does not carry: it says how to get it
    assert workspace.DECAP_SERVER_HOW in log.read_text(encoding="utf-8")


def test_a_fresh_clone_installs_before_npm_ci_has_run(tmp_path: Path):
    """make installs the package (editable) before npm ci: Decap's files are shipped in a wheel only."""
    source = checkout(tmp_path / "source")
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True, timeout=300)
    result = subprocess.run([str(tmp_path / "venv" / "bin" / "pip"), "install", "--quiet", "--no-deps", "-e",
                             str(source)], capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    wheel = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert wheel.returncode != 0 and "run npm ci first" in wheel.stdout + wheel.stderr  # a wheel without Decap: no
