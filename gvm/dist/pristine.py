"""Callers isolated from each other: every call on a node runs in an instance that is
exactly as instantiation left it, never one that shows what another caller did.

Making an instance for every call would cost more than the call (a WASI reactor's
imports alone take most of a millisecond), so instances are pooled and *reset*
after each call instead: right after instantiation (and a reactor's _initialize),
Pristine records everything a call can change, and reset() puts it back:

  - each linear memory: its size and its bytes (the pages that are not all zero;
    the rest comes back as fresh zero pages, which cost nothing until used);
  - each table: its size and its references;
  - each mutable global: its value;
  - the data and element segments that memory.init and table.init read
    (data.drop and elem.drop empty them);
  - the WASI descriptors (a guest may close or renumber its standard streams).

That is all the state a module defined by itself holds, and a node's modules
import nothing but WASI functions: no memory, table or global of theirs is
shared with anything else.

A memory of 4 MiB or more is zeroed in place by handing its pages back to the
kernel (madvise MADV_DONTNEED: they read as zeros again, and cost nothing until
used), so its reset costs about what the call touched (a page fault for each
page it touches next), not the size of the memory: a C program's 16 MiB memory
would otherwise cost a millisecond of memset per call.  A smaller memory, or one
where madvise is missing, is zeroed with memset (64 KiB: 2 µs).
"""

import ctypes
import mmap
import os

from .. import types as T
from ..wasi import Wasi

_ZERO_PAGE = bytes(T.PAGE_SIZE)
_OS_PAGE = os.sysconf("SC_PAGE_SIZE")
_MADVISE_FROM = 4 << 20  # below, memset is cheaper than the page faults that follow madvise
_MADV_DONTNEED = getattr(mmap, "MADV_DONTNEED", None)
try:
    _madvise = ctypes.CDLL(None, use_errno=True).madvise
    _madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
except (OSError, AttributeError):
    _madvise = None


class Pristine:
    """An instance for calls, with the state it had when it was made; `wasi` is the
    gvm.wasi.Wasi its imports come from, or None if it imports none."""

    __slots__ = ("instance", "wasi", "_memories", "_tables", "_globals", "_datas", "_elems")

    def __init__(self, instance, wasi=None):
        self.instance = instance
        self.wasi = wasi
        self._memories = [(memory, len(memory.data), _written_pages(memory.data)) for memory in instance.mems]
        self._tables = [(table, list(table.elements)) for table in instance.tables]
        self._globals = [(g, g.value) for g in instance.globals if g.type.mutable]
        self._datas = list(instance.datas)
        self._elems = list(instance.elems)

    def reset(self):
        """Put back everything a call may have changed."""
        for memory, size, pages in self._memories:
            data = memory.data
            memory.shrink(size)  # memory.grow's pages
            _zero(data)
            for offset, page in pages:
                data[offset : offset + len(page)] = page
        for table, elements in self._tables:
            table.elements[:] = elements  # the same list: engines may hold it
        for g, value in self._globals:
            g.value = value
        self.instance.datas[:] = self._datas
        self.instance.elems[:] = self._elems
        if self.wasi is not None:
            fresh = Wasi()  # a node's calls have null standard streams and no files
            self.wasi.fds, fresh.fds = fresh.fds, self.wasi.fds
            fresh.close()  # what the guest left open


def _zero(data):
    """Set every byte of the bytearray `data` to zero, in place."""
    size = len(data)
    if not size:
        return
    view = (ctypes.c_char * size).from_buffer(data)  # pins the buffer while we hold it
    try:
        address = ctypes.addressof(view)
        start = -address % _OS_PAGE  # the whole OS pages inside the buffer
        end = (address + size) // _OS_PAGE * _OS_PAGE - address
        if size >= _MADVISE_FROM and _madvise is not None and _MADV_DONTNEED is not None \
                and _madvise(address + start, end - start, _MADV_DONTNEED) == 0:
            ctypes.memset(address, 0, start)
            ctypes.memset(address + end, 0, size - end)
        else:
            ctypes.memset(address, 0, size)
    finally:
        del view


def _written_pages(data):
    """(offset, bytes) of each page of `data` that is not all zeros."""
    pages = []
    for offset in range(0, len(data), T.PAGE_SIZE):
        page = bytes(data[offset : offset + T.PAGE_SIZE])
        if page != _ZERO_PAGE[: len(page)]:
            pages.append((offset, page))
    return pages
