"""Types: spec section 5.3 "Types" (value, heap and reference types, composite and
recursive types of GC, limits, table, memory, global and tag types).

Value types decode to the representation of gvm.types: an int equal to the type's byte
for the number and vector types and for every nullable abstract reference type (the
shorthands funcref 0x70, externref 0x6F, anyref 0x6E, ...), so that `(ref null func)`
written out as `0x63 0x70` is the same value as `funcref`. Other reference types are
`RefType(nullable, heap)`, the heap type being an abstract type's byte or a `TypeIdx`.

The GC type definitions have no counterpart in gvm.types; their tuples are defined here.
"""
from ..record import new, record

from .. import types as T
from ..errors import DecodeError

# --- Abstract heap types (5.3.3) --------------------------------------------------------

FUNC, EXTERN, ANY, EQ, I31 = 0x70, 0x6F, 0x6E, 0x6D, 0x6C
STRUCT, ARRAY, EXN = 0x6B, 0x6A, 0x69
NONE, NOEXTERN, NOFUNC, NOEXN = 0x71, 0x72, 0x73, 0x74

# The feature that introduced each abstract heap type.
ABSTRACT_HEAP_TYPES = {
    FUNC: "reference_types", EXTERN: "reference_types",
    ANY: "gc", EQ: "gc", I31: "gc", STRUCT: "gc", ARRAY: "gc",
    NONE: "gc", NOEXTERN: "gc", NOFUNC: "gc",
    EXN: "exceptions", NOEXN: "exceptions",
}

REF_NULL = 0x63      # (ref null ht)
REF = 0x64           # (ref ht)

# --- Packed storage types of GC fields (5.3.6) ------------------------------------------

I8 = 0x78
I16 = 0x77
PACKED_TYPES = (I8, I16)


@record
class FieldType(tuple):
    # storage: a value type, I8 or I16
    __slots__ = ()

    def __new__(cls, storage, mutable):
        return new(cls, (storage, mutable))


@record
class StructType(tuple):
    # fields: FieldType per field
    __slots__ = ()

    def __new__(cls, fields):
        return new(cls, (fields,))


@record
class ArrayType(tuple):
    __slots__ = ()

    def __new__(cls, field):
        return new(cls, (field,))


@record
class SubType(tuple):
    """A type definition that is more than a bare composite type: it is open to subtypes
    (`sub` without `final`), names supertypes, or shares a recursion group with other
    types. A bare FuncType, StructType or ArrayType in `module.types` is final, has no
    supertypes and is alone in its recursion group."""
    # supers: type indices
    # comp: FuncType, StructType or ArrayType
    # group_start: type index of the first type of its recursion group
    # group_size: number of types in that group
    __slots__ = ()

    def __new__(cls, final, supers, comp, group_start, group_size):
        return new(cls, (final, supers, comp, group_start, group_size))


def as_sub_type(t, index):
    """Type definition `t` of type index `index` as a SubType, also when it is bare."""
    return t if type(t) is SubType else SubType(True, (), t, index, 1)


Limits64 = T.Limits64


@record
class TableWithInit(tuple):
    """A defined table whose elements start as the value of a constant expression
    (typed function references); it reads like a TableType plus `init`."""
    # init: constant expression
    __slots__ = ()

    def __new__(cls, limits, elem, init):
        return new(cls, (limits, elem, init))


# --- Small helpers ----------------------------------------------------------------------

def _code(r):
    """A one-byte type code, read as the spec does: as a signed LEB128 of 7 bits, so a
    byte with the continuation bit set is an over-long integer."""
    b = r.byte()
    r.require(not b & 0x80, "integer representation too long")
    return b


def is_one_byte_negative(b):
    """Does this byte on its own encode a negative s33 (a type code, not an index)?"""
    return b is not None and b & 0xC0 == 0x40


def s33_type_index(r):
    """A type index given as a non-negative s33 where negative one-byte values are type
    codes. When the s33 fails or is negative, the spec's decoder retries the first byte as
    a type code, which fails for its continuation bit: hence the message."""
    start = r.pos
    try:
        index = r.s33()
    except DecodeError:
        index = -1
    r.require(0 <= index < 1 << 31, "integer representation too long", start + 1)
    return index


def type_index(r):
    """A type index where the spec reads a `typeuse`: a u32 that fits an int32."""
    start = r.pos
    index = r.u32()
    r.require(index < 1 << 31, "malformed type index", start)
    return index


# --- Heap, reference and value types (5.3.1 - 5.3.4) ------------------------------------

def heap_type(r):
    """An abstract heap type's byte, or TypeIdx(n)."""
    if "function_references" not in r.features:
        # Before typed references, `ref.null` names a reference type instead.
        start = r.pos
        code = _code(r)
        r.require(code in (FUNC, EXTERN), "malformed reference type", start)
        return code
    if not is_one_byte_negative(r.peek()):
        return T.TypeIdx(s33_type_index(r))
    start = r.pos
    code = _code(r)
    r.require(ABSTRACT_HEAP_TYPES.get(code) in r.features, "malformed heap type", start)
    return code


def _ref_type_after(r, code, start):
    """The rest of a reference type whose first byte `code` has been read."""
    if code in (REF_NULL, REF) and "function_references" in r.features:
        heap = heap_type(r)
        if code == REF_NULL and type(heap) is not T.TypeIdx:
            return heap  # the shorthand: (ref null func) is funcref
        return T.RefType(code == REF_NULL, heap)
    r.require(ABSTRACT_HEAP_TYPES.get(code) in r.features, "malformed reference type", start)
    return code


def ref_type(r):
    start = r.pos
    return _ref_type_after(r, _code(r), start)


def val_type(r):
    start = r.pos
    code = _code(r)
    if code in T.NUM_TYPES or (code == T.V128 and "simd" in r.features):
        return code
    return _ref_type_after(r, code, start)


def result_type(r):
    return tuple(r.vec(lambda: val_type(r)))


# --- Composite and recursive types (5.3.6 - 5.3.8) --------------------------------------

def func_type(r):
    params = result_type(r)
    return T.FuncType(params, result_type(r))


def mutability(r):
    start = r.pos
    b = r.byte()
    r.require(b in (0, 1), "malformed mutability", start)
    return b == 1


def storage_type(r):
    if r.peek() in PACKED_TYPES:
        return r.byte()
    start = r.pos
    try:
        return val_type(r)
    except DecodeError:
        # The spec tries a value type, then a packed type: the last failure is reported.
        r.pos = start
        _code(r)
        r.error("malformed storage type", start)


def field_type(r):
    storage = storage_type(r)
    return FieldType(storage, mutability(r))


def comp_type(r):
    start = r.pos
    code = _code(r)
    if code == 0x60:
        return func_type(r)
    gc = "gc" in r.features
    if gc and code == 0x5F:
        return StructType(tuple(r.vec(lambda: field_type(r))))
    if gc and code == 0x5E:
        return ArrayType(field_type(r))
    r.error("malformed definition type" if gc else "malformed function type", start)


def sub_type(r):
    """(final, supertypes, composite type) of one type definition."""
    if "gc" in r.features and r.peek() in (0x50, 0x4F):
        final = r.byte() == 0x4F
        supers = tuple(r.vec(lambda: type_index(r)))
        return final, supers, comp_type(r)
    return True, (), comp_type(r)


def rec_type(r, first_index):
    """The types a recursion group defines, the first of them getting index `first_index`.
    Without the `rec` prefix a definition is a group of its own."""
    if "gc" in r.features and r.peek() == 0x4E:
        r.byte()
        subs = r.vec(lambda: sub_type(r))
    else:
        subs = [sub_type(r)]
    return [comp if final and not supers and len(subs) == 1
            else SubType(final, supers, comp, first_index, len(subs))
            for final, supers, comp in subs]


# --- Limits and the types of tables, memories, globals and tags (5.3.9 - 5.3.13) --------

# Bit 1 of the limits flags marks a shared memory (the threads proposal, not in GVM).
SHARED_FLAG = 0x02
_NO_THREADS = "shared memories (threads) are not supported"


def limits(r, memory=False):
    """Limits; `memory` when they are a memory's, whose flags may ask for sharing."""
    start = r.pos
    if "memory64" not in r.features:
        if memory and r.peek() in (SHARED_FLAG, SHARED_FLAG | 1):
            r.error(f"integer too large: the flag of a shared memory: {_NO_THREADS}", start)
        has_max = r.uN(1)  # WebAssembly 2.0: a flag that is a LEB128 integer of one bit
        minimum = r.u32()
        return T.Limits(minimum, r.u32() if has_max else None)
    flags = r.byte()
    # bit 0: a maximum follows; bit 2: the address type is i64
    if memory and flags & ~0x07 == 0 and flags & SHARED_FLAG:
        r.error(f"malformed limits flags: {_NO_THREADS}", start)
    r.require(flags & ~0x05 == 0, "malformed limits flags", start)
    minimum = r.u64()
    maximum = r.u64() if flags & 1 else None
    return (Limits64 if flags & 4 else T.Limits)(minimum, maximum)


def table_type(r):
    elem = ref_type(r)
    return T.TableType(limits(r), elem)


def mem_type(r):
    return T.MemType(limits(r, memory=True))


def global_type(r):
    valtype = val_type(r)
    return T.GlobalType(valtype, mutability(r))


def tag_type(r):
    """The type index of an exception tag, after its attribute byte (always 0)."""
    r.expect(0x00, "zero byte expected")
    return type_index(r)
