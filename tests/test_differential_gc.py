"""Differential testing with GC: random modules from `wasm-tools smith` with the GC
proposal enabled run on the reference engine (with fuel), on the fast engine (with
ample fuel and without) and on wasmtime with its GC enabled, and must agree.

What is compared of a GC reference is what can be observed of it: null or not, which
kind of object (structure, array, i31, function, host value), an i31's value; beyond
that, wasm code observes references only through instructions (casts, struct.get,
ref.eq, ...) whose results are numbers or traps, and those are compared exactly between
GVM's engines (traps with their messages). wasmtime-py cannot pass or return GC
references, so wasmtime's account covers the exports whose types are numbers, funcref
or externref; GVM calls those first, so that both see the same state, and wasmtime's
comparison stops at the first other one.

The test counts the GC instructions the reference engine executed (its handlers are
wrapped with a counter while the test runs) and the modules in which any did.
GVM_GC_DIFF_MODULES sets how many modules to try (default 200); GVM_LONG=1 runs until
2,000 modules have executed GC instructions; GVM_GC_DIFF_FROM sets the first seed.

Fuel bounds instructions, not work: a module that allocates a large array on every
iteration of a loop can keep the reference engine busy for hours within its fuel. Such a
module is given up after REFERENCE_SECONDS and counted as `too_slow`, never as agreeing.
"""
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import gvm  # noqa: E402
from gvm import opcodes as O, types as T, values as V  # noqa: E402
from gvm.engines import fast_available  # noqa: E402
from gvm.interp import lower as reference_lowering  # noqa: E402
from gvm.runtime.gc import Struct, Array, I31  # noqa: E402
from gvm.binary.types import ANY, EQ, I31 as I31_HEAP  # noqa: E402
from gvm.runtime import WasmFunction, HostFunction  # noqa: E402
from test_differential import (FUEL, SMITH_OPTIONS, _arguments, _encode, _with, exhausted_fuel,  # noqa: E402
                               smith, wasmtime_available)

LONG = os.environ.get("GVM_LONG") == "1"
MODULES = int(os.environ.get("GVM_GC_DIFF_MODULES", "200"))
WANTED_WITH_GC = 2000 if LONG else 0
FIRST_SEED = int(os.environ.get("GVM_GC_DIFF_FROM", "0"))
BATCH = 20
REFERENCE_SECONDS = 60
OPTIONS = _with(SMITH_OPTIONS, gc_enabled="true", reference_types_enabled="true",
                max_instructions="1000", max_funcs="20", min_funcs="5", max_types="12")
GC_OPS = frozenset(op.id for op in O.OPCODES
                   if op.prefix == 0xFB or op.name in ("ref.eq",))


# --- accounts -------------------------------------------------------------------------------
def encode(t, value):
    """A value as JSON; a reference as what can be observed of it."""
    if t in (T.I32, T.I64, T.F32, T.F64, T.V128):
        return _encode(t, value)
    if value is None:
        return ["ref", None]
    if type(value) is I31:
        return ["ref", "i31", value.value]
    if type(value) is Struct:
        return ["ref", "struct"]
    if type(value) is Array:
        return ["ref", "array"]
    if isinstance(value, (WasmFunction, HostFunction)):
        return ["ref", "func"]
    return ["ref", type(value).__name__]


def plain(ft):
    """Whether wasmtime-py can call a function of this type: numbers, funcref, externref."""
    return all(t in (T.I32, T.I64, T.F32, T.F64, T.FUNCREF, T.EXTERNREF)
               for t in ft.params + ft.results)


def ordered_exports(exports, type_of):
    """Function exports, those wasmtime-py can call first (module order otherwise)."""
    funcs = [e for e in exports if type_of(e) is not None]
    return [e for e in funcs if plain(type_of(e))] + [e for e in funcs if not plain(type_of(e))]


def _outcome(action):
    try:
        return ["ok", action()]
    except (gvm.Trap, gvm.Exhaustion) as e:
        return [type(e).__name__, e.message]
    except gvm.WasmException as e:
        return ["WasmException", [encode(t, v) for t, v in zip(e.tag.type.params, e.values)]]
    except TypeError as e:      # a null for a non-nullable parameter: refused by the API
        return ["TypeError", str(e)]


def run_module(data, seed, engine, fuel):
    module = gvm.Module(data)
    try:
        inst = gvm.instantiate(module, engine=engine, fuel=fuel)
    except (gvm.Trap, gvm.Exhaustion) as e:
        return [["instantiate", type(e).__name__, e.message]]
    rng = random.Random(seed)
    account = []
    names = ordered_exports(list(inst.exports), lambda n: getattr(inst.exports[n], "type", None)
                            if hasattr(inst.exports[n], "call_raw") else None)
    for name in names:
        extern = inst.exports[name]
        ft = extern.type
        args = _arguments(rng, ft.params)
        if not plain(ft):
            args = [gc_argument(inst, t, rng) if a is None else a for t, a in zip(ft.params, args)]
        account.append([name, _outcome(
            lambda: [encode(t, r) for t, r in zip(ft.results, _call(extern, ft, args))])])
    for name, extern in inst.exports.items():
        if hasattr(extern, "value") and hasattr(extern, "type"):
            account.append([name, encode(extern.type.valtype, extern.value)])
    return account


def gc_argument(inst, t, rng):
    """A reference argument: null when the type allows it (mostly), else a GC object of
    the type if one is easily made (an i31, a structure or array of default values, a
    function of the module), else null (which the API then refuses)."""
    nullable, heap = (t.nullable, t.heap) if type(t) is T.RefType else (True, t)
    if nullable and rng.random() < 0.7:
        return None
    if heap in (ANY, EQ, I31_HEAP):
        return I31(rng.getrandbits(31))
    if type(heap) is not T.TypeIdx:
        return None
    rtt = inst.rtts[heap]
    if rtt is None:
        key = inst.module.type_keys[heap]
        return next((f for f in inst.funcs if key in f.type_ids), None)
    if not all(d is not None or _nullable(f) for d, f in zip(rtt.defaults, _fields(rtt))):
        return None
    if rtt.is_struct:
        return Struct(rtt, list(rtt.defaults))
    return Array(rtt, [rtt.defaults[0]] * rng.randrange(4))


def _fields(rtt):
    return rtt.comp.fields if rtt.is_struct else (rtt.comp.field,)


def _nullable(field):
    return type(field.storage) is not T.RefType or field.storage.nullable


def _call(extern, ft, args):
    for t, a in zip(ft.params, args):
        V.from_python(t, a)      # the API's check of each argument (non-null references)
    return extern.call_raw(args)


# --- counting the reference engine's GC instructions ------------------------------------------
class GcCounter:
    """Wraps the reference engine's GC handlers with a counter while active."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        self.saved = list(reference_lowering.DISPATCH)
        for op in GC_OPS:
            handler, make_arg = self.saved[op]
            reference_lowering.DISPATCH[op] = (self._counted(handler), make_arg)
        return self

    def _counted(self, handler):
        def counted(m, arg):
            self.count += 1
            return handler(m, arg)
        return counted

    def __exit__(self, *exc):
        reference_lowering.DISPATCH[:] = self.saved


# --- wasmtime -----------------------------------------------------------------------------------
def _from_wasmtime(t, value):
    if t == T.F32:
        return encode(t, V.round_f32(value))
    if t == T.F64:
        return encode(t, value)
    if t == T.I32:
        return value & V.MASK32
    if t == T.I64:
        return value & V.MASK64
    return ["ref"]


def run_wasmtime(data, seed, fuel):
    import wasmtime
    config = wasmtime.Config()
    for feature in ("gc", "function_references", "reference_types", "tail_call"):
        setattr(config, f"wasm_{feature}", True)
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_fuel(fuel)
    ast = gvm.Module(data).ast
    try:
        exports = wasmtime.Instance(store, wasmtime.Module(engine, data), []).exports(store)
    except wasmtime.Trap as e:
        return [["stop"] if "all fuel consumed" in str(e) else ["instantiate", "trap"]]
    except wasmtime.WasmtimeError as e:
        if not _out_of_memory(e):
            raise
        return [["instantiate", "trap"]]

    def type_of(export):
        if export.kind != T.EXTERN_FUNC:
            return None
        t = ast.types[ast.funcs[export.index].type_idx]
        return getattr(t, "comp", t)
    rng = random.Random(seed)
    account = []
    for export in ordered_exports(ast.exports, type_of):
        ft = type_of(export)
        args = _arguments(rng, ft.params)
        if not plain(ft):
            return account + [["stop"]]
        wasm_args = [V.signed32(a) if t == T.I32 else V.signed64(a) if t == T.I64 else a
                     for t, a in zip(ft.params, args)]
        try:
            values = exports[export.name](store, *wasm_args)
            # wasmtime-py returns one result bare (a null reference as None), several as a list
            values = values if len(ft.results) > 1 else [values] if ft.results else []
            outcome = ["ok", [_from_wasmtime(t, r) for t, r in zip(ft.results, values)]]
        except wasmtime.Trap as e:
            if "all fuel consumed" in str(e):    # wasmtime counts fuel its own way
                return account + [["stop"]]
            outcome = ["trap"]
        except wasmtime.WasmtimeError as e:
            if "fuel" in str(e):
                return account + [["stop"]]
            if not _out_of_memory(e):
                raise
            outcome = ["trap"]
        account.append([export.name, outcome])
    return account + [["stop"]]     # globals of GC types: not readable through wasmtime-py


def _out_of_memory(error):
    """wasmtime's GC heap is full: an error, not a trap, where GVM raises Exhaustion."""
    return "GC heap out of memory" in str(error)


def as_wasmtime_sees_it(account):
    out = []
    for entry in account:
        if entry[:1] == ["instantiate"]:
            out.append(["instantiate", "trap"])
        elif len(entry) == 2 and isinstance(entry[1], list) and entry[1][:1] in (["Trap"], ["Exhaustion"]):
            out.append([entry[0], ["trap"]])
        elif len(entry) == 2 and isinstance(entry[1], list) and entry[1][:1] == ["ok"]:
            out.append([entry[0], ["ok", [["ref"] if isinstance(v, list) and v[:1] == ["ref"] else v
                                          for v in entry[1][1]]]])
        else:
            out.append(entry)
    return out


def agrees_with_wasmtime(actual, reference):
    expected = as_wasmtime_sees_it(reference)
    if actual[-1:] == [["stop"]]:
        actual = actual[:-1]
        expected = expected[:len(actual)]
    return actual == expected


# --- the worker and the test --------------------------------------------------------------------
def worker(jobs):
    for path, seed, fuel, engine in jobs:
        data = Path(path).read_bytes()
        account = run_wasmtime(data, seed, fuel) if engine == "wasmtime" else run_module(data, seed, engine, fuel)
        print(json.dumps(account), flush=True)


def run_batch(jobs):
    result = subprocess.run([sys.executable, __file__, "worker", json.dumps(jobs)],
                            capture_output=True, text=True, timeout=900)
    if result.returncode:
        pytest.fail(f"the worker died (status {result.returncode}) on one of "
                    f"{[job[0] for job in jobs]}:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines()]


class TooSlow(BaseException):
    """(A BaseException: no handler for wasm errors may take it for one.)"""


@contextlib.contextmanager
def time_limit(seconds):
    def expire(signum, frame):
        raise TooSlow
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")
def test_gc_modules_agree_on_both_engines_and_wasmtime():
    from conftest import wasm_tools
    wasm_tools()
    use_wasmtime = wasmtime_available()
    stats = {"modules": 0, "with_gc": 0, "gc_instructions": 0, "compared": 0, "wasmtime": 0,
             "too_slow": 0}
    seed = FIRST_SEED
    with tempfile.TemporaryDirectory() as directory:
        while seed < FIRST_SEED + MODULES or stats["with_gc"] < WANTED_WITH_GC:
            jobs, expected = [], []
            for seed in range(seed, seed + BATCH):
                path = smith(seed, directory, OPTIONS)
                if path is None:
                    continue
                try:
                    with GcCounter() as counter, time_limit(REFERENCE_SECONDS):
                        reference = run_module(path.read_bytes(), seed, "reference", FUEL)
                except gvm.WasmError:
                    continue
                except TooSlow:
                    stats["too_slow"] += 1
                    continue
                stats["modules"] += 1
                stats["gc_instructions"] += counter.count
                stats["with_gc"] += counter.count > 0
                if exhausted_fuel(reference):
                    jobs.append([str(path), seed, FUEL, "fast"])
                    expected.append((path, None, "fast"))
                    continue
                for fuel in (FUEL * 10, None):
                    jobs.append([str(path), seed, fuel, "fast"])
                    expected.append((path, reference, "fast"))
                if use_wasmtime:
                    jobs.append([str(path), seed, FUEL * 100, "wasmtime"])
                    expected.append((path, reference, "wasmtime"))
            seed += 1
            for (path, reference, engine), actual in zip(expected, run_batch(jobs)):
                if reference is None:
                    continue
                if engine == "wasmtime":
                    assert agrees_with_wasmtime(actual, reference), \
                        f"{path.name}: wasmtime differs:\n{actual}\n{as_wasmtime_sees_it(reference)}"
                    stats["wasmtime"] += actual != [["stop"]]
                else:
                    assert actual == reference, f"{path.name}: fast engine differs"
                    stats["compared"] += 1
            print(f"seed {seed}: {stats}", flush=True)   # a long run shows how far it is
    print(f"\nGC differential: {stats}")
    assert stats["with_gc"] >= max(WANTED_WITH_GC, MODULES // 10), stats
    assert stats["compared"] >= stats["modules"] // 2, stats
    assert stats["too_slow"] <= stats["modules"] // 100, stats   # rare, or the test says little


if __name__ == "__main__" and sys.argv[1:2] == ["worker"]:
    worker(json.loads(sys.argv[2]))
