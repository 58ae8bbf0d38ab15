"""The reference engine's entry point: invocations run on a fresh Machine; functions are
lowered on their first call in any instance of their module, and the code, the
module's (gvm/runtime/lowered.py), cached on each instance's function."""
from ..errors import Exhaustion
from .lower import lower
from .machine import Machine


class Engine:
    """`fuel`, when given, is the number of wasm instructions this engine may still
    execute, across all calls; running out raises Exhaustion("fuel exhausted"). Counting
    exact instructions needs code without superinstructions (`fused` False), as does
    stepping through them one by one; such code is cached under a key of its own."""
    name = "reference"

    def __init__(self, fuel=None, fused=True):
        self.fuel = fuel
        self.fused = fused and fuel is None
        self.code_key = self.name if self.fused else self.name + "+unfused"

    def invoke(self, func, args):
        return Machine(self).invoke(func, args)

    def link(self, func):
        """The code of `func`: the module's, which needs no linking (handlers look up
        the frame's instance), lowered now if no instance has called it yet."""
        if func.zeros is None:      # more locals than any frame may hold
            raise Exhaustion("call stack exhausted")
        code = func.instance.module.lowered.code(self.code_key, func, self.lower)
        func.compiled[self.code_key] = code
        return code

    def lower(self, func):
        return lower(func, fused=self.fused)
