"""The human-readable readability table that `plainhealth score` prints."""

from __future__ import annotations

from collections.abc import Sequence

from plainhealth.errors import printable
from plainhealth.models import Change, Result, Scores

ROWS = (
    ("Flesch-Kincaid grade", "flesch_kincaid_grade"),
    ("SMOG grade", "smog_index"),
    ("Gunning Fog", "gunning_fog"),
    ("Coleman-Liau", "coleman_liau_index"),
    ("Dale-Chall", "dale_chall"),
    ("Flesch Reading Ease", "flesch_reading_ease"),
    ("Words", "words"),
    ("Sentences", "sentences"),
    ("Syllables per word", "syllables_per_word"),
    ("Words per sentence", "words_per_sentence"),
)


def _value(scores: Scores, attr: str) -> str:
    value = getattr(scores, attr)
    return str(value) if isinstance(value, int) else f"{value:.1f}"


def score_table(result: Result) -> str:
    before, after = result.before.document, result.after.document
    lines = [result.article.title or printable(result.source), "",
             f"{'':<22}{'before':>8}{'after':>8}"]
    lines += [f"{label:<22}{_value(before, attr):>8}{_value(after, attr):>8}"
              for label, attr in ROWS]
    if not result.before.language_supported:
        lines += ["", f"Note: {result.article.language_said}; these formulas are for "
                  "English and do not apply."]
    lines += ["", "Hardest sentences (Flesch-Kincaid grade):"]
    lines += [f"  {s.grade:5.1f}  {s.text}" for s in before.hardest]
    if result.before.sections:
        lines += ["", "By section (Flesch-Kincaid grade before → after):"]
        after_by_heading = {s.heading: s.scores for s in result.after.sections}
        for section in result.before.sections:
            later = after_by_heading.get(section.heading, section.scores)
            name = section.heading or "(introduction)"
            lines.append(f"  {section.scores.flesch_kincaid_grade:5.1f} → "
                         f"{later.flesch_kincaid_grade:5.1f}  {name}")
    return "\n".join(lines) + "\n"


def terms_table(result: Result) -> str:
    """What `plainhealth terms` prints: explained terms, then words the glossary lacks."""
    lines = [result.article.title or printable(result.source), "",
             f"Explained by the glossary ({len(result.terms)}):"]
    for term in result.terms:
        lines.append(f"  {term.forms[0]} ×{term.count} [{term.id}]: {term.explain}")
        lines.append(f"      source: {term.source} ({term.status})")
    lines += ["", f"Hard words the glossary does not explain ({len(result.unexplained)}):"]
    lines += [f"  {w.word} ×{w.count} (frequency {w.zipf:.1f})" for w in result.unexplained]
    return "\n".join(lines) + "\n"


def notes_table(result: Result) -> str:
    """What `plainhealth check` prints: each claim or substance found, and its note."""
    found = [n for n in result.notes if n.sentence]
    lines = [result.article.title or printable(result.source), "",
             f"Risky claims and substances found ({len(found)}):"]
    for note in found:
        lines.append(f"  [{note.severity}] {note.rule} (section {note.section + 1}, "
                     f"paragraph {note.block + 1})")
        lines.append(f"      sentence: {note.sentence}")
        if note.words:
            lines.append(f"      fired on: {note.words!r} ({note.by})")
        lines.append(f"      note: {note.text}")
        lines.append(f"      source: {note.source}")
    return "\n".join(lines) + "\n"


def changes_text(source: str, changes: Sequence[Change]) -> str:
    """Every rewrite, readable: rule, where, the sentence before and after."""
    lines = [f"{source}: {len(changes)} change(s)"]
    for change in changes:
        lines.append(f"  [{change.rule}] section {change.section + 1}, paragraph "
                     f"{change.block + 1}, sentence {change.sentence + 1}")
        lines.append(f"    - {change.before}")
        lines.append(f"    + {change.after}")
        if change.reason:
            lines.append(f"    not applied: {change.reason}")
    return "\n".join(lines) + "\n"
