"""The plain-words list: every entry's own examples, the validator that `plainhealth glossary
check` runs, and verb forms (an uncertain form is left as written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from plainhealth.cli import main
from plainhealth.models import Article, Block, BlockKind, Section
from plainhealth.pipeline import glossary_for
from plainhealth.rewrite.check import check
from plainhealth.rewrite.plain_words import load
from plainhealth.rewrite.simplify import Swap, apply_swaps, rewrite_words, simplify

WORDS = load()
EXAMPLES = [(p, before, after) for p in WORDS.phrases for before, after in p.examples]
KEEPS = [(p, sentence) for p in WORDS.phrases for sentence in p.keep]


def test_the_list_is_large_and_every_entry_has_an_example() -> None:
    assert len(WORDS.phrases) >= 150
    assert all(p.examples for p in WORDS.phrases)


@pytest.mark.parametrize(("phrase", "before", "after"), EXAMPLES,
                         ids=[f"{p.id}-{i}" for i, (p, _, _) in enumerate(EXAMPLES)])
def test_each_entry_gives_its_example(phrase: object, before: str, after: str) -> None:
    assert rewrite_words(before, phrase)[0] == after  # type: ignore[arg-type]


@pytest.mark.parametrize(("phrase", "sentence"), KEEPS,
                         ids=[f"{p.id}-{i}" for i, (p, _) in enumerate(KEEPS)])
def test_each_entry_leaves_its_counter_examples(phrase: object, sentence: str) -> None:
    assert rewrite_words(sentence, phrase)[0] == sentence  # type: ignore[arg-type]


def test_shipped_list_passes_its_own_check() -> None:
    assert [str(p) for p in check()] == []


BAD = '''
[[phrase]]
id = "Bad_Id"
match = ["utilise"]
plain = "use"
pos = "verb"
examples = [["Utilise the cane.", "Use the cane."]]

[[phrase]]
id = "twice"
match = ["prior to"]
plain = "before"
pos = "phrase"
examples = [["Eat prior to the test.", "Eat before the test."]]

[[phrase]]
id = "twice"
match = ["in order to"]
plain = "to"
pos = "phrase"
examples = [["Rest in order to heal.", "Rest so you heal."]]

[[phrase]]
id = "not-less-than"
match = ["not less than"]
plain = "at least"
pos = "phrase"
examples = [["Take not less than 2 tablets.", "Take at least 2 tablets."]]

[[phrase]]
id = "no-example"
match = ["whilst"]
plain = "while"
pos = "phrase"
colour = "red"

[[phrase]]
id = "greedy"
match = ["regarding"]
plain = "about"
pos = "phrase"
examples = [["Ask regarding costs.", "Ask about costs."]]
keep = ["The effect regarding pain was small."]
'''


def test_validator_reports_every_kind_of_problem(tmp_path: Path) -> None:
    path = tmp_path / "plain-words.toml"
    path.write_text(BAD)
    problems = {(p.id, p.message.split(" (")[0].split(":")[0]) for p in check(path)}
    messages = " | ".join(str(p) for p in check(path))
    assert ("Bad_Id", "id must be lowercase letters, digits and single hyphens") in problems
    assert ("twice", "id is used by more than one entry") in problems
    assert "gives 'Rest to heal.', not 'Rest so you heal.'" in messages
    # An entry the invariants always refuse can never apply: the check says so.
    assert "not-less-than" in messages and "refused: a negation would change" in messages
    assert ("no-example", "unknown key 'colour'") in problems
    assert ("no-example", "needs at least one example") in problems
    assert "changes 'The effect regarding pain was small.'" in messages


def test_glossary_check_validates_an_overlays_plain_words(tmp_path: Path) -> None:
    (tmp_path / "plain-words.toml").write_text(BAD)
    result = CliRunner().invoke(main, ["glossary", "check", str(tmp_path)])
    assert result.exit_code != 0
    assert "plain-words.toml:not-less-than:" in result.output


def rewrite(text: str) -> str:
    article = Article("t", "en", (Section("", 0, (Block(BlockKind.PARAGRAPH, text),)),))
    done = simplify(article, glossary_for(None), WORDS, 0.0)
    return done.article.sections[0].blocks[0].text


@pytest.mark.parametrize(("before", "after"), [
    ("A physiotherapist can assess your joints.", "A physiotherapist can check your joints."),
    ("Doctors assess your joints every year.", "Doctors check your joints every year."),
    ("Some people possess a monitor.", "Some people have a monitor."),
    ("The law has prohibited the sale.", "The law has banned the sale."),
    ("Children who ingested batteries were seen.", "Children who swallowed batteries were seen."),
    ("It deteriorated overnight.", "It got worse overnight."),
    ("They adhered to the plan.", "They stuck to the plan."),
    ("They comprehended the risks.", "They understood the risks."),
    ("The medicines administered by the hospital were free.",
     "The medicines given by the hospital were free."),
    ("The study demonstrated a benefit.", "The study showed a benefit."),
    ("A benefit was demonstrated in both trials.", "A benefit was shown in both trials."),
    ("She is utilizing it now.", "She is using it now."),
])
def test_verb_forms(before: str, after: str) -> None:
    assert rewrite(before) == after


@pytest.mark.parametrize("sentence", [
    "The dose administered in hospital was small.",  # participle or past tense?
    # After its noun with nothing following, "evaluated" → "looked at" would read as the
    # children looking.
    "Sealants prevented more tooth decay (2 studies; 358 children evaluated).",
    # A time after the number, not an object: "the tablet gave one week before" is wrong.
    "One trial looked at the tablet administered one week before the operation.",
    "Keep your purchase receipt.",  # a noun
    "Check the date before purchase.",
    "Stress is a facilitating factor in back pain.",  # an adjective
    "Rates were lower in the hand assisted group.",
])
def test_uncertain_verb_forms_are_left_alone(sentence: str) -> None:
    assert rewrite(sentence) == sentence


def test_overlapping_swaps_apply_once() -> None:
    log: list[str] = []

    def accept(rule: str, current: str, candidate: str) -> str:
        log.append(rule)
        return candidate

    swaps = [Swap("first", 0, 5, "one"), Swap("second", 3, 9, "two")]
    assert apply_swaps("alpha beta gamma", swaps, accept) == "one beta gamma"
    assert log == ["first"]


def test_lexicon_answers_as_lemminflect_does() -> None:
    """plainhealth reads lemminflect's lexicon itself, a word at a time (start-up 0.4 s
    faster); every answer must be lemminflect's own. Every 5th word of both files, every
    override, and words whose entries merge several lines."""
    import gzip

    from lemminflect import getAllLemmas, getInflection  # type: ignore[import-untyped]

    from plainhealth.language import lexicon

    resources = lexicon._resources()
    words: set[str] = {"'d", "can", "will", "giving", "given", "saw", "leaves", "data",
                       "aaron", "analyses", "bankroll", "bless", "all", "zzz-not-a-word"}
    for name in ("lemma_lu.csv.gz", "infl_lu.csv.gz"):
        lines = gzip.decompress((resources / name).read_bytes()).decode().splitlines()
        words |= {line.split(",", 1)[0].lower() for line in lines[::5]}
    for name in ("lemma_overrides.csv", "infl_overrides.csv"):
        words |= {line.split(",", 1)[0] for line in (resources / name).read_text().splitlines()
                  if line.strip() and not line.startswith("#")}
    assert len(words) > 20_000
    for word in sorted(words):
        assert lexicon.lemmas(word) == getAllLemmas(word), word
        forms = lexicon.verb_forms(word)
        for tag in lexicon.VERB_TAGS:
            theirs = getInflection(word, tag, inflect_oov=False)
            assert forms.get(tag, "") == (theirs[0].lower() if theirs else ""), (word, tag)
