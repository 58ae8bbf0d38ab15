"""What the python engine knows of the values of integer locals: an interval [lo, hi]
of each, at each point of a structured function, so that sums of locals and constants
that cannot pass 2**32 go without their mask or wrap test (translate.py reads a local
with its `hi` as the bound of the value, numeric code does the rest).

A forward data-flow pass folded into the translation, like align.py's: the state
follows local.set (a constant is [k, k], a value of known bound [0, bound]) and is met
(the hull of the intervals) where control joins (flow.py).
At a loop head it cannot wait for the back branches, which come later in the text: a
pass over the loop's instructions first (`loop_facts`) finds what every back branch
keeps, which is true of the locals the loop does not set and, for those it does, of
two shapes of C's counted loops:

- a counter `i`: set in the loop only by `i = i + c` (i32.add of a constant, or of a
  local the loop does not set, of known bound), whose new value decides the one
  branch back: `local.tee i; i32.const N (or local.get n, n unchanged in the loop);
  i32.lt_u (or i32.lt_s, i32.ne); br_if L`. Each pass back comes with i = entry + k*c
  < N (without wrapping, as long as N - 1 + c stays below 2**32, or 2**31 for the
  signed test), so at the head i is below max(entry, N); with a constant c the head
  is reached at most ceil((N - entry) / c) times (with i32.ne, from a constant entry
  that reaches N exactly, `(N - entry) % c == 0`). `local.tee i; br_if L` alone is
  i32.ne with N = 2**32: C's loops over a negative index up to 0, whose sums with a
  base address then always wrap (translate.py's `add_constant` reads the lower bound);
- a local stepped along with it: set in the loop only by `j = j + c'`, outside any
  loop nested in it (once per pass at most): after at most T passes, j is below its
  entry's bound plus c' * T, when that does not pass 2**32.

Every other local the loop sets is unknown at its head.
"""
from itertools import islice
from operator import itemgetter

from .. import opcodes as O
from .control import LOOP, OPENERS, END
from .flow import ForwardFlow

LOCAL_GET = O.BY_NAME["local.get"].id
LOCAL_SET = O.BY_NAME["local.set"].id
LOCAL_TEE = O.BY_NAME["local.tee"].id
I32_CONST = O.BY_NAME["i32.const"].id
I32_ADD = O.BY_NAME["i32.add"].id
BR_IF = O.BY_NAME["br_if"].id
LOOP_OP = O.BY_NAME["loop"].id
# opcode id -> whether loop_facts looks at it (one test for the rest, most of them)
_FACTS = [op.id in OPENERS or op.id in (END, LOCAL_SET, LOCAL_TEE) for op in O.OPCODES]
OP = itemgetter(0)      # an instruction's opcode id
TESTS = {O.BY_NAME[n].id: n for n in ("i32.lt_u", "i32.lt_s", "i32.ne")}
TOP = 0xFFFFFFFF
SIGN = 1 << 31


def hull(a, b):
    return {name: (min(lo, b[name][0]), max(hi, b[name][1]))
            for name, (lo, hi) in a.items() if name in b}


def _labels(info):
    """branch pc -> the pcs its labels land at (catch clauses: a pc of their own)."""
    out = {}
    for pc, entry in info.side.items():
        labels = entry if type(entry) is tuple else (entry,)
        out[pc] = [lab.target for lab in labels if hasattr(lab, "target")]
    for k, (_start, _end, clauses) in enumerate(info.handlers):
        out[("catch", k)] = [label.target for _kind, _tag, label in clauses]
    return out


def _step(body, pc):
    """What body[pc] (a local.set/tee of i) adds to i, if it ends `local.get i; i32.const
    c; i32.add` (c, with 0 < c < 2**31) or `local.get i; local.get k; i32.add` (either
    order; the name of k)."""
    if pc < 3 or body[pc - 1][0] != I32_ADD:
        return None
    (a_op, a, _), (b_op, b, _), i = body[pc - 3], body[pc - 2], body[pc][1]
    if a_op == LOCAL_GET and a == i and b_op == I32_CONST:
        c = b % (1 << 32)
        return c if 0 < c < SIGN else None
    if a_op == LOCAL_GET and b_op == LOCAL_GET and (a == i) != (b == i):
        return f"l{b if a == i else a}"
    return None


class LoopFacts:
    """What `loop_facts` finds of one loop."""
    __slots__ = ("sets", "steps", "counter")

    def __init__(self):
        self.sets = set()       # names of the locals set in the loop
        self.steps = {}         # name -> c of locals set only by `+ c`, once a pass
        self.counter = None     # (name, c, test name, N or "l{n}")


def loop_facts(body, info):
    """pc of each loop -> its LoopFacts: one pass over each outermost loop (the code
    outside loops, found at C speed, is passed over), each write counted in every loop
    open around it, and as once a pass in the innermost one only."""
    out = {}
    writes = {}     # loop pc -> local index -> [pc of each write, whether innermost]
    open_ = []      # the openers around the current pc (loop or not), from the loop's
    loops = []      # the loop pcs among them
    ops = list(map(OP, body))
    q = -1
    while True:
        try:
            start = ops.index(LOOP_OP, q + 1)
        except ValueError:      # no loop further on
            break
        for q, (op, imm, _offset) in enumerate(islice(body, start, None), start):
            if not _FACTS[op]:
                continue
            if op in OPENERS:
                open_.append(q)
                if op == LOOP_OP:
                    loops.append(q)
                    out[q] = LoopFacts()
                    writes[q] = {}
            elif op == END:
                if open_.pop() == (loops[-1] if loops else None):
                    loops.pop()
                if not open_:       # the outermost loop's end
                    break
            elif op in (LOCAL_SET, LOCAL_TEE):
                for pc in loops:
                    writes[pc].setdefault(imm, []).append((q, pc == loops[-1]))
    back = {}       # loop pc -> the branches to its head
    for src, targets in _labels(info).items():
        for target in targets:
            if target - 1 in out:
                back.setdefault(target - 1, []).append(src)
    for pc, facts in out.items():
        for idx, ws in writes[pc].items():
            name = f"l{idx}"
            facts.sets.add(name)
            if len(ws) == 1 and ws[0][1]:
                c = _step(body, ws[0][0])
                if c is not None:
                    facts.steps[name] = c
        srcs = back.get(pc, ())
        if len(srcs) == 1 and type(srcs[0]) is int and body[srcs[0]][0] == BR_IF:
            facts.counter = _counter(body, srcs[0], facts)
    return out


def _counter(body, b, facts):
    prev_op, prev = body[b - 1][:2] if b >= 1 else (None, None)
    if prev_op == LOCAL_TEE and type(facts.steps.get(f"l{prev}")) is int:
        return f"l{prev}", facts.steps[f"l{prev}"], "i32.ne", 1 << 32
    if b < 3 or prev_op not in TESTS:
        return None
    test, (bound_op, bound, _), (tee_op, tee, _) = TESTS[prev_op], body[b - 2], body[b - 3]
    if tee_op != LOCAL_TEE or f"l{tee}" not in facts.steps:
        return None
    if bound_op == I32_CONST:
        n = bound % (1 << 32)
    elif bound_op == LOCAL_GET and test != "i32.ne" and f"l{bound}" not in facts.sets:
        n = f"l{bound}"
    else:
        return None
    name = f"l{tee}"
    return name, facts.steps[name], test, n


class Ranges(ForwardFlow):
    ENTRY, INS = "rentry", "rins"
    meet = staticmethod(hull)

    def __init__(self, initial, facts, enabled):
        self.on = enabled
        self.state = dict(initial) if enabled else {}
        self.facts = facts

    def get(self, name):
        """The upper bound known of local `name`, or None."""
        r = self.state.get(name)
        return None if r is None else r[1]

    def low(self, name):
        """The lower bound known of local `name` (0 if none)."""
        r = self.state.get(name)
        return 0 if r is None else r[0]

    def set(self, name, val):
        if not self.on:
            return
        if val.x.isdigit():
            k = int(val.x)
            self.state[name] = (k, k)
        elif val.known() is not None:
            self.state[name] = (0, val.known())
        else:
            self.state.pop(name, None)

    def open(self, ctl, pc):
        if not self.on:
            return
        if ctl.kind == LOOP:
            self.state = self.head(self.facts[pc])
        ctl.rentry = dict(self.state)

    def head(self, facts):
        entry = self.state
        state = {name: r for name, r in entry.items() if name not in facts.sets}
        counter = facts.counter
        if counter is None:
            return state
        name, c, test, n = counter
        if name not in entry:
            return state
        lo, hi = entry[name]
        if type(n) is str:      # i < n: i <= bound(n) - 1
            if n not in entry or entry[n][0] < 0:
                return state
            n = entry[n][1]
        if lo < 0:
            return state
        if lo == hi >= SIGN and type(c) is int and test != "i32.ne":
            lo = hi = self.negative_start(lo, c, test, n)
            if lo is None:
                return state
        passes = None           # unknown for a step of a local, which may be 0
        if type(c) is str:      # a step of a local the loop does not set: its bound
            if c in facts.sets or c not in entry or test == "i32.ne":
                return state
            c = entry[c][1]
        elif test == "i32.ne":
            if lo != hi or lo >= n or (n - lo) % c:
                return state
            passes = (n - lo) // c
        else:
            passes = max(1, -(-(n - lo) // c))
        top = n - c if test == "i32.ne" else max(hi, n - 1)
        if top + c > {"i32.lt_s": SIGN - 1, "i32.lt_u": TOP}.get(test, n):
            return state
        state[name] = (lo, top)
        if passes is None:
            return state
        for j, step in facts.steps.items():
            if j != name and j in entry and type(step) is int:
                jlo, jhi = entry[j]
                if jlo >= 0 and jhi + step * passes <= TOP:
                    state[j] = (jlo, jhi + step * (passes - 1))
        return state

    @staticmethod
    def negative_start(entry, c, test, n):
        """A counter entering at a constant past 2**31 (C's `i = -m`, as clang
        writes `for (i = 0; i < n; i += c) ... p[i + m]`): with `i32.lt_s` it climbs
        from -m, with `i32.lt_u` its first step lands at c - m, in [0, n) from there
        on if c >= m. -m, as the interval's lower bound: the local is then in
        [2**32 - m, 2**32) or [0, top] (i_local_get, add_constant)."""
        low = entry - (1 << 32)
        if n > SIGN or (test == "i32.lt_u" and c < -low):
            return None
        return low

    def branch(self, ctl):
        if not self.on or ctl.rentry is None or ctl.kind == LOOP:
            return      # the function's label (a return); a loop's head is known already
        self.into(ctl)
