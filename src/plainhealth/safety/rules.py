"""Safety rules: load and validate ``glossary/safety.toml`` (and an overlay's)."""

from __future__ import annotations

import dataclasses
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from plainhealth.errors import GlossaryError
from plainhealth.explain.glossary import Problem, overlay_dir, shipped_dir
from plainhealth.language.literals import Screen, build
from plainhealth.safety.claims import DETECTORS, detects, prepare

PATTERN_TIMEOUT = 0.05
"""Seconds one pattern may spend on one sentence; a pattern that backtracks is cut off."""
UNTIMED_LENGTH = 1000
"""Sentences up to this many characters are matched against the shipped rules without a
time limit: their patterns are checked to stay fast (tests/test_safety.py), and the limit
itself doubles the cost of every search. Overlay rules, and longer sentences, always get
PATTERN_TIMEOUT."""
MIN_EXAMPLES = 3
RULE_KEYS = {"id", "kind", "severity", "patterns", "unless", "note", "source", "status",
             "reviewed_by", "reviewed_on", "examples_match", "examples_no_match", "region",
             "title", "concern", "also", "point", "detector"}
REQUIRED_RULE_KEYS = {"id", "kind", "severity", "note", "source", "status"}
REGION_KEYS = {"text", "source"}
DEFAULT_REGION = "us"


class Kind(StrEnum):
    CLAIM = "claim"
    SUBSTANCE = "substance"
    GENERAL = "general"


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"


class Verdict(Enum):
    """What matching one rule against one sentence found."""

    NO = "no"
    FIRES = "fires"
    TIMEOUT = "timeout"
    """A pattern ran out of time before any matched: the note may be missing."""
    GUARD_TIMEOUT = "guard_timeout"
    """A pattern matched but an ``unless`` guard ran out of time: the note is added anyway
    (a note too many is safer than a warning missing), with a warning."""


@dataclass(frozen=True)
class RegionLine:
    """A region's help lines and the page they were read on."""

    text: str
    source: str


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Kind
    severity: Severity
    note: str
    source: str
    status: str
    patterns: tuple[Any, ...] = ()
    """Compiled ``regex`` patterns; a sentence matching one (and no ``unless``) fires."""
    unless: tuple[Any, ...] = ()
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    region: dict[str, RegionLine] = field(default_factory=dict)
    title: str = ""
    point: str = ""
    """The concern in a few words, for the key safety points that open every output (the
    help-line rule: what its numbers are for)."""
    concern: str = ""
    """Rules sharing a concern give one note per section between them (e.g. a detox claim
    and a detox product named in the same paragraph)."""
    also: tuple[str, ...] = ()
    """Ids of general rules this one brings along (the help lines after an addictive
    substance's note)."""
    reviewed_by: str = ""
    reviewed_on: str = ""
    detector: str = ""
    """A structural detector of :mod:`plainhealth.safety.claims` this rule fires on, besides
    (or instead of) patterns."""
    file: str = ""
    overlay: bool = False
    """True when the rule comes from a local overlay rather than the shipped file."""

    def fires_on(self, sentence: str) -> bool:
        """True when a pattern matches ``sentence`` and no ``unless`` guard does."""
        return self.check(sentence) in (Verdict.FIRES, Verdict.GUARD_TIMEOUT)

    def check(self, sentence: str, deadline: float | None = None) -> Verdict:
        """Match ``sentence``; each pattern gets PATTERN_TIMEOUT seconds at most, and
        none runs past ``deadline`` (a ``time.perf_counter()`` reading)."""
        timed = self.overlay or len(sentence) > UNTIMED_LENGTH
        found = _first(self.patterns, sentence, deadline, timed)
        if (found is Verdict.NO and self.detector and len(sentence) <= UNTIMED_LENGTH
                and detects(self.detector, sentence)):
            found = Verdict.FIRES
        if found is not Verdict.FIRES:
            return found
        guard = _first(self.unless, sentence, deadline, timed)
        if guard is Verdict.FIRES:
            return Verdict.NO
        return Verdict.GUARD_TIMEOUT if guard is Verdict.TIMEOUT else Verdict.FIRES

    def matched(self, sentence: str) -> str:
        """The words the first matching pattern matched (untimed: shipped rules on
        sentences of at most UNTIMED_LENGTH characters), or ""."""
        for pattern in self.patterns:
            match = pattern.search(sentence)
            if match:
                return str(match.group()).strip()
        return ""

    def excepted(self, sentence: str, deadline: float | None = None) -> bool:
        """True when an ``unless`` guard matches: the rule stays silent even where a
        glossary term names its substance ("Unlike THC, ...")."""
        return _first(self.unless, sentence, deadline) is Verdict.FIRES

    def text_for(self, region: str) -> str:
        """The note, with the region's help lines for the help-line rule."""
        line = self._line(region)
        return f"{self.note} {line.text}".strip() if line else self.note

    def source_for(self, region: str) -> str:
        """Where the note's facts were read: the region's page for regional help lines."""
        line = self._line(region)
        return line.source if line else self.source

    def _line(self, region: str) -> RegionLine | None:
        if not self.region:
            return None
        line = self.region.get(region.lower())
        if line is None:
            raise GlossaryError(f"no help lines for region {region!r}; "
                                f"choose one of {', '.join(sorted(self.region))}")
        return line


def _first(patterns: tuple[Any, ...], text: str, deadline: float | None,
           timed: bool = True) -> Verdict:
    """FIRES if any pattern matches; else TIMEOUT if one ran out of time; else NO."""
    if not timed:
        return Verdict.FIRES if any(p.search(text) for p in patterns) else Verdict.NO
    timed_out = False
    for pattern in patterns:
        limit = PATTERN_TIMEOUT if deadline is None else min(
            PATTERN_TIMEOUT, deadline - time.perf_counter())
        if limit <= 0:
            return Verdict.TIMEOUT
        try:
            if pattern.search(text, timeout=limit) is not None:
                return Verdict.FIRES
        except TimeoutError:
            timed_out = True
    return Verdict.TIMEOUT if timed_out else Verdict.NO


def example_problems(rule: Rule) -> Iterator[str]:
    """A rule that does not do what its own examples say it does (checked by `glossary
    check`, and before an overlay's rules are used)."""
    if rule.detector and rule.detector not in DETECTORS:
        yield f"detector must be one of {', '.join(DETECTORS)}"
    if rule.detector == "model":
        return
    if rule.kind is not Kind.GENERAL or rule.patterns:
        if rule.kind is not Kind.SUBSTANCE and not (rule.patterns or rule.detector):
            yield "a claim rule needs patterns or a detector"
        if len(rule.examples_match) < MIN_EXAMPLES or len(rule.examples_no_match) < MIN_EXAMPLES:
            yield (f"needs at least {MIN_EXAMPLES} examples_match and "
                   f"{MIN_EXAMPLES} examples_no_match")
    for sentence in rule.examples_match:
        if (rule.patterns or rule.detector) and not rule.fires_on(sentence):
            yield f"does not fire on its example {sentence!r}"
    for sentence in rule.examples_no_match:
        if rule.fires_on(sentence):
            yield f"fires on its counter-example {sentence!r}"


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    overridden: tuple[str, ...] = ()
    """Ids of shipped rules that the overlay replaced."""
    guards: tuple[Any, ...] = ()
    """The ``[guards] claims`` patterns (already in every claim rule's ``unless``)."""

    @cached_property
    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    @cached_property
    def screen(self) -> Screen:
        """Which shipped rules' patterns may match a sentence (overlay rules are always
        matched: their patterns are the user's)."""
        return build({rule.id: tuple(p.pattern for p in rule.patterns)
                      for rule in self.rules if not rule.overlay and rule.patterns})

    @cached_property
    def patterned_claims(self) -> tuple[Rule, ...]:
        """The shipped claim rules with patterns: the claim model reads which match."""
        return tuple(rule for rule in self.rules
                     if rule.kind is Kind.CLAIM and not rule.overlay and rule.patterns)

    @cached_property
    def unscreened_claims(self) -> tuple[Rule, ...]:
        """The :attr:`patterned_claims` the screen does not answer for."""
        return tuple(rule for rule in self.patterned_claims
                     if rule.id not in self.screen.screened)

    @cached_property
    def screen_covers_all(self) -> bool:
        """Whether a text without any screened literal or word of health is sure to fire
        no rule: every shipped claim rule with patterns is screened (the claim model reads
        which match), and every rule tried outside the model (substance and general rules,
        an overlay's) has only screened patterns and no detector."""
        outside = (rule for rule in self.rules if rule.kind is not Kind.CLAIM or rule.overlay)
        return not self.unscreened_claims and all(
            rule.id in self.screen.screened and not rule.detector
            for rule in outside if rule.patterns or rule.detector)

    @cached_property
    def unscreened(self) -> tuple[Rule, ...]:
        """The rules that may fire on a sentence whatever the screen says: those it does
        not answer for (an overlay's, one without patterns), and those with a detector."""
        return tuple(rule for rule in self.rules
                     if rule.id not in self.screen.screened or rule.detector)

    def of_kind(self, kind: Kind) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind is kind)


def read_rules(overlay: str | Path | None = None) -> tuple[Rules, list[Problem]]:
    """Rules from the shipped safety.toml, then the overlay's (same id replaces). The
    overlay is ``overlay`` or else the PLAINHEALTH_GLOSSARY folder, as for the glossary.
    The ``[guards] claims`` patterns of both files keep every claim rule from firing."""
    problems: list[Problem] = []
    shipped = _read_file(shipped_dir() / "safety.toml", "safety.toml", problems)
    extra = overlay_dir(overlay)
    path = extra / "safety.toml" if extra is not None else None
    local = _read_file(path, str(path), problems) if path and path.is_file() else None
    guards = shipped[0] + (local[0] if local else ())
    rules = {r.id: _guarded(r, guards) for r in _rules(shipped[1], "safety.toml", False,
                                                        problems)}
    overridden: list[str] = []
    if local is not None:
        for rule in _rules(local[1], str(path), True, problems):
            if rule.id in rules:
                overridden.append(rule.id)
            rules[rule.id] = _guarded(rule, guards)
    return Rules(tuple(rules.values()), tuple(overridden), guards), problems


def _guarded(rule: Rule, guards: tuple[Any, ...]) -> Rule:
    if rule.kind is not Kind.CLAIM or not guards:
        return rule
    return dataclasses.replace(rule, unless=rule.unless + guards)


def load_rules(overlay: str | Path | None = None) -> Rules:
    """The rules for a conversion. Refuses (GlossaryError listing ``file:id: problem``) a
    file that does not load, and an overlay rule that fails its own examples."""
    chosen = overlay_dir(overlay)
    return _load(str(chosen) if chosen is not None else None)


@cache
def _load(overlay: str | None) -> Rules:
    rules, problems = read_rules(overlay)
    prepare()
    problems += [Problem(rule.file, rule.id, message) for rule in rules.rules if rule.overlay
                 for message in example_problems(rule)]
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise GlossaryError(f"the safety rules have {len(problems)} problem(s):\n{listed}")
    return rules


def _read_file(path: Path, label: str,
               problems: list[Problem]) -> tuple[tuple[Any, ...], list[Any]]:
    """The file's compiled claim guards and its raw [[rule]] tables."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(label, "-", f"cannot read: {error}"))
        return (), []
    guards = data.get("guards", {})
    if not isinstance(guards, dict) or set(guards) - {"claims"}:
        problems.append(Problem(label, "guards", "[guards] may only have a 'claims' list"))
        guards = {}
    compiled = _compile(_strings(guards.get("claims", []), label, "guards", "claims", problems),
                        label, "guards", problems)
    rules = data.get("rule", [])
    return tuple(compiled), rules if isinstance(rules, list) else [rules]


def _rules(raws: list[Any], label: str, overlay: bool,
           problems: list[Problem]) -> Iterator[Rule]:
    seen: set[str] = set()
    for raw in raws:
        rule = _rule(raw, label, overlay, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(Problem(label, rule.id, "duplicate id"))
            continue
        seen.add(rule.id)
        yield rule


def _compile(patterns: list[str], label: str, ident: str, problems: list[Problem]) -> list[Any]:
    import regex

    compiled = []
    for pattern in patterns:
        try:
            compiled.append(regex.compile(pattern, regex.IGNORECASE | regex.V0))
        except regex.error as error:
            problems.append(Problem(label, ident, f"pattern {pattern!r} does not compile: "
                                    f"{error}"))
    return compiled


def _rule(raw: Any, label: str, overlay: bool, problems: list[Problem]) -> Rule | None:
    ident = str(raw.get("id", "?")) if isinstance(raw, dict) else "?"
    before = len(problems)
    if not isinstance(raw, dict):
        problems.append(Problem(label, ident, "each [[rule]] must be a table"))
        return None
    problems += [Problem(label, ident, f"unknown key {k!r}") for k in sorted(set(raw) - RULE_KEYS)]
    problems += [Problem(label, ident, f"missing key {k!r}")
                 for k in sorted(REQUIRED_RULE_KEYS - set(raw))]
    for key, allowed in (("kind", Kind), ("severity", Severity)):
        if key in raw and raw[key] not in {member.value for member in allowed}:
            problems.append(Problem(label, ident, f"{key} must be one of "
                                    f"{', '.join(m.value for m in allowed)}"))
    compiled = {key: _compile(_strings(raw.get(key, []), label, ident, key, problems),
                              label, ident, problems) for key in ("patterns", "unless")}
    lists = {k: _strings(raw.get(k, []), label, ident, k, problems)
             for k in ("examples_match", "examples_no_match", "also")}
    region = _region(raw.get("region", {}), label, ident, problems)
    if len(problems) > before:
        return None
    return Rule(
        id=ident, kind=Kind(raw["kind"]), severity=Severity(raw["severity"]),
        note=str(raw["note"]), source=str(raw["source"]), status=str(raw["status"]),
        patterns=tuple(compiled["patterns"]), unless=tuple(compiled["unless"]),
        examples_match=tuple(lists["examples_match"]),
        examples_no_match=tuple(lists["examples_no_match"]), region=region,
        title=str(raw.get("title", "")), concern=str(raw.get("concern", "")),
        point=str(raw.get("point", "")),
        also=tuple(lists["also"]), reviewed_by=str(raw.get("reviewed_by", "")),
        reviewed_on=str(raw.get("reviewed_on", "")), detector=str(raw.get("detector", "")),
        file=label, overlay=overlay)


def _region(value: Any, label: str, ident: str,
            problems: list[Problem]) -> dict[str, RegionLine]:
    """``[rule.region.<code>]`` tables, each with its own ``text`` and ``source``."""
    if not isinstance(value, dict):
        problems.append(Problem(label, ident, "region must be a table of regions"))
        return {}
    lines = {}
    for code, line in value.items():
        if not isinstance(line, dict) or set(line) != REGION_KEYS or not all(
                isinstance(v, str) and v.strip() for v in line.values()):
            problems.append(Problem(label, ident, f"region {code!r} needs exactly a text and "
                                    "a source, each a non-empty string"))
            continue
        lines[str(code).lower()] = RegionLine(line["text"], line["source"])
    return lines


def _strings(value: Any, label: str, ident: str, key: str,
             problems: list[Problem]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(label, ident, f"{key} must be a list of strings"))
        return []
    return list(value)
