"""Splits that carry what governs a clause into the new sentence.

A trailing participle ("…, significantly affecting daily life") becomes a sentence of its
own only when it is plainly about the subject of a clause "X is a …" (its verb takes that
subject and its tense or modal: "Chronic pain is a condition …, significantly affecting X"
→ "It significantly affects X"), or when a raising frame can be said again ("Kratom is
known to …, modulating X" → "It is known to modulate X"). Anything else that governs it
(a condition, an attribution, a fronted phrase, a hedge adverb with no modal to carry it)
leaves the sentence alone, and so does a participle that may be about a whole event
("Seven trials had high attrition, increasing the risk of bias"), which only a vague
"This" could name.
"""

from __future__ import annotations

import re

from plainhealth.rewrite.clauses import (
    CONNECTIVE,
    finite_form,
    free_standing,
    join_sentences,
    subject_and_tense,
)
from plainhealth.rewrite.plain_words import DETERMINERS, lemma, readings
from plainhealth.rewrite.repeat import again

MIN_WORDS = 12

# Participles that say what a clause brings about. Who brings it about may be the subject
# ("kratom …, providing relief") or the whole event ("Seven trials had high attrition,
# increasing the risk of bias": not the trials), so the new sentence says "This", which
# covers both. After "is known to" the subject is said again with the frame: the
# participles that name an event's result ("causing", "creating" …) are left alone there.
_PARTICIPLES = frozenset({
    "providing", "offering", "giving", "helping", "allowing", "supporting", "modulating",
    "improving", "reducing", "enhancing", "increasing", "lowering", "raising", "boosting",
    "affecting", "impacting", "easing", "relieving"})
_EVENT_PARTICIPLES = frozenset({"creating", "causing", "leading", "resulting", "making"})
_ADVERB_HEDGE = re.compile(r"\b(?:possibly|potentially|probably|likely|perhaps|maybe)\b",
                           re.IGNORECASE)

_PARTICIPLE = re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?),\s+(?P<adv>(?:[a-z]+ly|often|also|"
                         r"sometimes)\s+)?"
                         r"(?P<verb>[a-z]+ing)\s+(?P<b>.{10,})$")
# "Research suggests (that) …", "Several studies have shown that …": said again in full.
_REPORTED = re.compile(r"^(?P<frame>(?P<subj>[A-Z][a-z]+(?: [a-z]+){0,2}) (?:(?:has|have) )?"
                       r"(?:suggests?|suggested|shows?|showed|shown|indicates?|indicated|"
                       r"finds?|found|reports?|reported|says?|said|claims?|claimed|"
                       r"believes?|believed|thinks?|thought)(?: that)? )(?P<rest>.+)$")
# "Kratom is known to …": the subject and frame are said again, with the next verb.
_RAISED = re.compile(r"^(?P<frame>[A-Z][\w’'-]*(?: [\w’'-]+){0,3} (?:is|are|was|were) "
                     r"(?:known|thought|believed|said|reported|likely|unlikely|expected) to )"
                     r"(?P<rest>[a-z]+\b.+)$")
_FRAME_WORDS = frozenset({"research", "evidence", "studies", "study", "trials", "trial",
                          "experts", "researchers", "scientists", "doctors", "data",
                          "results", "some", "several", "many", "most", "two", "three",
                          "recent", "early", "our", "this", "these", "the", "one", "review",
                          "analysis"})


def _long(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def _frame(first: str) -> tuple[str, str, bool]:
    """(the frame to repeat, the clause under it, whether the frame ends in "to")."""
    raised = _RAISED.match(first)
    if raised is not None:
        return raised.group("frame"), raised.group("rest"), True
    reported = _REPORTED.match(first)
    if reported is not None and all(w in _FRAME_WORDS
                                    for w in reported.group("subj").lower().split()):
        return reported.group("frame"), reported.group("rest"), False
    return "", first, False


def split_participle(text: str) -> str:
    """"This activation blocks pain signals, giving a calming effect." → "… pain signals.
    This gives a calming effect." The verb takes the first clause's tense or modal ("could
    …, providing" → "This could give"); an attribution or "is known to" is said again
    ("Research suggests it may raise X, creating Y." → "Research suggests it may raise X.
    Research suggests this may create Y.")."""
    found = _PARTICIPLE.match(text)
    if not _long(text) or found is None:
        return text
    verb, rest = found.group("verb"), found.group("b")
    if verb not in _PARTICIPLES and verb not in _EVENT_PARTICIPLES:
        return text
    frame, clause, raised = _frame(found.group("a"))
    if not free_standing(clause) or _ADVERB_HEDGE.search(clause) or \
            (raised and verb in _EVENT_PARTICIPLES) or (frame and not raised):
        return text  # an attribution said twice would open two sentences the same way
    adverb = found.group("adv") or ""
    if raised:
        base, rest = lemma(verb, "VERB"), _second_verbs(rest, verb, "base")
        subject = frame.split(" is ")[0].split(" are ")[0]
        frame = again(subject, found.group("a"), frame[len(subject):].strip(),
                      subject.split()[-1].lower().endswith("s")) + frame[len(subject):]
        return join_sentences(found.group("a"), f"{frame}{adverb}{base} {rest}") if base and rest \
            else text
    body = CONNECTIVE.sub("", clause)
    analysed = subject_and_tense(body[:1].upper() + body[1:])
    verb_at = len(analysed[0].split()) + analysed[1].startswith("modal:") if analysed else 0
    if analysed is None or body.split()[verb_at] not in _BE:
        # Only after "X is a …": the participle is then about X. After any other verb it
        # may be about the whole event ("Seven trials had high attrition, increasing the
        # risk of bias": not the trials), which only a vague "This" could name.
        return text
    subject, tense = analysed
    finite, rest = _finite(verb, tense, adverb), _second_verbs(rest, verb, tense)
    if finite is None or rest is None:
        return text
    named = again(subject, body, f"{subject} {finite}", tense == "present-n")
    return join_sentences(found.group("a"), f"{named} {finite} {rest}")


def _finite(participle: str, tense: str, adverb: str) -> str | None:
    """"affecting" + "significantly " in the present → "significantly affects"; with a
    modal the adverb goes after it ("could greatly improve")."""
    finite = finite_form(participle, tense)
    if finite is None or not adverb:
        return finite
    if tense.startswith("modal:"):
        modal, _, verb = finite.partition(" ")
        return f"{modal} {adverb}{verb}"
    return f"{adverb}{finite}"


def _second_verbs(rest: str, verb: str, tense: str) -> str | None:
    """``rest`` with each "and …ing" that is a second verb of the participle in the form of
    the first ("modulating X and increasing Y" → "modulate X and increase Y" after a modal
    or "to"). An "…ing" word the lexicon also knows as a noun stays as it is unless an
    object follows ("reducing pain and swelling"). None when one could belong to a phrase
    inside ("support for people seeking X and hoping Y")."""
    out, last = [], 0
    for found in re.finditer(r"\band ([a-z]+ing)\b", rest):
        word = found.group(1)
        if any(w != verb for w in re.findall(r"\b[a-z]+ing\b", rest[:found.start()])):
            return None
        after = re.match(r"\s*([\w’'-]+)", rest[found.end():])
        base = lemma(word, "VERB")
        if not base or ("NOUN" in readings(word) and
                        (after.group(1).lower() if after else "") not in DETERMINERS):
            continue  # a noun: "pain and swelling"
        form = base if tense == "base" or tense.startswith("modal:") else \
            finite_form(word, tense)
        if form is None:
            return None
        out.append(rest[last:found.start(1)] + form)
        last = found.end(1)
    return "".join(out) + rest[last:]


_BE = frozenset({"be", "is", "are", "was", "were", "been", "being"})
