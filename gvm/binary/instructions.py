"""Instructions and expressions: spec section 5.4 "Instructions" and 5.4.9 "Expressions".

An expression decodes to a flat sequence of `Instr` ending with the `end` that closes it
(a list for constant expressions; function bodies decode on the fly, see code.py).
What follows an opcode is read by the reader registered for the opcode's immediate kind
in gvm.opcodes; the only instructions treated apart are the ones that shape the nesting:
`block`, `loop`, `if` and `try_table` open a block, `else` may only appear once in an
`if`, and `end` closes the innermost block or, at depth zero, the expression.
"""
from .. import opcodes as O
from ..module import Instr
from ..types import TypeIdx
from ..values import MASK32, MASK64, f32_from_bits, f64_from_bits
from .proposals import opcode_table
from .types import is_one_byte_negative, s33_type_index, heap_type, val_type


# --- Indices (5.5.1) --------------------------------------------------------------------

def index(r):
    return r.u32()


def mem_index(r):
    """Before multiple memories the memory index is a reserved zero byte."""
    if "multi_memory" in r.features:
        return r.u32()
    r.expect(0x00, "zero byte expected")
    return 0


def index_pair(r):
    first = r.u32()
    return first, r.u32()


# --- Control instructions (5.4.1) -------------------------------------------------------

def block_type(r):
    """None for no result, a value type for one, or TypeIdx(n) for a function type."""
    b = r.peek()
    if b == 0x40:
        r.byte()
        return None
    if is_one_byte_negative(b):
        return val_type(r)
    return TypeIdx(s33_type_index(r))


def br_table(r):
    labels = tuple(r.vec(lambda: r.u32()))
    return labels, r.u32()


CATCH, CATCH_REF, CATCH_ALL, CATCH_ALL_REF = range(4)


def catch_clause(r):
    """(kind, tag index or None, label)."""
    start = r.pos
    kind = r.byte()
    if kind in (CATCH, CATCH_REF):
        tag = r.u32()
        return kind, tag, r.u32()
    r.require(kind in (CATCH_ALL, CATCH_ALL_REF), "malformed catch clause", start)
    return kind, None, r.u32()


def try_table(r):
    blocktype = block_type(r)
    return blocktype, tuple(r.vec(lambda: catch_clause(r)))


# --- Reference and parametric instructions (5.4.2, 5.4.3) -------------------------------

def br_on_cast(r):
    """(flags, label, heap type 1, heap type 2); flag bits 0 and 1 make the first and
    second reference type nullable."""
    start = r.pos
    flags = r.byte()
    r.require(not flags & ~0x03, "malformed br_on_cast flags", start)
    label = r.u32()
    heap1 = heap_type(r)
    return flags, label, heap1, heap_type(r)


def select_types(r):
    return tuple(r.vec(lambda: val_type(r)))


# --- Memory instructions (5.4.6) --------------------------------------------------------

def memarg(r):
    """(alignment exponent, offset, memory index). With multiple memories, bit 6 of the
    flags says a memory index follows and bits 0-5 hold the alignment; before, the flags
    are the alignment alone, below 32."""
    start = r.pos
    flags = r.u32()
    if "multi_memory" in r.features:
        r.require(flags < 0x80, "malformed memop flags", start)
        memory = r.u32() if flags & 0x40 else 0
        align = flags & 0x3F
    else:
        r.require(flags < 32, "malformed memop flags", start)
        memory, align = 0, flags
    offset = r.u64() if "memory64" in r.features else r.u32()
    return align, offset, memory


def memarg_lane(r):
    align, offset, memory = memarg(r)
    return align, offset, memory, r.byte()


def data_mem(r):
    data = r.u32()
    return data, mem_index(r)


def mem_mem(r):
    dst = mem_index(r)
    return dst, mem_index(r)


# --- Numeric and vector constants (5.4.7, 5.4.8) ----------------------------------------

def i32_const(r):
    return r.s32() & MASK32


def i64_const(r):
    return r.s64() & MASK64


def f32_const(r):
    return f32_from_bits(int.from_bytes(r.bytes(4), "little"))


def f64_const(r):
    return f64_from_bits(int.from_bytes(r.bytes(8), "little"))


def v128_const(r):
    return int.from_bytes(r.bytes(16), "little")


def shuffle_lanes(r):
    return r.bytes(16)


def lane(r):
    return r.byte()


IMMEDIATES = {
    O.NONE: lambda r: None,
    O.BLOCKTYPE: block_type,
    O.LABEL: index,
    O.LABELS: br_table,
    O.FUNC: index,
    O.TYPE_TABLE: index_pair,        # type index, table index
    O.LOCAL: index,
    O.GLOBAL: index,
    O.TABLE: index,
    O.MEMARG: memarg,
    O.MEM: mem_index,
    O.I32: i32_const,
    O.I64: i64_const,
    O.F32: f32_const,
    O.F64: f64_const,
    O.HEAPTYPE: heap_type,
    O.VALTYPES: select_types,
    O.ELEM: index,
    O.ELEM_TABLE: index_pair,        # element index, table index
    O.DATA: index,
    O.DATA_MEM: data_mem,
    O.MEM_MEM: mem_mem,
    O.TABLE_TABLE: index_pair,       # destination, source
    O.TAG: index,
    O.BLOCKTYPE_CATCHES: try_table,
    O.TYPE: index,
    O.TYPE_FIELD: index_pair,
    O.TYPE_TYPE: index_pair,
    O.TYPE_SIZE: index_pair,
    O.TYPE_DATA: index_pair,
    O.TYPE_ELEM: index_pair,
    O.CAST_LABEL: br_on_cast,
    O.V128: v128_const,
    O.SHUFFLE: shuffle_lanes,
    O.LANE: lane,
    O.MEMARG_LANE: memarg_lane,
}

# Immediate kinds of the instructions that open a block closed by `end`.
BLOCK_IMMEDIATES = (O.BLOCKTYPE, O.BLOCKTYPE_CATCHES)
# Immediate kinds of the instructions that name a data segment.
DATA_IMMEDIATES = (O.DATA, O.DATA_MEM, O.TYPE_DATA)


# --- Opcodes and expressions ------------------------------------------------------------

def opcode(r, table):
    """The Opcode at the cursor: a byte, or a prefix byte and a u32."""
    start = r.pos
    b = r.byte()
    op = table.single_byte[b]
    if op is not None:
        return op
    if b not in table.prefixes:
        r.error(f"illegal opcode {b:02x}", start)
    code = r.u32()
    op = table.by_code.get((b, code))
    if op is None:
        # The reference interpreter names unknown vector opcodes by their code alone.
        r.error(f"illegal opcode {code:02x}" if b == 0xFD else f"illegal opcode {b:02x} {code:02x}",
                start)
    return op


def instructions(r, data_count=True):
    """The instructions at the cursor up to and including the `end` that closes the
    expression, one at a time. Without a data count section (`data_count` false) an
    instruction naming a data segment is malformed: its index would refer to a section
    that comes later, and could not be validated in one pass."""
    table = opcode_table(r.features)
    open_blocks = []  # opcode id of each enclosing block; ELSE once an `if` reached it
    while True:
        start = r.pos
        op = opcode(r, table)
        if op.id == O.END:
            yield Instr(O.END, None, start)
            if not open_blocks:
                return
            open_blocks.pop()
        elif op.id == O.ELSE:
            # Anywhere but in the first part of an `if`, the spec's decoder wants the end.
            r.require(open_blocks and open_blocks[-1] == O.IF, "END opcode expected", start)
            open_blocks[-1] = O.ELSE
            yield Instr(O.ELSE, None, start)
        else:
            if not data_count and op.imm in DATA_IMMEDIATES:
                r.error("data count section required", r.end)
            yield Instr(op.id, IMMEDIATES[op.imm](r), start)
            if op.imm in BLOCK_IMMEDIATES:
                open_blocks.append(op.id)


def expr(r):
    """A constant expression, as a list of instructions ending with its `end`."""
    return list(instructions(r))
