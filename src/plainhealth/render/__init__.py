"""Renderers: Result -> text in one output format. They never re-parse text."""

from __future__ import annotations

from collections.abc import Callable

from plainhealth.models import Result
from plainhealth.render.html import render_html
from plainhealth.render.json import render_json
from plainhealth.render.markdown import render_markdown
from plainhealth.render.text import render_text

RENDERERS: dict[str, Callable[[Result], str]] = {
    "txt": render_text,
    "md": render_markdown,
    "json": render_json,
    "html": render_html,
}
FORMATS = tuple(RENDERERS)
