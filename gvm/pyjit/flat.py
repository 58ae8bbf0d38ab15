"""Control flow as a state machine, for functions whose structured translation would
pass CPython's nesting limits (control.py): a C `switch` compiles to hundreds of nested
blocks.

The body is cut into segments at the places branches land; the segment to run is in
`pc_`, and the segments follow one another as `if pc_ == k:` statements inside one
`while True:`, so falling from one segment into the next costs one comparison, and a
branch is `pc_ = k; continue`. Segments are numbered in the order of the text, and
runs of them sit under `if pc_ < k:` guards that halve the range, so a branch finds
its segment in about log2(segments) comparisons; the few segments that many branches
name sit before the guards, one comparison away. A try_table is a range of segments: an exception
raised in one of them is caught around the loop, and the clauses of the innermost
try_table around `pc_` decide where the machine resumes.
"""
import re
from collections import Counter
from operator import itemgetter

from ..binary.instructions import CATCH, CATCH_REF, CATCH_ALL_REF
from . import control as C
from .stack import bare

# The most lines of Python a segment copied into the branches to it has
# (short_segments): the fetch and dispatch of an interpreter's loop is four to six, an
# opcode's last steps (push the result, step the pointers) as many again. 10, not 12:
# QuickJS's state machines compile 13% fewer syntax-tree nodes (`exec` pays per node)
# for about 4% of Mandelbrot's warm time (session 14; 8 took 7%).
SHORT_SEGMENT = 10
# The deepest `if` in a copy, counted from the branch it replaces (each copy adds its
# own, far below CPython's 100 levels of indentation).
COPY_DEPTH = 4
# The most branches a short segment is copied into. One that more branches name (an
# interpreter's fetch, which every handler ends in) goes to the head of the loop
# instead (short_segments).
FAN_IN = 8
TEXT = itemgetter(1)    # a line's text
_SEGMENT = re.compile("§([0-9]+)§")
# A br_table's tuple of segments, by its index in `tables` until the segments are numbered.
_TABLE = re.compile("¤([0-9]+)¤")
# Statements that open a block other than an `if`: never in a copy.
_BLOCKS = re.compile("^ *(while |for |try:|except|finally:|with |def |class )", re.M)


def _plain(text):
    """Straight-line code and `if`s only."""
    return _BLOCKS.search(text) is None


class FlatControl:
    """Replaces Control's methods in a Translator."""

    def begin_body(self):
        self.segments = 0
        self.order = []     # (segment, index of its first line), in the text's order
        self.tries = []     # (first segment, end segment, clauses), innermost first
        self.tables = []    # the segments of each br_table's tuple (br_table)
        self.has_try = C.TRY_TABLE in self.ops
        w = self.w
        w.emit("pc_ = 0")
        w.emit("while True:")
        w.indent += 1
        if self.has_try:
            w.emit("try:")
            w.emit("    while True:")
            w.indent += 2
        self.dispatch_indent = w.indent
        self.start_segment(self.new_segment(), fall=False)

    def end_body(self):
        w = self.w
        w.ensure_body(self.segment_mark)
        w.indent = self.dispatch_indent
        self.emit_handlers()
        self.guard_segments()

    def guard_segments(self):
        """Put the copies of short segments in, drop the segments no branch reaches any
        more, number the rest in text order, put the halving guards in, and the
        segments at the head of the loop before them."""
        lines = self.w.lines
        starts = [line for _seg, line in self.order] + [self.dispatch_end]
        copies, head = self.short_segments(lines, starts)
        falls = {f"pc_ = §{seg}§" for seg in head}
        changed = copies.keys() | falls     # the texts of the lines this replaces
        bodies = []
        for i in range(len(self.order)):
            body = lines[starts[i]:starts[i + 1]]
            if changed.isdisjoint(map(TEXT, body)):     # at C speed, the commonest
                bodies.append(body)
                continue
            body = []
            for line in lines[starts[i]:starts[i + 1]]:
                if line[1] not in changed:
                    body.append(line)
                elif line[1] in falls:      # its segment is no longer the next one
                    body.append([line[0], line[1] + "\ncontinue", line[2]])
                else:
                    body += [[line[0] + d, text, offset] for d, text, offset in copies[line[1]]]
            bodies.append(body)
        live = self.live_segments(bodies)
        first = [i for i in live if self.order[i][0] in head]
        live = [i for i in live if self.order[i][0] not in head]
        number = {self.order[i][0]: k for k, i in enumerate(live + first)}
        guards = [[] for _ in live]
        depth = [0] * len(live)

        def layout(lo, hi, d):
            if hi - lo <= 4:
                depth[lo:hi] = [d] * (hi - lo)
                return
            mid = (lo + hi) // 2
            guards[lo].append((d, f"if pc_ < {mid}:"))
            layout(lo, mid, d + 1)
            layout(mid, hi, d)
        layout(0, len(live), 0)
        out = lines[:starts[0]]
        base = self.dispatch_indent
        for i in first:
            out += self.into_search(bodies[i])
        for k, i in enumerate(live):
            for d, text in guards[k]:
                out.append([base + d, text, None])
            if depth[k]:    # each line is in one body: shifted where it is
                for line in bodies[i]:
                    line[0] += depth[k]
            out += bodies[i]
        out += lines[self.dispatch_end:]

        def renumber(m):
            return str(number[int(m.group(1))])
        names = self.table_names(number)
        for line in out:
            if "§" in line[1]:
                line[1] = _SEGMENT.sub(renumber, line[1])
                if "¤" in line[1]:
                    line[1] = _TABLE.sub(lambda m: names[int(m.group(1))], line[1])
        self.w.lines = out

    def into_search(self, body):
        """A segment at the head of the loop whose last statement is a branch goes on
        into the search below instead of through the loop's head again."""
        last = body[-1]
        if last[0] == self.dispatch_indent + 1 and last[1].endswith("\ncontinue"):
            body = body[:-1] + [[last[0], last[1][:-len("\ncontinue")], last[2]]]
        return body

    def table_names(self, number):
        """The namespace constant of each br_table's tuple, its segments numbered: a
        name, not a literal, as the segment holding it is copied into every branch to it
        (short_segments), and an interpreter's table of 200-odd opcodes, parsed in each
        copy, made a third of the source (a global's load costs the one lookup little
        more than a constant's). Tables alike share a name."""
        names, made = [], {}
        for segs in self.tables:
            table = tuple(number[seg] for seg in segs)
            name = made.get(table)
            if name is None:
                name = made[table] = self.constant(table)
            names.append(name)
        return names

    def live_segments(self, bodies):
        """The indices of the segments some branch, fall or table names, from the first
        on: a short segment whose every branch took a copy is dropped (not one body of
        a try_table, whose handlers name ranges of segments)."""
        if self.has_try:
            return range(len(bodies))
        index = {seg: i for i, (seg, _line) in enumerate(self.order)}
        live, todo = {0}, [0]
        while todo:
            # the segment's text after its test, searched at once
            text = "\n".join(map(TEXT, bodies[todo.pop()][1:]))
            segs = _SEGMENT.findall(text)
            for table in _TABLE.findall(text):
                segs += self.tables[int(table)]
            for seg in segs:
                i = index[int(seg)]
                if i not in live:
                    live.add(i)
                    todo.append(i)
        return sorted(live)

    def short_segments(self, lines, starts):
        """A branch to a short segment that ends in a branch takes a copy of its code
        instead: one search for a segment where there were two. An interpreter's
        handlers all branch back to the segment that fetches the next opcode and indexes
        its table (a C `switch` in a loop), so each opcode costs one search, as a
        structured loop's would; and a handler's own forward branches (C's `if`s in a
        `case`) land in short segments. A copy holds no loop or try, only `if`s a few
        levels deep (no statically nested block added), and is made only without a
        try_table, whose handlers tell where an exception came from by `pc_`.

        A segment that more than FAN_IN branches name is not copied: its copies would
        be most of the function's text (an interpreter's fetch, in each of 200 handlers),
        which a cold run pays to compile. It goes to the head of the loop instead, tested
        before the search, so a branch to it costs a turn of the loop and one comparison.

        Returns ({the text of a branch to a copied segment: [[indent, text, offset]] of
        its copy, indents counted from the branch's}, the segments at the head)."""
        if self.has_try:
            return {}, set()
        copies = {}
        inner = self.dispatch_indent + 1
        for i, (seg, _line) in enumerate(self.order):
            body = [line for line in lines[starts[i] + 1:starts[i + 1]] if line[1] is not None]
            if not body or body[-1][0] != inner or not body[-1][1].startswith("pc_ = "):
                continue
            if (len(body) > SHORT_SEGMENT       # (a line holds a statement or more)
                    or sum(1 + line[1].count("\n") for line in body) > SHORT_SEGMENT):
                continue
            if not all(inner <= line[0] <= inner + 2 and _plain(line[1]) for line in body):
                continue
            copy = [[line[0] - inner, line[1], line[2]] for line in body]
            if not copy[-1][1].endswith("\ncontinue"):
                copy[-1] = [0, copy[-1][1] + "\ncontinue", copy[-1][2]]
            copies[f"pc_ = §{seg}§\ncontinue"] = copy
        fan_in = Counter(filter(copies.__contains__, map(TEXT, lines)))   # at C speed
        entry = f"pc_ = §{self.order[0][0]}§\ncontinue"    # pc_ starts at 0
        wide = {branch for branch, n in fan_in.items() if n > FAN_IN and branch != entry}
        for branch in wide:
            del copies[branch]
        head = {int(_SEGMENT.search(branch).group(1)) for branch in wide}
        return {branch: self.thread(copies, branch) for branch in copies}, head

    @classmethod
    def thread(cls, copies, branch, seen=frozenset(), budget=2 * SHORT_SEGMENT):
        """The copy for `branch`, each branch in it to a short segment replaced by that
        segment's copy in turn (a block's end that only falls into the loop's head, a
        handler's test that skips a step), while the whole stays within `budget`
        statements and COPY_DEPTH levels of `if`, and visits no segment twice on a
        path."""
        body = copies[branch]
        if copies.keys().isdisjoint(map(TEXT, body)):   # no branch in it to thread
            return body
        seen = seen | {branch}
        out = []
        for k, (d, text, offset) in enumerate(body):
            room = budget - len(out) - (len(body) - k - 1)
            sub = None
            if text in copies and text not in seen and len(copies[text]) <= room:
                sub = cls.thread(copies, text, seen, room)
                if d + max(line[0] for line in sub) > COPY_DEPTH:
                    sub = None
            if sub is None:
                out.append([d, text, offset])
            else:
                out += [[d + e, t, o] for e, t, o in sub]
        return out

    def emit_handlers(self):
        w = self.w
        self.dispatch_end = len(w.lines)
        if not self.has_try:
            return
        w.indent -= 2
        w.emit("except _WasmException as e_:")
        w.indent += 1
        saved = self.ctls
        for first, last, clauses in self.tries:
            if not clauses:
                continue
            w.emit(f"if §{first}§ <= pc_ < §{last}§:")
            w.indent += 1
            for kind, tag, ctls in clauses:
                self.ctls = ctls
                values = []
                if kind in (CATCH, CATCH_REF):
                    w.emit(f"if e_.tag is TG{tag}:")
                    values = [self.stack_var(f"e_.values[{k}]") for k in range(self.tag_arity(tag))]
                else:
                    w.emit("if True:")
                w.indent += 1
                if kind in (CATCH_REF, CATCH_ALL_REF):
                    values.append(self.stack_var("e_"))
                self.branch(0, values)
                w.indent -= 1
            w.indent -= 1
        self.ctls = saved
        w.emit("raise")
        w.indent -= 1

    def new_segment(self):
        self.segments += 1
        return self.segments - 1

    def start_segment(self, seg, fall):
        w = self.w
        if fall:
            self.stack.canonical()
            w.emit(f"pc_ = §{seg}§")
        if self.order:
            w.ensure_body(self.segment_mark)
        w.indent = self.dispatch_indent
        self.order.append((seg, w.mark()))
        w.emit(f"if pc_ == §{seg}§:")
        w.indent += 1
        self.segment_mark = w.mark()

    def open_block(self, kind, pc, bt, cond=None):
        params, results = self.block_type(bt)
        if kind == C.IF:
            cond = self.stack.pop()
        self.stack.canonical()
        end = self.ends[pc]
        ctl = C.Ctl(kind, len(self.stack.vals) - params, params, results,
                    C.target_of(self.body, pc, end), False, len(self.ctls))
        self.ctls.append(ctl)
        ctl.seg = self.new_segment()        # where branches to it land
        if kind == C.IF:
            ctl.else_seg = self.new_segment()
            self.w.emit(f"if not {cond.test()}:\n    pc_ = §{ctl.else_seg}§\n    continue")
        elif kind == C.LOOP:
            self.start_segment(ctl.seg, fall=True)
        elif kind == C.TRY:
            body = self.new_segment()
            ctl.first = body
            self.start_segment(body, fall=True)
        return ctl

    def else_(self):
        ctl = self.ctls[-1]
        if self.reachable:
            self.fall_into(ctl)
            ctl.then_falls = True
            ctl.branched = True
            self.w.emit(f"pc_ = §{ctl.seg}§\ncontinue")
        ctl.has_else = True
        self.stack.reset(ctl.height + ctl.params)
        self.start_segment(ctl.else_seg, fall=False)
        self.reachable = ctl.reachable

    def end(self):
        ctl = self.ctls.pop()
        if ctl.kind == C.FUNC:
            if self.reachable:
                self.return_()
            return
        falls = self.reachable
        if falls:
            self.fall_into(ctl)
        if ctl.kind == C.TRY:
            self.tries.append((ctl.first, ctl.seg,
                               [(k, t, self.ctls[:len(self.ctls) - d]) for k, t, d in ctl.catches]))
        if ctl.kind == C.IF and not ctl.has_else:
            self.start_segment(ctl.else_seg, fall=falls)
            falls = falls or ctl.reachable
        if ctl.kind != C.LOOP:
            self.start_segment(ctl.seg, fall=falls)
        self.stack.reset(ctl.height + ctl.results)
        self.reachable = falls or ctl.branched or (ctl.kind == C.IF and ctl.reachable and
                                                   not ctl.has_else)

    def br_table(self, imm):
        """Where no target takes values (a C switch): the segment from a tuple indexed
        by the operand, one lookup instead of a search by comparisons."""
        depths, default = imm
        targets = [self.ctls[-1 - d] for d in (*depths, default)]
        if any(t.kind == C.FUNC or t.arity for t in targets):
            super().br_table(imm)
            return
        index = self.stack.pop()
        if not index.atom:
            self.w.emit(f"t_ = {bare(index.int())}")
            index = self.stack_var("t_")
        for t in targets:
            if t.kind != C.LOOP:
                t.branched = True
        self.tables.append([t.seg for t in targets[:-1]])
        self.w.emit(f"pc_ = ¤{len(self.tables) - 1}¤[{index.x}] if {index.x} < {len(depths)} else "
                    f"§{targets[-1].seg}§\ncontinue")
        self.reachable = False

    def branch(self, depth, vals=None):
        target = self.ctls[-1 - depth]
        if target.kind == C.FUNC:
            self.charge_end()
            self.return_()
            return
        n = target.arity
        top = self.stack.top(n) if vals is None else vals
        self.stack.assign([f"s{target.height + k}" for k in range(n)], top)
        if target.kind != C.LOOP:
            target.branched = True
        self.w.emit(f"pc_ = §{target.seg}§\ncontinue")
