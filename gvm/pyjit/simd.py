"""Vector instructions (SIMD and relaxed SIMD, spec 4.4.3 and the v128 ones of 4.4.7) for
the python engine. A v128 is a Python int of 128 bits (gvm/values.py), in the generated
code's locals, slots and globals like any other value.

There is no second implementation here: every vector instruction calls the reference
engine's function, bound in the namespace under the instruction's constant name
(`i8x16.add` is `I8X16_ADD`). The translator derives the call from the opcode table row
(translate.py, `Translator.vector`), by its immediate kind:

- no immediate: `I8X16_ADD(a, b)`, a pure expression (gvm/interp/simd.py `SIMD`);
- lane or shuffle: the immediate last, `I8X16_EXTRACT_LANE_S(a, 3)`, also pure;
- memarg (and memarg with a lane): a statement in program order,
  `s1 = V128_LOAD(INSTANCE, (0, 16), s0)` (memory 0, offset 16), which runs the
  reference engine's handler (gvm/interp/simd_memory.py) on the operands, with its
  bounds check and trap message.
"""
import functools

from .. import opcodes as O

# Pure vector instructions: no effect, no trap (fuel groups them like numeric ones).
PURE = frozenset(op.id for op in O.OPCODES
                 if op.prefix == 0xFD and op.imm not in (O.MEMARG, O.MEMARG_LANE, O.V128))
# Instructions that read or write memory, by opcode id.
ACCESSES = frozenset(op.id for op in O.OPCODES
                     if op.prefix == 0xFD and op.imm in (O.MEMARG, O.MEMARG_LANE))


@functools.cache
def functions():
    """The functions vector instructions call, by constant name: imported on the first
    translation that needs them (most programs have no vector instruction), and bound
    in the namespace with the function's constants."""
    from ..interp import simd_memory as SM
    from ..interp.simd import SIMD
    from .handlers import as_function
    table = {O.OPCODES[op_id].const_name: fn for op_id, fn in SIMD.items()}
    table.update({O.BY_NAME[name].const_name: as_function(handler) for name, handler in
                  (SM.LOADS | SM.STORES | SM.LANE_ACCESSES).items()})
    assert set(table) == {O.OPCODES[i].const_name for i in PURE | ACCESSES}
    return table
