"""Control and parametric instructions (spec 4.4.8 "Control Instructions", 4.4.4
"Parametric Instructions") for the reference engine.

Branch arguments are the validator's Labels: `target` pc, `arity` values to carry and
`height` of the operand stack, above the frame's base, to cut back to.
"""
from ..errors import Trap, WasmException


def unreachable(m, arg):
    raise Trap("unreachable")


def nop(m, arg):
    pass


def if_(m, else_pc):
    if not m.stack.pop():
        m.frame.pc = else_pc


def jump(m, pc):
    """`else` reached from the then-branch: continue after the `end`."""
    m.frame.pc = pc


def branch(m, label):
    frame = m.frame
    stack = m.stack
    keep = frame.base + label.height
    arity = label.arity
    if arity:
        if len(stack) - arity != keep:
            stack[keep:] = stack[len(stack) - arity:]
    else:
        del stack[keep:]
    frame.pc = label.target


def br_if(m, label):
    if m.stack.pop():
        branch(m, label)


def br_table(m, labels):
    i = m.stack.pop()
    branch(m, labels[i] if i < len(labels) - 1 else labels[-1])


def return_(m, arg):
    return m.return_from_current()


def function_end(m, arg):
    m.leave()
    return True


def call_wasm(m, funcidx):
    m.enter(m.inst.funcs[funcidx])
    return True


def call_import(m, funcidx):
    """`call` of an imported function: wasm code or a host function."""
    return m.call(m.inst.funcs[funcidx])


def return_call(m, funcidx):
    return m.tail_call(m.inst.funcs[funcidx])


def _indirect_target(m, arg):
    tableidx, type_key = arg
    i = m.stack.pop()
    elements = m.inst.tables[tableidx].elements
    if i >= len(elements):
        raise Trap(f"undefined element {i}")
    func = elements[i]
    if func is None:
        raise Trap(f"uninitialized element {i}")
    if type_key not in func.type_ids:
        raise Trap("indirect call type mismatch")
    return func


def call_indirect(m, arg):
    return m.call(_indirect_target(m, arg))


def return_call_indirect(m, arg):
    return m.tail_call(_indirect_target(m, arg))


def _non_null_function(m):
    func = m.stack.pop()
    if func is None:
        raise Trap("null function reference")
    return func


def call_ref(m, arg):
    return m.call(_non_null_function(m))


def return_call_ref(m, arg):
    return m.tail_call(_non_null_function(m))


def br_on_null(m, label):
    if m.stack[-1] is None:
        m.stack.pop()
        branch(m, label)


def br_on_non_null(m, label):
    if m.stack[-1] is None:
        m.stack.pop()
    else:
        branch(m, label)


def throw(m, arg):
    tagidx, n = arg
    stack = m.stack
    values = stack[len(stack) - n:]
    del stack[len(stack) - n:]
    raise WasmException(m.inst.tags[tagidx], values)


def throw_ref(m, arg):
    exc = m.stack.pop()
    if exc is None:
        raise Trap("null exception reference")
    raise exc


def drop(m, arg):
    m.stack.pop()


def select(m, arg):
    stack = m.stack
    c = stack.pop()
    b = stack.pop()
    if not c:
        stack[-1] = b
