"""The workflows can run where they run: every command a step calls, or a recipe of a `make` it calls, is there.

A container job starts from debian:bookworm, which has no make, git, python3, node or npm. Each command must be
in that image (tests/fixtures/bookworm/commands.json, derived from a real minbase root by derive.py beside it), a
shell builtin, installed before by an `apt-get install` of the workflow or of a Makefile rule, or in the venv
that a `python3 -m venv` made. A job on the runner itself may use only the tools GitHub's Ubuntu image lists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from importlib.metadata import metadata
from pathlib import Path

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from generator.pipeline import cache
from tests import bookworm
from tests.workflows import REPO, Step, apt_packages, expanded, installed_packages, make_recipes, simple_commands, steps

BOOKWORM = json.loads((REPO / "tests" / "fixtures" / "bookworm" / "commands.json").read_text(encoding="utf-8"))
# Tools of GitHub's ubuntu-latest image that the jobs without a container use (actions/runner-images,
# images/ubuntu/Ubuntu2404-Readme.md: GitHub CLI, git; coreutils' date), and bash's builtins.
RUNNER = {"gh", "git", "date", "cat"}
# `python3 -m venv` needs ensurepip, which Debian ships apart from python3.
MODULES = {"venv": "python3-venv"}


def missing_commands(chosen: list[Step]) -> list[str]:
    """Each command of a job's steps called before anything installed it, with the step that calls it."""
    contained = chosen[0].container is not None
    assert not contained or chosen[0].container == "debian:bookworm", "the fixture describes debian:bookworm"
    available = set(BOOKWORM["builtins"]) | (set(BOOKWORM["base"]) if contained else RUNNER)
    packages: set[str] = set()
    venvs: list[str] = []
    missing = []
    for step in chosen:
        for words in expanded(step.run):
            program = words[0]
            ok = program in available or any(program.startswith(f"{v}/bin/") for v in venvs)
            if program.startswith("python") and words[1:3] == ["-m", "venv"]:
                ok = ok and MODULES["venv"] in packages
                venvs.append(words[-1])
            if not ok:
                missing.append(f"{step.name}: {' '.join(words)}")
            for package in apt_packages(words):
                packages.add(package)
                available |= set(BOOKWORM["packages"][package])
    return missing


JOBS = sorted({(s.workflow, s.job) for s in steps()})


def test_every_installed_package_is_in_the_fixture():
    unknown = [p for p in installed_packages() if p not in BOOKWORM["packages"]]
    assert unknown == [], "run tests/fixtures/bookworm/derive.py to record what these packages install"


@pytest.mark.parametrize(("workflow", "job"), JOBS, ids=[f"{w}:{j}" for w, j in JOBS])
def test_every_command_is_installed_before_it_runs(workflow: str, job: str):
    assert missing_commands([s for s in steps() if (s.workflow, s.job) == (workflow, job)]) == []


def test_the_check_finds_a_missing_command():
    """Bare bookworm lacks what the steps call, and a command is found missing until a package brings it."""
    for program in ("make", "git", "python3", "npm", "node", "java", "chromium"):
        assert program not in BOOKWORM["base"]
    script = "apt-get install -y nodejs\nx=\"$(npm --version)\"\napt-get install -y npm && npm install vnu-jar"
    assert missing_commands([Step("w.yml", "j", "s", "debian:bookworm", script)]) == ["s: npm --version"]
    venv = "apt-get install -y python3\npython3 -m venv .venv\n.venv/bin/pip install x"
    assert missing_commands([Step("w.yml", "j", "s", "debian:bookworm", venv)]) == ["s: python3 -m venv .venv"]


@pytest.mark.parametrize("program", ["/usr/bin/chromium", "/usr/bin/java", "/usr/bin/npm"])
def test_a_makefile_rule_for_a_program_installs_it(program: str):
    """`make test` installs Chromium, Java and npm through rules named after the program they must bring."""
    packages = [p for line in make_recipes(program) for words in simple_commands(line) for p in apt_packages(words)]
    assert Path(program).name in {c for p in packages for c in BOOKWORM["packages"][p]}


def test_the_pull_request_check_installs_npm_before_using_it():
    """`make test` installs vnu-jar with npm: the Makefile installs Debian's npm first when it is missing."""
    commands = [words for s in steps() if s.workflow == "pull-request.yml" for words in expanded(s.run)]
    programs = [w[0] for w in commands]
    first_npm = programs.index("npm")
    assert any("npm" in apt_packages(words) for words in commands[:first_npm])


# The workflows' own steps in a real bare bookworm root: about 10 minutes and 1 GB of downloads from Debian,
# PyPI and npm, too much for every run of the suite. Run as root with mmdebstrap installed:
#   CCHC_CHROOT_TEST=1 .venv/bin/python -m pytest tests/test_workflows.py -k bare_bookworm_root
# `make test` runs there with a subset of the tests that needs each installed tool: Java with vnu.jar from npm,
# and Chromium.
SUBSET = ("tests/test_validators.py::test_every_page_passes_the_nu_html_checker "
          "tests/browser/test_pages.py::test_procedure_page_works_without_javascript")


@pytest.mark.skipif(not os.environ.get("CCHC_CHROOT_TEST"), reason="set CCHC_CHROOT_TEST=1 (needs root, mmdebstrap)")
@pytest.mark.parametrize(("workflow", "job"), [("pull-request.yml", "check"), ("deploy.yml", "build")])
def test_the_steps_run_in_a_bare_bookworm_root(workflow: str, job: str, tmp_path: Path):
    tarball = tmp_path / "bookworm.tar"
    bookworm.bootstrap(tarball)
    root = bookworm.extract(tarball, tmp_path / "root")
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO, capture_output=True,
                            check=True).stdout.decode().split("\0")
    for name in filter(None, listed):  # the checkout: the repository's files, none of this machine's builds
        if (REPO / name).is_file():
            (root / "repo" / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, root / "repo" / name)
    env = {"CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": "/tmp/output",
           "GITHUB_STEP_SUMMARY": "/tmp/summary", "PYTEST_ADDOPTS": SUBSET}
    flow = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))
    for step in flow["jobs"][job]["steps"]:
        if "run" in step and "if" not in step:
            ran = bookworm.run(root, step["run"], cwd="/repo", env=env, capture_output=True, text=True)
            assert ran.returncode == 0, f"{step['name']}:\n{ran.stdout[-3000:]}\n{ran.stderr[-3000:]}"
    assert (root / "repo" / "site" / "index.html").is_file()
    shutil.rmtree(root)


# Debian bookworm's python3 (python3.11 3.11.2-6+deb12u*, `apt-cache policy python3.11`): the workflows' Python.
BOOKWORM_PYTHON = "3.11.2"


def test_every_pinned_package_installs_on_bookworm_python():
    """pip refuses a release whose Requires-Python excludes 3.11.2, and `make` then fails in the container."""
    refused = []
    for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if "==" not in line or line.startswith("#"):
            continue
        name, version = line.split("==")
        requires = metadata(name).get("Requires-Python")
        assert metadata(name)["Version"] == version, f"{name}: the venv is not requirements.lock"
        if requires and BOOKWORM_PYTHON not in SpecifierSet(requires):
            refused.append(f"{name}=={version} (Requires-Python {requires})")
    assert refused == []


# The build cache (generator/pipeline/cache.py) between runs: actions/cache, pinned.
CACHE_ACTION = "actions/cache@5a3ec84eff668545956fd18022155c47e93e2684"
CACHED = {"deploy.yml": ("build", "cchc-build-deploy-"), "pull-request.yml": ("check", "cchc-build-check-")}
# What GitHub puts in the expressions of the keys, for each run that may save or restore a cache
RUNS = [{"github.event_name": event, "github.ref": ref, "github.run_id": "7", "github.run_attempt": "1"}
        for event in ("pull_request", "push", "workflow_dispatch") for ref in ("refs/pull/12/merge", "refs/heads/main")]


def _cache_step(workflow: str) -> tuple[dict, list[dict]]:
    job = yaml.safe_load((REPO / ".github" / "workflows" / workflow).read_text(encoding="utf-8"))["jobs"]
    chosen = job[CACHED[workflow][0]]["steps"]
    found = [s for s in chosen if s.get("uses", "").startswith("actions/cache@")]
    assert len(found) == 1, f"{workflow}: one cache step"
    return found[0], chosen


def _expand(text: str, run: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: run[m.group(1)], text)


@pytest.mark.parametrize("workflow", sorted(CACHED))
def test_the_build_cache_is_kept_between_runs_before_the_build(workflow: str):
    step, chosen = _cache_step(workflow)
    assert step["uses"] == CACHE_ACTION
    # the build folder's marker too: a build refuses a folder that holds files but not its marker (safety.py)
    assert set(step["with"]["path"].split()) == {"build/.cchc-build", "build/cache/manifest.json",
                                                 "build/cache/objects", f"build/cache/{cache.STATE}",
                                                 f"build/cache/{cache.STATE_HEAD}", f"build/cache/{cache.TEMPLATES}",
                                                 "build/docs", "build/search"}
    build = next(i for i, s in enumerate(chosen) if s.get("run") == "make site")
    assert chosen.index(step) < build, "restored before the build that uses it"
    prefix = CACHED[workflow][1]
    keys = {_expand(step["with"]["key"], run) for run in RUNS}
    assert all(key.startswith(prefix) for key in keys)
    for run in RUNS:  # a run on one ref never saves under the key of another ref
        others = [o for o in RUNS if o["github.ref"] != run["github.ref"]]
        assert _expand(step["with"]["key"], run) not in {_expand(step["with"]["key"], o) for o in others}


def test_the_deploy_job_restores_no_cache_a_pull_request_saved():
    deploy, _ = _cache_step("deploy.yml")
    check, _ = _cache_step("pull-request.yml")
    saved = {_expand(check["with"]["key"], run) for run in RUNS}
    restored = [_expand(key, run) for run in RUNS if run["github.ref"] == "refs/heads/main"
                for key in [deploy["with"]["key"], *deploy["with"]["restore-keys"].split()]]
    assert restored and not [(r, s) for r in restored for s in saved if s.startswith(r)]
    # nor one a run on another ref saved: a branch's deployment starts from caches of its own ref only
    elsewhere = {_expand(deploy["with"]["key"], run) for run in RUNS if run["github.ref"] != "refs/heads/main"}
    assert not [(r, s) for r in restored for s in elsewhere if s.startswith(r)]


# --------------------------------------------------------------------------- a province's portal


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _commands(job: dict) -> list[list[str]]:
    return [words for step in job["steps"] if "run" in step for words in simple_commands(step["run"])]


@pytest.mark.parametrize("name", ["portal.yml", "portal-pull-request.yml"])
def test_the_portal_workflows_grant_each_job_only_what_it_uses(name: str):
    """Nothing at the top; reading the repository, reading the last run's artifacts, and deploying to Pages."""
    flow = _workflow(name)
    assert flow["permissions"] == {}
    needed = {"plan": {"contents": "read"}, "previous": {"actions": "read"},
              "agency": {"contents": "read", "actions": "read"}, "join": {"contents": "read"},
              "deploy": {"pages": "write", "id-token": "write"}, "check": {"contents": "read"}}
    assert {job: spec["permissions"] for job, spec in flow["jobs"].items()} == {job: needed[job] for job in flow["jobs"]}


def test_the_portal_pull_request_check_builds_only_what_the_pull_request_changes():
    """The agencies changed since the pull request's base (tests/test_portal.py runs the same commands)."""
    flow = _workflow("portal-pull-request.yml")
    assert list(flow[True]) == ["pull_request"]  # YAML reads the key «on» as true
    job = flow["jobs"]["check"]
    checkout = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"persist-credentials": False, "fetch-depth": 0}  # the base commit is fetched
    commands = _commands(job)
    assert [".venv/bin/cchc", "portal", "changed", "--since", "$BASE"] in commands
    assert [".venv/bin/cchc", "portal", "build", "--since", "$BASE"] in commands
    bases = [step["env"]["BASE"] for step in job["steps"] if "run" in step and "$BASE" in step["run"]]
    assert bases == ["${{ github.event.pull_request.base.sha }}"] * 2


def test_the_portal_matrix_runs_the_jobs_cchc_portal_matrix_packs():
    """Each job builds the agencies of one pack, and keeps them under one artifact from run to run."""
    jobs = _workflow("portal.yml")["jobs"]
    assert [".venv/bin/cchc", "portal", "matrix"] in _commands(jobs["plan"])
    assert jobs["plan"]["outputs"]["batches"] == "${{ steps.list.outputs.batches }}"
    assert jobs["agency"]["strategy"]["matrix"] == {"batch": "${{ fromJSON(needs.plan.outputs.batches) }}"}
    steps = {step["name"]: step for step in jobs["agency"]["steps"] if "name" in step}
    build = steps["Build the agencies whose fingerprint no longer holds"]
    assert build["env"] == {"AGENCIES": "${{ matrix.batch.agencies }}"}
    # errors as text for the job's summary («2» is what the parser keeps of «2> errors.txt»)
    assert [".venv/bin/cchc", "portal", "build", "--agency", "$AGENCIES", "--format", "text", "2"] in simple_commands(
        build["run"])
    kept = {step["with"].get("name") for step in jobs["agency"]["steps"] if "artifact" in step.get("uses", "")}
    assert kept == {"agencies-${{ matrix.batch.key }}"}
    gathered = next(step for step in jobs["join"]["steps"] if "download-artifact" in step.get("uses", ""))
    assert gathered["with"]["pattern"] == "agencies-*"


def test_the_portal_is_rebuilt_on_a_schedule_for_news_dated_in_the_future():
    """A site holds for its day and until its next dated item (pipeline/portal.py Window): no push brings them."""
    crons = [entry["cron"] for entry in _workflow("portal.yml")[True]["schedule"]]
    assert "17 17 * * *" in crons  # 00:17 in Vietnam, the new day
