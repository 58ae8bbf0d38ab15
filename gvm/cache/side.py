"""The validation context of a module restored from the cache, made only when a side
table is first asked for.

The module was fully validated when its cache entry was written. Its FuncInfos
(gvm/validate) make a function's side table on first use, as a freshly validated
module's do, by walking that body again with recording on; they need the module's
validation Context for it, and a restored module builds it then, not at load. The walk
cannot fail on a valid body, so a failure means the entry lied, and is reported as the
bug it is.
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
            from ..validate.module import _declared_refs
            from ..validate.context import Context
            from ..validate.subtype import Subtyping
            ctx = Context(self.module, self.features)
            ctx.subtyping = Subtyping(self.module.types)
            ctx.globals += [glob.type for glob in self.module.globals]
            ctx.refs = _declared_refs(self.module)
            self._ctx = ctx
        return self._ctx
