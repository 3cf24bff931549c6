"""Optional parts that fail to import cost one line for what needs them, nothing more.

Each case runs the real command in a fresh interpreter in which one module cannot be
imported — what a user gets when, say, a new lxml drops ``lxml.html.clean``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

_BLOCKED_RUN = """
import sys

class _Missing:
    def find_spec(self, name, path=None, target=None):
        if name == {blocked!r} or name.startswith({blocked!r} + "."):
            raise ImportError(f"No module named {{name!r}} (blocked by the test)")
        return None

sys.meta_path.insert(0, _Missing())
from geonews.cli import main
sys.exit(main({argv!r}))
"""


def _run(blocked: str, argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = _BLOCKED_RUN.format(blocked=blocked, argv=argv)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_html_without_its_extractor_is_one_line_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><body><article><p>Russian drones struck Odesa overnight.</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "note.txt").write_text(
        "Russian artillery shelled Kherson on Monday, injuring two people.", encoding="utf-8"
    )
    db = f"sqlite:///{tmp_path / 'store.db'}"
    done = _run("lxml.html.clean", ["ingest", str(folder), "--db", db], tmp_path)
    assert done.returncode == 2, done.stderr  # a bad input file, the others processed
    assert "Traceback" not in done.stderr
    problems = [line for line in done.stderr.splitlines() if "page.html" in line]
    assert len(problems) == 1 and "HTML extraction is unavailable" in problems[0], done.stderr
    stats = _run("nothing.blocked", ["stats", "--format", "json", "--db", db], tmp_path)
    assert json.loads(stats.stdout)["documents"] == 1


def test_postgres_without_its_driver_is_one_line(tmp_path: Path) -> None:
    done = _run("psycopg", ["stats", "--db", "postgresql://nobody@127.0.0.1:1/none"], tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "psycopg" in done.stderr and "Traceback" not in done.stderr
