"""Export formula guard: time of safe_cell on runs of newlines (issue 23, item 9).

The guard used to be quadratic in a run of blanks and breaks (7.9 s on 20,000 newlines).
Prints one line per size: the median of five runs, in milliseconds. Run from the repository
root: `.venv/bin/python bench/export_guard_bench.py` (`--sizes 1000,20000,200000`).
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.reports.writers import safe_cell  # noqa: E402


def time_guard(size: int, runs: int = 5) -> float:
    """Return the median milliseconds safe_cell takes on `size` newlines before a formula."""
    text = "x" + "\n" * size + "=1+1"
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        safe_cell(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    """Print the time per size."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,20000,200000")
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"safe_cell, {size:,} newlines then =1+1: {time_guard(size):.2f} ms")


if __name__ == "__main__":
    main()
