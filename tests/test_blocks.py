"""Raw HTML blocks carried around Python-Markdown (ametijuhend.render.blocks) and the hook's search thread."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data

from ametijuhend.project import load_project
from ametijuhend.render import RenderOptions, blocks, render_site

ROOT = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).parent / "data" / "site-small"
SEEDS = Path(__file__).parent / "seeds"


def to_html(text: str) -> str:
    """The site's Markdown (mkdocs.yml: attr_list, admonition, tables, toc), front matter removed as MkDocs does."""
    body, _ = get_data(text)
    return markdown.markdown(body, extensions=["attr_list", "admonition", "tables", "toc"],
                             extension_configs={"toc": {"permalink": True}})


def site_pages() -> list[tuple[str, str]]:
    pages = []
    for root in (SMALL, ROOT / "positions"):
        project = load_project(root)
        assert not project.errors
        pages += [(page.src_uri, page.markdown) for page in render_site(project, RenderOptions()).pages]
    return pages


@pytest.mark.parametrize(("src_uri", "text"), site_pages())
def test_split_page_renders_to_the_same_html(src_uri: str, text: str) -> None:
    split = blocks.split(text)
    assert split.blocks, f"{src_uri}: no block was replaced"
    assert split.restore(to_html(split.markdown)) == to_html(text)
    assert "<table" not in split.markdown and "<div" not in split.markdown
    for line in text.splitlines():  # the headings stay Markdown (table of contents, anchors)
        if line.startswith("#"):
            assert line in split.markdown.splitlines()


def test_anchor_ids_of_the_blocks() -> None:
    text = ('## Tööülesanded { #ulesanded }\n\n<table>\n<tr id="ulesanne-3-1"><td><a name="x">1</a>'
            '<span name="y"></span></td></tr>\n</table>\n')
    split = blocks.split(text)
    assert split.markdown == "## Tööülesanded { #ulesanded }\n\n<!--aj:0-->\n"
    assert split.anchor_ids() == {"ulesanne-3-1", "x"}


@pytest.mark.parametrize("text", [
    "<div>\n<p>a</p>\n\n<p>b</p>\n</div>\n",  # the block goes on across a blank line
    "<span>inline</span>\n",                   # not a block-level tag: a paragraph
    "<div><div>a</div>\n",                     # not closed
])
def test_page_in_doubt_is_left_whole(text: str) -> None:
    split = blocks.split(text)
    assert split.markdown == text and split.blocks == ()
    assert split.restore(to_html(text)) == to_html(text)


def test_data_text_cannot_forge_a_marker() -> None:
    split = blocks.split("<p>&lt;!--aj:0--&gt;</p>\n\n<p>b</p>\n")
    assert split.restore(to_html(split.markdown)) == to_html("<p>&lt;!--aj:0--&gt;</p>\n\n<p>b</p>\n")
