"""Engine selection, like msgpack's: the fast (Cython) engine when it is built, the
python engine (wasm translated to Python source) otherwise or when GVM_PUREPYTHON=1 is
set. The reference engine, the readable interpreter, is there by name."""
import os

ENGINES = ("fast", "reference", "python")
_cache = {}  # engine name -> the shared engine without fuel


def fast_available():
    try:
        from ._fast import engine  # noqa: F401
    except ImportError:
        return False
    return True


def default_engine_name():
    if os.environ.get("GVM_PUREPYTHON") == "1" or not fast_available():
        return "python"
    return "fast"


def engine_class(name):
    if name == "fast":
        if not fast_available():
            raise RuntimeError("the fast engine is not built (no C compiler at install "
                               "time?); use engine='python'")
        from ._fast.engine import Engine
    elif name == "python":
        from .pyjit.engine import Engine
    else:
        from .interp.engine import Engine
    return Engine


def get_engine(name=None, fuel=None):
    """The engine called `name` (default: the best available), or `name` itself if it
    is an engine object (one made with options of its own: Engine(hot=0)). Engines
    without fuel are shared; one with fuel is made for its caller, since it counts down."""
    if hasattr(name, "invoke"):
        if fuel is not None:
            raise ValueError("give an engine object its fuel when making it")
        return name
    name = name or default_engine_name()
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}")
    if fuel is not None:
        return engine_class(name)(fuel=fuel)
    if name not in _cache:
        _cache[name] = engine_class(name)()
    return _cache[name]
