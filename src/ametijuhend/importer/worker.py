"""Reading one document in a worker process with a memory and a time limit.

The readers check what they can before inflating anything (`document.wordzip.check_docx`,
`pdf.check_pdf`), but a damaged or hostile file can still find a way to make a library
allocate gigabytes or loop for ever. So each file is read in a forked child process: its
data segment may grow by at most `MEMORY_LIMIT` bytes (`RLIMIT_DATA`, which covers the heap
and anonymous mappings, i.e. everything Python and zlib allocate), and the parent stops it
after `TIME_LIMIT` seconds. The child sends back the `Document` (plain lines and tables) or a
one-line reason; the parsing is done in the parent, on text whose size `read` has capped.

Where `fork` is not available (Windows), the file is read in the process itself.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..messages import Megabytes, Msg
from .source import MB, Document, ReadError, one_line, read

MEMORY_LIMIT = 200 * MB
"""How much more memory reading one document may take than the process had before."""
TIME_LIMIT = 60.0
"""Seconds reading one document may take (a long real PDF takes a few)."""


def read_isolated(path: Path) -> Document:
    """`read(path)` in a child process within `MEMORY_LIMIT` and `TIME_LIMIT`; `ReadError` on any failure."""
    if "fork" not in multiprocessing.get_all_start_methods() or multiprocessing.current_process().daemon:
        return read(path)  # no fork here (Windows), or inside a daemonic worker, which may not have children
    _preload(path)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(path, sender), daemon=True)
    child.start()
    sender.close()
    try:
        outcome: tuple[str, Any] = ("timeout", None)
        if receiver.poll(TIME_LIMIT):
            try:
                outcome = receiver.recv()
            except (EOFError, OSError):  # the child died without a word (killed by the system)
                outcome = ("died", None)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    kind, payload = outcome
    if kind == "ok":
        return payload  # type: ignore[no-any-return]
    if kind == "error":
        raise ReadError(payload)
    if kind == "memory":
        raise ReadError(Msg("import.memory", limit=Megabytes(MEMORY_LIMIT)))
    if kind == "timeout":
        raise ReadError(Msg("import.timeout", seconds=f"{TIME_LIMIT:g}"))
    if kind == "crash":
        raise ReadError(Msg("import.read_crash", error=payload))
    code = child.exitcode
    how = Msg("import.signal", name=signal.Signals(-code).name) if code is not None and code < 0 \
        else Msg("import.exit_code", code=str(code))
    raise ReadError(Msg("import.read_stopped", how=how))


def _preload(path: Path) -> None:
    """Import the reader's libraries in the parent, so the child's memory limit measures the document only."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        import pdfplumber  # noqa: F401
    elif suffix == ".docx":
        import docx  # noqa: F401


def _child(path: Path, sender: Connection) -> None:
    """The child: limit memory, read, send the outcome; never raise."""
    try:
        _die_with_parent()
        _quiet()
        _limit_memory(MEMORY_LIMIT)
        outcome: tuple[str, Any] = ("ok", read(path))
    except ReadError as exc:
        outcome = ("error", exc.message)
    except MemoryError:
        outcome = ("memory", None)
    except RecursionError:
        outcome = ("crash", Msg("import.too_deep"))
    except BaseException as exc:  # anything else is one line for the report
        outcome = ("crash", f"{type(exc).__name__}: {one_line(str(exc))}")
    try:
        sender.send(outcome)
    except MemoryError:
        sender.send(("memory", None))
    finally:
        sender.close()


def _die_with_parent() -> None:
    """Linux: the child is killed when the parent dies (a reader looping for ever outlived a killed `import`,
    at full speed of one core: the time limit is the parent's)."""
    known = multiprocessing.parent_process()
    parent = known.pid if known is not None else os.getppid()
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (ImportError, OSError, AttributeError):  # not Linux, or no ctypes: the parent's time limit only
        return
    if os.getppid() != parent:  # the parent died before the wish was made
        os._exit(1)


def _quiet() -> None:
    """Nothing of a reader's own reaches the terminal: a crash deep in a library (a fatal error's stack dump,
    "Exception ignored in …" of a generator) is reported by the parent in one line of its own."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _limit_memory(extra: int) -> None:
    """Let the data segment of this process grow by at most `extra` bytes."""
    try:
        import resource
    except ImportError:  # not on this system: the time limit still applies
        return
    current = _data_size()
    if current is None:
        return
    limit = current + extra
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _data_size() -> int | None:
    """VmData of this process in bytes (Linux), or None."""
    try:
        with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None
