"""Addresses of the generated pages (see DEVELOPING.md, "Site conventions").

Every page has a directory URL relative to the site root (`ametikohad/<id>/`);
links inside the generated HTML blocks are relative to the page that holds them,
so the site works from any folder of any static web server.
"""

from __future__ import annotations

POSITIONS = "ametikohad/"
UNITS = "yksused/"
COMPETENCIES = "kompetentsid/"
MATRIX = "kompetentsid/maatriks/"
QUALITY = "andmekvaliteet/"
EXPORT = "andmed/ametikohad.json"
POSITION_ROWS = "andmed/ametikohad-read.js"
"""Every row of the positions list, for its filters when the list is longer than one page (`paging`)."""
SCHEMA_DIR = "andmed/schema/"
CHANGES = "muudatused/"
FEED = "muudatused.xml"
COMPARE = "vordle/"
POSITION_JSON_DIR = "andmed/ametikohad/"


def position(position_id: str) -> str:
    return f"{POSITIONS}{position_id}/"


def history(position_id: str, version: str | None = None) -> str:
    """`ametikohad/<id>/ajalugu/`, or one earlier version of the position: `ametikohad/<id>/ajalugu/<version>/`."""
    return f"{POSITIONS}{position_id}/ajalugu/" + (f"{version}/" if version else "")


def position_json(position_id: str, version: str | None = None) -> str:
    """`andmed/ametikohad/<id>.json`, or `<id>@<version>.json` for an earlier approved version (compare page)."""
    return f"{POSITION_JSON_DIR}{position_id}" + (f"@{version}" if version else "") + ".json"


def document(position_id: str, kind: str) -> str:
    """The official document of a position beside its page: `ametikohad/<id>/<id>.docx` (or `.pdf`)."""
    return f"{position(position_id)}{position_id}.{kind}"


def unit(unit_id: str) -> str:
    return f"{UNITS}{unit_id}/"


def competency(competency_id: str) -> str:
    return f"{COMPETENCIES}{competency_id}/"


def duty_anchor(number: str) -> str:
    """`3.4` → `ulesanne-3-4`: depends on the official number only, so it survives edits elsewhere."""
    return "ulesanne-" + number.replace(".", "-")


def src_uri(url: str) -> str:
    """The virtual Markdown file that MkDocs turns into the page at `url` (`a/b/` → `a/b.md`, `a/` → `a/index.md`)."""
    parts = url.rstrip("/").split("/")
    if url in (POSITIONS, UNITS, COMPETENCIES):
        return f"{parts[0]}/index.md"
    return "/".join(parts) + ".md"


def relative(from_url: str, to_url: str) -> str:
    """Relative link from the page at directory URL `from_url` to `to_url` (a page, a file or `page/#anchor`).

    Plain string work (no `os.path`): it runs for every link of every page.
    """
    path, hash_, anchor = to_url.partition("#")
    if path in ("", from_url) and anchor:
        return hash_ + anchor
    if path == from_url:
        return "./" + hash_ + anchor
    base = [part for part in from_url.split("/") if part]
    target = path.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    rel = "../" * (len(base) - common) + "/".join(target[common:])
    return (rel or "./") + hash_ + anchor
