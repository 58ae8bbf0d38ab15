"""The performance guard: instructions per unit of work, counted by callgrind, against a
committed baseline. Wall time on a shared machine swings by 2x; instruction counts of
the same binary on the same input do not, so CI can fail on a 5% regression.

    python benchmarks/callgrind_guard.py            # compare; exit 1 on a regression
    python benchmarks/callgrind_guard.py --update   # measure and rewrite the baseline
    python benchmarks/callgrind_guard.py --engines fast --benchmarks loop,sha256

Method. One valgrind process per engine, the engines side by side, runs every benchmark
of benchmarks/run.py: instantiate, a warm-up call (lowering, fusion and first-call
costs happen there), then a call at size s1 and a call at a size s2 doing about twice
the units. Each measured
call sits between two calls of os.getppid(), and callgrind dumps its counters each time
it enters libc's getppid (--dump-before), so the counts of each call are read from its
own dump. Instructions per unit = (I(s2) - I(s1)) / (units(s2) - units(s1)): the fixed
cost of a call (argument conversion, entering the engine) cancels out, and what is left
is the cost of the work itself. Sizes are the benchmark's quick size for the fast engine
and a tenth of its work for the reference engine, which runs about 100x more
instructions per unit.

The counts depend on the Python build, the C compiler and the Cython that generated the
engine (pinned in pyproject.toml's build requirements), and on PYTHONHASHSEED (set to 0
here). The baseline records them; when they differ from the baseline's, the table says
so, since a difference then may not be the code's. A benchmark more than --tolerance
(5%) slower than its baseline fails the run, and so does one more than 5% faster: a
change that makes something faster updates the baseline in the same commit, so that the
next regression is measured from where the code really is.
"""
import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = HERE / "callgrind-baseline.json"
ENGINES = ("fast", "reference")
TOLERANCE = 0.05
# The reference engine's sizes are this fraction of the fast engine's.
SCALE = {"fast": 1.0, "reference": 0.1}

sys.path.insert(0, str(HERE))
from run import BENCHMARKS, WASM  # noqa: E402


# --- Sizes -------------------------------------------------------------------------

def _smallest_size(bench, units, low, high):
    """The smallest size in [low, high] chunks, as a multiple of the benchmark's chunk
    (the programs do whole chunks), whose call does at least `units` units (units()
    grows with the size), or high chunks."""
    while low < high:
        mid = (low + high) // 2
        if bench.units(mid * bench.chunk) >= units:
            high = mid
        else:
            low = mid + 1
    return low * bench.chunk


def sizes(bench, engine):
    """(s1, s2): s1 does about SCALE[engine] of the quick size's units, s2 twice s1's."""
    quick = bench.quick // bench.chunk
    s1 = _smallest_size(bench, bench.units(bench.quick) * SCALE[engine], 1, quick)
    s2 = _smallest_size(bench, 2 * bench.units(s1), s1 // bench.chunk + 1, 4 * quick)
    return s1, s2


# --- The measured process ----------------------------------------------------------

def child(engine, names):
    """Runs inside valgrind: warm-up, then the two measured calls of each benchmark,
    each between getppid markers. Prints one JSON line per benchmark."""
    import gvm
    for name in names:
        bench = BENCHMARKS[name]
        s1, s2 = sizes(bench, engine)
        inst = gvm.instantiate(str(WASM / f"{name}.wasm"), engine=engine)
        f = getattr(inst.exports, name)
        f(s1)
        results = []
        for size in (s1, s2):
            os.getppid()
            results.append(f(size))
            os.getppid()
        print(json.dumps({"benchmark": name, "sizes": [s1, s2], "results": results}),
              flush=True)


_TOTALS = re.compile(rb"^totals:\s*(\d+)", re.M)


def _dump_totals(directory, pid):
    """Instruction counts of each dump of process `pid`, in order."""
    dumps = {}
    for path in Path(directory).glob(f"callgrind.out.{pid}.*"):
        part = path.name.rsplit(".", 1)[1]
        m = _TOTALS.search(path.read_bytes())
        if part.isdigit() and m:
            dumps[int(part)] = int(m.group(1))
    return [dumps[k] for k in sorted(dumps)]


def measure(engine, names):
    """{benchmark: instructions per unit} for one engine, from one valgrind process."""
    env = dict(os.environ, PYTHONHASHSEED="0", GVM_PUREPYTHON="", GVM_NATIVE="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = ["valgrind", "--tool=callgrind", "--dump-before=getppid",
               f"--callgrind-out-file={tmp}/callgrind.out.%p",
               sys.executable, str(Path(__file__).resolve()), "--child", engine,
               ",".join(names)]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise SystemExit(f"callgrind run of the {engine} engine failed:\n"
                             f"{proc.stderr[-3000:]}")
        pid = re.search(r"==(\d+)==", proc.stderr).group(1)
        totals = _dump_totals(tmp, pid)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    # Dumps come at each marker: [start-up..m1] [call s1] [m2..m3] [call s2] per benchmark.
    if len(totals) != 4 * len(lines) or len(lines) != len(names):
        raise SystemExit(f"{engine}: expected {4 * len(names)} callgrind dumps for "
                         f"{len(names)} benchmarks, found {len(totals)}")
    counts = {}
    for k, line in enumerate(lines):
        bench = BENCHMARKS[line["benchmark"]]
        i1, i2 = totals[4 * k + 1], totals[4 * k + 3]
        s1, s2 = line["sizes"]
        counts[bench.name] = (i2 - i1) / (bench.units(s2) - bench.units(s1))
    return counts


# --- What the counts depend on -----------------------------------------------------

def _first_line(cmd):
    try:
        out = subprocess.run(cmd, capture_output=True, text=True).stdout
    except OSError:
        return "not found"
    return out.splitlines()[0].strip() if out else "unknown"


def _cython_version():
    """The Cython that generated the engine's C (its first line says), if it is there."""
    c_file = ROOT / "gvm" / "_fast" / "engine.c"
    if c_file.exists():
        with c_file.open() as f:
            m = re.search(r"Cython (\S+)", f.readline())
        if m:
            return m.group(1)
    return "unknown"


def environment():
    import sysconfig
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    return {
        "python": platform.python_version(),
        "machine": platform.machine(),
        "compiler": _first_line([cc, "--version"]),
        "cython": _cython_version(),
        "valgrind": _first_line(["valgrind", "--version"]),
        "PYTHONHASHSEED": "0",
    }


# --- Report ------------------------------------------------------------------------

def compare(baseline, measured, tolerance):
    """Prints the table; returns the lines that fail."""
    failures = []
    print(f"{'engine':<10} {'benchmark':<12} {'unit':<10} {'baseline':>12} "
          f"{'now':>12} {'change':>8}")
    for engine, counts in measured.items():
        for name, now in counts.items():
            before = baseline.get(engine, {}).get(name)
            unit = BENCHMARKS[name].unit
            if before is None:
                print(f"{engine:<10} {name:<12} {unit:<10} {'-':>12} {now:>12.1f}    new")
                failures.append(f"{engine}/{name}: no baseline (run with --update)")
                continue
            change = now / before - 1
            mark = ""
            if change > tolerance:
                mark = "  SLOWER"
                failures.append(f"{engine}/{name}: {change:+.1%} instructions per {unit}")
            elif change < -tolerance:
                mark = "  faster: update the baseline"
                failures.append(f"{engine}/{name}: {change:+.1%}, faster than the baseline: "
                                "commit the new baseline (--update) with the change")
            print(f"{engine:<10} {name:<12} {unit:<10} {before:>12.1f} {now:>12.1f} "
                  f"{change:>+8.1%}{mark}")
    return failures


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--engines", default=",".join(ENGINES))
    p.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    p.add_argument("--tolerance", type=float, default=TOLERANCE)
    p.add_argument("--update", action="store_true", help="rewrite the baseline")
    p.add_argument("--child", nargs=2, metavar=("ENGINE", "BENCHMARKS"),
                   help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1].split(","))
        return 0
    engines = args.engines.split(",")
    names = args.benchmarks.split(",")
    unknown = [n for n in names if n not in BENCHMARKS] + [e for e in engines if e not in ENGINES]
    if unknown:
        p.error(f"unknown: {', '.join(unknown)}")
    if not shutil.which("valgrind"):
        print("callgrind guard: valgrind is not installed; NOT CHECKED", file=sys.stderr)
        return 1
    if "fast" in engines:
        from gvm import engines as gvm_engines
        if not gvm_engines.fast_available():
            print("callgrind guard: the fast engine is not built", file=sys.stderr)
            return 1

    env = environment()
    # One valgrind process per engine, side by side: counts do not depend on the load.
    with ThreadPoolExecutor(len(engines)) as pool:
        measured = dict(zip(engines, pool.map(lambda e: measure(e, names), engines)))
    if args.update:
        baseline = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
        counts = baseline.get("instructions_per_unit", {})
        for engine, c in measured.items():
            counts.setdefault(engine, {}).update({n: round(v, 1) for n, v in c.items()})
        BASELINE.write_text(json.dumps({"environment": env, "instructions_per_unit": counts},
                                       indent=2, sort_keys=True) + "\n")
        compare(counts, measured, args.tolerance)
        print(f"baseline written to {BASELINE.relative_to(ROOT)}")
        return 0
    if not BASELINE.exists():
        print(f"callgrind guard: no baseline at {BASELINE}; run with --update", file=sys.stderr)
        return 1
    baseline = json.loads(BASELINE.read_text())
    differs = {k: (baseline["environment"].get(k), v) for k, v in env.items()
               if baseline["environment"].get(k) != v}
    failures = compare(baseline["instructions_per_unit"], measured, args.tolerance)
    for key, (then, now) in differs.items():
        print(f"note: {key} differs from the baseline's ({then!r} then, {now!r} now): "
              "counts may differ for that reason alone")
    if failures:
        print("callgrind guard FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        return 1
    print(f"callgrind guard: every benchmark within {args.tolerance:.0%} of the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
