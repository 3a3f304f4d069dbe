"""Markdown → Article, parsed by markdown-it-py (CommonMark, with GFM tables): headings,
paragraphs, nested lists and tables kept; emphasis, links and code marks dropped."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from plainhealth.models import Article, Block, BlockKind, Page
from plainhealth.source.article import build_article, clean, table_blocks

if TYPE_CHECKING:
    from markdown_it.token import Token

_TAG = re.compile(r"<[^>]*>")


def read_markdown(page: Page) -> Article:
    """The article in a Markdown file."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": True}).enable("table")
    return build_article(page, _blocks(parser.parse(page.html)))


def _blocks(tokens: list[Token]) -> list[Block]:
    blocks: list[Block] = []
    lists: list[bool] = []  # ordered or not, for each list we are inside
    in_item = table_row = 0
    rows: list[list[str]] = []
    headed = False
    for position, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append(kind == "ordered_list_open")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            in_item += 1
        elif kind == "list_item_close":
            in_item -= 1
        elif kind == "table_open":
            rows, headed = [], False
        elif kind == "thead_open":
            headed = True
        elif kind == "tr_open":
            rows.append([])
            table_row = 1
        elif kind == "table_close":
            blocks.extend(table_blocks(rows, headed))
            table_row = 0
        elif kind == "inline" and table_row:
            rows[-1].append(_inline_text(token))
        elif kind == "inline":
            blocks.append(_block(token, tokens[position - 1], lists, bool(in_item)))
        elif kind in ("fence", "code_block", "html_block"):
            text = _TAG.sub(" ", token.content) if kind == "html_block" else token.content
            blocks.append(Block(BlockKind.PARAGRAPH, clean(text), verbatim=kind != "html_block"))
    return blocks


def _block(token: Token, opener: Token, lists: list[bool], in_item: bool) -> Block:
    text = _inline_text(token)
    if opener.type == "heading_open":
        return Block(BlockKind.HEADING, text, level=int(opener.tag[1]))
    if in_item and lists:
        return Block(BlockKind.LIST_ITEM, text, level=len(lists) - 1, ordered=lists[-1])
    return Block(BlockKind.PARAGRAPH, text)


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)  # its alternative text
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append(" ")
    return clean("".join(parts))
