"""How hard a glossary term is for a lay reader: the entry's own ``difficulty`` when it
gives one, otherwise worked out from its words.

Word lists cannot tell whether a reader knows a concept ("heart failure" is made of
everyday words), so a term of everyday words is only ``familiar`` unless its entry says
``common``; a term with a word the hard-word detector flags is ``hard``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from plainhealth.explain.glossary import Term
from plainhealth.explain.jargon import COMMON_ABBREVIATION, familiarity, is_hard
from plainhealth.language.matcher import is_abbreviation

COMMON, FAMILIAR, HARD = "common", "familiar", "hard"
FAMILIAR_ZIPF = 4.0
"""A glossary term with a word rarer than this (Zipf; 4.0 ≈ ten per million words) is hard:
the entries are jargon already, so the bar is higher than for the hard-word detector."""
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


JARGON_ZIPF = 3.5
"""A one-word name rarer than this (Zipf) is jargon (tachycardia, hypertension)."""


def difficulty(term: Term) -> str:
    """``common``, ``familiar`` or ``hard`` (:data:`plainhealth.explain.glossary.DIFFICULTIES`)."""
    return term.difficulty or _computed(term.match[0])


def difficulty_on_page(term: Term, used: Sequence[str]) -> str:
    """The term's difficulty for a page that names it by the forms ``used``: ``common``
    when the page calls the thing only by everyday words ("fast heart rate", "high blood
    pressure") where the entry's own name is jargon (tachycardia, hypertension), since the
    reader knows those words (not explained, not marked). A one-word use keeps its
    explanation: an everyday word may carry a medical sense ("stool", "discharge"); so
    does a term of art whose every name is plain ("sick day rules")."""
    jargon_name = any(" " not in name and "-" not in name and not name.isupper()
                      and familiarity(name) < JARGON_ZIPF for name in term.match)
    plainly = jargon_name and all(
        len(words := form.replace("-", " ").split()) > 1
        and all(word.isalpha() and familiarity(word) >= FAMILIAR_ZIPF for word in words)
        for form in used)
    return COMMON if plainly else difficulty(term)


@cache
def _computed(form: str) -> str:
    if is_abbreviation(form):
        return FAMILIAR if familiarity(form) >= COMMON_ABBREVIATION else HARD
    words = _WORD.findall(form)
    return HARD if any(is_hard(w, sentence_start=True) or familiarity(w) < FAMILIAR_ZIPF
                       for w in words) else FAMILIAR
