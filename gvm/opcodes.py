"""The instruction set of WebAssembly 3.0 (spec section 5.4 "Instructions"), as data.

This table is the single description of every instruction: its binary prefix and code,
its text-format mnemonic, the kind of immediate that follows it in the binary format,
and, for instructions whose operand types are fixed, their type signature. Everything
else derives from it: the decoder reads immediates by `imm`, the validator checks every
instruction that has a `sig` generically, the disassembler prints `name`, and both
engines dispatch on the dense `id`.

Signatures are written `"params -> results"`. The letter `a` stands for the address type
of the memory (or table) the instruction uses: i32, or i64 for a 64-bit memory.
Instructions with `sig=None` (control, parametric, reference and GC instructions) have
hand-written rules in the validator.
"""
from .record import new, record
from functools import lru_cache

from . import types as T

# Immediate kinds: what follows the opcode in the binary format.
NONE = ""
BLOCKTYPE = "blocktype"         # block type (empty, value type or type index)
LABEL = "label"                 # labelidx
LABELS = "labels"               # vec(labelidx) labelidx (br_table)
FUNC = "func"                   # funcidx
TYPE_TABLE = "type_table"       # typeidx tableidx (call_indirect)
LOCAL = "local"                 # localidx
GLOBAL = "global"               # globalidx
TABLE = "table"                 # tableidx
MEMARG = "memarg"               # align offset (and memidx with multi-memory)
MEM = "mem"                     # memidx (a zero byte before multi-memory)
I32 = "i32"                     # signed LEB128, 32 bits
I64 = "i64"                     # signed LEB128, 64 bits
F32 = "f32"                     # 4 bytes, little endian
F64 = "f64"                     # 8 bytes, little endian
HEAPTYPE = "heaptype"           # heap type (ref.null, ref.test, ref.cast)
VALTYPES = "valtypes"           # vec(valtype) (select_t)
ELEM = "elem"                   # elemidx
ELEM_TABLE = "elem_table"       # elemidx tableidx
DATA = "data"                   # dataidx
DATA_MEM = "data_mem"           # dataidx memidx
MEM_MEM = "mem_mem"             # memidx memidx
TABLE_TABLE = "table_table"     # tableidx tableidx
TAG = "tag"                     # tagidx
BLOCKTYPE_CATCHES = "blocktype_catches"  # blocktype vec(catch) (try_table)
TYPE = "type"                   # typeidx
TYPE_FIELD = "type_field"       # typeidx fieldidx
TYPE_TYPE = "type_type"         # typeidx typeidx
TYPE_SIZE = "type_size"         # typeidx u32
TYPE_DATA = "type_data"         # typeidx dataidx
TYPE_ELEM = "type_elem"         # typeidx elemidx
CAST_LABEL = "cast_label"       # castflags labelidx heaptype heaptype (br_on_cast)
V128 = "v128"                   # 16 bytes
SHUFFLE = "shuffle"             # 16 lane indices
LANE = "lane"                   # lane index byte
MEMARG_LANE = "memarg_lane"     # memarg, lane index byte


@record
class Opcode(tuple):
    # id: dense index: the engines' dispatch number
    # prefix: 0 for single-byte opcodes, else 0xFB, 0xFC or 0xFD
    # code: the byte, or the u32 after the prefix
    # name: the text-format mnemonic, e.g. "i32.add"
    # imm: immediate kind, one of the constants above
    # params: operand types popped, or None for hand-written rules
    # results: result types pushed
    # width: bytes accessed by a load or store, else 0
    __slots__ = ()

    def __new__(cls, id, prefix, code, name, imm, params, results, width):
        return new(cls, (id, prefix, code, name, imm, params, results, width))

    @property
    def const_name(self):
        """The Python/C identifier of the instruction: `i32.add` is `I32_ADD`."""
        return self.name.upper().replace(".", "_").replace(" ", "_")

    @property
    def is_numeric(self):
        """Whether this is a numeric instruction of spec section 4.3: no immediate, number
        operands, one number result (this leaves out the consts and the SIMD rows)."""
        return (self.prefix in (0, 0xFC) and self.imm == NONE and self.params is not None
                and len(self.results) == 1
                and all(T.is_num(t) for t in self.params + self.results))


_SIG_TYPES = {**T.BY_NAME, "a": "a"}


@lru_cache(maxsize=None)  # a few dozen distinct signatures for ~500 rows, parsed at start-up
def _sig(text):
    if text is None:
        return None, None
    params, results = text.split("->")
    return (tuple(_SIG_TYPES[t] for t in params.split()),
            tuple(_SIG_TYPES[t] for t in results.split()))


def _width(name, imm):
    """Bytes accessed by a memory instruction, read off its name: the bits after `load` or
    `store` (`i64.load16_s` is 2, `v128.load32_zero` 4, `v128.load8_lane` 1), times the lane
    count for the extending vector loads (`v128.load16x4_s` is 8); without bits, the
    width of the value type (`f64.store` is 8, `v128.load` 16)."""
    if imm not in (MEMARG, MEMARG_LANE):
        return 0
    op = name.split(".", 1)[1]                       # e.g. "load16x4_s"
    digits = op.removeprefix("load").removeprefix("store").split("_")[0]  # "16x4", or ""
    if not digits:
        return 16 if name.startswith("v128") else int(name[1:3]) // 8
    bits, _, lanes = digits.partition("x")
    return int(bits) * int(lanes or 1) // 8


_ROWS = []


def _ops(prefix, first, imm, sig, names):
    """Rows for consecutive opcodes sharing an immediate kind and signature."""
    for i, name in enumerate(names.split()):
        _ROWS.append((prefix, first + i, name, imm, sig))


def _op(prefix, code, name, imm=NONE, sig=None):
    _ROWS.append((prefix, code, name, imm, sig))


# --- Control instructions (5.4.1) -------------------------------------------------------
_op(0, 0x00, "unreachable")
_op(0, 0x01, "nop", sig="->")
_op(0, 0x02, "block", BLOCKTYPE)
_op(0, 0x03, "loop", BLOCKTYPE)
_op(0, 0x04, "if", BLOCKTYPE)
_op(0, 0x05, "else")
_op(0, 0x08, "throw", TAG)
_op(0, 0x0A, "throw_ref")
_op(0, 0x0B, "end")
_op(0, 0x0C, "br", LABEL)
_op(0, 0x0D, "br_if", LABEL)
_op(0, 0x0E, "br_table", LABELS)
_op(0, 0x0F, "return")
_op(0, 0x10, "call", FUNC)
_op(0, 0x11, "call_indirect", TYPE_TABLE)
_op(0, 0x12, "return_call", FUNC)
_op(0, 0x13, "return_call_indirect", TYPE_TABLE)
_op(0, 0x14, "call_ref", TYPE)
_op(0, 0x15, "return_call_ref", TYPE)
_op(0, 0x1F, "try_table", BLOCKTYPE_CATCHES)
_op(0, 0xD5, "br_on_null", LABEL)
_op(0, 0xD6, "br_on_non_null", LABEL)

# --- Parametric instructions (5.4.3) ----------------------------------------------------
_op(0, 0x1A, "drop")
_op(0, 0x1B, "select")
_op(0, 0x1C, "select_t", VALTYPES)  # text format: `select (result t)`

# --- Variable instructions (5.4.4) ------------------------------------------------------
_op(0, 0x20, "local.get", LOCAL)
_op(0, 0x21, "local.set", LOCAL)
_op(0, 0x22, "local.tee", LOCAL)
_op(0, 0x23, "global.get", GLOBAL)
_op(0, 0x24, "global.set", GLOBAL)

# --- Table instructions (5.4.5) ---------------------------------------------------------
_op(0, 0x25, "table.get", TABLE)
_op(0, 0x26, "table.set", TABLE)
_op(0xFC, 12, "table.init", ELEM_TABLE)
_op(0xFC, 13, "elem.drop", ELEM)
_op(0xFC, 14, "table.copy", TABLE_TABLE)
_op(0xFC, 15, "table.grow", TABLE)
_op(0xFC, 16, "table.size", TABLE)
_op(0xFC, 17, "table.fill", TABLE)

# --- Memory instructions (5.4.6) --------------------------------------------------------
_ops(0, 0x28, MEMARG, "a -> i32", "i32.load")
_ops(0, 0x29, MEMARG, "a -> i64", "i64.load")
_ops(0, 0x2A, MEMARG, "a -> f32", "f32.load")
_ops(0, 0x2B, MEMARG, "a -> f64", "f64.load")
_ops(0, 0x2C, MEMARG, "a -> i32", "i32.load8_s i32.load8_u i32.load16_s i32.load16_u")
_ops(0, 0x30, MEMARG, "a -> i64",
     "i64.load8_s i64.load8_u i64.load16_s i64.load16_u i64.load32_s i64.load32_u")
_ops(0, 0x36, MEMARG, "a i32 ->", "i32.store")
_ops(0, 0x37, MEMARG, "a i64 ->", "i64.store")
_ops(0, 0x38, MEMARG, "a f32 ->", "f32.store")
_ops(0, 0x39, MEMARG, "a f64 ->", "f64.store")
_ops(0, 0x3A, MEMARG, "a i32 ->", "i32.store8 i32.store16")
_ops(0, 0x3C, MEMARG, "a i64 ->", "i64.store8 i64.store16 i64.store32")
_op(0, 0x3F, "memory.size", MEM, "-> a")
_op(0, 0x40, "memory.grow", MEM, "a -> a")
_op(0xFC, 8, "memory.init", DATA_MEM, "a i32 i32 ->")
_op(0xFC, 9, "data.drop", DATA, "->")
_op(0xFC, 10, "memory.copy", MEM_MEM)  # address types of two memories: hand-written
_op(0xFC, 11, "memory.fill", MEM, "a i32 a ->")

# --- Numeric instructions (5.4.7) -------------------------------------------------------
_op(0, 0x41, "i32.const", I32, "-> i32")
_op(0, 0x42, "i64.const", I64, "-> i64")
_op(0, 0x43, "f32.const", F32, "-> f32")
_op(0, 0x44, "f64.const", F64, "-> f64")
_ops(0, 0x45, NONE, "i32 -> i32", "i32.eqz")
_ops(0, 0x46, NONE, "i32 i32 -> i32",
     "i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u")
_ops(0, 0x50, NONE, "i64 -> i32", "i64.eqz")
_ops(0, 0x51, NONE, "i64 i64 -> i32",
     "i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u")
_ops(0, 0x5B, NONE, "f32 f32 -> i32", "f32.eq f32.ne f32.lt f32.gt f32.le f32.ge")
_ops(0, 0x61, NONE, "f64 f64 -> i32", "f64.eq f64.ne f64.lt f64.gt f64.le f64.ge")
_ops(0, 0x67, NONE, "i32 -> i32", "i32.clz i32.ctz i32.popcnt")
_ops(0, 0x6A, NONE, "i32 i32 -> i32",
     "i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u i32.and i32.or "
     "i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr")
_ops(0, 0x79, NONE, "i64 -> i64", "i64.clz i64.ctz i64.popcnt")
_ops(0, 0x7C, NONE, "i64 i64 -> i64",
     "i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u i64.and i64.or "
     "i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr")
_ops(0, 0x8B, NONE, "f32 -> f32",
     "f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt")
_ops(0, 0x92, NONE, "f32 f32 -> f32",
     "f32.add f32.sub f32.mul f32.div f32.min f32.max f32.copysign")
_ops(0, 0x99, NONE, "f64 -> f64",
     "f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt")
_ops(0, 0xA0, NONE, "f64 f64 -> f64",
     "f64.add f64.sub f64.mul f64.div f64.min f64.max f64.copysign")
_ops(0, 0xA7, NONE, "i64 -> i32", "i32.wrap_i64")
_ops(0, 0xA8, NONE, "f32 -> i32", "i32.trunc_f32_s i32.trunc_f32_u")
_ops(0, 0xAA, NONE, "f64 -> i32", "i32.trunc_f64_s i32.trunc_f64_u")
_ops(0, 0xAC, NONE, "i32 -> i64", "i64.extend_i32_s i64.extend_i32_u")
_ops(0, 0xAE, NONE, "f32 -> i64", "i64.trunc_f32_s i64.trunc_f32_u")
_ops(0, 0xB0, NONE, "f64 -> i64", "i64.trunc_f64_s i64.trunc_f64_u")
_ops(0, 0xB2, NONE, "i32 -> f32", "f32.convert_i32_s f32.convert_i32_u")
_ops(0, 0xB4, NONE, "i64 -> f32", "f32.convert_i64_s f32.convert_i64_u")
_ops(0, 0xB6, NONE, "f64 -> f32", "f32.demote_f64")
_ops(0, 0xB7, NONE, "i32 -> f64", "f64.convert_i32_s f64.convert_i32_u")
_ops(0, 0xB9, NONE, "i64 -> f64", "f64.convert_i64_s f64.convert_i64_u")
_ops(0, 0xBB, NONE, "f32 -> f64", "f64.promote_f32")
_ops(0, 0xBC, NONE, "f32 -> i32", "i32.reinterpret_f32")
_ops(0, 0xBD, NONE, "f64 -> i64", "i64.reinterpret_f64")
_ops(0, 0xBE, NONE, "i32 -> f32", "f32.reinterpret_i32")
_ops(0, 0xBF, NONE, "i64 -> f64", "f64.reinterpret_i64")
_ops(0, 0xC0, NONE, "i32 -> i32", "i32.extend8_s i32.extend16_s")
_ops(0, 0xC2, NONE, "i64 -> i64", "i64.extend8_s i64.extend16_s i64.extend32_s")
_ops(0xFC, 0, NONE, "f32 -> i32", "i32.trunc_sat_f32_s i32.trunc_sat_f32_u")
_ops(0xFC, 2, NONE, "f64 -> i32", "i32.trunc_sat_f64_s i32.trunc_sat_f64_u")
_ops(0xFC, 4, NONE, "f32 -> i64", "i64.trunc_sat_f32_s i64.trunc_sat_f32_u")
_ops(0xFC, 6, NONE, "f64 -> i64", "i64.trunc_sat_f64_s i64.trunc_sat_f64_u")

# --- Reference instructions (5.4.2) -----------------------------------------------------
_op(0, 0xD0, "ref.null", HEAPTYPE)
_op(0, 0xD1, "ref.is_null")
_op(0, 0xD2, "ref.func", FUNC)
_op(0, 0xD3, "ref.eq")
_op(0, 0xD4, "ref.as_non_null")

# --- Aggregate (GC) instructions, WebAssembly 3.0 ---------------------------------------
_op(0xFB, 0, "struct.new", TYPE)
_op(0xFB, 1, "struct.new_default", TYPE)
_op(0xFB, 2, "struct.get", TYPE_FIELD)
_op(0xFB, 3, "struct.get_s", TYPE_FIELD)
_op(0xFB, 4, "struct.get_u", TYPE_FIELD)
_op(0xFB, 5, "struct.set", TYPE_FIELD)
_op(0xFB, 6, "array.new", TYPE)
_op(0xFB, 7, "array.new_default", TYPE)
_op(0xFB, 8, "array.new_fixed", TYPE_SIZE)
_op(0xFB, 9, "array.new_data", TYPE_DATA)
_op(0xFB, 10, "array.new_elem", TYPE_ELEM)
_op(0xFB, 11, "array.get", TYPE)
_op(0xFB, 12, "array.get_s", TYPE)
_op(0xFB, 13, "array.get_u", TYPE)
_op(0xFB, 14, "array.set", TYPE)
_op(0xFB, 15, "array.len")
_op(0xFB, 16, "array.fill", TYPE)
_op(0xFB, 17, "array.copy", TYPE_TYPE)
_op(0xFB, 18, "array.init_data", TYPE_DATA)
_op(0xFB, 19, "array.init_elem", TYPE_ELEM)
_op(0xFB, 20, "ref.test", HEAPTYPE)
_op(0xFB, 21, "ref.test null", HEAPTYPE)
_op(0xFB, 22, "ref.cast", HEAPTYPE)
_op(0xFB, 23, "ref.cast null", HEAPTYPE)
_op(0xFB, 24, "br_on_cast", CAST_LABEL)
_op(0xFB, 25, "br_on_cast_fail", CAST_LABEL)
_op(0xFB, 26, "any.convert_extern")
_op(0xFB, 27, "extern.convert_any")
_op(0xFB, 28, "ref.i31", NONE, "i32 -> ")  # result is (ref i31): completed in the validator
_op(0xFB, 29, "i31.get_s")
_op(0xFB, 30, "i31.get_u")

# --- Vector (SIMD) instructions (5.4.8) are listed in simd_opcodes.py -------------------
from .simd_opcodes import SIMD_ROWS  # noqa: E402  (rows in this same format)

_ROWS.extend(SIMD_ROWS)


def _build():
    table = []
    for i, (prefix, code, name, imm, sig) in enumerate(_ROWS):
        params, results = _sig(sig)
        table.append(Opcode(i, prefix, code, name, imm, params, results, _width(name, imm)))
    return tuple(table)


OPCODES = _build()
BY_NAME = {op.name: op for op in OPCODES}

# One module-level constant per instruction, named after it: OPCODES[I32_ADD].name == "i32.add".
# They must not overwrite the names above (immediate kinds once shared names with
# br_table, call_indirect, select_t, try_table and br_on_cast and were silently lost).
_INSTRUCTION_CONSTANTS = {op.const_name: op.id for op in OPCODES}
assert not _INSTRUCTION_CONSTANTS.keys() & globals().keys(), \
    sorted(_INSTRUCTION_CONSTANTS.keys() & globals().keys())
globals().update(_INSTRUCTION_CONSTANTS)
