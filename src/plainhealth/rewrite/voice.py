"""Passive to active where the agent is named: "Most colds are caused by viruses." →
"Viruses cause most colds." Only a whole sentence of that shape: a short subject with no
verb of its own, a form of "be" (after a modal or not, with one adverb at most, never
"not"), a past participle the lexicon knows, and "by" with a plain noun phrase after it
(no number, no "-ing" means, no clause). The verb takes the agent's number and the tense of
"be"; the modal and adverb stay with it."""

from __future__ import annotations

import re

from plainhealth.rewrite.clauses import GOVERNOR, has_verb, looks_plural, lower_first
from plainhealth.rewrite.plain_words import lemma, verb_forms

_PASSIVE = re.compile(
    r"^(?P<conn>(?:But|And|Yet|So|Also|Still|Thus) )?"
    r"(?P<subj>[A-Za-z][^,;:()\d]{1,60}?) (?:(?P<modal>can|could|may|might|will|would|should|"
    r"must) be|(?P<be>is|are|was|were))(?: (?P<adv>usually|often|mostly|also|sometimes|"
    r"commonly|generally|mainly|rarely))? (?P<vbn>[a-z]+) by (?P<agent>[^,;:()\d%]{2,60}?)"
    r"(?P<end>[.!?])$")
_OBJECT = {"it": "it", "they": "them", "he": "him", "she": "her", "we": "us", "i": "me",
           "you": "you", "this": "this", "these": "these", "that": "that"}
_NOT_AGENT = re.compile(r"^(?:about|around|up|nearly|almost|over|more|less|far|much|half|a "
                        r"factor|a third|a quarter|a half|at least|mouth|hand|itself|"
                        r"themselves|the time|then|now|law|\w+ing\b)", re.IGNORECASE)
_CLAUSE_WORDS = re.compile(r"\b(?:that|which|who|whom|whose|where|than|not|no|never)\b",
                           re.IGNORECASE)
# Participles that describe a state, not an action by the agent: "It is marked by dry
# patches" is not "Dry patches mark it".
_STATIVE = frozenset({"marked", "characterized", "characterised", "accompanied", "associated",
                      "linked", "known", "defined", "called", "named", "surrounded", "covered",
                      "filled", "made", "involved", "followed", "preceded"})
_IRREGULAR = frozenset({"people", "children", "men", "women", "bacteria", "feet", "teeth"})


def to_active(text: str) -> str:
    """The sentence in the active voice, or unchanged when it is not plainly passive with
    a named agent."""
    found = _PASSIVE.match(text)
    if found is None:
        return text
    subject, agent, participle = found.group("subj"), found.group("agent"), found.group("vbn")
    base = lemma(participle, "VERB")
    forms = verb_forms(base) if base else {}
    if not forms or forms.get("VBN") != participle or base in {"be", "have", "do"} or \
            participle in _STATIVE or \
            _NOT_AGENT.match(agent) or _CLAUSE_WORDS.search(agent + " " + subject) or \
            has_verb(subject) or has_verb(agent) or GOVERNOR.search(subject + " " + agent):
        return text
    head = re.split(r"\s+(?:of|in|with|from|on|for)\s+", agent)[0].split()[-1].lower()
    plural = looks_plural(head) or head in _IRREGULAR or " and " in agent
    modal, be = found.group("modal"), found.group("be")
    if modal:
        verb = f"{modal} {forms['VB']}"
    elif be in {"was", "were"}:
        verb = forms.get("VBD", "")
    else:
        verb = forms["VB"] if plural else forms.get("VBZ", "")
    if not verb:
        return text
    adverb = found.group("adv")
    if adverb:
        verb = f"{verb.split()[0]} {adverb} {verb.split()[1]}" if modal else f"{adverb} {verb}"
    first = subject.split()[0]
    obj = _OBJECT.get(first.lower())
    if obj is not None and len(subject.split()) == 1:
        subject = obj
    elif first.lower() in _OBJECT and first.lower() not in {"this", "these", "that"}:
        return text
    else:
        subject = lower_first(subject)
    conn = found.group("conn")  # "But these are limited by X." → "But X limits these."
    if conn:
        return f"{conn}{agent} {verb} {subject}{found.group('end')}"
    if not found.group("subj")[0].isupper():
        return text
    return f"{agent[0].upper()}{agent[1:]} {verb} {subject}{found.group('end')}"
