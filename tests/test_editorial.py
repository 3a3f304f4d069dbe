"""What a patient reads (issue #22): the key safety points first, each note once,
explanations in proportion, nothing inside an urgent passage, warnings for missed goals.

The passages below are written for the project in the styles real patient pages use
(lead-ins with lists, "Call 911 if …", NHS-style "Call 999 or go to A&E", poison-control
lines, "stop taking … and call …", emergency sections under their own heading)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KRATOM, SAMPLES
from plainhealth import convert
from plainhealth.cli import main
from plainhealth.edit.urgent import is_urgent, passages
from plainhealth.models import AdditionKind, NotePosition, NoteShown, Options, Result
from plainhealth.render.markdown import render_markdown
from plainhealth.render.text import render_text
from plainhealth.speech.script import build


def page(body: str, title: str = "Health page") -> bytes:
    return (f"<html lang='en'><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>This page was written for people who want to learn more "
            f"about their health and the care they can get.</p>{body}"
            "<p>Talk with your care team about what is right for you and your family.</p>"
            "</article></body></html>").encode()


def additions(result: Result) -> list[tuple[int, int, AdditionKind]]:
    return [(s, b, a.kind) for s, section in enumerate(result.plain.sections)
            for b, block in enumerate(section.blocks) for a in block.additions]


# ---- the key safety points ----

def test_every_output_opens_with_the_key_safety_points_most_serious_first(
        tmp_path: Path) -> None:
    """Before the article: each concern once, warnings before cautions, help lines last;
    in the text, Markdown, handout, audio script and JSON alike."""
    result = convert(str(KRATOM))
    points = result.key_points
    assert points[0].rule == "kratom" and points[-1].rule == "help-line"
    ranks = [{"warning": 0, "caution": 1, "info": 2}[p.severity] for p in points[:-1]]
    assert ranks == sorted(ranks)
    assert len({p.concern for p in points}) == len(points)
    first = points[0].text
    text, md = render_text(result), render_markdown(result)
    article_start = "Chronic pain"
    assert text.index(first) < text.index(article_start)
    assert md.index(first) < md.index(article_start)
    script = build(result).text()
    assert script.index(first) < script.index("Chronic pain lasts")
    CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path), "--no-audio"],
                       catch_exceptions=False)
    handout = (tmp_path / "kratom-chronic-pain.html").read_text()
    assert handout.index('id="key-points"') < handout.index('<main id="content">')
    report = json.loads((tmp_path / "kratom-chronic-pain.json").read_text())
    assert [p["rule"] for p in report["key_points"]] == [p.rule for p in points]


def test_a_concerns_full_note_comes_once_and_later_sections_get_a_pointer() -> None:
    """The kratom note after the paragraph that first names kratom, never again in full;
    a later section that names kratom gets one line pointing back to it."""
    result = convert(str(KRATOM))
    full = [n for n in result.notes if n.shown is NoteShown.FULL]
    assert len({n.concern for n in full}) == len(full)
    kratom = next(n for n in full if n.rule == "kratom")
    assert (kratom.section, kratom.block) == (0, 0)
    pointers = [n for n in result.notes if n.shown is NoteShown.POINTER]
    assert pointers and all(n.rule == "kratom" and n.section > 0 for n in pointers)
    assert len({(n.rule, n.section) for n in pointers}) == len(pointers)
    text = render_text(result)
    assert text.count("[See the safety note about kratom above.]") == len(pointers)
    assert text.count("Safety note: The FDA has not approved kratom") == 1


def test_notes_follow_the_paragraph_and_name_their_source() -> None:
    result = convert(str(KRATOM))
    for note in result.notes:
        if note.shown is not NoteShown.FULL or note.position is NotePosition.END:
            continue
        block = result.plain.sections[note.section].blocks[note.block]
        added = [a for a in block.additions if a.kind is AdditionKind.NOTE]
        assert note.rule in [a.ref for a in added]
        assert all(a.after == len(block.text) for a in added)  # after the paragraph
        assert note.sentence in result.article.sections[note.section].blocks[note.block].text
        assert note.source.startswith("https://")


def test_sales_talk_is_left_out_when_a_page_raises_serious_concerns() -> None:
    """"Revolutionary" next to an opioid-like herb: the serious notes stay, the info-level
    note is recorded in the report but not shown; alone, it is shown."""
    serious = convert("-", data=page(
        "<p>This revolutionary tea has no side effects at all, so the whole family can "
        "drink it every day.</p>"))
    left_out = [n for n in serious.notes if n.shown is NoteShown.LEFT_OUT]
    assert [n.rule for n in left_out] == ["claim-revolutionize"]
    assert "claim-revolutionize" not in {p.rule for p in serious.key_points}
    assert "sales talk" not in render_text(serious)
    alone = convert("-", data=page("<p>This revolutionary tea is a game-changer for your "
                                   "mornings and your evenings alike.</p>"))
    assert [p.rule for p in alone.key_points] == ["claim-revolutionize"]
    assert "sales talk" in render_text(alone)


def test_help_lines_come_once_among_the_key_points_with_their_numbers() -> None:
    result = convert(str(KRATOM))
    help_line = result.key_points[-1]
    assert help_line.rule == "help-line" and "1-800-662-4357" in help_line.text
    assert not help_line.in_body
    text = render_text(result)
    assert text.count("1-800-662-4357") == 1
    assert f"Source: {help_line.source}" in text


def test_the_not_medical_advice_note_is_in_about_and_said_last() -> None:
    result = convert(str(KRATOM))
    general = next(n for n in result.notes if n.rule == "not-medical-advice")
    assert general.position is NotePosition.END
    text = render_text(result)
    assert text.index(general.text) > text.index("About this handout")
    assert build(result).lines()[-1].show == "This is not medical advice."  # its first sentence


# ---- explanations in proportion ----

def test_familiar_and_common_terms_are_not_explained_inline() -> None:
    """"side effects" and "mental health" are common: no explanation, no mark, not in the
    word list; only hard terms are explained inline, at most two a paragraph."""
    result = convert(str(KRATOM))
    shown = {t.id: (t.difficulty, t.shown) for t in result.terms}
    assert shown["side-effect"] == ("common", "none")
    assert shown["mental-health"] == ("common", "none")
    inline = [t for t, (_, how) in shown.items() if how == "inline"]
    assert inline and all(shown[t][0] == "hard" for t in inline)
    for block in result.plain.prose_blocks():
        assert sum(a.kind is AdditionKind.EXPLANATION for a in block.additions) <= 2
    text = render_text(result)
    words = text.split("Words to know (added")[1]
    assert "- side effects:" not in words and "- mental health:" not in words


def test_inline_explanations_stay_in_proportion_on_a_page_full_of_jargon() -> None:
    """Ten hard terms in two paragraphs: a few explained inline, the rest marked."""
    terms = ("fibromyalgia, angina, lupus, pancreatitis, bursitis, tendinitis, atrial "
             "fibrillation, neuropathy, carpal tunnel syndrome and emphysema")
    result = convert("-", data=page(f"<p>People with {terms} often feel tired. Rest helps "
                                    "many of them.</p><p>Some also have insomnia and "
                                    "hypothyroidism, which a doctor can check.</p>"))
    kinds = [k for _, _, k in additions(result)]
    assert 1 <= kinds.count(AdditionKind.EXPLANATION) <= 3
    assert kinds.count(AdditionKind.MARK) >= 8


@pytest.mark.parametrize(("mode", "inline", "marks", "listed"), [
    ("inline", True, True, True), ("end", False, True, True), ("none", False, False, False),
])
def test_explain_option_places_explanations_and_is_recorded(
        tmp_path: Path, mode: str, inline: bool, marks: bool, listed: bool) -> None:
    out = tmp_path / mode
    run = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(out), "--no-audio",
                                    "--explain", mode, "-q"], catch_exceptions=False)
    assert run.exit_code == 0
    txt = (out / "kratom-chronic-pain.txt").read_text()
    assert ("[Word to know:" in txt) is inline
    assert ("opioid receptors*" in txt) is marks
    assert ("Words to know (added by plainhealth" in txt) is listed
    report = json.loads((out / "kratom-chronic-pain.json").read_text())
    assert report["explain"] == mode
    assert {t["shown"] for t in report["terms"]} <= ({"none"} if mode == "none" else
                                                     {"inline", "list", "none"})


def test_a_term_is_marked_inside_its_sentence_without_breaking_it() -> None:
    result = convert("-", Options(explain="end"), data=page(
        "<p>Your doctor may check for pancreatitis, which can cause pain in your belly.</p>"))
    assert "Your doctor may check for pancreatitis*, which can cause pain in your belly." in \
        render_text(result)
    assert "check for [pancreatitis](#word-pancreatitis), which" in render_markdown(result)


# ---- nothing inside an urgent passage ----

URGENT = [
    # lead-in + list of danger signs, then the instruction
    "<p>Signs of a stroke include:</p><ul><li>a face that droops on one side</li>"
    "<li>weak arms and sudden back pain</li><li>slurred speech</li></ul><p>Call 911 right "
    "away, even if the signs go away.</p>",
    "<p>Symptoms of an opioid overdose can include:</p><ul><li>small pupils</li><li>slow or "
    "no breathing</li></ul><p>Call 911 and give naloxone if you have it.</p>",
    "<p>Call 999 if you or someone else has any of these signs:</p><ul><li>chest pain that "
    "spreads to the arms</li><li>a seizure that lasts more than 5 minutes</li></ul>",
    "<p>Call 911 or go to the emergency room if you have:</p><ul><li>a blood glucose level "
    "under 54</li><li>confusion or a seizure</li></ul>",
    "<ul><li>Call 112 if the person stops breathing.</li><li>Give naloxone if you have it."
    "</li></ul>",
    "<p>Go to A&amp;E or call 999 straight away if your asthma gets worse very fast.</p>",
    "<p>If you think a child has swallowed acetaminophen, call Poison Control at "
    "1-800-222-1222 right away.</p>",
    "<p>Stop taking the statin and call your doctor if you have muscle pain with a fever.</p>",
    "<p>Get emergency medical help if you have trouble breathing after a dose of ibuprofen."
    "</p>",
    "<p>Seek immediate medical attention if you notice signs of hypoglycemia that do not "
    "get better.</p>",
    "<p>This is a medical emergency. Call 911 if someone shows signs of opioid overdose."
    "</p>",
    "<p>If you have thoughts of harming yourself while you take an antidepressant, call or "
    "text 988 right away.</p>",
    "<h2>When to call 911</h2><p>Chest pain with sweating can be a heart attack.</p><p>A "
    "seizure in someone with epilepsy that lasts more than 5 minutes is dangerous.</p>",
    "<h2>Emergency help</h2><ul><li>Fainting with chest pain</li><li>Sudden weakness from "
    "a stroke</li></ul>",
    "<p>Call 000 for an ambulance if you have cardiac chest pain that lasts more than 10 "
    "minutes.</p>",
    "<p>Do not wait. Call 911 if the pain in your chest spreads to your jaw or arm, even if "
    "you take a beta-blocker.</p>",
    "<p>Call your doctor right away if you have swelling in your legs and edema that does "
    "not go down.</p>",
    "<p>If someone has taken too much fentanyl, call 911 right away and stay with them.</p>",
    "<p>Get urgent medical help if your child has a seizure for the first time.</p>",
    "<ol><li>Call 911.</li><li>Give naloxone.</li><li>Start rescue breathing.</li></ol>",
    "<p>Phone an ambulance if the person with COPD turns blue around the lips.</p>",
    "<p>Ring 999 if someone has a seizure and does not wake up.</p>",
    "<p>Go to the nearest emergency department if you vomit blood or have cirrhosis and "
    "feel very confused.</p>",
    "<p>Call 911 if you see these signs of a heart attack:</p><ul><li>chest pain or "
    "pressure</li><li>pain in the jaw, neck or back</li><li>shortness of breath</li></ul>",
    "<p>Warning signs of a blood clot include:</p><ul><li>a swollen, warm leg with edema</li>"
    "<li>sudden shortness of breath</li></ul><p>Call 911 if you have them.</p>",
    "<p>Call 111 if you think you have sepsis and your fever keeps rising after taking "
    "acetaminophen.</p>",
    "<p>If you took more lorazepam than you should, call your doctor right away or go to "
    "the hospital.</p>",
    "<p>Stop using the patch and get medical help right away if you have trouble breathing "
    "or a rash with kratom or other drugs in your system.</p>",
    "<ul><li>Do not drive yourself.</li><li>Call 911 if chest pain lasts more than a few "
    "minutes, even if you take aspirin.</li></ul>",
    "<p>People with coronary artery disease should call 911 if their chest pain is not "
    "eased by rest or their usual medicine.</p>",
    "<p>Get emergency care if a migraine comes with a stiff neck, fever and confusion.</p>",
    "<h2>Danger signs</h2><p>High fever with a rash that does not fade.</p><p>Seizures or "
    "fits, or a child who is very sleepy and hard to wake.</p>",
    "<p>After calling 911, chew one adult aspirin unless you are allergic to it, and stay "
    "on the phone.</p>",
    "<p>Roll the person with epilepsy onto their side and stay with them until the "
    "ambulance arrives.</p>",
    "<p>If the wound shows inflammation or you get a fever after surgery, notify your "
    "provider right away.</p>",
    "<p>If you cannot keep your fluids down because of nausea, contact the ward immediately."
    "</p>",
    "<p>If you get any of these side effects, stop your medicine at once and see your "
    "doctor.</p>",
    # emergency steps without a number, and sections that hold them
    "<p>Use naloxone (Narcan) if it is available, and stay with the person.</p>",
    "<p>Give the adrenaline auto-injector into the outer thigh, even through clothes.</p>",
    "<p>Start CPR if the person is not breathing normally.</p>",
    "<h2>How to respond to an opioid overdose</h2><p>Try to wake the person and check their "
    "breathing.</p><p>Naloxone nasal spray works in a few minutes.</p>",
    "<h2>What to do if you have a hypo</h2><p>Eat or drink 15 grams of fast-acting sugar, "
    "such as glucose tablets, then check your blood glucose again.</p>",
]


@pytest.mark.parametrize("passage", URGENT, ids=range(len(URGENT)))
def test_nothing_is_added_inside_an_urgent_passage(passage: str) -> None:
    """Every block of the passage is found as urgent, and no explanation, mark or note
    goes inside it: notes come after its last block, explanations only in the list."""
    result = convert("-", data=page(passage))
    found = passages(result.plain)
    urgent_blocks = {(p.section, b) for p in found for b in range(p.first, p.last + 1)}
    passage_texts = [re.sub(r"<[^>]+>", "", chunk).replace("&amp;", "&").strip()
                     for chunk in re.findall(r"<(?:p|li)>(.*?)</(?:p|li)>", passage)]
    blocks = [(s, b, block) for s, section in enumerate(result.article.sections)
              for b, block in enumerate(section.blocks)]
    for text in passage_texts:
        (where,) = [(s, b) for s, b, block in blocks if block.text.startswith(text[:20])]
        assert where in urgent_blocks, text
    lasts = {(p.section, p.last) for p in found}
    for s, b, kind in additions(result):
        if (s, b) in urgent_blocks:
            assert (s, b) in lasts and kind in (AdditionKind.NOTE, AdditionKind.POINTER)
    assert result.terms  # there were terms to explain: they went to the word list


@pytest.mark.parametrize("text", [
    "The 911 system was set up in 1968.",
    "Emergency rooms in many towns are busy in winter.",
    "Your doctor may ask you to stop taking the pills before surgery.",
    "Most back pain gets better with rest and time.",
    "Many people call their pharmacist with questions about side effects.",
    "Non-urgent advice: call us if your wound is a little sore.",
    "Stop smoking and see how much easier your breathing gets.",
    "Falls lead to many visits to emergency departments each year.",
    "Naloxone is a medicine that reverses an opioid overdose.",
    "Pharmacists can give naloxone without a prescription.",
    "Learn CPR at a class near you.",
])
def test_ordinary_sentences_are_not_urgent(text: str) -> None:
    assert not is_urgent(text)


def test_the_stroke_signs_and_call_911_stay_together_in_every_output(tmp_path: Path) -> None:
    """The high-blood-pressure sample: nothing between the danger signs ("… back pain,
    weakness …") and "Call 911." in the text, handout or audio."""
    result = convert(str(SAMPLES / "high-blood-pressure.html"))
    text = render_text(result)
    (paragraph,) = [p for p in text.split("\n\n") if p.startswith("Get help right away")]
    assert paragraph.endswith("trouble seeing or trouble speaking. Call 911.")
    assert "[" not in paragraph and "*" not in paragraph
    CliRunner().invoke(main, ["convert", str(SAMPLES / "high-blood-pressure.html"), "-o",
                              str(tmp_path), "--no-audio"], catch_exceptions=False)
    handout = (tmp_path / "high-blood-pressure.html").read_text()
    start = handout.index("<p>Get help right away")
    assert handout[start:].split("</p>")[0].endswith("trouble speaking. Call 911.")
    script = [line.show for line in build(result).lines()]
    call = script.index("Call 911.")
    assert script[call - 1].endswith("trouble seeing or trouble speaking.")


# ---- goals missed, -q ----

def test_a_missed_target_grade_and_unexplained_words_are_warned(tmp_path: Path) -> None:
    source = tmp_path / "notes.html"
    source.write_bytes(page("<p>Idiopathic thrombocytopenic purpura necessitates "
                            "comprehensive haematological investigation notwithstanding "
                            "asymptomatic presentation.</p>"))
    run = CliRunner().invoke(main, ["convert", str(source), "-o", str(tmp_path / "o"),
                                    "--no-audio"], catch_exceptions=False)
    assert re.search(r"Warning: .*notes\.html: reads at grade \d+\.\d; target 6\n", run.stderr)
    assert re.search(r"Warning: .*: \d+ hard word\(s\) the glossary does not explain "
                     r"\(\d+ use\(s\)\): \w+", run.stderr)
    report = json.loads((tmp_path / "o" / "notes.json").read_text())
    assert any(w.startswith("reads at grade") for w in report["warnings"])


def test_quiet_prints_nothing_but_errors(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path),
                                    "--no-audio", "-q"], catch_exceptions=False)
    assert run.exit_code == 0 and run.stdout == "" and run.stderr == ""
    loud = CliRunner().invoke(main, ["convert", str(KRATOM), "-o", str(tmp_path / "b"),
                                     "--no-audio"], catch_exceptions=False)
    assert str(tmp_path / "b" / "kratom-chronic-pain.txt") in loud.stdout


# ---- the handout's source line ----

def test_the_source_line_is_the_pages_own_address() -> None:
    html = page('<p>Gout can make a joint red and sore for days at a time.</p>').replace(
        b"<head>", b'<head><link rel="canonical" href="https://www.example.org/gout">')
    result = convert("-", data=html)
    assert result.article.canonical == "https://www.example.org/gout"
    assert "From:</span> <a href=\"https://www.example.org/gout\">" in \
        __import__("plainhealth.render.html", fromlist=["x"]).render_html(result)
    assert "Source: <https://www.example.org/gout>" in render_markdown(result)
    bad = convert("-", data=html.replace(b"https://www.example.org/gout", b"javascript:x"))
    assert bad.article.canonical is None


@pytest.mark.parametrize(("text", "term", "shown"), [
    # the page says it in everyday words; the entry's name is jargon: nothing to explain
    ("A fast heart rate can make you feel dizzy and short of breath at times.",
     "tachycardia", "none"),
    ("High blood pressure often has no symptoms for many years.", "hypertension", "none"),
    # the jargon name is on the page too: explained
    ("A fast heart rate, called tachycardia, can make you feel dizzy.", "tachycardia",
     "inline"),
    # a term of art whose every name is plain, and one everyday word with a medical sense
    ("Follow your sick day rules when you are ill and cannot eat or drink.",
     "sick-day-rules", "inline"),
    ("Look at your stool each day this week and tell us if there is blood.", "stool",
     "list"),
])
def test_what_the_page_says_in_everyday_words_is_not_explained(text: str, term: str,
                                                               shown: str) -> None:
    """An explanation is for what a lay reader would not know: "fast heart rate" needs no
    "Tachycardia means …"; "sick day rules" and "stool" (for poo) still do."""
    result = convert("-", data=page(f"<p>{text}</p>"))
    assert {t.id: t.shown for t in result.terms}[term] == shown
