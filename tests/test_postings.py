"""The site's own search index (`postings.py`): its words, shards, postings, fragments and facets.

What people find with it is tested in the browser (tests/browser/test_search_browser.py, the query set);
these tests pin the format that engine.js reads."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from ametijuhend import postings
from ametijuhend.postings import read_shard, shards_for, word_terms
from ametijuhend.project import load_project
from ametijuhend.search import OUTPUT_DIR, build_index

ROOT = Path(__file__).resolve().parents[1]
E = "nimetu-ametikoht-kvaliteet-ja-jarelevalve"


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("own")
    build_index(load_project(ROOT / "positions"), out)
    return out / OUTPUT_DIR


def all_postings(index: Path) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for path in (index / postings.TERMS_DIR).iterdir():
        out.update(read_shard(path.read_bytes()))
    return out


def fragment(index: Path, number: int) -> dict:  # type: ignore[type-arg]
    return json.loads(gzip.decompress((index / postings.FRAGMENTS_DIR / f"{number}{postings.SUFFIX}").read_bytes()))


def test_words_are_folded_and_joined_without_punctuation() -> None:
    assert word_terms("Järelevalve.") == ("jarelevalve",)
    assert word_terms("e-teenuste") == ("eteenuste", "e", "teenuste")
    assert word_terms("(B1)") == ("b1",)
    assert word_terms("—") == ()


def test_manifest_names_the_engine_and_every_shard(index: Path) -> None:
    manifest = json.loads((index / postings.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["format"] == postings.FORMAT and manifest["records"] == 5
    assert len(manifest["shards"]) == len(list((index / postings.TERMS_DIR).iterdir()))


def test_a_query_word_reads_the_shards_of_every_word_that_starts_with_it(index: Path) -> None:
    manifest = json.loads((index / postings.MANIFEST).read_text(encoding="utf-8"))["shards"]
    shards = {n: read_shard((index / postings.TERMS_DIR / f"{n}{postings.SUFFIX}").read_bytes())
              for n in range(len(manifest))}
    words = {word: n for n, held in shards.items() for word in held}
    for word in list(words)[::7]:
        for cut in range(1, len(word) + 1):
            prefix = word[:cut]
            read = {w for n in shards_for(manifest, prefix) for w in shards[n]}
            assert {w for w in words if w.startswith(prefix)} <= read, prefix


def test_small_shards_are_cut_by_word_start() -> None:
    encoded = {f"sona{i:03d}": (1, bytes(3000)) for i in range(40)} | {"sona": (1, bytes(100)), "muu": (1, b"x")}
    shards = postings._cut(encoded, limit=20_000)
    held = [w for _, _, words in shards for w in words]
    assert sorted(held) == sorted(encoded), "every word in exactly one shard"
    assert ("sona", True, ["sona"]) in shards, "the word equal to a cut prefix is a shard of its own"
    assert all(sum(len(encoded[w][1]) for w in words) <= 20_000 for _, _, words in shards)


def test_postings_hold_every_position_with_the_word_and_lemma(index: Path) -> None:
    words = all_postings(index)
    texts = [json.dumps(fragment(index, n), ensure_ascii=False).lower() for n in range(5)]
    for word in ("pingetaluvus", "asendushoolduse", "tugi", "kindlustus"):
        have = [n for n, text in enumerate(texts) if f"{word}" in text]
        assert [record for record, _ in words[word]] == have, word


def test_a_word_in_the_title_scores_above_the_same_word_in_the_text(index: Path) -> None:
    words = all_postings(index)

    def title_words(n: int) -> set[str]:
        return {word for chunk in fragment(index, n)["title"].split() for word in word_terms(chunk)}

    for word in ("nounik", "teenuste"):  # C's title and others' text; D's title and others' text
        in_title = [score for n, score in words[word] if word in title_words(n)]
        elsewhere = [score for n, score in words[word] if word not in title_words(n)]
        assert len(in_title) == 1 and elsewhere and in_title[0] > max(elsewhere), word


def test_fragments_keep_the_data_as_text_with_its_lemma_groups(index: Path) -> None:
    docs = [fragment(index, n) for n in range(5)]
    e = next(d for d in docs if d["url"] == f"ametikohad/{E}/")
    assert e["meta"]["staatus"] == "Kehtiv"
    anchors = [anchor for anchor, _, _ in e["sections"]]
    assert anchors[0] == "uldosa" and "ulesanne-3-1" in anchors
    text = json.dumps(e, ensure_ascii=False)
    assert "Sotsiaalkindlustusameti | kindlustus amet ||" in text


def test_facets_list_the_positions_of_each_value(index: Path) -> None:
    facets = json.loads(gzip.decompress((index / postings.FILTERS_FILE).read_bytes()))
    assert set(facets) == {"yksus", "kompetents", "tüüp", "staatus"}
    assert sum(facets["staatus"]["Kehtiv"]) == 4 and len(facets["staatus"]["Kehtiv"]) == 5  # gaps of 0..4


def test_a_heading_is_stored_as_the_texts_are(tmp_path: Path) -> None:
    """A `|` of a heading is the data's (DATA_BAR), never a lemma marker; runs of spaces are one space."""
    from ametijuhend.search import DATA_BAR, MARK, MARK_END, Record, Section

    writer = postings.IndexWriter(tmp_path, marks=(MARK, MARK_END), data_bar=(MARK, DATA_BAR), weights=(10, 0.5))
    writer.add(Record(url="ametikohad/x/", title="X", meta=[("title", "X")], filters=[],
                      sections=[Section("nouded", "Nõuded |  haridus & keel", [(1, "kõrgharidus")])]), None)
    writer.finish()
    assert fragment(tmp_path, 0)["sections"][0][1] == f"Nõuded {DATA_BAR} haridus & keel"


def test_the_manifest_names_the_build(index: Path, tmp_path: Path) -> None:
    """`version` changes with anything written (the box asks for every other file with it), not otherwise."""
    from ametijuhend.search import DATA_BAR, MARK, MARK_END, Record, Section

    version = json.loads((index / postings.MANIFEST).read_text(encoding="utf-8"))["version"]
    assert len(version) == 16

    def build(text: str, out: Path) -> str:
        writer = postings.IndexWriter(out, marks=(MARK, MARK_END), data_bar=(MARK, DATA_BAR), weights=(10, 0.5))
        writer.add(Record(url="ametikohad/x/", title="X", meta=[("title", "X")], filters=[],
                          sections=[Section("eesmark", "Eesmärk", [(1, text)])]), None)
        writer.finish()
        return json.loads((out / postings.MANIFEST).read_text(encoding="utf-8"))["version"]

    assert build("üks tekst", tmp_path / "a") == build("üks tekst", tmp_path / "b")
    assert build("üks tekst", tmp_path / "c") != build("teine tekst", tmp_path / "d")
