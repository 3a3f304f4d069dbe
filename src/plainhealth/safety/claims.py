"""What a sentence says about health, as named features: the structure of a claim (a
remedy + an effect + a disease, a disease that went away, "I" + a recovery) and its scope
(a refutation, a warning, advice, a question, a reported claim with a rejecting cue, a
health authority speaking). Each feature keeps the words that made it, so a note can say
why it was added. :mod:`plainhealth.safety.model` weighs the features; the structural
claim rules of ``glossary/safety.toml`` (``detector = ...``) fire on them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from itertools import islice
from functools import cache
from importlib.resources import files
from typing import Any

import regex

from plainhealth.safety.scope import SCOPE, STRUCTURE

Features = dict[str, str]
"""Feature name → the words of the sentence that made it."""

_WORD = regex.compile(r"[\w$%#]+(?:['’-][\w]+)*")
_BREAK = regex.compile(r"[;:!?]|\s[–—-]\s|\b(?:but|although|though|however|while|whereas)\b",
                       regex.IGNORECASE)
_IRREGULAR = {"beat": ("beaten",), "break": ("broke", "broken"), "fight": ("fought",),
              "get": ("got", "gotten"), "shrink": ("shrank", "shrunk", "shrunken"),
              "overcome": ("overcame",), "rid": ("ridding",), "free": ("freed",),
              "burn": ("burnt",), "slow": ("slowed",)}
_MORPHOLOGY = regex.compile(
    r"\w{3,}(?:itis|osis|oses|emia|aemia|omas?|pathy|pathies|algia|plegia|trophy|iasis)$")
MAX_CONDITIONS = 6
"""Diseases looked at per clause: enough for any real sentence, and it keeps a hostile one
(the same word 300 times) fast."""
WINDOW = 7
"""Words that may stand between an effect and the disease it acts on."""


@cache
def _words() -> dict[str, Any]:
    text = files("plainhealth.safety").joinpath("data/claim-words.toml").read_text("utf-8")
    return tomllib.loads(text)


def _forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    double = verb + verb[-1] if regex.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb) else verb
    ies = verb[:-1] + "ie" if verb.endswith("y") and verb[-2] not in "aeiou" else verb
    plural = ies + "s" if ies != verb else verb + ("es" if verb.endswith(("s", "sh", "ch",
                                                                          "x")) else "s")
    past = (ies[:-1] + "ed") if ies != verb else (stem + "ed" if verb.endswith("e")
                                                    else double + "ed")
    return {verb, plural, past, stem + "ing" if verb.endswith("e") and not verb.endswith(
        "ee") else double + "ing", *_IRREGULAR.get(verb, ())}


@cache
def _vocabulary() -> tuple[dict[str, str], frozenset[str], frozenset[str], frozenset[str],
                           frozenset[str], frozenset[str]]:
    data = _words()
    effects = {form: verb for verb in data["effects"] for form in _forms(verb)}
    return (effects, frozenset(data["conditions"]), frozenset(data["condition_heads"]),
            frozenset(data["effect_nouns"]), frozenset(data["outcomes"]),
            frozenset(data["conventional"]))


def prepare() -> None:
    """Read the claim words now (they are read once per process), not on the first
    sentence."""
    _vocabulary()


def tokens(sentence: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(sentence)]


def _conditions(words: list[str]) -> Iterator[tuple[int, str]]:
    """Every word index that starts or ends a disease or symptom, with its words."""
    _, conditions, heads, *_ = _vocabulary()
    for i, word in enumerate(words):
        single = word.rstrip("s") if word.endswith("s") and word[:-1] in conditions else word
        two = " ".join(words[i:i + 2])
        if two in conditions or two.rstrip("s") in conditions:
            yield i, two
        elif single in conditions or _MORPHOLOGY.search(word):
            yield i, word
        elif word in heads and i > 0 and words[i - 1] not in {"the", "a", "your", "of"}:
            yield i, f"{words[i - 1]} {word}"


def _clauses(sentence: str) -> list[list[str]]:
    return [tokens(part) for part in _BREAK.split(sentence) if part.strip()]


def structure(sentence: str) -> Features:
    """Claim structure: an effect verb or noun near a disease, a disease that went away."""
    effects, _, _, nouns, outcomes, conventional = _vocabulary()
    out: Features = {}
    for words in _clauses(sentence):
        found = list(islice(_conditions(words), MAX_CONDITIONS))
        for c_index, condition in found:
            for i in range(max(0, c_index - WINDOW), c_index):
                word = words[i]
                if word in effects and "effect" not in out:
                    out["effect"] = f"{word} … {condition}"
                    out[f"effect:{effects[word]}"] = out["effect"]
                elif word in nouns and "effect-noun" not in out:
                    out["effect-noun"] = f"{word} … {condition}"
            after = " ".join(words[c_index + 1:c_index + 5])
            hit = next((o for o in outcomes if f" {o} " in f" {after} "), None)
            if hit and "outcome" not in out:
                out["outcome"] = f"{condition} … {hit}"
        credited = next((w for w in words if w in conventional), None)
        if credited and found:
            out.setdefault("conventional", credited)
            first_effect = next((i for i, w in enumerate(words) if w in effects), len(words))
            if words.index(credited) < first_effect:
                out.setdefault("conventional-subject", credited)
        if found:
            out.setdefault("condition", found[0][1])
    return out


def features(sentence: str, claim_words: bool = False) -> Features:
    """Every structural and scope feature of ``sentence``, with the words that made it.
    Scope is looked for only where there is something to scope: a claim feature, or
    ``claim_words`` (a claim rule's pattern matched)."""
    out = structure(sentence)
    _search(STRUCTURE, sentence, out)
    if not claim_words and not any(n in out for n in CLAIM_FEATURES):
        return out
    _search(SCOPE, sentence, out)
    if sentence.rstrip().endswith("?"):
        out["scope:question"] = "?"
    if len(tokens(sentence)) <= 8:
        out["short"] = ""
    claim = [n for n in out if not n.startswith(("scope:", "short", "condition"))]
    scoped = [n for n in out if n.startswith("scope:")]
    if claim and not scoped:
        out["claim-unscoped"] = out[claim[0]]
    elif claim:
        out["claim-scoped"] = f"{out[claim[0]]} / {out[scoped[0]]}"
    return out


def _search(patterns: tuple[tuple[str, Any], ...], sentence: str, out: Features) -> None:
    for name, pattern in patterns:
        match = pattern.search(sentence)
        if match:
            out[name] = match.group().strip()


CLAIM_FEATURES = ("effect", "effect-noun", "outcome", *(name for name, _ in STRUCTURE))
"""Features that can make a sentence a claim; without one (or a claim rule's pattern), a
sentence is not judged at all."""

DETECTORS: dict[str, tuple[str, ...]] = {
    "disease": ("effect", "effect-noun", "outcome", "protection"),
    "testimonial": ("testimonial",),
    "conspiracy": ("conspiracy",),
    "replace": ("replace",),
    "vulnerable": ("vulnerable",),
    "model": (),
}
"""A structural rule's ``detector`` → the features it fires on (``model``: none; the rule
fires only when the claim model finds a claim no other rule names)."""
REJECTING = ("scope:no-cure", "scope:not-shown", "scope:false", "scope:question",
             "scope:side-effect-fact", "scope:vaccine-safe")
"""Scope that keeps a structural rule silent (the model weighs the rest)."""


def detects(detector: str, sentence: str) -> str:
    """The words that make ``detector`` fire on ``sentence`` alone, or ""."""
    found = features(sentence)
    if any(name in found for name in REJECTING):
        return ""
    return next((found[n] for n in DETECTORS.get(detector, ()) if n in found), "")
