"""Safety notes: sourced notes placed after the paragraph that makes a risky claim or names
a risky substance. plainhealth never writes advice of its own: notes are inserted verbatim
from ``glossary/safety.toml`` (see :mod:`plainhealth.safety_rules`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from plainhealth.glossary import Glossary
from plainhealth.models import Addition, AdditionKind, Article, Block, BlockKind, Note, NotePosition
from plainhealth.safety_rules import DEFAULT_REGION, Kind, Rule, Rules
from plainhealth.sentences import split

GENERAL_NOTE = "not-medical-advice"
HELP_LINE = "help-line"


@dataclass(frozen=True)
class Found:
    """One rule firing on one sentence, before placement."""

    rule: Rule
    section: int
    block: int
    sentence: str
    offset: int


def find(article: Article, glossary: Glossary, rules: Rules) -> list[Found]:
    """Every rule that fires, sentence by sentence, in reading order."""
    found: list[Found] = []
    firing = [r for r in rules.rules if r.kind is not Kind.GENERAL or r.patterns]
    by_id = rules.by_id
    for s_index, section in enumerate(article.sections):
        for b_index, block in enumerate(section.blocks):
            substances = _substances(block, glossary, by_id)
            for sentence in split(block.text):
                for rule in firing:
                    hit = rule.fires_on(sentence.text) or any(
                        start >= sentence.start and start < sentence.end
                        for rule_id, start in substances if rule_id == rule.id)
                    if hit:
                        found.append(Found(rule, s_index, b_index, sentence.text,
                                           sentence.start))
    return found


def _substances(block: Block, glossary: Glossary,
                by_id: dict[str, Rule]) -> list[tuple[str, int]]:
    out = []
    for match in glossary.matcher.find(block.text):
        rule_id = glossary.by_id[match.key].safety
        if rule_id and rule_id in by_id:
            out.append((rule_id, match.start))
    return out


def place(article: Article, found: Sequence[Found], rules: Rules,
          region: str = DEFAULT_REGION) -> tuple[Article, tuple[Note, ...]]:
    """Notes after the paragraph that triggered them; each rule once per section (help
    lines once per article); the general note at the top."""
    notes: list[Note] = []
    general = rules.by_id.get(GENERAL_NOTE)
    if general is not None:
        notes.append(_note(general, region, NotePosition.TOP, -1, -1, "", 0))
    placed: set[tuple[str, int]] = set()
    additions: dict[tuple[int, int], list[Addition]] = {}
    for hit in found:
        key = (hit.rule.id, -1 if hit.rule.id == HELP_LINE else hit.section)
        if key in placed:
            continue
        placed.add(key)
        note = _note(hit.rule, region, NotePosition.AFTER_BLOCK, hit.section, hit.block,
                     hit.sentence, hit.offset)
        notes.append(note)
        block = article.sections[hit.section].blocks[hit.block]
        additions.setdefault((hit.section, hit.block), []).append(Addition(
            AdditionKind.NOTE, note.rule, note.rule, note.text, note.source, len(block.text),
            note.severity))
    return _with_additions(article, additions), tuple(notes)


def _note(rule: Rule, region: str, position: NotePosition, section: int, block: int,
          sentence: str, offset: int) -> Note:
    return Note(rule=rule.id, kind=rule.kind.value, severity=rule.severity.value,
                text=rule.text_for(region), source=rule.source, status=rule.status,
                position=position, section=section, block=block, sentence=sentence,
                offset=offset)


def _with_additions(article: Article,
                    additions: dict[tuple[int, int], list[Addition]]) -> Article:
    sections = []
    for s_index, section in enumerate(article.sections):
        blocks = tuple(
            dataclasses.replace(block, additions=block.additions + tuple(
                additions.get((s_index, b_index), ())))
            if block.kind is not BlockKind.HEADING else block
            for b_index, block in enumerate(section.blocks))
        sections.append(dataclasses.replace(section, blocks=blocks))
    return dataclasses.replace(article, sections=tuple(sections))
