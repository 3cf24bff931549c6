"""Name normalisation shared by the index build and every lookup.

Both sides must agree byte for byte, so this is the only place that decides
what "the same name" means: case, accents (unidecode), apostrophes (’ ' ʼ `),
hyphens and dots are folded away.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

__all__ = ["normalize", "strip_possessive"]

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
