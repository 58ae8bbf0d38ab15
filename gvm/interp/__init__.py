"""The reference engine: a readable pure-Python interpreter of validated WebAssembly.

One handler per instruction, dispatched by indexing a list with the pc (machine.py);
the debugger drives `Machine.step()`.
"""
from ..errors import Exhaustion
from .lower import lower
from .machine import Machine


class Engine:
    """`fuel`, when given, is the number of instructions this engine may still execute,
    across all calls; running out raises Exhaustion("fuel exhausted")."""
    name = "reference"

    def __init__(self, fuel=None):
        self.fuel = fuel

    def invoke(self, func, args):
        return Machine(self).invoke(func, args)

    def lower(self, func):
        if func.zeros is None:      # more locals than any frame may hold
            raise Exhaustion("call stack exhausted")
        code = lower(func)
        func.compiled[self.name] = code
        return code
