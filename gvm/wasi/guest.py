"""Linear memory as WASI functions see it: little-endian integers, byte strings, the
scatter/gather vectors (iovec, ciovec) and the string arrays of args_get/environ_get.

A pointer from the guest is untrusted: any access outside memory fails with EFAULT
instead of corrupting anything. A `Guest` view is made per call because memory.grow
may have enlarged the bytearray since the last one.
"""
import struct

from . import errno
from .errno import WasiError

_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")


class Guest:
    __slots__ = ("data",)

    def __init__(self, data):
        self.data = data

    def check(self, ptr, size):
        if ptr + size > len(self.data):
            raise WasiError(errno.FAULT)

    # --- integers -------------------------------------------------------------------
    def _unpack(self, fmt, ptr):
        self.check(ptr, fmt.size)
        return fmt.unpack_from(self.data, ptr)[0]

    def _pack(self, fmt, ptr, value):
        self.check(ptr, fmt.size)
        fmt.pack_into(self.data, ptr, value)

    def u32(self, ptr):
        return self._unpack(_U32, ptr)

    def set_u32(self, ptr, value):
        self._pack(_U32, ptr, value)

    def set_u64(self, ptr, value):
        self._pack(_U64, ptr, value)

    # --- bytes ----------------------------------------------------------------------
    def read(self, ptr, size):
        self.check(ptr, size)
        return bytes(self.data[ptr:ptr + size])

    def write(self, ptr, data):
        self.check(ptr, len(data))
        self.data[ptr:ptr + len(data)] = data

    def path(self, ptr, size):
        """A path argument: its bytes, which must be UTF-8 (WASI strings are)."""
        raw = self.read(ptr, size)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            raise WasiError(errno.ILSEQ) from None
        return raw

    # --- vectors --------------------------------------------------------------------
    def iovecs(self, ptr, count):
        """The (pointer, length) buffers of an iovec or ciovec array, bounds-checked."""
        buffers = []
        for i in range(count):
            buf, size = self.u32(ptr + 8 * i), self.u32(ptr + 8 * i + 4)
            self.check(buf, size)
            buffers.append((buf, size))
        return buffers

    def gather(self, ptr, count):
        """The bytes of a ciovec array, concatenated (what fd_write writes)."""
        return b"".join(self.data[buf:buf + size] for buf, size in self.iovecs(ptr, count))

    def scatter(self, buffers, data):
        """Spread `data` over `buffers` from iovecs(), in order (what fd_read fills)."""
        pos = 0
        for buf, size in buffers:
            chunk = data[pos:pos + size]
            self.data[buf:buf + len(chunk)] = chunk
            pos += len(chunk)
            if pos >= len(data):
                break

    def string_array(self, strings, array_ptr, buf_ptr):
        """args_get/environ_get: NUL-terminated copies of `strings` (bytes) from buf_ptr
        on, and a pointer to each in the array at array_ptr."""
        for i, s in enumerate(strings):
            self.set_u32(array_ptr + 4 * i, buf_ptr)
            self.write(buf_ptr, s + b"\0")
            buf_ptr += len(s) + 1
