"""Patterns for the kinds of claim that are not "remedy + effect + disease" (replacing
medicine, "safe for babies", testimonials, conspiracy framing, miracles, detox), and for the
scope that makes a sentence with claim words responsible text (refutation, negation,
warning, advice, reported claims, regulators and health authorities, hypotheticals,
dosing). Each is a named feature of :mod:`plainhealth.safety.claims`.

Written for the project from the labelling rule of the claims data, never from its
sentences; general forms only.
"""

from __future__ import annotations

from typing import Any

import regex

_F = regex.IGNORECASE | regex.V0
MEDS = (r"(?:meds|medications?|medicines?|drugs|pills|prescriptions?|pharmaceuticals?|"
        r"insulin|chemo(?:therapy)?|statins?|antibiotics|antidepressants|inhalers?|"
        r"shots|injections|surgery|radiation|radiotherapy|metformin|vaccines?|"
        r"blood\s+pressure\s+(?:pills|meds|medications?)|treatments?)")
DOCTOR = (r"(?:doctors?|physicians?|pharmacists?|GP|health\s*care\s+(?:providers?|professionals?|"
          r"team)|provider|nurse|practitioner|medical\s+professionals?)")


def _c(pattern: str) -> Any:
    return regex.compile(pattern, _F)


STRUCTURE: tuple[tuple[str, Any], ...] = (
    ("replace", _c(
        rf"\b(?:get|come|go|getting|got|wean\w*|stay)\s+(?:\w+\s+){{0,2}}off\s+(?:\w+\s+){{0,3}}{MEDS}"
        rf"|\bno\s+(?:more|longer\s+(?:need|take|have\s+to))\s+(?:\w+\s+){{0,3}}{MEDS}"
        rf"|\b(?:without|minus|instead\s+of|in\s+place\s+of|rather\s+than|beyond|ditch|skip|"
        rf"replace\w*|alternatives?\s+to|substitutes?\s+for|better\s+(?:option\s+)?than|"
        rf"more\s+effective\s+than|as\s+effective\s+as|just\s+as\s+(?:effective|good)\s+as|"
        rf"free\s+(?:of|from)|need\s+for|resort\w*\s+to|dependen\w+\s+on|rush\s+into)\s+"
        rf"(?:\w+\s+){{0,4}}?{MEDS}\b"
        rf"|\b0\s+meds\b|\bno\s+(?:\w+\s+)?needed\b|\bno\s+longer\s+need"
        rf"|\bnatural\s+(?:alternative|way|solution|remed\w+|treatment)"
        rf"|\balternative\s+(?:way|remed\w+|treatment|medicine|therap\w+|approach)")),
    ("vulnerable", _c(
        r"\b(?:safe|gentle|mild|harmless)\s+(?:\w+\s+){0,3}(?:for|in|during)\s+(?:\w+\s+){0,2}"
        r"(?:babies|baby|infants?|newborns?|toddlers?|kids|children|pregnan\w+|"
        r"nursing|breastfeeding|elderly|seniors|everyone|all\s+ages|the\s+whole\s+family)"
        r"|\bnon[\s-]*toxic\b|\bno\s+one\s+has\s+(?:ever\s+)?died|\bharmless\b"
        r"|\b(?:minimal|few|no|zero|low)\s+(?:\w+\s+)?(?:side[\s-]*effects?|risks?)\b"
        r"|\bsafe\b(?:\W+\w+){0,6}\W+(?:natural|effective|gentle)\b"
        r"|\b(?:natural|gentle)\b(?:\W+\w+){0,3}\W+safe\b")),
    ("testimonial", _c(
        r"\b(?:I|my|me|I['’]ve|I['’]m|we|our\s+(?:son|daughter|child|baby))\b(?:\W+\w+){0,8}?\W+"
        r"(?:cured|healed|reversed|recovered|overc[oa]me|beat|gone|disappeared|shr[ua]nk|"
        r"got\s+rid|free\s+of|no\s+longer|recover|reverse|cure|heal|shrink|disappear)\b"
        r"|\b(?:patients?|he|she|they|\w+['’]s\s+(?:son|daughter))\s+(?:\w+\s+){0,3}?"
        r"(?:was|were|has\s+been|have\s+been|got|is)\s+(?:\w+\s+)?(?:healed|cured|"
        r"recovered|tumou?r[\s-]free|cancer[\s-]free)\b"
        r"|\b(?:cured|healed|reversed|overcame|beat)\s+(?:my|his|her|their)\b"
        r"|\bhow\s+I\s+(?:\w+\s+)?(?:healed|cured|overcame|beat|reversed|recovered|got)\b"
        r"|\b(?:has|have|had)\s+been\s+(?:completely\s+|fully\s+)?(?:healed|cured)\s+"
        r"(?:by|through|with|after|thanks)\b"
        r"|\b(?:astonish\w*|miracul\w*|amaz\w*)\b(?:\W+\w+){0,8}?\W+(?:worked|get\s+rid|"
        r"recovery|disappeared)\b")),
    ("conspiracy", _c(
        r"\bbig\s+pharma\b|\b(?:drug|pharmaceutical|chemical)\s+(?:companies|industry|"
        r"corporations|cartel|giants|lobby)\b|\bforbidden\s+cures?\b|"
        r"\b(?:suppress|hid|hide|bur(?:y|ie))\w*\s+(?:\w+\s+){0,3}?(?:cures?|truth|information|"
        r"research|remed\w+|evidence|studies|knowledge)\b|\b(?:cures?|remed\w+|truth)\s+"
        r"(?:\w+\s+){0,3}?(?:suppressed|hidden|buried)\b|"
        r"\b(?:they|doctors?|your\s+doctor|the\s+government|the\s+FDA)\s+(?:\w+\s+)?(?:don['’]t|"
        r"doesn['’]t|won['’]t|will\s+never)\s+(?:want\s+you\s+to\s+)?(?:tell|know|want)\b"
        r"|\bscam\s+for\s+money\b|\bfor\s+profit\b|\bpatent\w*\b")),
    ("anti-medicine", _c(
        rf"\bmask\w*\s+(?:the\s+)?symptoms\b|\broot\s+(?:of\s+the\s+problem|cause)\b"
        rf"|\bmodern\s+medicine\b|\bconventional\s+(?:medicine|treatments?|doctors)\b"
        rf"|\b(?:synthetic|harmful|toxic|dangerous|harsh)\s+(?:synthetic\s+)?{MEDS}"
        rf"|\b(?:vaccines?|chemo\w*|statins?|{MEDS})\s+(?:\w+\s+){{0,4}}?(?:cause|screw|damage|"
        rf"poison|kill|toxins?|worse|detrimental|dangerous|ineffective|unnecessary|scam)\w*"
        rf"|\bdependent\s+on\s+(?:meds|drugs)\b|\bband[\s-]aid\b|\brevenue\b|\bmoney\b")),
    ("miracle", _c(
        r"\bmiracle\w*\b|\bmiracul\w*\b|\bguarantee\w*\b|\bwonder\w*\b|\bbreakthrough\b|"
        r"\bincredible\b|\bastonishing\b|\bpowerful\b|\bsecret\b|\bovernight\b|"
        r"\bwithin\s+(?:days|weeks|minutes|hours)|\bin\s+(?:just\s+)?(?:days|weeks|minutes)\b|"
        r"\b(?:all|every|any|virtually\s+every)\s+(?:types?\s+of\s+)?(?:diseases?|illness\w*|"
        r"ailments?|forms\s+of\s+cancer|cancers?)\b|\bcure[\s-]*all\b|\bproven\b|\bproves?\b|"
        r"\b#1\b|\bnumber\s+one\b|\bworks?\s+wonder\w*|\bdrastic\w*\b|\bproved\b")),
    ("detox", _c(
        r"\bdetox\w*|\bcleans\w+|\bflush\w*|\btoxins?\b|\bpoisonous\s+substances\b|\bpurif\w+|"
        r"\bimmun\w+|\bdefen[cs]es?\b|\bcarcinogens?\b|\balkaline\b|\bfree\s+radicals\b")),
    ("protection", _c(
        r"\bprotect\w*\s+(?:\w+\s+){0,3}?(?:against|from)\b|\bward\w*\s+off\b|\bshield\b|"
        r"\bguard\w*\s+against\b|\bcan['’]t\s+survive\b|\bkeeps?\s+(?:\w+\s+)?away\b|"
        r"\bfight\w*\s+(?:off\s+)?(?:infections?|viruses|germs|disease)")),
    ("absolute", _c(
        r"\b(?:100\s*%|hundred\s*%|100\s+per\s*cent|permanently|for\s+good|once\s+and\s+for\s+all|"
        r"completely|entirely|totally|forever|for\s+life|never\s+again|no\s+more|"
        r"at\s+last|finally|until\s+now|all[\s-]natural)\b")),
    ("approved", _c(r"\b(?:FDA|government)[\s-]+(?:approved|certified|registered|cleared)\b")),
    ("benefit", _c(
        r"\b(?:can|may|might|could|will|does|helps?|helped|helping|effective|useful|"
        r"great|good|excellent)\s+(?:\w+\s+){0,2}?(?:help|treat|cure|heal|reduce|relieve|"
        r"ease|lower|improve|prevent|reverse|fight|kill|remove|balance|for|in|against)\b")),
    ("imperative", _c(
        r"^\W*(?:treats?|cures?|heals?|reverses?|prevents?|kills?|shrinks?|fights?|stops?|"
        r"relieves?|eases?|lowers?|eliminates?|destroys?|wipes?|beats?|dissolves?|reduces?|"
        r"removes?|protects?|boosts?|breaks?|avoid|discover|imagine|say\s+goodbye|target|"
        r"causes?|selectively|more\s+effective)\b")),
)

AUTHORITY = (r"(?:(?-i:FDA|FTC|CDC|WHO|NIH|NCI|NCCIH|NIDA|EMA|NHS|NICE|MHRA)|"
             r"Health\s+Canada|agency|the\s+agency|regulators?|watchdogs?|officials|authorities|government|"
             r"Food\s+and\s+Drug\s+Administration|Federal\s+Trade\s+Commission|World\s+Health|"
             r"Centers?\s+for\s+Disease|National\s+(?:Cancer|Institutes?|Library|Center)|"
             r"American\s+(?:Cancer|Heart|Diabetes|Academy)|Cancer\s+(?:Research|Council)|"
             r"Mayo\s+Clinic|medical\s+(?:community|experts?)|experts?|scientists?|researchers)")

SCOPE: tuple[tuple[str, Any], ...] = (
    ("scope:no-cure", _c(
        r"\b(?:no|not\s+(?:a|any)|isn['’]t\s+(?:a|any)|without\s+a)\s+(?:\w+\s+){0,2}?"
        r"(?:cure|cures|treatment|medicine|remedy|drug|vaccine|supplement|magic|evidence|"
        r"proof|studies|research|data|trials?|medications?|way)\b|\bno\s+(?:known|permanent|"
        r"effective|specific|magic|single|approved)\b|\bnothing\s+(?:can|will|cures?)\b")),
    ("scope:not-shown", _c(
        r"\b(?:not|never|n['’]t|hasn['’]t|haven['’]t)\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?"
        r"(?:proven|proved|shown|approved|studied|tested|established|supported|able|"
        r"effective|recognized|considered|enough|known|guaranteed|regulated|evaluated)\b"
        r"|\b(?:unproven|unsupported|unsubstantiated|ineffective|questionable|unknown|"
        r"inconclusive|unclear|insufficient|lack\w*|sketchy|useless|nonsense)\b"
        r"|\b(?:does|do|did|will|would|can|could|should)\s*(?:not|n['’]t)\s+(?:\w+\s+)?"
        r"(?:work|cure|treat|help|protect|prevent|kill|support|affect|equate|mean|"
        r"replace|reverse|be\s+used)\b|\bno\s+more\s+effective\s+than\b|\bto\s+no\s+avail\b"
        r"|\bdon['’]t\s+(?:yet\s+)?know\b|\bnot\s+yet\b|\bnot\s+a\s+(?:cure|substitute|"
        r"replacement|treatment|vitamin)\b|\brather\s+than\s+treating\b")),
    ("scope:false", _c(
        r"\b(?:false(?:ly)?|bogus|fraud\w*|scams?|deceiv\w*|decept\w*|mislead\w*|myths?|"
        r"untrue|fake|hoax|debunk\w*|quack\w*|sham|illegal\w*|unscrupulous|cruel|"
        r"so[\s-]called|supposed(?:ly)?|purport\w*|alleged\w*|hype[ds]?|touted|peddl\w+|"
        r"exaggerat\w*|overstat\w*|predatory|too\s+good\s+to\s+be\s+true|rebuk\w*|"
        r"fact[\s-]check\w*|the\s+truth\s+is|in\s+reality|reality\s+is|"
        r"mistaken|misconception|misinformation|conspirac\w+|rumou?rs?)\b")),
    ("scope:reported", _c(
        r"\b(?:claim\w*|promis\w*|promot\w+|advertis\w*|market\w*|sold|sell\w*|touts?|"
        r"pitch\w*|labell?ed|described|presented|viewed|perceived|reputation|believ\w*|"
        r"circulat\w*|messages?|posts?|videos?|influencers?|headlines?|websites?|ads?|"
        r"sellers?|vendors?|companies|firms|manufacturers?|makers?|products?\s+that)\b")),
    ("scope:warning", _c(
        r"\b(?:warn\w*|beware|caution\w*|careful|wary|avoid\w*|stay\s+away|red\s+flags?|"
        r"risks?|risky|dangerous|danger|harm(?:s|ed|ful)?|unsafe|not\s+safe|toxic|deadly|death|"
        r"fatal|serious|severe|adverse|damage|concern\w*|alarm\w*|"
        r"don['’]t\s+be\s+fooled|be\s+skeptical|throw\s+away|discontinue|report)\b"
        r"|\binteract\w*\s+with\s+(?:\w+\s+){0,3}?(?:medicines?|medications?|drugs|alcohol|"
        r"supplements?|other|prescriptions?|blood\s+thinners)\b|\binteractions?\b")),
    ("scope:advice", _c(
        rf"\b(?:talk|speak|check|consult|ask|tell|see|inform|contact|call)\w*\s+(?:\w+\s+){{0,3}}?"
        rf"(?:your|a|the|their|his/her|with\s+(?:your|a))\s+(?:\w+\s+)?{DOCTOR}"
        rf"|\b(?:do\s+not|don['’]t|never|should\s+not)\s+(?:stop|start|change|give|take|try|use|"
        rf"treat|double|skip)\b|\bkeep\s+taking\b|\bbefore\s+(?:you\s+)?(?:stop|start|tak|"
        rf"try|us|add|chang)\w*|\bseek\s+(?:medical|help|care)|\bonly\s+a\s+{DOCTOR}"
        rf"|\bprescribed\b|\bmedical\s+(?:supervision|advice|attention)"
        rf"|\bas\s+(?:your|the|a)\s+(?:\w+\s+)?(?:{DOCTOR}|surgeon|dentist|midwife)\s+"
        rf"(?:tells?|told|says?|said|advises?|advised|directs?|directed|prescribes?)\b"
        rf"|\bif\s+you\s+are\s+(?:pregnant|breastfeeding|nursing)\b")),
    ("scope:authority", _c(
        rf"\b{AUTHORITY}\b|\baccording\s+to\b|\bguidelines?\b|\bwarning\s+letters?\b|"
        rf"\bcharg\w+\b|\bsettle\w*\b|\benforcement\b|\bthe\s+Act\b|\bviolat\w+\b|"
        rf"\bconsumers?\b|\bcommission\b|\bletters?\b|\binjunctions?\b|\bcourt\b")),
    ("scope:harm", _c(
        r"\b(?:can|may|could|might|will|to)\s+(?:\w+\s+){0,2}?(?:cause|trigger|damage|"
        r"harm|kill\s+you|lead\s+to|increase\s+(?:the\s+)?risk|worsen|interfere)\b"
        r"|\b(?:caused|causes)\s+(?:\w+\s+){0,2}?(?:deaths?|harm|illness|damage)\b")),
    ("scope:hypothetical", _c(
        r"\b(?:if|whether|unless|suspect\w*|consider\w*|thinking\s+about|in\s+case)\b")),
    ("scope:dosing", _c(
        r"\b(?:dose|doses|dosage|missed|tablespoons?|teaspoons?|drops|mg|ml|capsules?|"
        r"by\s+mouth|orally|after\s+a\s+meal|apply|directed|schedule)\b")),
    ("scope:quoted", _c(  # a claim in scare quotes is reported, not made: “safe”, 'cures'
        r"[“\"][^”\"]{1,80}[”\"]|(?<!\w)‘[^’]{1,80}’(?!\w)|(?<!\w)'[^']{1,80}'(?!\w)")),
    ("scope:natural-course", _c(
        r"\b(?:on\s+(?:their|its|your)\s+own|by\s+(?:themselves|itself)|without\s+"
        r"(?:any\s+)?treatment|self[\s-]limiting|clears?\s+up\s+(?:by|on))\b")),
    ("scope:diagnostic", _c(
        r"\b(?:diagnos\w*|detect\w*|tests?|testing|scans?|imaging|screen(?:s|ing)?|"
        r"investigat\w*|measur\w*|biops\w+|x-rays?|ultrasound|blood\s+work|results?)\b")),
    ("scope:care", _c(
        r"\b(?:you|we|they|your\s+\w+)\s+will\s+(?:\w+\s+)?(?:be|give|need|have|remove|check|"
        r"ask|talk|see|wear|use|help|take)\b|\bafter\s+(?:your\s+|the\s+)?(?:surgery|"
        r"procedure|operation|treatment|appointment)\b|\bhistory\s+of\b")),
    ("scope:descriptive", _c(
        r"\b(?:is|are)\s+(?:a|an|the)\s+(?:\w+\s+){0,3}?(?:mixture|type|kind|form|word|term|"
        r"name|plant|herb|organ|compound|tea)\b|\bis\s+based\s+on\b|\bis\s+used\s+in\s+place\b"
        r"|\btheory\b|\bpresumption\b|\bthe\s+word\b|\bterms?\s+like\b|\bthe\s+term\b")),
    ("scope:vaccine-safe", _c(
        r"\bvaccin\w*\s+(?:\w+\s+){0,4}?(?:safe|effective|protect|reduce|help)\w*"
        r"|\bsafe\w*\s+(?:\w+\s+){0,2}?vaccin\w*")),
    ("scope:side-effect-fact", _c(
        r"\b(?:most|many|some|common|along\s+with)\b(?:\W+\w+){0,5}?\W+side\s+effects?\b"
        r"|\bside\s+effects?\s+(?:may|can|include|are|go)\b|\bunwanted\s+effects\b")),
)
