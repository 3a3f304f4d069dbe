"""Deterministic plain-language rewriting, with a change log and invariant checks.

Rules, in order, sentence by sentence: plain words for wordy ones (``plain-words.toml``),
the glossary's plain replacement where an entry gives one, then splitting long sentences
at safe boundaries (:mod:`plainhealth.rewrite.splitting`). Every rewrite is checked by
:mod:`plainhealth.rewrite.invariants`; one that would drop or change a number, negation, hedge,
warning, named substance or the words a safety note is about is not applied and is logged
as rejected. Rewriting stops once the text reaches the target grade.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plainhealth.explain.glossary import Glossary
from plainhealth.language.matcher import Match
from plainhealth.language.memo import per_conversion
from plainhealth.language.readability import ZERO, Counts, grade
from plainhealth.language.readability import words as words_of
from plainhealth.language.sentences import Sentence, split
from plainhealth.language.syllables import count as syllables
from plainhealth.models import Article, Block, BlockKind, Change
from plainhealth.rewrite import splitting
from plainhealth.rewrite.invariants import broken
from plainhealth.rewrite.plain_words import PlainWords
from plainhealth.rewrite.swaps import Attempt as _Attempt

# The swap helpers moved to plainhealth.rewrite.swaps; kept importable from here for older callers.
from plainhealth.rewrite.swaps import Swap as Swap
from plainhealth.rewrite.swaps import apply_swaps as apply_swaps
from plainhealth.rewrite.swaps import glossary_swaps, word_swaps
from plainhealth.rewrite.swaps import rewrite_words as rewrite_words
from plainhealth.safety.notes import Found
from plainhealth.safety.rules import Rule, Rules

Claims = Mapping[str, tuple[Rule, ...]]
"""Each sentence that a safety rule fires on, and those rules."""


@dataclass(frozen=True)
class Simplified:
    article: Article
    changes: tuple[Change, ...]
    rejected: tuple[Change, ...]


@dataclass
class _Context:
    glossary: Glossary
    plain_words: PlainWords
    target: float
    total: Counts
    claims: Rules | Claims | None
    splits: tuple[tuple[str, str, splitting.Split], ...]
    changes: list[Change] = dataclasses.field(default_factory=list)
    rejected: list[Change] = dataclasses.field(default_factory=list)


def simplify(article: Article, glossary: Glossary, plain_words: PlainWords,
             target_grade: float = 6.0,
             claims: Rules | Sequence[Found] | None = None) -> Simplified:
    """The article rewritten in plainer words and shorter sentences, and the log of it.
    Words that make a safety rule in ``claims`` fire are never rewritten, so the notes
    placed after the text still quote words that are in it. ``claims`` is the rules, or
    (cheaper) what :func:`plainhealth.safety.notes.find` already found in the article."""
    words = sentences = syllables_ = 0
    for block in article.prose_blocks():
        # Whole blocks are counted (one pass each); sentences only when they change.
        counts = _counts(block.text)
        words, syllables_ = words + counts.words, syllables_ + counts.syllables
        sentences += len(split(block.text))
    total = Counts(words, sentences, syllables_, 0, 0, 0, 0)
    ctx = _Context(glossary, plain_words, target_grade, total, _by_sentence(claims),
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
    if _at_target(ctx):  # nothing in this block is rewritten: no term need be looked up
        return _joined(block, [sentence.text for sentence in split(block.text)])
    out = []
    # Terms and wordy phrases are looked up once in the whole block (whose word tokens the
    # safety check has already made), then handed to each sentence.
    terms = ctx.glossary.find(block.text)
    wordy = ctx.plain_words.matcher.find(block.text)
    for index, sentence in enumerate(split(block.text)):
        if _at_target(ctx):
            out.append(sentence.text)
            continue
        found = (_within(terms, sentence), _within(wordy, sentence))
        rewritten, pieces = _sentence(sentence.text, (*where, index), ctx, found)
        if rewritten != sentence.text:
            ctx.total = _replace_counts(ctx.total, sentence.text, rewritten, pieces)
        out.append(rewritten)
    return _joined(block, out)


def _joined(block: Block, sentences: list[str]) -> Block:
    text = " ".join(sentences)
    return block if text == block.text else dataclasses.replace(block, text=text)


def _at_target(ctx: _Context) -> bool:
    """The text as a whole reads at the target grade: rewriting stops here."""
    return bool(ctx.total.words) and grade(ctx.total) <= ctx.target


def _within(matches: Sequence[Match], sentence: Sentence) -> list[Match]:
    """The matches inside one sentence, with offsets into it (a match running across a
    sentence end belongs to neither)."""
    return [Match(m.key, m.start - sentence.start, m.end - sentence.start, m.surface)
            for m in matches if sentence.start <= m.start and m.end <= sentence.end]


@per_conversion
def _counts(sentence: str) -> Counts:
    """Words and syllables of one sentence: all the target-grade stop needs (the other
    counts the full scores use are left at zero)."""
    found = words_of(sentence)
    return Counts(len(found), 1, sum(map(syllables, found)), 0, 0, 0, 0) \
        if found else ZERO


def _replace_counts(total: Counts, old: str, new: str, pieces: int) -> Counts:
    """The running total with ``old`` replaced by ``new`` (``pieces`` sentences long): an
    estimate for the target-grade stop, without segmenting the new text again."""
    removed = _counts(old)
    added = _counts(new)._replace(sentences=pieces)
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
    text = apply_swaps(text, swaps, attempt) if swaps else text
    if len(text.split()) < splitting.MIN_WORDS:
        return text, 1  # too short for any split rule
    pieces = _split_pieces([text], ctx.splits, attempt)
    return " ".join(pieces), len(pieces)


def _split_pieces(pieces: list[str], rules: Sequence[tuple[str, str, splitting.Split]],
                  attempt: _Attempt) -> list[str]:
    """Every split rule on every sentence, and again on the sentences a split made ("A
    (figures), and B (figures)." → "A. (figures.) B. (figures.)"), a few rounds at most."""
    tried: set[tuple[str, str]] = set()  # a rule gives the same answer for the same piece
    for _round in range(3):
        changed = False
        for rule, needle, rewrite in rules:
            index = 0
            while index < len(pieces):
                piece = pieces[index]
                if needle not in piece or (rule, piece) in tried or \
                        len(piece.split()) < splitting.MIN_WORDS:
                    index += 1
                    continue
                tried.add((rule, piece))
                candidate = rewrite(piece)
                parts = [s.text for s in split(candidate)] if candidate != piece else []
                # A split the segmenter does not see ("RR 3.19. (95% CI …) Next") would make
                # the sentence longer to a reader and to the scores: not made.
                new = " ".join([*pieces[:index], candidate, *pieces[index + 1:]])
                if len(parts) > 1 and attempt(rule, " ".join(pieces), new) == new:
                    pieces[index:index + 1] = parts
                    index += len(parts)
                    changed = True
                else:
                    index += 1
        if not changed:
            break
    return pieces


def _by_sentence(claims: Rules | Sequence[Found] | None) -> Rules | Claims | None:
    """What :func:`find` found, as each sentence's firing rules (each rule once): looked
    up per sentence, not searched for, so a long page is not quadratic."""
    if claims is None or isinstance(claims, Rules):
        return claims
    by_sentence: dict[str, dict[str, Rule]] = {}
    for found in claims:
        if found.rule.patterns:
            by_sentence.setdefault(found.sentence, {})[found.rule.id] = found.rule
    return {text: tuple(rules.values()) for text, rules in by_sentence.items()}


def claim_words(text: str, claims: Rules | Claims | Sequence[Found] | None) -> list[str]:
    """The words in ``text`` that make a safety rule fire (and the words that keep one
    quiet): a rewrite must leave each of them in place."""
    if claims is None:
        return []
    if isinstance(claims, Rules):
        firing: Sequence[Rule] = [r for r in claims.rules if r.patterns and r.fires_on(text)]
    elif isinstance(claims, Mapping):
        firing = claims.get(text, ())
    else:
        return claim_words(text, _by_sentence(claims))
    out = []
    for rule in firing:
        for pattern in (*rule.patterns, *rule.unless):
            try:
                out += [m.group() for m in pattern.finditer(text, timeout=0.05) if m.group()]
            except TimeoutError:
                continue
    return out
