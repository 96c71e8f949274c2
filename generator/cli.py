"""Command line: ``cchc validate | build | serve``.

Content errors are the editors' business and are printed as a list (or as
GitHub annotations), never as a traceback; the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort

from .core import fields, resources, scaffolding
from .core.content import Content
from .core.errors import ContentError, ContentErrors, MissingContent
from .core.vietnamese import TZ
from .pipeline import build, init
from .pipeline.registry import KINDS
from .pipeline.safety import RefusedFolder

if TYPE_CHECKING:  # the portal's modules load only for ``cchc portal``
    from .core.portal import Portal
    from .pipeline.portal import Changes


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
                       site=Path(args.site_dir or _default_folder(content, "site")),
                       base_path=getattr(args, "base_path", None))


def _base_path(text: str) -> str:
    """``--base-path``: the path the site is published under, in site.yml's form of a path."""
    if not re.fullmatch(fields.PATH_PATTERN, text):
        raise argparse.ArgumentTypeError(f"«{text}» không phải {fields.PATTERN_FORMS[fields.PATH_PATTERN]}")
    return text


def _print(found: list[ContentError], root: Path, args: argparse.Namespace, warning: bool) -> None:
    for item in found:
        line = item.github(root, warning) if args.format == "github" else item.text(root, warning, args.debug)
        print(line, file=sys.stderr)


def _report(exc: ContentErrors, args: argparse.Namespace) -> int:
    root = Path(args.content)
    _print(exc.warnings, root, args, True)
    _print(exc.errors, root, args, False)
    print(f"\nCó {len(exc.errors)} lỗi trong nội dung. Hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
    _upgrade_hint(root)
    return 1


def _upgrade_hint(root: Path) -> None:
    """Content in an older version's format: say that ``cchc upgrade`` makes the mechanical changes."""
    from .pipeline import upgrade

    pending = upgrade.upgrade(root, write=False, steps=upgrade.MECHANICAL).changes
    if pending:
        print(f"Nội dung theo định dạng của phiên bản cũ: «cchc upgrade» tự sửa được {len(pending)} chỗ "
              f"(xem trước bằng «cchc upgrade --check»), rồi chạy lại lệnh này.", file=sys.stderr)


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
    _warn(build.build(paths, _now(args), use_cache=not args.no_cache), args)
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


def cmd_init(args: argparse.Namespace) -> int:
    """A new agency's repository: its content, workflows and editor settings, never the generator's code."""
    given = {q.key: getattr(args, q.key) for q in init.QUESTIONS}
    try:
        answers = init.ask(given, interactive=sys.stdin.isatty() and not args.no_input)
        written = init.init(Path(args.folder), answers, _now(args))
    except init.Refused as exc:
        print(f"Không tạo kho: {exc}", file=sys.stderr)
        return 1
    print(f"Đã tạo {len(written)} tệp trong {args.folder}. Tiếp theo: cd {args.folder} && cchc build && cchc serve")
    return 0


def cmd_upgrade(args: argparse.Namespace) -> int:
    """The content in this version's format: mechanical changes made (or, with --check, listed), the rest said."""
    from .pipeline import upgrade

    outcome = upgrade.upgrade(Path(args.content), write=not args.check)
    for line in outcome.lines(written=not args.check):
        print(line)
    return 1 if args.check and outcome.changes else 0


def cmd_portal(args: argparse.Namespace) -> int:
    """``cchc portal build | changed | matrix``: portal.yml read and checked first, every error at once."""
    from .pipeline import portal  # imported here: only the portal needs it

    portal_file = Path(args.portal)
    if not portal_file.is_file():
        print(f"Không có tệp {portal_file}; hãy ghi --portal <tệp portal.yml>.", file=sys.stderr)
        return 1
    try:
        setup = portal.read(portal_file)
    except ContentErrors as exc:
        _print(exc.errors, portal_file.parent, args, False)
        print(f"\nCó {len(exc.errors)} lỗi trong {portal_file}. Hãy sửa các lỗi trên rồi chạy lại.", file=sys.stderr)
        return 1
    if args.action == "matrix":
        print(json.dumps(portal.batches(setup, portal_file, args.job_files or portal.JOB_FILES), ensure_ascii=False))
        return 0
    found = None
    try:
        if args.since:
            found = portal.changes(setup, portal_file, portal.changed_since(portal_file.parent, args.since))
        elif args.action == "changed":
            found = portal.changes(setup, portal_file, args.paths)
    except portal.UnknownBase as exc:
        print(f"{exc}", file=sys.stderr)
        return 1
    if found is not None and args.action == "changed":
        return _portal_changed(found, args)
    return _portal_build(setup, portal_file, args, found)


def _portal_changed(found: Changes, args: argparse.Namespace) -> int:
    """What the changes concern: for GitHub (``agencies=[…]`` and ``portal=true|false``, for $GITHUB_OUTPUT),
    or for a person, in Vietnamese."""
    if args.github_output:
        print(f"agencies={json.dumps(list(found.agencies))}\nportal={str(found.portal).lower()}")
    else:
        from .pipeline import portal

        print("\n".join(portal.describe(found)))
    return 0


def _portal_build(setup: Portal, portal_file: Path, args: argparse.Namespace, found: Changes | None) -> int:
    """Build the agencies asked for (all, ``--agency``, or what ``--since`` changed), and join unless only some."""
    from .pipeline import portal

    asked = [id for value in args.agency or [] for id in value.split(",") if id]
    unknown = sorted(set(asked) - {agency.id for agency in setup.agencies})
    if unknown:
        print(f"Không có cơ quan «{', '.join(unknown)}» trong {portal_file}.", file=sys.stderr)
        return 1
    if found is not None:
        print("\n".join(portal.describe(found)))
        asked = [] if found.portal else list(found.agencies)
        if not found.portal and not asked:
            return 0
    work, site = Path(args.build_dir or "build-portal"), Path(args.site_dir or "site-portal")
    jobs = [job for job in portal.jobs(setup, portal_file, work, _now(args), args.format == "github")
            if not asked or job.agency.id in asked]
    portal.check_folders(jobs, work, site)
    outcomes = portal.last_outcomes(jobs) if args.join_only else portal.build_all(jobs, args.jobs)
    missing = [] if asked else portal.join(setup, jobs, site)
    failed = any(outcome.errors for outcome in outcomes)
    for line in portal.report(outcomes, missing, None if asked else site):
        print(line, file=sys.stderr if failed and not args.join_only else sys.stdout)
    return 1 if failed and not args.join_only else 0


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
    top.add_argument("--version", action="version", version=f"cchc {resources.version()}")
    sub = top.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", parents=[common], help="kiểm tra nội dung").set_defaults(func=cmd_validate)
    b = sub.add_parser("build", parents=[common], help="kiểm tra, sinh trang và dựng site bằng MkDocs (--strict)")
    b.add_argument("--generate-only", action="store_true", help="chỉ sinh Markdown, không chạy MkDocs")
    b.add_argument("--no-cache", action="store_true",
                   help="dựng lại mọi trang, không dùng và không ghi bộ nhớ đệm (build/cache) của lần dựng trước")
    b.add_argument("--base-path", type=_base_path, default=None, metavar="/DUONG-DAN/",
                   help="đăng trang dưới đường dẫn này của tên miền trong base_url (trang của một cơ quan trong "
                        "cổng chung), ví dụ /so-tu-phap/; mã định danh của tin và sự kiện không đổi")
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
    actions = sub.add_parser("portal", help="cổng chung của nhiều cơ quan (portal.yml)").add_subparsers(
        dest="action", required=True)
    p = actions.add_parser("build", parents=[common], help="dựng mọi cơ quan trong portal.yml song song (cơ quan "
                           "không đổi không dựng lại) rồi ghép thành một trang")
    p.add_argument("--jobs", type=int, default=None, help="số cơ quan dựng cùng lúc (mặc định: số nhân CPU)")
    p.add_argument("--agency", action="append", metavar="ID", help="chỉ dựng cơ quan này (ghi nhiều lần được, hoặc "
                   "nhiều mã cách nhau bằng dấu phẩy), không ghép cổng: một việc của ma trận GitHub Actions")
    p.add_argument("--join-only", action="store_true", help="không dựng, chỉ ghép trang đã dựng của các cơ quan và "
                   "báo lỗi lần dựng trước của từng cơ quan (mã thoát 0)")
    c = actions.add_parser("changed", help="những cơ quan mà các tệp thay đổi liên quan tới "
                           "(kiểm tra pull request của một cơ quan)")
    c.add_argument("paths", nargs="*", metavar="PATH", help="tệp thay đổi, tính từ thư mục chứa portal.yml")
    c.add_argument("--github-output", action="store_true", help="in agencies=[…] và portal=true|false cho "
                   "$GITHUB_OUTPUT")
    m = actions.add_parser("matrix", help="các việc của ma trận GitHub Actions (JSON): cơ quan "
                           "nhỏ cùng nhóm dựng chung một việc")
    m.add_argument("--job-files", type=int, default=None, help="số tệp nội dung tối đa của một việc (mặc định: "
                   "khoảng mười xã)")
    for q in (p, c):
        q.add_argument("--since", default=None, metavar="REF", help="chỉ những cơ quan có tệp thay đổi từ commit này "
                       "(như một pull request: từ gốc chung với HEAD); thay đổi portal.yml thì cả cổng")
    for q in (p, c, m):
        q.add_argument("--portal", default="portal.yml", help="tệp cổng (mặc định: portal.yml)")
        q.set_defaults(func=cmd_portal)
    for q in (c, m):  # they read portal.yml only: its errors as text
        q.set_defaults(format="text", debug=False)
    sub.add_parser("schemas", help="ghi lại JSON Schema của các loại tệp nội dung (generator/schemas/)"
                   ).set_defaults(func=cmd_schemas, content="content", format="text", debug=False)
    init_help = "tạo kho mới cho một cơ quan: nội dung mẫu, workflow, cài đặt trình soạn thảo"
    t = sub.add_parser("init", help=init_help, description=init_help)
    t.add_argument("folder", metavar="FOLDER", help="thư mục mới của kho")
    for question in init.QUESTIONS:
        t.add_argument(f"--{question.key.replace('_', '-')}", dest=question.key, default=None, help=question.prompt)
    t.add_argument("--no-input", action="store_true", help="không hỏi: thiếu tùy chọn nào thì báo lỗi")
    t.set_defaults(func=cmd_init, now=None)
    u = sub.add_parser("upgrade", parents=[common], help="đưa nội dung từ định dạng của phiên bản cũ sang phiên bản "
                       "này; báo những việc cần người làm")
    u.add_argument("--check", action="store_true", help="chỉ báo, không ghi gì (mã thoát 1 nếu còn việc tự động)")
    u.set_defaults(func=cmd_upgrade)
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
