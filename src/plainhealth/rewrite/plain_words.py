"""The plain-words list (``glossary/plain-words.toml``): wordy phrase → plain phrase.

Each entry carries its own examples, run by :func:`check` (and so by ``plainhealth
glossary check``): an entry that does not give its expected rewrite, or touches a
sentence it must leave alone, or is always refused by the invariants, is reported.
Verb forms come from lemminflect's lexicon (the NIH SPECIALIST lexicon, shipped in its
wheel); a form it cannot tell for certain is not rewritten.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from plainhealth.explain.glossary import Problem, shipped_dir
from plainhealth.language.lexicon import lemmas
from plainhealth.language.lexicon import verb_forms as lexicon_verb_forms
from plainhealth.language.matcher import Matcher
from plainhealth.language.memo import per_word

KEYS = {"id", "match", "plain", "pos", "note", "examples", "keep", "not_after", "not_before",
        "only_after", "only_before", "start_only", "drop_comma"}
POS = {"verb", "noun", "adjective", "adverb", "phrase"}
# Words after which a verb form is an adjective or a noun ("the indicated dose",
# "your purchase"): never swapped as a verb there.
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their",
                         "your", "his", "her", "our", "my", "some", "any", "each", "every",
                         "no", "such", "which", "what", "whose"})
_BE_HAVE = frozenset({"is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
                      "having", "get", "gets", "got", "gotten", "getting", "'s", "’s"})
# Words before a bare verb that make it a verb, not a noun ("to purchase", "can purchase").
_VERB_BEFORE = frozenset({"to", "can", "could", "may", "might", "will", "would", "should",
                          "must", "do", "does", "did", "not", "please", "i", "you", "we", "they",
                          "cannot", "don't", "doesn't", "didn't", "won't", "shouldn't"})
_SUBJECT_PRONOUNS = frozenset({"i", "you", "we", "they", "he", "she", "it", "who", "which",
                               "that"})
_NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "six", "seven", "eight",
                          "nine", "ten", "both", "all", "most", "many", "more", "fewer"})
_ADVERB = re.compile(r"\w+ly|also|always|never|often|still|then|just|only|first|not|now|"
                     r"usually|sometimes|already|even", re.IGNORECASE)


@dataclass(frozen=True)
class Phrase:
    id: str
    match: tuple[str, ...]
    plain: str
    pos: str
    note: str = ""
    examples: tuple[tuple[str, str], ...] = ()
    """(sentence, the sentence with this entry applied)."""
    keep: tuple[str, ...] = ()
    """Sentences this entry must leave as they are."""
    not_after: frozenset[str] = frozenset()
    """Words that, right before the match, block the swap ("an adequate" ↛ "an enough")."""
    not_before: frozenset[str] = frozenset()
    """Words that, right after the match, block it ("the majority of the" ↛ "most the")."""
    only_after: frozenset[str] = frozenset()
    """When set, the word right before the match must be one of these."""
    only_before: frozenset[str] = frozenset()
    """When set, the word right after the match must be one of these ("sufficient
    evidence" → "enough evidence", never "sufficient quality"); "#" stands for a number."""
    start_only: bool = False
    """Only at the start of a sentence ("Therefore, …" → "So, …", never "is therefore")."""
    drop_comma: bool = False
    """The comma right after the match goes too ("However, …" → "But …"); without a comma
    there, no swap."""


@dataclass(frozen=True)
class PlainWords:
    phrases: tuple[Phrase, ...]
    matcher: Matcher

    @cached_property
    def by_id(self) -> dict[str, Phrase]:
        return {p.id: p for p in self.phrases}


def read(path: Path | None = None) -> tuple[PlainWords, list[Problem]]:
    path = path or shipped_dir() / "plain-words.toml"
    name = path.name
    problems: list[Problem] = []
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return PlainWords((), Matcher(())), [Problem(name, "-", f"cannot read: {error}")]
    phrases: list[Phrase] = []
    for raw in data.get("phrase", []):
        phrase = _phrase(raw, name, problems)
        if phrase is not None:
            phrases.append(phrase)
    matcher = Matcher((form, p.id) for p in phrases for form in p.match)
    problems += [Problem(name, new, f"matches {form!r}, which {old!r} already matches")
                 for form, old, new in matcher.conflicts]
    return PlainWords(tuple(phrases), matcher), problems


def _phrase(raw: Any, name: str, problems: list[Problem]) -> Phrase | None:
    ident = str(raw.get("id", "?"))
    problems += [Problem(name, ident, f"unknown key {k!r}") for k in sorted(set(raw) - KEYS)]
    if not isinstance(raw.get("match"), list) or not isinstance(raw.get("plain"), str) or \
            raw.get("pos") not in POS or (not raw["plain"] and raw.get("pos") != "phrase"):
        problems.append(Problem(name, ident, "needs match (a list), plain (empty only for a "
                                f"phrase), and pos (one of {', '.join(sorted(POS))})"))
        return None
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(
            isinstance(e, list) and len(e) == 2 and all(isinstance(s, str) for s in e)
            for e in examples):
        problems.append(Problem(name, ident, "examples must be a list of [before, after]"))
        examples = []
    return Phrase(ident, tuple(raw["match"]), str(raw["plain"]), str(raw["pos"]),
                  str(raw.get("note", "")), tuple((e[0], e[1]) for e in examples),
                  tuple(str(s) for s in raw.get("keep", [])),
                  frozenset(str(w).lower() for w in raw.get("not_after", [])),
                  frozenset(str(w).lower() for w in raw.get("not_before", [])),
                  frozenset(str(w).lower() for w in raw.get("only_after", [])),
                  frozenset(str(w).lower() for w in raw.get("only_before", [])),
                  bool(raw.get("start_only", False)), bool(raw.get("drop_comma", False)))


@cache
def load() -> PlainWords:
    return read()[0]


# ---- verb forms ----

@per_word
def verb_forms(base: str) -> dict[str, str]:
    """"show" → {"VB": "show", "VBD": "showed", "VBN": "shown", …}; empty for a word the
    lexicon does not know as a verb."""
    return lexicon_verb_forms(base.lower())


@per_word
def readings(word: str) -> frozenset[str]:
    """The parts of speech the lexicon knows ``word`` as (NOUN, VERB, ADJ …)."""
    return frozenset(lemmas(word.lower()))


@per_word
def lemma(word: str, upos: str) -> str:
    """"giving" → "give" for VERB; empty when the lexicon has no such reading."""
    found = lemmas(word.lower()).get(upos)
    return found[0] if found else ""


def head_verb(plain: str) -> int | None:
    """Index of the word in ``plain`` that carries the tense: the first one the lexicon
    knows as a verb ("completely change" → 1)."""
    for index, word in enumerate(plain.split()):
        forms = verb_forms(word)
        if forms.get("VB") == word.lower():
            return index
    return None


def inflect_verb(plain: str, surface: str, base: str, before: str, after: str) -> str | None:
    """``plain`` in the form ``surface`` has ("utilized" → "used"), or None when the form
    is not certain: a past tense that could be a participle, a bare form that could be a
    noun, an adjective use ("the indicated dose")."""
    head = head_verb(plain)
    word = surface.split()[0].lower()
    own, target = verb_forms(base.split()[0]), None
    if head is None or not own:
        return None
    words = plain.split()
    target_forms = verb_forms(words[head])
    tags = {tag for tag, form in own.items() if form == word}
    previous = word_before(before)
    if previous in DETERMINERS or not tags:
        return None
    # A verb phrase of several words ("leads to an increase in") is a verb, not a noun.
    phrasal = len(surface.split()) > 1
    if "VBG" in tags:
        target = "VBG"
    elif tags & {"VBD", "VBN"}:
        # "resulted in a drop in" → "reduced" is both the past and the participle.
        target = "VBD" if phrasal and target_forms.get("VBD") == target_forms.get("VBN") \
            else _past_or_participle(target_forms, previous, before, after)
    elif "VBZ" in tags:
        # "impacts": a verb after "it" or an adverb ("significantly impacts"), else a noun
        target = "VBZ" if "NOUN" not in readings(word) or previous in _SUBJECT_PRONOUNS \
            or (previous.endswith("ly") and previous not in {"early", "only", "family"}) \
            or phrasal else None
    elif "VB" in tags:
        # "impact the drive" after "the massive" is a noun with a clause after it.
        target = "VB" if "NOUN" not in readings(word) or previous in _VERB_BEFORE \
            or not before.strip() or (word_after(after) in DETERMINERS and
                                      "ADJ" not in readings(previous)) else None
    if target is None or target not in target_forms:
        return None
    if target in {"VBD", "VBN"} and len(words) > head + 1 and \
            not re.match(r"\s*[\w’'-]", after):
        return None  # "358 children evaluated)" is not "358 children looked at)"
    words[head] = target_forms[target]
    return " ".join(words)


def _past_or_participle(forms: dict[str, str], previous: str, before: str,
                        after: str) -> str | None:
    recent = [w for w in before.lower().split()[-4:] if not _ADVERB.fullmatch(w)]
    following = re.match(r"\s*([\w’'-]+|[^\w\s]|$)", after)
    nxt = following.group(1).lower() if following else ""
    if recent and recent[-1] in _BE_HAVE:
        return "VBN"  # "was demonstrated" → "was shown"
    if nxt == "by":
        return "VBN"  # "the dose displayed by the pump"
    if (nxt.isdigit() or nxt in _NUMBER_WORDS) and _TIME_AFTER_NUMBER.match(after):
        return None  # "the drug administered one week before": a time, not an object
    if previous in _SUBJECT_PRONOUNS - {"that", "which"} or nxt in DETERMINERS or \
            nxt.isdigit() or nxt in _NUMBER_WORDS:
        return "VBD"  # "they demonstrated", "studies demonstrated a benefit" → "showed"
    if forms.get("VBD") == forms.get("VBN", forms.get("VBD")) and previous and \
            (not nxt or not nxt[0].isalnum() or nxt in {"to", "that", "in", "on", "at"}):
        return "VBD"  # "the intervention ceased." → "stopped": the same form either way
    # "the dose displayed on the label", "the hand assisted group": a participle, an
    # adjective or a past? Not certain, so not rewritten.
    return None


_TIME_AFTER_NUMBER = re.compile(r"\s*[\w-]+\s+(?:minutes?|hours?|days?|weeks?|months?|years?|"
                                r"times?)\b", re.IGNORECASE)

_NEXT_WORD = {True: re.compile(r"\W*?([\w’'-]+)"), False: re.compile(r"\s*([\w’'-]+)")}
_LAST_WORD = {True: re.compile(r"([\w’'-]+)\W*$"), False: re.compile(r"([\w’'-]+)\s*$")}


def word_after(after: str, across_punctuation: bool = True) -> str:
    """The first word of ``after``, lower case ("" if none), skipping spaces and, unless
    told not to, punctuation."""
    found = _NEXT_WORD[across_punctuation].match(after)
    return found.group(1).lower() if found else ""


def word_before(before: str, across_punctuation: bool = True) -> str:
    """The last word of ``before``, lower case, as :func:`word_after` from the end."""
    found = _LAST_WORD[across_punctuation].search(before)
    return found.group(1).lower() if found else ""


def pluralize(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()
