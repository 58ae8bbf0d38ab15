"""The reference engine's entry point: invocations run on a fresh Machine; functions are
lowered on their first call and the code cached on the function."""
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

    def lower(self, func):
        if func.zeros is None:      # more locals than any frame may hold
            raise Exhaustion("call stack exhausted")
        code = lower(func, fused=self.fused)
        func.compiled[self.code_key] = code
        return code
