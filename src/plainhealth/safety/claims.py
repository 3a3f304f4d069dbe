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
from functools import cache, lru_cache
from importlib.resources import files
from itertools import islice
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
_ENDINGS = ("itis", "osis", "oses", "emia", "aemia", "oma", "omas", "pathy", "pathies",
            "algia", "plegia", "trophy", "iasis")
"""Word endings that name a disease (the word must have at least three letters before)."""
_MEDICINE_ENDINGS = ("pril", "sartan", "olol", "statin", "cillin", "mycin", "cycline",
                     "floxacin", "azole", "tidine", "dipine", "azepam", "oxetine", "triptan",
                     "afil", "parin", "formin", "gliptin", "gliflozin", "glutide", "dronate",
                     "lukast", "terol", "olone", "caine", "profen", "fenac", "mab", "tinib",
                     "ciclovir", "clovir", "navir", "ectomy", "otomy", "oscopy", "plasty",
                     "therapy", "therapies", "tripsy", "ostomy")
"""Endings of generic medicine names (the international nonproprietary stems) and of
procedures and one-word therapies: what a health service's page credits with an effect."""
LONGEST_WORD = 40
"""Longer runs of letters are no words (hostile text): they are left out before matching."""
_TOO_LONG = regex.compile(rf"\w{{{LONGEST_WORD},}}")
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
    _classes()


def tokens(sentence: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(sentence)]


def _conditions(words: list[str]) -> Iterator[tuple[int, int, str]]:
    """Every disease or symptom named: its first and last word index, and its words."""
    _, conditions, heads, *_ = _vocabulary()
    for i, word in enumerate(words):
        single = word.rstrip("s") if word.endswith("s") and word[:-1] in conditions else word
        two = " ".join(words[i:i + 2])
        if two in conditions or two.rstrip("s") in conditions:
            yield i, i + 1, two
        elif single in conditions or _disease_shaped(word):
            yield i, i, word
        elif word in heads and i > 0 and words[i - 1] not in {"the", "a", "your", "of"}:
            yield i - 1, i, f"{words[i - 1]} {word}"


def _disease_shaped(word: str) -> bool:
    return _shaped(word, _ENDINGS)


def _medicine_shaped(word: str) -> bool:
    """A generic medicine's name by its stem (-pril, -statin, -mab …), or a one-word
    medical therapy (chemotherapy, immunotherapy, physiotherapy)."""
    return _shaped(word, _MEDICINE_ENDINGS)


def _shaped(word: str, endings: tuple[str, ...]) -> bool:
    return word.endswith(endings) and any(
        word.endswith(e) and len(word) >= len(e) + 3 for e in endings)


@cache
def _classes() -> dict[str, str]:
    """Word → the class the claim model reads it as (later lists win over earlier)."""
    data = _words()
    effects, conditions, _, nouns, outcomes, _ = _vocabulary()
    out = dict.fromkeys(outcomes, "outcome") | dict.fromkeys(nouns, "effect-noun")
    out |= dict.fromkeys(conditions, "condition") | dict.fromkeys(effects, "effect")
    for name, words in data["classes"].items():
        out |= dict.fromkeys(words, name.replace("_", "-"))
    return out


HEALTH_CLASSES = frozenset({"condition", "effect", "effect-noun", "outcome", "medicine",
                            "vulnerable"})
"""A sentence with none of these words (a disease, an effect, a medicine, people at risk
such as babies), and no claim
rule's words, claims nothing about health: the claim model does not judge it. A remedy
alone ("our drops are made from plants") is not enough."""


def names_health(sentence: str) -> bool:
    """Whether a word of ``sentence`` is of a class in HEALTH_CLASSES (as
    ``word_classes(tokens(sentence))`` would say, one cached look-up a word)."""
    return any(map(_of_health, _WORD.findall(sentence)))


@lru_cache(maxsize=1 << 16)
def _of_health(token: str) -> bool:
    return _class(token.lower().replace("’", "'")) in HEALTH_CLASSES


def word_classes(words: list[str]) -> list[str]:
    """Each word's class, or "" for a word in none."""
    return [_class(w) for w in words]


@lru_cache(maxsize=1 << 16)
def _class(word: str) -> str:
    """(Cached: a page uses a few thousand different words, each many times.)"""
    classes = _classes()
    found = classes.get(word)
    if found is None and word.endswith("s"):  # plurals: "tumors", "viruses"
        found = classes.get(word[:-1]) or classes.get(word[:-2] if word.endswith("es") else "")
    if found:
        return found
    if "-" in word:  # "ACE-inhibitors", "anti-inflammatory": the last part's class
        return _class(word.rsplit("-", 1)[1])
    return "condition" if _disease_shaped(word) else "medicine" if _medicine_shaped(
        word) else ""


def _clauses(sentence: str) -> list[list[str]]:
    return [tokens(part) for part in _BREAK.split(sentence) if part.strip()]


def structure(sentence: str) -> Features:
    """Claim structure: an effect verb or noun near a disease, a disease that went away,
    and what the sentence credits with the effect (a medicine, a remedy, the body)."""
    out: Features = {}
    for words in _clauses(sentence):
        found = list(islice(_conditions(words), MAX_CONDITIONS))
        covered = {i for first, last, _ in found for i in range(first, last + 1)}
        for first, last, condition in found:
            _effects(words, first, condition, covered, out)
            _outcome(words, last, condition, out)
        if found:
            out.setdefault("condition", found[0][2])
        _harm(words, out)
    if "condition" in out:  # the subject may stand before a dash ("Water walking - it eases …")
        _agent(tokens(sentence), out)
    return out


def _effects(words: list[str], first: int, condition: str, covered: set[int],
             out: Features) -> None:
    """An effect verb or noun in the WINDOW words before the disease. A word that is part
    of a disease's name ("heart attack symptoms") or an adjective of place ("lower back
    pain") is no effect."""
    effects, _, _, nouns, _, _ = _vocabulary()
    places = _words()["places"]
    for i in range(max(0, first - WINDOW), first):
        word = words[i]
        if i in covered or (i + 1 < len(words) and words[i + 1] in places):
            continue
        if word in effects and "effect" not in out:
            out["effect"] = f"{word} … {condition}"
            out[f"effect:{effects[word]}"] = out["effect"]
        elif word in nouns and "effect-noun" not in out:
            out["effect-noun"] = f"{word} … {condition}"


def _outcome(words: list[str], last: int, condition: str, out: Features) -> None:
    """A disease that went away ("my tumors shrank", "diabetes is gone")."""
    outcomes = _vocabulary()[4]
    after = f" {' '.join(words[last + 1:last + 7])} "
    hit = next((o for o in outcomes if f" {o} " in after), None)
    if hit and "outcome" not in out:
        out["outcome"] = f"{condition} … {hit}"


_AGENTS = {"medicine": "agent-medicine", "remedy": "agent-remedy", "body": "agent-body",
           "product": "agent-product", "lifestyle": "agent-lifestyle"}


def _agent(words: list[str], out: Features) -> None:
    """What the clause credits, before its first effect: conventional medicine or healthy
    habits (what a health service's page credits), a remedy or a product (what a seller
    credits), or the body itself (a description of how it works)."""
    effects, *_, conventional = _vocabulary()
    first_effect = next((i for i, w in enumerate(words) if w in effects), len(words))
    credited = next((w for w in words if w in conventional), None)
    if credited:
        out.setdefault("conventional", credited)
        if words.index(credited) < first_effect:
            out.setdefault("conventional-subject", credited)
    for word, kind in zip(words[:first_effect], word_classes(words[:first_effect]),
                          strict=True):
        name = _AGENTS.get("medicine" if word in conventional else kind)
        if name:
            out.setdefault(name, word)


def _harm(words: list[str], out: Features) -> None:
    """Harm said of a medicine ("vaccines damage …", "drugs with harmful side effects":
    framing against medicine) or of a remedy (a warning), in one clause."""
    harms, strong = _words()["harms"], _words()["strong_harms"]
    harm = next((w for w in words if w in harms or w in strong), None)
    if harm is None:
        return
    classes = word_classes(words)
    for kind in ("medicine", "remedy"):
        named = next((w for w, c in zip(words, classes, strict=True) if c == kind), None)
        if named:
            out.setdefault(f"{kind}-harm", f"{named} … {harm}")
            strongest = next((w for w in words if w in strong), None)
            if strongest:  # "toxic", "poison", "worse than": no side-effect leaflet's words
                out.setdefault(f"{kind}-harm-strong", f"{named} … {strongest}")


def features(sentence: str) -> Features:
    """Every structural and scope feature of ``sentence``, with the words that made it."""
    sentence = _TOO_LONG.sub(" ", sentence)
    out = _structural(sentence)
    _search(SCOPE, sentence, out)
    if sentence.rstrip().endswith("?"):
        out["scope:question"] = "?"
    words = tokens(sentence)
    if len(words) <= 8:
        out["short"] = ""
    if _headline(sentence):
        out["headline"] = sentence.strip()
    claim = [n for n in out if n in CLAIM_FEATURES or n.startswith("medicine-harm")]
    scoped = [n for n in out if n.startswith("scope:")]
    if claim and not scoped:
        out["claim-unscoped"] = out[claim[0]]
    elif claim:
        out["claim-scoped"] = f"{out[claim[0]]} / {out[scoped[0]]}"
        rejecting = [n for n in scoped if n in REJECTING]
        if rejecting:  # "claims that it cures cancer are false": the claim is rejected
            out["claim-rejected"] = f"{out[claim[0]]} / {out[rejecting[0]]}"
    return out


def claim_shaped(sentence: str) -> bool:
    """Whether :func:`features` would find one of CLAIM_FEATURES in ``sentence``: its
    structural part alone (most sentences that name an illness have none, and their
    scope is not looked for)."""
    return any(name in CLAIM_FEATURES for name in _structural(_TOO_LONG.sub(" ", sentence)))


def _structural(sentence: str) -> Features:
    out = structure(sentence)
    _search(STRUCTURE, sentence, out)
    return out


def _headline(sentence: str) -> bool:
    """An ad line or title: most words capitalised, no full stop ("Shrinks Tumors Fast")."""
    words = sentence.split()
    capitals = sum(1 for w in words if w[:1].isupper())
    return len(words) >= 3 and capitals >= 0.6 * len(words) and not sentence.rstrip().endswith(".")


def _search(patterns: tuple[tuple[str, Any], ...], sentence: str, out: Features) -> None:
    for name, pattern in patterns:
        match = pattern.search(sentence)
        if match:
            out[name] = match.group().strip()


CLAIM_FEATURES = ("effect", "effect-noun", "outcome", "medicine-harm-strong",
                  *(name for name, _ in STRUCTURE))
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
    """The words that make ``detector`` fire on ``sentence`` alone, or "". Only the
    features it needs are looked for (a rule's check runs on every sentence)."""
    sentence = _TOO_LONG.sub(" ", sentence)
    wanted = DETECTORS.get(detector, ())
    if not wanted:
        return ""
    found = structure(sentence) if detector == "disease" else {}
    _search(tuple(p for p in STRUCTURE if p[0] in wanted), sentence, found)
    if not any(name in found for name in wanted):
        return ""
    _search(tuple(p for p in SCOPE if p[0] in REJECTING), sentence, found)
    if sentence.rstrip().endswith("?") or any(name in found for name in REJECTING):
        return ""
    return next((found[n] for n in wanted if n in found), "")
