"""The python engine's run-time glue: the namespace the generated code runs in, the
lazy entries of functions, host calls, call_indirect, the driver loop of tail calls,
backtraces, and the invocation itself.

Every instance gets one namespace per engine kind (without fuel, or per fueled engine)
holding its functions as `F{i}` (a call) and `T{i}` (a tail call's target), memories
`M{i}` and their bytearrays `D{i}`, globals `G{i}`, tables `TB{i}`, tags `TG{i}`. A
function's names start as stubs that link it on the first call and then put the
function in their place, so later calls go straight from function to function.

A function is translated and compiled once per module (a `Translation`, kept by the
module: gvm/runtime/lowered.py); linking it to an instance binds its constants in the
instance's namespace and runs its code object there, which makes the function.

Call depth: each function receives `d`, the frames it may still use, and passes `d - 1`
to its callees; the first instruction of every function raises Exhaustion at 0. `d`
starts at this thread's budget (gvm.runtime.stack), which nested invocations share.
"""
import itertools
import math
import struct
import sys
import weakref
from types import CodeType, FunctionType

from ..errors import Exhaustion, Trap, WasmError, WasmException
from ..runtime import HostFunction
from ..runtime import stack as call_stack
from ..runtime.memory import VIEW_SIZES
from . import memory as MEM
from . import numeric as NUM
from .translate import translator

_MEMORY_ERRORS = (struct.error, IndexError, OverflowError)
_serial = itertools.count()
# filename of generated code -> (function name, wasm byte offset of each line)
LINES = {}
# code objects of the frames that interpret a wasm function (tier.py), holding its
# machine in their local `m`
INTERPRETED = set()
_keeper = []


def wasm_filename(func):
    """A file name of its own for the code of WasmFunction `func` (see LINES)."""
    return f"<wasm {func.name} #{next(_serial)}>"


class _Tail:
    """A tail call, returned by a function body to the loop that makes it."""
    __slots__ = ("f", "args")

    def __init__(self, f, args):
        self.f = f
        self.args = args


def _fuel_out(engine):
    engine.fuel = 0
    raise Exhaustion("fuel exhausted")


def _out_of_bounds(error):
    """The trap of an error raised by the generated code itself: an access past the end
    of a memory, or past the end of a table's elements (call_indirect's element `i_`:
    the elements are the one list that code indexes)."""
    if type(error) is IndexError and error.args == ("list index out of range",):
        trap = Trap(f"undefined element {error.__traceback__.tb_frame.f_locals['i_']}")
    else:
        trap = Trap("out of bounds memory access")
    trap.fault_line = error.__traceback__.tb_lineno
    return trap


def _throw_ref(exc):
    if exc is None:
        return Trap("null exception reference")
    return exc


def function_code(source, filename):
    """The code object of the one function `source` defines, as compiled from
    `filename`. exec() of the string compiles it, not compile(): the builtin first asks
    whether its argument is an AST object, which makes CPython create its hundred-odd
    AST classes on a process's first call (9 million instructions: more than
    translating and compiling a small function, and paid by every cold run)."""
    ns = {}
    exec(source, ns)
    del ns["__builtins__"]
    (function,) = ns.values()
    return renamed(function.__code__, filename)


def renamed(code, filename):
    """`code`, and the code objects it holds, as compiled from `filename` (the
    backtraces find a frame's function and offsets by its file name)."""
    consts = tuple(renamed(c, filename) if type(c) is CodeType else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


class Translation:
    """A function translated and compiled for every instance of its module."""
    __slots__ = ("code", "source", "filename", "constants", "tail")

    def __init__(self, code, source, filename, constants, tail):
        self.code = code            # the code of F{i} or T{i}, whose globals a namespace is
        self.source = source
        self.filename = filename
        self.constants = constants  # name -> value, for the namespace
        self.tail = tail            # whether it defines T{i}, whose F{i} is a driver


class Code:
    """A translated function linked to an instance: its entries and source."""
    __slots__ = ("call", "tail", "source", "filename")

    def __init__(self, call, tail, source, filename):
        self.call = call        # F: returns the results
        self.tail = tail        # T: may return a _Tail
        self.source = source
        self.filename = filename


class Callees(dict):
    """The entries call_indirect found for one type of a module in one namespace:
    function (wasm or host) -> entry, for the functions found to have that type."""
    __slots__ = ("type_key",)

    def __init__(self, type_key):
        super().__init__()
        self.type_key = type_key


class Namespaces:
    """The namespaces of one engine kind: instance -> dict."""

    def __init__(self, key, engine=None, hot=0):
        self.key = key              # func.compiled key of this kind's Code
        self.engine = engine        # the fueled engine, or None
        # functions run interpreted until they have executed `hot` times their size
        # in instructions (tier.py); 0: translated on their first call
        self.hot = hot
        self.tier_key = ("tier", key)
        # the module's key of this kind's Translation: fueled engines share theirs
        self.module_key = "python" if engine is None else "python+fuel"
        self.by_instance = weakref.WeakKeyDictionary()
        self.hosts = {}             # HostFunction -> its entry

    # --- entries --------------------------------------------------------------------
    def code(self, func):
        """The Code of WasmFunction `func`, linked (and translated) now if need be."""
        code = func.compiled.get(self.key)
        if code is None:
            if func.zeros is None:      # more locals than any frame may hold
                raise Exhaustion("call stack exhausted")
            code = self.link(func)
        return code

    def entry(self, func, tail=False):
        if type(func) is HostFunction:
            return self.host(func)
        code = func.compiled.get(self.key)
        if code is None:
            if self.hot:
                tiered = self.tiered(func)
                return tiered.tail if tail else tiered.call
            code = self.code(func)
        return code.tail if tail else code.call

    def tiered(self, func):
        """The entries that interpret `func` until it is hot (tier.py)."""
        tiered = func.compiled.get(self.tier_key)
        if tiered is None:
            from .tier import Tiered
            tiered = func.compiled[self.tier_key] = Tiered(self, func, self.hot)
        return tiered

    def translated(self, func):
        """Whether `func` has its translation linked here (an entry worth keeping)."""
        return type(func) is HostFunction or self.key in func.compiled

    def host(self, hf):
        h = self.hosts.get(hf)
        if h is None:
            h = self.hosts[hf] = _host_entry(hf)
        return h

    def translate(self, func):
        """The Translation of `func`: a WasmFunction, or osr.py's synthetic function
        (which carries its body)."""
        t = translator(func, self.engine is not None, getattr(func, "body", None))
        source, offsets = t.translate()
        filename = wasm_filename(func)
        LINES[filename] = (func.name, offsets)
        return Translation(function_code(source, filename), source, filename,
                           t.constants, t.tail)

    def link(self, func):
        """Make `func`'s function in its instance's namespace from the module's
        Translation (made now if no instance has called it yet)."""
        module = func.instance.module
        translation = module.lowered.code(self.module_key, func, self.translate,
                                          self.keeper(module))
        ns = self.namespace(func.instance)
        ns.update(translation.constants)
        ns[translation.code.co_name] = FunctionType(translation.code, ns)
        i = func.index
        if translation.tail:
            body = ns[f"T{i}"]
            ns[f"F{i}"] = call = _driver(body)
            tail = body
        else:
            call = tail = ns[f"F{i}"]
            ns[f"T{i}"] = call
        code = Code(call, tail, translation.source, translation.filename)
        func.compiled[self.key] = code
        return code

    def osr_entry(self, func, loop_pc):
        """A Python callable entering WasmFunction `func` at the head of the `loop`
        instruction at index `loop_pc` of its decoded body (func.func.body.decode()), or
        None where that loop cannot be entered. Call it as entry(*locals, *stack, d):
        `locals` are all of the frame's locals (params then declared locals), `stack` the
        frame's whole operand stack at the loop head, bottom first (the values of every
        enclosing block, then the loop's params on top), in the engines' value
        representation (the same as the reference engine's frame.locals and stack), `d`
        the call-depth budget as for F{i}. It runs the rest of the call and returns what
        F{i} returns (one value, a tuple, or None), raising traps / exceptions /
        Exhaustion as F{i} would.

        The translation (osr.py) is the module's, made once per function and loop; the
        entry is linked once per instance. Fueled engines have none."""
        if self.engine is not None:
            return None
        ns = self.namespace(func.instance)
        key = f"OSR{func.index}_{loop_pc}"
        if key in ns:
            return ns[key]
        translations = func.instance.module.lowered.osr
        tkey = (self.module_key, func.index, loop_pc)
        if tkey not in translations:
            from . import osr       # only a tiered run needs it
            synthetic = osr.synthetic(func, loop_pc)
            translations[tkey] = None if synthetic is None else self.translate(synthetic)
        translation = translations[tkey]
        entry = None
        if translation is not None:
            ns.update(translation.constants)
            entry = FunctionType(translation.code, ns)
            if translation.tail:
                entry = _driver(entry)
        ns[key] = entry
        return entry

    def keeper(self, module):
        """What lets the module cache keep translations across runs (keep.py): those
        without fuel checks, of a module the cache gave (gvm.cache.load_module: one with
        a `cache_slot`) only. Any other module's run leaves keep.py unimported: working
        out its build reads the directory of every source it names."""
        if self.engine is not None or getattr(module, "cache_slot", None) is None:
            return None
        if not _keeper:
            from .keep import keeper
            _keeper.append(keeper())
        return _keeper[0]

    # --- namespaces -----------------------------------------------------------------------
    def namespace(self, inst):
        ns = self.by_instance.get(inst)
        if ns is None:
            ns = self.by_instance[inst] = self.build(inst)
        return ns

    def build(self, inst):
        ns = {"__builtins__": __builtins__, "INSTANCE": inst, "E": self.engine,
              "_Trap": Trap, "_Exhaustion": Exhaustion, "_WasmException": WasmException,
              "_WasmError": WasmError, "_MEMORY_ERRORS": _MEMORY_ERRORS, "_Tail": _Tail,
              "_out_of_bounds": _out_of_bounds, "_throw_ref": _throw_ref,
              "_fuel_out": _fuel_out, "_indirect": self.indirect_call(),
              "_indirect_tail": self.indirect_tail, "_by_ref": self.by_ref,
              "_F32": memoryview(bytearray(4)).cast("f"), "_sqrt": math.sqrt,
              **NUM.FUNCTIONS, **MEM.HELPERS}
        for i, f in enumerate(inst.funcs):
            ns[f"FN{i}"] = f
            ns[f"F{i}"] = self.stub(ns, f, False)
            ns[f"T{i}"] = self.stub(ns, f, True)
        for t, type_key in enumerate(inst.module.type_keys):
            ns[f"CI{t}"] = Callees(type_key)
        for kind, items in (("M", inst.mems), ("G", inst.globals), ("TB", inst.tables),
                            ("TG", inst.tags)):
            for i, item in enumerate(items):
                ns[f"{kind}{i}"] = item
        for i, mem in enumerate(inst.mems):
            ns[f"D{i}"] = mem.data
            self.bind_views(ns, i, mem)
            mem.watch(self)
        return ns

    @staticmethod
    def bind_views(ns, i, mem):
        """`V{format}{i}`: memory i as an array of that struct format (memory.py's
        MEMORY_VIEWS), and `W{format}{i}` the tuple of those at byte offsets 0 to its
        size - 1 (Memory.views), indexed by an address's low bits; None where no views
        exist (struct then)."""
        views = mem.views()
        for fmt in MEM.VIEW_FORMATS:
            ns[f"V{fmt}{i}"] = views[fmt] if views is not None else None
        for fmt, size in VIEW_SIZES.items():
            ns[f"W{fmt}{i}"] = None if views is None else (
                views[fmt], *(views[f"{fmt}{k}"] for k in range(1, size)))

    def renew(self, mem):
        """After `mem` was resized: its new views in every namespace that names it."""
        for inst, ns in list(self.by_instance.items()):
            for i, m in enumerate(inst.mems):
                if m is mem:
                    self.bind_views(ns, i, mem)

    def stub(self, ns, func, tail):
        """The first call of `func` from this namespace: translate, rebind, call."""
        if type(func) is HostFunction:
            return self.host(func)
        name = ("T" if tail else "F") + str(func.index)
        own = func.instance is ns["INSTANCE"]

        def first_call(*args):
            entry = self.entry(func, tail)
            if not own and self.translated(func):
                ns[name] = entry
            return entry(*args)
        return first_call

    def indirect_call(self):
        """`_indirect(table, callees, i)`: call_indirect's callee when `callees` (the
        call site's type's `CI{t}`) has no entry for element i: the trap, or the
        element's entry, linked now if need be and recorded in `callees`."""
        full = self.indirect

        def indirect(table, callees, i):
            entry = full(table, callees.type_key, i, False)
            if self.translated(table.elements[i]):
                callees[table.elements[i]] = entry
            return entry
        return indirect

    def indirect_tail(self, table, type_key, i):
        """return_call_indirect's callee: the body that may return a _Tail."""
        return self.indirect(table, type_key, i, True)

    def indirect(self, table, type_key, i, tail):
        """call_indirect's callee: the entry of element i, or its trap."""
        elements = table.elements
        if i >= len(elements):
            raise Trap(f"undefined element {i}")
        func = elements[i]
        if func is None:
            raise Trap(f"uninitialized element {i}")
        if type_key not in func.type_ids:
            raise Trap("indirect call type mismatch")
        return self.entry(func, tail)

    def by_ref(self, func, tail):
        if func is None:
            raise Trap("null function reference")
        return self.entry(func, tail)


def _driver(body):
    """F for a function with tail calls: make the tail calls its body returns."""
    def call(*args):
        r = body(*args)
        while type(r) is _Tail:
            r = r.f(*r.args, args[-1])
        return r
    return call


def _host_entry(hf):
    call_raw = hf.call_raw
    n = len(hf.type.results)

    def host(*args):
        running = call_stack._running.machines
        if running and type(running[-1]) is Invocation:
            top = running[-1]   # its frames in use, for invocations the host makes
            top.depth = top.budget - args[-1]
        results = call_raw(list(args[:-1]))
        if n == 1:
            return results[0]
        return tuple(results) if n else None
    return host


class Invocation:
    """One call from the embedder, registered with the thread's call-stack budget."""
    __slots__ = ("budget", "depth")

    def __init__(self):
        self.budget = 0
        self.depth = 0

    def call_depth(self):
        return self.depth


# Python frames per wasm frame at most (a tail-call driver and its body, a first call's
# stub), and room for the embedder's own.
_FRAMES_PER_CALL = 3
_MARGIN = 1000


def invoke(namespaces, func, args):
    if type(func) is HostFunction:
        return func.call_raw(args)
    inv = Invocation()
    inv.budget = budget = call_stack.enter(inv)
    try:
        need = _FRAMES_PER_CALL * call_stack.MAX_CALL_DEPTH + _MARGIN
        if sys.getrecursionlimit() < need:
            sys.setrecursionlimit(need)
        r = namespaces.entry(func)(*args, budget)
    except Trap as trap:
        trap.frames = backtrace(trap)
        raise
    except RecursionError:
        raise Exhaustion("call stack exhausted") from None
    finally:
        call_stack.leave()
    n = len(func.type.results)
    if n == 1:
        return [r]
    return list(r) if n else []


def backtrace(exc):
    """(function, byte offset) per wasm frame, outermost first, from the traceback."""
    frames = []
    last = None
    tb = exc.__traceback__
    while tb is not None:
        info = LINES.get(tb.tb_frame.f_code.co_filename)
        if tb.tb_frame.f_code in INTERPRETED:
            frames += tb.tb_frame.f_locals["m"].backtrace()
        elif info is not None:
            name, offsets = info
            line = tb.tb_lineno
            entry = (name, offsets[line - 1] if 0 < line <= len(offsets) else None)
            if tb.tb_frame is last:
                frames[-1] = entry
            else:
                frames.append(entry)
            last = tb.tb_frame
        tb = tb.tb_next
    line = getattr(exc, "fault_line", None)
    if line is not None and frames:
        name, offsets = LINES.get(last.f_code.co_filename)
        frames[-1] = (name, offsets[line - 1] if 0 < line <= len(offsets) else None)
    return frames


def source(namespaces, func):
    """The Python source `func` becomes (gvm disasm --python)."""
    return namespaces.code(func).source
