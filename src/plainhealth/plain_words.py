"""The plain-words list (``glossary/plain-words.toml``): wordy phrase → plain phrase."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plainhealth.glossary import Problem, shipped_dir
from plainhealth.matcher import Matcher

KEYS = {"id", "match", "plain", "pos", "note"}
POS = {"verb", "noun", "adjective", "adverb", "phrase"}
# Irregular forms of the plain verbs the list uses: base → (past, participle, -ing, -s).
IRREGULAR = {
    "get": ("got", "gotten", "getting", "gets"), "show": ("showed", "shown", "showing", "shows"),
    "buy": ("bought", "bought", "buying", "buys"), "give": ("gave", "given", "giving", "gives"),
    "make": ("made", "made", "making", "makes"), "begin": ("began", "begun", "beginning",
                                                          "begins"),
    "find": ("found", "found", "finding", "finds"), "tell": ("told", "told", "telling", "tells"),
    "keep": ("kept", "kept", "keeping", "keeps"), "let": ("let", "let", "letting", "lets"),
    "put": ("put", "put", "putting", "puts"), "set": ("set", "set", "setting", "sets"),
    "cut": ("cut", "cut", "cutting", "cuts"), "go": ("went", "gone", "going", "goes"),
    "do": ("did", "done", "doing", "does"), "have": ("had", "had", "having", "has"),
    "take": ("took", "taken", "taking", "takes"), "see": ("saw", "seen", "seeing", "sees"),
    "think": ("thought", "thought", "thinking", "thinks"), "stop": ("stopped", "stopped",
                                                                   "stopping", "stops"),
    "plan": ("planned", "planned", "planning", "plans"), "run": ("ran", "run", "running",
                                                                "runs"),
}


@dataclass(frozen=True)
class Phrase:
    id: str
    match: tuple[str, ...]
    plain: str
    pos: str
    note: str = ""


@dataclass(frozen=True)
class PlainWords:
    phrases: tuple[Phrase, ...]
    matcher: Matcher

    @property
    def by_id(self) -> dict[str, Phrase]:
        return {p.id: p for p in self.phrases}


def read(path: Path | None = None) -> tuple[PlainWords, list[Problem]]:
    path = path or shipped_dir() / "plain-words.toml"
    name = path.name
    problems: list[Problem] = []
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return PlainWords((), Matcher(())), [Problem(name, "-", f"cannot read: {error}")]
    phrases: list[Phrase] = []
    for raw in data.get("phrase", []):
        ident = str(raw.get("id", "?"))
        problems += [Problem(name, ident, f"unknown key {k!r}") for k in set(raw) - KEYS]
        if not isinstance(raw.get("match"), list) or not raw.get("plain") or \
                raw.get("pos") not in POS:
            problems.append(Problem(name, ident, "needs match (a list), plain, and pos "
                                    f"(one of {', '.join(sorted(POS))})"))
            continue
        phrases.append(Phrase(ident, tuple(raw["match"]), str(raw["plain"]), str(raw["pos"]),
                              str(raw.get("note", ""))))
    matcher = Matcher((form, p.id) for p in phrases for form in p.match)
    problems += [Problem(name, new, f"matches {form!r}, which {old!r} already matches")
                 for form, old, new in matcher.conflicts]
    return PlainWords(tuple(phrases), matcher), problems


@cache
def load() -> PlainWords:
    return read()[0]


def inflect(plain: str, surface: str, pos: str, before: str) -> str:
    """Give ``plain`` the inflection ``surface`` has ("utilized" → "used")."""
    word = surface.lower()
    first, _, rest = plain.partition(" ")
    if pos == "verb":
        first = _inflect_verb(first, word, before)
    return f"{first} {rest}".strip()


def _inflect_verb(base: str, word: str, before: str) -> str:
    past, participle, ing, third = IRREGULAR.get(base, _regular(base))
    if word.endswith("ing"):
        return ing
    if word.endswith("ed"):
        # "was demonstrated" → "was shown"; "could be neither demonstrated" → "shown" too.
        recent = before.lower().split()[-3:]
        return participle if any(w in {
            "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
            "get", "gets", "got"} for w in recent) else past
    if word.endswith("s"):
        return third
    return base


def _regular(base: str) -> tuple[str, str, str, str]:
    stem = base[:-1] if base.endswith("e") else base
    past = base + "d" if base.endswith("e") else (
        base[:-1] + "ied" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "ed")
    third = base + "es" if base.endswith(("s", "sh", "ch", "x", "z", "o")) else (
        base[:-1] + "ies" if base.endswith("y") and base[-2:-1] not in "aeiou" else base + "s")
    return past, past, stem + "ing", third


def pluralize(phrase: str) -> str:
    head, _, last = phrase.rpartition(" ")
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch", "x", "z")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()
