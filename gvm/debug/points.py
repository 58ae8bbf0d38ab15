"""Breakpoints and watchpoints, numbered together as in gdb.

A breakpoint is a function and a pc. It is written `FUNC` (its first instruction),
`FUNC+OFFSET` (bytes from the first instruction, as places are shown) or `@ADDRESS`
(the byte offset of the instruction in the module). A watchpoint keeps the last value
it saw of a few memory bytes or of a global and reports when it changes.
"""
import math

from .. import types as T
from ..disasm import function_index
from ..runtime import WasmFunction
from .errors import DebugError
from .source import source_of
from .text import bytes_text, function_name, offset_in, place, typed_text


class Breakpoint:
    number = None       # given by Points

    def __init__(self, func, pc, temporary):
        self.func = func
        self.pc = pc
        self.temporary = temporary
        self.hits = 0

    def describe(self):
        kind = "tbreak" if self.temporary else "break"
        hits = f", hit {self.hits} time{'s' if self.hits != 1 else ''}" if self.hits else ""
        return f"{self.number:<4}{kind:<8}{place(self.func, self.pc)}{hits}"


class MemoryWatch:
    number = None

    def __init__(self, memory, address, length):
        self.memory = memory
        self.address = address
        self.length = length
        self.old = self.now()

    def now(self):
        return bytes(self.memory.data[self.address:self.address + self.length])

    def what(self):
        return f"mem {self.address:#x} {self.length}"

    def value(self):
        return bytes_text(self.old)

    def change(self):
        """'old -> new' if the bytes changed since last seen, else None."""
        new = self.now()
        if new == self.old:
            return None
        old, self.old = self.old, new
        return f"{bytes_text(old)} -> {bytes_text(new)}"

    def describe(self):
        return f"{self.number:<4}{'watch':<8}{self.what()}, now {self.value()}"


class GlobalWatch:
    number = None

    def __init__(self, glob, name):
        self.glob = glob
        self.name = name
        self.old = glob.value

    def what(self):
        return f"global {self.name}"

    def value(self):
        return typed_text(self.glob.type.valtype, self.old)

    def change(self):
        new = self.glob.value
        if new == self.old or _both_nan(new, self.old):
            return None
        t = self.glob.type.valtype
        old, self.old = self.old, new
        return f"{typed_text(t, old)} -> {typed_text(t, new)}"

    def describe(self):
        return f"{self.number:<4}{'watch':<8}{self.what()}, now {self.value()}"


def _both_nan(a, b):
    """NaN is not equal to itself, yet a NaN that stays NaN has not changed."""
    return isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)


class Points:
    def __init__(self):
        self.all = {}           # number -> breakpoint or watchpoint
        self.at = {}            # (function, pc) -> Breakpoint
        self.watches = []
        self.last_number = 0

    def _add(self, point):
        self.last_number += 1
        point.number = self.last_number
        self.all[point.number] = point
        return point

    def add_break(self, func, pc, temporary=False):
        if (func, pc) in self.at:
            raise DebugError(f"breakpoint {self.at[func, pc].number} is already at "
                             f"{place(func, pc)}")
        point = self.at[func, pc] = self._add(Breakpoint(func, pc, temporary))
        return point

    def add_watch(self, watch):
        self.watches.append(self._add(watch))
        return watch

    def delete(self, number):
        point = self.all.pop(number, None)
        if point is None:
            raise DebugError(f"no breakpoint or watchpoint number {number}")
        if isinstance(point, Breakpoint):
            del self.at[point.func, point.pc]
        else:
            self.watches.remove(point)

    def hit(self, func, pc):
        """The breakpoint at (func, pc), counted as hit (and gone if temporary), or None."""
        point = self.at.get((func, pc))
        if point is not None:
            point.hits += 1
            if point.temporary:
                self.delete(point.number)
        return point

    def resync(self):
        """Take the values watched as they are now: after `rs` or `set`, a change is
        not the program's doing."""
        for watch in self.watches:
            watch.change()

    def changes(self):
        """'Watchpoint N: WHAT changed: old -> new' for every watch whose value changed."""
        found = []
        for watch in self.watches:
            change = watch.change()
            if change is not None:
                found.append(f"Watchpoint {watch.number}: {watch.what()} changed: {change}")
        return found


# --- where: FUNC, FUNC+OFFSET, @ADDRESS -------------------------------------------------
def locate(instance, spec):
    """The (function, pc) a breakpoint specification names. In a module read from text,
    LINE or FILE:LINE is a line of the source."""
    source = source_of(instance.module)
    if source is not None:
        line = _source_line(spec)
        if line is not None:
            found = source.locate_line(instance, line)
            if found is None:
                raise DebugError(f"no instruction on line {line} of {source.name} or after it")
            return found
    if spec.startswith("@"):
        return _at_address(instance, _number(spec[1:], spec))
    name, plus, offset = spec.partition("+")
    func = find_function(instance, name)
    if not plus:
        return func, 0
    wanted = _number(offset, spec)
    for pc in range(len(func.func.body)):
        if offset_in(func, pc) == wanted:
            return func, pc
    raise DebugError(f"no instruction starts at {function_name(func)}+{wanted:#x} (see `disasm "
                     f"{function_name(func)}`)")


def _source_line(spec):
    """The line of `12` or `prog.wat:12`, else None."""
    _, colon, line = spec.rpartition(":")
    text = line if colon else spec
    return int(text) if text.isdigit() else None


def find_function(instance, name):
    """A defined function by its name, export name or index."""
    try:
        index = function_index(instance.module, name)
    except KeyError:
        raise DebugError(f"no function {name!r}") from None
    func = instance.funcs[index]
    if not isinstance(func, WasmFunction):
        raise DebugError(f"{name} is imported: its code is not in this module")
    return func


def _at_address(instance, address):
    for func in instance.funcs:
        if isinstance(func, WasmFunction) and func.instance is instance:
            for pc, instr in enumerate(func.func.body):
                if instr.offset == address:
                    return func, pc
    raise DebugError(f"no instruction starts at byte {address:#x} of the module")


def _number(text, spec):
    try:
        return int(text, 0)
    except ValueError:
        raise DebugError(f"bad location {spec!r}: write FUNC, FUNC+OFFSET or @ADDRESS") \
            from None


def find_global(instance, name):
    """A global and its display name, by name-section name, export name or index."""
    ast = instance.module.ast
    index = next((i for i, n in ast.names.globals.items() if n == name), None)
    if index is None:
        index = next((e.index for e in ast.exports
                      if e.kind == T.EXTERN_GLOBAL and e.name == name), None)
    if index is None and name.isdigit() and int(name) < len(instance.globals):
        index = int(name)
    if index is None:
        raise DebugError(f"no global {name!r}")
    return instance.globals[index], ast.names.globals.get(index, str(index))
