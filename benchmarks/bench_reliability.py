"""The long versions of the reliability suite (make bench): thousands of fuzzed documents and API
requests, and 20 kill -9 trials of `csrledger run`.

    python benchmarks/bench_reliability.py [--quick]

Runs the same tests as `make test` (tests/test_fuzz_pipeline.py, tests/test_api_fuzz.py,
tests/test_kill9.py) with larger budgets set through their environment variables, and prints how
long each took.  Exits non-zero if any fails.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LONG = [
    # 3 properties x 3,400 examples: over 10,000 fuzzed documents and corpus files
    ("tests/test_fuzz_pipeline.py", {"CSRLEDGER_FUZZ_EXAMPLES": "3400"}),
    # about 1,500 requests at 20 examples an operation (make test): ~7,000 here
    ("tests/test_api_fuzz.py", {"CSRLEDGER_API_FUZZ_EXAMPLES": "100"}),
    ("tests/test_kill9.py", {"CSRLEDGER_KILL_TRIALS": "20"}),
]


def main() -> int:
    quick = "--quick" in sys.argv
    failed = 0
    for test, env in LONG:
        if quick:
            env = {k: str(max(1, int(v) // 10)) for k, v in env.items()}
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test],
                               cwd=ROOT, env={**os.environ, **env})
        print(f"{test} {env}: {'ok' if code == 0 else 'FAILED'} in {time.perf_counter() - started:.0f} s")
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
