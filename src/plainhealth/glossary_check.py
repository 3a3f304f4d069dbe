"""`plainhealth glossary check`: every rule a glossary entry must meet, all reported at once."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from plainhealth.glossary import Glossary, Problem, Term, read, shipped_dir
from plainhealth.jargon import hard_words
from plainhealth.readability import count_sentence, grade
from plainhealth.sentences import split

MAX_GRADE = 6.0
MAX_SENTENCES = 2
STATUSES = ("sourced", "reviewed")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Public health agencies whose pages an entry may cite.
TRUSTED_HOSTS = (
    "medlineplus.gov", "nih.gov", "clinicaltrials.gov", "cdc.gov", "fda.gov", "cancer.gov",
    "samhsa.gov", "hhs.gov", "nhs.uk", "who.int", "ftc.gov", "dea.gov", "va.gov", "health.gov",
    "nice.org.uk", "canada.ca", "healthdirect.gov.au",
)


def check(overlay: str | Path | None = None) -> list[Problem]:
    """Every problem in the shipped glossary plus ``overlay``, in file order."""
    glossary, problems = read(overlay)
    problems += _conflicts(glossary)
    safety_ids = known_safety_ids(overlay)
    for term in glossary.terms:
        problems += [Problem(term.file, term.id, message)
                     for message in _term_problems(term, glossary, safety_ids)]
    problems += _source_problems(glossary)
    return problems


def known_safety_ids(overlay: str | Path | None = None) -> set[str]:
    ids: set[str] = set()
    for folder in (shipped_dir(), Path(overlay) if overlay else None):
        path = folder / "safety.toml" if folder else None
        if path and path.is_file():
            try:
                rules = tomllib.loads(path.read_text("utf-8")).get("rule", [])
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                continue
            ids |= {str(rule.get("id")) for rule in rules if isinstance(rule, dict)}
    return ids


def _conflicts(glossary: Glossary) -> list[Problem]:
    by_id = glossary.by_id
    return [Problem(by_id[new].file, new, f"matches {form!r}, which {old!r} already matches")
            for form, old, new in glossary.matcher.conflicts]


def _term_problems(term: Term, glossary: Glossary, safety_ids: set[str]) -> Iterator[str]:
    if not _ID.fullmatch(term.id):
        yield "id must be lowercase letters, digits and single hyphens"
    yield from _explain_problems(term, glossary)
    if term.plain and _jargon(term.plain, glossary, term):
        yield f"'plain' uses words a lay reader may not know: {_jargon(term.plain, glossary, term)}"
    yield from _url_problems(term.source, glossary)
    if term.safety and term.safety not in safety_ids:
        yield f"unknown safety rule {term.safety!r} (not in safety.toml)"
    yield from _status_problems(term)


def _explain_problems(term: Term, glossary: Glossary) -> Iterator[str]:
    sentences = split(term.explain)
    if not sentences:
        yield "'explain' is empty"
        return
    if len(sentences) > MAX_SENTENCES:
        yield f"'explain' has {len(sentences)} sentences; use one or two"
    counts = [count_sentence(s.text) for s in sentences]
    total = counts[0]
    for more in counts[1:]:
        total += more
    level = grade(total) if total.words else 0.0
    if level > MAX_GRADE:
        yield f"'explain' reads at grade {level:.1f}; write it at grade {MAX_GRADE:g} or below"
    unexplained = _jargon(term.explain, glossary, term)
    if unexplained:
        yield (f"'explain' uses {unexplained}, which the glossary does not explain; "
               "use plainer words or add an entry")


def _jargon(text: str, glossary: Glossary, term: Term) -> str:
    covered = [(m.start, m.end) for m in glossary.matcher.find(text)]
    own = {w.lower() for form in term.match for w in re.findall(r"\w+", form)}
    hard = [h.word for h in hard_words(text, covered) if h.word.lower() not in own]
    return ", ".join(repr(w) for w in dict.fromkeys(hard))


def _url_problems(url: str, glossary: Glossary) -> Iterator[str]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host:
        yield f"source {url!r} must be an https URL"
    elif not any(host == h or host.endswith("." + h) for h in TRUSTED_HOSTS):
        yield f"source {url!r} is not a public health agency's site"
    if url not in glossary.source_urls:
        yield f"source {url!r} is not listed in sources/*.toml"


def _status_problems(term: Term) -> Iterator[str]:
    if term.status not in STATUSES:
        yield f"status must be one of {', '.join(STATUSES)}, not {term.status!r}"
    elif term.status == "reviewed":
        if not term.reviewed_by.strip():
            yield "status 'reviewed' needs reviewed_by: the reviewer's name and role"
        if not _DATE.fullmatch(term.reviewed_on):
            yield "status 'reviewed' needs reviewed_on as YYYY-MM-DD"
    elif term.reviewed_by or term.reviewed_on:
        yield "reviewed_by/reviewed_on are only for status 'reviewed'"


def _source_problems(glossary: Glossary) -> list[Problem]:
    problems = []
    for source in glossary.sources:
        parts = urlsplit(source.url)
        if parts.scheme != "https" or not parts.hostname:
            problems.append(Problem(source.file, source.url, "url must be https"))
    return problems
