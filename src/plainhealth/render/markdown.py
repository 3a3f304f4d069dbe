"""Markdown: the same content with real headings and lists.

Explanations are italic bracketed asides and notes are block quotes, each labelled as
added by plainhealth.
"""

from __future__ import annotations

import re

from plainhealth.models import (
    AdditionKind,
    Block,
    BlockKind,
    Result,
    TermUse,
    list_numbers,
)
from plainhealth.render.text import (
    EXPLANATION_LABEL,
    NOTE_LABEL,
    language_caveat,
    overlay_line,
    rules_overlay_line,
    source_check,
    top_notes,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+)([.)]?(?:\s|$))")
"""A list marker at the start: "- ", "+ ", "1. " or "1) ", or alone ("1."), escaped as
"\\-", "1\\."."""
_RULE_LINE = re.compile(r"^(\s*)(?=[-=][-=\s]*$)")
"""A line of dashes or equals signs, which Markdown reads as a rule or a heading line."""


def escape(text: str) -> str:
    """Escape Markdown syntax so the article's text stays text."""
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
    if result.article.url:
        lines += [f"Source: <{result.article.url}>", ""]
    caveat = language_caveat(result)
    lines += [f"> {escape(caveat)}", ""] if caveat else []
    for note in top_notes(result):
        lines += [f"> **{NOTE_LABEL}:** {escape(note.text)} Source: <{note.source}>", ""]
    rules = rules_overlay_line(result)
    lines += [f"_{escape(rules)}_", ""] if rules else []
    previous: Block | None = None
    for block, number in list_numbers(article.blocks()):
        text, notes = _inline(block)
        if block.kind is BlockKind.LIST_ITEM:
            marker = f"{number}." if number else "-"
            indent = "   " * block.level
            lines.append(f"{indent}{marker} {text}")
            lines += [f"{indent}   {line}" for line in notes]
        else:
            if previous and previous.kind is BlockKind.LIST_ITEM:
                lines.append("")
            lines += [_heading(block) if block.kind is BlockKind.HEADING else text, ""]
            lines += [line for note in notes for line in (note, "")]
        previous = block
    if result.terms:
        lines += ["", "## Words to know", "",
                  "_Added by plainhealth from its glossary; each entry names its source and "
                  "says whether our wording was checked against it._", ""]
        overlay = overlay_line(result)
        lines += [f"_{escape(overlay)}_", ""] if overlay else []
        lines += [_word_to_know(term) for term in result.terms]
    return "\n".join(lines).rstrip() + "\n"


def _inline(block: Block) -> tuple[str, list[str]]:
    pieces: list[str] = []
    notes: list[str] = []
    for segment in block.segments():
        if isinstance(segment, str):
            pieces.append(escape(segment))
        elif segment.kind is AdditionKind.EXPLANATION:
            pieces.append(f"_\\[{EXPLANATION_LABEL}: **{escape(segment.label)}** — "
                          f"{escape(segment.text)}\\]_")
        else:
            notes.append(f"> **{NOTE_LABEL}:** {escape(segment.text)} "
                         f"Source: <{segment.source}>")
    return " ".join(p for p in pieces if p), notes


def _heading(block: Block) -> str:
    return "#" * min(6, max(2, block.level)) + " " + escape(block.text)


def _word_to_know(term: TermUse) -> str:
    return (f"- **{escape(term.forms[0])}**: {escape(term.explain)} Source: <{term.source}> "
            f"({escape(source_check(term))})")
