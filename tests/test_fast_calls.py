"""The fast engine's calls, against the reference engine. Direct calls (an arm of their
own in run) start the callee's declared locals at zero whatever the stack held, reach a
host callee on every call, and run out of call stack. call_indirect caches (engine.pyx:
pairs of entries per site, picked by the callee's address): a site calling more
functions than it has entries evicts and refills them, and still calls the right
function, and still traps on a type mismatch after the matching functions are cached."""
import pytest

import gvm
from gvm.engines import fast_available
from gvm.errors import Trap
from conftest import wat

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")

N = 48   # more functions than a site's entries (CACHE_WAYS)


def _module():
    funcs = "\n".join(f"(func $f{k} (type $t) (param i32) (result i32) "
                      f"local.get 0 i32.const {k * 7919 + 1} i32.mul i32.const {k} i32.xor)"
                      for k in range(N))
    names = " ".join(f"$f{k}" for k in range(N))
    return wat(f"""
    (module
      (type $t (func (param i32) (result i32)))
      (type $u (func (param i64) (result i64)))
      {funcs}
      (func $other (type $u) (param i64) (result i64) local.get 0)
      (table {N + 1} funcref)
      (elem (i32.const 0) func {names} $other)
      ;; calls rounds * N functions through one site, in an order that revisits each
      ;; function after others, and sums what they return
      (func (export "run") (param $rounds i32) (result i32)
        (local $i i32) (local $x i32) (local $sum i32)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (i32.mul (local.get $rounds) (i32.const {N}))))
            (local.set $x (i32.rem_u (i32.mul (local.get $i) (i32.const 29)) (i32.const {N})))
            (local.set $sum (i32.add (local.get $sum)
              (call_indirect (type $t) (local.get $i) (local.get $x))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $sum))
      (func (export "call") (param $k i32) (result i32)
        (call_indirect (type $t) (i32.const 3) (local.get $k))))
    """)


def test_a_site_calling_many_functions_calls_each_right():
    module = _module()
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    for rounds in (1, 3, 7):
        assert fast.exports.run(rounds) == reference.exports.run(rounds)


def test_a_mismatch_traps_after_the_site_cached_the_others():
    fast = gvm.instantiate(_module(), engine="fast")
    expected = gvm.instantiate(_module(), engine="reference")
    for k in range(N):
        assert fast.exports.call(k) == expected.exports.call(k)
    with pytest.raises(Trap, match="indirect call type mismatch"):
        fast.exports.call(N)
    for k in range(0, N, 5):     # the site still works after the trap
        assert fast.exports.call(k) == expected.exports.call(k)


# --- direct calls (their own arm of run: callee code from the cell's slot) ------------

def _direct_module(nlocals):
    """$f dirties the stack its callees' frames will occupy, then calls $g, whose
    `nlocals` declared locals must all read zero; $h calls a host function and
    recurses through direct calls."""
    decls = " ".join("i64" if k % 3 else "i32" for k in range(nlocals))
    as_i64 = [f"(local.get {k + 1})" if k % 3 else f"(i64.extend_i32_u (local.get {k + 1}))"
              for k in range(nlocals)]
    body = "\n".join(f"(local.set $acc (i64.or (local.get $acc) {x}))" for x in as_i64)
    return wat(f"""
    (module
      (import "host" "note" (func $note (param i32) (result i32)))
      (func $g (param $p i32) (result i64) (local {decls}) (local $acc i64)
        (local.set $acc (i64.extend_i32_u (local.get $p)))
        {body}
        ;; dirty the locals for the next call's frame at this height
        {" ".join(f"(local.set {k + 1} ({'i64' if k % 3 else 'i32'}.const -1))" for k in range(nlocals))}
        (local.get $acc))
      (func (export "f") (param $n i32) (result i64) (local $sum i64) (local $i i32)
        (block $done
          (loop $next
            (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $sum (i64.add (local.get $sum)
              (call $g (i32.add (local.get $i) (i32.const 1000)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $next)))
        (local.get $sum))
      (func $h (export "h") (param $n i32) (result i32)
        (if (result i32) (i32.eqz (local.get $n))
          (then (call $note (i32.const 7)))
          (else (i32.add (call $note (local.get $n)) (call $h (i32.sub (local.get $n) (i32.const 1))))))))
    """)


@pytest.mark.parametrize("nlocals", [1, 3, 4, 5, 13])
def test_direct_calls_start_every_declared_local_at_zero(nlocals):
    module = _direct_module(nlocals)
    notes = {"fast": [], "reference": []}
    instances = {engine: gvm.instantiate(module, engine=engine, imports={
        "host": {"note": lambda x, engine=engine: notes[engine].append(x) or x * 2}})
        for engine in notes}
    for n in (1, 2, 9):
        assert instances["fast"].exports.f(n) == instances["reference"].exports.f(n)
    assert instances["fast"].exports.f(9) == sum(range(1000, 1009))
    # host callees stay on the arm's slow path: every call reaches the host
    assert instances["fast"].exports.h(20) == instances["reference"].exports.h(20)
    assert notes["fast"] == notes["reference"] and len(notes["fast"]) == 21


def test_direct_recursion_runs_out_of_call_stack_on_both_engines():
    module = _direct_module(4)
    for engine in ("fast", "reference"):
        inst = gvm.instantiate(module, engine=engine, imports={"host": {"note": lambda x: x}})
        with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
            inst.exports.h(1_000_000)
        assert inst.exports.h(3) == 3 + 2 + 1 + 7     # usable after the exhaustion


def _wide_module(call):
    """$down recurses n deep, each frame holding 1,000 locals (its param and 999 declared)."""
    recurse = {"call": "call $down",
               "call_indirect": "i32.const 0 call_indirect (type $t)"}[call]
    return wat(f"""
    (module
      (type $t (func (param i32) (result i32)))
      (table 1 funcref)
      (elem (i32.const 0) func $down)
      (func $down (export "down") (type $t) (param $n i32) (result i32)
        (local {" ".join(["i64"] * 999)})
        (if (result i32) (i32.eqz (local.get $n))
          (then (i32.const 1))
          (else (i32.add (i32.const 1)
                  (local.get $n) (i32.const 1) i32.sub {recurse})))))
    """)


@pytest.mark.parametrize("call", ["call", "call_indirect"])
def test_the_locals_of_all_frames_are_bounded_exactly_on_both_engines(call):
    """MAX_LOCALS (4,000,000) is reached at 4,001 frames of 1,000 locals, far below the
    frame limit: a call from a frame is refused when the frames' locals exceed it. The
    fast engine tests that only past Machine.call_end; the result must not change."""
    module = _wide_module(call)
    for engine in ("fast", "reference"):
        inst = gvm.instantiate(module, engine=engine)
        assert inst.exports.down(4000) == 4001, engine
        with pytest.raises(gvm.Exhaustion, match="call stack exhausted"):
            inst.exports.down(4001)
        assert inst.exports.down(3) == 4     # usable after the exhaustion
