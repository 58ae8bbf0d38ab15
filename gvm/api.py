"""The embedding API: `Module` (decode + validate, from the binary or the text format),
`parse_wat` and `instantiate`."""
import os

from . import features as F
from .engines import get_engine


def parse_wat(text, file=None):
    """The binary module a WebAssembly text module (a str, or UTF-8 bytes) stands for.
    Malformed text raises gvm.text.TextError, a DecodeError with a line and column."""
    from .text import parse_wat as parse
    return parse(text, file)


class Module:
    """A decoded and validated module, ready to be instantiated any number of times.
    `data` is the bytes of a .wasm file or the text of a .wat one (a str). A module read
    from text keeps `source` (gvm.text.TextModule): its text and, for every instruction,
    where it was written (`source.source_map`: byte offset -> (line, column))."""

    def __init__(self, data, features=None, name=None, file=None):
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        self.source = None
        self.features = F.resolve(features)
        if isinstance(data, str):
            from .text import parse_module
            self.source = parse_module(data, file, self.features)
            data = self.source.binary
        if not isinstance(data, bytes):
            raise TypeError("Module() takes the bytes of a .wasm file or the text of a .wat "
                            f"file, got {type(data).__name__}")
        self.name = name
        from . import binary
        from .validate import validate
        self.ast = binary.decode(data, self.features)
        validated = validate(self.ast, self.features)
        self.func_infos = validated.funcs
        self.type_keys = validated.type_keys
        self.type_supers = validated.type_supers

    @classmethod
    def restored(cls, ast, func_infos, type_keys, type_supers, features=None, name=None):
        """A module validated before, from its parts (what gvm/cache/ keeps of it)."""
        module = cls.__new__(cls)
        module.source = None
        module.features = F.resolve(features)
        module.name = name
        module.ast = ast
        module.func_infos = func_infos
        module.type_keys = type_keys
        module.type_supers = type_supers
        return module

    @classmethod
    def from_file(cls, path, features=None, cache=False):
        """The module in a .wasm file, or in a text file (see `is_text`). `cache`: True
        for the per-user module cache, or a gvm.cache.Store; a binary module is then
        taken from it when there, and put in it when not."""
        with open(path, "rb") as f:
            data = f.read()
        name = os.path.basename(path)
        if is_text(path, data):
            from .text import TextError
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError as e:
                raise TextError("malformed UTF-8 encoding", file=os.fspath(path)) from e
        elif cache:
            from .cache import load_module
            return load_module(data, features, name, None if cache is True else cache)
        return cls(data, features, name=name, file=os.fspath(path))

    @property
    def lowered(self):
        """Each engine's code for this module's functions, lowered once and shared by
        all its instances (gvm/runtime/lowered.py); made on the first instantiation."""
        lowered = self.__dict__.get("_lowered")
        if lowered is None:
            from .runtime.lowered import SharedCode
            lowered = self._lowered = SharedCode(self)
        return lowered

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


def is_text(path, data):
    """Whether a module file holds the text format: a .wat name, or text that starts
    like a module (with `(` or a comment)."""
    return os.fspath(path).endswith(".wat") or data.lstrip().startswith((b"(", b";;"))


def instantiate(module, imports=None, engine=None, max_memory=None, fuel=None, max_table=None):
    """Instantiate a Module (or the bytes or path of one) with `imports`, a mapping from
    import module names to instances or to {name: extern} dicts. Externs are exports of
    other instances, store objects, or plain Python callables for function imports
    (typed by the import). `engine` is "fast", "reference", "python", an engine object
    (gvm.pyjit.engine.Engine(hot=0): the python engine translating at first calls) or
    None for the default.
    `max_memory` (bytes) and `max_table` (entries) cap each memory and table: a larger
    initial size is a LinkError, a larger growth fails (gvm/runtime/limits.py)."""
    if isinstance(module, (str, os.PathLike)):
        module = Module.from_file(module)
    elif not isinstance(module, Module):
        module = Module(module)
    from .link import instantiate as _instantiate
    return _instantiate(module, imports, get_engine(engine, fuel), max_memory, max_table)
