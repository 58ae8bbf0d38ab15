"""Structured control (spec 4.4.8) as Python control flow, for the python engine.

A block or `if` that some branch targets becomes `while True: ... break`, a targeted
loop `while True: ... break` whose branches `continue`; untargeted blocks leave no
trace. A block whose only branches are `br_if`s directly in its body (a C `if (c)
goto out;` or an early exit) is no loop at all: each of its br_ifs opens `if not c:`
around the rest of the block (`chains()`), so that a branch from inside it to an
enclosing loop is a plain `break` or `continue`, not a `br_` passed out of one more
Python loop. Python has no labelled break: a branch out of several Python loops sets `br_`
to its target's number and breaks, and after each loop a test passes it outwards until
the target's loop takes it. Branches carry their values in the target's slots
(`s{height}`...), which is where the code after the block finds them.

CPython allows 20 nested loops and try blocks and 100 levels of indentation: a function
that would need more (`fits()` says) is translated as a state machine instead (flat.py).
"""
from .. import opcodes as O
from ..binary.instructions import CATCH, CATCH_REF, CATCH_ALL_REF
from .stack import bare

MAX_LOOPS = 18      # Python loops and try blocks, leaving room for the function's own
MAX_INDENT = 80

BLOCK, LOOP, IF, TRY, FUNC = "block", "loop", "if", "try", "func"
OPENERS = {O.BY_NAME[n].id: n for n in ("block", "loop", "if", "try_table")}
TRY_TABLE = O.BY_NAME["try_table"].id
END = O.BY_NAME["end"].id
ELSE = O.BY_NAME["else"].id


class Ctl:
    """A block being translated."""
    __slots__ = ("kind", "height", "params", "results", "target", "loop", "id", "pending",
                 "branched", "then_falls", "has_else", "mark", "reachable", "catches",
                 "seg", "else_seg", "first", "entry", "ins", "chain", "marks", "rentry", "rins",
                 "sets", "hoist")

    def __init__(self, kind, height, params, results, target, loop, id_):
        self.kind = kind
        self.height = height        # slots below are the enclosing code's
        self.params = params
        self.results = results
        self.target = target        # the pc branches land at (spec: the label)
        self.loop = loop            # whether it is a Python `while` loop
        self.id = id_
        self.pending = set()        # targets of branches passing out through this loop
        self.branched = False       # whether some branch lands after its end
        self.then_falls = False     # an `if`: whether the then-branch reaches the end
        self.has_else = False
        self.mark = 0
        self.reachable = True       # whether its start was
        self.catches = ()
        self.entry = None           # the locals' alignment where it starts (align.py)
        self.ins = None             # ... met over the branches to its end
        self.rentry = None          # the locals' intervals where it starts (ranges.py)
        self.rins = None            # ... joined over the branches to its end
        self.chain = False          # a block of br_ifs as nested `if`s (chains())
        self.sets = None            # a `while` loop: the locals it sets (ranges.loop_facts)
        self.hoist = None           # ... the line before it, for values it keeps (hoisted)
        self.marks = []             # ... the first line in each of those `if`s

    @property
    def arity(self):
        return self.params if self.kind == LOOP else self.results


def block_ends(body):
    """pc of every opener -> pc of its `end`."""
    ends = {}
    open_ = []
    for pc, (op, _imm, _offset) in enumerate(body):
        if op in OPENERS:
            open_.append(pc)
        elif op == END and open_:
            ends[open_.pop()] = pc
    return ends


def branch_targets(info):
    """The pcs branches land at, from the validator's side table and handlers."""
    targets = set()

    def add(label):
        targets.add(label.target)
    for entry in info.side.values():
        if type(entry) is tuple:
            for label in entry:
                if hasattr(label, "target"):
                    add(label)
        elif hasattr(entry, "target"):
            add(entry)
    for _start, _end, clauses in info.handlers:
        for _kind, _tag, label in clauses:
            add(label)
    return targets


LOOP_OP = O.BY_NAME["loop"].id


def target_of(body, pc, end):
    return pc + 1 if body[pc][0] == LOOP_OP else end + 1


BLOCK_OP = O.BY_NAME["block"].id
BR_IF = O.BY_NAME["br_if"].id


def chains(body, ends, labels):
    """The blocks translated as nested `if`s: pc of the block -> its number of br_ifs.
    A targeted block qualifies when every branch to it (labels.side: branch pc ->
    Label, a tuple for br_table) is a br_if whose innermost enclosing block
    (labels.inner) is that block itself, so the `if`s it opens close at the block's
    end, and no catch clause (labels.handlers) names it."""
    by_target = {end + 1: pc for pc, end in ends.items() if body[pc][0] == BLOCK_OP}
    inner = labels.inner
    out = {}
    bad = set()
    for pc, entry in labels.side.items():
        labels_ = entry if type(entry) is tuple else (entry,)
        for label in labels_:
            label = label[2] if type(label) is tuple else label
            block = by_target.get(getattr(label, "target", None))
            if block is None:
                continue
            if type(entry) is tuple or body[pc][0] != BR_IF or inner.get(pc) != block:
                bad.add(block)
            else:
                out[block] = out.get(block, 0) + 1
    for _start, _end, clauses in labels.handlers:
        for _kind, _tag, label in clauses:
            bad.add(by_target.get(label.target))
    return {pc: n for pc, n in out.items() if pc not in bad}


def fits(body, ends, openers, targets, chained=()):
    """Whether structured code stays within CPython's nesting limits, with the blocks
    of `chained` (chains()) as nested `if`s. `openers`: the pcs of the body's blocks,
    loops, ifs and try_tables in order (labels.Labels), the only instructions that
    nest: those still open at one are those whose `end` comes after it. (br_table
    trees and branch code add a few levels below the deepest block: 12.)"""
    loops = indent = 0
    stack = []      # (pc of its end, loops, indentation) of each open opener
    for pc in openers:
        while stack and stack[-1][0] < pc:
            _end, dl, di = stack.pop()
            loops -= dl
            indent -= di
        name = OPENERS[body[pc][0]]
        end = ends.get(pc)
        targeted = end is not None and target_of(body, pc, end) in targets
        dl = 1 if ((targeted and pc not in chained) or name == "try_table") else 0
        di = dl + (1 if name == "if" else 0) + (1 if name == "try_table" else 0)
        if pc in chained:
            di += chained[pc]
        stack.append((len(body) if end is None else end, dl, di))
        loops += dl
        indent += di
        if loops > MAX_LOOPS or indent + 12 > MAX_INDENT:   # no need to look further
            return False
    return True


class Control:
    """The control instructions of the Translator (translate.py)."""

    def begin_body(self):
        pass

    def end_body(self):
        pass

    def open_block(self, kind, pc, bt, cond=None):
        params, results = self.block_type(bt)
        if kind == IF:
            cond = self.stack.pop()
        self.stack.canonical()
        end = self.ends[pc]
        target = target_of(self.body, pc, end)
        targeted = target in self.targets
        chain = pc in self.chained
        ctl = Ctl(kind, len(self.stack.vals) - params, params, results, target,
                  targeted and not chain, len(self.ctls))
        ctl.chain = chain
        self.ctls.append(ctl)
        self.align.open(ctl, pc)
        self.ranges.open(ctl, pc)
        w = self.w
        if ctl.loop:
            if kind == LOOP and self.ranges.on:
                ctl.sets = self.ranges.facts[pc].sets
                ctl.hoist = w.emit("")
                self.hoists.append(ctl.hoist)
            w.emit("while True:")
            w.indent += 1
        if kind == IF:
            w.emit(f"if {cond.test()}:")
            w.indent += 1
        elif kind == TRY:
            w.emit("try:")
            w.indent += 1
        ctl.mark = w.mark()
        return ctl

    def else_(self):
        ctl = self.ctls[-1]
        if self.reachable:
            self.fall_into(ctl)
            ctl.then_falls = True
        w = self.w
        w.ensure_body(ctl.mark)
        w.indent -= 1
        w.emit("else:")
        w.indent += 1
        ctl.mark = w.mark()
        ctl.has_else = True
        self.align.else_(ctl, self.reachable)
        self.ranges.else_(ctl, self.reachable)
        self.stack.reset(ctl.height + ctl.params)
        self.reachable = ctl.reachable

    def fall_into(self, ctl):
        """Fall through the end of `ctl`: its results into its slots."""
        n = ctl.results
        self.stack.assign([f"s{ctl.height + k}" for k in range(n)], self.stack.popn(n))
        self.stack.reset(ctl.height + n)

    def end(self):
        ctl = self.ctls.pop()
        if ctl.kind == FUNC:
            if self.reachable:
                self.return_()
            return
        falls = self.reachable
        self.align.fall(ctl, falls)
        self.ranges.fall(ctl, falls)
        if falls:
            self.fall_into(ctl)
        w = self.w
        w.ensure_body(ctl.mark)
        for mark in reversed(ctl.marks):    # the `if`s of its br_ifs
            w.ensure_body(mark)
            w.indent -= 1
        if ctl.kind in (IF, TRY):
            w.indent -= 1
        if ctl.kind == TRY:
            self.ctls.append(ctl)   # the clauses run inside its Python loop, if any
            self.emit_catches(ctl)
            self.ctls.pop()
        if ctl.loop:
            if ctl.kind == IF or ctl.kind == TRY:
                w.emit("break")
            elif falls:
                w.emit("break")
            w.indent -= 1
            self.pass_pending(ctl)
        self.stack.reset(ctl.height + ctl.results)
        self.reachable = (falls or ctl.branched or (ctl.kind == IF and ctl.reachable and
                          (not ctl.has_else or ctl.then_falls)))
        self.align.join(ctl)
        self.ranges.join(ctl)

    def pass_pending(self, ctl):
        """After the Python loop of `ctl`: send pending branches on to their target."""
        if not ctl.pending:
            return
        outer = self.enclosing_loop(len(self.ctls))
        w = self.w
        w.emit("if br_:")
        w.indent += 1
        if outer is not None and outer in ctl.pending:
            word = "continue" if outer.kind == LOOP else "break"
            if len(ctl.pending) == 1:
                w.emit(f"br_ = 0\n{word}")
                w.indent -= 1
                return
            w.emit(f"if br_ == {outer.id}:")
            w.emit(f"    br_ = 0\n    {word}")
        w.emit("break")
        w.indent -= 1
        if outer is not None:
            outer.pending.update(t for t in ctl.pending if t is not outer)

    def enclosing_loop(self, top):
        ctls = self.ctls
        for k in range(top - 1, -1, -1):    # no copy of the list
            if ctls[k].loop:
                return ctls[k]
        return None

    def branch(self, depth, vals=None):
        """Emit a branch to the label `depth` levels out, values from the stack top."""
        target = self.ctls[-1 - depth]
        self.align.branch(target)
        self.ranges.branch(target)
        if target.kind == FUNC:
            self.charge_end()
            self.return_()
            return
        n = target.arity
        top = self.stack.top(n) if vals is None else vals
        self.stack.assign([f"s{target.height + k}" for k in range(n)], top)
        if target.kind != LOOP:
            target.branched = True
        inner = self.enclosing_loop(len(self.ctls))
        if inner is target:
            self.w.emit("continue" if target.kind == LOOP else "break")
        else:
            inner.pending.add(target)
            self.passed = True
            self.w.emit(f"br_ = {target.id}\nbreak")

    def br(self, depth):
        self.branch(depth)
        self.reachable = False

    def br_if(self, depth):
        cond = self.stack.pop()
        target = self.ctls[-1 - depth]
        if target.chain:
            self.chain_exit(target, cond)
            return
        self.w.emit(f"if {cond.test()}:")
        self.w.indent += 1
        self.branch(depth)
        self.w.indent -= 1

    def chain_exit(self, target, cond):
        """br_if out of a chained block: the rest of the block runs under `if not c:`
        (or in the `else:` of the branch's assignment of the block's values)."""
        self.align.branch(target)
        self.ranges.branch(target)
        target.branched = True
        n = target.arity
        names = [f"s{target.height + k}" for k in range(n)]
        vals = self.stack.top(n)
        w = self.w
        if any(v.x != name for name, v in zip(names, vals)):
            w.emit(f"if {cond.test()}:")
            w.indent += 1
            self.stack.assign(names, vals)
            w.indent -= 1
            w.emit("else:")
        else:
            w.emit(f"if not {cond.test()}:")
        w.indent += 1
        target.marks.append(w.mark())

    def br_table(self, imm):
        depths, default = imm
        index = self.stack.pop()
        if not index.atom:
            self.w.emit(f"t_ = {bare(index.int())}")
            index = self.stack_var("t_")
        # ranges of consecutive indices going to the same label
        ranges = []
        for i, depth in enumerate(depths):
            if ranges and ranges[-1][2] == depth:
                ranges[-1][1] = i
            else:
                ranges.append([i, i, depth])
        ranges.append([len(depths), None, default])
        self.range_tree(index.x, ranges)
        self.reachable = False

    def range_tree(self, index, ranges):
        w = self.w
        if len(ranges) == 1:
            self.branch(ranges[0][2])
            return
        mid = len(ranges) // 2
        w.emit(f"if {index} < {ranges[mid][0]}:")
        w.indent += 1
        self.range_tree(index, ranges[:mid])
        w.indent -= 1
        w.emit("else:")
        w.indent += 1
        self.range_tree(index, ranges[mid:])
        w.indent -= 1

    def br_on_null(self, depth):
        ref = self.atom_top()
        self.w.emit(f"if {ref.x} is None:")
        self.w.indent += 1
        self.stack.pop()
        self.branch(depth)
        self.stack.push(ref)
        self.w.indent -= 1

    def br_on_non_null(self, depth):
        ref = self.atom_top()
        self.w.emit(f"if {ref.x} is not None:")
        self.w.indent += 1
        self.branch(depth)
        self.w.indent -= 1
        self.stack.pop()

    def emit_catches(self, ctl):
        """The try_table's clauses: each a branch, from the try_table's place."""
        w = self.w
        w.emit("except _WasmException as e_:")
        w.indent += 1
        self.align.unknown()    # a throw may come from anywhere in the body
        self.ranges.unknown()
        for kind, tag, depth in ctl.catches:
            values = []
            if kind in (CATCH, CATCH_REF):      # the tag's values
                n = self.tag_arity(tag)
                w.emit(f"if e_.tag is TG{tag}:")
                values = [self.stack_var(f"e_.values[{k}]") for k in range(n)]
            else:
                w.emit("if True:")
            w.indent += 1
            if kind in (CATCH_REF, CATCH_ALL_REF):      # the exnref too
                values.append(self.stack_var("e_"))
            self.branch(depth + 1, values)     # +1: the try_table's own Ctl
            w.indent -= 1
        w.emit("raise")
        w.indent -= 1
