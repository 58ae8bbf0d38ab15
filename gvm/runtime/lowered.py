"""What the instances of one gvm.Module share: each engine's lowered code of the
module's functions (lowered once per module, on a function's first call in any
instance), and the module's facts that lowering reads instead of an instance's objects.

Lowered code is instance-independent: it names functions, globals, memories, tables and
tags by their index, and each engine links it to an instance (resolves those indices
in the instance's index spaces) without looking at its instructions again. The code of
one engine is never handed to another: each engine, and each variant of one (with
fuel, without superinstructions), has its own key.
"""
from collections import Counter

from .. import opcodes as O
from .. import types as T
from .gc import rtts

_NUMERIC_CONSTS = {O.I32_CONST, O.I64_CONST, O.F32_CONST, O.F64_CONST, O.V128_CONST}


class SharedCode:
    """`counts[key]`: how many functions were lowered under `key` (tests read it);
    `loaded[key]`: how many were taken from the module cache's entry instead."""

    def __init__(self, module):
        self.module = module
        self.imported_funcs = sum(imp.kind == T.EXTERN_FUNC for imp in module.ast.imports)
        self.codes = {}         # key -> per defined function: its code, or None
        self.counts = Counter()
        self.loaded = Counter()
        # key -> (build, {defined function index: record}): code the module cache kept
        # (gvm/cache/entry.py), loaded by its engine on the function's first call.
        self.kept = {}
        self._keepers = {}      # key -> the engine's (build, dump, load)
        # (key, function index, loop pc) -> the python engine's translation entering
        # that function at that loop (gvm/pyjit/osr.py), or None where it cannot
        self.osr = {}
        self._fresh = False     # whether a keepable function was lowered since to_keep
        self._spaces = None
        self._rtts = None

    def code(self, key, func, lower, keep=None):
        """The code of WasmFunction `func` (of an instance of this module) under `key`:
        `lower(func)`'s result, made on the first request of any instance. `keep`, the
        engine's (build, dump, load), lets the module cache keep the code across runs:
        `load(build, record, func)` gives it back, or raises ValueError."""
        codes = self.codes.get(key)
        if codes is None:
            codes = self.codes[key] = [None] * len(self.module.ast.funcs)
            if keep is not None:
                self._keepers[key] = keep
        i = func.index - self.imported_funcs
        code = codes[i]
        if code is None:
            code = self._load(key, i, func, keep)
            if code is None:
                code = lower(func)
                self.counts[key] += 1
                self._fresh = self._fresh or keep is not None
            codes[i] = code
        return code

    def ready(self, key, func):
        """Whether `func`'s code under `key` is made already, or kept by the module
        cache: to be had without lowering it."""
        i = func.index - self.imported_funcs
        codes = self.codes.get(key)
        if codes is not None and codes[i] is not None:
            return True
        kept = self.kept.get(key)
        return kept is not None and i in kept[1]

    def _load(self, key, i, func, keep):
        kept = self.kept.get(key)
        if kept is None or keep is None:
            return None
        build, records = kept
        record = records.get(i)
        if record is None:
            return None
        try:
            code = keep[2](build, record, func)
        except ValueError:          # another build's, or not the engine's shape:
            del records[i]          # lowered now, and written again by to_keep
            return None
        self.loaded[key] += 1
        return code

    def to_keep(self):
        """What the module cache should keep of the engines' code, or None when it
        would keep nothing more than it holds: {key: (build, {index: record})}, the
        records kept before (of every engine) and those of every function lowered
        since."""
        if not self._fresh:
            return None
        self._fresh = False
        out, added = dict(self.kept), False     # other engines' code stays kept
        for key, (build, dump, _load) in self._keepers.items():
            old_build, records = self.kept.get(key, (build, {}))
            records = dict(records) if old_build == build else {}
            for i, code in enumerate(self.codes[key]):
                if code is not None and i not in records:
                    record = dump(code, self.module)
                    if record is not None:
                        records[i] = record
                        added = True
            out[key] = (build, records)
        return out if added else None

    @property
    def spaces(self):
        if self._spaces is None:
            self._spaces = Spaces(self.module)
        return self._spaces

    @property
    def rtts(self):
        """The runtime type of each GC type (gvm/runtime/gc.py), one per module."""
        if self._rtts is None:
            self._rtts = rtts(self.module)
        return self._rtts


class Spaces:
    """The types of the module's index spaces, imports first: what an instance's
    functions, globals, memories, tables and tags are known to be before linking
    (import matching guarantees the arities, value kinds, mutability and address
    widths that lowering relies on)."""

    def __init__(self, module):
        ast = module.ast
        types = [getattr(t, "comp", t) for t in ast.types]   # a SubType wraps (GC)
        imported = {kind: [imp.desc for imp in ast.imports if imp.kind == kind]
                    for kind in (T.EXTERN_FUNC, T.EXTERN_GLOBAL, T.EXTERN_MEMORY,
                                 T.EXTERN_TABLE, T.EXTERN_TAG)}
        self.funcs = ([types[i] for i in imported[T.EXTERN_FUNC]]
                      + [info.type for info in module.func_infos])
        self.globals = imported[T.EXTERN_GLOBAL] + [g.type for g in ast.globals]
        self.mems = imported[T.EXTERN_MEMORY] + list(ast.mems)
        self.tables = imported[T.EXTERN_TABLE] + list(ast.tables)
        self.tags = [types[i] for i in imported[T.EXTERN_TAG] + list(ast.tags)]
        self._globals = ast.globals
        self._imported_globals = len(imported[T.EXTERN_GLOBAL])

    def mem64(self, i):
        return T.is_64(self.mems[i].limits)

    def table64(self, i):
        return T.is_64(self.tables[i].limits)

    def constant_global(self, i):
        """The value of global i if it is the same in every instance (immutable, and
        initialised with a numeric constant), else None."""
        if i < self._imported_globals or self.globals[i].mutable:
            return None
        init = list(self._globals[i - self._imported_globals].init)
        if len(init) == 2 and init[0].op in _NUMERIC_CONSTS:
            return init[0].imm
        return None
