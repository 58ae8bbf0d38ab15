"""`gvm disasm FILE.wasm [--func NAME] [--offsets]`: the module, or one function, in the
WebAssembly text format, with names from the name section (see gvm/disasm.py).
`--python NAME`: the Python source the python engine translates function NAME into."""
from .. import disasm
from ..errors import WasmError
from .errors import CliError
from .load import read_module
from .argparser import Parser


def main(options):
    p = Parser(prog="gvm disasm", description="Disassemble a module to the text format.")
    p.add_argument("file", metavar="FILE.wasm")
    p.add_argument("--func", metavar="NAME",
                   help="only this function (its name, export name or index)")
    p.add_argument("--offsets", action="store_true",
                   help="prefix each instruction with its byte offset in the file")
    p.add_argument("--python", metavar="NAME",
                   help="show the Python source the python engine makes of function NAME")
    args = p.parse_args(options.args)
    module = read_module(args.file)
    if args.python is not None:
        return show_python(module, args.file, args.python)
    if args.func is None:
        print(disasm.disassemble_module(module, args.offsets))
        return 0
    try:
        index = disasm.function_index(module, args.func)
    except KeyError:
        raise CliError(f"{args.file}: no function {args.func!r}") from None
    if index < disasm.imported_function_count(module):
        raise CliError(f"{args.file}: {args.func} is imported: it has no code here")
    print(disasm.disassemble_function(module, index, args.offsets))
    return 0


def show_python(module, path, name):
    from ..pyjit.show import python_source
    try:
        index = disasm.function_index(module, name)
    except KeyError:
        raise CliError(f"{path}: no function {name!r}") from None
    if index < disasm.imported_function_count(module):
        raise CliError(f"{path}: {name} is imported: it has no code here")
    try:
        print(python_source(module, index), end="")
    except WasmError as error:
        raise CliError(f"{path}: {error}") from None
    return 0
