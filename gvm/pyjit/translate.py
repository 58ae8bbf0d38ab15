"""The translation of one wasm function into the source of a Python function (the
python engine): a walk over the validated body, one method per kind of instruction.

The function `F{i}(l0, ..., d)` takes the wasm arguments and `d`, the call frames it
may still use (runtime.py); it returns None, one value, or a tuple of values. A
function with tail calls is translated as the body `T{i}`, which returns a `_Tail`
for a tail call, and runtime.py wraps it in a loop that makes the call.

With fuel, instructions are charged in groups that end at every instruction with an
observable effect (a store, a call, a trap, control), so running out happens before
exactly the same effects as in the reference engine, which counts one by one.

The source is the module's, good for every instance (runtime.py compiles it once per
module): it names the instance's functions, globals, memories, tables and tags (`F3`,
`G0`, `M0` ...), never their values, and the constants it binds (`K3_0`) depend on the
module only.
"""
import math
import re
from operator import itemgetter

from .. import opcodes as O
from ..module import Instr
from ..runtime import gc as G
from ..runtime.stack import MAX_CALL_DEPTH, MAX_LOCALS
from ..values import f64_to_bits
from . import control as C
from . import gc as GC
from . import memory as MEM
from . import numeric as NUM
from . import simd as SIMD
from .align import Alignment, TooHigh, access_runs, kinds, set_locals
from .ranges import Ranges, loop_facts
from .flat import FlatControl
from .labels import Labels
from .settle import follows, settle
from .stack import GLOBALS, Stack, Val, Writer, bare, combine, const, var

_SIMPLE = ("nop", "drop", "local.get", "local.set", "local.tee", "i32.const", "i64.const",
           "f32.const", "f64.const", "select", "select_t", "global.get", "ref.null",
           "ref.is_null", "ref.func")
PURE = {O.BY_NAME[n].id for n in _SIMPLE} | {
    op.id for op in O.OPCODES if op.is_numeric and op.const_name not in NUM.TRAPPING} | SIMD.PURE | GC.PURE
TAIL_CALLS = {O.BY_NAME[n].id for n in ("return_call", "return_call_indirect", "return_call_ref")}
LOCALS_PER_FRAME = MAX_LOCALS // MAX_CALL_DEPTH
OP = itemgetter(0)      # an instruction's opcode id


def frame_weight(nlocals):
    """The frames of the depth budget a frame with `nlocals` locals counts as, which
    bounds the locals of all frames together as the reference engine's MAX_LOCALS."""
    return max(1, -(-nlocals // LOCALS_PER_FRAME))
ONE_DIGIT = (1 << 30) - 1   # the largest int CPython keeps in one digit (compares fast)
_DD = re.compile(r"\bdd\b")      # the callees' depth, in a generated line
# the names of the first locals, made once (local.get is the commonest instruction)
LOCAL_NAMES = [f"l{i}" for i in range(256)]
LOCAL_DEPS = [frozenset((name,)) for name in LOCAL_NAMES]     # ... and what each reads
NO_SOURCES = frozenset()
LOCAL_GET = O.BY_NAME["local.get"].id
LOCAL_SETS = {O.BY_NAME["local.set"].id, O.BY_NAME["local.tee"].id}
_LOCAL = re.compile(r"l[0-9]+")
# opcode id -> what set_before_read does at it: one test of a list for the many it
# passes over, one comparison for the local accesses, most of the rest
PASS, GETS, SETS, OPENS, ELSES, ENDS = range(6)
RUN_STEPS = [GETS if op.id == LOCAL_GET else SETS if op.id in LOCAL_SETS
             else OPENS if op.id in C.OPENERS else ELSES if op.id == C.ELSE
             else ENDS if op.id == C.END else PASS for op in O.OPCODES]


class _LocalIndex(dict):
    """A variable's name -> i if it is local i's, else None; the first locals' made once."""

    def __missing__(self, x):
        return int(x[1:]) if _LOCAL.fullmatch(x) else None


LOCAL_INDEX = _LocalIndex((name, i) for i, name in enumerate(LOCAL_NAMES))
MEMORY_ACCESS = {O.BY_NAME[n].id for n in (*MEM.LOADS, *MEM.STORES)}
# the instructions whose errors the function's handler makes traps (_out_of_bounds)
GUARDED = MEMORY_ACCESS | {O.BY_NAME["call_indirect"].id}


def below(x, k):
    """`x < k` for a name x and a constant k, one-digit first: CPython 3.11 specialises
    comparisons of one-digit ints only (below 2**30), so a small x is decided by the
    fast one and only a larger one meets k's two digits."""
    return f"({x} < {k})" if k <= ONE_DIGIT + 1 else f"({x} <= {ONE_DIGIT} or {x} < {k})"


def at_least(x, k):
    """`x >= k` for a name x and a constant k, one-digit first (`below`)."""
    return f"({x} >= {k})" if k <= ONE_DIGIT + 1 else f"({x} > {ONE_DIGIT} and {x} >= {k})"


def select_scaled(a, b, test):
    """Val.scaled of `select` between constants a and b, (sel << k) + 0 with sel the
    select of a >> k and b >> k, k their common low zero bits (up to 3, a view's
    largest item): C's `p->child[key > p->key]`, `p + (c ? 8 : 0)`, which an access then
    indexes from p's own view index (based_tested), not from the sum's. None if
    neither is a multiple of 2."""
    k = min(((a | b) & -(a | b)).bit_length() - 1, 3) if a | b else 0
    if k == 0:
        return None
    return (f"({a >> k} if {test} else {b >> k})", k, 0, True)


def float_literal_nonzero(text):
    try:
        return float(text.strip("()")) != 0.0
    except ValueError:
        return False


def float_literal(x):
    if math.isfinite(x) and (x != 0.0 or math.copysign(1.0, x) > 0):
        return f"({x!r})" if x < 0 else repr(x)
    return None


def int_align(name, args):
    """The low zero bits known of an integer operation's result (NUM.ALIGNMENT)."""
    bits = 32 if name.startswith("I32") else 64
    rule = NUM.ALIGNMENT.get(name)
    if rule is not None:
        return min(rule(args[0].align, args[1].align), bits)
    if name in NUM.KEEPS_ALIGNMENT:
        return min(args[0].align, bits)
    if name in NUM.SHIFTS_LEFT and args[1].x.isdigit():
        return min(args[0].align + int(args[1].x) % bits, bits)
    return 0


class Translator(C.Control):
    flows = True    # whether align.py can follow its control flow
    def __init__(self, func, body, fuel, heads=None, chained=None, ends=None, targets=None,
                 facts=None):
        self.func = func
        self.module = func.instance.module
        self.spaces = self.module.lowered.spaces
        self.body = body            # the decoded instructions: (op, imm, offset) tuples
        self.info = func.info
        self.constants = {}         # name -> value, for the namespace the code runs in
        self.names = {}             # a constant's key -> its name
        self.fuel = fuel
        self.w = Writer()
        self.stack = Stack(self.w)
        self.ctls = []
        self.reachable = True
        self.dead = 0
        self.group = None
        self.ends = C.block_ends(self.body) if ends is None else ends
        self.targets = C.branch_targets(self.info) if targets is None else targets
        self.chained = {} if chained is None else chained  # blocks as nested ifs
        # the opcodes the body has (a set made at C speed, for the tests of whether it
        # has any of a kind)
        self.ops = ops = set(map(OP, body))
        self.tail = not TAIL_CALLS.isdisjoint(ops)
        # the low zero bits known of integer locals (align.py), if heads are given
        zeros = {f"l{len(func.type.params) + i}": 64 for i, zero in enumerate(func.zeros)
                 if type(zero) is int}
        self.align = Alignment(zeros, heads, heads is not None and self.flows)
        # the intervals of integer locals (ranges.py), where control is structured
        if facts is None and self.flows:
            facts = loop_facts(body, self.info)
        self.ranges = Ranges({name: (0, 0) for name in zeros}, facts, self.flows)
        self.result = None
        self.temps = 0
        self.kept = None        # the parameters the body never sets (kept_params)
        self.passed = False     # whether a branch passes out of loops by `br_` (control.py)
        self.called = []        # the line of each call, the lines that read `dd`
        self.hoisted = {}       # (param, shift) -> the name of its tested view index
        self.run_named = {}     # a name of run_index -> the run it was named in
        self.runs = None        # align.access_runs of the body, once run_index needs it
        self.kinds = None       # align.kinds of the body, once an access needs it
        self.at = 0             # the pc of the memory access being translated
        self.hoists = []        # the line before each `while` loop (kept_signed)
        # locals last set to a product that most often wraps (a hash's or a generator's
        # state): uniform over 32 bits, rarely one digit (add_constant)
        self.hashed = set()

    # --- helpers ----------------------------------------------------------------------
    def constant(self, value):
        """A namespace name for a value that has no literal (named after the function,
        so that the constants of all the functions of a module can share a namespace)."""
        if isinstance(value, float):        # by bits: NaN payloads differ, -0.0 == 0.0
            key = (float, f64_to_bits(value))
        else:
            key = (type(value), value) if type(value) is int else id(value)
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"K{self.func.index}_{len(self.names)}"
            self.constants[name] = value
        return name

    def literal(self, value):
        if isinstance(value, float):
            return float_literal(value) or self.constant(value)
        if value is None:
            return "None"
        if type(value) is int:
            return str(value)
        return self.constant(value)

    def temp(self):
        """A name of its own for a value an expression reads twice (`(t := x)`)."""
        self.temps += 1
        return f"q{self.temps}_"

    def stack_var(self, x):
        return Val(x, frozenset((x,)))

    def atom_top(self):
        i = len(self.stack.vals) - 1
        self.stack.store(i)
        return self.stack.vals[i]

    def push_stmt(self, expr, n=1, bound=None):
        """Push the n results of `expr`, evaluated now (it may trap or have effects)."""
        h = len(self.stack.vals)
        if n == 0:
            self.w.emit(expr)
            return
        names = self.stack.result(h, n)
        self.w.emit(", ".join(names) + " = " + bare(expr))
        for name in names:
            self.stack.vals.append(var(name, bound))     # a slot: an atom

    def block_type(self, bt):
        if bt is None:
            return 0, 0
        if type(bt) is tuple:       # osr.py's synthetic blocks: (param types, result types)
            return len(bt[0]), len(bt[1])
        if type(bt).__name__ == "TypeIdx":
            t = self.module.ast.types[bt]
            t = getattr(t, "comp", t)
            return len(t.params), len(t.results)
        return 0, 1

    def tag_arity(self, tag):
        return len(self.spaces.tags[tag].params)

    def args(self, n):
        vals = self.stack.popn(n)
        self.stack.flush(GLOBALS)   # the callee may change globals
        return ", ".join([v.int() for v in vals] + ["dd"])

    # --- fuel ---------------------------------------------------------------------------
    def charge(self, op):
        if not self.fuel:
            return
        if self.group is None:
            self.group = [self.w.emit(""), 0]
        self.group[1] += 1
        if op not in PURE:
            self.close_group()

    def close_group(self):
        line, n = self.group
        self.w.lines[line][1] = f"if E.fuel < {n}: _fuel_out(E)\nE.fuel -= {n}"
        self.group = None

    def charge_end(self):
        """A branch to the function's label runs its final `end`."""
        if self.fuel:
            self.w.emit("if E.fuel < 1: _fuel_out(E)\nE.fuel -= 1")

    # --- the walk ---------------------------------------------------------------------
    def translate(self):
        """(source, wasm byte offset of each source line). The function is named `T{i}`
        if it has tail calls (`self.tail`), else `F{i}`."""
        if self.result is None:
            self.result = self.walk()
        return self.result

    def walk(self):
        ft = self.func.type
        nparams = len(ft.params)
        w = self.w
        # `d` is never negative (a callee gets 0 where the frames would run out), so
        # the test is a truth test, half the bytecode of a comparison.
        w.emit("if not d: raise _Exhaustion('call stack exhausted')")
        # A frame with many locals counts as several against the depth budget, which
        # bounds the locals of all frames together as the reference engine's MAX_LOCALS.
        weight = frame_weight(nparams + len(self.func.zeros))
        calls = w.emit("dd = d - 1" if weight == 1 else
                       f"dd = d - {weight} if d > {weight} else 0")
        unseen = self.set_before_read(nparams)
        for i, zero in enumerate(self.func.zeros):
            if nparams + i not in unseen:
                w.emit(f"l{nparams + i} = {self.literal(zero)}")
        br = w.emit("br_ = 0")
        hoist = w.emit("")
        guarded = not GUARDED.isdisjoint(self.ops)
        if guarded:
            w.emit("try:")
            w.indent += 1
        self.ctls.append(C.Ctl(C.FUNC, 0, 0, len(ft.results), len(self.body) - 1, False, 0))
        self.begin_body()
        handlers = HANDLERS
        for op in self.ops - handlers.keys():     # made on an opcode's first use
            handlers[op] = _handler(O.OPCODES[op])
        body = self.body
        fuel = self.fuel
        for pc, (op, imm, offset) in enumerate(body):
            if not self.reachable:
                if op in C.OPENERS:
                    self.dead += 1
                    continue
                if op == C.END and self.dead:
                    self.dead -= 1
                    continue
                if not (op == C.END or (op == C.ELSE and not self.dead)):
                    continue
            w.offset = offset
            if fuel:
                self.charge(op)
            handlers[op](self, pc, imm)
        self.end_body()
        if guarded:
            w.indent = 1
            w.emit("except _MEMORY_ERRORS as e_:")
            w.emit("    if e_.__traceback__.tb_next is None: raise _out_of_bounds(e_) from None")
            w.emit("    raise")
        for k in self.hoists:       # loops that keep no value: no line
            w.lines[k][1] = w.lines[k][1] or None
        if not self.passed:     # `br_` unused: no line
            w.lines[br][1] = None
        self.inline_depth(calls, weight)
        w.lines[hoist][1] = "\n".join(
            f"{name} = l{k} >> {shift}\no{name} = l{k} & {(1 << shift) - 1}"
            for (k, shift), name in self.hoisted.items()) or None
        name = ("T" if self.tail else "F") + str(self.func.index)
        params = ", ".join([f"l{i}" for i in range(nparams)] + ["d"])
        source, offsets = w.render(f"def {name}({params}):")
        return source, offsets

    def inline_depth(self, calls, weight):
        """`dd`, the callees' depth, named once: `d - 1` in its place at that one call
        (a store and a load fewer, and none of the subtraction in a call that does not
        get there, a recursion's leaves); unused: no line."""
        if self.flows or not self.called:   # the calls' lines are where call() wrote them
            uses = [k for k in self.called if self.w.lines[k][1] is not None]
        else:       # a state machine copies short segments, calls and all (flat.py)
            uses = []
            for k, line in enumerate(self.w.lines):
                # "in" first: far cheaper
                if k != calls and line[1] is not None and "dd" in line[1] and _DD.search(line[1]):
                    uses.append(k)
                    if len(uses) == 2:      # enough to know `dd` stays
                        break
        if len(uses) == 1 and len(_DD.findall(self.w.lines[uses[0]][1])) == 1:
            expr = "d - 1" if weight == 1 else f"(d - {weight} if d > {weight} else 0)"
            self.w.lines[uses[0]][1] = _DD.sub(expr, self.w.lines[uses[0]][1])
        if len(uses) <= 1:
            self.w.lines[calls][1] = None

    def set_before_read(self, nparams):
        """The declared locals whose zero no instruction can see: the first instruction
        naming each (in the order of the body) sets it, and every later one lies in the
        same run of code (a block's, or an if's arm, up to its `else` or `end`), which
        is entered only at its start: that code reaches them only through the set.
        (Code between the run's start and the set does not name the local, and a loop
        going back to that start passes the set again before naming it.)"""
        if not self.func.zeros:     # no declared local
            return set()
        runs, open_runs, first = [0], {0}, {}
        steps = RUN_STEPS
        for pc, (op, local, _offset) in enumerate(self.body, 1):  # a run: its first pc
            step = steps[op]
            if not step:
                continue
            if step <= SETS:
                if local < nparams:     # a parameter: never zero
                    continue
                if local not in first:
                    first[local] = runs[-1] if step == SETS else None
                elif first[local] not in open_runs:
                    first[local] = None
            elif step == ENDS:
                open_runs.discard(runs.pop())
            else:
                if step == ELSES:
                    open_runs.discard(runs.pop())
                runs.append(pc)
                open_runs.add(pc)
        return {local for local, run in first.items() if run is not None}

    def return_(self):
        n = len(self.func.type.results)
        vals = self.stack.top(n)
        if n == 0:
            self.w.emit("return")
        elif n == 1:
            self.w.emit(f"return {bare(vals[0].int())}")
        else:
            self.w.emit("return (" + ", ".join(v.int() for v in vals) + ")")

    # --- instructions -----------------------------------------------------------------
    def i_unreachable(self, pc, imm):
        self.w.emit("raise _Trap('unreachable')")
        self.reachable = False

    def i_nop(self, pc, imm):
        pass

    def i_block(self, pc, imm):
        self.open_block(C.BLOCK, pc, imm)

    def i_loop(self, pc, imm):
        self.open_block(C.LOOP, pc, imm)

    def i_if(self, pc, imm):
        self.open_block(C.IF, pc, imm)

    def i_try_table(self, pc, imm):
        bt, catches = imm
        ctl = self.open_block(C.TRY, pc, bt)
        ctl.catches = catches

    def i_else(self, pc, imm):
        self.else_()

    def i_end(self, pc, imm):
        self.end()

    def i_br(self, pc, depth):
        self.br(depth)

    def i_br_if(self, pc, depth):
        self.br_if(depth)

    def i_br_table(self, pc, imm):
        self.br_table(imm)

    def i_br_on_null(self, pc, depth):
        self.br_on_null(depth)

    def i_br_on_non_null(self, pc, depth):
        self.br_on_non_null(depth)

    def i_return(self, pc, imm):
        self.return_()
        self.reachable = False

    def call(self, callee, ftype):
        args = self.args(len(ftype.params))
        self.push_stmt(f"{callee}({args})", len(ftype.results))
        self.called.append(len(self.w.lines) - 1)

    def tail_call(self, callee, ftype):
        vals = self.stack.popn(len(ftype.params))
        args = "".join(v.int() + ", " for v in vals)
        self.w.emit(f"return _Tail({callee}, ({args}))")
        self.reachable = False

    def i_call(self, pc, idx):
        self.call(f"F{idx}", self.spaces.funcs[idx])

    def i_return_call(self, pc, idx):
        self.tail_call(f"T{idx}", self.spaces.funcs[idx])

    def indirect(self, imm, kind):
        typeidx, tableidx = imm
        index = self.stack.pop()
        self.stack.flush(GLOBALS)
        key = self.constant(self.module.type_keys[typeidx])
        t = self.module.ast.types[typeidx]
        # the callee is found where it is called: the arguments are pure, so finding
        # it (or trapping) before they are evaluated changes nothing
        return f"{kind}(TB{tableidx}, {key}, {index.int()})", getattr(t, "comp", t)

    def i_call_indirect(self, pc, imm):
        """The callee is the entry the call site's type's `CI{t}` (runtime.Callees)
        holds for the element, else `_indirect`'s (which traps, or links and records
        it). An index past the end raises IndexError in this frame, which the
        function's handler makes the trap (runtime._out_of_bounds, which finds the
        index in `i_`)."""
        typeidx, tableidx = imm
        index = self.stack.pop()
        self.stack.flush(GLOBALS)
        self.w.emit(f"i_ = {index.int()}")
        t = self.module.ast.types[typeidx]
        callees = f"CI{typeidx}"
        self.call(f"({callees}.get(TB{tableidx}.elements[i_]) or "
                  f"_indirect(TB{tableidx}, {callees}, i_))", getattr(t, "comp", t))

    def i_return_call_indirect(self, pc, imm):
        self.tail_call(*self.indirect(imm, "_indirect_tail"))

    def by_ref(self, typeidx, kind):
        ref = self.stack.pop()
        self.stack.flush(GLOBALS)
        self.w.emit(f"c_ = _by_ref({ref.int()}, {kind})")
        t = self.module.ast.types[typeidx]
        return getattr(t, "comp", t)

    def i_call_ref(self, pc, typeidx):
        self.call("c_", self.by_ref(typeidx, 0))

    def i_return_call_ref(self, pc, typeidx):
        self.tail_call("c_", self.by_ref(typeidx, 1))

    def i_throw(self, pc, tag):
        vals = self.stack.popn(self.tag_arity(tag))
        self.w.emit(f"raise _WasmException(TG{tag}, [{', '.join(v.int() for v in vals)}])")
        self.reachable = False

    def i_throw_ref(self, pc, imm):
        self.w.emit(f"raise _throw_ref({self.stack.pop().int()})")
        self.reachable = False

    def i_drop(self, pc, imm):
        self.stack.pop()

    def i_select(self, pc, imm):
        c, b = self.stack.pop(), self.stack.pop()
        a = self.stack.pop()
        self.stack.push(Val(f"({a.int()} if {c.test()} else {b.int()})",
                            a.deps | b.deps | c.deps, False, 1 + a.size + b.size + c.size))
        if a.x.isdigit() and b.x.isdigit():
            self.stack.vals[-1].scaled = select_scaled(int(a.x), int(b.x), c.test())

    i_select_t = i_select

    def i_local_get(self, pc, i):
        try:
            name, deps = LOCAL_NAMES[i], LOCAL_DEPS[i]
        except IndexError:
            name = f"l{i}"
            deps = frozenset((name,))
        r = self.ranges.state.get(name)
        if r is None:       # the commonest: nothing known
            v = Val(name, deps)
        elif r[0] < 0:
            v = Val(name, deps)
            v.split = r if r[1] < 1 << 31 else None
        else:
            v = Val(name, deps, False, 0, None, r[1])
            v.floor = r[0]
        align = self.align.state.get(name)
        if align:
            v.align = align
            v.alsrc = deps
        self.stack.vals.append(v)     # an atom: never too big to stay on the stack

    def i_local_set(self, pc, i):
        v = self.stack.vals.pop()
        name = LOCAL_NAMES[i] if i < len(LOCAL_NAMES) else f"l{i}"
        self.align.set(name, v.align, v.alsrc)
        self.ranges.set(name, v)
        if v.lazy and v.wraps:
            self.hashed.add(name)
        else:
            self.hashed.discard(name)
        if self.retarget(v, name):
            return
        self.stack.before_assign(name)
        if v.x != name:
            self.w.emit(f"{name} = {bare(v.int())}")

    def retarget(self, v, name):
        """`s3 = <load>` followed by local.set: `l2 = <load>`, when nothing else reads
        the slot or waits to read the local's old value."""
        if v.x[:1] != "s":      # the commonest: no slot, no f-string
            return False
        slot = f"s{len(self.stack.vals)}"
        if v.x != slot or not self.w.lines:
            return False
        line = self.w.lines[-1]
        head, _, last = line[1].rpartition("\n")
        if line[0] != self.w.indent or not last.startswith(slot + " = "):
            return False
        if any(slot in u.deps or name in u.deps for u in self.stack.vals):
            return False
        line[1] = (head + "\n" if head else "") + name + last[len(slot):]
        return True

    def i_local_tee(self, pc, i):
        self.i_local_set(pc, i)
        self.i_local_get(pc, i)

    def i_global_get(self, pc, i):
        if self.spaces.globals[i].mutable:
            self.stack.push(Val(f"G{i}.value", frozenset((GLOBALS,))))
            return
        value = self.spaces.constant_global(i)
        if value is None:       # an instance's own: imported, or computed from imports
            self.stack.push(Val(f"G{i}.value", frozenset()))
        else:
            self.stack.push(const(self.literal(value)))

    def i_global_set(self, pc, i):
        v = self.stack.pop()
        self.stack.flush(GLOBALS)
        self.w.emit(f"G{i}.value = {bare(v.int())}")

    def i_const(self, pc, value):
        self.stack.vals.append(const(self.literal(value)))     # an atom, as local.get's

    # --- numeric instructions ---------------------------------------------------------
    # One handler per kind of numeric instruction (NUM.kind), bound with its opcode's
    # facts (NUM.Facts) when the handler is made (_handler): an i32.add runs only the
    # tests that can matter to an add. Each pops its operands and pushes the value; the
    # kinds whose results can be aligned, scaled or based (an address's parts) record
    # that on it, where the others' results are new Vals, which know none of it.

    def additive(self, pc, imm, f):
        """i32/i64 add and sub: a constant added without a mask (add_constant), a sum
        within a known bound (bounded), else masked lazily."""
        vals = self.stack.vals
        b = vals.pop()
        a = vals.pop()
        constant = b.x.isdigit()
        align = min(a.align, b.align, f.bits) if a.align and b.align else 0
        scaled = None
        if constant and a.scaled:     # a scaled value plus a constant
            base, k, c, _exact = a.scaled
            scaled = (base, k, c + int(b.x) if f.op == "ADD" else c - int(b.x))
        based = self.based_sum(a, b) if f.name == "I32_ADD" else None
        if not (constant and self.add_constant(f, a, b)) and not self.bounded(f, a, b, None):
            self.stack.push(combine(f.lazy, (a, b), lazy=f.mask, raw=True))
        # set even when unknown: a constant 0 added pushes the operand itself
        top = vals[-1]
        top.align = align
        top.alsrc = a.alsrc | b.alsrc if align else NO_SOURCES
        top.scaled = scaled and self.scaled_result(top, scaled)
        top.based = based

    @staticmethod
    def scaled_result(top, scaled):
        """Val.scaled of the result `top` whose exact value is (base << k) + c (`scaled`):
        an exact result is its own scaled form, a lazy one is it modulo its mask."""
        exact = not top.lazy and top.bound is not None
        if scaled[2] >= 0 and top.size and (exact or top.lazy):
            return (*scaled, exact)
        return None

    def bitwise(self, pc, imm, f):
        """i32/i64 and, or, xor, mul: within a known bound (bounded), else masked lazily
        where the result may pass the mask."""
        vals = self.stack.vals
        b = vals.pop()
        a = vals.pop()
        if not self.bounded(f, a, b, None):
            mask = f.mask
            if f.op == "AND":
                if not (a.lazy and b.lazy):
                    mask = None     # one exact operand bounds the result
            elif f.op != "MUL":
                if not (a.lazy or b.lazy):
                    mask = None     # exact operands, exact result
            val = combine(f.lazy, (a, b), lazy=mask, raw=True)
            if f.op == "MUL" and mask:
                # a product by a constant of more than half the width wraps unless the
                # other operand is below 2**(bits/2): a hash's or a generator's state
                # is not, and then the test before the mask is pure cost
                half = 1 << (f.bits // 2)
                val.wraps = val.wraps or any(v.x.isdigit() and int(v.x) >= half for v in (a, b))
            self.stack.push(val)
        if a.align or b.align:
            align = min(f.align(a.align, b.align), f.bits)
            if align:
                top = vals[-1]
                top.align = align
                top.alsrc = a.alsrc | b.alsrc

    def shift(self, pc, imm, f):
        """i32/i64 shl, shr_u, shr_s, rotl, rotr. A constant count is reduced once here,
        its mask left out: a shift right has a bound, a rotation is two shifts."""
        vals = self.stack.vals
        b = vals.pop()
        a = vals.pop()
        if not b.x.isdigit():
            if f.lazy:          # shl
                self.stack.push(combine(f.lazy, (a, b), lazy=f.mask, raw=True))
            elif f.template:    # shr_u, shr_s
                self.stack.push(combine(f.template, (a, b)))
            else:
                self.stack.push(combine(f.call, (a, b)))
            return
        count = int(b.x) % f.bits
        if f.template is None and f.lazy is None:
            self.rotate(f, a, count)
            return
        c = const(str(count))
        if f.op == "SHR_U":
            known = a.known()
            bound = (f.modulus - 1 if known is None else known) >> count
            self.stack.push(combine("({a} >> {b})", (a, c), bound=bound))
        elif f.op == "SHR_S":
            self.stack.push(combine(f.counted, (a, c)))
        else:
            if not self.bounded(f, a, c, count):
                self.stack.push(combine(f.counted, (a, c), lazy=f.mask, raw=True))
            top = vals[-1]
            top.align = align = min(a.align + count, f.bits)
            if align:
                top.alsrc = a.alsrc | b.alsrc
            if not a.lazy:
                top.scaled = self.scaled_result(top, (a.x, count, 0))

    def signed(self, pc, imm, f):
        """i32/i64 lt_s, gt_s, le_s, ge_s: with a constant or of names, without
        flipping sign bits (signed_compare, signed_values)."""
        vals = self.stack.vals
        b = vals.pop()
        a = vals.pop()
        if b.x.isdigit():
            self.signed_compare(f, a, int(b.x))
        elif (a.x.isidentifier() or a.x.isdigit()) and (b.x.isidentifier() or b.x.isdigit()):
            self.signed_values(f, (a, b))
        else:
            self.stack.push(combine(f.template, (a, b), cond=True))

    def eqz(self, pc, imm, f):
        a = self.stack.vals.pop()
        if a.cond:
            self.stack.push(Val(f"(not {a.x})", a.deps, True, a.size + 1))
        else:
            self.stack.push(combine("({a} == 0)", (a,), cond=True))

    def resized(self, pc, imm, f):
        """i32.wrap_i64 and i64.extend_i32_u, which keep their operand's low zero bits."""
        a = self.stack.vals.pop()
        self.stack.push(combine(f.template, (a,)))
        if a.align:
            top = self.stack.vals[-1]
            top.align = min(a.align, f.bits)
            top.alsrc = a.alsrc

    def templated(self, pc, imm, f):
        """An instruction that is one expression of its operands (NUM.TEMPLATES)."""
        self.stack.push(combine(f.template, self.stack.popn(f.nparams), cond=f.cond))

    def f64_div(self, pc, imm, f):
        """f64.div: Python's `/` by a constant other than zero, else guarded."""
        if float_literal_nonzero(self.stack.vals[-1].x):
            self.stack.push(combine(NUM.F64_DIV_CONST, self.stack.popn(2)))
        else:
            self.guarded(pc, imm, f)

    def guarded(self, pc, imm, f):
        """The operator, and the call where it would raise (NUM.GUARDED)."""
        t = self.temp()
        self.stack.push(combine(NUM.GUARDED[f.name].replace("{t}", t), self.stack.popn(f.nparams)))

    def f32_rounded(self, pc, imm, f):
        """An f32 result rounded through the float32 scratch view (NUM.F32_ROUNDED)."""
        if not MEM.VIEWS:
            self.numeric_call(pc, imm, f)
            return
        expr = combine(NUM.F32_ROUNDED[f.name], self.stack.popn(f.nparams)).x
        names = self.stack.result(len(self.stack.vals), 1)
        self.w.emit(f"_F32[0] = {expr}\n{names[0]} = _F32[0]")
        self.stack.push(var(names[0]))

    def division(self, pc, imm, f):
        """i32/i64 div_u, rem_u: the operator by a constant other than 0, which cannot
        trap, else the call."""
        b = self.stack.vals[-1]
        if b.atom and b.x.isdigit() and int(b.x):
            self.stack.push(combine(f.template, self.stack.popn(2)))
        else:
            self.numeric_call(pc, imm, f)

    def numeric_call(self, pc, imm, f):
        """The reference engine's function (NUM.FUNCTIONS), in program order if it can trap."""
        call = combine(f.call, self.stack.popn(f.nparams))
        if f.trapping:
            self.push_stmt(call.x)
        else:
            self.stack.push(call)

    @staticmethod
    def based_sum(a, b):
        """(base, index, k, c) if the i32 sum of `a` and `b` is one of a variable and a
        scaled value (index << k) + c, (base, None, 0, c) of a variable and a constant c,
        else None (Val.based)."""
        for base, scaled in ((a, b), (b, a)):
            if not (base.size or base.lazy or base.cond or base.x[0].isdigit()):    # a variable
                if scaled.scaled and scaled.scaled[2] >= 0:
                    return (base.x, *scaled.scaled[:3])
                if scaled.x.isdigit():
                    return (base.x, None, 0, int(scaled.x))
        return None

    def signed_compare(self, f, a, c):
        """A signed comparison with a constant as unsigned ones, without flipping the
        sign bit of `a` (a new int, beyond CPython's fast small ints)."""
        sign = f.sign
        op = f.op
        if op in ("GT_S", "LE_S"):      # a > c is a >= c + 1, a <= c is a < c + 1
            if c == sign - 1:           # c is the largest signed value
                self.stack.push(combine("(%s)" % (op == "LE_S"), [a], cond=True))
                return
            c = (c + 1) % (sign << 1)
            op = "GE_S" if op == "GT_S" else "LT_S"
        # Between two bounds: a chained comparison evaluates its middle once, at the
        # cost of a SWAP, a COPY and a jump more than two tests of a name. A name is
        # compared with a bound past one digit only when it is past one digit itself.
        name = a.x.isidentifier()
        if c == 0:
            less = at_least("{a}", sign) if name else "({a} >= %d)" % sign
            more = below("{a}", sign) if name else "({a} < %d)" % sign
        elif c < sign:
            more = "({a} >= %d and %s)" % (c, below("{a}", sign)) if name else \
                "(%d <= {a} < %d)" % (c, sign)
            less = "(not %s)" % more
        else:
            less = "(%s and {a} < %d)" % (at_least("{a}", sign), c) if name else \
                "(%d <= {a} < %d)" % (sign, c)
            more = "(not %s)" % less
        self.stack.push(combine(less if op == "LT_S" else more, [a], cond=True))

    def signed_values(self, f, args):
        """A signed comparison of names (and constants) as one of their signed values:
        `a if a < 2**31 else a - 2**32` is a specialised comparison and, for the
        non-negative, no arithmetic, where the template's `a ^ 2**31` is CPython's
        generic `^` on each side (half the instructions of a quicksort's comparisons)."""
        sign = f.sign
        sides = [str(int(a.x) - (sign << 1) if int(a.x) >= sign else int(a.x)) if a.x.isdigit()
                 else self.kept_signed(a.x, sign) or f"({a.x} if {a.x} < {sign} else {a.x} - {sign << 1})"
                 for a in args]
        op = {"LT_S": "<", "GT_S": ">", "LE_S": "<=", "GE_S": ">="}[f.op]
        self.stack.push(Val(f"({sides[0]} {op} {sides[1]})",
                            frozenset().union(*(a.deps for a in args)), True, 3))

    def kept_signed(self, x, sign):
        """The name of local x's signed value computed once before the loops around
        that do not set it (`v5 = l5 if l5 < 2147483648 else l5 - 4294967296`, `v5_`
        for i64), if x is a local and a loop around does not set it: a quicksort's
        pivot, a loop's signed bound, compared at each pass."""
        name = f"v{x[1:]}" + ("_" if sign > 1 << 31 else "")
        return self.loop_kept(x, name, f"{x} if {x} < {sign} else {x} - {sign << 1}")

    def loop_kept(self, x, name, expr):
        """`name`, computed as `name = expr` (a value of local x alone) before the
        outermost of the loops around whose bodies do not set x, once each time that
        loop is entered, where it was computed at each use in it; None if x is not a
        local or the innermost loop around sets it (or none is around)."""
        if not self.hoists or not _LOCAL.fullmatch(x):     # no such loop opened yet
            return None
        hoist = None
        for ctl in reversed(self.ctls):
            if ctl.sets is not None:
                if x in ctl.sets:
                    break
                hoist = ctl
        if hoist is None:
            return None
        line = self.w.lines[hoist.hoist]
        text = f"{name} = {expr}"
        if text not in line[1].split("\n"):
            line[1] = f"{line[1]}\n{text}" if line[1] else text
        return name

    def rotate(self, f, a, k):
        """A rotation by a constant: two shifts and one mask, no call."""
        bits = f.bits
        k = k if f.op == "ROTL" else (bits - k) % bits
        if k == 0:      # the operand itself, known as any rotation's result
            self.stack.push(a)
            top = self.stack.vals[-1]
            top.align, top.alsrc, top.scaled, top.based = 0, NO_SOURCES, None, None
            return
        if not a.atom or a.lazy or a.cond:
            self.stack.push(a)
            self.stack.store(len(self.stack.vals) - 1)
            a = self.stack.pop()
        rotated = Val(f"({a.x} << {k} | {a.x} >> {bits - k})", a.deps, size=1,
                      lazy=f.mask)
        rotated.wraps = True    # unless the top k bits are zero: hashes rotate, mostly
        self.stack.push(rotated)

    def bounded(self, f, a, b, count):
        """Integer operations whose result is known not to wrap: no mask, and a bound."""
        ka, kb = a.known(), b.known()
        top = f.modulus - 1
        op = f.op
        bound = None
        if op == "AND" and (ka is not None or kb is not None):
            bound = min(k for k in (ka, kb) if k is not None)
            text = "({a} & {b})"
        elif op == "SHR_U" and count is not None:
            bound = (top if ka is None else ka) >> count
            text = "({a} >> {b})"
        elif op == "SUB" and a.x.isdigit() and kb is not None and kb <= ka:
            bound, text = ka, "({a} - {b})"     # a constant less what is not above it
        elif ka is None or kb is None:
            return False
        elif op == "ADD" and ka + kb <= top:
            bound, text = ka + kb, "({a} + {b})"
        elif op == "MUL" and ka * kb <= top:
            bound, text = ka * kb, "({a} * {b})"
        elif op == "SHL" and count is not None and ka << count <= top:
            bound, text = ka << count, "({a} << {b})"
        elif op in ("OR", "XOR"):
            bound, text = (1 << max(ka.bit_length(), kb.bit_length())) - 1, "({a} %s {b})" % (
                "|" if op == "OR" else "^")
        else:
            return False
        self.stack.push(combine(text, (a, b), bound=bound))
        return True

    def add_constant(self, f, x, c):
        """x + c (or x - c) on an exact variable: one comparison picks whether it wraps,
        which keeps results below 2**30 in CPython's fast one-digit ints."""
        modulus = f.modulus
        c = int(c.x) % modulus
        if f.op == "SUB":
            c = (modulus - c) % modulus
        k = None if x.lazy else x.bound     # x.known()
        if k is not None and k + c < modulus and c < modulus // 2:
            self.stack.push(combine("({a} + %d)" % c, [x], bound=k + c))
            return True
        if x.size or x.lazy or x.cond or x.x[0].isdigit():
            return False
        if c == 0:
            self.stack.push(x)
        elif x.split and -x.split[0] <= c and x.split[1] + c < modulus:
            # wraps exactly when x is negative: a small threshold, which CPython
            # compares in one digit, and a bound
            top = x.split[1]
            self.stack.push(Val(f"({x.x} + {c} if {x.x} <= {top} else {x.x} - {modulus - c})",
                                x.deps, size=1, bound=top + c))
        elif x.floor + c >= modulus:    # always wraps: a negative index plus a base
            k = x.known()
            self.stack.push(combine("({a} - %d)" % (modulus - c), [x],
                                    bound=None if k is None else k + c - modulus))
        elif c < modulus // 2 and (x.floor > ONE_DIGIT or x.x in self.hashed):
            # past one digit (a negative index climbing to 0), or most often so (a
            # hash's state, ranging over 32 bits): the one-digit test fails
            k = modulus - c
            self.stack.push(Val(f"({x.x} + {c} if {x.x} < {k} else {x.x} - {k})", x.deps, size=1))
        elif c < modulus // 2:
            # a one-digit threshold first: CPython compares one-digit ints fast; past
            # it, a mask, 8 syntax-tree nodes fewer than a second test's two branches
            # (`exec` pays per node) for about 130 CPython instructions more there
            self.stack.push(Val(f"({x.x} + {c} if {x.x} <= {ONE_DIGIT} else {x.x} + {c} "
                                f"& {f.mask})", x.deps, size=1))
        else:
            n = modulus - c
            self.stack.push(Val(f"({x.x} - {n} if {x.x} >= {n} else {x.x} + {c})", x.deps, size=1))
        return True

    def view_index(self, a, offset, size, shift):
        """The index of address `a` + offset in a view of items of `size` (2**shift)
        bytes, if the address is known to be aligned; else None. Only a constant, a
        scaled value or one of enough known low zero bits can be (read and store ask
        for no other)."""
        if not MEM.VIEWS:
            return None
        if a.x.isdigit():
            address = int(a.x) + offset
            return None if address % size else str(address >> shift)
        if a.scaled and a.scaled[1] >= shift and (a.scaled[2] + offset) % size == 0:
            base, k, c, exact = a.scaled
            index = base if k == shift else f"({base} << {k - shift})"
            if exact:
                c = (c + offset) >> shift
                return f"{index} + {c}" if c else bare(index)
            if c % size == 0:
                return self.wrapped_index(index, c >> shift, offset >> shift, a.lazy, shift)
        if a.align >= shift and offset % size == 0:
            self.align.relied |= a.alsrc
            name = None
            if shift:
                i = LOCAL_INDEX[a.x]
                if i is not None:
                    name = (self.loop_kept(a.x, f"k{i}_{shift}", f"{a.x} >> {shift}")
                            or self.run_index(i, a.x, shift, False))
            if name is not None:
                return f"{name} + {offset >> shift}" if offset else name
            index = f"({a.int()} >> {shift})" if shift else a.int()
            return f"{index} + {offset >> shift}" if offset else bare(index)
        return None

    @staticmethod
    def wrapped_index(index, c, offset, mask, shift):
        """The view index of ((b << k) + (c << s)) mod 2**n + offset << s, a scaled
        address that may wrap (`index`: b << (k - s)): ((b << (k - s)) + c) mod
        2**(n - s) + offset. For a 32-bit address and 4- or 8-byte items the mask is
        below 2**30, so the wrap test is CPython's specialised one-digit comparison,
        where masking the address and shifting it back took two generic operators more
        (an interpreter's fetch `VI0[((w_ if (w_ := (l0 << 2) + c) <= 0xFFFFFFFF
        else w_ & 0xFFFFFFFF) >> 2)]`)."""
        mask = int(mask, 16) >> shift
        c &= mask
        index = f"(w_ if (w_ := {index} + {c}) <= {mask} else w_ & {mask})" if c else \
            f"(w_ if (w_ := {index}) <= {mask} else w_ & {mask})"
        return f"{index} + {offset}" if offset else index

    def address(self, a, offset):
        if a.x.isdigit():
            return str(int(a.x) + offset)
        return f"{a.int()} + {offset}" if offset else bare(a.int())

    def atom(self, v, temp):
        """`v` as a constant or a variable (assigned to `temp` if need be), for an
        expression that reads it more than once."""
        if v.atom and not v.lazy and not v.cond:
            return v
        self.w.emit(f"{temp} = {bare(v.int())}")
        w = self.stack_var(temp)
        w.align = v.align
        w.alsrc = v.alsrc
        return w

    def read(self, fmt, size, shift, a, offset, memidx):
        """An expression reading the item of struct format `fmt` (of `size`, 2**shift
        bytes) at address a + offset: through a view if it is known aligned, through
        the view at the address's low bits if not known (`a` made an atom), through
        struct if the offset is not a multiple of the size."""
        if a.align >= shift or a.scaled is not None or a.x.isdigit():
            index = self.view_index(a, offset, size, shift)
            if index is not None:
                return f"V{fmt}{memidx}[{index}]"
        tested = None if a.based is None else self.based_tested(a, offset, size, shift)
        if tested is None and size > 1:
            if a.size or a.lazy or a.cond:      # not an atom (`atom`)
                a = self.atom(a, "a_")
            tested = self.tested(a, offset, size, shift)
        if tested is not None:
            low, index = tested
            return f"W{fmt}{memidx}[{low}][{index}]"
        return MEM.struct_read(fmt, f"D{memidx}", self.address(a, offset))

    def testable(self, a, offset, size):
        """Whether an access of `size` bytes at `a` + offset, not known aligned, goes
        through the view whose items start at the address's low bits (`W{format}{n}`,
        a tuple of the views of memory n at byte offsets 0 to size - 1: one of them
        holds every address at its index a >> s, aligned or not), not struct."""
        return MEM.VIEWS and size > 1 and offset % size == 0 and not a.x.isdigit()

    def tested(self, a, offset, size, shift):
        """(low bits, view index) of an access of `size` bytes at atom `a` + offset: the
        address's low bits pick the view of `W{format}{n}` (testable), in which the
        item is at index a >> s, plus the offset's; None if not testable. No test and
        no struct: an access of unknown alignment is one tuple index more than a known
        aligned one, and 13 syntax-tree nodes where a test and struct's branch were 28
        (`exec` pays per node). A parameter the body never sets has both computed once,
        at the function's entry (`x0_2 = l0 >> 2`, `ox0_2 = l0 & 3`), as a struct's
        pointer is, used at several offsets and often in loops."""
        if not MEM.VIEWS or offset % size or a.x.isdigit():     # not testable
            return None
        name = self.index_name(a.x, shift)
        if name is not None:
            return f"o{name}", f"{name} + {offset >> shift}" if offset else name
        index = f"({a.x} >> {shift}) + {offset >> shift}" if offset else f"{a.x} >> {shift}"
        return f"{a.x} & {size - 1}", index

    def based_tested(self, a, offset, size, shift):
        """(low bits, view index) of an access of `size` bytes at a + offset, `a` a sum
        base + ((b << k) + c) (Val.based) with k >= s and c a multiple of the size, not
        known aligned: its low bits are the base's (a multiple of 2**s wraps to one),
        the index in their view is ((base >> s) + (b << (k - s)) + (c >> s)) mod
        2**(32 - s) + (offset >> s), a one-digit wrap test (wrapped_index) where the
        sum's mask, its two-digit test and the generic `<<`, `&` and `>>` of the address
        took four generic operators; the sum itself is never computed. None if the
        access is not of that form."""
        if a.based is None or not self.testable(a, offset, size):
            return None
        base, b, k, c = a.based
        if (b is not None and k < shift) or c % size:
            return None
        name = self.index_name(base, shift)
        if name is not None:
            low, start = f"o{name}", name
        elif b is None:     # base + c: no cheaper than the sum's own index
            return None
        else:
            low, start = f"{base} & {size - 1}", f"({base} >> {shift})"
        if b is not None:
            start += " + " + (b if k == shift else f"({b} << {k - shift})")
        index = self.wrapped_index(start, c >> shift, offset >> shift, "0xFFFFFFFF", shift)
        return low, index

    def index_name(self, base, shift):
        """The name of the view index of variable `base` for items of 2**shift bytes
        (base >> shift), with "o" before it the name of its low bits (base & 2**shift
        - 1: which view), if it has them: a parameter the body never sets has them
        computed at the entry (`x0_2`, kept_params); a local that a loop around does not
        set, before that loop (`k3_2`, the index of a known aligned one too, and
        `ok3_2`, loop_kept); a local read by another access ahead in the same run of
        code (`y3_2`, run_index). None if none."""
        kept = (self.kept if self.kept is not None else self.kept_params()).get(base)
        if kept is not None:
            return self.hoisted.setdefault((kept, shift), f"x{kept}_{shift}")
        i = LOCAL_INDEX[base]
        if i is None:
            return None
        if self.hoists:     # else no loop that keeps values is open (loop_kept)
            kept = self.loop_kept(base, f"k{i}_{shift}", f"{base} >> {shift}")
            if kept is not None:
                self.loop_kept(base, f"o{kept}", f"{base} & {(1 << shift) - 1}")
                return kept
        return self.run_index(i, base, shift)

    def run_index(self, i, base, shift, tested=True):
        """The name of local `base`'s view index within a run of code (no label starts
        or ends in it, no set of the local): computed at the first access of the run
        when the run has others at the local (align.access_runs; `y3_2 = l3 >> 2` and,
        if `tested` (not known aligned), its low bits `oy3_2 = l3 & 3`), each access then
        indexes from them, where each took `l3 & 3` and shifted `l3 >> 2` (two generic
        operators of CPython's): a struct's fields read one after the other through a
        pointer just loaded or stepped (a tree's node, a hash's block). Of a local known
        aligned, its index alone (`z3_2 = l3 >> 2`): one generic `>>` for the run. `base`
        is local i."""
        if self.runs is None:
            self.runs = access_runs(self.body, self.body_kinds())
        runs, counts = self.runs
        run = runs.get(self.at)
        if run is None or run[1] != i or counts[run] < 2:
            return None
        name = f"{'y' if tested else 'z'}{i}_{shift}"
        if self.run_named.get(name) != run:
            low = f"\no{name} = {base} & {(1 << shift) - 1}" if tested else ""
            self.w.emit(f"{name} = {base} >> {shift}{low}")
            self.run_named[name] = run
        return name

    def kept_params(self):
        """The parameters no instruction of the body sets: name -> index (`kept`)."""
        sets = set_locals(self.body, self.body_kinds())
        self.kept = {f"l{k}": k for k in range(len(self.func.type.params)) if k not in sets}
        return self.kept

    def body_kinds(self):
        """align.kinds of the body, made once: access_runs and set_locals read it."""
        if self.kinds is None:
            self.kinds = kinds(self.body)
        return self.kinds

    def load(self, pc, imm, facts):
        """A load; `facts`: its row of memory.LOAD_FACTS, bound with the handler."""
        self.at = pc
        _align, offset, memidx = imm
        a = self.stack.vals.pop()
        name, fmt, size, shift, before, after, bound = facts
        if fmt is None:
            read = f"D{memidx}[{self.address(a, offset)}]"
        elif name == "f32.load" and MEM.VIEWS:
            # as a float32: exact but for a NaN, whose bits then go through f32 bits
            a = self.atom(a, "a_")
            read = (f"(f_ if (f_ := {self.read('f', 4, 2, a, offset, memidx)}) == f_ else "
                    f"F32_REINTERPRET_I32(_uI(D{memidx}, {self.address(a, offset)})[0]))")
        else:
            read = before + self.read(fmt, size, shift, a, offset, memidx) + after
        self.push_stmt(read, bound=bound)

    def store(self, pc, imm, facts):
        """A store; `facts`: its row of memory.STORE_FACTS, bound with the handler."""
        self.at = pc
        vals = self.stack.vals
        v = vals.pop()
        a = vals.pop()
        _align, offset, memidx = imm
        name, fmt, size, shift, _wrap, mask = facts
        if name == "f32.store" and MEM.VIEWS:
            # as a float32, but a NaN as its f32 bits (a float32 store quiets it)
            v, a = self.atom(v, "f_"), self.atom(a, "a_")
            index = self.view_index(a, offset, 4, 2)
            address = self.address(a, offset)
            store = (f"Vf{memidx}[{index}] = {v.x}" if index is not None
                     else f"_pf(D{memidx}, {address}, {v.x})")
            self.w.emit(f"if {v.x} == {v.x}:\n    {store}\nelse:\n    "
                        f"_pI(D{memidx}, {address}, I32_REINTERPRET_F32({v.x}))")
            return
        index = None
        if fmt is not None and (a.align >= shift or a.scaled is not None or a.x.isdigit()):
            index = self.view_index(a, offset, size, shift)
        # a narrow store masks what it stores: that mask does a lazy value's too
        value = v.int() if mask is None else v.raw()
        if index is None and self.testable(a, offset, size):
            # not known aligned: the view at the address's low bits, a view store
            # being half the cost of pack_into
            tested = None if a.based is None else self.based_tested(a, offset, size, shift)
            if tested is None:
                if a.size or a.lazy or a.cond:      # not an atom (`atom`)
                    a = self.atom(a, "a_")
                tested = self.tested(a, offset, size, shift)
            low, index = tested
            self.w.emit(MEM.store_stmt(facts, memidx, None, index, value, v.known(),
                                       f"W{fmt}{memidx}[{low}]"))
            return
        self.w.emit(MEM.store_stmt(facts, memidx, self.address(a, offset), index, value,
                                   v.known()))

    def vector(self, pc, imm, op):
        """A vector instruction: a call of the reference engine's function (simd.py),
        with the immediate its row of the opcode table gives."""
        vals = self.stack.popn(len(op.params))
        args = [v.int() for v in vals]
        name = op.const_name
        self.constants[name] = SIMD.functions()[name]
        if op.imm in (O.MEMARG, O.MEMARG_LANE):     # in program order: it may trap
            _align, offset, memidx, *lane = imm
            access = ", ".join(map(str, (memidx, offset, *lane)))
            self.push_stmt(f"{name}(INSTANCE, ({access}), {', '.join(args)})", len(op.results))
            return
        if op.imm != O.NONE:                        # a lane index or 16 shuffle indices
            args.append(repr(imm))
        deps = frozenset().union(*(v.deps for v in vals))
        self.stack.push(Val(f"{name}({', '.join(args)})", deps,
                            size=1 + sum(v.size for v in vals)))

    def helper(self, name, nargs, nresults, *fixed):
        vals = self.stack.popn(nargs)
        args = ", ".join(list(fixed) + [v.int() for v in vals])
        self.push_stmt(f"{name}({args})", nresults)

    def i_memory_size(self, pc, mem):
        self.push_stmt(f"len(D{mem}) >> 16")

    def i_memory_grow(self, pc, mem):
        self.helper("_memory_grow", 1, 1, f"M{mem}")

    def i_memory_fill(self, pc, mem):
        self.helper("_memory_fill", 3, 0, f"M{mem}")

    def i_memory_copy(self, pc, imm):
        self.helper("_memory_copy", 3, 0, f"M{imm[0]}", f"M{imm[1]}")

    def i_memory_init(self, pc, imm):
        self.helper("_memory_init", 3, 0, f"M{imm[1]}", "INSTANCE", str(imm[0]))

    def i_data_drop(self, pc, idx):
        self.w.emit(f"_data_drop(INSTANCE, {idx})")

    def i_table_get(self, pc, t):
        self.helper("_table_get", 1, 1, f"TB{t}")

    def i_table_set(self, pc, t):
        self.helper("_table_set", 2, 0, f"TB{t}")

    def i_table_size(self, pc, t):
        self.push_stmt(f"len(TB{t}.elements)")

    def i_table_grow(self, pc, t):
        self.helper("_table_grow", 2, 1, f"TB{t}")

    def i_table_fill(self, pc, t):
        self.helper("_table_fill", 3, 0, f"TB{t}")

    def i_table_copy(self, pc, imm):
        self.helper("_table_copy", 3, 0, f"TB{imm[0]}", f"TB{imm[1]}")

    def i_table_init(self, pc, imm):
        self.helper("_table_init", 3, 0, f"TB{imm[1]}", "INSTANCE", str(imm[0]))

    def i_elem_drop(self, pc, idx):
        self.w.emit(f"_elem_drop(INSTANCE, {idx})")

    def i_ref_null(self, pc, imm):
        self.stack.push(const("None"))

    def i_ref_is_null(self, pc, imm):
        self.stack.push(combine("({a} is None)", [self.stack.pop()], cond=True))

    def i_ref_func(self, pc, idx):
        self.stack.push(const(f"FN{idx}"))

    def i_ref_as_non_null(self, pc, imm):
        ref = self.atom_top()
        self.w.emit(f"if {ref.x} is None: raise _Trap('null reference')")

    def gc(self, pc, imm, op):
        """A GC instruction: a call of the reference engine's handler (gc.py), with the
        argument its lowering makes for this module."""
        name, make_arg, _n, nresults = GC.calls()[op.id]
        self.constants[op.const_name] = GC.function(name)
        arg = make_arg(Instr(*self.body[pc]), None, self.module)    # the lowering's form
        vals = self.stack.popn(GC.popped(name, arg))
        args = ", ".join(["INSTANCE", self.literal(arg)] + [v.int() for v in vals])
        expr = f"{op.const_name}({args})"
        if op.id in GC.PURE:
            deps = frozenset().union(*(v.deps for v in vals))
            self.stack.push(Val(expr, deps, size=1 + sum(v.size for v in vals)))
        else:
            self.push_stmt(expr, nresults)

    def convert(self, pc, imm, op):
        pass

    def i_br_on_cast(self, pc, imm):
        self.br_on_cast(imm, False)

    def i_br_on_cast_fail(self, pc, imm):
        self.br_on_cast(imm, True)

    def br_on_cast(self, imm, negate):
        """Branch with the reference if it passes the cast (fails it: `negate`), as
        br_if does; it stays on the stack either way."""
        flags, depth, _heap1, heap2 = imm
        test = self.constant(G.cast_test(heap2, bool(flags & 2), self.module))
        ref = self.atom_top()
        self.w.emit(f"if {'not ' if negate else ''}{test}({ref.x}):")
        self.w.indent += 1
        self.branch(depth)
        self.w.indent -= 1

    def unsupported(self, pc, imm, op):
        self.w.emit(f"raise _WasmError({op.name + ' is not supported by the python engine yet'!r})")
        self.reachable = False


def _handler(op):
    """The Translator's handler of `op`, called as handler(translator, pc, imm)."""
    if op.name.endswith(".const"):
        return Translator.i_const
    method = getattr(Translator, "i_" + op.name.replace(".", "_").replace(" ", "_"), None)
    if method is not None:
        return method
    if op.name in MEM.LOADS:
        return _bind(Translator.load, MEM.LOAD_FACTS[op.name])
    if op.name in MEM.STORES:
        return _bind(Translator.store, MEM.STORE_FACTS[op.name])
    if op.is_numeric:
        facts = NUM.Facts(op)
        return _bind(getattr(Translator, _NUMERIC_HANDLERS.get(facts.kind, facts.kind)), facts)
    if op.id in SIMD.PURE or op.id in SIMD.ACCESSES:
        return _bind(Translator.vector, op)
    if op.id in GC.CALLING:
        return _bind(Translator.gc, op)
    if op.id in GC.CONVERSIONS:
        return _bind(Translator.convert, op)
    return _bind(Translator.unsupported, op)


# NUM.kind -> the Translator's handler of that kind, where their names differ
_NUMERIC_HANDLERS = {"call": "numeric_call"}


def _bind(method, op):
    """handler(translator, pc, imm) calling method(translator, pc, imm, op): a closure,
    whose call costs a third of a functools.partial's with `op` as a keyword (which
    makes a dict of keywords at every call)."""
    return lambda t, pc, imm: method(t, pc, imm, op)


# op id -> its handler, made on the op's first use (Translator.walk): a process
# translates a few dozen of the opcode table's 500-odd rows, and making them all cost
# every cold run more than a million instructions. A plain dict, not one with
# __missing__: CPython specialises the walk's subscript of an exact dict only.
HANDLERS = {}


class FlatTranslator(FlatControl, Translator):
    """A Translator whose control flow is a state machine (flat.py), which align.py
    does not follow: no local is known aligned."""
    flows = False


ALIGNMENT_PASSES = 4


def translator(func, fuel, body=None):
    """The Translator for `func` (structured if CPython's limits allow), with its
    translation done; of `body` if given (osr.py's synthetic functions), else of
    func's.

    A function with memory accesses assumes an alignment at its loop heads (align.py),
    first the state the loop's entry brings. For most functions that holds (on QuickJS,
    1,081 of the 1,103 with such accesses): their first translation is the result, and
    they need no other pass. Where a head was assumed too high, settle.py finds where
    the heads settle and the function is translated again with them, which then hold in
    one pass (the first pass, whose result is then dropped, stops at the first loop
    known too high). For a body settle.py does not follow, or should its heads not hold, the
    function is translated until they do, each pass lowering the assumptions to what the
    last one found; if that does not settle in a few passes, nothing is assumed of any
    local."""
    if body is None:
        body = func.func.body.tuples()
    labels = Labels(body)   # the validator's side table's targets, found anew
    ends = labels.ends
    targets = C.branch_targets(labels)
    chained = C.chains(body, ends, labels)
    cls = Translator
    if not C.fits(body, ends, labels.openers, targets, chained):
        chained = {}
        if not C.fits(body, ends, labels.openers, targets, chained):
            cls = FlatTranslator
    facts = loop_facts(body, labels) if cls.flows else None
    heads = None
    if MEM.VIEWS and cls.flows and not MEMORY_ACCESS.isdisjoint(map(OP, body)):
        heads = {}
    t = cls(func, body, fuel, heads, chained, ends, targets, facts)
    initial = dict(t.align.state)
    # settle.py's heads do not depend on this pass, only on the body
    t.align.stop = heads is not None and follows(t.ops)
    stopped = False
    try:
        t.translate()
    except TooHigh:
        stopped = True
    else:
        lowered = heads is not None and t.align.lowered()
        if not lowered:
            return t
    heads = settle(t, body, initial, int_align)
    runs = t.runs       # access_runs, of the body alone: every pass has the same
    passes = ALIGNMENT_PASSES
    if heads is None:       # settle.py gave up: the first pass counts if it was whole
        heads, passes = ({}, passes) if stopped else (lowered, passes - 1)
    for _ in range(passes):
        t = cls(func, body, fuel, heads, chained, ends, targets, facts)
        t.runs = runs
        t.translate()
        runs = t.runs
        lowered = t.align.lowered()
        if not lowered:
            return t
        heads.update(lowered)
    t = cls(func, body, fuel, None, chained, ends, targets, facts)
    t.runs = runs
    t.translate()
    return t
