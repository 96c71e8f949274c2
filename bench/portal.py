"""A province's portal: how long ``cchc portal build`` takes, one process at a time, on every core, and after one
commune's change.

    .venv/bin/python bench/portal.py [--departments 15] [--communes 60] [--out /tmp/cchc-portal]

The agencies' content comes from bench/make_content.py, at sizes agencies have: the province (UBND tỉnh) 400
procedures and 300 news items, a department 120 and 80, a commune 100 and 20 (a commune settles the procedures
of the commune level, about a hundred; it posts a few news items a month). Each build starts from an empty work
folder except the last, which changes one news title in one commune and rebuilds: only that commune is built
again. The figures print as one Markdown table, with the cost per agency the README's estimate uses, and the
load average (1 minute) before and after each: on a shared machine the other work shows there.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_content  # noqa: E402 - the benchmark's content generator, beside this file

REPO = Path(__file__).resolve().parent.parent
SIZES = {"tinh": (400, 300), "so": (120, 80), "xa": (100, 20)}  # procedures, news


def write_portal(out: Path, departments: int, communes: int) -> Path:
    agencies = [("ubnd-tinh", "tinh", "Ủy ban nhân dân tỉnh")]
    agencies += [(f"so-{i:02d}", "so", "Sở, ban, ngành") for i in range(1, departments + 1)]
    agencies += [(f"xa-{i:03d}", "xa", "Xã, phường") for i in range(1, communes + 1)]
    lines = ["name: Cổng thông tin cải cách hành chính tỉnh (minh họa)", "base_url: https://cong.example.org/",
             "agencies:"]
    for seed, (agency, size, group) in enumerate(agencies, start=1):
        make_content.make(out / "agencies" / agency, *SIZES[size], seed=seed)
        lines += [f"  - id: {agency}", f"    content: agencies/{agency}", f"    path: /{agency}/",
                  f"    group: {group}"]
    (out / "portal.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out / "portal.yml"


def timed(portal: Path, jobs: int, fresh: bool) -> tuple[float, str]:
    work, site = portal.parent / "build-portal", portal.parent / "site-portal"
    if fresh:
        for folder in (work, site):
            shutil.rmtree(folder, ignore_errors=True)
    os.sync()
    load = os.getloadavg()[0]
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "portal", "build", "--portal", str(portal), "--jobs", str(jobs),
                    "--build-dir", str(work), "--site-dir", str(site)], cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start, f"{load:.1f} → {os.getloadavg()[0]:.1f}"


def change_one_commune(portal: Path) -> None:
    news = sorted((portal.parent / "agencies" / "xa-001" / "news").glob("*.md"))[0]
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("title: ", "title: Đã sửa – ", 1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--departments", type=int, default=15)
    ap.add_argument("--communes", type=int, default=60)
    ap.add_argument("--out", type=Path, default=Path("/tmp/cchc-portal"))
    args = ap.parse_args(argv)
    shutil.rmtree(args.out, ignore_errors=True)
    portal = write_portal(args.out, args.departments, args.communes)
    agencies = 1 + args.departments + args.communes
    cores = len(os.sched_getaffinity(0))
    (one, load_one), (every, load_every) = timed(portal, 1, fresh=True), timed(portal, cores, fresh=True)
    change_one_commune(portal)
    changed, load_changed = timed(portal, cores, fresh=False)
    print(f"| portal of {agencies} agencies (1 province, {args.departments} departments, {args.communes} communes) "
          "| time | load average |\n|---|---|---|")
    print(f"| whole portal, one agency at a time | {one:.1f} s ({one / agencies:.2f} s per agency) | {load_one} |")
    print(f"| whole portal, {cores} at a time | {every:.1f} s | {load_every} |")
    print(f"| one commune's news changed, rebuilt and joined | {changed:.1f} s | {load_changed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
