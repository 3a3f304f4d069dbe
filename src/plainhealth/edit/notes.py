"""Safety notes as an editor places them: each concern stated once at the top, most serious
first; its full note once, after the paragraph that first raised it; a one-line pointer
where a later section raises it again. Note texts come verbatim from
``glossary/safety.toml`` (:mod:`plainhealth.safety.rules`): plainhealth composes no advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from plainhealth.language.sentences import split
from plainhealth.models import Addition, AdditionKind, KeyPoint, Note, NotePosition, NoteShown
from plainhealth.safety.notes import Found
from plainhealth.safety.rules import Kind, Rule, Rules

GENERAL_NOTE = "not-medical-advice"
HELP_LINE = "help-line"
_SEVERITY_RANK = {"warning": 0, "caution": 1, "info": 2}
_KIND_RANK = {Kind.SUBSTANCE: 0, Kind.CLAIM: 1, Kind.GENERAL: 2}


@dataclass(frozen=True)
class Placed:
    """The notes, where each goes, and the key points that open every output."""

    notes: tuple[Note, ...]
    additions: dict[tuple[int, int], list[Addition]]
    """(section, block) → the notes and pointers to put after that block."""
    key_points: tuple[KeyPoint, ...]


def place_notes(found: Sequence[Found], rules: Rules, region: str,
                anchor: dict[tuple[int, int], tuple[int, int]]) -> Placed:
    """``anchor`` moves a block's additions elsewhere (to the end of its urgent passage).

    In proportion: when the page raises a warning or caution, its info-level concerns
    (sales talk) are left out, so they do not bury the serious ones; a substance's note
    gets a pointer in each later section that names it again, a claim's does not."""
    notes: list[Note] = []
    additions: dict[tuple[int, int], list[Addition]] = {}
    full: dict[str, Found] = {}
    pointed: set[tuple[str, int]] = set()
    serious = any(h.rule.severity.value != "info" and h.rule.kind is not Kind.GENERAL
                  for h in found)
    for hit in found:
        concern = hit.rule.concern or hit.rule.id
        first = full.setdefault(concern, hit)
        if hit.rule.id == HELP_LINE:  # said once, in the key points, with its numbers
            if first is hit:
                notes.append(_note(hit, region, NoteShown.KEY_POINT, concern))
            continue
        if serious and hit.rule.severity.value == "info":
            if first is hit:
                notes.append(_note(hit, region, NoteShown.LEFT_OUT, concern))
            continue
        if first is hit:
            shown = NoteShown.FULL
        elif hit.rule.kind is Kind.SUBSTANCE and hit.section != first.section \
                and (concern, hit.section) not in pointed:
            shown = NoteShown.POINTER
        else:
            continue
        pointed.add((concern, hit.section))
        note = _note(hit, region, shown, concern)
        notes.append(note)
        text = note.text if shown is NoteShown.FULL else pointer_text(hit)
        kind = AdditionKind.NOTE if shown is NoteShown.FULL else AdditionKind.POINTER
        where = anchor.get((hit.section, hit.block), (hit.section, hit.block))
        additions.setdefault(where, []).append(Addition(
            kind, note.rule, concern, text, note.source, -1, note.severity))
    kept = [h for h in full.values() if not (serious and h.rule.severity.value == "info"
                                             and h.rule.id != HELP_LINE)]
    points = key_points(kept, region)
    general = rules.by_id.get(GENERAL_NOTE)
    if general is not None:
        notes.insert(0, Note(rule=general.id, kind=general.kind.value,
                             severity=general.severity.value, text=general.text_for(region),
                             source=general.source_for(region), status=general.status,
                             position=NotePosition.END, section=-1, block=-1, sentence="",
                             offset=0, concern=general.id))
    return Placed(tuple(notes), additions, points)


def pointer_text(hit: Found) -> str:
    """One line instead of the note again."""
    about = hit.rule.title or (hit.rule.id.replace("-", " ") if hit.rule.kind is Kind.SUBSTANCE
                               else "claims like this")
    return f"See the safety note about {about} above."


def key_points(firsts: Iterable[Found], region: str) -> tuple[KeyPoint, ...]:
    """One point per concern, most serious first (then substances before claims, then in
    the order the page raised them); help lines last, with their numbers."""
    hits = list(firsts)
    order = sorted(range(len(hits)), key=lambda i: (
        hits[i].rule.id == HELP_LINE, _SEVERITY_RANK.get(hits[i].rule.severity.value, 3),
        _KIND_RANK[hits[i].rule.kind], i))
    return tuple(_point(hits[i].rule, region) for i in order)


def _point(rule: Rule, region: str) -> KeyPoint:
    if rule.id == HELP_LINE:
        numbers = rule.region.get(region)
        text = f"{rule.point}: {numbers.text}" if rule.point and numbers \
            else rule.text_for(region)
    else:
        sentences = split(rule.note)
        text = rule.point or (sentences[0].text if sentences else rule.note)
    return KeyPoint(rule=rule.id, concern=rule.concern or rule.id, severity=rule.severity.value,
                    text=text, source=rule.source_for(region), in_body=rule.id != HELP_LINE)


def _note(hit: Found, region: str, shown: NoteShown, concern: str) -> Note:
    rule = hit.rule
    return Note(rule=rule.id, kind=rule.kind.value, severity=rule.severity.value,
                text=rule.text_for(region), source=rule.source_for(region),
                status=rule.status, position=NotePosition.AFTER_BLOCK, section=hit.section,
                block=hit.block, sentence=hit.sentence, offset=hit.offset, shown=shown,
                concern=concern, words=hit.words, by=hit.by)
