"""Reverse stepping: a bounded undo log of what each instruction changed.

Before an instruction runs, the debugger writes down what it may change, with the old
contents: where the machine is (frame and pc), the operand stack of the current frame,
and, by the kind of instruction, the frames (calls and returns), a local, a global, the
memory bytes it may write, the entries of tables, a dropped segment. A call to a host
function may write anywhere in memory (WASI's fd_read does): memory is copied before
it and only the 4 KiB chunks that changed are kept after it. Undoing an instruction
puts everything back. The log holds the last LIMIT instructions.

What left the machine cannot be taken back: output already written stays written.
"""
from collections import deque

from .. import opcodes as O
from ..runtime import HostFunction
from .effects import STORES

LIMIT = 10_000
_CHUNK = 4096


class Entry:
    """The state one instruction may change, as it was before the instruction."""
    __slots__ = ("depth", "frame", "frames", "pc", "stack", "undos")

    def __init__(self, machine):
        frame = machine.frame
        self.frame = frame
        self.pc = frame.pc
        self.depth = len(machine.frames)
        self.stack = machine.stack[frame.base:]
        self.frames = None      # every frame and pc, when an exception may unwind them
        self.undos = []         # functions restoring the rest, in the order taken


class History:
    def __init__(self, limit=LIMIT):
        self.entries = deque(maxlen=limit)

    def __len__(self):
        return len(self.entries)

    def clear(self):
        """Forget everything: a new invocation has a machine of its own."""
        self.entries.clear()

    def record(self, machine, callee):
        """Write down what the instruction about to run may change; `callee` is the
        function it calls, if it is a call (effects.callee_of)."""
        entry = Entry(machine)
        instr = machine.frame.func.func.body[entry.pc]
        if instr.op in (O.THROW, O.THROW_REF):
            entry.frames = [(frame, frame.pc) for frame in machine.frames]
            entry.stack = list(machine.stack)
        saver = _SAVERS.get(instr.op) or (_save_store if instr.op in STORES else None)
        if saver is not None:
            entry.undos.append(saver(machine, instr))
        if isinstance(callee, HostFunction):
            entry.undos.append(_HostWrites(machine.frame.func.instance))
        self.entries.append(entry)
        return entry

    def settle(self, entry):
        """The instruction has run: keep only what it actually changed."""
        for undo in entry.undos:
            if isinstance(undo, _HostWrites):
                undo.settle()

    def undo(self, machine):
        """Undo the last instruction recorded; return its Entry, or None if none is left."""
        if not self.entries:
            return None
        entry = self.entries.pop()
        for undo in reversed(entry.undos):
            undo()
        if entry.frames is not None:
            _restore_all(machine, entry)
        else:
            _restore_top(machine, entry)
        return entry


def _restore_top(machine, entry):
    """Frames below the instruction's own were untouched by it: put its frame back on
    top of them (a call pushed one more, a return popped it) and its operands."""
    frames = machine.frames
    del frames[entry.depth - 1:]
    frames.append(entry.frame)
    machine.local_count = sum(len(frame.locals) for frame in frames)
    machine.resume(entry.frame)
    entry.frame.pc = entry.pc
    del machine.stack[entry.frame.base:]
    machine.stack.extend(entry.stack)


def _restore_all(machine, entry):
    """After an exception unwound frames: every frame and the whole stack."""
    machine.frames[:] = [frame for frame, _pc in entry.frames]
    for frame, pc in entry.frames:
        frame.pc = pc
    machine.resume(entry.frame)
    machine.local_count = sum(len(frame.locals) for frame, _pc in entry.frames)
    machine.stack[:] = entry.stack


# --- what each kind of instruction changes ----------------------------------------------------
def _save_store(machine, instr):
    _align, offset, memidx = instr.imm[:3]
    memory = machine.frame.func.instance.mems[memidx]
    address = machine.stack[-2] + offset    # below the value to store
    return _save_bytes(memory, address, O.OPCODES[instr.op].width)


def _save_bytes(memory, start, length):
    data = memory.data
    start = min(start, len(data))
    end = min(start + length, len(data))
    old = bytes(data[start:end])

    def undo():
        data[start:end] = old
    return undo


def _save_bulk_destination(memory_of):
    """memory.fill, memory.copy, memory.init: the destination is the first of three
    operands, the length the last."""
    def saver(machine, instr):
        stack = machine.stack
        memory = machine.frame.func.instance.mems[memory_of(instr.imm)]
        return _save_bytes(memory, stack[-3], stack[-1])
    return saver


def _save_memory_size(machine, instr):
    memory = machine.frame.func.instance.mems[instr.imm]
    size = len(memory.data)

    def undo():
        memory.shrink(size)
    return undo


def _save_local(machine, instr):
    locals_, i = machine.locals, instr.imm
    old = locals_[i]

    def undo():
        locals_[i] = old
    return undo


def _save_global(machine, instr):
    glob = machine.frame.func.instance.globals[instr.imm]
    old = glob.value

    def undo():
        glob.value = old
    return undo


def _save_tables(machine, instr):
    saved = [(table, list(table.elements)) for table in machine.frame.func.instance.tables]

    def undo():
        for table, elements in saved:
            table.elements[:] = elements
    return undo


def _save_segment(kind):
    def saver(machine, instr):
        segments = getattr(machine.frame.func.instance, kind)
        i, old = instr.imm, segments[instr.imm]

        def undo():
            segments[i] = old
        return undo
    return saver


class _HostWrites:
    """Whatever a host function writes to memory: all of it copied before the call,
    reduced after it to the chunks that changed."""

    def __init__(self, instance):
        self.memories = [(memory, bytes(memory.data)) for memory in instance.mems]
        self.chunks = None

    def settle(self):
        self.chunks = []
        for memory, old in self.memories:
            data = memory.data
            for start in range(0, len(old), _CHUNK):
                if data[start:start + _CHUNK] != old[start:start + _CHUNK]:
                    self.chunks.append((data, start, old[start:start + _CHUNK]))
        self.memories = None

    def __call__(self):
        for data, start, old in self.chunks:
            data[start:start + len(old)] = old


_SAVERS = {
    O.LOCAL_SET: _save_local, O.LOCAL_TEE: _save_local,
    O.GLOBAL_SET: _save_global,
    O.MEMORY_GROW: _save_memory_size,
    O.MEMORY_FILL: _save_bulk_destination(lambda imm: imm),
    O.MEMORY_COPY: _save_bulk_destination(lambda imm: imm[0]),
    O.MEMORY_INIT: _save_bulk_destination(lambda imm: imm[1]),
    O.DATA_DROP: _save_segment("datas"), O.ELEM_DROP: _save_segment("elems"),
    **{op: _save_tables for op in (O.TABLE_SET, O.TABLE_FILL, O.TABLE_COPY, O.TABLE_INIT,
                                   O.TABLE_GROW)},
}
