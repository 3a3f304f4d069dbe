"""Two findings set against each other in one sentence, made two sentences.

"A, however B", "A, although B" and "A (figures), whereas B" assert both A and B: the
contrast word says only that they pull different ways. So the sentence may become "A. But
B." when A stands on its own (nothing in it governs B: no condition, attribution or
fronted phrase) and B is a clause with its own subject. A hedge in A cannot reach past the
contrast word, so B need not repeat it. "While" (which may set two findings side by side
without opposing them, so no "But" is added) is split only where it cannot mean "at the
time that": after a closing bracket, before a clause whose subject is not a pronoun and
whose verb is not in the -ing form ("… (RR 0.8), while three trials found …").
"""

from __future__ import annotations

import re

from plainhealth.rewrite.clauses import (
    CONNECTIVE,
    clause_start,
    free_standing,
    join_sentences,
    lower_first,
)

MIN_WORDS = 12

_CONTRAST = re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?)(?P<mark>,\s+however,?|,\s+although|"
                       r"(?:,|(?<=\)))\s+whereas|(?<=\)),?\s+while)\s+(?P<b>.{12,})$")
_WORDS = re.compile(r"\b(?:however|although|whereas|while)\b")
_PRONOUN = re.compile(r"(?:it|they|he|she|we|you|I)\b", re.IGNORECASE)
_PROGRESSIVE = re.compile(r"^(?:\S+\s+){1,4}?(?:is|are|was|were|be|been)\s+\w+ing\b")


def split_contrast(text: str) -> str:
    """"Heliox helped only the sickest patients, however this is based on a few studies."
    → "Heliox helped only the sickest patients. But this is based on a few studies." """
    if len(text.split()) < MIN_WORDS or not _WORDS.search(text):
        return text
    found = _CONTRAST.match(text)
    if found is None:
        return text
    first, mark, second = found.group("a"), found.group("mark"), found.group("b")
    if not free_standing(first) or not clause_start(second) or \
            len(CONNECTIVE.sub("", first).split()) < 5:
        return text
    if mark.strip(" ,") == "while":
        if _PRONOUN.match(second) or _PROGRESSIVE.match(second):
            return text  # "… while they were in hospital": a time, not a contrast
        # "while" may set two findings side by side without opposing them: no "But".
        return join_sentences(first, second)
    return join_sentences(first, f"But {lower_first(second)}")
