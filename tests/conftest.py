"""Shared fixtures.

The gazetteer index is the real one, built from the installed GeoNames packages into the
data directory on first use (about 15 s, once) and then shared by every test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from geonews.gazetteer import Gazetteer, open_gazetteer
from tests.http_site import Site, serve

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The bundled sample article and its hand-made gold (kept under tests/ so it runs without ../shared).
GOLD = json.loads((ROOT / "tests" / "data" / "seed_000.gold.json").read_text(encoding="utf-8"))
SEED = (ROOT / GOLD["document"]).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return open_gazetteer()


@pytest.fixture
def site() -> Iterator[tuple[Site, str]]:
    """A local HTTP server (127.0.0.1) with article pages and robots.txt: (site, base URL)."""
    yield from serve()


def missing(reason: str) -> NoReturn:
    """Skip a test whose outside part (corpus, server, browser) is absent — or, where every
    part must be there (``GEONEWS_REQUIRE_ALL=1``, set by .ci/run), fail it."""
    if os.environ.get("GEONEWS_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} — required here (GEONEWS_REQUIRE_ALL=1)", pytrace=False)
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"{path} is not available")
    return path


def postgres_url() -> str:
    """The test PostgreSQL server (.ci/run starts one), or skip."""
    url = os.environ.get("GEONEWS_TEST_POSTGRES_URL")
    if not url:
        missing(
            "GEONEWS_TEST_POSTGRES_URL is not set (bash scripts/start-postgres.sh starts a server)"
        )
    return url


def fresh_postgres_url() -> str:
    """A new, empty database on the test server."""
    import uuid

    from sqlalchemy import create_engine, text

    base = postgres_url()
    name = "geonews_" + uuid.uuid4().hex[:12]
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.rsplit("/", 1)[0] + "/" + name
