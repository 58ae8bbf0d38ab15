"""The process of WASI preview 1: args_get, args_sizes_get, environ_get,
environ_sizes_get, proc_exit, proc_raise, sched_yield and random_get."""
import os

from . import errno
from .errno import WasiError
from .syscall import syscall


class ProcExit(Exception):
    """The guest called proc_exit(code). Not a gvm.WasmError: nothing went wrong, the
    program ended; it propagates out of the call that ran the guest, which reports
    `code` as the exit status."""

    def __init__(self, code):
        super().__init__(f"exit status {code}")
        self.code = code


# --- argv and environment: NUL-terminated byte strings ---------------------------------
def _sizes(wasi, strings, count_ptr, size_ptr):
    mem = wasi.memory
    mem.set_u32(count_ptr, len(strings))
    mem.set_u32(size_ptr, sum(len(s) + 1 for s in strings))


@syscall("i32 i32")
def args_sizes_get(wasi, argc_ptr, buf_size_ptr):
    _sizes(wasi, wasi.args, argc_ptr, buf_size_ptr)


@syscall("i32 i32")
def args_get(wasi, argv_ptr, buf_ptr):
    wasi.memory.string_array(wasi.args, argv_ptr, buf_ptr)


@syscall("i32 i32")
def environ_sizes_get(wasi, count_ptr, buf_size_ptr):
    _sizes(wasi, wasi.env, count_ptr, buf_size_ptr)


@syscall("i32 i32")
def environ_get(wasi, environ_ptr, buf_ptr):
    wasi.memory.string_array(wasi.env, environ_ptr, buf_ptr)


# --- the process itself ------------------------------------------------------------------
@syscall("i32", results="")
def proc_exit(wasi, code):
    raise ProcExit(code)


@syscall("i32")
def proc_raise(wasi, signal):
    # Deprecated in preview 1 and removed after it; wasmtime does not deliver it either.
    raise WasiError(errno.NOSYS)


@syscall("")
def sched_yield(wasi):
    os.sched_yield()


@syscall("i32 i32")
def random_get(wasi, buf, size):
    mem = wasi.memory
    mem.check(buf, size)    # before asking the host for up to 4 GiB of randomness
    mem.write(buf, os.urandom(size))
