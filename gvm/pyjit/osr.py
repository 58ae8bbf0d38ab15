"""On-stack replacement for the python engine: an entry into a function's translated
code at the head of one of its loops, for a tier that interprets a call until it is hot
and then continues it, in the middle, as translated code (runtime.Namespaces.osr_entry).

The entry is the ordinary translation of a synthetic function: a wasm-to-wasm
transformation of the body that starts executing at loop L. Its parameters are the
original locals, then one per operand-stack value at L's head (bottom first); its
results are the original's. For L nested in constructs C1 (outermost) ... Ck, it
pushes (local.get) the values below C1, then opens each Ci again, from the outside in,
each followed by the values of its own level:

- a block, an if's arm (the one holding L) or a try_table: a block (try_table, with
  the same clauses) of type [] -> Ci's results, holding the rest of Ci's body (arm)
  after the nested construct;
- a loop: `block X ([] -> results) block F ([] -> params) <the rest of Ci's body after
  the nested construct> br X end loop <Ci's whole body> end end`: falling off a loop's
  body leaves it (br X), and a branch to Ci from the rest starts a new iteration
  (br F: into the whole loop, with its params);

then L itself, whole, then the rest after it in Ck, and so on outwards, then the rest of
the function. Every construct gets a symbolic label (its opener's pc) and every label
immediate is recomputed on the synthetic label stack. Instructions keep their byte
offsets: backtraces point into the original function, whose name the entry's code
bears (runtime.LINES).

The split of the stack among the levels, and the types of the new parameters, are the
validator's (gvm/validate/body.py) just before L: one pass of its checks up to there.
A synthetic block type is a pair (param types, result types), which the Translator's
block_type reads as counts.
"""
from .. import opcodes as O
from .. import types as T
from ..opcodes import BLOCK, BR, ELSE, END, IF, LOCAL_GET, LOOP, TRY_TABLE
from ..module import Instr
from ..validate.body import BodyValidator, CHECKS
from .labels import Labels

OPENERS = {BLOCK, LOOP, IF, TRY_TABLE}
# ops whose immediate names labels, by the immediate's shape
_LABELLED = {op.id: op.imm for op in O.OPCODES
             if op.imm in (O.LABEL, O.LABELS, O.CAST_LABEL, O.BLOCKTYPE_CATCHES)}
FUNC = "func"       # the function's own label


class OsrFunction:
    """What the Translator reads of a WasmFunction, for the synthetic function: its
    name in the namespace is F{index} (T{index}), its constants K{index}_n."""
    __slots__ = ("type", "instance", "index", "name", "zeros", "body")

    def __init__(self, func, loop_pc, ftype, body):
        self.type = ftype
        self.instance = func.instance
        self.index = f"{func.index}_osr{loop_pc}"
        self.name = func.name
        self.zeros = []         # every local is a parameter
        self.body = body

    @property
    def info(self):
        return Labels(self.body)


def synthetic(func, loop_pc):
    """The OsrFunction entering WasmFunction `func` at the loop at `loop_pc` of its
    decoded body, or None where that loop cannot be entered (not a loop, unreachable
    code, more locals than listed)."""
    body = func.func.body.decode()
    if not 0 <= loop_pc < len(body) or body[loop_pc].op != LOOP:
        return None
    local_types = func.info.locals.flat
    if local_types is None or func.zeros is None:
        return None
    ctrls, vals = _frames_at(func, body, loop_pc)
    if any(c.unreachable for c in ctrls):       # never reached: no frame to enter from
        return None
    new = _Rewriter(body, len(local_types), body[loop_pc].offset).build(
        ctrls[1:], len(vals), loop_pc)
    ftype = T.FuncType(tuple(local_types) + tuple(vals), func.type.results)
    return OsrFunction(func, loop_pc, ftype, new)


def _frames_at(func, body, pc):
    """The validator's control frames (the function's first) and operand types just
    before body[pc]."""
    info = func.info
    v = BodyValidator(info.ctx.context(), info.type, info.locals, record=False)
    v.push_ctrl(BLOCK, (), info.type.results)
    checks = CHECKS
    for q in range(pc):
        v.pc = q
        op, imm, _offset = body[q]
        checks[op](v, imm)
    return v.ctrls, v.vals


def _structure(body):
    """(ends, elses, targets): pc of each opener -> pc of its `end`; pc of each `if`
    with an else -> pc of its `else`; pc of each instruction with label immediates ->
    the symbolic labels (opener pcs, or FUNC) they name, in the immediate's order."""
    ends, elses, targets = {}, {}, {}
    open_ = [FUNC]
    for pc, (op, imm, _offset) in enumerate(body):
        kind = _LABELLED.get(op)
        if kind == O.LABEL:
            targets[pc] = (open_[-1 - imm],)
        elif kind == O.LABELS:
            targets[pc] = tuple(open_[-1 - d] for d in (*imm[0], imm[1]))
        elif kind == O.CAST_LABEL:
            targets[pc] = (open_[-1 - imm[1]],)
        elif kind == O.BLOCKTYPE_CATCHES:     # its clauses name labels outside it
            targets[pc] = tuple(open_[-1 - depth] for _kind, _tag, depth in imm[1])
        if op in OPENERS:
            open_.append(pc)
        elif op == ELSE:
            elses[open_[-1]] = pc
        elif op == END and len(open_) > 1:
            ends[open_.pop()] = pc
    return ends, elses, targets


class _Rewriter:
    """Builds the synthetic body, keeping the stack of its labels' symbols."""

    def __init__(self, body, nlocals, offset):
        self.body = body
        self.nlocals = nlocals
        self.offset = offset            # of L: the synthetic instructions'
        self.ends, self.elses, self.targets = _structure(body)
        self.labels = [FUNC]
        self.out = []

    def build(self, path, height, loop_pc):
        """`path`: the validator's Ctrls of C1 ... Ck; `height`: the stack's at L."""
        tops = [c.height for c in path[1:]] + [height]    # where each level's values end
        self.get(0, path[0].height if path else height)
        after = self.level(path, tops, 0, loop_pc)
        self.copy(after, len(self.body))
        return self.out

    def level(self, path, tops, i, loop_pc):
        """Emit Ci+1 (or L) and what follows it inside; return the pc after it."""
        if i == len(path):
            end = self.ends[loop_pc]
            self.copy(loop_pc, end + 1)
            return end + 1
        c = path[i]
        pc = c.pc
        end = self.ends[pc]
        if c.op == LOOP:
            exit_ = ("exit", pc)
            self.open(BLOCK, ((), c.results), exit_)
            self.open(BLOCK, ((), c.params), pc)
        elif c.op == TRY_TABLE:
            catches = self.body[pc].imm[1]
            clauses = tuple((kind, tag, self.depth(t)) for (kind, tag, _d), t
                            in zip(catches, self.targets[pc]))
            self.open(TRY_TABLE, (((), c.results), clauses), pc)
        else:                                   # a block, or the arm of an if
            self.open(BLOCK, ((), c.results), pc)
        self.get(c.height, tops[i])
        after = self.level(path, tops, i + 1, loop_pc)
        if c.op == LOOP:
            self.copy(after, end)
            self.emit(BR, self.depth(exit_))
            self.close()
            self.copy(pc, end + 1)              # the whole loop
            self.close()
        elif c.op == IF and pc in self.elses:   # the then-arm: up to the else
            self.copy(after, self.elses[pc])
            self.close()
        else:
            self.copy(after, end + 1)
        return end + 1

    def get(self, start, stop):
        """Push the stack values start ... stop - 1 (parameters after the locals)."""
        for k in range(start, stop):
            self.emit(LOCAL_GET, self.nlocals + k)

    def open(self, op, imm, symbol):
        self.emit(op, imm)
        self.labels.append(symbol)

    def close(self):
        self.emit(END, None)
        self.labels.pop()

    def emit(self, op, imm):
        self.out.append(Instr(op, imm, self.offset))

    def depth(self, symbol):
        labels = self.labels
        for k in range(len(labels) - 1, -1, -1):
            if labels[k] == symbol:
                return len(labels) - 1 - k
        raise AssertionError(f"label {symbol} is not open")

    def copy(self, start, stop):
        """The original instructions start ... stop - 1, their labels rewritten."""
        body, out, labels, targets = self.body, self.out, self.labels, self.targets
        for pc in range(start, stop):
            instr = body[pc]
            op = instr.op
            kind = _LABELLED.get(op)
            if kind is not None:
                instr = Instr(op, self.relabel(kind, instr.imm, targets[pc]), instr.offset)
            out.append(instr)
            if op in OPENERS:
                labels.append(pc)
            elif op == END:
                labels.pop()

    def relabel(self, kind, imm, symbols):
        depths = [self.depth(s) for s in symbols]
        if kind == O.LABEL:
            return depths[0]
        if kind == O.LABELS:
            return tuple(depths[:-1]), depths[-1]
        if kind == O.CAST_LABEL:
            return (imm[0], depths[0], *imm[2:])
        return imm[0], tuple((kind_, tag, d) for (kind_, tag, _d), d in zip(imm[1], depths))
