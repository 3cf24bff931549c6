"""Region shapes: file size, load time, and assigning 100,000 points to regions.

python benchmarks/bench_regions.py
"""

from __future__ import annotations

import random
import time

from geonews.regions import REGIONS_FILE, load_regions


def main() -> None:
    print(f"shapes file: {REGIONS_FILE.stat().st_size / 2**20:.2f} MiB ({REGIONS_FILE.name})")
    t0 = time.perf_counter()
    shapes = load_regions()
    print(f"load: {time.perf_counter() - t0:.2f} s, {len(shapes)} regions")
    rng = random.Random(1)
    points = [(rng.uniform(35, 60), rng.uniform(-10, 60)) for _ in range(100_000)]
    t0 = time.perf_counter()
    found = shapes.assign(points)
    elapsed = time.perf_counter() - t0
    print(
        f"assign 100,000 points: {elapsed:.2f} s ({sum(r is not None for r in found):,} inside a region)"
    )


if __name__ == "__main__":
    main()
