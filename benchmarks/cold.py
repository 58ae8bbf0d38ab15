"""Cold runs and translation cost of the engines that compile wasm to Python: gvm-python
and pwasm's compile mode (issue 15).

    python benchmarks/cold.py [--repeat N] [--benchmarks fib,loop] [--callgrind] [--scale K]

For each benchmark of benchmarks/run.py and each engine, in a fresh process (nothing
cached in memory; pwasm's disk cache off): the time to load and instantiate, the first
call at the benchmark's quick size (which includes translating the functions it runs:
both engines translate lazily or at instantiation), and a second, warm call at the same
size. "cold" is load + first call. For the real workloads (run.py's GUESTS: QuickJS and
MicroPython scripts), loading includes initialising the interpreter, and the result is
also checked against the script's model. GVM's modules are compiled to bytecode first, as pip
does at installation. For gvm-python, "translate all" is the time to
translate and compile every function of the module, in another fresh process. Medians
over --repeat runs, in milliseconds; results are checked against each other.
--scale K runs K times the quick size's work instead (run.py's timed sizes are
those where one call takes about --target seconds, 0.5 by default: K in the hundreds).

With --callgrind, each child runs once under valgrind's callgrind instead
(PYTHONHASHSEED=0), and the same columns are CPython's instructions, in millions,
counted between calls of os.getppid() (where callgrind dumps its counters): unlike
wall time on a shared machine, they do not change from one run to the next.
"""
import argparse
import compileall
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ["PWASM_CACHE_DIR"] = ""

ENGINES = ("gvm-python", "pwasm-compile")


def _one(engine, name, size, what):
    """Runs in the child process: prints a JSON object of timings. Each os.getppid()
    is a marker for callgrind (--dump-before=getppid): its counts between them are
    those of loading, the first call, and the second (or translating every function)."""
    path = HERE / "wasm" / f"{name}.wasm"
    # the harness of the real workloads imports much of the standard library, which
    # would shorten both engines' loading (by what each of them imports): only for them
    guest = None if path.exists() else _guest(engine, name)   # ours are .wasm files
    os.getppid()
    t0 = time.perf_counter()
    if guest:
        fn = guest()
    elif engine == "gvm-python":
        import gvm
        from gvm import engines
        inst = gvm.instantiate(str(path), engine="python")
        fn = getattr(inst.exports, name)
        if what == "translate":
            os.getppid()
            t1 = time.perf_counter()
            funcs = [f for f in inst.funcs if hasattr(f, "func")]
            for f in funcs:
                engines.get_engine("python").source(f)
            t2 = time.perf_counter()
            os.getppid()
            return {"load": t1 - t0, "translate": t2 - t1, "functions": len(funcs)}
    else:
        import pwasm
        inst = pwasm.instantiate(pwasm.decode_module(path.read_bytes()), mode="compile")
        fn = getattr(inst.exports, name)
    os.getppid()
    t1 = time.perf_counter()
    first = fn(size)
    t2 = time.perf_counter()
    os.getppid()
    second = fn(size)
    t3 = time.perf_counter()
    os.getppid()
    return {"load": t1 - t0, "first": t2 - t1, "second": t3 - t2,
            "result": [first & (2 ** 64 - 1), second & (2 ** 64 - 1)]}


def _guest(engine, name):
    """A real workload (run.py's GUESTS): loading is setting up the engine, instantiating
    the interpreter and initialising it, which runs (and so translates) its start-up code."""
    from run import ENGINES, GUESTS
    runner = ENGINES[engine]()

    def load():
        runner.setup()
        return GUESTS[name].prepare(runner)
    return load


_TOTALS = re.compile(rb"^totals:\s*(\d+)", re.M)


def child(engine, name, size, what, callgrind=False):
    cmd = [sys.executable, __file__, "--child", engine, name, str(size), what]
    if not callgrind:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        if out.returncode:
            return {"error": out.stderr.strip().splitlines()[-1]}
        return json.loads(out.stdout)
    env = dict(os.environ, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                              f"--callgrind-out-file={tmp}/callgrind.out"] + cmd,
                             capture_output=True, text=True, timeout=3600, env=env)
        if out.returncode:      # the child's last line, before valgrind's summary
            lines = [x for x in out.stderr.strip().splitlines() if not x.startswith("==")]
            return {"error": lines[-1]}
        counts = {}
        for path in Path(tmp).glob("callgrind.out.*"):
            part = path.name.rsplit(".", 1)[1]
            m = _TOTALS.search(path.read_bytes())
            if part.isdigit() and m:
                counts[int(part)] = int(m.group(1)) / 1e9     # main prints x 1000: millions
    # dumps: [start-up] [load] [first call | translate all] [second call] [exit]
    dumps = [counts[k] for k in sorted(counts)]
    result = json.loads(out.stdout)
    if what == "translate":
        return dict(result, load=dumps[1], translate=dumps[2])
    return dict(result, load=dumps[1], first=dumps[2], second=dumps[3])


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_one(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
        return 0
    from run import ALL, GUESTS
    # GVM's bytecode, as pip writes it at installation (pwasm's was written then): a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile every module in every run
    compileall.compile_dir(HERE.parent / "gvm", quiet=1)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--benchmarks", default=",".join(ALL))
    p.add_argument("--scale", type=float, default=1.0,
                   help="the work of a call, in quick sizes' work (default 1)")
    p.add_argument("--callgrind", action="store_true",
                   help="count CPython's instructions (millions) instead of timing, one run")
    args = p.parse_args()
    if args.callgrind:
        args.repeat = 1
    print("CPython instructions, millions (callgrind)" if args.callgrind else
          "milliseconds, medians of %d runs" % args.repeat)
    print("| benchmark | size | engine | load | first call | warm call | cold (load + first) "
          "| translate all |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name in args.benchmarks.split(","):
        bench = ALL[name]
        size = bench.size_for(bench.units(bench.quick) * args.scale)
        results = {}
        for engine in ENGINES:
            runs = [child(engine, name, size, "run", args.callgrind)
                    for _ in range(args.repeat)]
            if "error" in runs[0]:     # pwasm has no SIMD
                print(f"| {name} | {size} | {engine} | n/a: {runs[0]['error']} |||||",
                      flush=True)
                continue
            results[engine] = runs[0]["result"]
            med = {k: statistics.median(r[k] for r in runs) * 1000 for k in ("load", "first", "second")}
            translate = ""
            if engine == "gvm-python" and name not in GUESTS:   # thousands of functions
                t = [child(engine, name, size, "translate", args.callgrind)
                     for _ in range(args.repeat)]
                translate = (f"{statistics.median(r['translate'] for r in t) * 1000:.1f} "
                             f"({t[0]['functions']} functions)")
            print(f"| {name} | {size} | {engine} | {med['load']:.1f} | {med['first']:.1f} | "
                  f"{med['second']:.1f} | {med['load'] + med['first']:.1f} | {translate} |",
                  flush=True)
        if len(set(map(tuple, results.values()))) != 1:
            print(f"!!! {name}: results differ: {results}", flush=True)
        elif name in GUESTS and results and next(iter(results.values()))[0] != bench.expected(size):
            print(f"!!! {name}: {results} differs from the script's model", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
