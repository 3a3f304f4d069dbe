"""The right sense or nothing (issue #22): a glossary word used in another sense gets no
explanation, and the same word in the sense the entry explains still does.

Sentences written for the project in the styles real pages use: cardiology leaflets, news
items, product pages, council notices, sports and cooking pages."""

from __future__ import annotations

import pytest

from plainhealth.explain.glossary import load

GLOSSARY = load()


def found(text: str) -> set[str]:
    return {m.key for m in GLOSSARY.find(text)}


WRONG_SENSE = [
    # "fasting" folds onto "fast": the stroke test and a quick test are not a fasting test
    ("Use the FAST test to spot the signs of a stroke.", "fasting-blood-test"),
    ("A fast test for flu gives a result in 15 minutes.", "fasting-blood-test"),
    ("AF is caused by rapid, irregular atrial activation.", "activate"),
    ("Electrical activation of the ventricles shows on the ECG.", "activate"),
    ("Activate your account before you book a visit online.", "activate"),
    ("Card activation takes a few minutes at the front desk.", "activate"),
    ("The grant will stimulate the local economy.", "stimulate"),
    ("Bright toys stimulate a baby's curiosity.", "stimulate"),
    ("The company tried to suppress the report.", "suppress"),
    ("Health care in rural areas faces a chronic shortage of nurses.", "chronic"),
    ("The clinic has been chronically underfunded for years.", "chronic"),
    ("Fry the chicken liver with onions for five minutes.", "liver"),
    ("Vaping is a topical issue for parents and schools.", "topical"),
    ("It was a topical story in the local news.", "topical"),
    ("Light the taper from the fire and then the candle.", "taper"),
    ("Tapered jeans are back in fashion this year.", "taper"),
    ("Your parking ticket can be validated at reception.", "validated"),
    ("She had a craving for chocolate all afternoon.", "craving"),
    ("The crowd's euphoria after the final whistle was loud.", "euphoria"),
    ("The swimmer changed her stroke for the last lap.", "stroke"),
    ("Police made a seizure of counterfeit goods at the port.", "seizure"),
    ("The firm announced the withdrawal of its bid.", "withdrawal"),
    ("Our team has zero tolerance for bullying.", "drug-tolerance"),
    ("Economic dependence on one factory left the town fragile.", "dependence"),
    ("The Great Depression changed how people saved money.", "depression"),
    ("Social interaction helps older people stay well.", "drug-interaction"),
    ("New research looks at the interactions between the immune system and cancer.",
     "drug-interaction"),
    ("The satellite receptor picked up a weak signal.", "receptor"),
    ("Gently modulate your voice when you read aloud.", "modulate"),
    ("The two charities made a joint statement on Monday.", "joint"),
    ("It was a stroke of luck that the nurse was nearby.", "stroke"),
    ("The pressure on the health service is acute this winter.", "acute"),
    ("The cookbook suggests a dose of humour with every meal.", "dose"),
]


@pytest.mark.parametrize(("sentence", "entry"), WRONG_SENSE)
def test_a_word_in_another_sense_is_not_explained(sentence: str, entry: str) -> None:
    assert entry not in found(sentence)


RIGHT_SENSE = [
    ("Opioids activate receptors in the brain that block pain.", "activate"),
    ("Kratom may stimulate the nervous system at low doses.", "stimulate"),
    ("Some cough medicines suppress the urge to cough.", "suppress"),
    ("Chronic pain lasts longer than three months.", "chronic-pain"),
    ("She has had chronic headaches since her accident.", "chronic"),
    ("Alcohol can damage your liver over time.", "liver"),
    ("Topical pain relievers are rubbed on the skin.", "topical-pain-reliever"),
    ("A topical cream can ease pain in one joint.", "topical"),
    ("Your doctor will taper the dose over two weeks.", "taper"),
    ("Use a validated blood pressure monitor at home.", "validated"),
    ("Cravings for the drug can last for months after you stop.", "craving"),
    ("Some drugs cause euphoria by acting on the brain's reward system.", "euphoria"),
    ("Call 911 if you think someone is having a stroke.", "stroke"),
    ("A seizure can make a person shake and lose awareness.", "seizure"),
    ("Withdrawal can cause sweating, aches and trouble sleeping.", "withdrawal"),
    ("Tolerance means you need more of the drug to get the same effect.", "drug-tolerance"),
    ("Depression is more than feeling sad for a few days.", "depression"),
    ("Ask your pharmacist about any interaction with your other medicines.",
     "drug-interaction"),
    ("Knee joint pain is common after 50.", "joint"),
    ("Acute pain comes on fast and usually has a clear cause.", "acute-pain"),
    # a decimal point is not a sentence end: the guard word is after the number
    ("Your PSA was 4.5, which is a raised level for your age.", "psa"),
    ("Use the FAST test to spot the signs of a stroke.", "fast-stroke"),
]


@pytest.mark.parametrize(("sentence", "entry"), RIGHT_SENSE)
def test_the_sense_the_entry_explains_is_still_found(sentence: str, entry: str) -> None:
    assert entry in found(sentence)
