"""A portal of three agencies for the tests: the default content and two examples, each copied so a test may
change or break one, built with ``cchc portal build`` as an editor runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONTENT, EXAMPLES, REPO

BASE_URL = "https://cong.example.org/lai-chau/"  # not the agencies' host: an address left unmoved shows
AGENCIES = {  # id: (content folder, group)
    "so-noi-vu": (CONTENT, "Sở, ban, ngành"),
    "so-ldtbxh": (EXAMPLES / "so-ldtbxh-lang-son", "Sở, ban, ngành"),
    "xa-tan-phong": (EXAMPLES / "so-tttt-soc-trang", "Xã, phường"),
}


class Portal:
    """A portal's folder: portal.yml, the agencies' content (copies), its work folder and its site."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.file = folder / "portal.yml"
        self.work = folder / "build-portal"
        self.site = folder / "site-portal"
        lines = ["name: Cổng thông tin cải cách hành chính tỉnh Lai Châu (minh họa)", f"base_url: {BASE_URL}",
                 "agencies:"]
        for agency, (content, group) in AGENCIES.items():
            shutil.copytree(content, folder / "agencies" / agency)
            lines += [f"  - id: {agency}", f"    content: agencies/{agency}", f"    path: /{agency}/",
                      f"    group: {group}"]
        self.file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def content(self, agency: str) -> Path:
        return self.folder / "agencies" / agency

    def command(self) -> list[str]:
        return [sys.executable, "-m", "generator", "portal", "build", "--portal", str(self.file),  # errors as text,
                "--build-dir", str(self.work), "--site-dir", str(self.site), "--format", "text"]  # in CI too

    def build(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(), capture_output=True, text=True, cwd=REPO, timeout=600)


def built_portal(folder: Path) -> Portal:
    portal = Portal(folder)
    result = portal.build()
    assert result.returncode == 0, result.stderr
    return portal
