"""Superinstructions for the reference engine: common straight-line sequences of a
body, lowered to one handler that does the work of several.

In a Python interpreter the dispatch of an instruction (fetch, unpack, call) costs
as much as its work, and a `local.get` or `i32.const` is almost nothing but dispatch.
Compilers emit such operand loads right before the instruction that consumes them, so
fusing `local.get a; local.get b; i32.add` into one handler that reads both locals
removes two dispatches and four stack operations.

Structure costs nothing either: `block`, `loop`, `end` and `nop` do no work at run time
(the side table already says where branches go), yet a C `switch` compiled to wasm
enters one `block` per case before every dispatch through its `br_table`. Branches are
retargeted past such runs, and falling into a run jumps over it in one dispatch.

Fusion keeps the lowered code one entry per instruction: only the entry of a
sequence's first instruction changes, and its handler jumps past the sequence. The
entries it covers keep their plain handlers, for the debugger's single steps. A fused
sequence never contains a branch target: targets follow a `block`, `loop`, `if`,
`else` or `end`, which are never inside a sequence.
"""
from .. import opcodes as O
from ..validate import Label
from . import control as C
from .numeric import NUMERIC

_CONSTS = {O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST}
_BINARY = {op for op in NUMERIC if len(O.OPCODES[op].params) == 2}


# --- fused handlers -----------------------------------------------------------------------
# Each first moves the frame's pc past its sequence, so that a trap is reported at the
# sequence's last instruction, a call returns after it, and a branch can overwrite it.
def get_get_op(m, arg):
    a, b, fn, after = arg
    locals_ = m.locals
    m.frame.pc = after
    m.stack.append(fn(locals_[a], locals_[b]))


def get_get_op_set(m, arg):
    a, b, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = fn(locals_[a], locals_[b])


def get_const_op(m, arg):
    a, c, fn, after = arg
    m.frame.pc = after
    m.stack.append(fn(m.locals[a], c))


def get_const_op_set(m, arg):
    a, c, fn, d, after = arg
    locals_ = m.locals
    m.frame.pc = after
    locals_[d] = fn(locals_[a], c)


def const_op(m, arg):
    c, fn, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], c)


def get_op(m, arg):
    a, fn, after = arg
    stack = m.stack
    m.frame.pc = after
    stack[-1] = fn(stack[-1], m.locals[a])


def op_set(m, arg):
    fn, d, after = arg
    stack = m.stack
    b = stack.pop()
    m.frame.pc = after
    m.locals[d] = fn(stack.pop(), b)


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


def get_set(m, arg):
    a, d, after = arg
    locals_ = m.locals
    locals_[d] = locals_[a]
    m.frame.pc = after


def get_then(m, arg):
    """`local.get a` then one more instruction (a load, a call ...) in the same dispatch."""
    a, handler, handler_arg, after = arg
    m.stack.append(m.locals[a])
    m.frame.pc = after
    return handler(m, handler_arg)


# --- matching ---------------------------------------------------------------------------
def _match(body, code, i, last):
    """The fused (handler, arg) for the sequence starting at pc i (ending before pc
    `last`), or None."""
    window = body[i:min(i + 4, last)]
    ops = [instr.op for instr in window]
    imm = [instr.imm for instr in window]
    get = O.LOCAL_GET
    if len(ops) >= 3 and ops[0] == get and (ops[1] == get or ops[1] in _CONSTS) \
            and ops[2] in _BINARY:
        fn = NUMERIC[ops[2]]
        operand = imm[1]
        from_local = ops[1] == get
        if len(ops) == 4 and ops[3] == O.LOCAL_SET:
            handler = get_get_op_set if from_local else get_const_op_set
            return handler, (imm[0], operand, fn, imm[3], i + 4)
        if len(ops) == 4 and ops[3] == O.BR_IF:
            handler = get_get_op_br_if if from_local else get_const_op_br_if
            return handler, (imm[0], operand, fn, code[i + 3][1], i + 4)
        return (get_get_op if from_local else get_const_op), (imm[0], operand, fn, i + 3)
    if len(ops) >= 2 and ops[0] in _CONSTS and ops[1] in _BINARY:
        return const_op, (imm[0], NUMERIC[ops[1]], i + 2)
    if len(ops) >= 2 and ops[0] in _BINARY and ops[1] == O.LOCAL_SET:
        return op_set, (NUMERIC[ops[0]], imm[1], i + 2)
    if len(ops) >= 2 and ops[0] == get and ops[1] in _BINARY:
        return get_op, (imm[0], NUMERIC[ops[1]], i + 2)
    if len(ops) >= 2 and ops[0] == get and ops[1] == O.LOCAL_SET:
        return get_set, (imm[0], imm[1], i + 2)
    if len(ops) >= 2 and ops[0] == get and ops[1] in _THEN:
        handler, handler_arg = code[i + 1]
        return get_then, (imm[0], handler, handler_arg, i + 2)
    return None


# Instructions worth folding a preceding local.get into: they consume it at once.
_THEN = {O.BY_NAME[name].id for name in (
    "i32.load", "i64.load", "f32.load", "f64.load", "i32.load8_s", "i32.load8_u",
    "i32.load16_s", "i32.load16_u", "i64.load8_s", "i64.load8_u", "i64.load16_s",
    "i64.load16_u", "i64.load32_s", "i64.load32_u", "i32.eqz", "i64.eqz", "br_if",
    "if", "call", "return", "local.tee", "i32.wrap_i64", "i64.extend_i32_u",
    "i64.extend_i32_s")}


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
        code[i] = fused
        i = fused[1][-1]
    return code
