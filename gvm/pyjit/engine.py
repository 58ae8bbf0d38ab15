"""The python engine's entry point (engine="python"): functions are translated to
Python and compiled on their first call in any instance of their module, which keeps
the code object; each instance makes its function of it on its own first call."""
from . import runtime

_SHARED = runtime.Namespaces("python")


class Engine:
    """`fuel`, when given, is the number of wasm instructions this engine may still
    execute, counted as the reference engine counts them; running out raises
    Exhaustion("fuel exhausted"). Code with fuel checks is this engine's own."""
    name = "python"

    def __init__(self, fuel=None):
        self.fuel = fuel
        self.namespaces = _SHARED if fuel is None else runtime.Namespaces(self, self)

    def invoke(self, func, args):
        return runtime.invoke(self.namespaces, func, args)

    def source(self, func):
        return runtime.source(self.namespaces, func)
