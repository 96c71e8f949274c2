"""Where the generator's own files are, whether it runs from a checkout or from an installed wheel.

The repository keeps ``mkdocs.yml`` and ``overrides/`` at its top level, one
copy each. The wheel carries them in ``generator/shipped/`` (setup.py copies
what ``[tool.cchc-site] ship`` in pyproject.toml lists), so an installed ``cchc``
reads nothing from the checkout it was built in; a checkout (an editable
install, ``python -m generator``) has no ``shipped/`` and reads the top level.
They are real files on disk either way, as MkDocs and Jinja need paths.
"""

from __future__ import annotations

import functools
import tomllib
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


@functools.cache
def _project() -> tuple[str, dict[str, str]]:
    """The version and the project's addresses: from the installed package's metadata, written from pyproject.toml.

    A checkout run without installing it (``PYTHONPATH=. python -m generator``) has no metadata: pyproject.toml
    itself is beside the package then.
    """
    try:
        found = metadata.metadata(DISTRIBUTION)
        urls = dict(url.split(", ", 1) for url in found.get_all("Project-URL") or [])
        return found["Version"], urls
    except metadata.PackageNotFoundError:
        project = tomllib.loads((HOME / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        return project["version"], project.get("urls", {})


def version() -> str:
    """The version, written once in pyproject.toml."""
    return _project()[0]


def repository() -> str:
    """The address of this project's repository, whose releases carry the wheels (``[project.urls]``)."""
    return _project()[1]["Repository"]
