"""The python engine's tier below its translation, on when it has a threshold `hot`
(GVM_PYTHON_HOT, Engine(hot=)): a function runs on the reference engine's machine
(gvm/interp/) until it is hot, and only then is it translated to Python.

Translating a function costs some fifty microseconds a wasm instruction, interpreting
one well under one: most functions of a large program (QuickJS's initialisation, its
parser) run too little for their translation to pay. So a function's first calls are
interpreted, counting the instructions they execute, and once it has executed `hot`
times as many instructions as its body has, its next call is translated. A call that is
itself long, a loop running on, switches in the middle: at the loop's next back branch
the frame's locals and operand stack go to an entry of the translation that starts at
that loop's head (on-stack replacement, osr.py), which runs the rest of the call.

A call from translated code into a function still interpreted starts a Machine, on
which that function's calls of other functions still interpreted push frames, as the
reference engine's calls do; calls of translated ones (and host functions, and other
instances' functions) go to the namespace's entries. Every frame keeps the python
engine's conventions: the call depth budget `d`, a frame with many locals weighing as
several, a tail call from the machine's first frame returned as a _Tail to the driver
loop; a trap's backtrace lists the machine's frames (runtime.backtrace reads
`interpret`'s machine). Machines nest through C (translated code calling an
interpreted function calling translated code ...), so a thread runs at most DEEPEST of
them at once: a deeper call translates its callee instead.
"""
from _thread import _local

from .. import opcodes as O
from ..errors import Exhaustion
from ..interp.engine import Engine as Reference
from ..interp.machine import Frame, Machine
from ..runtime import HostFunction
from . import runtime as RT
from .translate import frame_weight

# Instructions a function executes interpreted, per instruction of its body, before it
# is translated. Translating one costs about as much as interpreting 50 to 75, but a
# function that gets this far mostly goes on much further (docs/python-engine.md, "Tiers").
HOT = 10
# Interpreters one thread may run at once (each nests Python calls through C).
DEEPEST = 40
# Instructions that do nothing at run time: a back branch lands past a run of them
# (gvm/interp/fuse.py's skip_structure), which is where a loop's head is found.
_STRUCTURE = {O.BLOCK, O.LOOP, O.END, O.NOP, O.TRY_TABLE}
_OPENERS = {O.BLOCK, O.LOOP, O.IF, O.TRY_TABLE}
# Back branches of a loop inside another, interpreted after its function got hot, before
# it gets an entry of its own (Tiered.replacement).
INNER_ITERATIONS = 1000
# The reference engine's code, fused, without fuel: the module's, shared with it.
_REFERENCE = Reference()


class _Depth(_local):
    machines = 0    # this thread's running Interpreters


_depth = _Depth()


class Tiered:
    """A function of one instance before its translation: the entries that interpret
    it (`call`, F{i}'s; `tail`, T{i}'s, which may return a _Tail) and what they count."""
    __slots__ = ("namespaces", "func", "hot", "code", "work", "limit", "weight", "results",
                 "heads", "entries", "inner")

    def __init__(self, namespaces, func, hot):
        self.namespaces = namespaces
        self.func = func
        self.hot = hot
        self.code = None            # the reference engine's code, once lowered
        self.work = 0               # instructions executed in it so far
        self.limit = 1              # until the code, whose length sets it, is lowered
        if func.instance.module.lowered.ready(namespaces.module_key, func):
            self.limit = 0          # translated before (another instance, another run)
        self.weight = frame_weight(len(func.type.params) + len(func.zeros or ()))
        self.results = len(func.type.results)
        self.heads = None           # landing pc of a back branch -> its loop's pc
        self.entries = {}           # loop pc -> its on-stack replacement entry, or None
        self.inner = {}             # inner loop pc -> its back branches since hot

    def lowered(self):
        """The reference engine's code of the function (one entry per instruction),
        which sets how much it runs interpreted."""
        if self.code is None:
            func = self.func
            self.code = func.compiled.get(_REFERENCE.code_key) or _REFERENCE.link(func)
            if self.limit:
                self.limit = max(1, round(self.hot * len(self.code)))
        return self.code

    def cold(self):
        """Whether a call should still be interpreted."""
        return self.work < self.limit and self.func.zeros is not None

    def call(self, *args):
        r = self.tail(*args)
        while type(r) is RT._Tail:
            r = r.f(*r.args, args[-1])
        return r

    def tail(self, *args):
        code = self.func.compiled.get(self.namespaces.key)
        if code is None:
            if self.cold() and _depth.machines < DEEPEST:
                return self.interpret(args)
            code = self.namespaces.code(self.func)
        return code.tail(*args)

    def interpret(self, args):
        d = args[-1]
        if not d:
            raise Exhaustion("call stack exhausted")
        m = Interpreter(self.namespaces, self.func.instance)
        m.stack = list(args[:-1])
        m.push(self, d)
        _depth.machines += 1
        try:
            m.run()
        finally:
            _depth.machines -= 1
        if m.tail_call_made is not None:
            return m.tail_call_made
        n = self.results
        if n == 1:
            return m.stack[-1]
        return tuple(m.stack[len(m.stack) - n:]) if n else None

    def callee_budget(self, d):
        return d - self.weight if d > self.weight else 0

    def replacement(self, landing):
        """The on-stack replacement entry for the loop whose back branches land at pc
        `landing`, or None where there is none or not yet (then the call goes on
        interpreted). Each entry is a translation of most of the function (a loop
        inside another is entered by a copy of the outer one's rest), so only the
        outermost loops get theirs at once: a frame in an inner loop mostly gets back to
        its outer loop's head soon; an inner loop gets its own after INNER_ITERATIONS
        back branches interpreted since the function got hot."""
        if self.heads is None:
            self.heads = loop_heads(self.func.func.body.decode())
        head = self.heads.get(landing)
        if head is None:
            return None
        pc, inner = head
        if pc not in self.entries:
            if inner:
                self.inner[pc] = n = self.inner.get(pc, 0) + 1
                if n < INNER_ITERATIONS:
                    return None
            self.entries[pc] = self.namespaces.osr_entry(self.func, pc)
        return self.entries[pc]


def loop_heads(body):
    """Landing pc -> (pc of the innermost loop it is the head of, whether that loop is
    inside another loop). A back branch lands on the first instruction after its loop
    that is not structure; the structure it skips changes no value, so the innermost
    loop of that run is entered in the same state."""
    inside = {}         # loop pc -> whether it is inside another loop
    opened = []         # the opcodes of the open blocks
    for pc, instr in enumerate(body):
        op = instr.op
        if op in _OPENERS:
            if op == O.LOOP:
                inside[pc] = O.LOOP in opened
            opened.append(op)
        elif op == O.END and opened:
            opened.pop()
    heads = {}
    for pc in inside:
        landing = pc + 1
        while landing < len(body) - 1 and body[landing].op in _STRUCTURE:
            landing += 1
        loop = max(p for p in range(pc, landing) if p in inside)
        heads[landing] = (loop, inside[loop])
    return heads


class TierFrame(Frame):
    __slots__ = ("d", "tiered")     # its call depth budget; its function's Tiered


class Interpreter(Machine):
    """The reference engine's machine for the python engine's interpreted frames."""

    def __init__(self, namespaces, inst):
        super().__init__(_REFERENCE)
        self.namespaces = namespaces
        self.home = inst                        # its frames' instance
        self.ns = namespaces.namespace(inst)
        self.tail_call_made = None              # a _Tail, if its first frame made one

    def push(self, tiered, d):
        """Enter a frame of tiered.func, its arguments on top of the stack."""
        func = tiered.func
        code = tiered.lowered()
        stack = self.stack
        n = len(func.type.params)
        locals_ = stack[len(stack) - n:]
        del stack[len(stack) - n:]
        locals_ += func.zeros
        frame = TierFrame(func, code, locals_, len(stack))
        frame.d = d
        frame.tiered = tiered
        self.frames.append(frame)
        self.frame = frame
        self.locals = locals_
        self.inst = func.instance

    def cold(self, func):
        """The Tiered of `func` if a call of it should push a frame here."""
        if type(func) is HostFunction or func.instance is not self.home \
                or self.namespaces.key in func.compiled:
            return None
        tiered = self.namespaces.tiered(func)
        return tiered if tiered.cold() else None

    def enter(self, func):
        """`call` of a defined function (the reference engine's call_wasm)."""
        self.call(func)

    def call(self, func):
        frame = self.frame
        d = frame.tiered.callee_budget(frame.d)
        tiered = self.cold(func)
        if tiered is None:
            self.call_out(func, d)
            return False
        if not d:
            raise Exhaustion("call stack exhausted")
        self.push(tiered, d)
        return True

    def call_out(self, func, d):
        """Call `func`'s entry in the namespace; its results go on the stack."""
        stack = self.stack
        n = len(func.type.params)
        args = stack[len(stack) - n:]
        del stack[len(stack) - n:]
        _push(stack, self.entry(func, False)(*args, d), len(func.type.results))

    def entry(self, func, tail):
        if type(func) is not HostFunction and func.instance is self.home:
            return self.ns[("T" if tail else "F") + str(func.index)]
        return self.namespaces.entry(func, tail)

    def tail_call(self, func):
        """`return_call`: the callee replaces the frame, with its budget; from the first
        frame, the driver loop of the translated code that called it makes the call."""
        stack = self.stack
        frame = self.frame
        n = len(func.type.params)
        args = stack[len(stack) - n:]
        del stack[frame.base:]
        self.leave()
        if not self.frames:
            self.tail_call_made = RT._Tail(self.entry(func, True), args)
            return True
        stack.extend(args)
        tiered = self.cold(func)
        if tiered is None:
            self.call_out(func, frame.d)
        else:
            self.push(tiered, frame.d)
        return True

    def loop(self):
        """The machine's loop, counting each frame's instructions and watching its back
        branches."""
        frame = self.frame
        code = frame.code
        n = 0
        try:
            while True:
                pc = frame.pc
                handler, arg = code[pc]
                frame.pc = pc + 1
                n += 1
                if handler(self, arg):
                    frame.tiered.work += n      # the frame that ran them, even if gone
                    n = 0
                elif frame.pc <= pc and frame.tiered.work + n >= frame.tiered.limit:
                    entry = frame.tiered.replacement(frame.pc)
                    if entry is None:
                        continue
                    frame.tiered.work += n
                    n = 0
                    self.replace(frame, entry)
                else:
                    continue
                frame = self.frame
                if frame is None:
                    return
                code = frame.code
        finally:
            if n:
                frame.tiered.work += n

    def replace(self, frame, entry):
        """Leave `frame` at its loop head; `entry` runs the rest of its call from there
        (on-stack replacement), and its results go on the caller's stack. The frame is
        gone first: an exception the rest does not catch is its caller's to catch."""
        stack = self.stack
        values = frame.locals + stack[frame.base:]
        del stack[frame.base:]
        self.leave()
        _push(stack, entry(*values, frame.d), frame.tiered.results)


def _push(stack, r, n):
    """Put the results `r` of an entry (F{i}'s convention: one value, a tuple or None
    for `n` results) on the machine's stack."""
    if n == 1:
        stack.append(r)
    elif n:
        stack.extend(r)


RT.INTERPRETED.add(Tiered.interpret.__code__)
