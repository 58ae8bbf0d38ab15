"""GVM, the Ghost Virtual Machine: a WebAssembly runtime.

    import gvm
    inst = gvm.instantiate("fib.wasm")
    inst.exports.fib(20)
    gvm.Module('(module (func (export "f") (result i32) (i32.const 1)))')   # text too

See README.md for the embedding API.
"""
from .errors import (WasmError, DecodeError, ValidationError, LinkError, Trap, Exhaustion,
                     WasmException)
from .api import Module, instantiate, parse_wat
from .runtime import HostFunction, Memory, Table, Global
from .engines import default_engine_name
from . import types

__version__ = "0.1.0"

__all__ = ["Module", "instantiate", "parse_wat", "HostFunction", "Memory", "Table", "Global", "types",
           "WasmError", "DecodeError", "ValidationError", "LinkError", "Trap", "Exhaustion",
           "WasmException",
           "default_engine_name", "__version__"]
