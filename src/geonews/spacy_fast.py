"""Faster stand-ins for two rule components of the English pipeline, with the same output.

Timed on news articles of ~680 words, en_core_web_sm's ``attribute_ruler`` spends ~20 ms an
article in spaCy's ``Matcher`` (179 one- and two-token patterns tried at every token) and its
``lemmatizer`` ~13 ms (it caches only the lemmas it derives by rule; base forms, the commonest
case, are worked out again for every token). Together that is as much time as the dependency
parse. The two classes here keep spaCy's classes, patterns, tables and order of application
and change only how the work is found:

- :class:`FastAttributeRuler` indexes the patterns by what their first token must be (its
  form, dependency, tag or space flag), so each token is tried against the few patterns that
  can match it, and remembers that list for each combination of those values;
- :class:`FastLemmatizer` remembers every lemma by the key spaCy's own cache uses
  (form, part of speech, morphology), of which the lemma is a pure function.

``install`` swaps them into a loaded pipeline in place of the originals (same names, same
patterns and lookup tables). The tests check, token for token, that the annotations are the
ones spaCy's components give.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from itertools import chain
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.lang.en import English
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

__all__ = ["FastAttributeRuler", "FastLemmatizer", "install"]

_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
_COLUMNS = {TAG: 0, LOWER: 1, DEP: 2, IS_SPACE: 3}
_CACHE_SIZE = 500_000  # remembered lemmas, and token rows of the ruler

Test = Callable[[Any], bool]
Row = tuple[int, int, int, int]
_Entry = tuple[int, int, list[Test]]


class _Unsupported(Exception):
    """A pattern this matcher does not compile: the component falls back to spaCy's."""


class FastAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` whose matches are found through an index of the patterns."""

    def add(self, patterns: Any, attrs: dict[str, Any], index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self.__dict__.pop("_index", None)  # built again with the new pattern

    @cached_property
    def _index(self) -> _PatternIndex | None:
        """The patterns indexed; None when one is beyond it (spaCy's matcher then runs)."""
        try:
            return _PatternIndex(self, self.vocab)
        except _Unsupported:
            return None

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if self._index is None:
            return super().match(doc)  # type: ignore[no-any-return]
        return sorted(self._index.find(doc))


class _PatternIndex:
    """The ruler's patterns as predicates on (tag, lower, dep, is_space) hashes, indexed by
    the form, dependency, tag or space flag their first token needs (the others are tried at
    every token); which patterns a token can start is remembered by its row of values."""

    def __init__(self, ruler: AttributeRuler, vocab: Any) -> None:
        self.strings = vocab.strings
        # column -> hash the first token must have there -> patterns
        self.first: tuple[dict[int, list[_Entry]], ...] = ({}, {}, {}, {})
        self.everywhere: list[_Entry] = []
        self._by_row: dict[Row, list[_Entry]] = {}
        for key in range(len(ruler.attrs)):
            match_id = vocab.strings[str(key)]
            for pattern in ruler.matcher.get(str(key))[1]:
                entry = (key, match_id, [self._token_test(spec) for spec in pattern])
                for name in ("LOWER", "DEP", "TAG", "IS_SPACE"):
                    values = self._required(name, pattern[0].get(name))
                    if values:
                        for value in values:
                            self.first[_COLUMNS[_ATTRS[name]]].setdefault(value, []).append(entry)
                        break
                else:
                    self.everywhere.append(entry)

    def _required(self, name: str, value: Any) -> list[int]:
        """The hashes one of which the first token must have for ``name`` (none: any)."""
        if name == "IS_SPACE":
            return [1] if value is True else []
        if isinstance(value, str):
            return [self.strings[value]]
        if isinstance(value, dict) and set(value) == {"IN"}:
            return [self.strings[v] for v in value["IN"]]
        return []

    def _token_test(self, spec: dict[str, Any]) -> Test:
        tests: list[Callable[[Row], bool]] = []
        for name, value in spec.items():
            if name not in _ATTRS:
                raise _Unsupported(name)
            column = _COLUMNS[_ATTRS[name]]
            tests.append(self._value_test(name, column, value))

        def test(row: Row) -> bool:
            return all(t(row) for t in tests)

        return test

    def _value_test(self, name: str, column: int, value: Any) -> Callable[[Row], bool]:
        if name == "IS_SPACE":
            if not isinstance(value, bool):
                raise _Unsupported(value)
            return lambda row: bool(row[column]) is value
        if isinstance(value, str):
            wanted = self.strings[value]
            return lambda row: row[column] == wanted
        if not isinstance(value, dict) or len(value) != 1:
            raise _Unsupported(value)
        ((operator, operand),) = value.items()
        if operator == "IN":
            among = {self.strings[v] for v in operand}
            return lambda row: row[column] in among
        if operator == "NOT_IN":
            outside = {self.strings[v] for v in operand}
            return lambda row: row[column] not in outside
        if operator == "REGEX":
            regex = re.compile(operand)
            return lambda row: regex.search(self.strings[row[column]]) is not None
        raise _Unsupported(operator)

    def _starting(self, row: Row) -> list[_Entry]:
        """The patterns whose first token this token satisfies (remembered by its row)."""
        entries = self._by_row.get(row)
        if entries is None:
            if len(self._by_row) >= _CACHE_SIZE:
                self._by_row.clear()
            candidates = chain(
                *(index.get(value, ()) for index, value in zip(self.first, row, strict=True)),
                self.everywhere,
            )
            entries = self._by_row[row] = [e for e in candidates if e[2][0](row)]
        return entries

    def find(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        rows: list[Row] = [tuple(r) for r in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        n = len(rows)
        found: list[tuple[int, int, int, int]] = []
        for start, row in enumerate(rows):
            for key, match_id, tests in self._starting(row):
                end = start + len(tests)
                if end == start + 1 or (
                    end <= n and all(tests[i](rows[start + i]) for i in range(1, len(tests)))
                ):
                    found.append((key, match_id, start, end))
        return found


class FastLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer, remembering every lemma it works out."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "rule" or self.overwrite:
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        lemmas = self._lemmas
        strings = self.vocab.strings
        for token in doc:
            if token.lemma != 0:
                continue
            key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
            lemma = lemmas.get(key)
            if lemma is None:
                if len(lemmas) >= _CACHE_SIZE:
                    lemmas.clear()
                lemma = lemmas[key] = strings.add(self.lemmatize(token)[0])
            token.lemma = lemma
        return doc


@English.factory("geonews_lemmatizer", assigns=["token.lemma"])
def _make_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    return FastLemmatizer(nlp.vocab, None, name, mode="rule", overwrite=False)


@Language.factory("geonews_attribute_ruler")
def _make_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.vocab, name)


def install(nlp: Language) -> Language:
    """Put the fast components in place of ``attribute_ruler`` and ``lemmatizer`` (same names,
    patterns and tables), when the pipeline has spaCy's own under those names."""
    names = nlp.pipe_names
    ruler: Any = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in names else None
    if type(ruler) is AttributeRuler:
        patterns = ruler.patterns
        fast_ruler: Any = nlp.replace_pipe("attribute_ruler", "geonews_attribute_ruler")
        fast_ruler.add_patterns(patterns)
    old: Any = nlp.get_pipe("lemmatizer") if "lemmatizer" in names else None
    if type(old) is EnglishLemmatizer and old.mode == "rule" and not old.overwrite:
        new: Any = nlp.replace_pipe("lemmatizer", "geonews_lemmatizer")
        new.lookups = old.lookups
        # The word lists are only asked "is this form in it": as sets (same answers, faster).
        index = new.lookups.get_table("lemma_index", None)
        for pos in list(index.keys()) if index is not None else ():
            index[pos] = frozenset(index[pos])
    return nlp
