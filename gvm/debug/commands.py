"""The debugger's commands, with pdb's and gdb's names: one table of names (the first is
the full name, the others aliases), usage, help and handler. A handler takes the session
and the rest of the command line; the commands that let the program go on set
`session.resume`. The REPL (repl.py) repeats the last command on an empty line."""
from collections.abc import Callable
from typing import NamedTuple

from ..cli.call import parse_value
from ..cli.errors import CliError
from . import views
from .errors import DebugError, Quit
from .points import GlobalWatch, MemoryWatch, find_function, find_global, locate
from .session import Continue, Finish, Next, Step
from .text import V128_VIEW, function_name, place, typed_text
from ..values import V128_SHAPES


class Command(NamedTuple):
    names: tuple
    usage: str      # the arguments
    help: str
    handler: Callable


COMMANDS = []
BY_NAME = {}


def command(*names, usage="", help):
    def register(handler):
        cmd = Command(names, usage, help, handler)
        COMMANDS.append(cmd)
        for name in names:
            BY_NAME[name] = cmd
        return handler
    return register


def execute(session, line):
    """Carry out one command line."""
    word, _, rest = line.strip().partition(" ")
    cmd = BY_NAME.get(word)
    if cmd is None:
        raise DebugError(f"unknown command {word!r} (try `help`)")
    cmd.handler(session, rest.strip())


def _say_lines(session, lines):
    for line in lines:
        session.say(line)


def _count(text):
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise DebugError(f"expected a count, not {text!r}")
    return int(text)


def _resume(session, how):
    views.current_frame(session)       # only a running program can go on
    session.resume = how


# --- moving ---------------------------------------------------------------------------------
@command("step", "s", usage="[N]", help="One instruction, into calls. N: that many.")
def _step(session, arg):
    _resume(session, Step(_count(arg)))


@command("next", "n", usage="[N]",
         help="One instruction, over calls. N: that many.")
def _next(session, arg):
    _resume(session, Next(_count(arg)))


@command("finish", help="Run until this function returns.")
def _finish(session, arg):
    frame = views.current_frame(session)
    session.say(f"Run till exit from {views.call_text(frame)}")
    _resume(session, Finish())


@command("continue", "c", "cont", help="Run to a breakpoint, a watchpoint, a trap or the end.")
def _continue(session, arg):
    _resume(session, Continue())


@command("reverse-step", "rs", usage="[N]",
         help="Undo the last instruction. N: that many (the history keeps the last 10000).")
def _reverse_step(session, arg):
    views.current_frame(session)
    session.reverse(_count(arg))


# --- breakpoints and watchpoints ----------------------------------------------------------------
def _break(session, arg, temporary):
    if not arg:
        raise DebugError("where? write FUNC, FUNC+OFFSET or @ADDRESS")
    func, pc = locate(views.instance_of(session), arg)
    point = session.points.add_break(func, pc, temporary)
    kind = "Temporary breakpoint" if temporary else "Breakpoint"
    session.say(f"{kind} {point.number} at {place(func, pc)}")


@command("break", "b", usage="FUNC|FUNC+OFFSET|@ADDRESS",
         help="Stop at an instruction. OFFSET counts bytes from the function's first "
              "instruction, ADDRESS from the start of the module.")
def _break_command(session, arg):
    _break(session, arg, temporary=False)


@command("tbreak", usage="FUNC|FUNC+OFFSET|@ADDRESS",
         help="Stop at an instruction once.")
def _tbreak(session, arg):
    _break(session, arg, temporary=True)


@command("delete", "d", usage="[N]", help="Delete breakpoint or watchpoint N, or all.")
def _delete(session, arg):
    if not arg:
        for number in list(session.points.all):
            session.points.delete(number)
        session.say("Deleted all breakpoints and watchpoints.")
        return
    session.points.delete(_count(arg))


@command("watch", usage="mem ADDR [LEN] | watch global NAME",
         help="Stop when memory or a global changes. LEN bytes (4 by default) from "
              "ADDR, a number or a local or global holding it.")
def _watch(session, arg):
    kind, _, rest = arg.partition(" ")
    instance = views.instance_of(session)
    if kind == "mem" and rest:
        address_text, _, length_text = rest.strip().partition(" ")
        address = views.address_of(session, address_text)
        length = _count(length_text.strip() or "4")
        if not instance.mems or address + length > len(instance.mems[0].data):
            raise DebugError(f"bytes {address:#x}..{address + length:#x} are beyond memory")
        point = session.points.add_watch(MemoryWatch(instance.mems[0], address, length))
    elif kind == "global" and rest:
        glob, name = find_global(instance, rest.strip().lstrip("$"))
        point = session.points.add_watch(GlobalWatch(glob, name))
    else:
        raise DebugError("write `watch mem ADDR [LEN]` or `watch global NAME`")
    session.say(f"Watchpoint {point.number}: {point.what()}, now {point.value()}")


@command("info", usage="breakpoints",
         help="List the breakpoints and watchpoints.")
def _info(session, arg):
    if arg not in ("breakpoints", "break", "b", "watchpoints", "watch"):
        raise DebugError("write `info breakpoints`")
    points = session.points.all.values()
    _say_lines(session, [point.describe() for point in points] or
               ["No breakpoints or watchpoints."])


# --- looking around ----------------------------------------------------------------------------
@command("backtrace", "bt", "where", help="The calls that led here, innermost first.")
def _backtrace(session, arg):
    _say_lines(session, views.backtrace(session))


@command("locals", help="The parameters and locals of this function.")
def _locals(session, arg):
    _say_lines(session, views.locals_(session))


@command("globals", help="The module's globals.")
def _globals(session, arg):
    _say_lines(session, views.globals_(session))


@command("stack", help="The operand stack, with types, top last.")
def _stack(session, arg):
    _say_lines(session, views.stack(session))


@command("labels", help="The blocks around here: where a branch to each goes, what it carries. "
                        "Label 0, the innermost, first.")
def _labels(session, arg):
    _say_lines(session, views.labels(session))


@command("x", usage="ADDR [LEN]",
         help="Memory in hex and ASCII. LEN bytes (64 by default) from ADDR, a number "
              "or a local or global holding it.")
def _examine(session, arg):
    address, _, length = arg.partition(" ")
    if not address:
        raise DebugError("which address?")
    _say_lines(session, views.memory_dump(session, address, length.strip()))


@command("list", "l", help="The WAT around here.")
def _list(session, arg):
    _say_lines(session, views.listing(session))


@command("disasm", usage="[FUNC]", help="The WAT of a function, this one by default.")
def _disasm(session, arg):
    func = find_function(views.instance_of(session), arg) if arg else views.current_frame(session).func
    _say_lines(session, views.function_text(session, func))


@command("print", "p", usage="NAME",
         help="A local or a global. NAME: a name, or the index of a local.")
def _print(session, arg):
    if not arg:
        raise DebugError("print what?")
    what, t, value = views.lookup(session, arg)
    session.say(f"{what} = {typed_text(t, value)}")


@command("v128", usage="[SHAPE]",
         help="The lane view of v128 values: i8x16, i16x8, i32x4 (default), i64x2, f32x4, f64x2.")
def _v128_view(session, arg):
    if arg:
        if arg not in V128_SHAPES:
            raise DebugError(f"unknown shape {arg!r} (one of {', '.join(V128_SHAPES)})")
        V128_VIEW[0] = arg
    session.say(f"v128 values shown as {V128_VIEW[0]}")


@command("set", usage="local NAME VALUE | set global NAME VALUE",
         help="Change a local, or a mutable global.")
def _set(session, arg):
    parts = arg.split()
    if len(parts) != 3 or parts[0] not in ("local", "global"):
        raise DebugError("write `set local NAME VALUE` or `set global NAME VALUE`")
    kind, name, text = parts
    name = name.lstrip("$")
    if kind == "local":
        frame = views.current_frame(session)
        index = views.local_index(frame, name)
        if index is None:
            raise DebugError(f"no local {name!r} in {function_name(frame.func)}")
        t = frame.func.info.locals[index]
        value = frame.locals[index] = _parse(t, text, name)
    else:
        glob, name = find_global(views.instance_of(session), name)
        name = f"global {name}"
        if not glob.type.mutable:
            raise DebugError(f"{name} is immutable")
        t = glob.type.valtype
        value = glob.value = _parse(t, text, name)
    session.trap = None     # the instruction that trapped may now go through
    session.points.resync()
    session.say(f"{name} = {typed_text(t, value)}")


def _parse(t, text, name):
    """VALUE as the command line reads arguments: decimal or hex integers, floats."""
    try:
        return parse_value(t, text, name, 1)
    except CliError as error:
        raise DebugError(str(error).replace(": argument 1", "")) from None


# --- the session ----------------------------------------------------------------------------
@command("help", "h", usage="[COMMAND]", help="The commands, or one in full.")
def _help(session, arg):
    if arg:
        cmd = BY_NAME.get(arg)
        if cmd is None:
            raise DebugError(f"no command {arg!r}")
        _say_lines(session, [_synopsis(cmd), f"    {cmd.help}"])
        return
    width = max(len(_synopsis(cmd)) for cmd in COMMANDS) + 2
    lines = [f"  {_synopsis(cmd):<{width}}{_summary(cmd)}" for cmd in COMMANDS]
    _say_lines(session, ["Commands (an empty line repeats the last one):", *lines])


def _synopsis(cmd):
    """`s, step [N]`: the names, shortest first, and the arguments."""
    names = ", ".join(sorted(cmd.names, key=len))
    return f"{names} {cmd.usage}".strip()


def _summary(cmd):
    return cmd.help.split(". ")[0].rstrip(".")


@command("quit", "q", help="End the program and the debugger.")
def _quit(session, arg):
    raise Quit()
