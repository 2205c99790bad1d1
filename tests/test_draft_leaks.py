"""With drafts not published, no trace of a draft anywhere in the built site (issue 13).

A draft is given a unique title, id and sentence and is referenced from published positions in
every way a reference can be made: as manager, as substitute both ways (stated by either side, and by a published
position alone: a warning of that position's file names the draft) and as a subordinate. The whole output is
searched, the search index's compressed files included.

Files of the data folder that are no position's or catalogue's are warned about by their names, which may be
people's: the data-quality page counts those warnings without the names.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from test_build import SMALL, built, mkdocs_build

pytestmark = pytest.mark.slow

TITLE = "Salajane Mustandijuht"
ID = "salajane-mustand"
SENTENCE = "Kvarkide loendamine vaatlustornis"
PERSON, FOLDER, NOTES = "Mari Maasikas", "kalle-kuusk", "liis-lepik-markmed"
FORMER = "mari-maasikas-juht"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("leak") / "data"
    shutil.copytree(SMALL, data)
    draft = (SMALL / "nimetu-kvaliteet.yaml").read_text(encoding="utf-8")
    draft = draft.replace("id: nimetu-kvaliteet", f"id: {ID}\ntitle: {TITLE}\nmanager: teenuse-juht-arendus\n"
                                                    "substitutes_for: [teenuse-juht-arendus]\n"
                                                    "substituted_by: [spetsialist-ennetus]")
    draft = draft.replace(f"id: {ID}\n", f"id: {ID}\naliases: [{FORMER}]\n")  # a former id, named by a person
    draft = draft.replace("Järelevalve korraldamine.", f"{SENTENCE}.")
    draft = draft.replace("  - title\n", "").replace("  - manager\n", "").replace("  - substituted_by\n", "")
    draft = draft.replace("  - substitutes_for\n", "")
    (data / f"{ID}.yaml").write_text(draft, encoding="utf-8")
    employee = data / "spetsialist-ennetus.yaml"
    employee.write_text(employee.read_text(encoding="utf-8").replace("manager: teenuse-juht-arendus",
                                                                     f"manager: {ID}").replace(
        "substituted_by:\n  - koolitusspetsialist\n", f"substituted_by:\n  - koolitusspetsialist\n  - {FORMER}\n"),
        encoding="utf-8")  # (the draft by its former id: a warning, and a reference on the page)
    one_sided = data / "teenuse-juht-arendus.yaml"  # substitutes for the draft, which does not name it back
    one_sided.write_text(one_sided.read_text(encoding="utf-8").replace(
        "substitutes_for:\n  - talitusejuhataja\n", f"substitutes_for:\n  - talitusejuhataja\n  - {ID}\n"),
        encoding="utf-8")
    (data / f"{PERSON} ametijuhend.docx").write_bytes(b"PK\x03\x04")  # files named after people: warned about
    (data / FOLDER).mkdir()
    (data / "catalogues" / f"{NOTES}.txt").write_text("märkmed", encoding="utf-8")
    return data


def texts(site: Path) -> dict[str, str]:
    out = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":  # the search index's fragments, postings and facets are gzip
            raw = gzip.decompress(raw)
        out[path.relative_to(site).as_posix()] = raw.decode("utf-8", errors="replace")
    return out


def test_unpublished_draft_leaves_no_trace(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, data, AMETIJUHENDID_PUBLISH_DRAFTS="0"))
    found = {name: [t for t in (TITLE, ID, SENTENCE, "Mustandijuht", "Kvarkide", PERSON, "Maasikas", FOLDER, NOTES,
                                FORMER, "maasikas")
                    if t in text] for name, text in texts(out).items()}
    assert not {name: hits for name, hits in found.items() if hits}
    quality = (out / "andmekvaliteet/index.html").read_text(encoding="utf-8")
    assert "ühepoolne asendus: `avaldamata ametikoht` ei nimeta" in quality  # the published file's warning, kept
    assert "Andmekaustas on ka 3 hoiatust failide kohta" in quality and "Nende nimesid siin ei näidata" in quality
    employee = (out / "ametikohad/spetsialist-ennetus/index.html").read_text(encoding="utf-8")
    assert "avaldamata ametikoht" in employee  # the manager is named neutrally


def test_published_draft_is_linked(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    built(mkdocs_build(out, data))
    employee = (out / "ametikohad/spetsialist-ennetus/index.html").read_text(encoding="utf-8")
    assert f'href="../{ID}/">{TITLE}</a>' in employee
