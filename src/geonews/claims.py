"""Claims: who said what, about which places.

Three shapes of reported speech are read:

- a speech verb with its speaker as subject — said, stated, wrote, emphasized, declared,
  reiterated, suggested, expressed, added, revealed, indicated, noted, warned, proposed … —
  whose content is the reported clause ("… emphasized that Ukraine has not received …");
- a quotation attributed before or after it ("Klitschko stated, “…”", "“…” Trump wrote."),
  however many sentences it runs over;
- "according to X".

Speakers are people named in full somewhere in the article: a surname or "He" is resolved to
the full name ("Klitschko" -> "Vitali Klitschko"), and the role is the title written before
the name ("Kyiv Mayor", "U.S. Vice President", "Russia’s Foreign Minister"). A claim's places
are the toponyms inside its content.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geonews import lexicon
from geonews.events import Evidence, quote_spans
from geonews.geoparse import Toponym
from geonews.parsed import entities, entities_in, tokens_lowered

__all__ = ["Claim", "extract_claims"]

# Reporting verbs in any tense and voice (the shared lexicon), less those that mostly mean
# something else in war news ("continue", "call", "ask", "point", "describe").
_SAY = lexicon.REPORTING_VERBS - {
    "continue",
    "call",
    "ask",
    "point",
    "describe",
    "publish",
    "answer",
    "respond",
    "reply",
    "promise",
    "threaten",
    "demand",
    "recall",
    "detail",
    "cite",
    "quote",
}
_SAY_FORMS = r"said|says|stated|states|wrote|writes|added|adds|emphasized|declared|told|noted|warned|insisted|stressed|explained|asked|continued|remarked|reported|reports|posted|announced|claimed|informed"
_ROLE_WORDS = lexicon.ROLE_WORDS
_PRONOUNS = {"he", "she", "they"}
# Heads of noun phrases that name an institution or a group that can make a statement.
_INSTITUTIONS = {
    # offices speak too: "the president told reporters", "the EU foreign policy chief said"
    "president",
    "minister",
    "chief",
    "commander",
    "secretary",
    "chancellor",
    "premier",
    "envoy",
    "ambassador",
    "diplomat",
    "ministry",
    "service",
    "police",
    "military",
    "army",
    "authorities",
    "authority",
    "officials",
    "official",
    "administration",
    "office",
    "staff",
    "forces",
    "force",
    "government",
    "kremlin",
    "command",
    "council",
    "agency",
    "committee",
    "presidency",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "headquarters",
    "governor",
    "mayor",
    "department",
    "directorate",
    "guard",
    "defences",
    "defenses",
    "center",
    "centre",
    "mission",
    "brigade",
    "corps",
    "formation",
    "prosecutor",
    "prosecutors",
    "institute",
    "operator",
    "company",
    "embassy",
    "media",
    "channel",
    "fleet",
    "navy",
    "rescuers",
    "parliament",
    "cabinet",
    "court",
}
# Words for a statement itself: "the post said", "the statement reads" — its author is the
# speaker named before.
_STATEMENT_WORDS = {"post", "statement", "message", "report", "release", "update", "notice"}


@dataclass
class Claim:
    speaker: str | None
    speaker_role: str | None
    text: str
    places: list[Toponym]
    evidence: Evidence
    content_start: int
    content_end: int
    confidence: float = 0.7
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "text": self.text,
            "places": [
                {
                    "name": p.name,
                    "geonameid": p.geonameid,
                    "lat": p.lat,
                    "lon": p.lon,
                    "kind": p.kind,
                    "country_code": p.country_code,
                    "admin1_code": p.admin1_code,
                    "start": p.start,
                    "end": p.end,
                }
                for p in self.places
            ],
            "evidence": {
                "start": self.evidence.start,
                "end": self.evidence.end,
                "text": self.evidence.text,
            },
            "confidence": self.confidence,
        }


class _People:
    """Full names and roles of the people an article names, for coreference."""

    def __init__(self) -> None:
        self.roles: dict[str, str | None] = {}
        self.by_part: dict[str, str] = {}
        self.last: str | None = None
        self.mentions: list[tuple[int, str]] = []  # (char offset, full name), in text order
        self.last_speaker: str | None = None  # of the latest claim: "the post said", "it added"

    def last_before(self, position: int) -> str | None:
        found = None
        for at, full in self.mentions:
            if at >= position:
                break
            found = full
        return found

    def add(self, full: str, role: str | None) -> None:
        if full not in self.roles or (role and not self.roles[full]):
            self.roles[full] = role
        for part in full.split():
            key = part.lower().strip(".")
            if len(key) > 2:
                self.by_part.setdefault(key, full)

    def resolve(self, name: str) -> str:
        name = _clean_name(name)
        if name in self.roles:
            return name
        parts = name.split()
        if len(parts) == 1:
            return self.by_part.get(parts[0].lower().strip("."), name)
        for full in self.roles:
            if full.endswith(" " + parts[-1]) and len(full) > len(name):
                return full
        return name


def _clean_name(name: str) -> str:
    return re.sub(r"[’']s$", "", name.strip()).strip()


def _role_before(doc: Any, start: int) -> str | None:
    """Title words written just before a name: "U.S. Vice President", "Kyiv Mayor"."""
    tokens: list[Any] = []
    k = start - 1
    while k >= 0 and len(tokens) < 7:
        tok = doc[k]
        word = tok.lower_.strip(".")
        if (
            word in _ROLE_WORDS
            or tok.text in ("’s", "'s")
            or tok.ent_type_ in ("GPE", "NORP", "ORG")
            or (
                tok.is_title
                and tok.pos_ == "PROPN"
                and (k == 0 or doc[k - 1].text not in (".", ","))
            )
        ):
            tokens.append(tok)
            k -= 1
            continue
        break
    if not tokens:
        return None
    tokens.reverse()
    while tokens and tokens[0].lower_ in ("the", "’s", "'s"):
        tokens.pop(0)
    if not tokens or not any(t.lower_.strip(".") in _ROLE_WORDS for t in tokens):
        return None
    span = doc[tokens[0].i : tokens[-1].i + 1]
    return str(span.text)


def _collect_people(docs: list[tuple[int, Any]], places: list[Toponym] | None = None) -> _People:
    people = _People()
    taken = [(t.start, t.end) for t in places or () if t.kind != "demonym"]
    for offset, doc in docs:
        for ent in entities(doc):
            start, end = ent.start_char + offset, ent.end_char + offset
            if any(a < end and start < b for a, b in taken):
                continue  # "Novhorod-Siversky" called PERSON is a place
            if ent.label_ == "PERSON" and len(ent) >= 2:
                people.add(_clean_name(ent.text), _role_before(doc, ent.start))
    for offset, doc in docs:
        for ent in entities(doc):
            full = people.resolve(ent.text)
            if full in people.roles:
                people.mentions.append((ent.start_char + offset, full))
    people.mentions.sort()
    return people


def _claim(
    text: str,
    toponyms: list[Toponym],
    speaker: str,
    role: str | None,
    content: tuple[int, int],
    evidence: tuple[int, int],
    confidence: float,
    exclude: tuple[int, int] | None = None,
) -> Claim:
    """A claim of ``speaker`` whose content and evidence are character ranges of ``text``."""
    (c_start, c_end), (e_start, e_end) = content, evidence
    return Claim(
        speaker,
        role,
        text[c_start:c_end],
        _places_in(toponyms, c_start, c_end, exclude),
        Evidence(e_start, e_end, text[e_start:e_end]),
        c_start,
        c_end,
        confidence,
    )


def _places_in(
    toponyms: list[Toponym], start: int, end: int, exclude: tuple[int, int] | None = None
) -> list[Toponym]:
    found = []
    for t in toponyms:
        if t.kind == "demonym" or t.lat is None or not (start <= t.start and t.end <= end):
            continue
        if exclude and exclude[0] <= t.start < exclude[1]:
            continue
        found.append(t)
    return found


def _speaker_of(token: Any, people: _People) -> tuple[str | None, str | None, tuple[int, int]]:
    """The speaker named by a subject token, with the speaker phrase's character range."""
    subtree = list(token.subtree)
    span = (subtree[0].idx, subtree[-1].idx + len(subtree[-1].text))
    doc = token.doc
    if token.lower_ in _PRONOUNS and people.last:
        return people.last, people.roles.get(people.last), span
    # "The administration of U.S. President Donald Trump"
    if token.lower_ in ("administration", "government", "office", "campaign", "team"):
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for ent in entities(doc):
                    if ent.label_ == "PERSON" and child.i < ent.start <= subtree[-1].i:
                        full = people.resolve(ent.text)
                        return f"{full} {token.lower_}", people.roles.get(full), span
    for ent in entities(doc):
        if ent.start <= token.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            known = people.resolve(ent.text)
            if ent.label_ == "PERSON" or known in people.roles:  # NER calls some surnames ORG/NORP
                full = known
                return full, people.roles.get(full) or _role_before(doc, ent.start), span
            institution = _institution(token)
            if institution and len(institution) > len(ent.text.removeprefix("the ")):
                return institution, None, span  # NER cut "the State Emergency Service of"
            return ent.text.removeprefix("the ").removeprefix("The "), None, span
    for ent in entities(doc):
        if ent.label_ == "PERSON" and subtree[0].i <= ent.start and ent.end <= subtree[-1].i + 1:
            full = people.resolve(ent.text)
            return full, people.roles.get(full) or _role_before(doc, ent.start), span
    if token.pos_ == "PROPN":
        full = people.resolve(token.text)
        if full in people.roles:
            return full, people.roles.get(full), span
    if token.lower_ in ("it", "they") or _lemma(token) in _STATEMENT_WORDS:
        # "the post said", "it added": the author named before
        if people.last_speaker:
            return people.last_speaker, people.roles.get(people.last_speaker), span
        return None, None, span
    institution = _institution(token)
    if institution:
        return institution, None, span
    return None, None, span


def _speaking(verb: Any) -> Any:
    """Who speaks through a reporting verb: its subject, or the agent of a passive ("this was
    reported by the regional administration"); None for "it was reported that"."""
    children = list(verb.children)
    for child in children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children)
    if passive:
        return None
    subject = next((c for c in children if c.dep_ == "nsubj"), None)
    if subject is not None and (
        subject.ent_type_
        or subject.pos_ in ("PROPN", "PRON")
        or _lemma(subject) in _INSTITUTIONS | _STATEMENT_WORDS
    ):
        return subject
    if verb.dep_ == "conj" and verb.head is not verb:
        # "welcomed the talks but warned that …": the first verb's subject, if a
        # person or an institution
        first = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
        if first is not None and (
            first.ent_type_ or first.pos_ in ("PROPN", "PRON") or _lemma(first) in _INSTITUTIONS
        ):
            return first
    # "…, the town's mayor, Oksana Levko, said.", "…, Marta Hnatiuk, the head of the district,
    # wrote": a name just before a subjectless verb, or before an apposition that ends there
    doc = verb.doc
    for ent in reversed(entities(doc)):
        if ent.end > verb.i or verb.i - ent.end > 10:
            continue
        between = doc[ent.end : verb.i]
        if len(between) > 2 and (between[0].text != "," or between[-1].text != ","):
            continue
        named = ent.label_ == "PERSON" or (
            ent.label_ in ("GPE", "ORG", "NORP")
            and len(ent) >= 2
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in ent)
        )
        if named:
            return doc[ent.end - 1]
    return subject


def _according_to(
    doc: Any, according: Any, sent: Any, people: _People
) -> tuple[str, str | None] | None:
    """The source of "according to X": a person named in the phrase first, else "him"/"her",
    else the institution."""
    first = according.i + 2
    if first >= sent.end:
        return None
    phrase = doc[first : min(sent.end, first + 14)]
    stop = next((t.i for t in phrase if t.text in (";", ":") or t.lower_ == "that"), None)
    if stop is not None:
        phrase = doc[first:stop]
    person = next((e for e in entities_in(phrase) if e.label_ == "PERSON"), None)
    if person is not None:
        full = people.resolve(person.text)
        return full, people.roles.get(full) or _role_before(doc, person.start)
    head = doc[first]
    if head.lower_ in ("him", "her") and people.last:
        return people.last, people.roles.get(people.last)
    pobj = next((c for c in doc[according.i + 1].children if c.dep_ == "pobj"), None)
    target = pobj if pobj is not None else head
    org = next((e for e in entities_in(phrase) if e.label_ in ("ORG", "GPE", "NORP")), None)
    if org is not None and target.i >= org.start and target.i < org.end:
        return org.text.removeprefix("the ").removeprefix("The "), None
    institution = _institution(target)
    if institution:
        return institution, None
    if org is not None:
        return org.text.removeprefix("the ").removeprefix("The "), None
    return None


def _lemma(token: Any) -> str:
    return str(token.lemma_).lower()


def _institution(token: Any) -> str | None:
    """ "Russia’s defence ministry", "the Border Guard Service of Moldova", "Ukrainian
    police": the noun phrase of an institution, without articles, appositions or clauses."""
    head_words = {t.lower_ for t in token.subtree} | {_lemma(token)}
    if not (
        _lemma(token) in _INSTITUTIONS
        or token.lower_ in _INSTITUTIONS
        or (token.pos_ == "PROPN" and token.text[:1].isupper())
        or token.ent_type_ in ("ORG", "GPE", "NORP")
    ):
        return None
    if not head_words:
        return None
    keep = [token]
    for child in token.children:
        if child.dep_ in ("appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "neg"):
            continue
        if child.dep_ == "prep" and child.lower_ not in ("of", "for", "on"):
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    first, last = keep[0].i, keep[-1].i
    span = token.doc[first : last + 1]
    words = [t for t in span if not (t.i == first and t.lower_ in ("the", "a", "an"))]
    if not words or len(words) > 16:
        return None
    phrase = token.doc[words[0].i : words[-1].i + 1].text.strip(" ,")
    return phrase or None


def extract_claims(
    docs: Iterable[tuple[int, Any]], toponyms: list[Toponym], text: str
) -> list[Claim]:
    """Claims of one document from its parsed pieces ``(offset, Doc)`` and toponyms."""
    pieces = list(docs)
    people = _collect_people(pieces, toponyms)
    quotes = quote_spans(text)
    claims: list[Claim] = []
    handled_quotes: set[tuple[int, int]] = set()

    s_start = s_end = 0
    for offset, doc in pieces:
        for sent in doc.sents:
            previous = (s_start, s_end)  # "X reported it": what "it" is
            s_start = sent.start_char + offset
            s_end = s_start + len(sent.text.rstrip())
            for ent in entities_in(sent):
                if ent.label_ == "PERSON":
                    full = people.resolve(ent.text)
                    if full in people.roles:
                        people.last = full
            # "according to X"
            for tok in tokens_lowered(sent, ("according",)):
                if not (tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"):
                    continue
                if _inside_quote(quotes, tok.idx + offset):
                    continue
                found = _according_to(doc, tok, sent, people)
                if found is None:
                    continue
                full, role = found
                cut = tok.idx + offset
                content_start, content_end = s_start, cut
                if cut - s_start < 8:
                    # "According to X, ..." opens the sentence: the rest is the content
                    comma = text.find(",", cut + 13, s_end)
                    content_start, content_end = (comma + 1 if comma > 0 else cut), s_end
                while content_end > content_start and text[content_end - 1] in " ,;.":
                    content_end -= 1
                claims.append(
                    _claim(
                        text,
                        toponyms,
                        full,
                        role,
                        (content_start, content_end),
                        (s_start, s_end),
                        0.75,
                    )
                )
                people.last_speaker = full
            # speech verbs with a subject, or with an agent in the passive
            verbs = [t for t in sent if _lemma(t) in _SAY and t.pos_ in ("VERB", "AUX")]
            primary = subject = None
            for verb in verbs:
                subject = _speaking(verb)
                if subject is not None:
                    primary = verb
                    break
            if primary is None or subject is None:
                continue
            if any(c.dep_ == "neg" for c in primary.children):
                continue  # "Kyiv has not claimed responsibility" reports no statement
            verb_start = primary.idx + offset
            if _inside_quote(quotes, verb_start):
                continue
            after = text[verb_start + len(primary.text) : verb_start + len(primary.text) + 4]
            subj_start = min(t.idx for t in subject.subtree) + offset
            if re.match(r"^\s*[,:]?\s*[“\"«]", after) or re.search(
                r"[,!?—][”\"»]\s*$", text[max(0, subj_start - 4) : subj_start]
            ):
                continue  # a quotation's attribution: handled with the quotation
            speaker, role, subj_span = _speaker_of(subject, people)
            if speaker is None:
                continue
            content_verb = next(
                (
                    v
                    for v in [primary, *(t for t in primary.subtree if _lemma(t) in _SAY)]
                    if any(c.dep_ == "ccomp" for c in v.children)
                ),
                None,
            )
            if content_verb is not None:
                ccomp = next(c for c in content_verb.children if c.dep_ == "ccomp")
                c_start = min(t.idx for t in ccomp.subtree) + offset
            else:
                c_start = verb_start + len(primary.text)
            c_end = s_end
            while c_end > c_start and text[c_end - 1] in " .,;!?\n":
                c_end -= 1
            while c_start < c_end and text[c_start] in " ,:":
                c_start += 1
            if re.fullmatch(r"(?:about\s+)?(?:it|this|that|so)", text[c_start:c_end], re.I):
                # "The head of the administration reported it.": the sentence before
                c_start, c_end = previous
            if c_end - c_start < 8 and subj_start - s_start >= 8:
                # "Russian troops shelled Balaklia, Oleg Sinegubov said.": the content comes first
                c_start, c_end = s_start, subj_start
                while c_end > c_start and text[c_end - 1] in " ,;—-":
                    c_end -= 1
            if c_end - c_start < 8:
                continue
            if speaker in people.roles:
                people.last = speaker
            people.last_speaker = speaker
            exclude = (subj_span[0] + offset, subj_span[1] + offset)
            claims.append(
                _claim(
                    text, toponyms, speaker, role, (c_start, c_end), (s_start, s_end), 0.7, exclude
                )
            )

    # quotations attributed before or after them
    for q_start, q_end in quotes:
        if (q_start, q_end) in handled_quotes:
            continue
        speaker = _quote_speaker(text, q_start, q_end, people)
        if speaker == "\x00statement":
            earlier = [c for c in claims if c.evidence.start < q_start and c.speaker]
            speaker = earlier[-1].speaker if earlier else None
        if speaker is None:
            continue
        inner_start, inner_end = q_start + 1, q_end - 1
        claims.append(
            _claim(
                text,
                toponyms,
                speaker,
                people.roles.get(speaker),
                (inner_start, inner_end),
                (q_start, q_end),
                0.8,
            )
        )
        handled_quotes.add((q_start, q_end))
    claims.sort(key=lambda c: c.evidence.start)
    return claims


_NAME = r"((?:[A-Z][\w.’'-]*\s+){0,4}[A-Z][\w.’'-]*|[Hh]e|[Ss]he)"
# where a statement was made: "said on Telegram", "wrote in a statement on X"
_WHERE = r"(?:\s+(?:on|in|via|to|at|during|from)\s+[\w’'.-]+(?:\s+[\w’'.-]+){0,4}?)"


# whom a statement was made to: "told reporters", "told the BBC", "told Reuters"
_HEARER = r"(?:\s+(?:reporters|journalists|the\s+[\w’'.-]+|[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)?))?"
# an office as the speaker: "the president", "Ukraine's foreign minister", "the city's mayor"
_OFFICE = (
    r"((?:[Tt]he\s+)?(?:[A-Z][\w.-]*(?:['’]s)?\s+|[a-z]+['’]s\s+)?(?:[a-z-]+\s+){0,2}"
    r"(?:president|prime\s+minister|minister|mayor|governor|spokes(?:man|woman|person)|"
    r"commander|chief|ambassador|envoy|ministry|military|army|police|prosecutor))"
)


def _quote_speaker(text: str, q_start: int, q_end: int, people: _People) -> str | None:
    """The speaker of a quotation: "X said, “…”" before it, or "“…,” X said." after it."""
    before = text[max(0, q_start - 80) : q_start]
    m = re.search(
        rf"{_NAME}\s+(?:{_SAY_FORMS}|emphasized|reiterated|revealed|indicated)(?:{_WHERE})?\s*[,:]\s*$",
        before,
    ) or re.search(rf"(?:[Qq]uote\s+from|[Ss]ource)\s*:?\s+{_NAME}\s*[,:]\s*$", before)
    if not m:
        inner_end = text[q_end - 2 : q_end - 1]
        after = text[q_end : q_end + 120]
        m = (
            re.match(rf"^\s*{_NAME}\s+(?:{_SAY_FORMS}){_HEARER}(?:{_WHERE})?\s*[.;,]", after)
            or re.match(rf"^\s*(?:{_SAY_FORMS})\s+{_NAME}\s*[.;,]", after)
            or re.match(rf"^\s*{_OFFICE}\s+(?:{_SAY_FORMS}){_HEARER}(?:{_WHERE})?\s*[.;,]", after)
        )
        # "“…way.” He emphasized, …" starts a new sentence: not an attribution.
        if (
            m
            and inner_end not in (",", "!", "?", "—")
            and not re.match(rf"^\s*{_NAME}\s+\w+\s*\.", after)
        ):
            m = None
    if not m and re.match(
        rf"^\s*(?:the|that|this)\s+(?:{'|'.join(sorted(_STATEMENT_WORDS))})\s+(?:{_SAY_FORMS}|reads)\b",
        text[q_end : q_end + 60],
    ):
        return "\x00statement"  # "“…,” the post said": its author, named before
    if not m:
        return None
    name = m.group(1).strip()
    if name.lower() in _PRONOUNS:
        return people.last_before(q_start)
    if re.fullmatch(_OFFICE, name):
        # "“…,” the president told reporters": the office speaks (its holder, if named
        # with that title before)
        office = re.sub(r"^[Tt]he\s+", "", name)
        holder = next(
            (p for p, r in people.roles.items() if r and office.lower() in r.lower()), None
        )
        return holder or office
    return people.resolve(name)


def _inside_quote(quotes: list[tuple[int, int]], position: int) -> bool:
    return any(a < position < b for a, b in quotes)
