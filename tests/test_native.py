"""The fast engine's native tier (gvm/_fast/native.pxi, native.h, gvm/_fast/native/):
a module's number-only functions translated to C, compiled by the system's C compiler
and called instead of interpreted. Native code must be invisible but for its speed, so
nearly every test here is differential: the same wasm on the reference engine (or the
fast engine's interpreter) and natively, with the same results, the same traps with the
spec's messages, the same globals and memory afterwards; and each checks that the
function's Code is `.native`, so that it really ran native code. Beyond the numbers:
control flow the translation turns into gotos (blocks with values, br_table, loops with
params), everything that leaves native code through the engine's callbacks (host
functions, nested calls, exceptions, call_indirect, globals without a C cell,
memory.grow, signals), the modes (eager, auto's background compile, the cache of
compiled libraries across processes) and a machine without a C compiler, where the
interpreter must simply go on. The command line runs in subprocesses, like a user's.

The tier's mode is set per test (the `native` fixture) and put back to "off", the mode
conftest gives every other test file. Tests that could hang or crash the interpreter
(signals, a C stack running out) run in a process of their own with a time limit."""
import itertools
import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import gvm
from gvm import opcodes as O
from gvm import types as T
from gvm.engines import fast_available
from gvm.errors import Exhaustion, Trap
from conftest import wat

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "tests" / "programs"
BENCHMARKS = ROOT / "benchmarks" / "wasm"

if not fast_available():
    pytest.skip("the fast engine is not built", allow_module_level=True)

from gvm._fast import engine as fast_engine  # noqa: E402
from gvm._fast.native import build as native_build  # noqa: E402


def _no_compiler():
    """Why the native tier cannot compile here (its own check: `$CC --version`), or None."""
    try:
        native_build._toolchain(tuple(native_build.compiler()))
    except native_build.NativeBuildError as e:
        return str(e)
    return None


_WHY = _no_compiler()
if _WHY:
    pytest.skip(f"the native tier has no C compiler: {_WHY}", allow_module_level=True)


@pytest.fixture(autouse=True)
def native():
    """The tier's mode for the modules this test first calls: eager, unless the test
    sets another with the function this yields; "off" again afterwards, and
    NATIVE_AFTER as it was."""
    after = fast_engine.NATIVE_AFTER
    fast_engine.set_native("eager")
    yield fast_engine.set_native
    fast_engine.set_native("off")
    fast_engine.NATIVE_AFTER = after


def is_native(inst, name):
    """Whether calls of export `name` of fast-engine instance `inst` run native code."""
    return inst.engine.lower(getattr(inst.exports, name).extern).native


def outcome(call, *args):
    """What a call does: ("ok", result), or the kind and message of what it raised."""
    try:
        return "ok", call(*args)
    except (Trap, Exhaustion) as e:
        return type(e).__name__, e.message if isinstance(e, Trap) else str(e)


def pair(source, imports=None):
    """`source` (WAT) on the reference engine and natively on the fast engine;
    `imports(instance_box)` makes each one's imports."""
    module = wat(source)
    made = []
    for engine in ("reference", "fast"):
        box = {}
        box["inst"] = inst = gvm.instantiate(module, imports(box) if imports else None,
                                             engine=engine)
        made.append(inst)
    return made


def subprocess_env(**extra):
    env = {k: v for k, v in os.environ.items() if k not in ("GVM_PATH", "GVM_TRACEBACK")}
    env.update(PYTHONPATH=str(ROOT), **extra)
    return env


# --- where the tier cannot be tested ------------------------------------------------------
def test_this_file_skips_without_a_compiler():
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider",
                           __file__], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env=subprocess_env(CC="/nonexistent/cc"))
    # skipped at import: no test collected, none failed, no error
    assert proc.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, proc.stdout[-3000:]
    assert "1 skipped" in proc.stdout and "passed" not in proc.stdout, proc.stdout[-3000:]
    assert "the native tier has no C compiler: no C compiler (/nonexistent/cc)" in proc.stdout


# --- the numeric instructions ---------------------------------------------------------
def test_every_numeric_opcode_has_a_c_template():
    from gvm._fast.native.numeric import BY_ID, TEMPLATES
    numeric = {op.id for op in O.OPCODES if op.is_numeric}
    assert numeric and set(BY_ID) == numeric
    # no template for an instruction that is not numeric (a renamed opcode's leftover)
    assert set(TEMPLATES) == {O.OPCODES[i].const_name for i in numeric}
    for i, (template, traps) in BY_ID.items():
        op = O.OPCODES[i]
        if traps == "TRUNC":                 # a call of numeric.h's trapping truncation
            assert "_TRUNC_F" in op.const_name, op.name
            continue
        assert "{a}" in template, op.name
        assert ("{b}" in template) == (len(op.params) == 2), op.name


# Every numeric instruction as a function of integers: float operands and results go
# through reinterpret, so that NaN payloads and signalling NaNs cross the API exactly.
CARRIER = {T.I32: "i32", T.I64: "i64", T.F32: "i32", T.F64: "i64"}
FLOAT_IN = {T.F32: "f32.reinterpret_i32", T.F64: "f64.reinterpret_i64"}
FLOAT_OUT = {T.F32: "i32.reinterpret_f32", T.F64: "i64.reinterpret_f64"}
NUMERIC_OPS = [op for op in O.OPCODES if op.is_numeric]


def _numeric_module():
    funcs = []
    for op in NUMERIC_OPS:
        body = []
        for k, t in enumerate(op.params):
            body += [f"local.get {k}"] + ([FLOAT_IN[t]] if t in FLOAT_IN else [])
        result = op.results[0]
        body += [op.name] + ([FLOAT_OUT[result]] if result in FLOAT_OUT else [])
        params = " ".join(CARRIER[t] for t in op.params)
        funcs.append(f'(func (export "{op.name}") (param {params}) '
                     f'(result {CARRIER[result]}) {" ".join(body)})')
    return "(module\n" + "\n".join(funcs) + ")"


# Operands as bits: the edges of each type (signs, limits, the truncations' bounds, the
# roundings' halves, infinities, quiet and signalling NaNs with payloads, subnormals).
OPERANDS = {
    T.I32: [0, 1, 2, 7, 31, 32, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFE,
            0xFFFFFFFF, 0x12345678],
    T.I64: [0, 1, 7, 63, 64, 0xFFFFFFFF, 0x100000000, 0x7FFFFFFFFFFFFFFF,
            0x8000000000000000, 0x8000000000000001, 0xFFFFFFFFFFFFFFFF,
            0x123456789ABCDEF0],
    T.F32: [0, 0x80000000, 0x3F800000, 0xBFC00000, 0x40200000, 0x3EFFFFFF, 0xBF000000,
            0x7F800000, 0xFF800000, 0x7FC00000, 0x7FA00001, 0xFFC12345, 0x4F000000,
            0xCF000000, 0x4F800000, 0x5F000000, 0xDF000000, 0x00000001, 0x7F7FFFFF,
            0xC0490FDB],
    T.F64: [0, 0x8000000000000000, 0x3FF0000000000000, 0xBFF8000000000000,
            0x4004000000000000, 0x3FDFFFFFFFFFFFFF, 0xBFE0000000000000,
            0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000,
            0x7FF4000000000001, 0xFFF8000000012345, 0x41E0000000000000,
            0xC1E0000000100000, 0xC1E0000000200000, 0x41EFFFFFFFE00000,
            0x41F0000000000000, 0x43E0000000000000, 0xC3E0000000000000,
            0x43F0000000000000, 0x0000000000000001, 0x7FEFFFFFFFFFFFFF,
            0x4330000000000001, 0x36A0000000000000],
}
# (exponent, quiet bit, sign bit) of a float type's bits
FLOAT_BITS = {T.F32: (0x7F800000, 0x00400000, 0x80000000),
              T.F64: (0x7FF0000000000000, 0x0008000000000000, 0x8000000000000000)}
# Float results that are bit operations, exact even for NaNs (spec 4.3.3: fneg, fabs,
# fcopysign; reinterpret): every other float result of a NaN may be any NaN the spec's
# nondeterminism allows.
EXACT = ("abs", "neg", "copysign", "reinterpret")


def _magnitude(t, bits):
    exponent, quiet, sign = FLOAT_BITS[t]
    return bits & (sign - 1)


def _nan(t, bits):
    exponent = FLOAT_BITS[t][0]
    return _magnitude(t, bits) > exponent


def _allowed_nan(op, args, got):
    """Whether `got` is a NaN the spec allows as the result of `op` on `args`: a
    canonical NaN when every NaN operand is canonical (or there is none), else an
    arithmetic (quiet) one; of either sign (spec 4.3.3, "NaN propagation")."""
    t = op.results[0]
    exponent, quiet, _ = FLOAT_BITS[t]
    if not _nan(t, got) or not _magnitude(t, got) & quiet:
        return False
    canonical = all(_magnitude(at, a) == FLOAT_BITS[at][0] | FLOAT_BITS[at][1]
                    for a, at in zip(args, op.params) if at in FLOAT_BITS and _nan(at, a))
    return _magnitude(t, got) == exponent | quiet or not canonical


def test_every_numeric_instruction_matches_the_reference():
    ref, fast = pair(_numeric_module())
    assert all(is_native(fast, op.name) for op in NUMERIC_OPS)
    mismatches = []
    for op in NUMERIC_OPS:
        r, n = getattr(ref.exports, op.name), getattr(fast.exports, op.name)
        for args in itertools.product(*(OPERANDS[t] for t in op.params)):
            expected, got = outcome(r, *args), outcome(n, *args)
            if expected == got:
                continue
            result = op.results[0]
            if (result in FLOAT_BITS and expected[0] == got[0] == "ok"
                    and not any(word in op.name for word in EXACT)
                    and _nan(result, expected[1]) and _allowed_nan(op, args, got[1])):
                continue
            mismatches.append(f"{op.name}{tuple(hex(a) for a in args)}: reference "
                              f"{expected}, native {got}")
    assert not mismatches, "\n".join(mismatches[:30])


# Signalling NaNs must come out quiet of every arithmetic instruction, also where the C
# compiler would see an identity: x * 1.0, x / 1.0, x - 0.0, demote(promote(x)).
QUIETING = """
(module
  (func (export "mul32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.mul (f32.reinterpret_i32 (local.get 0)) (f32.const 1))))
  (func (export "div32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.div (f32.reinterpret_i32 (local.get 0)) (f32.const 1))))
  (func (export "sub32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.sub (f32.reinterpret_i32 (local.get 0)) (f32.const 0))))
  (func (export "add32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.const -0))))
  (func (export "round_trip32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.demote_f64 (f64.promote_f32 (f32.reinterpret_i32 (local.get 0))))))
  (func (export "promote") (param i32) (result i64)
    (i64.reinterpret_f64 (f64.promote_f32 (f32.reinterpret_i32 (local.get 0)))))
  (func (export "max32") (param i32) (result i32)
    (i32.reinterpret_f32 (f32.max (f32.reinterpret_i32 (local.get 0)) (f32.reinterpret_i32 (local.get 0)))))
  (func (export "mul64") (param i64) (result i64)
    (i64.reinterpret_f64 (f64.mul (f64.reinterpret_i64 (local.get 0)) (f64.const 1))))
  (func (export "sub64") (param i64) (result i64)
    (i64.reinterpret_f64 (f64.sub (f64.reinterpret_i64 (local.get 0)) (f64.const 0))))
  (func (export "demote") (param i64) (result i32)
    (i32.reinterpret_f32 (f32.demote_f64 (f64.reinterpret_i64 (local.get 0)))))
  (func (export "round_trip64") (param i64) (result i64)
    (i64.reinterpret_f64 (f64.promote_f32 (f32.demote_f64 (f64.reinterpret_i64 (local.get 0)))))))
"""
SNAN32 = [0x7FA00001, 0xFFA12345, 0x7F800001]
SNAN64 = [0x7FF4000000000001, 0xFFF0000000012345, 0x7FF0000000000001]


@pytest.mark.parametrize("export, operands", [
    ("mul32", SNAN32), ("div32", SNAN32), ("sub32", SNAN32), ("add32", SNAN32),
    ("round_trip32", SNAN32), ("promote", SNAN32), ("max32", SNAN32),
    ("mul64", SNAN64), ("sub64", SNAN64), ("demote", SNAN64), ("round_trip64", SNAN64)])
def test_signalling_nans_are_quieted(export, operands):
    ref, fast = pair(QUIETING)
    assert is_native(fast, export)
    quiet = 0x0008000000000000 if export in ("promote", "mul64", "sub64", "round_trip64") \
        else 0x00400000
    for bits in operands:
        expected = getattr(ref.exports, export)(bits)
        got = getattr(fast.exports, export)(bits)
        assert got == expected, f"{export}({bits:#x}): {got:#x}, expected {expected:#x}"
        assert got & quiet, f"{export}({bits:#x}) left a signalling NaN: {got:#x}"


# Copies keep a signalling NaN as it is: a constant, a local, a select, an argument
# and result of a native call, a global, memory.
COPIES = """
(module
  (memory 1)
  (global $f (mut f32) (f32.const 0))
  (global $d (mut f64) (f64.const 0))
  (func $id32 (param f32) (result f32) (local.get 0))
  (func $id64 (param f64) (result f64) (local.get 0))
  (func (export "const32") (result i32) (i32.reinterpret_f32 (f32.const nan:0x200001)))
  (func (export "const64") (result i64) (i64.reinterpret_f64 (f64.const -nan:0x4000000000001)))
  (func (export "select32") (param i32 i32) (result i32)
    (i32.reinterpret_f32 (select (f32.reinterpret_i32 (local.get 0)) (f32.const 1)
                                 (local.get 1))))
  (func (export "call32") (param i32) (result i32)
    (i32.reinterpret_f32 (call $id32 (f32.reinterpret_i32 (local.get 0)))))
  (func (export "call64") (param i64) (result i64)
    (i64.reinterpret_f64 (call $id64 (f64.reinterpret_i64 (local.get 0)))))
  (func (export "global32") (param i32) (result i32)
    (global.set $f (f32.reinterpret_i32 (local.get 0)))
    (i32.reinterpret_f32 (global.get $f)))
  (func (export "global64") (param i64) (result i64)
    (global.set $d (f64.reinterpret_i64 (local.get 0)))
    (i64.reinterpret_f64 (global.get $d)))
  (func (export "memory32") (param i32) (result i32)
    (f32.store offset=3 (i32.const 0) (f32.reinterpret_i32 (local.get 0)))
    (i32.reinterpret_f32 (f32.load offset=3 (i32.const 0))))
  (func (export "memory64") (param i64) (result i64)
    (f64.store offset=5 (i32.const 0) (f64.reinterpret_i64 (local.get 0)))
    (i64.reinterpret_f64 (f64.load offset=5 (i32.const 0)))))
"""


@pytest.mark.parametrize("export, args, bits", [
    ("const32", (), 0x7FA00001), ("const64", (), 0xFFF4000000000001),
    *[(name, (b,), b) for name in ("call32", "global32", "memory32") for b in SNAN32],
    *[(name, (b,), b) for name in ("call64", "global64", "memory64") for b in SNAN64],
    ("select32", (0x7FA00001, 1), 0x7FA00001), ("select32", (0xFF800001, 1), 0xFF800001),
])
def test_a_copy_keeps_a_signalling_nan(export, args, bits):
    ref, fast = pair(COPIES)
    assert is_native(fast, export)
    for inst in (ref, fast):
        mask = 0xFFFFFFFF if bits < 2**32 else 0xFFFFFFFFFFFFFFFF
        assert getattr(inst.exports, export)(*args) & mask == bits, inst.engine


# Every load and store, at offsets, with sign extension, into and out of a pattern.
ACCESS_OPS = [op for op in O.OPCODES
              if op.prefix == 0 and (".load" in op.name or ".store" in op.name)]


def _access_module():
    funcs = []
    for op in ACCESS_OPS:
        t = op.name.split(".")[0]
        carrier = CARRIER[T.BY_NAME[t]]
        in_ = FLOAT_IN.get(T.BY_NAME[t], "")
        out = FLOAT_OUT.get(T.BY_NAME[t], "")
        if ".load" in op.name:
            funcs.append(f'(func (export "{op.name}") (param i32) (result {carrier}) '
                         f'(local.get 0) ({op.name} offset=3) {out})')
        else:
            funcs.append(f'(func (export "{op.name}") (param i32 {carrier}) '
                         f'(local.get 0) (local.get 1) {in_} ({op.name} offset=1))')
    pattern = "".join(f"\\{(i * 37 + 128) % 256:02x}" for i in range(64))
    return ('(module (memory (export "memory") 1) (data (i32.const 0) "' + pattern + '")\n'
            + "\n".join(funcs) + ")")


def test_every_load_and_store_matches_the_reference():
    ref, fast = pair(_access_module())
    values = {T.I32: [0x80FF7F01, 0x12345678], T.I64: [0x8000FF7F01FE02FD, 7],
              T.F32: [0x7FA00001, 0xBF800000], T.F64: [0x7FF4000000000001, 0xC000000000000000]}
    for op in ACCESS_OPS:
        assert is_native(fast, op.name), op.name
        for address in (0, 1, 13, 60, PAGE - 11, PAGE - 4, PAGE - 3, -3):
            if ".load" in op.name:
                calls = [(address,)]
            else:
                calls = [(address, v) for v in values[T.BY_NAME[op.name.split(".")[0]]]]
            for args in calls:
                expected = outcome(getattr(ref.exports, op.name), *args)
                assert outcome(getattr(fast.exports, op.name), *args) == expected, \
                    (op.name, args)
    assert fast.exports.memory.read(0, PAGE) == ref.exports.memory.read(0, PAGE)


# --- whole programs: the benchmarks ---------------------------------------------------
def _benchmark_sizes():
    """Each benchmark's small ("quick") size, from benchmarks/run.py."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import run
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return {name: bench.quick for name, bench in run.BENCHMARKS.items()}


# SIMD is not the native tier's: blur_simd's one function stays in the interpreter.
INTERPRETED = {"blur_simd"}
PROGRAM_FILES = sorted(p.name for p in BENCHMARKS.glob("*.wasm") if p.name != "hello.wasm")


@pytest.mark.parametrize("file", PROGRAM_FILES)
def test_benchmark_programs_give_the_interpreters_results(native, file):
    sizes = _benchmark_sizes()
    module = gvm.Module.from_file(BENCHMARKS / file)
    names = [e.name for e in module.exports if e.kind == T.EXTERN_FUNC]
    assert names and all(name in sizes for name in names), names
    native("off")       # the interpreter's results first: its functions link now
    interpreted = gvm.instantiate(BENCHMARKS / file, engine="fast")
    sizes = {name: (1, sizes[name]) for name in names}
    expected = {name: [getattr(interpreted.exports, name)(size) for size in sizes[name]]
                for name in names}
    assert not any(is_native(interpreted, name) for name in names)
    native("eager")
    compiled = gvm.instantiate(BENCHMARKS / file, engine="fast")
    for name in names:
        assert is_native(compiled, name) == (name not in INTERPRETED), name
        # twice: the second call finds what the first left in memory
        assert [getattr(compiled.exports, name)(size) for size in sizes[name]] \
            == expected[name], name


# --- traps and exhaustion ---------------------------------------------------------------
TRAPS = """
(module
  (type $i_i (func (param i32) (result i32)))
  (type $v_i (func (result i32)))
  (memory (export "memory") 1 3)
  (table 5 funcref)
  (elem (i32.const 0) $double $seven $double)      ;; 3 is never set
  (elem (i32.const 4) $down_indirect)
  (func $double (param i32) (result i32) (i32.add (local.get 0) (local.get 0)))
  (func $seven (result i32) (i32.const 7))
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load_offset") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "load_huge_offset") (param i32) (result i32)
    (i32.load offset=4294967295 (local.get 0)))
  ;; a store that lands, then one that does not: the first stays done
  (func (export "store_then_oob") (param i32 i32)
    (i32.store (i32.const 16) (local.get 1))
    (i64.store (local.get 0) (i64.const -1)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "unreachable") (param i32) (result i32)
    (if (local.get 0) (then (unreachable)))
    (i32.const 5))
  (func (export "trunc_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "trunc_u") (param f32) (result i32) (i32.trunc_f32_u (local.get 0)))
  (func (export "trunc_s64") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "trunc_u64") (param f64) (result i64) (i64.trunc_f64_u (local.get 0)))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $i_i) (local.get 1) (local.get 0)))
  (func (export "indirect_v") (param i32) (result i32)
    (call_indirect (type $v_i) (local.get 0)))
  (func (export "fill") (param i32 i32 i32)
    (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32)
    (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "sum") (param i32 i32) (result i32) (local $s i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 1)))
      (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
      (br $next)))
    (local.get $s))
  (func $down (export "down") (param i32) (result i32)
    (i32.add (call $down (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func $spin_down (export "spin_down")
    (call $spin_down))
  (func $down_indirect (export "down_indirect") (param i32) (result i32)
    (call_indirect (type $i_i) (i32.add (local.get 0) (i32.const 1)) (i32.const 4)))
  ;; traps n native calls deep
  (func $bottom (export "bottom") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $bottom (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.rem_u (i32.const 1) (local.get 0)))))
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $deep (i32.sub (local.get 0) (i32.const 1))) (i32.const 2))))))
"""
PAGE = 65536
NAN = float("nan")
INF = float("inf")
DIV0, OVERFLOW, OOB = "integer divide by zero", "integer overflow", "out of bounds memory access"
INVALID, MISMATCH = "invalid conversion to integer", "indirect call type mismatch"
EXHAUSTED = ("Exhaustion", "call stack exhausted")


def trap(message):
    return "Trap", message


def ok(value):
    return "ok", value


@pytest.mark.parametrize("export, args, expected", [
    ("div_s", (7, 0), trap(DIV0)), ("div_s", (-0x80000000, -1), trap(OVERFLOW)),
    ("div_s", (-7, 2), ok(-3)), ("div_u", (7, 0), trap(DIV0)), ("div_u", (-1, 2), ok(0x7FFFFFFF)),
    ("rem_s", (7, 0), trap(DIV0)), ("rem_s", (-0x80000000, -1), ok(0)), ("rem_s", (-7, 2), ok(-1)),
    ("rem_u64", (7, 0), trap(DIV0)), ("rem_u64", (-1, 10), ok(5)),
    ("div_s64", (-0x8000000000000000, -1), trap(OVERFLOW)), ("div_s64", (1, 0), trap(DIV0)),
    ("div_s64", (-9, 4), ok(-2)),
    ("load", (PAGE - 4,), ok(0)), ("load", (PAGE - 3,), trap(OOB)), ("load", (-1,), trap(OOB)),
    ("load", (PAGE,), trap(OOB)), ("load_offset", (0,), ok(0)), ("load_offset", (1,), trap(OOB)),
    ("load_offset", (-4,), trap(OOB)), ("load64", (PAGE - 8,), ok(0)),
    ("load64", (PAGE - 7,), trap(OOB)), ("load8_s", (PAGE - 1,), ok(0)),
    ("load8_s", (PAGE,), trap(OOB)), ("load_huge_offset", (0,), trap(OOB)),
    ("load_huge_offset", (-1,), trap(OOB)),
    ("unreachable", (0,), ok(5)), ("unreachable", (1,), trap("unreachable")),
    ("trunc_s", (NAN,), trap(INVALID)), ("trunc_s", (INF,), trap(OVERFLOW)),
    ("trunc_s", (2147483648.0,), trap(OVERFLOW)), ("trunc_s", (-2147483648.0,), ok(-2**31)),
    ("trunc_s", (-2147483904.0,), trap(OVERFLOW)), ("trunc_s", (-1.5,), ok(-1)),
    ("trunc_u", (-1.0,), trap(OVERFLOW)), ("trunc_u", (-0.75,), ok(0)),
    ("trunc_u", (4294967296.0,), trap(OVERFLOW)), ("trunc_u", (NAN,), trap(INVALID)),
    ("trunc_s64", (9.3e18,), trap(OVERFLOW)), ("trunc_s64", (-2.0**63,), ok(-2**63)),
    ("trunc_s64", (-INF,), trap(OVERFLOW)), ("trunc_u64", (2.0**64,), trap(OVERFLOW)),
    ("trunc_u64", (2.0**64 - 2048,), ok(-2048)), ("trunc_u64", (-NAN,), trap(INVALID)),
    ("indirect", (0, 21), ok(42)), ("indirect", (2, -4), ok(-8)),
    ("indirect", (1, 0), trap(MISMATCH)), ("indirect", (3, 0), trap("uninitialized element 3")),
    ("indirect", (5, 0), trap("undefined element 5")),
    ("indirect", (-1, 0), trap("undefined element 4294967295")),
    ("indirect_v", (1,), ok(7)), ("indirect_v", (0,), trap(MISMATCH)),
    ("indirect_v", (4,), trap(MISMATCH)), ("indirect_v", (3,), trap("uninitialized element 3")),
    ("indirect_v", (1000,), trap("undefined element 1000")),
    ("spin_down", (), EXHAUSTED), ("down", (0,), EXHAUSTED), ("down_indirect", (0,), EXHAUSTED),
    ("deep", (1000,), ok(2000)), ("deep", (9000,), ok(18000)),
])
def test_traps_and_results_match_the_reference(export, args, expected):
    ref, fast = pair(TRAPS)
    assert is_native(fast, export)
    assert outcome(getattr(ref.exports, export), *args) == expected
    assert outcome(getattr(fast.exports, export), *args) == expected
    # the instance goes on after its trap
    assert fast.exports.div_s(9, 3) == 3 and fast.exports.deep(10) == 20


def _innermost(call, *args):
    with pytest.raises(Trap) as raised:
        call(*args)
    return raised.value.frames[-1]


@pytest.mark.parametrize("export, args", [
    ("div_s", (7, 0)), ("load", (-1,)), ("load_offset", (1,)), ("unreachable", (1,)),
    ("trunc_s", (NAN,)), ("indirect", (1, 0)), ("indirect", (5, 0)), ("indirect_v", (3,)),
    ("fill", (-1, 7, 2)), ("copy", (-1, 0, 1)), ("store_then_oob", (PAGE - 7, 1)),
    ("bottom", (3,)), ("bottom", (0,)),
])
def test_a_trap_names_the_instruction_that_trapped(export, args):
    # the backtrace's innermost frame: the function and byte offset of the instruction
    ref, fast = pair(TRAPS)
    assert is_native(fast, export)
    expected = _innermost(getattr(ref.exports, export), *args)
    assert _innermost(getattr(fast.exports, export), *args) == expected


@pytest.mark.parametrize("export, args", [
    ("spin_down", ()), ("down", (0,)), ("down_indirect", (0,))])
def test_exhaustion_leaves_the_instance_usable(export, args):
    _, fast = pair(TRAPS)
    assert is_native(fast, export)
    for _ in range(3):
        with pytest.raises(Exhaustion, match="call stack exhausted"):
            getattr(fast.exports, export)(*args)
        assert fast.exports.deep(9000) == 18000


@pytest.mark.parametrize("steps", [
    # a store that lands before one that traps stays done
    [("store_then_oob", (PAGE - 7, 0x1234)), ("peek", (16,))],
    [("store_then_oob", (PAGE - 8, 0x4321)), ("peek", (PAGE - 4,))],
    # memory.fill: bounds checked before anything is written
    [("fill", (0, 0xAB, 10)), ("fill", (PAGE - 10, 0x1FF, 10)), ("fill", (PAGE - 9, 7, 10)),
     ("fill", (PAGE, 7, 0)), ("fill", (PAGE + 1, 7, 0)), ("fill", (-1, 7, 2)),
     ("sum", (PAGE - 12, 12)), ("sum", (0, 12))],
    # memory.copy: overlapping either way, and its bounds
    [("fill", (100, 1, 4)), ("fill", (104, 2, 4)), ("copy", (102, 100, 8)),
     ("copy", (99, 101, 8)), ("copy", (PAGE - 4, 100, 4)), ("copy", (PAGE - 3, 100, 4)),
     ("copy", (100, PAGE - 3, 4)), ("copy", (PAGE, 0, 0)), ("copy", (0, PAGE + 1, 0)),
     ("copy", (-1, 0, 1)), ("sum", (96, 16)), ("sum", (PAGE - 8, 8))],
], ids=["store-lands", "store-at-edge", "fill", "copy"])
def test_memory_effects_match_the_reference(steps):
    ref, fast = pair(TRAPS)
    for export, args in steps:
        assert is_native(fast, export)
        expected = outcome(getattr(ref.exports, export), *args)
        assert outcome(getattr(fast.exports, export), *args) == expected, (export, args)
    assert fast.exports.memory.read(0, PAGE) == ref.exports.memory.read(0, PAGE)


# --- control flow: blocks, branches and their values --------------------------------------
CONTROL = """
(module
  (type $pair (func (param i32 i32) (result i32 i32)))
  (type $sum (func (param i64 i64) (result i64)))
  (type $three (func (result i32 i64 f64)))
  ;; br_table carrying a value out of one of four blocks, each adding its own
  (func (export "table") (param i32) (result i32)
    (i32.add (i32.const 1000)
      (block $d (result i32)
        (i32.add (i32.const 100)
          (block $c (result i32)
            (i32.add (i32.const 10)
              (block $b (result i32)
                (i32.add (i32.const 1)
                  (block $a (result i32)
                    (br_table $a $b $c $d $b (i32.mul (local.get 0) (i32.const 7))
                                             (local.get 0)))))))))))
  ;; br_table as the last of a chain of blocks without values; the default case taken
  (func (export "cases") (param i32) (result i32)
    (block $out (block $two (block $one (block $zero
      (br_table $zero $one $two (local.get 0)))
      (return (i32.const 10)))
      (return (i32.const 11)))
      (return (i32.const 12)))
    (i32.const 13))
  ;; multi-value blocks of type [i32 i32] -> [i32 i32]: one swaps its params, one
  ;; leaves with them through br_if, or adds 1 to the second
  (func (export "swap") (param i32 i32) (result i32)
    (local.get 0) (local.get 1)
    (block (type $pair) (local.set 0) (local.set 1) (local.get 0) (local.get 1))
    (block (type $pair)
      (br_if 0 (i32.eqz (local.get 0)))
      (i32.add (i32.const 1)))
    (i32.sub))
  ;; a block with params that leaves through br with its values, from inside an if
  (func (export "br_params") (param i64 i64) (result i64)
    (local.get 0) (local.get 1)
    (block $b (type $sum)
      (if (i64.lt_s (local.get 0) (i64.const 0))
        (then (br $b (i64.sub (local.get 0) (local.get 1)))))      ;; the params under it
      (i64.add))
    (i64.const 0) (i64.add))
  ;; a block of three results of three types, and a select of each
  (func (export "three") (param i32) (result f64) (local $i i32) (local $l i64) (local $d f64)
    (block (type $three)
      (i32.const 3) (i64.const 40) (f64.const 0.5)
      (br_if 0 (local.get 0))
      (drop) (drop) (drop)
      (i32.const 5) (i64.const 60) (f64.const 0.25))
    (local.set $d) (local.set $l) (local.set $i)
    (f64.add (f64.convert_i32_s (local.get $i))
      (f64.add (f64.convert_i64_s (local.get $l)) (local.get $d))))
  ;; a loop with params: sums n, n-1, ..., 1 with the running values on the stack
  (func (export "loop_params") (param i32) (result i64)
    (i64.const 0) (local.get 0)
    (loop $l (param i64 i32) (result i64)
      (local.set 0)
      (i64.add (i64.extend_i32_u (local.get 0)))
      (local.get 0) (i32.const 1) (i32.sub)
      (local.tee 0)
      (br_if $l (local.get 0) (i32.ne (i32.const 0)))
      (drop)))
  ;; nested loops; an outer continue from the inner loop
  (func (export "nested") (param i32) (result i32) (local $i i32) (local $j i32) (local $n i32)
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u (local.get $i) (local.get 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $j (i32.const 0))
        (loop $inner
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (local.set $n (i32.add (local.get $n) (local.get $j)))
          (br_if $outer (i32.ge_u (local.get $j) (local.get $i)))
          (br $inner))))
    (local.get $n))
  ;; select, untyped and typed, of every number type
  (func (export "select_i64") (param i32 i64 i64) (result i64)
    (select (local.get 1) (local.get 2) (local.get 0)))
  (func (export "select_f32") (param i32 f32 f32) (result f32)
    (select (result f32) (local.get 1) (local.get 2) (local.get 0)))
  (func (export "select_f64") (param i32) (result f64)
    (select (result f64) (f64.const -0) (f64.const 0) (local.get 0)))
  (func (export "select_i32") (param i32 i32 i32) (result i32)
    (select (local.get 1) (local.get 2) (local.get 0)))
  ;; if/else with values; an if without else; code after a branch (dead: never emitted)
  (func (export "ifs") (param i32) (result i32) (local $r i32)
    (if (i32.gt_s (local.get 0) (i32.const 10))
      (then (local.set $r (i32.const 1))))
    (i32.add (local.get $r)
      (if (result i32) (i32.and (local.get 0) (i32.const 1))
        (then (return (i32.mul (local.get 0) (i32.const 3))) (i32.const 99) (drop))
        (else (br 0 (i32.shl (local.get 0) (i32.const 4))) (unreachable)))))
  ;; a callee with two results stays in the interpreter, and so does its caller (a
  ;; native caller would call it as a nested invocation: see translate.py's `call`)
  (func $divmod (param i32 i32) (result i32 i32)
    (i32.div_u (local.get 0) (local.get 1)) (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "divmod") (param i32 i32) (result i32)
    (call $divmod (local.get 0) (local.get 1))
    (i32.add (i32.mul (i32.const 1000))))
  ;; locals start at zero on every call, of every type
  (func (export "locals") (param i32) (result f64)
    (local $a i32) (local $b i64) (local $c f32) (local $d f64)
    (if (local.get 0) (then (return (f64.const -1))))
    (local.set $a (i32.add (local.get $a) (i32.const 1)))
    (local.set $d (f64.add (local.get $d) (f64.promote_f32 (local.get $c))))
    (f64.add (local.get $d)
      (f64.convert_i64_u (i64.add (local.get $b) (i64.extend_i32_u (local.get $a)))))))
"""


@pytest.mark.parametrize("export, args", [
    *[("table", (i,)) for i in (0, 1, 2, 3, 4, 5, -1)],
    *[("cases", (i,)) for i in (0, 1, 2, 3, 100)],
    ("swap", (3, 10)), ("swap", (0, 10)), ("swap", (3, 0)),
    ("br_params", (5, 7)), ("br_params", (-5, 7)),
    ("three", (0,)), ("three", (1,)),
    ("loop_params", (1,)), ("loop_params", (100,)),
    ("nested", (0,)), ("nested", (1,)), ("nested", (30,)),
    ("select_i64", (1, 2**40, -3)), ("select_i64", (0, 2**40, -3)),
    ("select_f32", (5, 1.5, -2.5)), ("select_f32", (0, 1.5, -2.5)),
    ("select_f64", (1,)), ("select_f64", (0,)),
    ("select_i32", (-1, 4, 5)), ("select_i32", (0, 4, 5)),
    ("ifs", (3,)), ("ifs", (4,)), ("ifs", (11,)), ("ifs", (12,)),
    ("divmod", (47, 10)), ("divmod", (1, 0)),
    ("locals", (0,)), ("locals", (1,)), ("locals", (0,)),
])
def test_control_flow_matches_the_reference(export, args):
    ref, fast = pair(CONTROL)
    assert is_native(fast, export) == (export != "divmod")
    expected = outcome(getattr(ref.exports, export), *args)
    got = outcome(getattr(fast.exports, export), *args)
    assert got == expected
    if isinstance(expected[1], float):        # -0.0 == 0.0: the sign too
        assert str(got[1]) == str(expected[1])


# What the tier leaves to the interpreter, each in `odd`: a caller that calls it
# directly stays in the interpreter too (translate.py's `call`: native code would call
# it as a nested invocation), with the same results as the reference's.
ODD = {
    "two results": """
      (func $odd (export "odd") (param i32) (result i32 i32)
        (local.get 0) (i32.mul (local.get 0) (local.get 0)))
      (func (export "caller") (param i32) (result i32) (i32.sub (call $odd (local.get 0))))""",
    "a reference": """
      (func $odd (export "odd") (param i32) (result i32)
        (i32.add (local.get 0) (ref.is_null (ref.null extern))))
      (func (export "caller") (param i32) (result i32) (i32.mul (call $odd (local.get 0)) (i32.const 3)))""",
    "simd": """
      (func $odd (export "odd") (param i32) (result i32)
        (i32x4.extract_lane 2 (i32x4.mul (i32x4.splat (local.get 0)) (v128.const i32x4 1 2 3 4))))
      (func (export "caller") (param i32) (result i32) (i32.add (call $odd (local.get 0)) (i32.const 1)))""",
    "a tail call": """
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func $odd (export "odd") (param i32) (result i32) (return_call $inc (local.get 0)))
      (func (export "caller") (param i32) (result i32) (i32.mul (call $odd (local.get 0)) (i32.const 2)))""",
    "an if with params": """
      (func $odd (export "odd") (param i32) (result i32)
        (local.get 0)
        (if (param i32) (result i32) (i32.and (local.get 0) (i32.const 1))
          (then (i32.const 100) (i32.add)) (else (i32.const 3) (i32.mul))))
      (func (export "caller") (param i32) (result i32) (i32.sub (call $odd (local.get 0)) (i32.const 1)))""",
    "a second memory": """
      (memory $a 1) (memory $b 1)
      (func $odd (export "odd") (param i32) (result i32)
        (i32.store $b (i32.const 8) (local.get 0)) (i32.load $b (i32.const 8)))
      (func (export "caller") (param i32) (result i32) (i32.add (call $odd (local.get 0)) (i32.const 9)))""",
    "a throw": """
      (tag $t (param i32))
      (func $odd (export "odd") (param i32) (result i32)
        (block $h (result i32) (try_table (result i32) (catch $t $h)
          (if (local.get 0) (then (throw $t (i32.mul (local.get 0) (i32.const 5)))))
          (i32.const -1))))
      (func (export "caller") (param i32) (result i32) (i32.add (call $odd (local.get 0)) (i32.const 2)))""",
}


@pytest.mark.parametrize("what", list(ODD))
def test_what_the_tier_leaves_to_the_interpreter_is_called_from_native_code(what):
    ref, fast = pair(f"(module {ODD[what]})")
    assert not is_native(fast, "caller") and not is_native(fast, "odd")
    for arg in (0, 1, 6, -7):
        assert outcome(fast.exports.caller, arg) == outcome(ref.exports.caller, arg)


# --- leaving native code: host functions, globals, memory.grow ------------------------------
HOST = """
(module
  (import "env" "peek" (func $peek (param i32 i64 f32 f64) (result f64)))
  (import "env" "again" (func $again (param i32) (result i32)))
  (import "env" "fail" (func $fail (param i32)))
  (import "env" "grow" (func $grow (param i32) (result i32)))
  (memory (export "memory") 1 8)
  (global $gi (export "gi") (mut i32) (i32.const 1))
  (global $gl (export "gl") (mut i64) (i64.const 2))
  (global $gf (export "gf") (mut f32) (f32.const 3))
  (global $gd (export "gd") (mut f64) (f64.const 4))
  (global $count (export "count") (mut i32) (i32.const 0))
  (func (export "set_all") (param i32 i64 f32 f64)
    (global.set $gi (local.get 0)) (global.set $gl (local.get 1))
    (global.set $gf (local.get 2)) (global.set $gd (local.get 3)))
  (func (export "sum_all") (result f64)
    (f64.add (f64.add (f64.convert_i32_s (global.get $gi)) (f64.convert_i64_s (global.get $gl)))
             (f64.add (f64.promote_f32 (global.get $gf)) (global.get $gd))))
  ;; sets every global and a word of memory, lets the host read and change them (and
  ;; write memory), then reads them all again
  (func (export "around_host") (param i32) (result f64) (local $r f64)
    (global.set $gi (local.get 0))
    (global.set $gl (i64.mul (i64.extend_i32_s (local.get 0)) (i64.const 1000000007)))
    (global.set $gf (f32.div (f32.convert_i32_s (local.get 0)) (f32.const 4)))
    (global.set $gd (f64.div (f64.convert_i32_s (local.get 0)) (f64.const 3)))
    (i32.store (i32.const 8) (i32.mul (local.get 0) (i32.const 3)))
    (local.set $r (call $peek (global.get $gi) (global.get $gl) (global.get $gf) (global.get $gd)))
    (f64.add (local.get $r)
      (f64.add (f64.add (f64.convert_i32_s (global.get $gi)) (f64.convert_i64_s (global.get $gl)))
        (f64.add (f64.add (f64.promote_f32 (global.get $gf)) (global.get $gd))
                 (f64.convert_i32_s (i32.load (i32.const 12)))))))
  ;; factorial through the host: each level calls back into this export (nested)
  (func $fact (export "fact") (param i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (if (result i32) (i32.le_s (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $again (i32.sub (local.get 0) (i32.const 1)))))))
  ;; n native frames deep, then the host raises
  (func $descend (export "descend") (param i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store (i32.const 0) (local.get 0))
    (if (local.get 0)
      (then (drop (call $descend (i32.sub (local.get 0) (i32.const 1)))))
      (else (call $fail (global.get $count))))
    (i32.add (local.get 0) (i32.const 1)))
  ;; the host grows the memory; the top word of the new pages is written and read
  (func (export "host_grow") (param i32) (result i32) (local $top i32)
    (drop (call $grow (local.get 0)))
    (local.set $top (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.store (local.get $top) (i32.add (local.get $top) (i32.const 1)))
    (i32.sub (i32.load (local.get $top)) (local.get $top)))
  ;; grows by one page at a time, writing each new page's last word and checking every
  ;; earlier page's is still there; returns the sum, or -1 once growth fails
  (func (export "grow_loop") (param i32) (result i32) (local $old i32) (local $sum i32) (local $p i32)
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (local.set $old (memory.grow (i32.const 1)))
      (if (i32.eq (local.get $old) (i32.const -1)) (then (return (i32.const -1))))
      (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))
                 (memory.size))
      (local.set $p (i32.const 1))
      (local.set $sum (i32.const 0))
      (loop $pages
        (local.set $sum (i32.add (local.get $sum)
          (i32.load (i32.sub (i32.mul (local.get $p) (i32.const 65536)) (i32.const 4)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br_if $pages (i32.le_u (local.get $p) (memory.size))))
      (br $next)))
    (i32.add (local.get $sum) (i32.load (i32.const 65532)))))
"""


class HostFailure(Exception):
    pass


def host_imports(logs):
    """HOST's imports for pair(): each instance's host functions log in a list of its
    own, appended to `logs` (the reference engine's first)."""
    def make(box):
        log = []
        logs.append(log)

        def peek(i, l, f, d):
            inst = box["inst"]
            exports = inst.exports
            seen = (i, l, f, d, exports.gi.value, exports.gl.value, exports.gf.get(),
                    exports.gd.get(), exports.memory.read(8, 4))
            log.append(seen)
            exports.gi.set(i + 1)
            exports.gl.set(-l)
            exports.gf.set(f * 2)
            exports.gd.set(d - 0.5)
            exports.memory.write(12, (i * 5 & 0xFFFFFFFF).to_bytes(4, "little"))
            return i * 0.25

        def again(n):
            return box["inst"].exports.fact(n)

        def fail(count):
            raise HostFailure(count)

        def grow(pages):
            return box["inst"].exports.memory.grow(pages)

        return {"env": {"peek": peek, "again": again, "fail": fail, "grow": grow}}
    return make


def _globals(inst):
    e = inst.exports
    return e.gi.value, e.gl.value, e.gf.get(), e.gd.get()


def test_globals_of_every_type_set_natively_are_the_hosts():
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "set_all") and is_native(fast, "sum_all")
    for inst in (ref, fast):
        inst.exports.set_all(-7, 2**40 + 3, 1.5, -2.25)
    assert _globals(fast) == _globals(ref) == (2**32 - 7, 2**40 + 3, 1.5, -2.25)
    for inst in (ref, fast):                    # and what the host sets, native code reads
        e = inst.exports
        e.gi.set(10), e.gl.set(-20), e.gf.set(0.5), e.gd.set(100.0)
    assert fast.exports.sum_all() == ref.exports.sum_all() == 90.5


@pytest.mark.parametrize("arg", [5, -3, 1000])
def test_a_host_function_reads_and_sets_globals_and_memory_mid_call(arg):
    logs = []
    ref, fast = pair(HOST, host_imports(logs))
    assert is_native(fast, "around_host")
    assert fast.exports.around_host(arg) == ref.exports.around_host(arg)
    assert logs[1] == logs[0] and len(logs[0]) == 1
    assert _globals(fast) == _globals(ref)
    assert fast.exports.memory.read(0, 16) == ref.exports.memory.read(0, 16)


@pytest.mark.parametrize("n", [1, 2, 10, 40])
def test_a_host_function_calls_back_into_native_code(n):
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "fact")
    assert fast.exports.fact(n) == ref.exports.fact(n)
    assert fast.exports.count.value == ref.exports.count.value == n


def test_runaway_nesting_through_the_host_is_exhaustion():
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "fact")
    for inst in (ref, fast):
        with pytest.raises(Exhaustion, match="call stack exhausted"):
            inst.exports.fact(1_000_000)
    assert fast.exports.fact(5) == 120


@pytest.mark.parametrize("depth", [0, 1, 500])
def test_a_host_functions_exception_leaves_through_native_frames(depth):
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "descend")
    for inst in (ref, fast):
        with pytest.raises(HostFailure) as raised:
            inst.exports.descend(depth)
        assert raised.value.args == (depth + 1,)
        # what ran before the exception stays done; the instance works on
        assert inst.exports.count.value == depth + 1
        assert inst.exports.memory.read(0, 4) == b"\0\0\0\0"
        assert inst.exports.fact(6) == 720 and inst.exports.count.value == depth + 7
        with pytest.raises(HostFailure):
            inst.exports.descend(3)
        assert inst.exports.memory.read(0, 4) == b"\0\0\0\0"
    assert _globals(fast) == _globals(ref)


@pytest.mark.parametrize("pages", [0, 1, 3, 7, 8])
def test_the_host_grows_the_memory_under_native_code(pages):
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "host_grow")
    expected = outcome(ref.exports.host_grow, pages)
    assert outcome(fast.exports.host_grow, pages) == expected
    assert fast.exports.memory.pages == ref.exports.memory.pages


@pytest.mark.parametrize("grows", [1, 3, 7, 8])
def test_memory_grow_in_native_code_moves_the_memory(grows):
    ref, fast = pair(HOST, host_imports([]))
    assert is_native(fast, "grow_loop")
    expected = outcome(ref.exports.grow_loop, grows)
    assert outcome(fast.exports.grow_loop, grows) == expected
    pages = ref.exports.memory.pages
    assert fast.exports.memory.pages == pages
    assert fast.exports.memory.read(0, pages * PAGE) == ref.exports.memory.read(0, pages * PAGE)


# --- call_indirect: this instance's native functions, host functions, other instances -------
# `get` reads this instance's global: called with another instance's gvm_inst, it would
# read that one's.
INDIRECT = """
(module
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (type $ff_f (func (param f64 f32) (result f64)))
  (import "env" "host" (func $host (param i32) (result i32)))
  (import "env" "host_f" (func $host_f (param f64 f32) (result f64)))
  (import "other" "get" (func $other_get (result i32)))
  (import "other" "twice" (func $other_twice (param i32) (result i32)))
  (table (export "table") 8 funcref)
  (elem (i32.const 0) $get $twice $host $other_get $other_twice $host_f $mix)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $get (export "get") (result i32) (global.get $g))
  (func $twice (export "twice") (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.mul (local.get 0) (i32.const 2)))
  (func $mix (param f64 f32) (result f64) (f64.sub (local.get 0) (f64.promote_f32 (local.get 1))))
  (func (export "set") (param i32) (global.set $g (local.get 0)))
  (func (export "call_v") (param i32) (result i32) (call_indirect (type $v_i) (local.get 0)))
  (func (export "call_i") (param i32 i32) (result i32)
    (call_indirect (type $i_i) (local.get 1) (local.get 0)))
  (func (export "call_ff") (param i32 f64 f32) (result f64)
    (call_indirect (type $ff_f) (local.get 1) (local.get 2) (local.get 0)))
  ;; the same call site, many times over alternating targets (the engine caches them)
  (func (export "alternate") (param i32) (result i32) (local $acc i32) (local $i i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (call_indirect (type $i_i) (local.get $i)
          (select (i32.const 1) (i32.const 4) (i32.and (local.get $i) (i32.const 1))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (local.get $acc))
  ;; direct calls of the other instance's functions
  (func (export "direct_other") (param i32) (result i32)
    (i32.add (call $other_get) (call $other_twice (local.get 0)))))
"""


def _indirect_pair(other_engine="fast"):
    """INDIRECT on both engines, each importing from an instance of its own of the same
    module (whose global is 1000) on `other_engine`."""
    made = []
    for engine in ("reference", "fast"):
        calls = []
        stub = {"host": lambda x: x + 1, "host_f": lambda d, f: d * f, "get": lambda: -1,
                "twice": lambda x: -x}
        other = gvm.instantiate(wat(INDIRECT), {"env": stub, "other": stub},
                                engine=other_engine if engine == "fast" else "reference")
        other.exports.set(1000)

        def host(x, calls=calls):
            calls.append(x)
            return x * 10 + 7
        inst = gvm.instantiate(wat(INDIRECT), {
            "env": {"host": host, "host_f": lambda d, f: d * f + 0.5}, "other": other},
            engine=engine)
        inst.exports.set(5)
        made.append((inst, other, calls))
    return made


@pytest.mark.parametrize("other_engine", ["fast", "reference"])
@pytest.mark.parametrize("export, args", [
    ("call_v", (0,)),                 # this instance's native function
    ("call_v", (3,)),                 # another instance's (its global: 1000)
    ("call_i", (1, 21)), ("call_i", (2, 21)), ("call_i", (4, 21)),   # native, host, other
    ("call_ff", (5, 1.5, 2.5)), ("call_ff", (6, 1.5, 2.5)),
    ("call_i", (0, 1)), ("call_v", (2,)), ("call_v", (7,)), ("call_v", (8,)),   # traps
    ("alternate", (1,)), ("alternate", (100,)),
    ("direct_other", (4,)),
])
def test_call_indirect_targets_match_the_reference(other_engine, export, args):
    (ref, ref_other, ref_calls), (fast, fast_other, fast_calls) = _indirect_pair(other_engine)
    assert is_native(fast, export)
    for _ in range(2):
        expected = outcome(getattr(ref.exports, export), *args)
        assert outcome(getattr(fast.exports, export), *args) == expected
    assert fast_calls == ref_calls
    assert (fast.exports.g.value, fast_other.exports.g.value) \
        == (ref.exports.g.value, ref_other.exports.g.value)


def test_a_table_slot_set_between_calls_is_called_anew():
    (ref, ref_other, _), (fast, fast_other, _) = _indirect_pair()
    for inst, other in ((ref, ref_other), (fast, fast_other)):
        table = inst.exports.table.elements
        assert inst.exports.call_v(0) == 5
        table[0] = other.exports.get.extern       # another instance's `get`
        assert inst.exports.call_v(0) == 1000
        table[0] = inst.exports.get.extern
        assert inst.exports.call_v(0) == 5
        table[0] = inst.exports.twice.extern      # now of another type
        with pytest.raises(Trap, match="indirect call type mismatch"):
            inst.exports.call_v(0)
        table[0] = None
        with pytest.raises(Trap, match="uninitialized element 0"):
            inst.exports.call_v(0)


# --- the command line ---------------------------------------------------------------------
def run_gvm(args, mode, cache, cwd=PROGRAMS, timeout=120, **env):
    """`python -m gvm ARGS` with GVM_NATIVE=mode and the module cache in `cache`."""
    return subprocess.run([sys.executable, "-m", "gvm", *args], capture_output=True,
                          cwd=cwd, timeout=timeout,
                          env=subprocess_env(GVM_NATIVE=mode, GVM_CACHE_DIR=str(cache), **env))


@pytest.fixture(scope="module")
def cli_caches(tmp_path_factory):
    """Module caches for the command line without and with the tier, shared by the
    tests of this file (a program is compiled once)."""
    base = tmp_path_factory.mktemp("cli")
    return base / "off", base / "on"


def libraries(cache):
    directory = Path(cache) / "native"
    return sorted(p.name for p in directory.glob("*.so")) if directory.exists() else []


@pytest.mark.parametrize("args", [
    ["fib.fib", "20"], ["fib.add64", "9223372036854775807", "1"], ["fib.mulf", "1.5", "2"],
    ["fib.scale", "nan", "2"], ["fib.hypotenuse", "3", "4"], ["fib.get_base"],
    ["hello.wasm"], ["words.wasm", "to", "be", "or", "not", "to", "be"],
    ["argv_env.wasm", "one", "two"],
    ["--invoke", "sum_squares", "squares.wat", "1000"],
], ids=lambda args: " ".join(args))
def test_the_cli_prints_what_the_interpreter_prints(cli_caches, args):
    off, on = cli_caches
    interpreted = run_gvm(args, "0", off)
    assert not libraries(off)
    compiled = run_gvm(args, "eager", on)
    assert libraries(on), "nothing was compiled"
    assert (compiled.stdout, compiled.stderr, compiled.returncode) \
        == (interpreted.stdout, interpreted.stderr, interpreted.returncode)


@pytest.mark.parametrize("args, message", [
    (["fib.divide", "1", "0"], "integer divide by zero"),
    (["trap.wasm"], "integer divide by zero"),
    (["--invoke", "divide", "squares.wat", "-2147483648", "-1"], "integer overflow"),
], ids=["function", "command", "text"])
def test_a_trap_in_native_code_prints_the_spec_message(cli_caches, args, message):
    off, on = cli_caches
    interpreted = run_gvm(args, "0", off)
    compiled = run_gvm(args, "eager", on)
    assert libraries(on), "nothing was compiled"
    lines = compiled.stderr.decode().splitlines()
    assert lines[0] == f"gvm: trap: {message}"
    # the message and the innermost frame: the instruction that trapped
    assert lines[:2] == interpreted.stderr.decode().splitlines()[:2]
    assert lines[1:] and all(line.startswith("    at ") for line in lines[1:])
    assert "Traceback" not in compiled.stderr.decode()
    assert compiled.stdout == interpreted.stdout
    assert compiled.returncode == interpreted.returncode == 134


# --- signals: Ctrl-C and a Python handler stop native loops -----------------------------------
# Loops that never end, of the shapes native code polls in (a loop's head): native
# code must notice a signal in each.
SPIN = """
(module
  (memory 1)
  (global $turns (export "turns") (mut i32) (i32.const 0))
  (global $wide (export "wide") (mut i64) (i64.const 0))
  (func (export "spin") (local $t i32)
    (loop $again
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $again)))
  (func (export "spin_br_if") (local $t i32)
    (loop $again
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br_if $again (i32.ne (local.get $t) (i32.const 0)))
      (br_if $again (i32.const 1))))
  (func (export "spin_br_table") (local $t i32)
    (loop $again
      (block $out
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br_table $again $out $again (i32.and (local.get $t) (i32.const 3))))
      (br $again)))
  (func $step (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "spin_calls") (local $t i32)
    (loop $again
      (local.set $t (call $step (call $step (local.get $t))))
      (br $again)))
  (func (export "spin_nested") (local $i i32)
    (loop $outer
      (local.set $i (i32.const 0))
      (loop $inner
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get $i) (i32.const 100000))))
      (br $outer)))
  (func (export "spin_globals")
    (loop $again
      (global.set $turns (i32.add (global.get $turns) (i32.const 1)))
      (global.set $wide (i64.add (global.get $wide) (i64.const 3)))
      (br $again)))
  (func (export "spin_memory") (local $i i32)
    (loop $again
      (i32.store (i32.and (local.get $i) (i32.const 0xFFFC)) (local.get $i))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $again)))
  (func (export "quick") (result i32) (i32.const 7))
  (func $down (export "down") (param i32) (result i32)
    (call $down (i32.add (local.get 0) (i32.const 1)))))
"""
SPINS = ["spin", "spin_br_if", "spin_br_table", "spin_calls", "spin_nested", "spin_globals",
         "spin_memory"]


@pytest.fixture
def spin_wasm(tmp_path):
    path = tmp_path / "spin.wasm"
    path.write_bytes(wat(SPIN))
    return path


@pytest.mark.parametrize("export", ["spin", "spin_calls", "spin_nested"])
def test_ctrl_c_stops_native_code_in_the_cli(tmp_path, spin_wasm, export):
    cache = tmp_path / "cache"
    proc = subprocess.Popen([sys.executable, "-m", "gvm", "--engine", "fast", "--invoke",
                             export, str(spin_wasm)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE,
                            env=subprocess_env(GVM_NATIVE="eager", GVM_CACHE_DIR=str(cache)))
    try:
        deadline = time.monotonic() + 60
        while not libraries(cache) and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert libraries(cache), "nothing was compiled"
        time.sleep(0.5)             # loaded, and spinning in it
        assert proc.poll() is None, proc.stderr.read().decode()
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{export}: still running 5 s after SIGINT")
        elapsed = time.monotonic() - sent
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == 130, err.decode()
    assert elapsed < 1.0, f"{export}: took {elapsed:.2f} s to stop"
    assert b"Traceback" not in err, err.decode()


# Runs `export` natively under an alarm whose handler raises Deadline after 0.2 s, and
# records the globals the handler saw; then the same instance runs on.
ALARM = """
import signal, sys, time
import gvm

class Deadline(Exception):
    pass

path, export = sys.argv[1:]
inst = gvm.instantiate(path, engine="fast")
func = getattr(inst.exports, export)
print(inst.engine.lower(func.extern).native)
seen = []

def expire(signum, frame):
    seen.append((inst.exports.turns.value, inst.exports.wide.value))
    raise Deadline()

signal.signal(signal.SIGALRM, expire)
signal.setitimer(signal.ITIMER_REAL, 0.2)
started = time.monotonic()
try:
    func()
except Deadline:
    print(f"{time.monotonic() - started:.3f}")
print(seen == [(inst.exports.turns.value, inst.exports.wide.value)],
      seen[0][1] == 3 * seen[0][0], seen[0][0] > 0 or export != "spin_globals")
try:
    inst.exports.down(0)
except gvm.Exhaustion as e:
    print(e)
print(inst.exports.quick())
"""


@pytest.mark.parametrize("export", SPINS)
def test_a_python_signal_handler_stops_a_native_loop(tmp_path, spin_wasm, export):
    try:
        proc = subprocess.run([sys.executable, "-c", ALARM, str(spin_wasm), export],
                              capture_output=True, text=True, timeout=60,
                              env=subprocess_env(GVM_NATIVE="eager"))
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm's handler never ran: still running after 60 s")
    assert proc.returncode == 0, proc.stderr
    native, stopped, globals_, after, quick = proc.stdout.splitlines()
    assert native == "True"
    assert float(stopped) < 0.5
    assert globals_ == "True True True"
    assert (after, quick) == ("call stack exhausted", "7")


# A handler that grows the memory mid-loop, then sets $grown: from then on the loop
# must use the grown memory, which may have moved. "store_top" stores in the new pages
# (stale bounds trap on it); "count" goes on storing in page 0, then once more after
# the loop (a stale pointer writes to the freed old bytes: the host does not see them).
GROW = """
(module
  (memory (export "mem") 1)
  (global $grown (export "grown") (mut i32) (i32.const 0))
  (func (export "store_top") (result i32) (local $n i32)
    (loop $again
      (if (global.get $grown)
        (then
          (i32.store (i32.const 1048572) (local.get $n))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (if (i32.eq (local.get $n) (i32.const 100000))
            (then (return (i32.load (i32.const 1048572)))))))
      (br $again))
    (unreachable))
  (func (export "count") (result i32) (local $n i32)
    (loop $again
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (i32.store (i32.const 0) (local.get $n))
      (br_if $again (i32.eqz (global.get $grown))))
    (i32.store (i32.const 4) (i32.const 12345))
    (i32.load (i32.const 0))))
"""
GROW_SCRIPT = """
import signal, sys
import gvm

path, export = sys.argv[1:]
inst = gvm.instantiate(path, engine="fast")
func = getattr(inst.exports, export)
print(inst.engine.lower(func.extern).native)

def grow(signum, frame):
    inst.exports.mem.grow(15)
    inst.exports.grown.set(1)

signal.signal(signal.SIGALRM, grow)
signal.setitimer(signal.ITIMER_REAL, 0.1)
result = func()
memory = inst.exports.mem.read(0, 8)
print(result, int.from_bytes(memory[:4], "little"), int.from_bytes(memory[4:], "little"))
"""


@pytest.mark.parametrize("export", ["store_top", "count"])
def test_a_signal_handler_grows_the_memory_under_a_native_loop(tmp_path, export):
    path = tmp_path / "grow.wasm"
    path.write_bytes(wat(GROW))
    try:
        proc = subprocess.run([sys.executable, "-c", GROW_SCRIPT, str(path), export],
                              capture_output=True, text=True, timeout=60,
                              env=subprocess_env(GVM_NATIVE="eager"))
    except subprocess.TimeoutExpired:
        pytest.fail("the alarm's handler never ran: still running after 60 s")
    assert proc.returncode == 0, proc.stderr[-2000:]
    native, (result, first, second) = proc.stdout.splitlines()[0], \
        proc.stdout.splitlines()[1].split()
    assert native == "True"
    if export == "store_top":
        assert result == "99999"
    else:
        assert int(result) > 0 and (first, second) == (result, "12345")


# --- auto: a background compile, then native code at the next call ---------------------------
AUTO = """
(module
  (import "env" "tick" (func $tick (param i32 i64) (result i32)))
  (func $collatz (export "collatz") (param $n i64) (result i32) (local $steps i32)
    (block $done (loop $next
      (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
      (local.set $n (if (result i64) (i64.eqz (i64.and (local.get $n) (i64.const 1)))
        (then (i64.shr_u (local.get $n) (i64.const 1)))
        (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))
      (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
      (br $next)))
    (local.get $steps))
  ;; one long call: asks the host after each number whether to stop
  (func (export "run") (result i32) (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.eqz (call $tick (local.get $i)
                                        (i64.extend_i32_u (call $collatz (i64.extend_i32_u (local.get $i))))))))
    (local.get $i)))
"""


def _collatz(n):
    steps = 0
    while n > 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


@pytest.fixture
def empty_cache(tmp_path, monkeypatch):
    """A module cache of this test's own: nothing compiled before."""
    monkeypatch.setenv("GVM_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_auto_compiles_in_the_background_and_switches_at_a_call(native, empty_cache):
    fast_engine.NATIVE_AFTER = 0.3
    native("auto")
    module = gvm.Module(wat(AUTO))
    inst, other = [gvm.instantiate(module, {"env": {"tick": lambda i, s: 1}}, engine="fast")
                   for _ in range(2)]
    collatz = inst.exports.collatz
    assert other.exports.collatz(7) == 16        # linked while the module waits
    started = time.monotonic()
    calls = 0
    while not is_native(inst, "collatz"):
        calls += 1
        assert collatz(calls) == _collatz(calls)
        build = inst.module._gvm_native_build
        if time.monotonic() - started < 0.2:
            # younger than NATIVE_AFTER: no compiler started (a short run waits for
            # none); the module is not even looked up in the cache yet
            assert getattr(build, "process", None) is None, calls
            assert not getattr(build, "done", False), calls
        assert time.monotonic() - started < 120, "never switched to native code"
        time.sleep(0.002)
    assert calls >= 2 and module._gvm_native_build.library is not None
    assert len(libraries(empty_cache)) == 1
    for n in (27, 97, 871, 1000003, 2**40 + 1):
        assert collatz(n) == _collatz(n)
    # the other instance switched too; a new one is native at once
    assert is_native(other, "collatz") and other.exports.collatz(871) == 178
    again = gvm.instantiate(module, {"env": {"tick": lambda i, s: 1}}, engine="fast")
    assert is_native(again, "collatz") and again.exports.collatz(27) == 111


def test_auto_with_a_broken_compiler_stays_in_the_interpreter(native, empty_cache,
                                                              monkeypatch, capfd):
    monkeypatch.setenv("CC", "cc -include /nonexistent/missing.h")
    fast_engine.NATIVE_AFTER = 0.0
    native("auto")
    inst = gvm.instantiate(wat(AUTO), {"env": {"tick": lambda i, s: 1}}, engine="fast")
    started = time.monotonic()
    n = 0
    while True:
        n += 1
        assert inst.exports.collatz(n) == _collatz(n)
        build = getattr(inst.module, "_gvm_native_build", None)
        if build is False or getattr(build, "done", False):
            break
        assert time.monotonic() - started < 120, "the compiler never finished"
        time.sleep(0.002)
    assert build is not False, "`$CC --version` failed: no compile was tried"
    for n in range(n, n + 20):
        assert inst.exports.collatz(n) == _collatz(n)
    assert not is_native(inst, "collatz") and not libraries(empty_cache)
    err = capfd.readouterr().err
    assert err.startswith("gvm: the native tier could not compile") and "missing.h" in err
    assert err.count("gvm: the native tier") == 1


def test_auto_switches_a_long_call_at_a_host_call(native, empty_cache):
    # One call of `run`, for as long as it takes: each call of the host function may
    # install the native code, which the next call of `collatz` from `run` then runs.
    fast_engine.NATIVE_AFTER = 0.05
    native("auto")
    box = {}
    seen = []

    def tick(i, steps):
        assert steps == _collatz(i), i
        seen.append(box["inst"].engine.lower(box["inst"].exports.collatz.extern).native)
        if seen[-1] and seen.count(True) > 100:
            return 1                    # 100 numbers natively: done
        assert time.monotonic() - started < 120, "never switched to native code"
        time.sleep(0.0005)
        return 0

    box["inst"] = inst = gvm.instantiate(wat(AUTO), {"env": {"tick": tick}}, engine="fast")
    started = time.monotonic()
    assert inst.exports.run() == len(seen)
    assert seen[0] is False and seen[-1] is True
    assert is_native(inst, "run")       # for its next call
    assert len(libraries(empty_cache)) == 1


# --- the library cache, across processes --------------------------------------------------
CACHED = """
import os, sys, time
import gvm
from gvm._fast import engine

inst = gvm.instantiate(sys.argv[1], engine="fast")
started = time.monotonic()
if os.environ["GVM_NATIVE"] == "auto":
    # auto looks for a library only once a module has run for NATIVE_AFTER (start-up
    # asks nothing of the cache nor of a compiler): the first call starts the clock,
    # the second's tick finds the library
    engine.NATIVE_AFTER = 0
    inst.exports.fib(1)
    inst.exports.fib(1)
native = inst.engine.lower(inst.exports.fib.extern).native      # eager: compiles here
linked = time.monotonic() - started
print(native, inst.exports.fib(20), inst.exports.sieve(8192), f"{linked:.3f}")
"""


def logging_compiler(tmp_path):
    """A $CC that logs each of its command lines, then runs the real compiler."""
    log = tmp_path / "cc.log"
    script = tmp_path / "cc"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> {shlex.quote(str(log))}\n"
                      f"exec {shlex.join(native_build.compiler())} \"$@\"\n")
    script.chmod(0o755)
    return str(script), log


@pytest.mark.parametrize("second_mode", ["eager", "auto"])
def test_a_cached_library_is_native_at_once_in_a_new_process(tmp_path, second_mode):
    cc, log = logging_compiler(tmp_path)
    cache = tmp_path / "cache"

    def run(mode):
        proc = subprocess.run([sys.executable, "-c", CACHED, str(BENCHMARKS / "all.wasm")],
                              capture_output=True, text=True, timeout=120,
                              env=subprocess_env(GVM_NATIVE=mode, GVM_CACHE_DIR=str(cache),
                                                 CC=cc))
        assert proc.returncode == 0 and not proc.stderr, proc.stderr
        return proc.stdout.split()

    first = run("eager")
    assert first[:3] == ["True", "6765", "1028"]
    compiled = libraries(cache)
    assert len(compiled) == 1
    compiles = [line for line in log.read_text().splitlines() if " -c " in f" {line} "]
    assert compiles, "the first run compiled nothing"
    log.write_text("")
    # The second finds the library (eager before its first call, auto at its first
    # tick) with no compiler run (only `--version`, which the library's digest includes).
    second = run(second_mode)
    assert second[:3] == ["True", "6765", "1028"]
    assert libraries(cache) == compiled
    assert all(line.strip() == "--version" for line in log.read_text().splitlines())
    assert float(second[3]) < 0.5, f"linking took {second[3]} s with the library cached"


# --- no C compiler: the interpreter goes on ------------------------------------------------
@pytest.mark.parametrize("cc, complaint", [
    ("/nonexistent/cc", False),                  # none at all: silently the interpreter
    ("false", False),                            # `$CC --version` fails
    (f"{sys.executable} -c pass", True),         # succeeds, but makes no library
    ("cc -include /nonexistent/missing.h", True),   # fails on the module's C
], ids=["missing", "false", "silent", "broken"])
def test_without_a_working_compiler_the_interpreter_runs(tmp_path, cc, complaint):
    if cc.startswith("cc ") and not shutil.which("cc"):
        pytest.skip("no `cc` to break")
    for args, out in ((["fib.fib", "20"], b"6765\n"), (["hello.wasm"], b"Hello, world!\n")):
        result = run_gvm(args, "eager", tmp_path / "cache", CC=cc)
        assert (result.stdout, result.returncode) == (out, 0), result.stderr
        stderr = result.stderr.decode()
        assert "Traceback" not in stderr
        if complaint:
            # said once, with the compiler's own words
            assert stderr.startswith("gvm: the native tier could not compile"), stderr
            assert stderr.count("gvm: the native tier") == 1, stderr
        else:
            assert stderr == ""
    assert not libraries(tmp_path / "cache")




# --- more of what crosses the boundary --------------------------------------------------------
SHARED = """
(module
  (import "env" "same" (func $same (param f32 f64 i64 i32 f32 f64 i64 i32 f32 f64) (result f32)))
  (import "env" "memory" (memory 1 5))
  (import "env" "wide" (global $wide (mut i64)))
  ;; ten arguments of four types out to the host and back
  (func (export "many") (param f32 f64 i64 i32 f32 f64 i64 i32 f32 f64) (result i32)
    (i32.reinterpret_f32 (call $same (local.get 0) (local.get 1) (local.get 2) (local.get 3)
      (local.get 4) (local.get 5) (local.get 6) (local.get 7) (local.get 8) (local.get 9))))
  ;; NaN payloads through a host function (whose Python floats the API rounds to f32)
  (func (export "through_host") (param i32) (result i32)
    (i32.reinterpret_f32 (call $same (f32.reinterpret_i32 (local.get 0)) (f64.const 0)
      (i64.const 0) (i32.const 0) (f32.const 0) (f64.const 0) (i64.const 0) (i32.const 0)
      (f32.const 0) (f64.const 0))))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "poke") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "peek") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "bump") (param i64) (result i64)
    (global.set $wide (i64.add (global.get $wide) (local.get 0)))
    (global.get $wide))
  (func (export "loop_result") (param i32) (result i32)
    (loop $l (result i32)
      (local.set 0 (i32.add (local.get 0) (i32.const 3)))
      (br_if $l (i32.lt_u (local.get 0) (i32.const 100)))
      (local.get 0))))
"""


def _shared_pair(engine):
    """Two instances of SHARED on `engine` sharing a memory and an i64 global."""
    owner = gvm.instantiate(wat('(module (memory (export "memory") 1 5)'
                                ' (global (export "wide") (mut i64) (i64.const 10)))'),
                            engine=engine)

    def same(*args):
        return args[0]
    imports = {"env": {"same": same, "memory": owner.exports.memory,
                       "wide": owner.exports.wide}}
    return [gvm.instantiate(wat(SHARED), imports, engine=engine) for _ in range(2)]


def test_two_instances_share_a_memory_and_a_global():
    results = {}
    for engine in ("reference", "fast"):
        a, b = _shared_pair(engine)
        if engine == "fast":
            assert all(is_native(inst, name) for inst in (a, b)
                       for name in ("grow", "size", "poke", "peek", "bump"))
        steps = [a.exports.poke(100, 7), b.exports.peek(100), b.exports.grow(2),
                 a.exports.size(), a.exports.poke(3 * PAGE - 4, 9), b.exports.peek(3 * PAGE - 4),
                 outcome(b.exports.peek, 3 * PAGE - 3), a.exports.grow(3), b.exports.size(),
                 a.exports.grow(-1), b.exports.bump(5), a.exports.bump(-20), b.exports.bump(0)]
        results[engine] = steps
    assert results["fast"] == results["reference"]


@pytest.mark.parametrize("export, args", [
    ("many", (1.5, -2.25, -3, 4, 5.5, 6.125, 2**62, -8, 9.75, 1e300)),
    ("many", (float("-inf"), 0.0, 0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0)),
    ("through_host", (0x7FA00001,)), ("through_host", (0xFFC00123,)),
    ("through_host", (0x7F800000,)), ("loop_result", (0,)), ("loop_result", (200,)),
])
def test_values_of_every_type_cross_to_the_host_unchanged(export, args):
    ref, _ = _shared_pair("reference")
    fast, _ = _shared_pair("fast")
    assert is_native(fast, export)
    assert getattr(fast.exports, export)(*args) == getattr(ref.exports, export)(*args)


def test_fuel_keeps_the_interpreter():
    # native code counts no instructions: an engine with fuel never runs it
    inst = gvm.instantiate(wat(SPIN), engine="fast", fuel=100_000)
    assert not is_native(inst, "spin")
    with pytest.raises(Exhaustion, match="fuel exhausted"):
        inst.exports.spin()
    unfueled = gvm.instantiate(wat(SPIN), engine="fast")
    assert is_native(unfueled, "quick") and unfueled.exports.quick() == 7


# Recursion through a function the tier leaves to the interpreter (a reference type):
# it must go as deep as in the interpreter, not run out after a few hundred nested
# invocations; its direct caller stays interpreted (translate.py's `call`), so it does.
MIXED = """
(module
  (func $native (export "native") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $interpreted (i32.sub (local.get 0) (i32.const 1)))))))
  (func $interpreted (export "interpreted") (param i32) (result i32)
    (drop (ref.null func))
    (call $native (local.get 0))))
"""


@pytest.mark.parametrize("depth", [10, 1000, 4000])
def test_recursion_through_the_interpreter_goes_as_deep_as_in_it(depth):
    ref, fast = pair(MIXED)
    assert not is_native(fast, "native") and not is_native(fast, "interpreted")
    assert outcome(ref.exports.native, depth) == ("ok", depth)
    assert outcome(fast.exports.native, depth) == ("ok", depth)


def test_runaway_recursion_through_the_interpreter_is_exhaustion():
    ref, fast = pair(MIXED)
    for inst in (ref, fast):
        with pytest.raises(Exhaustion, match="call stack exhausted"):
            inst.exports.native(1_000_000)
    assert fast.exports.native(100) == 100


# Threads calling one instance: each invocation has its own context (where a trap
# goes, the call depth), though they interleave inside the same native function
# whenever a host function lets another thread run.
THREADS = """
(module
  (import "env" "pause" (func $pause (param i32) (result i32)))
  (func (export "work") (param i32 i32) (result i32) (local $i i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $pause (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get 0))))
    (if (local.get 1) (then (drop (i32.div_u (local.get $acc) (i32.const 0)))))
    (local.get $acc)))
"""


def test_threads_interleaving_in_one_instance():
    import threading

    def pause(i):
        time.sleep(0)           # let another thread run
        return i

    inst = gvm.instantiate(wat(THREADS), {"env": {"pause": pause}}, engine="fast")
    assert is_native(inst, "work")
    results = {}

    def run(k):
        out = results[k] = []
        for j in range(100):
            out.append(outcome(inst.exports.work, 50, (j + k) % 2))

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    expected = [("ok", 1225), ("Trap", "integer divide by zero")]
    assert all(results[k] == [expected[(j + k) % 2] for j in range(100)] for k in range(4))


# What a nested invocation raises, caught or not: a host function that catches a trap
# or an exhaustion of the wasm it calls returns to native code that goes on; a wasm
# exception thrown by interpreted code (throw is not the tier's) crosses a native frame
# to the interpreted try_table that catches it, or out to the caller.
NESTED = """
(module
  (import "env" "inner" (func $inner (param i32) (result i32)))
  (tag $t (export "t") (param i32))
  (global $g (export "g") (mut i32) (i32.const 0))
  (func $div (export "div") (param i32) (result i32) (i32.div_u (i32.const 100) (local.get 0)))
  (func $down (export "down") (param i32) (result i32) (call $down (local.get 0)))
  (func (export "outer") (param i32) (result i32) (local $r i32)
    (global.set $g (i32.const 1))
    (local.set $r (call $inner (local.get 0)))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.add (local.get $r) (i32.mul (global.get $g) (i32.const 1000))))
  (func $thrower (param i32) (result i32)
    (if (local.get 0) (then (throw $t (i32.mul (local.get 0) (i32.const 3)))))
    (i32.const 5))
  ;; through the table: a direct call of a function left to the interpreter keeps its
  ;; caller there too (translate.py's `call`); call_indirect goes through the engine
  (type $i2i (func (param i32) (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $thrower)
  (func $middle (export "middle") (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.add (call_indirect (type $i2i) (local.get 0) (i32.const 0)) (i32.const 1)))
  (func (export "catcher") (param i32) (result i32)
    (block $h (result i32)
      (try_table (result i32) (catch $t $h)
        (call $middle (local.get 0))))))
"""


def nested_imports(box):
    def inner(x):
        exports = box["inst"].exports
        try:
            return exports.div(x) if x >= 0 else exports.down(0)
        except Trap:
            return -1
        except Exhaustion:
            return -2
    return {"env": {"inner": inner}}


@pytest.mark.parametrize("export, args", [
    ("outer", (5,)), ("outer", (0,)), ("outer", (-1,)),
    ("catcher", (0,)), ("catcher", (7,)), ("middle", (0,)), ("middle", (4,)),
])
def test_what_a_nested_invocation_raises_crosses_native_frames(export, args):
    ref, fast = pair(NESTED, nested_imports)
    assert is_native(fast, "outer") and is_native(fast, "middle")
    assert not is_native(fast, "catcher")
    for inst in (ref, fast):
        try:
            result = ("ok", getattr(inst.exports, export)(*args))
        except gvm.WasmException as e:
            result = ("exception", e.values)
        inst.result = result
        assert inst.exports.outer(4) == 2025        # and the instance goes on
    assert fast.result == ref.result
    assert fast.exports.g.value == ref.exports.g.value


def test_the_mode_is_decided_per_module_at_its_first_call(native):
    compiled = gvm.Module(wat(SPIN))
    assert is_native(gvm.instantiate(compiled, engine="fast"), "quick")
    native("off")
    # a module first called now has no native code; one compiled before keeps its own
    # for its new instances too
    assert not is_native(gvm.instantiate(wat(SPIN), engine="fast"), "quick")
    assert is_native(gvm.instantiate(compiled, engine="fast"), "quick")
    interpreted = gvm.Module(wat(SPIN))
    assert not is_native(gvm.instantiate(interpreted, engine="fast"), "quick")
    native("eager")
    assert not is_native(gvm.instantiate(interpreted, engine="fast"), "quick")
    assert is_native(gvm.instantiate(wat(SPIN), engine="fast"), "quick")


STACK = """
import sys, threading
import gvm

inst = gvm.instantiate(sys.argv[1], engine="fast")
print(inst.engine.lower(inst.exports.down.extern).native)
threading.stack_size(256 * 1024)
out = []

def run():
    for n in (10, 100_000_000):
        try:
            out.append(inst.exports.deep(n))
        except gvm.Exhaustion as e:
            out.append(str(e))

thread = threading.Thread(target=run)
thread.start()
thread.join()
print(*out, sep=",")
"""


def test_deep_native_recursion_on_a_small_thread_stack_is_exhaustion(tmp_path):
    path = tmp_path / "deep.wasm"
    path.write_bytes(wat(TRAPS))
    proc = subprocess.run([sys.executable, "-c", STACK, str(path)], capture_output=True,
                          text=True, timeout=60, env=subprocess_env(GVM_NATIVE="eager"))
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == ["True", "20,call stack exhausted"]
