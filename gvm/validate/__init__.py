"""Validation of modules (spec section 3.4 "Modules"): everything the spec calls
"invalid", raised as ValidationError with the spec interpreter's message.

`validate(module, features)` checks the whole module eagerly and returns a `Validated`:
for each defined function a `FuncInfo` with its type, the types of all its locals and
the side table of its body (see body.py), which the engines execute from; and for each
type its canonical key and the keys of its supertypes (see canonical.py), which
instantiation and engines compare types by.

The side table is not kept at load: a module of 100,000 functions may run a handful of
them. `FuncInfo.side` and `.handlers` are worked out on first use, by the same
validator walking that one body again with recording on.

The checks themselves are in module.py (the module) and body.py (function bodies), and
are imported when a module is validated or a side table made: a program run from the
cache does neither before its first instruction.
"""
from ..record import new, record

from .label import Label

__all__ = ["validate", "Validated", "FuncInfo", "Label"]


class FuncInfo:
    """`type`: the function's FuncType; `locals`: types of the params, then of the
    declared locals; `side`: pc -> Label, tuple of Labels, or a pc, and `handlers`:
    try_table ranges and their catch clauses (see body.py), made on first use from the
    function `func` (gvm.module.Func) and `ctx`, the validation Context or anything
    whose `context()` makes one (a module restored from the cache, gvm/cache/side.py,
    makes it only if a side table is ever asked for)."""
    __slots__ = ("type", "locals", "ctx", "func", "_tables")

    def __init__(self, type, locals, ctx, func):
        self.type = type
        self.locals = locals
        self.ctx = ctx
        self.func = func
        self._tables = None   # (side, handlers), set in one store: threads may race here

    def _made(self):
        if self._tables is None:
            self._tables = side_table(self)
        return self._tables

    @property
    def side(self):
        return self._made()[0]

    @property
    def handlers(self):
        return self._made()[1]

    def __repr__(self):
        return f"<FuncInfo {self.type}>"


@record
class Validated(tuple):
    # funcs: FuncInfo per defined function
    # type_keys: canonical key per type
    # type_supers: per type: frozenset of the keys of itself and its supertypes
    __slots__ = ()

    def __new__(cls, funcs, type_keys, type_supers):
        return new(cls, (funcs, type_keys, type_supers))


def validate(module, features=None):
    """Check the whole module (module.py); return its Validated."""
    from .module import validate_module
    return validate_module(module, features)


def side_table(info):
    """The side table and handlers of a function validated without recording them: the
    same walk over its body, recording. It cannot fail: the body is valid."""
    from .body import BodyValidator
    return BodyValidator(info.ctx.context(), info.type, info.locals).check(info.func.body)
