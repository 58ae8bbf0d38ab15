"""The alignment a structured function's loop heads settle at (align.py), found before
the function is translated, by a walk that follows only what alignment depends on.

The translation (translate.py) assumes a state at each loop head and finds, at the
back branches, whether it held for the locals an aligned access relied on; a head
assumed too high meant translating the whole function again with it lowered, two or
three times for a function with nested loops over memory. This walk does the same over
the instructions alone, a fraction of a translation's cost: an operand is its known low
zero bits, the locals they came from and, for a constant, its digits (a shift's count);
control opens, joins and branches where the translation's does (control.py), through
the same Alignment, and the alignment of numeric results is translate.int_align's. It
takes every access with an address aligned enough for its size as relying on it (the
translation relies on fewer: a constant or scaled address needs no known alignment),
lowers the heads until none of those falls, and the translation then finds them
holding in one pass: its code is what its own passes would have settled at, since a
local no access relied on changes no access's code.

Bodies with instructions it does not follow (vector, GC, exceptions, tables,
references beyond null and func) give None: the translation settles them itself.
"""
from .. import opcodes as O
from . import memory as MEM
from .align import Alignment
from .control import BLOCK, IF, LOOP, Ctl, target_of
from .stack import const

(GET, SET, TEE, CONST, UNARY, BINARY, LOAD, STORE, FIXED, OPEN, ELSE, END, BR, BR_IF,
 BR_TABLE, STOP, DROP, SELECT, GLOBAL_GET, CALL, CALL_INDIRECT, REF, IS_NULL, NOP) = range(24)
_BY_NAME = {
    "local.get": GET, "local.set": SET, "local.tee": TEE, "i32.const": CONST,
    "i64.const": CONST, "f32.const": CONST, "f64.const": CONST, "block": OPEN, "loop": OPEN,
    "if": OPEN, "else": ELSE, "end": END, "br": BR, "br_if": BR_IF, "br_table": BR_TABLE,
    "return": STOP, "unreachable": STOP, "drop": DROP, "select": SELECT, "select_t": SELECT,
    "global.get": GLOBAL_GET, "global.set": DROP, "call": CALL, "return_call": CALL,
    "call_indirect": CALL_INDIRECT, "return_call_indirect": CALL_INDIRECT,
    "ref.null": REF, "ref.func": REF, "ref.is_null": IS_NULL, "memory.copy": FIXED, "nop": NOP}
KINDS = [None] * len(O.OPCODES)     # opcode id -> kind, None: not followed
COUNTS = [None] * len(O.OPCODES)    # FIXED: (operands, results); loads, stores: size
NAMES = [None] * len(O.OPCODES)     # numeric: the constant name int_align reads
for _op in O.OPCODES:
    if _op.name in _BY_NAME:
        KINDS[_op.id] = _BY_NAME[_op.name]
    elif _op.is_numeric:
        KINDS[_op.id] = UNARY if len(_op.params) == 1 else BINARY
        NAMES[_op.id] = _op.const_name
    elif _op.name in MEM.LOADS or _op.name in MEM.STORES:
        KINDS[_op.id] = LOAD if _op.name in MEM.LOADS else STORE
        # the item size of the view the translation may index (memory.py), or None:
        # a byte (`D{i}[address]`) relies on nothing
        _fmt = (MEM.LOADS.get(_op.name) or MEM.STORES[_op.name])[0]
        COUNTS[_op.id] = None if _fmt is None else MEM.SIZES[_fmt]
    elif (_op.params is not None and _op.prefix in (0, 0xFC)
          and _op.name.startswith(("memory.", "data.drop"))):
        KINDS[_op.id] = FIXED
        COUNTS[_op.id] = (len(_op.params), len(_op.results))
COUNTS[O.BY_NAME["memory.copy"].id] = (3, 0)
_KIND_OF = {O.BY_NAME[n].id: k for n, k in (("block", BLOCK), ("loop", LOOP), ("if", IF))}
_LOOP = O.BY_NAME["loop"].id
_SHL = {n for n in NAMES if n and n.endswith("_SHL")}
_CALLS = {O.BY_NAME["call"].id, O.BY_NAME["call_indirect"].id}


class Operand:
    """An operand as the walk knows it (what translate.int_align reads of a Val)."""
    __slots__ = ("x", "align", "alsrc")

    def __init__(self, x="", align=0, alsrc=frozenset()):
        self.x = x
        self.align = align
        self.alsrc = alsrc


UNKNOWN = Operand()


def follows(ops):
    """Whether the walk follows a body with these opcodes."""
    return None not in map(KINDS.__getitem__, ops)


def settle(translator, body, initial, int_align, limit=100):
    """The heads the translation should assume ({loop target pc: state}). `translator`,
    the Translator about to run, gives the function's types and block ends; None when
    the walk does not follow this body."""
    ops = translator.ops
    if not follows(ops):
        return None
    if _LOOP not in ops:        # no head to assume anything at
        return {}
    heads, known = {}, {}
    for _ in range(limit):
        align = Alignment(initial, heads, True)
        _walk(translator, body, align, int_align, known)
        lowered = align.lowered()
        if not lowered:
            return heads
        heads.update(lowered)
    return None


def _walk(tr, body, align, int_align, known):
    """One pass: what the translation's pass does to `align`, under its heads. `known`
    keeps the operands made for constants and locals (they are never changed)."""
    stack = []
    push, pop = stack.append, stack.pop
    ctls = [Ctl("func", 0, 0, 0, len(body) - 1, False, 0)]
    reachable, dead = True, 0
    state = align.state
    relied = align.relied
    for pc, (op, imm, _offset) in enumerate(body):
        kind = KINDS[op]
        if not reachable:
            if kind == OPEN:
                dead += 1
                continue
            if kind == END and dead:
                dead -= 1
                continue
            if not (kind == END or (kind == ELSE and not dead)):
                continue
        if kind == GET:
            push(_local(known, state, imm))
        elif kind == CONST:
            push(_constant(known, imm))
        elif kind == BINARY:
            b = pop()
            a = stack[-1]
            name = NAMES[op]
            if a.align or b.align or (b.x and name in _SHL):
                bits = int_align(name, (a, b))
                stack[-1] = Operand("", bits, a.alsrc | b.alsrc) if bits else UNKNOWN
            else:
                stack[-1] = UNKNOWN
        elif kind == UNARY:
            a = stack[-1]
            if a.align:
                bits = int_align(NAMES[op], (a,))
                stack[-1] = Operand("", bits, a.alsrc) if bits else UNKNOWN
            else:
                stack[-1] = UNKNOWN
        elif kind == SET or kind == TEE:
            v = pop()
            align.set(f"l{imm}", v.align, v.alsrc)
            state = align.state
            if kind == TEE:
                push(_local(known, state, imm))
        elif kind == LOAD or kind == STORE:
            if kind == STORE:
                pop()
            a = pop()
            size = COUNTS[op]
            if size and a.align >= size.bit_length() - 1 and imm[1] % size == 0:
                relied |= a.alsrc
            if kind == LOAD:
                push(UNKNOWN)
        elif kind == FIXED:
            nparams, nresults = COUNTS[op]
            del stack[len(stack) - nparams:]
            stack.extend([UNKNOWN] * nresults)
        elif kind == OPEN:
            params, results = tr.block_type(imm)
            kind = _KIND_OF[op]
            if kind == IF:
                pop()
            ctl = Ctl(kind, len(stack) - params, params, results,
                      target_of(body, pc, tr.ends[pc]), False, len(ctls))
            ctls.append(ctl)
            align.open(ctl, pc)
            state = align.state
        elif kind == ELSE:
            ctl = ctls[-1]
            ctl.then_falls = ctl.then_falls or reachable
            ctl.has_else = True
            align.else_(ctl, reachable)
            state = align.state
            stack = [UNKNOWN] * (ctl.height + ctl.params)
            push, pop = stack.append, stack.pop
            reachable = ctl.reachable
        elif kind == END:
            ctl = ctls.pop()
            if ctl.kind == "func":
                continue
            falls = reachable
            align.fall(ctl, falls)
            stack = [UNKNOWN] * (ctl.height + ctl.results)
            push, pop = stack.append, stack.pop
            reachable = (falls or ctl.branched or (ctl.kind == IF and ctl.reachable and
                         (not ctl.has_else or ctl.then_falls)))
            align.join(ctl)
            state = align.state
        elif kind == BR or kind == BR_IF:
            if kind == BR_IF:
                pop()
            _branch(align, ctls, imm)
            reachable = kind == BR_IF
        elif kind == BR_TABLE:
            pop()
            depths, default = imm
            for depth in {*depths, default}:
                _branch(align, ctls, depth)
            reachable = False
        elif kind == STOP:
            reachable = False
        elif kind == DROP:
            pop()
        elif kind == SELECT:
            del stack[-3:]
            push(UNKNOWN)
        elif kind == GLOBAL_GET:
            spaces = tr.spaces
            push(UNKNOWN if spaces.globals[imm].mutable else
                 _constant(known, spaces.constant_global(imm)))
        elif kind == CALL or kind == CALL_INDIRECT:
            if kind == CALL:
                t = tr.spaces.funcs[imm]
                n = len(t.params)
            else:
                t = tr.module.ast.types[imm[0]]
                t = getattr(t, "comp", t)
                n = len(t.params) + 1
            del stack[len(stack) - n:]
            stack.extend([UNKNOWN] * len(t.results))
            reachable = op in _CALLS
        elif kind == REF:
            push(UNKNOWN)
        elif kind == IS_NULL:
            stack[-1] = UNKNOWN
        # NOP: nothing


def _local(known, state, i):
    name = f"l{i}"
    bits = state.get(name, 0)
    if not bits:
        return UNKNOWN
    v = known.get((name, bits))
    if v is None:
        v = known[(name, bits)] = Operand("", bits, frozenset((name,)))
    return v


def _constant(known, value):
    """A constant as the translation writes it (Translator.literal): an int as its
    digits; other values have no digits, and so no known zero bits."""
    if type(value) is not int or value < 0:
        return UNKNOWN
    v = known.get(value)
    if v is None:
        literal = str(value)
        v = known[value] = Operand(literal, const(literal).align)
    return v


def _branch(align, ctls, depth):
    target = ctls[-1 - depth]
    align.branch(target)
    if target.kind != LOOP:
        target.branched = True
