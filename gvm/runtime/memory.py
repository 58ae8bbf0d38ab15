"""Memory instances (spec 4.2.8): a bytearray of whole 64 KiB pages that only grows."""
from .. import types as T
from .. import values as V
from ..errors import Trap

try:    # pages the program does not use cost nothing (see gvm/_fast/pages.pyx)
    from .._fast.pages import zeroed_bytearray
except ImportError:
    zeroed_bytearray = bytearray


class Memory:
    """`address_mask` is all ones in the width of its addresses (i32, or i64 for a 64-bit
    memory): memory.grow's failure value -1 is that mask."""
    __slots__ = ("type", "data", "max_pages", "address_mask")

    def __init__(self, memtype, max_bytes=None):
        """`max_bytes` caps growth below the type's maximum (a host resource limit)."""
        if not isinstance(memtype, T.MemType):
            memtype = T.MemType(T.Limits(*memtype))
        self.type = memtype
        self.address_mask = V.MASK64 if T.is_64(memtype.limits) else V.MASK32
        # 64-bit memories too stay within 4 GiB here: an implementation limit.
        limit = T.MAX_PAGES if memtype.limits.max is None else min(memtype.limits.max, T.MAX_PAGES)
        if max_bytes is not None:
            limit = min(limit, max_bytes // T.PAGE_SIZE)
        self.max_pages = limit
        self.data = zeroed_bytearray(memtype.limits.min * T.PAGE_SIZE)

    @property
    def pages(self):
        return len(self.data) // T.PAGE_SIZE

    def grow(self, delta):
        """Grow by `delta` pages; return the old size in pages, or -1 if it cannot."""
        old = self.pages
        if delta < 0 or old + delta > self.max_pages:
            return -1
        try:
            self.data.extend(bytes(delta * T.PAGE_SIZE))
        except MemoryError:
            return -1
        return old

    def init(self, segment, dst, src, n):
        """`memory.init` (and active data segments): copy n bytes of a data segment."""
        if src + n > len(segment) or dst + n > len(self.data):
            raise Trap("out of bounds memory access")
        self.data[dst:dst + n] = segment[src:src + n]

    def read(self, addr, size):
        if addr < 0 or size < 0 or addr + size > len(self.data):
            raise IndexError(f"memory read of {size} bytes at {addr} beyond {len(self.data)}")
        return bytes(self.data[addr:addr + size])

    def write(self, addr, data):
        if addr < 0 or addr + len(data) > len(self.data):
            raise IndexError(f"memory write of {len(data)} bytes at {addr} beyond {len(self.data)}")
        self.data[addr:addr + len(data)] = data

    def __repr__(self):
        return f"<memory {self.pages} pages>"
