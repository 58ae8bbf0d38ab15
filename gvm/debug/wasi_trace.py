"""`gvm --trace-wasi ...`: every call of a WASI function, with its arguments by name and
its result, one line each on standard error:

    wasi: fd_write(fd=1, iovs=69920, iovs_len=1, nwritten_ptr=69916) -> 0 (success)
    wasi: proc_exit(code=0) -> exit 0

Installed as `Wasi.trace`, which wraps each WASI function as the imports are made.
"""
import inspect

from ..wasi import ProcExit
from ..wasi.errno import NAMES
from ..wasi.syscall import SYSCALLS


class WasiTrace:
    def __init__(self, out):
        self.out = out

    def __call__(self, name, function):
        """`function`, the WASI function `name`, reporting each of its calls."""
        _params, _results, impl = SYSCALLS[name]
        names = list(inspect.signature(impl).parameters)[1:]     # after the Wasi state

        def traced(*args):
            call = f"{name}({', '.join(f'{n}={a}' for n, a in zip(names, args))})"
            try:
                result = function(*args)
            except ProcExit as exit_:
                self.report(f"{call} -> exit {exit_.code}")
                raise
            self.report(f"{call} -> {result} ({NAMES[result]})")
            return result
        return traced

    def report(self, line):
        self.out.write(f"wasi: {line}\n")
        self.out.flush()
