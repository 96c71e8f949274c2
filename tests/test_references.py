"""References between files: one slip gets one error, at its own file, line and field, and nothing else.

Issue 24, points 1, 3 and 4. A file with a slip of its own is left out; the
files that name it must neither crash the build through their pages (a
document replaced by a broken one) nor be blamed for it (a progress file of a
broken plan, a question about a broken procedure, progress citing a broken
news item). A chain of ``replaced_by`` or of successors that comes back on
itself is an error in each file (or entry) of the loop, naming the chain.

Each expected line is found in the file by its text, never by the generator.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import cli
from generator.core.references import chain_text, cycles
from generator.core.pages import Output
from generator.pipeline import load, site
from tests.conftest import CONTENT, REPO

FIXTURES = Path(__file__).parent / "fixtures" / "references"
REPLACED = "documents/nghi-dinh-78-2015-nd-cp.yml"    # replaced_by: nghi-dinh-01-2021-nd-cp (the fixture)
REPLACING = "documents/nghi-dinh-01-2021-nd-cp.yml"
PLAN = "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"
PROCEDURE = "procedures/1.000894.yml"                 # linked by questions/dieu-kien-va-giay-to-dang-ky-ket-hon.yml
NEWS = "news/2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet.md"  # cited by progress/<plan>.yml
ERROR = re.compile(r"^(?P<file>.+?):(?P<line>\d+): (?!cảnh báo:)(?:trường «(?P<field>.+?)»: )?(?P<message>.*)$")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """The default content and a document that another replaces (the library holds none)."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    shutil.copy(FIXTURES / "nghi-dinh-78-2015-nd-cp.yml", copy / REPLACED)
    return copy


def edit(root: Path, name: str, old: str, new: str) -> int:
    """Replace the one line that is ``old``; return its line number (from 1)."""
    lines = (root / name).read_text(encoding="utf-8").split("\n")
    [index] = [i for i, text in enumerate(lines) if text == old]
    lines[index] = new
    (root / name).write_text("\n".join(lines), encoding="utf-8")
    return index + 1


def errors(root: Path, output: str) -> list[tuple[str, int, str | None, str]]:
    """(file below the content folder, line, field, message) of every error printed; warnings left aside."""
    found = []
    for text in output.splitlines():
        if (match := ERROR.match(text)) and match["file"].startswith(str(root)):
            found.append((Path(match["file"]).relative_to(root).as_posix(), int(match["line"]), match["field"],
                          match["message"]))
    return found


def pages(root: Path) -> dict[str, Output]:
    """Every page the content renders, by path, as ``validate`` renders them before it reports the errors."""
    content = load.read(root)
    return {output.path: output for output in site.render_site(content)}


def validate(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = cli.main(["validate", "--content", str(root)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_the_fixture_content_is_valid(root: Path, capsys):
    """The slips below are the only difference: without them the content validates."""
    status, output = validate(root, capsys)
    assert status == 0, output


def test_a_replacing_document_with_a_slip_is_its_only_error_and_the_replaced_page_still_renders(root: Path):
    """Through the real command: the slip at its line, nothing about the document it replaces, no traceback."""
    line = edit(root, REPLACING, "status: chưa xác định", "status: con hieu luc")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(root)],
                            capture_output=True, text=True, cwd=REPO, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "UndefinedError" not in output, output
    [(file, at, field, message)] = errors(root, output)
    assert (file, at, field) == (REPLACING, line, "tình trạng hiệu lực (status)"), output
    assert "«con hieu luc»" in message and "«còn hiệu lực»" in message, message


def test_the_replaced_page_names_a_broken_replacement_without_a_link(root: Path):
    """The page of the replaced document renders, and says what replaced it as plain text (no link to no page)."""
    edit(root, REPLACING, "status: chưa xác định", "status: con hieu luc")
    status = pages(root)["van-ban/nghi-dinh-78-2015-nd-cp.md"].text.split('id="tinh-trang"', 1)[1].split("<h2", 1)[0]
    assert "Bị thay thế" in status and "nghi-dinh-01-2021-nd-cp" in status, status
    assert "<a " not in status, status


def test_a_plan_with_a_slip_blames_neither_its_progress_file_nor_the_news_that_name_its_tasks(root: Path, capsys):
    line = edit(root, PLAN, "year: 2024", "year: hai nghìn không trăm hai mươi tư")
    status, output = validate(root, capsys)
    assert status == 1, output
    [(file, at, field, _)] = errors(root, output)
    assert (file, at) == (PLAN, line) and "(year)" in (field or ""), output


def test_a_procedure_with_a_slip_blames_no_question_that_links_it(root: Path, capsys):
    line = edit(root, PROCEDURE, "online_level: một phần", "online_level: mot phan")
    status, output = validate(root, capsys)
    assert status == 1, output
    [(file, at, field, _)] = errors(root, output)
    assert (file, at) == (PROCEDURE, line) and "online_level" in (field or ""), output


def test_the_question_page_shows_a_broken_procedure_by_its_code_without_a_link(root: Path):
    edit(root, PROCEDURE, "online_level: một phần", "online_level: mot phan")
    related = pages(root)["hoi-dap/dieu-kien-va-giay-to-dang-ky-ket-hon.md"].text.split('id="thu-tuc-lien-quan"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", related)
    assert len(items) == 2, related  # the question links 1.000894 and 1.004873
    [broken] = [item for item in items if "1.000894" in item]
    assert "<a " not in broken, broken
    assert any("<a " in item and "1.004873" in item for item in items), related


def test_a_news_item_with_a_slip_blames_no_progress_entry_that_cites_it(root: Path, capsys):
    line = edit(root, NEWS, "date: 2024-02-27T14:00:00+07:00", "date: 2024-02-30T14:00:00+07:00")
    status, output = validate(root, capsys)
    assert status == 1, output
    [(file, at, field, _)] = errors(root, output)
    assert (file, at) == (NEWS, line) and "(date)" in (field or ""), output


def test_a_reference_to_a_file_that_does_not_exist_is_still_an_error_where_it_is_written(root: Path, capsys):
    """Judging against the files that exist must not hide a real slip: a deleted news item is named where cited."""
    (root / NEWS).unlink()
    status, output = validate(root, capsys)
    assert status == 1, output
    found = errors(root, output)
    assert found and all(f == "progress/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml" for f, *_ in found), output
    assert all("2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet" in message for *_, message in found), output


def test_two_documents_that_replace_each_other_are_an_error_in_each_naming_the_chain(root: Path, capsys):
    edit(root, REPLACING, "status: chưa xác định", "status: bị thay thế")
    text = (root / REPLACING).read_text(encoding="utf-8").replace(
        "status: bị thay thế", "replaced_by: nghi-dinh-78-2015-nd-cp\nstatus: bị thay thế")
    (root / REPLACING).write_text(text, encoding="utf-8")
    replacing_line = text.split("\n").index("replaced_by: nghi-dinh-78-2015-nd-cp") + 1
    replaced_line = (root / REPLACED).read_text(encoding="utf-8").split("\n").index(
        "replaced_by: nghi-dinh-01-2021-nd-cp") + 1
    status, output = validate(root, capsys)
    assert status == 1, output
    found = sorted(errors(root, output))
    assert [(f, at, field) for f, at, field, _ in found] == [
        (REPLACING, replacing_line, "văn bản thay thế (replaced_by)"),
        (REPLACED, replaced_line, "văn bản thay thế (replaced_by)")], output
    assert "nghi-dinh-01-2021-nd-cp → nghi-dinh-78-2015-nd-cp → nghi-dinh-01-2021-nd-cp" in found[0][3], output
    assert "nghi-dinh-78-2015-nd-cp → nghi-dinh-01-2021-nd-cp → nghi-dinh-78-2015-nd-cp" in found[1][3], output


def test_successors_in_a_loop_are_an_error_at_each_agency_of_the_loop_only(root: Path, capsys):
    """Sở TT&TT → Sở KH&CN → Sở TT&TT; Sở LĐTBXH, made to lead into the loop, is not part of it."""
    lines = (root / "agencies.yml").read_text(encoding="utf-8").split("\n")
    start = lines.index("  - id: so-khoa-hoc-va-cong-nghe-lai-chau")
    at = next(i for i in range(start, len(lines)) if lines[i] == "    successor: null")
    lines[at] = "    successor: so-thong-tin-va-truyen-thong-lai-chau"
    (root / "agencies.yml").write_text("\n".join(lines), encoding="utf-8")
    edit(root, "agencies.yml", "    successor: so-noi-vu-lai-chau", "    successor: so-thong-tin-va-truyen-thong-lai-chau")
    other = lines.index("    successor: so-khoa-hoc-va-cong-nghe-lai-chau")
    status, output = validate(root, capsys)
    assert status == 1, output
    found = sorted(errors(root, output), key=lambda e: e[1])
    assert [(f, line) for f, line, *_ in found] == [("agencies.yml", other + 1), ("agencies.yml", at + 1)], output
    assert "so-thong-tin-va-truyen-thong-lai-chau → so-khoa-hoc-va-cong-nghe-lai-chau → " \
           "so-thong-tin-va-truyen-thong-lai-chau" in found[0][3], output


def test_the_cycle_finder_finds_each_loop_once_and_ignores_tails_and_dead_ends():
    """Worked by hand: a→b→c→a is a loop; d→a leads into it; e→e is one; f→g→(nothing known) ends."""
    found = cycles({"d": "a", "a": "b", "b": "c", "c": "a", "e": "e", "f": "g", "h": None})
    assert sorted(sorted(loop) for loop in found) == [["a", "b", "c"], ["e"]]
    assert chain_text(["a", "b", "c"], "b") == "b → c → a → b"
