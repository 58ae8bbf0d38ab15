"""WASI preview 1: the 46 functions of the `wasi_snapshot_preview1` import module, which
give a WebAssembly program its arguments, environment, standard streams, clocks,
randomness and the directories the host preopens for it, and nothing else.

    from gvm.wasi import Wasi, ProcExit

    with Wasi(args=["prog.wasm", "hello"], env={"LANG": "C"},
              preopens=[("/tmp/box", "/sandbox")], stdout=sys.stdout.buffer) as wasi:
        instance = gvm.instantiate(module, wasi.imports())
        wasi.bind(instance)
        try:
            instance.exports._start()
            status = 0
        except ProcExit as exit:
            status = exit.code

  errno.py        the errno codes, and the host OSError translation
  witx.py         the other types: flags, rights, structure layouts
  guest.py        reading and writing linear memory, bounds-checked
  fds.py          the descriptor table and the kinds of descriptors
  fs.py           path resolution confined to a preopened directory
  syscall.py      the registry the functions below are declared in
  process.py      args, environ, proc_exit, proc_raise, sched_yield, random_get
  clocks.py       clock_res_get, clock_time_get
  files.py        fd_* but fd_readdir
  directories.py  fd_readdir
  filestat.py     the filestat structure and time-stamp rules
  paths.py        path_*
  poll.py         poll_oneoff
  sockets.py      sock_*
"""
import os

from ..errors import Trap
from ..runtime import HostFunction
from . import errno
from .errno import WasiError, from_oserror
from .fds import FdTable, Stream, open_preopen
from .guest import Guest
from .process import ProcExit
from .syscall import MODULE, SYSCALLS
# The modules that declare the functions: importing them registers the functions.
from . import clocks, directories, files, paths, poll, process, sockets  # noqa: F401

__all__ = ["Wasi", "ProcExit", "WasiError", "MODULE"]


class _Null:
    """A standard stream the host did not provide: reads end at once, writes vanish."""

    def read(self, size=-1):
        return b""

    def write(self, data):
        return len(data)

    def flush(self):
        pass


def _encode(text):
    return text if isinstance(text, bytes) else os.fsencode(text)


class Wasi:
    """The state of one WASI program: its arguments and environment, its descriptors
    (0-2 the standard streams, then the preopened directories) and its memory.

    `args`: strings, args[0] being the program name; `env`: a mapping or (name, value)
    pairs, and nothing of the host's environment unless passed here; `preopens`: host
    directories, or (host directory, guest path) pairs; `stdin`, `stdout`, `stderr`:
    binary file objects, None for an empty input or a discarded output."""

    def __init__(self, args=(), env=(), preopens=(), stdin=None, stdout=None, stderr=None):
        self.args = [_encode(arg) for arg in args]
        pairs = env.items() if hasattr(env, "items") else env
        self.env = [_encode(name) + b"=" + _encode(value) for name, value in pairs]
        self.fds = FdTable()
        self.fds.add(Stream(stdin or _Null(), readable=True))
        self.fds.add(Stream(stdout or _Null(), readable=False))
        self.fds.add(Stream(stderr or _Null(), readable=False))
        try:
            for preopen in preopens:
                host, guest = (preopen, preopen) if isinstance(preopen, (str, bytes)) else preopen
                self.fds.add(open_preopen(host, _encode(guest)))
        except OSError:
            self.close()
            raise
        self._memory = None
        # Set before imports(), a callable (name, function) -> function wrapping each
        # WASI function: how `gvm --trace-wasi` reports every call.
        self.trace = None

    def imports(self):
        """The import object for gvm.instantiate: {"wasi_snapshot_preview1": {...}}."""
        return {MODULE: {name: self._host_function(name, params, results, impl)
                         for name, (params, results, impl) in SYSCALLS.items()}}

    def _host_function(self, name, params, results, impl):
        def call(*args):
            try:
                impl(self, *args)
            except WasiError as error:
                return error.code
            except OSError as error:
                return from_oserror(error)
            except OverflowError:   # an offset or time the host's C types cannot hold
                return errno.OVERFLOW
            return errno.SUCCESS
        call.__name__ = name
        if self.trace is not None:
            call = self.trace(name, call)
        return HostFunction((params, results), call, raw=True, name=f"{MODULE}.{name}")

    def bind(self, instance):
        """Use the memory `instance` exports: pointers from the guest point into it."""
        exports = instance.exports
        self._memory = exports["memory"] if "memory" in exports else None

    @property
    def memory(self):
        """The guest's memory as of now (memory.grow may have enlarged it since)."""
        if self._memory is None:
            raise Trap("WASI needs the module's memory: it exports none, or Wasi.bind "
                       "was not called")
        return Guest(self._memory.data)

    def close(self):
        """Close the host descriptors of preopens and files the guest left open."""
        self.fds.close_all()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
