"""Build into a staging folder beside the site and publish it in one step.

A build writes nothing into the published `site/` folder: MkDocs is pointed at
`.site.building-<pid>-<random>/site/` in the same parent folder, and only when
everything has succeeded (search index included) is that folder swapped with
`site/` by one rename (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames
in a row). A failed or interrupted build removes its staging folder; what a killed
process (SIGKILL) leaves behind, the next build removes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

_MARK = ".building-"


def overlaps(output: Path, data: Path) -> bool:
    """Whether replacing the folder `output` whole would remove or change the data folder `data`: the same
    folder, one that holds it, or one inside it (`mkdocs build -d positions` replaced the data with the site)."""
    out, kept = output.resolve(), data.resolve()
    return out == kept or out.is_relative_to(kept) or kept.is_relative_to(out)


@dataclass(frozen=True)
class Staging:
    target: Path
    """The published folder (`site/`), replaced by `publish`."""
    root: Path
    """`.<target name>.building-<pid>-<random>/` beside the target: the staged site and scratch space."""

    @property
    def site(self) -> Path:
        """Where MkDocs writes the site during the build."""
        return self.root / "site"

    @property
    def scratch(self) -> Path:
        """Temporary files of the build (search records, large generated files); never published."""
        return self.root / "scratch"

    @classmethod
    def begin(cls, target: Path) -> Staging:
        target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        sweep(target)
        root = Path(tempfile.mkdtemp(prefix=f".{target.name}{_MARK}{os.getpid()}-", dir=target.parent))
        staging = cls(target, root)
        staging.site.mkdir()
        staging.scratch.mkdir()
        return staging

    def publish(self) -> None:
        """Swap the staged site in for the target, then remove the old site and the scratch space."""
        if self.target.exists() or self.target.is_symlink():
            if not _exchange(self.site, self.target):
                old = self.root / "old"
                os.rename(self.target, old)
                os.rename(self.site, self.target)
        else:
            os.rename(self.site, self.target)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def sweep(target: Path) -> list[Path]:
    """Remove staging folders of `target` left by builds whose process is gone (or by this process)."""
    removed = []
    for path in target.parent.glob(f".{target.name}{_MARK}*"):
        pid_text = path.name[len(target.name) + 1 + len(_MARK):].split("-", 1)[0]
        pid = int(pid_text) if pid_text.isdigit() else None
        if pid is None or pid == os.getpid() or not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux 3.15+); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # no such call, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))
