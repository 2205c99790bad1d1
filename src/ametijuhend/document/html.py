"""The document as an HTML fragment, for the page's print view: `to_html(doc) -> Markup`.

Everything is escaped (data is text, never markup). The classes are the page's own
(`aj-approval`, `aj-general`, `aj-duties`, `aj-requirements`, `aj-text`, `aj-missing`), so
the site's print CSS applies; section ids are the page anchors and each duty row has its
`ulesanne-3-4` id.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup

from .model import Block, Document, DutyTable, LabelTable, Paragraph


def to_html(doc: Document, *, ids: bool = True) -> Markup:
    """The whole document as one `<article>`; `ids=False` for a copy beside the page's own anchors
    (the print view of a position page), so that no id is on the page twice."""
    return Markup("".join(_document(doc, ids)))


def _escape_replacing(text: str, /) -> str:
    """markupsafe's own pure-Python escaping of a string (`markupsafe._native`)."""
    return (text.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;").replace("'", "&#39;")
            .replace('"', "&#34;"))


try:  # the same in C, as `markupsafe.escape` does it before it wraps the result in a `Markup` (markupsafe >= 3.0)
    from markupsafe._speedups import _escape_inner as escape_text
except ImportError:  # markupsafe without its C part, or another version: the same result, 2-5 times slower
    escape_text = _escape_replacing
# `escape_text(text)`: `text` with `&`, `<`, `>`, `'` and `"` escaped, as a plain `str`: exactly what
# `markupsafe.escape` does to a string, without a `Markup` object for every piece of a fragment that is joined
# and marked safe once (here and in `ametijuhend.render`'s fragments and `{{ … }}` outputs: some 250,000 pieces
# of text in a build of 1,000 positions; the C version is five times as fast as the Python one on Estonian text).


def _id(anchor: str, ids: bool) -> str:
    return f' id="{anchor}"' if ids else ""


# The pieces are appended to one list (`out`) rather than yielded: a position page carries the whole document
# for print, some 100 pieces, and generators nested three deep cost more than the pieces themselves.


def _document(doc: Document, ids: bool) -> list[str]:
    out = [f'<article class="aj-document" lang="et" data-aj-digest="{escape_text(doc.digest)}">']
    if doc.source_note:
        out.append(f'<p class="aj-source-note">{escape_text(doc.source_note)}</p>')
    if doc.note or doc.approval:
        out.append('<div class="aj-approval">')
        if doc.note:
            out.append(f'<p class="aj-note">{escape_text(doc.note)}</p>')
        if doc.approval:
            out.append('<p class="aj-approved">' + "<br>".join([escape_text(line) for line in doc.approval]) + "</p>")
        out.append("</div>")
    out.append(f'<p class="aj-kind">{escape_text(doc.kind)}</p>')
    for section in doc.sections:
        out.append(f'<section class="aj-section"{_id(section.key, ids)}><h2>{escape_text(section.title)}</h2>')
        _blocks(out, section.blocks, ids)
        out.append("</section>")
    if doc.signatures_intro:
        out.append(f'<p class="aj-text">{escape_text(doc.signatures_intro)}</p>')
    if doc.signatures:
        out.append('<div class="aj-signatures">')
        for column in doc.signatures:
            out.append('<p class="aj-signature">' + "<br>".join(
                [escape_text(line) if line else "&nbsp;" for line in column.lines]) + "</p>")
        out.append("</div>")
    if doc.signed_original:
        out.append(f'<p class="aj-signed-original">{escape_text(doc.signed_original)}</p>')
    out.append("</article>")
    return out


def _blocks(out: list[str], blocks: tuple[Block, ...], ids: bool = True) -> None:
    bullets: list[str] = []  # the texts of consecutive bullet paragraphs: one list
    for block in blocks:
        if isinstance(block, Paragraph) and block.kind == "bullet":
            bullets.append(block.text)
            continue
        if bullets:
            out.append(_list(bullets))
            bullets = []
        if isinstance(block, Paragraph):
            out.append(_paragraph(block))
        elif isinstance(block, DutyTable):
            _duties(out, block, ids)
        elif isinstance(block, LabelTable):
            _labels(out, block)
    if bullets:
        out.append(_list(bullets))


def _paragraph(p: Paragraph) -> str:
    if p.kind == "missing":
        return f'<p class="aj-text"><span class="aj-missing">{escape_text(p.text)}</span></p>'
    if p.kind == "label":
        return f'<p class="aj-label"><strong>{escape_text(p.text)}</strong></p>'
    return f'<p class="aj-text">{escape_text(p.text)}</p>'


def _list(items: Iterable[str]) -> str:
    return "<ul>" + "".join([f"<li>{escape_text(item)}</li>" for item in items]) + "</ul>"


def _cell(paragraphs: tuple[Paragraph, ...]) -> str:
    out: list[str] = []
    _blocks(out, paragraphs)
    return "".join(out)


def _labels(out: list[str], block: LabelTable) -> None:
    if block.layout == "above":
        out.append('<table class="aj-general"><tbody>')
        for cells in block.rows:
            out.append("<tr>" + "".join([f'<th scope="col">{escape_text(c.label)}</th>' for c in cells]) + "</tr>")
            out.append("<tr>" + "".join([f"<td>{_cell(c.value)}</td>" for c in cells]) + "</tr>")
        out.append("</tbody></table>")
        return
    out.append('<table class="aj-requirements"><tbody>')
    for (cell,) in block.rows:
        out.append(f'<tr><th scope="row">{escape_text(cell.label)}</th><td>{_cell(cell.value)}</td></tr>')
    out.append("</tbody></table>")


def _duties(out: list[str], block: DutyTable, ids: bool) -> None:
    out.append('<table class="aj-duties"><thead><tr>')
    out.append("".join([f'<th scope="col">{escape_text(c)}</th>' for c in block.columns]))
    out.append("</tr></thead><tbody>")
    for row in block.rows:
        anchor = "ulesanne-" + row.number.rstrip(".").replace(".", "-")
        task = f'<p class="aj-text">{escape_text(row.number)} {escape_text(row.task)}</p>'
        task += _list(row.subtasks) if row.subtasks else ""
        results = f'<p class="aj-text">{escape_text(row.results_intro)}</p>' if row.results_intro else ""
        results += _list(row.results) if row.results else ""
        out.append(f'<tr{_id(anchor, ids)}><td>{task}</td><td>{results}</td></tr>')
    out.append("</tbody></table>")


def page_style(doc: Document, notice: str | None = None) -> Markup:
    """`@page` rules that print the document's footer (id, version, content hash) and its draft or
    incomplete-source mark in the margin boxes of every page, after `notice` (the page's own word that
    the text is not in force: an earlier version, a repealed description). Data goes in as escaped CSS
    strings."""
    footer = f"{doc.position_id} · {doc.version} · {doc.digest}"
    rules = [f"@bottom-left {{ content: {css_string(footer)}; font-size: 8pt; }}"]
    marks = [notice, *doc.marks] if notice else doc.marks
    if marks:
        rules.append(f"@top-center {{ content: {css_string(' · '.join(marks))}; font-size: 9pt; font-weight: 700; }}")
    return Markup("@media print { @page { " + " ".join(rules) + " } }")


def css_string(text: str) -> str:
    """A CSS string literal of `text`: every character but letters, digits, space and safe punctuation
    as a hex escape, so no text can end the string, the rule or the `<style>` element."""
    return '"' + _CSS_UNSAFE.sub(_css_escape, text) + '"'


_CSS_UNSAFE = re.compile(r"[^\w .,:;·—/()-]|_")
"""What `css_string` escapes: `\\w` is `str.isalnum()` and `_`."""


def _css_escape(match: re.Match[str]) -> str:
    return f"\\{ord(match.group()):06x}"
