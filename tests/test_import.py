"""cchc import procedures: the national portal's real lists and full records in the national database's structure.

Expected values are read here independently of the importer: the lists with
openpyxl cell by cell, the records straight from their JSON.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import openpyxl
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "national-db"
LISTS = sorted(FIXTURES.glob("danh-sach-tthc-*.xlsx"))
RECORDS = FIXTURES / "records" / "ho-so-minh-hoa.json"
NOW = "2026-12-05T09:00:00+07:00"


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600)


def import_(content: Path, *files: Path | str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return cchc("import", "procedures", *map(str, files), "--content", str(content), "--now", NOW, *extra)


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tidy(value: object) -> str:
    """A cell as a citizen should read it: NFC, spaces collapsed (worked out here, not by the importer)."""
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


def sheet_rows(path: Path) -> list[dict[str, str]]:
    """Each procedure row of a list by its header's names (the header is row 2)."""
    sheet = openpyxl.load_workbook(path)["Danh sách TTHC"]
    header = [tidy(c.value) for c in sheet[2]]
    rows = []
    for row in sheet.iter_rows(min_row=3, values_only=True):
        if any(row):
            rows.append(dict(zip(header, row)))
    return rows


def folder_bytes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def all_lists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    content = tmp_path_factory.mktemp("lists")
    return content, import_(content, *LISTS)


def test_every_sample_list_imports_as_its_rows(all_lists: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    content, result = all_lists
    assert result.returncode == 0, result.stderr
    expected = {}
    for path in LISTS:
        for row in sheet_rows(path):
            agencies = [tidy(line) for line in str(row["Cơ quan thực hiện"] or "").splitlines() if tidy(line)]
            expected[str(row["Mã số"]).strip()] = (tidy(row["Tên"]), agencies, tidy(row["Lĩnh vực"]) or None,
                                                   tidy(row["Cơ quan ban hành"]), path.name)
    written = sorted(p.stem for p in (content / "procedures").glob("*.yml"))
    assert written == sorted(expected) and len(written) == 271 + 339 + 706 + 537
    for code, (name, agencies, field, issuer, file) in expected.items():
        proc = load(content / "procedures" / f"{code}.yml")
        assert proc["code"] == code and proc["name"] == name, code
        assert [a for a in [proc.get("agency")] + proc.get("other_agencies", []) if a] == list(dict.fromkeys(agencies))
        assert proc.get("field") == field, code
        assert proc["source"]["issuer"] == issuer and proc["source"]["file"] == file
        assert proc["draft"] is True and proc["illustrative"] is False
    assert f"{len(expected)} thủ tục mới ({len(expected)} là bản nháp)" in result.stdout


def test_a_list_row_is_a_draft_that_lists_what_it_lacks(all_lists: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    content, result = all_lists
    text = (content / "procedures" / "1.003976.yml").read_text(encoding="utf-8")
    assert "draft: true" in text
    for key in ("levels", "online_level", "steps", "methods", "documents", "applicants", "result", "legal_basis"):
        assert re.search(rf"^{key}: (\[\]|null) +# chưa có trong nguồn", text, re.M), key
    assert "`1.003976` Giải quyết việc nuôi con nuôi có yếu tố nước ngoài đối với trẻ em sống ở cơ sở nuôi dưỡng " \
           "(bản nháp; còn thiếu: cấp thực hiện, mức độ dịch vụ công trực tuyến, trình tự thực hiện" in result.stdout


def _records() -> list[dict]:
    return json.loads(RECORDS.read_text(encoding="utf-8"))["result"]


def test_full_records_field_by_field(tmp_path: Path) -> None:
    result = import_(tmp_path, RECORDS)
    assert result.returncode == 0, result.stderr
    for record in _records():
        proc = load(tmp_path / "procedures" / f"{record['MATTHC']}.yml")
        assert proc["name"] == record["TENTTHC"]
        assert proc["field"] == record["LINHVUCTHUCHIEN"][0]["TENLINHVUC"]
        names = [a["TENDONVI"] for a in record["COQUANTHUCHIEN"]]
        assert [proc["agency"], *proc.get("other_agencies", [])] == names
        assert proc["applicants"] == [d["TENDOITUONG"] for d in record["DOITUONGTHUCHIEN"]]
        assert proc["result"] == "; ".join(k["TENKETQUA"] for k in record["KETQUATHUCHIEN"])
        assert proc["source"] == {"file": RECORDS.name, "decision": record["IDQUYETDINHCONGBO"]}
        assert str(proc["last_checked"]) == "2026-12-05" and proc["draft"] is True  # the online level is the editor's
        assert [m["kind"] for m in proc["methods"]] == [{"1": "trực tiếp", "2": "trực tuyến", "3": "bưu chính"}[c["KENH"]]
                                                       for c in record["CACHTHUCTHUCHIEN"]]
        for method, channel in zip(proc["methods"], record["CACHTHUCTHUCHIEN"]):
            time = channel["THOIGIAN"][0]
            assert method["time_limit"] == f"{time['THOIGIANGIAIQUYET']} {time['DONVITINH'].lower()}"
            fees = [f"{f['SOTIEN']} {f['DONVI']}" + (f": {f['MOTA']}" if f["MOTA"] else "") for f in time["PHILEPHI"]]
            assert method["fees"] == ("; ".join(fees) or "Không")
            assert method["time_limit_days"] == (float(time["THOIGIANGIAIQUYET"])
                                                 if time["DONVITINH"] == "Ngày làm việc" else None)
        papers = [p for case in record["THANHPHANHOSO"] for p in case["GIAYTO"]]
        assert [(d["name"], d["originals"], d["copies"], d.get("form")) for d in proc["documents"]] == [
            (p["TENGIAYTO"], int(p["SOBANCHINH"]), int(p["SOBANSAO"]), p.get("TENMAUDON") or None) for p in papers]
        assert [(str(b["number"]), b["title"], b["issuer"]) for b in proc["legal_basis"]] == [
            (b["SOVANBAN"], b["TENVANBAN"], b["COQUANBANHANH"]) for b in record["CANCUPHAPLY"]]
    first = load(tmp_path / "procedures" / "1.900001.yml")
    assert first["steps"] == ["Bước 1: Nộp hồ sơ tại bộ phận một cửa.", "Bước 2: Cơ quan kiểm tra hồ sơ.",
                              "Bước 3: Trả kết quả."]
    assert first["levels"] == ["tỉnh", "xã"] and first["submit_at"] == "Trung tâm Phục vụ hành chính công tỉnh"
    assert first["documents"][0]["form_url"] == "https://example.gov.vn/mau-01.docx"
    assert str(first["legal_basis"][1]["date"]) == "2015-11-15" and str(first["legal_basis"][0]["date"]) == "2014-11-20"
    second = load(tmp_path / "procedures" / "1.900002.yml")
    assert second["steps"] == ["**Người yêu cầu đến trực tiếp:** Nộp giấy tờ", "Nhận kết quả",
                               "**Người được ủy quyền:** Nộp giấy ủy quyền và giấy tờ"]
    assert [d["note"] for d in second["documents"]] == ["Trường hợp: Người yêu cầu đến trực tiếp",
                                                        "Trường hợp: Người được ủy quyền"]


def _edit_list(source: Path, target: Path, edits: dict[str, dict[str, str]], drop: set[str]) -> None:
    """A copy of a real list with some cells changed and some rows removed, by header name."""
    book = openpyxl.load_workbook(source)
    sheet = book["Danh sách TTHC"]
    header = [tidy(c.value) for c in sheet[2]]
    for row in range(sheet.max_row, 2, -1):
        code = str(sheet.cell(row, header.index("Mã số") + 1).value)
        if code in drop:
            sheet.delete_rows(row)
        for column, value in edits.get(code, {}).items():
            sheet.cell(row, header.index(column) + 1).value = value
    book.save(target)


def test_reimport_reports_exactly_the_changes_and_keeps_the_editors_work(tmp_path: Path) -> None:
    content = tmp_path / "content"
    source = FIXTURES / "danh-sach-tthc-BoTuPhap.xlsx"
    assert import_(content, source).returncode == 0
    rows = sheet_rows(source)
    renamed, moved, gone, untouched = (str(rows[i]["Mã số"]) for i in (0, 1, 2, 3))
    kept = content / "procedures" / f"{renamed}.yml"
    text = kept.read_text(encoding="utf-8").replace("online_level: null", "online_level: toàn trình  # biên tập viên")
    kept.write_text("# Ghi chú của biên tập viên\n" + text.replace("source:", "online_url: https://dvc.example.vn/\nsource:"),
                    encoding="utf-8")
    before = folder_bytes(content)
    changed = tmp_path / "danh-sach-moi.xlsx"
    _edit_list(source, changed, {renamed: {"Tên": "Tên mới của thủ tục"}, moved: {"Cơ quan thực hiện": "Sở Tư pháp"}},
               {gone})
    result = import_(content, changed)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"- `{renamed}` Tên mới của thủ tục\n  - tên: {tidy(rows[0]['Tên'])} → Tên mới của thủ tục\n" in out
    old_agencies = ", ".join(tidy(a) for a in str(rows[1]["Cơ quan thực hiện"]).splitlines() if tidy(a))
    assert f"  - cơ quan thực hiện: {old_agencies} → Sở Tư pháp\n" in out
    assert "0 thủ tục mới (0 là bản nháp), 2 thủ tục thay đổi, 268 thủ tục không đổi" in out
    assert f"### Không còn trong danh sách mới (có thể đã bãi bỏ)" in out and f"- `{gone}` {tidy(rows[2]['Tên'])}" in out
    after = folder_bytes(content)
    assert {k for k in after if after[k] != before[k]} == {f"procedures/{renamed}.yml", f"procedures/{moved}.yml"}
    assert (content / "procedures" / f"{gone}.yml").exists()
    text = kept.read_text(encoding="utf-8")
    assert text.startswith("# Ghi chú của biên tập viên\n") and "online_level: toàn trình  # biên tập viên" in text
    assert "online_url: https://dvc.example.vn/" in text and "name: Tên mới của thủ tục" in text
    assert load(kept)["source"]["file"] == "danh-sach-moi.xlsx"
    # the same list again: nothing changes, not one byte
    again = folder_bytes(content)
    assert import_(content, changed).returncode == 0 and folder_bytes(content) == again
    # marked no longer in force, never deleted; the page says so
    marked = import_(content, changed, extra=("--mark-abolished", "01/12/2026"))
    assert marked.returncode == 0 and "Đã ghi là hết hiệu lực từ ngày 01/12/2026" in marked.stdout
    proc = load(content / "procedures" / f"{gone}.yml")
    assert proc["in_force"] is False and str(proc["abolished"]) == "2026-12-01"
    assert import_(content, changed).stdout.count(f"`{gone}`") == 0  # reported once, not again


def test_reimported_records_report_time_fees_and_papers(tmp_path: Path) -> None:
    assert import_(tmp_path, RECORDS).returncode == 0
    path = tmp_path / "procedures" / "1.900001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("form_url: null", "form_url: assets/mau/giay-to.pdf", 1)
                    .replace("submit_at: Trung tâm Phục vụ hành chính công tỉnh", "submit_at: Quầy số 3  # tại chỗ"),
                    encoding="utf-8")
    records = _records()
    channel = records[0]["CACHTHUCTHUCHIEN"][0]["THOIGIAN"][0]
    channel["THOIGIANGIAIQUYET"] = "10"
    channel["PHILEPHI"][0]["SOTIEN"] = "40.000"
    records[0]["THANHPHANHOSO"][0]["GIAYTO"].append({"TENGIAYTO": "Ảnh 4x6", "SOBANCHINH": "2", "SOBANSAO": "0"})
    unchanged = (tmp_path / "procedures" / "1.900002.yml").read_bytes()
    newer = tmp_path / "ho-so-moi.json"
    newer.write_text(json.dumps({"result": records}, ensure_ascii=False), encoding="utf-8")
    result = import_(tmp_path, newer)
    assert result.returncode == 0, result.stderr
    lines = re.findall(r"^  - (.*)$", result.stdout, re.M)
    assert lines == ["thời hạn (trực tiếp): 15 ngày làm việc → 10 ngày làm việc",
                     "lệ phí (trực tiếp): 50.000 Đồng: Lệ phí cấp giấy chứng nhận → 40.000 Đồng: Lệ phí cấp giấy chứng nhận",
                     "thêm giấy tờ: Ảnh 4x6"]
    text = path.read_text(encoding="utf-8")
    assert "form_url: assets/mau/giay-to.pdf" in text and "submit_at: Quầy số 3  # tại chỗ" in text
    assert (tmp_path / "procedures" / "1.900002.yml").read_bytes() == unchanged


def test_imported_content_validates_and_builds(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    # a procedure the site once imported from the Bộ Công an list, which the list no longer holds
    old = content / "procedures" / "1.000656.yml"
    old.write_text(old.read_text(encoding="utf-8").replace(
        "last_checked:", "source:\n  file: cu.xlsx\n  issuer: Bộ Công an\nlast_checked:"), encoding="utf-8")
    result = import_(content, FIXTURES / "danh-sach-tthc-BoCongAn.xlsx", RECORDS,
                     extra=("--mark-abolished", "01/12/2026"))
    assert result.returncode == 0, result.stderr
    assert "- `1.000656` Thủ tục đăng ký khai tử" in result.stdout
    # as the guide says: register the agencies the report names, fill the online level, publish
    path = content / "procedures" / "1.900001.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", "").replace(
        "online_level: null", "online_level: một phần"), encoding="utf-8")
    registry = (content / "agencies.yml").read_text(encoding="utf-8")
    assert "name: Sở Tư pháp\n" not in registry and "«Sở Tư pháp» chưa có trong sổ đăng ký" in result.stdout
    registry += "  - id: so-tu-phap-minh-hoa\n    name: Sở Tư pháp\n"
    (content / "agencies.yml").write_text(registry, encoding="utf-8")
    validate = cchc("validate", "--content", str(content))
    assert validate.returncode == 0, validate.stderr[-3000:]
    site = tmp_path / "site"
    build = cchc("build", "--content", str(content), "--site-dir", str(site), "--build-dir", str(tmp_path / "build"))
    assert build.returncode == 0, build.stderr[-3000:]
    page = (site / "thu-tuc" / "1.900001" / "index.html").read_text(encoding="utf-8")
    assert "Cấp giấy chứng nhận minh họa" in page and "50.000 Đồng: Lệ phí cấp giấy chứng nhận" in page
    assert not (site / "thu-tuc" / "1.900002").exists()  # still a draft
    abolished = (site / "thu-tuc" / "1.000656" / "index.html").read_text(encoding="utf-8")
    assert "Thủ tục này không còn hiệu lực từ ngày 01/12/2026." in abolished
    assert "Hết hiệu lực từ ngày 01/12/2026" in abolished
    assert not (site / "thu-tuc" / "3.000517").exists()


def _xlsx(tmp: Path, rows: list[list[object]], header: list[str] | None = None, sheet: str = "Danh sách TTHC") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(["DANH SÁCH THỦ TỤC HÀNH CHÍNH"])
    ws.append(header or ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện", "Lĩnh vực"])
    for row in rows:
        ws.append(row)
    path = tmp / "danh-sach.xlsx"
    book.save(path)
    return path


ROW = ["Bộ Tư pháp", "Sở Tư pháp", "Hộ tịch"]
BAD = {
    "not-a-code": (lambda t: _xlsx(t, [["1.000001", "A", *ROW], ["1.0012", "B", *ROW]]),
                   "danh-sach.xlsx, trang tính «Danh sách TTHC», dòng 4, cột «Mã số»: «1.0012» không phải mã thủ tục"),
    "code-twice": (lambda t: _xlsx(t, [["1.000001", "A", *ROW], ["1.000002", "B", *ROW], ["1.000001", "C", *ROW]]),
                   "danh-sach.xlsx, trang tính «Danh sách TTHC», dòng 5: mã «1.000001» đã có ở danh-sach.xlsx, "
                   "trang tính «Danh sách TTHC», dòng 3"),
    "column-missing": (lambda t: _xlsx(t, [["1.000001", "A", "Bộ Tư pháp", "Sở Tư pháp"]],
                                       ["Mã số", "Tên", "Cơ quan ban hành", "Cơ quan thực hiện"]),
                       "dòng 2: thiếu cột «Lĩnh vực»; dòng tiêu đề cần có Mã số | Tên | Cơ quan ban hành | "
                       "Cơ quan thực hiện | Lĩnh vực"),
    "wrong-sheet": (lambda t: _xlsx(t, [["1.000001", "A", *ROW]], sheet="Sheet1"),
                    "danh-sach.xlsx: không có trang tính «Danh sách TTHC» (tệp có: «Sheet1»)"),
    "empty-file": (lambda t: _file(t, "rong.xlsx", b""), "rong.xlsx: tệp rỗng"),
    "empty-list": (lambda t: _xlsx(t, []), "danh sách không có thủ tục nào"),
    "corrupt": (lambda t: _file(t, "hong.xlsx", LISTS[0].read_bytes()[:5000]),
                "hong.xlsx: tệp bị hỏng"),
    "encrypted": (lambda t: FIXTURES / "encrypted.xlsx", "encrypted.xlsx: tệp được đặt mật khẩu"),
    "pdf-as-xlsx": (lambda t: _file(t, "a.xlsx", b"%PDF-1.7\n..."),
                    "a.xlsx: không phải bảng tính Excel (.xlsx) mà là tệp PDF"),
    "wrong-extension": (lambda t: _file(t, "a.csv", "Mã số,Tên\n"),
                        "a.csv: chỉ nhập được danh sách thủ tục (.xlsx) hoặc hồ sơ thủ tục đầy đủ (.json)"),
    "json-broken": (lambda t: _file(t, "h.json", '{"result": ['),
                    "h.json, dòng 1, cột 13: tệp JSON bị hỏng"),
    "json-not-records": (lambda t: _file(t, "h.json", '{"a": 1}'),
                         "h.json: không phải hồ sơ thủ tục theo cấu trúc Cơ sở dữ liệu quốc gia"),
    "json-bad-count": (lambda t: _bad_record(t, lambda r: r["THANHPHANHOSO"][0]["GIAYTO"][1].update(SOBANSAO="hai")),
                       "h.json, result[0].THANHPHANHOSO[0].GIAYTO[1].SOBANSAO: «hai»: số bản cần là số nguyên"),
    "json-bad-code": (lambda t: _bad_record(t, lambda r: r.update(MATTHC="1.0012")),
                      "h.json, result[0].MATTHC: «1.0012» không phải mã thủ tục"),
    "json-bad-channel": (lambda t: _bad_record(t, lambda r: r["CACHTHUCTHUCHIEN"][1].update(KENH="9")),
                         "h.json, result[0].CACHTHUCTHUCHIEN[1].KENH: «9» không phải cách thức nộp"),
}


def _file(tmp: Path, name: str, data: bytes | str) -> Path:
    path = tmp / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _bad_record(tmp: Path, change: object) -> Path:
    records = _records()
    change(records[0])  # type: ignore[operator]
    path = tmp / "h.json"
    path.write_text(json.dumps({"result": records}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_and_nothing_written(case: str, tmp_path: Path) -> None:
    make, expected = BAD[case]
    inputs = tmp_path / "in"
    inputs.mkdir()
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "procedures", content / "procedures")
    before = folder_bytes(content)
    good = FIXTURES / "danh-sach-tthc-BoTuPhap.xlsx"  # a good file beside it is not written either
    result = import_(content, good, make(inputs))
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "chưa ghi gì" in result.stderr
    assert folder_bytes(content) == before


def test_all_errors_at_once_and_local_codes_flagged(tmp_path: Path) -> None:
    path = _xlsx(tmp_path, [["1.0012", "A", *ROW], ["1.004850A", "B", *ROW], ["x", "C", *ROW], ["1.000003", "", *ROW]])
    result = import_(tmp_path / "content", path)
    assert result.returncode == 1
    assert "dòng 3, cột «Mã số»: «1.0012»" in result.stderr and "dòng 5, cột «Mã số»: «x»" in result.stderr
    assert "dòng 6, cột «Tên»: thiếu tên thủ tục" in result.stderr
    assert "dòng 4, cột «Mã số»: «1.004850A» là mã riêng của địa phương" in result.stderr
    ok = _xlsx(tmp_path, [["1.004850A", "B", *ROW], ["1.001193.000.00.00.H19", "C", *ROW]])
    result = import_(tmp_path / "content", ok)
    assert result.returncode == 0 and "«1.004850A» là mã riêng" in result.stdout
    assert load(tmp_path / "content" / "procedures" / "1.001193.000.00.00.H19.yml")["code"] == "1.001193.000.00.00.H19"
