"""Table and reference instructions (spec 4.4.6 "Table Instructions", 4.4.2 "Reference
Instructions") for the reference engine. Tables, functions and element segments are
those of the current frame's instance, by index."""
from ..errors import Trap

OUT_OF_BOUNDS = "out of bounds table access"


def table_get(m, tableidx):
    table = m.inst.tables[tableidx]
    stack = m.stack
    i = stack[-1]
    if i >= len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    stack[-1] = table.elements[i]


def table_set(m, tableidx):
    table = m.inst.tables[tableidx]
    stack = m.stack
    value = stack.pop()
    i = stack.pop()
    if i >= len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    table.elements[i] = value


def table_size(m, tableidx):
    m.stack.append(len(m.inst.tables[tableidx].elements))


def table_grow(m, tableidx):
    table = m.inst.tables[tableidx]
    stack = m.stack
    n = stack.pop()
    init = stack.pop()
    stack.append(table.grow(n, init) & table.address_mask)


def table_fill(m, tableidx):
    table = m.inst.tables[tableidx]
    stack = m.stack
    n = stack.pop()
    value = stack.pop()
    i = stack.pop()
    if i + n > len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    table.elements[i:i + n] = [value] * n


def table_copy(m, arg):
    tables = m.inst.tables
    dst, src = tables[arg[0]], tables[arg[1]]
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    if s + n > len(src.elements) or d + n > len(dst.elements):
        raise Trap(OUT_OF_BOUNDS)
    dst.elements[d:d + n] = src.elements[s:s + n]


def table_init(m, arg):
    tableidx, elemidx = arg
    inst = m.inst
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    inst.tables[tableidx].init(inst.elems[elemidx], d, s, n)


def elem_drop(m, elemidx):
    m.inst.elems[elemidx] = []


def ref_null(m, arg):
    m.stack.append(None)


def ref_is_null(m, arg):
    stack = m.stack
    stack[-1] = 1 if stack[-1] is None else 0


def ref_as_non_null(m, arg):
    if m.stack[-1] is None:
        raise Trap("null reference")


def ref_func(m, funcidx):
    m.stack.append(m.inst.funcs[funcidx])
