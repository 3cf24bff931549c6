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

from geonews.events import Evidence, quote_spans
from geonews.geoparse import Toponym

__all__ = ["Claim", "extract_claims"]

_SAY = {
    "say",
    "state",
    "write",
    "emphasize",
    "emphasise",
    "declare",
    "reiterate",
    "suggest",
    "express",
    "add",
    "reveal",
    "indicate",
    "note",
    "warn",
    "claim",
    "announce",
    "tell",
    "insist",
    "argue",
    "stress",
    "acknowledge",
    "deny",
    "confirm",
    "propose",
    "assert",
    "report",
    "explain",
    "predict",
    "urge",
    "allege",
    "vow",
    "pledge",
    "admit",
}
_SAY_FORMS = r"said|says|stated|states|wrote|writes|added|adds|emphasized|declared|told|noted|warned|insisted|stressed|explained|asked|continued|remarked"
_ROLE_WORDS = {
    "head",
    "chief",
    "minister",
    "president",
    "vice",
    "prime",
    "foreign",
    "defense",
    "defence",
    "interior",
    "secretary",
    "general",
    "gen",
    "governor",
    "mayor",
    "commander",
    "deputy",
    "regional",
    "military",
    "administration",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "ambassador",
    "chancellor",
    "senator",
    "sen",
    "rep",
    "representative",
    "leader",
    "speaker",
    "director",
    "official",
    "envoy",
    "adviser",
    "advisor",
    "aide",
    "chairman",
    "chairwoman",
    "ceo",
    "police",
    "army",
    "state",
    "national",
    "security",
    "council",
    "staff",
    "former",
    "acting",
    "top",
    "senior",
    "king",
    "queen",
    "prince",
    "pope",
    "lt",
    "col",
    "colonel",
    "captain",
    "major",
    "sergeant",
    "governor-general",
    "premier",
    "attorney",
    "judge",
}
_PRONOUNS = {"he", "she", "they"}


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


def _collect_people(docs: list[tuple[int, Any]]) -> _People:
    people = _People()
    for _, doc in docs:
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                people.add(_clean_name(ent.text), _role_before(doc, ent.start))
    for offset, doc in docs:
        for ent in doc.ents:
            full = people.resolve(ent.text)
            if full in people.roles:
                people.mentions.append((ent.start_char + offset, full))
    people.mentions.sort()
    return people


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
                for ent in doc.ents:
                    if ent.label_ == "PERSON" and child.i < ent.start <= subtree[-1].i:
                        full = people.resolve(ent.text)
                        return f"{full} {token.lower_}", people.roles.get(full), span
    for ent in doc.ents:
        if ent.start <= token.i < ent.end and ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
            known = people.resolve(ent.text)
            if ent.label_ == "PERSON" or known in people.roles:  # NER calls some surnames ORG/NORP
                full = known
                return full, people.roles.get(full) or _role_before(doc, ent.start), span
            return ent.text, None, span
    for ent in doc.ents:
        if ent.label_ == "PERSON" and subtree[0].i <= ent.start and ent.end <= subtree[-1].i + 1:
            full = people.resolve(ent.text)
            return full, people.roles.get(full) or _role_before(doc, ent.start), span
    if token.pos_ == "PROPN":
        full = people.resolve(token.text)
        if full in people.roles:
            return full, people.roles.get(full), span
    return None, None, span


def extract_claims(
    docs: Iterable[tuple[int, Any]], toponyms: list[Toponym], text: str
) -> list[Claim]:
    """Claims of one document from its parsed pieces ``(offset, Doc)`` and toponyms."""
    pieces = list(docs)
    people = _collect_people(pieces)
    quotes = quote_spans(text)
    claims: list[Claim] = []
    handled_quotes: set[tuple[int, int]] = set()

    for offset, doc in pieces:
        for sent in doc.sents:
            s_start = sent.start_char + offset
            s_end = s_start + len(sent.text.rstrip())
            for ent in sent.ents:
                if ent.label_ == "PERSON":
                    full = people.resolve(ent.text)
                    if full in people.roles:
                        people.last = full
            # "according to X"
            for tok in sent:
                if (
                    tok.lower_ == "according"
                    and tok.i + 1 < len(doc)
                    and doc[tok.i + 1].lower_ == "to"
                ):
                    who = doc[tok.i + 2 : sent.end]
                    person = next((e for e in who.ents if e.label_ in ("PERSON", "ORG")), None)
                    if person is None:
                        continue
                    full = people.resolve(person.text) if person.label_ == "PERSON" else person.text
                    role = people.roles.get(full) or _role_before(doc, person.start)
                    cut = tok.idx + offset
                    content_end = cut
                    while content_end > s_start and text[content_end - 1] in " ,;":
                        content_end -= 1
                    claims.append(
                        Claim(
                            full,
                            role,
                            text[s_start:content_end],
                            _places_in(toponyms, s_start, content_end),
                            Evidence(s_start, s_end, text[s_start:s_end]),
                            s_start,
                            content_end,
                            0.75,
                        )
                    )
            # speech verbs with a subject
            verbs = [t for t in sent if t.lemma_.lower() in _SAY and t.pos_ in ("VERB", "AUX")]
            primary = next(
                (v for v in verbs if any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)),
                None,
            )
            if primary is None:
                continue
            if any(c.dep_ == "neg" for c in primary.children):
                continue  # "Kyiv has not claimed responsibility" reports no statement
            verb_start = primary.idx + offset
            if _inside_quote(quotes, verb_start):
                continue
            after = text[verb_start + len(primary.text) : verb_start + len(primary.text) + 4]
            before_subject = next(c for c in primary.children if c.dep_ in ("nsubj", "nsubjpass"))
            subj_start = min(t.idx for t in before_subject.subtree) + offset
            if re.match(r"^\s*[,:]?\s*[“\"«]", after) or re.search(
                r"[,!?—][”\"»]\s*$", text[max(0, subj_start - 4) : subj_start]
            ):
                continue  # a quotation's attribution: handled with the quotation
            speaker, role, subj_span = _speaker_of(before_subject, people)
            if speaker is None:
                continue
            content_verb = next(
                (
                    v
                    for v in [primary, *(t for t in primary.subtree if t.lemma_.lower() in _SAY)]
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
            if c_end - c_start < 8:
                continue
            if speaker in people.roles:
                people.last = speaker
            exclude = (subj_span[0] + offset, subj_span[1] + offset)
            claims.append(
                Claim(
                    speaker,
                    role,
                    text[c_start:c_end],
                    _places_in(toponyms, c_start, c_end, exclude),
                    Evidence(s_start, s_end, text[s_start:s_end]),
                    c_start,
                    c_end,
                    0.7,
                )
            )

    # quotations attributed before or after them
    for q_start, q_end in quotes:
        if (q_start, q_end) in handled_quotes:
            continue
        speaker = _quote_speaker(text, q_start, q_end, people)
        if speaker is None:
            continue
        inner_start, inner_end = q_start + 1, q_end - 1
        claims.append(
            Claim(
                speaker,
                people.roles.get(speaker),
                text[inner_start:inner_end],
                _places_in(toponyms, inner_start, inner_end),
                Evidence(q_start, q_end, text[q_start:q_end]),
                inner_start,
                inner_end,
                0.8,
            )
        )
        handled_quotes.add((q_start, q_end))
    claims.sort(key=lambda c: c.evidence.start)
    return claims


_NAME = r"((?:[A-Z][\w.’'-]*\s+){0,3}[A-Z][\w.’'-]*|[Hh]e|[Ss]he)"


def _quote_speaker(text: str, q_start: int, q_end: int, people: _People) -> str | None:
    """The speaker of a quotation: "X said, “…”" before it, or "“…,” X said." after it."""
    before = text[max(0, q_start - 80) : q_start]
    m = re.search(
        rf"{_NAME}\s+(?:{_SAY_FORMS}|emphasized|reiterated|revealed|indicated)\s*[,:]\s*$", before
    )
    if not m:
        inner_end = text[q_end - 2 : q_end - 1]
        after = text[q_end : q_end + 80]
        m = re.match(rf"^\s*{_NAME}\s+(?:{_SAY_FORMS})\s*[.;]", after) or re.match(
            rf"^\s*(?:{_SAY_FORMS})\s+{_NAME}\s*[.;]", after
        )
        # "“…way.” He emphasized, …" starts a new sentence: not an attribution.
        if (
            m
            and inner_end not in (",", "!", "?", "—")
            and not re.match(rf"^\s*{_NAME}\s+\w+\s*\.", after)
        ):
            m = None
    if not m:
        return None
    name = m.group(1).strip()
    if name.lower() in _PRONOUNS:
        return people.last_before(q_start)
    return people.resolve(name)


def _inside_quote(quotes: list[tuple[int, int]], position: int) -> bool:
    return any(a < position < b for a, b in quotes)
