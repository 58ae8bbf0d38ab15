"""Global instances (spec 4.2.9). `value` is in gvm.values' internal representation;
get() and set() speak the embedding API's Python values."""
from .. import values as V
from .. import types as T


class Global:
    __slots__ = ("type", "value")

    def __init__(self, globaltype, value=None):
        self.type = globaltype
        self.value = V.default(globaltype.valtype) if value is None else value

    def get(self):
        return V.to_python(self.type.valtype, self.value)

    def set(self, value):
        if not self.type.mutable:
            raise AttributeError("global is immutable")
        self.value = V.from_python(self.type.valtype, value)

    def __repr__(self):
        mut = "mut " if self.type.mutable else ""
        return f"<global {mut}{T.type_name(self.type.valtype)} = {self.get()!r}>"
