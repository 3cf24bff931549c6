"""Settings read from the environment.

``GEONEWS_DATA_DIR``      where built data lives (gazetteer index, default store); default the
                          user data directory of the platform (``platformdirs``): on Linux
                          ``~/.local/share/geonews``, on macOS ``~/Library/Application
                          Support/geonews``, on Windows ``%LOCALAPPDATA%\\geonews``. One per user,
                          whatever folder a command runs from.
``GEONEWS_DATABASE_URL``  the event store; default ``sqlite:///<data dir>/geonews.db``.
``GEONEWS_CONTACT``       an e-mail or URL sent in the User-Agent of every web request.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

__all__ = ["contact", "data_dir", "database_url"]


def data_dir() -> Path:
    """The data directory, created on demand by the code that writes into it."""
    configured = os.environ.get("GEONEWS_DATA_DIR")
    if configured:
        return Path(configured).expanduser().resolve()
    return Path(user_data_dir("geonews", appauthor=False))


def database_url() -> str:
    """The event store URL."""
    url = os.environ.get("GEONEWS_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{data_dir() / 'geonews.db'}"


def contact() -> str | None:
    """Who the sites we fetch from may write to about our requests, if the user says."""
    return os.environ.get("GEONEWS_CONTACT") or None
