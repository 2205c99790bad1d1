"""Requirements (AMETIKOHALE / TÖÖKOHALE ESITATAVAD NÕUDED) and language levels."""

from __future__ import annotations

import re
from typing import Any

from .sections import Placed
from .source import Line, Table
from .text import clean, join, sentences, starts_upper

_REQUIREMENT_LABELS = {
    "haridus": "education", "töökogemus": "experience", "keeleoskus": "languages",
    "arvutikasutamise oskus": "computer_skills", "arvutioskus": "computer_skills",
    "valmisolek lähetusteks": "travel",
}
_LANGUAGES = (
    ("eesti", "eesti"), ("inglise", "inglise"), ("vene", "vene"), ("soome", "soome"), ("saksa", "saksa"),
    ("prantsuse", "prantsuse"), ("rootsi", "rootsi"), ("läti", "lati"), ("ukraina", "ukraina"),
    ("viipekeel", "viipekeel"), ("võõrkeel", "voorkeel"),
)
_LEVEL = re.compile(r"\b([ABC][12])\b")


def _requirement_label(text: str) -> str | None:
    return _REQUIREMENT_LABELS.get(text.strip().rstrip(":").strip().lower())


def parse_requirements(blocks: list[Line | Table], placed: Placed) -> dict[str, Any]:
    """Education, experience, languages, computer skills, travel; other headings go to `other`.

    In a table the label is the first cell. In text a label is a line of its own: a known
    heading, or a short capitalised line between blank lines that follows a value (so that a
    short value such as "Kõrgharidus sotsiaalvaldkonnas" right under its label stays a value).
    """
    pieces: list[tuple[str, str, list[Line]]] = []  # (field or label, printed label, lines)
    lines = [b for b in blocks if isinstance(b, Line)]
    for block in blocks:
        if isinstance(block, Table):
            for row in block.rows:
                label = clean(" ".join(line.text for line in row[0])) if row else ""
                content = [x for c in row[1:] for x in c]
                if not label and pieces:  # a value running over several rows (a PDF table without rules)
                    pieces[-1][2].extend(content)
                elif label and any(not x.blank for x in content):
                    placed.add(row[0])
                    pieces.append((_requirement_label(label) or label, label, content))
                else:
                    pieces.append(("", "", [x for c in row for x in c]))
            continue
        if block.blank:
            if pieces:
                pieces[-1][2].append(block)
            continue
        key = _requirement_label(block.text) or (block.text if _other_label(block, lines, pieces) else None)
        if key:
            placed.add(block)
            pieces.append((key, block.text, []))
        elif pieces:
            pieces[-1][2].append(block)
        else:
            pieces.append(("", "", [block]))
    out: dict[str, Any] = {}
    for key, label, piece_lines in pieces:
        content = [line for line in piece_lines if not line.blank]
        if not key or not content:
            continue
        placed.add(content)
        if key == "languages":
            out["languages"] = [language_requirement(s) for s in _language_sentences(content)]
            continue
        text = ""
        for line in content:
            text = join(text, line.text) if not line.paragraph or not text else f"{text} {line.text}"
        text = clean(text)
        if key in ("education", "experience", "computer_skills", "travel"):
            out[key] = join(out[key], text) if key in out else text
        else:
            out.setdefault("other", []).append({"label": label.rstrip(":"), "text": text})
    return out


def _other_label(line: Line, lines: list[Line], pieces: list[tuple[str, str, list[Line]]]) -> bool:
    """A heading outside the standard ones, in text: short, capitalised, alone between blank lines."""
    if line.bullet or not pieces or not any(not x.blank for x in pieces[-1][2]):
        return False
    text = line.text.strip()
    if len(text.split()) > 5 or not text[:1].isupper() or text[-1:] in ".;,!?" or _LEVEL.search(text):
        return False
    i = lines.index(line)
    before = lines[i - 1].blank if i > 0 else True
    after = lines[i + 1].blank if i + 1 < len(lines) else False
    return before and after


def _language_sentences(content: list[Line]) -> list[str]:
    """One sentence per language requirement: paragraphs, lines that end a level statement, or `. `."""
    groups: list[str] = []
    previous: Line | None = None
    for line in content:
        new = previous is None or line.paragraph or (
            starts_upper(line.text) and (previous.text.rstrip().endswith((".", "!", "?"))
                                         or bool(_LEVEL.search(previous.text))))
        if new:
            groups.append(line.text)
        else:
            groups[-1] = join(groups[-1], line.text)
        previous = line
    return [sentence for group in groups for sentence in sentences(group)]


def language_requirement(sentence: str) -> dict[str, Any]:
    """`Inglise või vene keele valdamine tasemel B2.` → languages with their CEFR levels.

    A level followed by `on kasuks` is an advantage; `Kasuks tuleb …` makes the whole
    sentence an advantage; languages in `(soovitavalt …)` are preferred, stored as an
    advantage at the level of the sentence.
    """
    low = sentence.lower()
    everything_advantage = bool(re.match(r"^\s*kasuks tuleb", low))
    preferred = [(m.start(), m.end()) for m in re.finditer(r"\(soovitavalt[^)]*\)", low)]
    mentions = []
    for word, lang in _LANGUAGES:
        for m in re.finditer(rf"\b{word}\w*", low):
            if word == "eesti" and re.match(r"eesti\s+ja\s+euroopa", low[m.start():]):
                continue
            mentions.append((m.start(), lang))
    mentions.sort()
    levels = [(m.start(), m.group(1)) for m in _LEVEL.finditer(sentence)]
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None, bool]] = set()

    def add(lang: str, level: str | None, advantage: bool) -> None:
        if (lang, level, advantage) in seen:
            return
        seen.add((lang, level, advantage))
        entry: dict[str, Any] = {"language": lang}
        if level:
            entry["level"] = level
        if advantage:
            entry["advantage"] = True
        out.append(entry)

    for i, (pos, lang) in enumerate(mentions):
        nxt = mentions[i + 1][0] if i + 1 < len(mentions) else len(sentence)
        following = [(p, lv) for p, lv in levels if p > pos]
        in_pref = any(a <= pos < b for a, b in preferred)
        first = following[0][1] if following else None
        add(lang, first, everything_advantage or in_pref)
        for p, lv in following[1:]:
            if p < nxt and re.match(r"^\w\d\s+on\s+kasuks", low[p:]):
                add(lang, lv, True)
    if not out:
        out.append({"language": "voorkeel"} if "keel" in low else {"language": "eesti"})
    return {"text": sentence, "levels": out}
