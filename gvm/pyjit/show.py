"""`gvm disasm --python NAME`: the Python source the python engine makes of a function.

Translation reads only the module (gvm/runtime/lowered.py), but starts from a function
of an instance, so the module is instantiated against stand-ins for its imports,
without running its start function: nothing of the program runs.
"""
from .. import types as T
from ..link import instantiate
from ..runtime import HostFunction
from ..runtime.global_ import Global
from ..runtime.memory import Memory
from ..runtime.table import Table
from ..runtime.tag import Tag
from .engine import Engine


class _Quiet(Engine):
    """An engine that runs nothing: instantiation's start function is skipped."""

    def invoke(self, func, args):
        return []


def _not_called(*args):
    raise RuntimeError("a stand-in import, not meant to run")


def _stand_ins(module):
    ast = module.ast
    by_module = {}
    for imp in ast.imports:
        if imp.kind == T.EXTERN_FUNC:
            t = ast.types[imp.desc]
            extern = HostFunction(getattr(t, "comp", t), _not_called, name=f"{imp.module}.{imp.name}")
        elif imp.kind == T.EXTERN_MEMORY:
            extern = Memory(imp.desc)
        elif imp.kind == T.EXTERN_TABLE:
            extern = Table(imp.desc)
        elif imp.kind == T.EXTERN_GLOBAL:
            extern = Global(imp.desc)
        else:
            t = ast.types[imp.desc]
            extern = Tag(getattr(t, "comp", t), module.type_keys[imp.desc])
        by_module.setdefault(imp.module, {})[imp.name] = extern
    return by_module


def python_source(module, index):
    """The source of function `index` (of the module's function index space)."""
    engine = _Quiet()
    inst = instantiate(module, _stand_ins(module), engine)
    return engine.source(inst.funcs[index])
