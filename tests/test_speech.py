"""Audio with a fake engine: the script, normalisation, hints, timing, captions, files."""

from __future__ import annotations

import array
import re
import sys
import threading
import wave
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path

import pytest

from plainhealth.errors import OutputError, PlainhealthError
from plainhealth.models import (
    Addition,
    AdditionKind,
    Article,
    Block,
    BlockKind,
    KeyPoint,
    Note,
    NotePosition,
    Readability,
    Result,
    Scores,
    Section,
    TermUse,
)
from plainhealth.speech import (
    AudioInfo,
    Pauses,
    SpeechError,
    SpeechOptions,
    check_plausible,
    encode,
    spoken_text,
    synthesize,
    try_synthesize,
)
from plainhealth.speech import engines as engine_list
from plainhealth.speech.base import EngineMissingError, Voice, closest_voice, word_samples
from plainhealth.speech.captions import phrases, shown_words, split_cue, timestamp, webvtt
from plainhealth.speech.engines import choose
from plainhealth.speech.hints import (
    Hint,
    PhonemeStyle,
    apply,
    hints_from_terms,
    phonemes,
    respell,
    respell_renderer,
)
from plainhealth.speech.normalize import normalize, number_words, year_words
from plainhealth.speech.script import Line, LineKind, Mark, Pause, build, legend
from plainhealth.speech.timeline import Cue, speak, trim

RATE = 8000
WORD = 0.1  # seconds of "voice" per word
EDGE = 0.05  # seconds of silence the fake engine leaves around each utterance


class FakeSynth:
    def __init__(self, words: float = WORD, silent: bool = False,
                 fail_at: int | None = None, failure: BaseException | None = None) -> None:
        self.said: list[str] = []
        self.words = words
        self.silent = silent
        self.fail_at = fail_at  # ``failure`` is raised at this utterance (counting from 0)
        self.failure = failure or SpeechError("the engine stopped")
        self.starts: tuple[int, ...] = ()

    @property
    def sample_rate(self) -> int:
        return RATE

    @property
    def voice(self) -> str:
        return "fake-voice"

    def say(self, text: str, hints: Sequence[Hint]) -> bytes:
        if len(self.said) == self.fail_at:
            raise self.failure
        spoken = apply(text, hints, respell_renderer)
        self.said.append(spoken)
        edge = bytes(2 * round(EDGE * RATE))
        n = round(len(spoken.split()) * self.words * RATE)
        voice = array.array("h", [0 if self.silent else (4000 if i % 2 else -4000)
                                  for i in range(n)])
        # each word of the text as asked (hints respelled may add words) gets its share
        asked = len(text.split())
        self.starts = tuple(len(edge) // 2 + n * i // asked for i in range(asked))
        return edge + voice.tobytes() + edge

    def word_starts(self) -> tuple[int, ...]:
        return self.starts

    def close(self) -> None:
        pass


class FakeEngine:
    def __init__(self, synth: FakeSynth | None = None, problem: str | None = None,
                 name: str = "fake", voice: str = "fake-voice", language: str = "en") -> None:
        self.synth = synth or FakeSynth()
        self.problem = problem
        self.name = name
        self.voice = voice
        self.language = language

    def missing(self) -> str | None:
        return self.problem

    def voices(self) -> tuple[Voice, ...]:
        return (Voice(self.name, self.voice, "Fake", self.language, True),)

    def voice_for(self, language: str) -> str | None:
        return closest_voice(self.voices(), language)

    def owns(self, voice: str) -> bool:
        return voice == self.voice

    def start(self, voice: str | None, rate: int) -> FakeSynth:
        self.asked = voice
        return self.synth


def _scores() -> Readability:
    return Readability(Scores(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0, 0, 0, 0.0, 0.0), ())


def _explain(ref: str, label: str, text: str, after: int) -> Addition:
    return Addition(AdditionKind.EXPLANATION, ref, label, text, "https://example.org", after)


def make_result() -> Result:
    intro = Block(BlockKind.PARAGRAPH, "Kratom is a plant. Take 2–3 mg a day.", additions=(
        _explain("kratom", "Kratom", "Kratom is a plant from Southeast Asia.", 18),))
    again = Block(BlockKind.PARAGRAPH, "Kratom binds to opioid receptors.", additions=(
        _explain("kratom", "Kratom", "Said twice, explained once.", 33),
        Addition(AdditionKind.NOTE, "opioid-use", "opioid-use", "Talk to a doctor first.",
                 "https://example.org", 33)))
    steps = (Block(BlockKind.LIST_ITEM, "Rest.", 0, True),
             Block(BlockKind.LIST_ITEM, "Drink water.", 0, True))
    bp = Block(BlockKind.PARAGRAPH, "Aim for 130/80 mm Hg, e.g. with Dr. Lee.")
    plain = Article("Kratom and pain", "en", (
        Section("", 0, (intro,)),
        Section("How it works", 2, (again, *steps)),
        Section("Blood pressure", 2, (bp,)),
    ))
    note = Note("general", "general", "info", "This is not medical advice.", "src", "ok",
                NotePosition.END, -1, -1, "", 0)
    point = KeyPoint("opioid-use", "opioid-use", "warning", "Opioids can be risky.",
                     "https://example.org")
    terms = (TermUse("kratom", ("Kratom",), 2, "x", "src", "ok", say="KRAT-um"),
             TermUse("opioid-receptor", ("opioid receptors",), 1, "x", "src", "ok",
                     say="OH-pee-oyd ree-SEP-ter"))
    return Result("test", plain, plain, _scores(), _scores(), "test", terms=terms,
                  notes=(note,), key_points=(point,))


# --- the script ---------------------------------------------------------------------

def _shown(items: Sequence[object]) -> list[str]:
    return [i.show for i in items if isinstance(i, Line)]


def test_script_order_labels_and_first_use_only() -> None:
    script = build(make_result())
    assert _shown(script.items) == [
        "Kratom and pain.",
        "plainhealth added the key safety points, the words to know and the safety notes.",
        "Key safety points.",
        "Opioids can be risky.",
        "Kratom is a plant.",
        "A word to know: Kratom.",
        "Kratom is a plant from Southeast Asia.",
        "Take 2–3 mg a day.",
        "Section: How it works.",
        "Kratom binds to opioid receptors.",
        "Safety note: Talk to a doctor first.",
        "1. Rest.",
        "2. Drink water.",
        "Section: Blood pressure.",
        "Aim for 130/80 mm Hg, e.g. with Dr. Lee.",
        "This is not medical advice.",
    ]
    assert "Said twice" not in script.text()


def test_script_kinds_and_normalised_speech() -> None:
    lines = build(make_result()).lines()
    assert lines[0].kind is LineKind.TITLE
    assert lines[1].kind is LineKind.NOTE and lines[1].say.startswith("plain health added")
    assert lines[2].kind is lines[3].kind is LineKind.NOTE
    assert lines[5].kind is LineKind.EXPLANATION
    assert lines[8].kind is LineKind.HEADING
    assert lines[7].say == "Take two to three milligrams a day."
    assert lines[-2].say == ("Aim for one hundred thirty over eighty millimeters of mercury, "
                             "for example, with Doctor Lee.")


def test_headings_are_chapters_after_a_section_pause() -> None:
    items = build(make_result(), Pauses(sentence=0.2, paragraph=0.7, section=2.0)).items
    assert isinstance(items[0], Mark) and items[0].title == "Kratom and pain"
    for i, item in enumerate(items):
        if isinstance(item, Mark) and i:
            assert items[i - 1] == Pause(2.0)
            line = items[i + 1]
            assert isinstance(line, Line) and line.kind is LineKind.HEADING
    assert [m.title for m in build(make_result()).marks()] == [
        "Kratom and pain", "How it works", "Blood pressure"]


def test_pauses_between_sentences_paragraphs_sections() -> None:
    pauses = Pauses(sentence=0.25, paragraph=0.8, section=1.9)
    items = build(make_result(), pauses).items
    seconds = [i.seconds for i in items if isinstance(i, Pause)]
    assert set(seconds) == {0.25, 0.8, 1.9}
    assert seconds.count(1.9) == 3  # two headings, and the general note said last
    assert not isinstance(items[-1], Pause)
    assert all(not (isinstance(a, Pause) and isinstance(b, Pause))
               for a, b in pairwise(items))
    assert all(not (isinstance(a, Line) and isinstance(b, Line))
               for a, b in pairwise(items))


def test_no_title_no_empty_chapter_and_no_leading_silence() -> None:
    from dataclasses import replace

    result = make_result()
    sections = tuple(replace(s, blocks=tuple(replace(b, additions=()) for b in s.blocks))
                     for s in result.plain.sections[1:])
    plain = replace(result.plain, title="", sections=sections)
    items = build(replace(result, plain=plain, notes=(), terms=(), key_points=())).items
    assert items[0] == Mark("How it works")
    assert isinstance(items[1], Line) and items[1].kind is LineKind.HEADING


def test_text_with_nothing_to_say_is_left_out_not_an_error(tmp_path: Path) -> None:
    """A page's "___" or "* * *" divider is no utterance: an engine makes no sound for it,
    which would fail the whole article's audio."""
    from dataclasses import replace

    result = make_result()
    dividers = tuple(Block(BlockKind.PARAGRAPH, text) for text in ("___", "* * *", "—"))
    first = result.plain.sections[0]
    sections = (replace(first, blocks=first.blocks + dividers), *result.plain.sections[1:])
    result = replace(result, plain=replace(result.plain, sections=sections))
    assert _shown(build(result).items) == _shown(build(make_result()).items)
    info = synthesize(result, tmp_path, "a", SpeechOptions(formats=("wav",)), FakeEngine())
    assert info.duration > 0


def test_the_legend_is_said_only_when_something_was_added() -> None:
    """The legend after the title names only what the listener will hear of ours: no
    legend with nothing added, "the key safety points" when only they were added."""
    from dataclasses import replace

    result = make_result()
    full = legend(result)
    assert full == ("plainhealth added the key safety points, the words to know and the "
                    "safety notes.")
    assert full in _shown(build(result).items)
    sections = tuple(replace(s, blocks=tuple(replace(b, additions=()) for b in s.blocks))
                     for s in result.plain.sections)
    bare = replace(result, plain=replace(result.plain, sections=sections), key_points=())
    assert legend(bare) is None
    assert not any(text.startswith("plainhealth added") for text in _shown(build(bare).items))
    points_only = replace(bare, key_points=result.key_points)
    assert legend(points_only) == "plainhealth added the key safety points."
    assert "plainhealth added the key safety points." in _shown(build(points_only).items)


def test_our_name_is_said_as_two_words() -> None:
    assert normalize("Safety note, added by plainhealth: rest.") == \
        "Safety note, added by plain health: rest."


def test_spoken_text_is_one_utterance_a_line() -> None:
    text = spoken_text(make_result())
    assert text.splitlines()[0] == "Kratom and pain."
    assert "A word to know: Kratom." in text.splitlines()


# --- normalisation ------------------------------------------------------------------

@pytest.mark.parametrize(("written", "spoken"), [
    ("Take 5 mg.", "Take five milligrams."),
    ("Take 1 mg.", "Take one milligram."),
    ("2–3 times a week", "two to three times a week"),
    ("130/80 mm Hg", "one hundred thirty over eighty millimeters of mercury"),
    ("below 130/80 mmHg.", "below one hundred thirty over eighty millimeters of mercury."),
    ("Pain relievers (e.g., ibuprofen)", "Pain relievers (for example, ibuprofen)"),
    ("the pressure, i.e., the force", "the pressure, that is, the force"),
    ("says Dr. Patel", "says Doctor Patel"),
    ("less than 0.3% THC", "less than zero point three percent THC"),
    ("save 25%.", "save twenty-five percent."),
    ("around 32 °C ± 2 °C", "around thirty-two degrees Celsius plus or minus two degrees "
                           "Celsius"),
    ("Aim for less than 2,300 mg of sodium", "Aim for less than two thousand three hundred "
                                            "milligrams of sodium"),
    ("(1.5 grams)", "(one point five grams)"),
    ("10 to 15 µg (400 to 600 units)", "ten to fifteen micrograms (four hundred to six "
                                       "hundred units)"),
    ("Call 911.", "Call nine one one."),
    ("call or text 988", "call or text nine eight eight"),
    ("1-800-662-4357", "one, eight zero zero, six six two, four three five seven"),
    ("at 3 a.m. again", "at three a m again"),
    ("in the U.S. today", "in the U S today"),
    ("In the US, ask us", "In the U S, ask us"),
    ("the 2nd dose", "the second dose"),
    ("in 1998", "in nineteen ninety-eight"),
    ("age 65+", "age sixty-five or more"),
    ("a 24-hour clock", "a twenty-four-hour clock"),
    ("BP > 140", "BP more than one hundred forty"),
    ("Eat well, walk daily", "Eat well, walk daily"),
    # a proportion, never inches
    ("1 in 3 adults", "one in three adults"),
    ("About 8 in 10 people", "About eight in ten people"),
    # the unit is plural after a range, singular for one alone
    ("Take 0.5–1 mg daily", "Take zero point five to one milligrams daily"),
    ("1 or 2 mg", "one or two milligrams"),
    ("up to 1 mg", "up to one milligram"),
    # "per" for every unit after a slash
    ("5 mg/kg/day", "five milligrams per kilogram per day"),
    ("50 mcg/day", "fifty micrograms per day"),
    ("1 mg/kg", "one milligram per kilogram"),
    ("126 mg/dL", "one hundred twenty-six milligrams per deciliter"),
    ("5.6 mmol/L", "five point six millimoles per liter"),
    ("2 tablets/day", "two tablets per day"),
    # a range with the unit on both ends
    ("10%–20% of people", "ten to twenty percent of people"),
    ("2 mg - 3 mg", "two to three milligrams"),
    # a minus sign is said; a hyphen is not one
    ("MD -1.09 mmol/L (95% CI -1.30 to -0.87)", "MD minus one point zero nine millimoles per "
     "liter (ninety-five percent CI minus one point three zero to minus zero point eight seven)"),
    ("Store at -20 °C; a T-score of −2.5", "Store at minus twenty degrees Celsius; a T-score of "
                                          "minus two point five"),
    ("COVID-19 and ICD-10", "COVID-nineteen and ICD-ten"),
    # a comma after a number stays a pause; one that cannot group thousands is said
    ("NNTB 17, 95% CI", "NNTB seventeen, ninety-five percent CI"),
    ("November 18, 2019", "November eighteen, twenty nineteen"),
    ("CI 0.61 to 1,14", "CI zero point six one to one comma fourteen"),
    ("10,000,000 people", "ten million people"),
    # numbers people call, digit by digit
    ("Call 9-1-1 now.", "Call nine one one now."),
    ("Call your doctor or 911.", "Call your doctor or nine one one."),
    ("call Poison Control at 1-800-222-1222 or 911.", "call Poison Control at one, eight zero "
     "zero, two two two, one two two two or nine one one."),
    ("988 Suicide & Crisis Lifeline", "nine eight eight Suicide and Crisis Lifeline"),
    ("1-800-662-HELP (4357)", "one, eight zero zero, six six two, help, four three five seven"),
    ("1-800-QUIT-NOW", "one, eight zero zero, quit, now"),
    ("Text HOME to 741741", "Text HOME to seven four one seven four one"),
    ("ring 0800 1111 or NHS 111", "ring zero eight zero zero, one one one one or NHS one one one"),
    ("911 participants", "nine hundred eleven participants"),
    # decimals without a zero, fractions, powers
    ("P < .05", "P less than zero point zero five"),
    ("p<.001", "p less than zero point zero zero one"),
    ("1 1/2 cups, 1½ cups, ½–1 tablet", "one and a half cups, one and a half cups, one half "
                                        "to one tablet"),
    ("grade 3/4 events", "grade three slash four events"),
    ("up to a ½ hour", "up to a half hour"),
    ("4.0 × 10⁹/L", "four point zero times ten to the power of nine per liter"),
    # names with numerals
    ("CD4+ cells, HER2+ cancer, type O+", "CD4 positive cells, HER2 positive cancer, type O "
                                          "positive"),
    ("ASCUS+ threshold", "ASCUS+ threshold"),
    ("IV fluids; stages III and IV; Type II; DSM-IV", "I V fluids; stages three and four; "
                                                       "Type two; DSM four"),
    # counts are not years; years, decades, dates and times are said as such
    ("1203 participants in 2019", "one thousand two hundred three participants in twenty "
                                  "nineteen"),
    ("In 2019 researchers found", "In twenty nineteen researchers found"),
    ("in the 1990s", "in the nineteen nineties"),
    ("Reviewed 11/18/2019", "Reviewed eleven slash eighteen slash twenty nineteen"),
    ("at 10:05, 4:30 a.m. or 8:00", "at ten oh five, four thirty a m or eight o'clock"),
    ("a 1:1 ratio", "a one to one ratio"),
    # money, kitchen measures, temperatures, abbreviations
    ("$5, $4.99, $1 and £10", "five dollars, four dollars and ninety-nine cents, one dollar "
                              "and ten pounds"),
    ("$8.8 billion", "eight point eight billion dollars"),
    ("2 tsp or 1 Tbsp", "two teaspoons or one tablespoon"),
    ("38°C/100.4°F", "thirty-eight degrees Celsius (one hundred point four degrees Fahrenheit)"),
    ("home vs hospital, Nov. 5", "home versus hospital, November five"),
    # what a second review found: none of these may change
    ("factor VIII, type VI, stage IIIB or IV, NYHA IV", "factor eight, type six, stage three B "
                                                         "or four, NYHA four"),
    ("At this stage I felt better", "At this stage I felt better"),
    ("$40-50 billion, $5–10 a month", "forty to fifty billion dollars, five to ten dollars a "
                                      "month"),
    ("We contacted 111 patients; call back in 111 days", "We contacted one hundred eleven "
     "patients; call back in one hundred eleven days"),
    ("There were 999 emergency admissions", "There were nine hundred ninety-nine emergency "
                                            "admissions"),
    ("TAKE 100 MCG TABLETS", "TAKE one hundred MCG TABLETS"),
    ("in 2019¹ and 1,200² cases; I² = 15%", "in twenty nineteen and one thousand two hundred "
                                           "cases; I squared = fifteen percent"),
    ("open 8:00-17:00; a 1:20 dilution", "open eight o'clock to seventeen hundred; a one to "
                                         "twenty dilution"),
    ("1998 was a bad year; 1924 elderly participants", "nineteen ninety-eight was a bad year; "
     "one thousand nine hundred twenty-four elderly participants"),
    ("2−3 tablets; 95%CI -19,-7; (MD - 7.70", "two to three tablets; ninety-five percent CI "
     "minus nineteen,minus seven; (MD minus seven point seven zero"),
    ("HER2- and ER-/PR- cancer, blood type O-", "HER2 negative and ER negative/PR negative "
                                                "cancer, blood type O negative"),
    ("Call 0800 1111.", "Call zero eight zero zero, one one one one."),
    ("BMI 30 kg/m²", "BMI thirty kilograms per square meter"),
])
def test_normalize(written: str, spoken: str) -> None:
    assert normalize(written) == spoken


def test_number_and_year_words() -> None:
    assert number_words(0) == "zero"
    assert number_words(21) == "twenty-one"
    assert number_words(1_000_005) == "one million five"
    assert year_words(2024) == "twenty twenty-four"
    assert year_words(2005) == "two thousand five"
    assert year_words(1905) == "nineteen oh five"


# --- pronunciation hints ------------------------------------------------------------

def test_hints_align_word_by_word_and_refuse_a_wrong_form() -> None:
    terms = [TermUse("opioid-receptor", (), 1, "", "", "", say="OH-pee-oyd ree-SEP-ter"),
             TermUse("cognitive-impairment", (), 1, "", "", "", say="KOG-nih-tiv"),
             TermUse("urination", (), 1, "", "", "", say="YUR-ih-nayt"),
             TermUse("kratom", (), 1, "", "", "", say="")]
    assert hints_from_terms(terms) == (Hint("opioid", "OH-pee-oyd"),
                                       Hint("receptor", "ree-SEP-ter"),
                                       Hint("cognitive", "KOG-nih-tiv"))


def test_a_respelling_of_one_word_of_a_term_goes_to_that_word() -> None:
    """Shipped entries respell only the hard word: never put it on another word that
    happens to have as many syllables ("multiple" said as "sclerosis")."""
    terms = [TermUse("multiple-sclerosis", (), 1, "", "", "", say="skluh-ROH-sis"),
             TermUse("blood-glucose", (), 1, "", "", "", say="GLOO-kohs"),
             TermUse("st-johns-wort", (), 1, "", "", "", say="saynt JONZ wert"),
             TermUse("circadian-rhythm", (), 1, "", "", "", say="sur-KAY-dee-un"),
             TermUse("pneumonia", (), 1, "", "", "", say="noo-MOHN-yuh")]
    assert hints_from_terms(terms) == (Hint("sclerosis", "skluh-ROH-sis"),
                                       Hint("glucose", "GLOO-kohs"),
                                       Hint("johns", "JONZ"), Hint("wort", "wert"),
                                       Hint("circadian", "sur-KAY-dee-un"),
                                       Hint("pneumonia", "noo-MOHN-yuh"))


def test_apply_hints_keeps_plurals_and_possessives() -> None:
    hints = [Hint("kratom", "KRAT-um"), Hint("receptor", "ree-SEP-ter")]
    text = "Kratom's effect on receptors; kratomite stays."
    assert apply(text, hints, respell_renderer) == (
        "krat ums effect on ree sep ters; kratomite stays.")
    assert respell("mit-ruh-GUY-nuh") == "mit ruh guy nuh"


def test_phonemes_put_the_hint_stress_back() -> None:
    style = PhonemeStyle("'", ",", (("V", "@"),), "z", (("uh", "@"),), r"aI|[aeiouIV@]")
    table = {"krat": "kr'at", "um": "'Vm", "mit": "m'It", "guy": "g'aI", "nuh": "n'V",
             "byoo": "b'aIu"}
    # the stress mark goes before the stressed vowel, as the engines write it
    assert phonemes("KRAT-um", table.__getitem__, style) == "kr'at@m"
    assert phonemes("mit-uh-GUY-nuh", table.__getitem__, style) == "mIt@g'aIn@"
    assert phonemes("byoo", table.__getitem__, style) is None


# --- timing, chapters, captions -----------------------------------------------------

def test_trim_keeps_the_voice_and_a_margin() -> None:
    pcm = bytes(800) + array.array("h", [3000, -3000] * 100).tobytes() + bytes(800)
    trimmed = trim(pcm, RATE)
    assert len(trimmed) == 2 * (200 + 2 * 80)
    assert trim(bytes(1000), RATE) == b""


def test_timeline_chapters_start_at_their_heading() -> None:
    script = build(make_result())
    timeline = speak(script, FakeSynth())
    cues = {c.text: c for c in timeline.cues}
    assert [c.title for c in timeline.chapters] == [m.title for m in script.marks()]
    assert timeline.chapters[0].start == 0
    assert timeline.chapters[1].start == cues["Section: How it works."].start
    assert timeline.chapters[2].start == cues["Section: Blood pressure."].start
    # each utterance: its words at 0.1 s plus the 10 ms margins kept by trim; the fake
    # engine says the hint's respelling, "krat um and pain."
    title = cues["Kratom and pain."]
    assert title.end - title.start == pytest.approx(4 * WORD + 0.02)


def test_timeline_adds_up_speech_and_pauses() -> None:
    script = build(make_result())
    timeline = speak(script, FakeSynth())
    pauses = sum(i.seconds for i in script.items if isinstance(i, Pause))
    speech = sum(c.end - c.start for c in timeline.cues)
    assert timeline.duration == pytest.approx(pauses + speech, abs=1e-3)
    starts = [c.start for c in timeline.cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_webvtt_format_order_and_coverage() -> None:
    cues = [Cue(0.0, 1.5, "Title & <more>."), Cue(2.0, 3.25, "Second.")]
    text = webvtt(cues, "A --> B")
    assert text.startswith("WEBVTT - A to B\n\n1\n00:00:00.000 --> 00:00:01.500\n")
    assert "Title &amp; &lt;more&gt;." in text
    assert text.endswith("2\n00:00:02.000 --> 00:00:03.250\nSecond.\n")
    assert timestamp(3725.0004) == "01:02:05.000"


def test_long_cues_are_split_in_order_and_cover_the_sentence() -> None:
    cue = Cue(10.0, 20.0, " ".join(["word"] * 60))
    pieces = split_cue(cue)
    assert len(pieces) > 1
    assert pieces[0].start == 10.0 and pieces[-1].end == pytest.approx(20.0)
    assert all(a.end == b.start for a, b in pairwise(pieces))
    assert all(len(line) <= 42 for p in pieces for line in p.text.split("\n"))
    assert all(p.text.count("\n") <= 1 for p in pieces)
    assert " ".join(p.text.replace("\n", " ") for p in pieces) == cue.text


def test_long_cues_start_when_their_first_word_is_said() -> None:
    """With the engine's word times, a piece starts at its first spoken word, not at its
    share of the text ("2–3 mg" is four spoken words; the first half is said slowly)."""
    text = ("Take 2–3 mg of it with food, " + " ".join(["then rest"] * 12)).strip()
    spoken = normalize(text).split()
    times = tuple(10.0 + (1.0 * i if i < 10 else 9.5 + 0.1 * (i - 10))
                  for i in range(len(spoken)))
    pieces = split_cue(Cue(10.0, 25.0, text, times))
    assert len(pieces) == 2
    first_of_second = len(normalize(pieces[0].text.replace("\n", " ")).split())
    assert pieces[1].start == times[first_of_second]
    assert pieces[1].start != pytest.approx(split_cue(Cue(10.0, 25.0, text))[1].start, abs=1)
    assert pieces[0].end == pieces[1].start and pieces[-1].end == 25.0
    # times that do not fit the cue fall back to sharing by length
    late = tuple(t + 20 for t in times)
    assert [(p.start, p.end) for p in split_cue(Cue(10.0, 25.0, text, late))] == [
        (p.start, p.end) for p in split_cue(Cue(10.0, 25.0, text))]


def test_word_samples_map_engine_events_to_words() -> None:
    text = "Take [[kr'at@m]] – now, please."
    events = [(1, 0), (6, 100), (20, 300), (26, 500)]  # "–" has no event of its own
    assert word_samples(text, events, 900) == (0, 100, 300, 300, 500)
    assert word_samples("one two", [], 77) == (77, 77)


def test_timeline_cues_carry_word_times_after_trimming() -> None:
    script = build(make_result())
    timeline = speak(script, FakeSynth())
    for cue in timeline.cues:
        assert len(cue.words) == len(normalize(cue.text).split()) or cue.words
        assert cue.start <= cue.words[0] <= cue.start + EDGE
        assert list(cue.words) == sorted(cue.words) and cue.words[-1] < cue.end


# --- files --------------------------------------------------------------------------

def _vtt_starts(text: str) -> list[float]:
    stamps = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> ", text)
    return [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in stamps]


def test_synthesize_writes_valid_files_with_chapters(tmp_path: Path) -> None:
    """By default MP3 and captions, the WAV only when asked; each valid, with chapters."""
    from mutagen.mp3 import MP3

    default = synthesize(make_result(), tmp_path / "default", "kratom", None, FakeEngine())
    assert [p.name for p in default.paths] == ["kratom.mp3", "kratom.vtt"]
    assert sorted(p.name for p in (tmp_path / "default").iterdir()) == [
        "kratom.mp3", "kratom.vtt"]
    assert default.mp3 is None  # not kept unless asked (for a book)
    info = synthesize(make_result(), tmp_path, "kratom",
                      SpeechOptions(formats=("wav", "mp3", "vtt")), FakeEngine(), keep_mp3=True)
    assert isinstance(info, AudioInfo)
    assert [p.name for p in info.paths] == ["kratom.mp3", "kratom.vtt", "kratom.wav"]
    assert info.mp3 == (tmp_path / "kratom.mp3").read_bytes()
    assert not list(tmp_path.glob("*.part"))
    with wave.open(str(tmp_path / "kratom.wav")) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        assert wav.getnframes() / RATE == pytest.approx(info.duration)
    mp3 = MP3(str(tmp_path / "kratom.mp3"))
    chapters = sorted(mp3.tags.getall("CHAP"), key=lambda c: c.start_time)
    assert [c.sub_frames["TIT2"].text[0] for c in chapters] == [c.title for c in info.chapters]
    assert [c.start_time for c in chapters] == [round(c.start * 1000) for c in info.chapters]
    assert chapters[-1].end_time == round(info.duration * 1000)
    assert mp3.tags.getall("CTOC")[0].child_element_ids == [c.element_id for c in chapters]
    assert mp3.info.length == pytest.approx(info.duration, abs=0.25)
    starts = _vtt_starts((tmp_path / "kratom.vtt").read_text(encoding="utf-8"))
    assert starts == sorted(starts)
    assert {round(c.start, 3) for c in info.chapters} <= set(starts)


def test_report_is_plain_data(tmp_path: Path) -> None:
    info = synthesize(make_result(), tmp_path, "a", SpeechOptions(formats=("vtt",), rate=300),
                      FakeEngine())
    report = info.report()
    assert report["engine"] == "fake" and report["voice"] == "fake-voice"
    assert report["rate"] == 300 and report["files"] == ["a.vtt"]
    assert [c["title"] for c in report["chapters"]] == ["Kratom and pain", "How it works",
                                                        "Blood pressure"]
    starts = [c["start"] for c in report["chapters"]]
    assert starts == sorted(starts) and starts[0] >= 0
    assert report["duration"] == round(info.duration, 1) > starts[-1]


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "a.vtt").write_text("keep", encoding="utf-8")
    with pytest.raises(OutputError, match="--force"):
        synthesize(make_result(), tmp_path, "a", SpeechOptions(formats=("vtt",)), FakeEngine())
    assert (tmp_path / "a.vtt").read_text(encoding="utf-8") == "keep"
    synthesize(make_result(), tmp_path, "a", SpeechOptions(formats=("vtt",), force=True),
               FakeEngine())
    assert (tmp_path / "a.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_unknown_format_or_rate_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="unknown audio format ogg"):
        synthesize(make_result(), tmp_path, "a", SpeechOptions(formats=("ogg",)), FakeEngine())
    with pytest.raises(SpeechError, match="out of range"):
        synthesize(make_result(), tmp_path, "a", SpeechOptions(rate=0), FakeEngine())


def test_silence_or_absurd_length_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechError, match="no sound"):
        synthesize(make_result(), tmp_path, "a", SpeechOptions(),
                   FakeEngine(FakeSynth(silent=True)))
    script = build(make_result())
    with pytest.raises(SpeechError, match="not working"):
        check_plausible(script, speak(script, FakeSynth(words=3.0)), 160)
    assert not list(tmp_path.iterdir())


def _old_files(folder: Path) -> None:
    for name in ("a.wav", "a.mp3", "a.vtt"):
        (folder / name).write_bytes(b"old")


def _only_old_files_and_no_writer_left(folder: Path) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["a.mp3", "a.vtt", "a.wav"]
    assert all(p.read_bytes() == b"old" for p in folder.iterdir())
    writers = {t.name for t in threading.enumerate()} & {"plainhealth-wav", "plainhealth-mp3"}
    assert not writers


@pytest.mark.parametrize("failure", [SpeechError("the engine stopped"), KeyboardInterrupt(),
                                     PermissionError(13, "Permission denied", "voice.onnx")],
                         ids=["engine-error", "ctrl-c", "engine-oserror"])
def test_an_engine_failing_midway_leaves_the_old_files_and_no_part_file(
        tmp_path: Path, failure: BaseException) -> None:
    """The WAV is written while the speech is made, but only takes its place at the end;
    the engine's error comes out as it was raised."""
    _old_files(tmp_path)
    with pytest.raises(type(failure)) as raised:
        synthesize(make_result(), tmp_path, "a", SpeechOptions(force=True),
                   FakeEngine(FakeSynth(fail_at=3, failure=failure)))
    assert raised.value is failure
    _only_old_files_and_no_writer_left(tmp_path)


def test_a_failed_mp3_keeps_the_old_wav_and_captions(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The three files go together: new captions beside old audio would not match it."""
    monkeypatch.setattr(encode, "WORKER", "import sys; sys.exit('LAME is broken')")
    _old_files(tmp_path)
    with pytest.raises(SpeechError, match="MP3 encoder failed: LAME is broken"):
        synthesize(make_result(), tmp_path, "a", SpeechOptions(force=True), FakeEngine())
    _only_old_files_and_no_writer_left(tmp_path)


# --- engines ------------------------------------------------------------------------

def test_choose_names_the_install_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """No engine at all is EngineMissingError, naming each engine's install step."""
    monkeypatch.setattr(engine_list, "ENGINES", [
        FakeEngine(problem="Piper is not installed; pip install 'plainhealth[neural]'")])
    with pytest.raises(EngineMissingError, match=r"plainhealth\[neural\]") as caught:
        choose("auto")
    assert isinstance(caught.value, PlainhealthError)
    with pytest.raises(EngineMissingError, match="not available"):
        choose("fake")
    with pytest.raises(SpeechError, match="unknown speech engine 'nope'") as unknown:
        choose("nope")
    assert not isinstance(unknown.value, EngineMissingError)


def test_auto_takes_the_first_engine_that_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    ready = FakeEngine()
    monkeypatch.setattr(engine_list, "ENGINES", [FakeEngine(problem="missing"), ready])
    assert choose("auto") is ready
    assert engine_list.all_voices() == ready.voices()


def _three(monkeypatch: pytest.MonkeyPatch, system_problem: str | None = None,
           ) -> tuple[FakeEngine, FakeEngine, FakeEngine]:
    engines = (FakeEngine(name="system", voice="en-us", problem=system_problem),
               FakeEngine(name="pyttsx3", voice="Zira"),
               FakeEngine(name="neural", voice="en_US-joe-medium"))
    monkeypatch.setattr(engine_list, "ENGINES", list(engines))
    return engines


def test_a_named_voice_picks_the_engine_that_has_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under auto (and system), --voice chooses the engine; a voice nobody has is an error."""
    system, pyttsx3, neural = _three(monkeypatch)
    assert choose("auto") is system
    assert choose("auto", "en_US-joe-medium") is neural
    assert choose("auto", "Zira") is pyttsx3
    assert choose("system", "Zira") is pyttsx3
    with pytest.raises(SpeechError, match="no installed speech engine has a voice 'nope'"):
        choose("auto", "nope")
    with pytest.raises(SpeechError, match="voice 'en_US-joe-medium'"):
        choose("system", "en_US-joe-medium")  # Piper's voice, but only system engines asked
    assert choose("neural", "anything") is neural  # named engine: the engine judges the voice


def test_system_falls_back_to_pyttsx3(monkeypatch: pytest.MonkeyPatch) -> None:
    _, pyttsx3, _ = _three(monkeypatch, system_problem="libespeak-ng was not found")
    assert choose("system") is pyttsx3
    assert choose("auto") is pyttsx3


def test_only_no_engine_under_auto_is_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    """try_synthesize: auto with nothing installed → warning; anything else → fatal."""
    monkeypatch.setattr(engine_list, "ENGINES", [FakeEngine(problem="apt-get install x")])
    audio, problem = try_synthesize(make_result(), tmp_path, "a", SpeechOptions())
    assert audio is None and problem and not problem.fatal
    assert "apt-get install x" in problem.message
    _, problem = try_synthesize(make_result(), tmp_path, "a", SpeechOptions(engine="fake"))
    assert problem and problem.fatal  # an engine asked for by name is missing
    monkeypatch.setattr(engine_list, "ENGINES", [FakeEngine()])
    _, problem = try_synthesize(make_result(), tmp_path, "a", SpeechOptions(voice="nope"))
    assert problem and problem.fatal and "voice 'nope'" in problem.message
    silent = FakeEngine(FakeSynth(silent=True))
    monkeypatch.setattr(engine_list, "ENGINES", [silent])
    _, problem = try_synthesize(make_result(), tmp_path, "a", SpeechOptions())
    assert problem and problem.fatal and "no sound" in problem.message
    assert not list(tmp_path.iterdir())
    monkeypatch.setattr(engine_list, "ENGINES", [FakeEngine()])
    audio, problem = try_synthesize(make_result(), tmp_path, "a", SpeechOptions())
    assert audio is not None and problem is None


@pytest.mark.parametrize(("platform", "place", "hint"), [
    ("darwin", "/opt/homebrew/lib/libespeak-ng.1.dylib", "brew install espeak-ng"),
    ("win32", r"C:\Program Files\eSpeak NG\libespeak-ng.dll", "eSpeak NG"),
    ("linux", "libespeak-ng.so.1", "apt-get install espeak-ng"),
])
def test_libespeak_is_looked_for_where_each_os_installs_it(
        monkeypatch: pytest.MonkeyPatch, platform: str, place: str, hint: str) -> None:
    from plainhealth.speech import portable, system

    monkeypatch.delenv(system.LIBRARY_ENV, raising=False)
    monkeypatch.setattr(sys, "platform", platform)
    assert place in system.candidates()
    assert hint in system.install_hint()
    # pyttsx3 needs only itself where the OS has voices; on Linux it needs espeak-ng too
    assert ("espeak-ng" in portable.install_hint()) == (platform == "linux")
    monkeypatch.setenv(system.LIBRARY_ENV, "/opt/espeak/libespeak-ng.so")
    assert system.candidates() == ("/opt/espeak/libespeak-ng.so",)


# --- listening: languages, spoken ids, readable captions -----------------------------

def _spanish(result: Result) -> Result:
    """make_result() as if the page were Spanish (the pipeline adds nothing to such a page;
    this one keeps the additions, to show that none of them would be said)."""
    from dataclasses import replace

    scores = replace(result.before, language_supported=False)
    article = replace(result.plain, lang="es")
    return replace(result, article=article, plain=article, before=scores, after=scores)


def test_another_language_is_read_as_written_without_our_english() -> None:
    """A Spanish reading: the article's sentences as written (espeak-ng's Spanish voice
    reads "2–3 mg" in Spanish), headings without "Section:", and no English addition:
    no legend, key points, explanation or note."""
    script = build(_spanish(make_result()))
    assert script.language == "es"
    assert _shown(script.items) == [
        "Kratom and pain.", "Kratom is a plant.", "Take 2–3 mg a day.", "How it works.",
        "Kratom binds to opioid receptors.", "Rest.", "Drink water.", "Blood pressure.",
        "Aim for 130/80 mm Hg, e.g. with Dr. Lee."]
    assert [line.say for line in script.lines()] == [line.show for line in script.lines()]


def test_the_voice_follows_the_language(monkeypatch: pytest.MonkeyPatch,
                                        tmp_path: Path) -> None:
    """auto picks the first engine with a voice for the page's language; an engine named
    without one is an error, and under auto no voice for the language is a warning (the
    text outputs are the product), like no engine at all."""
    english = FakeEngine(name="system", voice="en-us", language="en-us")
    spanish = FakeEngine(name="neural", voice="es_ES-x", language="es_ES")
    monkeypatch.setattr(engine_list, "ENGINES", [english, spanish])
    assert choose("auto", language="es") is spanish
    assert choose("auto", language="en-GB") is english
    info = synthesize(_spanish(make_result()), tmp_path, "a", SpeechOptions(formats=("vtt",)))
    assert (info.engine, spanish.asked, info.language) == ("neural", "es_ES-x", "es")
    with pytest.raises(SpeechError, match=r"the neural speech engine has no voice for the "
                                          r"article's language \(fr\)"):
        choose("neural", language="fr")
    audio, problem = try_synthesize(replace_lang(make_result(), "fr"), tmp_path, "b",
                                    SpeechOptions())
    assert audio is None and problem is not None and not problem.fatal
    assert problem.message == ("test: audio not made: no installed speech engine has a voice "
                               "for the article's language (fr); see `plainhealth voices`, or "
                               "name one with --voice")
    _, named = try_synthesize(replace_lang(make_result(), "fr"), tmp_path, "c",
                              SpeechOptions(engine="neural"))
    assert named is not None and named.fatal


def replace_lang(result: Result, lang: str) -> Result:
    from dataclasses import replace

    return replace(_spanish(result), article=replace(result.plain, lang=lang))


@pytest.mark.parametrize(("language", "voice"), [
    ("en", "en-us"), ("en-US", "en-us"), ("en-GB", "en-gb"), ("es", "es"), ("es-MX", "es"),
    ("fr", "fr-fr"), ("fr-CA", "fr-fr"), ("pt-BR", "pt-br"), ("pt", "pt"), ("xx", None)])
def test_closest_voice(language: str, voice: str | None) -> None:
    voices = tuple(Voice("system", v, v, v, v == "en-us") for v in (
        "en-us", "en-gb", "es", "es-419", "fr-be", "fr-fr", "pt", "pt-br"))
    assert closest_voice(voices, language) == voice


def test_every_line_names_the_piece_it_says() -> None:
    """Spoken ids: the title, the legend, each key point's sentences, each heading, each
    sentence at its offset in its block, each line of an addition; all different."""
    lines = build(make_result()).lines()
    spots = [line.spot for line in lines]
    assert len(set(spots)) == len(spots)
    assert spots[:4] == ["say-title", "say-legend", "say-points", "say-point-0-0"]
    by_text = {line.show: line for line in lines}
    assert by_text["Take 2–3 mg a day."].spot == "say-s-0-0-19"
    assert by_text["A word to know: Kratom."].spot == "say-a-0-0-0-0"
    assert by_text["Kratom is a plant from Southeast Asia."].spot == "say-a-0-0-0-1"
    assert by_text["Section: How it works."].spot == "say-h-1"
    assert by_text["Section: How it works."].lead == 1
    assert by_text["Safety note: Talk to a doctor first."].spot == "say-a-1-0-1-0"
    assert by_text["2. Drink water."].spot == "say-s-1-2-0" and by_text["2. Drink water."].lead == 1
    assert by_text["This is not medical advice."].spot == "say-end-0-0"


def test_a_unit_the_page_spelled_out_is_said_once() -> None:
    assert normalize("Keep it below 130/80 mm Hg (millimeters of mercury).") == (
        "Keep it below one hundred thirty over eighty millimeters of mercury.")
    assert normalize("Take 5 mg (milligrams) twice.") == "Take five milligrams twice."
    assert normalize("blood pressure (BP)") == "blood pressure (BP)"


SENTENCE = ("Kratom is sold as a dietary supplement in many stores, but the FDA has not "
            "approved it for any medical use and warns people not to use it.")


def test_captions_are_whole_phrases_of_even_length() -> None:
    """A sentence too long for one cue is cut after a comma or before a joining word
    where it can be, into pieces of even length, never leaving a word or two alone."""
    pieces = [p.text.replace("\n", " ") for p in split_cue(Cue(0.0, 9.0, SENTENCE))]
    assert pieces == ["Kratom is sold as a dietary supplement in many stores,",
                      "but the FDA has not approved it",
                      "for any medical use and warns people not to use it."]
    for words in (SENTENCE.split(), ("word " * 61).split(), (SENTENCE + " Then it.").split()):
        cuts = [*phrases(words), len(words)]
        assert all(b - a > 2 for a, b in pairwise(cuts)), cuts


def test_no_caption_flashes_a_word_or_two() -> None:
    """Where the time of a short piece would be under a second, it joins its neighbour;
    a whole sentence of two words keeps its own cue."""
    text = "Stop taking it if you feel dizzy, sick to your stomach, or very sleepy, it."
    said = normalize(text).split()
    times = (*(0.2 * i for i in range(len(said) - 1)), 2.85)  # "it." said fast
    pieces = split_cue(Cue(0.0, 3.0, text, times))
    assert all(len(p.text.split()) > 2 or p.end - p.start >= 1 for p in pieces)
    assert [p.text for p in split_cue(Cue(5.0, 5.4, "Call 911."))] == ["Call 911."]


def test_cues_are_named_by_the_piece_they_show() -> None:
    long = Cue(0.0, 9.0, SENTENCE, spot="say-s-0-1-0")
    text = webvtt([Cue(0.0, 1.0, "Title.", spot="say-title"), long, Cue(9.5, 10.0, "Hm.")])
    assert re.findall(r"^(\S+)\n\d\d:", text, re.MULTILINE) == [
        "say-title", "say-s-0-1-0", "say-s-0-1-0.2", "say-s-0-1-0.3", "5"]


def test_shown_words_are_timed_from_the_spoken_ones() -> None:
    """Each written word starts with the first spoken word it is read as: "2–3" is "two
    to three", so "mg" starts at the fifth spoken word."""
    text = "Take 2–3 mg a day."
    spoken = normalize(text).split()  # Take two to three milligrams a day.
    times = tuple(float(i) for i in range(len(spoken)))
    assert shown_words(Cue(0.0, 9.0, text, times)) == (0.0, 1.0, 4.0, 5.0, 6.0)
    assert shown_words(Cue(0.0, 9.0, "One two.", (0.0, 1.0))) == (0.0, 1.0)
    assert shown_words(Cue(0.0, 9.0, text)) == ()
    assert shown_words(Cue(0.0, 9.0, text, (0.0, 1.0))) == ()  # counts do not match


@pytest.mark.parametrize("text", [
    "If your blood sugar is less than 70 mg/dL, eat or drink 15 grams of fast-acting sugar "
    "right away and check again.",
    "Take 2 tablets every 4 hours, but never more than 8 tablets in 24 hours, with water.",
    "A reading above 140 mmHg at the top is high, and so is one above 90 mmHg at the bottom.",
])
def test_a_caption_never_splits_a_number_from_its_unit(text: str) -> None:
    """"less than 70 / mg/dL" over two lines or two cues is hard to read: a number stays
    with the word after it, on the line and in the cue."""
    from plainhealth.speech.timeline import Cue

    for width in (24, 30, 42):
        cues = split_cue(Cue(0.0, 8.0, text), width=width)
        lines = [line for cue in cues for line in cue.text.splitlines()]
        assert " ".join(lines) == text
        assert not any(re.search(r"\d\Z", line) for line in lines[:-1]), lines
