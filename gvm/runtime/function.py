"""Function instances (spec 4.2.6): a wasm function closed over its module instance,
or a host function, a Python callable with a declared type."""
from .. import types as T
from .. import values as V
from ..errors import Trap
from ..validate.canonical import host_function_keys


# An implementation limit, as in other engines (V8 and wasmtime allow 50,000).
MAX_LOCALS_PER_FUNCTION = 50_000


class WasmFunction:
    """`type_ids` holds the canonical keys of its type and of that type's supertypes
    (gvm.validate.canonical): a call_indirect or an import expecting type key K accepts
    the function exactly when K is among them."""
    __slots__ = ("type", "type_ids", "instance", "index", "func", "info", "compiled", "zeros",
                 "name")

    def __init__(self, instance, index, func, info, name, type_ids):
        self.type = info.type
        self.type_ids = type_ids
        self.instance = instance
        self.index = index          # in the instance's function index space
        self.func = func            # gvm.module.Func: the body
        self.info = info            # locals and side table from validation
        # engine key -> that engine's code linked to this instance (the lowered code
        # itself is the module's, shared by its instances: lowered.py)
        self.compiled = {}
        self.name = name
        # Initial values of the declared locals; None for a function with more locals
        # than any engine holds, which then cannot be called (call stack exhausted).
        self.zeros = None
        local_types = info.locals
        if local_types.count <= MAX_LOCALS_PER_FUNCTION:
            self.zeros = local_types.zeros
            if self.zeros is None:      # engines copy it, never change it: shared
                self.zeros = local_types.zeros = zeros(local_types)

    def __repr__(self):
        return f"<wasm function {self.name} {self.type}>"


def zeros(local_types):
    """The initial values of a function's declared locals: made run by run (a body
    declares them so), since a large module has hundreds of thousands of them."""
    values = []
    for t, n in local_types.declared_runs:
        values += [V.default(t)] * n
    return values


class HostFunction:
    """A Python callable imported into wasm.

    By default it receives and returns Python values as the embedding API shows them
    (signed ints, floats, None or the host object for references); with `raw=True` it
    works on gvm.values' internal representation instead, which is faster."""
    __slots__ = ("type", "type_ids", "fn", "raw", "name", "_out", "_in")

    def __init__(self, functype, fn, raw=False, name=None):
        self.type = parse_functype(functype)
        self.type_ids = host_function_keys(self.type)
        self.fn = fn
        self.raw = raw
        self.name = name or getattr(fn, "__name__", "host")
        # wasm's arguments go out to Python, Python's results come in
        self._out = tuple(V.python_out(t) for t in self.type.params)
        self._in = tuple(V.python_in(t) for t in self.type.results)

    def call_raw(self, args):
        if self.raw:
            result = self.fn(*args)
        else:
            out = self._out
            result = self.fn(out[0](args[0])) if len(out) == 1 else \
                self.fn(*[c(a) for c, a in zip(out, args)])
        results = self.type.results
        if not results:
            return []
        if len(results) == 1:
            return [result if self.raw else self._in[0](result)]
        if not isinstance(result, (tuple, list)) or len(result) != len(results):
            raise Trap(f"host function {self.name} returned {result!r}, expected {len(results)} values")
        if self.raw:
            return list(result)
        return [c(r) for c, r in zip(self._in, result)]

    def __repr__(self):
        return f"<host function {self.name} {self.type}>"


def parse_functype(functype):
    """Accept a FuncType, or (params, results) as sequences of types or type names."""
    if isinstance(functype, T.FuncType):
        return functype
    params, results = functype

    def one(t):
        return T.BY_NAME[t] if isinstance(t, str) else t
    if isinstance(params, str):
        params = params.split()
    if isinstance(results, str):
        results = results.split()
    return T.FuncType(tuple(one(t) for t in params), tuple(one(t) for t in results))
