"""Dashboard server time with many stored incidents.

    python benchmarks/bench_dashboard.py [--sizes 10000 100000]

Seeds a temporary SQLite store with synthetic incidents (see bench_store.py), then runs the
page with Streamlit's AppTest: the first render (queries, map layers, table) and a filter
change (country), and reports the size of the map script handed to the browser.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_store import seed_synthetic  # noqa: E402

from geonews.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    os.chdir(ROOT)
    if len(args.sizes) > 1:  # one process per size: the page caches its store per process
        import subprocess

        for size in args.sizes:
            subprocess.run([sys.executable, __file__, "--sizes", str(size)], check=True)
        return
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/store.db"
            seed_synthetic(Store(url), size)
            os.environ["GEONEWS_DATABASE_URL"] = url
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            t0 = time.perf_counter()
            at.run()
            first = time.perf_counter() - t0
            assert not at.exception, [e.value for e in at.exception]
            script = json.loads(at.get("component_instance")[0].proto.json_args)
            size_kb = (len(script["script"]) + len(script["feature_group"] or "")) / 1024
            countries = [o for o in at.sidebar.selectbox(key="f_country").options if o]
            t0 = time.perf_counter()
            at.sidebar.selectbox(key="f_country").set_value(countries[0]).run()
            change = time.perf_counter() - t0
            t0 = time.perf_counter()
            at.sidebar.selectbox(key="f_country").set_value(countries[1]).run()
            change2 = time.perf_counter() - t0
            print(
                f"{size:,} incidents: first render {first:.2f} s, filter change {change:.2f} s "
                f"(then {change2:.2f} s), map script {size_kb:,.0f} KiB"
            )


if __name__ == "__main__":
    main()
