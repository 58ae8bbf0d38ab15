"""benchmarks/translation.py: the phases of translation inside a real cold run, for
gvm-python and pwasm's compile mode (issue 15's cold criterion)."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "translation.py"


def _rows(stdout):
    return {m.group(1): m.groups()[1:] for m in re.finditer(
        r"^\| json \| ([\w-]+) \| (\d+) \| (\d+) \| ([^|]+) \| ([\d.]+) \| ([\d.]+) \|$",
        stdout, re.M)}


def test_phases_of_both_engines_and_the_sources(tmp_path):
    sources = tmp_path / "sources.txt"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--benchmarks", "json",
                           "--sources", str(sources)],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = _rows(proc.stdout)
    assert set(rows) == {"gvm-python", "pwasm-compile"}, proc.stdout
    ours, theirs = rows["gvm-python"], rows["pwasm-compile"]
    # the same functions translated by both, json's four
    assert ours[0] == theirs[0] == "4" and ours[1] == theirs[1] and int(ours[1]) > 1000
    phases = dict(p.rsplit(" ", 1) for p in ours[2].split(", "))
    assert set(phases) == {"decode", "passes", "walk", "exec"}
    assert abs(sum(map(float, phases.values())) - float(ours[3])) < 0.0015
    assert float(phases["walk"]) > 0 and float(phases["exec"]) > 0
    written = sources.read_text().split("\n#----\n")[:-1]
    assert len(written) == 4 and all(s.startswith("def ") for s in written)


def test_rejects_an_unknown_benchmark():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--benchmarks", "nope"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "unknown benchmark 'nope'" in proc.stderr
