"""Why a trap happened, in words: the instruction, its operands and the rule that failed.

The engine's trap message is the specification's ("integer divide by zero", "out of
bounds memory access"); `explain(before, error)` adds what the student needs to see the
cause, e.g. "i32.div_s: division by zero" or "i32.load: memory access at 65536+4 beyond
memory size 65536". `before` (effects.Before) is the machine just before the trapping
instruction, with its operands still on the stack.
"""
from .. import opcodes as O
from .. import types as T
from .. import values as V
from ..disasm import func_type_of
from ..runtime.stack import MAX_CALL_DEPTH
from .text import function_name, typed_list


def explain(before, error):
    """One line: the rule the instruction at `before` broke to raise `error`."""
    op = O.OPCODES[before.instr.op]
    message = error.message
    for prefix, rule in _RULES:
        if message.startswith(prefix):
            text = rule(before, op)
            if text:
                return f"{op.name}: {text}"
    return f"{op.name}: {message}"


def operands_text(before):
    operands = before.operands()
    return f"with {typed_list(operands)}" if operands else "with no operands"


def _numbers(before):
    """The operands' values, signed for integers: as the rule speaks of them."""
    return [V.signed32(v) if t == T.I32 else V.signed64(v) if t == T.I64 else v
            for t, v in before.operands()]


# --- arithmetic -----------------------------------------------------------------------------
def _divide_by_zero(before, op):
    return "remainder of a division by zero" if "rem" in op.name else "division by zero"


_BITS = {"i32": 32, "i64": 64}


def _overflow(before, op):
    bits = _BITS[op.name[:3]]
    if ".div_s" in op.name:
        a, _ = _numbers(before)
        return f"{a} / -1 is {-a}, which does not fit in a signed {bits}-bit integer"
    (x,) = _numbers(before)     # a truncation of a float
    low, high = (0, 2 ** bits - 1) if op.name.endswith("_u") else (
        -2 ** (bits - 1), 2 ** (bits - 1) - 1)
    return f"{x} truncates outside the range {low}..{high} of the result"


def _invalid_conversion(before, op):
    return "NaN cannot be converted to an integer"


# --- memory ---------------------------------------------------------------------------------
def _memory(before, index):
    return before.func.instance.mems[index]


def _memory_access(before, op):
    imm = before.instr.imm
    if op.imm in (O.MEMARG, O.MEMARG_LANE):
        _align, offset, memidx = imm[:3]
        size = len(_memory(before, memidx).data)
        # The address is the first operand: below the stored value for a store.
        address = before.values[len(before.values) - before.pops]
        rule = f"memory access at {address}+{offset} beyond memory size {size}"
        end = address + offset + op.width
        if address + offset < size:
            rule += f" (its {op.width} bytes end at {end})"
        return rule
    d, s, n = before.values[-3:]
    if op.name == "memory.fill":
        return _range("bytes", d, n, len(_memory(before, imm).data), "memory size")
    if op.name == "memory.copy":
        dst, src = (len(_memory(before, i).data) for i in imm)
        return (_range("source bytes", s, n, src, "memory size")
                or _range("destination bytes", d, n, dst, "memory size"))
    if op.name == "memory.init":
        dataidx, memidx = imm
        segment = len(before.func.instance.datas[dataidx])
        return (_range("segment bytes", s, n, segment, f"data segment {dataidx} size")
                or _range("bytes", d, n, len(_memory(before, memidx).data), "memory size"))
    return None


def _range(what, start, n, size, limit):
    """The rule of a bulk operation, when [start, start + n) is beyond `size`."""
    if start + n <= size:
        return None
    return f"{what} {start}..{start + n} beyond {limit} {size}"


# --- tables and calls -------------------------------------------------------------------------
def _table_access(before, op):
    tables = before.func.instance.tables
    imm = before.instr.imm
    index = imm if isinstance(imm, int) else imm[1] if op.name == "table.init" else imm[0]
    size = len(tables[index].elements)
    if op.name in ("table.get", "table.set"):
        i = before.values[len(before.values) - before.pops]
        return f"index {i} beyond table size {size}"
    d, _, n = before.values[-3:]
    return f"entries {d}..{d + n} beyond table size {size} (or of the source)"


def _indirect_index(before):
    return before.values[-1]


def _undefined_element(before, op):
    table = before.func.instance.tables[before.instr.imm[1]]
    return f"index {_indirect_index(before)} beyond table size {len(table.elements)}"


def _uninitialized_element(before, op):
    return f"table element {_indirect_index(before)} is null"


def _type_mismatch(before, op):
    expected = func_type_of(before.func.instance.module.ast, before.instr.imm[0])
    callee = before.callee
    return (f"table element {_indirect_index(before)} is {function_name(callee)} of type "
            f"{callee.type}, the call expects {expected}")


def _null_reference(before, op):
    return "the reference is null"


def _unreachable(before, op):
    return ("executed an `unreachable` instruction (compilers put one where control "
            "must never arrive, e.g. after abort() or __builtin_unreachable())")


def _exhausted(before, op):
    return (f"call stack exhausted: {before.depth} frames, the limit is {MAX_CALL_DEPTH} "
            f"(a recursion that does not end?)")


def _uncaught(before, op):
    return "no try_table catches the exception it throws"


_RULES = (
    ("integer divide by zero", _divide_by_zero),
    ("integer overflow", _overflow),
    ("invalid conversion to integer", _invalid_conversion),
    ("out of bounds memory access", _memory_access),
    ("out of bounds table access", _table_access),
    ("undefined element", _undefined_element),
    ("uninitialized element", _uninitialized_element),
    ("indirect call type mismatch", _type_mismatch),
    ("null", _null_reference),
    ("unreachable", _unreachable),
    ("call stack exhausted", _exhausted),
    ("uncaught exception", _uncaught),
)
