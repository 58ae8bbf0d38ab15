"""The python engine's bookkeeping of memory accesses (gvm/pyjit/align.py's access_runs
and set_locals, memory.py's facts of each load and store): access_runs follows only the
stretches of a body between two breaks that hold two accesses or more, and must find
exactly the runs that following the whole body finds; set_locals reads the sets of
locals from the string of the instructions' kinds; the facts worked out once per opcode
must be what the tables they come from say."""
from pathlib import Path

import pytest

import gvm
from gvm import opcodes as O
from gvm.pyjit import align as A
from gvm.pyjit import memory as MEM
from conftest import wat

ROOT = Path(__file__).resolve().parent.parent
MODULES = sorted((ROOT / "benchmarks" / "wasm").glob("*.wasm")) + \
    sorted((ROOT / "tests" / "programs").glob("*.wasm"))


def whole_body_runs(body):
    """access_runs as its definition reads, over every instruction of the body: a stack
    of the local each operand is based on, emptied at a break and at an instruction of
    no fixed arity; an operand from an empty stack is None."""
    arity = {op.id: (len(op.params), len(op.results)) for op in O.OPCODES
             if op.params is not None}
    arity.update({O.SELECT: (3, 1), O.SELECT_T: (3, 1), O.DROP: (1, 0),
                  O.GLOBAL_GET: (0, 1), O.GLOBAL_SET: (1, 0)})
    runs, counts = {}, {}
    start, sets, stack = 0, {}, []

    def pop():
        return stack.pop() if stack else None
    for pc, (op, imm, _offset) in enumerate(body):
        kind = A._ACCESS[op]
        if op in A.RUN_BREAKS:
            start, stack = pc, []
        elif op == O.LOCAL_GET:
            stack.append(imm)
        elif op in (O.LOCAL_SET, O.LOCAL_TEE):
            pop()
            sets[imm] = pc
            if op == O.LOCAL_TEE:
                stack.append(imm)
        elif op == O.I32_ADD:
            b, a = pop(), pop()
            stack.append(a if b is None else b if a is None else None)
        elif kind is not None:
            if kind is False:
                pop()                   # a store's value
            base = pop()
            if base is not None:
                key = (max(start, sets.get(base, -1)), base)
                runs[pc] = key
                counts[key] = counts.get(key, 0) + 1
            if kind:
                stack.append(None)
        elif op in arity:
            n, m = arity[op]
            for _ in range(n):
                pop()
            stack.extend([None] * m)
        else:
            stack = []
    return runs, counts


def _shared(runs, counts):
    """The accesses of runs of two or more: the only ones run_index names."""
    return {pc: key for pc, key in runs.items() if counts[key] > 1}, \
        {key: n for key, n in counts.items() if n > 1}


def _bodies(module):
    return [f.body.tuples() for f in module.ast.funcs]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_access_runs_of_the_stretches_are_those_of_the_whole_body(path):
    for body in _bodies(gvm.Module(path.read_bytes())):
        kinds = A.kinds(body)
        assert _shared(*A.access_runs(body, kinds)) == _shared(*whole_body_runs(body))
        assert A.set_locals(body, kinds) == {imm for op, imm, _offset in body
                                             if op in (O.LOCAL_SET, O.LOCAL_TEE)}


CASES = """(module
  (memory 1)
  (func $f (param i32) (result i32) (local.get 0))
  ;; a block at pc 0 (a break where the first stretch starts); two loads of l0, a set of
  ;; l0 between the next two (two runs), a call between two more (its operands forgotten:
  ;; the address pushed before it is no local's), a tee, a store's address below its value
  (func (export "g") (param i32 i32) (result i32)
    (block
      (drop (i32.load (local.get 0)))
      (drop (i32.load offset=4 (local.get 0))))
    (drop (i32.load (i32.add (local.get 0) (i32.const 8))))
    (local.set 0 (i32.load (local.get 0)))
    (drop (i32.load (local.get 0)))
    (drop (i32.load (local.get 0)))
    (i32.store (local.get 1) (call $f (local.get 1)))
    (drop (i32.add (local.get 1) (call $f (i32.load (local.get 1)))))
    (drop (i32.load (local.tee 1 (local.get 0))))
    (i32.store offset=4 (local.get 1) (i32.load offset=8 (local.get 1)))
    (i64.store (local.get 1) (i64.const 0))
    (i32.load16_u (i32.add (local.get 0) (local.get 1)))))"""


def test_access_runs_of_breaks_sets_calls_and_tees():
    body = _bodies(gvm.Module(wat(CASES)))[1]
    runs, counts = A.access_runs(body, A.kinds(body))
    assert _shared(runs, counts) == _shared(*whole_body_runs(body))
    shared = _shared(runs, counts)[1]
    # l0 in the block (2), after it up to its set (2: the set's own load is before the
    # set), after the set (2); l1 after its tee (the load, the store, its load, the i64
    # store: 4); the sum of two locals is no local's
    assert sorted(shared.values()) == [2, 2, 2, 4]


def test_access_runs_of_a_body_with_vector_instructions():
    """Opcode ids past 255 (vector instructions): the kinds of the instructions are made
    without bytes.translate."""
    load = "(i32.load (i32.add (local.get 0) (i32.const 8)))"
    assert load in CASES
    source = CASES.replace(load, f"(i32x4.extract_lane 0 (i32x4.splat {load}))")
    body = _bodies(gvm.Module(wat(source)))[1]
    with pytest.raises(ValueError):
        bytes(op for op, _imm, _offset in body)
    runs, counts = A.access_runs(body, A.kinds(body))
    assert _shared(runs, counts) == _shared(*whole_body_runs(body))
    assert sorted(_shared(runs, counts)[1].values()) == [2, 2, 2, 4]
    assert A.set_locals(body, A.kinds(body)) == {0, 1}


def test_facts_of_loads_and_stores_follow_their_tables():
    for name, (fmt, wrap) in MEM.LOADS.items():
        _name, f, size, shift, before, after, bound = MEM.LOAD_FACTS[name]
        assert (f, size, 1 << shift, bound) == (fmt, MEM.SIZES[fmt], size, MEM.BOUNDS.get(name))
        read = before + "x" + after
        assert read == ("(x %s)" % wrap if wrap.startswith("&") else
                        "%s(x)" % wrap if wrap else "x")
    for name, (fmt, wrap) in MEM.STORES.items():
        _name, f, size, shift, w, mask = MEM.STORE_FACTS[name]
        assert (f, size, 1 << shift, w) == (fmt, MEM.SIZES[fmt], size, wrap)
        assert mask == (int(wrap, 16) if wrap in MEM.NARROW else None)
