"""Modules kept by digest: the bytes a node was sent, and the decoded modules with
instances ready to be called again.

Decoding, validating and instantiating cost far more than a small call, so each is
done once per module: a module arrives (uploaded, or read from the node's search
path), is checked and stored under its SHA-256 digest, and each call takes an idle
instance of it, or makes one if all are busy, and gives it back after.  Instances
are therefore reused from call to call: a function that keeps state in its globals
or memory sees what earlier calls left there, as in any long-running server, so
remote functions are best kept pure.  An instance that trapped is not given back,
since a trap can leave its memory half-updated.

Each store holds at most STORE_BUDGET bytes of modules (as uploaded) and forgets
the least recently used beyond that; a caller that asks for a forgotten digest is
told NEED_MODULE and uploads it again.
"""

import collections
import threading

from .. import Module
from .. import types as T

STORE_BUDGET = 256 << 20
IDLE_INSTANCES = 8  # per module: enough for as many concurrent callers


class ByDigest:
    """Values by digest, each with a size; the least recently used are forgotten
    when the sizes add up to more than `budget`.  Thread-safe."""

    def __init__(self, budget=STORE_BUDGET):
        self.budget = budget
        self._values = collections.OrderedDict()  # digest -> (value, size), oldest use first
        self._size = 0
        self._lock = threading.Lock()

    def get(self, digest):
        """The value kept under `digest`, or None."""
        with self._lock:
            entry = self._values.get(digest)
            if entry is None:
                return None
            self._values.move_to_end(digest)
            return entry[0]

    def put(self, digest, value, size):
        """Keep `value` (unless one is kept already); returns the kept one."""
        with self._lock:
            if digest not in self._values:
                self._values[digest] = value, size
                self._size += size
            while self._size > self.budget and len(self._values) > 1:
                _, (_, forgotten) = self._values.popitem(last=False)
                self._size -= forgotten
            return self._values.get(digest, (value,))[0]


class Stored:
    """One decoded module, the types of its exported functions, and its idle instances."""

    def __init__(self, module):
        self.module = module
        self.functions = _exported_functions(module)  # name -> FuncType, looked up per call
        self._idle = []

    def take(self, make):
        """An idle instance, or a new one from make(module) if none is idle."""
        try:
            return self._idle.pop()  # atomic under the GIL: no lock needed
        except IndexError:
            return make(self.module)

    def give_back(self, instance):
        if len(self._idle) < IDLE_INSTANCES:
            self._idle.append(instance)


def _exported_functions(module):
    """{export name: FuncType} of the module's exported functions."""
    imported = [i for i in module.imports if i.kind == T.EXTERN_FUNC]
    functions = {}
    for export in module.exports:
        if export.kind != T.EXTERN_FUNC:
            continue
        if export.index >= len(imported):
            functions[export.name] = module.func_infos[export.index - len(imported)].type
        else:
            typedef = module.types[imported[export.index].desc]
            functions[export.name] = getattr(typedef, "comp", typedef)  # a GC subtype wraps its type
    return functions


class Store:
    """Decoded modules by digest."""

    def __init__(self, budget=STORE_BUDGET):
        self._stored = ByDigest(budget)

    def get(self, digest):
        """The Stored module with this digest, or None."""
        return self._stored.get(digest)

    def add(self, digest, data):
        """Decode and validate `data` (whose digest the caller computed) and keep it.
        Raises gvm.DecodeError or gvm.ValidationError for a bad module."""
        return self.get(digest) or self._stored.put(digest, Stored(Module(data)), len(data))
