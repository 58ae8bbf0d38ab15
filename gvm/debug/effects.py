"""What one instruction did: the values it popped and pushed, with their types, and
where control went (into a block, along a branch, into a call, back to the caller).

`Before(machine, facts)` is taken just before an instruction runs; `before.effect(...)`
afterwards compares the two states. Values are matched to types by the validator's
facts (static.py): how many values the instruction pops, and the types on the stack
before and after it. A taken branch is the exception: it cuts the stack back to the
height of its label, so what it popped is everything above that height.
"""
from .. import opcodes as O
from .text import (
    align,
    function_name,
    global_name,
    local_name,
    place,
    typed_list,
    typed_text,
)

_CALLS = {O.CALL, O.RETURN_CALL}
_INDIRECT_CALLS = {O.CALL_INDIRECT, O.RETURN_CALL_INDIRECT}
_REF_CALLS = {O.CALL_REF, O.RETURN_CALL_REF}
_BRANCHES = {O.BR, O.BR_IF, O.BR_TABLE, O.BR_ON_NULL, O.BR_ON_NON_NULL}
_BLOCK_NAMES = {O.BLOCK: "block", O.LOOP: "loop", O.IF: "if", O.ELSE: "if",
                O.TRY_TABLE: "try_table"}
STORES = frozenset(op.id for op in O.OPCODES if op.width and "store" in op.name)


def callee_of(machine, instr):
    """The function a call instruction about to run will call, None for other
    instructions (and for an indirect call that is going to trap)."""
    inst = machine.frame.func.instance
    if instr.op in _CALLS:
        return inst.funcs[instr.imm]
    if instr.op in _INDIRECT_CALLS:
        elements = inst.tables[instr.imm[1]].elements
        i = machine.stack[-1]
        return elements[i] if i < len(elements) else None
    if instr.op in _REF_CALLS:
        return machine.stack[-1]
    return None


class Effect:
    """`popped` and `pushed`: (type, value) pairs, bottom first; `note`: where control
    went, when it did not simply go on to the next instruction, and what changed besides
    the stack (a local, a global, memory)."""

    def __init__(self, popped=(), pushed=(), note=""):
        self.popped = list(popped)
        self.pushed = list(pushed)
        self.note = note

    def __str__(self):
        parts = []
        if self.popped:
            parts.append(f"popped {typed_list(self.popped)}")
        if self.pushed:
            parts.append(f"pushed {typed_list(self.pushed)}")
        text = ", ".join(parts)
        if self.note:
            text = f"{text}; {self.note}" if text else self.note
        return text or "no change to the stack"


class Before:
    """The machine just before one instruction, as much as telling its effect needs."""

    def __init__(self, machine, facts):
        frame = machine.frame
        self.frame = frame
        self.func = frame.func
        self.pc = frame.pc
        self.instr = frame.func.func.body[frame.pc]
        self.depth = len(machine.frames)
        self.values = machine.stack[frame.base:]
        self.types = facts.types[frame.pc]
        self.pops = facts.pops[frame.pc]
        self.ctrls = facts.ctrls[frame.pc]
        self.callee = callee_of(machine, self.instr)

    def operands(self):
        """The typed values the instruction takes from the stack."""
        return align(self.values[len(self.values) - self.pops:], self.types)

    def effect(self, machine, analyser):
        """What the instruction did, now that it has run."""
        frames = machine.frames
        if self.instr.op in (O.THROW, O.THROW_REF):     # it ran: a try_table caught it
            frame = machine.frame
            return Effect(self.operands(), note=f"throws, caught: continues at "
                                                f"{place(frame.func, frame.pc)}")
        if len(frames) > self.depth:
            return Effect(self.operands(), note=f"calls {function_name(machine.frame.func)}")
        if len(frames) < self.depth or frames[-1] is not self.frame:
            return self._left(machine)
        return self._within(machine, analyser.facts(self.func))

    def _left(self, machine):
        """The frame is gone: returned, or replaced by a tail call."""
        if machine.frame is not None and machine.frame.func is self.callee:
            return Effect(self.operands(), note=f"tail-calls {function_name(self.callee)}")
        results = self.func.type.results
        values = machine.stack[len(machine.stack) - len(results):] if results else []
        returned = typed_list(zip(results, values)) if results else "nothing"
        caller = machine.frame
        to = f" to {place(caller.func, caller.pc)}" if caller else ""
        return Effect(note=f"{function_name(self.func)} returns {returned}{to}")

    def _within(self, machine, facts):
        """Still in the same function: compare the stack from the lowest height the
        instruction reached."""
        frame = machine.frame
        after = machine.stack[frame.base:]
        low = len(self.values) - self.pops
        label = self._taken_label(frame.pc)
        if label is not None:
            low = label.height
        popped = align(self.values[low:], self.types)
        pushed = align(after[low:], facts.types[frame.pc])
        notes = (self._control_note(frame.pc, label), self._state_note())
        return Effect(popped, pushed, "; ".join(note for note in notes if note))

    def _taken_label(self, new_pc):
        """The Label of a branch that was taken, else None."""
        if self.instr.op not in _BRANCHES or new_pc == self.pc + 1:
            return None
        side = self.func.info.side[self.pc]
        labels = side if isinstance(side, tuple) else (side,)
        return next(label for label in labels if label.target == new_pc)

    def _control_note(self, new_pc, label):
        op = self.instr.op
        body = self.func.func.body
        if self.callee is not None:     # a host function, or a whole call by `next`
            return f"called {function_name(self.callee)}"
        if op in _BRANCHES:
            return f"branches to {place(self.func, new_pc)}" if label else "no branch"
        if op in (O.BLOCK, O.LOOP, O.TRY_TABLE):
            return f"enters {_BLOCK_NAMES[op]}"
        if op == O.IF:
            if new_pc == self.pc + 1:
                return "takes the then branch"
            if body[new_pc - 1].op == O.ELSE:
                return "takes the else branch"
            return "skips the if"
        if op == O.ELSE:
            return "then branch done, leaves if"
        if op == O.END:
            return f"leaves {_BLOCK_NAMES[self.ctrls[-1].op]}"
        return ""

    def _state_note(self):
        """What the instruction changed besides the stack: a local, a global, memory."""
        op = O.OPCODES[self.instr.op]
        imm = self.instr.imm
        if op.id in (O.LOCAL_SET, O.LOCAL_TEE):
            t = self.func.info.locals[imm]
            return f"{local_name(self.func, imm)} = {typed_text(t, self.frame.locals[imm])}"
        if op.id == O.GLOBAL_SET:
            glob = self.func.instance.globals[imm]
            return (f"{global_name(self.func.instance, imm)} = "
                    f"{typed_text(glob.type.valtype, glob.value)}")
        if op.id in STORES:
            address = self.values[-2] + imm[1]      # below the value stored
            return f"wrote {op.width} bytes at {address:#x}"
        if op.id in (O.MEMORY_FILL, O.MEMORY_COPY, O.MEMORY_INIT):
            return f"wrote {self.values[-1]} bytes at {self.values[-3]:#x}"
        return ""
