"""Types of the WebAssembly specification (section 2.3 "Types").

Value types are plain ints equal to their binary encoding, so the decoder, validator
and engines compare them cheaply; so are the nullable abstract reference types
(funcref, externref, anyref ...). Other reference types (non-null ones, or ones naming
a type index) are `RefType` tuples.
"""
from .record import new, record

I32 = 0x7F
I64 = 0x7E
F32 = 0x7D
F64 = 0x7C
V128 = 0x7B
FUNCREF = 0x70
EXTERNREF = 0x6F

NUM_TYPES = (I32, I64, F32, F64)
REF_TYPES = (FUNCREF, EXTERNREF)

TYPE_NAMES = {I32: "i32", I64: "i64", F32: "f32", F64: "f64", V128: "v128",
              FUNCREF: "funcref", EXTERNREF: "externref"}
BY_NAME = {name: code for code, name in TYPE_NAMES.items()}

# The abstract heap types (binary codes as in gvm.binary.types) by their text names; a
# nullable reference to one of them is written `NAMEref` (anyref), `nullref` for none.
HEAP_NAMES = {0x70: "func", 0x6F: "extern", 0x6E: "any", 0x6D: "eq", 0x6C: "i31",
              0x6B: "struct", 0x6A: "array", 0x69: "exn", 0x71: "none", 0x72: "noextern",
              0x73: "nofunc", 0x74: "noexn"}
_SHORTHANDS = {code: ("null" + name[2:] if name.startswith("no") else name) + "ref"
               for code, name in HEAP_NAMES.items()} | {0x71: "nullref"}
# Heap types whose references are GC objects (structures, arrays, i31) or may be.
GC_HEAPS = frozenset({0x6E, 0x6D, 0x6C, 0x6B, 0x6A, 0x71})


@record
class RefType(tuple):
    """`(ref null? heaptype)` where heaptype is an abstract type code or a type index."""
    __slots__ = ()

    def __new__(cls, nullable, heap):
        return new(cls, (nullable, heap))


def is_num(t):
    return t in NUM_TYPES


def type_name(t):
    if type(t) is RefType:
        heap = HEAP_NAMES.get(t.heap, t.heap) if type(t.heap) is not TypeIdx else t.heap
        return f"(ref {'null ' if t.nullable else ''}{heap})"
    return TYPE_NAMES.get(t) or _SHORTHANDS.get(t) or f"<type {t!r}>"


def is_gc_ref(t):
    """Whether values of type t may be GC references (of the any hierarchy, or of a
    concrete type, which a struct or array type is; function types are not told apart
    here)."""
    if type(t) is RefType:
        return type(t.heap) is TypeIdx or t.heap in GC_HEAPS
    return t in GC_HEAPS


class TypeIdx(int):
    """A block type given as an index into the type section (multi-value blocks).
    Other block types are `None` (no result) or a single value type."""


@record
class FuncType(tuple):
    __slots__ = ()

    def __new__(cls, params, results):
        return new(cls, (params, results))

    def __str__(self):
        def names(ts):
            return " ".join(type_name(t) for t in ts)
        return f"[{names(self.params)}] -> [{names(self.results)}]"


@record
class Limits(tuple):
    __slots__ = ()

    def __new__(cls, min, max):
        return new(cls, (min, max))


class Limits64(Limits):
    """Limits of a memory or table whose address type is i64 (memory64)."""
    __slots__ = ()


def is_64(limits):
    """Whether a memory or table with these limits is addressed by i64."""
    return type(limits) is Limits64


@record
class TableType(tuple):
    # elem: a reference type
    __slots__ = ()

    def __new__(cls, limits, elem):
        return new(cls, (limits, elem))


@record
class MemType(tuple):
    # limits: in pages of 64 KiB
    __slots__ = ()

    def __new__(cls, limits):
        return new(cls, (limits,))


@record
class GlobalType(tuple):
    __slots__ = ()

    def __new__(cls, valtype, mutable):
        return new(cls, (valtype, mutable))


PAGE_SIZE = 65536
MAX_PAGES = 65536

# External kinds, as in the import/export descriptors of the binary format.
EXTERN_FUNC = 0
EXTERN_TABLE = 1
EXTERN_MEMORY = 2
EXTERN_GLOBAL = 3
EXTERN_TAG = 4
EXTERN_NAMES = {EXTERN_FUNC: "func", EXTERN_TABLE: "table", EXTERN_MEMORY: "memory",
                EXTERN_GLOBAL: "global", EXTERN_TAG: "tag"}
