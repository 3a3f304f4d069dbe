"""The subject of a sentence a split makes: the noun said again, or its pronoun where
saying it again would open two sentences in a row with the same words."""

from __future__ import annotations

_PERSONS = frozenset({"doctor", "nurse", "pharmacist", "patient", "person", "child", "baby",
                      "woman", "man", "mother", "father", "parent", "carer", "caregiver",
                      "surgeon", "specialist", "midwife", "partner", "someone", "gp"})


def again(subject: str, first: str, rest: str, plural: bool) -> str:
    """The subject said again for the next sentence, or its pronoun where saying it again
    would open both sentences with the same two words."""
    if first.split()[:2] != f"{subject} {rest}".split()[:2]:
        return subject
    if plural or subject.split()[-1].lower() in _PERSONS:
        return "They"
    return "It"
