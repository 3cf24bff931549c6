"""Casualty counts in a sentence: how many were killed, how many injured, and how it is said.

``casualty_mentions(sentence)`` finds every count of dead or injured with its offsets and its
mode — a plain count ("killed two people"), a total that replaces earlier counts ("the death
toll rose to 8"), an addition ("another man was wounded"), a stale count ("earlier reports
said seven") or a zero ("nobody was hurt"). Numbers in words are read by text2num ("two
hundred and fifty" -> 250); "a" or "an" alone is never a number, though "a man was killed" is
one person. Vague amounts ("dozens") keep their phrase and no number; a range keeps its lower
bound, as ACLED does.

``Tally`` folds the mentions of one incident, in text order, into its final totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from text_to_num import text2num

__all__ = ["CasualtyMention", "Tally", "casualty_mentions", "parse_count"]

MAX_COUNT = 100_000  # a larger number is a typo, a statistic or a claim, not one incident's toll

_UNITS = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD = rf"(?:{_TENS})(?:-(?:{_UNITS}))?|{_UNITS}|{_TENS}|hundred|thousand"
_NUM = (
    r"(?:(?:\d{1,3}(?:,\d{3})+|\d+"
    rf"|(?:(?:a|one)\s+(?:hundred|thousand)|{_WORD})(?:(?:\s+and\s+|\s+|-)(?:{_WORD}))*)"
    r"(?:\s+dozen(?!s))?)"  # "two dozen" is 24
)
_VAGUE = (
    r"dozens|scores|hundreds|thousands|several|many|numerous|multiple|a\s+few|a\s+number|"
    r"a\s+dozen|some|a\s+handful|a\s+lot|a\s+large\s+number|a\s+number\s+of"
)
_QUAL = r"(?:(?:at\s+least|more\s+than|over|about|around|nearly|almost|up\s+to|as\s+many\s+as|roughly|approximately|some|another|a\s+further|an\s+additional|a\s+total\s+of|a\s+further)\s+)?"
_RANGE = rf"(?:between\s+)?(?P<n>{_NUM})(?:\s*(?:-|–|to|and|or)\s*(?P<m>{_NUM}))?"
_PERSON = (
    r"(?:people|persons?|civilians?|others|soldiers?|servicem[ae]n|children|child|kids|residents?|"
    r"m[ae]n|wom[ae]n|boys?|girls?|teenagers?|workers?|employees?|victims?|pensioners?|"
    r"passengers?|rescuers?|firefighters?|police(?:m[ae]n|\s+officers)?|officers?|journalists?|"
    r"volunteers?|infants?|babies|baby|toddlers?|students?|adults?|individuals?|members?|"
    r"farmers?|guards?|medics?|doctors?|nurses?|locals?|citizens?|fighters?|troops|"
    r"servicemembers?|service\s+members|residents|drivers?|pilots?|sailors?|seam[ae]n|"
    r"fisherm[ae]n|crew\s+members?|miners?|teachers?|priests?|engineers?|electricians?|"
    r"pedestrians?|cyclists?|motorists?|couriers?|paramedics?|officials?|representatives|"
    r"personnel|more|"
    # a people by name: "ten Russians", "two Palestinians", "three Israelis"
    r"(?-i:[A-Z][a-z]+(?:ians|ans|ese|is)))"
)
_WHO = rf"(?:(?:[\w’'-]+\s+){{0,3}}?{_PERSON})"
_BE = r"(?:(?:were|was|(?:have|has|had)\s+(?:also\s+|since\s+|now\s+|reportedly\s+)?been|are|is|got|being)\s+)?(?:(?:reportedly|also|later|all|both|seriously|critically|slightly|severely|fatally|mortally|reported)\s+)*"
# "three crew members, citizens of Georgia, were injured": who they were, between commas
_APPOSITION = r"(?:(?<=[a-z])\s*,\s*[^,.;:\"“”]{2,50}?,)?"
_KILL_ADJ = r"killed|dead|died|perished|lost\s+their\s+lives|lost\s+his\s+life|lost\s+her\s+life|slain|fatalities|deaths|bodies"
_HURT_ADJ = r"injured|wounded|hurt|injuries|injury|casualties|hospitali[sz]ed"
_KILL_VERB = r"killed|killing|kills|claimed\s+the\s+lives\s+of|took\s+the\s+lives\s+of"
_HURT_VERB = r"injured|injuring|injures|wounded|wounding|wounds|hurt|hurting"

_NUM_RE = re.compile(_NUM, re.I)


def parse_count(phrase: str) -> int | None:
    """A number phrase to an int: "two" -> 2, "at least 12" -> 12, "two hundred and fifty" -> 250.

    Vague amounts ("dozens"), "a"/"an" alone and numbers over 100,000 give None.
    """
    m = _NUM_RE.search(phrase.strip())
    if not m:
        return None
    text = m.group(0).lower()
    dozen = re.match(r"^(.*\S)\s+dozen$", text)
    if dozen:
        base = parse_count(dozen.group(1))
        return base * 12 if base is not None and base * 12 <= MAX_COUNT else None
    if re.fullmatch(r"[\d,]+", text):
        value = int(text.replace(",", ""))
    else:
        text = re.sub(r"^a\s+", "one ", text)
        try:
            value = int(text2num(re.sub(r"\s+", " ", text), "en"))
        except ValueError:
            # text2num is strict about order ("one two"): keep the leading well-formed part
            first = text.split()[0]
            try:
                value = int(text2num(first, "en"))
            except ValueError:
                return None
    return value if value <= MAX_COUNT else None


@dataclass
class CasualtyMention:
    kind: str  # "fatalities" | "injured"
    value: int | None  # None: vague ("dozens")
    mode: str  # "plain" | "total" | "add" | "stale" | "zero"
    raw: str
    start: int
    end: int
    who: str = ""  # the victims named ("worker", "crew member"); "" when only people or a number


def _count(group_n: str | None, group_m: str | None = None) -> int | None:
    if not group_n:
        return None
    value = parse_count(group_n)
    if group_m is not None:
        other = parse_count(group_m)
        if value is not None and other is not None:
            return min(value, other)
    return value


_TOTAL_CUE = re.compile(
    r"(?:rose|risen|rises|rising|increased|increases|climbed|grown|grew|jumped|reached|now|total(?:ed|led)?|in\s+total|altogether|updated|stands\s+at|stood\s+at|up\s+to)\s*(?:to|at)?\s*$",
    re.I,
)
_ADD_CUE = re.compile(r"(?:another|a\s+further|an?\s+additional|also|one\s+more)\s+$", re.I)
_STALE_CUE = re.compile(
    r"\b(?:earlier\s+reports?|initially|previously|initial\s+reports?|earlier\s+(?:it\s+was|data|information)|had\s+earlier|was\s+earlier)\b",
    re.I,
)

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "the death toll rose to 8", "the number of wounded has increased to 13"
    (
        "fatalities",
        re.compile(
            rf"\b(?:death\s+toll|(?<!injury\s)toll|number\s+of\s+(?:the\s+)?(?:dead|killed|deaths|fatalities|people\s+killed|victims\s+killed))\b[^.;]{{0,60}}?\b(?:rose|risen|rises|climbed|increased|reached|grew|grown|jumped|is|was|stands|stood|now\s+stands|has\s+reached)\s+(?:to\s+|at\s+)?{_QUAL}{_RANGE}",
            re.I,
        ),
    ),
    (
        "injured",
        re.compile(
            rf"\b(?:injury\s+toll|number\s+of\s+(?:the\s+)?(?:injured|wounded|injuries|people\s+(?:injured|wounded)|victims|casualties)(?:\s+people)?)\b[^.;]{{0,120}}?\b(?:rose|risen|rises|climbed|increased|reached|grew|grown|jumped|is|stands|stood|has\s+reached)\s+(?:to\s+|at\s+)?{_QUAL}{_RANGE}",
            re.I,
        ),
    ),
    # "left three people injured", "leaving two dead"
    (
        "by_word",
        re.compile(
            rf"\b(?:left|leaving|leaves)\s+{_QUAL}(?:{_RANGE}|(?P<v>{_VAGUE}))\s+{_WHO}?\s*(?:of\s+them\s+)?(?P<w>dead|killed|injured|wounded|hurt)\b",
            re.I,
        ),
    ),
    # "killed two people", "killing at least 12", "claimed the lives of three"
    (
        "fatalities",
        re.compile(
            rf"\b(?:{_KILL_VERB})\s+{_QUAL}(?:{_RANGE}|(?P<v>{_VAGUE}))\b(?!\s*(?:-|–)?\s*year)(?!\s+(?:times|kilomet|km|miles|percent|%|drones|missiles))",
            re.I,
        ),
    ),
    (
        "injured",
        re.compile(
            rf"\b(?:{_HURT_VERB})\s+{_QUAL}(?:{_RANGE}|(?P<v>{_VAGUE}))\b(?!\s*(?:-|–)?\s*year)(?!\s+(?:times|kilomet|km|miles|percent|%|drones|missiles))",
            re.I,
        ),
    ),
    # "two people were killed", "8 dead", "three more were wounded"
    (
        "fatalities",
        re.compile(
            rf"(?<![\w-]){_QUAL}(?:{_RANGE}|(?P<v>{_VAGUE}))\s+(?:more\s+)?(?:of\s+them\s+)?{_WHO}?{_APPOSITION}\s*(?:more\s+)?{_BE}(?:{_KILL_ADJ})\b",
            re.I,
        ),
    ),
    (
        "injured",
        re.compile(
            rf"(?<![\w-]){_QUAL}(?:{_RANGE}|(?P<v>{_VAGUE}))\s+(?:more\s+)?(?:of\s+them\s+)?{_WHO}?{_APPOSITION}\s*(?:more\s+)?{_BE}(?:{_HURT_ADJ})\b",
            re.I,
        ),
    ),
    # "the bodies of two victims"
    (
        "fatalities",
        re.compile(rf"\bbodies\s+of\s+{_QUAL}{_RANGE}\b", re.I),
    ),
]

# One person named by what they were or did ("a harbour pilot", "a 43-year-old man")
_ONE_PERSON = (
    r"(?:person|man|woman|child|boy|girl|teenager|civilian|resident|soldier|serviceman|driver|"
    r"worker|employee|pensioner|passenger|rescuer|firefighter|policeman|police\s+officer|"
    r"officer|journalist|volunteer|infant|baby|toddler|student|adult|farmer|guard|medic|doctor|"
    r"nurse|local|citizen|fighter|servicemember|individual|pilot|sailor|seaman|fisherman|"
    r"crew\s+member|miner|teacher|priest|engineer|electrician|pedestrian|cyclist|motorist|"
    r"courier|paramedic|official|mayor|entrepreneur|businessman|businesswoman|activist|"
    r"collaborator|blogger|reporter|photographer|cameraman|commander)"
)
# One person: "a 43-year-old man was killed", "another woman sustained wounds".
_ONE = re.compile(
    r"(?<![\w-])(?<!no\s)(?<!not\s)(?<!no-)(?P<det>a|an|one|another|the\s+other|the)\s+(?:[\w’'-]+\s+){0,3}?"
    + _ONE_PERSON
    + r"\b(?P<rest>[^.;]{0,60}?)\b(?P<w>was\s+killed|died|was\s+(?:also\s+)?(?:seriously\s+|critically\s+|slightly\s+)?(?:injured|wounded|hurt)|has\s+been\s+(?:killed|injured|wounded)|had\s+been\s+(?:killed|injured|wounded)|sustained\s+(?:[\w-]+\s+){0,2}(?:wounds|injuries|injury|trauma)|suffered\s+(?:[\w-]+\s+){0,2}(?:wounds|injuries|injury|trauma)|received\s+(?:[\w-]+\s+){0,2}(?:wounds|injuries|injury)|was\s+hospitali[sz]ed\s+with\s+(?:[\w-]+\s+){0,2}(?:wounds|injuries))",
    re.I,
)
_KIN = r"(?:his|her|their)\s+(?:son|daughter|wife|husband|mother|father|brother|sister)"
# One person as the object: "wounding a man", "killed a 15-year-old girl", "killing the
# driver", "injuring his wife".
_ONE_OBJECT = re.compile(
    r"\b(?P<w>killing|killed|kills|wounding|wounded|injuring|injured|injures)\s+"
    r"(?:(?:a|an|one|another|the)\s+(?:[\w’'-]+\s+){0,3}?" + _ONE_PERSON + r"|" + _KIN + r")\b",
    re.I,
)
# One more person, of the other kind: "one person dead and another injured", "killing one
# and wounding another"
_ANOTHER = re.compile(
    r"\band\s+another(?:\s+(?:one|person|man|woman|civilian|resident))?\s+"
    r"(?P<w>dead|killed|injured|wounded|hurt)\b"
    r"|\b(?P<v>killing|injuring|wounding|killed|injured|wounded)\s+another\b"
    r"(?!\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten))",
    re.I,
)
# Several ages: "men of 40 and 62 years old were injured", "33- and 47-year-old women died".
_AGES = re.compile(
    r"(?P<ages>\d{1,3}(?:-year-old|-)?(?:\s*(?:,|and)\s*\d{1,3}(?:-year-old|-)?)*\s*(?:,|and)\s*\d{1,3})(?:-year-old|\s+years\s+old)\s+(?:[\w-]+\s+){0,2}?(?:m[ae]n|wom[ae]n|people|residents|children|boys|girls)?\s*(?:were|have\s+been)\s+(?:also\s+)?(?P<w>killed|injured|wounded|hurt)",
    re.I,
)
_AGES3 = re.compile(
    r"\b(?P<w>killing|wounding|injuring)\s+(?P<ages>\d{1,3}(?:-year-old|-)?(?:\s*(?:,|and)\s*\d{1,3}(?:-year-old|-)?)*\s*(?:,|and)\s*\d{1,3})(?:-year-old|\s+years\s+old)",
    re.I,
)
_AGES2 = re.compile(
    r"\b(?:m[ae]n|wom[ae]n|people|residents|victims)\s+(?:aged|of)\s+(?P<ages>\d{1,3}(?:\s*(?:,\s*(?:and\s+)?|and\s+)\d{1,3})+)(?:\s+years\s+old)?\s+(?:were|have\s+been)\s+(?:\w+ly\s+)?(?P<w>killed|injured|wounded|hurt|hospitali[sz]ed)",
    re.I,
)
# Conjoined victims: "a woman and two boys died", "a man and his son were wounded".
_GROUP = (
    r"(?:(?:\d+|"
    + _WORD
    + r"|a|an|one|another)\s+(?:[\w’'-]+\s+){0,2}?"
    + _PERSON
    + r"|"
    + _KIN
    + r")"
)
_CONJ = re.compile(
    rf"(?<![\w-])(?P<list>{_GROUP}(?:\s*,\s*{_GROUP})*\s+and\s+{_GROUP})\s+{_BE}(?P<w>killed|died|injured|wounded|hurt)\b",
    re.I,
)
_ZERO = [
    (
        ("fatalities", "injured"),
        re.compile(
            r"\b(?:there\s+(?:were|was|are|is)\s+no\s+(?:\w+\s+){0,2}?casualties|no\s+(?:\w+\s+)?casualties\s+(?:were|have\s+been|was)\s+reported|without\s+casualties|no\s+one\s+(?:was|has\s+been|had\s+been|were)\s+(?:killed\s+or\s+)?(?:hurt|injured|harmed)|nobody\s+(?:was|has\s+been|had\s+been)\s+(?:killed\s+or\s+)?(?:hurt|injured|harmed)|no\s+(?:reports?|reported)\s+(?:of\s+)?(?:casualties|victims|injuries|injured)|no\s+(?:casualties|victims|injuries|injured)\s+(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?reported|with\s+no\s+(?:reported\s+)?(?:casualties|victims)|no\s+(?:people|one)\s+(?:were|was)\s+(?:killed\s+or\s+)?(?:hurt|injured|harmed)|caused\s+no\s+casualties|no\s+casualties|no\s+victims|no\s+damage\s+or\s+casualties|no\s+(?:deaths|fatalities)\s+or\s+injuries|no\s+injuries\s+or\s+deaths)\b",
            re.I,
        ),
    ),
    (
        ("fatalities",),
        re.compile(
            r"\b(?:no\s+one\s+was\s+killed|nobody\s+was\s+killed|no\s+(?:deaths|fatalities)\s+(?:were|have\s+been)\s+reported|there\s+were\s+no\s+(?:deaths|fatalities))\b",
            re.I,
        ),
    ),
    (
        ("injured",),
        re.compile(
            r"\b(?:no\s+(?:injuries|injured|wounded)\s+(?:were|have\s+been)\s+reported|there\s+were\s+no\s+(?:injuries|injured|wounded)|no\s+one\s+was\s+(?:hurt|injured|wounded)|nobody\s+was\s+(?:hurt|injured|wounded)|without\s+injuries)\b",
            re.I,
        ),
    ),
]
_UNKNOWN = re.compile(
    r"\b(?:no\s+information\s+(?:about|on|regarding)|being\s+(?:established|determined|clarified|specified)|(?:is|are)\s+being\s+(?:established|clarified)|not\s+yet\s+known|unknown)\b",
    re.I,
)


_SAME_VICTIMS = {
    "serviceman": "soldier",
    "servicemember": "soldier",
    "service member": "soldier",
    "troop": "soldier",
    "fighter": "soldier",
    "policeman": "police officer",
    "officer": "police officer",
    "kid": "child",
    "children": "child",
    "baby": "infant",
    "babie": "infant",
    "toddler": "child",
    "boy": "child",
    "girl": "child",
    "teenager": "child",
    "medic": "paramedic",
    "seaman": "sailor",
}
_ANY_VICTIMS = {
    "people",
    "person",
    "civilian",
    "resident",
    "other",
    "individual",
    "victim",
    "more",
    "local",
    "citizen",
    "member",
    "adult",
}
_VICTIM_NOUN = re.compile(rf"\b{_PERSON}\b", re.I)


def victims_named(raw: str) -> str:
    """Who a count names, as one word: "a dock worker was hurt" -> "worker", "four crew
    members" -> "crew member", "two people" -> "" (anyone: it may include the others)."""
    nouns = [m.group(0) for m in _VICTIM_NOUN.finditer(raw)] or [
        m.group(0) for m in re.finditer(rf"\b{_ONE_PERSON}\b", raw, re.I)
    ]
    if not nouns:
        return ""
    word = re.sub(r"\s+", " ", nouns[0].lower())
    word = re.sub(r"men$", "man", word)
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    word = _SAME_VICTIMS.get(word, word)
    return "" if word in _ANY_VICTIMS else word


def _mode(sentence: str, start: int) -> str:
    before = sentence[max(0, start - 40) : start]
    if _TOTAL_CUE.search(before):
        return "total"
    if _ADD_CUE.search(before) or re.match(r"\s*more\b", sentence[start:].split(" ", 1)[-1]):
        return "add"
    return "plain"


def casualty_mentions(sentence: str) -> list[CasualtyMention]:
    """Every count of dead or injured in one sentence, in text order."""
    found: list[CasualtyMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    def add(kind: str, value: int | None, mode: str, a: int, b: int) -> None:
        raw = sentence[a:b].strip()
        found.append(CasualtyMention(kind, value, mode, raw, a, b, victims_named(raw)))
        taken.append((a, b))

    stale_at = [m.end() for m in _STALE_CUE.finditer(sentence)]

    def is_stale(position: int) -> bool:
        """An earlier figure: after "earlier reports" and before any ";" or "now"/"since"."""
        return any(
            at <= position
            and not re.search(r";|\b(?:now|since|later|but)\b", sentence[at:position])
            for at in stale_at
        )

    unknown = _UNKNOWN.search(sentence) is not None
    for kinds, pattern in _ZERO:
        for m in pattern.finditer(sentence):
            if free(m.start(), m.end()) and not unknown:
                for kind in kinds:
                    found.append(CasualtyMention(kind, 0, "zero", m.group(0), m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for pattern in (_AGES, _AGES2, _AGES3):
        for m in pattern.finditer(sentence):
            if not free(m.start(), m.end()):
                continue
            ages = re.findall(r"\d{1,3}", m.group("ages"))
            kind = "fatalities" if m.group("w").lower() in ("killed", "killing") else "injured"
            add(kind, len(ages), "stale" if is_stale(m.start()) else "plain", m.start(), m.end())
    for m in _CONJ.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        total = 0
        for part in re.split(r"\s*,\s*|\s+and\s+", m.group("list")):
            words = part.split()
            if not words:
                continue
            value = (
                1
                if words[0].lower() in ("a", "an", "one", "another", "his", "her", "their")
                else parse_count(words[0])
            )
            if value is None:
                total = -1
                break
            total += value
        if total > 0:
            kind = "fatalities" if m.group("w").lower() in ("killed", "died") else "injured"
            add(
                kind,
                total,
                "stale" if is_stale(m.start()) else _mode(sentence, m.start()),
                m.start(),
                m.end(),
            )
    for label, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            a, b = m.span()
            if not free(a, b):
                continue
            if label == "by_word":
                word = m.group("w").lower()
                kind = "fatalities" if word in ("dead", "killed") else "injured"
            else:
                kind = label
            vague = m.groupdict().get("v")
            if vague:
                add(kind, None, "plain", a, b)
                continue
            value = _count(m.group("n"), m.groupdict().get("m"))
            if value is None:
                if re.fullmatch(r"[\d,]+", m.group("n") or ""):
                    add(kind, None, "plain", a, b)  # "999999999 killed": kept as written
                continue
            if re.search(r"\b(?:toll|number\s+of)\b", m.group(0), re.I):
                mode = "total"
            else:
                mode = _mode(sentence, m.start("n"))
                if re.search(r"\bmore\b", sentence[m.end("n") : m.end("n") + 12], re.I):
                    mode = "add"
            add(kind, value, "stale" if is_stale(a) else mode, a, b)
    for m in _ANOTHER.finditer(sentence):
        if free(m.start(), m.end()):
            word = (m.group("w") or m.group("v")).lower()
            kind = "fatalities" if word.startswith(("kill", "dead")) else "injured"
            add(kind, 1, "stale" if is_stale(m.start()) else "plain", m.start(), m.end())
    for m in _ONE_OBJECT.finditer(sentence):
        if free(m.start(), m.end()):
            kind = "fatalities" if m.group("w").lower().startswith("kill") else "injured"
            add(kind, 1, "stale" if is_stale(m.start()) else "plain", m.start(), m.end())
    for m in _ONE.finditer(sentence):
        if not free(m.start(), m.end()):
            continue
        if re.search(r"\b(?:and|or)\b", m.group("rest")) and re.search(
            r"\b(?:were|are)\b", m.group("rest")
        ):
            continue
        word = m.group("w").lower()
        kind = "fatalities" if ("killed" in word or word == "died") else "injured"
        mode = "add" if m.group("det").lower() in ("another",) else "plain"
        add(kind, 1, "stale" if is_stale(m.start()) else mode, m.start(), m.end())
    found.sort(key=lambda c: c.start)
    return found


@dataclass
class Tally:
    """The running totals of one incident, folded from its mentions in text order."""

    fatalities: int | None = None
    injured: int | None = None
    raw: dict[str, str] = field(default_factory=dict)
    # who the counts so far named, per kind ("" once any count named only "people")
    victims: dict[str, set[str]] = field(default_factory=dict)
    # kinds whose count so far is an earlier figure ("according to initial reports, 10"):
    # kept while nothing else is said, replaced by the next figure, up or down
    earlier: set[str] = field(default_factory=set)

    def add(self, mention: CasualtyMention) -> None:
        current = getattr(self, mention.kind)
        self.raw.setdefault(mention.kind, mention.raw)
        if mention.value is None:
            return
        if mention.mode == "stale":
            if current is None:
                setattr(self, mention.kind, min(mention.value, MAX_COUNT))
                self.earlier.add(mention.kind)
            return
        if mention.kind in self.earlier and mention.mode in ("plain", "total"):
            self.earlier.discard(mention.kind)
            current = None  # "initially five … now eight", "… later revised to three"
        named = self.victims.setdefault(mention.kind, set())
        if mention.mode == "zero":
            value = current if current else 0
        elif mention.mode == "add" and current is not None:
            value = current + mention.value
        elif (
            mention.mode == "plain"
            and current
            and mention.value > 1  # one person described again is likely the same one
            and mention.who
            and named
            and "" not in named
            and mention.who not in named
        ):
            # "a dock worker was hurt … four sailors were wounded": other victims
            value = current + mention.value
        else:
            value = max(current or 0, mention.value)
        if mention.value:
            named.add(mention.who)
        setattr(self, mention.kind, min(value, MAX_COUNT))
