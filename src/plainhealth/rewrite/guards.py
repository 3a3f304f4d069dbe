"""What every rewrite must prove about grammar and meaning before it is applied, beside the
invariants (numbers, negations, hedges, warnings, substances): no subordinate clause made an
assertion, every sentence the rewrite makes agrees with its subject, none opens on a vague
"This" or "These", and no two sentences in a row open with the same words."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from plainhealth.language.memo import per_conversion
from plainhealth.rewrite.clauses import MODALS, looks_plural
from plainhealth.rewrite.plain_words import DETERMINERS, lemma, readings, verb_forms

# Words that make a clause subordinate: a condition, a time, a cause, a concession, a means.
# Each must still be in the rewrite as often (a concession or contrast may become "But"
# at the start of a sentence: "A, although B" → "A. But B." asserts both, as before).
_SUBORDINATORS = re.compile(
    r"\b(?:if|unless|when|whenever|because|although|though|whereas|while|whilst|since|"
    r"until|once|as long as|provided|in case|whether|by(?=\s+\w+ing\b))\b", re.IGNORECASE)
# Words of one kind that a plain word may stand for ("whilst" → "while", "provided that" →
# "if"): counted as their kind.
_KIND = {"although": "contrast", "though": "contrast", "whereas": "contrast",
         "while": "contrast", "whilst": "contrast", "provided": "if", "as long as": "if",
         "in case": "if", "whenever": "when"}
_BUT = re.compile(r"(?:^|[.!?][)\"”’]*\s+)But\b")

# A stop ends a sentence where a space (or the end) follows it, after any closing brackets
# and quotation marks; "0.5" and "e.g.x" stay inside.
_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?![)\"”’]*(?:\s|$)))+(?:[.!?]+[)\"”’]*(?=\s|$)|$)")
_STOPS = re.compile(r"[.!?]")
_WORD = re.compile(r"[\w’'-]+")

_SINGULAR_PRONOUNS = frozenset({"it", "he", "she", "this", "that", "each", "everyone",
                                "someone", "one"})
_PLURAL_PRONOUNS = frozenset({"they", "we", "these", "those", "both", "many", "several",
                              "few", "i", "you"})
_PLURAL_VERBS = frozenset({"are", "were", "have", "do"})
_SINGULAR_VERBS = frozenset({"is", "was", "has", "does"})
_VAGUE = re.compile(r"^(?:This|These|That|Those)\s+(?P<next>[\w’'-]+)")


@per_conversion
def subordinators(text: str) -> Counter[str]:
    """Each subordinating word in ``text`` (a contrast word counted as "contrast")."""
    found = Counter(_KIND.get(m.group().lower(), m.group().lower())
                    for m in _SUBORDINATORS.finditer(text))
    found["contrast"] += len(_BUT.findall(text)) - (1 if text.startswith("But") else 0)
    return +found


def sentences(text: str) -> list[str]:
    """``text`` cut at full stops that end a sentence (enough for the checks here)."""
    return list(_sentences(text))


@per_conversion
def _sentences(text: str) -> tuple[str, ...]:
    return cut(text)


def cut(text: str) -> tuple[str, ...]:
    """:func:`sentences`, not kept (for texts looked at once: every block of a page)."""
    if not _STOPS.search(text):  # no stop at all (most list items): one sentence, or none
        stripped = text.strip()
        return (stripped,) if stripped else ()
    return _cut(text)


def _cut(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in _SENTENCE.findall(text) if s.strip())


@per_conversion
def opening(sentence: str) -> tuple[str, ...]:
    """The first two words, lower case: what two sentences in a row must not share."""
    words = tuple(w.lower() for w in _WORD.findall(sentence)[:2])
    return ("(", *words) if sentence.startswith("(") else words


def problems(before: str, after: str, previous: str = "", following: str = "") -> list[str]:
    """The grammar and meaning checks ``after`` fails as a rewrite of ``before``;
    ``previous`` and ``following`` are the sentences around it in its paragraph."""
    found = []
    lost = subordinators(before) - subordinators(after)
    if lost:
        found.append(f"the clause under {sorted(lost)[0]!r} would become an assertion")
    old = set(sentences(before))
    new = [s for s in sentences(after) if s not in old]
    disagreed = any(map(agreement, old))  # a text the check misreads is not refused
    for sentence in new:
        if agreement(sentence) and not disagreed:
            found.append(f"the verb would not agree with its subject in {sentence!r}")
        if vague(sentence) and not vague_in(before, sentence):
            found.append(f"{sentence!r} would open on a vague subject")
    if repeated(after, previous, following) > repeated(before, previous, following):
        found.append("two sentences in a row would open with the same words")
    if any(map(unbalanced, new)) and not any(map(unbalanced, old)):
        found.append("a quotation or a bracket would be cut in two")
    return found


def unbalanced(sentence: str) -> bool:
    """An opening quotation mark or bracket without its closing one (or the reverse)."""
    return sentence.count("“") != sentence.count("”") or sentence.count('"') % 2 == 1 or \
        sentence.count("(") != sentence.count(")")


def repeated(text: str, previous: str, following: str) -> int:
    """How many pairs of sentences in a row open with the same two words."""
    chain = [opening(s) for s in (*sentences(previous)[-1:], *sentences(text),
                                  *sentences(following)[:1])]
    # Figures in brackets after a finding ("(For falls: …) (For fractures: …)") are a list
    # of asides, alike on purpose: their openings are marked apart (see opening).
    return sum(a == b and len(a) == 2 for a, b in itertools.pairwise(chain))


def vague(sentence: str) -> bool:
    """"This significantly affects …", "These can …": a demonstrative with no noun after it."""
    found = _VAGUE.match(sentence)
    if found is None:
        return False
    word = found.group("next").lower()
    return word in MODALS or word in _SINGULAR_VERBS | _PLURAL_VERBS or \
        word.endswith("ly") or _is_verb(word)


def vague_in(before: str, sentence: str) -> bool:
    """True when ``before`` already opened a sentence the same way (not new, so no fault)."""
    words = " ".join(sentence.split()[:2])
    return any(s.startswith(words) for s in sentences(before))


def _is_verb(word: str) -> bool:
    base = lemma(word, "VERB")
    return bool(base) and word in (verb_forms(base).get("VBZ"), verb_forms(base).get("VBD")) \
        and not readings(word) & {"NOUN", "ADJ"}


@per_conversion
def agreement(sentence: str) -> bool:
    """True when the sentence's subject and its first verb plainly disagree in number:
    "Opioid medicines includes …", "The studies was …", "Kratom reduce …"."""
    raw = _WORD.findall(_ASIDES.sub(" ", sentence))[:8]
    words = [w.lower() for w in raw]
    for index in range(1, len(words)):
        word, head = words[index], words[index - 1]
        if raw[index - 1].isupper() or head.endswith("ing"):
            return False  # "DFS was", "People getting X were": the head is not plain
        if word in MODALS or head in _PREPOSITIONS or word in _RELATIVES:
            return False  # "The quality of the studies was": the head is not next to it
        if head in DETERMINERS or head in {"and", "or"}:
            continue
        number = _number(head, words[:index])
        following = words[index + 1] if index + 1 < len(words) else ""
        verb = _verb_number(word, following)
        if verb is None:
            continue
        return number is not None and number != verb
    return False


_ASIDES = re.compile(r"\([^()]*\)|[‘'\"“][^‘'\"“”’]*[’'\"”]")
_RELATIVES = frozenset({"who", "which", "that", "whom", "whose", "where", "when", "if"})
_PREPOSITIONS = frozenset({"of", "with", "in", "for", "to", "by", "on", "at", "from",
                           "about", "among", "between", "after", "before", "during"})


def _number(head: str, subject: list[str]) -> str | None:
    if "and" in subject:
        return "plural"
    if head in _SINGULAR_PRONOUNS:
        return "singular"
    if head in _PLURAL_PRONOUNS:
        return "plural"
    if looks_plural(head) or head in _IRREGULAR_PLURALS:
        return "plural"
    if lemma(head, "NOUN") == head or (not readings(head) and not head.endswith("s")):
        return "singular"  # a noun, or a name the lexicon does not know ("kratom")
    return None


_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "feet", "teeth",
                                "mice", "criteria", "bacteria", "data", "police"})


def _verb_number(word: str, following: str) -> str | None:
    """"is", "includes" → singular; "are", "reduce" → plural; None for a word that may
    still be part of the subject ("medicines", "pain relief")."""
    if word in _SINGULAR_VERBS:
        return "singular"
    if word in _PLURAL_VERBS:
        return "plural"
    base = lemma(word, "VERB")
    forms = verb_forms(base) if base else {}
    nominal = bool(readings(word) & {"NOUN", "ADJ"})
    if word == forms.get("VBZ") and word != forms.get("VB"):
        # "causes" may be a noun ("the causes"), but not before an object or an adverb
        # when no verb follows ("medicines causes nausea").
        if nominal and following not in DETERMINERS and \
                following not in {"it", "them", "you", "us", "him", "her"}:
            return None  # "studies reported": a plural noun, unless an object follows
        return "singular"
    if word == forms.get("VB") and not nominal and following not in MODALS:
        return "plural"
    return None
