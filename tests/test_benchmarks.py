"""The benchmark runner works and our reference engine's results match the native
build's. Only a smoke test: speed is measured by benchmarks/run.py, never asserted."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_quick_run_matches_native(tmp_path):
    if not shutil.which("gcc"):
        pytest.skip("gcc is needed for the native reference results")
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--no-extras",
         "--engines", "gvm-reference", "--benchmarks", "fib,sieve", "--json", str(out)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    results = {r["benchmark"]: r for r in data["results"] if r["engine"] == "gvm-reference"}
    assert set(results) == {"fib", "sieve"}
    for name, r in results.items():
        assert r["status"] == "ok", f"{name}: {r['status']} {r['message']}"
        assert r["ns_per_unit"] and r["ns_per_unit"] > 0
    assert "MISMATCH" not in proc.stderr
