"""Side tables of bodies already known to be valid, built on first use (the `side` and
`handlers` of gvm/validate/body.py): what a module restored from the cache has in its
FuncInfos instead of the tables an eager validation would have built.

The module was fully validated when its cache entry was written; here the body
validator runs again over one body only when an engine lowers it (or the debugger
reads it), to record where its branches land. It cannot fail on a valid body, so a
failure means the entry lied, and is reported as the bug it is.

Once gvm/validate's FuncInfo builds its side table lazily itself (issue 13),
RestoredInfo should become that FuncInfo, built from the same parts.
"""


class Replay:
    """The validation context of a module whose declarations were checked before:
    built without checking them again, once, on the first side table asked for."""

    def __init__(self, module, features):
        self.module = module
        self.features = features
        self._ctx = None

    def context(self):
        if self._ctx is None:
            from ..validate import _declared_refs
            from ..validate.context import Context
            from ..validate.subtype import Subtyping
            ctx = Context(self.module, self.features)
            ctx.subtyping = Subtyping(self.module.types)
            ctx.globals += [glob.type for glob in self.module.globals]
            ctx.refs = _declared_refs(self.module)
            self._ctx = ctx
        return self._ctx


class RestoredInfo:
    """A FuncInfo (gvm/validate/__init__.py) of a function of a restored module: its
    type and locals, and its side table and handlers, made when first read."""
    __slots__ = ("replay", "type", "locals", "body", "_made")

    def __init__(self, replay, func_type, local_types, body):
        self.replay = replay
        self.type = func_type
        self.locals = local_types
        self.body = body
        self._made = None

    def _tables(self):
        if self._made is None:
            from ..validate.body import BodyValidator
            validator = BodyValidator(self.replay.context(), self.type, self.locals)
            self._made = validator.run(self.body)
        return self._made

    @property
    def side(self):
        return self._tables()[0]

    @property
    def handlers(self):
        return self._tables()[1]
