"""From the command line's target to a running instance: which file and function the
target names, reading and decoding the module, giving it WASI, instantiating it."""
import gc
import os
import sys
from contextlib import contextmanager

from .. import DecodeError, LinkError, Module, ValidationError, instantiate as _instantiate
from ..api import is_text
from ..runtime.limits import LimitExceeded
from ..wasi import Wasi
from .errors import CliError

# What MODULE of MODULE.FUNC may be, in the order tried within each directory: the
# binary wins over the text it may have been made from.
MODULE_SUFFIXES = (".wasm", ".wat")
# The options that set the limits of gvm/runtime/limits.py, by their names there.
LIMIT_OPTIONS = {"max_memory": "--max-memory", "max_table": "--max-table"}


# --- which module, which function ----------------------------------------------------------
def resolve_target(target, options):
    """(path of the module, name of the function to call or None for `_start`).

    An existing file is run. Anything else of the form MODULE.FUNC (split at the last
    dot of its last path component) names function FUNC of MODULE.wasm or MODULE.wat,
    looked up in the current directory, the --path directories, then GVM_PATH's.
    --verbose says which file that is."""
    module, function, is_file = split_target(target, options)
    path = module if is_file else find_module(module, options.path)
    if getattr(options, "verbose", False):
        print(f"gvm: loading {path}", file=sys.stderr)
    return path, function


def split_target(target, options):
    """(module, function, whether module is a file): a file with --invoke's function (or
    None), or MODULE and FUNC of MODULE.FUNC, MODULE not looked up yet."""
    base = os.path.basename(target)
    if os.path.isfile(target) or target.endswith(MODULE_SUFFIXES) or "." not in base:
        return target, options.invoke, True
    if options.invoke:
        raise CliError(f"{target}: give either MODULE.FUNC or a file and --invoke FUNC")
    module, function = target.rsplit(".", 1)
    return module, function, False


def search_path(extra_dirs, current_directory=True):
    """The directories MODULE.wasm is looked for in: the current one, `extra_dirs`, then
    GVM_PATH's."""
    gvm_path = [d for d in os.environ.get("GVM_PATH", "").split(os.pathsep) if d]
    return [*([os.curdir] if current_directory else []), *extra_dirs, *gvm_path]


def find_module(module, extra_dirs):
    dirs = search_path(extra_dirs)
    for directory in dirs:
        for suffix in MODULE_SUFFIXES:
            candidate = os.path.normpath(os.path.join(directory, module + suffix))
            if os.path.isfile(candidate):
                return candidate
    raise CliError(f"no module {module}.wasm or {module}.wat in {', '.join(dirs)}")


# --- reading -----------------------------------------------------------------------------------
def read_file(path):
    """The bytes of the file at `path`, or a CliError saying why they cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except OSError as error:
        raise CliError(f"{path}: {error.strerror}") from None


def read_module(path, data=None, cache=False):
    """The decoded and validated module at `path` (`data`: its bytes, if already read),
    or a CliError saying what is wrong. A .wat file, or one that starts like a text
    module, is read as the text format. `cache`: take a binary module from the module
    cache (gvm/cache/) when it is there, and put it there when not."""
    if data is None:
        data = read_file(path)
    with lasting_objects():
        return _read_module(path, data, cache)


def _read_module(path, data, cache):
    if not data.startswith(b"\0asm") and not is_text(path, data):
        raise CliError(f"{path}: not a WebAssembly module (it does not start with \\0asm, "
                       "nor with `(` as a text module does)")
    try:
        if is_text(path, data):
            return read_text_module(path, data)
        if cache:
            from ..cache import load_module
            return load_module(data, name=os.path.basename(path))
        return Module(data, name=os.path.basename(path))
    except DecodeError as error:
        raise CliError(f"{path}: malformed WebAssembly module: {error}") from None
    except ValidationError as error:
        raise CliError(f"{path}: invalid WebAssembly module: {error}") from None


def keep_code(module):
    """After a run: keep in the module cache the code of the functions it lowered, for
    the next run (gvm/cache/: keep_lowered)."""
    if getattr(module, "cache_slot", None) is not None:
        from ..cache import keep_lowered
        keep_lowered(module)


def use_cache(options):
    """Whether a run takes its module from the module cache: unless --no-cache or
    GVM_CACHE=0 says not to."""
    from ..cache import enabled
    return not options.no_cache and enabled()


def read_text_module(path, data):
    from ..text import TextError     # only text needs the parser: not on `gvm prog.wasm`'s path
    try:
        return Module(text_of(path, data), name=os.path.basename(path), file=path)
    except TextError as error:       # it names the file, line and column itself
        raise CliError(f"malformed WebAssembly text: {error}") from None


def text_of(path, data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise CliError(f"{path}: not a WebAssembly module (neither binary, which starts with "
                       "\\0asm, nor text, which is UTF-8)") from None


# --- instantiating -----------------------------------------------------------------------------
def make_wasi(options, args):
    """The WASI state of a program: `args` (the program name first), the --env
    variables, the --dir preopens and the process's standard streams."""
    stdin = getattr(sys.stdin, "buffer", None)
    try:
        wasi = Wasi(args, options.env, options.dir,
                    # Unbuffered: poll_oneoff must see what select() sees (see poll.py).
                    stdin=getattr(stdin, "raw", stdin),
                    stdout=getattr(sys.stdout, "buffer", None),
                    stderr=getattr(sys.stderr, "buffer", None))
    except OSError as error:
        raise CliError(f"--dir {error.filename}: {error.strerror}") from None
    if options.trace_wasi:
        from ..debug.wasi_trace import WasiTrace
        wasi.trace = WasiTrace(sys.stderr)
    return wasi


def instantiate(module, path, options, wasi):
    """Instantiate with WASI's imports and the engine options (--trace: the reference
    engine, reporting each instruction). A trap in the start function propagates like
    any trap of the program."""
    try:
        with lasting_objects():
            instance = _instantiate_with(module, options, wasi)
    except LinkError as error:
        raise link_error(path, error) from None
    except RuntimeError as error:   # the fast engine asked for but not built
        raise CliError(str(error)) from None
    wasi.bind(instance)
    return instance


def _instantiate_with(module, options, wasi):
    if options.trace:       # every instruction, on the reference engine
        from ..debug import trace
        return trace.instantiate(module, wasi.imports(), sys.stderr, options)
    return _instantiate(module, wasi.imports(), engine=options.engine,
                        max_memory=options.max_memory, max_table=options.max_table,
                        fuel=options.fuel)


# Collector thresholds while loading: a young collection every million allocations
# rather than every 700 (garbage a start function makes is still collected), older
# ones hardly ever.
SPARSE_COLLECTION = (1_000_000, 1000, 1000)


@contextmanager
def lasting_objects():
    """Reading a module and instantiating it make a few objects per function that all
    live as long as the run: the garbage collector's passes over them, as they pile
    up, cost a large module more than making them. So collections are rare meanwhile
    (not none: a start function may make cyclic garbage), and what was made is frozen
    after (gc.freeze: never traversed again)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(*SPARSE_COLLECTION)
    try:
        yield
    finally:
        gc.freeze()
        gc.set_threshold(*thresholds)


def link_error(path, error):
    """A LinkError as the command line says it: a limit is named by its option."""
    if isinstance(error, LimitExceeded):
        return CliError(f"{path}: {error.text(LIMIT_OPTIONS.get(error.setting))}")
    return CliError(f"{path}: {error}")


def exported_function(instance, path, name):
    exports = instance.exports
    if name not in exports or not callable(exports[name]):
        functions = [n for n in exports if callable(exports[n])]
        listed = ", ".join(functions) if functions else "none"
        raise CliError(f"{path}: no exported function {name!r} (it exports: {listed})")
    return exports[name]
