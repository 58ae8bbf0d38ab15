"""Which instruction sequences run most, over a corpus: the data superinstructions are
chosen from (issue 14: "derive optimisations from counts over a corpus, never from one
benchmark").

    python benchmarks/sequences.py              # every benchmark; writes SEQUENCES.md
    python benchmarks/sequences.py --top 40 --benchmarks loop,json --no-write
    python benchmarks/sequences.py --guests quickjs_objects,micropython --work 8

Each benchmark of benchmarks/run.py runs at a tenth of its quick size on the reference
engine without superinstructions, on a machine that counts, at each instruction, the
one to three instructions executed just before it in the same frame (a call or a return
starts a new sequence: a superinstruction cannot span them). `block`, `loop`, `nop` and
`end` are not counted: the fast engine's lowering leaves no code for them. A sequence's
weight in a
benchmark is its count over all the instructions the benchmark executed; the corpus
score is the mean of the weights over the benchmarks, so that each program counts
alike however long it runs, and the table gives in how many programs the sequence
makes at least 1% of the instructions. Sequences are written with the instructions'
mnemonics; immediates are left out (`local.get local.get i32.add` covers every pair of
locals).

The real programs (`--guests`: the interpreters pwasm ships, compiled to wasm, running
benchmarks/guests.py's scripts) count one eval of the script at `--work` units, after
a warm-up eval, so that the interpreter's start-up is not counted.
"""
import argparse
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from run import BENCHMARKS, GUESTS, WASM  # noqa: E402
from guests import GuestInstance, by_module, guest_path  # noqa: E402
from callgrind_guard import sizes  # noqa: E402

import gvm  # noqa: E402
from gvm import opcodes as O  # noqa: E402
from gvm.debug.engine import SteppingEngine  # noqa: E402
from gvm.interp.machine import Machine  # noqa: E402
from gvm.link import instantiate  # noqa: E402

LENGTHS = (1, 2, 3)
ELIDED = {op.id for op in O.OPCODES if op.name in ("block", "loop", "nop", "end")}
OUT = HERE / "SEQUENCES.md"


class CountingEngine(SteppingEngine):
    def __init__(self):
        super().__init__()
        self.counts = {n: Counter() for n in LENGTHS}

    def invoke(self, func, args):
        return CountingMachine(self).invoke(func, args)


class CountingMachine(Machine):
    def loop(self):
        counts = self.engine.counts
        ones, twos, threes = (counts[n] for n in LENGTHS)
        window = ()
        frame = self.frame
        while frame is not None:
            op = frame.func.func.body[frame.pc].op
            if op not in ELIDED:
                window = (window + (op,))[-3:]
                ones[window[-1:]] += 1
                if len(window) > 1:
                    twos[window[-2:]] += 1
                if len(window) > 2:
                    threes[window] += 1
            self.step()
            if self.frame is not frame:        # a call or a return: a new sequence
                frame = self.frame
                window = ()

    loop_fueled = loop


def count(name, size):
    engine = CountingEngine()
    module = gvm.Module((WASM / f"{name}.wasm").read_bytes())
    inst = instantiate(module, None, engine, None, None)
    getattr(inst.exports, name)(size)
    return engine.counts


def guest_instance(engine, path, functions):
    """guests.gvm_instance's GuestInstance, on an engine object rather than a name."""
    from gvm.runtime.instance import Function
    inst = instantiate(gvm.Module(Path(path).read_bytes()), by_module(functions), engine)
    memory = inst.exports.memory

    def call_indirect(index, *args):
        elements = inst.exports["__indirect_function_table"].elements
        return Function(elements[index], engine, f"table[{index}]")(*args)
    return GuestInstance(lambda name, *args: getattr(inst.exports, name)(*args),
                         lambda addr, n: bytes(memory.read(addr, n)), memory.write,
                         call_indirect)


def count_guest(name, work):
    """The counts of one eval of guest workload `name` at `work` units."""
    workload = GUESTS[name].workload
    engine = CountingEngine()
    guest = workload.interpreter(lambda path, functions: guest_instance(engine, path, functions),
                                 guest_path(workload.interpreter.FILE))
    guest.eval(workload.source(work))
    engine.counts = {n: Counter() for n in LENGTHS}
    guest.eval(workload.source(work))
    return engine.counts


def corpus(names, work=None):
    """{length: {sequence: [weight per benchmark]}} and the benchmarks' totals."""
    weights = {n: {} for n in LENGTHS}
    totals = {}
    for k, name in enumerate(names):
        if name in GUESTS:
            s1 = work
            counts = count_guest(name, work)
        else:
            s1, _ = sizes(BENCHMARKS[name], "reference")
            counts = count(name, s1)
        total = sum(counts[1].values())
        totals[name] = total
        print(f"{name}: {total:,} instructions at size {s1}", file=sys.stderr)
        for n in LENGTHS:
            for seq, c in counts[n].items():
                weights[n].setdefault(seq, [0.0] * len(names))[k] = c / total
    return weights, totals


def mnemonics(seq):
    return " ".join(O.OPCODES[op].name for op in seq)


def table(weights, names, n, top):
    rows = sorted(weights[n].items(), key=lambda kv: -sum(kv[1]))[:top]
    lines = [f"| {'instruction' if n == 1 else 'sequence'} | corpus % | programs >= 1% | "
             "most in |", "|---|---:|---:|---|"]
    for seq, w in rows:
        score = 100 * sum(w) / len(names)
        wide = sum(x >= 0.01 for x in w)
        best = names[max(range(len(w)), key=w.__getitem__)]
        lines.append(f"| `{mnemonics(seq)}` | {score:.2f} | {wide} | {best} |")
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    p.add_argument("--guests", default="", help="real programs too (run.py's guests)")
    p.add_argument("--work", type=int, default=4, help="a guest's units of work")
    p.add_argument("--top", type=int, default=30)
    p.add_argument("--no-write", action="store_true", help=f"do not write {OUT.name}")
    args = p.parse_args(argv)
    names = [n for n in args.benchmarks.split(",") + args.guests.split(",") if n]
    unknown = [n for n in names if n not in BENCHMARKS and n not in GUESTS]
    if unknown:
        p.error(f"unknown benchmarks: {', '.join(unknown)}")
    weights, totals = corpus(names, args.work)
    parts = [f"# Instruction sequences over the benchmark corpus\n\n"
             f"Written by `benchmarks/sequences.py` (see its docstring for the method) over "
             f"{len(names)} programs: {', '.join(names)}.\n"]
    for n in LENGTHS:
        title = "Instructions" if n == 1 else f"Sequences of {n}"
        parts.append(f"## {title}\n\n{table(weights, names, n, args.top)}\n")
    text = "\n".join(parts)
    print(text)
    if not args.no_write:
        OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
