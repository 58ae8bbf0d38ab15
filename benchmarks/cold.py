"""Cold runs and translation cost of the engines that compile wasm to Python: gvm-python
and pwasm's compile mode (issue 15).

    python benchmarks/cold.py [--repeat N] [--benchmarks fib,loop]

For each benchmark of benchmarks/run.py and each engine, in a fresh process (nothing
cached in memory; pwasm's disk cache off): the time to load and instantiate, the first
call at the benchmark's quick size (which includes translating the functions it runs:
both engines translate lazily or at instantiation), and a second, warm call at the same
size. "cold" is load + first call. GVM's modules are compiled to bytecode first, as pip
does at installation. For gvm-python, "translate all" is the time to
translate and compile every function of the module, in another fresh process. Medians
over --repeat runs, in milliseconds; results are checked against each other.
"""
import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ["PWASM_CACHE_DIR"] = ""

ENGINES = ("gvm-python", "pwasm-compile")


def _one(engine, name, size, what):
    """Runs in the child process: prints a JSON object of timings."""
    path = HERE / "wasm" / f"{name}.wasm"
    t0 = time.perf_counter()
    if engine == "gvm-python":
        import gvm
        from gvm import engines
        inst = gvm.instantiate(str(path), engine="python")
        fn = getattr(inst.exports, name)
        if what == "translate":
            t1 = time.perf_counter()
            funcs = [f for f in inst.funcs if hasattr(f, "func")]
            for f in funcs:
                engines.get_engine("python").source(f)
            return {"translate": time.perf_counter() - t1, "functions": len(funcs)}
    else:
        import pwasm
        inst = pwasm.instantiate(pwasm.decode_module(path.read_bytes()), mode="compile")
        fn = getattr(inst.exports, name)
    t1 = time.perf_counter()
    first = fn(size)
    t2 = time.perf_counter()
    second = fn(size)
    t3 = time.perf_counter()
    return {"load": t1 - t0, "first": t2 - t1, "second": t3 - t2,
            "result": [first & (2 ** 64 - 1), second & (2 ** 64 - 1)]}


def child(engine, name, size, what):
    out = subprocess.run([sys.executable, __file__, "--child", engine, name, str(size), what],
                         capture_output=True, text=True, timeout=600)
    if out.returncode:
        return {"error": out.stderr.strip().splitlines()[-1]}
    return json.loads(out.stdout)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_one(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])))
        return 0
    from run import BENCHMARKS
    # GVM's bytecode, as pip writes it at installation (pwasm's was written then): a
    # checkout run with PYTHONDONTWRITEBYTECODE would compile every module in every run
    compileall.compile_dir(HERE.parent / "gvm", quiet=1)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    args = p.parse_args()
    print("| benchmark | size | engine | load | first call | warm call | cold (load + first) "
          "| translate all |")
    print("|---|---:|---|---:|---:|---:|---:|---:|")
    for name in args.benchmarks.split(","):
        bench = BENCHMARKS[name]
        results = {}
        for engine in ENGINES:
            runs = [child(engine, name, bench.quick, "run") for _ in range(args.repeat)]
            if "error" in runs[0]:     # pwasm has no SIMD
                print(f"| {name} | {bench.quick} | {engine} | n/a: {runs[0]['error']} |||||",
                      flush=True)
                continue
            results[engine] = runs[0]["result"]
            med = {k: statistics.median(r[k] for r in runs) * 1000 for k in ("load", "first", "second")}
            translate = ""
            if engine == "gvm-python":
                t = [child(engine, name, bench.quick, "translate") for _ in range(args.repeat)]
                translate = (f"{statistics.median(r['translate'] for r in t) * 1000:.1f} "
                             f"({t[0]['functions']} functions)")
            print(f"| {name} | {bench.quick} | {engine} | {med['load']:.1f} | {med['first']:.1f} | "
                  f"{med['second']:.1f} | {med['load'] + med['first']:.1f} | {translate} |",
                  flush=True)
        if len(set(map(tuple, results.values()))) != 1:
            print(f"!!! {name}: results differ: {results}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
