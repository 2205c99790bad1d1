#!/usr/bin/env python3
"""Project tasks that work on a fresh machine with only Python 3.11+.

    python3 tasks.py serve    build the site on the data in positions/ and serve it
    python3 tasks.py build    build the static site into site/ (strict)
    python3 tasks.py test     lint, type check and the whole test suite, browser tests included

Each task first makes sure the virtual environment `.venv` exists and holds the
project with its dependencies (re-installed when pyproject.toml changes). The
test task also installs the tools the tests need from Debian (through apt, as root): `chromium`
and `nginx-light`. axe-core comes with the test extra from PyPI (`axe-playwright-python`).
Only the standard library is used here, so this file runs before anything is installed.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    env = {"NO_MKDOCS_2_WARNING": "1", **(env or {})}  # Material prints a banner about its end of life
    print("$", " ".join(str(c) for c in cmd), flush=True)
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT, env={**os.environ, **(env or {})})
    if result.returncode:
        sys.exit(result.returncode)


def ensure_venv(extras: str = "") -> None:
    """Create `.venv` and install the project (editable) when pyproject.toml changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - tasks.py runs on whatever python3 the machine has
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        print(f"creating {VENV.relative_to(ROOT)} …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + spec.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(BIN / "python", "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(BIN / "python", "-m", "pip", "install", "--quiet", "-e", spec)
    no_deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ametijuhendid"]["no-deps"]
    if no_deps:  # packages used for one part only, whose declared dependencies that part does not need
        run(BIN / "python", "-m", "pip", "install", "--quiet", "--no-deps", *no_deps)
    stamp.write_text(digest)


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_chromium() -> str:
    """Debian's chromium (Playwright's own browser download does not work on our intranet)."""
    found = chromium_path()
    if found:
        return found
    if shutil.which("apt-get") is None:
        sys.exit("Chromium is needed for the browser tests: install it and put it on PATH.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, "apt-get", "update", "-q", env=env)
    run(*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium", "fonts-dejavu-core", env=env)
    found = chromium_path()
    if not found:
        sys.exit("apt-get installed chromium, but it is not on PATH.")
    return found


def ensure_nginx() -> str:
    """Debian's nginx, for the test of the README's deployment (started by the test on a free port)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found:
        return found
    if shutil.which("apt-get") is None:
        sys.exit("nginx is needed for the deployment test: install it and put it on PATH.")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    run(*sudo, "apt-get", "install", "-y", "-q", "--no-install-recommends", "nginx-light",
        env={"DEBIAN_FRONTEND": "noninteractive"})
    return shutil.which("nginx") or "/usr/sbin/nginx"


def serve(args: argparse.Namespace) -> None:
    ensure_venv()
    run(BIN / "mkdocs", "serve", "--strict", "--dev-addr", args.addr)


def build(args: argparse.Namespace) -> None:
    ensure_venv()
    run(BIN / "mkdocs", "build", "--strict")


def test(args: argparse.Namespace) -> None:
    ensure_venv("test")
    env = {"AMETIJUHENDID_CHROMIUM": ensure_chromium(), "AMETIJUHENDID_NGINX": ensure_nginx()}
    run(BIN / "ruff", "check", *(p for p in ("src", "hooks", "tests", "bench", "tasks.py") if (ROOT / p).exists()))
    run(BIN / "mypy", "src", "hooks")
    run(BIN / "ametijuhend", "schema", "--check")
    run(BIN / "ametijuhend", "validate")
    run(BIN / "python", "-m", "pytest", *args.pytest_args, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="task", required=True)
    p = sub.add_parser("serve", help="build and serve the site on http://127.0.0.1:8000/")
    p.add_argument("--addr", default="127.0.0.1:8000", help="address:port to serve on")
    p.set_defaults(func=serve)
    sub.add_parser("build", help="build the static site into site/").set_defaults(func=build)
    p = sub.add_parser("test", help="lint, type check and run all tests (browser tests included)")
    p.set_defaults(func=test)
    args, extra = parser.parse_known_args()
    if extra and args.task != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    args.pytest_args = extra  # e.g. `python3 tasks.py test -k search`
    args.func(args)


if __name__ == "__main__":
    main()
