"""The python engine (gvm/pyjit/) on what is its own: the state machine past CPython's
nesting limits, masking left lazy, exact fuel, tail calls without Python recursion,
exhaustion instead of RecursionError, backtraces from the traceback, the cache of
translated code, the default without the C extension, `gvm disasm --python`, and vector
instructions as calls of the reference engine's functions.
(The engine also runs every test of the `engine` fixture, the spec suites and the
differential test.)"""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import gvm
from gvm.pyjit.engine import Engine
from conftest import wat

ROOT = Path(__file__).resolve().parent.parent
FIB = ROOT / "benchmarks" / "wasm" / "fib.wasm"


# What this file tests is the translation: functions translated at their first call
# (the default engine interprets them first: test_pyjit_tier.py).
TRANSLATING = Engine(hot=0)


def python(source, **kw):
    return gvm.instantiate(wat(source), engine=TRANSLATING, **kw)


def test_wrapped_sum_tested_by_if_and_br_if():
    """An i32.add left unmasked must still be masked where a branch tests it."""
    inst = python("""(module
      (func (export "if") (param i32 i32) (result i32)
        (if (result i32) (i32.add (local.get 0) (local.get 1))
          (then (i32.const 1)) (else (i32.const 0))))
      (func (export "br_if") (param i64 i64) (result i32)
        (block (br_if 0 (i32.wrap_i64 (i64.mul (local.get 0) (local.get 1))))
               (return (i32.const 0)))
        (i32.const 1)))""")
    assert inst.exports["if"](-1, 1) == 0
    assert inst.exports["if"](-1, 2) == 1
    assert inst.exports.br_if(1 << 32, 3) == 0
    assert inst.exports.br_if((1 << 32) + 1, 3) == 1


def _switch(depth):
    """A C-style switch: `depth` nested blocks under one br_table, each case adding to
    local 1 and falling through into the next."""
    body = "".join(f"(block $b{i} " for i in reversed(range(depth)))
    body += "(br_table " + " ".join(f"$b{i}" for i in range(depth)) + " (local.get 0)))"
    for i in range(1, depth):
        body += f" (local.set 1 (i32.add (local.get 1) (i32.const {i}))))"
    return f"""(module (func (export "switch") (param i32) (result i32) (local i32)
      {body} (local.get 1)))"""


def test_deep_nesting_runs_as_a_state_machine():
    source = _switch(40)    # 40 nested blocks: past CPython's 20 nested loops
    inst = python(source)
    ref = gvm.instantiate(wat(source), engine="reference")
    for i in (0, 1, 5, 20, 38, 39, 100):
        assert inst.exports.switch(i) == ref.exports.switch(i)
    func = inst.exports.switch.extern
    assert "pc_" in func.compiled["python"].source
    code = func.compiled["python"]
    # the br_table: a lookup in a tuple of the segments, a constant of the namespace
    table = re.search(r"pc_ = (K0_[0-9]+)\[l0\] if l0 < ([0-9]+) else", code.source)
    assert table
    segments = code.call.__globals__[table.group(1)]
    assert type(segments) is tuple and len(segments) == int(table.group(2)) == 39


def _interpreter(handlers):
    """A bytecode interpreter as C compiles one: a loop that fetches the byte at `pc`
    and switches on it; each handler steps the accumulator and branches back to the
    fetch; the last opcode halts."""
    body = "".join(f"(block $h{i} " for i in reversed(range(handlers)))
    body += ("(local.set 1 (i32.add (local.get 1) (i32.const 1)))"
             "(br_table " + " ".join(f"$h{i}" for i in range(handlers)) +
             " (i32.load8_u (local.get 1))))")
    for i in range(handlers - 1):
        body += f" (local.set 2 (i32.xor (i32.mul (local.get 2) (i32.const 31)) (i32.const {i}))) (br $fetch))"
    body += " (return (local.get 2)))"
    return f"""(module (memory (export "memory") 1)
      (func (export "run") (param i32) (result i32) (local i32 i32)
        (local.set 1 (i32.sub (local.get 0) (i32.const 1)))
        (loop $fetch {body}
        unreachable))"""


def test_an_interpreters_fetch_is_at_the_head_of_the_loop_not_copied():
    """The fetch that every handler branches back to is one segment before the search,
    not a copy in each handler (flat.FAN_IN): the same results, a fraction of the text."""
    source = _interpreter(30)
    inst = python(source)
    ref = gvm.instantiate(wat(source), engine="reference")
    program = bytes([3, 7, 0, 28, 12, 5, 5, 27, 1, 16, 2, 29])
    for engine in (inst, ref):
        engine.exports.memory.write(100, program)
    assert inst.exports.run(100) == ref.exports.run(100) != 0
    code = inst.exports.run.extern.compiled["python"].source
    assert code.count("D0[l1]") == 1                    # the fetch's load
    assert code.index("D0[l1]") < code.index("if pc_ <")


def test_trap_backtrace_matches_reference():
    source = """(module (memory 1)
      (func $inner (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "outer") (param i32) (result i32)
        (i32.add (i32.const 1) (call $inner (local.get 0)))))"""
    traps = {}
    for engine in ("reference", "python"):
        inst = gvm.instantiate(wat(source), engine=engine)
        with pytest.raises(gvm.Trap) as info:
            inst.exports.outer(65535)
        traps[engine] = info.value
    assert traps["python"].message == "out of bounds memory access"
    assert traps["python"].frames == traps["reference"].frames
    assert len(traps["python"].frames) == 2


def test_runaway_recursion_is_exhaustion_even_with_a_low_recursion_limit():
    inst = python("(module (func $f (export \"f\") (call $f)))")
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
            inst.exports.f()
    finally:
        sys.setrecursionlimit(max(old, sys.getrecursionlimit()))


COUNTER = """(module (global $g (export "g") (mut i32) (i32.const 0)) (memory (export "m") 1)
  (func (export "count") (param i32)
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (i32.store8 (global.get $g) (local.get 0))
      (br_if $l (i32.lt_u (global.get $g) (i32.const 1000))))))"""


@pytest.mark.parametrize("fuel", [0, 1, 2, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 500, 50_000])
def test_fuel_is_counted_as_the_reference_engine_counts(fuel):
    outcomes = []
    for engine in ("reference", "python"):
        inst = gvm.instantiate(wat(COUNTER), engine=engine, fuel=fuel)
        try:
            inst.exports.count(7)
            outcome = "done"
        except gvm.Exhaustion as e:
            outcome = e.message
        outcomes.append((outcome, inst.exports.g.get(), bytes(inst.exports.m.data[:1100]),
                         inst.engine.fuel))
    assert outcomes[0] == outcomes[1]


def test_tail_calls_do_not_grow_the_stack():
    inst = python("""(module
      (func $even (export "even") (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 1))
          (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
      (func $odd (param i64) (result i32)
        (if (result i32) (i64.eqz (local.get 0)) (then (i32.const 0))
          (else (return_call $even (i64.sub (local.get 0) (i64.const 1)))))))""")
    assert inst.exports.even(1_000_000) == 1
    assert inst.exports.even(999_999) == 0


def test_exceptions_cross_functions_and_rethrow():
    inst = python("""(module (tag $t (param i32))
      (func $throw (param i32) (throw $t (local.get 0)))
      (func (export "catch") (param i32) (result i32)
        (block $h (result i32)
          (try_table (catch $t $h) (call $throw (local.get 0)))
          (i32.const -1)))
      (func (export "rethrow") (param i32)
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (call $throw (local.get 0)))
          (return))
        (throw_ref)))""")
    assert inst.exports.catch(42) == 42
    with pytest.raises(gvm.WasmException) as info:
        inst.exports.rethrow(5)
    assert info.value.values == [5]


@pytest.mark.parametrize("engine", [TRANSLATING, Engine(hot=10 ** 9)],
                         ids=["translated", "interpreted by the tier"])
def test_host_calls_and_reentry(engine):
    calls = []

    def host(x):
        calls.append(x)
        return inst.exports.double(x) + 1 if x < 3 else 0
    inst = gvm.instantiate(wat("""(module (import "env" "host" (func $h (param i32) (result i32)))
      (func (export "double") (param i32) (result i32)
        (i32.add (call $h (i32.add (local.get 0) (i32.const 1))) (local.get 0))))"""),
        {"env": {"host": host}}, engine=engine)
    assert inst.exports.double(0) == 5     # h(1) = double(1) + 1, ..., h(3) = 0
    assert calls == [1, 2, 3]


INDIRECT = """(module (import "env" "host" (func $h (param i32) (result i32)))
  (type $t (func (param i32) (result i32)))
  (table 5 funcref)
  (elem (i32.const 0) func $h $inc $twice)
  (elem (i32.const 3) func $other)
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func $twice (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $other (param i64) (result i64) (local.get 0))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 1) (local.get 0))))"""


def test_call_indirect_links_on_first_call_then_takes_its_fast_path():
    """call_indirect's callee is found at the call site: a host element, a function
    not linked yet, then linked, a null element, an index past the end and a type
    mismatch each give the reference engine's result or trap, every time."""
    imports = {"env": {"host": lambda x: x + 100}}
    inst = gvm.instantiate(wat(INDIRECT), imports, engine=TRANSLATING)
    ref = gvm.instantiate(wat(INDIRECT), imports, engine="reference")
    for _ in range(2):      # first call: linked on the full path; then the fast one
        for index, x in ((0, 5), (1, 5), (2, 5), (1, 7)):
            assert inst.exports.call(index, x) == ref.exports.call(index, x)
        for index, message in ((3, "indirect call type mismatch"),
                               (4, "uninitialized element 4"), (5, "undefined element 5")):
            for engine in (inst, ref):
                with pytest.raises(gvm.Trap, match=message):
                    engine.exports.call(index, 1)
    code = inst.exports.call.extern.compiled["python"].source
    assert re.search(r"\(CI\d+\.get\(TB0\.elements\[i_\]\) or _indirect\(TB0, CI\d+, i_\)\)\(",
                     code)     # called where found


def test_call_indirect_fast_path_is_only_for_the_type_key_it_checked():
    """The fast path takes a callee only from the entries of the type that the full
    path checked it against: the same element called through another type still
    traps, every time, and the right type still calls it."""
    source = """(module
      (type $t (func (param i32) (result i32)))
      (type $u (func (param i64) (result i64)))
      (table 1 funcref) (elem (i32.const 0) func $inc)
      (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
      (func (export "right") (param i32) (result i32)
        (call_indirect (type $t) (local.get 0) (i32.const 0)))
      (func (export "wrong") (param i64) (result i64)
        (call_indirect (type $u) (local.get 0) (i32.const 0))))"""
    inst = python(source)
    for _ in range(3):
        assert inst.exports.right(41) == 42
        with pytest.raises(gvm.Trap, match="indirect call type mismatch"):
            inst.exports.wrong(1)
    inc = inst.funcs[0]
    ns = TRANSLATING.namespaces.namespace(inst)
    assert ns["CI0"] == {inc: inc.compiled["python"].call} and ns["CI1"] == {}


def test_call_indirect_follows_the_table_as_it_changes():
    """The entries call_indirect keeps are by function, not by index: an element
    replaced, set to null or cleared by a shrinking... (a table.set after the first
    call) is what the next call finds, and a grown table's new elements are called."""
    source = """(module
      (type $t (func (result i32)))
      (table $tb 1 funcref) (elem (i32.const 0) func $one) (elem declare func $two)
      (func $one (result i32) (i32.const 1))
      (func $two (result i32) (i32.const 2))
      (func (export "call") (param i32) (result i32)
        (call_indirect (type $t) (local.get 0)))
      (func (export "set") (param i32 i32)
        (if (local.get 1)
          (then (table.set $tb (local.get 0) (ref.func $two)))
          (else (table.set $tb (local.get 0) (ref.null func)))))
      (func (export "grow") (result i32) (table.grow $tb (ref.func $one) (i32.const 1))))"""
    inst = python(source)
    assert inst.exports.call(0) == 1
    inst.exports.set(0, 1)
    assert inst.exports.call(0) == 2
    inst.exports.set(0, 0)
    with pytest.raises(gvm.Trap, match="uninitialized element 0"):
        inst.exports.call(0)
    with pytest.raises(gvm.Trap, match="undefined element 1"):
        inst.exports.call(1)
    assert inst.exports.grow() == 1
    assert inst.exports.call(1) == 1


def test_code_is_translated_once_and_cached_on_the_function():
    inst = gvm.instantiate(str(FIB), engine=TRANSLATING)
    func = inst.exports.fib.extern
    assert "python" not in func.compiled
    inst.exports.fib(10)
    code = func.compiled["python"]
    inst.exports.fib(12)
    assert func.compiled["python"] is code
    assert code.source.startswith("def F")


def _gvm(*args, env=None):
    return subprocess.run([sys.executable, "-m", "gvm", *args], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_cli_runs_and_defaults_to_python_without_the_extension():
    result = _gvm("--version", env={"GVM_PUREPYTHON": "1"})
    assert "engine: python" in result.stdout
    result = _gvm("benchmarks/wasm/hello.wasm", env={"GVM_PUREPYTHON": "1"})
    assert result.returncode == 0 and result.stdout == "hello\n"
    result = _gvm("--engine", "python", "--invoke", "fib", str(FIB), "20")
    assert result.returncode == 0 and result.stdout.strip() == "6765"


def test_cli_disasm_python_shows_the_source():
    result = _gvm("disasm", str(FIB), "--python", "fib")
    assert result.returncode == 0
    assert result.stdout.startswith("def F") and "return" in result.stdout
    result = _gvm("disasm", str(FIB), "--python", "nope")
    assert result.returncode == 1 and result.stderr.startswith("gvm: error:")
    assert "Traceback" not in result.stderr


def test_frames_with_many_locals_exhaust_the_stack_early():
    """10,000 frames of 20,000 locals would hold 200 million values: the python engine
    counts such a frame as several, as the reference engine bounds all frames' locals."""
    inst = python('(module (func $f (export "f") (local ' + "i64 " * 20_000 + ") (call $f)))")
    with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
        inst.exports.f()


@pytest.mark.parametrize("bits", [32, 64])
def test_signed_comparisons_with_constants_agree_with_reference(bits):
    """Signed comparisons with a constant are translated as unsigned range tests, a
    name compared with the sign bit's constant after a one-digit comparison (values
    on both sides of 2**30, CPython's one-digit limit)."""
    t = f"i{bits}"
    sign = 1 << (bits - 1)
    edges = [0, 1, 2, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, sign - 2, sign - 1, sign,
             sign + 1, (1 << bits) - 2, (1 << bits) - 1]
    signed = [e - (1 << bits) if e >= sign else e for e in edges]
    funcs = "".join(
        f'(func (export "{op}{k}") (param {t}) (result i32) ({t}.{op} (local.get 0) ({t}.const {c})))'
        for op in ("lt_s", "le_s", "gt_s", "ge_s") for k, c in enumerate(signed))
    source = f"(module {funcs})"
    py, ref = python(source), gvm.instantiate(wat(source), engine="reference")
    for op in ("lt_s", "le_s", "gt_s", "ge_s"):
        for k in range(len(signed)):
            for x in signed:
                name = f"{op}{k}"
                assert py.exports[name](x) == ref.exports[name](x), (name, x)
    assert f"(l0 <= 1073741823 or l0 < {sign})" in py.exports.lt_s1.extern.compiled["python"].source


# --- SIMD: calls of the reference engine's lane functions ------------------------------------
VECTORS = """(module (memory (export "m") 1) (global $g (export "g") (mut i32) (i32.const 0))
  (global $acc (mut v128) (v128.const i32x4 0 0 0 0))
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $v v128)
    (loop $l
      (local.set $v (i32x4.add (local.get $v) (v128.load offset=16 (local.get $i))))
      (global.set $acc (i32x4.add (global.get $acc) (i32x4.splat (local.get $i))))
      (v128.store32_lane 1 (local.get $i) (local.get $v))
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i32.add (i32x4.extract_lane 0 (local.get $v))
             (i32x4.extract_lane 3 (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
                                     (global.get $acc) (local.get $v)))))
  (func (export "outer") (param i32) (result i32) (call $sum (local.get 0))))"""


def test_vector_instructions_call_the_reference_functions():
    inst = python(VECTORS)
    inst.exports.sum(32)
    text = inst.exports.sum.extern.compiled["python"].source
    assert "I32X4_ADD(" in text and "V128_LOAD(INSTANCE, (0, 16), " in text
    assert "V128_STORE32_LANE(INSTANCE, (0, 0, 1), " in text and "I8X16_SHUFFLE(" in text


@pytest.mark.parametrize("fuel", [0, 1, 5, 9, 10, 11, 12, 13, 40, 500, 50_000, 200_000, None])
def test_vector_fuel_and_traps_match_reference(fuel):
    outcomes = []
    for engine in ("reference", "python"):
        inst = gvm.instantiate(wat(VECTORS), engine=engine, fuel=fuel)
        inst.exports.m.data[16:80] = bytes(range(64))
        results = []
        for n in (64, 65536):   # the second runs past the end of memory
            try:
                results.append(inst.exports.outer(n))
            except (gvm.Exhaustion, gvm.Trap) as e:
                results.append((e.message, getattr(e, "frames", None)))
        outcomes.append((results, inst.exports.g.get(), bytes(inst.exports.m.data[:100]),
                         inst.engine.fuel))
    assert outcomes[0] == outcomes[1]


ALIGNED = """(module (memory (export "mem") 1)
  (func (export "sum") (param i32) (result i64) (local i32 i64)
    ;; local 1 steps by 8 from 0: known aligned, so every access goes through a view
    (block (loop
      (br_if 1 (i32.ge_u (local.get 1) (local.get 0)))
      (i64.store offset=8 (local.get 1) (i64.add (i64.load (local.get 1)) (i64.const 3)))
      (f64.store (local.get 1) (f64.add (f64.load (local.get 1)) (f64.const 0.5)))
      (local.set 2 (i64.add (local.get 2) (i64.load (local.get 1))))
      (local.set 1 (i32.add (local.get 1) (i32.const 8)))
      (br 0)))
    (local.get 2))
  (func (export "at") (param i32) (result i32)      ;; alignment tested at run time
    (i32.load (local.get 0)))
  (func (export "f32") (param i32 f32) (result f32)
    (f32.store (local.get 0) (local.get 1))
    (f32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))"""


def test_aligned_accesses_go_through_views_renewed_when_memory_grows():
    """Known-aligned loads and stores index memoryview casts of the memory; growing it
    (wasm's memory.grow, the embedder's) or taking a growth back renews them in the
    namespace, and accesses beyond the end still trap."""
    inst = python(ALIGNED)
    ref = gvm.instantiate(wat(ALIGNED), engine="reference")
    sum_ = inst.exports.sum
    assert sum_(65536 - 8) == ref.exports.sum(65536 - 8)
    code = sum_.extern.compiled["python"].source
    assert "VQ0[" in code and "Vd0[" in code and "_uQ" not in code and "_pd" not in code
    for engine in (inst, ref):
        with pytest.raises(gvm.Trap, match="out of bounds memory access"):
            engine.exports.sum(65536)
    assert inst.exports.grow(1) == ref.exports.grow(1) == 1      # wasm's memory.grow
    assert sum_(2 * 65536 - 8) == ref.exports.sum(2 * 65536 - 8)
    mem = inst.exports.mem
    assert mem.grow(1) == 2                                      # the embedder's
    mem.data[3 * 65536 - 8:3 * 65536 - 4] = (7).to_bytes(4, "little")
    assert inst.exports.at(3 * 65536 - 8) == 7                   # aligned: a view
    assert inst.exports.at(3 * 65536 - 9) == 7 << 8              # unaligned: struct
    mem.shrink(65536)                                            # a growth taken back
    with pytest.raises(gvm.Trap, match="out of bounds memory access"):
        inst.exports.at(65536 - 2)
    assert inst.exports.at(65536 - 4) == int.from_bytes(mem.data[-4:], "little")
    assert inst.exports.f32(4, float("inf")) == float("inf")


GROWN_UNALIGNED = """(module (memory (export "mem") 1)
  (func (export "around") (param i32 i32) (result i64)
    ;; p (local 0) is never set: its index and low bits are found once, at the entry;
    ;; the memory grows between two accesses through it, past the old end the second
    (i32.store offset=4 (local.get 0) (local.get 1))
    (drop (memory.grow (i32.const 1)))
    (i64.store offset=65544 (local.get 0) (i64.extend_i32_u (local.get 1)))
    (i64.add (i64.extend_i32_u (i32.load offset=4 (local.get 0)))
             (i64.load offset=65544 (local.get 0)))))"""


def test_accesses_of_unknown_alignment_go_through_the_view_at_their_low_bits():
    """An address of unknown alignment indexes the view of the memory whose items start
    at its low bits (Memory.views: one a byte offset, each holding whole items only),
    renewed when the memory grows inside the function: the reference engine's bytes,
    results and traps at every offset, near the end too."""
    mem = gvm.instantiate(wat(GROWN_UNALIGNED), engine="python").exports.mem
    views = mem.views()
    for fmt, size in (("H", 2), ("I", 4), ("Q", 8), ("d", 8)):
        for k in range(size):
            view = views[f"{fmt}{k}" if k else fmt]
            assert len(view) == (len(mem.data) - k) // size
            assert view.obj is mem.data and view.nbytes == len(view) * size
    # 65520 fits after the growth, 65523 is 3 bytes short, 65533 short before it
    for p in (0, 1, 2, 3, 6, 7, 65520, 65523, 65525, 65533):
        inst = python(GROWN_UNALIGNED)
        ref = gvm.instantiate(wat(GROWN_UNALIGNED), engine="reference")
        assert _outcome(inst.exports.around, p, 0xDEADBEEF) == \
            _outcome(ref.exports.around, p, 0xDEADBEEF), p
        assert inst.exports.mem.data == ref.exports.mem.data
    code = inst.exports.around.extern.compiled["python"].source
    assert "WI0[ox0_2][x0_2 + 1] = " in code and "WQ0[ox0_3][x0_3 + 8193]" in code


MISALIGNED_LATER = """(module (memory 1)
  (data (i32.const 0) "\\5a\\13\\c7\\02\\e9\\41\\88\\3f\\b0\\6d\\1c\\f4\\27\\90\\0b\\d3\\75\\ae\\36\\c1")
  (func (export "walk") (param i32) (result i32) (local i32 i32 i32)
    ;; p (local 1) is 0 on entry, aligned; the back branch brings p + 1, and q (local 3)
    ;; is computed from p: neither is aligned on the second iteration
    (loop $next
      (local.set 3 (i32.add (local.get 1) (i32.const 4)))
      (local.set 2 (i32.add (local.get 2)
        (i32.xor (i32.load (local.get 1)) (i32.load offset=4 (local.get 3)))))
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 2)))"""


def test_alignment_assumed_at_a_loop_head_is_checked_against_its_back_branch():
    """A pointer aligned on entry to a loop but not after its first iteration (and a
    pointer computed from it) must not index the views unaligned: the translation is
    redone with the loop head's assumption lowered."""
    inst = python(MISALIGNED_LATER)
    ref = gvm.instantiate(wat(MISALIGNED_LATER), engine="reference")
    for n in (1, 2, 3, 8):
        assert inst.exports.walk(n) == ref.exports.walk(n)
    code = inst.exports.walk.extern.compiled["python"].source
    assert " if not " in code      # the alignment is tested at run time


STORES_AT = """(module (memory (export "mem") 1)
  (func (export "put") (param i32 i64) (result i64)
    ;; stores at a parameter: alignment unknown, tested at run time
    (i64.store offset=8 (local.get 0) (local.get 1))
    (i32.store offset=4 (local.get 0) (i32.wrap_i64 (i64.shr_u (local.get 1) (i64.const 8))))
    (i32.store16 (local.get 0) (i32.add (i32.wrap_i64 (local.get 1)) (i32.const 70000)))
    (i64.store32 offset=16 (local.get 0) (local.get 1))
    (i64.xor (i64.load offset=8 (local.get 0))
      (i64.xor (i64.load (local.get 0)) (i64.load offset=16 (local.get 0))))))"""


def test_stores_of_unknown_alignment_are_tested_and_agree_with_reference():
    """A store at an address of unknown alignment writes through the view its low bits
    pick (a parameter the body never sets: found once, at the entry), aligned or not:
    the reference engine's bytes (masked values included), and a trap past the end."""
    inst = python(STORES_AT)
    ref = gvm.instantiate(wat(STORES_AT), engine="reference")
    value = 0xF1E2D3C4B5A69788
    for address in (0, 8, 3, 5, 12, 65536 - 24):
        assert inst.exports.put(address, value) == ref.exports.put(address, value)
        assert inst.exports.mem.data == ref.exports.mem.data
    code = inst.exports.put.extern.compiled["python"].source
    # the parameter is never set: its index and low bits are found once, at the entry
    assert "x0_3 = l0 >> 3\n    ox0_3 = l0 & 7\n" in code and "WQ0[ox0_3][x0_3 + 1] = " in code
    assert "_pQ(" not in code and "l0 & 7" not in code.replace("ox0_3 = l0 & 7", "")
    for address in (65536 - 16, 65536 - 13):
        for engine in (inst, ref):
            with pytest.raises(gvm.Trap, match="out of bounds memory access"):
                engine.exports.put(address, value)
        assert inst.exports.mem.data == ref.exports.mem.data


SCALED_WRAPS = """(module (memory (export "mem") 1)
  ;; (x << k) + c with x unbounded: the sums may wrap
  (func (export "g32") (param i32) (result i32)
    (i32.load offset=4 (i32.add (i32.shl (local.get 0) (i32.const 2)) (i32.const 64))))
  (func (export "g64") (param i32) (result i64)
    (i64.load (i32.add (i32.shl (local.get 0) (i32.const 3)) (i32.const 8))))
  (func (export "g16") (param i32) (result i32)
    (i32.load16_u (i32.shl (local.get 0) (i32.const 1))))
  (func (export "put") (param i32 i32)
    (i32.store offset=8 (i32.shl (local.get 0) (i32.const 2)) (local.get 1))))"""


def _outcome(f, *args):
    try:
        return f(*args)
    except gvm.Trap as e:
        return str(e)


def test_scaled_addresses_that_may_wrap_index_the_views_modulo_their_width():
    """An address (x << k) + c of unknown x is a view index taken modulo 2**(32 - s)
    (one comparison, no mask and shift back), the access's offset added after the wrap:
    the reference engine's reads, writes and traps for x on both sides of 2**29, 2**30,
    2**31 (wrapping in bounds, and past the end)."""
    inst = python(SCALED_WRAPS)
    ref = gvm.instantiate(wat(SCALED_WRAPS), engine="reference")
    data = bytes((i * 37 + 11) & 0xFF for i in range(65536))
    inst.exports.mem.data[:] = ref.exports.mem.data[:] = data
    names = ("g32", "g64", "g16")
    xs = [b + d for b in (0, 2 ** 29, 2 ** 30, 2 ** 31, 3 * 2 ** 30, 2 ** 32)
          for d in (-8193, -17, -16, -1, 0, 3, 1000, 8190, 16384) if 0 <= b + d < 2 ** 32]
    for x in xs:
        for name in names:
            got = _outcome(getattr(inst.exports, name), x)
            assert got == _outcome(getattr(ref.exports, name), x), (name, x)
        assert _outcome(inst.exports.put, x, x ^ 0x5A5A5A5A) == \
            _outcome(ref.exports.put, x, x ^ 0x5A5A5A5A)
        assert inst.exports.mem.data == ref.exports.mem.data
    source = {n: getattr(inst.exports, n).extern.compiled["python"].source for n in names}
    assert "VI0[(w_ if (w_ := l0 + 16) <= 1073741823 else w_ & 1073741823) + 1]" in source["g32"]
    assert "VQ0[(w_ if (w_ := l0 + 1) <= 536870911 else w_ & 536870911)]" in source["g64"]
    assert "VH0[(w_ if (w_ := l0) <= 2147483647 else w_ & 2147483647)]" in source["g16"]


BASED = """(module (memory (export "mem") 1)
  ;; a pointer of unknown alignment plus a scaled index, t[i]: the base a local the body
  ;; sets (l2), or a parameter it never sets (l0)
  (func (export "get") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.add (local.get 0) (i32.const 0)))
    (i32.load offset=4 (i32.add (local.get 2) (i32.shl (local.get 1) (i32.const 2)))))
  (func (export "get64") (param i32 i32) (result i64) (local i32)
    (local.set 2 (i32.add (local.get 0) (i32.const 0)))
    (i64.load (i32.add (i32.add (i32.shl (local.get 1) (i32.const 4)) (i32.const 8))
                       (local.get 2))))
  (func (export "get16") (param i32 i32) (result i32)
    (i32.load16_s offset=2 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 1)))))
  (func (export "put") (param i32 i32 i32) (local i32)
    (local.set 3 (i32.add (local.get 0) (i32.const 0)))
    (i32.store offset=8 (i32.add (local.get 3) (i32.shl (local.get 1) (i32.const 2)))
               (i32.add (local.get 2) (local.get 1))))
  (func (export "put64") (param i32 i32 i64)
    (i64.store (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))) (local.get 2))))"""


def test_pointer_plus_scaled_index_tests_the_base_and_agrees_with_reference():
    """An access at base + (i << k) + c tests the base's low bits alone (the sum is
    aligned exactly when the base is) and indexes the view with (base >> s) + (i <<
    (k - s)) modulo 2**(32 - s): the reference engine's reads, writes and traps for
    aligned and misaligned bases and sums on both sides of 2**32."""
    inst = python(BASED)
    ref = gvm.instantiate(wat(BASED), engine="reference")
    data = bytes((i * 53 + 7) & 0xFF for i in range(65536))
    inst.exports.mem.data[:] = ref.exports.mem.data[:] = data
    bases = (0, 1, 2, 4, 6, 8, 1000, 1003, 65536 - 16, 65536 - 3, 2 ** 32 - 64, 2 ** 32 - 61,
             2 ** 31, 2 ** 30 + 4)
    xs = (0, 1, 5, 100, 2 ** 28 - 1, 2 ** 30 - 1, 2 ** 30, 2 ** 31 - 3, 2 ** 32 - 16,
          2 ** 32 - 1)
    for base in bases:
        for x in xs:
            for name in ("get", "get64", "get16"):
                got = _outcome(getattr(inst.exports, name), base, x)
                assert got == _outcome(getattr(ref.exports, name), base, x), (name, base, x)
            for name, value in (("put", 0x89ABCDEF), ("put64", 0xF1E2D3C4B5A69788)):
                assert _outcome(getattr(inst.exports, name), base, x, value) == \
                    _outcome(getattr(ref.exports, name), base, x, value), (name, base, x)
            assert inst.exports.mem.data == ref.exports.mem.data
    source = {n: getattr(inst.exports, n).extern.compiled["python"].source
              for n in ("get", "get64", "get16", "put64")}
    assert "WI0[l2 & 3][(w_ if (w_ := (l2 >> 2) + l1) <= 1073741823 " \
        "else w_ & 1073741823) + 1]" in source["get"]
    assert "WQ0[l2 & 7][(w_ if (w_ := (l2 >> 3) + (l1 << 1) + 1) <= 536870911 " \
        "else w_ & 536870911)]" in source["get64"]
    assert "Wh0[ox0_1][" in source["get16"] and "WQ0[ox0_3][" in source["put64"]


RUNS = """(module (memory (export "mem") 1)
  ;; a pointer read from memory (l1), used by several accesses in one run of code, at
  ;; offsets and at sums with constants that may wrap
  (func (export "fields") (param i32) (result i64) (local i32)
    (local.set 1 (i32.load (local.get 0)))
    (i64.add (i64.add (i64.load (local.get 1)) (i64.load (i32.add (local.get 1) (i32.const 8))))
             (i64.add (i64.load offset=16 (local.get 1))
                      (i64.load (i32.add (local.get 1) (i32.const 24))))))
  ;; a pointer known aligned (x << 3), stored through and read twice
  (func (export "slots") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.shl (local.get 0) (i32.const 3)))
    (i32.store offset=4 (local.get 2) (local.get 1))
    (i32.add (i32.load offset=4 (local.get 2)) (i32.load (local.get 2))))
  ;; a search down a tree of nodes {child[2] at 0 and 4, key at 12, count at 16}: the
  ;; node pointer set at each step, its child p->child[key > p->key], at most n steps
  (func (export "find") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3 (local.get 0))
    (block $out
      (loop $next
        (br_if $out (i32.or (i32.eqz (local.get 3)) (i32.eqz (local.get 2))))
        (local.set 2 (i32.sub (local.get 2) (i32.const 1)))
        (if (i32.eq (i32.load offset=12 (local.get 3)) (local.get 1))
          (then (i32.store offset=16 (local.get 3)
                  (i32.add (i32.load offset=16 (local.get 3)) (i32.const 1)))
                (return (local.get 3))))
        (local.set 3 (i32.load (i32.add (local.get 3)
          (select (i32.const 0) (i32.const 4)
                  (i32.lt_u (local.get 1) (i32.load offset=12 (local.get 3)))))))
        (br $next)))
    (i32.const -1)))"""


def test_pointers_used_several_times_in_a_run_index_once_and_agree_with_reference():
    """A local read by several accesses in one run of straight-line code has its
    tested view index named once there (run_index; `z` of a local known aligned), a
    local plus a constant or a select of constants indexed from it: the reference
    engine's reads, writes and traps for pointers aligned and not, near 2**32 (sums that
    wrap) and past the end, and across the sets of a pointer chased down a tree."""
    inst = python(RUNS)
    ref = gvm.instantiate(wat(RUNS), engine="reference")
    data = bytearray((i * 53 + 7) & 0xFF for i in range(65536))
    pointers = (0, 8, 12, 1003, 4096, 65536 - 32, 65536 - 20, 65536 - 7, 65536,
                2 ** 32 - 8, 2 ** 32 - 16, 2 ** 32 - 24, 2 ** 32 - 21, 2 ** 31)
    for p in pointers:
        data[64:68] = p.to_bytes(4, "little")
        inst.exports.mem.data[:] = ref.exports.mem.data[:] = data
        assert _outcome(inst.exports.fields, 64) == _outcome(ref.exports.fields, 64), p
    for x in (0, 1, 3, 100, 8191, 8192, 2 ** 29 - 1, 2 ** 29, 2 ** 32 - 1):
        assert _outcome(inst.exports.slots, x, x ^ 0x5A5A5A5A) == \
            _outcome(ref.exports.slots, x, x ^ 0x5A5A5A5A), x
        assert inst.exports.mem.data == ref.exports.mem.data
    for start in (0, 4, 6, 100, 1001, 65536 - 24, 65536 - 13, 2 ** 32 - 4):
        for key in (0, 0x3D2A1704, 0x7FFFFFFF, 2 ** 32 - 1):
            assert _outcome(inst.exports.find, start, key, 40) == \
                _outcome(ref.exports.find, start, key, 40), (start, key)
            assert inst.exports.mem.data == ref.exports.mem.data
    source = {n: getattr(inst.exports, n).extern.compiled["python"].source
              for n in ("fields", "slots", "find")}
    assert "y1_3 = l1 >> 3\n" in source["fields"] and "oy1_3 = l1 & 7" in source["fields"]
    assert "WQ0[oy1_3][(w_ if (w_ := y1_3 + 3) <= 536870911 else w_ & 536870911)]" in source["fields"]
    assert "z2_2 = l2 >> 2" in source["slots"]
    assert "y3_2 + (0 if " in source["find"]


SET_FIRST = """(module
  (func (export "f") (param i32) (result i32) (local i32 i32 i32)
    (local.set 1 (i32.mul (local.get 0) (i32.const 3)))   ;; outside every block: no zero
    (if (local.get 0) (then (local.set 2 (i32.const 5)))) ;; in a block: 0 when skipped
    (block (local.set 3 (i32.const 7)))                   ;; in a block too
    (i32.add (local.get 1) (i32.add (local.get 2) (local.get 3)))))"""


def test_locals_set_before_any_read_outside_blocks_are_not_zeroed():
    """A declared local whose first mention is a set outside every block is never seen
    as zero, so the function does not assign it 0 on entry; locals first set inside a
    block (an if that may be skipped) keep their zero."""
    inst = python(SET_FIRST)
    ref = gvm.instantiate(wat(SET_FIRST), engine="reference")
    for n in (0, 1, 9):
        assert inst.exports.f(n) == ref.exports.f(n)
    code = inst.exports.f.extern.compiled["python"].source
    assert "l1 = 0" not in code and "l2 = 0" in code and "l3 = 0" in code


INLINE_CONVERSIONS = """(module
  (func (export "ext") (param i64) (result i64)
    (i64.xor (i64.extend32_s (local.get 0))
      (i64.xor (i64.extend16_s (local.get 0)) (i64.extend8_s (local.get 0)))))
  (func (export "ext32") (param i32) (result i32)
    (i32.xor (i32.extend16_s (local.get 0)) (i32.extend8_s (local.get 0))))
  (func (export "conv") (param i32 i64) (result i64)
    (i64.reinterpret_f64 (f64.add (f64.convert_i32_s (local.get 0))
                                  (f64.convert_i64_s (local.get 1)))))
  (func (export "bits") (param i64) (result i64)   ;; a NaN's payload kept both ways
    (i64.reinterpret_f64 (f64.reinterpret_i64 (local.get 0)))))"""


def test_inline_sign_extensions_conversions_and_f64_bits_agree_with_reference():
    """Sign extensions, signed int-to-f64 conversions and f64 reinterpretation are
    expressions in the generated code (no call of the reference's functions), with
    the reference's results at the edges and NaN payloads kept."""
    inst = python(INLINE_CONVERSIONS)
    ref = gvm.instantiate(wat(INLINE_CONVERSIONS), engine="reference")
    edges = [0, 1, -1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0x7FFFFFFF, -0x80000000,
             0x923456789ABCDEF0 - (1 << 64), 2 ** 63 - 1, -2 ** 63, 2 ** 53 + 1]
    for x in edges:
        assert inst.exports.ext(x) == ref.exports.ext(x)
        assert inst.exports.ext32(x & 0xFFFFFFFF) == ref.exports.ext32(x & 0xFFFFFFFF)
        assert inst.exports.conv(x & 0xFFFFFFFF, x) == ref.exports.conv(x & 0xFFFFFFFF, x)
    for bits in (0x7FF0000000000001, 0x7FF8000000000123, -0x0007FFFFFFFFFFFF, 0, -1 << 63):
        assert inst.exports.bits(bits) == ref.exports.bits(bits) == bits
    for name in ("ext", "ext32", "conv", "bits"):
        code = getattr(inst.exports, name).extern.compiled["python"].source
        assert "EXTEND" not in code and "CONVERT" not in code and "REINTERPRET" not in code


FLOATS = """(module (memory 1)
  (func (export "div") (param f64 f64) (result i64)
    (i64.reinterpret_f64 (f64.div (local.get 0) (local.get 1))))
  (func (export "sqrt") (param f64) (result i64)
    (i64.reinterpret_f64 (f64.sqrt (local.get 0))))
  (func (export "mul32") (param i32 i32) (result i32)
    (i32.reinterpret_f32 (f32.mul (f32.reinterpret_i32 (local.get 0))
                                  (f32.reinterpret_i32 (local.get 1)))))
  (func (export "store32") (param i32 i32) (result i32)   ;; f32 bits through memory
    (f32.store (local.get 0) (f32.reinterpret_i32 (local.get 1)))
    (i32.reinterpret_f32 (f32.load (local.get 0)))))"""


def test_inline_float_operations_keep_the_reference_results_and_nan_bits():
    """f64 division and square root are Python's operators where they cannot raise,
    f32 products are rounded through a float32 view, f32 values go through memory as
    float32 (NaNs as bits): the same results and NaN bits as the reference engine."""
    inst = python(FLOATS)
    ref = gvm.instantiate(wat(FLOATS), engine="reference")
    inf, nan = float("inf"), float("nan")
    for a, b in ((1.0, 3.0), (1.0, 0.0), (-1.0, 0.0), (1.0, -0.0), (0.0, 0.0), (nan, 0.0),
                 (inf, inf), (1e308, 1e-308)):
        assert inst.exports.div(a, b) == ref.exports.div(a, b)
    for x in (2.0, 0.0, -0.0, -1.0, inf, -inf, nan):
        assert inst.exports.sqrt(x) == ref.exports.sqrt(x)
    big, tiny, snan, qnan = 0x7F000000, 0x00800000, 0x7FA00001, 0xFFC00123
    for a, b in ((0x3FC00000, 0x40200000), (big, big), (tiny, tiny), (snan, 0x3F800000),
                 (qnan, 0x3F800000), (0x3F800001, 0x3F7FFFFF)):
        assert inst.exports.mul32(a, b) == ref.exports.mul32(a, b)
    for bits in (0x3F800000, 0x7F800000, snan, qnan, 0x80000000, 1):
        for address in (8, 6):      # aligned or not: a view
            assert inst.exports.store32(address, bits) == ref.exports.store32(address, bits)
    source = "".join(f.extern.compiled["python"].source for f in (
        inst.exports.div, inst.exports.sqrt, inst.exports.mul32, inst.exports.store32))
    assert "_sqrt(" in source and "_F32[0] = " in source and "Wf0[" in source


def test_blocks_left_only_by_br_if_become_nested_ifs():
    """A block whose branches are all br_ifs directly in it is `if not c:` around its
    rest, no Python loop: a branch from inside it to the enclosing loop is a plain
    `continue`, with values carried by the block's br_if and by its fall-through."""
    source = """(module
      (func (export "f") (param i32) (result i32) (local i32 i32)
        (loop $top
          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (local.set 1
            (block $b (result i32)
              (drop (br_if $b (i32.const 100) (i32.gt_u (local.get 2) (local.get 0))))
              (drop (br_if $b (i32.const 7) (i32.eqz (i32.and (local.get 2) (i32.const 1)))))
              (br_if $top (i32.lt_u (local.get 2) (i32.const 5)))
              (i32.add (local.get 1) (local.get 2))))
          (br_if $top (i32.lt_u (local.get 2) (local.get 0))))
        (i32.add (local.get 1) (i32.mul (local.get 2) (i32.const 1000)))))"""
    inst = python(source)
    ref = gvm.instantiate(wat(source), engine="reference")
    for n in (0, 1, 2, 5, 6, 9, 20):
        assert inst.exports.f(n) == ref.exports.f(n), n
    text = gvm.engines.get_engine("python").source(inst.exports.f.extern)
    assert "br_" not in text and text.count("while True:") == 1
    assert "else:" in text and "continue" in text


def test_products_by_wide_constants_and_rotations_are_masked_without_a_test():
    """A product by a constant of more than half the width, and a rotation, most often
    pass the mask: they are masked by `&` alone (no comparison first), and give the
    reference engine's results whether they wrap or not."""
    source = """(module
      (func (export "h32") (param i32) (result i32)
        (i32.add (i32.mul (local.get 0) (i32.const 0x9E3779B1)) (i32.const 7)))
      (func (export "h64") (param i64) (result i64)
        (i64.mul (local.get 0) (i64.const 0x9E3779B97F4A7C15)))
      (func (export "rot") (param i32 i32) (result i32)
        (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 5)))))"""
    inst = python(source)
    ref = gvm.instantiate(wat(source), engine="reference")
    for x in (0, 1, 2, 0xFFFF, 0x10000, 0xDEADBEEF, 0xFFFFFFFF):
        assert inst.exports.h32(x) == ref.exports.h32(x)
        assert inst.exports.h64(x * 0x100000001) == ref.exports.h64(x * 0x100000001)
        assert inst.exports.rot(x, 0x1234) == ref.exports.rot(x, 0x1234)
    engine = gvm.engines.get_engine("python")
    for name in ("h32", "h64", "rot"):
        text = engine.source(inst.exports[name].extern)
        assert "w_" not in text and " & 0xFFFFFFFF" in text, text


COUNTED = """(module (memory (export "mem") 1)
  ;; a counted loop: l1 counts 0, 1, ... 63 (i32.ne 64), l2 steps by 128 along
  ;; with it from 1024; addresses computed from both cannot pass 2**32
  (func (export "fill") (param i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.const 1024))
    (loop $top
      (i32.store8 (i32.add (i32.add (local.get 2) (local.get 1)) (i32.const 4096))
                  (i32.add (local.get 0) (local.get 1)))
      (local.set 3 (i32.add (local.get 3) (i32.load8_u offset=4096
                                            (i32.add (local.get 2) (local.get 1)))))
      (local.set 2 (i32.add (local.get 2) (i32.const 128)))
      (br_if $top (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                          (i32.const 64))))
    (i32.add (local.get 3) (local.get 2)))
  ;; a stride of 1 to 16 (a local of known bound) up to 1000; 2000 - l1 cannot wrap
  (func (export "strided") (param i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.add (i32.and (local.get 0) (i32.const 15)) (i32.const 1)))
    (loop $top
      (i32.store16 offset=4096 (i32.add (local.get 1) (local.get 1))
                   (i32.sub (i32.const 2000) (local.get 1)))
      (local.set 3 (i32.xor (local.get 3) (i32.sub (i32.const 2000) (local.get 1))))
      (br_if $top (i32.lt_u (local.tee 1 (i32.add (local.get 1) (local.get 2)))
                            (i32.const 1000))))
    (i32.add (local.get 3) (local.get 1)))
  ;; a negative index counted up to 0 (local.tee; br_if): index + base always wraps
  (func (export "negative") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const -64))
    (loop $top
      (i32.store8 (i32.add (local.get 1) (i32.const 1000)) (local.get 0))
      (local.set 2 (i32.add (local.get 2) (i32.load8_u (i32.add (local.get 1) (i32.const 1001)))))
      (br_if $top (local.tee 1 (i32.add (local.get 1) (i32.const 4)))))
    (local.get 2))
  ;; ... from -62: 0 is stepped over, the other exit leaves after the wrap
  (func (export "negative_past") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const -62))
    (block $out
      (loop $top
        (br_if $out (i32.lt_u (local.get 1) (local.get 0)))
        (local.set 2 (i32.add (local.get 2) (i32.add (local.get 1) (i32.const 1000))))
        (br_if $top (local.tee 1 (i32.add (local.get 1) (i32.const 4))))))
    (local.get 2))
  ;; l1 = 1, 3, 5 ... never equals 10: only the other exit leaves the loop
  (func (export "overshoot") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const 1))
    (local.set 2 (i32.const 0xFFFFFFF0))
    (block $out
      (loop $top
        (br_if $out (i32.gt_u (local.get 1) (local.get 0)))
        (br_if $top (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 2)))
                            (i32.const 10)))))
    (i32.add (local.get 1) (local.get 2)))
  ;; a second branch back to the head keeps l1 going past 4
  (func (export "two_backs") (param i32) (result i32) (local i32 i32 i32)
    (local.set 2 (i32.const 0xFFFFFF00))
    (loop $top
      (local.set 3 (i32.or (local.get 3) (i32.add (local.get 1) (local.get 2))))
      (br_if $top (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                            (i32.const 4)))
      (br_if $top (i32.lt_u (local.get 1) (local.get 0))))
    (local.get 3))
  ;; l2 is stepped in a loop nested in the counted one: many times a pass
  (func (export "nested") (param i32) (result i32) (local i32 i32 i32 i32)
    (local.set 3 (i32.const 0xFFFFFF00))
    (loop $outer
      (local.set 4 (i32.or (local.get 4) (i32.add (local.get 2) (local.get 3))))
      (loop $inner
        (local.set 2 (i32.add (local.get 2) (i32.const 1)))
        (br_if $inner (i32.and (local.get 2) (local.get 0))))
      (br_if $outer (i32.ne (local.tee 1 (i32.add (local.get 1) (i32.const 1)))
                            (i32.const 4))))
    (local.get 4))
  ;; a signed test whose counter passes 2**31: negative, so still below N
  (func (export "signed") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const 0x7FFFFFF0))
    (local.set 2 (i32.const 0x7FFFFF00))
    (block $out
      (loop $top
        (br_if $out (i32.gt_u (local.get 1) (local.get 0)))
        (br_if $top (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 0x20)))
                              (i32.const 100)))))
    (i32.add (local.get 1) (local.get 2)))
  ;; clang's `i = -3; do { ... p[i + 3] ...; i += 3 } while (i < N)`: l1 is -3 or in
  ;; [0, 300), l2 steps by 4 along with it; the other exit leaves at any pass
  (func (export "from_negative") (param i32) (result i32) (local i32 i32 i32)
    (local.set 1 (i32.const -3))
    (local.set 2 (i32.const 2000))
    (block $out
      (loop $top
        (br_if $out (i32.eq (local.get 1) (local.get 0)))
        (i32.store8 (i32.add (local.get 1) (i32.const 1003)) (local.get 2))
        (i32.store8 (i32.add (local.get 2) (i32.const 3)) (local.get 1))
        (local.set 3 (i32.add (local.get 3) (i32.add (local.get 1) (i32.const 1))))
        (local.set 2 (i32.add (local.get 2) (i32.const 4)))
        (br_if $top (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 3)))
                              (i32.const 300)))))
    (i32.add (i32.add (local.get 3) (local.get 1)) (local.get 2)))
  ;; signed from -10 by 3 below a parameter: not counted (the bound is not known)
  (func (export "from_negative_s") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const -10))
    (loop $top
      (local.set 2 (i32.xor (i32.mul (local.get 2) (i32.const 3))
                            (i32.add (i32.add (local.get 1) (i32.const 10))
                                     (i32.add (local.get 1) (i32.const 5)))))
      (br_if $top (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 3)))
                            (local.get 0))))
    (local.get 2))
  ;; ... below 50: + 10 wraps exactly when l1 is negative, + 5 not always
  (func (export "from_negative_s2") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const -10))
    (loop $top
      (local.set 2 (i32.xor (i32.mul (local.get 2) (i32.const 3))
                            (i32.add (i32.add (local.get 1) (i32.const 10))
                                     (i32.add (local.get 1) (i32.const 5)))))
      (br_if $top (i32.lt_s (local.tee 1 (i32.add (local.get 1) (i32.const 3)))
                            (i32.const 50))))
    (local.get 2))
  ;; unsigned from -8 by 3: the first step stays past 2**31, the loop leaves
  (func (export "negative_short") (param i32) (result i32) (local i32 i32)
    (local.set 1 (i32.const -8))
    (loop $top
      (local.set 2 (i32.add (local.get 2) (i32.add (local.get 1) (i32.const 9))))
      (br_if $top (i32.lt_u (local.tee 1 (i32.add (local.get 1) (i32.const 3)))
                            (i32.const 40))))
    (i32.add (local.get 2) (local.get 1))))"""


def test_counted_loops_bound_their_counters_and_what_steps_with_them():
    """A counted loop's counter, and a local stepped once a pass along with it, are
    known below their last value at the loop head (gvm/pyjit/ranges.py): sums of them
    go without a mask or wrap test (and so does a constant less one of them; a narrow
    store masks a lazy value once); a negative index counted up to 0 plus a base
    address always wraps: no test either; a counter from a negative start wraps in a
    sum exactly when negative, a test against its top. Loops that only look counted (a count that
    overshoots its `!=`, a second branch back, a local stepped in a nested loop, a
    signed test past 2**31) keep their masks, and all agree with the reference."""
    inst = python(COUNTED)
    ref = gvm.instantiate(wat(COUNTED), engine="reference")
    for x in (0, 1, 7, 255, 0xFFFFFFFF):
        assert inst.exports.fill(x) == ref.exports.fill(x)
    assert bytes(inst.exports.mem.data[5120:13312]) == bytes(
        ref.exports.mem.data[5120:13312])
    for x in (0, 1, 14, 15, 0xFFFFFFFF):
        assert inst.exports.strided(x) == ref.exports.strided(x), x
    assert bytes(inst.exports.mem.data[4096:6096]) == bytes(ref.exports.mem.data[4096:6096])
    for x in (3, 7, 0x1FF):     # 3 and up: the first index past the wrap is 2
        assert inst.exports.negative(x) == ref.exports.negative(x), x
        assert inst.exports.negative_past(x) == ref.exports.negative_past(x), x
    for x in (0, 9, 30, 1000):
        assert inst.exports.overshoot(x) == ref.exports.overshoot(x), x
    for x in (0, 5, 300, 0x101):
        assert inst.exports.two_backs(x) == ref.exports.two_backs(x), x
    for x in (0xFF, 0x3F, 1):
        assert inst.exports.nested(x) == ref.exports.nested(x), x
    for x in (0x7FFFFFFF, 0x80000000, 0x80001000):
        assert inst.exports.signed(x) == ref.exports.signed(x), x
    source = gvm.engines.get_engine("python").source(inst.exports.fill.extern)
    # the counter, the stepped local and the addresses: neither masked nor tested
    assert "l1 = l1 + 1\n" in source and " if l1 <" not in source, source
    assert "l2 = l2 + 128\n" in source and " if l2 <" not in source, source
    assert "D0[(l2 + l1) + 4096] = (l0 + l1) & 0xFF\n" in source, source
    source = gvm.engines.get_engine("python").source(inst.exports.strided.extern)
    assert "l1 = l1 + l2\n" in source and "(2000 - l1)" in source, source
    assert "0xFFFFFFFF" not in source.split("return")[0], source    # the loop's
    source = gvm.engines.get_engine("python").source(inst.exports.negative.extern)
    assert "D0[l1 - 4294966296] = " in source, source
    for x in (0, 1, 0xFFFFFFFD, 3, 150, 297, 298, 1000):
        assert inst.exports.from_negative(x) == ref.exports.from_negative(x), x
    assert bytes(inst.exports.mem.data[1000:3300]) == bytes(ref.exports.mem.data[1000:3300])
    assert inst.exports.negative_short(0) == ref.exports.negative_short(0)
    for x in (0, 1, 50, 0x80000000, 0xFFFFFFF7):
        assert inst.exports.from_negative_s(x) == ref.exports.from_negative_s(x), x
    assert inst.exports.from_negative_s2(0) == ref.exports.from_negative_s2(0)
    source = gvm.engines.get_engine("python").source(inst.exports.from_negative.extern)
    # l1 wraps only when it is -3: a one-digit threshold; l2 is bounded
    assert "D0[l1 + 1003 if l1 <= 299 else l1 - 4294966293] = " in source, source
    assert "D0[l2 + 3] = " in source and "l2 = l2 + 4\n" in source, source
    source = gvm.engines.get_engine("python").source(inst.exports.from_negative_s2.extern)
    assert "(l1 + 10 if l1 <= 49 else l1 - 4294967286)" in source, source
    # past one digit, a mask (`exec` pays per syntax-tree node)
    assert "(l1 + 5 if l1 <= 1073741823 else l1 + 5 & 0xFFFFFFFF)" in source, source


SIGNED = """(module
  (func (export "cmp32") (param i32 i32) (result i32)
    (i32.or (i32.or (i32.lt_s (local.get 0) (local.get 1))
                    (i32.shl (i32.gt_s (local.get 0) (local.get 1)) (i32.const 1)))
      (i32.or (i32.shl (i32.le_s (i32.const -5) (local.get 1)) (i32.const 2))
              (i32.shl (i32.ge_s (local.get 0) (local.get 1)) (i32.const 3)))))
  (func (export "cmp64") (param i64 i64) (result i32)
    (i32.or (i64.lt_s (local.get 0) (local.get 1))
            (i32.shl (i64.ge_s (i64.const 7) (local.get 1)) (i32.const 1)))))"""


def test_signed_comparisons_of_names_agree_with_reference():
    """A signed comparison of locals (or a local and a constant) compares their signed
    values, with no `^` of the sign bit, and agrees with the reference engine across
    the sign boundary."""
    inst = python(SIGNED)
    ref = gvm.instantiate(wat(SIGNED), engine="reference")
    edges32 = (0, 1, 5, 2**31 - 1, 2**31, 2**31 + 1, 2**32 - 5, 2**32 - 1)
    for a in edges32:
        for b in edges32:
            assert inst.exports.cmp32(a, b) == ref.exports.cmp32(a, b), (a, b)
    edges64 = (0, 7, 8, 2**63 - 1, 2**63, 2**64 - 1)
    for a in edges64:
        for b in edges64:
            assert inst.exports.cmp64(a, b) == ref.exports.cmp64(a, b), (a, b)
    code = inst.exports.cmp32.extern.compiled["python"].source
    assert "(l0 if l0 < 2147483648 else l0 - 4294967296) < " in code
    assert "(-5 <= (l1 if l1 < 2147483648 else l1 - 4294967296))" in code
    assert "^ 2147483648" not in code
