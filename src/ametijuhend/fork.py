"""Work beside the build in a forked copy of its process (issue 16: the pages of the versions).

The build runs in one process on one core; the machines have two. `Child.start(work, folder)` forks the
build's process, so the child has all the build has read so far (the data, the page model) without reading
or sending it again, and runs `work(channel)` there. The two talk by named messages: a message's value is
pickled into a file of `folder` (which may be large: the page list of 10,000 positions) and its name is
written to a pipe, so neither side ever blocks on a full pipe.

- Fork only from a process with one thread (`available`): a fork copies no other thread, and a lock one
  of them held would stay locked in the child. `mkdocs build` has one thread when the hook starts the
  child; `mkdocs serve` (its server's threads) does not use this.
- The child is the leader of its own process group (git's processes it starts are in it): `cancel`
  stops them all at once, and a Ctrl-C in the terminal reaches the build only, which then cancels it.
- The child stops itself (and its group) when the build's process is gone: its end of the pipe from the
  build closes (a SIGKILL of the build leaves no process behind).
- The child never returns into the build's code: it ends with `os._exit` (no atexit handlers, no buffers
  of the build flushed twice). An exception in it becomes a message (`ChildError` in the build, the
  exception's type and text, no traceback).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

ERROR = "error"


class ChildError(Exception):
    """The child failed (its exception's type and text) or stopped without the message waited for."""


def available() -> bool:
    """Whether this process can fork safely now (POSIX, one thread)."""
    return hasattr(os, "fork") and threading.active_count() == 1


class _Messages:
    """Named messages over a pipe, values in files of `folder`."""

    def __init__(self, folder: Path, out_fd: int, side: str) -> None:
        self.folder = folder
        self.out_fd = out_fd
        self.side = side

    def send(self, name: str, value: Any) -> None:
        path = self.folder / f"{self.side}-{name}.pickle"
        temporary = path.with_suffix(".part")
        with open(temporary, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.rename(temporary, path)
        os.write(self.out_fd, f"{name}\n".encode())

    def load(self, side: str, name: str) -> Any:
        path = self.folder / f"{side}-{name}.pickle"
        with open(path, "rb") as f:
            value = pickle.load(f)
        path.unlink()
        return value


class Channel(_Messages):
    """The child's side: `send` to the build, `receive` what the build sends."""

    def __init__(self, folder: Path, out_fd: int, in_fd: int) -> None:
        super().__init__(folder, out_fd, "child")
        self.names: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._listen, args=(in_fd,), daemon=True).start()

    def _listen(self, in_fd: int) -> None:
        """Names from the build; the end of the pipe (the build's process is gone) stops the child's group."""
        with os.fdopen(in_fd, "rb", buffering=0) as pipe:
            pending = b""
            while chunk := pipe.read(4096):
                pending += chunk
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    self.names.put(line.decode())
        os.killpg(os.getpgrp(), signal.SIGKILL)

    def receive(self, name: str) -> Any:
        got = self.names.get()
        if got != name:
            raise ChildError(f"expected the message {name!r} from the build, got {got!r}")
        return self.load("build", name)


class Child(_Messages):
    """The build's side of a forked child (see the module)."""

    def __init__(self, pid: int, in_fd: int, out_fd: int, folder: Path) -> None:
        super().__init__(folder, out_fd, "build")
        self.pid = pid
        self.in_fd: int | None = in_fd
        self.arrived: set[str] = set()
        self.pending = b""
        self.code: int | None = None

    @classmethod
    def start(cls, work: Callable[[Channel], None], folder: Path) -> Child:
        """Fork; the child runs `work(channel)` and ends (`os._exit`), the build goes on at once."""
        folder.mkdir(parents=True, exist_ok=True)
        up_read, up_write = os.pipe()
        down_read, down_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.setpgid(0, 0)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                os.close(up_read)
                os.close(down_write)
                channel = Channel(folder, up_write, down_read)
                try:
                    work(channel)
                    code = 0
                except BaseException as error:  # reported to the build, which stops with it
                    channel.send(ERROR, f"{type(error).__name__}: {error}")
            finally:
                os._exit(code)
        with contextlib.suppress(OSError):  # also here: `cancel` may come before the child has done it
            os.setpgid(pid, pid)
        os.close(up_write)
        os.close(down_read)
        return cls(pid, up_read, down_write, folder)

    def send(self, name: str, value: Any) -> None:
        """Send `name` to the child; `ChildError` when it has failed (it ended: nothing reads the pipe)."""
        try:
            super().send(name, value)
        except BrokenPipeError:
            raise ChildError(self._failure()) from None

    def receive(self, name: str) -> Any:
        """Wait for the message `name` of the child (messages come in the order the child sends them)."""
        while name not in self.arrived:
            if ERROR in self.arrived or not self._read():
                raise ChildError(self._failure())
        self.arrived.discard(name)
        return self.load("child", name)

    def _read(self) -> bool:
        """Names of the messages that came (waits for one); False at the end of the pipe."""
        chunk = os.read(self.in_fd, 4096) if self.in_fd is not None else b""
        self.pending += chunk
        *lines, self.pending = self.pending.split(b"\n")
        self.arrived.update(line.decode() for line in lines)
        return bool(chunk)

    def _failure(self) -> str:
        """Why the child failed: its error, or how it ended."""
        while ERROR not in self.arrived and self._read():
            pass
        if ERROR in self.arrived:
            return str(self.load("child", ERROR))
        return f"stopped without a result (exit code {self.wait()})"

    def wait(self) -> int:
        """Wait for the child to end; its exit code (negative: the signal that ended it)."""
        if self.code is None:
            try:
                _, status = os.waitpid(self.pid, 0)
                self.code = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                self.code = -1
            self._close()
        return self.code

    def cancel(self) -> None:
        """Stop the child and what it started, if still running (a failed or interrupted build)."""
        if self.code is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        self.wait()

    def _close(self) -> None:
        for fd in (self.in_fd, self.out_fd):
            if fd is not None and fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.in_fd, self.out_fd = None, -1
