"""`gvm disasm FILE.wasm [--func NAME] [--offsets]`: the module, or one function, in the
WebAssembly text format, with names from the name section (see gvm/disasm.py)."""
from .. import disasm
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
    args = p.parse_args(options.args)
    module = read_module(args.file)
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
