"""Memory instructions (spec 4.4.7) for the reference engine, on the memories of the
current frame's instance, by index. Every access is checked against the memory's
current size; loads and stores use struct on the bytearray, but
for single unsigned bytes, which indexing reads and writes at a third of the cost."""
import struct

from .. import values as V
from ..errors import Trap

OUT_OF_BOUNDS = "out of bounds memory access"


def _load(fmt, convert=None):
    unpack_from = struct.Struct(fmt).unpack_from
    size = struct.calcsize(fmt)

    def load(m, arg):
        memidx, offset = arg
        stack = m.stack
        ea = stack[-1] + offset
        data = m.inst.mems[memidx].data
        if ea + size > len(data):
            raise Trap(OUT_OF_BOUNDS)
        stack[-1] = unpack_from(data, ea)[0]

    def load_converted(m, arg):
        memidx, offset = arg
        stack = m.stack
        ea = stack[-1] + offset
        data = m.inst.mems[memidx].data
        if ea + size > len(data):
            raise Trap(OUT_OF_BOUNDS)
        stack[-1] = convert(unpack_from(data, ea)[0])

    return load if convert is None else load_converted


def _store(fmt, convert):
    pack_into = struct.Struct(fmt).pack_into
    size = struct.calcsize(fmt)

    def store(m, arg):
        memidx, offset = arg
        stack = m.stack
        value = stack.pop()
        ea = stack.pop() + offset
        data = m.inst.mems[memidx].data
        if ea + size > len(data):
            raise Trap(OUT_OF_BOUNDS)
        pack_into(data, ea, convert(value) if convert else value)

    return store


def load8_u(m, arg):
    memidx, offset = arg
    stack = m.stack
    ea = stack[-1] + offset
    data = m.inst.mems[memidx].data
    if ea >= len(data):
        raise Trap(OUT_OF_BOUNDS)
    stack[-1] = data[ea]


def store8(m, arg):
    memidx, offset = arg
    stack = m.stack
    value = stack.pop()
    ea = stack.pop() + offset
    data = m.inst.mems[memidx].data
    if ea >= len(data):
        raise Trap(OUT_OF_BOUNDS)
    data[ea] = value & 0xFF


def _signed_to(mask):
    return lambda v: v & mask


_i32 = _signed_to(V.MASK32)
_i64 = _signed_to(V.MASK64)

LOADS = {
    "i32.load": _load("<I"), "i64.load": _load("<Q"),
    "f32.load": _load("<I", V.f32_from_bits), "f64.load": _load("<d"),
    "i32.load8_s": _load("<b", _i32), "i32.load8_u": load8_u,
    "i32.load16_s": _load("<h", _i32), "i32.load16_u": _load("<H"),
    "i64.load8_s": _load("<b", _i64), "i64.load8_u": load8_u,
    "i64.load16_s": _load("<h", _i64), "i64.load16_u": _load("<H"),
    "i64.load32_s": _load("<i", _i64), "i64.load32_u": _load("<I"),
}
STORES = {
    "i32.store": _store("<I", None), "i64.store": _store("<Q", None),
    "f32.store": _store("<I", V.f32_to_bits), "f64.store": _store("<d", None),
    "i32.store8": store8, "i32.store16": _store("<H", lambda v: v & 0xFFFF),
    "i64.store8": store8, "i64.store16": _store("<H", lambda v: v & 0xFFFF),
    "i64.store32": _store("<I", lambda v: v & V.MASK32),
}


def memory_size(m, memidx):
    m.stack.append(m.inst.mems[memidx].pages)


def memory_grow(m, memidx):
    mem = m.inst.mems[memidx]
    stack = m.stack
    stack[-1] = mem.grow(stack[-1]) & mem.address_mask


def memory_fill(m, memidx):
    mem = m.inst.mems[memidx]
    stack = m.stack
    n = stack.pop()
    value = stack.pop()
    d = stack.pop()
    if d + n > len(mem.data):
        raise Trap(OUT_OF_BOUNDS)
    mem.data[d:d + n] = bytes((value & 0xFF,)) * n


def memory_copy(m, arg):
    mems = m.inst.mems
    dst, src = mems[arg[0]], mems[arg[1]]
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    if s + n > len(src.data) or d + n > len(dst.data):
        raise Trap(OUT_OF_BOUNDS)
    dst.data[d:d + n] = src.data[s:s + n]


def memory_init(m, arg):
    memidx, dataidx = arg
    inst = m.inst
    stack = m.stack
    n = stack.pop()
    s = stack.pop()
    d = stack.pop()
    inst.mems[memidx].init(inst.datas[dataidx], d, s, n)


def data_drop(m, dataidx):
    m.inst.datas[dataidx] = b""
