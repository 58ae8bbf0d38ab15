"""What the debugger shows of a stopped program: calls and the backtrace, locals,
globals, the operand stack with its types, the labels around the current instruction,
the code around it, and memory."""
from .. import disasm
from .. import opcodes as O
from .. import types as T
from ..binary.instructions import BLOCK_IMMEDIATES
from .errors import DebugError
from .points import find_global
from .source import source_of
from .text import (
    align,
    function_name,
    hex_dump,
    local_name,
    local_names,
    place,
    type_text,
    typed_text,
)


# --- frames ---------------------------------------------------------------------------------
def call_text(frame):
    """`fib(n=i32:10)`: the function and the arguments it was called with (its
    parameters' current values, to be exact)."""
    names = local_names(frame.func)
    params = frame.func.type.params
    args = []
    for i, t in enumerate(params):
        value = typed_text(t, frame.locals[i])
        args.append(f"{names[i]}={value}" if i in names else value)
    return f"{function_name(frame.func)}({', '.join(args)})"


def current_frame(session):
    machine = session.machine
    if not session.running or machine is None or machine.frame is None:
        raise DebugError("the program is not running")
    return machine.frame


def backtrace(session):
    """Innermost first; each frame at its current instruction (the call, for callers)."""
    current_frame(session)
    frames = session.machine.frames
    lines = []
    for depth, frame in enumerate(reversed(frames)):
        pc = frame.pc if depth == 0 else frame.pc - 1
        lines.append(f"#{depth:<3}{call_text(frame)} at {place(frame.func, pc)}")
    return lines


def locals_(session):
    frame = current_frame(session)
    names = local_names(frame.func)
    types = frame.func.info.locals
    params = len(frame.func.type.params)
    lines = []
    for i, value in enumerate(frame.locals):
        kind = "  (param)" if i < params else ""
        lines.append(f"  {i:<4}{names.get(i, ''):<16}{typed_text(types[i], value)}{kind}")
    return lines or ["  (no locals)"]


def globals_(session):
    instance = instance_of(session)
    names = instance.module.ast.names.globals
    lines = []
    for i, glob in enumerate(instance.globals):
        mutable = "mut " if glob.type.mutable else ""
        lines.append(f"  {i:<4}{names.get(i, ''):<24}{mutable}"
                     f"{typed_text(glob.type.valtype, glob.value)}")
    return lines or ["  (no globals)"]


def instance_of(session):
    if session.instance is None:
        raise DebugError("the program has not started")
    return session.instance


# --- the operand stack and the labels --------------------------------------------------------
def stack(session):
    """The current function's operands, bottom first, with their types."""
    frame = current_frame(session)
    values = session.machine.stack[frame.base:]
    types = session.analyser.facts(frame.func).types[frame.pc]
    lines = [f"  {typed_text(t, v)}" for t, v in align(values, types)]
    if not lines:
        return ["  (empty)"]
    lines[-1] += "   <- top"
    return lines


_KINDS = {O.BLOCK: "block", O.LOOP: "loop", O.IF: "if", O.ELSE: "else", O.TRY_TABLE: "try_table"}


def labels(session):
    """The blocks around the current instruction, innermost (label 0) first: where a
    branch to each goes and how many values it carries there."""
    frame = current_frame(session)
    func = frame.func
    ctrls = session.analyser.facts(func).ctrls[frame.pc]
    lines = []
    for depth, ctrl in enumerate(reversed(ctrls)):
        label = ctrl.label
        types = " ".join(type_text(t) for t in ctrl.label_types())
        carries = f"carries {types}" if types else "carries nothing"
        if depth == len(ctrls) - 1:
            lines.append(f"  {depth:<3}{'function':<16}{function_name(func):<24}"
                         f"br {depth} returns, {carries}")
            continue
        target = "loops back to" if ctrl.op == O.LOOP else "goes past its end to"
        where = place(func, label.target)
        kind = " ".join(filter(None, (_KINDS[ctrl.op], label_name(func, ctrl.pc))))
        lines.append(f"  {depth:<3}{kind:<16}{place(func, ctrl.pc):<24}"
                     f"br {depth} {target} {where}, {carries}")
    return lines


def label_name(func, pc):
    """The name-section name of the block that instruction `pc` opens, as `$name`, or
    None. Labels are numbered in the order their blocks open in the body."""
    names = func.instance.module.ast.names.labels.get(func.index)
    if not names:
        return None
    body = func.func.body
    index = sum(1 for instr in body[:pc] if O.OPCODES[instr.op].imm in BLOCK_IMMEDIATES)
    name = names.get(index)
    return None if name is None else f"${name}"


# --- code -----------------------------------------------------------------------------------------
def listing(session, around=5):
    """The WAT of the current function near the current instruction, marked `=>`;
    instructions with a breakpoint are marked `B`. For a module read from text, the
    source lines around the current one instead, with their numbers."""
    frame = current_frame(session)
    func = frame.func
    source = source_of(func.instance.module)
    if source is not None and source.position(func, frame.pc):
        return source_listing(session, source, frame, around)
    lines = disasm.function_lines(session.module, func.index)
    lines.append(disasm.Line(func.func.body[-1].offset, 0, "end"))   # the body's own end
    first = max(0, frame.pc - around)
    out = []
    for pc in range(first, min(len(lines), frame.pc + around + 1)):
        line = lines[pc]
        mark = ("=>" if pc == frame.pc else "  ") + ("B" if (func, pc) in session.points.at else " ")
        out.append(f"{mark} {line.offset:08x}: {'  ' * line.depth}{line.text}")
    return out


def source_listing(session, source, frame, around):
    """The lines of the .wat around the current one: `=>` marks it, `B` a line with a
    breakpoint."""
    breaks = {source.position(func, pc)[0] for func, pc in session.points.at
              if source.position(func, pc)}
    line = source.position(frame.func, frame.pc)[0]
    marks = {n: ("=>" if n == line else "  ") + ("B" if n in breaks else " ")
             for n in breaks | {line}}
    return [f"{source.name}:", *source.listing(line, marks, around)]


def function_text(session, func):
    """The whole function in WAT with offsets, the current instruction marked `=>`."""
    text = disasm.disassemble_function(session.module, func.index, offsets=True)
    frame = session.machine.frame if session.running and session.machine else None
    here = f"{frame.func.func.body[frame.pc].offset:08x}:" if frame and frame.func is func else None
    return [("=> " if here and line.startswith(here) else "   ") + line
            for line in text.splitlines()]


# --- names and memory -------------------------------------------------------------------------------
def lookup(session, name):
    """(description, type, value) of a local of the current function (by name or index)
    or else of a global (by name, export name or index)."""
    name = name.lstrip("$")
    if session.running and session.machine.frame is not None:
        frame = session.machine.frame
        index = local_index(frame, name)
        if index is not None:
            return local_name(frame.func, index), frame.func.info.locals[index], frame.locals[index]
    glob, display = find_global(instance_of(session), name)
    return f"global {display}", glob.type.valtype, glob.value


def local_index(frame, name):
    """The index of local `name` (a name-section name or a number), or None."""
    for i, local in local_names(frame.func).items():
        if local == name:
            return i
    if name.isdigit() and int(name) < len(frame.locals):
        return int(name)
    return None


def memory_dump(session, address_text, length_text):
    memory = _memory(session)
    address = address_of(session, address_text)
    try:
        length = int(length_text, 0) if length_text else 64
    except ValueError:
        raise DebugError(f"LEN must be a number, not {length_text!r}") from None
    if address >= len(memory.data):
        raise DebugError(f"address {address:#x} is beyond memory size {len(memory.data):#x}")
    return hex_dump(memory.data, address, length)


def _memory(session):
    mems = instance_of(session).mems
    if not mems:
        raise DebugError("the module has no memory")
    return mems[0]


def address_of(session, text):
    """An address written as a number, or as the name of a local or global holding it."""
    try:
        return int(text, 0)
    except ValueError:
        _what, t, value = lookup(session, text)
        if t not in (T.I32, T.I64):
            raise DebugError(f"{text} is not an address: it is of type {type_text(t)}") from None
        return value
