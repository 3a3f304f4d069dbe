"""Word frequencies: wordfreq's English list read directly must answer as wordfreq does."""

from __future__ import annotations

import random

from plainhealth.language.frequency import zipf


def test_every_listed_word_gets_wordfreqs_zipf_value() -> None:
    """All 321,000 words of the list, read without importing wordfreq, then wordfreq."""
    from wordfreq import iter_wordlist, zipf_frequency

    wrong = [(w, zipf(w), zipf_frequency(w, "en")) for w in iter_wordlist("en")
             if zipf(w) != zipf_frequency(w, "en")]
    assert wrong == []


def test_unlisted_and_unusual_words_get_wordfreqs_value() -> None:
    """Missing words (floor 0), elisions that wordfreq splits ("l'amour"), hyphens, stray
    apostrophes, digits, capitals, accents, curly apostrophes, and random strings of those:
    the same value as wordfreq's."""
    from wordfreq import zipf_frequency

    rng = random.Random(7)
    words = ["kratom", "mitragynine", "qwzx", "it's", "it'", "don't", "don’t", "l'amour",
             "qu'il", "ab'ab'ab", "l'l'a", "ma'am", "o'brien", "rock'n'roll", "bpa-free",
             "a--b", "-x-", "covid-19", "COVID19", "pm2", "1990s", "café", "Dopamine", "HIV",
             "msci’s", "a", "", "'", "-", "1" * 310, "AB" + "1" * 400, "a" + "1" * 400,
             "12345", "x7", "ab12cd",
             *("".join(rng.choice("abehiosuy'-") for _ in range(rng.randint(1, 9)))
               for _ in range(30_000)),
             *("".join(rng.choice("abeiosAB12'’-é ") for _ in range(rng.randint(1, 9)))
               for _ in range(3_000))]
    assert [zipf(w) for w in words] == [zipf_frequency(w, "en") for w in words]
    assert zipf("kratom") < 3 < zipf("dopamine") < zipf("pain")


def test_reading_the_list_does_not_import_wordfreq() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom plainhealth.language.frequency import zipf\n"
            "assert zipf('pain') > 4\nassert 'wordfreq' not in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
