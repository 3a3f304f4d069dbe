"""An independent grammar check of the rewrites ``rewrite_pages.py --dump FILE`` wrote.

The checker is the Link Grammar parser (Carnegie Mellon University; Debian packages
``link-grammar`` and ``python3-link-grammar``, LGPL 2.1, run offline, used here only as a
measuring tool, never by plainhealth itself). No LanguageTool build installs offline from
PyPI, npm or Debian. A sentence the parser cannot link without dropping a word counts as a
grammar error; an error is "introduced" by a rewrite when the rewrite has more such sentences
than the text it replaced. Run with the system Python, which has the bindings:

    /usr/bin/python3 bench/grammar_check.py /tmp/changes.jsonl

``--show``: print each rewrite with an introduced error.
``--sample N FILE`` (``--seed S``, default 17): N random rewrites with the rule hidden, for
a blind reading.

Study figures moved into an aside of their own ("(For falls: RR 0.91, 95% CI ….)") are
figures, not prose: a sentence wholly in brackets is not parsed (the same figures were not
parsed as a sentence in the original either). Results are given per set of the dump.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

_SENTENCE = re.compile(r"(?:[^.!?]|[.!?]+(?![)\"”’]*(?:\s|$)))+(?:[.!?]+[)\"”’]*(?=\s|$)|$)")


def sentences(text: str) -> list[str]:
    found = [s.strip() for s in _SENTENCE.findall(text) if len(s.split()) >= 3]
    return [s for s in found if not (s.startswith("(") and s.endswith(")"))]


def main() -> None:
    args = sys.argv[1:]
    if not args:  # `make bench` runs every script: this one needs a dump and the bindings
        print("grammar_check: give a dump from `rewrite_pages.py --dump FILE` (run with the "
              "system Python, which has the Link Grammar bindings); nothing to check")
        return
    lines = Path(args[-1]).read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    if args[0] == "--sample":
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 17
        chosen = random.Random(seed).sample(rows, min(int(args[1]), len(rows)))
        for index, row in enumerate(chosen, 1):
            print(f"{index:3d} BEFORE {row['before']}\n    AFTER  {row['after']}\n")
        return
    import linkgrammar as lg  # the system package's bindings

    dictionary = lg.Dictionary("en")
    options = lg.ParseOptions(min_null_count=0, max_null_count=0, max_parse_time=3)

    def errors(text: str) -> int:
        return sum(len(lg.Sentence(s, dictionary, options).parse()) == 0
                   for s in sentences(text))

    for kind in sorted({row.get("set", "") for row in rows}):
        chosen = [row for row in rows if row.get("set", "") == kind]
        introduced = 0
        by_rule: dict[str, list[int]] = {}
        for row in chosen:
            extra = max(0, errors(row["after"]) - errors(row["before"]))
            introduced += extra > 0
            if extra and "--show" in args:
                print(f"[{row['rule']}]\n  {row['before']}\n  {row['after']}")
            family = row["rule"].split("/")[0]
            by_rule.setdefault(family, [0, 0])
            by_rule[family][0] += 1
            by_rule[family][1] += extra > 0
        print(f"{kind or 'all'}: {len(chosen)} rewrites; {introduced} with a grammar error the "
              f"original did not have: {introduced / max(1, len(chosen)) * 100:.1f} per 100")
        for family, (count, bad) in sorted(by_rule.items(), key=lambda kv: -kv[1][0]):
            print(f"  {family:<28} {count:5d} rewrites, {bad:4d} introduced errors")


if __name__ == "__main__":
    main()
