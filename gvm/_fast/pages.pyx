# cython: language_level=3
"""Zeroed pages for linear memories, without touching them.

`bytearray(n)` writes n zero bytes, so a C program's 16 MiB memory (zig and clang give
it 257 pages by default) costs 4,000 page faults, about 10 ms, before its first
instruction: a sixth of the start-up budget of `gvm hello.wasm`. The pages come from
`calloc` instead, which hands out fresh pages from the operating system untouched (they
read as zeros, and cost a fault only where the program uses them), as native runtimes
do with mmap. The result is an ordinary bytearray: its buffer comes from the same
allocator family (PyObject_*) bytearray itself reallocates and frees with.
"""
from cpython.mem cimport PyObject_Calloc

cdef extern from "Python.h":
    ctypedef struct PyByteArrayObject:
        Py_ssize_t ob_alloc
        char* ob_bytes
        char* ob_start
    void Py_SET_SIZE(object o, Py_ssize_t size)
    int PY_VERSION_HEX

# The layout of bytearray objects above is CPython's from 3.8 to 3.14; a later Python
# gets plain bytearray(size) until this file is checked against it.
cdef int _NEXT_UNKNOWN_VERSION = 0x030F0000


def zeroed_bytearray(Py_ssize_t size):
    """A bytearray of `size` zero bytes whose pages are touched only when used."""
    if size <= 0 or PY_VERSION_HEX >= _NEXT_UNKNOWN_VERSION:
        return bytearray(size)
    cdef char* buffer = <char*>PyObject_Calloc(<size_t>size + 1, 1)   # + 1: bytearray's NUL
    if buffer == NULL:
        raise MemoryError(f"cannot allocate {size} bytes of linear memory")
    data = bytearray()        # empty: it owns no buffer yet
    cdef PyByteArrayObject* raw = <PyByteArrayObject*>data
    raw.ob_bytes = raw.ob_start = buffer
    raw.ob_alloc = size + 1
    Py_SET_SIZE(data, size)
    return data
