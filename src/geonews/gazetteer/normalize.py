"""Name normalisation shared by the index build and every lookup.

Both sides must agree byte for byte, so this is the only place that decides
what "the same name" means: case, accents (unidecode), apostrophes (’ ' ʼ `),
hyphens and dots are folded away.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

__all__ = ["fold", "normalize", "strip_possessive"]

_APOSTROPHES = re.compile(r"['’ʼ‘`´ʻ]")
_SEPARATORS = re.compile(r"[-‐‑‒–—_/,;:()\[\]\"]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’ʼ]s?$")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Return the lookup key of a place name.

    >>> normalize("Zaporizhzhia")
    'zaporizhzhia'
    >>> normalize("U.S.")
    'us'
    >>> normalize("Ivano-Frankivsk")
    'ivano frankivsk'
    >>> normalize("Khar’kov")
    'kharkov'
    """
    text = unidecode(_APOSTROPHES.sub("", name)).lower()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    # Dots separate tokens ("St. Louis" -> "st louis") and vanish in initialisms ("U.S." -> "us").
    text = text.replace(".", " ")
    tokens = _SPACES.split(text.strip())
    if len(tokens) > 1 and all(len(t) == 1 for t in tokens):
        return "".join(tokens)
    return " ".join(tokens)


def strip_possessive(name: str) -> str:
    """Drop an English possessive ending: "Kyiv’s" -> "Kyiv", "Ukraine's" -> "Ukraine"."""
    return _POSSESSIVE.sub("", name.rstrip())


# Romanisations of Ukrainian and Russian names, folded into one key (applied to a normalised
# key, word by word, in this order). KMU 2010 "Kostiantynivka", BGN/PCGN "Kostyantynivka",
# Russian-style "Konstantinovka" and older "Kostjantynivka" all meet at one form.
_FOLD_ENDINGS = [
    # Russian masculine -oy (Krivoy) is Ukrainian -yi (Kryvyi)
    (re.compile(r"(?<=[^aeiou])oy$"), "yi"),
    # adjectival endings: -skyi/-skiy/-sky/-skyy/-s'kyy/-skij -> sky; -ske/-skoye/-skoe -> ske
    (re.compile(r"(?:sk|ck|zk)(?:yi|iy|yy|ii|ij|yj|y|i|oi|oy|ой)$"), "sky"),
    (re.compile(r"(?:sk|ck)(?:oye|oe|oie|e)$"), "ske"),
    (re.compile(r"(?:yi|iy|yy|ii|ij|yj)$"), "y"),
    # Russian -ovka/-evka and Ukrainian -ivka; -ov/-ev and -iv (Kharkov / Kharkiv)
    (re.compile(r"(?:ov|ev|yov|iov|jov)ka$"), "ivka"),
    (re.compile(r"(?:ov|ev|yov|jov)$"), "iv"),
    (re.compile(r"(?:ovo|evo)$"), "ovo"),
]
_FOLD_GENERIC = {"raion", "rajon", "rayon", "district"}
_FOLD_LETTERS = [
    ("tsch", "c"),
    ("tch", "c"),
    ("shch", "sch"),
    ("sz", "s"),
    ("cz", "c"),
    ("ou", "u"),
    ("zh", "z"),
    ("kh", "h"),
    ("ch", "c"),
    ("sh", "s"),
    ("ts", "c"),
    ("tz", "c"),
    ("g", "h"),
    ("ja", "ia"),
    ("ya", "ia"),
    ("ju", "iu"),
    ("yu", "iu"),
    ("je", "ie"),
    ("ye", "ie"),
    ("yi", "i"),
    ("iy", "i"),
    ("yy", "i"),
    ("ij", "i"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
]
_DOUBLE = re.compile(r"(.)\1+")
_SOFT_I = re.compile(r"(?<=[csz])i(?=[aeou])")  # Vinnytsia / Vinnitsa


@lru_cache(maxsize=200_000)
def fold(key: str) -> str:
    """The transliteration-blind form of a normalised key.

    >>> fold(normalize("Kostiantynivka")) == fold(normalize("Kostyantynivka"))
    True
    >>> fold(normalize("Huliaipole")) == fold(normalize("Gulyaypole"))
    True
    >>> fold(normalize("Novhorod-Siverskyi")) == fold(normalize("Novgorod-Seversky"))
    False
    """
    words: list[str] = []
    for word in key.split():
        if word in _FOLD_GENERIC and words:
            words.append("raion")  # "Shevchenkivskyi rajon" = "Shevchenkivskyi district"
            continue
        for pattern, replacement in _FOLD_ENDINGS:
            word = pattern.sub(replacement, word)
        for old, new in _FOLD_LETTERS:
            word = word.replace(old, new)
        word = _DOUBLE.sub(r"\1", word)
        word = _SOFT_I.sub("", word)
        words.append(word)
    return " ".join(words)
