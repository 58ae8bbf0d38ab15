"""The python engine's entry point (engine="python"): functions are translated to Python
and compiled on their first call in any instance of their module, which keeps the code
object; each instance makes its function of it on its own first call. With a threshold
`hot` (GVM_PYTHON_HOT), functions run interpreted until they are hot instead (tier.py)."""
import os

from . import runtime

_SHARED = {}    # hot -> the Namespaces of the engines without fuel


def default_hot():
    """`GVM_PYTHON_HOT`, else 0: how many times its size in instructions a function
    executes interpreted before its translation (0: translated at its first call).
    The tier is not the default yet: it does not make cold runs faster so far
    (docs/python-engine.md, "Tiers"); tier.HOT is the threshold it was measured at."""
    value = os.environ.get("GVM_PYTHON_HOT")
    if value is None:
        return 0
    try:
        hot = float(value)
    except ValueError:
        hot = -1
    if not 0 <= hot < 1e15:
        raise RuntimeError(f"GVM_PYTHON_HOT must be a number from 0 (translate every "
                           f"function at its first call) up, not {value!r}")
    return hot


class Engine:
    """`fuel`, when given, is the number of wasm instructions this engine may still
    execute, counted as the reference engine counts them; running out raises
    Exhaustion("fuel exhausted"). Code with fuel checks is this engine's own, and it
    translates every function at its first call. `hot` (default: default_hot()) is the
    tier's threshold for the others (tier.HOT: the one it was measured at)."""
    name = "python"

    def __init__(self, fuel=None, hot=None):
        self.fuel = fuel
        if fuel is not None:
            self.namespaces = runtime.Namespaces(self, self)
            return
        hot = default_hot() if hot is None else hot
        if hot not in _SHARED:
            key = f"python@{hot:g}" if hot else "python"
            _SHARED[hot] = runtime.Namespaces(key, hot=hot)
        self.namespaces = _SHARED[hot]

    def invoke(self, func, args):
        return runtime.invoke(self.namespaces, func, args)

    def source(self, func):
        return runtime.source(self.namespaces, func)
