"""Shared fixtures: small data folders built inside the test, and golden files.

The data folders here do not depend on the real seed files in `positions/`:
two positions in force that substitute for each other, their units, two
competencies and one referenced position. It validates without a single
problem; tests change one thing and look at what is reported.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

# Tests keep no analyses on disk between runs (ametijuhend.morphology.CACHE_ENV); tests/test_search.py
# tests the cache in a temporary folder. Builds in subprocesses inherit this.
os.environ.setdefault("AMETIJUHENDID_CACHE", "off")

POSITION_HEADER = "# yaml-language-server: $schema=../schema/position.schema.json\n"

BASE_FILES: dict[str, str] = {
    "catalogues/units.yaml": """\
# yaml-language-server: $schema=../../schema/units.schema.json
units:
  - id: laste-heaolu-osakond
    name: Laste heaolu osakond
    kind: osakond
  - id: perelepituse-talitus
    name: Perelepituse talitus
    kind: talitus
    parent: laste-heaolu-osakond
""",
    "catalogues/competencies.yaml": """\
# yaml-language-server: $schema=../../schema/competencies.schema.json
competencies:
  - id: kliendikesksus
    name: Kliendikesksus
  - id: pingetaluvus
    name: Pingetaluvus
    aliases:
      - Pingetaluvus (tasakaalukus)
""",
    "catalogues/referenced-positions.yaml": """\
# yaml-language-server: $schema=../../schema/referenced-positions.schema.json
positions:
  - id: talitusejuhataja
    name: Talitusejuhataja
""",
    "teenuse-juht-perelepitus.yaml": POSITION_HEADER + """\
id: teenuse-juht-perelepitus
document_type: ametnik
status: kehtiv
approval:
  approver: Sotsiaalkindlustusameti peadirektor
  order_number: "12"
  date: 2024-01-04
title: Teenuse juht
specialisation: perelepitus
unit: perelepituse-talitus
manager: talitusejuhataja
substituted_by:
  - nounik-perelepitus
substitutes_for:
  - nounik-perelepitus
purpose: Perelepitusteenuse korraldamine.
duties:
  - number: "3.1"
    task: Teenuse arendamine.
    results:
      - Teenus on arendatud.
rights:
  intro: "Ametnikul on õigus:"
  items:
    - saada tööks vajalikku infot.
responsibilities:
  items:
    - tööülesannete täitmise eest.
requirements:
  education: Kõrgharidus.
  experience: Vähemalt kolmeaastane töökogemus.
  languages:
    - text: Eesti keele valdamine tasemel C1.
      levels:
        - language: eesti
          level: C1
  computer_skills: Hea arvutikasutamise oskus.
competencies:
  core:
    - competency: kliendikesksus
amendment:
  - Ametijuhendit muudetakse vajadusel.
""",
    "nounik-perelepitus.yaml": POSITION_HEADER + """\
id: nounik-perelepitus
document_type: ametnik
status: kehtiv
approval:
  approver: Sotsiaalkindlustusameti peadirektor
  order_number: "12"
  date: 2024-01-04
title: Nõunik
specialisation: perelepitus
unit: perelepituse-talitus
manager: teenuse-juht-perelepitus
substituted_by:
  - teenuse-juht-perelepitus
substitutes_for:
  - teenuse-juht-perelepitus
purpose: Perelepitusteenuse osutamine.
duties:
  - number: "3.1"
    task: Perelepitus.
    results:
      - Pered on lepitatud.
rights:
  items:
    - saada tööks vajalikku infot.
responsibilities:
  items:
    - tööülesannete täitmise eest.
requirements:
  education: Kõrgharidus.
  experience: Töökogemus.
  languages:
    - text: Eesti keele valdamine tasemel C1.
      levels:
        - language: eesti
          level: C1
  computer_skills: Hea arvutikasutamise oskus.
competencies:
  core:
    - competency: pingetaluvus
      name: Pingetaluvus (tasakaalukus)
amendment:
  - Ametijuhendit muudetakse vajadusel.
""",
}
"""The valid base data folder: path inside the folder → text."""

Edit = tuple[str, str]


def write_data(
    root: Path,
    files: Mapping[str, str | bytes | None] | None = None,
    edits: Mapping[str, Edit | list[Edit]] | None = None,
) -> Path:
    """Write the base data folder to `root`, then change it.

    `files`: path inside the folder → new text or bytes (None deletes the file).
    `edits`: path → (old, new) replacements in the base text; `old` must occur exactly once,
    so a test cannot silently stop testing what it names.
    """
    contents: dict[str, str | bytes | None] = dict(BASE_FILES)
    for name, change in (edits or {}).items():
        text = contents[name]
        assert isinstance(text, str), f"{name} is not a base text file"
        for old, new in change if isinstance(change, list) else [change]:
            assert text.count(old) == 1, f"{old!r} must occur once in {name}"
            text = text.replace(old, new)
        contents[name] = text
    contents.update(files or {})
    (root / "catalogues").mkdir(parents=True, exist_ok=True)
    for name, content in contents.items():
        path = root / name
        if content is None:
            path.unlink(missing_ok=True)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="\n")
    return root


@pytest.fixture
def make_data(tmp_path: Path) -> Callable[..., Path]:
    """`make_data(files=..., edits=...)` → a data folder `tmp_path/positions` (see `write_data`)."""

    def make(
        files: Mapping[str, str | bytes | None] | None = None,
        edits: Mapping[str, Edit | list[Edit]] | None = None,
    ) -> Path:
        return write_data(tmp_path / "positions", files, edits)

    return make


@pytest.fixture
def data_dir(make_data: Callable[..., Path]) -> Path:
    """The valid base data folder."""
    return make_data()


# --- golden files ---------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/golden/ instead of comparing (also: UPDATE_GOLDEN=1)")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """`golden("errors/x.txt", text)`: compare `text` with tests/golden/errors/x.txt, or rewrite it."""
    update = request.config.getoption("--update-golden") or os.environ.get("UPDATE_GOLDEN") == "1"

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.exists(), f"{path} is missing: run pytest with --update-golden and review the file"
        assert text == path.read_text(encoding="utf-8"), (
            f"output differs from {path}; if intended, run pytest with --update-golden and review the diff"
        )

    return check


@pytest.fixture(autouse=True)
def _estonian_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in their default language, whatever the machine's locale (subprocesses inherit it):
    a test that wants English says so (`--lang en`, AMETIJUHENDID_LANG=en or LANG=en_…)."""
    for name in ("AMETIJUHENDID_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
