"""The checks every safety rule must pass (part of `plainhealth glossary check`)."""

from __future__ import annotations

from collections.abc import Iterator

from plainhealth.explain.check import (
    HELP_LINE_HOSTS,
    ID,
    TRUSTED_HOSTS,
    grade_problems,
    status_problems,
    url_problems,
)
from plainhealth.explain.glossary import Glossary, Problem
from plainhealth.safety.rules import Kind, Rule, Rules, example_problems


def check_rules(rules: Rules, glossary: Glossary) -> list[Problem]:
    """Every problem with the safety rules: ids, grade, sources, status, examples, links."""
    return [Problem(rule.file, rule.id, message)
            for rule in rules.rules for message in _problems(rule, glossary, rules)]


def _problems(rule: Rule, glossary: Glossary, rules: Rules) -> Iterator[str]:
    if not ID.fullmatch(rule.id):
        yield "id must be lowercase letters, digits and single hyphens"
    yield from grade_problems("'note'", rule.note)
    yield from grade_problems("'point'", rule.point)
    yield from url_problems(rule.source, glossary)
    yield from status_problems(rule)
    yield from example_problems(rule)
    for code, line in sorted(rule.region.items()):
        yield from grade_problems(f"region {code!r} text", line.text)
        yield from url_problems(line.source, glossary, TRUSTED_HOSTS + HELP_LINE_HOSTS)
    by_id = rules.by_id
    for other in rule.also:
        if other not in by_id:
            yield f"'also' names {other!r}, which is not a safety rule"
        elif by_id[other].kind is not Kind.GENERAL:
            yield f"'also' names {other!r}, which is not a general rule"
    if rule.concern and not ID.fullmatch(rule.concern):
        yield "concern must be lowercase letters, digits and single hyphens"
