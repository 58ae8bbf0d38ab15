"""benchmarks/load.py (the load pipeline's benchmarks, issue 13) runs end to end on
hello.wasm in its quick mode and prints every table, with the peers that are not
installed named and skipped. A smoke test: the numbers are never asserted."""
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from gvm import engines

ROOT = Path(__file__).resolve().parent.parent
LOAD = ROOT / "benchmarks" / "load.py"
NUMBER = re.compile(r"[\d,]+(\.\d+)?( us| ms| s| MiB|x)?")


def tables(text):
    """{section title: [row cells]} of the Markdown report."""
    out, title = {}, None
    for line in text.splitlines():
        if line.startswith("### "):
            title = line[4:]
            out[title] = []
        elif title and line.startswith("| ") and not line.startswith("|---"):
            out[title].append([c.strip() for c in line.strip("|").split("|")])
    return {t: rows[1:] for t, rows in out.items()}     # without the header row


def section(report, start):
    [rows] = [rows for title, rows in report.items() if title.startswith(start)]
    return rows


def is_number(cell):
    return bool(NUMBER.fullmatch(cell)) and any(ch.isdigit() for ch in cell)


def run(*args):
    proc = subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True,
                          timeout=600, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return proc.stdout


def test_quick_run_on_hello_prints_every_table(tmp_path):
    out = tmp_path / "load.md"
    text = run(LOAD, "--quick", "--output", out)
    assert out.read_text().strip() == text.strip()
    report = tables(text)

    decode = {row[2]: row for row in section(report, "Decode + validate")}
    for what in ("gvm.Module (default path)", "gvm.Module (GVM_PUREPYTHON=1)"):
        row = decode[what]
        assert row[0] == "hello"
        assert all(is_number(c) for c in row[3:11]), row     # times, MB/s, us/instr, memory
    for peer, what in (("wasmtime", "wasmtime Module.validate"), ("wasmtime", "wasmtime Module (compile)"),
                       ("wasm3", "wasm3 parse_module + load")):
        row = decode[what]
        if importlib.util.find_spec(peer) is None:
            assert "not installed" in row[-1], row
            assert re.search(rf"Not measured: .*{peer} \(not installed", text), text
        else:
            assert all(is_number(c) for c in row[3:7]), row

    [ttfi] = section(report, "Time to first instruction")
    assert ttfi[1] == "`python -m gvm hello.wasm`"
    assert all(is_number(c) for c in ttfi[2:7]), ttfi

    lowering = section(report, "Lowering")
    assert [row[1] for row in lowering] == ["reference", "fast", "python"]
    counts = {row[3] for row in lowering if row[1] != "fast" or engines.fast_available()}
    [count] = counts            # every engine lowered the same instructions
    assert count.replace(",", "").isdigit() and int(count.replace(",", "")) > 100
    for row in lowering:
        if row[1] == "fast" and not engines.fast_available():
            assert "not built" in row[-1], row
        else:
            assert all(is_number(c) for c in row[4:8]), row

    startup = section(report, "Start-up")
    assert [row[0] for row in startup] == [
        "python -c pass", "python -m gvm hello.wasm", "python -m gvm hello.wasm (GVM_PUREPYTHON=1)"]
    assert startup[0][2] == startup[0][4] == "1.00x"
    assert all(is_number(c) for row in startup for c in row[1:5]), startup
    assert "load average" in text


def test_run_py_runs_it_as_its_load_suite():
    text = run(ROOT / "benchmarks" / "run.py", "--suite", "load", "--quick", "--repeat", "1",
               "--startup-runs", "1", "--lower", "")
    report = tables(text)
    first = section(report, "Decode + validate")[0]
    assert (first[0], first[2]) == ("hello", "gvm.Module (default path)")
    assert not any(title.startswith("Lowering") for title in report)
    assert section(report, "Start-up")
