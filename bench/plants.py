"""Plant small, plausible bugs in a copy of the code, one at a time, and check that the tests catch each one.

    .venv/bin/python bench/plants.py                  # every plant against the tests aimed at it (about 3 minutes)
    .venv/bin/python bench/plants.py --list           # the plants, what each breaks and the tests that should fail
    .venv/bin/python bench/plants.py --only due-soon-13-days,news-index-empty
    .venv/bin/python bench/plants.py --suite          # also the whole suite but the browser tests, per plant (long)

Issue 25 found bugs that left every test green and the built sites byte-identical, so the golden
manifests could not see them either. Each plant below is one such bug, made by exact string
replacement in the generator's code. A replacement whose text is not found stops the script
with the plant's name: the code moved, and the plant must follow it, never silently pass.

The repository is copied once to a temporary folder (without .git, .venv and build outputs);
each plant is applied there, its tests run with this repository's .venv (no bytecode written,
so no stale .pyc survives a restore), and the file is put back before the next plant. The
working tree is never written. First the same tests run on the unplanted copy and must pass,
so «caught» means the plant made them fail.

Exit status: 0 when every plant is caught, 1 when one is not, 2 when the tests fail without any plant.

It lives in bench/, beside the benchmark, not in tests/: it runs the test suite itself, many
times, for minutes, so it is a check run on purpose (after changing tests or the code they
guard), not one more test collected by every ``pytest`` run.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".git", ".venv", ".cache", "site", "build", "test-artifacts", "__pycache__",
                              ".pytest_cache", "*.egg-info", "node_modules")


@dataclasses.dataclass(frozen=True)
class Plant:
    name: str
    bug: str                            # what a citizen or an editor would see
    file: str                           # below the repository
    edits: tuple[tuple[str, str], ...]  # (exact text, replacement), each found exactly once
    tests: tuple[str, ...]              # pytest node ids (a function's id selects all its parameters)


PROGRESS = "generator/kinds/progress.py"
PLANTS = (
    Plant("quota-drops-last-day", "a quota period leaves out the news of its last day",
          PROGRESS, (("if start <= i.date <= end)", "if start <= i.date < end)"),),
          ("tests/test_progress.py::test_a_news_item_counts_in_its_month_and_quarter_in_vietnam_time",)),
    Plant("quota-month-ends-early", "a month's quota period ends the day before the month does",
          PROGRESS, (("dt.date(year, m, calendar.monthrange(year, m)[1]))",
                      "dt.date(year, m, calendar.monthrange(year, m)[1] - 1))"),),
          ("tests/test_progress.py::test_a_news_item_counts_in_its_month_and_quarter_in_vietnam_time",)),
    Plant("quota-day-in-utc", "a news item counts on its day in UTC, not in Vietnam (+07:00)",
          PROGRESS, (("return entry.model.date.astimezone(TZ).date()",
                      "return entry.model.date.astimezone(dt.timezone.utc).date()"),),
          ("tests/test_progress.py::test_a_news_item_counts_in_its_month_and_quarter_in_vietnam_time",)),
    Plant("overdue-on-deadline-day", "a task is marked overdue on its deadline day",
          PROGRESS, (("    if due < at:\n        return \"overdue\", due", "    if due <= at:\n        return \"overdue\", due"),),
          ("tests/test_progress.py::test_a_task_is_due_soon_for_14_days_and_overdue_only_after_its_deadline_day",)),
    Plant("due-soon-13-days", "«sắp đến hạn» covers 13 days, not 14",
          PROGRESS, (("(due - at).days <= DUE_SOON_DAYS", "(due - at).days < DUE_SOON_DAYS"),),
          ("tests/test_progress.py::test_a_task_is_due_soon_for_14_days_and_overdue_only_after_its_deadline_day",)),
    Plant("links-ignore-src", "the link checker ignores src=: a missing image in Markdown passes",
          "generator/pipeline/links.py", (("""_HREF = re.compile(r'\\s(?:href|src)="([^"]+)"')""",
                                           """_HREF = re.compile(r'\\shref="([^"]+)"')"""),),
          ("tests/test_bad_input.py::test_bad_input_is_reported_at_its_line[missing-image-in-markdown]",)),
    Plant("procedure-index-safe", "|safe on a procedure's name in the procedure index: its HTML runs",
          "generator/templates/procedures_index.html.j2",
          (('.md">{{ entry.model.name }}</a>', '.md">{{ entry.model.name | safe }}</a>'),),
          ("tests/test_bad_input.py::test_settings_the_theme_prints_are_escaped_on_every_page",)),
    Plant("swap-left-unrepaired", "a build killed between the two renames of the site swap is not repaired by "
          "the next build, which deletes the previous site",
          "generator/pipeline/safety.py",
          (("    if old.is_dir() and not site.exists():\n        os.rename(old, site)\n", "    pass\n"),),
          ("tests/test_data_safety.py",)),
    Plant("news-index-empty", "the news index lists no item",
          "generator/kinds/news.py", (('"news_index.html.j2", items=items[:NEWS_ON_INDEX]',
                                      '"news_index.html.j2", items=items[NEWS_ON_INDEX:]'),),
          ("tests/test_site.py::test_news_pages_and_index",)),
    Plant("calendar-uid-by-position", "a task's calendar UID is its place in the plan: adding a row above it "
          "moves it, and calendar apps duplicate the event",
          "generator/kinds/plans.py", (('_uid_key(f"nv{slugify(task.number)}"',
                                        '_uid_key(f"nv{plan.all_tasks().index(task) + 1}"'),),
          ("tests/test_publishing.py::test_calendar_uids_survive_edits",)),
    Plant("slugify-drops-d", "slugs lose đ instead of folding it to d («Đối thoại» → oi-thoai)",
          "generator/core/vietnamese.py", (('unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))',
                                            'unicodedata.normalize("NFD", text)'),),
          ("tests/test_site.py::test_news_item_links_its_unit_category_and_tags",
           "tests/test_site.py::test_a_large_procedure_index_is_split_by_field",
           "tests/test_publishing.py::test_a_feed_for_every_category_and_unit",
           "tests/test_documents.py::test_every_document_is_on_its_four_lists")),
)
SUITE = ("tests", "--ignore=tests/browser")


@dataclasses.dataclass(frozen=True)
class Run:
    status: int
    failed: tuple[str, ...]
    seconds: float
    output: str


def pytest(copy: Path, targets: tuple[str, ...]) -> Run:
    """The tests run in the copy, as ``make test`` runs them; the node ids of those that failed."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "pytest", *targets, "-q", "-rfE", "-p", "no:cacheprovider"],
                            cwd=copy, env=env, capture_output=True, text=True)
    failed = tuple(dict.fromkeys(m[1] for m in re.finditer(r"^(?:FAILED|ERROR) (\S+)", result.stdout, re.M)))
    return Run(result.returncode, failed, time.monotonic() - start, result.stdout + result.stderr)


def planted(copy: Path, plant: Plant) -> str:
    """Apply the plant's edits in the copy; the file's original text, to put back."""
    path = copy / plant.file
    original = path.read_text(encoding="utf-8")
    text = original
    for old, new in plant.edits:
        found = text.count(old)
        if found != 1:
            sys.exit(f"plant «{plant.name}»: {plant.file} holds its text {found} times, not once; the code moved, "
                     f"update the plant:\n{old}")
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return original


def copy_repository(target: Path) -> Path:
    """The repository without its history, environment and outputs; checked to import its own generator."""
    copy = target / "repo"
    shutil.copytree(REPO, copy, ignore=SKIP, symlinks=True)
    imported = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=copy,
                              capture_output=True, text=True, check=True).stdout.strip()
    if not Path(imported).is_relative_to(copy):
        sys.exit(f"the copy imports the generator from {imported}, not from {copy}: plants would not be seen")
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated plant names (see --list)")
    parser.add_argument("--list", action="store_true", help="list the plants and exit")
    parser.add_argument("--suite", action="store_true", help="also run the whole suite but the browser tests")
    args = parser.parse_args(argv)
    plants = PLANTS
    if args.only:
        wanted = args.only.split(",")
        unknown = set(wanted) - {p.name for p in PLANTS}
        if unknown:
            parser.error(f"no plant named {', '.join(sorted(unknown))}; --list shows them")
        plants = tuple(p for p in PLANTS if p.name in wanted)
    if args.list:
        for plant in plants:
            print(f"{plant.name}: {plant.bug}\n    {plant.file}\n    " + "\n    ".join(plant.tests))
        return 0

    with tempfile.TemporaryDirectory(prefix="cchc-plants-") as tmp:
        copy = copy_repository(Path(tmp))
        for plant in plants:  # every plant's text is there before anything runs
            (copy / plant.file).write_text(planted(copy, plant), encoding="utf-8")
        targets = tuple(dict.fromkeys(t for p in plants for t in p.tests))
        baseline = pytest(copy, SUITE if args.suite else targets)
        print(f"without a plant: {'pass' if baseline.status == 0 else 'FAIL'} ({baseline.seconds:.0f} s)", flush=True)
        if baseline.status != 0:
            print(baseline.output[-6000:])
            return 2
        missed = []
        for plant in plants:
            original = planted(copy, plant)
            try:
                run = pytest(copy, SUITE if args.suite else plant.tests)
            finally:
                (copy / plant.file).write_text(original, encoding="utf-8")
            if run.status not in (0, 1):  # 2-5: interrupted, internal or usage error, no test collected
                print(run.output[-4000:])
                sys.exit(f"plant «{plant.name}»: pytest exited with {run.status}, not a test result")
            caught = run.status == 1
            if not caught:
                missed.append(plant.name)
            print(f"{'caught' if caught else 'NOT CAUGHT':10} {plant.name} ({run.seconds:.0f} s): {plant.bug}")
            for test in run.failed:
                print(f"           by {test}")
            if not caught:
                print("           none of: " + ", ".join(plant.tests))
            sys.stdout.flush()
    print(f"{len(plants) - len(missed)} of {len(plants)} plants caught" + (f"; not: {', '.join(missed)}" if missed else ""))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
