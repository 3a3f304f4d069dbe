"""Deterministic plain-language rewriting, with a change log and invariant checks.

Rules, in order, sentence by sentence: plain words for wordy ones (``plain-words.toml``),
the glossary's plain replacement where an entry gives one, then splitting long sentences
at safe boundaries. Every rewrite is checked by :mod:`plainhealth.invariants`; one that
would drop or change a number, negation, hedge, warning or named substance is not applied
and is logged as rejected. Rewriting stops once the text reaches the target grade.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from plainhealth.glossary import Glossary
from plainhealth.invariants import broken
from plainhealth.models import Article, Block, BlockKind, Change
from plainhealth.plain_words import PlainWords, inflect, pluralize
from plainhealth.readability import ZERO, Counts, count_sentence, grade
from plainhealth.sentences import split

_PRONOUN = r"(?:it|they|this|these|he|she|we|you|i|there|people|patients|doctors)"
_DETERMINER = r"(?:that|those|many|most|some|each|your|their|its|the|a|an|[A-Z][a-z]+)"
_AUXILIARY = (r"(?:is|are|was|were|has|have|had|can|could|may|might|will|would|should|"
              r"must|does|do|did)")
# A clause: a pronoun and any verb, or a noun phrase and an auxiliary within four words.
_CLAUSE = (rf"(?:{_PRONOUN}\s+(?:\S+\s+){{0,2}}?(?:{_AUXILIARY}|\w+(?:s|ed))|"
           rf"{_DETERMINER}\s+(?:\S+\s+){{0,3}}?{_AUXILIARY})\b")
_CONDITIONAL = re.compile(r"^(?:if|when|unless|although|though|while|because|before|after|"
                          r"until|once|whether|as long as|in case)\b", re.IGNORECASE)
# Each split: rule id, a substring it needs (a cheap test before the regex), the pattern,
# and the template for the second sentence.
SPLITS: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    ("split-semicolon", ";",
     re.compile(r"^(?P<a>(?:\S+\s+){4,}\S+?);\s+(?P<b>(?:\S+\s+){3,}\S+)$"), "{b}"),
    ("split-but", ", but ", re.compile(rf"^(?P<a>(?:\S+\s+){{5,}}\S+?),\s+but\s+"
                             rf"(?P<b>{_CLAUSE}.{{10,}})$", re.IGNORECASE), "But {b}"),
    # No comma before the ", and": "A, B, and C" is a list, not two clauses.
    ("split-and", ", and ", re.compile(rf"^(?P<a>[^,]*?(?:\S+\s+){{5,}}[^,\s]+?),\s+and\s+"
                             rf"(?P<b>{_CLAUSE}.{{10,}})$", re.IGNORECASE), "{b}"),
    ("split-which", ", which ", re.compile(
        r"^(?P<a>(?:\S+\s+){5,}\S+?),\s+which\s+(?P<b>(?:is|are|was|were|can|may|could|"
        r"might|will|helps?|causes?|means?|makes?|leads?|gives?)\b[^,]{10,})$"), "This {b}"),
    ("split-participle", "ing ", re.compile(r"^(?P<a>(?:\S+\s+){5,}\S+?),\s+(?P<verb>providing|"
                                    r"offering|making|allowing|leading|causing|helping|"
                                    r"creating|giving|appealing|modulating|improving|"
                                    r"reducing|enhancing|affecting|increasing|lowering|"
                                    r"raising|boosting|supporting)\s+(?P<b>.{10,})$"),
     "This {verb} {b}"),
)
_OPENERS = re.compile(r"^(?:by|with|in|on|at|for|from|unlike|like|among|after|before|during|"
                      r"if|when|while|although|though|because|since|as|to|of|however|"
                      r"furthermore|also|but|and|or|so|yet|not|this|that|these|those|it|"
                      r"they|we|you|he|she|there|here)\b", re.IGNORECASE)
_APPOSITIVE = re.compile(r"^(?P<subj>[A-Z][\w’'-]*(?: [\w’'-]+){0,3}), (?P<app>(?:a|an|the) "
                         r"[^,;]{8,90}), (?P<rest>(?:is|are|was|were|has|have|had|can|may|"
                         r"could|might|will|offers?|gives?|helps?|\w+s|\w+ed)\b.{10,})$")
_PARTICIPLE_PHRASE = re.compile(r"^(?P<subj>[A-Z][\w’'-]*(?: [\w’'-]+){0,3}), "
                                r"(?P<verb>\w+(?:ing|ed)) (?P<app>[^,;]{5,90}), "
                                r"(?P<rest>(?:is|are|was|were|has|have|had|can|may|could|"
                                r"might|will|\w+s|\w+ed)\b.{10,})$")
_THIRD_PERSON = {"providing": "provides", "offering": "offers", "making": "makes",
                 "allowing": "allows", "leading": "leads", "causing": "causes",
                 "helping": "helps", "creating": "creates", "giving": "gives",
                 "appealing": "appeals", "modulating": "modulates", "improving": "improves",
                 "reducing": "reduces", "enhancing": "enhances", "affecting": "affects",
                 "increasing": "increases", "lowering": "lowers", "raising": "raises",
                 "boosting": "boosts", "supporting": "supports"}
_TRAILING_APPOSITIVE = re.compile(r"^(?P<a>(?:\S+\s+){5,}(?P<noun>[\w’'-]+)), "
                                  r"(?P<app>(?:a|an) [^,;]{8,}?)(?P<end>[.!?]?)$")


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
    changes: list[Change] = dataclasses.field(default_factory=list)
    rejected: list[Change] = dataclasses.field(default_factory=list)


def simplify(article: Article, glossary: Glossary, plain_words: PlainWords,
             target_grade: float = 6.0) -> Simplified:
    """The article rewritten in plainer words and shorter sentences, and the log of it."""
    total = ZERO
    for block in article.prose_blocks():
        for sentence in split(block.text):
            total += count_sentence(sentence.text)
    ctx = _Context(glossary, plain_words, target_grade, total)
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
    for index, sentence in enumerate(split(block.text)):
        if ctx.total.words and grade(ctx.total) <= ctx.target:
            out.append(sentence.text)
            continue
        rewritten = _sentence(sentence.text, (*where, index), ctx)
        if rewritten != sentence.text:
            ctx.total = _replace_counts(ctx.total, sentence.text, rewritten)
        out.append(rewritten)
    return dataclasses.replace(block, text=" ".join(out))


def _replace_counts(total: Counts, old: str, new: str) -> Counts:
    removed = count_sentence(old)
    added = ZERO
    for piece in split(new):
        added += count_sentence(piece.text)
    return Counts(*(t - r + a for t, r, a in zip(total._values(), removed._values(),
                                                  added._values(), strict=True)))


def _sentence(text: str, where: tuple[int, int, int], ctx: _Context) -> str:
    substances = _substances(text, ctx.glossary)
    for rule, rewrite in _rewrites(text, ctx):
        candidate = rewrite(text)
        if candidate == text:
            continue
        change = Change(rule, text, candidate, *where)
        problems = broken(text, candidate, substances)
        if problems:
            ctx.rejected.append(dataclasses.replace(change, reason="; ".join(problems)))
            continue
        ctx.changes.append(change)
        text = candidate
    return text


def _rewrites(text: str, ctx: _Context) -> Iterator[tuple[str, Callable[[str], str]]]:
    for match in ctx.plain_words.matcher.find(text):
        phrase = ctx.plain_words.by_id[match.key]
        if phrase.pos == "adjective" and _heads_noun_phrase(text, match.end):
            continue  # an adjective swaps only before the noun it describes
        if phrase.pos == "verb" or _listed(match.surface, phrase.match):
            yield f"plain-words/{phrase.id}", _swap(match.surface, phrase.plain, phrase.pos,
                                                     phrase.match)
    for match in ctx.glossary.matcher.find(text):
        term = ctx.glossary.by_id[match.key]
        if term.plain and not term.safety and _heads_noun_phrase(text, match.end) and \
                term.plain.lower() not in text.lower():  # "also called hypertension"
            yield f"glossary-plain/{term.id}", _swap(match.surface, term.plain, "noun",
                                                      term.match)
    if "(" in text:
        yield "split-figures", _split_figures
    if ", " in text:
        yield "split-appositive", _split_appositive
        yield "split-trailing-appositive", functools.partial(_split_trailing_appositive,
                                                              glossary=ctx.glossary)
    for rule, needle, pattern, template in SPLITS:
        if needle in text:
            yield rule, _splitter(pattern, template)


def _agree_article(before: str, replacement: str) -> str:
    """"an analgesic" → "a pain reliever": the article before a swap follows the new word."""
    found = re.search(r"\b(an?|An?)(\s+)$", before)
    if found is None:
        return before
    article = "an" if replacement[:1].lower() in "aeiou" else "a"
    if found.group(1)[0].isupper():
        article = article.capitalize()
    return before[:found.start()] + article + found.group(2)


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
    by punctuation, the end, or a function word — not by another noun it describes
    ("analgesic properties")."""
    following = re.match(r"\s*([\w’'-]+|[^\w\s]|$)", text[end:])
    word = following.group(1).lower() if following else ""
    return not word or not word[0].isalnum() or word in _FUNCTION_WORDS


_FUNCTION_WORDS = frozenset({
    "and", "or", "but", "nor", "of", "to", "in", "for", "with", "on", "at", "by", "from", "as",
    "than", "that", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "been",
    "being", "has", "have", "had", "can", "could", "may", "might", "will", "would", "should",
    "must", "do", "does", "did", "like", "such", "when", "while", "if", "because", "so",
    "also", "too", "only", "not",
})


def _swap(surface: str, plain: str, pos: str, forms: tuple[str, ...]) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        found = re.search(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", text)
        if found is None:
            return text
        replacement = inflect(plain, surface, pos, text[:found.start()])
        if pos == "noun" and _plural_of_listed(surface, forms) and not replacement.endswith("s"):
            replacement = pluralize(replacement)
        if surface[0].isupper() and not surface.isupper():
            replacement = replacement[0].upper() + replacement[1:]
        before = _agree_article(text[:found.start()], replacement)
        return before + replacement + text[found.end():]
    return rewrite


def _splitter(pattern: re.Pattern[str], template: str) -> Callable[[str], str]:
    def rewrite(text: str) -> str:
        if len(text.split()) < 14 or _CONDITIONAL.search(text):
            return text  # short enough, or a condition that must stay with its clauses
        found = pattern.match(text)
        if found is None or _open_brackets(found.group("a")):
            return text  # never split inside parentheses: "(OR 4.60; 95% CI …)"
        first = found.group("a").rstrip(",;:") + "."
        verb = _THIRD_PERSON.get((found.groupdict().get("verb") or "").lower(), "")
        rest = found.group("b")
        if verb:  # "…, modulating X and improving Y" → "This modulates X and improves Y"
            rest = re.sub(r"\band (\w+ing)\b",
                          lambda m: f"and {_finite(m.group(1), False) or m.group(1)}", rest)
        second = template.format(b=rest, verb=verb)
        return f"{first} {second[0].upper()}{second[1:]}"
    return rewrite


def _open_brackets(text: str) -> bool:
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


_FINAL_FIGURES = re.compile(r"^(?P<a>[^()]{40,}?)\s*\((?P<figures>[^()]*\d[^()]*(?:\([^()]*\)"
                            r"[^()]*)*)\)(?P<end>[.!?])$")


def _split_figures(text: str) -> str:
    """"X increased Y (OR 4.60; 95% CI 1.53 to 13.85)." → "X increased Y. (OR 4.60; 95% CI
    1.53 to 13.85.)": the finding first, its one set of figures right after it."""
    found = _FINAL_FIGURES.match(text)
    if len(text.split()) < 14 or found is None or len(found.group("figures").split()) < 4:
        return text
    return f"{found.group('a').rstrip(' ,;:')}{found.group('end')} ({found.group('figures')}.)"


def _split_trailing_appositive(text: str, glossary: Glossary) -> str:
    """"… modulate dopamine, a brain chemical linked to X." → "… modulate dopamine.
    Dopamine is a brain chemical linked to X." Only when the word before the comma is a
    glossary term: after an ordinary word the phrase may describe the whole clause
    ("… to every visit, a habit that helps")."""
    found = _TRAILING_APPOSITIVE.match(text)
    if len(text.split()) < 14 or found is None or _CONDITIONAL.search(text):
        return text
    noun_end = found.end("noun")
    if not any(m.end == noun_end for m in glossary.matcher.find(found.group("a"))):
        return text
    noun = found.group("noun")
    subject = noun[0].upper() + noun[1:]
    return f"{found.group('a')}. {subject} is {found.group('app')}{found.group('end') or '.'}"


def _split_appositive(text: str) -> str:
    """"Kratom, a herb from Asia, has …" → "Kratom is a herb from Asia. Kratom has …";
    "Chronic pain, lasting 12 weeks, is …" → "Chronic pain lasts 12 weeks. Chronic pain is …".
    The subject is repeated so each new sentence says who does what."""
    if len(text.split()) < 14:
        return text
    found = _APPOSITIVE.match(text) or _PARTICIPLE_PHRASE.match(text)
    if found is None or _OPENERS.match(found.group("subj")):
        return text
    subject, rest = found.group("subj"), found.group("rest")
    plural = re.match(r"(?:are|were|have)\b", rest) is not None
    verb = found.groupdict().get("verb")
    if verb is None:
        first = f"{subject} {'are' if plural else 'is'} {found.group('app')}."
    elif verb.endswith("ing"):
        finite = _finite(verb, plural)
        if finite is None:
            return text
        first = f"{subject} {finite} {found.group('app')}."
    else:
        first = f"{subject} {'are' if plural else 'is'} {verb} {found.group('app')}."
    return f"{first} {subject} {rest}"


def _finite(participle: str, plural: bool) -> str | None:
    """"lasting" → "lasts" ("last" if plural), using the CMU dictionary to restore an "e"."""
    from plainhealth.syllables import in_dictionary

    stem = participle[:-3]
    candidates = [stem, stem + "e", stem[:-1] if stem[-1:] == stem[-2:-1] else ""]
    if re.search(r"[^aeiou][aeiou][^aeiouwxy]$", stem):
        candidates[:2] = [stem + "e", stem]  # "improving" → "improve", not "improv"
    for base in candidates:
        if base and in_dictionary(base):
            if plural:
                return base
            return base + ("es" if base.endswith(("s", "sh", "ch", "x", "z")) else "s")
    return None


def _substances(text: str, glossary: Glossary) -> list[str]:
    return [m.surface for m in glossary.matcher.find(text) if glossary.by_id[m.key].safety]
