"""Study figures taken out of a sentence so that the finding reads first: each set of a list
follows as a sentence that names what it measures, a sentence's one set goes after it, and
every figure is kept. Sentences where the figures could end up with the wrong outcome stay
as they are. (Examples written for the project in the style of review abstracts.)"""

from __future__ import annotations

import pytest

from plainhealth.rewrite.figures import move_figures, split_figures
from plainhealth.rewrite.invariants import numbers
from test_simplify import rewrite

MOVED = [
    # A list after "on": each outcome keeps its own figures.
    ("The new tablet made no clear difference to the risk of falls (RR 0.91, 95% CI 0.70 to "
     "1.18), fractures (RR 1.05, 95% CI 0.80 to 1.38) or headaches (RR 1.20, 95% CI 0.90 to "
     "1.60).",
     "The new tablet made no clear difference to the risk of falls, fractures or headaches. "
     "(For the risk of falls: RR 0.91, 95% CI 0.70 to 1.18.) (For fractures: RR 1.05, 95% CI "
     "0.80 to 1.38.) (For headaches: RR 1.20, 95% CI 0.90 to 1.60.)"),
    # The subject is the list; an abbreviation in brackets belongs to its item.
    ("Hospital stay (MD -1.5 days, 95% CI -2.4 to -0.6) and intensive care unit (ICU) "
     "admission (RR 0.62, 95% CI 0.45 to 0.85) were both lower in the group that walked "
     "daily.",
     "Hospital stay and intensive care unit (ICU) admission were both lower in the group that "
     "walked daily. (For hospital stay: MD -1.5 days, 95% CI -2.4 to -0.6.) (For intensive "
     "care unit (ICU) admission: RR 0.62, 95% CI 0.45 to 0.85.)"),
    # After a verb; a later item is taken whole, and "more" is not part of what is measured.
    ("Compared with placebo, the spray caused more nosebleeds (OR 1.90, 95% CI 1.20 to 3.01; "
     "four studies) and more sore throats (OR 1.35, 95% CI 1.02 to 1.79; three studies).",
     "Compared with placebo, the spray caused more nosebleeds and more sore throats. (For "
     "nosebleeds: OR 1.90, 95% CI 1.20 to 3.01; four studies.) (For sore throats: OR 1.35, "
     "95% CI 1.02 to 1.79; three studies.)"),
    ("The trials found no effect on death (three trials, 410 people), the need for a blood "
     "transfusion (two trials, 150 people) or time in hospital (one trial, 80 people).",
     "The trials found no effect on death, the need for a blood transfusion or time in "
     "hospital. (For death: three trials, 410 people.) (For the need for a blood transfusion: "
     "two trials, 150 people.) (For time in hospital: one trial, 80 people.)"),
]


@pytest.mark.parametrize(("before", "after"), MOVED)
def test_each_set_of_figures_follows_naming_what_it_measures(before: str, after: str) -> None:
    """The list stays in the sentence; each set of figures follows with its outcome."""
    assert move_figures(before) == after
    assert numbers(after) == numbers(before)


KEPT = [
    # What is compared with: the figures measure the comparison, not "rest".
    "Pain fell more with the exercise plan (MD -1.2, 95% CI -2.0 to -0.4) than with rest at "
    "home (MD -0.3, 95% CI -1.0 to 0.4).",
    "Fewer people fell when compared with placebo (RR 0.83, 95% CI 0.69 to 0.99) or with usual "
    "care (RR 0.92, 95% CI 0.74 to 1.15).",
    # One item that is not plainly a noun phrase (a number in it) keeps the whole list.
    "The review looked at walking programmes (n = 6 studies; 388 people), group classes (n = 3 "
    "studies; 210 people) and omega-3 tablets (n = 1 study; 81 people).",
    # A group's name before figures that compare: "For the drug group: RR …" would mislead.
    "Infections were fewer in the drug group (RR 0.72, 95% CI 0.55 to 0.93) and in the "
    "placebo group (RR 0.97, 95% CI 0.73 to 1.31) than the year before.",
    # The same words name two outcomes: "For overall survival" would not say which.
    "There was no effect on overall survival (HR 0.88, 95% CI 0.52 to 1.49) or relapse (HR "
    "0.79, 95% CI 0.33 to 1.90), but one trial found better overall survival with surgery "
    "(RR 0.47, 95% CI 0.24 to 0.91).",
    # People in a group named by what they take: the figures may be the group's.
    "The trial compared people taking the new drug (n = 120, RR 0.8) and people taking "
    "aspirin (n = 118, RR 1.0) over two years.",
]


@pytest.mark.parametrize("sentence", KEPT)
def test_figures_that_could_land_on_the_wrong_outcome_stay(sentence: str) -> None:
    assert move_figures(sentence) == sentence


@pytest.mark.parametrize(("before", "after"), [
    # A long tail that is no second finding moves in front of the figures.
    ("Acupuncture lowered the pain score a little after four weeks (MD -0.9, 95% CI -1.6 to "
     "-0.2), although most of the weight came from one large trial.",
     "Acupuncture lowered the pain score a little after four weeks, although most of the "
     "weight came from one large trial. (MD -0.9, 95% CI -1.6 to -0.2.)"),
    # Another bracket that holds no study figures may stay in the finding.
    ("Cream with 5% urea (a moisturiser) helped dry skin heal faster than plain cream (RR "
     "1.40, 95% CI 1.10 to 1.78; 2 trials; 240 people).",
     "Cream with 5% urea (a moisturiser) helped dry skin heal faster than plain cream. (RR "
     "1.40, 95% CI 1.10 to 1.78; 2 trials; 240 people.)"),
])
def test_a_sentences_one_set_of_figures_goes_after_it(before: str, after: str) -> None:
    assert split_figures(before) == after


@pytest.mark.parametrize("sentence", [
    # A second finding after the figures: they would seem to be its figures too.
    "Acupuncture lowered the pain score after four weeks (MD -0.9, 95% CI -1.6 to -0.2), and "
    "sleep improved in most of the people who took part.",
    # Figures after the tail: moving would set them after other numbers.
    "Acupuncture lowered the pain score after four weeks (MD -0.9, 95% CI -1.6 to -0.2) in "
    "people aged 18 to 65 years.",
])
def test_one_set_stays_where_moving_it_could_mislead(sentence: str) -> None:
    assert split_figures(sentence) == sentence


def test_moving_figures_is_logged_and_passes_every_check() -> None:
    """Through the whole rewriting: the rule is named in the change log, and the text has
    every number it had."""
    before = MOVED[0][0]
    text, rules = rewrite(before)
    assert "move-figures" in rules
    assert numbers(text) == numbers(before)
    assert "(For fractures: RR 1.05, 95% CI 0.80 to 1.38.)" in text


def test_asides_may_open_alike() -> None:
    """"(For total deaths: …) (For total strokes: …)" open with the same two words on
    purpose (a list of asides): the check on sentences in a row opening alike lets them be."""
    before = ("There was no clear difference between the two tablets for total deaths (RR 0.97, "
              "95% CI 0.81 to 1.16) or total strokes (RR 1.04, 95% CI 0.93 to 1.17).")
    text, rules = rewrite(before)
    assert "move-figures" in rules
    assert text.endswith("(For total deaths: RR 0.97, 95% CI 0.81 to 1.16.) (For total "
                         "strokes: RR 1.04, 95% CI 0.93 to 1.17.)")
