"""`ametijuhend.shell`: the theme's page cut into a shell at its markers, and what it refuses."""

from __future__ import annotations

import pytest

from ametijuhend.shell import EDIT, TITLE, TOC, Shell, ShellError, Values, make_shell

BODY = "<!--body-->"
ITEMS = tuple(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in TOC)
URL = "ametikohad/x/ajalugu/"


def theme(title: str = TITLE, edit: str = EDIT, toc: str = "\n".join(ITEMS), body: str = BODY,
          canonical: str = f"https://example.test/{URL}", skip: str = TOC[0][0]) -> str:
    return (f'<html><head><title>{title} - Sait</title><link rel="canonical" href="{canonical}"></head><body>'
            f'<a href="#{skip}" class="md-skip">Edasi</a><header>{title}</header>'
            f'<a href="https://git.test/edit/{edit}">Muuda</a><ul>{toc}</ul><article>{body}</article></body></html>')


def shell_of(output: str) -> Shell:
    return make_shell(output, body_marker=BODY, toc_items=(ITEMS[0], ITEMS[1]),
                      canonical=f"https://example.test/{URL}", url=URL)


def test_filled_shell_is_the_theme_page_of_other_values() -> None:
    items = ['<li><a href="#a">A &amp; B</a></li>', '<li><a href="#b">C</a></li>', '<li><a href="#c">D</a></li>']
    values = Values("Ajalugu <b> & co", "positions/y.yaml", "https://example.test/ametikohad/y/ajalugu/", items, "a",
                    "<h1>Y</h1>")
    expected = theme(title="Ajalugu &lt;b&gt; &amp; co", edit="positions/y.yaml", toc="\n".join(items),
                     body="<h1>Y</h1>", canonical="https://example.test/ametikohad/y/ajalugu/", skip="a")
    # the <title> too: Material writes the front matter's (escaped) title there as it is
    assert shell_of(theme()).fill(values) == expected


@pytest.mark.parametrize("broken", [
    theme(body=""),                               # no content marker
    theme(body=BODY + BODY),                      # the content twice
    theme(toc=ITEMS[0]),                          # a table of contents item missing
    theme(toc="\n".join(ITEMS) + ITEMS[0]),       # an item twice
    theme() + f'<meta content="{URL}">',          # the page's address where the shell cannot replace it
])
def test_theme_pages_the_shell_cannot_use_are_refused(broken: str) -> None:
    with pytest.raises(ShellError):
        shell_of(broken)
