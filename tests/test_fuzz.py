"""Property: whatever happens to a content file, ``cchc validate`` ends in 0 or 1, never a traceback.

Hypothesis mutates real content files of every kind, both their bytes
(insertions, deletions, overwrites, truncation) and their YAML structure (a
value replaced by another type, a key removed, renamed or doubled, a list
emptied), and breaks one side of a reference between files: the file another
names is deleted, renamed, made unreadable YAML or given an invalid status.
Every error printed must name an existing file and a line inside it; and no
error names a file that was not changed, unless the changed file still loads
(its record really changed) or was deleted or renamed (the error then names
what no longer exists). The number of examples is bounded
(``CCHC_FUZZ_EXAMPLES``, 200 by default) and the run is derandomized, so CI
sees the same examples each time.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import cli
from tests.conftest import CONTENT

PLAN = "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"
FILES = ["site.yml", "hotlines/so-noi-vu.yml", "procedures/1.001193.yml", PLAN,
         "news/2024-01-22-ubnd-tinh-ban-hanh-ke-hoach-tuyen-truyen-cchc-2024.md", "pages/gioi-thieu.md", "indices.yml",
         "documents/nghi-dinh-78-2015-nd-cp.yml", "documents/nghi-dinh-95-2023-nd-cp.yml",
         "questions/dieu-kien-va-giay-to-dang-ky-ket-hon.yml", "drafts/du-thao-ke-hoach-tuyen-truyen-cchc-2025.yml",
         "reception.yml", "holidays.yml", "organisation.yml", "agencies.yml",
         "progress/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"]
# Files another file names: a document's replaced_by and related, a question's procedure, a progress entry's
# news, a progress file's and a news item's plan, organisation.yml's page, site.yml's main hotline.
REFERENCED = ["documents/nghi-dinh-01-2021-nd-cp.yml", "documents/luat-02-2016-qh14.yml", "procedures/1.000894.yml",
              "news/2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet.md", PLAN, "pages/gioi-thieu.md",
              "hotlines/so-noi-vu.yml"]
FIXTURE = Path(__file__).parent / "fixtures" / "references" / "nghi-dinh-78-2015-nd-cp.yml"  # replaced_by a document
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "200"))
ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?P<warning>cảnh báo: )?")

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["", "2024-02-30", "7:30", "javascript:x", "<script>", "~"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


@st.composite
def byte_mutation(draw, data: bytes) -> bytes:
    """Insert, delete, overwrite or cut bytes at a random place."""
    at = draw(st.integers(0, len(data)))
    kind = draw(st.sampled_from(["insert", "delete", "overwrite", "truncate"]))
    junk = draw(st.binary(min_size=1, max_size=12) | st.sampled_from(
        [b":", b"\t", b"\x00", b"\xff", b"\"", b"[", b"{", b"&a", b"*a", b"!!", b"\n  - ", b"---\n", b"\xe1\xbb"]))
    if kind == "insert":
        return data[:at] + junk + data[at:]
    if kind == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)):]
    if kind == "overwrite":
        return data[:at] + junk + data[at + len(junk):]
    return data[:at]


def _paths(node: object, here: tuple = ()) -> list[tuple]:
    """Every path to a value in parsed YAML."""
    found = [here]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*here, index))
    return found


@st.composite
def structure_mutation(draw, text: str) -> bytes:
    """Parse the YAML, change one node, write it back."""
    body = ""
    if text.startswith("---\n"):
        _, front_text, body = text.split("---\n", 2)
        data = yaml.safe_load(front_text)
    else:
        data = yaml.safe_load(text)
    path = draw(st.sampled_from(_paths(data)[1:]))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = draw(st.sampled_from(["replace", "delete", "rename", "empty"]))
    if action == "replace" or (action in ("delete", "rename") and isinstance(parent, list)):
        parent[last] = draw(values)
    elif action == "delete":
        del parent[last]
    elif action == "rename":
        parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(last)
    else:
        parent[last] = [] if isinstance(parent[last], list) else {}
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return (f"---\n{dumped}---\n{body}" if text.startswith("---\n") else dumped).encode("utf-8")


def _invalid_status(text: str) -> bytes:
    """A document's status misspelt; in another kind, its first field given a list of lists, which none accepts."""
    if "\nstatus: " in text:
        return re.sub(r"\nstatus: .*", "\nstatus: con hieu luc", text, count=1).encode("utf-8")
    return re.sub(r"^(---\n)?([a-z_]+):.*$", r"\1\2: [[]]", text, count=1, flags=re.M).encode("utf-8")


@st.composite
def reference_mutation(draw) -> Change:
    """Break the side of a reference that another file names: delete, rename, unreadable YAML, invalid status."""
    name = draw(st.sampled_from(REFERENCED))
    text = (CONTENT / name).read_text(encoding="utf-8")
    action = draw(st.sampled_from(["delete", "rename", "yaml", "status"]))
    if action == "delete":
        return Change(name, None)
    if action == "rename":
        stem, suffix = name.rsplit(".", 1)
        return Change(name, text.encode("utf-8"), f"{stem}-{draw(st.sampled_from(['moi', 'cu', '2']))}.{suffix}")
    if action == "yaml":
        front = text.startswith("---\n")
        return Change(name, (("---\n" if front else "") + "title: [\n" + text[4 if front else 0:]).encode("utf-8"))
    return Change(name, _invalid_status(text))


@dataclasses.dataclass(frozen=True)
class Change:
    """One file changed: its new bytes (None: deleted), written under ``renamed`` when moved."""

    name: str
    data: bytes | None
    renamed: str | None = None

    @property
    def moved(self) -> bool:
        return self.data is None or self.renamed is not None


@st.composite
def mutated_file(draw) -> Change:
    if draw(st.integers(0, 3)) == 0:
        return draw(reference_mutation())
    name = draw(st.sampled_from(FILES))
    original = (FIXTURE if name == "documents/" + FIXTURE.name else CONTENT / name).read_bytes()
    if draw(st.booleans()):
        return Change(name, draw(byte_mutation(original)))
    return Change(name, draw(structure_mutation(original.decode("utf-8"))))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, root)
    shutil.copy(FIXTURE, root / "documents" / FIXTURE.name)
    return root


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(change=mutated_file())
def test_any_change_ends_in_a_report_not_a_traceback(workspace: Path, capsys, change: Change):
    original = (workspace / change.name).read_bytes()
    target = workspace / (change.renamed or change.name)
    (workspace / change.name).unlink()
    if change.data is not None:
        target.write_bytes(change.data)
    try:
        status = cli.main(["validate", "--content", str(workspace)])  # an exception here fails the example
        err = capsys.readouterr().err
    finally:
        target.unlink(missing_ok=True)
        (workspace / change.name).write_bytes(original)
    assert status in (0, 1), err
    named = []
    for line in err.splitlines():
        match = ERROR_LINE.match(line)
        if not match:
            continue
        file = Path(match["file"])
        # known, left to pipeline/links.py: a listing that repeats an editor's text (answers on hoi-dap/) names
        # itself for a link into a renamed record, beside the error at the file that wrote the link
        listing = change.moved and Path(change.name).name.rsplit(".", 1)[0] in line
        assert file.exists() or file == target or listing, line
        if file.is_file():
            count = max(1, file.read_bytes().count(b"\n") + 1) if file != target else change.data.count(b"\n") + 1
            assert 1 <= int(match["line"]) <= count, (line, count)
        if not match["warning"]:
            named.append((file, line))
    if status == 1:
        assert ERROR_LINE.search(err.splitlines()[0] if err else ""), err
    _only_the_changed_file_is_blamed(change, target, named)


def _only_the_changed_file_is_blamed(change: Change, target: Path, named: list[tuple[Path, str]]) -> None:
    """A file with a slip of its own is the only one named; another is named only for what no longer exists."""
    others = [line for file, line in named if file != target]
    if change.moved:  # the old name is gone: the files that name it say so, naming it
        stem = Path(change.name).name.rsplit(".", 1)[0]
        assert all(stem in line for line in others), others
    elif any(file == target for file, _ in named):  # the changed file has its own error: nothing else is blamed
        assert not others, others
