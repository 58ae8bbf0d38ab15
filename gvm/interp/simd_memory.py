"""Vector memory instructions (spec 4.4.7 "Memory Instructions", the v128 ones) for the
reference engine: plain, extending, splatting and zero-filling loads, and the lane loads
and stores. Every access is checked against the memory's current size, as the scalar
ones in memory.py are, on the memories of the current frame's instance (`m.inst`)."""
import struct

from .memory import OUT_OF_BOUNDS
from ..errors import Trap
from .simd import join, lanes, signed

_FORMATS = {8: "B", 16: "H", 32: "I", 64: "Q"}


def _address(m, mem, offset, size):
    ea = m.stack.pop() + offset
    if ea + size > len(mem.data):
        raise Trap(OUT_OF_BOUNDS)
    return ea


def _memory(m, arg):
    """The memory and offset of a memarg (memory index, offset[, lane])."""
    return m.inst.mems[arg[0]], arg[1]


def v128_load(m, arg):
    mem, offset = _memory(m, arg)
    ea = _address(m, mem, offset, 16)
    m.stack.append(int.from_bytes(mem.data[ea:ea + 16], "little"))


def v128_store(m, arg):
    mem, offset = _memory(m, arg)
    value = m.stack.pop()
    ea = _address(m, mem, offset, 16)
    mem.data[ea:ea + 16] = value.to_bytes(16, "little")


def _load_extend(bits, is_signed):
    """`v128.loadMxN_s/u`: N lanes of M = bits / 2 bits, each extended to `bits` bits."""
    count = 128 // bits
    unpack = struct.Struct(f"<{count}{_FORMATS[bits // 2]}").unpack_from

    def load(m, arg):
        mem, offset = _memory(m, arg)
        ea = _address(m, mem, offset, 8)
        values = unpack(mem.data, ea)
        m.stack.append(join([signed(x, bits // 2) if is_signed else x for x in values], bits))
    return load


def _load_splat(bits):
    size = bits // 8

    def load(m, arg):
        mem, offset = _memory(m, arg)
        ea = _address(m, mem, offset, size)
        x = int.from_bytes(mem.data[ea:ea + size], "little")
        m.stack.append(join([x] * (128 // bits), bits))
    return load


def _load_zero(bits):
    size = bits // 8

    def load(m, arg):
        mem, offset = _memory(m, arg)
        ea = _address(m, mem, offset, size)
        m.stack.append(int.from_bytes(mem.data[ea:ea + size], "little"))
    return load


def _load_lane(bits):
    size = bits // 8

    def load(m, arg):
        mem, offset = _memory(m, arg)
        lane = arg[2]
        values = list(lanes(m.stack.pop(), bits))
        ea = _address(m, mem, offset, size)
        values[lane] = int.from_bytes(mem.data[ea:ea + size], "little")
        m.stack.append(join(values, bits))
    return load


def _store_lane(bits):
    size = bits // 8

    def store(m, arg):
        mem, offset = _memory(m, arg)
        lane = arg[2]
        x = lanes(m.stack.pop(), bits)[lane]
        ea = _address(m, mem, offset, size)
        mem.data[ea:ea + size] = x.to_bytes(size, "little")
    return store


# Handlers by name; those with a lane immediate take (memory index, offset, lane).
LOADS = {
    "v128.load": v128_load,
    "v128.load8x8_s": _load_extend(16, True), "v128.load8x8_u": _load_extend(16, False),
    "v128.load16x4_s": _load_extend(32, True), "v128.load16x4_u": _load_extend(32, False),
    "v128.load32x2_s": _load_extend(64, True), "v128.load32x2_u": _load_extend(64, False),
    "v128.load8_splat": _load_splat(8), "v128.load16_splat": _load_splat(16),
    "v128.load32_splat": _load_splat(32), "v128.load64_splat": _load_splat(64),
    "v128.load32_zero": _load_zero(32), "v128.load64_zero": _load_zero(64),
}
STORES = {"v128.store": v128_store}
LANE_ACCESSES = {
    "v128.load8_lane": _load_lane(8), "v128.load16_lane": _load_lane(16),
    "v128.load32_lane": _load_lane(32), "v128.load64_lane": _load_lane(64),
    "v128.store8_lane": _store_lane(8), "v128.store16_lane": _store_lane(16),
    "v128.store32_lane": _store_lane(32), "v128.store64_lane": _store_lane(64),
}
