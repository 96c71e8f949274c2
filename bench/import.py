"""Times `cchc import procedures`: a 700-row list (goal ≤ 2 s) and 2,000 full records (goal ≤ 30 s).

The list is the real Bộ Tài chính export (706 rows, tests/fixtures/national-db/);
the records are made here in the national database's structure, with
illustrative values. Each import goes into an empty content folder, in-process,
then once more into the folder it filled (a re-import that changes nothing).

    .venv/bin/python bench/import.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline import importing  # noqa: E402

LIST = ROOT / "tests" / "fixtures" / "national-db" / "danh-sach-tthc-BoTaiChinh.xlsx"
TODAY = dt.date(2026, 12, 5)


def record(n: int) -> dict:
    """One illustrative record in the national structure, about the size of a real one."""
    papers = [{"TENGIAYTO": f"Giấy tờ minh họa số {k} của thủ tục {n}", "TENMAUDON": f"Mẫu số 0{k}" if k < 3 else "",
               "URL": "", "SOBANCHINH": "1", "SOBANSAO": str(k % 2)} for k in range(1, 7)]
    channels = [{"KENH": kenh, "THOIGIAN": [{"THOIGIANGIAIQUYET": str(5 + n % 20), "DONVITINH": "Ngày làm việc",
                                             "MOTA": "Kể từ ngày nhận đủ hồ sơ hợp lệ",
                                             "PHILEPHI": [{"SOTIEN": "50.000", "DONVI": "Đồng",
                                                           "MOTA": "Lệ phí minh họa"}]}]} for kenh in ("1", "2", "3")]
    return {
        "MATTHC": f"1.{900000 + n:06d}", "TENTTHC": f"Thủ tục minh họa số {n}", "IDQUYETDINHCONGBO": f"QD-{n}",
        "CAPTHUCHIEN": [{"CAPTHUCHIEN": "1", "DIACHITIEPNHAN": "Trung tâm Phục vụ hành chính công tỉnh"}],
        "LINHVUCTHUCHIEN": [{"MALINHVUC": str(n % 40), "TENLINHVUC": f"Lĩnh vực minh họa {n % 40}"}],
        "COQUANTHUCHIEN": [{"MADONVI": "1", "TENDONVI": "Sở Tư pháp"}],
        "DOITUONGTHUCHIEN": [{"TENDOITUONG": "Công dân Việt Nam"}, {"TENDOITUONG": "Tổ chức"}],
        "TRINHTUTHUCHIEN": [{"TRUONGHOP": "", "TRINHTU": [{"TENTRINHTU": "Bước 1: Nộp hồ sơ.\nBước 2: Kiểm tra hồ sơ.\n"
                                                                          "Bước 3: Trả kết quả."}]}],
        "CACHTHUCTHUCHIEN": channels,
        "THANHPHANHOSO": [{"TRUONGHOP": "", "GIAYTO": papers}],
        "KETQUATHUCHIEN": [{"TENKETQUA": "Giấy chứng nhận minh họa"}],
        "CANCUPHAPLY": [{"SOVANBAN": "60/2014/QH13", "TENVANBAN": "Luật Hộ tịch", "NGAYBANHANH": "20/11/2014",
                         "COQUANBANHANH": "Quốc hội"}],
    }


def timed(files: list[Path], content: Path) -> float:
    start = time.perf_counter()
    importing.run(files, content, TODAY)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        records = root / "ho-so.json"
        records.write_text(json.dumps({"result": [record(n) for n in range(2000)]}, ensure_ascii=False), "utf-8")
        first = timed([LIST], root / "a")
        again = timed([LIST], root / "a")
        print(f"danh sách 706 dòng: {first:.2f} s (mục tiêu ≤ 2 s); nhập lại, không đổi: {again:.2f} s")
        first = timed([records], root / "b")
        again = timed([records], root / "b")
        print(f"2.000 hồ sơ đầy đủ: {first:.2f} s (mục tiêu ≤ 30 s); nhập lại, không đổi: {again:.2f} s")


if __name__ == "__main__":
    main()
