"""The glossary: load and merge `glossary/` (shipped) and an overlay folder, into one Glossary.

Loading is strict about structure — every problem in every file is collected and raised
together as one GlossaryError listing ``file:id: problem`` lines — and leaves the
content checks (grade level, jargon, sources …) to :mod:`plainhealth.explain.check`.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any
from weakref import WeakSet

from plainhealth.errors import GlossaryError
from plainhealth.language.matcher import NOT_A_TERM, Match, Matcher, phrase_keys
from plainhealth.language.memo import TEXTS, on_forget
from plainhealth.language.sentences import split

OVERLAY_ENV = "PLAINHEALTH_GLOSSARY"
TERM_KEYS = {"id", "match", "not_match", "plain", "explain", "say", "safety", "source", "status",
             "reviewed_by", "reviewed_on", "difficulty", "support", "context", "not_context"}
LIST_KEYS = ("match", "not_match", "context", "not_context")
DIFFICULTIES = ("common", "familiar", "hard")
"""How well a lay reader knows a term: ``common`` (side effects, blood pressure: never
explained to a patient), ``familiar`` (diabetes, asthma: in the word list, not inline) and
``hard`` (dialysis, atrial fibrillation: explained where it is first used)."""
REQUIRED_TERM_KEYS = {"id", "match", "explain", "source", "status"}
SOURCE_KEYS = {"url", "title", "publisher", "evidence"}
# Optional while the safety rules' registry (sources/safety.toml) does not declare it;
# `glossary check` requires it for every page a glossary entry cites.
SOURCE_READ_KEY = "read"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the glossary, reported as ``file:id: message``."""

    file: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.id}: {self.message}"


@dataclass(frozen=True)
class Term:
    id: str
    match: tuple[str, ...]
    explain: str
    source: str
    status: str
    plain: str = ""
    say: str = ""
    safety: str = ""
    reviewed_by: str = ""
    reviewed_on: str = ""
    file: str = ""
    """Where the entry was read from, relative to its glossary folder."""
    overlay: bool = False
    """True when the entry comes from a local overlay rather than the shipped glossary."""
    not_match: tuple[str, ...] = ()
    """Phrases with one of the forms in another sense ("blinding headache"): never explained."""
    source_read: bool = False
    """True only when the cited page's own text was read and this entry compared with it
    (its [[source]] says ``read = true``); False means the page was only located."""
    difficulty: str = ""
    """One of :data:`DIFFICULTIES`, or empty: then it is worked out from the words
    (:mod:`plainhealth.explain.difficulty`)."""
    support: str = ""
    """What on the cited page supports the wording (a short note by whoever checked it)."""
    context: tuple[str, ...] = ()
    """Sense guard: the entry counts only in a sentence that also holds one of these words
    or phrases ("discharge" from hospital: "hospital", "home", "ward")."""
    not_context: tuple[str, ...] = ()
    """Sense guard: the entry does not count in a sentence holding one of these ("joint
    statement": "statement")."""


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    publisher: str
    evidence: str
    file: str = ""
    read: bool | None = None
    """``read = true|false`` from the file; None when the file does not say."""


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    sources: tuple[Source, ...]
    digest: str
    """sha256 of every file read, so a report says exactly which glossary it used."""
    overridden: tuple[str, ...] = ()
    """Ids of shipped entries that the overlay replaced."""
    files: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    @cached_property
    def source_urls(self) -> frozenset[str]:
        return frozenset(source.url for source in self.sources)

    @cached_property
    def matcher(self) -> Matcher:
        phrases = [(form, term.id) for term in self.terms for form in term.match]
        phrases += [(form, NOT_A_TERM) for term in self.terms for form in term.not_match]
        return Matcher(phrases)

    @cached_property
    def _guards(self) -> dict[str, tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]]]:
        return {term.id: (tuple(phrase_keys(p) for p in term.context),
                          tuple(phrase_keys(p) for p in term.not_context))
                for term in self.terms if term.context or term.not_context}

    @cached_property
    def _found(self) -> _Found:
        found = _Found()
        _FOUND.add(found)
        return found

    def find(self, text: str) -> list[Match]:
        """The entries used in ``text`` (longest match first), each in the sense it is
        written for: a match whose sentence fails the entry's sense guards is dropped.
        Remembered for the conversion: safety, rewriting and explaining look up the same
        blocks."""
        known = self._found.get(text)
        if known is not None:
            return list(known)
        found = self.matcher.find(text)
        guards = self._guards
        if guards and any(m.key in guards for m in found):
            found = [m for m in found if m.key not in guards or _fits(guards[m.key], text, m)]
        self._found.put(text, found)
        return found

    @property
    def version(self) -> str:
        return f"sha256:{self.digest[:16]}"


def shipped_dir() -> Path:
    """The glossary inside the installed wheel, or the checkout's top-level folder."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "glossary"
    if packaged.is_dir():
        return packaged
    checkout = package.parents[1] / "glossary"
    if checkout.is_dir():
        return checkout
    raise GlossaryError("the shipped glossary is missing; reinstall plainhealth")


def overlay_dir(explicit: str | Path | None = None) -> Path | None:
    chosen = explicit or os.environ.get(OVERLAY_ENV) or None
    if chosen is None:
        return None
    path = Path(chosen)
    if not path.is_dir():
        raise GlossaryError(f"{path}: the glossary overlay folder does not exist")
    return path


RULE_FILES = ("safety.toml", "plain-words.toml", "everyday.toml")
"""Beside the terms and sources, the shipped files whose content the glossary version
names (and an overlay's safety.toml, which conversions use too)."""


def load(overlay: str | Path | None = None) -> Glossary:
    """The shipped glossary with the overlay's entries added or replacing shipped ones."""
    glossary, problems = read(overlay)
    if problems:
        raise GlossaryError(_problem_list(problems))
    return glossary


def read(overlay: str | Path | None = None) -> tuple[Glossary, list[Problem]]:
    """Like :func:`load`, but returns the structural problems instead of raising."""
    problems: list[Problem] = []
    digest = hashlib.sha256()
    shipped_terms, shipped_sources, files = _read_dir(shipped_dir(), False, problems, digest)
    terms = {t.id: t for t in shipped_terms}
    sources = list(shipped_sources)
    overridden: list[str] = []
    extra = overlay_dir(overlay)
    if extra is not None:
        overlay_terms, overlay_sources, more = _read_dir(extra, True, problems, digest)
        files += more
        for term in overlay_terms:
            if term.id in terms:
                overridden.append(term.id)
            terms[term.id] = term
        sources += overlay_sources
    used = [shipped_dir() / name for name in RULE_FILES]  # the rules and swaps are data too
    used += [extra / "safety.toml"] if extra is not None else []  # (an overlay's swaps are not)
    for path in used:
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    read_urls = _read_urls(sources)
    linked = tuple(replace(t, source_read=t.source in read_urls)
                   for t in terms.values())
    glossary = Glossary(linked, tuple(sources), digest.hexdigest(), tuple(overridden),
                        tuple(files))
    return glossary, problems


def _read_urls(sources: list[Source]) -> frozenset[str]:
    """Pages whose text was read; a later listing of a URL (the overlay's) wins."""
    latest = {source.url: source.read for source in sources}
    return frozenset(url for url, read in latest.items() if read is True)


def _problem_list(problems: list[Problem]) -> str:
    lines = "\n".join(f"  {p}" for p in problems)
    return f"the glossary has {len(problems)} problem(s):\n{lines}"


def _read_dir(folder: Path, overlay: bool, problems: list[Problem],
              digest: Any) -> tuple[list[Term], list[Source], list[str]]:
    terms: list[Term] = []
    sources: list[Source] = []
    files: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("terms/*.toml")) + sorted(folder.glob("sources/*.toml")):
        name = str(path.relative_to(folder)) if not overlay else str(path)
        data = _read_toml(path, name, problems, digest)
        files.append(name)
        for raw in data.get("term", []):
            term = _term(raw, name, overlay, problems)
            if term is None:
                continue
            if term.id in seen:
                problems.append(Problem(name, term.id, f"duplicate id (also in {seen[term.id]})"))
                continue
            seen[term.id] = name
            terms.append(term)
        for raw in data.get("source", []):
            source = _source(raw, name, problems)
            if source is not None:
                sources.append(source)
    return terms, sources, files


def _read_toml(path: Path, name: str, problems: list[Problem], digest: Any) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
        digest.update(name.encode() + b"\0" + raw)
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(name, "-", f"cannot read: {error}"))
        return {}
    return data


def _term(raw: Any, name: str, overlay: bool, problems: list[Problem]) -> Term | None:
    if not isinstance(raw, dict):
        problems.append(Problem(name, "-", "each [[term]] must be a table"))
        return None
    ident = str(raw.get("id", "?"))
    found = len(problems)
    for key in sorted(set(raw) - TERM_KEYS):
        problems.append(Problem(name, ident, f"unknown key {key!r}"))
    for key in sorted(REQUIRED_TERM_KEYS - set(raw)):
        problems.append(Problem(name, ident, f"missing key {key!r}"))
    match = raw.get("match", [])
    if not _strings(match) or not match:
        problems.append(Problem(name, ident, "'match' must be a non-empty list of strings"))
    for key in LIST_KEYS[1:]:
        if not _strings(raw.get(key, [])):
            problems.append(Problem(name, ident, f"{key!r} must be a list of strings"))
    for key in TERM_KEYS - set(LIST_KEYS):
        if key in raw and not isinstance(raw[key], str):
            problems.append(Problem(name, ident, f"{key!r} must be a string"))
    if raw.get("difficulty", "") not in ("", *DIFFICULTIES):
        problems.append(Problem(name, ident, "'difficulty' must be one of "
                                + ", ".join(DIFFICULTIES)))
    if len(problems) > found:
        return None
    lists = {key: tuple(raw.get(key, [])) for key in LIST_KEYS}
    return Term(file=name, overlay=overlay, **lists,  # type: ignore[arg-type]
                **{k: v for k, v in raw.items() if k not in LIST_KEYS})


class _Found:
    """A glossary's lookups in this conversion: the texts with matches, and (a set, a
    tenth of the memory of a cache entry) the many without. Emptied when a conversion
    ends, or when it holds TEXTS texts (lookups outside a conversion)."""

    def __init__(self) -> None:
        self.matches: dict[str, tuple[Match, ...]] = {}
        self.none: set[str] = set()

    def get(self, text: str) -> tuple[Match, ...] | None:
        if text in self.none:
            return ()
        return self.matches.get(text)

    def put(self, text: str, found: list[Match]) -> None:
        if len(self.none) + len(self.matches) >= TEXTS:
            self.clear()
        if found:
            self.matches[text] = tuple(found)
        else:
            self.none.add(text)

    def clear(self) -> None:
        self.matches.clear()
        self.none.clear()


_FOUND: WeakSet[_Found] = WeakSet()


def _forget_found() -> None:
    for found in _FOUND:
        found.clear()


on_forget(_forget_found)


def _fits(guards: tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...]],
          text: str, match: Match) -> bool:
    """Whether the sentence around ``match`` (the match itself left out) holds one of the
    entry's ``context`` phrases (when it has any) and none of its ``not_context`` ones."""
    start, end = _sentence_around(text, match)
    window = " ".join(phrase_keys(text[start:match.start] + " , " + text[match.end:end]))
    wanted, unwanted = guards

    def holds(phrases: tuple[tuple[str, ...], ...]) -> bool:
        return any(f" {' '.join(keys)} " in f" {window} " for keys in phrases)

    return (not wanted or holds(wanted)) and not holds(unwanted)


def _sentence_around(text: str, match: Match) -> tuple[int, int]:
    """The start and end of the sentence holding ``match``, by the project's sentence
    splitter (decimals, "Dr." and "e.g." stay inside a sentence; cached per text)."""
    for sentence in split(text):
        if sentence.start <= match.start < sentence.end:
            return sentence.start, max(sentence.end, match.end)
    return 0, len(text)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _source(raw: Any, name: str, problems: list[Problem]) -> Source | None:
    url = str(raw.get("url", "?")) if isinstance(raw, dict) else "?"
    if not isinstance(raw, dict):
        raw = {}
    text = {k: v for k, v in raw.items() if k != SOURCE_READ_KEY}
    if set(text) != SOURCE_KEYS or not all(isinstance(v, str) and v.strip()
                                           for v in text.values()):
        problems.append(Problem(name, url, "a [[source]] needs exactly url, title, "
                                "publisher and evidence, each a non-empty string, and read"))
        return None
    read = raw.get(SOURCE_READ_KEY)
    if read is not None and not isinstance(read, bool):
        problems.append(Problem(name, url, "'read' must be true or false"))
        return None
    return Source(file=name, read=read, **text)
