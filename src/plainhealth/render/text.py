"""Plain text: title, headings, paragraphs and list items, blank lines between.

Everything plainhealth adds is bracketed and labelled as added by plainhealth.
"""

from __future__ import annotations

from plainhealth.models import (
    Addition,
    AdditionKind,
    Block,
    BlockKind,
    Note,
    NotePosition,
    Result,
    TermUse,
    list_numbers,
)

EXPLANATION_LABEL = "Word to know, added by plainhealth"
NOTE_LABEL = "Safety note (added by plainhealth)"
# Said after every "Words to know" source, so no reader takes a located page for a checked one.
SOURCE_CHECKED = "our wording checked against this page"
SOURCE_NOT_CHECKED = "source page located; our wording not yet checked against it"


def language_note(result: Result) -> str | None:
    """For an article not in English: why nothing was explained, noted or rewritten."""
    if result.before.language_supported:
        return None
    return (f"the article's language is {result.article.lang!r}; plainhealth's glossary, "
            "safety notes, plain-language rewriting and readability formulas are for English "
            "only, so none of them were applied")


def language_caveat(result: Result) -> str | None:
    """The same, as the note at the top of each output."""
    note = language_note(result)
    return f"Note added by plainhealth: {note}; the text is the article as written." \
        if note else None


def render_text(result: Result) -> str:
    article = result.plain
    parts = [article.title] if article.title else []
    caveat = language_caveat(result)
    parts += [f"[{caveat}]"] if caveat else []
    parts += [note_line(n) for n in top_notes(result)]
    rules = rules_overlay_line(result)
    parts += [rules] if rules else []
    for block, number in list_numbers(article.blocks()):
        parts.extend(_block(block, number))
    if result.terms:
        parts.append("Words to know (added by plainhealth from its glossary)")
        overlay = overlay_line(result)
        parts += [overlay] if overlay else []
        parts.extend(_word_to_know(term) for term in result.terms)
    return "\n\n".join(parts) + "\n"


def rules_overlay_line(result: Result) -> str | None:
    """Which safety rules a local overlay replaced: their notes (or their silence) are the
    library's, not plainhealth's shipped, sourced rules."""
    if not result.safety_overrides:
        return None
    return ("Safety rules replaced by a local overlay: "
            + ", ".join(result.safety_overrides) + ".")


def overlay_line(result: Result) -> str | None:
    """Which explanations came from a local overlay folder rather than the shipped glossary,
    so a reader knows plainhealth's sourcing rules may not cover them."""
    overridden = set(result.glossary_overrides)
    names = [f"{t.forms[0]} ({t.id}, replaces the shipped entry)" if t.id in overridden
             else f"{t.forms[0]} ({t.id})" for t in result.terms if t.overlay]
    if not names:
        return None
    return "Glossary entries from a local overlay: " + "; ".join(names) + "."


def _block(block: Block, number: int) -> list[str]:
    """The block as one paragraph with explanations inline, then its notes; a list item
    with its number (an ordered list's) or a dash."""
    pieces: list[str] = []
    notes: list[str] = []
    for segment in block.segments():
        if isinstance(segment, str):
            pieces.append(segment)
        elif segment.kind is AdditionKind.EXPLANATION:
            pieces.append(explanation(segment))
        else:
            notes.append(f"{NOTE_LABEL}: {segment.text} Source: {segment.source}")
    text = " ".join(p for p in pieces if p)
    if block.kind is BlockKind.LIST_ITEM:
        text = "  " * block.level + f"{f'{number}.' if number else '-'} {text}"
    return [text, *notes]


def explanation(addition: Addition) -> str:
    return f"[{EXPLANATION_LABEL}: “{addition.label}” — {addition.text}]"


def _word_to_know(term: TermUse) -> str:
    return f"- {term.forms[0]}: {term.explain} Source: {term.source} ({source_check(term)})"


def source_check(term: TermUse) -> str:
    """Whether the entry was compared with its source page's text, in words."""
    return SOURCE_CHECKED if term.source_read else SOURCE_NOT_CHECKED


def top_notes(result: Result) -> list[Note]:
    return [n for n in result.notes if n.position is NotePosition.TOP]


def note_line(note: Note) -> str:
    return f"{NOTE_LABEL}: {note.text} Source: {note.source}"
