"""Where the generator's own files are, whether it runs from a checkout or from an installed wheel.

The repository keeps ``mkdocs.yml`` and ``overrides/`` at its top level, one
copy each. The wheel carries them in ``generator/shipped/`` (setup.py copies
what ``[tool.cchc-site] ship`` in pyproject.toml lists), so an installed ``cchc``
reads nothing from the checkout it was built in; a checkout (an editable
install, ``python -m generator``) has no ``shipped/`` and reads the top level.
They are real files on disk either way, as MkDocs and Jinja need paths.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
SHIPPED = PACKAGE / "shipped"
# The folder that holds the package: the checkout, or the site-packages of an installed wheel. No build may
# write into it (pipeline/safety.py).
HOME = PACKAGE.parent
SCHEMAS = PACKAGE / "schemas"
DISTRIBUTION = "cchc-site"


def shipped(name: str) -> Path:
    """A file or folder the repository keeps at its top level (``mkdocs.yml``, ``overrides``), by that path."""
    return (SHIPPED if SHIPPED.is_dir() else HOME) / name


def version() -> str:
    """The version, written once in pyproject.toml and read from the installed package's metadata."""
    return metadata.version(DISTRIBUTION)
