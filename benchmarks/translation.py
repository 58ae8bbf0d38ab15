"""Where a cold run's translation goes: gvm-python's phases against pwasm's compile mode,
measured inside the real cold run of a benchmark (issue 15).

    python benchmarks/translation.py [--benchmarks quickjs_objects,json] [--callgrind]
                                     [--sources FILE]

Each engine runs the benchmark's cold run (load and first call at its quick size, as
cold.py does) in a fresh process, with its translation's functions wrapped so that each
phase is measured where it happens: for gvm-python decoding a body (`Body.tuples`), the
passes over the body (the labels, branch targets, chains, fits, loop facts, settle.py's
alignment, the runs of accesses and the kinds and sets of locals they read, the locals
set before read), the walk that writes the source (the rest of `translator`), and `exec`
of the source (`function_code`); for pwasm, `python_source` and `compile`. The table
gives each phase's process CPU time (seconds) and, over the wasm instructions of the
functions translated, microseconds an instruction.

With --callgrind the child runs once under valgrind (PYTHONHASHSEED=0) and each phase is
CPython's instructions in millions instead: a marker (a call of os.getppid(), where
callgrind dumps its counters) at every change of phase gives the counts of each stretch,
summed by phase; they do not move with the machine's load. --sources FILE writes the
source of every function gvm-python translated (in order), so a change meant to keep the
output can be checked byte for byte (`cmp`).
"""
import argparse
import compileall
import json
import os
import re
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
OURS = ("decode", "passes", "walk", "exec")
PWASM = ("python_source", "compile")


class Phases:
    """Process CPU time by phase; the phase of a stretch is the innermost one open.
    `marker` is called at each change (os.getppid under callgrind) and `labels` names
    the stretch each call ends."""

    def __init__(self, marker):
        self.marker = marker
        self.labels = []
        self.stack = ["run"]
        self.cpu = {}
        self.since = time.process_time()

    def switch(self):
        now = time.process_time()
        top = self.stack[-1]
        self.cpu[top] = self.cpu.get(top, 0.0) + now - self.since
        self.since = now
        self.labels.append(top)
        self.marker()

    def wrap(self, owner, name, phase):
        """Replace owner.name (a function or method) by one timed as `phase`."""
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            self.switch()
            self.stack.append(phase)
            try:
                return inner(*args, **kwargs)
            finally:
                self.switch()
                self.stack.pop()
        setattr(owner, name, timed)
        return inner


def _instrument_gvm(phases, sources, functions):
    from gvm.binary.code import Body
    from gvm.pyjit import control, runtime, translate
    decode, translate_ = Body.decode, runtime.Namespaces.translate

    def recording(self, func):      # outside the phases: decoding to count is ours
        body = getattr(func, "body", None) or decode(func.func.body)
        functions.append([func.index, sum(1 for _ in body)])
        return translate_(self, func)
    runtime.Namespaces.translate = recording
    if sources is not None:
        function_code = runtime.function_code

        def keeping(source, filename):
            sources.append(source)
            return function_code(source, filename)
        runtime.function_code = keeping
    phases.wrap(runtime, "translator", "walk")
    phases.wrap(runtime, "function_code", "exec")
    phases.wrap(Body, "decode", "decode")
    phases.wrap(Body, "tuples", "decode")      # the translation's form of the body
    for owner, name in ((translate, "Labels"), (translate, "loop_facts"),
                        (translate, "settle"), (translate, "access_runs"),
                        (translate, "kinds"), (translate, "set_locals"),
                        (translate.Translator, "set_before_read"),
                        (control, "branch_targets"), (control, "chains"), (control, "fits")):
        phases.wrap(owner, name, "passes")


def _instrument_pwasm(phases, functions):
    from pwasm import codegen
    python_source = codegen.python_source

    def recording(wfunc):
        functions.append([wfunc.index, None])
        return python_source(wfunc)
    codegen.python_source = recording
    codegen.compile = compile       # the builtin, as a global of codegen to wrap
    phases.wrap(codegen, "python_source", "python_source")
    phases.wrap(codegen, "compile", "compile")


def _child(engine, name, callgrind, sources_file):
    """Runs in the child: the cold run with its phases measured; returns the JSON."""
    from run import ALL, ENGINES as RUNNERS, GUESTS
    phases = Phases(os.getppid if callgrind else (lambda: None))
    sources = [] if sources_file else None
    functions = []
    if engine == "gvm-python":
        _instrument_gvm(phases, sources, functions)
    else:
        _instrument_pwasm(phases, functions)
    bench = ALL[name]
    size = bench.size_for(bench.units(bench.quick))
    if name in GUESTS:
        runner = RUNNERS[engine]()
        runner.setup()
        fn = GUESTS[name].prepare(runner)
    elif engine == "gvm-python":
        import gvm
        fn = getattr(gvm.instantiate(str(HERE / "wasm" / f"{name}.wasm"),
                                     engine="python").exports, name)
    else:
        import pwasm
        data = (HERE / "wasm" / f"{name}.wasm").read_bytes()
        fn = getattr(pwasm.instantiate(pwasm.decode_module(data), mode="compile").exports,
                     name)
    fn(size)
    phases.switch()
    if sources is not None:
        Path(sources_file).write_text("".join(s + "\n#----\n" for s in sources))
    return {"cpu": phases.cpu, "labels": phases.labels, "functions": functions}


_TOTALS = re.compile(rb"^totals:\s*(\d+)", re.M)


def measure(engine, name, callgrind=False, sources=None):
    """The child's phases: {phase: seconds or millions of instructions}, and the
    functions translated ([index, wasm instructions or None])."""
    cmd = [sys.executable, __file__, "--child", engine, name, "1" if callgrind else "0",
           sources or ""]
    if not callgrind:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
        if out.returncode:
            raise RuntimeError(out.stderr.strip().splitlines()[-1])
        result = json.loads(out.stdout)
        return result["cpu"], result["functions"]
    env = dict(os.environ, PYTHONHASHSEED="0")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                              f"--callgrind-out-file={tmp}/callgrind.out"] + cmd,
                             capture_output=True, text=True, timeout=7200, env=env)
        if out.returncode:
            lines = [x for x in out.stderr.strip().splitlines() if not x.startswith("==")]
            raise RuntimeError(lines[-1])
        counts = {}
        for path in Path(tmp).glob("callgrind.out.*"):
            part = path.name.rsplit(".", 1)[1]
            m = _TOTALS.search(path.read_bytes())
            if part.isdigit() and m:
                counts[int(part)] = int(m.group(1)) / 1e6
    result = json.loads(out.stdout)
    by_phase = {}
    # dump k (from 1) is the stretch that the k-th marker ended
    for k, label in enumerate(result["labels"], 1):
        by_phase[label] = by_phase.get(label, 0.0) + counts.get(k, 0.0)
    return by_phase, result["functions"]


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], sys.argv[3], sys.argv[4] == "1",
                                sys.argv[5] or None)))
        return 0
    from run import ALL
    compileall.compile_dir(HERE.parent / "gvm", quiet=1)    # as pip does (cold.py)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--benchmarks", default="quickjs_objects")
    p.add_argument("--callgrind", action="store_true",
                   help="count CPython's instructions (millions) instead of CPU seconds")
    p.add_argument("--sources", help="write gvm-python's translated sources to this file")
    p.add_argument("--engines", default=",".join(ENGINES))
    args = p.parse_args()
    unit = "millions of instructions" if args.callgrind else "CPU seconds"
    print(f"| benchmark | engine | functions | wasm instructions | phases ({unit}) "
          f"| translation | per wasm instruction (us or instructions) |")
    print("|---|---|---:|---:|---|---:|---:|")
    for name in args.benchmarks.split(","):
        if name not in ALL:
            p.error(f"unknown benchmark {name!r}")
        sizes = {}
        for engine in args.engines.split(","):
            phases, functions = measure(engine, name, args.callgrind,
                                        args.sources if engine == "gvm-python" else None)
            if engine == "gvm-python":
                sizes = dict(functions)
            n = sum(sizes.get(i, 0) for i, _ in functions)
            known = all(i in sizes for i, _ in functions)
            parts = OURS if engine == "gvm-python" else PWASM
            total = sum(phases.get(k, 0.0) for k in parts)
            per = total / n * 1e6 if n and known else None
            detail = ", ".join(f"{k} {phases.get(k, 0.0):.{1 if args.callgrind else 3}f}"
                               for k in parts)
            print(f"| {name} | {engine} | {len(functions)} | {n if known else '?'} | "
                  f"{detail} | {total:.{1 if args.callgrind else 3}f} | "
                  f"{'' if per is None else f'{per:.2f}'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
