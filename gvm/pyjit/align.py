"""What the python engine knows of the low zero bits of integer locals, at each point
of a structured function: a forward data-flow pass folded into the translation, so
that addresses computed from locals are known to be aligned and go through memoryview
casts of the memory without a test (translate.py's `view_index`).

The state maps a local's name to its known low zero bits (absent: none known). It
follows local.set in straight-line code and is met (the minimum, per local) where
control joins (flow.py). A loop's head is reached from
before the loop and from its back branches, which come later in the text: a pass
assumes a state at each head (the previous pass's, or the state of the entry on the
first) and records what the back branches bring; `lowered()` says which heads were
assumed too high for a local whose alignment an access relied on, and translate.py
translates again with those lowered until none is. A pass whose result will be dropped
once a head is too high (`stop`) ends there, with TooHigh.

`access_runs` finds, once per function, the runs of straight-line code in which two
accesses or more take the same local as their address (or its base), for which
translate.py's run_index names the local's view index once; it reads the body as a
string of its instructions' kinds (`kinds`, a byte each), as `set_locals` does.
"""
import re
from collections import Counter
from itertools import compress
from operator import itemgetter

from .. import opcodes as O
from . import memory as MEM
from .control import LOOP
from .flow import ForwardFlow

# Where a run of straight-line code ends (a label starts or ends, control leaves): what
# is named in a run (translate.py's run_index) is not known past them.
RUN_BREAKS = frozenset((O.BLOCK, O.LOOP, O.IF, O.ELSE, O.END, O.TRY_TABLE, O.BR, O.BR_TABLE,
                        O.RETURN, O.UNREACHABLE, O.THROW, O.THROW_REF))
_OTHERS = {O.SELECT: (3, 1), O.SELECT_T: (3, 1), O.DROP: (1, 0), O.GLOBAL_GET: (0, 1),
           O.GLOBAL_SET: (1, 0)}
# opcode id -> (operands, results) of the instructions of fixed arity; apart, the
# scalar accesses of more than a byte (the ones a view may serve): True for a load,
# False for a store
_ARITY = [_OTHERS.get(op.id) if op.params is None else (len(op.params), len(op.results))
          for op in O.OPCODES]
_ACCESS = [None] * len(O.OPCODES)
for _op in O.OPCODES:
    _fmt = MEM.LOADS.get(_op.name) or MEM.STORES.get(_op.name)
    if _fmt is not None and _fmt[0] is not None and MEM.SIZES[_fmt[0]] > 1:
        _ACCESS[_op.id] = _op.name in MEM.LOADS
# ... of fixed arity and no other part in access_runs (None for the rest), tested
# first: most instructions are these. Their operands are the slice `_CUT` of the
# stack (all of it if fewer are known; none: an empty slice at its end) that their
# results, none of them based on a local, replace (`_PUT`): one slice assignment.
_PLAIN = [None if (op.id in RUN_BREAKS or _ACCESS[op.id] is not None or op.id in
                   (O.LOCAL_GET, O.LOCAL_SET, O.LOCAL_TEE, O.I32_ADD)) else _ARITY[op.id]
          for op in O.OPCODES]
_CUT = [None if arity is None else slice(-arity[0], None) if arity[0] else slice(1 << 62, None)
        for arity in _PLAIN]
_PUT = [None if arity is None else [None] * arity[1] for arity in _PLAIN]
_GET, _SET, _TEE, _ADD = O.LOCAL_GET, O.LOCAL_SET, O.LOCAL_TEE, O.I32_ADD
# opcode id -> its kind (`kinds`): a (an access of access_runs), b (a break), s (a set
# of a local), . (else)
_KINDS = [ord("b" if op.id in RUN_BREAKS else "s" if op.id in (_SET, _TEE) else
              "." if _ACCESS[op.id] is None else "a") for op in O.OPCODES]
_KIND_BYTES = bytes(_KINDS[:256])     # ... as a table for bytes.translate
_SETS = bytes.maketrans(b"abs.", b"\0\0\1\0")    # kinds -> 1 at the sets, else 0
# a break, and after it a stretch with two accesses or more, up to its last access (a
# literal first: the search skips to the next break at C speed)
_STRETCH = re.compile(rb"b[^ab]*a[^b]*a")
_OP, _IMM = itemgetter(0), itemgetter(1)


def kinds(body):
    """The kinds of the body's instructions (`_KINDS`), one byte each: what access_runs
    and set_locals read of it at C speed."""
    try:        # opcode ids below 256 (all but vector and GC instructions)
        return bytes(map(_OP, body)).translate(_KIND_BYTES)
    except ValueError:
        return bytes([_KINDS[op] for op, _imm, _offset in body])


def set_locals(body, kinds):
    """The locals that an instruction of the body sets (`kinds`: the body's)."""
    return set(map(_IMM, compress(body, kinds.translate(_SETS))))


def access_runs(body, kinds):
    """pc of each memory access whose address is a local i, or i plus a value of no
    other local (a constant, a scaled index), -> (run, i), run the pc where its run of
    code starts for i (after the last of RUN_BREAKS or set of i before it); and how
    many such accesses each (run, i) has.

    Only a stretch between two breaks with two accesses or more can hold a run of two,
    and only up to its last access: those stretches are found at C speed (the body as
    a string of the kinds of its instructions, `_STRETCH`) and followed alone, about
    two fifths of QuickJS's instructions (`_follow`). `kinds`: the body's."""
    runs = {}
    # a break before the body stands for its start: the stretch found at k (its break)
    # starts at pc k in the body and ends at its last access, pc end - 2
    for stretch in _STRETCH.finditer(b"b" + kinds):
        first = stretch.start()
        _follow(body, max(first - 1, 0), first, stretch.end() - 1, runs)
    return runs, Counter(runs.values())


def _follow(body, start, first, end, runs):
    """access_runs over the instructions from `first` to before `end`, none of them a
    break, `start` the last break before them (or 0). A stack of the local each operand
    is based on (None: no local), forgotten at instructions of no fixed arity (calls,
    br_if): an operand taken from an empty stack is None. Tested in the order of their
    frequency in those stretches (QuickJS: local.get 29%, the plain 25%, the accesses
    20%)."""
    sets, stack = {}, []     # local -> the pc of its last set in the stretch
    for pc, (op, imm, _offset) in enumerate(body[first:end], first):
        if op == _GET:
            stack.append(imm)
            continue
        cut = _CUT[op]
        if cut is not None:
            stack[cut] = _PUT[op]
            continue
        load = _ACCESS[op]
        if load is not None:
            if not load and stack:
                stack.pop()         # a store's value
            base = stack.pop() if stack else None
            if base is not None:
                runs[pc] = (sets.get(base, start), base)
            if load:
                stack.append(None)
        elif op == _ADD:
            b = stack.pop() if stack else None
            a = stack.pop() if stack else None
            stack.append(a if b is None else b if a is None else None)
        elif op == _TEE:
            if stack:
                stack[-1] = imm
            else:
                stack.append(imm)
            sets[imm] = pc
        elif op == _SET:
            if stack:
                stack.pop()
            sets[imm] = pc
        else:
            stack = []


class TooHigh(Exception):
    """A loop head was assumed too high (Alignment.stop)."""


def meet(a, b):
    return {name: min(bits, b[name]) for name, bits in a.items() if name in b}


class Alignment(ForwardFlow):
    ENTRY, INS = "entry", "ins"
    meet = staticmethod(meet)

    def __init__(self, initial, heads, enabled):
        self.on = enabled
        self.state = dict(initial) if enabled else {}
        self.heads = heads          # loop target pc -> state assumed at its head
        self.assumed = {}           # ... as this pass assumed it
        self.back = {}              # ... met over the branches back to it
        # Which locals' alignment the translation relied on (an address indexing a view
        # without a test), and which locals each local's alignment came from: a head
        # assumed too high only matters if it reaches what was relied on.
        self.relied = set()
        self.sources = {}
        # Whether to raise TooHigh at the end of the first loop whose head is known
        # too high: what lowered() finds only grows over a pass (the back branches
        # only lower, what was relied on only grows), so the pass would end lowered.
        self.stop = False

    def get(self, name):
        return self.state.get(name, 0)

    def set(self, name, bits, sources=frozenset()):
        if self.on:
            if sources:
                self.sources[name] = self.sources.get(name, frozenset()) | sources
            if bits:
                self.state[name] = bits
            else:
                self.state.pop(name, None)

    def open(self, ctl, pc):
        if not self.on:
            return
        if ctl.kind == LOOP:
            assumed = self.heads.get(ctl.target)
            head = self.state if assumed is None else meet(self.state, assumed)
            self.assumed[ctl.target] = head
            self.state = dict(head)
        ctl.entry = dict(self.state)

    def branch(self, ctl):
        if not self.on or ctl.entry is None:    # the function's label: a return
            return
        if ctl.kind == LOOP:
            back = self.back.get(ctl.target)
            self.back[ctl.target] = dict(self.state) if back is None else meet(back, self.state)
        else:
            self.into(ctl)

    def join(self, ctl):
        if self.stop and ctl.kind == LOOP:
            back = self.back.get(ctl.target)     # all of the loop's back branches
            if back is not None and any(back.get(name, 0) < bits for name, bits
                                        in self.assumed[ctl.target].items()):
                if self.lowered():
                    raise TooHigh
        super().join(ctl)

    def lowered(self):
        """Loop heads whose back branches brought less than was assumed: target pc ->
        the state to assume in the next pass."""
        relied = set()
        todo = list(self.relied)
        while todo:
            name = todo.pop()
            if name not in relied:
                relied.add(name)
                todo.extend(self.sources.get(name, ()))
        out = {}
        for target, head in self.assumed.items():
            back = self.back.get(target)
            if back is not None and any(back.get(name, 0) < bits for name, bits in head.items()
                                        if name in relied):
                out[target] = meet(head, back)
        return out
