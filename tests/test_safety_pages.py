"""Precision on health services' pages first (issue 15): the sentences a hospital, NHS or
agency leaflet is made of get no claim note, and the claims that are never said on such
pages are still found, some without the model. Every sentence here was written for the
project, in the styles real patient leaflets and sales pages use."""

from __future__ import annotations

import pytest

from plainhealth import convert
from plainhealth.safety.claims import features
from plainhealth.safety.detect import ALONE, ALONE_UNSCOPED, judge, judged, sentence_features
from plainhealth.safety.rules import load_rules

RULES = load_rules()


def fired(text: str) -> dict[str, str]:
    return {f.rule.id: f.by for f in judge(text, RULES)}


@pytest.mark.parametrize("sentence", [
    # a disease named, nothing claimed
    "Heart attack symptoms can be different in women.",
    "Panic attacks often start without warning.",
    "Lower back pain is common in adults over 30.",
    "You may have a history of migraine headaches.",
    # conventional medicine and procedures credited with their effect
    "Lithotripsy uses sound waves to break up kidney stones.",
    "Your inhaler contains a medicine that helps relieve asthma symptoms.",
    "Statins lower cholesterol and reduce the risk of a heart attack.",
    "Amlodipine lowers blood pressure by relaxing the blood vessels.",
    "Radiotherapy destroys cancer cells in the treated area.",
    "Immunotherapy helps your immune system find and attack cancer cells.",
    "Antiviral tablets can cure hepatitis C in most people.",
    "The measles vaccine is safe and protects your child from measles.",
    # illnesses that pass on their own, tests, care after a procedure, healthy habits
    "Most colds get better on their own within 7 to 10 days.",
    "Many ear infections clear up on their own without antibiotics.",
    "The scan helps your doctor detect problems with your liver.",
    "After the operation we will give you painkillers to ease the pain.",
    "Our nurses will help you manage your pain after surgery.",
    "Regular walking can help ease stiffness in your joints.",
    "There are no side effects from the blood test itself.",
    # the service speaking of itself
    "See our page on diabetes in children for more information.",
])
def test_a_health_services_leaflet_sentence_gets_no_claim_note(sentence: str) -> None:
    """Each kind of sentence the earlier model flagged on real NHS and hospital pages
    (written anew here) gets no claim note."""
    assert fired(sentence) == {}


@pytest.mark.parametrize(("sentence", "rule"), [
    ("My arthritis pain disappeared after two weeks of the capsules.", "claim-testimonial"),
    ("It cured my son's eczema when nothing else worked.", "claim-testimonial"),
    ("Big Pharma buries the cures that would end their profits.", "claim-conspiracy"),
    ("The drug companies have hidden this remedy for decades.", "claim-conspiracy"),
    ("So you can stop your blood pressure pills.", "claim-replace-medicine"),
    ("Say goodbye to insulin with this 30-day plan.", "claim-replace-medicine"),
    ("Throw away your inhaler: our drops open your airways naturally.",
     "claim-replace-medicine"),
    ("Our formula is safe and effective for the whole family.", "claim-safe-and-effective"),
    ("Our oil is gentle enough for newborns.", "claim-totally-safe"),
    ("This tea dissolves kidney stones in days.", "claim-disease"),
    ("Shrinks Tumors Without Chemo", "claim-disease"),
    ("These gummies wipe out type 2 diabetes for good.", "claim-cure-miracle"),
])
def test_sales_page_claims_are_still_found(sentence: str, rule: str) -> None:
    """Miracle and quick-fix cures, safe-for-babies, testimonials, conspiracy framing and
    replacing medicine, as sales pages put them, get the note that fits."""
    assert rule in fired(sentence), fired(sentence)


def test_some_rules_fire_without_the_model_and_say_so() -> None:
    """A testimonial, conspiracy framing and a plain "stop your pills" fire even where the
    model is unsure; the firing then names the rule alone, not the model."""
    assert fired("The drug companies have hidden this remedy for decades.") == {
        "claim-conspiracy": "claim-conspiracy"}
    assert fired("So you can stop your blood pressure pills.") == {
        "claim-replace-medicine": "claim-replace-medicine"}
    assert set(ALONE) == {"testimonial", "conspiracy"}
    assert "claim-no-side-effects" not in ALONE_UNSCOPED


@pytest.mark.parametrize("sentence", [
    "Do not stop your blood pressure pills without talking to your doctor.",
    "Claims that the drug companies hide a cure for cancer are false.",
    "Is it safe and effective to give melatonin to children?",
    "A colonoscopy is a safe, effective procedure.",
])
def test_rules_that_fire_alone_stay_silent_where_the_text_is_scoped(sentence: str) -> None:
    """Advice, refutation, a question, or a named procedure keeps them silent."""
    assert fired(sentence) == {}


def test_a_sentence_that_only_names_a_disease_is_not_judged() -> None:
    """The model judges a sentence only when it has a claim's shape: naming a disease or a
    medicine is not enough."""
    plain = "Type 2 diabetes is more common in people over 45."
    assert not judged(plain, sentence_features(plain, RULES))
    claim = "This powder wipes out type 2 diabetes."
    assert judged(claim, sentence_features(claim, RULES))


def test_no_effect_inside_a_disease_name_or_before_a_place() -> None:
    """"attack" in "heart attack symptoms" and "lower" in "lower back pain" are no
    effects; "lower your blood pressure" is one."""
    assert "effect" not in features("Heart attack symptoms often vary.")
    assert "effect" not in features("Lower back pain can last for weeks.")
    assert features("These drops lower your blood pressure.")["effect"] == (
        "lower … blood pressure")


def test_what_the_clause_credits_is_a_feature() -> None:
    """A medicine by its stem, a procedure, a remedy, a habit: each with its word."""
    assert features("Ramipril lowers blood pressure.")["agent-medicine"] == "ramipril"
    assert features("A cholecystectomy removes gallstones.")["agent-medicine"] == (
        "cholecystectomy")
    assert features("Herbal tea melts gallstones.")["agent-remedy"] == "herbal"
    assert features("Walking eases back pain.")["agent-lifestyle"] == "walking"


def test_alarm_words_about_medicine_are_told_from_a_leaflets_side_effects() -> None:
    """"Toxic drugs that poison you" is framing against medicine; "this medicine can cause
    side effects" is a leaflet."""
    assert "medicine-harm-strong" in features("These toxic drugs poison your liver.")
    leaflet = features("This medicine can cause side effects such as headache.")
    assert "medicine-harm" in leaflet and "medicine-harm-strong" not in leaflet


def test_a_disease_claim_and_a_general_claim_share_one_note() -> None:
    """claim-disease and claim-health give the same message from the same FDA page: one
    concern, one note; "safe and effective" is answered with the sold-as-safe note."""
    by_id = RULES.by_id
    assert by_id["claim-disease"].concern == by_id["claim-health"].concern == "health-claim"
    assert by_id["claim-safe-and-effective"].concern == by_id["claim-totally-safe"].concern
    page = ("<html lang='en'><head><title>Tonic</title></head><body><article><h1>Tonic</h1>"
            "<p>This tea dissolves kidney stones in days. These capsules wipe out arthritis "
            "pain. Our formula is safe and effective. It has no side effects.</p>"
            "</article></body></html>")
    sentences = ("This tea dissolves kidney stones in days.", "These capsules wipe out "
                 "arthritis pain.", "Our formula is safe and effective.")
    assert all(fired(s) for s in sentences)
    notes = [n.concern for n in convert("-", data=page.encode()).notes if n.kind == "claim"]
    assert notes == ["health-claim", "sold-as-safe"]


@pytest.mark.parametrize("sentence", [
    "Herbal “medicines” are often sold as “safe” because they come from plants.",
    "Some websites call the tea a “miracle cure” for diabetes.",
    "The label calls it “completely safe”.",
    "Online ads promise the pills “reverse” diabetes.",
    "Claims that the tea melts tumors are false.",
])
def test_a_claim_in_scare_quotes_or_rejected_is_reported_not_made(sentence: str) -> None:
    """Quotation marks around the claim words, or a claim the sentence calls false, are
    features of their own, and such sentences get no note."""
    found = features(sentence)
    assert "scope:quoted" in found or "claim-rejected" in found
    assert fired(sentence) == {}


@pytest.mark.parametrize("sentence", [
    "Since starting the drops, one of my tumours has started to shrink.",
    "Emma has been healed through our juice fast.",
])
def test_testimonials_in_the_forms_sales_pages_use(sentence: str) -> None:
    """A tumour that "started to shrink", someone "healed through" a product: testimonials,
    which fire without the model."""
    assert "claim-testimonial" in fired(sentence), fired(sentence)
