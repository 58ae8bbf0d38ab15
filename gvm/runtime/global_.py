"""Global instances (spec 4.2.9). `value` is in gvm.values' internal representation;
get() and set() speak the embedding API's Python values."""
from .. import values as V
from .. import types as T


class Global:
    """`types`: (canonical keys, supertype keys) of the types of the module that defined
    it, which its value type may name; None for a global the host made."""
    __slots__ = ("type", "value", "types")

    def __init__(self, globaltype, value=None, types=None):
        self.type = globaltype
        self.types = types
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
