"""The embedding API and both engines on small programs: results, traps with the spec's
messages, call-stack exhaustion, host functions, memories, tables and globals."""
import pytest

import gvm
from conftest import wat

FIB = """
(module
  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2)))))))
  (func (export "loop_sum") (param $n i64) (result i64) (local $acc i64)
    (block $done
      (loop $again
        (br_if $done (i64.eqz (local.get $n)))
        (local.set $acc (i64.add (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $again)))
    (local.get $acc))
  (func (export "swap") (param i32 f64) (result f64 i32) (local.get 1) (local.get 0))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func $runaway (export "runaway") (call $runaway))
  (func (export "pick") (param i32) (result i32)
    (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 (local.get 0)))
      (return (i32.const 100)))
      (return (i32.const 101)))
    (i32.const 102))
)
"""


@pytest.fixture
def fib(engine):
    return gvm.instantiate(wat(FIB), engine=engine)


def test_recursion_and_loops(fib):
    assert fib.exports.fib(20) == 6765
    assert fib.exports.loop_sum(1000) == 500500


def test_multi_value_and_signed_results(fib):
    assert fib.exports.swap(-7, 2.5) == (2.5, -7)
    assert fib.exports.div(-7, 2) == -3


def test_br_table_picks_label_and_default(fib):
    assert [fib.exports.pick(i) for i in (0, 1, 2, 3, 1000)] == [100, 101, 102, 102, 102]


def test_trap_carries_spec_message_and_backtrace(fib):
    with pytest.raises(gvm.Trap) as info:
        fib.exports.div(1, 0)
    assert info.value.message == "integer divide by zero"
    assert info.value.frames and info.value.frames[-1][1] is not None


def test_runaway_recursion_is_exhaustion_not_a_python_error(fib):
    with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
        fib.exports.runaway()


def test_wrong_arguments_are_type_errors(fib):
    with pytest.raises(TypeError):
        fib.exports.fib()
    with pytest.raises(TypeError):
        fib.exports.fib("3")


def test_host_functions_memory_and_globals(engine):
    module = wat("""
    (module
      (import "env" "log" (func $log (param i32 i32)))
      (import "env" "scale" (func $scale (param f64) (result f64)))
      (memory (export "memory") 1 2)
      (global $count (export "count") (mut i32) (i32.const 0))
      (data (i32.const 16) "hello")
      (func (export "run") (result f64)
        (call $log (i32.const 16) (i32.const 5))
        (global.set $count (i32.add (global.get $count) (i32.const 1)))
        (call $scale (f64.const 1.5)))
      (func (export "grow") (result i32) (memory.grow (i32.const 1)))
      (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
    """)
    seen = []
    inst = None

    def log(ptr, length):
        seen.append(inst.exports.memory.read(ptr, length))

    inst = gvm.instantiate(module, {"env": {"log": log, "scale": lambda x: x * 2}}, engine=engine)
    assert inst.exports.run() == 3.0
    assert seen == [b"hello"]
    assert inst.exports.count.get() == 1
    inst.exports.memory.write(100, b"\x7f")
    assert inst.exports.peek(100) == 127
    assert inst.exports.grow() == 1
    assert inst.exports.grow() == -1          # the maximum is 2 pages
    with pytest.raises(gvm.Trap, match="out of bounds memory access"):
        inst.exports.peek(2 * 65536)


def test_call_indirect_traps(engine):
    inst = gvm.instantiate(wat("""
    (module
      (type $v_i (func (result i32)))
      (table 3 funcref)
      (elem (i32.const 0) $one $two)
      (func $one (result i32) (i32.const 1))
      (func $two (param i32) (result i32) (local.get 0))
      (func (export "call") (param i32) (result i32) (call_indirect (type $v_i) (local.get 0))))
    """), engine=engine)
    assert inst.exports.call(0) == 1
    for index, message in ((1, "indirect call type mismatch"), (2, "uninitialized element"),
                           (3, "undefined element")):
        with pytest.raises(gvm.Trap, match=message):
            inst.exports.call(index)


def test_element_expressions_fill_the_table():
    """Elements of one `ref.func` (evaluated without the general loop: gvm/link.py) and
    of longer expressions end up as the same functions; unnamed functions are named by
    index."""
    inst = gvm.instantiate(wat("""
    (module
      (global $g funcref (ref.func $two))
      (table (export "t") 6 funcref)
      (elem (i32.const 0) $one $two)
      (elem (i32.const 2) funcref (ref.func $one) (ref.null func) (global.get $g)
                                  (ref.func 2))
      (func $one (result i32) (i32.const 1))
      (func $two (result i32) (i32.const 2))
      (func (result i32) (i32.const 3)))
    """))
    elements = inst.exports.t.elements
    assert elements[0] is elements[2] is inst.funcs[0]
    assert elements[1] is elements[4] is inst.funcs[1]
    assert elements[3] is None and elements[5] is inst.funcs[2]
    assert [f.name for f in inst.funcs] == ["one", "two", "func[2]"]


def test_errors_form_one_hierarchy():
    with pytest.raises(gvm.DecodeError):
        gvm.Module(b"\0asm\2\0\0\0")
    with pytest.raises(gvm.ValidationError, match="type mismatch"):
        gvm.Module(wat('(module (func (result i32) (i64.const 0)))'))
    with pytest.raises(gvm.LinkError, match="unknown import"):
        gvm.instantiate(wat('(module (import "m" "f" (func)))'))
    for cls in (gvm.DecodeError, gvm.ValidationError, gvm.LinkError, gvm.Trap, gvm.Exhaustion,
                gvm.WasmException):
        assert issubclass(cls, gvm.WasmError)


def test_start_function_trap_makes_module_uninstantiable(engine):
    with pytest.raises(gvm.Trap, match="unreachable"):
        gvm.instantiate(wat("(module (func $s unreachable) (start $s))"), engine=engine)


def test_four_billion_locals_validate_but_cannot_run(engine):
    """Regression: a body declaring 2**32 - 16 locals once made validation allocate them."""
    module = bytes.fromhex(
        "0061736d01000000"
        "0104016000000302010007080104727573680000"          # type, func, export "rush"
        "0a0a010801f0ffffff0f7f0b")                         # (local i32 x 0xFFFFFFF0)
    inst = gvm.instantiate(gvm.Module(module), engine=engine)
    with pytest.raises(gvm.Exhaustion):
        inst.exports.rush()


EXCEPTIONS = """
(module
  (tag $oops (param i32))
  (func $thrower (param i32) (throw $oops (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $caught (result i32)
      (try_table (catch $oops $caught)
        (call $thrower (local.get 0)))
      (i32.const -1)))
  (func (export "uncaught") (call $thrower (i32.const 7)))
  (func (export "trap_is_not_caught") (result i32)
    (block $caught
      (try_table (catch_all $caught) unreachable))
    (i32.const -1)))
"""


def test_exceptions_unwind_frames_to_their_handler(engine):
    inst = gvm.instantiate(wat(EXCEPTIONS), engine=engine)
    assert inst.exports.catch(42) == 42
    with pytest.raises(gvm.WasmException) as info:
        inst.exports.uncaught()
    assert info.value.values == [7]
    with pytest.raises(gvm.Trap, match="unreachable"):
        inst.exports.trap_is_not_caught()


def test_memory64_addresses_are_i64(engine):
    inst = gvm.instantiate(wat("""
    (module
      (memory i64 1)
      (func (export "store_load") (param i64 i32) (result i32)
        (i32.store (local.get 0) (local.get 1))
        (i32.load (local.get 0)))
      (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0))))
    """), engine=engine)
    assert inst.exports.store_load(65532, 99) == 99
    with pytest.raises(gvm.Trap, match="out of bounds memory access"):
        inst.exports.store_load(2**40, 1)
    assert inst.exports.grow(1) == 1
    assert inst.exports.grow(2**40) == -1
