"""Relative clauses at the end of a sentence made sentences of their own, with the noun
they are about said again: "…, which is a chemical messenger" → "Dopamine is a chemical
messenger"; "… the trial tablets, which are taken once a day" → "These tablets are taken
…"; "… see a pharmacist, who can check your dose" → "The pharmacist can check …".

"Which" may be about the whole clause before it ("The drug is broken down in the liver,
which can cause damage": the breaking down, not the liver), so it is split only where it
can only be the noun: a definition ("which is a/an …"), or a plural noun with a verb that
agrees only with a plural ("…, which are …", "…, which help …"). "Who" is always about a
person: the noun before it must name one.
"""

from __future__ import annotations

import re

from plainhealth.rewrite.clauses import (
    MODALS,
    free_standing,
    hedge_kept,
    join_sentences,
    looks_plural,
    verb_tense,
)
from plainhealth.rewrite.plain_words import DETERMINERS, lemma, readings, verb_forms

MIN_WORDS = 12

_WHICH = re.compile(r"^(?P<a>(?:\S+\s+){4,}[\w’'-]+),\s+which\s+(?P<b>(?:[a-z]+ly\s+|often\s+|"
                    r"also\s+)?(?P<verb>[a-z]+)\b[^;:]{8,})$")
_WHO = re.compile(r"^(?P<a>(?:\S+\s+){4,}[\w’'-]+),\s+who\s+(?P<b>(?:[a-z]+ly\s+|often\s+|"
                  r"also\s+)?(?P<verb>[a-z]+)\b[^;:]{8,})$")
_DEFINITION = re.compile(r"^(?:is|are) (?:a|an|the) ")
_PLURAL_VERBS = frozenset({"are", "were", "have", "do"})
# People a "who" clause may be about (its noun is said again).
_PEOPLE = frozenset({"doctor", "doctors", "nurse", "nurses", "pharmacist", "pharmacists",
                     "specialist", "specialists", "surgeon", "surgeons", "gp", "midwife",
                     "midwives", "dentist", "dentists", "therapist", "therapists",
                     "physiotherapist", "dietitian", "dietician", "counsellor", "counselor",
                     "people", "person", "adults", "adult", "children", "child", "women",
                     "woman", "men", "man", "patients", "patient", "parents", "parent",
                     "carers", "carer", "caregivers", "caregiver", "teenagers", "babies",
                     "baby", "volunteers", "participants", "smokers", "team", "professional",
                     "professionals", "provider", "providers", "consultant", "expert",
                     "experts", "partner"})


def split_which(text: str) -> str:
    """"Kratom affects dopamine, which is a chemical messenger in the brain." → "Kratom
    affects dopamine. Dopamine is a chemical messenger in the brain."; "Ask about the newer
    tablets, which are taken once a day." → "… tablets. These tablets are taken …"."""
    found = _WHICH.match(text) if len(text.split()) >= MIN_WORDS else None
    if found is None:
        return text
    first, second, verb = found.group("a"), found.group("b"), found.group("verb")
    phrase = noun_before(first)
    if phrase is None or not free_standing(first) or not hedge_kept(first, second):
        return text
    plural = looks_plural(phrase.split()[-1].lower())
    if _DEFINITION.match(second):
        if (verb == "is") == plural:
            return text  # the noun and "is"/"are" must agree
    elif not plural or not _plural_only(verb) or _coordinated(first, phrase):
        return text  # "…, which can cause damage": maybe the whole event, not the noun
    return join_sentences(first, f"{_these(phrase, plural)} {second}")


def split_who(text: str) -> str:
    """"If the pain goes on, see a pharmacist, who can suggest a cream for it." → "… see a
    pharmacist. The pharmacist can suggest a cream for it." """
    found = _WHO.match(text) if len(text.split()) >= MIN_WORDS else None
    if found is None:
        return text
    first, second = found.group("a"), found.group("b")
    phrase = noun_before(first)
    if phrase is None or phrase.split()[-1].lower() not in _PEOPLE or \
            _coordinated(first, phrase) or \
            not free_standing(first) or not hedge_kept(first, second) or \
            not _finite(found.group("verb")):
        return text  # "who" not followed by its verb: not a plain relative clause
    plural = looks_plural(phrase.split()[-1].lower())
    return join_sentences(first, f"{_these(phrase, plural)} {second}")


def _coordinated(clause: str, phrase: str) -> bool:
    """"nurses and doctors": the clause may be about both, not only the noun found."""
    before = clause[:len(clause) - len(phrase)].split()
    return bool(before) and before[-1].lower() in {"and", "or", "nor"}


def _finite(verb: str) -> bool:
    """A verb that can follow "who": "can", "has", "helps", "knew", "are", "help"."""
    if verb_tense(verb) is not None or verb in _PLURAL_VERBS | {"was", "had", "did"}:
        return True
    base = lemma(verb, "VERB")
    return (bool(base) and verb_forms(base).get("VBD") == verb) or _plural_only(verb)


def _plural_only(verb: str) -> bool:
    """"are", "help", "cause": a verb form only a plural subject takes (not "can", "is",
    "caused")."""
    if verb in _PLURAL_VERBS:
        return True
    if verb in MODALS:
        return False
    base = lemma(verb, "VERB")
    return bool(base) and verb_forms(base).get("VB") == verb  # right after "which"


def _these(phrase: str, plural: bool) -> str:
    """A bare plural said again points back: "tablets" → "These tablets"."""
    first = phrase.split()[0].lower()
    if plural and first not in DETERMINERS and len(phrase.split()) == 1:
        return f"These {phrase[0].lower()}{phrase[1:]}"
    return phrase


def noun_before(clause: str) -> str | None:
    """The noun phrase that ends ``clause``, ready to open a sentence ("the liver" → "The
    liver", "a statin" → "The statin", "dopamine" → "Dopamine"); None when the end is not
    plainly a noun phrase (a number, a verb, a name in capitals)."""
    words = clause.split()
    phrase: list[str] = []
    for word in reversed(words[-4:]):
        lower = word.lower()
        if lower in DETERMINERS:
            phrase.insert(0, "the" if lower in {"a", "an"} else lower)
            break
        if not re.fullmatch(r"[a-z][\w’'-]*", word) or lower in _STOP_BEFORE_NOUN or \
                (phrase and verb_tense(lower) is not None) or \
                (phrase and not readings(lower) & {"NOUN", "ADJ"}) or \
                (not phrase and "NOUN" not in readings(lower) and readings(lower)):
            break
        phrase.insert(0, word)
    if not phrase or phrase[-1] in DETERMINERS:
        return None
    return phrase[0][0].upper() + " ".join(phrase)[1:]


_STOP_BEFORE_NOUN = frozenset({"of", "in", "on", "at", "to", "for", "with", "by", "from",
                               "and", "or", "is", "are", "was", "were", "be", "as"})
