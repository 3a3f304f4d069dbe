"""Sentence splits that never move words out from under what governs them.

A split is made only where the first clause stands on its own: no condition (if, when,
since …), no attribution (says, claims, suggests …), no fronted phrase ending in a comma
("For children under 12, …"), no "not only" or "both". A hedge in the first clause must be
carried: a trailing "…, providing X" after "kratom could …" becomes "Kratom could give X";
when it cannot be carried, the sentence is left alone. Each new sentence names its subject.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from plainhealth.explain.glossary import Glossary
from plainhealth.rewrite.clauses import (
    AUXILIARY,
    CONNECTIVE,
    HEDGE,
    MODALS,
    clause_start,
    finite_form,
    free_standing,
    has_verb,
    hedge_kept,
    imperative,
    join_sentences,
    looks_plural,
    lower_first,
    subject_and_tense,
    verb_tense,
)
from plainhealth.rewrite.contrasts import split_contrast
from plainhealth.rewrite.figures import move_figures, split_figures
from plainhealth.rewrite.frames import split_participle
from plainhealth.rewrite.plain_words import lemma, readings, verb_forms
from plainhealth.rewrite.relatives import split_which, split_who
from plainhealth.rewrite.repeat import again

MIN_WORDS = 12
_OPENERS = re.compile(r"^(?:by|with|in|on|at|for|from|unlike|like|among|after|before|during|"
                      r"if|when|while|although|though|because|since|as|to|of|however|"
                      r"furthermore|also|but|and|or|so|yet|not|this|that|these|those|it|"
                      r"they|we|you|he|she|there|here|your|my|our|their|his|her|every|each|"
                      r"all|some|many|most|no|any)\b", re.IGNORECASE)
_NAMING_PARTICIPLES = frozenset({"defined", "derived", "known", "called", "named", "made",
                                 "extracted", "grown", "sold"})

Split = Callable[[str], str]


def rules(glossary: Glossary) -> tuple[tuple[str, str, Split], ...]:
    """Every split, in the order they are tried: (rule id, a string the sentence must
    contain for the rule to have a chance, the rule)."""
    return (("move-figures", "(", move_figures), ("split-figures", "(", split_figures),
            ("split-not-only", "Not only", split_not_only),
            ("split-appositive", ", ", split_appositive),
            ("split-trailing-appositive", ", a", lambda t: split_trailing_appositive(t, glossary)),
            ("split-semicolon", ";", split_semicolon), ("split-colon", ":", split_colon),
            ("split-but", " but ", split_but), ("split-and", " and ", split_and),
            ("split-shared-subject", ", ", split_shared_subject),
            ("split-which", ", which ", split_which), ("split-who", ", who ", split_who),
            ("split-participle", "ing ", split_participle),
            ("split-contrast", "", split_contrast), ("split-list", ", ", split_list))


def _long(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def _two_clauses(text: str, pattern: re.Pattern[str]) -> tuple[str, str] | None:
    found = pattern.match(text)
    if not _long(text) or found is None or text.rstrip().endswith("?"):
        return None  # "What is X, and how …?": a question is not two statements
    first, second = found.group("a"), found.group("b")
    body = re.sub(r"^(?:But|And|Yet)\s+", "", CONNECTIVE.sub("", first))
    if not free_standing(first) or not (clause_start(body) or imperative(body) or
                                         re.search(rf"\b{AUXILIARY}\b", body)) or \
            not clause_start(second) or not hedge_kept(first, second):
        return None
    return first, second


# ", and" — or "and" right after a closing bracket: "A (RR 0.5 …) and B …".
_BUT = re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?)(?:,|(?<=\)))\s+but\s+(?P<b>.{10,})$")
_AND = re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?)(?:,|(?<=\)))\s+and\s+(?P<b>.{10,})$")


def split_semicolon(text: str) -> str:
    """"Take it with food; it can upset your stomach." → two sentences; "Nine trials used
    A; one used B; and one used C." → three; "A; however, B" → "A. But B." Only at
    semicolons outside brackets, and only when every part is a clause of its own: never a
    list of things ("aspirin; lithium; and water pills"), nor a clause scoped by a fronted
    phrase. A hedge in the first part must have its own in each part ("may …; and …"),
    except after "however", which the hedge cannot reach across."""
    pieces = top_level(text, ";")
    first = pieces[0]
    body = CONNECTIVE.sub("", first)
    if len(pieces) < 2 or not _long(text) or len(first.split()) < 5 or \
            not free_standing(first) or not (clause_start(body) or imperative(body) or
                                             re.search(rf"\b{AUXILIARY}\b", body)):
        return text
    out = first
    for index, piece in enumerate(pieces[1:], start=2):
        if len(pieces) > 2 and index == len(pieces):
            piece = re.sub(r"^and\s+", "", piece)  # "…; and one used C"
        contrast = re.match(r"however,?\s+", piece, re.IGNORECASE)
        clause = piece[contrast.end():] if contrast else piece
        if len(clause.split()) < 4 or re.match(r"(?:and|or|but|then)\b", clause, re.I) or \
                not clause_start(clause) or clause.count("(") != clause.count(")") or \
                (not contrast and not hedge_kept(first, clause)):
            return text
        out = join_sentences(out, f"But {lower_first(clause)}" if contrast else clause)
    return out


def top_level(text: str, mark: str) -> list[str]:
    """``text`` cut at each ``mark`` outside brackets ("A (RR 1.2; 95% CI …); B" → two)."""
    pieces, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if char == mark and depth == 0:
            pieces.append(text[start:index].strip())
            start = index + 1
    return [*pieces, text[start:].strip()]


def split_but(text: str) -> str:
    parts = _two_clauses(text, _BUT)
    return join_sentences(parts[0], "But " + parts[1]) if parts else text


def split_and(text: str) -> str:
    parts = _two_clauses(text, _AND)
    return join_sentences(*parts) if parts else text


_APPOSITIVE = re.compile(r"^(?P<subj>[A-Z][\w’'-]*(?: [\w’'-]+){0,3}), (?P<app>(?:a|an|the) "
                         r"[^,;()]{8,90}), (?P<rest>(?P<verb>[a-z]+)\b.{10,})$")
_PARTICIPLE_PHRASE = re.compile(r"^(?P<subj>[A-Z][\w’'-]*(?: [\w’'-]+){0,3}), "
                                r"(?P<part>[a-z]+(?:ing|ed|wn)) (?P<app>[^,;()]{5,90}), "
                                r"(?P<rest>(?P<verb>[a-z]+)\b.{10,})$")


def split_appositive(text: str) -> str:
    """"Kratom, a herb from Asia, has …" → "Kratom is a herb from Asia. Kratom has …";
    "Chronic pain, lasting 12 weeks, is …" → "Chronic pain lasts 12 weeks. It is …" (the
    subject is said again, or "It"/"They" where saying it again would open two sentences
    in a row the same way); "Opioid medicines, including X and Y, can …" → "Opioid
    medicines include X and Y. They can …" (the verb agrees with the subject, not with a
    modal). Not a list ("Your doctor, a nurse or a pharmacist, can …"), not a past main
    verb, and no participle but "including" after a plural subject ("Women, taking the
    pill, have …" is not "Women take the pill")."""
    found = _APPOSITIVE.match(text) or _PARTICIPLE_PHRASE.match(text)
    if not _long(text) or found is None or _OPENERS.match(found.group("subj")):
        return text
    subject, rest, app = found.group("subj"), found.group("rest"), found.group("app")
    if _COORDINATED.search(app) or _CONDITIONAL_START.match(text):
        return text
    plural = looks_plural(subject.split()[-1].lower())
    verb = found.group("verb")
    tense = verb_tense(verb) or ("present-n" if plural and (
        verb in {"are", "have", "do"} or verb_forms(lemma(verb, "VERB") or "-").get("VB") == verb)
        else None)
    part = found.groupdict().get("part")
    if tense is None or (plural and part not in (None, "including")) or \
            (not plural and found.group("verb") in {"are", "have", "do", "were"}):
        return text  # a past main verb, or a description that may not hold of all
    number = "present-n" if plural else "present-1"
    if part is None:
        first = f"{subject} {'are' if plural else 'is'} {app}."
    elif part.endswith("ing"):
        finite = finite_form(part, number)
        if finite is None:
            return text
        first = f"{subject} {finite} {app}."
    elif part in _NAMING_PARTICIPLES and not plural:
        first = f"{subject} is {part} {app}."
    else:
        return text
    return f"{first} {again(subject, first, rest, plural)} {rest}"


# "a nurse or a pharmacist": a list of people, not one description of the subject.
_COORDINATED = re.compile(r"\b(?:or|and|nor)\s+(?:a|an|the|your|their|his|her|its|our|my)\b")
_CONDITIONAL_START = re.compile(r"^(?:if|when|unless|although|though|while|because|before|"
                                r"after|until|once|whether|since|as long as|in case)\b",
                                re.IGNORECASE)


_TRAILING_APPOSITIVE = re.compile(r"^(?P<a>(?:\S+\s+){5,}(?P<noun>[\w’'-]+)), "
                                  r"(?P<app>(?:a|an) [^,;()]{8,}?)(?P<end>[.!?]?)$")


def split_trailing_appositive(text: str, glossary: Glossary) -> str:
    """"… modulate dopamine, a brain chemical linked to X." → "… modulate dopamine.
    Dopamine is a brain chemical linked to X." Only when the word before the comma is a
    glossary term: after an ordinary word the phrase may describe the whole clause
    ("… to every visit, a habit that helps")."""
    found = _TRAILING_APPOSITIVE.match(text)
    if not _long(text) or found is None or _CONDITIONAL_START.match(text) or \
            "," in found.group("a") or _COORDINATED.search(found.group("app")):
        return text
    noun_end = found.end("noun")
    if not any(m.end == noun_end for m in glossary.find(found.group("a"))):
        return text
    noun = found.group("noun")
    subject = noun[0].upper() + noun[1:]
    return f"{found.group('a')}. {subject} is {found.group('app')}{found.group('end') or '.'}"


_NOT_ONLY = re.compile(r"^Not only (?P<aux>does|do|did|is|are|was|were|can|could|will|may|"
                       r"might|should) (?P<subj>it|they|this|he|she|we|you) (?P<a>[^,;]{6,}), "
                       r"but (?:(?P<subj2>it|they|he|she|we|you) )?also (?P<b>[^;]{6,})$")


def split_not_only(text: str) -> str:
    """"Not only does it affect sleep, but also causes pain." → "It affects sleep. It also
    causes pain." Both halves were asserted; the subject is named in each."""
    found = _NOT_ONLY.match(text)
    if not _long(text) or found is None:
        return text
    aux, subject, first = found.group("aux"), found.group("subj"), found.group("a")
    if aux in {"does", "do", "did"}:
        verb, _, rest = first.partition(" ")
        forms = verb_forms(verb)
        tag = {"does": "VBZ", "do": "VB", "did": "VBD"}[aux]
        if forms.get("VB") != verb.lower() or tag not in forms:
            return text
        first = f"{forms[tag]} {rest}".strip()
    else:
        first = f"{aux} {first}"
    second = found.group("b")
    head = second.split()[0].lower()
    if found.group("subj2") is None and verb_tense(head) is None and head not in MODALS:
        return text  # "but also to X": no verb to give the subject
    subject2 = found.group("subj2") or subject
    return join_sentences(f"{subject.capitalize()} {first}",
                          f"{subject2.capitalize()} also {second}")


# The comma matters: without it "a measure of symptoms including a scale" may attach the
# list to "measure", not to "symptoms".
_LIST = re.compile(r"^(?P<a>(?:\S+\s+){3,}(?P<noun>[a-z]+s)), (?:including|such as) "
                   r"(?P<list>[^;()]{10,}?)(?P<end>[.!?])$")


def split_list(text: str) -> str:
    """"It can come from many sources, including injuries, arthritis and surgery." → "It
    can come from many sources. These sources include injuries, arthritis and surgery."
    A list after a colon gets the same short lead sentence when what it lists is named
    right before the colon ("Call us if you have any of the following symptoms: a fever,
    a stiff neck or a rash." → "… symptoms. These symptoms include a fever, …"); a
    condition in the lead stays with it and does not reach the list."""
    found = _LIST.match(text)
    colon = _COLON_LIST.match(text) if found is None and ":" in text else None
    if not _long(text) or (found or colon) is None:
        return text
    match = found or colon
    assert match is not None
    first, noun, items = match.group("a"), match.group("noun"), match.group("list")
    if not looks_plural(noun) or noun in _MEASURES or has_verb(items) or not has_verb(first) or \
            (found is not None and not free_standing(first)) or \
            (colon is not None and not _LISTED.search(items)):
        return text  # not a clause before the list, or more clause after it
    return f"{first}. These {noun} include {items}{match.group('end') or '.'}"


# "a change … that lasts a few days, such as diarrhoea": what is listed is not a measure.
_MEASURES = frozenset({"days", "weeks", "months", "years", "hours", "minutes", "times",
                       "doses", "levels", "amounts", "numbers", "cases", "ways"})
# "any of the following symptoms:", "these foods:", "three steps:": what the list lists.
_COLON_LIST = re.compile(r"^(?P<a>(?:\S+\s+){2,}(?:the following|these|some|several|many|"
                         r"other|common|main|certain|few|two|three|four|five|six|\d+)\s+"
                         r"(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+s)):\s+(?P<list>[^:;()]{10,}?)"
                         r"(?P<end>[.!?]?)$")
# Three items or more: "a, b and c", "a, b, or c".
_LISTED = re.compile(r",[^,]+,|,[^,]+\b(?:and|or)\b")


_COLON = re.compile(r"^(?P<a>(?:\S+\s+){4,}\S+?):\s+(?P<b>(?:\S+\s+){3,}\S+)$")


def split_colon(text: str) -> str:
    """"The studies differed: two were at low risk of bias." → "The studies differed. Two
    were at low risk of bias." Only when what follows the colon is a clause, not a list."""
    if text.count(":") != 1 or ";" in text:
        return text
    parts = _two_clauses(text, _COLON)
    return join_sentences(*parts) if parts else text


_SHARED = re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?),\s+(?P<conj>and|but)\s+(?P<b>.{10,})$")


_SHARED_JOINT = re.compile(r",\s+(?:and|but)\s")


def split_shared_subject(text: str) -> str:
    """"Most studies were small, and were likely to be underpowered." → "Most studies were
    small. Most studies were likely to be underpowered." The second verb gets its subject
    back; only when the first clause has no hedge the second verb might be under."""
    # The full pattern backtracks over every word: look for its joint first.
    found = _SHARED.match(text) if _SHARED_JOINT.search(text) else None
    if not _long(text) or found is None:
        return text
    first, second = found.group("a"), found.group("b")
    head = second.split()[0].lower()
    own_verb = bool(re.fullmatch(AUXILIARY, head)) or head in MODALS
    if not own_verb:
        forms = verb_forms(lemma(head, "VERB") or "-")
        if head not in (forms.get("VBZ"), forms.get("VBD")) or readings(head) & {"NOUN", "ADJ"}:
            return text
    if not free_standing(first) or (HEDGE.search(first) and not own_verb):
        return text
    analysed = subject_and_tense(first)
    if analysed is None:
        return text
    subject = analysed[0]
    if found.group("conj") == "but":
        return join_sentences(first, f"But {lower_first(subject)} {second}")
    plural = analysed[1] == "present-n" or looks_plural(subject.split()[-1].lower()) or \
        subject.split()[-1].lower() in {"people", "children", "women", "men"}
    return join_sentences(first, f"{again(subject, first, second, plural)} {second}")

