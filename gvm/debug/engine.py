"""The debugger's engines: the reference engine with every instruction its own step,
and the one whose invocations run under the session's control (session.py).

The program never knows: instantiation, the start function, WASI's `_start` and calls
from the command line all go through `invoke` as with any engine.
"""
from ..interp.engine import Engine
from ..interp.machine import Machine
from ..runtime import HostFunction


class SteppingEngine(Engine):
    """The reference engine without superinstructions (interp/fuse.py), which would run
    several instructions in one step."""

    def __init__(self, fuel=None):
        super().__init__(fuel, fused=False)


class DebugEngine(SteppingEngine):
    """`fuel`: as for any engine; the session spends it on the instructions it steps."""

    def __init__(self, session, fuel=None):
        super().__init__(fuel)
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
