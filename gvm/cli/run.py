"""`gvm FILE.wasm ARGS...`: run a WASI command, whose entry point is `_start`, with ARGS
as argv[1:] (argv[0] is the file name); its exit code becomes gvm's."""
import os

from .errors import CliError
from .guest import memory_hint, run_guest
from .load import exported_function, instantiate, keep_code, make_wasi, read_module, use_cache


def run(path, options):
    module = read_module(path, cache=use_cache(options))
    instances = []
    with make_wasi(options, [path, *options.args]) as wasi:
        def program():
            instance = instantiate(module, path, options, wasi)
            instances.append(instance)
            if "_start" not in instance.exports:
                raise CliError(f"{path}: exports no _start, so it is not a command; call "
                               f"one of its functions: gvm {_stem(path)}.FUNC or "
                               f"gvm --invoke FUNC {path}")
            exported_function(instance, path, "_start")()
        status = run_guest(program, os.path.basename(path), module)
    keep_code(module)
    if status:
        memory_hint(instances, options)
    return status


def _stem(path):
    return os.path.splitext(path)[0]
