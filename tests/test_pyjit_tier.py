"""The python engine's tier below its translation (gvm/pyjit/tier.py): functions run on
the reference engine's machine until hot, then translated; interpreted and translated
frames call each other with one depth budget, one backtrace, exceptions and tail calls
crossing between them, and the results of the other engines."""
import subprocess
import sys
from pathlib import Path

import pytest

import gvm
from conftest import wat
from gvm.pyjit import tier
from gvm.pyjit.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
INTERPRETING = Engine(hot=10 ** 9)      # never hot: only DEEPEST translates
TIERED = Engine(hot=3)                  # hot after three times its size


def tiered(engine, export):
    """The Tiered of an exported function, and whether it is translated."""
    ns = engine.namespaces
    func = export.extern
    return func.compiled.get(ns.tier_key), ns.key in func.compiled


RECURSIVE = """(module
  (func $sum (export "sum") (param i32) (result i64)
    (if (result i64) (i32.eqz (local.get 0)) (then (i64.const 0))
      (else (i64.add (i64.extend_i32_u (local.get 0))
                     (call $sum (i32.sub (local.get 0) (i32.const 1))))))))"""


def test_a_function_is_interpreted_until_hot_then_translated():
    inst = gvm.instantiate(wat(RECURSIVE), engine=TIERED)
    assert inst.exports.sum(1) == 1
    t, translated = tiered(TIERED, inst.exports.sum)
    assert not translated and 0 < t.work < t.limit
    assert inst.exports.sum(200) == 20100      # hot within this call: its frames go on
    t, translated = tiered(TIERED, inst.exports.sum)
    assert translated and t.work >= t.limit
    assert inst.exports.sum(300) == 45150


def test_interpreted_recursion_uses_the_depth_budget_not_python_frames():
    """Calls between interpreted functions are frames of one machine: 9,000 of them
    need no Python recursion, and the budget still ends at the engines' depth."""
    inst = gvm.instantiate(wat(RECURSIVE), engine=INTERPRETING)
    assert inst.exports.sum(9000) == 9000 * 9001 // 2
    with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
        inst.exports.sum(20000)
    assert not tiered(INTERPRETING, inst.exports.sum)[1]


MUTUAL = """(module
  (import "env" "host" (func $host (param i32) (result i32)))
  (func $even (export "even") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (call $odd (i32.sub (local.get 0) (i32.const 1))))))
  (func $odd (export "odd") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (call $host (i32.sub (local.get 0) (i32.const 1)))))))"""


def test_translated_and_interpreted_frames_alternate_to_the_depth_limit():
    """even is translated, odd interpreted, and the host calls back into even: each odd
    frame is a machine of its own under translated code, so a thread holds at most
    DEEPEST of them; deeper, odd is translated too, and the recursion goes on."""
    def host(x):
        return inst.exports.even(x)
    inst = gvm.instantiate(wat(MUTUAL), {"env": {"host": host}}, engine=INTERPRETING)
    INTERPRETING.namespaces.code(inst.exports.even.extern)     # even translated
    assert inst.exports.even(20) == 1 and inst.exports.even(21) == 0
    assert not tiered(INTERPRETING, inst.exports.odd)[1]
    assert inst.exports.even(2 * tier.DEEPEST + 20) == 1
    assert tiered(INTERPRETING, inst.exports.odd)[1]
    ref = gvm.instantiate(wat(MUTUAL), {"env": {"host": lambda x: ref.exports.even(x)}},
                          engine="reference")
    assert ref.exports.even(2 * tier.DEEPEST + 21) == inst.exports.even(2 * tier.DEEPEST + 21)


TRAPS = """(module
  (func $inner (param i32) (result i32) (i32.div_u (i32.const 7) (local.get 0)))
  (func $middle (export "middle") (param i32) (result i32) (call $inner (local.get 0)))
  (func (export "outer") (param i32) (result i32)
    (i32.add (i32.const 1) (call $middle (local.get 0)))))"""


@pytest.mark.parametrize("translate", [(), ("middle",), ("outer",)])
def test_a_trap_has_the_reference_engines_backtrace_whatever_is_translated(translate):
    engine = Engine(hot=10 ** 9)
    inst = gvm.instantiate(wat(TRAPS), engine=engine)
    ref = gvm.instantiate(wat(TRAPS), engine="reference")
    for name in translate:
        engine.namespaces.code(inst.exports[name].extern)
    with pytest.raises(gvm.Trap, match="integer divide by zero") as got:
        inst.exports.outer(0)
    with pytest.raises(gvm.Trap) as expected:
        ref.exports.outer(0)
    assert got.value.frames == expected.value.frames
    assert [name for name, _ in got.value.frames] == ["func[2]", "middle", "inner"]


EXCEPTIONS = """(module
  (tag $e (param i32))
  (func $throw (export "throw") (param i32) (throw $e (local.get 0)))
  (func $catch (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $throw (local.get 0)))
      (i32.const -1)))
  (func (export "through") (param i32) (result i32)
    (i32.add (i32.const 100) (call $catch (local.get 0)))))"""


@pytest.mark.parametrize("translate", [(), ("throw",), ("catch",), ("throw", "catch")])
def test_exceptions_cross_interpreted_and_translated_frames(translate):
    engine = Engine(hot=10 ** 9)
    inst = gvm.instantiate(wat(EXCEPTIONS), engine=engine)
    for name in translate:
        engine.namespaces.code(inst.exports[name].extern)
    assert inst.exports.through(5) == 105
    with pytest.raises(gvm.WasmException):
        inst.exports.throw(1)


TAIL = """(module
  (func $count (export "count") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $step (local.get 0) (local.get 1)))))
  (func $step (param i64 i64) (result i64)
    (return_call $count (i64.sub (local.get 0) (i64.const 1))
                        (i64.add (local.get 1) (i64.const 2)))))"""


@pytest.mark.parametrize("translate", [(), ("count",)])
def test_tail_calls_run_in_constant_space_interpreted_or_mixed(translate):
    engine = Engine(hot=10 ** 9)
    inst = gvm.instantiate(wat(TAIL), engine=engine)
    for name in translate:
        engine.namespaces.code(inst.exports[name].extern)
    assert inst.exports.count(100_000, 0) == 200_000


LONG = """(module (memory 1)
  (func (export "sum") (param i32) (result i64) (local i64)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i64.add (local.get 1) (i64.extend_i32_u (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (local.get 1))
  (func (export "fill") (param i32)
    (loop
      (i32.store (local.get 0) (i32.const 7))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br 0))))"""


def test_a_long_call_switches_to_the_translation_at_a_loop_head():
    """One call of a loop run 100,000 times gets hot at a back branch and finishes in
    the loop's entry (osr.py); the next call is translated."""
    inst = gvm.instantiate(wat(LONG), engine=TIERED)
    assert inst.exports.sum(100_000) == 100_000 * 100_001 // 2
    t, translated = tiered(TIERED, inst.exports.sum)
    assert not translated and [e is not None for e in t.entries.values()] == [True]
    assert t.work < 200         # interpreted: a few iterations, not 100,000
    assert inst.exports.sum(10) == 55
    assert tiered(TIERED, inst.exports.sum)[1]


def test_a_trap_in_the_loops_entry_has_the_reference_engines_backtrace():
    inst = gvm.instantiate(wat(LONG), engine=TIERED)
    ref = gvm.instantiate(wat(LONG), engine="reference")
    with pytest.raises(gvm.Trap, match="out of bounds memory access") as got:
        inst.exports.fill(0)
    with pytest.raises(gvm.Trap) as expected:
        ref.exports.fill(0)
    assert got.value.frames == expected.value.frames
    assert tiered(TIERED, inst.exports.fill)[0].entries
    assert inst.mems[0].data[65532:] == ref.mems[0].data[65532:] == bytes([7, 0, 0, 0])


def test_the_command_line_takes_the_threshold_from_the_environment():
    fib = str(ROOT / "benchmarks" / "wasm" / "fib.wasm")
    for hot in ("0", "1e9", "100"):
        out = subprocess.run([sys.executable, "-m", "gvm", "--engine", "python", "--invoke",
                              "fib", fib, "22"], capture_output=True, text=True, timeout=120,
                             cwd=ROOT, env={"GVM_PYTHON_HOT": hot, "PATH": "/usr/bin:/bin"})
        assert (out.returncode, out.stdout) == (0, "17711\n"), out.stderr
    out = subprocess.run([sys.executable, "-m", "gvm", "--engine", "python", "--invoke",
                          "fib", fib, "3"], capture_output=True, text=True, timeout=120,
                         cwd=ROOT, env={"GVM_PYTHON_HOT": "lots", "PATH": "/usr/bin:/bin"})
    assert out.returncode != 0 and "GVM_PYTHON_HOT" in out.stderr
    assert "Traceback" not in out.stderr
