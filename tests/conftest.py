"""Shared fixtures.

The gazetteer index is the real one, built from the installed GeoNames packages into the
data directory on first use (about 15 s, once) and then shared by every test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geonews.gazetteer import Gazetteer, open_gazetteer

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return open_gazetteer()


def shared_path(*parts: str) -> Path:
    """A file of ../shared, or skip the test when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path
