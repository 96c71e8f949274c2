"""A corpus of bad input: every slip an editor (or a hostile contributor) can make gets a clear error.

Each case breaks a private copy of the default content in one way and runs
``cchc validate`` on it. Every case asserts: exit status 1, no traceback, the
file and the line the editor must change, the field where one applies, words
of the Vietnamese message, and no parser English. The ten classes follow the
issue that asked for them (bad input: never a hole, never a loss).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import cli
from tests.conftest import CONTENT, REPO

NEWS = "news/2024-01-22-ubnd-tinh-ban-hanh-ke-hoach-tuyen-truyen-cchc-2024.md"
NEWS_2 = "news/2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet.md"
HOTLINE = "hotlines/so-noi-vu.yml"
HOTLINE_2 = "hotlines/trung-tam-phuc-vu-hanh-chinh-cong.yml"
PROC = "procedures/1.001193.yml"
PLAN = "plans/ke-hoach-tuyen-truyen-cchc-lai-chau-2024.yml"
PAGE = "pages/gioi-thieu.md"

# Words of libyaml's and pydantic's English that must never reach an editor.
ENGLISH = re.compile(r"mapping values|not allowed|could not|did not find|expected|found character|while scanning|"
                     r"while parsing|Input should|Field required|Traceback|Error:|unacceptable|String should|"
                     r"Value error|value is not", re.I)


# --------------------------------------------------------------------------- editing helpers

def text_of(root: Path, rel: str) -> str:
    return (root / rel).read_text(encoding="utf-8")


def write(root: Path, rel: str, text: str | bytes) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def set_key(rel: str, key: str, line_text: str) -> Callable[[Path], int]:
    """Replace the first line starting with ``key:``; the case expects that line."""
    def mutate(root: Path) -> int:
        lines = text_of(root, rel).split("\n")
        number = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        lines[number] = line_text
        write(root, rel, "\n".join(lines))
        return number + 1
    return mutate


def replace(rel: str, old: str, new: str, expect: str | None = None) -> Callable[[Path], int]:
    """Replace ``old`` once; the case expects the line holding ``expect`` (default: the new text's first line)."""
    def mutate(root: Path) -> int:
        text = text_of(root, rel)
        assert old in text, (rel, old)
        text = text.replace(old, new, 1)
        write(root, rel, text)
        needle = expect if expect is not None else new.split("\n")[0]
        return text[: text.index(needle)].count("\n") + 1
    return mutate


def append(rel: str, extra: str, offset: int = 0) -> Callable[[Path], int]:
    """Add lines at the end; the case expects the first added line (plus ``offset``)."""
    def mutate(root: Path) -> int:
        text = text_of(root, rel).rstrip("\n") + "\n"
        write(root, rel, text + extra)
        return text.count("\n") + 1 + offset
    return mutate


def create(rel: str, text: str | bytes, line: int = 1) -> Callable[[Path], int]:
    def mutate(root: Path) -> int:
        write(root, rel, text)
        return line
    return mutate


def symlink(rel: str, target: Callable[[Path], Path]) -> Callable[[Path], int]:
    def mutate(root: Path) -> int:
        link = root / rel
        if link.exists() or link.is_symlink():
            link.unlink()
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target(root), link)
        return 1
    return mutate


def both(first: Callable[[Path], int], second: Callable[[Path], int]) -> Callable[[Path], int]:
    """Two edits; the case expects the line of the second."""
    def mutate(root: Path) -> int:
        first(root)
        return second(root)
    return mutate


def outside(root: Path) -> Path:
    """A file outside the content folder, as a symlink might point at."""
    secret = root.parent / "bi-mat.md"
    secret.write_text(text_of(root, NEWS).replace("UBND tỉnh ban hành", "Tệp ngoài thư mục"), encoding="utf-8")
    return secret


NEWS_FRONT = ('---\ntitle: "Tin thử"\ndate: 2024-05-02T08:00:00+07:00\nunit: "Sở Nội vụ"\n'
              'category: "Tuyên truyền cải cách hành chính"\nsummary: "Tóm tắt."\n')


def news_file(extra_front: str = "", body: str = "Nội dung.\n") -> str:
    return f"{NEWS_FRONT}{extra_front}---\n\n{body}"


PAGE_FILE = '---\ntitle: "Trang thử"\n---\n\nNội dung.\n'


# --------------------------------------------------------------------------- the corpus

@dataclasses.dataclass(frozen=True)
class Case:
    id: str
    mutate: Callable[[Path], int]
    file: str           # where the error must be reported
    words: str          # in the message on that line
    field: str = ""     # in the field part of that line, where one applies
    line: int | None = None  # a line other than the one the mutation returns


CASES = [
    # 1. script through settings the theme prints, and unsafe link targets
    Case("site-email-script", set_key("site.yml", "email", 'email: "<script>alert(1)</script>@x.vn"'), "site.yml",
         "không phải địa chỉ thư điện tử", "thư điện tử (email)"),
    Case("site-phone-markup", set_key("site.yml", "phone", "phone: '<img src=x onerror=alert(1)>'"), "site.yml",
         "số điện thoại", "điện thoại (phone)"),
    Case("site-branch-quote", set_key("site.yml", "repo_branch", "repo_branch: 'main\"><script>x</script>'"),
         "site.yml", "tên nhánh git", "nhánh (repo_branch)"),
    Case("site-repo-javascript", set_key("site.yml", "repo_url", "repo_url: javascript:alert(1)"), "site.yml",
         "http", "kho mã nguồn (repo_url)"),
    Case("site-logo-javascript", set_key("site.yml", "logo", "logo: javascript:alert(1)"), "site.yml",
         "thư mục assets/", "biểu trưng (logo)"),
    Case("site-logo-outside", set_key("site.yml", "logo", "logo: ../../etc/passwd"), "site.yml",
         "thư mục assets/", "biểu trưng (logo)"),
    Case("site-name-too-long", set_key("site.yml", "name", "name: " + "Ủy ban " * 40), "site.yml",
         "dài quá 200 ký tự", "tên cơ quan (name)"),
    Case("website-javascript", replace(HOTLINE, "- kind: postal", "- kind: website\n  value: javascript:alert(1)\n"
                                       "- kind: postal", "  value: javascript"), HOTLINE, "https://",
         "kênh liên hệ thứ 4 › giá trị (channels[3].value)"),
    Case("website-javascript-mixed-case", replace(HOTLINE, "- kind: postal", "- kind: website\n  value: "
                                                  "JaVaScRiPt:alert(1)\n- kind: postal", "  value: JaVa"),
         HOTLINE, "https://", "kênh liên hệ thứ 4 › giá trị (channels[3].value)"),
    Case("website-javascript-spaced", replace(HOTLINE, "- kind: postal", "- kind: website\n  value: \" "
                                              "javascript:alert(1)\"\n- kind: postal", "  value: \" java"),
         HOTLINE, "https://", "giá trị (channels[3].value)"),
    Case("website-data-url", replace(HOTLINE, "- kind: postal", "- kind: website\n  value: data:text/html,x\n"
                                     "- kind: postal", "  value: data"), HOTLINE, "https://", "channels[3].value"),
    Case("website-without-scheme", replace(HOTLINE, "- kind: postal", "- kind: website\n  value: sonoivu.laichau.vn\n"
                                           "- kind: postal", "  value: sonoivu"), HOTLINE, "bắt đầu bằng https://",
         "channels[3].value"),
    Case("portal-url-javascript", append(PROC, "portal_url: javascript:alert(1)\n"), PROC, "http",
         "portal_url"),
    Case("online-url-ftp", append(PROC, "online_url: ftp://example.org/x\n"), PROC, "http", "online_url"),
    Case("image-javascript", replace(NEWS, "image: null", "image:\n  src: javascript:alert(1)\n  alt: Ảnh",
                                     "  src:"), NEWS, "thư mục assets/", "ảnh › đường dẫn ảnh (image.src)"),
    Case("image-outside-assets", replace(NEWS, "image: null", "image:\n  src: ../site.yml\n  alt: Ảnh", "  src:"),
         NEWS, "thư mục assets/", "image.src"),
    Case("image-absolute-path", replace(NEWS, "image: null", "image:\n  src: /etc/passwd\n  alt: Ảnh", "  src:"),
         NEWS, "thư mục assets/", "image.src"),
    Case("markdown-javascript-link", append(NEWS, "\n[bấm vào](javascript:alert('x'))\n", 1), NEWS,
         "«javascript:…»"),
    Case("markdown-javascript-upper", append(NEWS, "\n[bấm](JAVASCRIPT:alert(1))\n", 1), NEWS, "«javascript:…»"),
    Case("html-javascript-entity", append(NEWS, '\n<a href="&#106;avascript:alert(1)">bấm</a>\n', 1), NEWS,
         "«javascript:…»"),
    Case("html-javascript-tab-entity", append(NEWS, '\n<a href="jav&#x09;ascript:alert(1)">bấm</a>\n', 1), NEWS,
         "«javascript:…»"),
    Case("html-data-link", append(NEWS, '\n<a href="data:text/html;base64,eHNz">tải</a>\n', 1), NEWS, "«data:…»"),
    Case("html-vbscript-link", append(NEWS, '\n<a href="vbscript:msgbox(1)">x</a>\n', 1), NEWS, "«vbscript:…»"),
    Case("img-data-src", append(NEWS, '\n<img src="data:image/png;base64,AAAA" alt="x">\n', 1), NEWS, "«data:…»"),
    Case("plan-markdown-javascript", replace(PLAN, "        body: |\n", "        body: |\n          [x](javascript:alert(1))\n",
                                             "          [x](javascript"), PLAN, "«javascript:…»"),

    # 2. files from outside the content folder
    Case("symlink-news-outside", symlink("news/2024-12-01-tin-ngoai.md", outside), "news/2024-12-01-tin-ngoai.md",
         "liên kết tượng trưng"),
    Case("symlink-asset-outside", symlink("assets/bi-mat.txt", lambda root: Path("/etc/hostname")),
         "assets/bi-mat.txt", "liên kết tượng trưng"),
    Case("symlink-folder", symlink("news/thu-muc", lambda root: root.parent), "news/thu-muc", "liên kết tượng trưng"),
    Case("symlink-inside", symlink("news/2024-12-02-ban-sao.md", lambda root: root / NEWS),
         "news/2024-12-02-ban-sao.md", "liên kết tượng trưng"),
    Case("symlink-site-yml", both(lambda root: shutil.move(root / "site.yml", root.parent / "site.yml") and 1,
                                  symlink("site.yml", lambda root: root.parent / "site.yml")),
         "site.yml", "liên kết tượng trưng"),

    Case("news-with-wrong-suffix", create("news/2024-05-02-tin-thu.markdown", news_file()),
         "news/2024-05-02-tin-thu.markdown", "chỉ gồm các tệp đuôi .md"),
    Case("procedure-as-yaml", create("procedures/1.009999.yaml", "code: \"1.009999\"\n"),
         "procedures/1.009999.yaml", "đuôi .yml"),
    Case("news-in-subfolder", create("news/2024/2024-05-02-tin-thu.md", news_file()), "news/2024",
         "thư mục con «2024» sẽ không được đọc"),
    Case("unknown-top-folder", create("tin-tuc/2024-05-02-tin-thu.md", news_file()), "tin-tuc",
         "không thuộc loại nội dung nào"),
    Case("site-as-yaml", both(lambda root: shutil.move(root / "site.yml", root / "site.yaml") and 1,
                              lambda root: 1), "site.yaml", "không thuộc loại nội dung nào"),

    # 4. bytes that used to end in a traceback
    Case("unknown-tag", set_key(PROC, "name", "name: !thu-tuc Đăng ký khai sinh"), PROC, "thẻ YAML «!thu-tuc»"),
    Case("python-tag", set_key(PROC, "name", "name: !!python/object/apply:os.system ['true']"), PROC,
         "thẻ YAML «!!python/object/apply:os.system»"),
    Case("timestamp-tag", set_key(PROC, "last_checked", "last_checked: !!timestamp 2024-02-30"), PROC,
         "thẻ YAML «!!timestamp»"),
    Case("int-tag", set_key(PROC, "document_sets", "document_sets: !!int một"), PROC, "thẻ YAML «!!int»"),
    Case("binary-tag", set_key(PROC, "name", "name: !!binary aGVsbG8="), PROC, "thẻ YAML «!!binary»"),
    Case("nul-in-yaml", replace(PROC, "Thủ tục đăng ký khai sinh", "Thủ tục\x00đăng ký khai sinh",
                                "Thủ tục\x00"), PROC, "ký tự điều khiển"),
    Case("bell-in-yaml", replace(HOTLINE, "Sở Nội vụ tỉnh Lai Châu", "Sở Nội vụ\x07 tỉnh Lai Châu", "\x07"),
         HOTLINE, "U+0007"),
    Case("nul-in-markdown", append(NEWS, "\nĐoạn có ký tự\x00rỗng.\n", 1), NEWS, "U+0000"),
    Case("escape-in-markdown", append(NEWS, "\nMàu \x1b[31mđỏ\x1b[0m.\n", 1), NEWS, "U+001B"),
    Case("billion-laughs", create("hotlines/bom.yml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                  + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                                            for i in range(8)), 4), "hotlines/bom.yml", "bí danh YAML"),
    Case("recursive-alias", create("hotlines/vong.yml", "unit: &a [x, *a]\n"), "hotlines/vong.yml", "bí danh «*a»"),
    Case("undefined-alias", set_key(PROC, "name", "name: *khong-co"), PROC, "bí danh"),
    Case("deep-nesting", create("hotlines/sau.yml", "unit: " + "[" * 100_000 + "]" * 100_000 + "\n"),
         "hotlines/sau.yml", "lồng nhau quá"),
    Case("deep-block-nesting", create("hotlines/sau-khoi.yml", "".join(f"{'  ' * i}k{i}:\n" for i in range(60))
                                      + "  " * 60 + "x\n", 41), "hotlines/sau-khoi.yml", "lồng nhau quá"),
    Case("invalid-utf8", create(HOTLINE, "unit: Sở Nội vụ\nname: ".encode() + b"\xff\xfe l\xe1i\n", 2), HOTLINE,
         "không phải UTF-8"),
    Case("utf16-file", create(HOTLINE, "unit: Sở Nội vụ\n".encode("utf-16")), HOTLINE, "không phải UTF-8"),
    Case("file-too-large", create("news/2024-12-03-tin-rat-dai.md", news_file(body="Chữ. " * 1_100_000)),
         "news/2024-12-03-tin-rat-dai.md", "tệp quá lớn"),
    Case("two-documents", append(HOTLINE, "---\nunit: khác\n"), HOTLINE, "một nội dung"),
    Case("not-a-mapping", create(HOTLINE, "- chỉ là một danh sách\n"), HOTLINE, "các cặp «trường: giá trị»"),
    Case("key-is-a-list", append(HOTLINE, "? [a, b]\n: giá trị\n"), HOTLINE, "tên trường phải là một chữ"),
    Case("site-not-a-mapping", create("site.yml", "chỉ một dòng chữ\n"), "site.yml", "các cặp «trường: giá trị»"),

    # 5. pages silently replaced
    Case("page-named-news-section", create("pages/tin-tuc.md", PAGE_FILE), "pages/tin-tuc.md", "trùng với mục"),
    Case("page-named-home", create("pages/index.md", PAGE_FILE), "pages/index.md", "đã thuộc về"),
    Case("page-named-hotlines", create("pages/duong-day-nong.md", PAGE_FILE), "pages/duong-day-nong.md",
         "đã thuộc về"),
    Case("page-named-search", create("pages/tim-kiem.md", PAGE_FILE), "pages/tim-kiem.md", "đã thuộc về"),
    Case("page-named-procedures", create("pages/thu-tuc.md", PAGE_FILE), "pages/thu-tuc.md", "trùng với mục"),
    Case("page-named-calendar", create("pages/lich.md", PAGE_FILE), "pages/lich.md", "trùng với mục"),
    Case("page-named-open-data", create("pages/data.md", PAGE_FILE), "pages/data.md", "trùng với mục"),
    Case("news-slug-index", create("news/2024-05-02-tin-thu.md", news_file('slug: "index"\n'), 7),
         "news/2024-05-02-tin-thu.md", "đã thuộc về", "đường dẫn (slug)"),
    Case("news-slug-month", create("news/2024-05-02-tin-thu.md", news_file('slug: "2024-03"\n'), 7),
         "news/2024-05-02-tin-thu.md", "đã thuộc về", "slug"),
    Case("news-same-slug", create("news/2024-05-02-tin-thu.md",
                                  news_file('slug: "2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet"\n'), 7),
         "news/2024-05-02-tin-thu.md", "đã thuộc về news/2024-02-27", "slug"),
    Case("news-same-slug-other-file", create("news/2024-05-02-tin-thu.md",
                                             news_file('slug: "2024-02-27-ho-tro-nop-ho-so-truc-tuyen-sau-tet"\n'), 7),
         NEWS_2, "đã thuộc về news/2024-05-02-tin-thu.md", line=1),

    # 6. the right file and line
    Case("second-main-hotline", set_key(HOTLINE_2, "main", "main: true"), HOTLINE_2, "chỉ một đường dây nóng",
         "đường dây chính (main)"),
    Case("second-main-hotline-first-file", set_key(HOTLINE_2, "main", "main: true"), HOTLINE,
         "cùng với hotlines/trung-tam", "main", line=4),
    Case("duplicate-news-id", create("news/2024-05-02-tin-thu.md", news_file(f'id: "{Path(NEWS).stem}"\n'), 7),
         "news/2024-05-02-tin-thu.md", "trùng nhau", "mã định danh cố định (id)"),
    Case("duplicate-news-id-other-file", create("news/2024-05-02-tin-thu.md",
                                                news_file(f'id: "{Path(NEWS).stem}"\n'), 7),
         NEWS, "cùng với news/2024-05-02-tin-thu.md:7", "(id)", line=1),
    Case("colon-in-value", set_key(HOTLINE, "name", "name: Đường dây nóng: Sở Nội vụ"), HOTLINE, "dấu hai chấm"),
    Case("missing-colon", set_key(HOTLINE, "name", "name Đường dây nóng"), HOTLINE, "thiếu dấu hai chấm"),
    Case("unclosed-quote", set_key(HOTLINE, "name", 'name: "Đường dây nóng'), HOTLINE, "ngoặc kép"),
    Case("tab-indent", replace(HOTLINE, "- kind: landline\n  value:", "- kind: landline\n\tvalue:", "\tvalue"),
         HOTLINE, "ký tự tab"),
    Case("bad-indent", replace(HOTLINE, "  value: \"0213 3876 010\"", "   value: \"0213 3876 010\""), HOTLINE,
         "tệp không đúng cú pháp YAML"),
    Case("front-matter-syntax", replace(NEWS, 'unit: "Sở Nội vụ"', "unit: Sở: Nội vụ"), NEWS, "dấu hai chấm"),
    Case("missing-nested-field", replace(HOTLINE, '- kind: landline\n  value: "0213 3876 010"\n', "- kind: landline\n",
                                         "- kind: landline"), HOTLINE, "thiếu trường bắt buộc",
         "kênh liên hệ thứ 1 › giá trị (channels[0].value)"),
    Case("missing-top-field", replace(PROC, "agency: ", "agencyy: ", "code:"), PROC, "thiếu trường bắt buộc",
         "cơ quan giải quyết (agency)"),
    Case("mistyped-main-hotline", set_key("site.yml", "main_hotline", "main_hotline: so-noi-vuu"), "site.yml",
         "Có phải ý bạn là «so-noi-vu»", "main_hotline"),
    Case("missing-image", replace(NEWS, "image: null", "image:\n  src: assets/khong-co.png\n  alt: Ảnh", "  src:"),
         NEWS, "không có tệp ảnh", "image.src"),
    Case("missing-image-in-markdown", append(NEWS, "\nẢnh hội nghị:\n\n![Hội nghị](../assets/anh/khong-co.png)\n", 3),
         NEWS, "«../assets/anh/khong-co.png» dẫn tới trang không có"),
    Case("missing-logo", set_key("site.yml", "logo", "logo: assets/logo.png"), "site.yml", "không có tệp ảnh",
         "biểu trưng (logo)"),
    Case("procedure-file-name", both(lambda root: shutil.move(root / PROC, root / "procedures/1.001194.yml") and 1,
                                     lambda root: 2), "procedures/1.001194.yml", "đổi tên thành «1.001193.yml»",
         "mã thủ tục (code)"),
    Case("link-error-quotes-editor", append(NEWS, "\nXem [thủ tục](../thu-tuc/1.999999.md).\n", 1), NEWS,
         "«../thu-tuc/1.999999.md»"),

    # 7. all errors in one run
    Case("syntax-error-hides-no-link-error", both(set_key(HOTLINE_2, "name", "name: Tên: hai chấm"),
                                                  append(NEWS, "\n[x](../khong-co.md)\n", 1)), NEWS, "«../khong-co.md»"),
    Case("link-error-beside-syntax-error", both(append(NEWS, "\n[x](../khong-co.md)\n", 1),
                                                set_key(HOTLINE_2, "name", "name: Tên: hai chấm")), HOTLINE_2,
         "dấu hai chấm"),

    # 8. checks that were missing
    Case("site-phone-letters", set_key("site.yml", "phone", 'phone: "gọi cho chúng tôi"'), "site.yml",
         "số điện thoại", "phone"),
    Case("site-email-no-at", set_key("site.yml", "email", "email: ubnd.laichau.gov.vn"), "site.yml",
         "không phải địa chỉ thư điện tử", "email"),
    Case("news-title-too-long", set_key(NEWS, "title", "title: " + "Tin " * 2_500), NEWS, "dài quá 200 ký tự",
         "tiêu đề (title)"),
    Case("news-title-201", set_key(NEWS, "title", "title: " + "a" * 201), NEWS, "dài quá 200 ký tự", "title"),
    Case("news-summary-too-long", set_key(NEWS, "summary", "summary: " + "Tóm tắt. " * 100), NEWS, "dài quá 500",
         "tóm tắt (summary)"),
    Case("news-body-too-long", create("news/2024-12-03-tin-dai.md", news_file(body="Chữ chữ. " * 8_000), 9),
         "news/2024-12-03-tin-dai.md", "quá mức 50.000 ký tự"),
    Case("field-too-long", set_key(HOTLINE, "hours_note", "hours_note: " + "x" * 10_001), HOTLINE,
         "dài quá 10000 ký tự", "ghi chú giờ tiếp nhận (hours_note)"),
    Case("hours-impossible", replace(HOTLINE, 'opens: "07:30"', 'opens: "25:00"'), HOTLINE, "giờ:phút theo 24 giờ",
         "giờ mở"),

    # 9. messages a civil servant understands
    Case("slug-pattern-in-words", create("news/2024-05-02-tin-thu.md", news_file('slug: "Tin Thử"\n'), 7),
         "news/2024-05-02-tin-thu.md", "chữ thường không dấu", "đường dẫn (slug)"),
    Case("code-pattern-in-words", set_key(PROC, "code", 'code: "1-001193"'), PROC, "ví dụ «1.001193»",
         "mã thủ tục (code)"),
    Case("enum-with-meaning", replace(HOTLINE, "- kind: landline", "- kind: fax"), HOTLINE,
         "«landline» (điện thoại cố định)", "loại kênh"),
    Case("weekday-with-meaning", replace(HOTLINE, "  - mo\n", "  - t2\n", "  - t2"), HOTLINE, "«mo» (Thứ Hai)",
         "các ngày"),
    Case("due-kind-with-meaning", replace(PLAN, "kind: ongoing", "kind: weekly", "kind: weekly"), PLAN,
         "«ongoing» (thường xuyên)"),
    Case("did-you-mean-summary", replace(NEWS, "summary:", "sumary:"), NEWS, "Có phải ý bạn là «summary»?"),
    Case("did-you-mean-vietnamese", replace(HOTLINE, "unit:", "don_vi_tiep_nhan:"), HOTLINE,
         "Có phải ý bạn là «unit»?"),
    Case("number-for-text", set_key(PROC, "agency", "agency: 115"), PROC, "đặt giá trị trong dấu ngoặc kép",
         "cơ quan giải quyết (agency)"),
    Case("boolean-for-text", set_key(PROC, "agency", "agency: yes"), PROC, "đúng/sai", "agency"),
    Case("impossible-date", set_key(PROC, "last_checked", "last_checked: 2024-02-30"), PROC, "«2024-02-30»",
         "ngày đối chiếu gần nhất"),
    Case("file-name-with-accents", create("news/2024-05-02-Tin-thử.md", news_file()), "news/2024-05-02-Tin-thử.md",
         "phải viết không dấu"),
    Case("legacy-encoding", set_key(HOTLINE, "unit", "unit: Së Néi vô tØnh Lai Ch©u"), HOTLINE, "TCVN3/VNI"),
    Case("front-matter-missing", create("news/2024-05-02-tin-thu.md", "Chỉ có nội dung.\n"),
         "news/2024-05-02-tin-thu.md", "phần thông tin đầu trang"),
    Case("front-matter-unclosed", create("news/2024-05-02-tin-thu.md", NEWS_FRONT + "\nNội dung.\n"),
         "news/2024-05-02-tin-thu.md", "thiếu dòng «---» đóng"),
    # search.yml: everyday words for the search (issue 12)
    Case("search-alias-misspelt-key", replace("search.yml", "- words: [sổ đỏ,", "- word: [sổ đỏ,"), "search.yml",
         "Có phải ý bạn là «words»?"),
    Case("search-alias-means-missing", replace("search.yml", "  means: chuyển nhượng\n", "",
                                               expect="- words: [sang tên sổ đỏ"), "search.yml",
         "thiếu trường bắt buộc", "thuật ngữ chính thức (aliases[1].means)"),
    Case("search-alias-words-empty", replace("search.yml", "- words: [cho đất, cho con đất, tặng đất]",
                                             "- words: []"), "search.yml", "ít nhất", "từ người dân hay gõ"),
    Case("search-alias-same-as-means", replace("search.yml", "- words: [passport, làm hộ chiếu]",
                                               "- words: [passport, Hộ chiếu]"), "search.yml",
         "trùng với thuật ngữ chính thức", "(aliases[21])"),
    Case("search-file-not-a-mapping", create("search.yml", "- sổ đỏ\n- sổ hồng\n"), "search.yml",
         "các cặp «trường: giá trị»"),
]

def run(root: Path, capsys, *extra: str) -> tuple[int, str]:
    """``cchc validate`` in this process (a traceback would fail the test just the same), and its stderr."""
    status = cli.main(["validate", "--content", str(root), *extra])
    return status, capsys.readouterr().err


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_corpus_is_large_and_covers_every_class():
    assert len(CASES) >= 80
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_bad_input_is_reported_at_its_line(case: Case, content: Path, capsys):
    assert_reported(case, content, capsys)


def assert_reported(case: Case, content: Path, capsys) -> None:
    """Break ``content`` as the case says; ``cchc validate`` reports it at its file, line and field, in Vietnamese."""
    line = case.mutate(content)
    status, err = run(content, capsys)
    assert status == 1, err
    assert "Traceback" not in err
    where = f"{(content / case.file).as_posix()}:{case.line or line}:"
    lines = [text for text in err.splitlines() if text.startswith(where)]
    assert lines, f"nothing reported at {where}\n{err}"
    assert any(case.words in text and case.field in text for text in lines), f"{case}\n{err}"
    english = ENGLISH.search(err)
    assert english is None, f"parser English «{english.group()}» in:\n{err}"
    assert err.rstrip().endswith("Hãy sửa các lỗi trên rồi chạy lại.")


def test_debug_keeps_the_parser_text(content: Path, capsys):
    set_key(HOTLINE, "name", "name: Tên: hai chấm")(content)
    status, err = run(content, capsys, "--debug")
    assert status == 1 and "mapping values are not allowed" in err


def test_a_crash_never_reaches_the_editor_in_a_real_process(content: Path):
    """The worst bytes, in a real ``cchc validate`` process: exit 1, no traceback, no crash."""
    create("hotlines/sau.yml", "unit: " + "[" * 100_000 + "]" * 100_000 + "\n")(content)
    create("hotlines/bom.yml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
           + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
                     for i in range(8)))(content)
    set_key(PROC, "name", "name: !!python/object/apply:os.system ['touch /tmp/cchc-pwned']")(content)
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--content", str(content)], cwd=REPO,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "hotlines/sau.yml:1:" in result.stderr
    assert "hotlines/bom.yml:" in result.stderr and f"{PROC}:" in result.stderr


def test_validate_prints_the_sanitiser_warnings_build_prints(content: Path, capsys):
    line = append(NEWS, "\n<p style=\"color:red\">Chữ đỏ</p>\n", 1)(content)
    status, err = run(content, capsys)
    assert status == 0, err
    assert f"{NEWS}:{line}: cảnh báo:" in err and "«style»" in err
    append(NEWS_2, "\n[x](../khong-co.md)\n")(content)  # and alongside errors too
    status, err = run(content, capsys)
    assert status == 1 and f"{NEWS}:{line}: cảnh báo:" in err


def test_times_without_a_zone_are_vietnam_time(content: Path):
    """The rule CONTRIBUTING.md states: no zone means +07:00; a bare date means 00:00 that day."""
    from generator.pipeline import load as loader

    replace(NEWS, "date: 2024-01-22T08:30:00+07:00", "date: 2024-01-22 08:30")(content)
    text = text_of(content, NEWS_2)
    write(content, NEWS_2, re.sub(r"^date: .*$", "date: 2024-02-27", text, count=1, flags=re.M))
    loaded = loader.load(content)
    dates = {n.source.as_posix(): n.model.date.isoformat() for n in loaded["news"]}
    assert dates[NEWS] == "2024-01-22T08:30:00+07:00"
    assert dates[NEWS_2] == "2024-02-27T00:00:00+07:00"
    assert "không ghi múi giờ" in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_sexagesimal_time_is_read_as_written(content: Path):
    """YAML 1.1 reads «opens: 7:30» as 450 minutes; the editor meant half past seven."""
    from generator.pipeline import load as loader

    replace(HOTLINE, 'opens: "07:30"', "opens: 7:30")(content)
    hotline = next(h for h in loader.load(content)["hotlines"] if h.source.as_posix() == HOTLINE)
    assert hotline.model.hours[0].opens == "07:30"


def test_an_image_named_with_an_ampersand_is_found(content: Path, capsys):
    (content / "assets").mkdir(exist_ok=True)
    shutil.copy(REPO / "overrides/assets/images/chia-se.png", content / "assets/hop-dong&chu-ky.png")
    append(NEWS, "\n![Ảnh](../assets/hop-dong&chu-ky.png)\n")(content)
    status, err = run(content, capsys)
    assert status == 0, err


def test_settings_the_theme_prints_are_escaped_on_every_page(content: Path, tmp_path: Path):
    """Text settings and a procedure's name may hold <, >, & and quotes; none of it becomes markup, on any page
    (the 404 and the procedure index included), and the open data carries the name as written."""
    import json

    from bs4 import BeautifulSoup

    from generator.pipeline import build

    payload = "<script>alert('xss-{}')</script>\"'><b onclick=alert('xss-{}')>"
    (content / "agencies.yml").unlink()  # the hotline's unit below is no agency of the registry: not what is tested
    for key in ("name", "description", "address", "province"):
        set_key("site.yml", key, f"{key}: {yaml_quote(key.upper()[:2] + ' ' + payload.format(key, key))}")(content)
    set_key("site.yml", "short_name", "short_name: \"UB <script>alert('xss-s')</script>\"")(content)
    set_key(HOTLINE, "name", f"name: {yaml_quote('Đường dây ' + payload.format('hotline', 'hotline'))}")(content)
    set_key(HOTLINE, "unit", f"unit: {yaml_quote('Sở ' + payload.format('unit', 'unit'))}")(content)
    name = "Thủ tục " + payload.format("proc", "proc") + ' & "mẫu"'
    set_key(PROC, "name", f"name: {yaml_quote(name)}")(content)
    paths = build.Paths(content=content, build=tmp_path / "build", site=tmp_path / "site")
    build.build(paths)
    pages = sorted(paths.site.rglob("*.html"))
    assert (paths.site / "404.html") in pages
    # the name reads as written where it is listed and on its own page: text, not markup
    index = BeautifulSoup((paths.site / "thu-tuc/index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one('li.cchc-proc[data-code="1.001193"] a').get_text() == name
    own = BeautifulSoup((paths.site / "thu-tuc/1.001193/index.html").read_text(encoding="utf-8"), "html.parser")
    assert own.find("h1").get_text(strip=True) == name
    data = json.loads((paths.site / "data/procedures.json").read_text(encoding="utf-8"))
    assert next(r["name"] for r in data if r["code"] == "1.001193") == name
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script"):
            assert "alert('xss-" not in (script.string or "") or script.get("type") == "application/ld+json", page
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                text = " ".join(value) if isinstance(value, list) else str(value)
                assert not (name.startswith("on") and "xss-" in text), (page, tag)
                assert not (name in ("href", "src") and text.strip().lower().startswith(("javascript:", "data:"))), \
                    (page, tag)
        ld = [s.string for s in soup.find_all("script", type="application/ld+json")]
        assert all("</script" not in (text or "").lower() for text in ld), page
    for feed in paths.site.rglob("*.xml"):  # open data (JSON, CSV) carries the text as data, for programs
        text = feed.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*>alert\('xss|onerror=alert\('xss", text), feed


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
