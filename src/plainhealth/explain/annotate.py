"""Find the glossary terms an article uses: where each is first used, how often, and how
hard it is; and the hard words the glossary does not cover. What to show where is the
editorial stage's choice (:mod:`plainhealth.edit`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from plainhealth.explain.difficulty import difficulty_on_page
from plainhealth.explain.glossary import Glossary
from plainhealth.explain.jargon import HardWord, hard_words
from plainhealth.language.sentences import split
from plainhealth.models import Article, BlockKind, TermUse, UnexplainedWord


@dataclass(frozen=True)
class FirstUse:
    """Where a term is first used in the article's prose."""

    term: str
    section: int
    block: int
    start: int
    end: int
    sentence_end: int
    """End of the sentence the term is in: an explanation goes after it."""
    surface: str
    """The term as the article wrote it."""


@dataclass(frozen=True)
class Annotated:
    terms: tuple[TermUse, ...]
    """Every entry used, in order of first use (headings included)."""
    first_uses: tuple[FirstUse, ...]
    """In reading order; terms used only in headings have none."""
    unexplained: tuple[UnexplainedWord, ...]


def annotate(article: Article, glossary: Glossary) -> Annotated:
    """The glossary terms ``article`` uses and the hard words it leaves unexplained."""
    firsts: dict[str, FirstUse] = {}
    forms: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    unexplained: Counter[str] = Counter()
    zipf: dict[str, float] = {}
    for s_index, section in enumerate(article.sections):
        for b_index, block in enumerate(section.blocks):
            if block.kind is BlockKind.HEADING:
                continue
            matches = glossary.find(block.text)
            for match in matches:
                counts[match.key] += 1
                _note_form(forms, match.key, match.surface)
                if match.key not in firsts:
                    ends = (s.end for s in split(block.text))
                    end = next((e for e in ends if e >= match.end), len(block.text))
                    firsts[match.key] = FirstUse(match.key, s_index, b_index, match.start,
                                                 match.end, end, match.surface)
            for word in _unexplained(block.text, [(m.start, m.end) for m in matches]):
                unexplained[word.word.lower()] += 1
                zipf[word.word.lower()] = word.zipf
    for section in article.sections:  # terms used only in headings still count
        for match in glossary.find(section.heading):
            counts[match.key] += 1
            _note_form(forms, match.key, match.surface)
    terms = tuple(_use(glossary, term_id, forms[term_id], counts[term_id]) for term_id in forms)
    words = tuple(UnexplainedWord(w, n, zipf[w]) for w, n in
                  sorted(unexplained.items(), key=lambda item: (zipf[item[0]], item[0])))
    return Annotated(terms, tuple(firsts.values()), words)


def _note_form(forms: dict[str, list[str]], term_id: str, surface: str) -> None:
    seen = forms.setdefault(term_id, [])
    if surface not in seen:
        seen.append(surface)


def _use(glossary: Glossary, term_id: str, forms: list[str], count: int) -> TermUse:
    term = glossary.by_id[term_id]
    return TermUse(id=term.id, forms=tuple(forms), count=count, explain=term.explain,
                   source=term.source, status=term.status, plain=term.plain, say=term.say,
                   overlay=term.overlay, source_read=term.source_read,
                   difficulty=difficulty_on_page(term, forms))


def _unexplained(text: str, covered: list[tuple[int, int]]) -> list[HardWord]:
    return hard_words(text, covered)
