"""Toponym recognition and resolution.

Recognition is spaCy NER followed by a gazetteer pass:

1. GPE/LOC entities are place candidates; NORP entities that name a country's people
   ("Russian", "Ukrainians") become ``kind="demonym"`` entries linked to their country.
2. One-word PERSON/ORG/NORP entities that are known places are relabelled — unless the word
   belongs to a person named elsewhere in the article ("Vitali Klitschko" … "Klitschko") or
   follows a title ("President Trump", "Gen. Yaroslav …").
3. Proper-noun n-grams NER missed are looked up in the gazetteer, never overwriting a person
   or organisation name.
4. Region cues ("the Dnipropetrovsk region", "Kherson Oblast", "the regions of A, B and C")
   ask for a first-level region.

Resolution ranks each mention's gazetteer candidates by population and kind, then by the
article's context: an explicit container ("Pavlohrad in Ukraine’s Dnipropetrovsk region",
"Paris, Texas"), the countries and regions the article mentions, and proximity to the other
places it names. A name keeps one meaning throughout an article. Each toponym gets a
confidence in [0, 1] from its margin over the runner-up.

Modules: ``model`` (word lists, ``Toponym``), ``candidates`` (gazetteer readings, the
article's countries), ``recognition`` (mentions of a parsed text), ``resolution`` (ranking,
``ResolutionWeights``). ``Geoparser`` puts them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from geonews.gazetteer.index import Gazetteer, open_gazetteer
from geonews.geoparse.model import Toponym, _Mention, split_text
from geonews.geoparse.recognition import Recognizer
from geonews.geoparse.resolution import WEIGHTS, ResolutionWeights, Resolver
from geonews.nlp import load_pipeline

__all__ = ["WEIGHTS", "Geoparser", "ResolutionWeights", "Toponym", "split_text"]


class Geoparser(Recognizer, Resolver):
    """Find and resolve the places a text mentions."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        nlp: Any = None,
        weights: ResolutionWeights = WEIGHTS,
    ) -> None:
        self.gazetteer = gazetteer or open_gazetteer()
        self.nlp = nlp or load_pipeline()
        self.weights = weights

    # -- public API -----------------------------------------------------------------------
    def parse(self, text: str) -> list[Toponym]:
        """Toponyms of one document, in text order. Offsets are Python str offsets."""
        return self.analyse(text, keep_docs=False)[0]

    def analyse(
        self, text: str, *, keep_docs: bool = True
    ) -> tuple[list[Toponym], list[tuple[int, Any]]]:
        """Toponyms and the parsed pieces ``(offset, spaCy Doc)`` they were read from."""
        return next(self.analyse_many([text], keep_docs=keep_docs))

    def analyse_many(
        self, texts: Iterable[str], *, batch_size: int = 16, keep_docs: bool = True
    ) -> Iterator[tuple[list[Toponym], list[tuple[int, Any]]]]:
        """:meth:`analyse` of each text, in order. spaCy parses the pieces of ``batch_size``
        texts together (``nlp.pipe`` batches: the same annotations, less time per text)."""
        iterator = iter(texts)
        while group := list(islice(iterator, batch_size)):
            pieces = [list(split_text(t)) if t and t.strip() else [] for t in group]
            docs = self.nlp.pipe((piece for ps in pieces for _, piece in ps), batch_size=batch_size)
            for ps in pieces:
                # zip asks ``ps`` first: it takes exactly this text's docs off the stream
                parsed = [(offset, doc) for (offset, _), doc in zip(ps, docs, strict=False)]
                yield self._toponyms(parsed), parsed if keep_docs else []

    def _toponyms(self, parsed: list[tuple[int, Any]]) -> list[Toponym]:
        focus = self._focus_countries([doc for _, doc in parsed])
        mentions: list[_Mention] = []
        for offset, doc in parsed:
            mentions.extend(self._recognise(doc, offset, focus))
        return self._resolve(mentions)

    def parse_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[list[Toponym]]:
        """Toponyms of many documents, parsed by spaCy ``batch_size`` documents at a time."""
        for toponyms, _ in self.analyse_many(texts, batch_size=batch_size, keep_docs=False):
            yield toponyms

    def parse_doc(self, doc: Any, offset: int = 0) -> list[Toponym]:
        """Toponyms of an already parsed spaCy ``Doc`` (offsets shifted by ``offset``)."""
        return self._resolve(self._recognise(doc, offset, self._focus_countries([doc])))
