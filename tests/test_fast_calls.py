"""The fast engine's call_indirect caches (engine.pyx: pairs of entries per site, picked
by the callee's address): a site calling more functions than it has entries evicts and
refills them, and still calls the right function, and still traps on a type mismatch
after the matching functions are cached, exactly as the reference engine does."""
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
