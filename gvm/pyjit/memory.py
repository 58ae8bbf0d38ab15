"""Memory and table instructions (spec 4.4.6, 4.4.7) for the python engine: how each
is written in the generated source, and the run-time helpers of the bulk ones.

Loads and stores go straight to the memory's bytearray (`D{n}` in the namespace: a
memory grows in place, so the object never changes) by indexing for single bytes, to
its memoryview casts where the address is known to be aligned (or, for loads, found
so by a test), and through struct's unpack_from and pack_into otherwise. They do not
compare the address with the size: views, struct and indexing raise on an access
beyond the end, which the function's handler turns into the trap "out of bounds
memory access" (runtime.py). A view holds only whole items: an aligned access that
fits in the memory fits in the view.
"""
import struct

from .. import values as V
from ..errors import Trap
from ..interp.memory import OUT_OF_BOUNDS
from ..interp.tables import OUT_OF_BOUNDS as TABLE_OUT_OF_BOUNDS
from ..runtime.memory import LITTLE_ENDIAN, VIEW_FORMATS
from .stack import bare

# name -> (struct format or None for an unsigned byte, wrapping applied to what is read)
LOADS = {
    "i32.load": ("I", ""), "i64.load": ("Q", ""), "f64.load": ("d", ""),
    "f32.load": ("I", "F32_REINTERPRET_I32"),
    "i32.load8_s": ("b", "& 0xFFFFFFFF"), "i32.load8_u": (None, ""),
    "i32.load16_s": ("h", "& 0xFFFFFFFF"), "i32.load16_u": ("H", ""),
    "i64.load8_s": ("b", "& 0xFFFFFFFFFFFFFFFF"), "i64.load8_u": (None, ""),
    "i64.load16_s": ("h", "& 0xFFFFFFFFFFFFFFFF"), "i64.load16_u": ("H", ""),
    "i64.load32_s": ("i", "& 0xFFFFFFFFFFFFFFFF"), "i64.load32_u": ("I", ""),
}
# what narrow unsigned loads can give
BOUNDS = {"i32.load8_u": 0xFF, "i64.load8_u": 0xFF, "i32.load16_u": 0xFFFF,
          "i64.load16_u": 0xFFFF}

# name -> (struct format or None for a byte, mask applied to the value stored)
STORES = {
    "i32.store": ("I", None), "i64.store": ("Q", None), "f64.store": ("d", None),
    "f32.store": ("I", "I32_REINTERPRET_F32"),
    "i32.store8": (None, "0xFF"), "i64.store8": (None, "0xFF"),
    "i32.store16": ("H", "0xFFFF"), "i64.store16": ("H", "0xFFFF"),
    "i64.store32": ("I", "0xFFFFFFFF"),
}
NARROW = ("0xFF", "0xFFFF", "0xFFFFFFFF")     # the masks of stores narrower than i64

# Aligned accesses go through the memory's memoryview casts (`V{format}{memidx}` in the
# namespace, renewed when the memory grows: gvm/runtime/memory.py), those of unknown
# alignment through the cast at the offset their address's low bits pick (`W{format}
# {memidx}`, a tuple of them), and those at an offset that is not a multiple of the
# item's size through struct (`_u{format}` is Struct("<I").unpack_from, `_p{format}`
# its pack_into, ...).
VIEWS = LITTLE_ENDIAN
SIZES = {None: 1}
STRUCTS = {}
for _f in VIEW_FORMATS:
    _s = struct.Struct("<" + _f)
    SIZES[_f] = _s.size
    STRUCTS["_u" + _f] = _s.unpack_from
    STRUCTS["_p" + _f] = _s.pack_into


def struct_read(fmt, data, address):
    return f"_u{fmt}({data}, {address})[0]"


def _load_facts(name):
    fmt, wrap = LOADS[name]
    size = SIZES[fmt]
    if wrap.startswith("&"):
        before, after = "(", f" {wrap})"
    else:
        before, after = (f"{wrap}(", ")") if wrap else ("", "")
    return name, fmt, size, size.bit_length() - 1, before, after, BOUNDS.get(name)


def _store_facts(name):
    fmt, wrap = STORES[name]
    size = SIZES[fmt]
    mask = int(wrap, 16) if wrap in NARROW else None
    return name, fmt, size, size.bit_length() - 1, wrap, mask


# What the translation of each load and store needs of it, worked out once (the
# handler's bound argument): name -> (name, struct format, size, log2 of the size,
# the text before and after the read that wraps it, a bound of what it reads); of a
# store, (name, format, size, log2 of the size, the wrapping of the value, the mask of
# a narrow store as an int or None).
LOAD_FACTS = {name: _load_facts(name) for name in LOADS}
STORE_FACTS = {name: _store_facts(name) for name in STORES}


def store_stmt(facts, memidx, address, index, value, bound=None, view=None):
    """The store (STORE_FACTS) to `address`, through a view if `index` (its index
    there) is known: `view`, or the memory's aligned view of the format; `bound`: a
    known upper bound of the value."""
    _name, fmt, _size, _shift, wrap, mask = facts
    if mask is not None:
        if bound is None or bound > mask:     # else narrow already (a byte loaded, a masked value)
            value = str(int(value) & mask) if value.isdigit() else f"{value} & {wrap}"
    elif wrap:
        value = f"{wrap}({value})"      # I32_REINTERPRET_F32
    value = bare(value)
    if fmt is None:
        return f"D{memidx}[{address}] = {value}"
    if index is not None:
        return f"{view or f'V{fmt}{memidx}'}[{index}] = {value}"
    return f"_p{fmt}(D{memidx}, {address}, {value})"


# --- run-time helpers of the bulk instructions ------------------------------------------

def memory_fill(mem, d, value, n):
    if d + n > len(mem.data):
        raise Trap(OUT_OF_BOUNDS)
    mem.data[d:d + n] = bytes((value & 0xFF,)) * n


def memory_copy(dst, src, d, s, n):
    if s + n > len(src.data) or d + n > len(dst.data):
        raise Trap(OUT_OF_BOUNDS)
    dst.data[d:d + n] = src.data[s:s + n]


def memory_init(mem, instance, dataidx, d, s, n):
    mem.init(instance.datas[dataidx], d, s, n)


def data_drop(instance, dataidx):
    instance.datas[dataidx] = b""


def table_get(table, i):
    if i >= len(table.elements):
        raise Trap(TABLE_OUT_OF_BOUNDS)
    return table.elements[i]


def table_set(table, i, value):
    if i >= len(table.elements):
        raise Trap(TABLE_OUT_OF_BOUNDS)
    table.elements[i] = value


def table_grow(table, init, n):
    return table.grow(n, init) & table.address_mask


def table_fill(table, i, value, n):
    if i + n > len(table.elements):
        raise Trap(TABLE_OUT_OF_BOUNDS)
    table.elements[i:i + n] = [value] * n


def table_copy(dst, src, d, s, n):
    if s + n > len(src.elements) or d + n > len(dst.elements):
        raise Trap(TABLE_OUT_OF_BOUNDS)
    dst.elements[d:d + n] = src.elements[s:s + n]


def table_init(table, instance, elemidx, d, s, n):
    table.init(instance.elems[elemidx], d, s, n)


def elem_drop(instance, elemidx):
    instance.elems[elemidx] = []


def memory_grow(mem, n):
    return mem.grow(n) & mem.address_mask


HELPERS = {
    "_memory_fill": memory_fill, "_memory_copy": memory_copy, "_memory_init": memory_init,
    "_data_drop": data_drop, "_table_get": table_get, "_table_set": table_set,
    "_table_grow": table_grow, "_table_fill": table_fill, "_table_copy": table_copy,
    "_table_init": table_init, "_elem_drop": elem_drop, "_memory_grow": memory_grow,
    **STRUCTS,
}
MASK32 = V.MASK32
