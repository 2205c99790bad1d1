"""Property: arbitrary text in any text field appears on the built page as that same text.

Hypothesis draws texts (Estonian letters, Markdown and HTML punctuation, Jinja
delimiters, combining marks, any script), puts each into a different text field
of one position, builds the real site with `mkdocs build --strict` and reads the
built page back as text. Each field must show literally — not as markup, not
evaluated — and no element, script or link may come from the data.
"""

from __future__ import annotations

import itertools
import shutil
import unicodedata
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_build import SMALL, Page, built, mkdocs_build

pytestmark = pytest.mark.slow

# Letters, marks, digits, punctuation, symbols and spaces of every script: no control or
# format characters (the loader rejects control characters with a clear error).
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("õäöüšžÕÄÖÜŠŽ<>&\"'`*_#|[](){}%!-+=~:;\\/.,?$@^")),
        st.characters(categories=["L", "M", "N", "P", "S", "Zs"]),
    ),
    min_size=1, max_size=120,
).filter(lambda s: s.strip() != "")

# Where each drawn text goes in the position (a path into the YAML mapping).
FIELDS: list[tuple[str | int, ...]] = [
    ("title",),
    ("specialisation",),
    ("purpose",),
    ("duties", 0, "task"),
    ("duties", 0, "subtasks", 0),
    ("duties", 0, "results", 0),
    ("rights", "items", 0),
    ("responsibilities", "items", 0),
    ("requirements", "education"),
    ("requirements", "languages", 0, "text"),
    ("competencies", "additional", 0, "definition"),
    ("amendment", 0),
]


def place(document: dict[str, Any], path: tuple[str | int, ...], value: str) -> None:
    """Set `value` at `path`, creating the mappings and lists on the way."""
    node: Any = document
    for key, following in itertools.pairwise(path):
        empty: Any = [] if isinstance(following, int) else {}
        if isinstance(key, int):
            while len(node) <= key:
                node.append(empty)
        elif key not in node:
            node[key] = empty
        node = node[key]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append("")
    node[last] = value


def visible(text: str) -> str:
    """What a reader sees: NFC (the loader normalises), whitespace collapsed (the loader strips)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=len(FIELDS), max_size=len(FIELDS)))
@example(texts=["*kursiiv* <b>paks</b> {{ 7*7 }} {% raw %} [x](javascript:alert(1)) `kood` &amp; | a |"] * len(FIELDS))
@example(texts=["# pealkiri", "- loetelu", "1. nummerdatud", "> tsitaat", "<script>alert(1)</script>",
                "    taandega kood", "a\\nb", "[[link]]", "![pilt](x.png)", "---", "&lt;", "Õ\u0303 ä"])
def test_any_text_shows_literally_on_the_built_page(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    work = tmp_path_factory.mktemp("property")
    data = work / "data"
    shutil.copytree(SMALL, data)
    path = data / "spetsialist-ennetus.yaml"
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for field, text in zip(FIELDS, texts, strict=True):
        place(document, field, text)
    path.write_text("# yaml-language-server: $schema=../schema/position.schema.json\n"
                    + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    out = work / "site"
    built(mkdocs_build(out, data))

    html = (out / "ametikohad/spetsialist-ennetus/index.html").read_text(encoding="utf-8")
    page = Page(html)
    for field, text in zip(FIELDS, texts, strict=True):
        assert visible(text) in page.text, f"{'.'.join(map(str, field))}: {text!r} is not shown literally"
    baseline = Page((out / "ametikohad/teenuse-juht-arendus/index.html").read_text(encoding="utf-8"))
    assert len(page.scripts) == len(baseline.scripts), "a script element came from the data"
    assert not any(link.lower().lstrip().startswith(("javascript:", "data:")) for link in page.links)
