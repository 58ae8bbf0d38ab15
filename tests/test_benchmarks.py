"""The benchmark runner works, our reference engine's results match the native
build's, and the fast engine runs a real workload (a script in the QuickJS that pwasm
ships) to the result of the script's Python model. Only smoke tests: speed is measured
by benchmarks/run.py, never asserted."""
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
         "--engines", "gvm-reference", "--benchmarks", "fib,sieve,dispatch", "--json", str(out)],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(out.read_text())
    results = {r["benchmark"]: r for r in data["results"] if r["engine"] == "gvm-reference"}
    assert set(results) == {"fib", "sieve", "dispatch"}
    for name, r in results.items():
        assert r["status"] == "ok", f"{name}: {r['status']} {r['message']}"
        assert r["ns_per_unit"] and r["ns_per_unit"] > 0
    assert "MISMATCH" not in proc.stderr


def test_quick_guest_run_matches_model(tmp_path):
    pytest.importorskip("pwasm", reason="the guest interpreters come with pwasm (the test extra)")
    from gvm import engines
    if not engines.fast_available():
        pytest.skip("the fast engine is not built")
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--no-extras",
         "--engines", "gvm-fast,native", "--benchmarks", "quickjs_mandelbrot", "--json", str(out)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = {r["engine"]: r for r in json.loads(out.read_text())["results"]}
    fast = results["gvm-fast"]
    assert fast["status"] == "ok", f"{fast['status']} {fast['message']}"
    assert fast["ns_per_unit"] > 0
    assert results["native"]["status"] == "n/a"  # a C compiler cannot run a wasm guest
    assert "MISMATCH" not in proc.stderr


def test_calibration_repeats_a_cold_first_call_that_took_longer_than_the_target():
    """A guest's first call on gvm-fast lowers the interpreter's code and can take longer
    than --target; the timed size comes from a warm call, not from that one."""
    import argparse
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    bench = run.Benchmark("cold", "unit", quick=256)
    suite = run.Suite(argparse.Namespace(quick=False, target=0.5))
    calls = []

    def call(name, bench, size):        # 0.6 s cold, then 10 us a unit
        calls.append(size)
        return (0.6 if len(calls) == 1 else size * 1e-5), size
    suite.call = call
    size = suite.calibrate("engine", bench)
    assert calls[:2] == [256, 256]
    assert 40_000 <= size <= 60_000, (size, calls)     # 0.5 s at 10 us a unit
