"""Command line: ``cchc validate | build | serve``.

Content errors are the editors' business and are printed as a list (or as
GitHub annotations), never as a traceback; the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import Abort

from .core import scaffolding
from .core.content import Content
from .core.errors import ContentError, ContentErrors, MissingContent
from .core.vietnamese import TZ
from .pipeline import build
from .pipeline.registry import KINDS
from .pipeline.safety import RefusedFolder


def _now(args: argparse.Namespace) -> dt.datetime | None:
    return args.now.replace(tzinfo=args.now.tzinfo or TZ) if args.now else None


def _default_folder(content: Path, name: str) -> Path:
    """``name`` in the current folder, or beside the content folder when that would put it inside."""
    here = Path(name).resolve()
    inside = content.resolve() in (here, *here.parents)
    return content.resolve().parent / name if inside else Path(name)


def _paths(args: argparse.Namespace) -> build.Paths:
    content = Path(args.content)
    return build.Paths(content=content, build=Path(args.build_dir or _default_folder(content, "build")),
                       site=Path(args.site_dir or _default_folder(content, "site")))


def _print(found: list[ContentError], root: Path, args: argparse.Namespace, warning: bool) -> None:
    for item in found:
        line = item.github(root, warning) if args.format == "github" else item.text(root, warning, args.debug)
        print(line, file=sys.stderr)


def _report(exc: ContentErrors, args: argparse.Namespace) -> int:
    root = Path(args.content)
    _print(exc.warnings, root, args, True)
    _print(exc.errors, root, args, False)
    print(f"\nCó {len(exc.errors)} lỗi trong nội dung. Hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
    return 1


def _warn(content: Content, args: argparse.Namespace) -> None:
    """Print what the sanitiser removed: never silently dropped."""
    _print(content.warnings, content.root, args, True)


def cmd_validate(args: argparse.Namespace) -> int:
    content, _, _ = build.render_checked(_paths(args), _now(args))
    _warn(content, args)
    counts = ", ".join(f"{len(content[kind.name])} {kind.label}" for kind in KINDS if kind.label)
    print(f"Nội dung hợp lệ: {counts}.")
    for line in (line for kind in KINDS if kind.notes for line in kind.notes(content)):
        print(line)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    paths = _paths(args)
    if args.generate_only:
        content, _ = build.generate(paths, _now(args))
        _warn(content, args)
        print(f"Đã tạo Markdown trong {paths.docs}")
        return 0
    _warn(build.build(paths, _now(args)), args)
    print(f"Đã dựng trang trong {paths.site}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .pipeline import serve  # imported here: only the preview needs the server

    return serve.serve(_paths(args), args.host, args.port)


def cmd_new(args: argparse.Namespace) -> int:
    kind = next(kind for kind in KINDS if kind.schema == args.kind)
    if kind.scaffold_value and not args.value:
        print(f"Hãy ghi {kind.scaffold_value} sau «cchc new {kind.schema}».", file=sys.stderr)
        return 2
    if args.value and not kind.scaffold_value:
        print(f"Không tạo tệp: «cchc new {kind.schema}» không nhận giá trị nào; bỏ «{args.value}» đi.", file=sys.stderr)
        return 1
    try:
        path = kind.scaffold(Path(args.content), args.value, None)
    except FileExistsError as exc:
        print(exc, file=sys.stderr)
        return 1
    except scaffolding.Refused as exc:
        print(f"Không tạo tệp: {exc}", file=sys.stderr)
        return 1
    print(f"Đã tạo {path}. Điền các trường còn trống rồi chạy «cchc validate».")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """The periodic report's .docx draft and preview, or (``--summary``) the nightly list of what is at risk."""
    from .pipeline import load, report  # imported here: only this command needs python-docx

    paths = _paths(args)
    content = load.load(paths.content, _now(args))
    if args.summary:
        print(report.summary(content))
        return 0
    if not args.plan or not args.period:
        print("Cần ghi --plan <tên tệp kế hoạch> và --period <kỳ>, ví dụ --period 2024-Q1.", file=sys.stderr)
        return 1
    try:
        paths.check()
        written = report.write(content, args.plan, args.period, Path(args.out) if args.out else None, paths.build)
    except report.ReportError as exc:
        print(f"Không tạo được báo cáo: {exc}.", file=sys.stderr)
        return 1
    print(f"Đã ghi dự thảo báo cáo {written.docx} và bản xem trước {written.preview}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Procedures from the national database into the content; every error at once, nothing written on one."""
    from .pipeline import importing  # imported here: only this command reads Excel and round-trips YAML

    today = (_now(args) or dt.datetime.now(TZ)).astimezone(TZ).date()
    try:
        outcome = importing.run([Path(f) for f in args.files], Path(args.content), today, args.mark_abolished)
    except importing.ImportErrors as exc:
        for problem in exc.warnings:
            print(f"{problem.text()} (cảnh báo)", file=sys.stderr)
        for problem in exc.errors:
            print(f"{problem.text()}", file=sys.stderr)
        print(f"\nCó {len(exc.errors)} lỗi trong tệp nhập; chưa ghi gì. Hãy sửa rồi chạy lại.", file=sys.stderr)
        return 1
    print(outcome.report)
    if args.report:
        Path(args.report).write_text(outcome.report, encoding="utf-8")
    return 0


def _day(text: str) -> dt.date:
    """dd/mm/yyyy or YYYY-MM-DD, as editors write dates."""
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date() if "/" in text else dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải ngày; viết dd/mm/yyyy, ví dụ 01/07/2026") from None


def cmd_schemas(args: argparse.Namespace) -> int:
    from .pipeline import schemas

    for path in schemas.write_all():
        print(f"Đã ghi {path}")
    return 0


def cmd_workspace(args: argparse.Namespace) -> int:
    from .pipeline import workspace

    print(f"Đã ghi {workspace.write_collections()}")
    return 0


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    common.add_argument("--build-dir", default=None, help="nơi ghi Markdown sinh ra (mặc định: build, "
                        "không bao giờ nằm trong thư mục nội dung)")
    common.add_argument("--site-dir", default=None, help="nơi ghi trang đã dựng (mặc định: site)")
    common.add_argument("--debug", action="store_true", help="in kèm lời gốc (tiếng Anh) của bộ đọc YAML")
    common.add_argument("--format", choices=["text", "github"],
                        default="github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text",
                        help="cách in lỗi: text, hoặc github (chú thích trên dòng lỗi trong pull request)")
    common.add_argument("--now", type=dt.datetime.fromisoformat, default=None,
                        help="thời điểm dựng (ISO, mặc định: bây giờ): tin có ngày sau thời điểm này chưa được đăng")
    top = argparse.ArgumentParser(prog="cchc", description="Dựng trang thông tin cải cách hành chính từ nội dung.")
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", parents=[common], help="kiểm tra nội dung").set_defaults(func=cmd_validate)
    b = sub.add_parser("build", parents=[common], help="kiểm tra, sinh trang và dựng site bằng MkDocs (--strict)")
    b.add_argument("--generate-only", action="store_true", help="chỉ sinh Markdown, không chạy MkDocs")
    b.set_defaults(func=cmd_build)
    n = sub.add_parser("new", parents=[common], help="tạo tệp nội dung mới, sẵn các trường cần điền")
    scaffolds = [kind for kind in KINDS if kind.scaffold]
    n.add_argument("kind", choices=[kind.schema for kind in scaffolds], help="loại nội dung")
    n.add_argument("value", nargs="?", default="", help=", hoặc ".join(f"{kind.scaffold_value} ({kind.schema})"
                                                                   for kind in scaffolds if kind.scaffold_value)
                   + "; các tệp riêng (holidays, reception, organisation) không cần")
    n.set_defaults(func=cmd_new)
    r = sub.add_parser("report", parents=[common], help="dự thảo báo cáo định kỳ của kế hoạch (.docx, theo Nghị "
                       "định 30/2020/NĐ-CP) và bản xem trước")
    r.add_argument("--plan", help="tên tệp kế hoạch trong plans/ (không có .yml)")
    r.add_argument("--period", help="kỳ báo cáo: 2024-Q1 … 2024-Q4 (quý), 2024-H1 (6 tháng), 2024-9M (9 tháng), "
                   "2024 (năm)")
    r.add_argument("--out", default=None, help="tệp .docx ghi ra (mặc định: trong thư mục build/bao-cao/)")
    r.add_argument("--summary", action="store_true", help="in (Markdown) các chỉ tiêu chưa đạt và nhiệm vụ quá hạn "
                   "của mọi kế hoạch, cho bản tóm tắt của lần dựng hằng đêm")
    r.set_defaults(func=cmd_report)
    i = sub.add_parser("import", parents=[common], help="nhập thủ tục từ Cơ sở dữ liệu quốc gia: danh sách (.xlsx) "
                       "của Cổng Dịch vụ công quốc gia hoặc hồ sơ đầy đủ (.json)")
    i.add_argument("what", choices=["procedures"], help="loại nội dung nhập")
    i.add_argument("files", nargs="+", metavar="FILE", help="tệp .xlsx hoặc .json")
    i.add_argument("--mark-abolished", type=_day, default=None, metavar="DATE", help="ghi các thủ tục không còn "
                   "trong danh sách mới là hết hiệu lực từ ngày này (dd/mm/yyyy); không xóa tệp nào")
    i.add_argument("--report", default=None, metavar="FILE.md", help="ghi báo cáo thay đổi (Markdown) vào tệp này")
    i.set_defaults(func=cmd_import)
    sub.add_parser("schemas", help="ghi lại JSON Schema của các loại tệp nội dung (generator/schemas/)"
                   ).set_defaults(func=cmd_schemas, content="content", format="text", debug=False)
    sub.add_parser("workspace", help="ghi lại biểu mẫu của khu soạn thảo quan-tri/ (generator/workspace/collections.yml) "
                   "từ các mô hình").set_defaults(func=cmd_workspace)
    s = sub.add_parser("serve", parents=[common], help="xem trước, tự dựng lại khi nội dung thay đổi")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.set_defaults(func=cmd_serve)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return args.func(args)
    except ContentErrors as exc:
        return _report(exc, args)
    except MissingContent as exc:
        print(f"{exc}.", file=sys.stderr)
        return 1
    except RefusedFolder as exc:
        print(f"Không dựng: {exc}.", file=sys.stderr)
        return 1
    except Abort as exc:
        print(f"MkDocs dừng lại: {exc}", file=sys.stderr)
        return 1
