"""The debugger's engines: the reference engine with every instruction its own step,
and the one whose invocations run under the session's control (session.py).

The program never knows: instantiation, the start function, WASI's `_start` and calls
from the command line all go through `invoke` as with any engine.
"""
from ..errors import Exhaustion
from ..interp.engine import Engine
from ..interp.lower import lower
from ..interp.machine import Machine
from ..runtime import HostFunction


class SteppingEngine(Engine):
    """The reference engine without superinstructions (interp/fuse.py), which would run
    several instructions in one step; its code is cached under a key of its own."""

    def __init__(self, fuel=None):
        super().__init__(fuel)
        self.code_key = "reference+steps"

    def lower(self, func):
        if func.zeros is None:      # as Engine.lower: more locals than a frame may hold
            raise Exhaustion("call stack exhausted")
        code = func.compiled[self.code_key] = lower(func, fused=False)
        return code


class DebugEngine(SteppingEngine):
    def __init__(self, session):
        super().__init__()
        self.session = session

    def invoke(self, func, args):
        if type(func) is HostFunction or self.session.running:
            # Host functions have no instructions; a host function calling back into
            # wasm while the program is stopped inside another call runs freely.
            return Machine(self).invoke(func, args)
        machine = Machine(self)
        machine.stack.extend(args)
        machine.enter(func)
        self.session.run(machine)
        n = len(func.type.results)
        return machine.stack[len(machine.stack) - n:]
