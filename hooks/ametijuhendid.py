"""MkDocs hook of the site: registers the events of `ametijuhend.hook.SiteHook` (see there)."""

from ametijuhend.hook import SiteHook

_hook = SiteHook()

on_startup = _hook.on_startup
on_config = _hook.on_config
on_files = _hook.on_files
on_page_read_source = _hook.on_page_read_source
on_page_content = _hook.on_page_content
on_post_page = _hook.on_post_page
on_post_template = _hook.on_post_template
on_env = _hook.on_env
on_nav = _hook.on_nav
on_template_context = _hook.on_template_context
on_post_build = _hook.on_post_build
on_build_error = _hook.on_build_error
on_shutdown = _hook.on_shutdown
on_serve = _hook.on_serve
