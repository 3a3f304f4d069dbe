"""Safety rules: load and validate ``glossary/safety.toml`` (and an overlay's)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from plainhealth.errors import GlossaryError
from plainhealth.glossary import Problem, shipped_dir

PATTERN_TIMEOUT = 0.05
"""Seconds one pattern may spend on one sentence; a pattern that backtracks is cut off."""
RULE_KEYS = {"id", "kind", "severity", "patterns", "unless", "note", "source", "status",
             "reviewed_by", "reviewed_on", "examples_match", "examples_no_match", "region",
             "title"}
REQUIRED_RULE_KEYS = {"id", "kind", "severity", "note", "source", "status"}
DEFAULT_REGION = "us"


class Kind(StrEnum):
    CLAIM = "claim"
    SUBSTANCE = "substance"
    GENERAL = "general"


class Severity(StrEnum):
    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"


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
    region: dict[str, str] = field(default_factory=dict)
    title: str = ""
    reviewed_by: str = ""
    reviewed_on: str = ""
    file: str = ""

    def fires_on(self, sentence: str) -> bool:
        """True when a pattern matches ``sentence`` and no ``unless`` guard does."""
        return any(_search(p, sentence) for p in self.patterns) and not any(
            _search(u, sentence) for u in self.unless)

    def text_for(self, region: str) -> str:
        """The note, with the region's help lines for the help-line rule."""
        if not self.region:
            return self.note
        lines = self.region.get(region.lower())
        if lines is None:
            raise GlossaryError(f"no help lines for region {region!r}; "
                                f"choose one of {', '.join(sorted(self.region))}")
        return f"{self.note} {lines}".strip()


def _search(pattern: Any, text: str) -> bool:
    try:
        return pattern.search(text, timeout=PATTERN_TIMEOUT) is not None
    except TimeoutError:
        return False


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]

    @property
    def by_id(self) -> dict[str, Rule]:
        return {rule.id: rule for rule in self.rules}

    def of_kind(self, kind: Kind) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.kind is kind)


def read_rules(overlay: str | Path | None = None) -> tuple[Rules, list[Problem]]:
    """Rules from the shipped safety.toml, then the overlay's (same id replaces)."""
    problems: list[Problem] = []
    rules: dict[str, Rule] = {}
    for folder, name in ((shipped_dir(), "safety.toml"),
                         (Path(overlay) if overlay else None, None)):
        path = folder / "safety.toml" if folder else None
        if path is None or not path.is_file():
            continue
        label = name or str(path)
        for rule in _read_file(path, label, problems):
            rules[rule.id] = rule
    return Rules(tuple(rules.values())), problems


@cache
def load_rules(overlay: str | None = None) -> Rules:
    rules, problems = read_rules(overlay)
    if problems:
        listed = "\n".join(f"  {p}" for p in problems)
        raise GlossaryError(f"the safety rules have {len(problems)} problem(s):\n{listed}")
    return rules


def _read_file(path: Path, label: str, problems: list[Problem]) -> Iterator[Rule]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.append(Problem(label, "-", f"cannot read: {error}"))
        return
    seen: set[str] = set()
    for raw in data.get("rule", []):
        rule = _rule(raw, label, problems)
        if rule is None:
            continue
        if rule.id in seen:
            problems.append(Problem(label, rule.id, "duplicate id"))
            continue
        seen.add(rule.id)
        yield rule


def _rule(raw: Any, label: str, problems: list[Problem]) -> Rule | None:
    import regex

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
    compiled: dict[str, list[Any]] = {"patterns": [], "unless": []}
    for key in compiled:
        for pattern in _strings(raw.get(key, []), label, ident, key, problems):
            try:
                compiled[key].append(regex.compile(pattern, regex.IGNORECASE | regex.V0))
            except regex.error as error:
                problems.append(Problem(label, ident, f"pattern {pattern!r} does not compile: "
                                        f"{error}"))
    examples = {k: _strings(raw.get(k, []), label, ident, k, problems)
                for k in ("examples_match", "examples_no_match")}
    region = raw.get("region", {})
    if not isinstance(region, dict) or not all(isinstance(v, str) for v in region.values()):
        problems.append(Problem(label, ident, "region must be a table of strings"))
    if len(problems) > before:
        return None
    return Rule(
        id=ident, kind=Kind(raw["kind"]), severity=Severity(raw["severity"]),
        note=str(raw["note"]), source=str(raw["source"]), status=str(raw["status"]),
        patterns=tuple(compiled["patterns"]), unless=tuple(compiled["unless"]),
        examples_match=tuple(examples["examples_match"]),
        examples_no_match=tuple(examples["examples_no_match"]),
        region={str(k).lower(): v for k, v in region.items()}, title=str(raw.get("title", "")),
        reviewed_by=str(raw.get("reviewed_by", "")), reviewed_on=str(raw.get("reviewed_on", "")),
        file=label)


def _strings(value: Any, label: str, ident: str, key: str,
             problems: list[Problem]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(Problem(label, ident, f"{key} must be a list of strings"))
        return []
    return list(value)


