"""``cchc portal build``: every agency of portal.yml built on its own, in parallel, then joined into one site.

Each agency is an ordinary build (build.py) under its path of the portal, in
its own folder of the work folder (``<work>/<id>/build``, ``<id>/site``), one
process per core. Beside each agency's site the work folder keeps the
fingerprint of what made it (its content, the generator, its address, and
the stretch of time its site stays as built: see ``load.Window``) and what the
portal's home page shows of it (name, main hotline): an agency whose
fingerprint still holds is not built again, and its site stays byte for byte
what it was. An agency that fails keeps its last good site, and the failure
is reported; the portal is still joined, so one agency never takes the
portal down. The join hard-links every agency's site under its path, and
adds the portal's home page (one search across every agency's Pagefind index,
merged in the browser), its 404 page, its sitemap index and robots.txt.

It also says which agencies a set of changed files concerns (``changes``: an
agency's pull request checks that agency alone), and packs the agencies into
the jobs of a GitHub Actions matrix (``batches``).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort

from ..core import resources
from ..core import reader
from ..core.checking import read_single
from ..core.errors import ContentError, ContentErrors, MissingContent
from ..core.pages import ENV
from ..core.portal import Portal, PortalAgency
from ..core.vietnamese import TZ
from . import build, load, safety

FINGERPRINT = "fingerprint.txt"  # written last: an agency is rebuilt unless its build finished
SUMMARY = "agency.json"          # what the portal's home page shows of the agency
ERRORS = "errors.txt"            # the last failure, in Vietnamese, until the agency builds again
SEARCH_SCRIPT = "assets/portal-search.js"
AGENCY_SEARCH = "assets/javascripts/cchc.js"  # the agencies' own search, which the portal's search drives
# What every agency's build reads besides its own content folder, as paths of a portal repository: the
# generator (the fingerprint's generator digest), its theme and settings, and how the venv is made.
SHARED = ("generator/", "overrides/", "mkdocs.yml", "requirements.lock", "pyproject.toml", "Makefile")
MATRIX_LIMIT = 256  # jobs per matrix (GitHub's «Actions limits»)
JOB_FILES = 2000    # content files per matrix job: about ten communes, a job's start-up dwarfs one's build


def read(portal_file: Path) -> Portal:
    """portal.yml, checked like every content file: every error with its line and field, in Vietnamese, at once."""
    (portal, doc), errors, _ = read_single(portal_file.parent, portal_file.name, Portal)
    if doc is not None:
        errors += _agency_problems(portal_file, doc)
    if errors:
        raise ContentErrors(sorted(errors))
    return portal


def _agency_problems(portal_file: Path, doc: reader.Document) -> list[ContentError]:
    """Each agency whose content folder is not there, and each id or path given twice, at its line, even when
    another part of portal.yml is wrong: the editor fixes them all in one pass."""
    agencies = doc.data.get("agencies") if isinstance(doc.data, dict) else None
    found: list[ContentError] = []
    seen: dict[tuple[str, str], int] = {}
    for index, agency in enumerate(agencies if isinstance(agencies, list) else []):
        for key in ("content", "id", "path"):
            value = agency.get(key) if isinstance(agency, dict) else None
            if not isinstance(value, str) or not value:
                continue
            place = ("agencies", index, key)
            if key == "content" and not (portal_file.parent / value).is_dir():
                problem = f"không có thư mục «{value}» (tính từ thư mục chứa {portal_file.name})"
            elif key != "content" and (key, value) in seen:
                title = PortalAgency.model_fields[key].title
                problem = (f"«{value}» đã là {title} của cơ quan thứ {seen[key, value] + 1}; mỗi cơ quan cần {title} "
                           "riêng, nếu không trang của cơ quan này sẽ đè lên trang của cơ quan kia")
            else:
                seen.setdefault((key, value), index)
                continue
            field = f"{Portal.model_fields['agencies'].title} thứ {index + 1} › {PortalAgency.model_fields[key].title}"
            found.append(ContentError(Path(portal_file.name), doc.line_of(place), f"{field} ({reader.dotted(place)})",
                                      problem))
    return found


@dataclasses.dataclass(frozen=True)
class Job:
    """One agency's build: what a worker process needs, and nothing it cannot pickle."""

    agency: PortalAgency
    content: Path
    work: Path          # <work>/<id>: its build folder, its site, its fingerprint
    address: str        # where it is published: the portal's address and its path
    fingerprint: str
    now: dt.datetime    # the moment of building: what is published depends on it
    annotate: bool = False  # errors as GitHub annotations on the offending lines (a pull request's check)

    @property
    def paths(self) -> build.Paths:
        return build.Paths(self.content, self.work / "build", self.work / "site", self.address)

    def fresh(self) -> bool:
        """Whether the agency's last good site is what a build now would make: same files, same day, same news."""
        lines = (_read(self.work / FINGERPRINT) or "").split("\n")
        return lines[0] == self.fingerprint and len(lines) > 1 and load.Window.parse(lines[1]).holds(self.now)


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What became of one agency: rebuilt or kept, and its errors (Vietnamese) if it failed."""

    id: str
    rebuilt: bool
    errors: tuple[str, ...] = ()


def _generator_digest() -> str:
    """The generator's own files: a change to the code or a template rebuilds every agency."""
    digest = hashlib.sha256(resources.version().encode())
    for root in (resources.PACKAGE, resources.shipped("overrides")):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(resources.shipped("mkdocs.yml").read_bytes())
    return digest.hexdigest()


def fingerprint(content: Path, address: str, generator: str) -> str:
    """What an agency's site is made of: every file of its content folder, its address and the generator."""
    digest = hashlib.sha256(f"{generator}\0{address}\0".encode())
    for path in sorted(p for p in content.rglob("*") if p.is_file()):
        digest.update(path.relative_to(content).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def build_agency(job: Job) -> Outcome:
    """One agency, in a worker process: its site replaced only when the build succeeds (safety.replace_site)."""
    try:
        content = build.build(job.paths, job.now)
    except ContentErrors as exc:
        problems = tuple(error.github(job.content) if job.annotate else error.text(job.content) for error in exc.errors)
    except (MissingContent, safety.RefusedFolder, Abort, OSError) as exc:
        problems = (f"không dựng được: {exc}",)
    else:
        hotline = content.main_hotline.model
        summary = {"name": content.site.name, "short_name": content.site.short_name,
                   "hotline": hotline.name, "phones": [{"value": c.value, "tel": c.tel} for c in hotline.phones()]}
        (job.work / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        (job.work / ERRORS).unlink(missing_ok=True)
        (job.work / FINGERPRINT).write_text(f"{job.fingerprint}\n{load.Window.of(content, job.now)}\n", encoding="utf-8")
        return Outcome(job.agency.id, True)
    (job.work / ERRORS).write_text("\n".join(problems) + "\n", encoding="utf-8")
    return Outcome(job.agency.id, True, problems)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs(portal: Portal, portal_file: Path, work: Path, now: dt.datetime | None, annotate: bool = False) -> list[Job]:
    """Every agency's build, at ``now`` (the current time by default), in portal.yml's order."""
    generator = _generator_digest()
    now = now or dt.datetime.now(TZ)
    found = []
    for agency in portal.agencies:
        content = portal_file.parent / agency.content
        address = f"{portal.base_url}{agency.path.lstrip('/')}"
        found.append(Job(agency, content, work / agency.id, address, fingerprint(content, address, generator), now,
                         annotate))
    return found


def check_folders(portal_jobs: list[Job], work: Path, site: Path) -> None:
    """Refuse, before anything is written, a work or site folder that could destroy something (safety.py)."""
    for job in portal_jobs:
        safety.check(job.content, job.paths.build, site, resources.HOME)
        safety.check(job.content, job.paths.build, job.paths.site, resources.HOME)
    safety.check_ours(work, safety.PORTAL_MARKER, "--build-dir")


def build_all(portal_jobs: list[Job], workers: int | None = None) -> list[Outcome]:
    """Build the agencies whose fingerprint changed, ``workers`` at a time (one per core by default)."""
    stale = [job for job in portal_jobs if not job.fresh()]
    outcomes = {job.agency.id: Outcome(job.agency.id, False) for job in portal_jobs}
    for job in stale:
        job.work.mkdir(parents=True, exist_ok=True)
    if stale:
        with concurrent.futures.ProcessPoolExecutor(min(workers or _cores(), len(stale))) as pool:
            futures = [(job, pool.submit(build_agency, job)) for job in stale]
            for job, future in futures:
                try:
                    outcomes[job.agency.id] = future.result()
                except Exception as exc:  # a bug, or the worker died (out of memory, killed): the others publish
                    problem = f"cchc dừng bất thường khi dựng cơ quan này: {exc!r}"
                    (job.work / ERRORS).write_text(problem + "\n", encoding="utf-8")
                    outcomes[job.agency.id] = Outcome(job.agency.id, True, (problem,))
    return [outcomes[job.agency.id] for job in portal_jobs]


def last_outcomes(portal_jobs: list[Job]) -> list[Outcome]:
    """What the agencies' own builds left (``--join-only``, after a matrix built them apart): each one's last errors."""
    return [Outcome(job.agency.id, False, tuple((_read(job.work / ERRORS) or "").splitlines()))
            for job in portal_jobs]


def join(portal: Portal, portal_jobs: list[Job], site: Path) -> list[str]:
    """The portal's site: every agency that has a good site, under its path, and the portal's own pages.

    Returns the ids of the agencies left out because they never built.
    """
    present = [job for job in portal_jobs if (job.work / SUMMARY).is_file() and job.paths.site.is_dir()]
    summaries = {job.agency.id: json.loads((job.work / SUMMARY).read_text(encoding="utf-8")) for job in present}

    def make(folder: Path) -> None:
        folder.mkdir(parents=True)
        for job in present:
            shutil.copytree(job.paths.site, folder / job.agency.path.strip("/"), copy_function=os.link,
                            ignore=shutil.ignore_patterns(safety.SITE_MARKER))
        groups = {group: [(a, summaries[a.id]) for a in agencies if a.id in summaries]
                  for group, agencies in portal.groups().items()}
        searched = [{"name": summaries[job.agency.id]["name"], "path": job.agency.path} for job in present]
        pages = {"index.html": ("portal.html.j2", {"portal": portal, "groups": groups, "searched": searched,
                                                   "root": ""}),
                 "404.html": ("portal_404.html.j2", {"portal": portal, "groups": groups,
                                                     "root": urlsplit(str(portal.base_url)).path}),
                 "sitemap.xml": ("portal_sitemap.xml.j2", {"portal": portal, "agencies": present}),
                 "robots.txt": ("robots.txt.j2", {"sitemap": f"{portal.base_url}sitemap.xml"}),
                 SEARCH_SCRIPT: ("portal_search.js", {})}
        for name, (template, context) in pages.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(ENV.get_template(template).render(**context), encoding="utf-8")
        shutil.copyfile(resources.shipped("overrides") / AGENCY_SEARCH, folder / "assets" / "cchc.js")

    safety.replace_site(site, make)
    return [job.agency.id for job in portal_jobs if job not in present]


def report(outcomes: list[Outcome], missing: list[str], site: Path | None) -> list[str]:
    """The run in Vietnamese: what was rebuilt, what was kept, and each failure with what stays published."""
    lines = []
    for outcome in outcomes:
        if outcome.errors:
            kept = "không có trang nào được đăng" if outcome.id in missing else "vẫn đăng trang dựng tốt lần trước"
            lines.append(f"Cơ quan «{outcome.id}»: KHÔNG dựng được ({kept}):")
            lines += [problem if problem.startswith("::") else f"  {problem}" for problem in outcome.errors]
        else:
            lines.append(f"Cơ quan «{outcome.id}»: " + ("đã dựng lại." if outcome.rebuilt else
                                                         "giữ nguyên trang đã dựng."))
    failed = sum(1 for outcome in outcomes if outcome.errors)
    if site is None:  # built apart (--agency): another run joins them
        return lines
    lines.append(f"Đã ghép cổng trong {site}: {len(outcomes) - len(missing)} cơ quan"
                 + (f"; {failed} cơ quan lỗi." if failed else "."))
    return lines


# --------------------------------------------------------------------------- what a change concerns


@dataclasses.dataclass(frozen=True)
class Changes:
    """What a set of changed files concerns: the agencies to check, or the whole portal."""

    agencies: tuple[str, ...]  # in portal.yml's order; every agency when ``portal``
    portal: bool               # portal.yml, or what every agency's build reads: every agency, then the join
    elsewhere: tuple[str, ...]  # changed files no build reads (README, notes): nothing to check for them


def changes(portal: Portal, portal_file: Path, paths: list[str]) -> Changes:
    """The agencies whose build the changed ``paths`` (relative to portal.yml's folder) can change.

    A file inside an agency's content folder concerns that agency alone: an
    agency's pull request checks it and no other. portal.yml concerns the whole
    portal, since a path or the portal's address moves every agency's links and
    the home page lists them all; so do the generator's files (``SHARED``),
    which are in every agency's fingerprint. A file elsewhere (a README, a
    workflow's notes) is in no build, so it asks for no check at all.
    """
    folders = {agency.id: PurePosixPath(agency.content) for agency in portal.agencies}
    touched, whole, elsewhere = set(), False, []
    for path in (PurePosixPath(p) for p in paths):
        owners = {id for id, folder in folders.items() if folder in path.parents}
        if path == PurePosixPath(portal_file.name) or any(path.as_posix().startswith(s) for s in SHARED):
            whole = True
        elif owners:
            touched |= owners
        else:
            elsewhere.append(path.as_posix())
    ids = [agency.id for agency in portal.agencies if whole or agency.id in touched]
    return Changes(tuple(ids), whole, tuple(elsewhere))


class UnknownBase(Exception):
    """``--since`` names no commit git knows (not fetched, or mistyped)."""


def changed_since(folder: Path, base: str) -> list[str]:
    """The files changed between ``base`` and HEAD, as a pull request changes them (from their merge base),
    relative to ``folder``: a renamed file counts under both its names."""
    result = subprocess.run(["git", "diff", "--name-only", "--no-renames", "--relative", "-z", f"{base}...HEAD"],
                            cwd=folder, capture_output=True, text=True)
    if result.returncode:
        raise UnknownBase(f"git không so được với «{base}»: {result.stderr.strip()}")
    return [name for name in result.stdout.split("\0") if name]


def describe(found: Changes) -> list[str]:
    """The check's scope in Vietnamese, for the run's log and the pull request's summary."""
    if found.portal:
        return [f"portal.yml hoặc bộ dựng thay đổi: kiểm tra cả cổng ({len(found.agencies)} cơ quan và trang chủ)."]
    lines = [f"Cơ quan thay đổi: {', '.join(found.agencies)}." if found.agencies else
             "Không cơ quan nào thay đổi: không có gì cần dựng."]
    if found.elsewhere:
        lines.append(f"Tệp ngoài mọi cơ quan (không cơ quan nào dựng từ chúng): {', '.join(found.elsewhere)}.")
    return lines


# --------------------------------------------------------------------------- the matrix's jobs


def _size(content: Path) -> int:
    """An agency's build cost, estimated before building: the files of its content folder."""
    return sum(1 for path in content.rglob("*") if path.is_file())


def batches(portal: Portal, portal_file: Path, budget: int = JOB_FILES) -> list[dict[str, str]]:
    """The agencies packed into the jobs of a GitHub Actions matrix, for its ``include``.

    A job starts a container and installs the generator, about a minute, while
    a commune builds in a second or two: one job each would spend nearly all of
    its time starting. So neighbours of one group of portal.yml share a job up
    to ``budget`` content files; an agency larger than that has a job of its
    own. The budget doubles until the jobs fit in one matrix (256).
    """
    sizes = [(agency, _size(portal_file.parent / agency.content)) for agency in portal.agencies]
    while True:
        packed: list[list[PortalAgency]] = []
        total = 0
        for agency, size in sizes:
            if packed and packed[-1][-1].group == agency.group and total + size <= budget:
                packed[-1].append(agency)
                total += size
            else:
                packed.append([agency])
                total = size
        if len(packed) <= MATRIX_LIMIT:
            break
        budget *= 2
    return [{"key": members[0].id if len(members) == 1 else f"{members[0].id}--{members[-1].id}",
             "agencies": ",".join(agency.id for agency in members)} for members in packed]
