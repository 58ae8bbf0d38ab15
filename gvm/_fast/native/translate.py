"""A module's functions translated to C, for the fast engine's native tier.

Each function the tier supports becomes a C function of typed arguments and at most
one result: its locals and its operand stack are C variables (the value at
depth d of type t is `s<d><t>`, the same variable wherever the validator's stack has
that depth and type), its blocks are labels and its branches gotos that first move the
values they carry into the target's variables. The C compiler then allocates registers
across the whole function. Calls between the module's native functions are C calls;
everything else (imports, functions left to the interpreter, call_indirect, globals
without a cell, memory.grow, signals) goes through the engine's callbacks (native.h).

The body is already validated: the translation trusts its types and nesting, and
refuses (with Unsupported) what the tier does not cover, so that the function stays
with the interpreter.
"""
import struct

from ... import opcodes as O
from ... import types as T
from ...values import f32_to_bits
from .numeric import BY_ID as NUMERIC, CTYPE

SUFFIX = {T.I32: "i", T.I64: "l", T.F32: "f", T.F64: "d"}
ZERO = {T.I32: "0", T.I64: "0", T.F32: "0.0f", T.F64: "0.0"}
TO_SLOT = {T.I32: "(gvm_slot){}", T.I64: "{}", T.F32: "gvm_f32_bits({})",
           T.F64: "gvm_f64_bits({})"}
FROM_SLOT = {T.I32: "(uint32_t){}", T.I64: "{}", T.F32: "gvm_f32({})", T.F64: "gvm_f64({})"}

# loads and stores: opcode name -> (bytes, C value of the memory's bits of `{}`)
LOADS = {
    "i32.load": (4, "(uint32_t)gvm_ld32({})"), "i64.load": (8, "gvm_ld64({})"),
    "f32.load": (4, "gvm_f32(gvm_ld32({}))"), "f64.load": (8, "gvm_f64(gvm_ld64({}))"),
    "i32.load8_s": (1, "(uint32_t)(int32_t)(int8_t)gvm_ld8({})"),
    "i32.load8_u": (1, "(uint32_t)gvm_ld8({})"),
    "i32.load16_s": (2, "(uint32_t)(int32_t)(int16_t)gvm_ld16({})"),
    "i32.load16_u": (2, "(uint32_t)gvm_ld16({})"),
    "i64.load8_s": (1, "(uint64_t)(int64_t)(int8_t)gvm_ld8({})"),
    "i64.load8_u": (1, "gvm_ld8({})"),
    "i64.load16_s": (2, "(uint64_t)(int64_t)(int16_t)gvm_ld16({})"),
    "i64.load16_u": (2, "gvm_ld16({})"),
    "i64.load32_s": (4, "(uint64_t)(int64_t)(int32_t)gvm_ld32({})"),
    "i64.load32_u": (4, "gvm_ld32({})"),
}
STORES = {
    "i32.store": (4, "gvm_st32", "{}"), "i64.store": (8, "gvm_st64", "{}"),
    "f32.store": (4, "gvm_st32", "gvm_f32_bits({})"),
    "f64.store": (8, "gvm_st64", "gvm_f64_bits({})"),
    "i32.store8": (1, "gvm_st8", "{}"), "i32.store16": (2, "gvm_st16", "{}"),
    "i64.store8": (1, "gvm_st8", "{}"), "i64.store16": (2, "gvm_st16", "{}"),
    "i64.store32": (4, "gvm_st32", "{}"),
}
LOAD_IDS = {O.BY_NAME[n].id: v for n, v in LOADS.items()}
STORE_IDS = {O.BY_NAME[n].id: v for n, v in STORES.items()}


class Unsupported(Exception):
    """The function uses something the native tier does not translate."""


(UNREACHABLE, NOP, BLOCK, LOOP, IF, ELSE, END, BR, BR_IF, BR_TABLE, RETURN, CALL,
 CALL_INDIRECT, DROP, SELECT, SELECT_T, LOCAL_GET, LOCAL_SET, LOCAL_TEE, GLOBAL_GET,
 GLOBAL_SET, MEMORY_SIZE, MEMORY_GROW, MEMORY_COPY, MEMORY_FILL, I32_CONST, I64_CONST,
 F32_CONST, F64_CONST) = (O.BY_NAME[name].id for name in (
    "unreachable", "nop", "block", "loop", "if", "else", "end", "br", "br_if", "br_table",
    "return", "call", "call_indirect", "drop", "select", "select_t", "local.get",
    "local.set", "local.tee", "global.get", "global.set", "memory.size", "memory.grow",
    "memory.copy", "memory.fill", "i32.const", "i64.const", "f32.const", "f64.const"))
NUMBERS = frozenset(CTYPE)


# A function with more C variables (locals and stack values) than this stays with the
# interpreter: its frame must fit in the margin the C stack keeps below gvm_enter's
# floor (native.pxi's gvm_stack_floor), which GVM_FRAME checks only at the frame's top.
MAX_VARIABLES = 4096


def _numbers(types):
    return all(t in NUMBERS for t in types)


def signature_ok(ft):
    return _numbers(ft.params) and _numbers(ft.results) and len(ft.results) <= 1


class _Ctrl:
    __slots__ = ("kind", "label", "base", "params", "results", "else_label")

    def __init__(self, kind, label, base, params, results):
        self.kind = kind
        self.label = label
        self.base = base
        self.params = params
        self.results = results
        self.else_label = None

    @property
    def carried(self):
        """The types a branch to this label carries: a loop's params, else the results."""
        return self.params if self.kind == LOOP else self.results


class Function:
    """The C of function `index` of `module`'s function space, whose validation
    context (gvm.validate.context.Context: the types of every index space) is `ctx`.
    `callees` gets the defined functions it calls, as C functions."""

    def __init__(self, module, ctx, index):
        self.ctx = ctx
        self.index = index
        self.callees = set()
        self.type = ctx.funcs[index]
        info = module.func_infos[index - ctx.imported_funcs]
        self.local_types = info.locals.flat           # None past 4,096 locals
        if (not signature_ok(self.type) or self.local_types is None
                or not _numbers(self.local_types)):
            raise Unsupported("signature or locals")
        self.body = info.func.body.tuples()
        self.memory32 = bool(ctx.mems) and ctx.mem_addrs[0] == T.I32
        self.lines = []
        self.vars = set()               # (depth, type) of the stack variables used
        self.stack = []                 # the types on the operand stack
        self.ctrls = []
        self.labels = 0
        # mem and msz: memory 0's bytes, loaded on entry and again after anything that
        # may grow it (a call, memory.grow); the C compiler drops what is not read.
        self.memory = self.memory32

    # --- emitting ---------------------------------------------------------------------
    def emit(self, line):
        self.lines.append("    " + line)

    def var(self, depth, t):
        self.vars.add((depth, t))
        return f"s{depth}{SUFFIX[t]}"

    def push(self, t):
        self.stack.append(t)
        return self.var(len(self.stack) - 1, t)

    def pop(self):
        t = self.stack.pop()
        return self.var(len(self.stack), t)

    def top(self):
        d = len(self.stack) - 1
        return self.var(d, self.stack[d])

    def label(self):
        self.labels += 1
        return f"L{self.labels}"

    def trap(self, cond, status):
        self.emit(f"if (GVM_UNLIKELY({cond})) gvm_trap(X, GVM_ST_{status}, {self.at});")

    def reload(self):
        if self.memory:
            self.emit("mem = I->mem; msz = I->memsize;")

    # --- the translation ----------------------------------------------------------------
    def translate(self):
        ft = self.type
        result = ft.results[0] if ft.results else None
        self.ctrls.append(_Ctrl(BLOCK, "Lret", 0, (), tuple(ft.results)))
        dead = 0      # > 0: inside unreachable code, that many blocks deep in it
        for op, imm, offset in self.body:
            # where a trap here says it happened: the function and the byte offset
            self.at = f"{self.index}u, {offset}u"
            if dead:
                if op in (BLOCK, LOOP, IF):
                    dead += 1
                    continue
                if op == END or (op == ELSE and dead == 1):
                    dead -= 1
                    if dead:
                        continue
                else:
                    continue
            if self.step(op, imm) == "dead":
                dead = 1
        ret = self.var(0, result) if result else None
        if len(self.local_types) + len(self.vars) > MAX_VARIABLES:
            raise Unsupported("frame too large")
        params = ", ".join(f"{CTYPE[t]} l{i}" for i, t in enumerate(ft.params))
        head = [f"{CTYPE[result] if result else 'void'} f{self.index}(gvm_inst* I, gvm_ctx* X"
                + (", " + params if params else "") + ") {"]
        for i, t in enumerate(self.local_types[len(ft.params):], len(ft.params)):
            head.append(f"    {CTYPE[t]} l{i} = {ZERO[t]};")
        for depth, t in sorted(self.vars):
            head.append(f"    {CTYPE[t]} s{depth}{SUFFIX[t]} = {ZERO[t]};")
        if self.memory:
            head.append("    unsigned char* mem = I->mem; uint64_t msz = I->memsize;")
        head.append(f"    GVM_FRAME(X, {self.index}u, {self.body[0][2]}u);")
        tail = ["Lret:", "    X->depth--;", f"    return {ret};" if ret else "    return;", "}"]
        return "\n".join(head + self.lines + tail)

    def block_type(self, bt):
        if bt is None:
            return (), ()
        if type(bt) is T.TypeIdx:
            ft = self.ctx.func_type(bt)
            if not (_numbers(ft.params) and _numbers(ft.results)):
                raise Unsupported("block type")
            return tuple(ft.params), tuple(ft.results)
        if bt not in NUMBERS:
            raise Unsupported("block type")
        return (), (bt,)

    def branch(self, depth):
        """Move the values a branch to label `depth` carries into its variables, and
        go there."""
        target = self.ctrls[-1 - depth]
        carried = target.carried
        n = len(carried)
        top = len(self.stack) - n
        for i, t in enumerate(carried):
            if top + i != target.base + i:
                self.emit(f"{self.var(target.base + i, t)} = {self.var(top + i, t)};")
        if target.kind == LOOP:
            self.emit(f"goto {target.label};")
        else:
            self.emit(f"goto {target.label}_end;" if target.label != "Lret" else "goto Lret;")

    def step(self, op, imm):
        if op in NUMERIC:
            return self.numeric(op)
        if op == LOCAL_GET:
            t = self.local_types[imm]
            self.emit(f"{self.push(t)} = l{imm};")
        elif op == LOCAL_SET:
            self.emit(f"l{imm} = {self.pop()};")
        elif op == LOCAL_TEE:
            self.emit(f"l{imm} = {self.top()};")
        elif op == I32_CONST:
            self.emit(f"{self.push(T.I32)} = {imm & 0xFFFFFFFF}u;")
        elif op == I64_CONST:
            self.emit(f"{self.push(T.I64)} = {imm & 0xFFFFFFFFFFFFFFFF}ull;")
        elif op == F32_CONST:
            self.emit(f"{self.push(T.F32)} = gvm_f32({f32_to_bits(imm):#x}u);")
        elif op == F64_CONST:
            bits = struct.unpack("<Q", struct.pack("<d", imm))[0]
            self.emit(f"{self.push(T.F64)} = gvm_f64({bits:#x}ull);")
        elif op in LOAD_IDS:
            return self.load(op, imm)
        elif op in STORE_IDS:
            return self.store(op, imm)
        elif op in (BLOCK, LOOP, IF):
            return self.open(op, imm)
        elif op == ELSE:
            ctrl = self.ctrls[-1]
            self.emit(f"goto {ctrl.label}_end;")
            self.lines.append(f"{ctrl.else_label}:;")
            ctrl.else_label = None
            del self.stack[ctrl.base:]
            self.stack += ctrl.params
        elif op == END:
            return self.close()
        elif op == BR:
            self.branch(imm)
            return "dead"
        elif op == BR_IF:
            cond = self.pop()
            self.emit(f"if ({cond}) {{")
            self.branch(imm)
            self.emit("}")
        elif op == BR_TABLE:
            labels, default = imm
            index = self.pop()
            self.emit(f"switch ({index}) {{")
            for i, depth in enumerate(labels):
                self.emit(f"case {i}u:")
                self.branch(depth)
            self.emit("default:")
            self.branch(default)
            self.emit("}")
            return "dead"
        elif op == RETURN:
            self.branch(len(self.ctrls) - 1)
            return "dead"
        elif op == UNREACHABLE:
            self.emit(f"gvm_trap(X, GVM_ST_UNREACHABLE, {self.at});")
            return "dead"
        elif op == NOP:
            pass
        elif op == DROP:
            self.pop()
        elif op in (SELECT, SELECT_T):
            if op == SELECT_T and not _numbers(imm):
                raise Unsupported("select of references")
            cond = self.pop()
            b = self.pop()
            a = self.top()
            self.emit(f"if (!{cond}) {a} = {b};")
        elif op == CALL:
            self.call(imm)
        elif op == CALL_INDIRECT:
            self.call_indirect(*imm)
        elif op == GLOBAL_GET:
            self.global_get(imm)
        elif op == GLOBAL_SET:
            self.global_set(imm)
        elif op == MEMORY_SIZE:
            self.need_memory(imm)
            self.emit(f"{self.push(T.I32)} = (uint32_t)(msz >> 16);")
        elif op == MEMORY_GROW:
            self.need_memory(imm)
            delta = self.pop()
            self.emit(f"{{ int64_t old; GVM_CHECK(X, I->host->memory_grow(I, X, {delta}, &old), {self.at});")
            self.emit(f"  {self.push(T.I32)} = (uint32_t)old; }}")
            self.reload()
        elif op == MEMORY_FILL:
            self.need_memory(imm)
            n, value, dst = self.pop(), self.pop(), self.pop()
            self.trap(f"(uint64_t){dst} + {n} > msz", "MEM_OOB")
            self.emit(f"memset(mem + {dst}, (int)(uint8_t){value}, {n});")
        elif op == MEMORY_COPY:
            self.need_memory(imm[0])
            self.need_memory(imm[1])
            n, src, dst = self.pop(), self.pop(), self.pop()
            self.trap(f"(uint64_t){dst} + {n} > msz || (uint64_t){src} + {n} > msz", "MEM_OOB")
            self.emit(f"memmove(mem + {dst}, mem + {src}, {n});")
        else:
            raise Unsupported(O.OPCODES[op].name)
        return None

    def numeric(self, op):
        template, traps = NUMERIC[op]
        o = O.OPCODES[op]
        if len(o.params) == 2:
            b, a = self.pop(), self.pop()
        else:
            a, b = self.pop(), None
        if traps == "TRUNC":
            src = "(double)" + a
            r = self.push(o.results[0])
            self.emit(f"{{ uint64_t t; int k = {template}({src}, &t);")
            self.emit("  if (GVM_UNLIKELY(k)) gvm_trap(X, k == 1 ? GVM_ST_INT_OVERFLOW "
                      f": GVM_ST_INVALID_CONV, {self.at});")
            self.emit(f"  {r} = ({CTYPE[o.results[0]]})t; }}")
            return None
        for cond, status in traps:
            self.trap(cond.format(a=a, b=b), status)
        r = self.push(o.results[0])
        self.emit(f"{r} = {template.format(a=a, b=b)};")
        return None

    def need_memory(self, memidx):
        if memidx != 0 or not self.memory32:
            raise Unsupported("memory other than a 32-bit memory 0")

    def address(self, memarg, width):
        _align, offset, memidx = memarg
        self.need_memory(memidx)
        addr = self.pop()
        self.emit(f"{{ uint64_t ea = (uint64_t){addr} + {offset}ull;")
        self.emit(f"  if (GVM_UNLIKELY(ea + {width} > msz)) gvm_trap(X, GVM_ST_MEM_OOB, {self.at});")

    def load(self, op, memarg):
        width, value = LOAD_IDS[op]
        self.address(memarg, width)
        r = self.push(O.OPCODES[op].results[0])
        self.emit(f"  {r} = {value.format('mem + ea')}; }}")

    def store(self, op, memarg):
        width, fn, value = STORE_IDS[op]
        v = self.pop()
        self.address(memarg, width)
        self.emit(f"  {fn}(mem + ea, {value.format(v)}); }}")

    def open(self, op, bt):
        params, results = self.block_type(bt)
        if op == IF:
            if params:
                raise Unsupported("if with parameters")
            cond = self.pop()
        ctrl = _Ctrl(op, self.label(), len(self.stack) - len(params), params, results)
        self.ctrls.append(ctrl)
        if op == LOOP:
            self.lines.append(f"{ctrl.label}:;")
            # A signal's handler is Python code, which may grow the memory.
            self.emit(f"if (GVM_UNLIKELY(*I->signalled)) {{ "
                      f"GVM_CHECK(X, I->host->poll(I, X), {self.at});"
                      + (" mem = I->mem; msz = I->memsize;" if self.memory else "") + " }")
        elif op == IF:
            ctrl.else_label = ctrl.label + "_else"
            self.emit(f"if (!{cond}) goto {ctrl.else_label};")
        return None

    def close(self):
        ctrl = self.ctrls.pop()
        if ctrl.else_label:            # an if without else: its else passes params on
            self.lines.append(f"{ctrl.else_label}:;")
        if ctrl.label == "Lret":
            return None
        if ctrl.kind != LOOP:
            self.lines.append(f"{ctrl.label}_end:;")
        del self.stack[ctrl.base:]
        self.stack += ctrl.results
        return None

    # --- calls and globals ----------------------------------------------------------------
    def args(self, ft):
        args = [self.pop() for _ in ft.params][::-1]
        return args

    def call(self, func):
        ft = self.ctx.funcs[func]
        if not (_numbers(ft.params) and _numbers(ft.results)):
            raise Unsupported("call of a function with references")
        args = self.args(ft)
        if func < self.ctx.imported_funcs:
            self.slow_call(ft, args, f"I->host->call(I, X, {func}u, io)")
        else:
            # A C call, to be kept only if the callee is native too (translate_module):
            # native code would call it as a nested invocation, which the call depth
            # budget charges as a re-entry, so recursion through it would run out far
            # sooner than in the interpreter. The caller stays interpreted then.
            if not signature_ok(ft):
                raise Unsupported("calls a function left to the interpreter")
            self.callees.add(func)
            call = f"f{func}(I, X{''.join(', ' + a for a in args)})"
            if ft.results:
                self.emit(f"{self.push(ft.results[0])} = {call};")
            else:
                self.emit(f"{call};")
        self.reload()

    def slow_call(self, ft, args, call, direct=None):
        n = max(len(ft.params), len(ft.results), 1)
        self.emit(f"{{ gvm_slot io[{n}];")
        for i, (a, t) in enumerate(zip(args, ft.params)):
            self.emit(f"  io[{i}] = {TO_SLOT[t].format(a)};")
        if direct is None:
            self.emit(f"  GVM_CHECK(X, {call}, {self.at});")
        else:
            self.emit(f"  void* d = 0; GVM_CHECK(X, {call}, {self.at});")
        results = [self.push(t) for t in ft.results]
        if direct is not None:
            ctypes = ", ".join(["gvm_inst*", "gvm_ctx*"] + [CTYPE[t] for t in ft.params])
            rtype = CTYPE[ft.results[0]] if len(ft.results) == 1 else "void"
            invoke = f"(({rtype} (*)({ctypes}))d)(I, X{''.join(', ' + a for a in args)})"
            if len(ft.results) == 1:
                self.emit(f"  if (d) {results[0]} = {invoke}; else")
            else:
                self.emit(f"  if (d) {invoke}; else")
            self.emit("  {")
        for i, (r, t) in enumerate(zip(results, ft.results)):
            self.emit(f"  {r} = {FROM_SLOT[t].format(f'io[{i}]')};")
        if direct is not None:
            self.emit("  }")
        self.emit("}")

    def call_indirect(self, typeidx, table):
        ft = self.ctx.func_type(typeidx)
        if not (_numbers(ft.params) and _numbers(ft.results)):
            raise Unsupported("call_indirect of a type with references")
        if self.ctx.table_addr(table) != T.I32:
            raise Unsupported("64-bit table")
        elem = self.pop()
        args = self.args(ft)
        # a direct call can return one result at most (signature_ok)
        direct = len(ft.results) <= 1
        self.slow_call(ft, args, f"I->host->call_indirect(I, X, {table}u, {typeidx}u, "
                                 f"(uint64_t){elem}, io, {'&d' if direct else '0'})",
                       direct=True if direct else None)
        self.reload()

    def global_get(self, g):
        t = self.ctx.globals[g].valtype
        if t not in NUMBERS:
            raise Unsupported("global of a reference type")
        r = self.push(t)
        if t == T.I32:
            self.emit(f"{{ GCell* c = I->gcells[{g}]; if (GVM_LIKELY(c->live)) "
                      f"{r} = (uint32_t)c->value; else {{")
        else:
            self.emit("{ {")
        self.emit(f"  gvm_slot v; GVM_CHECK(X, I->host->global_get(I, X, {g}u, &v), {self.at}); "
                  f"{r} = {FROM_SLOT[t].format('v')}; }} }}")

    def global_set(self, g):
        t = self.ctx.globals[g].valtype
        if t not in NUMBERS:
            raise Unsupported("global of a reference type")
        v = self.pop()
        if t == T.I32:
            self.emit(f"{{ GCell* c = I->gcells[{g}]; if (GVM_LIKELY(c->live)) "
                      f"c->value = {v}; else")
        else:
            self.emit("{")
        self.emit(f"  GVM_CHECK(X, I->host->global_set(I, X, {g}u, {TO_SLOT[t].format(v)}), "
                  f"{self.at}); }}")


def entry(index, ft):
    """The gvm_entry of function `index`: its arguments from io[], its result to io[0]."""
    args = "".join(", " + FROM_SLOT[t].format(f"io[{i}]") for i, t in enumerate(ft.params))
    call = f"f{index}(I, X{args})"
    if ft.results:
        call = f"io[0] = {TO_SLOT[ft.results[0]].format(call)}"
    return f"void e{index}(gvm_inst* I, gvm_ctx* X, gvm_slot* io) {{ {call}; }}"


def translate_module(module, statuses, part=None):
    """The C sources of `module`'s supported functions, in parts of `part` functions
    (one part when None), each a translation unit, and the list of their indices.
    `statuses` maps the names of the engine's trap statuses (UNREACHABLE, MEM_OOB, ...)
    to their values."""
    if not module.func_infos:
        return [], []
    ctx = module.func_infos[0].ctx.context()
    defined = range(ctx.imported_funcs, len(ctx.funcs))
    # Each function is translated once, its calls of defined functions as C calls; then
    # those that call one that did not translate (directly or through others) are
    # dropped (Function.call says why). What the others became does not depend on
    # which were dropped: they call only functions that are kept.
    bodies, callers = {}, {}
    for i in defined:
        try:
            f = Function(module, ctx, i)
            bodies[i] = f.translate()
        except Unsupported:
            continue
        for callee in f.callees:
            callers.setdefault(callee, []).append(i)
    dropped = [i for i in defined if i not in bodies]
    while dropped:
        i = dropped.pop()
        for caller in callers.get(i, ()):
            if caller in bodies:
                del bodies[caller]
                dropped.append(caller)
    native = set(bodies)
    order = sorted(native)
    head = ("#define GVM_NATIVE_MODULE 1\n"
            + "".join(f"#define GVM_ST_{name} {value}\n" for name, value in statuses.items())
            + '#include "native.h"\n\n'
            + "\n".join(_prototype(ctx.funcs[i], i) for i in order) + "\n")
    size = part or max(len(order), 1)
    parts = []
    for start in range(0, len(order), size):
        chunk = order[start:start + size]
        parts.append("\n\n".join([head] + [bodies[i] for i in chunk]
                                   + [entry(i, ctx.funcs[i]) for i in chunk]) + "\n")
    n = len(ctx.funcs)
    exported = '__attribute__((visibility("default")))'
    entries = ", ".join(f"e{i}" if i in native else "0" for i in range(n)) or "0"
    directs = ", ".join(f"(void*)f{i}" if i in native else "0" for i in range(n)) or "0"
    parts.append("#define GVM_NATIVE_ENTER 1\n" + head + "\n"
                 + "".join(f"void e{i}(gvm_inst* I, gvm_ctx* X, gvm_slot* io);\n" for i in order)
                 + f"{exported} const gvm_entry gvm_entries[{max(n, 1)}] = {{{entries}}};\n"
                 + f"{exported} void* const gvm_directs[{max(n, 1)}] = {{{directs}}};\n")
    return parts, order


def _prototype(ft, i):
    params = "".join(", " + CTYPE[t] for t in ft.params)
    result = CTYPE[ft.results[0]] if ft.results else "void"
    return f"{result} f{i}(gvm_inst* I, gvm_ctx* X{params});"
