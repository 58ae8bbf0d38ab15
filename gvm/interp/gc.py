"""Aggregate, i31 and cast instructions of WebAssembly 3.0 (spec 4.4.x "Reference
Instructions", "Aggregate Instructions") for the reference engine. Objects and the
rules shared with the fast engine and constant expressions are in runtime/gc.py.

`LOWERINGS` maps each instruction name to (handler, make_arg) for lower.py; the args
are resolved once per function for the whole module: runtime types (the module's),
cast predicates; segments and the memory budget of arrays are the current frame's
instance's (`m.inst`).
"""
from ..errors import Trap
from ..runtime import gc as G
from ..runtime.gc import Struct, Array, I31
from .control import branch

NULL_STRUCT = "null structure reference"
NULL_ARRAY = "null array reference"
OUT_OF_BOUNDS = "out of bounds array access"


def _sign(value, mask):
    top = (mask + 1) >> 1
    return (value ^ top) - top


# --- structures ---------------------------------------------------------------------------
def struct_new(m, rtt):
    stack = m.stack
    n = len(rtt.defaults)
    values = stack[len(stack) - n:]
    del stack[len(stack) - n:]
    stack.append(G.new_struct(rtt, values))


def struct_new_default(m, rtt):
    m.stack.append(Struct(rtt, list(rtt.defaults)))


def _struct(stack, pos):
    s = stack[pos]
    if s is None:
        raise Trap(NULL_STRUCT)
    return s


def struct_get(m, i):
    stack = m.stack
    stack[-1] = _struct(stack, -1).fields[i]


def struct_get_s(m, arg):
    i, mask = arg
    stack = m.stack
    stack[-1] = _sign(_struct(stack, -1).fields[i], mask) & 0xFFFFFFFF


def struct_set(m, arg):
    i, mask = arg
    stack = m.stack
    value = stack.pop()
    _struct(stack, -1).fields[i] = value & mask if mask else value
    stack.pop()


# --- arrays -------------------------------------------------------------------------------
def array_new(m, rtt):
    stack = m.stack
    n = stack.pop()
    stack[-1] = G.new_array(rtt, stack[-1], n, m.inst.gc_budget)


def array_new_default(m, rtt):
    stack = m.stack
    stack[-1] = G.new_array_default(rtt, stack[-1], m.inst.gc_budget)


def array_new_fixed(m, arg):
    rtt, n = arg
    stack = m.stack
    values = stack[len(stack) - n:]
    del stack[len(stack) - n:]
    stack.append(G.new_array_fixed(rtt, values, m.inst.gc_budget))


def array_new_data(m, arg):
    rtt, dataidx = arg
    inst = m.inst
    stack = m.stack
    n = stack.pop()
    stack[-1] = G.new_array_data(rtt, inst.datas[dataidx], stack[-1], n, inst.gc_budget)


def array_new_elem(m, arg):
    rtt, elemidx = arg
    inst = m.inst
    stack = m.stack
    n = stack.pop()
    stack[-1] = G.new_array_elem(rtt, inst.elems[elemidx], stack[-1], n, inst.gc_budget)


def _array(a):
    if a is None:
        raise Trap(NULL_ARRAY)
    return a.elements


def array_get(m, arg):
    stack = m.stack
    i = stack.pop()
    elements = _array(stack[-1])
    if i >= len(elements):
        raise Trap(OUT_OF_BOUNDS)
    stack[-1] = elements[i]


def array_get_s(m, mask):
    array_get(m, None)
    m.stack[-1] = _sign(m.stack[-1], mask) & 0xFFFFFFFF


def array_set(m, mask):
    stack = m.stack
    value = stack.pop()
    i = stack.pop()
    elements = _array(stack.pop())
    if i >= len(elements):
        raise Trap(OUT_OF_BOUNDS)
    elements[i] = value & mask if mask else value


def array_len(m, arg):
    stack = m.stack
    stack[-1] = len(_array(stack[-1]))


def array_fill(m, mask):
    stack = m.stack
    n = stack.pop()
    value = stack.pop()
    d = stack.pop()
    elements = _array(stack.pop())
    if d + n > len(elements):
        raise Trap(OUT_OF_BOUNDS)
    elements[d:d + n] = [value & mask if mask else value] * n


def array_copy(m, arg):
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    src = _array(stack.pop())
    d = stack.pop()
    dst = _array(stack.pop())
    if s + n > len(src) or d + n > len(dst):
        raise Trap(OUT_OF_BOUNDS)
    dst[d:d + n] = src[s:s + n]


def array_init_data(m, arg):
    rtt, dataidx = arg
    inst = m.inst
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    elements = _array(stack.pop())
    data = inst.datas[dataidx]
    if d + n > len(elements):
        raise Trap(OUT_OF_BOUNDS)
    if s + n * G.element_size(rtt) > len(data):
        raise Trap("out of bounds memory access")
    elements[d:d + n] = G.elements_from_data(rtt, data, s, n)


def array_init_elem(m, elemidx):
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    elements = _array(stack.pop())
    segment = m.inst.elems[elemidx]
    if d + n > len(elements):
        raise Trap(OUT_OF_BOUNDS)
    if s + n > len(segment):
        raise Trap("out of bounds table access")
    elements[d:d + n] = segment[s:s + n]


# --- i31, ref.eq, casts, conversions -----------------------------------------------------
def ref_i31(m, arg):
    m.stack[-1] = I31(m.stack[-1])


def _i31(stack):
    r = stack[-1]
    if r is None:
        raise Trap("null i31 reference")
    return r


def i31_get_s(m, arg):
    stack = m.stack
    stack[-1] = _i31(stack).signed() & 0xFFFFFFFF


def i31_get_u(m, arg):
    stack = m.stack
    stack[-1] = _i31(stack).value


def ref_eq(m, arg):
    stack = m.stack
    b = stack.pop()
    stack[-1] = 1 if G.ref_eq(stack[-1], b) else 0


def ref_test(m, test):
    stack = m.stack
    stack[-1] = 1 if test(stack[-1]) else 0


def ref_cast(m, test):
    if not test(m.stack[-1]):
        raise Trap("cast failure")


def br_on_cast(m, arg):
    test, label = arg
    if test(m.stack[-1]):
        branch(m, label)


def br_on_cast_fail(m, arg):
    test, label = arg
    if not test(m.stack[-1]):
        branch(m, label)


def convert(m, arg):
    """`any.convert_extern`, `extern.convert_any`: a reference keeps its identity
    across the two hierarchies (a host value stays an ExternRef, a GC object itself)."""


# --- lowering -----------------------------------------------------------------------------
# make_arg(instr, side, module), as in lower.py.
def _rtt(instr, side, module):
    return module.lowered.rtts[instr.imm]


def _field(instr, side, module):
    return instr.imm[1]


def _field_mask(instr, side, module):
    typeidx, i = instr.imm
    return i, module.lowered.rtts[typeidx].masks[i]


def _elem_mask(instr, side, module):
    return module.lowered.rtts[instr.imm].masks[0]


def _fixed(instr, side, module):
    typeidx, n = instr.imm
    return module.lowered.rtts[typeidx], n


def _segment(instr, side, module):
    typeidx, segidx = instr.imm
    return module.lowered.rtts[typeidx], segidx


def _elem_segment(instr, side, module):
    return instr.imm[1]


def _none(instr, side, module):
    return None


def _test(nullable):
    def make(instr, side, module):
        return G.cast_test(instr.imm, nullable, module)
    return make


def _cast_label(instr, side, module):
    flags, _depth, _heap1, heap2 = instr.imm
    return G.cast_test(heap2, bool(flags & 2), module), side


LOWERINGS = {
    "struct.new": (struct_new, _rtt), "struct.new_default": (struct_new_default, _rtt),
    "struct.get": (struct_get, _field), "struct.get_s": (struct_get_s, _field_mask),
    "struct.get_u": (struct_get, _field), "struct.set": (struct_set, _field_mask),
    "array.new": (array_new, _rtt), "array.new_default": (array_new_default, _rtt),
    "array.new_fixed": (array_new_fixed, _fixed),
    "array.new_data": (array_new_data, _segment), "array.new_elem": (array_new_elem, _segment),
    "array.get": (array_get, _none), "array.get_u": (array_get, _none),
    "array.get_s": (array_get_s, _elem_mask), "array.set": (array_set, _elem_mask),
    "array.len": (array_len, _none), "array.fill": (array_fill, _elem_mask),
    "array.copy": (array_copy, _none),
    "array.init_data": (array_init_data, _segment),
    "array.init_elem": (array_init_elem, _elem_segment),
    "ref.i31": (ref_i31, _none), "i31.get_s": (i31_get_s, _none),
    "i31.get_u": (i31_get_u, _none), "ref.eq": (ref_eq, _none),
    "ref.test": (ref_test, _test(False)), "ref.test null": (ref_test, _test(True)),
    "ref.cast": (ref_cast, _test(False)), "ref.cast null": (ref_cast, _test(True)),
    "br_on_cast": (br_on_cast, _cast_label), "br_on_cast_fail": (br_on_cast_fail, _cast_label),
    "any.convert_extern": (convert, _none), "extern.convert_any": (convert, _none),
}
