"""Write bench/RESULTS.md again from the last run's figures (bench/tmp/results.pickle), e.g. after a change
to the report's wording: `python -m bench.rewrite`. The pickle holds the misses found while measuring;
write_results adds those it judges from the tables each time."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

from bench.env import ROOT
from bench.report import write_results

if __name__ == "__main__":
    with open(ROOT / "bench/tmp/results.pickle", "rb") as fh:
        results = pickle.load(fh)  # noqa: S301 - the benchmark's own file
    write_results(results, Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench/RESULTS.md")
