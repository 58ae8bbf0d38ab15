"""The GC benchmark: a linked list of a million GC structures (benchmarks/gc/list.wat),
built, walked and dropped, ROUNDS times in one call, on GVM's two engines and on
wasmtime (GC enabled); prints time and peak resident memory and writes
benchmarks/GC_RESULTS.md.

    python benchmarks/gc_bench.py [--nodes N] [--rounds R] [--engines reference,fast,wasmtime]

Each engine runs in a fresh process, so that its peak resident set (ru_maxrss) is its
own. The baseline is the resident set just before the call (after instantiation); the
peak is what the call added to it. "Needs" is what one live list takes in GVM's
representation (gvm/runtime/gc.py): per node, the Struct, its field list and its i32
value as a Python int; only one list is live at a time, so a collector that gives
dropped lists back keeps the peak near that, whatever ROUNDS is. The check: GVM's peak
stays within 2x of it.
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

WAT = HERE / "gc" / "list.wat"
RESULTS = HERE / "GC_RESULTS.md"


def rss_bytes():
    """The current resident set (not the peak), from /proc."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize()


def peak_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def wasm_bytes():
    from wast import wasm_tools
    tool = wasm_tools()
    if tool is None:
        sys.exit("gc_bench: wasm-tools is needed (pip install -e '.[test]')")
    return subprocess.run([tool, "parse", str(WAT)], capture_output=True, check=True).stdout


def node_bytes():
    """What one list node takes in GVM's representation."""
    from gvm import types as T
    from gvm.binary.types import FieldType, StructType
    from gvm.runtime.gc import RTT, Struct
    rtt = RTT(0, StructType((FieldType(T.I32, False), FieldType(T.RefType(True, T.TypeIdx(0)), False))),
              frozenset())
    node = Struct(rtt, [123456, None])
    return sys.getsizeof(node) + sys.getsizeof(node.fields) + sys.getsizeof(123456)


def child(engine, nodes, rounds):
    """Run in this process; print one JSON line."""
    data = wasm_bytes()
    if engine == "wasmtime":
        import wasmtime
        config = wasmtime.Config()
        config.wasm_gc = True
        config.wasm_function_references = True
        store = wasmtime.Store(wasmtime.Engine(config))
        run = wasmtime.Instance(store, wasmtime.Module(store.engine, data), []).exports(store)["run"]

        def call():
            return run(store, nodes, rounds)
    else:
        import gvm
        inst = gvm.instantiate(data, engine=engine)

        def call():
            return inst.exports.run(nodes, rounds)
    base = rss_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(json.dumps({"engine": engine, "seconds": seconds, "cpu": cpu, "result": result,
                      "added": max(peak_bytes() - base, 0)}))


def measure(engine, nodes, rounds):
    out = subprocess.run([sys.executable, __file__, "--child", engine, "--nodes", str(nodes),
                          "--rounds", str(rounds)], capture_output=True, text=True, timeout=3600)
    if out.returncode:
        return {"engine": engine, "error": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout.splitlines()[-1])


def mib(n):
    return f"{n / (1 << 20):.0f} MiB"


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--nodes", type=int, default=1_000_000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--engines", default="reference,fast,wasmtime")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--no-write", action="store_true", help="do not rewrite GC_RESULTS.md")
    args = p.parse_args()
    if args.child:
        child(args.child, args.nodes, args.rounds)
        return 0
    expected = args.rounds * (args.nodes * (args.nodes - 1) // 2) & 0xFFFFFFFF
    expected -= (expected & 0x80000000) << 1
    needs = args.nodes * node_bytes()
    rows, failed = [], False
    for engine in args.engines.split(","):
        r = measure(engine, args.nodes, args.rounds)
        if "error" in r:
            rows.append(f"| {engine} | failed: {' '.join(r['error'])} | | | | |")
            failed = True
            continue
        ratio = r["added"] / needs
        ok = r["result"] == expected and (engine == "wasmtime" or ratio <= 2)
        failed |= not ok
        rows.append(f"| {engine} | {r['seconds']:.2f} s | {r['cpu']:.2f} s | {mib(r['added'])} |"
                    f" {ratio:.2f}x |"
                    f" {'ok' if r['result'] == expected else 'WRONG RESULT'} |")
    table = "\n".join([
        f"{args.rounds} rounds of a list of {args.nodes:,} GC structures built, walked and "
        f"dropped in one call; one live list needs {mib(needs)} in GVM's representation "
        f"({node_bytes()} bytes a node).",
        "", "| engine | time | CPU time | peak added | peak / one list | result |",
        "|---|---|---|---|---|---|", *rows, "",
        f"Python {platform.python_version()}, {platform.machine()}, load average "
        f"{os.getloadavg()[0]:.1f} (CPU time is the engine's own on a shared machine); "
        "peak added = ru_maxrss minus the resident set before the call."])
    print(table)
    if not args.no_write:
        RESULTS.write_text("# GC benchmark (benchmarks/gc_bench.py)\n\n" + table + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
