"""What validation knows about every instruction of a function: the types on the operand
stack before it, the blocks around it (its labels), and how many values it pops; and
how the instruction reads in WAT.

The machine holds bare values (an i32 and an i64 are both Python ints), so the debugger
asks the validator for their types. Validating a body is a walk with a stack of value
types and a stack of control frames; the debugger repeats that walk, once per function
it shows, with the validator's own check of each instruction, and writes both stacks
down before each one. The body was validated when the module was loaded, so this walk
cannot fail.
"""
from .. import opcodes as O
from ..disasm import function_lines
from ..validate.body import CHECKS, BodyValidator
from ..validate.context import Context
from ..validate.subtype import Subtyping


class Facts:
    """Per pc of one function body: `types[pc]`, the value types on the operand stack
    (bottom first) before the instruction; `ctrls[pc]`, the validator's control frames
    around it (`Ctrl` objects, outermost first: the function's own block); `pops[pc]`,
    how many values the instruction pops before pushing its results; `texts[pc]`, the
    instruction as the disassembler writes it in the function (with label names)."""

    def __init__(self, types, ctrls, pops, texts):
        self.types = types
        self.ctrls = ctrls
        self.pops = pops
        self.texts = texts


class _Heights(list):
    """The validator's stack of value types, noticing how low it gets: the lowest height
    reached while an instruction is checked tells how many values it consumed."""

    low = 0

    def pop(self, *index):
        t = super().pop(*index)
        self.low = min(self.low, len(self))
        return t


def walk(ctx, func):
    """The Facts of WasmFunction `func`: the validator's walk, one instruction at a time."""
    body = func.func.body
    validator = BodyValidator(ctx, func.info.type, func.info.locals)
    vals = validator.vals = _Heights()
    outer = validator.push_ctrl(O.BLOCK, (), func.info.type.results)
    outer.label.target = len(body) - 1      # as in BodyValidator.run: the function's end
    types, ctrls, pops = [], [], []
    for pc, instr in enumerate(body):
        validator.pc = pc
        types.append(tuple(vals))
        ctrls.append(tuple(validator.ctrls))
        vals.low = len(vals)
        CHECKS[instr.op](validator, instr.imm)
        pops.append(len(types[-1]) - vals.low)
    # A block's label learns its target at the block's `end`: the Ctrl objects written
    # down before it are complete now that the walk is over.
    return Facts(types, ctrls, pops, _texts(func))


def _texts(func):
    """Each instruction in WAT; the disassembler leaves out the `end` of the body."""
    lines = function_lines(func.instance.module, func.index)
    return [line.text for line in lines] + ["end"]


class Analyser:
    """Facts of the functions of one module, each worked out on first use."""

    def __init__(self, module):
        self.ctx = _context(module)
        self.cache = {}     # WasmFunction -> Facts

    def facts(self, func):
        found = self.cache.get(func)
        if found is None:
            found = self.cache[func] = walk(self.ctx, func)
        return found


def _context(module):
    """The validation context of a gvm.Module as validation left it for the bodies:
    every index space, subtyping, and all functions allowed in `ref.func` (the bodies
    are known to be valid)."""
    ast = module.ast
    ctx = Context(ast, module.features)
    ctx.subtyping = Subtyping(ast.types)
    ctx.globals += [glob.type for glob in ast.globals]
    ctx.refs = set(range(len(ctx.funcs)))
    return ctx
