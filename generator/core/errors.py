"""What the generator says when content is wrong.

An editor reads these messages, usually in a pull request, so each one names
the file, the line and the field, says what is wrong in plain Vietnamese and,
where it can, how to put it right.
"""

from __future__ import annotations

import dataclasses
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
