"""Plain text: title, headings, paragraphs and list items, blank lines between."""

from __future__ import annotations

from plainhealth.models import Block, BlockKind, Result


def render_text(result: Result) -> str:
    article = result.plain
    parts = [article.title] if article.title else []
    for block in article.blocks():
        parts.append(_line(block))
    return "\n\n".join(parts) + "\n"


def _line(block: Block) -> str:
    if block.kind is BlockKind.LIST_ITEM:
        return "  " * block.level + f"- {block.text}"
    return block.text
