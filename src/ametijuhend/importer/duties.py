"""3. Duties: the two-column table of tasks and expected results.

From a real table (.docx, .pdf) each row gives the task cell and the results
cell. From PDF-extracted text (.txt) the columns follow each other: the task
(with its `sh:` sub-items) first, then the results; where the sub-items end
and the results begin is decided by how the items read (a sub-item is a
lowercase or nominal phrase such as `… planeerimine`, a result a clause such
as `… on planeeritud`), and a result may share the task's first line after a
wide gap.
"""

from __future__ import annotations

import re
from typing import Any

from ..messages import Msg
from .sections import Placed
from .source import Line, Table
from .text import Item, clean, items, starts_lower, starts_upper

DUTY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+(\S.*)$")
_NUMBER_ONLY = re.compile(r"^\s*\d{1,2}\.\d{1,2}\.?\s*$")
_SINGLE_NUMBER = re.compile(r"^(\d{1,2})[.)]\s+(\S.*)$")
_DUTY_HEADER = re.compile(
    r"^(?:(?:nr|jrk)\.?\s+)?(põhiülesanded|ülesanne|ülesanded|tööülesanne)\b.*\b(tulemused|tulemus)$", re.I)
"""The header row of the duty table: `Põhiülesanded  Oodatavad tulemused`, `ÜLESANNE  TULEMUS`."""
_NOMINALISATION = re.compile(r"\w(mine|mise|mist)\W*$")
_FINITE = re.compile(r"\b(on|ei|oli|olema|toimub|toimib)\b", re.I)


def parse_duties(blocks: list[Line | Table], placed: Placed, section: int | None = None,
                 notes: list[Msg] | None = None) -> list[dict[str, Any]]:
    """The duties in number order. `section` numbers duties that Word numbers automatically (3 → 3.1, 3.2 …)."""
    duties: list[dict[str, Any]] = []
    chunk: list[Line] = []
    rows: list[tuple[list[Line], list[Line]]] = []

    def flush() -> None:
        if chunk:
            duties.append(_duty_from_text(chunk, placed))
            chunk.clear()

    heading: str | None = None  # the first row of the duties' table: its column headings, whatever their words
    for block in blocks:
        if isinstance(block, Table):
            flush()
            for row in block.rows:
                row_lines = [line for cell in row for line in cell if not line.blank]
                if not row_lines:
                    continue
                text = clean(" ".join(line.text for line in row_lines))
                heading = text if heading is None else heading
                if _DUTY_HEADER.match(text) or (text == heading and rows):
                    placed.add(row_lines)  # also the heading row repeated where the table goes on over a page
                    continue
                task_cell, result_cell = _task_and_results(row, placed)
                if task_cell and DUTY.match(task_cell[0].text):
                    rows.append((task_cell, result_cell))
                elif section is not None and task_cell and (
                        task_cell[0].numbered or _SINGLE_NUMBER.match(task_cell[0].text)):
                    # Word's automatic list number is not in the text (.docx) or is printed as `1.` (.pdf)
                    head, single = task_cell[0], _SINGLE_NUMBER.match(task_cell[0].text)
                    number, text = (single.group(1), single.group(2)) if single else (str(len(rows) + 1), head.text)
                    task_cell[0] = Line(head.no, f"{section}.{int(number)} {text}", paragraph=True)
                    rows.append((task_cell, result_cell))
                    if notes is not None and len(rows) == 1:
                        notes.append(Msg("import.numbered", section=section))
                elif rows:  # a row split across pages continues the previous duty
                    rows[-1][0].extend(task_cell)
                    rows[-1][1].extend(result_cell)
            continue
        line = block
        if not line.bullet and DUTY.match(line.text):
            flush()
            chunk.append(line)
        elif chunk:
            chunk.append(line)
        elif not line.blank and _DUTY_HEADER.match(line.text):
            placed.add(line)
    flush()
    for task_cell, result_cell in rows:
        duties.append(_duty_from_cells(task_cell, result_cell, placed))
    duties.sort(key=lambda d: tuple(int(x) for x in d["number"].split(".")))
    return duties


def _task_and_results(row: list[list[Line]], placed: Placed) -> tuple[list[Line], list[Line]]:
    """The task cell and the results of a table row; a number in a column of its own joins the task."""
    cells = [[line for line in cell if not line.blank] for cell in row]
    if len(cells) > 2 and len(cells[0]) == 1 and _NUMBER_ONLY.match(cells[0][0].text) and cells[1]:
        number, first = cells[0][0], cells[1][0]
        placed.add(number)
        task = [Line(first.no, f"{number.text.strip()} {first.text}", first.bullet, first.paragraph), *cells[1][1:]]
        return task, [line for cell in row[2:] for line in cell]
    return cells[0] if cells else [], [line for cell in row[1:] for line in cell]


def _task_like(item: Item) -> bool:
    """A sub-item of a task (`asendushoolduse … planeerimine`) rather than an expected result."""
    if starts_lower(item.text):
        return True
    return bool(_NOMINALISATION.search(item.text)) and not _FINITE.search(item.text)


def _ends_with_sh(text: str) -> bool:
    return bool(re.search(r"(\bsh|\bsealhulgas|:)\s*:?$", text.strip(), re.I))


def _duty_from_text(chunk: list[Line], placed: Placed) -> dict[str, Any]:
    """One duty from PDF-extracted text, where the task and result columns follow each other."""
    head = chunk[0]
    match = DUTY.match(head.text)
    assert match
    number = f"{int(match.group(1))}.{int(match.group(2))}"
    first = match.group(3)
    split = re.match(r"^(.*?[.;:!?])\s{2,}([A-ZÕÄÖÜŠŽ].*)$", first)
    lines = [Line(head.no, split.group(1) if split else first)]
    rest = chunk[1:]
    if split:
        lines.append(Line(head.no, split.group(2), paragraph=True))
    lines += rest
    parts = items(lines, break_after_blank=True)
    placed.add(head, *parts)
    task, others = parts[0], parts[1:]
    if split:
        return _duty(number, task, [], others)
    k = 0
    if _ends_with_sh(task.text):
        limit = next((i for i, it in enumerate(others) if not it.bullet), len(others))
        best = -1
        for cut in range(limit + 1):
            score = sum(_task_like(it) for it in others[:cut]) + sum(not _task_like(it) for it in others[cut:])
            if score > best or (score == best and cut <= limit):
                best, k = score, cut
    return _duty(number, task, others[:k], others[k:])


def _duty_from_cells(task_cell: list[Line], result_cell: list[Line], placed: Placed) -> dict[str, Any]:
    """One duty from a real table row: the task cell and the results cell."""
    lines = list(task_cell)
    head = next(line for line in lines if not line.blank)
    match = DUTY.match(head.text)
    assert match
    number = f"{int(match.group(1))}.{int(match.group(2))}"
    lines[lines.index(head)] = Line(head.no, match.group(3), paragraph=True)
    task_items = items(lines)
    result_items = items(_sentence_paragraphs(result_cell))
    placed.add(head, *task_items, *result_items)
    return _duty(number, task_items[0], task_items[1:], result_items)


def _sentence_paragraphs(cell: list[Line]) -> list[Line]:
    """Results without bullets in a PDF cell: a capital after a full stop at a line end starts a new result.

    (A .docx cell knows its paragraphs; PDF text does not, and unbulleted results are one sentence each.)
    """
    if any(line.bullet or line.paragraph for line in cell):
        return cell
    out: list[Line] = []
    previous = ""
    for line in cell:
        if line.blank:
            out.append(line)
            continue
        starts = bool(previous) and previous.rstrip().endswith((".", "!", "?")) and starts_upper(line.text)
        out.append(Line(line.no, line.text, line.bullet, starts))
        previous = line.text
    return out


def _duty(number: str, task: Item, subtasks: list[Item], results: list[Item]) -> dict[str, Any]:
    duty: dict[str, Any] = {"number": number, "task": task.text}
    if subtasks:
        duty["subtasks"] = [it.text for it in subtasks]
    if results and not results[0].bullet and _ends_with_sh(results[0].text) and len(results) > 1:
        duty["results_intro"] = results[0].text
        results = results[1:]
    if results:
        duty["results"] = [it.text for it in results]
    return duty
