"""GC instructions (structures, arrays, i31, casts: WebAssembly 3.0) for the python
engine. Objects and their rules are gvm/runtime/gc.py's, as on the other engines.

There is no second implementation here either (see simd.py): each instruction calls the
reference engine's handler (gvm/interp/gc.py) through a small operand-stack adapter,
with the instance and the argument its lowering makes (`LOWERINGS`), resolved once per
function and bound in the namespace as a constant: `s3 = STRUCT_GET_S(INSTANCE, K4_0,
s2)`. The call is a statement in program order, since most of them may trap or read
mutable objects.

Left to the translator (translate.py): `any.convert_extern` and `extern.convert_any`
(no code), and `br_on_cast` / `br_on_cast_fail`, which test with the cast predicate
`G.cast_test` makes and branch as `br_if` does.
"""
import functools

from .. import opcodes as O

# Conversions keep a reference's identity: no code at all.
CONVERSIONS = frozenset(O.BY_NAME[n].id for n in ("any.convert_extern", "extern.convert_any"))
BRANCHES = frozenset(O.BY_NAME[n].id for n in ("br_on_cast", "br_on_cast_fail"))

# name -> (operands popped, or None if the argument says, results pushed)
_ARITY = {
    "struct.new": (None, 1), "struct.new_default": (0, 1),
    "struct.get": (1, 1), "struct.get_s": (1, 1), "struct.get_u": (1, 1),
    "struct.set": (2, 0),
    "array.new": (2, 1), "array.new_default": (1, 1), "array.new_fixed": (None, 1),
    "array.new_data": (2, 1), "array.new_elem": (2, 1),
    "array.get": (2, 1), "array.get_u": (2, 1), "array.get_s": (2, 1),
    "array.set": (3, 0), "array.len": (1, 1), "array.fill": (4, 0), "array.copy": (5, 0),
    "array.init_data": (4, 0), "array.init_elem": (4, 0),
    "ref.i31": (1, 1), "i31.get_s": (1, 1), "i31.get_u": (1, 1), "ref.eq": (2, 1),
    "ref.test": (1, 1), "ref.test null": (1, 1), "ref.cast": (1, 1), "ref.cast null": (1, 1),
}
# Instructions that never trap and read nothing mutable: pure expressions.
PURE_NAMES = ("ref.i31", "ref.eq", "ref.test", "ref.test null")
PURE = frozenset(O.BY_NAME[n].id for n in PURE_NAMES) | CONVERSIONS
# opcode ids of the instructions calling a handler
CALLING = frozenset(O.BY_NAME[name].id for name in _ARITY)


@functools.cache
def calls():
    """opcode id -> (name, make_arg, popped, pushed) of the instructions calling a
    handler; gvm/interp/gc.py is imported on the first translation of a GC instruction."""
    from ..interp import gc as IG
    return {O.BY_NAME[name].id: (name, IG.LOWERINGS[name][1], *arity)
            for name, arity in _ARITY.items()}


def popped(name, arg):
    """The operands of `name` with argument `arg`, when the immediate decides."""
    if name == "struct.new":
        return len(arg.defaults)
    if name == "array.new_fixed":
        return arg[1]
    return _ARITY[name][0]


@functools.cache
def function(name):
    """The function instruction `name` calls, bound in the namespace under its constant
    name with the function's constants."""
    from ..interp import gc as IG
    from .handlers import as_function
    return as_function(IG.LOWERINGS[name][0])
