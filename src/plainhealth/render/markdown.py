"""Markdown: the same content with real headings and lists."""

from __future__ import annotations

import re

from plainhealth.models import Block, BlockKind, Result

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)")


def escape(text: str) -> str:
    """Escape Markdown syntax so the article's text stays text."""
    return _LINE_START.sub(r"\1\\\2\3", _SPECIAL.sub(r"\\\1", text))


def render_markdown(result: Result) -> str:
    article = result.plain
    lines = [f"# {escape(article.title)}", ""] if article.title else []
    if result.article.url:
        lines += [f"Source: <{result.article.url}>", ""]
    previous: Block | None = None
    counter = 0
    for block in article.blocks():
        if block.kind is BlockKind.LIST_ITEM:
            counter = counter + 1 if previous and previous.kind is BlockKind.LIST_ITEM else 1
            marker = f"{counter}." if block.ordered else "-"
            lines.append("   " * block.level + f"{marker} {escape(block.text)}")
        else:
            if previous and previous.kind is BlockKind.LIST_ITEM:
                lines.append("")
            is_heading = block.kind is BlockKind.HEADING
            lines += [_heading(block) if is_heading else escape(block.text), ""]
        previous = block
    return "\n".join(lines).rstrip() + "\n"


def _heading(block: Block) -> str:
    return "#" * min(6, max(2, block.level)) + " " + escape(block.text)
