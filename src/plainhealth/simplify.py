"""Deterministic plain-language rewriting, with a change log and invariant checks.

Rules, in order, sentence by sentence: plain words for wordy ones (``plain-words.toml``),
the glossary's plain replacement where an entry gives one, then splitting long sentences
at safe boundaries (:mod:`plainhealth.splitting`). Every rewrite is checked by
:mod:`plainhealth.invariants`; one that would drop or change a number, negation, hedge,
warning, named substance or the words a safety note is about is not applied and is logged
as rejected. Rewriting stops once the text reaches the target grade.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from plainhealth import splitting
from plainhealth.glossary import Glossary
from plainhealth.invariants import broken
from plainhealth.matcher import Match, Matcher
from plainhealth.models import Article, Block, BlockKind, Change
from plainhealth.plain_words import (
    DETERMINERS,
    Phrase,
    PlainWords,
    inflect_verb,
    pluralize,
    readings,
    verb_forms,
)
from plainhealth.readability import ZERO, Counts, grade
from plainhealth.readability import words as words_of
from plainhealth.safety import Found
from plainhealth.safety_rules import Rules
from plainhealth.sentences import Sentence, split
from plainhealth.syllables import count as syllables

_Attempt = Callable[[str, str, str], str]
"""(rule, sentence, candidate) → the sentence to go on with: the candidate if it is safe."""


@dataclass(frozen=True)
class Simplified:
    article: Article
    changes: tuple[Change, ...]
    rejected: tuple[Change, ...]


@dataclass(frozen=True)
class Swap:
    """One word or phrase replaced in a sentence: where, and with what."""

    rule: str
    start: int
    end: int
    replacement: str


@dataclass
class _Context:
    glossary: Glossary
    plain_words: PlainWords
    target: float
    total: Counts
    claims: Rules | Sequence[Found] | None
    splits: tuple[tuple[str, str, splitting.Split], ...]
    changes: list[Change] = dataclasses.field(default_factory=list)
    rejected: list[Change] = dataclasses.field(default_factory=list)


def simplify(article: Article, glossary: Glossary, plain_words: PlainWords,
             target_grade: float = 6.0,
             claims: Rules | Sequence[Found] | None = None) -> Simplified:
    """The article rewritten in plainer words and shorter sentences, and the log of it.
    Words that make a safety rule in ``claims`` fire are never rewritten, so the notes
    placed after the text still quote words that are in it. ``claims`` is the rules, or
    (cheaper) what :func:`plainhealth.safety.find` already found in the article."""
    total = ZERO
    for block in article.prose_blocks():
        for sentence in split(block.text):
            total += _counts(sentence.text)
    ctx = _Context(glossary, plain_words, target_grade, total, claims,
                   splitting.rules(glossary))
    sections = []
    for s_index, section in enumerate(article.sections):
        blocks = tuple(_block(block, (s_index, b_index), ctx)
                       for b_index, block in enumerate(section.blocks))
        sections.append(dataclasses.replace(section, blocks=blocks))
    return Simplified(dataclasses.replace(article, sections=tuple(sections)),
                      tuple(ctx.changes), tuple(ctx.rejected))


def _block(block: Block, where: tuple[int, int], ctx: _Context) -> Block:
    if block.kind is BlockKind.HEADING or block.verbatim:
        return block
    out = []
    # Terms and wordy phrases are looked up once in the whole block (whose word tokens the
    # safety check has already made), then handed to each sentence.
    terms = ctx.glossary.matcher.find(block.text)
    wordy = ctx.plain_words.matcher.find(block.text)
    for index, sentence in enumerate(split(block.text)):
        if ctx.total.words and grade(ctx.total) <= ctx.target:
            out.append(sentence.text)
            continue
        found = (_within(terms, sentence), _within(wordy, sentence))
        rewritten, pieces = _sentence(sentence.text, (*where, index), ctx, found)
        if rewritten != sentence.text:
            ctx.total = _replace_counts(ctx.total, sentence.text, rewritten, pieces)
        out.append(rewritten)
    return dataclasses.replace(block, text=" ".join(out))


def _within(matches: Sequence[Match], sentence: Sentence) -> list[Match]:
    """The matches inside one sentence, with offsets into it (a match running across a
    sentence end belongs to neither)."""
    return [Match(m.key, m.start - sentence.start, m.end - sentence.start, m.surface)
            for m in matches if sentence.start <= m.start and m.end <= sentence.end]


@lru_cache(maxsize=4096)
def _counts(sentence: str) -> Counts:
    """Words and syllables of one sentence: all the target-grade stop needs (the other
    counts the full scores use are left at zero)."""
    found = words_of(sentence)
    return Counts(len(found), 1, sum(syllables(w) for w in found), 0, 0, 0, 0) \
        if found else ZERO


def _replace_counts(total: Counts, old: str, new: str, pieces: int) -> Counts:
    """The running total with ``old`` replaced by ``new`` (``pieces`` sentences long): an
    estimate for the target-grade stop, without segmenting the new text again."""
    removed = _counts(old)
    added = dataclasses.replace(_counts(new), sentences=pieces)
    return Counts(*(t - r + a for t, r, a in zip(total._values(), removed._values(),
                                                  added._values(), strict=True)))


def _sentence(text: str, where: tuple[int, int, int], ctx: _Context,
              found: tuple[list[Match], list[Match]]) -> tuple[str, int]:
    """The sentence rewritten, and how many sentences it now is."""
    terms, wordy = found
    substances = [m.surface for m in terms if ctx.glossary.by_id[m.key].safety]
    protected: list[str] | None = None
    original = text

    def attempt(rule: str, current: str, candidate: str) -> str:
        nonlocal protected
        if protected is None:  # found only for sentences that have a rewrite to check
            protected = claim_words(original, ctx.claims)
        change = Change(rule, current, candidate, *where)
        problems = broken(current, candidate, substances, protected)
        if problems:
            ctx.rejected.append(dataclasses.replace(change, reason="; ".join(problems)))
            return current
        ctx.changes.append(change)
        return candidate

    swaps = [*word_swaps(text, ctx.plain_words, wordy),
             *glossary_swaps(text, ctx.glossary, terms)]
    pieces = _split_pieces([apply_swaps(text, swaps, attempt)], ctx.splits, attempt)
    return " ".join(pieces), len(pieces)


def _split_pieces(pieces: list[str], rules: Sequence[tuple[str, str, splitting.Split]],
                  attempt: _Attempt) -> list[str]:
    """Every split rule on every sentence, and again on the sentences a split made ("A
    (figures), and B (figures)." → "A. (figures.) B. (figures.)"), a few rounds at most."""
    for _round in range(3):
        changed = False
        for rule, needle, rewrite in rules:
            index = 0
            while index < len(pieces):
                if needle not in pieces[index] or len(pieces[index].split()) < splitting.MIN_WORDS:
                    index += 1
                    continue
                candidate = rewrite(pieces[index])
                whole = " ".join(pieces)
                new = " ".join([*pieces[:index], candidate, *pieces[index + 1:]])
                parts = [s.text for s in split(candidate)] if candidate != pieces[index] else []
                # A split the segmenter does not see ("RR 3.19. (95% CI …) Next") would make
                # the sentence longer to a reader and to the scores: not made.
                if len(parts) > 1 and attempt(rule, whole, new) == new:
                    pieces[index:index + 1] = parts
                    index += len(parts)
                    changed = True
                else:
                    index += 1
        if not changed:
            break
    return pieces


def apply_swaps(text: str, swaps: Sequence[Swap], attempt: _Attempt) -> str:
    """Each swap at its own place (never the first look-alike elsewhere in the sentence),
    left to right, skipping any that overlaps one already made."""
    shift, taken = 0, -1
    for swap in sorted(swaps, key=lambda s: s.start):
        if swap.start < taken:
            continue
        start, end = swap.start + shift, swap.end + shift
        candidate = text[:start] + swap.replacement + text[end:]
        if candidate == text:
            continue
        if attempt(swap.rule, text, candidate) != text:
            shift += len(swap.replacement) - (swap.end - swap.start)
            text = candidate
            taken = swap.end
    return text


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


def claim_words(text: str, claims: Rules | Sequence[Found] | None) -> list[str]:
    """The words in ``text`` that make a safety rule fire (and the words that keep one
    quiet): a rewrite must leave each of them in place."""
    if claims is None:
        return []
    if isinstance(claims, Rules):
        firing = [r for r in claims.rules if r.patterns and r.fires_on(text)]
    else:
        firing = [f.rule for f in claims if f.sentence == text and f.rule.patterns]
    out = []
    for rule in firing:
        for pattern in (*rule.patterns, *rule.unless):
            try:
                out += [m.group() for m in pattern.finditer(text, timeout=0.05) if m.group()]
            except TimeoutError:
                continue
    return out


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
        if tail is not None and tail.group():
            swap = dataclasses.replace(swap, end=match.end + tail.end(),
                                       replacement=swap.replacement + (" " if replacement
                                                                       else ""))
        yield _possessive(swap, text)


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
    for match in glossary.matcher.find(text) if terms is None else terms:
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
    found = re.search(r"([\w’'-]+)\s*$", before)
    return found.group(1).lower() if found else ""


def _word_after(after: str) -> str:
    found = re.match(r"\s*([\w’'-]+)", after)
    return found.group(1).lower() if found else ""


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
    "also", "too", "only", "not", "along", "alongside",
})

