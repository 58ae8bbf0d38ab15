"""The fast engine's sequence cells (gvm/_fast/gen_seqs.py): one dispatch for a run of
cells, whose arm is the cells' own arms one after the other. Checked here: the
generated code is current, the generator refuses arms that cannot be composed, a trap
in a sequence's second cell is the one the reference engine raises, and a branch into
the middle of a sequence runs the rest of it as it would without the sequence."""
import pytest

import gvm
from gvm.engines import fast_available
from conftest import wat

pytestmark = pytest.mark.skipif(not fast_available(), reason="the fast engine is not built")


def _seqs():
    import gvm._fast.engine as engine
    return engine.SEQS


def test_generated_sequences_are_current():
    from gvm._fast import gen_seqs
    text = gen_seqs.ENGINE.read_text()
    assert gen_seqs.render(text) == text, \
        "run()'s sequence arms are stale: run python -m gvm._fast.gen_seqs and rebuild"


def test_generator_refuses_arms_that_cannot_be_composed():
    from gvm._fast import gen_seqs
    with pytest.raises(SystemExit, match="reads its opcode"):
        gen_seqs._check("X", ["op = gvm_opcode(ip)", "ip += 2"], False)
    with pytest.raises(SystemExit, match="ip \\+= k"):           # a branch: not first
        gen_seqs._check("X", ["ip = code.ops + ip[1]"], False)
    with pytest.raises(SystemExit, match="ip \\+= k"):
        gen_seqs._check("X", ["if sp[-1]:", "    ip += 3", "ip += 2"], False)
    assert gen_seqs._check("X", ["ip = code.ops + ip[1]"], True) is None   # last: may branch
    assert gen_seqs._check("X", ["sp -= 1", "ip += 2"], False) == 2


def _lowered(instance, index):
    return instance.engine.lower(instance.funcs[index]).cells


def test_a_trap_in_the_second_cell_is_the_reference_engines():
    # local.get 0; local.get 1 (X_LOCAL_GET2), then i32.load from the second local
    module = wat("""(module (memory (export "memory") 1)
      (func (export "f") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.load i32.add))""")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    assert set(_lowered(fast, 0)) & set(_seqs().values()), "no sequence cell lowered"
    fast.exports.memory.write(8, (7).to_bytes(4, "little"))
    assert fast.exports.f(5, 8) == 12
    for engine in (fast, reference):
        with pytest.raises(gvm.Trap, match="out of bounds memory access"):
            engine.exports.f(5, 65534)


def test_a_branch_into_a_sequence_runs_its_rest():
    # The step of n (X_LOCAL_ADD_C) and the jump back (X_JUMP) make a sequence; the
    # block's end, where the br_if lands, is the jump's cell: odd i skip the step.
    module = wat("""(module
      (func (export "f") (param i32) (result i32) (local i32 i32)
        (block $done
          (loop $l
            (br_if $done (i32.ge_u (local.get 1) (local.get 0)))
            local.get 1 i32.const 1 i32.add local.set 1
            (block $b
              (br_if $b (i32.and (local.get 1) (i32.const 1)))
              local.get 2 i32.const 3 i32.add local.set 2)
            br $l))
        local.get 2))""")
    fast = gvm.instantiate(module, engine="fast")
    reference = gvm.instantiate(module, engine="reference")
    assert set(_lowered(fast, 0)) & set(_seqs().values()), "no sequence cell lowered"
    for n in (0, 1, 2, 7, 100):
        assert fast.exports.f(n) == reference.exports.f(n) == 3 * (n // 2)


def test_sequences_are_not_lowered_in_fueled_code():
    module = wat("""(module (memory 1)
      (func (export "f") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.load i32.add))""")
    fast = gvm.instantiate(module, engine="fast", fuel=1000)
    assert not set(_lowered(fast, 0)) & set(_seqs().values())
    assert fast.exports.f(1, 0) == 1
