"""Markdown: the same content as the text output, with real headings and lists.

The key points and notes are block quotes, explanations italic bracketed asides, and a term
explained only in the word list links to its entry there.
"""

from __future__ import annotations

import re

from plainhealth.models import (
    AdditionKind,
    Block,
    BlockKind,
    Result,
    TermUse,
    joined,
    list_numbers,
)
from plainhealth.render.text import (
    ABOUT_LABEL,
    EXPLANATION_LABEL,
    KEY_POINTS_LABEL,
    NOTE_LABEL,
    about_lines,
    language_caveat,
    legend,
    listed,
    point_line,
    rules_overlay_line,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+)([.)]?(?:\s|$))")
"""A list marker at the start: "- ", "+ ", "1. " or "1) ", or alone ("1."), escaped as
"\\-", "1\\."."""
_RULE_LINE = re.compile(r"^(\s*)(?=[-=][-=\s]*$)")
"""A line of dashes or equals signs, which Markdown reads as a rule or a heading line."""
_MAYBE_SYNTAX = re.compile(r"[\\`*_{}\[\]<>#|=+-]|^\s*\d")
"""What any of the three patterns above needs to find in a text to change it."""


def escape(text: str) -> str:
    """Escape Markdown syntax so the article's text stays text."""
    if not _MAYBE_SYNTAX.search(text):  # most texts: letters, digits, spaces, punctuation
        return text
    return _escaped(text)


def _escaped(text: str) -> str:
    escaped = _LINE_START.sub(_unlisted, _SPECIAL.sub(r"\\\1", text))
    return _RULE_LINE.sub(r"\1\\", escaped)


def _unlisted(match: re.Match[str]) -> str:
    """The backslash goes before the punctuation: CommonMark shows "\\1." as written."""
    indent, marker, rest = match.groups()
    if marker.isdigit():
        return f"{indent}{marker}\\{rest}" if rest[:1] in (".", ")") else match.group(0)
    return f"{indent}\\{marker}{rest}"


def render_markdown(result: Result) -> str:
    article = result.plain
    lines = [f"# {escape(article.title)}", ""] if article.title else []
    if result.article.address:
        lines += [f"Source: <{result.article.address}>", ""]
    caveat = language_caveat(result)
    lines += [f"> {escape(caveat)}", ""] if caveat else []
    line = legend(result, "Linked words")
    lines += [f"_{escape(line)}_", ""] if line else []
    lines += _key_points(result)
    rules = rules_overlay_line(result)
    lines += [f"_{escape(rules)}_", ""] if rules else []
    slugs = {t.id: anchor(t.forms[0]) for t in listed(result)}
    held: list[str] = []
    previous: Block | None = None
    for block, number in list_numbers(article.blocks()):
        text, notes = _inline(block, slugs)
        if block.kind is BlockKind.LIST_ITEM:
            marker = f"{number}." if number else "-"
            indent = "   " * block.level
            lines.append(f"{indent}{marker} {text}")
            held += [line for note in notes for line in ("", note)]
        else:
            if previous and previous.kind is BlockKind.LIST_ITEM:
                lines += [*held, ""]
                held = []
            lines += [_heading(block) if block.kind is BlockKind.HEADING else text, ""]
            lines += [line for note in notes for line in (note, "")]
        previous = block
    lines += held
    terms = listed(result)
    if terms:
        lines += ["", "## Words to know", "", "_Added by plainhealth from its glossary._", ""]
        lines += [_word_to_know(term) for term in terms]
    lines += ["", f"## {ABOUT_LABEL}", ""]
    lines += [line for text in about_lines(result) for line in (escape(text), "")]
    return "\n".join(lines).rstrip() + "\n"


def anchor(name: str) -> str:
    """The id GitHub-style renderers give the heading or bold term ``name``."""
    return "word-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _key_points(result: Result) -> list[str]:
    if not result.key_points:
        return []
    lines = [f"> **{KEY_POINTS_LABEL}:**", ">"]
    lines += [f"> - {escape(point_line(p))}" for p in result.key_points]
    return [*lines, ""]


def _inline(block: Block, slugs: dict[str, str]) -> tuple[str, list[str]]:
    if not block.additions:  # most blocks of a long page
        return escape(block.text.strip()), []
    return _pieces(block, slugs)


def _pieces(block: Block, slugs: dict[str, str]) -> tuple[str, list[str]]:
    pieces: list[str] = []
    notes: list[str] = []
    glue = False
    for segment in block.segments():
        mark = not isinstance(segment, str) and segment.kind is AdditionKind.MARK
        if isinstance(segment, str):
            joined(pieces, escape(segment), glue)
        elif segment.kind is AdditionKind.EXPLANATION:
            pieces.append(f"_\\[{EXPLANATION_LABEL}: **{escape(segment.label)}** — "
                          f"{escape(segment.text)}\\]_")
        elif segment.kind is AdditionKind.MARK:
            if pieces and segment.ref in slugs:
                pieces[-1] = _link_last(pieces[-1], escape(segment.label), slugs[segment.ref])
        elif segment.kind is AdditionKind.POINTER:
            notes.append(f"> _{escape(segment.text)}_")
        else:
            notes.append(f"> **{NOTE_LABEL}:** {escape(segment.text)} "
                         f"Source: <{segment.source}>")
        glue = mark
    return " ".join(p for p in pieces if p), notes


def _link_last(text: str, label: str, slug: str) -> str:
    """``text`` ends with ``label`` (the term's first use): make it a link to its entry."""
    if not label or not text.endswith(label):
        return text
    return f"{text[:-len(label)]}[{label}](#{slug})"


def _heading(block: Block) -> str:
    return "#" * min(6, max(2, block.level)) + " " + escape(block.text)


def _word_to_know(term: TermUse) -> str:
    return (f'- <a id="{anchor(term.forms[0])}"></a>**{escape(term.forms[0])}**: '
            f"{escape(term.explain)} Source: <{term.source}>")
