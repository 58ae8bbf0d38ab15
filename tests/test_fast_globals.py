"""i32 globals whose values the fast engine keeps in C cells while `run` executes
(engine.pyx, GCell): whatever stops or leaves the loop (a host function, a call into
another engine, a trap, an exhaustion, an exception, a signal handler) must find the
Global's `value` up to date, and what it sets must be what wasm reads next. Each test
runs on every engine: they must all agree."""
import signal

import pytest

import gvm
from gvm import types as T
from gvm.engines import ENGINES, fast_available
from gvm.runtime import Global
from conftest import wat

pytestmark = pytest.mark.parametrize("engine", [
    pytest.param(e, marks=pytest.mark.skipif(e == "fast" and not fast_available(),
                                             reason="the fast engine is not built"))
    for e in ENGINES])


def _shared(value=0):
    return Global(T.GlobalType(T.I32, True), value)


HOST = wat("""
(module
  (import "env" "peek" (func $peek (result i32)))
  (global $g (export "g") (mut i32) (i32.const 1))
  ;; sets g, lets the host read and set it, then reads it again
  (func (export "around_host") (param i32) (result i32)
    (global.set $g (local.get 0))
    (i32.add (i32.mul (call $peek) (i32.const 1000)) (global.get $g))))
""")


def test_a_host_function_sees_and_sets_the_global_mid_run(engine):
    seen = []
    box = {}

    def peek():
        g = box["inst"].exports.g
        seen.append(g.get())
        g.set(77)
        return 5

    box["inst"] = inst = gvm.instantiate(HOST, {"env": {"peek": peek}}, engine=engine)
    assert inst.exports.around_host(42) == 5077
    assert seen == [42] and inst.exports.g.value == 77
    assert inst.exports.around_host(-1) == 5077 and seen == [42, -1]


SHARED = wat("""
(module
  (global $g (import "env" "g") (mut i32))
  (import "env" "other_add" (func $other_add (param i32)))
  (func (export "add") (param i32)
    (global.set $g (i32.add (global.get $g) (local.get 0))))
  ;; sets g, has the other instance add to it, reads it
  (func (export "ping") (param i32) (result i32)
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (call $other_add (i32.const 100))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (global.get $g)))
""")


@pytest.mark.parametrize("other_engine", ENGINES)
@pytest.mark.parametrize("through_host", [False, True])
def test_instances_sharing_an_imported_global_call_each_other(engine, other_engine,
                                                              through_host):
    # b calls a's export: the fast engine runs a wasm callee itself, whatever a's engine,
    # so that call stays inside its loop; through a host function it leaves the loop and
    # a runs on its own engine. Either way both set the one Global.
    if "fast" in (engine, other_engine) and not fast_available():
        pytest.skip("the fast engine is not built")
    g = _shared(10)
    a = gvm.instantiate(SHARED, {"env": {"g": g, "other_add": lambda x: None}},
                        engine=other_engine)
    other_add = (lambda x: a.exports.add(x)) if through_host else a.exports.add
    b = gvm.instantiate(SHARED, {"env": {"g": g, "other_add": other_add}}, engine=engine)
    assert b.exports.ping(5) == 116 and g.value == 116
    a.exports.add(4)
    assert g.value == 120 and b.exports.ping(0) == 221 and g.get() == 221


STOPS = wat("""
(module
  (global $g (export "g") (mut i32) (i32.const 0))
  (tag $t (export "t") (param i32))
  (func (export "trap_after_set") (param i32)
    (global.set $g (local.get 0))
    (drop (i32.div_u (i32.const 1) (i32.const 0))))
  (func (export "throw_after_set") (param i32)
    (global.set $g (local.get 0))
    (throw $t (global.get $g)))
  ;; counts its frames in g until the call stack runs out
  (func $down (export "down")
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (call $down))
  (func (export "spin")
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (br $l))))
""")


def test_a_trap_after_a_global_set_leaves_the_value_set(engine):
    inst = gvm.instantiate(STOPS, engine=engine)
    with pytest.raises(gvm.Trap, match="integer divide by zero"):
        inst.exports.trap_after_set(123)
    assert inst.exports.g.value == 123


def test_an_exception_thrown_after_a_global_set_leaves_the_value_set(engine):
    inst = gvm.instantiate(STOPS, engine=engine)
    with pytest.raises(gvm.WasmException) as raised:
        inst.exports.throw_after_set(9)
    assert raised.value.values == [9]
    assert inst.exports.g.value == 9


def test_call_stack_exhaustion_leaves_the_frames_counted(engine):
    inst = gvm.instantiate(STOPS, engine=engine)
    with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
        inst.exports.down()
    frames = inst.exports.g.value
    assert frames > 100
    inst.exports.g.value = 0
    with pytest.raises(gvm.Exhaustion):
        inst.exports.down()
    assert inst.exports.g.value == frames


def _spin_count(engine, fuel):
    inst = gvm.instantiate(STOPS, engine=engine, fuel=fuel)
    with pytest.raises(gvm.Exhaustion, match="fuel exhausted"):
        inst.exports.spin()
    return inst.exports.g.value


def test_fuel_exhaustion_leaves_the_count_where_it_stopped(engine):
    # each round of `spin` costs the same fuel: the count it stopped at is the
    # reference engine's, and grows with the fuel
    counts = [_spin_count(engine, fuel) for fuel in (1000, 2000)]
    assert 0 < counts[0] < counts[1]
    assert counts == [_spin_count("reference", fuel) for fuel in (1000, 2000)]


def test_a_signal_handler_sees_the_count_the_loop_stops_at(engine):
    inst = gvm.instantiate(STOPS, engine=engine)
    seen = []

    class Stop(Exception):
        pass

    def handler(signum, frame):
        seen.append(inst.exports.g.value)
        raise Stop()

    previous = signal.signal(signal.SIGALRM, handler)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        with pytest.raises(Stop):
            inst.exports.spin()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert seen[0] > 0 and inst.exports.g.value == seen[0]


CALLS = wat("""
(module
  (import "env" "peek" (func $peek (result i32)))
  (type $t (func (result i32)))
  (table 1 funcref)
  (elem (i32.const 0) $peek)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "indirect") (param i32) (result i32)
    (global.set $g (local.get 0))
    (call_indirect (type $t) (i32.const 0)))
  (func (export "ref") (param i32) (result i32)
    (global.set $g (local.get 0))
    (call_ref $t (ref.func $peek)))
  (func (export "tail") (param i32) (result i32)
    (global.set $g (local.get 0))
    (return_call $peek))
  (func (export "tail_indirect") (param i32) (result i32)
    (global.set $g (local.get 0))
    (return_call_indirect (type $t) (i32.const 0)))
  (elem declare func $peek))
""")


@pytest.mark.parametrize("export", ["indirect", "ref", "tail", "tail_indirect"])
def test_every_kind_of_call_to_a_host_function_sees_the_global(engine, export):
    box = {}

    def peek():
        return box["inst"].exports.g.get() + 1

    box["inst"] = inst = gvm.instantiate(CALLS, {"env": {"peek": peek}}, engine=engine)
    assert getattr(inst.exports, export)(41) == 42
