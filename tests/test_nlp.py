"""The pipeline's faster attribute ruler and lemmatizer annotate exactly as spaCy's own."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from geonews.nlp import MODEL_NAMES, load_pipeline
from geonews.spacy_fast import FastAttributeRuler, FastLemmatizer

# Sentences that touch the ruler's special patterns: contractions and colloquial forms,
# "there is", auxiliaries, determiners used as pronouns, subordinating "that", whitespace
# tokens; and ordinary war-news prose, whose forms the lemmatizer sees again and again.
TEXTS = [
    "Y'all gonna see it: we're gotta leave, let's go, c'mon! He wo n't and she sha n't.",
    "There were two blasts and there is smoke.  \n\n  Residents said that it was loud.",
    "That is what they did; those who had left did n't return. It gets worse; it got worse.",
    "I saw you and you saw it, nothin' else, somethin' old, ol' times, 'em all, goin' home.",
    "Russian drones struck Kharkiv overnight, killing two people and injuring five, the "
    "regional governor said. Shelling damaged houses in the villages of the district.",
    "The missiles were shot down; debris fell on buildings, wounding a woman aged 60.",
    "  \t Officials had been warning about attacks, which have intensified since June.",
    "",
    " ",
    "gon",  # the first word of a two-word pattern, at the very end
    "\n\nKyiv\n",
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


@pytest.fixture(scope="module")
def spacys_own() -> spacy.Language:
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except OSError:
            continue
    pytest.fail("no English pipeline installed")


def test_the_pipeline_runs_the_fast_components() -> None:
    nlp = load_pipeline()
    assert isinstance(nlp.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


def test_annotations_are_spacys_token_for_token(spacys_own: spacy.Language) -> None:
    ours = load_pipeline()
    assert type(spacys_own.get_pipe("lemmatizer")) is not FastLemmatizer
    for text in [*TEXTS, " ".join(TEXTS)]:  # twice: the second time from the remembered rows
        expected, got = spacys_own(text), ours(text)
        assert [t.text for t in got] == [t.text for t in expected]
        mismatched = [
            (a.text, a.pos_, b.pos_, str(a.morph), str(b.morph), a.lemma_, b.lemma_)
            for a, b in zip(expected, got, strict=True)
            if (a.pos, a.morph.key, a.lemma, a.dep) != (b.pos, b.morph.key, b.lemma, b.dep)
        ]
        assert mismatched == []
        assert (got.to_array(ATTRS) == expected.to_array(ATTRS)).all()
    # the special patterns did fire: their values are not the tag map's
    doc = ours("There were two blasts. They are gonna leave. That was loud.")
    assert doc[1].pos_ == "VERB" and doc[1].lemma_ == "be"  # "There were": VERB, not AUX
    assert [t.lemma_ for t in doc if t.lower_ in ("gon", "na")] == ["go", "to"]
    assert doc[-4].pos_ == "PRON"  # "That" as a subject, not a determiner


def test_a_pattern_added_later_is_applied() -> None:
    pipelines = [spacy.blank("en"), spacy.blank("en")]
    rulers = [
        pipelines[0].add_pipe("attribute_ruler"),
        pipelines[1].add_pipe("geonews_attribute_ruler"),
    ]
    for ruler in rulers:
        ruler.add([[{"LOWER": "kyiv"}]], {"TAG": "NNP"})
    assert [nlp("to Kyiv")[1].tag_ for nlp in pipelines] == ["NNP", "NNP"]
    for ruler in rulers:  # later patterns win; "IN" and "REGEX" values
        ruler.add(
            [[{"LOWER": {"IN": ["to", "towards"]}}, {"LOWER": {"REGEX": "^ky"}}]],
            {"LEMMA": "toward"},
        )
        ruler.add([[{"LOWER": "kyiv"}]], {"TAG": "NNPS"}, index=0)
    assert [[(t.tag_, t.lemma_) for t in nlp("to Kyiv")] for nlp in pipelines] == [
        [("", "toward"), ("NNPS", "")]
    ] * 2
