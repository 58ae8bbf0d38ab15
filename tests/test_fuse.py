"""The reference engine's superinstructions and structure skipping (gvm/interp/fuse.py):
each shape is matched where it should be, computes what the instructions one by one
compute (the engine with fuel lowers them one by one), and a trap inside a sequence is
reported at the instruction that trapped."""
import pytest

import gvm
from gvm.interp import control as C
from gvm.interp import fuse as F
from gvm.interp.lower import lower
from conftest import wat

# name -> the body of a function (param i32 i32) (result i32) with two i32 locals, 2 and
# 3, in which that superinstruction is matched
SHAPES = {
    "get_get_op": "local.get 0 local.get 1 i32.sub",
    "get_const_op": "local.get 0 i32.const 7 i32.mul",
    "get_get_op_set": "local.get 0 local.get 1 i32.xor local.set 2 local.get 2",
    "get_const_op_set": "local.get 0 i32.const 3 i32.shl local.set 2 local.get 2",
    "get_get_op_tee": "local.get 0 local.get 1 i32.add local.tee 2 local.get 2 i32.add",
    "get_const_op_tee": "local.get 0 i32.const 5 i32.sub local.tee 2 local.get 2 i32.mul",
    "get_get_op_br_if": "(block (result i32) i32.const 10 local.get 0 local.get 1 i32.lt_u "
                        "br_if 0 drop i32.const 20)",
    "get_const_op_br_if": "(block (result i32) i32.const 10 local.get 0 i32.const 4 i32.gt_s "
                          "br_if 0 drop i32.const 20)",
    "get_op": "i32.const 100 local.get 1 i32.sub",
    "const_op": "i32.const 100 i32.const 9 i32.rem_u",
    "get_op_set": "i32.const 100 local.get 0 i32.sub local.set 2 local.get 2",
    "const_op_set": "local.get 0 local.get 0 i32.mul i32.const 3 i32.and local.set 3 local.get 3",
    "get_op_br_if": "(block (result i32) i32.const 1 local.get 0 local.get 1 i32.add "
                    "local.get 1 i32.ne br_if 0 drop i32.const 2)",
    "const_op_br_if": "(block (result i32) i32.const 1 i32.const 6 i32.const 2 i32.rem_s "
                      "i32.const 0 i32.eq br_if 0 drop i32.const 2)",
    "op_set": "local.get 0 i32.popcnt local.get 1 i32.popcnt i32.add local.set 2 local.get 2",
    "get_set": "local.get 1 local.set 3 local.get 3",
    "const_set": "i32.const -5 local.set 3 local.get 3",
    "get_then": "local.get 0 i32.eqz",
    "const_then": "i32.const 8 i32.const 77 i32.store8 i32.const 8 i32.load8_u",
    "get_op_then": "i32.const 4 local.get 0 i32.and i32.load",
    "const_op_then": "local.get 0 i32.popcnt i32.const 4 i32.add i32.load offset=4",
    "then_set": "local.get 1 i32.popcnt local.set 2 local.get 2",
    "then_tee": "local.get 0 i32.popcnt i32.load local.tee 2 local.get 2 i32.add",
}


def _module(body):
    memory = "(memory 1)" if "load" in body or "store" in body else ""
    return gvm.Module(wat(f'(module {memory} (func (export "f") (param i32 i32) (result i32) '
                          f'(local i32 i32) {body}))'))


def _handlers(inst, export="f"):
    func = inst.exports[export].extern
    return [handler for handler, _ in lower(func)]


@pytest.mark.parametrize("name", SHAPES)
def test_shape_is_fused_and_computes_as_one_by_one(name):
    module = _module(SHAPES[name])
    fused = gvm.instantiate(module, engine="reference")
    one_by_one = gvm.instantiate(module, engine="reference", fuel=10 ** 9)
    assert getattr(F, name) in _handlers(fused)
    for args in ((0, 0), (1, 2), (2, 1), (7, 7), (0xFFFFFFFF, 3), (12, 0x80000000)):
        assert _outcome(fused, args) == _outcome(one_by_one, args), args


def _outcome(inst, args):
    try:
        return inst.exports["f"](*args)
    except gvm.Trap as trap:
        return trap.message, trap.frames


def test_every_fused_handler_has_a_shape():
    fused_handlers = {name for name, value in vars(F).items()
                      if callable(value) and getattr(value, "__module__", None) == F.__name__
                      and not name.startswith("_") and name not in ("fuse", "skip_structure")}
    assert fused_handlers == set(SHAPES)


TRAPS = """
(module
  (memory 1)
  (func (export "div") (param i32 i32) (result i32) (local i32)
    local.get 0
    local.get 1
    i32.div_s
    local.set 2
    (block (block nop))
    local.get 2)
  (func (export "load") (param i32) (result i32) (local i32)
    local.get 0
    i32.const 0
    i32.or
    i32.load
    local.set 1
    (block nop)
    local.get 1))
"""


@pytest.mark.parametrize("export, args, instruction", [
    ("div", (1, 0), "i32.div_s"),
    ("load", (65535,), "i32.load"),
])
def test_trap_inside_a_sequence_is_reported_where_it_happened(export, args, instruction):
    """i32.div_s ends a get_get_op_set, i32.load begins a then_set."""
    module = gvm.Module(wat(TRAPS))
    offsets = {}
    for fuel in (None, 10 ** 9):
        inst = gvm.instantiate(module, engine="reference", fuel=fuel)
        with pytest.raises(gvm.Trap) as trap:
            inst.exports[export](*args)
        offsets[fuel] = trap.value.frames[-1][1]
    assert offsets[None] == offsets[10 ** 9]
    body = inst.exports[export].extern.func.body
    assert [i.op for i in body if i.offset == offsets[None]] == [gvm.opcodes.BY_NAME[instruction].id]


SWITCH = """
(module
  (func (export "switch") (param i32) (result i32) (local i32)
    (loop $next
      (block $done
        (block $c
          (block $b
            (block $a
              (br_table $a $b $c $done (local.get 0)))
            (local.set 1 (i32.add (local.get 1) (i32.const 1)))
            (br $c))
          (local.set 1 (i32.add (local.get 1) (i32.const 10))))
        (local.set 1 (i32.add (local.get 1) (i32.const 100)))
        (if (i32.gt_u (local.get 0) (i32.const 1))
          (then (local.set 0 (i32.const 3)))
          (else (local.set 0 (i32.add (local.get 0) (i32.const 1)))))
        (br $next)))
    (local.get 1)))
"""


def test_structure_is_skipped_and_branches_still_land_right():
    module = gvm.Module(wat(SWITCH))
    fused = gvm.instantiate(module, engine="reference")
    code = lower(fused.exports["switch"].extern)
    dispatch = [handler for handler, _ in code].index(F.get_then)    # local.get 0; br_table
    assert code[0] == (C.jump, dispatch)       # the loop and its four blocks: one jump
    one_by_one = gvm.instantiate(module, engine="reference", fuel=10 ** 9)
    for start in range(5):
        assert fused.exports["switch"](start) == one_by_one.exports["switch"](start)
    assert fused.exports["switch"](0) == 1 + 100 + 10 + 100 + 100
