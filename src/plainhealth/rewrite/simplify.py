"""Deterministic plain-language rewriting, with a change log and invariant checks.

Rules, in order, sentence by sentence: plain words for wordy ones (``plain-words.toml``),
the glossary's plain replacement where an entry gives one, the active voice where the agent
is named (:mod:`plainhealth.rewrite.voice`), then splitting long sentences at safe
boundaries (:mod:`plainhealth.rewrite.splitting`). Every rewrite is checked by
:mod:`plainhealth.rewrite.invariants` (numbers, negations, hedges, warnings, named
substances, the words a safety note is about) and :mod:`plainhealth.rewrite.guards`
(clauses, agreement, subjects, openings); one that fails is not applied and is logged as
rejected. The hardest sentences go first, only those above the target grade, until the
text reaches it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from plainhealth.explain.glossary import Glossary
from plainhealth.language.matcher import Match
from plainhealth.language.readability import ZERO, Counts, count_sentence, grade
from plainhealth.language.sentences import Sentence, split
from plainhealth.models import Article, Block, BlockKind, Change, Progress, Section
from plainhealth.rewrite import guards, splitting
from plainhealth.rewrite.abbreviations import in_words
from plainhealth.rewrite.invariants import broken
from plainhealth.rewrite.numbers import easier
from plainhealth.rewrite.plain_words import PlainWords
from plainhealth.rewrite.swaps import Attempt as _Attempt

# The swap helpers moved to plainhealth.rewrite.swaps; kept importable from here for older callers.
from plainhealth.rewrite.swaps import Swap as Swap
from plainhealth.rewrite.swaps import apply_swaps as apply_swaps
from plainhealth.rewrite.swaps import glossary_swaps, word_swaps
from plainhealth.rewrite.swaps import rewrite_words as rewrite_words
from plainhealth.rewrite.voice import to_active
from plainhealth.safety.notes import Found
from plainhealth.safety.rules import Rule, Rules

# What :func:`easier` may change: a count in words, "percent", a long number.
_NUMBERS = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                      r"percent|per cent)\b|\d{5}", re.IGNORECASE)

_LATIN = re.compile(r"\b[EeIi]\.\s?[GgEe]\.")

Claims = Mapping[str, tuple[Rule, ...]]
"""Each sentence that a safety rule fires on, and those rules."""


@dataclass(frozen=True)
class Simplified:
    article: Article
    changes: tuple[Change, ...]
    rejected: tuple[Change, ...]
    progress: Progress | None = None


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


@dataclass
class _Block:
    """One block being rewritten: its sentences as they stand, and (once one of them is
    rewritten) the glossary and plain-words matches of each original sentence."""

    where: tuple[int, int]
    text: str
    pieces: Sequence[Sentence]
    texts: list[str]
    found: list[tuple[list[Match], list[Match]]] | None = None


def simplify(article: Article, glossary: Glossary, plain_words: PlainWords,
             target_grade: float = 6.0,
             claims: Rules | Sequence[Found] | None = None) -> Simplified:
    """The article rewritten in plainer words and shorter sentences, and the log of it.
    Words that make a safety rule in ``claims`` fire are never rewritten, so the notes
    placed after the text still quote words that are in it. ``claims`` is the rules, or
    (cheaper) what :func:`plainhealth.safety.notes.find` already found in the article.

    The hardest sentences are rewritten first, and only sentences above the target grade;
    rewriting stops when the whole text reaches it. ``progress`` says how far it got.
    Only blocks with such a sentence are looked at closely (a long list has 200,000
    blocks, most of them easy)."""
    words = sentences = syllables_ = 0
    blocks: list[_Block] = []
    for s_index, section in enumerate(article.sections):
        for b_index, block in enumerate(section.blocks):
            pieces = split(block.text)
            # Whole blocks are counted (one pass each); sentences only when they change.
            counts = count_sentence(block.text)  # the whole block's words and syllables
            words, syllables_ = words + counts.words, syllables_ + counts.syllables
            sentences += len(pieces)
            if _rewritable(block) and (_whole_grade(counts) > target_grade if _one(block, pieces)
                                       else any(_grade(p.text) > target_grade for p in pieces)):
                blocks.append(_Block((s_index, b_index), block.text, pieces,
                                     [p.text for p in pieces]))
    total = Counts(words, sentences, syllables_, 0, 0, 0, 0)
    ctx = _Context(glossary, plain_words, target_grade, total, _by_sentence(claims),
                   splitting.rules(glossary))
    before = grade(total) if total.words else 0.0
    queue = sorted(((-hardness, order, index)
                    for order, item in enumerate(blocks)
                    for index, text in enumerate(item.texts)
                    if (hardness := _grade(text)) > target_grade), key=lambda t: t[:2])
    for _minus_grade, order, index in queue:
        if ctx.total.words and grade(ctx.total) <= target_grade:
            break
        _rewrite_one(blocks[order], index, ctx)
    texts = {item.where: item.texts for item in blocks}
    sections = tuple(dataclasses.replace(section, blocks=tuple(
        _joined(block, texts.get((s, b))) if _rewritable(block) else block
        for b, block in enumerate(section.blocks))) for s, section in enumerate(article.sections))
    progress = _progress(article.sections, texts, target_grade, before, ctx.total)
    return Simplified(dataclasses.replace(article, sections=sections),
                      tuple(ctx.changes), tuple(ctx.rejected), progress)


def _rewritable(block: Block) -> bool:
    return block.kind is not BlockKind.HEADING and not block.verbatim


def _one(block: Block, pieces: Sequence[Sentence]) -> bool:
    """Whether ``block`` is one sentence, all of its text (most blocks of a long list)."""
    return len(pieces) == 1 and pieces[0].text == block.text


def _joined(block: Block, texts: list[str] | None) -> Block:
    """``block`` with its sentences (as rewritten, else as split) joined by one space."""
    if texts is None and _one(block, split(block.text)):
        return block
    text = " ".join(texts if texts is not None else (p.text for p in split(block.text)))
    return block if text == block.text else dataclasses.replace(block, text=text)


def _found(block: _Block, glossary: Glossary,
           plain_words: PlainWords) -> list[tuple[list[Match], list[Match]]]:
    """The block's terms and wordy phrases, looked up once in the whole block (whose word
    tokens the safety check has already made), then handed to each sentence."""
    if block.found is None:
        terms = glossary.find(block.text)
        wordy = plain_words.matcher.find(block.text)
        block.found = [(_within(terms, p), _within(wordy, p)) for p in block.pieces]
    return block.found


def _rewrite_one(block: _Block, index: int, ctx: _Context) -> None:
    text = block.texts[index]
    around = (block.texts[index - 1] if index else "",
              block.texts[index + 1] if index + 1 < len(block.texts) else "")
    found = _found(block, ctx.glossary, ctx.plain_words)[index]
    rewritten, pieces = _sentence(text, (*block.where, index), ctx, found, around)
    if rewritten != text:
        ctx.total = _replace_counts(ctx.total, text, rewritten, pieces)
        block.texts[index] = rewritten


def _progress(sections: Sequence[Section], texts: Mapping[tuple[int, int], list[str]],
              target: float, before: float, total: Counts) -> Progress:
    """How far rewriting got: the sentences of ``sections`` (as written), those in
    ``texts`` as rewritten."""
    # A rewritten sentence is cut where its rules cut it (no segmenting again).
    graded = [grade(c) for s, section in enumerate(sections)
              for b, block in enumerate(section.blocks) if _rewritable(block)
              for text in texts.get((s, b), [p.text for p in split(block.text)])
              for c in map(count_sentence, guards.cut(text)) if c.words]
    above = sum(value > target for value in graded)
    return Progress(target, round(before, 2), round(grade(total), 2) if total.words else 0.0,
                    len(graded), above)


def _within(matches: Sequence[Match], sentence: Sentence) -> list[Match]:
    """The matches inside one sentence, with offsets into it (a match running across a
    sentence end belongs to neither)."""
    return [Match(m.key, m.start - sentence.start, m.end - sentence.start, m.surface)
            for m in matches if sentence.start <= m.start and m.end <= sentence.end]


def _counts(sentence: str) -> Counts:
    """Words and syllables of one sentence: all the target-grade stop needs (the other
    counts the full scores use are left at zero). The score before rewriting has counted
    most sentences already (:func:`count_sentence` keeps them for the conversion)."""
    found = count_sentence(sentence)
    return Counts(found.words, 1, found.syllables, 0, 0, 0, 0) if found.words else ZERO


def _grade(sentence: str) -> float:
    """The sentence's grade; 0 for one with no words ("…", "—")."""
    return _whole_grade(count_sentence(sentence))


def _whole_grade(counts: Counts) -> float:
    return grade(counts) if counts.words else 0.0


def _replace_counts(total: Counts, old: str, new: str, pieces: int) -> Counts:
    """The running total with ``old`` replaced by ``new`` (``pieces`` sentences long): an
    estimate for the target-grade stop, without segmenting the new text again."""
    removed = _counts(old)
    added = _counts(new)._replace(sentences=pieces)
    return Counts(*(t - r + a for t, r, a in zip(total._values(), removed._values(),
                                                  added._values(), strict=True)))


def _sentence(text: str, where: tuple[int, int, int], ctx: _Context,
              found: tuple[list[Match], list[Match]],
              around: tuple[str, str] = ("", "")) -> tuple[str, int]:
    """The sentence rewritten, and how many sentences it now is. ``around``: the sentences
    before and after it in its block, as they stand."""
    terms, wordy = found
    substances = [m.surface for m in terms if ctx.glossary.by_id[m.key].safety]
    protected: list[str] | None = None
    original = text

    def problems(current: str, candidate: str) -> list[str]:
        nonlocal protected
        if protected is None:  # found only for sentences that have a rewrite to check
            protected = claim_words(original, ctx.claims)
        return broken(current, candidate, substances, protected) or \
            guards.problems(current, candidate, *around) or \
            _harder(ctx.total, original, candidate)

    def attempt(rule: str, current: str, candidate: str) -> str:
        change = Change(rule, current, candidate, *where)
        found = problems(current, candidate)
        if found:
            ctx.rejected.append(dataclasses.replace(change, reason="; ".join(found)))
            return current
        ctx.changes.append(change)
        return candidate

    swaps = [*word_swaps(text, ctx.plain_words, wordy),
             *glossary_swaps(text, ctx.glossary, terms)]
    text = _swapped(text, swaps, attempt, problems, where, ctx) if swaps else text
    if " by " in text:
        active = to_active(text)
        text = attempt("active-voice", text, active) if active != text else text
    pieces = _split_pieces([text], ctx.splits, attempt) \
        if len(text.split()) >= splitting.MIN_WORDS else [text]
    joined = " ".join(pieces)
    # After the splits: a sentence a split made may not open with a numeral either.
    for rule, needed, said in (("numbers", _NUMBERS, easier), ("latin-in-words", _LATIN,
                                                                in_words)):
        if needed.search(joined):
            plainer = said(joined)
            joined = attempt(rule, joined, plainer) if plainer != joined else joined
    return joined, len(pieces)


def _swapped(text: str, swaps: Sequence[Swap], attempt: _Attempt,
             problems: Callable[[str, str], list[str]], where: tuple[int, int, int],
             ctx: _Context) -> str:
    """The sentence with its word swaps. All of them are checked at once first (one check,
    not one a swap: most sentences pass); only when that fails is each one checked on its
    own, so that the others are still made. Each applied swap is logged either way."""
    steps: list[Change] = []

    def record(rule: str, current: str, candidate: str) -> str:
        steps.append(Change(rule, current, candidate, *where))
        return candidate

    together = apply_swaps(text, swaps, record) if len(swaps) > 1 else text
    if together != text and not problems(text, together):
        ctx.changes.extend(steps)
        return together
    return apply_swaps(text, swaps, attempt)


def _harder(total: Counts, original: str, candidate: str) -> list[str]:
    """["the text would read harder"] when ``candidate`` in place of ``original`` would
    give the whole text a higher grade than the sentence as written: each sentence's
    rewrite lowers the running grade or keeps it, so no page reads harder. (A single
    change may cost a little, "are caused by viruses" → "viruses cause" adds syllables a
    word, when the sentence's other changes pay for it.)"""
    def with_(text: str) -> float:
        return grade(_replace_counts(total, original, text, len(guards.sentences(text))))
    return ["the text would read harder"] if with_(candidate) > with_(original) else []


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
