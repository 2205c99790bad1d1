"""`mkdocs serve` after an edit (`ametijuhend.incremental`): a rebuild that copies what the edit did not
change writes the same site as a full build of the same data.

The builds run in a child interpreter (this file as a script): MkDocs keeps the hook module loaded for
the life of the process, so builds in the test process would share its state with other tests. The
child drives MkDocs' own `build` as `mkdocs serve` does (a new configuration per rebuild, the same
hook instance), edits the data step by step, and after each step compares the served folder with a
full build of the same data (by a hook whose serve state is fresh). The search index is left out of
the comparison (a serve rebuild replaces it in the background), and so is `sitemap.xml.gz` (gzip
stores the time it was written).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOK_MODULE = "hooks/ametijuhendid.py"
URL = "http://127.0.0.1:8000/"
IGNORED = ("indeks/", "sitemap.xml.gz")

pytestmark = pytest.mark.slow


# --- the child: builds and edits ---------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.relative_to(root).as_posix().startswith(IGNORED)}


def _differences(served: Path, full: Path) -> list[str]:
    a, b = _files(served), _files(full)
    out = [f"only in the rebuilt site: {p}" for p in sorted(a.keys() - b.keys())]
    out += [f"only in the full build: {p}" for p in sorted(b.keys() - a.keys())]
    out += [f"differs: {p}" for p in sorted(a.keys() & b.keys()) if a[p] != b[p]]
    empty = [p for p in served.rglob("*") if p.is_dir() and not any(p.iterdir())]
    return out + [f"empty folder left: {p.relative_to(served)}" for p in empty]


def _position(data: Path, pid: str) -> dict[str, Any]:
    return yaml.safe_load((data / f"{pid}.yaml").read_text(encoding="utf-8"))


def _write(data: Path, pid: str, position: dict[str, Any]) -> None:
    text = "# yaml-language-server: $schema=../schema/position.schema.json\n"
    text += yaml.safe_dump(position, allow_unicode=True, sort_keys=False, width=200)
    (data / f"{pid}.yaml").write_text(text, encoding="utf-8")


def _edits(data: Path) -> list[tuple[str, Callable[[], None]]]:
    """Named edits, applied one after the other (each to the data the ones before left)."""
    ids = sorted(p.stem for p in data.glob("*.yaml"))
    positions = {pid: _position(data, pid) for pid in ids}
    with_manager = [pid for pid in ids if positions[pid].get("manager") in positions]
    managed = with_manager[0]
    manager = positions[managed]["manager"]
    other_unit = next(positions[pid]["unit"] for pid in ids if positions[pid].get("unit") != positions[managed]["unit"])
    plain = [pid for pid in ids if pid not in (managed, manager)]
    competencies = yaml.safe_load((data / "catalogues" / "competencies.yaml").read_text(encoding="utf-8"))
    source = next(c["source"] for c in competencies["competencies"] if c.get("source") in positions)

    def change(pid: str, edit: Callable[[dict[str, Any]], None]) -> Callable[[], None]:
        def apply() -> None:
            position = _position(data, pid)
            edit(position)
            _write(data, pid, position)
        return apply

    def retitle(p: dict[str, Any]) -> None:
        p["title"] = p["title"] + " (muudetud)"

    def substitute(p: dict[str, Any]) -> None:
        p["substituted_by"] = [*p.get("substituted_by", []), plain[3]]

    def competency(p: dict[str, Any]) -> None:
        core = p["competencies"]["core"]
        p["competencies"]["core"] = core[1:] if len(core) > 1 else [*core, {"competency": "loovus"}]

    def delete() -> None:
        (data / f"{plain[4]}.yaml").unlink()

    def add() -> None:
        new = _position(data, plain[5])
        new["id"] = "uus-ametikoht"
        new["aliases"] = []
        _write(data, "uus-ametikoht", new)

    def break_file() -> None:
        path = data / f"{plain[6]}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("\nduties:", "\nduties: [\n", 1), encoding="utf-8")

    def fix_file() -> None:
        path = data / f"{plain[6]}.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("\nduties: [\n", "\nduties:", 1), encoding="utf-8")

    def purpose(p: dict[str, Any]) -> None:
        p["purpose"] = p.get("purpose", "") + " Muudetud."

    def commit() -> None:
        _git(data, "add", "-A")
        _git(data, "commit", "-q", "-m", "Muudatused")

    return [
        ("the manager's title", change(manager, retitle)),
        ("a position moves to another unit", change(managed, lambda p: p.update(unit=other_unit))),
        ("a substitute added (stated by one side)", change(plain[2], substitute)),
        ("a competency changed", change(plain[1], competency)),
        ("a competency's catalogue source retitled", change(source, retitle)),
        ("a file deleted", delete),
        ("a file added", add),
        ("a file broken (the banner comes)", break_file),
        ("another edit while the data has errors", change(plain[7], purpose)),
        ("the file fixed (the banner goes)", fix_file),
        ("a draft (not published)", change(plain[8], lambda p: p.update(status="mustand"))),
        ("the edits committed (HEAD moves)", commit),
        ("one purpose edited", change(plain[9], purpose)),
    ]


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args], cwd=cwd,
                   check=True, capture_output=True)


def drive(data: Path, work: Path) -> list[dict[str, Any]]:
    """Serve-build `data`, then apply `_edits` one by one; after each, compare with a full build."""
    import logging
    import time

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from ametijuhend.incremental import ServeState

    served, full = work / "served", work / "full"
    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s", stream=sys.stderr)

    def config(site_dir: Path) -> Any:
        loaded = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
        loaded.site_url = URL
        return loaded

    first = config(served)
    first.plugins.on_startup(command="serve", dirty=False)
    hook = sys.modules[HOOK_MODULE]._hook
    build(first, serve_url=URL)
    results = []
    for name, edit in _edits(data):
        time.sleep(0.01)
        edit()
        build(config(served), serve_url=URL)
        serving = hook.serve
        hook.serve = ServeState()  # a full build: nothing to copy from
        try:
            shutil.rmtree(full, ignore_errors=True)
            build(config(full), serve_url=URL)
        finally:
            hook.serve.close()
            hook.serve = serving
        results.append({"edit": name, "differences": _differences(served, full)})
    first.plugins.on_shutdown()
    return results


# --- the test ----------------------------------------------------------------------------------------


@pytest.fixture
def served_data(tmp_path: Path) -> Path:
    from ametijuhend.synthetic import generate

    data = tmp_path / "repo" / "positions"
    generate(data, 30, seed=3)
    catalogue = data / "catalogues" / "competencies.yaml"  # a wording taken from a position's description
    source = sorted(p.stem for p in data.glob("*.yaml"))[10]
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("source: SÜNTEETILINE ANDMESTIK",
                                                                      f"source: {source}", 1), encoding="utf-8")
    _git(data.parent, "init", "-q")
    _git(data.parent, "add", "-A")
    _git(data.parent, "commit", "-q", "-m", "Algus")
    return data


def test_a_serve_rebuild_writes_what_a_full_build_writes(served_data: Path, tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, __file__, str(served_data), str(tmp_path / "work")], cwd=ROOT,
                         capture_output=True, text=True, timeout=1200,
                         env={**os.environ, "AMETIJUHENDID_DATA": str(served_data), "NO_MKDOCS_2_WARNING": "1",
                              "AMETIJUHENDID_PUBLISH_DRAFTS": "0"})
    assert out.returncode == 0, out.stderr[-5000:]
    results = json.loads(out.stdout.strip().splitlines()[-1])
    assert [r["edit"] for r in results] == [name for name, _ in _edits_names()]
    wrong = {r["edit"]: r["differences"][:10] for r in results if r["differences"]}
    assert not wrong, wrong
    copied = re.findall(r"serve: (\d+) position\(s\) changed; (\d+) of (\d+) generated pages are written", out.stderr)
    assert len(copied) >= len(results) - 3, out.stderr[-5000:]  # a few edits rebuild whole (the commit)
    assert all(int(written) < int(total) for _, written, total in copied)


def _edits_names() -> list[tuple[str, None]]:
    names = re.findall(r'^\s+\("([^"]+)", ', Path(__file__).read_text(encoding="utf-8"), flags=re.M)
    return [(name, None) for name in names]


if __name__ == "__main__":
    print(json.dumps(drive(Path(sys.argv[1]), Path(sys.argv[2]))))
