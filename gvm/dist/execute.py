"""What a node does for its callers: find the module a request names, then describe
a function, call it, or run the module as a WASI program.

Every failure a caller should hear about is raised as a Refusal holding the ERROR
message to send (protocol.Error); the connection stays usable after it.  The
conversions mirror a local call through the embedding API: arguments are checked
against the parameter types exactly as gvm.Function does (a Python int must fit,
a float may round to f32), and results travel as typed values with exact bits.
"""

import os
import threading

from .. import DecodeError, Exhaustion, LinkError, Trap, ValidationError, instantiate
from .. import types as T
from .. import values as V
from ..wasi import MODULE as WASI
from ..wasi import ProcExit, Wasi
from .. import cache
from . import modules, protocol
from .pristine import Pristine
from .protocol import Error, ErrorCode, ModuleRef, Value


class CallerGone(Exception):
    """The caller hung up while its request was being done.  Not an OSError, on
    purpose: WASI turns those into error codes for the guest, which would run on,
    talking to nobody; this one unwinds the guest and ends the connection."""


class Refusal(Exception):
    """A request failed; `error` is the protocol.Error that says so to the caller."""

    def __init__(self, code, message, frames=()):
        super().__init__(message)
        self.error = Error(code, message, list(frames))


class Executor:
    """Does requests in this process, against a Store, finding modules by name with
    a Finder (None: refuse names).  `engine` and `max_memory` are passed to
    gvm.instantiate; `keep_state` holds the digests of the modules whose calls share
    one instance (store.py).  The `caller` argument of the requests (the caller's
    socket) is not used: a call in this process cannot be abandoned (see pool.py)."""

    def __init__(self, store, finder, engine=None, max_memory=None, keep_state=()):
        self.store = store
        self.finder = finder
        self.engine = engine
        self.max_memory = max_memory
        self.keep_state = frozenset(keep_state)
        self._counting = threading.Lock()
        self._served = 0  # calls so far
        self._running = 0  # calls now
        self._used = threading.local()  # .instances: (Stored, Pristine) of this thread's last call

    def start(self):
        """Nothing to start: requests run in the callers' connection threads."""

    def close(self):
        """Nothing to stop (as WorkerPool.close does)."""

    def load(self):
        """Calls served so far, calls running now, and (no workers) 0 workers."""
        return protocol.Load(self._served, self._running, 0, os.cpu_count() or 1)

    def after_reply(self):
        """Reset the instance the reply just sent came from, and keep it for the next
        call: done after the reply, the reset costs the caller nothing."""
        used = getattr(self._used, "instances", None)
        while used:
            stored, pristine = used.pop()
            stored.give_back(pristine)

    # --- modules -----------------------------------------------------------------------

    def upload(self, data):
        """Store an uploaded module; returns its digest."""
        digest = modules.digest(data)
        self._store(digest, data, "uploaded module")
        return digest

    def module(self, ref):
        """The Stored module a module ref names."""
        kind, key = ref
        if kind == ModuleRef.HASH:
            stored = self.store.get(key)
            if stored is None:
                raise need_module(key)
            return stored
        found = find_by_name(self.finder, key)
        return self.store.get(found.digest) or self._store(found.digest, modules.read_file(found.path), found.path)

    def _store(self, digest, data, what):
        if data is None:
            raise Refusal(ErrorCode.MODULE_NOT_FOUND, f"{what} vanished while being read")
        try:
            return self.store.add(digest, data)
        except DecodeError as e:
            raise Refusal(ErrorCode.BAD_MODULE, f"{what}: malformed WebAssembly module: {e}") from None
        except ValidationError as e:
            raise Refusal(ErrorCode.BAD_MODULE, f"{what}: invalid WebAssembly module: {e}") from None

    # --- functions ----------------------------------------------------------------------

    def describe(self, ref, function, caller=None):
        """The (params, results) types of an exported function."""
        functype = _exported_type(self.module(ref), function)
        return functype.params, functype.results

    def call(self, ref, function, args, caller=None):
        """Call an exported function; returns its results as Values."""
        with self._counting:
            self._served += 1
            self._running += 1
        try:
            return self._call(ref, function, args)
        finally:
            with self._counting:
                self._running -= 1

    def _call(self, ref, function, args):
        stored = self.module(ref)
        functype = _exported_type(stored, function)
        raw_args = _arguments(function, functype, args)
        if stored.digest in self.keep_state:
            raw_results = self._call_shared(stored, function, raw_args)
        else:
            pristine = stored.take(self._instance_for_calls)
            raw_results = _invoke(pristine.instance, function, raw_args)  # a trap: not given back
            self._reset_after_reply(stored, pristine)
        return [Value(t, r) for t, r in zip(functype.results, raw_results)]

    def _reset_after_reply(self, stored, pristine):
        try:
            self._used.instances.append((stored, pristine))
        except AttributeError:  # this thread's first call
            self._used.instances = [(stored, pristine)]

    def _call_shared(self, stored, function, raw_args):
        """A call of a module that keeps state: in its one instance, one call at a time."""
        with stored.turns:
            if stored.shared is None:
                stored.shared = self._instance_for_calls(stored.module).instance
            try:
                return _invoke(stored.shared, function, raw_args)
            except Refusal:
                stored.shared = None  # a trap may leave it half-updated: the next call starts afresh
                raise

    def _instance_for_calls(self, module):
        """A new instance for calls, as a pristine.Pristine.  A module importing WASI
        gets a WASI with no arguments, no files and null streams, and a reactor's
        _initialize is run, as its contract asks."""
        wasi = Wasi() if any(i.module == WASI for i in module.imports) else None
        instance = self._instantiate(module, wasi)
        if "_initialize" in instance.exports:
            try:
                instance.exports["_initialize"]()
            except (Trap, Exhaustion) as e:
                raise _trap(e) from None
        return Pristine(instance, wasi)

    # --- programs -----------------------------------------------------------------------

    def run(self, ref, args, env, write, caller=None):
        """Run the module's _start with argv `args` and environment `env` (lists of
        bytes); `write(fd, data)` receives its standard output (1) and error (2).
        Returns the exit status.  Each run gets a fresh instance."""
        stored = self.module(ref)
        pairs = [entry.partition(b"=")[::2] for entry in env]
        with Wasi(args, pairs, stdout=_Output(write, 1), stderr=_Output(write, 2)) as wasi:
            instance = self._instantiate(stored.module, wasi)
            if "_start" not in instance.exports or not callable(instance.exports["_start"]):
                raise Refusal(ErrorCode.FUNCTION_NOT_FOUND, "the module exports no _start: it is not a WASI command")
            try:
                instance.exports["_start"]()
            except ProcExit as e:
                return e.code & 0xFFFFFFFF
            except (Trap, Exhaustion) as e:
                raise _trap(e) from None
            finally:
                cache.keep_lowered(stored.module)    # for this node's next start
        return 0

    def _instantiate(self, module, wasi):
        try:
            imports = None if wasi is None else wasi.imports()
            instance = instantiate(module, imports, engine=self.engine, max_memory=self.max_memory)
        except LinkError as e:
            raise Refusal(ErrorCode.BAD_MODULE, f"cannot instantiate on this node: {e}") from None
        except (Trap, Exhaustion) as e:  # in the start function
            raise _trap(e) from None
        if wasi is not None:
            wasi.bind(instance)
        return instance


def need_module(digest):
    """The refusal of a module ref by HASH that names no module kept here."""
    return Refusal(ErrorCode.NEED_MODULE, f"no module {digest.hex()[:16]}... here: upload it")


def find_by_name(finder, name):
    """The modules.ModuleFile of a module ref by NAME, found by `finder` (None: names
    are refused); a MODULE_NOT_FOUND refusal if there is none.  Only a plain file
    name is looked up, so that a caller cannot reach beyond the search directories."""
    if finder is None or not modules.is_plain_name(name):
        raise Refusal(ErrorCode.MODULE_NOT_FOUND, f"{name!r} is not a module name")
    found = finder.find(name)
    if found is None:
        raise not_on_node(finder, name)
    return found


def not_on_node(finder, name):
    """The refusal of a module ref by NAME that `finder` does not find."""
    searched = ", ".join(finder.dirs) or "no directories"
    return Refusal(ErrorCode.MODULE_NOT_FOUND, f"no module {name}.wasm on this node (searched {searched})")


class _Output:
    """A standard stream of a remote program: what it writes goes to the caller."""

    def __init__(self, write, fd):
        self._write = write
        self._fd = fd

    def write(self, data):
        for start in range(0, len(data), protocol.MAX_OUTPUT_CHUNK):
            self._write(self._fd, bytes(data[start : start + protocol.MAX_OUTPUT_CHUNK]))
        return len(data)

    def flush(self):
        pass  # every write is sent at once


def _exported_type(stored, function):
    """The FuncType of the stored module's exported function `function`."""
    functype = stored.functions.get(function)
    if functype is None:
        raise Refusal(ErrorCode.FUNCTION_NOT_FOUND, f"no exported function {function!r} "
                      f"(the module exports: {', '.join(stored.functions) or 'none'})")
    for t in functype.params + functype.results:
        if t not in protocol.VALUE_KINDS:
            why = (": a GC reference points into the heap of the node that made it"
                   if T.is_gc_ref(t) else "")
            raise Refusal(ErrorCode.UNSUPPORTED, f"{function} {functype}: "
                          f"a {T.type_name(t)} cannot travel between nodes{why}")
    return functype


def _arguments(function, functype, args):
    """The wire arguments as raw values of the parameter types, or a BAD_ARGUMENTS
    refusal with the message a local call would raise."""
    params = functype.params
    if len(args) != len(params):
        raise Refusal(ErrorCode.BAD_ARGUMENTS, f"{function} takes {len(params)} arguments ({functype}), {len(args)} given")
    try:
        return [_argument(t, arg) for t, arg in zip(params, args)]
    except (TypeError, OverflowError) as e:
        raise Refusal(ErrorCode.BAD_ARGUMENTS, f"{function}: {e}") from None


def _argument(t, arg):
    if type(arg) is not Value:
        return V.from_python(t, arg)
    if arg.type == t:
        return arg.raw
    return V.from_python(t, V.to_python(arg.type, arg.raw))


def _invoke(instance, function, raw_args):
    """Call an export with raw values; a trap, exhaustion or exit becomes a Refusal."""
    try:
        return instance.exports[function].call_raw(raw_args)
    except (Trap, Exhaustion) as e:
        raise _trap(e) from None
    except ProcExit as e:
        raise Refusal(ErrorCode.TRAP, f"{function} called proc_exit({e.code})") from None


def _trap(error):
    """The refusal saying that the guest trapped or ran out of call stack."""
    if isinstance(error, Exhaustion):
        return Refusal(ErrorCode.EXHAUSTED, error.message)
    return Refusal(ErrorCode.TRAP, error.message, error.frames)
