"""What an import file is, from its first bytes: the importer says what is wrong before a parser does.

An empty file, an Excel file locked with a password (saved as an OLE compound
file, not as the zip an .xlsx is), an Excel 97–2003 workbook, a Word file or a
PDF under the wrong name: each gets its own message, not a parser's English.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding the streams EncryptionInfo and EncryptedPackage; their names are
# stored in UTF-16 in the file's directory.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def xlsx_problem(path: Path, data: bytes) -> str | None:
    """Why ``data`` is not an Excel workbook (.xlsx) that can be read, or None when it may be one."""
    if not data.strip():
        return "tệp rỗng, không có dữ liệu; hãy tải lại danh sách từ Cổng Dịch vụ công quốc gia"
    if data.startswith(OLE_MAGIC):
        if ENCRYPTED_STREAM in data:
            return ("tệp được đặt mật khẩu (mã hóa), nên không đọc được; hãy mở tệp bằng Excel, bỏ mật khẩu "
                    "(Tệp › Thông tin › Bảo vệ sổ làm việc) rồi lưu lại dạng .xlsx")
        return ("đây là tệp Excel 97–2003 (.xls) hoặc tệp Office cũ, không phải .xlsx; hãy mở bằng Excel và "
                "lưu lại dạng «Sổ làm việc Excel (.xlsx)»")
    if not data.startswith(b"PK"):
        return f"không phải bảng tính Excel (.xlsx){_what(data)}; cần danh sách thủ tục tải từ Cổng Dịch vụ công quốc gia"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            broken = archive.testzip()
    except (zipfile.BadZipFile, OSError, EOFError):
        return "tệp bị hỏng (không giải nén được); hãy tải lại danh sách từ Cổng Dịch vụ công quốc gia"
    if broken is not None:
        return f"tệp bị hỏng (phần «{broken}» không đọc được); hãy tải lại danh sách"
    if "xl/workbook.xml" not in names:
        kind = " (tệp Word .docx)" if "word/document.xml" in names else ""
        return f"không phải bảng tính Excel (.xlsx){kind}; cần danh sách thủ tục tải từ Cổng Dịch vụ công quốc gia"
    return None


def _what(data: bytes) -> str:
    if data.startswith(b"%PDF"):
        return " mà là tệp PDF"
    if data.lstrip()[:1] in (b"{", b"["):
        return " mà là tệp JSON (hồ sơ thủ tục phải có đuôi .json)"
    return ""
