"""Validation of function bodies (spec section 3.3 "Instructions", and the algorithm of
appendix 7.3 "Validation Algorithm"), building the side table as it goes when asked.

The checker keeps the spec's operand stack of value types and control stack of frames.
Every instruction with a fixed signature in the opcode table is checked generically;
the rest have one small rule each below. A function body is checked straight from its
bytes (`BodyValidator.check`, through gvm/binary/walk.py); at load, without recording
the side table, which gvm.validate makes later, with the same rules, when it is read.

The side table maps the index (pc) of each jumping instruction to where it lands:
- `br`, `br_if`: a `Label`; `br_table`: a tuple of Labels, the default last;
- `if`: the pc to continue at when the condition is false; `else`: the pc after `end`;
- `select` (untyped) of two v128: T.V128, for an engine that moves a v128 differently.
Besides, `handlers` lists each `try_table` as (start pc, end pc, catch clauses), each
clause (kind, tag index or None, Label), inner blocks first: an engine unwinding an
exception at a pc takes the first range around it.
A `Label` says where a branch lands (`target`), how many values it carries (`arity`)
and the operand stack height, relative to the function's frame, to cut back to
(`height`). All branches to one block share its Label. With it, no engine ever scans
for a matching `end` or keeps a runtime label stack.
"""
from functools import lru_cache

from .. import opcodes as O
from .. import types as T
from ..binary.instructions import CATCH, CATCH_REF, CATCH_ALL_REF
from ..binary.types import EXN
from ..binary.walk import walk
from ..errors import ValidationError
from .label import Label
from .subtype import as_ref, non_null

UNKNOWN = 0  # the spec's "Unknown": the type of values popped from an unreachable stack


class Ctrl:
    """A control frame: the block being checked and what a branch to it means."""
    __slots__ = ("op", "params", "results", "height", "unreachable", "pc", "else_pc", "label",
                 "inits")

    def __init__(self, op, params, results, height, pc, inits, record=True):
        self.op = op
        self.inits = inits     # how many locals were initialised when the block began
        self.params = params
        self.results = results
        self.height = height
        self.unreachable = False
        self.pc = pc
        self.else_pc = None
        # The Label is what the side table records: none when nothing is recorded.
        if record:
            arity = len(params) if op == O.LOOP else len(results)
            self.label = Label(pc + 1 if op == O.LOOP else None, height, arity)
        else:
            self.label = None

    def label_types(self):
        return self.params if self.op == O.LOOP else self.results


def _defaultable(t):
    return type(t) is not T.RefType or t.nullable


def _mismatch():
    return ValidationError("type mismatch")


class BodyValidator:
    """With `record` false the rules check the body without writing the side table or
    the handlers: how a module is validated at load, where nobody reads them yet."""

    def __init__(self, ctx, func_type, local_types, record=True):
        self.ctx = ctx
        self.func_type = func_type
        self.locals = local_types
        self.flat_locals = local_types.flat or ()   # the common case, looked up directly
        self.all_defaultable = local_types.all_defaultable
        self.record = record
        self.vals = []
        self.ctrls = []
        self.height = 0      # the innermost frame's height, read by every check
        self.side = {}
        self.handlers = []   # (start pc, end pc, catches) of every try_table, inner first
        self.pc = 0
        # Declared locals of non-defaultable types (non-null references) must be set
        # before they are read; `inits` lists those set so far, in order, so that a block
        # forgets at its end what it set.
        self.first_declared = len(func_type.params)
        self.inits = []

    # --- the operand and control stacks (appendix 7.3) ----------------------------------
    def push(self, t):
        self.vals.append(t)

    def push_all(self, ts):
        self.vals.extend(ts)

    def pop(self, expected=None):
        ctrl = self.ctrls[-1]
        if len(self.vals) == ctrl.height:
            if ctrl.unreachable:
                return UNKNOWN
            raise _mismatch()
        actual = self.vals.pop()
        if (expected is not None and actual != expected and actual != UNKNOWN
                and expected != UNKNOWN and not self.ctx.subtyping.matches(actual, expected)):
            raise _mismatch()
        return actual

    def pop_all(self, ts):
        """Pop values of types `ts` (the last on top); return the types actually popped."""
        if not ts:
            return []
        vals = self.vals
        below = len(vals) - len(ts)
        if below >= self.height and vals[below:] == list(ts):   # the common case: exact
            popped = vals[below:]
            for _ in ts:
                vals.pop()    # one by one: the debugger watches pop (gvm/debug/static.py)
            return popped
        popped = [self.pop(t) for t in reversed(ts)]
        popped.reverse()
        return popped

    def pop_all_described(self, ts):
        """pop_all, failing with the spec interpreter's detailed message that names the
        types required and those on the stack."""
        ctrl = self.ctrls[-1]
        shown = self.vals[max(ctrl.height, len(self.vals) - len(ts)):]
        try:
            return self.pop_all(ts)
        except ValidationError:
            def names(types):
                return "[" + " ".join(T.type_name(t) for t in types) + "]"
            raise ValidationError(f"type mismatch: instruction requires {names(ts)} "
                                  f"but stack has {names(shown)}") from None

    def pop_ref(self):
        """Pop a reference; return (nullable, heap type), or None when unreachable."""
        t = self.pop()
        if t == UNKNOWN:
            return None
        ref = as_ref(t)
        if ref is None:
            raise _mismatch()
        return ref

    def push_ctrl(self, op, params, results):
        ctrl = Ctrl(op, tuple(params), tuple(results), len(self.vals), self.pc, len(self.inits),
                    self.record)
        self.ctrls.append(ctrl)
        self.height = ctrl.height
        if params:
            self.vals.extend(params)
        return ctrl

    def pop_ctrl(self):
        ctrl = self.ctrls[-1]
        if ctrl.results:
            self.pop_all(ctrl.results)
        if len(self.vals) != ctrl.height:
            raise _mismatch()
        self.ctrls.pop()
        self.height = self.ctrls[-1].height if self.ctrls else 0
        if self.inits:
            del self.inits[ctrl.inits:]
        return ctrl

    def set_unreachable(self):
        ctrl = self.ctrls[-1]
        del self.vals[ctrl.height:]
        ctrl.unreachable = True

    def label(self, depth):
        if not 0 <= depth < len(self.ctrls):
            raise ValidationError(f"unknown label {depth}")
        return self.ctrls[-1 - depth]

    # --- the walk --------------------------------------------------------------------
    def run(self, body):
        outer = self.push_ctrl(O.BLOCK, (), self.func_type.results)
        checks = CHECKS
        instr = None
        try:
            for pc, instr in enumerate(body):
                self.pc = pc
                if not self.ctrls:
                    raise ValidationError("operator after the end of the function")
                checks[instr.op](self, instr.imm)
        except ValidationError as e:
            raise ValidationError(e.message, offset=instr.offset) from None
        if self.ctrls:
            raise ValidationError("END opcode expected")
        outer.label.target = self.pc   # branching to the function's `end` returns
        return self.side, tuple(self.handlers)

    def check(self, body):
        """`run` over a gvm.binary.code.Body, decoding it on the way (the load path)."""
        outer = self.push_ctrl(O.BLOCK, (), self.func_type.results)
        end = walk(body, CHECKS, self)
        if self.record:
            outer.label.target = end   # branching to the function's `end` returns
        return self.side, tuple(self.handlers)

    def address(self, op, imm):
        """The address type `a` stands for in the signature of memory instruction `op`."""
        if op.imm in (O.MEMARG, O.MEMARG_LANE):
            return self.memarg(op, imm)
        if op.imm == O.MEM:
            return self.ctx.mem_addr(imm)
        if op.imm == O.DATA_MEM:
            return self.ctx.mem_addr(imm[1])
        return T.I32

    def memarg(self, op, imm):
        """Check a memory argument; return the memory's address type."""
        memidx = imm[2]
        addresses = self.ctx.mem_addrs
        address = addresses[memidx] if memidx < len(addresses) else self.ctx.mem_addr(memidx)
        if 1 << imm[0] > op.width:
            raise ValidationError("alignment must not be larger than natural")
        if imm[1] > 0xFFFFFFFF and address == T.I32:
            raise ValidationError("offset out of range")
        if op.imm == O.MEMARG_LANE:
            _check_lanes((imm[3],), 16 // op.width)
        return address

    def block_type(self, bt):
        if bt is None:
            return (), ()
        if type(bt) is T.TypeIdx:
            ft = self.ctx.func_type(bt)
            return ft.params, ft.results
        self.ctx.check_valtype(bt)
        return (), (bt,)


# --- Rules for the instructions without a fixed signature ------------------------------
RULES = {}


def rule(*names):
    def register(fn):
        for name in names:
            RULES[O.BY_NAME[name].id] = fn
        return fn
    return register


@rule("unreachable")
def _unreachable(v, imm):
    v.set_unreachable()


def _structured(op, pops_condition):
    def check(v, bt):
        params, results = v.block_type(bt) if bt is not None else ((), ())
        if pops_condition:
            v.pop(T.I32)
        if params:
            v.pop_all(params)
        v.push_ctrl(op, params, results)
    return check


RULES[O.BLOCK] = _structured(O.BLOCK, False)
RULES[O.LOOP] = _structured(O.LOOP, False)
RULES[O.IF] = _structured(O.IF, True)

# --- Exception handling (WebAssembly 3.0) --------------------------------------------------
def _tag_params(v, idx):
    return v.ctx.lookup(v.ctx.tags, idx, "tag").params


@rule("try_table")
def _try_table(v, imm):
    """Its catch clauses are branches, taken when an exception of their tag reaches the
    block; the side table keeps them per try_table for the engines' unwinding."""
    bt, catches = imm
    params, results = v.block_type(bt)
    clauses = []
    for kind, tag, depth in catches:
        carried = list(_tag_params(v, tag)) if kind in (CATCH, CATCH_REF) else []
        if kind in (CATCH_REF, CATCH_ALL_REF):
            carried.append(T.RefType(False, EXN))
        ctrl = v.label(depth)
        types = ctrl.label_types()
        if len(types) != len(carried) or not all(
                v.ctx.subtyping.matches(a, b) for a, b in zip(carried, types)):
            raise _mismatch()
        clauses.append((kind, tag, ctrl.label))
    v.pop_all(params)
    v.push_ctrl(O.TRY_TABLE, params, results)
    if v.record:
        v.side[v.pc] = tuple(clauses)


@rule("throw")
def _throw(v, tag):
    v.pop_all_described(_tag_params(v, tag))
    v.set_unreachable()


@rule("throw_ref")
def _throw_ref(v, imm):
    v.pop(EXN)   # exnref, the shorthand of (ref null exn)
    v.set_unreachable()


@rule("else")
def _else(v, imm):
    ctrl = v.ctrls[-1]
    if ctrl.op != O.IF:
        raise ValidationError("else without matching if")
    v.pop_ctrl()
    if v.record:
        v.side[ctrl.pc] = v.pc + 1
    new = v.push_ctrl(O.ELSE, ctrl.params, ctrl.results)
    new.pc = ctrl.pc
    new.else_pc = v.pc
    new.label = ctrl.label


@rule("end")
def _end(v, imm):
    ctrl = v.pop_ctrl()
    if not v.ctrls:          # the end of the function: branches to it return
        return
    if ctrl.op == O.IF and ctrl.params != ctrl.results:
        raise _mismatch()   # an `if` without `else` must leave its params as results
    if v.record:
        after = v.pc + 1
        if ctrl.op != O.LOOP:
            ctrl.label.target = after
        if ctrl.op == O.IF:
            v.side[ctrl.pc] = after
        elif ctrl.op == O.ELSE:
            v.side[ctrl.else_pc] = after
        elif ctrl.op == O.TRY_TABLE:
            v.handlers.append((ctrl.pc, v.pc, v.side.pop(ctrl.pc)))
    v.vals.extend(ctrl.results)


@rule("br")
def _br(v, depth):
    ctrl = v.label(depth)
    v.pop_all(ctrl.label_types())
    if v.record:
        v.side[v.pc] = ctrl.label
    v.set_unreachable()


@rule("br_if")
def _br_if(v, depth):
    ctrl = v.label(depth)
    vals = v.vals
    if len(vals) > v.height and vals[-1] == T.I32:   # the condition, as most often
        vals.pop()
    else:
        v.pop(T.I32)
    types = ctrl.label_types()
    if types:
        v.pop_all(types)
        v.push_all(types)
    if v.record:
        v.side[v.pc] = ctrl.label


@rule("br_table")
def _br_table(v, imm):
    labels, default = imm
    v.pop(T.I32)
    default_ctrl = v.label(default)
    arity = len(default_ctrl.label_types())
    targets = []
    for depth in labels:
        ctrl = v.label(depth)
        types = ctrl.label_types()
        if len(types) != arity:
            raise _mismatch()
        v.push_all(v.pop_all(types))
        targets.append(ctrl.label)
    v.pop_all(default_ctrl.label_types())
    targets.append(default_ctrl.label)
    if v.record:
        v.side[v.pc] = tuple(targets)
    v.set_unreachable()


@rule("return")
def _return(v, imm):
    v.pop_all(v.func_type.results)
    v.set_unreachable()


def _indirect_func_type(v, imm):
    """The type a `call_indirect` calls through its table, once the index is popped."""
    typeidx, tableidx = imm
    table = v.ctx.table(tableidx)
    if not v.ctx.subtyping.matches(table.elem, T.FUNCREF):
        raise _mismatch()
    ft = v.ctx.func_type(typeidx)
    v.pop(v.ctx.table_addr(tableidx))
    return ft


def _typed_func_ref(v, typeidx):
    """The type a `call_ref` calls, once the reference is popped."""
    ft = v.ctx.func_type(typeidx)
    v.pop(T.RefType(True, T.TypeIdx(typeidx)))
    return ft


def _call(v, ft):
    v.pop_all(ft.params)
    v.push_all(ft.results)


def _tail_call(v, ft):
    results, expected = ft.results, v.func_type.results
    if len(results) != len(expected) or not all(
            v.ctx.subtyping.matches(a, b) for a, b in zip(results, expected)):
        raise _mismatch()
    v.pop_all(ft.params)
    v.set_unreachable()


@rule("call")
def _call_direct(v, funcidx):
    funcs = v.ctx.funcs
    _call(v, funcs[funcidx] if funcidx < len(funcs) else v.ctx.func(funcidx))


RULES[O.CALL_INDIRECT] = lambda v, imm: _call(v, _indirect_func_type(v, imm))
RULES[O.CALL_REF] = lambda v, typeidx: _call(v, _typed_func_ref(v, typeidx))
RULES[O.RETURN_CALL] = lambda v, funcidx: _tail_call(v, v.ctx.func(funcidx))
RULES[O.RETURN_CALL_INDIRECT] = lambda v, imm: _tail_call(v, _indirect_func_type(v, imm))
RULES[O.RETURN_CALL_REF] = lambda v, typeidx: _tail_call(v, _typed_func_ref(v, typeidx))


@rule("drop")
def _drop(v, imm):
    v.pop()


@rule("select")
def _select(v, imm):
    v.pop(T.I32)
    t1 = v.pop()
    t2 = v.pop()
    if not (_numeric_or_vector(t1) and _numeric_or_vector(t2)):
        raise _mismatch()
    if t1 != t2 and t1 != UNKNOWN and t2 != UNKNOWN:
        raise _mismatch()
    t = t2 if t1 == UNKNOWN else t1
    if t == T.V128 and v.record:
        v.side[v.pc] = T.V128
    v.push(t)


def _numeric_or_vector(t):
    return t == UNKNOWN or T.is_num(t) or t == T.V128


@rule("select_t")
def _select_t(v, types):
    if len(types) != 1:
        raise ValidationError("invalid result arity")
    t = types[0]
    v.ctx.check_valtype(t)
    v.pop(T.I32)
    v.pop(t)
    v.pop(t)
    v.push(t)


def _local(v, idx):
    try:
        return v.locals[idx]
    except IndexError:
        raise ValidationError(f"unknown local {idx}") from None


def _needs_init(v, idx, t):
    return (not v.all_defaultable and idx >= v.first_declared and not _defaultable(t)
            and idx not in v.inits)


@rule("local.get")
def _local_get(v, idx):
    try:
        t = v.flat_locals[idx]
    except IndexError:   # beyond the flat tuple: many locals, or an unknown one
        t = _local(v, idx)
    if not v.all_defaultable and _needs_init(v, idx, t):
        raise ValidationError("uninitialized local")
    v.vals.append(t)


@rule("local.set")
def _local_set(v, idx):
    try:
        t = v.flat_locals[idx]
    except IndexError:   # beyond the flat tuple: many locals, or an unknown one
        t = _local(v, idx)
    vals = v.vals
    if len(vals) > v.height and vals[-1] == t:
        vals.pop()
    else:
        v.pop(t)
    if not v.all_defaultable and _needs_init(v, idx, t):
        v.inits.append(idx)
    return t


@rule("local.tee")
def _local_tee(v, idx):
    v.vals.append(_local_set(v, idx))


@rule("global.get")
def _global_get(v, idx):
    v.push(v.ctx.global_(idx).valtype)


@rule("global.set")
def _global_set(v, idx):
    g = v.ctx.global_(idx)
    if not g.mutable:
        # The spec interpreter's wording changed between WebAssembly 2.0 and 3.0.
        raise ValidationError("immutable global" if "gc" in v.ctx.features
                              else "global is immutable")
    v.pop(g.valtype)


@rule("table.get")
def _table_get(v, idx):
    elem = v.ctx.table(idx).elem
    v.pop(v.ctx.table_addr(idx))
    v.push(elem)


@rule("table.set")
def _table_set(v, idx):
    elem = v.ctx.table(idx).elem
    v.pop(elem)
    v.pop(v.ctx.table_addr(idx))


@rule("table.size")
def _table_size(v, idx):
    v.push(v.ctx.table_addr(idx))


@rule("table.grow")
def _table_grow(v, idx):
    elem = v.ctx.table(idx).elem
    address = v.ctx.table_addr(idx)
    v.pop(address)
    v.pop(elem)
    v.push(address)


@rule("table.fill")
def _table_fill(v, idx):
    elem = v.ctx.table(idx).elem
    address = v.ctx.table_addr(idx)
    v.pop(address)
    v.pop(elem)
    v.pop(address)


def _min_address(a, b):
    """The type of a length that must fit both address spaces."""
    return T.I32 if T.I32 in (a, b) else T.I64


@rule("table.copy")
def _table_copy(v, imm):
    dst, src = imm
    if not v.ctx.subtyping.matches(v.ctx.table(src).elem, v.ctx.table(dst).elem):
        raise _mismatch()
    d, s = v.ctx.table_addr(dst), v.ctx.table_addr(src)
    v.pop_all((d, s, _min_address(d, s)))


@rule("table.init")
def _table_init(v, imm):
    elemidx, tableidx = imm
    table = v.ctx.table(tableidx)
    if not v.ctx.subtyping.matches(v.ctx.elem(elemidx), table.elem):
        raise _mismatch()
    v.pop_all((v.ctx.table_addr(tableidx), T.I32, T.I32))


@rule("elem.drop")
def _elem_drop(v, idx):
    v.ctx.elem(idx)


@rule("memory.copy")
def _memory_copy(v, imm):
    dst, src = imm
    d, s = v.ctx.mem_addr(dst), v.ctx.mem_addr(src)
    v.pop_all((d, s, _min_address(d, s)))


@rule("memory.init")
def _memory_init(v, imm):
    dataidx, memidx = imm
    address = v.ctx.mem_addr(memidx)
    v.ctx.data(dataidx)
    v.pop_all((address, T.I32, T.I32))


@rule("data.drop")
def _data_drop(v, idx):
    v.ctx.data(idx)


@rule("ref.null")
def _ref_null(v, heap):
    v.push(v.ctx.ref_type(True, heap))


@rule("ref.is_null")
def _ref_is_null(v, imm):
    v.pop_ref()
    v.push(T.I32)


@rule("ref.as_non_null")
def _ref_as_non_null(v, imm):
    ref = v.pop_ref()
    v.push(UNKNOWN if ref is None else non_null(ref[1]))


@rule("br_on_null")
def _br_on_null(v, depth):
    ctrl = v.label(depth)
    ref = v.pop_ref()
    types = ctrl.label_types()
    v.pop_all(types)
    v.push_all(types)   # the label's types, not the popped ones: subtyping must not leak
    v.push(UNKNOWN if ref is None else non_null(ref[1]))
    if v.record:
        v.side[v.pc] = ctrl.label


@rule("br_on_non_null")
def _br_on_non_null(v, depth):
    ctrl = v.label(depth)
    types = ctrl.label_types()
    if not types or as_ref(types[-1]) is None:
        raise _mismatch()
    ref = v.pop_ref()
    v.push(UNKNOWN if ref is None else non_null(ref[1]))
    v.pop_all(types)
    v.push_all(types[:-1])
    if v.record:
        v.side[v.pc] = ctrl.label


@rule("ref.func")
def _ref_func(v, idx):
    v.ctx.func(idx)
    if idx not in v.ctx.refs:
        raise ValidationError("undeclared function reference")
    if "function_references" in v.ctx.features:   # a non-null reference of its exact type
        v.push(T.RefType(False, T.TypeIdx(v.ctx.func_type_idxs[idx])))
    else:
        v.push(T.FUNCREF)


# --- The check of every instruction, by opcode id ------------------------------------------
@lru_cache(maxsize=None)    # one per signature, shared: about 60 for 426 opcodes
def _signature(params, results, address=None):
    """The check of fixed operand types: pop `params`, push `results`, with `address`
    for `a`. The common case, operands of exactly the expected types on top, skips the
    general pop; the shapes most instructions have get their own function."""
    params = params[::-1]
    if address is not None:
        params = tuple(address if t == "a" else t for t in params)
        results = tuple(address if t == "a" else t for t in results)
    if not params and len(results) == 1:
        result, = results

        def check(v, imm):
            v.vals.append(result)
    elif len(params) == 1 and len(results) == 1:
        top, = params
        result, = results

        def check(v, imm):
            vals = v.vals
            if len(vals) > v.height and vals[-1] == top:
                vals.pop()
            else:
                v.pop(top)
            vals.append(result)
    elif len(params) == 2 and len(results) == 1:
        top, below = params
        result, = results

        def check(v, imm):
            vals = v.vals
            if len(vals) > v.height + 1 and vals[-1] == top and vals[-2] == below:
                vals.pop()
                vals.pop()
            else:
                v.pop(top)
                v.pop(below)
            vals.append(result)
    else:
        def check(v, imm):
            vals = v.vals
            for t in params:
                if len(vals) > v.height and vals[-1] == t:
                    vals.pop()
                else:
                    v.pop(t)
            vals.extend(results)
    return check


def _fixed_signature(op):
    return _signature(op.params, op.results)


def _addressed_signature(op):
    """The check of a memory instruction: `a` in its signature is the memory's address type."""
    by_address = {a: _signature(op.params, op.results, a) for a in (T.I32, T.I64)}
    if op.imm in (O.MEMARG, O.MEMARG_LANE):
        def check(v, imm):
            by_address[v.memarg(op, imm)](v, imm)
    else:
        def check(v, imm):
            by_address[v.address(op, imm)](v, imm)
    return check


def _check_lanes(indices, count):
    """Lane immediates (spec 3.3.x, vector instructions) must name a lane of the shape."""
    if any(i >= count for i in indices):
        raise ValidationError("invalid lane index")


def _lane_immediate(op):
    """The check of a vector instruction with lane immediates: the lanes, then the types.
    `i8x16.shuffle` picks from the 32 lanes of its two operands; the others address a
    lane of their shape (`i16x8.extract_lane_s`: 8)."""
    count = 32 if op.imm == O.SHUFFLE else int(op.name.split(".")[0].split("x")[1])
    types = _fixed_signature(op)

    def check(v, imm):
        _check_lanes(imm if op.imm == O.SHUFFLE else (imm,), count)
        types(v, imm)
    return check


def _unsupported(op):
    def check(v, imm):
        raise ValidationError(f"{op.name} is not supported yet")
    return check


def _check_of(op):
    if op.id in RULES:
        return RULES[op.id]
    if op.params is None:
        return _unsupported(op)
    if "a" in op.params + op.results or op.imm in (O.MEMARG, O.MEMARG_LANE, O.MEM, O.DATA_MEM):
        return _addressed_signature(op)
    if op.imm in (O.LANE, O.SHUFFLE):
        return _lane_immediate(op)
    return _fixed_signature(op)


# The GC rules live in their own file; they register themselves in RULES.
from . import gc as _gc  # noqa: E402,F401  (needs RULES and rule, defined above)

CHECKS = [_check_of(op) for op in O.OPCODES]
