"""GVM, the Ghost Virtual Machine: a WebAssembly runtime.

    import gvm
    inst = gvm.instantiate("fib.wasm")
    inst.exports.fib(20)

See README.md for the embedding API.
"""
from .errors import (WasmError, DecodeError, ValidationError, LinkError, Trap, Exhaustion,
                     WasmException)
from .api import Module, instantiate
from .runtime import HostFunction, Memory, Table, Global
from .engines import default_engine_name
from . import types

__version__ = "0.1.0"

__all__ = ["Module", "instantiate", "HostFunction", "Memory", "Table", "Global", "types",
           "WasmError", "DecodeError", "ValidationError", "LinkError", "Trap", "Exhaustion",
           "WasmException",
           "default_engine_name", "__version__"]
