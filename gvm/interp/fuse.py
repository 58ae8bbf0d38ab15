"""Superinstructions for the reference engine: common straight-line sequences of a
body, lowered to one handler that does the work of several.

In a Python interpreter the dispatch of an instruction (fetch, unpack, call) costs
as much as its work, and a `local.get` or `i32.const` is almost nothing but dispatch.
Compilers emit such operand loads right before the instruction that consumes them, so
fusing `local.get a; local.get b; i32.add` into one handler that reads both locals
removes two dispatches and four stack operations.

Structure should cost nothing either: `block`, `loop`, `end` and `nop` do no work at run
time (the side table already says where branches go), yet a C `switch` compiled to wasm
enters one `block` per case before every dispatch through its `br_table`. Branches are
retargeted past such runs, falling into a run jumps over it in one dispatch, and a
sequence that cannot trap goes on past the structure after it.

Fusion keeps the lowered code one entry per instruction, so a pc still means the same
instruction everywhere: only the entry of a sequence's first instruction changes, and
its handler jumps past the sequence. The entries it covers are never reached, since a
fused sequence never contains a branch target: targets follow a `block`, `loop`, `if`,
`else` or `end`, which are never inside a sequence. (The debugger, which steps one
instruction at a time, and fuel, which counts them, use code without fusion.)
"""
from .. import opcodes as O
from ..validate import Label
from . import control as C
from . import memory as M
from .numeric import NUMERIC

_CONSTS = {O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST}
_CONST = O.I32_CONST        # the kind of every constant in a pattern
_BINARY = {op for op in NUMERIC if len(O.OPCODES[op].params) == 2}


# --- fused handlers -----------------------------------------------------------------------
# Each first moves the frame's pc past its sequence, so that a trap is reported at the
# sequence's last instruction, a call returns after it, and a branch can overwrite it.
# Names spell the sequence: `get` local.get, `const` t.const, `op` a binary numeric
# instruction, `set` local.set, `tee` local.tee, `br_if`, and `then` any one instruction.
# An `op` with fewer than two operands named takes its first one from the stack.
def get_get_op(m, arg):
    a, b, fn, after = arg
    locals_ = m.locals
    m.frame.pc = after
    m.stack.append(fn(locals_[a], locals_[b]))


def get_const_op(m, arg):
    a, c, fn, after = arg
    m.frame.pc = after
    m.stack.append(fn(m.locals[a], c))


def get_get_op_set(m, arg):
    a, b, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = fn(locals_[a], locals_[b])


def get_const_op_set(m, arg):
    a, c, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = fn(locals_[a], c)


def get_get_op_tee(m, arg):
    a, b, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = value = fn(locals_[a], locals_[b])
    m.stack.append(value)


def get_const_op_tee(m, arg):
    a, c, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = value = fn(locals_[a], c)
    m.stack.append(value)


def get_get_op_br_if(m, arg):
    a, b, fn, label, after = arg
    locals_ = m.locals
    m.frame.pc = after
    if fn(locals_[a], locals_[b]):
        C.branch(m, label)


def get_const_op_br_if(m, arg):
    a, c, fn, label, after = arg
    m.frame.pc = after
    if fn(m.locals[a], c):
        C.branch(m, label)


def get_op(m, arg):
    a, fn, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], m.locals[a])


def const_op(m, arg):
    c, fn, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], c)


def get_op_set(m, arg):
    a, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = fn(m.stack.pop(), locals_[a])


def const_op_set(m, arg):
    c, fn, d, after = arg
    m.frame.pc = after
    m.locals[d] = fn(m.stack.pop(), c)


def get_op_br_if(m, arg):
    a, fn, label, after = arg
    m.frame.pc = after
    if fn(m.stack.pop(), m.locals[a]):
        C.branch(m, label)


def const_op_br_if(m, arg):
    c, fn, label, after = arg
    m.frame.pc = after
    if fn(m.stack.pop(), c):
        C.branch(m, label)


def op_set(m, arg):
    fn, d, after = arg
    stack = m.stack
    b = stack.pop()
    m.frame.pc = after
    m.locals[d] = fn(stack.pop(), b)


def get_set(m, arg):
    a, d, after = arg
    locals_ = m.locals
    locals_[d] = locals_[a]
    m.frame.pc = after


def const_set(m, arg):
    c, d, after = arg
    m.locals[d] = c
    m.frame.pc = after


def get_then(m, arg):
    """`local.get a` then one more instruction (a load, a call ...) in the same dispatch."""
    a, handler, handler_arg, after = arg
    m.stack.append(m.locals[a])
    m.frame.pc = after
    return handler(m, handler_arg)


def const_then(m, arg):
    c, handler, handler_arg, after = arg
    m.stack.append(c)
    m.frame.pc = after
    return handler(m, handler_arg)


def get_op_then(m, arg):
    a, fn, handler, handler_arg, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], m.locals[a])
    return handler(m, handler_arg)


def const_op_then(m, arg):
    c, fn, handler, handler_arg, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], c)
    return handler(m, handler_arg)


def then_set(m, arg):
    """One instruction with one result (a load ...), then `local.set` of it."""
    handler, handler_arg, d, after = arg
    frame = m.frame
    frame.pc = after - 1         # a trap is the first instruction's
    handler(m, handler_arg)
    m.locals[d] = m.stack.pop()
    frame.pc = after


def then_tee(m, arg):
    handler, handler_arg, d, after = arg
    frame = m.frame
    frame.pc = after - 1
    handler(m, handler_arg)
    m.locals[d] = m.stack[-1]
    frame.pc = after


# --- matching ---------------------------------------------------------------------------
_GET, _SET, _TEE, _BR_IF = O.LOCAL_GET, O.LOCAL_SET, O.LOCAL_TEE, O.BR_IF
_LOADS = {O.BY_NAME[name].id for name in M.LOADS}
_STORES = {O.BY_NAME[name].id for name in M.STORES}
_UNARY = {op for op in NUMERIC if len(O.OPCODES[op].params) == 1}
# The binary numeric instructions that may trap.
_TRAPPING = {O.BY_NAME[f"{t}.{op}"].id for t in ("i32", "i64")
             for op in ("div_s", "div_u", "rem_s", "rem_u")}
# Instructions worth folding a preceding local.get or constant into: they consume it at
# once.
_THEN = _LOADS | _STORES | {O.BY_NAME[name].id for name in (
    "i32.eqz", "i64.eqz", "br_if", "br_table", "if", "call", "return", "local.tee",
    "i32.wrap_i64", "i64.extend_i32_u", "i64.extend_i32_s")}
# Instructions whose one result is worth storing to a local in the same dispatch.
_THEN_SET = _LOADS | _UNARY | {O.GLOBAL_GET}

# local.get a; local.get b | t.const c; binop; LAST -> (handler with b, handler with c)
_QUAD = {_SET: (get_get_op_set, get_const_op_set),
         _TEE: (get_get_op_tee, get_const_op_tee),
         _BR_IF: (get_get_op_br_if, get_const_op_br_if)}
# (OPERAND, LAST) -> the handler of `OPERAND; binop; LAST`, binop's first operand on the stack
_TRIPLE = {(_GET, _SET): get_op_set, (_CONST, _SET): const_op_set,
           (_GET, _BR_IF): get_op_br_if, (_CONST, _BR_IF): const_op_br_if}


def _kind(op):
    """An instruction's kind in a pattern: every constant is alike."""
    return _CONST if op in _CONSTS else op


def _tail(instr, entry):
    """What a sequence's last instruction adds to its arg: a local or a branch's Label."""
    return entry[1] if instr.op == _BR_IF else instr.imm


def _match(body, code, i, last):
    """The fused (handler, arg) for the sequence starting at pc i (ending before pc
    `last`), or None. A sequence ends at its first instruction that may trap (but for
    then_set and then_tee), so that its pc is the one a trap reports."""
    window = body[i:min(i + 4, last)]
    kinds = [_kind(instr.op) for instr in window] + [None] * (4 - len(window))
    imm = [instr.imm for instr in window]
    first, second, third, fourth = kinds
    if first == _GET and second in (_GET, _CONST) and third in _BINARY:
        fn, from_local = NUMERIC[third], second == _GET
        if fourth in _QUAD and third not in _TRAPPING:
            tail = _tail(window[3], code[i + 3])
            return _QUAD[fourth][not from_local], (imm[0], imm[1], fn, tail, i + 4)
        return (get_get_op if from_local else get_const_op), (imm[0], imm[1], fn, i + 3)
    if first in (_GET, _CONST) and second in _BINARY:
        fn = NUMERIC[second]
        if (first, third) in _TRIPLE and second not in _TRAPPING:
            tail = _tail(window[2], code[i + 2])
            return _TRIPLE[first, third], (imm[0], fn, tail, i + 3)
        if third in _THEN and second not in _TRAPPING:
            handler, handler_arg = code[i + 2]
            then = get_op_then if first == _GET else const_op_then
            return then, (imm[0], fn, handler, handler_arg, i + 3)
        return (get_op if first == _GET else const_op), (imm[0], fn, i + 2)
    if first in _BINARY and second == _SET and first not in _TRAPPING:
        return op_set, (NUMERIC[first], imm[1], i + 2)
    if first in (_GET, _CONST) and second == _SET:
        return (get_set if first == _GET else const_set), (imm[0], imm[1], i + 2)
    if first in (_GET, _CONST) and second in _THEN:
        handler, handler_arg = code[i + 1]
        then = get_then if first == _GET else const_then
        return then, (imm[0], handler, handler_arg, i + 2)
    if first in _THEN_SET and second in (_SET, _TEE):
        handler, handler_arg = code[i]
        return (then_set if second == _SET else then_tee), (handler, handler_arg, imm[1], i + 2)
    return None


# --- skipping structure -------------------------------------------------------------------
_TO_LABEL = {C.branch, C.br_if, C.br_on_null, C.br_on_non_null}
_TO_PC = {C.if_, C.jump}


def skip_structure(code):
    """Make, in place, every branch land on the first entry at or after its target that
    is not a no-op, and the first no-op of a run jump past it. The side table's Labels
    are shared with the other engines: moved ones are copies."""
    work = list(range(len(code)))       # pc -> the first pc at or after it that does work
    for pc in range(len(code) - 2, -1, -1):
        if code[pc][0] is C.nop:
            work[pc] = work[pc + 1]
    moved = {}

    def move(label):
        if work[label.target] == label.target:
            return label
        if label not in moved:
            moved[label] = Label(work[label.target], label.height, label.arity)
        return moved[label]

    for pc, (handler, arg) in enumerate(code):
        if handler in _TO_LABEL:
            code[pc] = handler, move(arg)
        elif handler is C.br_table:
            code[pc] = handler, tuple(move(label) for label in arg)
        elif handler in _TO_PC:
            code[pc] = handler, work[arg]
        elif handler is C.nop and work[pc] > pc + 1:
            code[pc] = C.jump, work[pc]


# Instructions that never trap: a sequence of them alone may go on past the structure
# that follows it, since no trap will ask where it stopped.
_NEVER_TRAP = {_GET, _SET, _TEE, _BR_IF} | _CONSTS | (_BINARY - _TRAPPING)


def _landing(code, pc):
    """Where falling into pc really goes on: past no-ops and structure jumps."""
    while True:
        handler, arg = code[pc]
        if handler is C.nop:
            pc += 1
        elif handler is C.jump:
            pc = arg
        else:
            return pc


def _go_on(fused, body, code, i):
    """`fused`, the sequence at pc i, going on past the structure after it if none of
    its instructions can trap."""
    handler, arg = fused
    if any(instr.op not in _NEVER_TRAP for instr in body[i:arg[-1]]):
        return fused
    return handler, (*arg[:-1], _landing(code, arg[-1]))


def fuse(body, code):
    """Replace, in place, the entries of code that start a fusable sequence, after
    skip_structure. The last entry (the function's `end`) is never part of a sequence."""
    skip_structure(code)
    i = 0
    last = len(body) - 1
    while i < last:
        fused = _match(body, code, i, last)
        if fused is None:
            i += 1
            continue
        code[i] = _go_on(fused, body, code, i)
        i = fused[1][-1]
    return code
