"""The official document made from the data (issue 15).

- the whole text of each seed (general part included; only the signers' and the
  employee's names left out) is the text `document()` makes from its YAML, word for
  word and punctuation mark for punctuation mark; whitespace, line wrapping,
  hyphenation and bullet glyphs of the PDF extraction are normalised as in
  test_seed_text.py;
- DOCX and PDF files carry that text, as text, with their properties;
- `ametijuhend export` writes them, refuses to overwrite, names a broken template;
- importing an exported file gives the position back, field by field.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import Path

import pytest
from test_seed_text import SEED_IDS  # the seed → position id table, kept in one place

from ametijuhend.document import MISSING, document, plain_text
from ametijuhend.project import Project, load_project

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
POSITIONS = ROOT / "positions"

_GLYPH = re.compile(r"^\s*[•▪\uf0a7\uf0b7]\s*")


@pytest.fixture(scope="module")
def project() -> Project:
    project = load_project(POSITIONS)
    assert not project.problems
    return project


def seed_text(number: str) -> str:
    """The seed without the signers' names (the line after the last signature note) and PDF bookmarks."""
    lines = next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("\t")]  # 004: the PDF outline, not page text
    last_note = max(i for i, line in enumerate(lines) if "(allkirjastatud digitaalselt)" in line)
    name = next(i for i in range(last_note + 1, len(lines)) if lines[i].strip())
    del lines[name]
    return "\n".join(lines)


def words(text: str) -> list[str]:
    """Words and punctuation marks in order: bullet glyphs dropped, hyphenated line ends joined, hyphens ignored."""
    lines = [_GLYPH.sub("", line).strip() for line in text.splitlines()]
    joined = ""
    for line in lines:
        if not line:
            continue
        joined = joined + line if joined.endswith("-") else f"{joined} {line}"
    return re.findall(r"\w+|[^\w\s-]", joined.replace("-", ""))


def differences(expected: list[str], actual: list[str]) -> list[str]:
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, expected, actual, autojunk=False).get_opcodes():
        if tag != "equal":
            context = " ".join(expected[max(0, i1 - 6):i1])
            out.append(f"…{context} [seed: {' '.join(expected[i1:i2])!r} | document: {' '.join(actual[j1:j2])!r}]")
    return out


@pytest.mark.parametrize("number", sorted(SEED_IDS))
def test_document_text_is_the_seed_word_for_word(number: str, project: Project) -> None:
    position = project.links.positions[SEED_IDS[number]]
    text = plain_text(document(position, project.links))
    if number == "004":  # the source starts at section 2: the document marks the general part as missing
        head, text = text.split("\n2. ", 1)
        text = "2. " + text
        assert head.count(MISSING) == 6 and "1. ÜLDOSA" in head  # approval and the five general fields
    if number == "003":  # the source has a date but no order number: the document marks the number as missing
        assert text.count(f"\nkäskkirjaga nr {MISSING}\n") == 1
        text = text.replace(f"\nkäskkirjaga nr {MISSING}\n", "\n")
    diff = differences(words(seed_text(number)), words(text))
    assert not diff, f"seed {number} and the document differ:\n" + "\n".join(diff)


def test_the_comparison_sees_a_changed_word_and_punctuation(project: Project) -> None:
    position = project.links.positions[SEED_IDS["002"]]
    text = plain_text(document(position, project.links))
    seed = words(seed_text("002"))
    assert differences(seed, words(text.replace("3.4.", "3.4", 1)))
    assert differences(seed, words(text.replace("Teenuse juhti", "Teenuse juht", 1)))
    assert not differences(seed, words(text))


def test_document_is_the_positions_own_not_what_others_state(project: Project) -> None:
    """A one-sided substitution stated by another position is not printed in this one's document."""
    links = project.links
    target = links.positions[SEED_IDS["003"]]
    original = links.positions[SEED_IDS["002"]]
    links.positions[original.id] = original.model_copy(update={"substitutes_for": [target.id]})
    try:
        links.substituted_by[target.id].append(original.id)
        text = plain_text(document(target, links))
    finally:
        links.substituted_by[target.id].remove(original.id)
        links.positions[original.id] = original
    assert "Nõunik" not in text and "Staatus" not in text and "üle vaadatud" not in text


# -- DOCX and PDF ----------------------------------------------------------------------------------

import zipfile  # noqa: E402

import docx as python_docx  # noqa: E402
import pypdfium2  # noqa: E402

from ametijuhend.document.docx import FOOTER_PLACEHOLDER, TEMPLATE, TemplateError, write_docx  # noqa: E402
from ametijuhend.document.html import css_string, page_style, to_html  # noqa: E402
from ametijuhend.document.model import DRAFT_MARK, INCOMPLETE_MARK  # noqa: E402
from ametijuhend.document.pdf import write_pdf  # noqa: E402
from ametijuhend.models import Position, Status  # noqa: E402

HOSTILE = '{ PAGE } <w:fldSimple w:instr="HYPERLINK x"/> [a](https://x.example) **b** <script>c</script> & ⟨d⟩'


def docx_text(path: Path) -> str:
    word = python_docx.Document(str(path))
    body = word.element.body
    return "\n".join(t.text or "" for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))


def pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


@pytest.mark.parametrize("number", ["001", "003"])
def test_docx_holds_the_document_as_text_with_properties(number: str, project: Project, tmp_path: Path) -> None:
    doc = document(project.links.positions[SEED_IDS[number]], project.links)
    path = tmp_path / "a.docx"
    write_docx(doc, path)
    expected, got = words(plain_text(doc)), words(docx_text(path))
    body_end = len(expected) - len(words("\n".join(line for c in doc.signatures for line in c.lines)))
    body_end -= len(words(doc.signatures_intro or ""))
    assert not differences(expected[:body_end], got[:body_end])  # the signature table is read by columns
    assert sorted(expected[body_end:]) == sorted(got[body_end:])
    word = python_docx.Document(str(path))
    assert word.core_properties.title == doc.title and word.core_properties.language == "et"
    footer = "\n".join(p.text for p in word.sections[0].footer.paragraphs)
    assert doc.digest in footer and FOOTER_PLACEHOLDER not in footer
    body = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "w:fldSimple" not in body and "w:instrText" not in body and "w:hyperlink" not in body
    if number == "001":  # a töötaja document: the roles sign, nobody is named
        assert "Töötaja:" in body and "Randlaine" not in body and "Maripuu" not in body


def test_pdf_is_a4_text_with_title_and_language(project: Project, tmp_path: Path) -> None:
    doc = document(project.links.positions[SEED_IDS["000"]], project.links)
    path = tmp_path / "a.pdf"
    write_pdf(doc, path)
    pdf = pypdfium2.PdfDocument(str(path))
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    assert pdf.get_metadata_dict()["Title"] == doc.title
    raw = path.read_bytes()
    assert b"/Lang (et)" in raw
    text = pdf_text(path)  # its words: the round trip below reads it back field by field
    assert f"lk 1/{len(pdf)}" in text and doc.digest in text


def test_data_is_written_as_text_never_as_code(project: Project, tmp_path: Path) -> None:
    base = project.links.positions[SEED_IDS["002"]]
    hostile = Position.model_validate({**base.model_dump(mode="json"), "purpose": HOSTILE})
    doc = document(hostile, project.links)
    write_docx(doc, tmp_path / "h.docx")
    write_pdf(doc, tmp_path / "h.pdf")
    body = zipfile.ZipFile(tmp_path / "h.docx").read("word/document.xml").decode()
    assert "<w:fldSimple" not in body and "w:instrText" not in body and "w:hyperlink" not in body
    assert HOSTILE in docx_text(tmp_path / "h.docx")
    raw = (tmp_path / "h.pdf").read_bytes()
    assert b"/URI" not in raw and b"/JavaScript" not in raw and b"/Launch" not in raw
    assert "<script>c</script>" in pdf_text(tmp_path / "h.pdf")


def test_missing_fields_carry_the_mark_in_both_files(project: Project, tmp_path: Path) -> None:
    doc = document(project.links.positions[SEED_IDS["004"]], project.links)
    write_docx(doc, tmp_path / "m.docx")
    write_pdf(doc, tmp_path / "m.pdf")
    assert docx_text(tmp_path / "m.docx").count(MISSING) == 6
    text = pdf_text(tmp_path / "m.pdf")
    pages = len(pypdfium2.PdfDocument(str(tmp_path / "m.pdf")))
    # 004 is an incomplete copy in force, not a draft: every page carries the incomplete-source mark
    assert text.count(MISSING) == 6 and "MUSTAND" not in text
    assert text.count("Lähtedokumendis puuduvad andmed on märgitud") == pages


def test_the_incomplete_mark_promises_only_marks_that_are_printed(project: Project, tmp_path: Path) -> None:
    """Every page of a document that prints "puudub lähtedokumendis" says that missing data are marked: 003's
    order number is marked in its approval block. 001 (an annex to an employment contract) has no approval
    block to mark, so no page promises a mark its body lacks; its footer says the source lacks the approval.
    The print view, the DOCX and the PDF carry the same marks (a walk-through found the print worded otherwise
    and a draft's print without the incomplete mark)."""
    dated = document(project.links.positions[SEED_IDS["003"]], project.links)
    assert dated.approval[-1] == f"käskkirjaga nr {MISSING}" and dated.marks == [INCOMPLETE_MARK]
    annex = document(project.links.positions[SEED_IDS["001"]], project.links)
    assert MISSING not in plain_text(annex) and annex.marks == [] and "puuduvad" in annex.version
    draft = project.links.positions[SEED_IDS["004"]].model_copy(update={"status": Status.MUSTAND})
    doc = document(draft, project.links)
    assert doc.marks == [DRAFT_MARK, INCOMPLETE_MARK]
    write_docx(doc, tmp_path / "d.docx")
    write_pdf(doc, tmp_path / "d.pdf")
    header = "\n".join(p.text for p in python_docx.Document(str(tmp_path / "d.docx")).sections[0].header.paragraphs)
    assert f"{DRAFT_MARK} · {INCOMPLETE_MARK}" in header
    assert f"{DRAFT_MARK} · {INCOMPLETE_MARK}" in pdf_text(tmp_path / "d.pdf")
    assert css_string(f"{DRAFT_MARK} · {INCOMPLETE_MARK}") in page_style(doc)


def test_a_document_without_a_title_is_not_named_by_its_id(project: Project) -> None:
    """004 lost its title with its first page: its files' title property says so as its page does."""
    doc = document(project.links.positions[SEED_IDS["004"]], project.links)
    assert doc.title == "Ametijuhend: Ametinimetus puudub" and doc.position_id not in doc.title


def test_footer_never_calls_a_description_unapproved_when_its_source_lacks_the_approval(project: Project) -> None:
    """004's copy lost its first page (the approval) and 001's source has none: the footer of the print and of
    the files says that the source lacks it, not "kinnitamata" (which only a description without approval
    data and nothing declared missing, e.g. a draft, is)."""
    for number in ("004", "001"):
        doc = document(project.links.positions[SEED_IDS[number]], project.links)
        assert doc.version == "kinnitamise andmed puuduvad lähtedokumendis"
    draft = project.links.positions[SEED_IDS["002"]].model_copy(update={"approval": None, "missing": []})
    assert document(draft, project.links).version == "kinnitamata"
    dated = project.links.positions[SEED_IDS["003"]]  # a date, the order number declared missing
    assert document(dated, project.links).version == "kinnitatud 05.04.2023"


def test_a_broken_template_is_named(project: Project, tmp_path: Path) -> None:
    doc = document(project.links.positions[SEED_IDS["002"]], project.links)
    no_style = tmp_path / "mall.docx"
    python_docx.Document().save(str(no_style))
    with pytest.raises(TemplateError, match=r"mall .*mall\.docx: puudub stiil „Aj"):
        write_docx(doc, tmp_path / "x.docx", no_style)
    no_footer = tmp_path / "jaluseta.docx"
    word = python_docx.Document(str(TEMPLATE))
    for paragraph in word.sections[0].footer.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace(FOOTER_PLACEHOLDER, "")
    word.save(str(no_footer))
    with pytest.raises(TemplateError, match=r"jaluseta\.docx: jaluses puudub kohatäide \{jalus\}"):
        write_docx(doc, tmp_path / "x.docx", no_footer)
    not_word = tmp_path / "tekst.docx"
    not_word.write_text("x")
    with pytest.raises(TemplateError, match=r"tekst\.docx ei ole loetav"):
        write_docx(doc, tmp_path / "x.docx", not_word)
    # A template whose document part inflates to 60 MB (a zip bomb would to gigabytes: 3.2 GB of memory before)
    bomb = tmp_path / "pomm.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (60 * 2**20), 1)
            target.writestr(item, data)
    with pytest.raises(TemplateError, match=r"mall .*pomm\.docx: .*word/document\.xml"):
        write_docx(doc, tmp_path / "x.docx", bomb)


# -- the CLI ---------------------------------------------------------------------------------------


def export(*argv: str) -> int:
    from ametijuhend.cli import main

    return main(["export", "--data", str(POSITIONS), *argv])


def test_export_writes_refuses_to_overwrite_and_forces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert export("nounik-perelepitus", "--format", "docx", "--format", "pdf", "--out", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == ["nounik-perelepitus.docx", "nounik-perelepitus.pdf"]
    before = (out / "nounik-perelepitus.pdf").read_bytes()
    (out / "nounik-perelepitus.pdf").write_bytes(b"signed copy")
    assert export("nounik-perelepitus", "--format", "pdf", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "ei kirjuta üle" in err and "--force" in err and "Traceback" not in err
    assert (out / "nounik-perelepitus.pdf").read_bytes() == b"signed copy"
    assert export("nounik-perelepitus", "--format", "pdf", "--out", str(out), "--force") == 0
    assert (out / "nounik-perelepitus.pdf").read_bytes() == before  # the same data gives the same file
    assert export("pole-olemas", "--out", str(out)) == 2
    assert "tundmatu ametikoht: pole-olemas" in capsys.readouterr().err
    assert export("--out", str(out)) == 2
    assert export("--all", "--out", str(out / "nounik-perelepitus.pdf")) == 1
    assert "ei saa luua" in capsys.readouterr().err
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left


def test_export_with_a_broken_template_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "mall.docx"
    python_docx.Document().save(str(template))
    out = tmp_path / "out"
    assert export("--all", "--out", str(out), "--template", str(template)) == 1
    err = capsys.readouterr().err
    assert "mall.docx: puudub stiil „Aj" in err and "Traceback" not in err
    assert not list(out.glob("*.docx"))


# -- round trip: import of every exported file gives the position back -----------------------------


def comparable(position: Position, project: Project) -> dict[str, object]:
    """The position as its document states it: wording the catalogue supplies filled in (whether the
    YAML repeats it or not), `missing` as a set (an unknown title implies an unknown specialisation)."""
    from test_import import flatten

    from ametijuhend.wording import wording

    hr_only = {"id", "status", "source", "aliases", "last_review", "incomplete_source"}  # not the document's text
    data = position.model_dump(mode="json", exclude=hr_only,
                               exclude_defaults=True)
    for group in ("core", "additional"):
        for i, use in enumerate(getattr(position.competencies, group)):
            w = wording(use, project.links.competencies.get(use.competency), group)
            data["competencies"][group][i] = {"competency": use.competency, "name": w.name,
                                              "definition": w.definition, "indicators": list(w.indicators)}
    missing = set(position.missing) | ({"specialisation"} if "title" in position.missing else set())
    data["missing"] = sorted(missing)
    # Positions with the same name print the same words: the document cannot tell them apart.
    names = Counter(project.links.name(i) for i in [*project.links.positions, *project.links.referenced])
    shared = {name for name, count in names.items() if count > 1}
    for key in ("manager", "substituted_by", "substitutes_for"):
        if isinstance(data.get(key), str):
            data[key] = _name_if_shared(data[key], project, shared)
        elif key in data:
            data[key] = [_name_if_shared(i, project, shared) for i in data[key]]
    return flatten(data)


def _name_if_shared(pid: str, project: Project, shared: set[str]) -> str:
    name = project.links.name(pid)
    return f"(one of the positions named {name})" if name in shared else pid


def round_trip(project: Project, root: Path, ids: list[str], tmp_path: Path) -> list[str]:
    from ametijuhend.importer import parse_file
    from ametijuhend.importer.resolve import Catalogues

    catalogues = Catalogues.load(root)
    problems = []
    for pid in ids:
        doc = document(project.links.positions[pid], project.links)
        for suffix, write in ((".docx", write_docx), (".pdf", write_pdf)):
            path = tmp_path / f"{pid}{suffix}"
            write(doc, path)  # type: ignore[operator]
            back = Position.model_validate(parse_file(path, catalogues).position)
            want, got = comparable(project.links.positions[pid], project), comparable(back, project)
            problems += [f"{path.name} {key}: {want.get(key)!r} → {got.get(key)!r}"
                         for key in sorted(set(want) | set(got)) if want.get(key) != got.get(key)]
    return problems


def round_trip_in_place(project: Project, position: Position, tmp_path: Path) -> list[str]:
    """`round_trip` of `position` put in the place of the seed of its id for the while."""
    base = project.links.positions[position.id]
    project.links.positions[position.id] = position
    try:
        return round_trip(project, POSITIONS, [position.id], tmp_path)
    finally:
        project.links.positions[position.id] = base


def test_round_trip_of_the_seeds(project: Project, tmp_path: Path) -> None:
    problems = round_trip(project, POSITIONS, sorted(SEED_IDS.values()), tmp_path)
    assert not problems, "\n".join(problems)


ROUND_TRIP_N = int(__import__("os").environ.get("AMETIJUHENDID_ROUND_TRIP_N", "12"))
"""Generated positions in the round trip (200 in the issue: `AMETIJUHENDID_ROUND_TRIP_N=200`, ~4 min)."""


def test_round_trip_of_generated_positions(tmp_path: Path) -> None:
    from ametijuhend.synthetic import generate

    data = tmp_path / "data"
    generate(data, ROUND_TRIP_N, seed=15)
    project = load_project(data)
    assert not project.errors
    problems = round_trip(project, data, sorted(project.links.positions), tmp_path)
    assert not problems, "\n".join(problems)


def test_signed_original_and_printed_details_are_printed_and_read_back(project: Project, tmp_path: Path) -> None:
    base = project.links.positions[SEED_IDS["002"]]
    data = base.model_dump(mode="json")
    data["signed_original"] = {"register_number": "1-2/45-3", "address": "https://adr.example/dokument/123"}
    data["approval"]["approver"] = "Sotsiaalkindlustusameti peadirektori asetäitja"
    data["printed"] |= {"approver": "Sotsiaalkindlustusameti peadirektori asetäitja",
                        "duty_columns": ["Põhiülesanne", "Oodatav tulemus"],
                        "headings": {"vastutus": "VASTUTUSALA"}}
    position = Position.model_validate(data)
    text = plain_text(document(position, project.links))
    assert "Allkirjastatud originaal: dokumendiregistri nr 1-2/45-3, https://adr.example/dokument/123" in text
    assert "\nSotsiaalkindlustusameti peadirektori asetäitja 19.01.2024\n" in text
    assert "\nPõhiülesanne Oodatav tulemus\n" in text and "\n5. VASTUTUSALA\n" in text
    assert not round_trip_in_place(project, position, tmp_path)
    body = zipfile.ZipFile(tmp_path / f"{base.id}.docx").read("word/document.xml").decode()
    assert "w:hyperlink" not in body  # the address is text, not a link from data


def test_effective_date_is_printed_in_the_approval_block_and_read_back(project: Project, tmp_path: Path) -> None:
    """A version whose order takes effect on a later day: the signed document says so where the approval is
    (as the page does), the footer's version names it, and importing the document reads it back."""
    base = project.links.positions[SEED_IDS["002"]]
    data = base.model_dump(mode="json")
    data["approval"]["effective_from"] = "2027-01-01"
    position = Position.model_validate(data)
    doc = document(position, project.links)
    assert doc.approval[-1] == "Jõustub 01.01.2027" and doc.approval[-2].startswith("käskkirjaga nr")
    assert doc.version.endswith(", jõustub 01.01.2027")
    assert "Jõustub" not in plain_text(document(base, project.links))  # without it: as before
    assert not round_trip_in_place(project, position, tmp_path)


def test_html_fragment_is_the_document_escaped(project: Project) -> None:
    import html as html_lib

    from ametijuhend.document.html import to_html

    doc = document(project.links.positions[SEED_IDS["000"]], project.links)
    markup = str(to_html(doc))
    text = html_lib.unescape(re.sub(r"<[^>]+>", "\n", markup))
    assert not differences(words(plain_text(doc)), words(text.replace("\xa0", "")))
    assert 'id="ulesanne-3-4"' in markup and 'id="uldosa"' in markup
    base = project.links.positions[SEED_IDS["002"]]
    hostile = Position.model_validate({**base.model_dump(mode="json"), "purpose": HOSTILE})
    markup = str(to_html(document(hostile, project.links)))
    assert "<script>" not in markup and "&lt;script&gt;c&lt;/script&gt;" in markup


def test_printed_wording_without_its_data_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from ametijuhend.cli import main

    data = tmp_path / "data"
    shutil.copytree(POSITIONS, data)
    path = data / f"{SEED_IDS['002']}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("substitutes_for:\n  - teenuse-juht-perelepitus\n  - juhtivkoordinaator-perelepitus\n", "")
    path.write_text(text, encoding="utf-8")
    assert main(["validate", "--data", str(data)]) == 0
    out = capsys.readouterr().out
    assert "hoiatus: printed.substitutes_for: `printed.substitutes_for` on olemas, kuid `substitutes_for` puudub" in out


def test_css_string_escapes_all_but_letters_digits_and_safe_punctuation() -> None:
    """Footer text goes into the print CSS as a string: nothing in it can end the string, the rule or `<style>`."""
    from ametijuhend.document.html import css_string

    text = "".join(map(chr, range(1, 0x3000))) + "\U0001f600_ü·—"
    expected = "".join(c if c.isalnum() or c in " .,:;·—-/()" else f"\\{ord(c):06x}" for c in text)
    assert css_string(text) == f'"{expected}"'
    assert css_string('a"</style>') == '"a\\000022\\00003c/style\\00003e"'


def test_a_duty_longer_than_a_page_is_written_and_read_back(project: Project, tmp_path: Path) -> None:
    """A duty row taller than a page (the schema allows 100 results) splits over pages in the PDF, with the
    heading row repeated, instead of failing the build: before, the PDF writer raised a LayoutError from about
    24 such results. (The importer does not read such a split row back yet: the DOCX is the file to re-import.)"""
    base = project.links.positions["nounik-perelepitus"]
    results = [f"Tulemus {i} on kirjeldatud siin pikemalt ja veel pikemalt, et rida oleks pikk." for i in range(60)]
    tall = base.model_copy(update={"duties": [base.duties[0].model_copy(update={"results": results}),
                                              *base.duties[1:]]})
    write_pdf(document(tall, project.links), tmp_path / "tall.pdf")
    text = pdf_text(tmp_path / "tall.pdf")
    assert text.count("Oodatavad tulemused") > 1  # the heading row again on a new page
    flowing = " ".join(text.split())  # lines wrap anywhere
    assert [result for result in results if result not in flowing] == []


def test_a_document_from_an_incomplete_copy_says_which_part_is_lost(project: Project, tmp_path: Path) -> None:
    """004's copy lost its first page: the page's banner says so, and so do the print, the DOCX and the PDF, in
    their first paragraph (an audit found it on the screen only); the importer reads it back."""
    from ametijuhend.importer import parse_file
    from ametijuhend.importer.resolve import Catalogues

    position = project.links.positions[SEED_IDS["004"]]
    assert position.incomplete_source
    doc = document(position, project.links)
    note = f"Lähtedokument on puudulik: ametijuhendi koopiast puudub {position.incomplete_source}."
    assert doc.source_note == note and plain_text(doc).startswith(note + "\n")
    assert f'<article class="aj-document" lang="et" data-aj-digest="{doc.digest}"><p class="aj-source-note">' in (
        to_html(doc))
    for suffix, write in ((".docx", write_docx), (".pdf", write_pdf)):
        path = tmp_path / f"{position.id}{suffix}"
        write(doc, path)  # type: ignore[operator]
        text = " ".join((docx_text(path) if suffix == ".docx" else pdf_text(path)).split())
        assert text.startswith(note), suffix
        back = parse_file(path, Catalogues.load(POSITIONS)).position
        assert back["incomplete_source"] == position.incomplete_source, suffix
    assert document(project.links.positions[SEED_IDS["000"]], project.links).source_note is None
