"""Accuracy of the syllable fallback for words missing from the CMU dictionary.

Held-out check: 20,000 random dictionary words (fixed seed), each counted by
plainhealth's estimate and by two baselines — Pyphen (what textstat falls back to) and the
``syllables`` package — against the dictionary's own count.
"""

from __future__ import annotations

import random
import re
import time

import pyphen
import syllables as syllables_package

from plainhealth.language.syllables import dictionary, estimate


def main() -> None:
    table = {w: n for w, n in dictionary() if re.fullmatch(r"[a-z]+", w)}
    words = random.Random(1).sample(sorted(table), 20_000)
    hyphenator = pyphen.Pyphen(lang="en_US")
    counters = {
        "plainhealth estimate": estimate,
        "pyphen (textstat's fallback)": lambda w: len(hyphenator.positions(w)) + 1,
        "syllables package": syllables_package.estimate,
    }
    print(f"syllables: {len(words)} CMU words; exact share, mean absolute error, µs/word")
    for name, count in counters.items():
        started = time.perf_counter()
        errors = [abs(count(w) - table[w]) for w in words]
        micros = (time.perf_counter() - started) / len(words) * 1e6
        exact = sum(e == 0 for e in errors) / len(errors)
        print(f"{name:<32} exact {exact:6.1%}   error {sum(errors) / len(errors):.3f}"
              f"   {micros:5.1f} µs")


if __name__ == "__main__":
    main()
