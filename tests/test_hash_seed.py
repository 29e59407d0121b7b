"""The analysis does not depend on Python's string-hash seed: re-runs in other processes give the same bytes."""
import os
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus.jsonl"


def test_extract_output_is_byte_identical_under_two_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.jsonl"
        subprocess.run([sys.executable, "-m", "csrledger.cli", "extract", str(SAMPLES), "-o", str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(out.read_bytes())
    assert outputs[0] and outputs[0] == outputs[1]
