"""`plainhealth glossary check`: every data file the conversions read (glossary entries and
sources, safety rules, plain words), shipped and overlay, with every problem reported at once."""

from __future__ import annotations

from pathlib import Path

from plainhealth.explain.check import conflicts, source_problems, term_problems
from plainhealth.explain.glossary import Problem, read
from plainhealth.rewrite.check import check_files as check_plain_words
from plainhealth.safety.check import check_rules
from plainhealth.safety.rules import read_rules


def check(overlay: str | Path | None = None) -> list[Problem]:
    """Every problem in the shipped data plus ``overlay``, in file order."""
    glossary, problems = read(overlay)
    rules, rule_problems = read_rules(overlay)
    problems += conflicts(glossary) + rule_problems
    problems += term_problems(glossary, set(rules.by_id)) + check_rules(rules, glossary)
    cited = frozenset({r.source for r in rules.rules}
                      | {line.source for r in rules.rules for line in r.region.values()})
    return problems + source_problems(glossary, cited) + check_plain_words(overlay)
