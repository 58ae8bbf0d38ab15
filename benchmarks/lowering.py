"""Lowering throughput: wasm instructions lowered per second by each engine, and what a
second instance of the same gvm.Module pays instead (linking the module's code).

    python benchmarks/lowering.py                      # QuickJS (pwasm) and tests/programs
    python benchmarks/lowering.py --engines fast a.wasm b.wasm

Each module is decoded and validated once, instantiated against stand-ins for its
imports (nothing of the program runs), and every defined function is lowered as on
its first call, then linked into three more instances (the least time counts).
Decoding and validation are not counted: they are the load pipeline's (benchmarks/
and issue 13). docs/lowering.md records the numbers.
"""
import argparse
import glob
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import gvm  # noqa: E402
from gvm.engines import ENGINES, fast_available, get_engine  # noqa: E402
from gvm.link import instantiate  # noqa: E402
from gvm.pyjit.show import _stand_ins  # noqa: E402
from gvm.runtime import WasmFunction  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from guests import guest_path  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class _NoStart:
    """The engine instantiation runs the start function on: it runs nothing."""

    def invoke(self, func, args):
        return []


def _code(engine):
    """engine's function that lowers (or links) a WasmFunction as its first call does."""
    if engine.name == "fast":
        return engine.lower
    if engine.name == "python":
        return engine.namespaces.code
    return engine.link


def measure(module, engine_name, links=3):
    """(instructions, seconds lowering them, seconds linking another instance: the
    least of `links` instances, since one may meet a garbage collection)."""
    engine = get_engine(engine_name)
    code = _code(engine)
    times = []
    for _ in range(1 + links):
        inst = instantiate(module, _stand_ins(module), _NoStart())
        funcs = [f for f in inst.funcs if type(f) is WasmFunction and f.zeros is not None]
        start = time.perf_counter()
        for func in funcs:
            code(func)
        times.append(time.perf_counter() - start)
    instructions = sum(len(f.func.body) for f in funcs)
    return instructions, times[0], min(times[1:])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--engines", default=",".join(e for e in ENGINES if e != "fast" or fast_available()))
    p.add_argument("modules", nargs="*")
    args = p.parse_args(argv)
    paths = args.modules
    if not paths:
        quickjs = guest_path("quickjs.wasm")
        paths = ([str(quickjs)] if quickjs else []) + sorted(
            glob.glob(os.path.join(HERE, "..", "tests", "programs", "*.wasm")))
    print(f"{'module':<16} {'engine':<10} {'instructions':>12} {'lowered/s':>11} "
          f"{'link 2nd (ms)':>13} {'lower (ms)':>10}")
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        for engine_name in args.engines.split(","):
            module = gvm.Module(data)       # a fresh module: nothing lowered yet
            n, lower, link = measure(module, engine_name)
            print(f"{os.path.basename(path):<16} {engine_name:<10} {n:>12,} "
                  f"{n / lower:>11,.0f} {link * 1000:>13.1f} {lower * 1000:>10.1f}")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
