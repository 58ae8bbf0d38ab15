"""The validation context C of the spec (section 3.1.1 "Contexts"): the types of every
index space of a module, with imports first, as function bodies and constant
expressions see them."""
from .. import types as T
from ..types import EXTERN_FUNC, EXTERN_TABLE, EXTERN_MEMORY, EXTERN_GLOBAL, EXTERN_TAG
from ..errors import ValidationError
from ..binary.types import SubType
from .subtype import ref_type


class Context:
    def __init__(self, module, features):
        self.module = module
        self.features = features
        self.types = module.types
        self.subtyping = None   # made once the type section is known to be valid
        self.funcs = []    # FuncType of every function
        self.func_type_idxs = []  # and its type index
        self.tables = []   # TableType
        self.mems = []     # MemType
        self.globals = []  # GlobalType
        self.tags = []     # FuncType
        for imp in module.imports:
            if imp.kind == EXTERN_FUNC:
                self.funcs.append(self.func_type(imp.desc))
                self.func_type_idxs.append(imp.desc)
            elif imp.kind == EXTERN_TABLE:
                self.tables.append(imp.desc)
            elif imp.kind == EXTERN_MEMORY:
                self.mems.append(imp.desc)
            elif imp.kind == EXTERN_GLOBAL:
                self.globals.append(imp.desc)
            elif imp.kind == EXTERN_TAG:
                self.tags.append(self.func_type(imp.desc))
        self.imported_globals = len(self.globals)
        self.imported_funcs = len(self.funcs)
        # by distinct type: a large module has tens of thousands of functions, few types
        by_type = {idx: self.func_type(idx) for idx in {f.type_idx for f in module.funcs}}
        self.funcs += [by_type[f.type_idx] for f in module.funcs]
        self.func_type_idxs += [f.type_idx for f in module.funcs]
        self.tables += module.tables
        self.mems += module.mems
        # The address type of every memory, as the checks of loads and stores read it.
        self.mem_addrs = [T.I64 if T.is_64(m.limits) else T.I32 for m in self.mems]
        self.tags += [self.func_type(t) for t in module.tags]
        self.elems = [e.type for e in module.elems]
        self.datas = len(module.datas)
        self.refs = set()   # C.refs: functions that ref.func may name in bodies

    def context(self):
        """Itself: what gvm.validate.FuncInfo asks its context source for."""
        return self

    def type_def(self, idx):
        if not 0 <= idx < len(self.types):
            raise ValidationError(f"unknown type {idx}")
        t = self.types[idx]
        return t.comp if type(t) is SubType else t

    def func_type(self, idx):
        ft = self.type_def(idx)
        if not isinstance(ft, T.FuncType):
            raise ValidationError("type mismatch")
        return ft

    def check_valtype(self, t, limit=None):
        """Value types may name concrete heap types only by existing type indices (in the
        type section, only up to the end of the recursion group: `limit`)."""
        if type(t) is T.RefType and type(t.heap) is T.TypeIdx:
            if limit is not None and t.heap >= limit:
                raise ValidationError(f"unknown type {t.heap}")
            self.type_def(t.heap)

    def ref_type(self, nullable, heap):
        if type(heap) is T.TypeIdx:
            self.type_def(heap)
        return ref_type(nullable, heap)

    def lookup(self, space, idx, what):
        if not 0 <= idx < len(space):
            raise ValidationError(f"unknown {what} {idx}")
        return space[idx]

    def func(self, idx):
        return self.lookup(self.funcs, idx, "function")

    def table(self, idx):
        return self.lookup(self.tables, idx, "table")

    def mem(self, idx):
        return self.lookup(self.mems, idx, "memory")

    def mem_addr(self, idx):
        """The address type of memory `idx`: i32, or i64 for a 64-bit memory."""
        return T.I64 if T.is_64(self.mem(idx).limits) else T.I32

    def table_addr(self, idx):
        return T.I64 if T.is_64(self.table(idx).limits) else T.I32

    def global_(self, idx):
        return self.lookup(self.globals, idx, "global")

    def elem(self, idx):
        return self.lookup(self.elems, idx, "elem segment")

    def data(self, idx):
        # The decoder already insists on a data count section where bodies use data indices.
        if not 0 <= idx < self.datas:
            raise ValidationError(f"unknown data segment {idx}")
