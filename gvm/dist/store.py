"""Modules kept by digest: the bytes a node was sent, and the decoded modules with
instances ready to be called.

Decoding, validating and instantiating cost far more than a small call, so each is
done once per module: a module arrives (uploaded, or read from the node's search
path), is checked and stored under its SHA-256 digest, and each call takes an idle
instance of it, or makes one if all are busy, and gives it back after.  An
instance given back is reset to the state instantiation left it in (pristine.py),
so no call sees what another left in its globals, memory or tables.  An instance
that trapped is not given back at all.

The exception is a module the node was told keeps its state (`gvm node
--keep-state MODULE`): it has one shared instance, whose calls take turns, and
every caller sees what earlier calls left there (until a trap ends it).

Each store holds at most STORE_BUDGET bytes of modules (as uploaded) and forgets
the least recently used beyond that; a caller that asks for a forgotten digest is
told NEED_MODULE and uploads it again.
"""

import collections
import threading

from .. import Module, cache
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
    """One decoded module, the types of its exported functions, and its idle
    instances (pristine.Pristine), or its one shared instance if it keeps state."""

    def __init__(self, module, digest):
        self.module = module
        self.digest = digest
        self.functions = _exported_functions(module)  # name -> FuncType, looked up per call
        self._idle = []
        self.shared = None  # the instance of a module that keeps state, once made
        self.turns = threading.Lock()  # held by the call using `shared`

    def take(self, make):
        """An idle instance, or a new one from make(module) if none is idle."""
        try:
            return self._idle.pop()  # atomic under the GIL: no lock needed
        except IndexError:
            return make(self.module)

    def give_back(self, pristine):
        """Reset an instance that finished a call and keep it for the next."""
        if len(self._idle) < IDLE_INSTANCES:
            pristine.reset()
            self._idle.append(pristine)


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


def _load(data):
    if not cache.enabled():
        return Module(data)
    return cache.load_module(data)


class Store:
    """Decoded modules by digest."""

    def __init__(self, budget=STORE_BUDGET):
        self._stored = ByDigest(budget)

    def get(self, digest):
        """The Stored module with this digest, or None."""
        return self._stored.get(digest)

    def add(self, digest, data):
        """Decode and validate `data` (whose digest the caller computed) and keep it.
        Raises gvm.DecodeError or gvm.ValidationError for a bad module. Like a local
        run, a node takes a module it saw in an earlier life from the module cache
        (gvm/cache/; GVM_CACHE=0 in its environment turns that off)."""
        return self.get(digest) or self._stored.put(digest, Stored(_load(data), digest), len(data))
