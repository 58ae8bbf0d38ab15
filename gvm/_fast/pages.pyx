# cython: language_level=3
"""Zeroed pages for linear memories, without touching them.

`bytearray(n)` writes n zero bytes, so a C program's 16 MiB memory (zig and clang give
it 257 pages by default) costs 4,000 page faults, about 10 ms, before its first
instruction: a sixth of the start-up budget of `gvm hello.wasm`. The pages come from
`calloc` instead, which hands out fresh pages from the operating system untouched (they
read as zeros, and cost a fault only where the program uses them), as native runtimes
do with mmap. The result is an ordinary bytearray: its buffer comes from the same
allocator family (PyObject_*) bytearray itself reallocates and frees with.

`memory.grow` keeps it so (`extend_zeroed`): `bytearray.extend(bytes(n))` would write
the n new bytes twice, 4 GiB for a growth by 65,535 pages. The bytes are moved instead
to a new calloc'd buffer, and only the pages holding something are copied: untouched
pages stay untouched, in the old buffer and the new. The new buffer has room to spare
(twice the size, up to the memory's limit) so that a program growing page by page
copies its memory a logarithmic number of times; the room costs address space only.
Growing into the room zeroes what is not zero there already (the debugger takes a
growth back by shrinking the bytearray, which leaves the bytes behind).
"""
from cpython.mem cimport PyObject_Calloc, PyObject_Free
from libc.string cimport memcmp, memcpy, memset

cdef extern from "Python.h":
    ctypedef struct PyByteArrayObject:
        Py_ssize_t ob_alloc
        char* ob_bytes
        char* ob_start
        Py_ssize_t ob_exports
    void Py_SET_SIZE(object o, Py_ssize_t size)
    int PY_VERSION_HEX

# The layout of bytearray objects above is CPython's from 3.8 to 3.14; a later Python
# gets plain bytearray(size) until this file is checked against it.
cdef int _NEXT_UNKNOWN_VERSION = 0x030F0000
cdef Py_ssize_t _COPY_UNIT = 65536     # a wasm page: copied unless it is all zeros


cdef char* _calloc(Py_ssize_t size) except NULL:
    cdef char* buffer = <char*>PyObject_Calloc(<size_t>size + 1, 1)   # + 1: the NUL
    if buffer == NULL:
        raise MemoryError(f"cannot allocate {size} bytes of linear memory")
    return buffer


def zeroed_bytearray(Py_ssize_t size):
    """A bytearray of `size` zero bytes whose pages are touched only when used."""
    if size <= 0 or PY_VERSION_HEX >= _NEXT_UNKNOWN_VERSION:
        return bytearray(size)
    cdef char* buffer = _calloc(size)
    data = bytearray()        # empty: it owns no buffer yet
    cdef PyByteArrayObject* raw = <PyByteArrayObject*>data
    raw.ob_bytes = raw.ob_start = buffer
    raw.ob_alloc = size + 1
    Py_SET_SIZE(data, size)
    return data


def extend_zeroed(bytearray data, Py_ssize_t extra, Py_ssize_t room=0):
    """Append `extra` zero bytes to `data` touching no new page; `room`: the size it may
    ever reach, for the spare room of the new buffer."""
    cdef PyByteArrayObject* raw = <PyByteArrayObject*>data
    cdef Py_ssize_t old = len(data)
    cdef Py_ssize_t size = old + extra
    if extra <= 0:
        return
    if raw.ob_exports > 0 or PY_VERSION_HEX >= _NEXT_UNKNOWN_VERSION:
        data.extend(bytes(extra))      # as bytearray does (a BufferError if exported)
        return
    if raw.ob_bytes != NULL and raw.ob_start == raw.ob_bytes and size < raw.ob_alloc:
        _zero_used(raw.ob_start + old, extra)
        Py_SET_SIZE(data, size)
        return
    cdef Py_ssize_t alloc = min(max(size, 2 * old), max(size, room))
    cdef char* buffer = _calloc(alloc)
    _copy_used(buffer, raw.ob_start, old)
    PyObject_Free(raw.ob_bytes)
    raw.ob_bytes = raw.ob_start = buffer
    raw.ob_alloc = alloc + 1
    Py_SET_SIZE(data, size)


# Reading an untouched page maps the shared zero page; writing would give it a frame of
# its own. So both functions below write only the units that hold something.

cdef void _copy_used(char* dst, const char* src, Py_ssize_t n) noexcept:
    """Copy `n` bytes to a zeroed `dst`."""
    cdef Py_ssize_t at = 0, unit
    while at < n:
        unit = min(_COPY_UNIT, n - at)
        if not _all_zero(src + at, unit):
            memcpy(dst + at, src + at, unit)
        at += unit


cdef void _zero_used(char* dst, Py_ssize_t n) noexcept:
    cdef Py_ssize_t at = 0, unit
    while at < n:
        unit = min(_COPY_UNIT, n - at)
        if not _all_zero(dst + at, unit):
            memset(dst + at, 0, unit)
        at += unit


cdef inline bint _all_zero(const char* p, Py_ssize_t n) noexcept:
    return p[0] == 0 and memcmp(p, p + 1, n - 1) == 0
