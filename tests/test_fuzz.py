"""Property: whatever happens to a content file, ``cchc validate`` ends in 0 or 1, never a traceback.

Hypothesis mutates real content files, both their bytes (insertions, deletions,
overwrites, truncation) and their YAML structure (a value replaced by another
type, a key removed, renamed or doubled, a list emptied). Every error printed
must name an existing file and a line inside it. The number of examples is
bounded (``CCHC_FUZZ_EXAMPLES``, 200 by default) and the run is derandomized,
so CI sees the same examples each time.
"""

from __future__ import annotations

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

FILES = ["site.yml", "hotlines/so-noi-vu.yml", "procedures/1.001193.yml", "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml",
         "news/2024-01-22-ubnd-tinh-ban-hanh-ke-hoach-tuyen-truyen-cchc-2024.md", "pages/gioi-thieu.md", "indices.yml"]
EXAMPLES = int(os.environ.get("CCHC_FUZZ_EXAMPLES", "200"))
ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?:cảnh báo: )?")

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


@st.composite
def mutated_file(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILES))
    original = (CONTENT / name).read_bytes()
    if draw(st.booleans()):
        return name, draw(byte_mutation(original))
    return name, draw(structure_mutation(original.decode("utf-8")))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(CONTENT, root)
    return root


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(change=mutated_file())
def test_any_change_ends_in_a_report_not_a_traceback(workspace: Path, capsys, change: tuple[str, bytes]):
    name, data = change
    target = workspace / name
    target.write_bytes(data)
    try:
        status = cli.main(["validate", "--content", str(workspace)])  # an exception here fails the example
        err = capsys.readouterr().err
    finally:
        shutil.copy(CONTENT / name, target)
    assert status in (0, 1), err
    for line in err.splitlines():
        match = ERROR_LINE.match(line)
        if not match:
            continue
        file = Path(match["file"])
        assert file.exists(), line
        if file.is_file():
            count = max(1, file.read_bytes().count(b"\n") + 1) if file != target else data.count(b"\n") + 1
            assert 1 <= int(match["line"]) <= count, (line, count)
    if status == 1:
        assert ERROR_LINE.search(err.splitlines()[0] if err else ""), err
