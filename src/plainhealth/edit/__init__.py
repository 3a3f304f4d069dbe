"""The editorial stage: what a patient reads besides the article, and where.

The key safety points open every output; each concern's full note comes once, after the
paragraph that first raised it; explanations go where they help most and stay in
proportion; nothing is put inside an urgent passage (:mod:`.urgent`). The choices are
recorded in the Result so that every output (text, Markdown, handout, audio, JSON) shows
the same thing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from plainhealth.edit.explanations import MODES, choose
from plainhealth.edit.notes import place_notes
from plainhealth.edit.region import page_region
from plainhealth.edit.urgent import passages
from plainhealth.explain.annotate import Annotated
from plainhealth.models import (
    Addition,
    AdditionKind,
    Article,
    BlockKind,
    KeyPoint,
    Note,
    Options,
    TermUse,
)
from plainhealth.safety.notes import Found
from plainhealth.safety.rules import Rules

__all__ = ["MODES", "Edited", "edit"]
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Edited:
    article: Article
    """The article with its additions in place."""
    terms: tuple[TermUse, ...]
    notes: tuple[Note, ...]
    key_points: tuple[KeyPoint, ...]


def edit(article: Article, annotated: Annotated, found: Sequence[Found],
         rules: Rules, options: Options) -> Edited:
    """Place the explanations and safety notes in ``article``."""
    spans = passages(article)
    anchor = {(p.section, b): (p.section, p.last) for p in spans
              for b in range(p.first, p.last + 1)}
    placed = place_notes(found, rules, page_region(article, options.region), anchor)
    noted = sum(_count(p.text) + 1 for p in placed.key_points) + sum(
        _count(a.text) + 3 for items in placed.additions.values() for a in items)
    explained = choose(annotated.terms, annotated.first_uses, options.explain,
                       words(article), lambda s, b: (s, b) in anchor, _cost, noted)
    additions: dict[tuple[int, int], list[Addition]] = {}
    for source in (explained.additions, placed.additions):
        for where, items in source.items():
            additions.setdefault(where, []).extend(items)
    return Edited(_with_additions(article, additions), explained.terms, placed.notes,
                  placed.key_points)


def words(article: Article) -> int:
    """The article's own words (its prose: paragraphs and list items)."""
    return sum(_count(text) for text in article.prose())


def _count(text: str) -> int:
    return len(_WORD.findall(text))


def _cost(term: TermUse) -> int:
    """Words an inline explanation adds: its label ("Word to know: <term>") and text."""
    return 3 + _count(term.forms[0]) + _count(term.explain)


def _with_additions(article: Article,
                    additions: dict[tuple[int, int], list[Addition]]) -> Article:
    sections = []
    for s_index, section in enumerate(article.sections):
        blocks = []
        for b_index, block in enumerate(section.blocks):
            extra = additions.get((s_index, b_index), [])
            if not extra or block.kind is BlockKind.HEADING:
                blocks.append(block)
                continue
            end = len(block.text)
            placed = [a if a.kind in (AdditionKind.EXPLANATION, AdditionKind.MARK)
                      else dataclasses.replace(a, after=end) for a in extra]
            blocks.append(dataclasses.replace(block, additions=tuple(sorted(
                (*block.additions, *placed), key=lambda a: a.after))))
        sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
    return dataclasses.replace(article, sections=tuple(sections))
