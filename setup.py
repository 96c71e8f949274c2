"""Build step of the wheel: copy the files the repository keeps outside ``generator/`` into the package.

The repository keeps ``mkdocs.yml`` and ``overrides/`` at its top level (and
browser files that npm installs, under ``node_modules/``), where MkDocs users
and the lead's checkout expect them. An installed ``cchc`` must carry them, yet
the repository must hold one copy only: so the list ``[tool.cchc-site] ship``
in pyproject.toml names them, and this step copies each into
``generator/shipped/`` of the wheel, under the same relative path.
``generator/core/resources.py`` reads them from there when installed, and from
the checkout otherwise. A listed file that is missing stops the build: a
wheel without its theme would build no site.

Everything else about the package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class ShipFiles(build_py):
    """``build_py``, then the listed top-level files into ``generator/shipped/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout, where npm ci may come later
            return
        listed = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["cchc-site"]["ship"]
        target = Path(self.build_lib) / "generator" / "shipped"
        for pattern in listed:  # a path, or a pattern of paths (the numbered chunks of a script npm installs)
            found = sorted(HERE.glob(pattern))
            if not found:
                raise SystemExit(f"{pattern} is listed in [tool.cchc-site] ship but missing: run npm ci first?")
            for source in found:
                self._ship(source, target / source.relative_to(HERE))

    @staticmethod
    def _ship(source: Path, target: Path) -> None:
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


# The build folder of setuptools is not build/, which is cchc's own (it refuses to build into a folder that
# holds files it did not write there).
setup(cmdclass={"build_py": ShipFiles}, options={"build": {"build_base": ".cache/setuptools"}})
