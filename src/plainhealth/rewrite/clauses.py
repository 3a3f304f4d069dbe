"""What the splitter needs to know about a clause: whether anything in it governs what
follows (a condition, an attribution, a fronted phrase, a hedge), whether a piece of text
opens with a subject and its verb, and what that subject and tense are. Word classes come
from lemminflect's lexicon (:mod:`plainhealth.rewrite.plain_words`)."""

from __future__ import annotations

import re

from plainhealth.rewrite.plain_words import DETERMINERS, lemma, readings, verb_forms

MODALS = frozenset({"may", "might", "could", "can", "would", "should", "must", "will"})

HEDGE = re.compile(r"\b(?:may|might|could|can|would|should|must|will|cannot|possibly|"
                   r"potentially|probably|likely|unlikely|perhaps|maybe|seems?|appears?)\b",
                   re.IGNORECASE)

# Words that make the first clause govern what follows it.
GOVERNOR = re.compile(r"\b(?:if|when|whenever|unless|although|though|while|whereas|because|"
                      r"since|until|once(?!\s+(?:a|an|daily|every|weekly|per|more|again)\b)|whether|"
                      r"provided|as long as|in case|only|both|"
                      r"either|neither|before|after|so that|except|instead)\b", re.IGNORECASE)

REPORTING = re.compile(
    r"\b(?:says?|said|claim\w*|suggest\w*|report\w*|believe\w*|think\w*|thought|argue\w*|"
    r"stat(?:e|es|ed|ing) that|not(?:e|es|ed) that|show(?:s|ed|n)? that|f(?:i|ou)nds? that|"
    r"found that|indicat\w* that|reveal\w*|conclu\w*|propos\w*|estimat\w*|hop(?:e|es|ed)|"
    r"expect\w*|predict\w*|promis(?:e|es|ed|ing) (?:that|to)|recommend\w*|advis\w*|"
    r"according|assert\w*|insist\w*|"
    r"known to|seems?|appears?|likely|allegedly|reportedly|supposedly)\b", re.IGNORECASE)

_PRONOUN = r"(?:[Ii]t|[Tt]hey|[Tt]his|[Tt]hese|[Hh]e|[Ss]he|[Ww]e|[Yy]ou|I|[Tt]here)"

_DETERMINER = (r"(?:[Tt]hat|[Tt]hose|[Mm]any|[Mm]ost|[Ss]ome|[Ee]ach|[Yy]our|[Tt]heir|[Ii]ts|"
               r"[Tt]he|[Aa]n?|[Pp]eople|[Pp]atients|[Dd]octors|[A-Z][a-z]+)")

AUXILIARY = (r"(?:is|are|was|were|has|have|had|can|could|may|might|will|would|should|"
             r"must|does|do|did)")

_GAP_WORD = r"(?!(?:who|which|that|whose|and|or|but|nor|we|you|they|I|he|she|it)\b)[^\s,;:()]+"

# A clause start: a pronoun and its verb, or a short noun phrase and an auxiliary.
CLAUSE = re.compile(rf"(?:{_PRONOUN}\s+(?:(?:also|often|still|usually|never|not)\s+)?"
                    rf"(?:{AUXILIARY}|[a-z]+(?:s|ed))|{_DETERMINER}\s+(?:{_GAP_WORD}\s+)"
                    rf"{{0,3}}?{AUXILIARY})\b")

_SUBJECT_STOP = frozenset({"who", "which", "that", "and", "or", "with", "in", "for", "to",
                           "from", "by", "on", "at", "as", "than", "like", "when", "if"})

SINGULAR_VERBS = {"is": "present-1", "has": "present-1", "does": "present-1",
                  "are": "present-n", "have": "present-n", "do": "present-n",
                  "was": "past", "were": "past", "had": "past", "did": "past"}

# Linking words that open a sentence without scoping its clauses ("However, A, and B"):
# after a split, A keeps the word and B still follows A.
CONNECTIVE = re.compile(r"^(?:However|Also|Furthermore|Moreover|In addition|Additionally|"
                        r"Overall|In total|In summary|In conclusion|Therefore|Thus|So|"
                        r"In this way),\s+")

# "Length of pain relief was longer, and …": longer than what? The comparison may be
# completed later in the sentence ("… with the higher dose"), so the clauses stay together.
COMPARATIVE = re.compile(r"\b(?:more|less|fewer|better|worse|higher|lower|longer|shorter|"
                         r"greater|smaller|larger|\w+er than)\b", re.IGNORECASE)

def free_standing(first: str) -> bool:
    """True when nothing in ``first`` governs what comes after it: no comma (a fronted
    phrase or a list) after an opening linking word, no condition, no attribution, no
    unfinished comparison, no open bracket."""
    if first.count("(") != first.count(")") or first.count("[") != first.count("]"):
        return False
    # What is inside brackets stays inside them: "(RR 1.35, 95% CI …)" is no fronted phrase.
    bare = _BRACKETS.sub("", first)
    body = CONNECTIVE.sub("", bare)
    # A colon makes what comes before it a label for all that follows ("Analysed
    # visually: the sensitivity was … and the specificity was …").
    return ("," not in body and ":" not in body and not GOVERNOR.search(bare)
            and not REPORTING.search(bare) and not re.search(r"\bnot only\b", bare, re.I)
            and not (COMPARATIVE.search(bare) and not re.search(r"\bthan\b", bare)))

_BRACKETS = re.compile(r"\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\]")

def hedge_kept(first: str, second: str) -> bool:
    """A hedge in the first clause must have its own in the second."""
    return not HEDGE.search(first) or HEDGE.search(second) is not None

def clause_start(text: str) -> bool:
    """True when ``text`` opens with a subject and its verb: "they can …", "the risk was
    …", "individual trials showed …" (a short noun phrase, then a verb in the -s or past
    form that the lexicon knows only as a verb)."""
    text = text[:1].upper() + text[1:]
    words = text.split()
    head = words[0].lower() if words else ""
    if not words or re.fullmatch(AUXILIARY, head) or head in MODALS or head in _SUBJECT_STOP:
        return False  # "were randomised to …": no subject of its own
    if CLAUSE.match(text) or _CONTRACTED.match(text) or \
            (_PLURAL_PRONOUN.fullmatch(words[0]) and len(words) > 1 and _base_verb(words[1])):
        return True
    for index in range(1, min(len(words), 8)):
        word, previous = words[index].lower(), words[index - 1].lower()
        if previous == "and" and 1 < index < 4 and "NOUN" in readings(words[index - 2].lower()):
            continue  # "the signs and symptoms depend …": a subject of two nouns
        if not re.fullmatch(r"[a-z-]+", previous) or previous in _CLAUSE_STOP:
            return False
        if re.fullmatch(AUXILIARY, word) or word in MODALS:
            return True  # "the quality of the evidence was …"
        forms = verb_forms(lemma(word, "VERB") or "-")
        following = words[index + 1].lower().strip(",.;:") if index + 1 < len(words) else ""
        if word == forms.get("VB") and looks_plural(previous) and (
                not readings(word) & {"NOUN", "ADJ"} or following in DETERMINERS or
                following in _PREPOSITIONS or following in _PARTICLES):
            return True  # "the signs and symptoms depend …", "most colds go away …"
        if word not in (forms.get("VBZ"), forms.get("VBD")):
            continue
        after = words[index + 1].lower().strip(",.;:") if index + 1 < len(words) else ""
        if after in _PREPOSITIONS:
            return False  # "Results obtained for trials …" is a noun phrase, not a clause
        if not readings(word) & {"NOUN", "ADJ"}:
            return True
        # "trials", "included": still the subject, unless an object follows ("seven
        # trials included people") and no determiner comes before ("the included trials",
        # "other interested parties").
        if previous not in DETERMINERS and previous not in _QUANTIFIERS and \
                (after in DETERMINERS or "NOUN" in readings(after)):
            return True
    return False

# "it's", "you'll", "there's": a pronoun and its verb in one word.
_CONTRACTED = re.compile(r"(?:it|they|we|you|he|she|there|that|I)[’'](?:s|re|ll|ve|d|m)\b",
                         re.IGNORECASE)
# "we know …", "they need …": a plural pronoun and a verb in its plain form (right after a
# subject pronoun, a word that may also be a noun is the verb: "we need", "you face").
_PLURAL_PRONOUN = re.compile(r"[Tt]hey|[Ww]e|[Yy]ou|I")


def _base_verb(word: str) -> bool:
    return verb_forms(lemma(word, "VERB") or "-").get("VB") == word


# Words a subject noun phrase cannot run through (prepositions may: "studies with larger
# samples reported …").
_CLAUSE_STOP = frozenset({"who", "which", "that", "and", "or", "but", "nor", "when", "if",
                          "than", "as", "whose", "whom", "where", "while", "we", "you",
                          "they", "i", "he", "she", "it"})

# Before a word that may be a past verb or an adjective, "other" makes it the adjective
# ("other interested parties"); "a few wanted more" is still a clause.
_QUANTIFIERS = frozenset({"other", "certain", "various"})

_PARTICLES = frozenset({"away", "up", "down", "out", "off", "back", "well", "better", "worse"})

_PREPOSITIONS = frozenset({"for", "in", "by", "from", "with", "at", "on", "to", "of", "into",
                           "after", "before", "during", "under", "over", "among", "between"})

def has_verb(clause: str) -> bool:
    """An auxiliary, or a word the lexicon knows only as a verb in the -s or past form."""
    if re.search(rf"\b{AUXILIARY}\b", clause):
        return True
    for word in re.findall(r"[a-z]+", clause):
        forms = verb_forms(lemma(word, "VERB") or "-")
        if word in (forms.get("VBZ"), forms.get("VBD")) and not readings(word) & {"NOUN", "ADJ"}:
            return True
    return False

def imperative(clause: str) -> bool:
    """"Take the tablets …", "Ask your doctor …": a bare verb, then a determiner."""
    found = re.match(r"([A-Z][a-z]+) (?:the|a|an|your|this|these|it|them|any|all)\b", clause)
    if found is None:
        return False
    word = found.group(1).lower()
    return verb_forms(lemma(word, "VERB") or "-").get("VB") == word

def looks_plural(noun: str) -> bool:
    """"trials", "effects", and names the lexicon does not know ("statins", "SSRIs"), but
    not "bias", "diabetes", "analysis", "virus"."""
    if not readings(noun):
        return re.search(r"[^sui]s$", noun) is not None
    return noun.endswith("s") and lemma(noun, "NOUN") not in ("", noun)

def subject_and_tense(clause: str) -> tuple[str, str] | None:
    """("This activation", "present-1") for "This activation blocks …": the subject and
    the tense of its verb ("modal:could", "present-1", "present-n", "past"), or None when
    the clause does not plainly start with a short subject and its verb."""
    words = clause.split()
    if not words or not re.fullmatch(r"[A-Z][\w’'-]*", words[0]) or \
            readings(words[0]) == {"ADV"}:
        return None  # "Ideally randomised trials …": an adverb is no subject
    for index in range(1, min(len(words), 6)):
        word = words[index].lower()
        if not re.fullmatch(r"[a-z’'-]+", word) or word in _SUBJECT_STOP:
            return None
        subject = " ".join(words[:index])
        if word in MODALS:
            return subject, f"modal:{word}"
        if word in SINGULAR_VERBS:
            return subject, SINGULAR_VERBS[word]
        base = lemma(word, "VERB")
        forms = verb_forms(base) if base else {}
        tense = {forms.get("VBZ"): "present-1", forms.get("VBD"): "past"}.get(word)
        if tense is not None:
            # "increases", "effects": a verb, or a plural noun still inside the subject?
            # A verb here when its object follows ("activation increases pain").
            if readings(word) & {"NOUN", "ADJ"} and not _object_follows(words, index):
                continue  # "studies": a plural noun still inside the subject
            return subject, tense
    return None

def _object_follows(words: list[str], index: int) -> bool:
    if index + 1 >= len(words):
        return False
    after = words[index + 1].lower()
    return after in DETERMINERS or after in {"it", "them", "us", "you", "him", "her"} or (
        "NOUN" in readings(after) and after.isalpha())

def finite_form(participle: str, tense: str) -> str | None:
    base = lemma(participle, "VERB")
    forms = verb_forms(base) if base else {}
    if not forms:
        return None
    if tense.startswith("modal:"):
        return f"{tense[6:]} {forms['VB']}"
    tag = {"present-1": "VBZ", "present-n": "VB", "past": "VBD"}[tense]
    return forms.get(tag)

def verb_tense(word: str) -> str | None:
    if word in MODALS:
        return "present-1"  # "can answer": fine with a singular subject
    if word in SINGULAR_VERBS:
        return SINGULAR_VERBS[word]
    base = lemma(word, "VERB")
    if base and verb_forms(base).get("VBZ") == word:
        return "present-1"
    return None

def join_sentences(first: str, second: str) -> str:
    """Two clauses as two sentences: "A, and b" → "A. B" ("… in the U.S." keeps its one
    full stop)."""
    first = first.rstrip(" ,;:")
    end = "" if first.endswith((".", "!", "?")) else "."
    return f"{first}{end} {second[0].upper()}{second[1:]}"


def lower_first(phrase: str) -> str:
    """"Most studies" → "most studies" after "But"; names and abbreviations ("Dr Patel",
    "NSAIDs", "Kratom" unknown to the lexicon) keep their capital."""
    word = phrase.split()[0]
    known = word.lower() in DETERMINERS or all(readings(p) for p in word.split("-") if p)
    if word[1:] != word[1:].lower() or not known or word in {"Dr", "Mr", "Mrs", "Ms", "I"}:
        return phrase
    return phrase[0].lower() + phrase[1:]
