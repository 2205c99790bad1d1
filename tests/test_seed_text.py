"""Every line of the five seed job descriptions reaches the data, in order.

The seeds (`tests/seeds/NNN_*.txt`, copied verbatim from the PDF extraction) are
compared with the hand-checked YAML in `positions/`. Text is compared as a stream
of letters and digits only (casefolded), so repaired line wrapping, hyphenation
and bullet glyphs do not matter, but every word does. A seed line passes when it
appears in the position's text stream at or after the previous line's match (in
order), or — for the interleaved table columns of the PDF — when each of its
column parts does. Lines that are layout (headings the site generates itself),
references stored as ids, or personal data are listed below with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
POSITIONS = ROOT / "positions"

SEED_IDS = {
    "000": "teenuse-juht-asendushoolduse-arendusteenus",
    "001": "peaspetsialist-ennetusteenus",
    "002": "nounik-perelepitus",
    "003": "teenuste-konsultant",
    "004": "nimetu-ametikoht-kvaliteet-ja-jarelevalve",
}

# Lines that the site produces from structure (headings, table labels) rather than from data.
LAYOUT = [
    r"KINNITATUD", r"AMETIJUHEND", r"TÖÖJUHEND", r"\d\.\s*ÜLDOSA", r"1\.1 Ametinimetus.*", r"1\.\d .*",
    r"\d\.\s*AMETIKOHA EESMÄRK", r"\d\.\s*TÖÖKOHA EESMÄRK", r"\d\.\s*TEENISTUSÜLESANDED", r"\d\.\s*TÖÖÜLESANDED",
    r"Põhiülesanded\s*Oodatavad tulemused", r"Põhiülesanded", r"Oodatavad tulemused",
    r"\d\.\s*ÕIGUSED", r"\d\.\s*VASTUTUS", r"\d\.\s*TÖÖVAHENDID", r"\d\.\s*NÕUDED.*", r"\d\.\s*KOMPETENTSID.*",
    r"\d\.\s*AMETIJUHENDI MUUTMINE", r"\d\.\s*TÖÖJUHENDI MUUTMINE", r"\d\.\s*AMETIJUHENDI.*MUUTMINE.*",
    r"Nõuded\s*Kirjeldus", r"(Hariduse|Haridus|Töökogemus|Keeleoskus|Arvutioskus|Muu).{0,40}",
    r"Põhikompetentsid", r"Tööks vajalikud kompetentsid", r"\d\.\s*(AMETIKOHALE|TÖÖKOHALE) ESITATAVAD NÕUDED",
    r"Arvutikasutamise oskus", r"(\(allkirjastatud digitaalselt\)\s*)+", r"Valmisolek lähetusteks",
    r"\d\.\s*TEENISTUSKOHA EESMÄRK", r"\d\.\s*TEENISTUSKOHUSTUSED", r"ÜLESANNE\s+TULEMUS", r"Poolte allkirjad:",
    r"Täiendavad kompetentsid.*", r"Lehekülg \d+ / \d+", r"\d+",
]
_LAYOUT = re.compile("|".join(f"(?:{p})" for p in LAYOUT), re.IGNORECASE)


def alnum(text: str) -> str:
    """Letters and digits only, casefolded, NFC: the part of the text that must survive."""
    return "".join(ch for ch in unicodedata.normalize("NFC", text).casefold() if ch.isalnum())


def strings(value: Any) -> list[str]:
    """All text of a YAML value in document order; dates also as printed in the sources."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dt.date):
        return [value.strftime("%d.%m.%Y"), value.isoformat()]
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return strings(dt.date.fromisoformat(value))
    return [str(value)] if value is not None else []


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def catalogue_text(position: dict[str, Any]) -> list[str]:
    """Names the position refers to by id (units, referenced positions, competencies)."""
    cat = POSITIONS / "catalogues"
    units = {u["id"]: u for u in load(cat / "units.yaml")["units"]}
    refs = {r["id"]: r for r in load(cat / "referenced-positions.yaml")["positions"]}
    comps = {c["id"]: c for c in load(cat / "competencies.yaml")["competencies"]}
    out: list[str] = []
    unit = position.get("unit")
    while unit in units:
        out += strings(units[unit]["name"])
        unit = units[unit].get("parent")
    for rid in [position.get("manager"), *position.get("substituted_by", []), *position.get("substitutes_for", [])]:
        if rid in refs:
            out += strings(refs[rid]["name"])
    for group in ("core", "additional"):
        for use in position.get("competencies", {}).get(group, []):
            entry = comps.get(use["competency"], {})
            for name in [entry.get("name"), *entry.get("aliases", []), use.get("name")]:
                out += strings([name, use.get("definition") or entry.get("definition"),
                                use.get("indicators") or entry.get("indicators")])
    return out


def seed_lines(path: Path) -> list[tuple[int, str]]:
    return [(n, line.strip()) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if alnum(line)]


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_every_seed_line_reaches_the_data(number: str) -> None:
    seed = next(SEEDS.glob(f"{number}_*.txt"))
    lost, out_of_order = compare(seed, load(POSITIONS / f"{SEED_IDS[number]}.yaml"))
    target = f"positions/{SEED_IDS[number]}.yaml"
    assert not lost, f"{seed.name}: {len(lost)} line(s) not found in {target}:\n" + "\n".join(lost)
    assert len(out_of_order) <= MAX_OUT_OF_ORDER, (
        f"{seed.name}: lines found, but not in the source's order:\n" + "\n".join(out_of_order))


def test_the_comparison_detects_lost_and_reordered_text() -> None:
    seed = next(SEEDS.glob("000_*.txt"))
    position = load(POSITIONS / f"{SEED_IDS['000']}.yaml")
    dropped = position["duties"][2]["results"].pop()
    lost, _ = compare(seed, position)
    assert lost and all(alnum(line.split(": ", 1)[1]) in alnum(dropped) for line in lost)
    position = load(POSITIONS / f"{SEED_IDS['000']}.yaml")
    position["duties"].reverse()
    assert len(compare(seed, position)[1]) > MAX_OUT_OF_ORDER


def compare(seed: Path, position: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Lines of `seed` missing from `position`, and lines found only out of order."""
    own = alnum(" ".join(strings(position)))
    referenced = alnum(" ".join(catalogue_text(position)))
    lost: list[str] = []
    out_of_order: list[str] = []
    cursor = 0
    general_part = True
    after_signature = False
    for line_no, line in seed_lines(seed):
        if re.match(r"2\.\s", line):
            general_part = False
        if after_signature:  # the signer's name: personal data, deliberately not stored
            after_signature = False
            continue
        if "allkirjastatud digitaalselt" in line:
            after_signature = True
        if _LAYOUT.fullmatch(line):
            continue
        if approval := _APPROVAL.fullmatch(line):
            if not all(alnum(part) in own for part in approval.groups() if part):
                lost.append(f"line {line_no}: {line} (approval date or order number not in the data)")
            continue
        if general_part and all(stem(word) in own + referenced for word in re.findall(r"\w+", line)):
            continue  # names of units and positions, stored as ids (the source inflects them)
        text = alnum(line)
        found = own.find(text, cursor)
        if found >= 0:
            cursor = found
            continue
        if text in own:
            out_of_order.append(f"line {line_no}: {line}")
            continue
        parts = [alnum(p) for p in re.split(r"\s{2,}", line) if alnum(p)]
        if all(p in own or p in referenced or _LAYOUT.fullmatch(p) for p in parts) or text in referenced:
            continue
        lost.append(f"line {line_no}: {line}")
    return lost, out_of_order


_APPROVAL = re.compile(r"Sotsiaalkindlustusameti peadirektori (\d\d\.\d\d\.\d{4})|käskkirjaga nr (\S+)")
"""The approval block: the date and number must be in the data; the wording is generated."""


def stem(word: str) -> str:
    """Crude stem for inflected names in the general part (Talitusejuhatajat → talitusejuhata)."""
    word = alnum(word)
    return word[: max(4, len(word) - 3)]


MAX_OUT_OF_ORDER = 3
"""The PDF interleaves the two table columns (duties | expected results), so some lines
legitimately appear out of order in the extraction; more than this means reordered data."""


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_competency_wording_on_the_page_is_the_seeds_own(number: str) -> None:
    """The wording shown for each competency (own or inherited from the catalogue) is in the seed."""
    from ametijuhend.project import load_project
    from ametijuhend.wording import wording

    project = load_project(POSITIONS)
    position = next(p for p in project.data.positions if p.id == SEED_IDS[number])
    catalogue = {c.id: c for c in project.data.competencies}
    seed = alnum(next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8"))
    foreign = []
    for group in ("core", "additional"):
        for use in getattr(position.competencies, group):
            shown = wording(use, catalogue.get(use.competency), group)  # type: ignore[arg-type]
            for text in [shown.definition, *shown.indicators]:
                if text and alnum(text) not in seed:
                    foreign.append(f"{group} {use.competency}: {text}")
    assert not foreign, "text shown that the seed does not contain:\n" + "\n".join(foreign)
