"""Turn a `Project` into the site's pages: one view model per page, autoescaping Jinja2 templates.

Knows nothing of MkDocs: `render_site` plans every generated page (address, title, table of
contents, anchors; HTML on demand) and the other files; `ametijuhend.hook` hands them to MkDocs.
"""

from .model import SiteModel
from .site import RenderedPage, RenderedSite, RenderOptions, export_json, render_fragment, render_site
from .views import Heading, PositionView, Section, position_sections, position_view

__all__ = [
    "Heading", "PositionView", "RenderOptions", "RenderedPage", "RenderedSite", "Section", "SiteModel",
    "export_json", "position_sections", "position_view", "render_fragment", "render_site",
]
