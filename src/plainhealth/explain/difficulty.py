"""How hard a glossary term is for a lay reader: the entry's own ``difficulty`` when it
gives one, otherwise worked out from its words.

Word lists cannot tell whether a reader knows a concept ("heart failure" is made of
everyday words), so a term of everyday words is only ``familiar`` unless its entry says
``common``; a term with a word the hard-word detector flags is ``hard``.
"""

from __future__ import annotations

import re
from functools import cache

from plainhealth.explain.glossary import Term
from plainhealth.explain.jargon import COMMON_ABBREVIATION, familiarity, is_hard
from plainhealth.language.matcher import is_abbreviation

COMMON, FAMILIAR, HARD = "common", "familiar", "hard"
FAMILIAR_ZIPF = 4.0
"""A glossary term with a word rarer than this (Zipf; 4.0 ≈ ten per million words) is hard:
the entries are jargon already, so the bar is higher than for the hard-word detector."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def difficulty(term: Term) -> str:
    """``common``, ``familiar`` or ``hard`` (:data:`plainhealth.explain.glossary.DIFFICULTIES`)."""
    return term.difficulty or _computed(term.match[0])


@cache
def _computed(form: str) -> str:
    if is_abbreviation(form):
        return FAMILIAR if familiarity(form) >= COMMON_ABBREVIATION else HARD
    words = _WORD.findall(form)
    return HARD if any(is_hard(w, sentence_start=True) or familiarity(w) < FAMILIAR_ZIPF
                       for w in words) else FAMILIAR
