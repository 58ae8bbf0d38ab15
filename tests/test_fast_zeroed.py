"""Which declared locals a call of the fast engine zeroes (engine.pyx's zeroed_locals):
those up to the last one some local.get may read before it is set on every path there,
counted through blocks, loops, if/else, br, br_if, br_table, return and try_table's catch
clauses. Each case is also run after a call that leaves -1 in the slots the function's
locals take, on both engines: a local wrongly left unzeroed reads -1 there."""
import pytest

import gvm
from gvm.engines import fast_available
from conftest import wat

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")

# (name, locals declared after the i32 param $p, body ending with an i32 on the stack,
#  how many declared locals the call must zero)
CASES = [
    ("set_first", "(local i32 i32)",
     "(local.set 1 (local.get $p)) (local.set 2 (i32.const 5)) "
     "(i32.add (local.get 1) (local.get 2))", 0),
    ("read_unset", "(local i32 i32 i32)", "(local.set 1 (i32.const 1)) (local.get 2)", 2),
    ("tee_sets", "(local i32)", "(drop (local.tee 1 (i32.const 3))) (local.get 1)", 0),
    ("if_without_else", "(local i32)",
     "(if (local.get $p) (then (local.set 1 (i32.const 9)))) (local.get 1)", 1),
    ("if_both_arms", "(local i32)",
     "(if (local.get $p) (then (local.set 1 (i32.const 9))) (else (local.set 1 (i32.const 4)))) "
     "(local.get 1)", 0),
    ("else_only", "(local i32)",
     "(if (local.get $p) (then (nop)) (else (local.set 1 (i32.const 4)))) (local.get 1)", 1),
    ("br_if_before_set", "(local i32)",
     "(block $b (br_if $b (local.get $p)) (local.set 1 (i32.const 2))) (local.get 1)", 1),
    ("br_before_set_unreachable_after", "(local i32)",
     "(block $b (local.set 1 (i32.const 2)) (br $b) (local.set 1 (local.get 1))) (local.get 1)", 0),
    ("br_table_one_target_unset", "(local i32)",
     "(block $a (block $b (local.set 1 (i32.const 6)) (br_table $a $b (local.get $p))) "
     "(local.set 1 (i32.const 8))) (local.get 1)", 0),
    ("br_table_skips_set", "(local i32)",
     "(block $a (block $b (br_table $a $b (local.get $p))) (local.set 1 (i32.const 8))) "
     "(local.get 1)", 1),
    ("loop_reads_before_set", "(local i32 i32)",
     "(local.set 2 (i32.const 3)) "
     "(loop $l (local.set 2 (i32.sub (local.get 2) (i32.const 1))) "
     "(local.set 1 (i32.add (local.get 1) (local.get 2))) (br_if $l (local.get 2))) "
     "(local.get 1)", 1),
    ("return_before_read", "(local i32)",
     "(if (local.get $p) (then (return (i32.const 1)))) (local.set 1 (i32.const 2)) "
     "(local.get 1)", 0),
    ("only_the_last_read_unset_counts", "(local i32 i32 i32 i32)",
     "(local.set 1 (i32.const 1)) (local.set 3 (i32.const 1)) (local.set 4 (i32.const 1)) "
     "(i32.add (local.get 2) (local.get 4))", 2),
    ("catch_lands_with_what_was_set_before_the_try", "(local i32)",
     "(block $h (try_table (catch_all $h) (call $maybe_throw (local.get $p)) "
     "(local.set 1 (i32.const 3)))) (local.get 1)", 1),
    ("v128_always", "(local v128 i32)",
     "(local.set 2 (i32.const 1)) (i32.add (local.get 2) (i32x4.extract_lane 0 (local.get 1)))", 1),
]


def _module():
    text = "\n".join(f'(func ${name} (export "{name}") (param $p i32) (result i32) {decl} {body})'
                     for name, decl, body, _n in CASES)
    return wat(f"""
    (module
      (tag $e)
      (func $maybe_throw (param i32) (if (local.get 0) (then (throw $e))))
      {text}
      (func $dirty (param i64 i64 i64 i64 i64 i64) (result i32) (i32.const 0))
      (type $case (func (param i32) (result i32)))
      (table funcref (elem {" ".join(f'${name}' for name, *_ in CASES)}))
      (func (export "dirty_then") (param $k i32) (param $p i32) (result i32)
        (drop (call $dirty (i64.const -1) (i64.const -1) (i64.const -1) (i64.const -1)
                           (i64.const -1) (i64.const -1)))
        (call_indirect (type $case) (local.get $p) (local.get $k))))
    """)


MODULE = None


def _instances():
    global MODULE
    if MODULE is None:
        MODULE = _module()
    return (gvm.instantiate(MODULE, engine="fast"), gvm.instantiate(MODULE, engine="reference"))


@pytest.mark.parametrize("k", range(len(CASES)), ids=[c[0] for c in CASES])
def test_a_call_zeroes_the_locals_read_unset_and_results_agree(k):
    fast, reference = _instances()
    name, _decl, _body, nzero = CASES[k]
    func = fast.funcs[1 + k]       # after $maybe_throw
    assert fast.engine.lower(func).lowered.nzero == nzero, name
    for p in (0, 1, 2):
        expected = reference.exports.dirty_then(k, p)
        assert fast.exports.dirty_then(k, p) == expected, (name, p)
        assert getattr(fast.exports, name)(p) == getattr(reference.exports, name)(p)
