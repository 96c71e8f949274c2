"""``cchc portal build``: every agency of portal.yml built on its own, in parallel, then joined into one site.

Each agency is an ordinary build (build.py) under its path of the portal, in
its own folder of the work folder (``<work>/<id>/build``, ``<id>/site``), one
process per core. Beside each agency's site the work folder keeps the
fingerprint of what made it (its content, the generator, its address) and
what the portal's home page shows of it (name, main hotline): an agency whose
fingerprint is unchanged is not built again, and its site stays byte for byte
what it was. An agency that fails keeps its last good site, and the failure
is reported; the portal is still joined, so one agency never takes the
portal down. The join hard-links every agency's site under its path, and
adds the portal's home page (one search across every agency's Pagefind index,
merged in the browser), its sitemap index and robots.txt.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

from mkdocs.exceptions import Abort

from ..core import resources
from ..core.checking import read_single
from ..core.errors import ContentError, ContentErrors, MissingContent
from ..core.pages import ENV
from ..core.portal import Portal, PortalAgency
from . import build, safety

FINGERPRINT = "fingerprint.txt"  # written last: an agency is rebuilt unless its build finished
SUMMARY = "agency.json"          # what the portal's home page shows of the agency
ERRORS = "errors.txt"            # the last failure, in Vietnamese, until the agency builds again
SEARCH_SCRIPT = "assets/portal-search.js"


def read(portal_file: Path) -> Portal:
    """portal.yml, checked like every content file: every error with its line and field, in Vietnamese."""
    (portal, _), errors, _ = read_single(portal_file.parent, portal_file.name, Portal)
    if portal is not None:
        errors += [ContentError(Path(portal_file.name), 1, "thư mục nội dung (content)",
                                f"cơ quan «{a.id}»: không có thư mục «{a.content}»")
                   for a in portal.agencies if not (portal_file.parent / a.content).is_dir()]
    if errors:
        raise ContentErrors(errors)
    return portal


@dataclasses.dataclass(frozen=True)
class Job:
    """One agency's build: what a worker process needs, and nothing it cannot pickle."""

    agency: PortalAgency
    content: Path
    work: Path          # <work>/<id>: its build folder, its site, its fingerprint
    address: str        # where it is published: the portal's address and its path
    fingerprint: str
    now: dt.datetime | None

    @property
    def paths(self) -> build.Paths:
        return build.Paths(self.content, self.work / "build", self.work / "site", self.address)


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
        problems = tuple(error.text(job.content) for error in exc.errors)
    except (MissingContent, safety.RefusedFolder, Abort, OSError) as exc:
        problems = (f"không dựng được: {exc}",)
    else:
        hotline = content.main_hotline.model
        summary = {"name": content.site.name, "short_name": content.site.short_name,
                   "hotline": hotline.name, "phones": [{"value": c.value, "tel": c.tel} for c in hotline.phones()]}
        (job.work / SUMMARY).write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
        (job.work / ERRORS).unlink(missing_ok=True)
        (job.work / FINGERPRINT).write_text(job.fingerprint, encoding="utf-8")
        return Outcome(job.agency.id, True)
    (job.work / ERRORS).write_text("\n".join(problems) + "\n", encoding="utf-8")
    return Outcome(job.agency.id, True, problems)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def jobs(portal: Portal, portal_file: Path, work: Path, now: dt.datetime | None) -> list[Job]:
    generator = _generator_digest()
    found = []
    for agency in portal.agencies:
        content = portal_file.parent / agency.content
        address = f"{portal.base_url}{agency.path.lstrip('/')}"
        found.append(Job(agency, content, work / agency.id, address, fingerprint(content, address, generator), now))
    return found


def check_folders(portal_jobs: list[Job], work: Path, site: Path) -> None:
    """Refuse, before anything is written, a work or site folder that could destroy something (safety.py)."""
    for job in portal_jobs:
        safety.check(job.content, job.paths.build, site, resources.HOME)
        safety.check(job.content, job.paths.build, job.paths.site, resources.HOME)
    safety.check_ours(work, safety.PORTAL_MARKER, "--build-dir")


def build_all(portal_jobs: list[Job], workers: int | None = None) -> list[Outcome]:
    """Build the agencies whose fingerprint changed, ``workers`` at a time (one per core by default)."""
    stale = [job for job in portal_jobs if _read(job.work / FINGERPRINT) != job.fingerprint]
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
        pages = {"index.html": ("portal.html.j2", {"portal": portal, "groups": groups, "searched": searched}),
                 "sitemap.xml": ("portal_sitemap.xml.j2", {"portal": portal, "agencies": present}),
                 "robots.txt": ("robots.txt.j2", {"sitemap": f"{portal.base_url}sitemap.xml"}),
                 SEARCH_SCRIPT: ("portal_search.js", {})}
        for name, (template, context) in pages.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(ENV.get_template(template).render(**context), encoding="utf-8")

    safety.replace_site(site, make)
    return [job.agency.id for job in portal_jobs if job not in present]


def report(outcomes: list[Outcome], missing: list[str], site: Path | None) -> list[str]:
    """The run in Vietnamese: what was rebuilt, what was kept, and each failure with what stays published."""
    lines = []
    for outcome in outcomes:
        if outcome.errors:
            kept = "không có trang nào được đăng" if outcome.id in missing else "vẫn đăng trang dựng tốt lần trước"
            lines.append(f"Cơ quan «{outcome.id}»: KHÔNG dựng được ({kept}):")
            lines += [f"  {problem}" for problem in outcome.errors]
        else:
            lines.append(f"Cơ quan «{outcome.id}»: " + ("đã dựng lại." if outcome.rebuilt else
                                                         "giữ nguyên trang đã dựng."))
    failed = sum(1 for outcome in outcomes if outcome.errors)
    if site is None:  # built apart (--agency): another run joins them
        return lines
    lines.append(f"Đã ghép cổng trong {site}: {len(outcomes) - len(missing)} cơ quan"
                 + (f"; {failed} cơ quan lỗi." if failed else "."))
    return lines
