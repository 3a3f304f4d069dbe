"""Plain text: the key safety points, then the article, then "Words to know" and "About
this handout"; blank lines between.

What plainhealth adds is labelled: the key points and safety notes say so, explanations are
in [brackets] marked "Word to know", and a term explained only in the word list carries a
``*``. A legend under the title says all of this once. The labels, the legend and the
"About" lines are shared with the Markdown and HTML outputs.
"""

from __future__ import annotations

from plainhealth.errors import printable
from plainhealth.models import (
    Addition,
    AdditionKind,
    Block,
    BlockKind,
    KeyPoint,
    Note,
    NotePosition,
    Progress,
    Result,
    TermUse,
    joined,
    list_numbers,
)

EXPLANATION_LABEL = "Word to know"
NOTE_LABEL = "Safety note"
KEY_POINTS_LABEL = "Key safety points (added by plainhealth)"
WORDS_LABEL = "Words to know (added by plainhealth from its glossary)"
ABOUT_LABEL = "About this handout"
MARK = "*"
# Said of every "Words to know" source in the report and `glossary show`, so no reader
# takes a located page for a checked one.
SOURCE_CHECKED = "our wording checked against this page"
SOURCE_NOT_CHECKED = "source page located; our wording not yet checked against it"


def language_note(result: Result) -> str | None:
    """For an article not in English: why nothing was explained, noted or rewritten."""
    if result.before.language_supported:
        return None
    return (f"{result.article.language_said}; plainhealth's glossary, "
            "safety notes, plain-language rewriting and readability formulas are for English "
            "only, so none of them were applied")


def language_caveat(result: Result) -> str | None:
    """The same, as the note at the top of each output."""
    note = language_note(result)
    return f"Note added by plainhealth: {note}; the text is the article as written." \
        if note else None


def legend(result: Result, marks: str = f"Words marked {MARK}") -> str | None:
    """One line under the title saying what plainhealth added, when it added anything."""
    kinds = _added_kinds(result)
    if not kinds and not result.key_points:
        return None
    parts = ["key safety points"] if result.key_points else []
    if kinds & {AdditionKind.NOTE, AdditionKind.POINTER}:
        parts.append("safety notes")
    if AdditionKind.EXPLANATION in kinds:
        parts.append(f"“{EXPLANATION_LABEL}” parts")
    if listed(result):
        parts.append("the word list")
    added = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    tail = (f" {marks} are in the list." if AdditionKind.MARK in kinds else "")
    return f"Added by plainhealth: {added}.{tail}"


def _added_kinds(result: Result) -> set[AdditionKind]:
    return {a.kind for b in result.plain.prose_blocks() for a in b.additions}


def listed(result: Result) -> tuple[TermUse, ...]:
    """The terms in "Words to know": all but the common ones (none with --explain none)."""
    return tuple(t for t in result.terms if t.explained)


def general_note(result: Result, position: NotePosition) -> Note | None:
    return next((n for n in result.notes if n.position is position), None)


def point_line(point: KeyPoint) -> str:
    return point.text if point.in_body else f"{point.text} Source: {point.source}"


def render_text(result: Result) -> str:
    article = result.plain
    parts = [article.title] if article.title else []
    caveat = language_caveat(result)
    parts += [f"[{caveat}]"] if caveat else []
    line = legend(result)
    parts += [f"[{line}]"] if line else []
    parts += key_points(result)
    rules = rules_overlay_line(result)
    parts += [rules] if rules else []
    parts += _body(article.blocks())
    terms = listed(result)
    if terms:
        parts.append(WORDS_LABEL)
        parts.extend(_word_to_know(term) for term in terms)
    parts.append(ABOUT_LABEL)
    parts.extend(about_lines(result))
    return "\n\n".join(parts) + "\n"


def key_points(result: Result) -> list[str]:
    if not result.key_points:
        return []
    lines = [f"{KEY_POINTS_LABEL}:", *(f"- {point_line(p)}" for p in result.key_points)]
    return ["\n".join(lines)]


def _body(blocks: tuple[Block, ...]) -> list[str]:
    """Paragraphs and list items; the notes of a list come after the whole list."""
    out: list[str] = []
    held: list[str] = []
    for block, number in list_numbers(blocks):
        if block.kind is not BlockKind.LIST_ITEM and held:
            out += held
            held = []
        text, notes = _block(block, number)
        out.append(text)
        (held if block.kind is BlockKind.LIST_ITEM else out).extend(notes)
    return out + held


def _block(block: Block, number: int) -> tuple[str, list[str]]:
    """The block as one paragraph with explanations and marks in place, and its notes; a
    list item with its number (an ordered list's) or a dash."""
    text, notes = (block.text.strip(), []) if not block.additions else _pieces(block)
    if block.kind is BlockKind.LIST_ITEM:
        text = "  " * block.level + f"{f'{number}.' if number else '-'} {text}"
    return text, notes


def _pieces(block: Block) -> tuple[str, list[str]]:
    pieces: list[str] = []
    notes: list[str] = []
    glue = False
    for segment in block.segments():
        if isinstance(segment, str):
            joined(pieces, segment, glue)
        elif segment.kind is AdditionKind.EXPLANATION:
            pieces.append(explanation(segment))
        elif segment.kind is AdditionKind.MARK:
            joined(pieces, MARK, True)
        else:
            notes.append(note_text(segment))
        glue = not isinstance(segment, str) and segment.kind is AdditionKind.MARK
    return " ".join(p for p in pieces if p), notes


def note_text(addition: Addition) -> str:
    if addition.kind is AdditionKind.POINTER:
        return f"[{addition.text}]"
    return f"[{NOTE_LABEL}: {addition.text} Source: {addition.source}]"


def explanation(addition: Addition) -> str:
    return f"[{EXPLANATION_LABEL}: {addition.label} — {addition.text}]"


def _word_to_know(term: TermUse) -> str:
    return f"- {term.forms[0]}: {term.explain} Source: {term.source}"


def source_check(term: TermUse) -> str:
    """Whether the entry was compared with its source page's text, in words."""
    return SOURCE_CHECKED if term.source_read else SOURCE_NOT_CHECKED


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


def progress_line(progress: Progress) -> str:
    """How far the rewriting followed the target grade, in one sentence."""
    # Two decimals where one would hide a miss ("6.0; the target was 6").
    after = f"{progress.after:.{2 if round(progress.after, 1) <= progress.target else 1}f}" \
        if not progress.reached else f"{progress.after:.1f}"
    grades = f"The text now reads at grade {after} (the original: {progress.before:.1f}); "
    if progress.reached:
        return grades + f"the target was grade {progress.target:g}, and it was reached."
    return grades + (f"the target was grade {progress.target:g}: {progress.above} of "
                     f"{progress.sentences} sentences are still above that grade.")


def about_lines(result: Result) -> list[str]:
    """Provenance a reader may want but a patient does not need up front: where the page
    came from, how it was changed, how the additions were sourced, and the glossary."""
    source = result.article.address or printable(result.source)
    lines = [f"Made by {result.generator} from {source}"
             + (f" (retrieved {result.article.retrieved})." if result.article.retrieved
                else ".")]
    reworded = result.reworded
    lines.append(f"plainhealth reworded {reworded} sentence{'s' if reworded != 1 else ''} "
                 "in plainer words, keeping every number, dose and warning." if reworded
                 else "The article's own wording is kept.")
    progress = result.rewriting
    if progress is not None:
        lines.append(progress_line(progress))
    terms = listed(result)
    if terms:
        unchecked = [t.forms[0] for t in terms if not t.source_read]
        lines.append("Each word explanation is plainhealth's own wording, based on the public "
                     "health page it names; "
                     + (f"it was checked against that page for all {len(terms)}." if not
                        unchecked else f"{len(terms) - len(unchecked)} of {len(terms)} were "
                        "checked against their page (not yet: " + ", ".join(unchecked) + ")."))
    if any(n.position is NotePosition.AFTER_BLOCK for n in result.notes) or result.key_points:
        lines.append("Safety notes are plainhealth's own wording of what the public health "
                     "agency each names says.")
    if terms or result.key_points:
        lines.append("No explanation or note has been reviewed by a health professional.")
    overlay = overlay_line(result)
    lines += [overlay] if overlay else []
    lines.append(f"Glossary version: {result.glossary_version or 'unknown'}.")
    general = general_note(result, NotePosition.END)
    lines += [general.text] if general else []
    return lines
