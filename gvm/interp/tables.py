"""Table and reference instructions (spec 4.4.6 "Table Instructions", 4.4.2 "Reference
Instructions") for the reference engine."""
from ..errors import Trap

OUT_OF_BOUNDS = "out of bounds table access"


def table_get(m, table):
    stack = m.stack
    i = stack[-1]
    if i >= len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    stack[-1] = table.elements[i]


def table_set(m, table):
    stack = m.stack
    value = stack.pop()
    i = stack.pop()
    if i >= len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    table.elements[i] = value


def table_size(m, table):
    m.stack.append(len(table.elements))


def table_grow(m, table):
    stack = m.stack
    n = stack.pop()
    init = stack.pop()
    stack.append(table.grow(n, init) & table.address_mask)


def table_fill(m, table):
    stack = m.stack
    n = stack.pop()
    value = stack.pop()
    i = stack.pop()
    if i + n > len(table.elements):
        raise Trap(OUT_OF_BOUNDS)
    table.elements[i:i + n] = [value] * n


def table_copy(m, arg):
    dst, src = arg
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    if s + n > len(src.elements) or d + n > len(dst.elements):
        raise Trap(OUT_OF_BOUNDS)
    dst.elements[d:d + n] = src.elements[s:s + n]


def table_init(m, arg):
    table, instance, elemidx = arg
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    table.init(instance.elems[elemidx], d, s, n)


def elem_drop(m, arg):
    instance, elemidx = arg
    instance.elems[elemidx] = []


def ref_null(m, arg):
    m.stack.append(None)


def ref_is_null(m, arg):
    stack = m.stack
    stack[-1] = 1 if stack[-1] is None else 0


def ref_as_non_null(m, arg):
    if m.stack[-1] is None:
        raise Trap("null reference")


def ref_func(m, func):
    m.stack.append(func)
