"""Explain jargon at first use: glossary matches become marked, sourced additions."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass

from plainhealth.explain.glossary import Glossary
from plainhealth.explain.jargon import hard_words
from plainhealth.language.matcher import Match
from plainhealth.language.sentences import split
from plainhealth.models import (
    Addition,
    AdditionKind,
    Article,
    Block,
    BlockKind,
    TermUse,
    UnexplainedWord,
)


@dataclass(frozen=True)
class Annotated:
    article: Article
    terms: tuple[TermUse, ...]
    unexplained: tuple[UnexplainedWord, ...]


def annotate(article: Article, glossary: Glossary) -> Annotated:
    """Add an explanation after the sentence where each glossary term is first used."""
    explained: set[str] = set()
    forms: dict[str, list[str]] = {}
    counts: Counter[str] = Counter()
    unexplained: Counter[str] = Counter()
    zipf: dict[str, float] = {}
    sections = []
    for section in article.sections:
        blocks = []
        for block in section.blocks:
            matches = glossary.matcher.find(block.text)  # once: both steps need them
            blocks.append(_annotate_block(block, matches, glossary, explained, forms, counts))
            for word in hard_words(block.text, [(m.start, m.end) for m in matches]):
                unexplained[word.word.lower()] += 1
                zipf[word.word.lower()] = word.zipf
        sections.append(dataclasses.replace(section, blocks=tuple(blocks)))
    for section in article.sections:  # terms used only in headings still count
        for match in glossary.matcher.find(section.heading):
            counts[match.key] += 1
            _note_form(forms, match.key, match.surface)
    terms = tuple(_use(glossary, term_id, forms[term_id], counts[term_id]) for term_id in forms)
    words = tuple(UnexplainedWord(w, n, zipf[w]) for w, n in
                  sorted(unexplained.items(), key=lambda item: (zipf[item[0]], item[0])))
    return Annotated(dataclasses.replace(article, sections=tuple(sections)), terms, words)


def _annotate_block(block: Block, matches: list[Match], glossary: Glossary,
                    explained: set[str], forms: dict[str, list[str]],
                    counts: Counter[str]) -> Block:
    if block.kind is BlockKind.HEADING:
        return block
    additions = list(block.additions)
    sentence_ends = [s.end for s in split(block.text)] or [len(block.text)]
    for match in matches:
        counts[match.key] += 1
        _note_form(forms, match.key, match.surface)
        if match.key in explained:
            continue
        explained.add(match.key)
        term = glossary.by_id[match.key]
        end = next((e for e in sentence_ends if e >= match.end), len(block.text))
        additions.append(Addition(AdditionKind.EXPLANATION, term.id, match.surface,
                                  term.explain, term.source, end))
    ordered = tuple(sorted(additions, key=lambda a: a.after))
    return block if ordered == block.additions else dataclasses.replace(block, additions=ordered)


def _note_form(forms: dict[str, list[str]], term_id: str, surface: str) -> None:
    seen = forms.setdefault(term_id, [])
    if surface not in seen:
        seen.append(surface)


def _use(glossary: Glossary, term_id: str, forms: list[str], count: int) -> TermUse:
    term = glossary.by_id[term_id]
    return TermUse(id=term.id, forms=tuple(forms), count=count, explain=term.explain,
                   source=term.source, status=term.status, plain=term.plain, say=term.say,
                   overlay=term.overlay, source_read=term.source_read)

