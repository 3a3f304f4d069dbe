"""Word and phrase swaps inside one sentence: plain words for wordy ones
(``plain-words.toml``) and the glossary's plain replacement for a term, each only where the
context shows it fits (the right part of speech, a whole noun phrase, not a label or a name
being defined), applied left to right through an invariant check."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from plainhealth.explain.glossary import Glossary
from plainhealth.language.matcher import Match, Matcher
from plainhealth.rewrite.invariants import broken
from plainhealth.rewrite.plain_words import (
    DETERMINERS,
    Phrase,
    PlainWords,
    inflect_verb,
    pluralize,
    readings,
    verb_forms,
    word_after,
    word_before,
)

Attempt = Callable[[str, str, str], str]
"""(rule, sentence, candidate) → the sentence to go on with: the candidate if it is safe."""


@dataclass(frozen=True)
class Swap:
    """One word or phrase replaced in a sentence: where, and with what."""

    rule: str
    start: int
    end: int
    replacement: str


def apply_swaps(text: str, swaps: Sequence[Swap], attempt: Attempt) -> str:
    """Each swap at its own place (never the first look-alike elsewhere in the sentence),
    left to right, skipping any that overlaps one already made, and any inside a label
    ("complete/optimal/suboptimal") or an abbreviation being defined ("gutta-percha
    (GP)"), whose words are a name, not prose."""
    shift, taken = 0, -1
    for swap in sorted(swaps, key=lambda s: s.start):
        start, end = swap.start + shift, swap.end + shift
        if swap.start < taken or _label(text, start, end):
            continue
        candidate = text[:start] + swap.replacement + text[end:]
        if candidate == text:
            continue
        if attempt(swap.rule, text, candidate) != text:
            shift += len(swap.replacement) - (swap.end - swap.start)
            text = candidate
            taken = swap.end
    return text


def _label(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 1):start], text[end:end + 1]
    word = text[start:end]
    return "/" in (before, after) or (before == "(" and after == ")" and
                                      sum(ch.isupper() for ch in word) >= 2)


def rewrite_words(sentence: str, phrase: Phrase) -> tuple[str, str]:
    """``sentence`` with only ``phrase`` applied, and why a rewrite was refused (for the
    plain-words check)."""
    words = PlainWords((phrase,), Matcher((form, phrase.id) for form in phrase.match))
    refused: list[str] = []

    def attempt(rule: str, current: str, candidate: str) -> str:
        problems = broken(current, candidate)
        refused.extend(problems)
        return current if problems else candidate

    return apply_swaps(sentence, list(word_swaps(sentence, words)), attempt), "; ".join(refused)


def word_swaps(text: str, words: PlainWords,
               matches: Sequence[Match] | None = None) -> Iterator[Swap]:
    by_id = words.by_id
    for match in words.matcher.find(text) if matches is None else matches:
        phrase = by_id[match.key]
        replacement = _plain_for(phrase, match, text)
        if replacement is None:
            continue
        swap = _swap(f"plain-words/{phrase.id}", match, replacement, text)
        # "However, the …" → "But the …"; "a total of 25" → "25": the comma or space goes.
        tail = re.match(r",\s*" if phrase.drop_comma else r"\s+" if not replacement else "",
                        text[match.end:])
        if phrase.drop_comma and tail is None:
            continue  # "However much you take": no comma, not the linking word
        if _shared_preposition(match.surface, replacement, text[match.end:]):
            continue
        if tail is not None and tail.group():
            swap = dataclasses.replace(swap, end=match.end + tail.end(),
                                       replacement=swap.replacement + (" " if replacement
                                                                       else ""))
        if not replacement and not text[:match.start].strip() and swap.end < len(text):
            # "It is important to note that you …" → "You …": the next word opens it now.
            swap = dataclasses.replace(swap, end=swap.end + 1,
                                       replacement=text[swap.end].upper())
        yield _possessive(swap, text)


def _shared_preposition(surface: str, replacement: str, after: str) -> bool:
    """"have an effect on X and on Y" → "affect X and on Y" would leave the second "on"
    stranded: a phrase whose last word is a preposition the plain words drop is not
    swapped when that preposition comes again after "and" or "or"."""
    last = surface.split()[-1].lower()
    if last not in _PREPOSITIONS or replacement.lower().endswith(last):
        return False
    return re.search(rf"\b(?:and|or)\s+{last}\b", after[:120], re.IGNORECASE) is not None


_PREPOSITIONS = frozenset({"of", "on", "to", "for", "with", "in", "from", "about", "by"})


def _possessive(swap: Swap, text: str) -> Swap:
    """"participants' views" → "people's views", not "people' views" (but "'participants'"
    in quotation marks stays a quotation)."""
    after, before = text[swap.end:swap.end + 2], text[max(0, swap.start - 1):swap.start]
    if not re.match(r"['’](?![^\W_])", after) or before in ("'", "‘") or \
            not swap.replacement:
        return swap
    mark = after[0]
    ending = mark if swap.replacement.endswith("s") else mark + "s"
    return dataclasses.replace(swap, end=swap.end + 1, replacement=swap.replacement + ending)


def _plain_for(phrase: Phrase, match: Match, text: str) -> str | None:
    before, after = text[:match.start], text[match.end:]
    if phrase.start_only and before.strip():
        return None
    previous, following = _word_before(before), _word_after(after)
    number = "#" if re.fullmatch(r"\d[\d.,]*", following) else following
    if previous in phrase.not_after or following in phrase.not_before or \
            (phrase.only_after and previous not in phrase.only_after) or \
            (phrase.only_before and number not in phrase.only_before):
        return None
    if phrase.pos == "adjective" and _heads_noun_phrase(text, match.end):
        return None  # an adjective swaps only before the noun it describes
    if phrase.pos == "verb":
        base = next((f for f in phrase.match
                     if match.surface.split()[0].lower() in verb_forms(f.split()[0]).values()),
                    None)
        return inflect_verb(phrase.plain, match.surface, base, before, after) if base else None
    if not _listed(match.surface, phrase.match):
        return None
    if phrase.pos == "noun" and _plural_of_listed(match.surface, phrase.match):
        return pluralize(phrase.plain)
    return phrase.plain


def glossary_swaps(text: str, glossary: Glossary,
                   terms: Sequence[Match] | None = None) -> Iterator[Swap]:
    """A glossary term → its plain replacement, only where the term is a whole noun
    phrase of its own: not part of a longer one ("pulmonary hypertension", "traditional
    pharmaceuticals"), not describing a noun ("analgesic properties"), and only when the
    replacement is a noun (not "digestive")."""
    for match in glossary.find(text) if terms is None else terms:
        term = glossary.by_id[match.key]
        plain = term.plain
        if not plain or term.safety or plain.lower() in text.lower() \
                or not _listed(match.surface, term.match):
            continue
        if not _heads_noun_phrase(text, match.end) or not _starts_noun_phrase(text, match.start):
            continue
        last = re.split(r"[\s-]", plain)[-1]
        if "ADJ" in readings(last) and _word_before(text[:match.start]) not in _LINKING:
            continue  # an adjective fits after "is", not in a noun's place ("the digestive")
        if "ADJ" in readings(match.surface.split()[-1]) and \
                _word_after(text[match.end:]) in ("and", "or"):
            continue  # "cardiovascular or cerebrovascular events": a shared noun follows
        if _plural_of_listed(match.surface, term.match):
            plain = pluralize(plain)
        yield _swap(f"glossary-plain/{term.id}", match, plain, text)


def _swap(rule: str, match: Match, replacement: str, text: str) -> Swap:
    if replacement and match.surface[0].isupper() and not match.surface.isupper():
        replacement = replacement[0].upper() + replacement[1:]
    start = match.start
    article = re.search(r"\b(an?|An?)(\s+)$", text[:start])
    if article is not None:  # "an analgesic" → "a pain reliever"
        word = "an" if replacement[:1].lower() in "aeiou" else "a"
        word = word.capitalize() if article.group(1)[0].isupper() else word
        replacement = word + article.group(2) + replacement
        start = article.start()
    return Swap(rule, start, match.end, replacement)


def _word_before(before: str) -> str:
    return word_before(before, across_punctuation=False)


def _word_after(after: str) -> str:
    return word_after(after, across_punctuation=False)


def _listed(surface: str, forms: tuple[str, ...]) -> bool:
    """Nouns and phrases swap only in a listed form or its plain plural (not "individual's"
    for "individuals")."""
    word = surface.lower().replace("’", "'").replace("-", " ")
    listed = {f.lower().replace("-", " ") for f in forms}
    return word in listed or word in {pluralize(f) for f in listed}


def _plural_of_listed(surface: str, forms: tuple[str, ...]) -> bool:
    """"analgesics" for a listed "analgesic" (but not "individuals", listed as it is)."""
    word = surface.lower().replace("’", "'")
    listed = {f.lower() for f in forms}
    return word not in listed and word in {pluralize(f) for f in listed}


def _heads_noun_phrase(text: str, end: int) -> bool:
    """True when the term ends a noun phrase, so a noun can take its place: it is followed
    by a full stop, comma or the like, the end, or a function word — not by another noun
    it describes ("analgesic properties"), a bracket or a hyphen."""
    following = re.match(r"\s*([\w’'-]+|[^\w\s]|$)", text[end:])
    word = following.group(1).lower() if following else ""
    if not word:
        return True
    if not word[0].isalnum():
        return word in ".,;:!?)"
    return word in _FUNCTION_WORDS


def _starts_noun_phrase(text: str, start: int) -> bool:
    """True when nothing before the term belongs to the same noun phrase: it follows the
    start, punctuation, a number, a determiner or a function word."""
    word = _word_before(text[:start])
    if not word or re.search(r"[^\w\s’'-]\s*$", text[:start]):
        return True
    return word in _FUNCTION_WORDS or word in DETERMINERS or word.isdigit() or word in {
        "about", "into", "over", "under", "after", "before", "during", "without", "against",
        "among", "between", "through", "cause", "causes", "treat", "treats", "have", "had"}


_LINKING = frozenset({"is", "are", "was", "were", "be", "been", "being", "very", "more",
                      "less", "not", "as", "seems", "looks"})
_FUNCTION_WORDS = frozenset({
    "and", "or", "but", "nor", "of", "to", "in", "for", "with", "on", "at", "by", "from", "as",
    "than", "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been",
    "being", "has", "have", "had", "can", "could", "may", "might", "will", "would", "should",
    "must", "do", "does", "did", "like", "such", "when", "while", "if", "because", "so",
    "also", "too", "only", "not",
})
