"""Worst-case data folders for the validator (issue 13, item 5).

Each scenario is a data folder built to hit one place where validation could be quadratic (or worse)
in the size of the data: long lists in one file, many positions naming each other, long chains of
managers or units, many unknown references (each one looks for a "did you mean"). Used by
`bench/worst_case_bench.py` (time budget) and `tests/test_validate.py` (outcome, at a small size).

    from worst_case import SCENARIOS, write_scenario
    write_scenario(Path("out/substitute-ring"), "substitute-ring", n=1000)

The files are minimal drafts that declare every absent field missing, so a scenario's problems are
the ones it is built for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

HEADER = "# yaml-language-server: $schema=../schema/position.schema.json\n"
CATALOGUE_HEADER = "# yaml-language-server: $schema=../../schema/{}.schema.json\n"
MISSING = ("approval", "title", "unit", "manager", "substituted_by", "substitutes_for", "purpose", "duties",
           "rights", "responsibilities", "requirements", "competencies", "amendment")
WIDE = 100
"""How many other positions a position names in the scenarios that stay within the caps of the schema."""


def _position(pid: str, **fields: str | list[str]) -> str:
    lines = [HEADER.rstrip("\n"), f"id: {pid}", "document_type: ametnik", "status: mustand"]
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {value}")
    lines.append("missing:")
    lines += [f"  - {name}" for name in MISSING if name not in fields]
    return "\n".join(lines) + "\n"


def _pid(i: int) -> str:
    return f"ametikoht-{i:05d}"


def _duties(count: int) -> list[str]:
    return [f'number: "3.{i + 1}"\n    task: Ülesanne {i + 1}.' for i in range(count)]


def many_duties(n: int) -> Iterator[tuple[str, str]]:
    """One position with `n` duties (the schema allows 200: beyond, one error, found fast)."""
    yield f"{_pid(0)}.yaml", _position(_pid(0), duties=_duties(n))


def repeated_duty_numbers(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions, each with 200 duties all numbered `3.1` (199 errors each)."""
    duties = ['number: "3.1"\n    task: Ülesanne.'] * 200
    for i in range(n):
        yield f"{_pid(i)}.yaml", _position(_pid(i), duties=duties)


def all_substitute_all(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions that all substitute for each other, both ways (beyond the cap: one error per list)."""
    ids = [_pid(i) for i in range(n)]
    for pid in ids:
        others = [o for o in ids if o != pid]
        yield f"{pid}.yaml", _position(pid, substituted_by=others, substitutes_for=others)


def substitute_ring(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions, each substituted by the next `WIDE` and substituting the previous `WIDE`
    (every list at the cap, every pair stated by both sides)."""
    width = min(WIDE, n - 1)
    for i in range(n):
        after = [_pid((i + k) % n) for k in range(1, width + 1)]
        before = [_pid((i - k) % n) for k in range(1, width + 1)]
        yield f"{_pid(i)}.yaml", _position(_pid(i), substituted_by=after, substitutes_for=before)


def one_sided_hub(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions that all say they substitute the same `WIDE` positions, which do not agree
    (the hubs have `n` substitutes each; `WIDE` one-sided warnings per position)."""
    width = min(WIDE, n)
    hubs = [_pid(i) for i in range(width)]
    for i in range(n):
        pid = _pid(i)
        yield f"{pid}.yaml", _position(pid, substitutes_for=[h for h in hubs if h != pid])


def manager_chain(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions, each the manager of the next, the last the manager of the first (one cycle of `n`)."""
    for i in range(n):
        yield f"{_pid(i)}.yaml", _position(_pid(i), manager=_pid((i - 1) % n))


def unknown_references(n: int) -> Iterator[tuple[str, str]]:
    """`n` positions naming `WIDE` positions each that do not exist (each looks for a "did you mean")."""
    for i in range(n):
        unknown = [f"tundmatu-{i:05d}-{k:03d}" for k in range(WIDE)]
        yield f"{_pid(i)}.yaml", _position(_pid(i), substitutes_for=unknown)


def unit_chain(n: int) -> Iterator[tuple[str, str]]:
    """A unit catalogue of `n` units, each the parent of the next, closed into cycles of 3."""
    lines = [CATALOGUE_HEADER.format("units").rstrip("\n"), "units:"]
    for i in range(n):
        parent = i - 1 if i % 3 else i + 2  # 0 ← 1 ← 2 ← 0: a cycle every three units
        lines += [f"  - id: yksus-{i:05d}", f"    name: Üksus {i}", "    kind: tiim", f"    parent: yksus-{parent:05d}"]
    yield "catalogues/units.yaml", "\n".join(lines) + "\n"
    yield f"{_pid(0)}.yaml", _position(_pid(0))


SCENARIOS: dict[str, Callable[[int], Iterator[tuple[str, str]]]] = {
    "many-duties": many_duties,
    "repeated-duty-numbers": repeated_duty_numbers,
    "all-substitute-all": all_substitute_all,
    "substitute-ring": substitute_ring,
    "one-sided-hub": one_sided_hub,
    "manager-chain": manager_chain,
    "unknown-references": unknown_references,
    "unit-chain": unit_chain,
}
"""Scenario name → files of a folder of size `n` (path inside the folder → text)."""

CATALOGUES = {
    "units": "units:\n  - id: osakond\n    name: Osakond\n    kind: osakond\n",
    "competencies": "competencies:\n  - id: kliendikesksus\n    name: Kliendikesksus\n",
    "referenced-positions": "positions: []\n",
}


def write_scenario(root: Path, name: str, n: int) -> Path:
    """Write scenario `name` at size `n` into the empty or new folder `root`; returns `root`."""
    (root / "catalogues").mkdir(parents=True, exist_ok=True)
    for catalogue, body in CATALOGUES.items():
        (root / "catalogues" / f"{catalogue}.yaml").write_text(CATALOGUE_HEADER.format(catalogue) + body,
                                                               encoding="utf-8")
    for path, text in SCENARIOS[name](n):
        (root / path).write_text(text, encoding="utf-8")
    return root
