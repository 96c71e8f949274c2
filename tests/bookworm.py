"""A bare Debian bookworm root, like the workflows' `debian:bookworm` container, to run their steps in.

The official debian:bookworm image is built by debuerreotype with debootstrap's minbase variant (the packages
of priority "required", plus apt); mmdebstrap's minbase variant installs the same set. Building one needs root,
mmdebstrap (`apt-get install mmdebstrap`) and Debian's mirror, so only tests/fixtures/bookworm/derive.py and the
test enabled by CCHC_CHROOT_TEST=1 use it.

Each command runs in its own mount namespace (`unshare --mount`): /proc, /dev and a /dev/shm for Chromium are
mounted there and vanish with the command, so nothing stays mounted on the host, whatever happens.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

MIRRORS = (
    "deb http://deb.debian.org/debian bookworm main",
    "deb http://deb.debian.org/debian bookworm-updates main",
    "deb http://deb.debian.org/debian-security bookworm-security main",
)
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
# The host's trusted certificates, which pip and Node.js (npm) are told to use: a bare root trusts none yet.
HOST_CA = "/etc/host-ca-certificates.crt"
MOUNTS = 'mount -t proc proc "$1/proc" && mount --bind /dev "$1/dev" && mount -t tmpfs shm "$1/dev/shm"'


def bootstrap(tarball: Path) -> None:
    """Write a minbase bookworm root as a tarball (about 1.5 minutes, 170 MB)."""
    subprocess.run(["mmdebstrap", "--quiet", "--variant=minbase", "--mode=root", "bookworm", str(tarball),
                    *MIRRORS], check=True)


def extract(tarball: Path, root: Path) -> Path:
    """A fresh root from the tarball, with the host's resolver and certificates, so that apt, pip and npm reach
    the network as the host does (through a proxy that re-signs TLS, on some machines: see HOST_CA)."""
    root.mkdir(parents=True)
    subprocess.run(["tar", "-C", str(root), "-xf", str(tarball)], check=True)
    shutil.copyfile("/etc/resolv.conf", root / "etc" / "resolv.conf")
    shutil.copyfile("/etc/ssl/certs/ca-certificates.crt", root / HOST_CA.lstrip("/"))
    return root


def run(root: Path, script: str, cwd: str = "/", env: dict[str, str] | None = None,
        **kwargs) -> subprocess.CompletedProcess:
    """Run a script as root inside the root, with a clean environment, as a container step runs.

    A step with no `shell:` runs under `bash -e` (GitHub's default where bash exists, as in debian:bookworm).
    """
    variables = {"PATH": PATH, "HOME": "/root", "LANG": "C.UTF-8", "PIP_CERT": HOST_CA,
                 "NODE_EXTRA_CA_CERTS": HOST_CA, **(env or {})}
    inner = ["env", "-i", *(f"{k}={v}" for k, v in variables.items()), "bash", "-e", "-c", f'cd "$0"\n{script}', cwd]
    outer = f'{MOUNTS} && root="$1" && shift && exec chroot "$root" "$@"'
    return subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-ec", outer, "sh", str(root),
                           *inner], **kwargs)


def commands(root: Path) -> set[str]:
    """The names of the programs on PATH inside the root (dangling links, as an alternative not yet set, aside)."""
    found = set()
    for folder in PATH.split(":"):
        directory = root / folder.lstrip("/")
        if directory.is_dir() and not directory.is_symlink():
            found |= {p.name for p in directory.iterdir() if _runnable(root, p)}
    return found


def _runnable(root: Path, path: Path) -> bool:
    """Whether the file, followed through links resolved inside the root, is an executable file."""
    for _ in range(40):
        if not path.is_symlink():
            return path.is_file() and bool(path.stat().st_mode & 0o111)
        target = Path(path.readlink())
        path = root / target.relative_to("/") if target.is_absolute() else path.parent / target
    return False
