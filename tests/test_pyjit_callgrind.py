"""benchmarks/pyjit_callgrind.py: the python engine against pwasm's compile mode in
CPython instructions under callgrind (issue 15's noise-free comparison)."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "pyjit_callgrind.py"


@pytest.mark.skipif(not shutil.which("valgrind"), reason="needs valgrind")
def test_counts_both_engines_on_the_same_work(tmp_path):
    pytest.importorskip("pwasm")
    out = tmp_path / "counts.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--benchmarks", "fib", "--json", str(out)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = re.search(r"^\| fib \| call \| ([\d,]+) \| ([\d,]+) \| ([\d.]+) \|$", proc.stdout, re.M)
    assert row, proc.stdout
    ours, theirs = (int(row.group(k).replace(",", "")) for k in (1, 2))
    assert float(row.group(3)) == pytest.approx(theirs / ours, abs=0.01)
    counts = json.loads(out.read_text())
    # a fib call is some hundreds to a few thousand CPython instructions on either engine
    for engine in ("gvm-python", "pwasm-compile"):
        assert 200 < counts[engine]["fib"] < 20_000


def test_rejects_an_unknown_benchmark():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--benchmarks", "nope"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "unknown: nope" in proc.stderr
