"""`gvm wat2wasm FILE.wat [-o FILE.wasm]`: assemble a text module (spec chapter 6) to the
binary format with GVM's own parser (gvm/text/). The output is validated first, so a
module that would not load is never written. Without -o the output is FILE.wasm beside
FILE.wat; `-o -` writes to stdout."""
import os
import sys

from .. import ValidationError
from ..binary import decode
from ..validate import validate
from ..features import DEFAULT
from .argparser import Parser
from .errors import CliError
from .load import read_file, text_of


def main(options):
    p = Parser(prog="gvm wat2wasm", description="Assemble a .wat file to a .wasm file.")
    p.add_argument("file", metavar="FILE.wat")
    p.add_argument("-o", dest="output", metavar="FILE.wasm",
                   help="where to write the binary (default: FILE.wasm; - for stdout)")
    args = p.parse_args(options.args)
    from ..text import TextError, parse_wat
    try:
        binary = parse_wat(text_of(args.file, read_file(args.file)), args.file)
        validate(decode(binary, DEFAULT), DEFAULT)
    except TextError as error:
        raise CliError(f"malformed WebAssembly text: {error}") from None
    except ValidationError as error:
        raise CliError(f"{args.file}: invalid WebAssembly module: {error}") from None
    output = args.output or os.path.splitext(args.file)[0] + ".wasm"
    if output == "-":
        sys.stdout.buffer.write(binary)
        return 0
    try:
        with open(output, "wb") as f:
            f.write(binary)
    except OSError as error:
        raise CliError(f"{output}: {error.strerror}") from None
    return 0
