"""mkdocs-macros for the hand-written pages in docs/ (only pages with `render_macros: true`).

Figures and tables drawn from the data. Numbers are safe as they are; anything
with data text is an HTML fragment rendered by the library's autoescaping
environment, so data never becomes Markdown or Jinja here either.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ametijuhend.hook import site_model
from ametijuhend.models import Status
from ametijuhend.render import SiteModel, render_fragment


def define_env(env: Any) -> None:
    def site() -> SiteModel:
        return site_model(env.conf)

    def page_url() -> str:
        return env.page.url if env.page else ""

    @env.macro
    def arvud() -> dict[str, int]:
        """Counts for running text: `{{ arvud().ametikohad }}`."""
        model = site()
        published = model.published.values()
        return {
            "ametikohad": len(model.published),
            "kehtivad": sum(p.status is Status.KEHTIV for p in published),
            "mustandid": sum(p.status is Status.MUSTAND for p in published),
            "yksused": len(model.links.units),
            "kompetentsid": len(model.links.competencies),
            "viidatud": len(model.links.referenced),
        }

    @env.macro
    def yksuste_tabel() -> Markup:
        """Table of the departments and their positions (HTML block)."""
        return Markup(render_fragment(site(), "fragments/unit_table.html.j2", page_url()))
