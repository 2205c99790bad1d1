"""Turn a `Project` into the site's pages: a Jinja2 environment with autoescaping and one template per page kind.

Knows nothing of MkDocs: `render_site` returns Markdown text per page address
and the other files; the hook (`hooks/ametijuhendid.py`) hands them to MkDocs.
"""

from . import blocks
from .model import SiteModel
from .site import RenderedPage, RenderedSite, RenderOptions, export_json, render_fragment, render_site

__all__ = [
    "RenderOptions", "RenderedPage", "RenderedSite", "SiteModel", "blocks", "export_json", "render_fragment",
    "render_site",
]
