"""Settings read from the environment.

``GEONEWS_DATA_DIR``      where built data lives (gazetteer index, store); default ``./data``.
``GEONEWS_DATABASE_URL``  the event store; default ``sqlite:///<data dir>/geonews.db``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["data_dir", "database_url"]


def data_dir() -> Path:
    """The data directory, created on demand by the code that writes into it."""
    return Path(os.environ.get("GEONEWS_DATA_DIR") or "data").expanduser()


def database_url() -> str:
    """The event store URL."""
    url = os.environ.get("GEONEWS_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'geonews.db'}"
