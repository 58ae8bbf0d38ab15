"""The embedding API: `Module` (decode + validate) and `instantiate`."""
import os

from . import binary
from . import features as F
from .engines import get_engine
from .link import instantiate as _instantiate
from .validate import validate


class Module:
    """A decoded and validated module, ready to be instantiated any number of times."""

    def __init__(self, data, features=None, name=None):
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise TypeError(f"Module() takes the bytes of a .wasm file, got {type(data).__name__}")
        self.features = F.resolve(features)
        self.name = name
        self.ast = binary.decode(data, self.features)
        validated = validate(self.ast, self.features)
        self.func_infos = validated.funcs
        self.type_keys = validated.type_keys
        self.type_supers = validated.type_supers

    @classmethod
    def from_file(cls, path, features=None):
        with open(path, "rb") as f:
            return cls(f.read(), features, name=os.path.basename(path))

    @property
    def imports(self):
        return self.ast.imports

    @property
    def exports(self):
        return self.ast.exports

    @property
    def types(self):
        return self.ast.types

    @property
    def names(self):
        return self.ast.names

    @property
    def customs(self):
        return self.ast.customs

    def __repr__(self):
        return f"<module {self.name or self.ast.names.module or ''}>".replace(" >", ">")


def instantiate(module, imports=None, engine=None, max_memory=None, fuel=None, max_table=None):
    """Instantiate a Module (or the bytes or path of one) with `imports`, a mapping from
    import module names to instances or to {name: extern} dicts. Externs are exports of
    other instances, store objects, or plain Python callables for function imports
    (typed by the import). `engine` is "fast", "reference" or None for the default.
    `max_memory` (bytes) and `max_table` (entries) cap each memory and table: a larger
    initial size is a LinkError, a larger growth fails (gvm/runtime/limits.py)."""
    if isinstance(module, (str, os.PathLike)):
        module = Module.from_file(module)
    elif not isinstance(module, Module):
        module = Module(module)
    return _instantiate(module, imports, get_engine(engine, fuel), max_memory, max_table)
