"""What the generator says when content is wrong.

An editor reads these messages, usually in a pull request, so each one names
the file, the line and the field, says what is wrong in plain Vietnamese and,
where it can, how to put it right.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path


@dataclasses.dataclass(frozen=True, order=True)
class ContentError:
    """One problem in one content file."""

    path: Path
    line: int
    field: str
    message: str
    # the parser's own words (English), shown only with --debug: an editor never needs them
    debug: str = dataclasses.field(default="", compare=False)

    def text(self, root: Path, warning: bool = False, debug: bool = False) -> str:
        """``content/news/x.md:3: trường «title»: ...``, for a terminal."""
        where = f"{(root / self.path).as_posix()}:{self.line}"
        field = f" trường «{self.field}»:" if self.field else ""
        extra = f" [{self.debug}]" if debug and self.debug else ""
        return f"{where}:{' cảnh báo:' if warning else ''}{field} {self.message}{extra}"

    def github(self, root: Path, warning: bool = False) -> str:
        """The same as a GitHub Actions annotation on the offending line."""
        field = f"trường «{self.field}»: " if self.field else ""
        message = (field + self.message).replace("%", "%25").replace("\n", "%0A")
        kind = "warning" if warning else "error"
        return f"::{kind} file={(root / self.path).as_posix()},line={self.line}::{message}"


class ContentErrors(Exception):
    """Raised once, with every error found, when content does not validate."""

    def __init__(self, errors: list[ContentError], warnings: list[ContentError] | None = None):
        super().__init__(f"{len(errors)} lỗi nội dung")
        self.errors = sorted(set(errors))
        self.warnings = sorted(set(warnings or []))  # printed with the errors: `validate` shows what `build` shows


class MissingContent(Exception):
    """No content folder where ``--content`` says: an error about a folder, so no file or line to name.

    A relative folder is looked for from the current folder, which the editor
    may not have in mind (a terminal opened elsewhere), so the message says both.
    """

    def __init__(self, root: Path) -> None:
        full = Path(os.path.abspath(root))
        found = f"«{full}» là một tệp, không phải thư mục" if root.exists() else f"không có «{full}»"
        start = "" if root.is_absolute() else f" (tìm từ thư mục hiện tại «{Path.cwd()}»)"
        super().__init__(f"Không tìm thấy thư mục nội dung «{root}»: {found}{start}. Hãy ghi đúng thư mục "
                         "sau --content (mặc định: content)")
