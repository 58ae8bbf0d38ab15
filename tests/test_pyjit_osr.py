"""On-stack replacement into the python engine's translated code (gvm/pyjit/osr.py,
runtime.Namespaces.osr_entry): a call run by the reference engine's machine, stopped at
a loop head, finished by the OSR entry, must give what a straight run gives: the same
results, memory and globals, the same trap and backtrace."""
from pathlib import Path
import types

import pytest

import gvm
from conftest import wat
from gvm import types as T
from gvm.errors import Trap, WasmException
from gvm.interp.engine import Engine
from gvm.interp.machine import Machine
from gvm.pyjit import osr, runtime
from gvm.pyjit.engine import Engine as PythonEngine
from gvm.runtime.stack import MAX_CALL_DEPTH
from gvm.validate.body import BodyValidator
from gvm.validate.locals import Locals

# The entries are those of the python engine translating at first calls
# (the tier, gvm/pyjit/tier.py, asks for them: test_pyjit_tier.py).
TRANSLATING = PythonEngine(hot=0)

ROOT = Path(__file__).resolve().parent.parent
# MicroPython's functions swept: up to this many instructions (all of them, every loop
# translated once per loop, take 80 s; docs/python-engine.md has the whole sweep's count)
SMALL = 1500
WASM = ROOT / "benchmarks" / "wasm"

NESTED = """(module (memory 1) (global $g (mut i32) (i32.const 0))
  (func $f (export "f") (param i32) (result i32) (local i32 i32)
    (i32.const 1000)
    (block (result i32)             ;; holds 7 across the loops
      (i32.const 7)
      (loop $outer
        (local.set 2 (i32.const 0))
        (loop $inner
          (local.set 1 (i32.add (local.get 1) (local.get 2)))
          (i32.store (i32.shl (local.get 2) (i32.const 2)) (local.get 1))
          (local.set 2 (i32.add (local.get 2) (i32.const 1)))
          (br_if $inner (i32.lt_u (local.get 2) (i32.const 5))))
        (global.set $g (i32.add (global.get $g) (local.get 1)))
        (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
        (br_if $outer (local.get 0)))
      (i32.add (local.get 1)))
    i32.add))"""

ARMS = """(module
  (func (export "f") (param i32 i32) (result i32) (local i32)
    (if (result i32) (local.get 0)
      (then
        (i32.const 5)
        (loop $l
          (local.set 2 (i32.add (local.get 2) (local.get 1)))
          (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
          (br_if $l (local.get 1)))
        (local.get 2) i32.add)
      (else
        (i32.const 9)
        (loop $m
          (local.set 2 (i32.xor (local.get 2) (i32.mul (local.get 1) (i32.const 3))))
          (local.set 1 (i32.sub (local.get 1) (i32.const 1)))
          (br_if $m (local.get 1)))
        (local.get 2) i32.sub))))"""

PARAMS = """(module
  (func (export "fib") (param i32) (result i32 i32) (local i32 i32)
    (i32.const 0) (i32.const 1)
    (loop $l (param i32 i32) (result i32 i32)
      (local.set 2) (local.set 1)
      (local.get 2) (i32.add (local.get 1) (local.get 2))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0))))
  (func (export "g") (param i32) (result i32) (local i32)
    (i32.const 0)
    (loop $outer (param i32) (result i32)   ;; its param is the sum: a branch carries it
      (local.set 1 (i32.const 0))
      (loop $inner
        (local.set 1 (i32.add (local.get 1) (i32.const 1)))
        (br_if $inner (i32.lt_u (local.get 1) (i32.const 4))))
      (i32.add (local.get 1))
      (i32.add (local.get 0))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $outer (local.get 0)))))"""

TABLE = """(module
  (func (export "f") (param i32) (result i32) (local i32)
    (block $b
      (block $c
        (block $d
          (loop $l
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br_table $l $l $d $l $c $l $b
              (i32.rem_u (i32.mul (local.get 1) (local.get 0)) (i32.const 9)))))
          (return (i32.add (local.get 1) (i32.const 1000))))
        (return (i32.add (local.get 1) (i32.const 2000))))
    (i32.add (local.get 1) (i32.const 3000)))
  (func (export "h") (param i32) (result i32) (local i32)
    (i32.const 50)
    (block $out (result i32)
      (i32.const 60)
      (block $mid
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 3)))
          (drop (br_if $out (local.get 1) (i32.gt_u (local.get 1) (local.get 0))))
          (br_if $mid (i32.eq (local.get 1) (i32.const 30)))
          (br $l)))
      (i32.const 7) (i32.add))
    (i32.add)))"""

TRAPS = """(module (memory 1)
  (func $f (export "div") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.div_u (i32.const 100) (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $l))
    (local.get 1))
  (func $g (export "load") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
      (local.set 0 (i32.add (local.get 0) (i32.const 4096)))
      (br $l))
    (local.get 1)))"""

EXCEPTIONS = """(module
  (tag $e (param i32))
  (func $thrower (param i32)
    (if (i32.eq (local.get 0) (i32.const 7)) (then (throw $e (local.get 0)))))
  (func (export "f") (param i32) (result i32) (local i32)
    (block $caught (result i32)
      (try_table (result i32) (catch $e $caught)
        (loop $l
          (local.set 1 (i32.add (local.get 1) (i32.const 1)))
          (call $thrower (local.get 1))
          (br_if $l (i32.lt_u (local.get 1) (local.get 0))))
        (i32.const 1000)))
    (i32.add (i32.const 100))))"""

TAIL = """(module
  (func $fin (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (func (export "f") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (local.get 0)))
      (if (i32.gt_u (local.get 1) (i32.const 1000)) (then (return_call $fin (local.get 1))))
      (br $l))
    unreachable)
  (func (export "u") (result i32)
    (return (i32.const 1))
    (loop $l (br $l))
    (i32.const 2)))"""


def _loops(func):
    return [pc for pc, i in enumerate(func.func.body.decode()) if i.op == osr.LOOP]


def _state(inst):
    return ([bytes(m.data) for m in inst.mems], [g.value for g in inst.globals])


def _to_loop(func, args, loop_pc, arrival):
    """(locals, stack) of `func`'s frame, run by the unfused reference machine, at its
    `arrival`-th arrival at the first instruction of the loop at `loop_pc`."""
    m = Machine(Engine(fused=False))
    m.stack.extend(args)
    m.enter(func)
    seen = 0
    while True:
        frame = m.frames[0]
        if m.frame is frame and frame.pc == loop_pc + 1:
            seen += 1
            if seen == arrival:
                return list(frame.locals), m.stack[frame.base:]
        try:
            if not m.step():
                raise AssertionError("the call ended before the arrival")
        except WasmException as exc:
            if not m.catch(exc):
                raise


def _straight(source, name, args):
    """(results or the Trap, memory and globals) of a straight run."""
    inst = gvm.instantiate(wat(source), engine=TRANSLATING)
    try:
        out = inst.exports[name].call_raw(args)
    except Trap as trap:
        out = trap
    return out, _state(inst)


def _through_osr(source, name, args, loop, arrival):
    inst = gvm.instantiate(wat(source), engine=TRANSLATING)
    func = inst.exports[name].extern
    loop_pc = _loops(func)[loop]
    locals_, stack = _to_loop(func, args, loop_pc, arrival)
    entry = TRANSLATING.namespaces.osr_entry(func, loop_pc)
    assert entry is not None
    try:
        r = entry(*locals_, *stack, MAX_CALL_DEPTH)
    except Trap as trap:
        trap.frames = runtime.backtrace(trap)
        return trap, _state(inst)
    n = len(func.type.results)
    return ([r] if n == 1 else list(r) if n else []), _state(inst)


def _check(source, name, args, loop, arrival):
    osr_out, osr_state = _through_osr(source, name, args, loop, arrival)
    out, state = _straight(source, name, args)
    if isinstance(out, Trap):
        assert isinstance(osr_out, Trap)
        assert (str(osr_out), osr_out.frames) == (str(out), out.frames)
    else:
        assert osr_out == out
    assert osr_state == state
    return out


@pytest.mark.parametrize("loop, arrival", [(0, 1), (0, 3), (0, 5), (1, 1), (1, 4), (1, 12), (1, 23)])
def test_nested_loops_with_a_value_held_across_them(loop, arrival):
    assert _check(NESTED, "f", [5], loop, arrival) == [1000 + 7 + 50]


@pytest.mark.parametrize("args, loop", [([1, 10], 0), ([0, 10], 1)])
def test_loops_in_either_arm_of_an_if(args, loop):
    _check(ARMS, "f", args, loop, 4)


def test_loop_params_and_results():
    assert _check(PARAMS, "fib", [10], 0, 3) == [55, 89]


@pytest.mark.parametrize("arrival", [1, 2, 6])
def test_inner_loop_of_a_loop_with_params_branched_to_from_the_rest(arrival):
    assert _check(PARAMS, "g", [3], 1, arrival) == [3 * 4 + 3 + 2 + 1]


@pytest.mark.parametrize("n", [1, 2, 4, 5])
def test_br_table_out_of_several_levels(n):
    _check(TABLE, "f", [n], 0, 1)


@pytest.mark.parametrize("n", [20, 100])
def test_branch_carrying_a_value_out_of_blocks_holding_others(n):
    _check(TABLE, "h", [n], 0, 3)


@pytest.mark.parametrize("name, args", [("div", [5]), ("load", [0])])
def test_a_trap_in_the_entry_names_the_original_function(name, args):
    trap = _check(TRAPS, name, args, 0, 2)
    assert isinstance(trap, Trap) and trap.frames[-1][0] == ('f' if name == 'div' else 'g')


def test_exception_caught_by_a_try_table_around_the_loop():
    assert _check(EXCEPTIONS, "f", [20], 0, 3) == [107]
    assert _check(EXCEPTIONS, "f", [5], 0, 2) == [1100]


def test_tail_call_inside_the_loop():
    assert _check(TAIL, "f", [30], 0, 5) == [2 * 1020]


def test_no_entry_where_none_can_be_made():
    inst = gvm.instantiate(wat(TAIL), engine=TRANSLATING)
    u = inst.exports.u.extern
    assert TRANSLATING.namespaces.osr_entry(u, _loops(u)[0]) is None     # unreachable code
    f = inst.exports.f.extern
    assert TRANSLATING.namespaces.osr_entry(f, _loops(f)[0] + 1) is None  # not a loop
    assert PythonEngine(fuel=100).namespaces.osr_entry(f, _loops(f)[0]) is None


def test_entries_are_translated_once_per_module_and_linked_per_instance():
    module = gvm.Module(wat(NESTED))
    insts = [gvm.instantiate(module, engine=TRANSLATING) for _ in range(2)]
    funcs = [inst.exports.f.extern for inst in insts]
    pc = _loops(funcs[0])[1]
    entries = [TRANSLATING.namespaces.osr_entry(f, pc) for f in funcs]
    assert entries[0] is not entries[1] and entries[0].__code__ is entries[1].__code__
    assert TRANSLATING.namespaces.osr_entry(funcs[0], pc) is entries[0]
    assert len(module.lowered.osr) == 1


class _SyntheticValidator(BodyValidator):
    """The validator, with osr.py's synthetic block types (param types, result types)."""

    def block_type(self, bt):
        return bt if type(bt) is tuple else super().block_type(bt)


def _sweep(inst, most=None):
    """Each loop's synthetic function validated, and its entry made: (loops, Nones).
    `most`: only the functions of at most that many instructions."""
    loops = nones = 0
    for func in inst.funcs:
        if not hasattr(func, "func") or (most is not None and len(func.func.body) > most):
            continue
        for pc in _loops(func):
            loops += 1
            synthetic = osr.synthetic(func, pc)
            if synthetic is not None:
                ftype = synthetic.type
                _SyntheticValidator(func.info.ctx.context(), ftype,
                                    Locals(ftype.params, ())).run(synthetic.body)
            entry = TRANSLATING.namespaces.osr_entry(func, pc)
            assert (entry is None) == (synthetic is None)
            nones += entry is None
    return loops, nones


@pytest.mark.parametrize("path", sorted(p for p in WASM.glob("*.wasm")
                                        if not p.name.startswith("hello")),
                         ids=lambda p: p.name)
def test_every_loop_of_the_benchmarks_can_be_entered(path):
    loops, nones = _sweep(gvm.instantiate(str(path), engine=TRANSLATING))
    assert loops and nones == 0


def test_every_loop_of_micropython_can_be_entered():
    guests = pytest.importorskip("benchmarks.guests")
    path = guests.guest_path(guests.MicroPython.FILE)
    if path is None:
        pytest.skip("pwasm is not installed")
    cls = guests.MicroPython
    # its imports, never called: the class's methods as functions giving functions
    fake = types.SimpleNamespace(**{
        n: (lambda *a: lambda *b: 0) if callable(getattr(cls, n)) else getattr(cls, n)
        for n in dir(cls) if not n.startswith("_")})
    inst = gvm.instantiate(str(path), imports=guests.by_module(cls.functions(fake)),
                           engine=TRANSLATING)
    loops, nones = _sweep(inst, SMALL)
    assert loops > 100 and nones == 0
