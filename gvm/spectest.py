"""The `spectest` host module that the official spec tests import (see the spec
repository's interpreter/host/spectest.ml): print functions that print, and a table,
a memory and globals with fixed values."""
from . import types as T
from . import values as V
from .runtime import HostFunction, Memory, Table, Global


def _printer(name, params):
    def print_values(*args):
        print(name, *args)
    return HostFunction((params, ()), print_values, name=name)


def imports():
    """A fresh `{"spectest": {...}}` import mapping."""
    g = T.GlobalType
    return {"spectest": {
        "print": _printer("print", ()),
        "print_i32": _printer("print_i32", ("i32",)),
        "print_i64": _printer("print_i64", ("i64",)),
        "print_f32": _printer("print_f32", ("f32",)),
        "print_f64": _printer("print_f64", ("f64",)),
        "print_i32_f32": _printer("print_i32_f32", ("i32", "f32")),
        "print_f64_f64": _printer("print_f64_f64", ("f64", "f64")),
        "global_i32": Global(g(T.I32, False), 666),
        "global_i64": Global(g(T.I64, False), 666),
        "global_f32": Global(g(T.F32, False), V.round_f32(666.6)),
        "global_f64": Global(g(T.F64, False), 666.6),
        "table": Table(T.TableType(T.Limits(10, 20), T.FUNCREF)),
        "table64": Table(T.TableType(T.Limits64(10, 20), T.FUNCREF)),
        "memory": Memory(T.MemType(T.Limits(1, 2))),
    }}
