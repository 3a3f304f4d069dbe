"""Glossary matching scales with text length, not glossary size.

Times Matcher.find over the text of the samples and the extraction dev pages with the
shipped glossary (baseline) and with a generated 20,000-term glossary (the shipped terms
plus 20,000 made-up one- to three-word phrases, some sharing first words with real text
so the trie is exercised), same run. Also times the text pipeline's annotate step.
"""

from __future__ import annotations

import random
import statistics
import string

from _common import dev_pages, line, median_ms
from plainhealth.errors import PlainhealthError
from plainhealth.explain.glossary import load
from plainhealth.language.matcher import Matcher, _tokens
from plainhealth.source.extract import extract_text

COMMON = ("pain", "chronic", "blood", "heart", "the", "of", "kratom", "opioid", "dose", "sleep")


def made_up_phrases(count: int, seed: int = 7) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    phrases = []
    for i in range(count):
        words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 10)))
                 for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            words[0] = rng.choice(COMMON)  # shares a first word with real text
        phrases.append((" ".join(words), f"made-up-{i}"))
    return phrases


def main() -> None:
    texts = []
    for _name, html in dev_pages():
        try:
            texts.append(extract_text(html))
        except PlainhealthError:
            continue
    shipped = load()
    real = [(form, t.id) for t in shipped.terms for form in t.match]
    small = Matcher(real)
    large = Matcher(real + made_up_phrases(20_000))
    chars = sum(len(t) for t in texts)

    def run(matcher: Matcher) -> float:
        def one_pass() -> None:
            _tokens.cache_clear()  # tokenising is part of matching: don't reuse a pass's work
            for text in texts:
                matcher.find(text)
        return median_ms(one_pass, repeat=5)

    base, big = run(small), run(large)
    print(f"matching: {len(texts)} articles, {chars} characters, median of 5 passes")
    print(line(f"20,000-term glossary ({len(real) + 20_000} forms)", big, "ms",
               f"shipped ({len(real)} forms)", base))
    per_article = statistics.median([len(t) for t in texts])
    print(f"  median article {per_article} characters; "
          f"{base / len(texts):.2f} ms per article with the shipped glossary")


if __name__ == "__main__":
    main()
