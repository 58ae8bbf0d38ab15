"""The reference engine's handlers `(machine, arg)` as plain functions for translated
code: the GC instructions (gc.py) and the vector memory instructions (simd.py) reuse
gvm/interp's implementation through this adapter instead of a second one."""


class _Operands:
    """What those handlers need of the reference engine's machine: its stack, and the
    instance whose memories, segments and budget they use."""
    __slots__ = ("stack", "inst")


def as_function(handler):
    """`handler` as a function of the instance, its argument and its operands in stack
    order; it returns what the handler pushes (one value at most), or None."""
    def run(inst, arg, *operands):
        m = _Operands()
        m.stack = list(operands)
        m.inst = inst
        handler(m, arg)
        return m.stack[0] if m.stack else None
    return run
