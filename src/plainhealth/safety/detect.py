"""Which claim rules fire on one sentence, and why.

The shipped claim rules' patterns, their guards and the structure and scope features of
:mod:`plainhealth.safety.claims` are the inputs of a small learned model
(:mod:`plainhealth.safety.model`). When the model judges the sentence a claim, the rules
whose own patterns fire (and no ``unless``) give the notes, then the structural rules
(``detector``) whose feature is there (``claim-disease``, the most general, only when no
other rule fires), and otherwise ``claim-health`` (not where a rule's pattern matched but
its own exceptions held); each firing names the
words that made it fire and the model version. When the model judges it responsible text,
no shipped claim rule fires but the few rules precise enough to fire alone (ALONE,
ALONE_UNSCOPED: testimonials, conspiracy framing, "stop your pills" said plainly). Overlay
rules, and sentences too long to match untimed, are matched on their own as before: the
model was not trained on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from plainhealth.safety.claims import (
    CLAIM_FEATURES,
    DETECTORS,
    REJECTING,
    claim_shaped,
    features,
    names_health,
    tokens,
    word_classes,
)
from plainhealth.safety.model import Model, inputs, load
from plainhealth.safety.rules import UNTIMED_LENGTH, Rule, Rules

FALLBACK = "claim-health"
ALONE = ("testimonial", "conspiracy")
"""Structural detectors that fire without the model: a testimonial of a cure ("it cured my
diabetes") and conspiracy framing ("Big Pharma buries the cure"). On the development half
every sentence either fired on was a claim, and neither fired on any of the 1,605
sentences of the patient pages' half A (bench/claim_detection.py reports both)."""
ALONE_UNSCOPED = {"claim-replace-medicine": False, "claim-natural-so-safe": True,
                  "claim-safe-and-effective": True}
"""Phrase rules that fire without the model where the sentence has no scope at all (no
refutation, warning, advice, authority, question, an illness that passes on its own …):
"you can stop your pills", "natural, so safe", "a safe and effective remedy" said plainly;
True: not where the sentence names a medicine or procedure ("a safe, effective
procedure"). Measured as ALONE is. ("No side effects" is not among them: a leaflet says it
of a surgery.)"""


@dataclass(frozen=True)
class Firing:
    """One claim rule firing on a sentence."""

    rule: Rule
    words: str
    """The words of the sentence that made it fire."""
    by: str
    """The rule id, and the model version when the model decided."""


def sentence_features(sentence: str, rules: Rules) -> dict[str, str]:
    """Structure and scope features, each shipped claim rule whose patterns match
    (``rule:<id>``), and whether a shared guard matches (``guard``)."""
    return _features(sentence, rules, _matched(sentence, rules))


def _matched(sentence: str, rules: Rules,
             possible: frozenset[str] | None = None) -> dict[str, str]:
    """The shipped claim rules whose patterns match: those the screen lets through
    (``possible``: :meth:`Screen.possible` of the sentence, found already)."""
    possible = rules.screen.possible(sentence) if possible is None else possible
    if not possible and not rules.unscreened_claims:
        return {}  # no claim rule's words are in the sentence (most sentences)
    return {f"rule:{rule.id}": words for rule in rules.patterned_claims
            if (rule.id in possible or rule.id not in rules.screen.screened)
            and (words := rule.matched(sentence))}


def _features(sentence: str, rules: Rules, matched: dict[str, str]) -> dict[str, str]:
    out = features(sentence) | matched
    guard = next((m.group() for g in rules.guards if (m := g.search(sentence))), None)
    if guard is not None:
        out["guard"] = guard
    return out


def about_health(sentence: str, found: dict[str, str]) -> bool:
    """Whether the sentence may be judged at all: it names a disease, an effect, a
    medicine or people at risk, or a claim rule's words match. Most sentences of a page
    fail it, so the features are computed only for the rest."""
    return any(n.startswith("rule:") for n in found) or names_health(sentence)


def judged(sentence: str, found: dict[str, str]) -> bool:
    """Whether the model judges the sentence: it is about health and has the shape of a
    claim (an effect on a disease, a disease that went away, one of the claim structures
    of :mod:`plainhealth.safety.scope`, or a claim rule's words). A sentence that only
    names a disease ("Heart attack symptoms vary") claims nothing, and most sentences of a
    health service's page are such. Training and cross-validation use the same test: a
    sentence that fails it is "not a claim"."""
    return about_health(sentence, found) and any(
        n.startswith("rule:") or n in CLAIM_FEATURES for n in found)


def judge(sentence: str, rules: Rules, model: Model | None = None,
          possible: frozenset[str] | None = None) -> tuple[Firing, ...]:
    """The shipped claim rules that fire on ``sentence`` (untimed: only for sentences of
    at most UNTIMED_LENGTH characters). ``possible``: the screen's answer for the sentence,
    when the caller has it."""
    if len(sentence) > UNTIMED_LENGTH:
        raise ValueError("judge() is for sentences matched untimed")
    matched = _matched(sentence, rules, possible)
    if not about_health(sentence, matched) or not (matched or claim_shaped(sentence)):
        return ()  # not judged (:func:`judged`), found without the scope features
    found = _features(sentence, rules, matched)
    if not judged(sentence, found):
        return ()
    model = model or load()
    read = inputs(sentence, found)
    if model.score(read) < model.threshold:
        return _alone(sentence, rules, found)
    by = f"model {model.version}"
    fired = [Firing(rule, found[f"rule:{rule.id}"], f"{rule.id} + {by}")
             for rule in rules.rules if f"rule:{rule.id}" in found and rule.fires_on(sentence)]
    for generic in (False, True):  # claim-disease only when no more specific rule fires
        fired += [Firing(rule, words, f"{rule.id} + {by}") for rule in rules.rules
                  if rule.detector and not rule.overlay and f"rule:{rule.id}" not in found
                  and (rule.detector == "disease") is generic and not (generic and fired)
                  and (words := _detected(rule.detector, found))
                  and not rule.excepted(sentence)]
    blocked = any(name.startswith("rule:") for name in found)  # a rule's own exceptions
    if not fired and not blocked and FALLBACK in rules.by_id:
        why = model.reasons(read)
        fired = [Firing(rules.by_id[FALLBACK], _words(why, found), by)]
    return tuple(fired)


def _alone(sentence: str, rules: Rules, found: dict[str, str]) -> tuple[Firing, ...]:
    """The rules that fire where the model does not (ALONE, ALONE_UNSCOPED)."""
    unscoped = not any(name.startswith("scope:") for name in found)
    medicine = "medicine" in word_classes(tokens(sentence))
    return tuple(Firing(rule, words, rule.id) for rule in rules.rules if not rule.overlay and (
        (rule.detector in ALONE and (words := _detected(rule.detector, found))
         and not rule.excepted(sentence))
        or (rule.id in ALONE_UNSCOPED and unscoped and f"rule:{rule.id}" in found
            and not (medicine and ALONE_UNSCOPED[rule.id])
            and rule.fires_on(sentence) and (words := found[f"rule:{rule.id}"]))))


def _detected(detector: str, found: dict[str, str]) -> str:
    if any(name in found for name in REJECTING):
        return ""
    return next((found[n] for n in DETECTORS.get(detector, ()) if n in found), "")


def _words(reasons: list[str], found: dict[str, str]) -> str:
    """The sentence's words behind the model's strongest reasons."""
    out = []
    for reason in reasons:
        kind, _, name = reason.partition(":")
        out.append(found.get(name, name) if kind == "f" else name)
    return "; ".join(dict.fromkeys(w for w in out if w))
