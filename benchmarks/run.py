#!/usr/bin/env python3
"""Benchmark of the atlas: build cost as the corpus grows, page weight, and the performance budgets.

    python benchmarks/run.py                      # sizes 100, 1,000, 5,000; 5 runs each
    python benchmarks/run.py --sizes 5 --runs 1 --no-fail

Synthetic corpora (benchmarks/synthetic.py) are written into throw-away copies of the
project; nothing in the repository changes. Prints Markdown tables (and writes them,
with the raw numbers as JSON, to benchmarks/results/); exits 1 when a measured budget
fails, unless --no-fail.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.main import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
