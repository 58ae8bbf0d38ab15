"""The python engine against pwasm's compile mode in CPython instructions (issue 15):
the work of each benchmark of benchmarks/run.py, counted by callgrind, on both engines.

    python benchmarks/pyjit_callgrind.py                       # every C program
    python benchmarks/pyjit_callgrind.py --benchmarks quickjs_mandelbrot   # a guest
    python benchmarks/pyjit_callgrind.py --benchmarks fib,json --scale 0.5
    python benchmarks/pyjit_callgrind.py --json counts.json    # also write the counts

Wall time on the shared development machine swings by 2x from one run to the next;
instruction counts of the same interpreter on the same input do not, and on CPython,
which spends its time in its own evaluation loop, they follow time closely. The method
is benchmarks/callgrind_guard.py's: one valgrind process per engine (the two side by
side) prepares each benchmark the way run.py does, warms it up with a call (translation
and first-call costs happen there), then calls it at a size s1 and at s2 (about twice
the work), each call between two calls of os.getppid(), where callgrind dumps its
counters. Instructions per unit = (I(s2) - I(s1)) / (units(s2) - units(s1)): the fixed
cost of a call cancels out. s1 is the benchmark's quick size times --scale. Results are
checked between the engines. PYTHONHASHSEED is 0.
"""
import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from callgrind_guard import _dump_totals, _smallest_size  # noqa: E402
from run import ALL, BENCHMARKS, ENGINES  # noqa: E402

COMPARED = ("gvm-python", "pwasm-compile")
# Our C programs but blur_simd (pwasm has no SIMD). The guests (QuickJS, MicroPython)
# are named with --benchmarks: their start-up alone takes tens of minutes under valgrind.
DEFAULT = [n for n in BENCHMARKS if n != "blur_simd"]


def sizes(bench, scale):
    quick = bench.quick // bench.chunk
    if bench.name == "fib":     # units grow 1.6x per step of the size
        return bench.quick, bench.quick + 2
    s1 = _smallest_size(bench, bench.units(bench.quick) * scale, 1, quick)
    s2 = _smallest_size(bench, 2 * bench.units(s1), s1 // bench.chunk + 1, 4 * quick)
    return s1, s2


def child(engine_name, names, scale):
    """Runs inside valgrind: one JSON line per benchmark."""
    engine = ENGINES[engine_name]()
    engine.setup()
    for name in names:
        bench = ALL[name]
        s1, s2 = sizes(bench, scale)
        f = bench.prepare(engine)
        f(s1)
        results = []
        for size in (s1, s2):
            os.getppid()
            results.append(f(size) & (2 ** 64 - 1))
            os.getppid()
        print(json.dumps({"benchmark": name, "sizes": [s1, s2], "results": results}),
              flush=True)


def measure(engine, names, scale):
    """{benchmark: (instructions per unit, results)} for one engine."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["valgrind", "--tool=callgrind", "--dump-before=getppid",
               f"--callgrind-out-file={tmp}/callgrind.out.%p", sys.executable,
               str(Path(__file__).resolve()), "--child", engine, ",".join(names), str(scale)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"callgrind run of {engine} failed:\n{proc.stderr[-3000:]}")
        pid = re.search(r"==(\d+)==", proc.stderr).group(1)
        totals = _dump_totals(tmp, pid)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    if len(totals) != 4 * len(lines) or len(lines) != len(names):
        raise SystemExit(f"{engine}: expected {4 * len(names)} callgrind dumps, found {len(totals)}")
    out = {}
    for k, line in enumerate(lines):
        bench = ALL[line["benchmark"]]
        s1, s2 = line["sizes"]
        i1, i2 = totals[4 * k + 1], totals[4 * k + 3]
        out[bench.name] = ((i2 - i1) / (bench.units(s2) - bench.units(s1)), line["results"])
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--benchmarks", default=",".join(DEFAULT))
    p.add_argument("--scale", type=float, default=1.0,
                   help="s1 as a fraction of the quick size (default 1)")
    p.add_argument("--engines", default=",".join(COMPARED),
                   help="one of them alone: only its counts (for a before/after of a change)")
    p.add_argument("--json", help="write the counts there")
    p.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1].split(","), float(args.child[2]))
        return 0
    names = args.benchmarks.split(",")
    unknown = [n for n in names if n not in ALL]
    if unknown:
        p.error(f"unknown: {', '.join(unknown)}")
    if not shutil.which("valgrind"):
        print("valgrind is not installed", file=sys.stderr)
        return 1
    engines = args.engines.split(",")
    if not set(engines) <= set(COMPARED):
        p.error(f"engines: from {', '.join(COMPARED)}")
    with ThreadPoolExecutor(len(engines)) as pool:
        measured = dict(zip(engines, pool.map(lambda e: measure(e, names, args.scale),
                                              engines)))
    if args.json:
        Path(args.json).write_text(json.dumps(
            {e: {n: c for n, (c, _r) in m.items()} for e, m in measured.items()}, indent=2))
    if len(engines) == 1:
        for name, (count, _r) in measured[engines[0]].items():
            print(f"{engines[0]} {name}: {count:,.0f} instructions per {ALL[name].unit}")
        return 0
    ours, theirs = (measured[e] for e in COMPARED)
    print(f"| benchmark | unit | gvm-python | pwasm-compile | pwasm / gvm-python |")
    print("|---|---|---:|---:|---:|")
    ratios = []
    for name in names:
        (a, ra), (b, rb) = ours[name], theirs[name]
        if ra != rb:
            raise SystemExit(f"{name}: results differ: gvm-python {ra}, pwasm {rb}")
        ratios.append(b / a)
        print(f"| {name} | {ALL[name].unit} | {a:,.0f} | {b:,.0f} | {b / a:.2f} |")
    geo = math.exp(sum(map(math.log, ratios)) / len(ratios))
    print(f"\ngeometric mean of pwasm's instructions over ours: {geo:.2f} "
          f"({len(ratios)} benchmarks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
