"""Gazetteer figures: build time, open time, lookups per second, resident memory.

    python benchmarks/bench_gazetteer.py [--skip-build]

Prints one line per figure. Builds into a temporary directory so the real index is untouched.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from geonews.gazetteer.build import build_index
from geonews.gazetteer.index import Gazetteer, default_index_path, open_gazetteer


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skip-build", action="store_true")
    parser.add_argument("--lookups", type=int, default=100_000)
    args = parser.parse_args()

    if not args.skip_build:
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            build_index(Path(tmp) / "gazetteer.sqlite", progress=False)
            print(f"build: {time.perf_counter() - t0:.1f} s")

    path = default_index_path()
    open_gazetteer(path)  # make sure it exists
    # Opening is measured in a fresh process, as a user's command would.
    code = (
        "import time; t=time.perf_counter();"
        "from geonews.gazetteer.index import Gazetteer;"
        f"g=Gazetteer(__import__('pathlib').Path({str(path)!r})); g.is_current();"
        "g.lookup('Kyiv'); print(time.perf_counter()-t)"
    )
    opened = float(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    print(f"open index + first lookup (fresh process, imports included): {opened:.3f} s")

    gazetteer = Gazetteer(path)
    rows = gazetteer._query("SELECT norm FROM names ORDER BY random() LIMIT 20000")
    names = [r[0] for r in rows] + [
        "Kyiv",
        "Moscow",
        "Ukraine",
        "Springfield",
        "U.S.",
        "Xyzzy",
    ] * 200
    random.seed(1)
    queries = [random.choice(names) for _ in range(args.lookups)]
    t0 = time.perf_counter()
    for q in queries:
        gazetteer.lookup(q)
    elapsed = time.perf_counter() - t0
    print(
        f"lookups: {args.lookups / elapsed:,.0f} /s ({args.lookups} lookups over {len(set(queries))} distinct names)"
    )
    t0 = time.perf_counter()
    for q in set(queries):
        gazetteer._lookup_key(q)  # bypasses the cache
    uncached = len(set(queries)) / (time.perf_counter() - t0)
    print(f"uncached lookups: {uncached:,.0f} /s")
    random.seed(2)
    t0 = time.perf_counter()
    n = 5000
    for _ in range(n):
        gazetteer.reverse(random.uniform(35, 60), random.uniform(-10, 40))
    print(f"reverse: {n / (time.perf_counter() - t0):,.0f} /s")
    code = (
        "import random; from pathlib import Path; from geonews.gazetteer.index import Gazetteer;"
        "import benchmarks.bench_gazetteer as b;"
        f"g = Gazetteer(Path({str(path)!r}));"
        "names = [r[0] for r in g._query('SELECT norm FROM names ORDER BY random() LIMIT 50000')];"
        "[g.lookup(n) for n in names]; [g.reverse(random.uniform(-60, 70), random.uniform(-180, 180)) for _ in range(2000)];"
        "print(b.rss_mib())"
    )
    rss = float(
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parents[1],
        ).stdout
    )
    print(
        f"resident memory of a process that opened the index and ran 50,000 lookups: {rss:.0f} MiB"
    )
    print(f"index size: {path.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
