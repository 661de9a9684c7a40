"""How fast do statements reach an LRS? Prints figures; it is not a test and asserts nothing.

Generates N simulated statements of the real course (built with tincan and validated with
Ralph's models), then posts them to a fresh local Ralph LRS (filesystem backend, started here
from .venv-ralph, as the tests do) in batches, and reads them all back.

    .venv/bin/python benchmarks/xapi_post_speed.py                 # 10,000 statements, batches of 500
    .venv/bin/python benchmarks/xapi_post_speed.py --statements 2000 --batch-size 100
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lms_build.build import validate_course
from lms_build.xapi.lrs_client import post_statements
from lms_build.xapi.simulate import simulate
from tests.support.lrs import running_ralph

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    course, _, _ = validate_course(REPO)
    assert course is not None
    started = time.perf_counter()
    statements = list(itertools.islice(simulate(course, 1_000_000, seed=1), args.statements))
    generated = time.perf_counter() - started
    print(f"generated and validated {len(statements)} statements in {generated:.1f} s "
          f"({len(statements) / generated:.0f}/s)")
    with tempfile.TemporaryDirectory() as folder, running_ralph(Path(folder)) as ralph:
        started = time.perf_counter()
        for offset in range(0, len(statements), args.batch_size):
            post_statements(ralph.endpoint, ralph.authorization, statements[offset:offset + args.batch_size])
        posted = time.perf_counter() - started
        print(f"posted {len(statements)} statements in batches of {args.batch_size} to Ralph in {posted:.1f} s "
              f"({len(statements) / posted:.0f} statements/s)")
        started = time.perf_counter()
        stored = ralph.statements()
        print(f"read back {len(stored)} statements in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
