"""Lowering for the reference engine: each instruction of a validated body becomes a
`(handler, arg)` pair, where `arg` is the immediate with everything resolved that can
be resolved once for the module: side-table Labels for branches, type keys, runtime
types, cast predicates. Functions, globals, memories, tables and tags stay indices, which
handlers look up in the current frame's instance (`m.inst`, the spec's F.module), so the
code is lowered once per module and shared by its instances (gvm/runtime/lowered.py).
The list keeps one entry per instruction, so a pc means the same instruction in the
body, the side table and the lowered code.

The dispatch table derives from gvm.opcodes: numeric instructions come from
numeric.NUMERIC by signature, vector ones from simd.SIMD (by signature and immediate)
and simd_memory, the rest are listed here by spec name.
"""
from .. import opcodes as O
from ..errors import WasmError
from . import control as C
from . import gc as GC
from . import memory as M
from . import tables as TB
from . import variables as VAR
from .fuse import fuse
from .numeric import NUMERIC
from . import simd_memory as SM
from .simd import SIMD


# make_arg(instr, side, module): an instruction's arg from its immediate, its side-table
# entry and its gvm.Module.
def _imm(instr, side, module):
    return instr.imm


def _side(instr, side, module):
    return side


def _call(instr, module):
    """`call` specialised by its callee: a defined function is wasm code; an imported one
    may be a host function."""
    if instr.imm >= module.lowered.imported_funcs:
        return C.call_wasm, instr.imm
    return C.call_import, instr.imm


def _memarg(instr, side, module):
    _align, offset, memidx = instr.imm
    return memidx, offset


def _memarg_lane(instr, side, module):
    _align, offset, memidx, lane = instr.imm
    return memidx, offset, lane


def _tag(instr, side, module):
    return instr.imm, len(module.lowered.spaces.tags[instr.imm].params)


def _call_indirect(instr, side, module):
    typeidx, tableidx = instr.imm
    return tableidx, module.type_keys[typeidx]


def _reversed(instr, side, module):
    """memory.init and table.init: (memory or table, segment)."""
    segment, target = instr.imm
    return target, segment


def _unop(fn):
    def unop(m, arg):
        stack = m.stack
        stack[-1] = fn(stack[-1])
    return unop


def _binop(fn):
    def binop(m, arg):
        stack = m.stack
        b = stack.pop()
        stack[-1] = fn(stack[-1], b)
    return binop


def _ternop(fn):
    def ternop(m, arg):
        stack = m.stack
        c = stack.pop()
        b = stack.pop()
        stack[-1] = fn(stack[-1], b, c)
    return ternop


def _with_immediate(fn, arity):
    """A vector instruction with a lane or shuffle immediate, the last argument of `fn`."""
    def op(m, imm):
        stack = m.stack
        args = stack[len(stack) - arity:]
        del stack[len(stack) - arity:]
        stack.append(fn(*args, imm))
    return op


def _vector(op_id, fn):
    op = O.OPCODES[op_id]
    arity = len(op.params)
    if op.imm != O.NONE:
        return _with_immediate(fn, arity), _imm
    return (_unop, _binop, _ternop)[arity - 1](fn), _imm


def _unsupported(m, name):
    raise WasmError(f"{name} is not supported by the reference engine yet")


def _name(instr, side, module):
    return O.OPCODES[instr.op].name


_BY_NAME = {
    "unreachable": (C.unreachable, _imm), "nop": (C.nop, _imm),
    "block": (C.nop, _imm), "loop": (C.nop, _imm), "end": (C.nop, _imm),
    "if": (C.if_, _side), "else": (C.jump, _side),
    "br": (C.branch, _side), "br_if": (C.br_if, _side), "br_table": (C.br_table, _side),
    "return": (C.return_, _imm),
    "call_indirect": (C.call_indirect, _call_indirect),
    "return_call": (C.return_call, _imm),
    "return_call_indirect": (C.return_call_indirect, _call_indirect),
    "call_ref": (C.call_ref, _imm), "return_call_ref": (C.return_call_ref, _imm),
    "br_on_null": (C.br_on_null, _side), "br_on_non_null": (C.br_on_non_null, _side),
    "try_table": (C.nop, _imm), "throw": (C.throw, _tag), "throw_ref": (C.throw_ref, _imm),
    "drop": (C.drop, _imm), "select": (C.select, _imm), "select_t": (C.select, _imm),
    "local.get": (VAR.local_get, _imm), "local.set": (VAR.local_set, _imm),
    "local.tee": (VAR.local_tee, _imm),
    "global.get": (VAR.global_get, _imm), "global.set": (VAR.global_set, _imm),
    "i32.const": (VAR.const, _imm), "i64.const": (VAR.const, _imm),
    "f32.const": (VAR.const, _imm), "f64.const": (VAR.const, _imm),
    "v128.const": (VAR.const, _imm),
    "memory.size": (M.memory_size, _imm), "memory.grow": (M.memory_grow, _imm),
    "memory.fill": (M.memory_fill, _imm), "memory.copy": (M.memory_copy, _imm),
    "memory.init": (M.memory_init, _reversed), "data.drop": (M.data_drop, _imm),
    "table.get": (TB.table_get, _imm), "table.set": (TB.table_set, _imm),
    "table.size": (TB.table_size, _imm), "table.grow": (TB.table_grow, _imm),
    "table.fill": (TB.table_fill, _imm), "table.copy": (TB.table_copy, _imm),
    "table.init": (TB.table_init, _reversed), "elem.drop": (TB.elem_drop, _imm),
    "ref.null": (TB.ref_null, _imm), "ref.is_null": (TB.ref_is_null, _imm),
    "ref.func": (TB.ref_func, _imm), "ref.as_non_null": (TB.ref_as_non_null, _imm),
}


def _dispatch_table():
    table = [(_unsupported, _name)] * len(O.OPCODES)
    for name, entry in (_BY_NAME | GC.LOWERINGS).items():
        table[O.BY_NAME[name].id] = entry
    for name, handler in (M.LOADS | M.STORES | SM.LOADS | SM.STORES).items():
        table[O.BY_NAME[name].id] = (handler, _memarg)
    for name, handler in SM.LANE_ACCESSES.items():
        table[O.BY_NAME[name].id] = (handler, _memarg_lane)
    for op_id, fn in SIMD.items():
        table[op_id] = _vector(op_id, fn)
    for op_id, fn in NUMERIC.items():
        arity = len(O.OPCODES[op_id].params)
        table[op_id] = ((_unop if arity == 1 else _binop)(fn), _imm)
    return table


DISPATCH = _dispatch_table()


def lower(func, fused=True):
    """The reference engine's code for WasmFunction `func`, good for every instance of
    its module: one (handler, arg) per instruction, with superinstructions (fuse.py)
    unless `fused` is False."""
    module = func.instance.module
    side = func.info.side
    body = func.func.body.decode()
    code = []
    for pc, instr in enumerate(body):
        if instr.op == O.CALL:
            code.append(_call(instr, module))
            continue
        handler, make_arg = DISPATCH[instr.op]
        code.append((handler, make_arg(instr, side.get(pc), module)))
    code[-1] = (C.function_end, None)
    return fuse(body, code) if fused else code
