"""Types of the WebAssembly specification (section 2.3 "Types").

Value types are plain ints equal to their binary encoding, so the decoder, validator
and engines compare them cheaply; so are the nullable abstract reference types
(funcref, externref, anyref ...). Other reference types (non-null ones, or ones naming
a type index) are `RefType` tuples.
"""
from collections import namedtuple

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


class RefType(namedtuple("RefType", "nullable heap")):
    """`(ref null? heaptype)` where heaptype is an abstract type code or a type index."""
    __slots__ = ()


def is_num(t):
    return t in NUM_TYPES


def type_name(t):
    if type(t) is RefType:
        return f"(ref {'null ' if t.nullable else ''}{t.heap})"
    return TYPE_NAMES.get(t, f"<type {t!r}>")


class TypeIdx(int):
    """A block type given as an index into the type section (multi-value blocks).
    Other block types are `None` (no result) or a single value type."""


class FuncType(namedtuple("FuncType", "params results")):
    __slots__ = ()

    def __str__(self):
        def names(ts):
            return " ".join(type_name(t) for t in ts)
        return f"[{names(self.params)}] -> [{names(self.results)}]"


class Limits(namedtuple("Limits", "min max")):
    __slots__ = ()


class Limits64(Limits):
    """Limits of a memory or table whose address type is i64 (memory64)."""
    __slots__ = ()


def is_64(limits):
    """Whether a memory or table with these limits is addressed by i64."""
    return type(limits) is Limits64


class TableType(namedtuple("TableType", "limits elem")):
    # elem: a reference type
    __slots__ = ()


class MemType(namedtuple("MemType", "limits")):
    # limits: in pages of 64 KiB
    __slots__ = ()


class GlobalType(namedtuple("GlobalType", "valtype mutable")):
    __slots__ = ()


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
