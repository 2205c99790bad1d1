"""Carry the pages' raw HTML blocks around Python-Markdown instead of through it.

The templates write Markdown whose data-bearing parts are raw HTML blocks, and
Python-Markdown only carries those through unchanged, but finding where each
block ends costs an `html.parser` pass (twice: MkDocs parses the page again for
anchor ids). That was more than half of a full build. So the hook hands MkDocs
a short Markdown in which every such block is an HTML comment `<!--aj:N-->`
(headings stay real Markdown headings: the table of contents and the anchors
need them) and puts the blocks back into the page's HTML (`restore`).

Between Python-Markdown and the written page the blocks can wait compressed
(`Split.pack`, `Packed.restore`): MkDocs holds the HTML of every page until it
writes them all, and the blocks are nearly all of it (about 0.6 GB at 10,000
positions, under 0.1 GB packed).

Only a paragraph-separated chunk that Python-Markdown itself would take as one
raw block is replaced: it starts at a line with a block-level tag and ends with
that tag's closing tag, nested the same tag as often as it closes. A page with
any other chunk that starts with a tag is left whole. The replacement cannot
clash with data: data text is HTML-escaped, so `<!--aj:` never comes from it.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import markdown  # type: ignore[import-untyped]

BLOCK_LEVEL = frozenset(markdown.Markdown().block_level_elements)
"""A line starting with one of these tags starts a raw HTML block (Python-Markdown's own list)."""

_CHUNKS = re.compile(r"(\n[ \t]*\n)")
_FIRST_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]")
_VOID = frozenset({"hr"})
_MARKER = re.compile(r"<!--aj:(\d+)-->")
_SEPARATOR = "\x00"
"""Between packed blocks: NUL never occurs in page text (the validator rejects control characters)."""
_IDS = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_ATTR = re.compile(r"""\s(id|name)="([^"]*)\"""")


@dataclass(frozen=True)
class Split:
    markdown: str
    """The page's Markdown with each raw HTML block replaced by `<!--aj:N-->`."""
    blocks: tuple[str, ...]
    """Block N, verbatim."""

    def restore(self, content: str) -> str:
        """The HTML that Python-Markdown made of `markdown`, with the blocks back in place."""
        return _put_back(content, self.blocks)

    def pack(self, content: str) -> tuple[str, Packed]:
        """`content` with only the blocks holding the page's `<h1>` back in place, and the blocks packed.

        The theme looks for `<h1` in a page's content and prints the title itself when there is none.
        `Packed.restore` then puts the other blocks back into the written page.
        """
        if not self.blocks:
            return content, Packed(b"", 0)
        now = {str(i): block for i, block in enumerate(self.blocks) if "<h1" in block}
        if now:
            content = _MARKER.sub(lambda m: now.get(m[1], m[0]), content)
        return content, Packed(zlib.compress(_SEPARATOR.join(self.blocks).encode(), 1), len(self.blocks))

    def anchor_ids(self) -> set[str]:
        """The ids in the blocks, as MkDocs collects them from raw HTML (`id` on any tag, `name` on `a`)."""
        found: set[str] = set()
        for block in self.blocks:
            for tag, attrs in _IDS.findall(block):
                for key, value in _ATTR.findall(attrs):
                    if key == "id" or tag.lower() == "a":
                        found.add(html.unescape(value))
        return found


@dataclass(frozen=True)
class Packed:
    """The blocks of a `Split`, zlib-compressed."""

    data: bytes
    count: int

    def restore(self, content: str) -> str:
        """`content` (HTML holding the markers once each) with the blocks back in place of the markers."""
        if not self.count:
            return content
        return _put_back(content, zlib.decompress(self.data).decode().split(_SEPARATOR))


def _put_back(content: str, blocks: Sequence[str]) -> str:
    """`content` with block N in place of each marker `<!--aj:N-->`."""
    if not blocks:
        return content
    return _MARKER.sub(lambda m: blocks[int(m[1])], content)


def _whole_blocks(chunk: str) -> bool | None:
    """True: raw HTML blocks only; False: not HTML; None: starts with a tag but is not whole blocks.

    A chunk may hold several blocks, one after the other on new lines (`<p>…</p>` then `<section>`).
    """
    if not chunk.startswith("<"):
        return False
    pos = 0
    while pos < len(chunk):
        first = _FIRST_TAG.match(chunk, pos)
        if first is None or first[1].lower() not in BLOCK_LEVEL or first[1].lower() in _VOID:
            return None
        depth = 0
        for tag in re.compile(rf"<(/?){first[1]}[\s>]").finditer(chunk, pos):
            depth += -1 if tag[1] else 1
            if depth == 0:
                pos = tag.end()
                break
        else:
            return None
        rest = chunk.find("\n", pos)
        if chunk[pos:rest if rest != -1 else len(chunk)].strip():
            return None  # text after the closing tag on its line
        pos = len(chunk) if rest == -1 else rest + 1
    return True


def split(text: str) -> Split:
    """Replace the raw HTML blocks of `text`; the page unchanged if any chunk is in doubt."""
    body_start = 0
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            body_start = end + 5
    while text.startswith("\n", body_start):
        body_start += 1
    parts = _CHUNKS.split(text[body_start:])
    blocks: list[str] = []
    for i in range(0, len(parts), 2):
        kind = _whole_blocks(parts[i])
        if kind is None:
            return Split(text, ())
        if kind:
            block = parts[i].rstrip()  # Python-Markdown drops what trails the closing tag
            parts[i] = f"<!--aj:{len(blocks)}-->" + parts[i][len(block):]
            blocks.append(block)
    return Split(text[:body_start] + "".join(parts), tuple(blocks))
