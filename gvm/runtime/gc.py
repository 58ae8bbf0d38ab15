"""GC objects (spec 4.2.x "Aggregate Instances", WebAssembly 3.0): structures, arrays
and unboxed scalars (i31), as both engines hold them.

They are plain Python objects: Python's reference counting and cycle collector own
them, there is no collector of our own. Each structure or array points to the runtime
type (`RTT`) of its defined type: the canonical keys of that type and of all its
supertypes, which casts test (as `WasmFunction.type_ids` does for functions).

Packed fields (i8, i16) hold their unsigned bit pattern; `struct.get_s` and friends
sign-extend on reading. Every other field holds a value in gvm.values' representation.
"""
import gc

from .. import types as T
from .. import values as V
from ..binary.types import I8, I16, StructType
from ..errors import Exhaustion, Trap
from .limits import size_text

# Bytes an array element costs the host at most (a list slot of 8 bytes): how an array's
# size is counted against the instance's memory cap.
ELEMENT_BYTES = 8
# Without a `max_memory`, one array may take at most this many bytes.
DEFAULT_MAX_ARRAY_BYTES = 1 << 30


class Budget:
    """The bytes an instance's live GC arrays take (ELEMENT_BYTES an element), against
    its memory cap `max_memory` (None: no cap on the sum, DEFAULT_MAX_ARRAY_BYTES on one
    array). Arrays add themselves when made and take themselves off when Python frees
    them, so only what is live counts."""
    __slots__ = ("live", "limit")

    def __init__(self, max_memory):
        self.live = 0
        self.limit = max_memory

PACK_MASKS = {I8: 0xFF, I16: 0xFFFF}


class RTT:
    """The runtime type of a structure or array: its type index in the defining module
    (for display), the composite type, and `type_ids`, the keys a cast may name."""
    __slots__ = ("index", "comp", "type_ids", "defaults", "masks", "is_struct", "packed")

    def __init__(self, index, comp, type_ids):
        self.index = index
        self.comp = comp
        self.type_ids = type_ids
        self.is_struct = type(comp) is StructType
        fields = comp.fields if self.is_struct else (comp.field,)
        self.defaults = [0 if f.storage in PACK_MASKS else V.default(f.storage) for f in fields]
        # per field: the mask of a packed field, else 0
        self.masks = [PACK_MASKS.get(f.storage, 0) for f in fields]
        self.packed = any(self.masks)


def rtts(module):
    """The RTT of each type of a validated module (None for function types)."""
    out = []
    for i, t in enumerate(module.ast.types):
        comp = getattr(t, "comp", t)
        out.append(None if isinstance(comp, T.FuncType) else RTT(i, comp, module.type_supers[i]))
    return out


class Struct:
    __slots__ = ("rtt", "fields")

    def __init__(self, rtt, fields):
        self.rtt = rtt
        self.fields = fields

    def __repr__(self):
        return show(self)


class Array:
    """`budget`: the Budget it counts against, or None."""
    __slots__ = ("rtt", "elements", "budget")

    def __init__(self, rtt, elements, budget=None):
        self.rtt = rtt
        self.elements = elements
        self.budget = budget
        if budget is not None:
            budget.live += len(elements) * ELEMENT_BYTES

    def __del__(self):
        # (getattr: an interrupt, such as Ctrl-C, may land before __init__ set it)
        budget = getattr(self, "budget", None)
        if budget is not None:
            budget.live -= len(self.elements) * ELEMENT_BYTES

    def __repr__(self):
        return show(self)


class I31:
    """An unboxed scalar `(ref i31)`: 31 bits, held unsigned."""
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value & 0x7FFFFFFF

    def __eq__(self, other):
        return type(other) is I31 and other.value == self.value

    def __hash__(self):
        return self.value

    def __repr__(self):
        return f"i31({self.signed()})"

    def signed(self):
        v = self.value
        return v - 0x80000000 if v & 0x40000000 else v


def ref_eq(a, b):
    """`ref.eq`: identity, except that i31 references compare by value."""
    return a is b or (type(a) is I31 and a == b)


def pack(rtt, i, value):
    mask = rtt.masks[i]
    return value & mask if mask else value


def check_array_size(n, budget):
    """An array of n elements must fit the instance's memory cap beside its live arrays
    (`budget`; without a cap, DEFAULT_MAX_ARRAY_BYTES on its own): gvm.Exhaustion if
    not, before anything is allocated."""
    size = n * ELEMENT_BYTES
    if budget.limit is None:
        if size > DEFAULT_MAX_ARRAY_BYTES:
            raise Exhaustion(f"out of memory: an array of {n} elements ({size_text(size)}) "
                             f"exceeds the limit of {size_text(DEFAULT_MAX_ARRAY_BYTES)} "
                             f"of this implementation")
    elif budget.live + size > budget.limit and not _fits_after_collecting(budget, size):
        raise Exhaustion(f"out of memory: an array of {n} elements ({size_text(size)}) beside "
                         f"{size_text(budget.live)} of live arrays exceeds the limit of "
                         f"{size_text(budget.limit)} set by max_memory")


def _fits_after_collecting(budget, size):
    """Whether the array fits once Python's cycle collector has freed dropped cycles."""
    gc.collect()
    return budget.live + size <= budget.limit


def _elements(make):
    """The list `make()` builds; gvm.Exhaustion if the host has no memory for it."""
    try:
        return make()
    except MemoryError:
        raise Exhaustion("out of memory: the host cannot allocate the array") from None


# --- How values show ------------------------------------------------------------------
MAX_SHOWN = 16


def show(value, depth=2):
    """A GC reference as a person reads it: `struct $3{1, 2.5, null}`, `array $0[1, 2, 3]`,
    `i31(7)`; nested aggregates to `depth` levels, long arrays cut at MAX_SHOWN."""
    if value is None:
        return "null"
    if type(value) is Struct:
        if depth <= 0:
            return f"struct ${value.rtt.index}{{...}}"
        inner = ", ".join(_field(value.rtt, i, f, depth) for i, f in enumerate(value.fields))
        return f"struct ${value.rtt.index}{{{inner}}}"
    if type(value) is Array:
        if depth <= 0:
            return f"array ${value.rtt.index}[...{len(value.elements)}]"
        items = [_field(value.rtt, 0, e, depth) for e in value.elements[:MAX_SHOWN]]
        if len(value.elements) > MAX_SHOWN:
            items.append(f"... {len(value.elements)} elements")
        return f"array ${value.rtt.index}[{', '.join(items)}]"
    if type(value) is I31:
        return repr(value)
    if type(value) is V.ExternRef:
        return f"extern({value.value!r})"
    return repr(value)


def _field(rtt, i, value, depth):
    if rtt.masks[i if rtt.is_struct else 0]:
        return str(value)
    if isinstance(value, (Struct, Array, I31)):
        return show(value, depth - 1)
    if type(value) is float:
        return repr(value)
    if type(value) is int:
        return str(value)
    return show(value, depth - 1)


# --- Shared by both engines and constant expressions ------------------------------------
def new_struct(rtt, values):
    if rtt.packed:
        values = [v & m if m else v for v, m in zip(values, rtt.masks)]
    return Struct(rtt, list(values))


def new_array(rtt, value, n, budget):
    check_array_size(n, budget)
    mask = rtt.masks[0]
    value = value & mask if mask else value
    return Array(rtt, _elements(lambda: [value] * n), budget)


def new_array_default(rtt, n, budget):
    check_array_size(n, budget)
    return Array(rtt, _elements(lambda: [rtt.defaults[0]] * n), budget)


def new_array_fixed(rtt, values, budget):
    check_array_size(len(values), budget)
    mask = rtt.masks[0]
    return Array(rtt, [v & mask for v in values] if mask else list(values), budget)


_ELEMENT_SIZES = {I8: 1, I16: 2, T.I32: 4, T.I64: 8, T.F32: 4, T.F64: 8, T.V128: 16}


def element_size(rtt):
    return _ELEMENT_SIZES[rtt.comp.field.storage]


def elements_from_data(rtt, data, offset, n):
    """n elements of a numeric or vector array read from bytes, little endian (as
    `array.new_data` and `array.init_data` do); the caller has checked the bounds."""
    storage = rtt.comp.field.storage
    size = _ELEMENT_SIZES[storage]
    chunk = bytes(data[offset:offset + n * size])
    if size == 1:
        return list(chunk)
    ints = [int.from_bytes(chunk[i:i + size], "little") for i in range(0, n * size, size)]
    if storage == T.F32:
        return [V.f32_from_bits(b) for b in ints]
    if storage == T.F64:
        return [V.f64_from_bits(b) for b in ints]
    return ints


def new_array_data(rtt, data, offset, n, budget):
    if offset + n * element_size(rtt) > len(data):
        raise Trap("out of bounds memory access")
    check_array_size(n, budget)
    return Array(rtt, elements_from_data(rtt, data, offset, n), budget)


def new_array_elem(rtt, segment, offset, n, budget):
    if offset + n > len(segment):
        raise Trap("out of bounds table access")
    check_array_size(n, budget)
    return Array(rtt, segment[offset:offset + n], budget)


# --- Casts ----------------------------------------------------------------------------
def _abstract_tests():
    from ..binary.types import (ANY, EQ, I31 as I31_, STRUCT, ARRAY, FUNC, EXTERN, EXN, NONE,
                                NOFUNC, NOEXTERN, NOEXN)
    return {
        ANY: lambda v: True, FUNC: lambda v: True, EXTERN: lambda v: True,
        EXN: lambda v: True,
        EQ: lambda v: type(v) in (Struct, Array, I31),
        I31_: lambda v: type(v) is I31,
        STRUCT: lambda v: type(v) is Struct,
        ARRAY: lambda v: type(v) is Array,
        NONE: lambda v: False, NOFUNC: lambda v: False, NOEXTERN: lambda v: False,
        NOEXN: lambda v: False,
    }


_ABSTRACT_TESTS = _abstract_tests()


def cast_test(heap, nullable, module):
    """A predicate on values: is the value of type `(ref null? heap)`? `heap` is an
    abstract heap type's byte or a type index of `module` (a validated gvm Module)."""
    if type(heap) is T.TypeIdx:
        key = module.type_keys[heap]
        comp = getattr(module.ast.types[heap], "comp", module.ast.types[heap])
        if isinstance(comp, T.FuncType):
            def test(v):
                return key in v.type_ids
        else:
            def test(v):
                return type(v) in (Struct, Array) and key in v.rtt.type_ids
    else:
        test = _ABSTRACT_TESTS[heap]
    if nullable:
        return lambda v: v is None or test(v)
    return lambda v: v is not None and test(v)
