"""The checks every glossary entry and source page must pass (part of `plainhealth glossary
check`), and the helpers the safety and plain-words checks share."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Protocol
from urllib.parse import urlsplit

from plainhealth.explain.difficulty import FAMILIAR_ZIPF
from plainhealth.explain.glossary import Glossary, Problem, Source, Term
from plainhealth.explain.jargon import hard_words
from plainhealth.language.frequency import common_words, zipf
from plainhealth.language.matcher import NOT_A_TERM, Matcher, is_abbreviation, normalize
from plainhealth.language.readability import ZERO, count_sentence, grade
from plainhealth.language.sentences import split

MAX_GRADE = 6.0
MAX_SENTENCES = 2
STATUSES = ("sourced", "reviewed")
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NOT_READ = "NOT READ:"
# What `evidence` must say when a source has read = true: which copy was read, and when.
_READ_EVIDENCE = (
    ("the copy that was read (a 'stored copy' or 'archived copy')",
     re.compile(r"\b(?:stored|archived)(?:\s+[\w-]+){0,3}\s+cop(?:y|ies)\b", re.IGNORECASE)),
    ("the word 'read'", re.compile(r"\bread\b", re.IGNORECASE)),
    ("the date it was read (YYYY-MM-DD)", re.compile(r"\b\d{4}-\d{2}-\d{2}\b")),
)
# Public health agencies whose pages an entry may cite.
TRUSTED_HOSTS = (
    "medlineplus.gov", "nih.gov", "clinicaltrials.gov", "cdc.gov", "fda.gov", "cancer.gov",
    "samhsa.gov", "hhs.gov", "nhs.uk", "who.int", "ftc.gov", "dea.gov", "va.gov", "health.gov",
    "nice.org.uk", "canada.ca", "healthdirect.gov.au", "health.gov.au", "nhsinform.scot",
    "womenshealth.gov", "ahrq.gov", "gov.uk", "betterhealth.vic.gov.au", "health.govt.nz",
    "hse.ie", "gov.au", "govt.nz", "nhs.wales", "nhs.scot", "hscni.net", "blood.co.uk",
    "welsh-blood.org.uk", "alberta.ca", "ggcmedicines.org.uk", "antimicrobialcompanion.scot",
)
# The official help-line services a region's help-line text may cite, besides the above.
HELP_LINE_HOSTS = ("talktofrank.com", "988.ca", "health.gov.au", "hse.ie")


def term_problems(glossary: Glossary, safety_ids: set[str]) -> list[Problem]:
    """Every problem with the glossary's entries, in file order; ``safety_ids`` are the
    safety rules a term's ``safety`` may name."""
    return [Problem(term.file, term.id, message) for term in glossary.terms
            for message in _term_problems(term, glossary, safety_ids)]


def grade_problems(label: str, text: str) -> Iterator[str]:
    level = _grade(text)
    if level > MAX_GRADE:
        yield f"{label} reads at grade {level:.1f}; write it at grade {MAX_GRADE:g} or below"


def conflicts(glossary: Glossary) -> list[Problem]:
    by_id = glossary.by_id
    problems = []
    for form, old, new in glossary.matcher.conflicts:
        if new == NOT_A_TERM:  # a not_match phrase that another entry matches
            owner = next(t for t in glossary.terms if form in t.not_match)
            problems.append(Problem(owner.file, owner.id,
                                    f"not_match {form!r} is a form that {old!r} matches"))
        elif old == NOT_A_TERM:
            problems.append(Problem(by_id[new].file, new,
                                    f"matches {form!r}, which another entry lists in not_match"))
        else:
            problems.append(Problem(by_id[new].file, new,
                                    f"matches {form!r}, which {old!r} already matches"))
    return problems


def _not_match_problems(term: Term) -> Iterator[str]:
    own = Matcher((form, term.id) for form in term.match)
    for phrase in term.not_match:
        if not own.find(phrase):
            yield f"not_match {phrase!r} holds none of this entry's forms"
    for key, phrases in (("context", term.context), ("not_context", term.not_context)):
        for phrase in phrases:
            if own.find(phrase):  # the guard looks at the sentence around the match
                yield (f"{key} {phrase!r} holds one of this entry's own forms, so it can "
                       "never be found; use not_match for a phrase around the term")


def _term_problems(term: Term, glossary: Glossary, safety_ids: set[str]) -> Iterator[str]:
    if not ID.fullmatch(term.id):
        yield "id must be lowercase letters, digits and single hyphens"
    yield from _explain_problems(term, glossary)
    yield from _not_match_problems(term)
    yield from _folding_problems(term, glossary)
    if term.plain and _jargon(term.plain, glossary, term):
        yield f"'plain' uses words a lay reader may not know: {_jargon(term.plain, glossary, term)}"
    yield from url_problems(term.source, glossary)
    if term.safety and term.safety not in safety_ids:
        yield f"unknown safety rule {term.safety!r} (not in safety.toml)"
    yield from status_problems(term)


RARE_ZIPF = 3.0
"""A form below this frequency that folds onto an everyday word is not that word."""


@cache
def _everyday_keys() -> dict[str, str]:
    """Matcher key -> the most frequent everyday word stored under it."""
    keys: dict[str, str] = {}
    for word in common_words(FAMILIAR_ZIPF):  # about 5,000 everyday words
        keys.setdefault(normalize(word), word)
    return keys


def _all_forms(glossary: Glossary) -> frozenset[str]:
    return frozenset(form.lower() for term in glossary.terms for form in term.match)


def _folding_problems(term: Term, glossary: Glossary) -> Iterator[str]:
    """A rare form that the matcher folds onto an everyday word ("testes" and "test",
    "secondaries" and "secondary") would explain that word wherever it stands, unless a
    context guard keeps the entry to its medical sense."""
    if term.context:
        return
    for form in term.match:
        if " " in form or "-" in form or is_abbreviation(form):
            continue
        word = _everyday_keys().get(normalize(form))
        if (word and word != form.lower() and word not in _all_forms(glossary)
                and zipf(form.lower()) < RARE_ZIPF):
            yield (f"form {form!r} is read as the everyday word {word!r}, so every {word!r} "
                   "would get this explanation; leave the form out or add a context guard")


def _explain_problems(term: Term, glossary: Glossary) -> Iterator[str]:
    sentences = split(term.explain)
    if not sentences:
        yield "'explain' is empty"
        return
    if len(sentences) > MAX_SENTENCES:
        yield f"'explain' has {len(sentences)} sentences; use one or two"
    level = _grade(term.explain)
    if level > MAX_GRADE:
        yield f"'explain' reads at grade {level:.1f}; write it at grade {MAX_GRADE:g} or below"
    unexplained = _jargon(term.explain, glossary, term)
    if unexplained:
        yield (f"'explain' uses {unexplained}, which the glossary does not explain; "
               "use plainer words or add an entry")


def _grade(text: str) -> float:
    total = ZERO
    for sentence in split(text):
        total += count_sentence(sentence.text)
    return grade(total) if total.words else 0.0


def _jargon(text: str, glossary: Glossary, term: Term) -> str:
    covered = [(m.start, m.end) for m in glossary.find(text)]
    own = {w.lower() for form in term.match for w in re.findall(r"\w+", form)}
    hard = [h.word for h in hard_words(text, covered) if h.word.lower() not in own]
    return ", ".join(repr(w) for w in dict.fromkeys(hard))


def url_problems(url: str, glossary: Glossary,
                  hosts: tuple[str, ...] = TRUSTED_HOSTS) -> Iterator[str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        yield f"source {url!r} must be an https URL"
    elif not any(host == h or host.endswith("." + h) for h in hosts):
        yield f"source {url!r} is not a public health agency's site"
    if url not in glossary.source_urls:
        yield f"source {url!r} is not listed in sources/*.toml"


class _Provenance(Protocol):
    @property
    def status(self) -> str: ...
    @property
    def reviewed_by(self) -> str: ...
    @property
    def reviewed_on(self) -> str: ...


def status_problems(term: _Provenance) -> Iterator[str]:
    if term.status not in STATUSES:
        yield f"status must be one of {', '.join(STATUSES)}, not {term.status!r}"
    elif term.status == "reviewed":
        if not term.reviewed_by.strip():
            yield "status 'reviewed' needs reviewed_by: the reviewer's name and role"
        if not _DATE.fullmatch(term.reviewed_on):
            yield "status 'reviewed' needs reviewed_on as YYYY-MM-DD"
    elif term.reviewed_by or term.reviewed_on:
        yield "reviewed_by/reviewed_on are only for status 'reviewed'"


def source_problems(glossary: Glossary,
                    also_cited: frozenset[str] = frozenset()) -> list[Problem]:
    """Every problem with the source pages; ``also_cited`` are pages other data (safety
    rules, help lines) cite, which need a ``read`` record as the entries' pages do."""
    problems = []
    cited = {term.source for term in glossary.terms} | also_cited
    for source in glossary.sources:
        parts = urlsplit(source.url)
        if parts.scheme != "https" or not parts.hostname:
            problems.append(Problem(source.file, source.url, "url must be https"))
        problems += [Problem(source.file, source.url, message)
                     for message in _read_problems(source, source.url in cited)]
    return problems


def _read_problems(source: Source, cited_by_a_term: bool) -> Iterator[str]:
    """`read` and `evidence` must agree, so that no output calls an unread page checked."""
    unread = source.evidence.startswith(NOT_READ)
    if source.read is None:
        if cited_by_a_term:
            yield ("glossary entries cite this page, so it needs read = true (its text was "
                   "read and the entries compared with it) or read = false")
    elif not source.read and not unread:
        yield (f"read = false, so 'evidence' must start with {NOT_READ!r} and say what was "
               "not read")
    elif source.read and unread:
        yield f"read = true, but 'evidence' starts with {NOT_READ!r}"
    elif source.read:
        missing = [what for what, pattern in _READ_EVIDENCE if not pattern.search(source.evidence)]
        if missing:
            yield ("read = true, so 'evidence' must name what was read and when; it lacks "
                   + " and ".join(missing))
