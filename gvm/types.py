"""Types of the WebAssembly specification (section 2.3 "Types").

Value types are plain ints equal to their binary encoding, so the decoder, validator
and engines compare them cheaply. Reference types with a heap type other than the
abstract `func` / `extern` (typed function references, GC) are `RefType` tuples.
"""
from typing import NamedTuple

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


class RefType(NamedTuple):
    """`(ref null? heaptype)` where heaptype is an abstract type code or a type index."""
    nullable: bool
    heap: int


def is_num(t):
    return t in NUM_TYPES


def type_name(t):
    if type(t) is RefType:
        return f"(ref {'null ' if t.nullable else ''}{t.heap})"
    return TYPE_NAMES.get(t, f"<type {t!r}>")


class TypeIdx(int):
    """A block type given as an index into the type section (multi-value blocks).
    Other block types are `None` (no result) or a single value type."""


class FuncType(NamedTuple):
    params: tuple
    results: tuple

    def __str__(self):
        def names(ts):
            return " ".join(type_name(t) for t in ts)
        return f"[{names(self.params)}] -> [{names(self.results)}]"


class Limits(NamedTuple):
    min: int
    max: int | None


class Limits64(Limits):
    """Limits of a memory or table whose address type is i64 (memory64)."""
    __slots__ = ()


def is_64(limits):
    """Whether a memory or table with these limits is addressed by i64."""
    return type(limits) is Limits64


class TableType(NamedTuple):
    limits: Limits
    elem: object  # a reference type


class MemType(NamedTuple):
    limits: Limits  # in pages of 64 KiB


class GlobalType(NamedTuple):
    valtype: object
    mutable: bool


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
