"""Module instances (spec 4.2.5) and their exports as the embedding API shows them."""
from .. import types as T
from .. import values as V
from .function import WasmFunction, HostFunction
from .global_ import Global
from .memory import Memory
from .table import Table
from .tag import Tag


class Instance:
    """The runtime image of a module: its index spaces filled with store objects."""

    def __init__(self, module, engine):
        self.module = module
        self.engine = engine
        self.funcs = []
        self.tables = []
        self.mems = []
        self.globals = []
        self.tags = []
        self.elems = []      # per element segment: its references, [] once dropped
        self.datas = []      # per data segment: its bytes, b"" once dropped
        self.rtts = []       # per type: the runtime type of its structures or arrays
        self.gc_budget = None    # runtime/gc.py's Budget: its live GC arrays, its cap
        self.exports = Exports(self)

    def __repr__(self):
        return f"<instance of {self.module!r}>"


class Function:
    """An exported function, callable with Python values."""
    __slots__ = ("extern", "engine", "name", "_in", "_out")

    def __init__(self, extern, engine, name):
        self.extern = extern
        self.engine = engine
        self.name = name
        functype = extern.type
        self._in = tuple(V.python_in(t) for t in functype.params)
        self._out = tuple(V.python_out(t) for t in functype.results)

    @property
    def type(self):
        return self.extern.type

    def __call__(self, *args):
        convert = self._in
        if len(args) != len(convert):
            raise TypeError(f"{self.name} takes {len(convert)} arguments "
                            f"({self.extern.type}), {len(args)} given")
        # one argument without a comprehension: CPython 3.11 makes each one a function
        raw = [convert[0](args[0])] if len(args) == 1 else [c(a) for c, a in zip(convert, args)]
        results = self.engine.invoke(self.extern, raw)
        out = self._out
        if len(out) == 1:
            return out[0](results[0])
        if not out:
            return None
        return tuple(c(r) for c, r in zip(out, results))

    def call_raw(self, args):
        """Call with and return values in gvm.values' internal representation."""
        return self.engine.invoke(self.extern, list(args))

    def __repr__(self):
        return f"<exported function {self.name} {self.extern.type}>"


class Exports:
    """`instance.exports.NAME` or `instance.exports["NAME"]`: functions come wrapped as
    `Function`; memories, tables and globals are the store objects themselves."""

    def __init__(self, instance):
        self._instance = instance
        self._items = {}

    def _add(self, name, extern):
        if isinstance(extern, (WasmFunction, HostFunction)):
            extern = Function(extern, self._instance.engine, name)
        self._items[name] = extern

    def __getitem__(self, name):
        return self._items[name]

    def __getattr__(self, name):
        try:
            return self._items[name]
        except KeyError:
            raise AttributeError(f"no export named {name!r}") from None

    def __contains__(self, name):
        return name in self._items

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def items(self):
        return self._items.items()

    def __repr__(self):
        return f"<exports {', '.join(self._items)}>"


def extern_kind(extern):
    """The external kind (gvm.types.EXTERN_*) of a store object."""
    if isinstance(extern, (WasmFunction, HostFunction)):
        return T.EXTERN_FUNC
    if isinstance(extern, Table):
        return T.EXTERN_TABLE
    if isinstance(extern, Memory):
        return T.EXTERN_MEMORY
    if isinstance(extern, Global):
        return T.EXTERN_GLOBAL
    if isinstance(extern, Tag):
        return T.EXTERN_TAG
    return None
