"""The registry of the wasi_snapshot_preview1 functions.

Each function is written in the module of its concept (process.py, clocks.py, files.py,
paths.py, poll.py, sockets.py) as plain Python taking the `Wasi` state and the raw wasm
arguments (i32 and i64 as unsigned ints), and registered here with its wasm parameter
types. It returns nothing on success and raises WasiError or OSError on failure;
`Wasi.imports()` wraps it into the host function that returns the errno.
"""
MODULE = "wasi_snapshot_preview1"

SYSCALLS = {}   # name -> (parameter types, result types, implementation)


def syscall(params, results="i32"):
    """Register the decorated function as the WASI function of the same name, taking
    wasm parameters `params` ("i32 i64 ...") and returning `results`: an errno."""
    def register(fn):
        SYSCALLS[fn.__name__] = (params, results, fn)
        return fn
    return register
