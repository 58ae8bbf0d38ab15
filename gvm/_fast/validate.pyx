# cython: language_level=3, cdivision=True
"""Function bodies decoded and validated in one pass, in C: spec section 5.4
"Instructions" (the binary format of code) and 3.3 "Instructions" with the algorithm of
appendix 7.3, for every feature the Python validator (gvm/validate/body.py, gc.py) checks.

It accepts and rejects exactly what the Python decoder and validator do, with the same
error class and message, and builds no Python object per instruction: the operand and
control stacks are C arrays of small ints, one per value type. Number and vector types
have fixed ids; reference types are interned per module (`_Checker.tys`), so that equal
types compare as ints and only a real subtype question reaches Python (ctx.subtyping).
What each opcode reads and pops comes from the opcode table (gvm/opcodes.py) at import;
the instructions with hand-written rules in body.py and gc.py have one arm each here.

Decoding errors win over validation errors (a malformed module is malformed even when
an earlier function is invalid): when a body fails validation, it is scanned again in
decode-only mode, and `check_bodies` scans the bodies after it. "data count section
required" is the decoder's last check, so it loses to any other decoding error.

Like the Python decoder, a body that runs past its declared size keeps being decoded
from the bytes after it (its final `end` not at the end is a "section size mismatch");
every read is bounds-checked against the end of the module's bytes.
"""
cimport cython
from cpython.mem cimport PyMem_Malloc, PyMem_Realloc, PyMem_Free
from libc.stdint cimport uint8_t, int16_t, int32_t, uint32_t, int64_t, uint64_t
from libc.string cimport memcpy, memset

from gvm import opcodes as O
from gvm import types as T
from gvm.binary import types as BT
from gvm.binary.proposals import available
from gvm.binary.reader import UNEXPECTED_END
from gvm.errors import DecodeError, ValidationError
from gvm.validate.body import RULES
from gvm.validate.locals import Locals
from gvm.validate.subtype import as_ref, ref_type as _py_ref_type

include "opcodes.pxi"

if OP_NAMES != tuple(op.name for op in O.OPCODES):
    raise ImportError("gvm/_fast/opcodes.pxi is stale: run python -m gvm._fast.gen_opcodes")

DATA_COUNT_REQUIRED = "data count section required"

# --- Value types as ints ---------------------------------------------------------------
# Every checker interns these first, in this order, so their ids are constants.
cdef enum:
    UNKNOWN = 0
    I32 = 1
    I64 = 2
    F32 = 3
    F64 = 4
    V128 = 5
    FUNCREF = 6
    EXTERNREF = 7
    EXNREF = 8
    ARRAYREF = 9
    I31REF = 10
    EQREF = 11
    EXN_NON_NULL = 12    # (ref exn), what catch_ref and catch_all_ref carry last
    ADDR = 0x7FFF      # in a signature: the address type of the instruction's memory

FIXED_TYPES = (0, T.I32, T.I64, T.F32, T.F64, T.V128, T.FUNCREF, T.EXTERNREF, BT.EXN,
               BT.ARRAY, BT.I31, BT.EQ, T.RefType(False, BT.EXN))

# --- What follows each opcode, and how it is checked -------------------------------------
cdef enum Imm:
    IMM_NONE, IMM_BLOCKTYPE, IMM_U32, IMM_LABELS, IMM_U32_U32, IMM_MEMARG, IMM_MEM,
    IMM_I32, IMM_I64, IMM_F32, IMM_F64, IMM_HEAPTYPE, IMM_VALTYPES, IMM_DATA_MEM,
    IMM_MEM_MEM, IMM_BLOCKTYPE_CATCHES, IMM_CAST_LABEL, IMM_V128, IMM_SHUFFLE, IMM_LANE,
    IMM_MEMARG_LANE

_IMM_OF_KIND = {
    O.NONE: IMM_NONE, O.BLOCKTYPE: IMM_BLOCKTYPE, O.LABEL: IMM_U32, O.LABELS: IMM_LABELS,
    O.FUNC: IMM_U32, O.TYPE_TABLE: IMM_U32_U32, O.LOCAL: IMM_U32, O.GLOBAL: IMM_U32,
    O.TABLE: IMM_U32, O.MEMARG: IMM_MEMARG, O.MEM: IMM_MEM, O.I32: IMM_I32, O.I64: IMM_I64,
    O.F32: IMM_F32, O.F64: IMM_F64, O.HEAPTYPE: IMM_HEAPTYPE, O.VALTYPES: IMM_VALTYPES,
    O.ELEM: IMM_U32, O.ELEM_TABLE: IMM_U32_U32, O.DATA: IMM_U32, O.DATA_MEM: IMM_DATA_MEM,
    O.MEM_MEM: IMM_MEM_MEM, O.TABLE_TABLE: IMM_U32_U32, O.TAG: IMM_U32,
    O.BLOCKTYPE_CATCHES: IMM_BLOCKTYPE_CATCHES, O.TYPE: IMM_U32, O.TYPE_FIELD: IMM_U32_U32,
    O.TYPE_TYPE: IMM_U32_U32, O.TYPE_SIZE: IMM_U32_U32, O.TYPE_DATA: IMM_U32_U32,
    O.TYPE_ELEM: IMM_U32_U32, O.CAST_LABEL: IMM_CAST_LABEL, O.V128: IMM_V128,
    O.SHUFFLE: IMM_SHUFFLE, O.LANE: IMM_LANE, O.MEMARG_LANE: IMM_MEMARG_LANE,
}
# Immediate kinds that name a data segment: the decoder wants a data count section.
_DATA_KINDS = (O.DATA, O.DATA_MEM, O.TYPE_DATA)

cdef enum Rule:
    R_FIXED        # fixed signature
    R_ADDRESSED    # signature with the memory's address type, memory immediates checked
    R_LANES        # fixed signature after checking lane immediates
    R_OWN          # a hand-written rule below, by opcode

cdef uint8_t op_imm[OP_COUNT]
cdef uint8_t op_rule[OP_COUNT]
cdef uint8_t op_data[OP_COUNT]       # names a data segment
cdef uint8_t op_lanes[OP_COUNT]      # lane count of a lane immediate
cdef uint32_t op_width[OP_COUNT]
cdef int32_t op_params[OP_COUNT]     # start in sig_types; params, then results
cdef uint8_t op_nparams[OP_COUNT]
cdef uint8_t op_nresults[OP_COUNT]
cdef int32_t sig_types[4 * OP_COUNT]


def _load_opcode_table():
    """Fill the op_* arrays from gvm.opcodes. Each row is unpacked once (its fields read
    by name cost a third of importing this module) and a signature's types are found in
    a dict of FIXED_TYPES."""
    cdef int n = 0
    cdef int i
    sig_ids = {"a": ADDR}
    for k, t in enumerate(FIXED_TYPES):
        sig_ids.setdefault(t, k)
    for op in O.OPCODES:
        i, _prefix, _code, name, imm, params, results, width = op
        params = params or ()
        results = results or ()
        op_imm[i] = _IMM_OF_KIND[imm]
        op_data[i] = imm in _DATA_KINDS
        op_width[i] = width
        if i in RULES:
            op_rule[i] = R_OWN
        elif "a" in params or "a" in results or imm in (O.MEMARG, O.MEMARG_LANE, O.MEM,
                                                        O.DATA_MEM):
            op_rule[i] = R_ADDRESSED
        elif imm in (O.LANE, O.SHUFFLE):
            op_rule[i] = R_LANES
        else:
            op_rule[i] = R_FIXED
        op_lanes[i] = 0
        if imm == O.SHUFFLE:
            op_lanes[i] = 32
        elif imm == O.LANE:
            op_lanes[i] = int(name.split(".")[0].split("x")[1])
        op_params[i] = n
        if n + len(params) + len(results) > 4 * OP_COUNT:
            raise ImportError("validate.pyx: sig_types is too small for the opcode table")
        op_nparams[i] = len(params)
        op_nresults[i] = len(results)
        for t in params:
            sig_types[n] = sig_ids[t]
            n += 1
        for t in results:
            sig_types[n] = sig_ids[t]
            n += 1


_load_opcode_table()


# --- Opcodes by byte, per feature set (gvm/binary/proposals.py) -------------------------
cdef class _OpcodeTable:
    cdef int16_t single[256]       # op id, or -1: a prefix or an illegal byte
    cdef int16_t prefixed[3][0x120]  # 0xFB, 0xFC, 0xFD: op id by code, or -1
    cdef uint8_t prefix_ok[3]

    def __init__(self, features):
        memset(self.single, 0xFF, sizeof(self.single))
        memset(self.prefixed, 0xFF, sizeof(self.prefixed))
        memset(self.prefix_ok, 0, sizeof(self.prefix_ok))
        for op in O.OPCODES:
            if not available(op, features):
                continue
            if op.prefix == 0:
                self.single[op.code] = op.id
            else:
                self.prefixed[op.prefix - 0xFB][op.code] = op.id
                self.prefix_ok[op.prefix - 0xFB] = 1


_TABLES = {}


cdef _OpcodeTable _opcode_table(features):
    table = _TABLES.get(features)
    if table is None:
        table = _TABLES[features] = _OpcodeTable(features)
    return table


# --- The control stack -------------------------------------------------------------------
ctypedef struct Ctrl:
    int32_t op
    int32_t params      # offset in the checker's pool of type lists
    int32_t nparams
    int32_t results
    int32_t nresults
    Py_ssize_t height
    Py_ssize_t inits
    int unreachable


cdef enum:
    FLAT_LOCALS = 65536      # up to this many locals, one id each; beyond, by group
    NOT_BUILT = -2

cdef inline bint _is_ref(int32_t t) noexcept nogil:
    return t > V128


cdef inline bint _is_num_or_vec(int32_t t) noexcept nogil:
    return t <= V128


cdef int _grow(void** array, Py_ssize_t* cap, Py_ssize_t need, size_t item) except -1:
    cdef Py_ssize_t new = cap[0] * 2 if cap[0] else 64
    while new < need:
        new *= 2
    cdef void* p = PyMem_Realloc(array[0], <size_t>new * item)
    if p == NULL:
        raise MemoryError()
    array[0] = p
    cap[0] = new
    return 0


@cython.final
cdef class _Checker:
    """The checking state of one module (one validation Context): interned types, caches
    of the index spaces' types, and the stacks, reused by every body."""
    cdef object ctx, features, tys, ids, match_cache, funcs
    cdef _OpcodeTable table
    cdef bint f_multi_memory, f_memory64, f_function_references, f_gc, f_simd
    cdef bint has_data_count
    cdef uint8_t heap_ok[128]
    # interned types: per id, whether it is defaultable
    cdef uint8_t* defaultable
    cdef Py_ssize_t ntys, cap_tys
    # the pool of type lists: blocks' and functions' params and results
    cdef int32_t* pool
    cdef Py_ssize_t npool, cap_pool
    cdef int32_t* single_list     # per type id: pool offset of the list of just it, or -1
    cdef Py_ssize_t cap_single
    # per function index and per type index: (params, nparams, results, nresults)
    cdef int32_t* func_sigs
    cdef int32_t* type_sigs
    cdef Py_ssize_t nfuncs, ntypes
    cdef int32_t* global_types    # per global: type id, or NOT_BUILT
    cdef uint8_t* global_mutable
    cdef Py_ssize_t nglobals
    cdef int32_t* mem_addrs
    cdef Py_ssize_t nmems
    cdef int32_t* tables          # per table: (elem type, address type, elem is a funcref)
    cdef Py_ssize_t ntables
    cdef int32_t* tag_sigs        # per tag: (params, nparams)
    cdef Py_ssize_t ntags
    cdef uint8_t* checked         # per interned type: ctx.check_valtype passed
    # the stacks
    cdef int32_t* vals
    cdef Py_ssize_t nvals, cap_vals
    cdef Ctrl* ctrls
    cdef Py_ssize_t nctrls, cap_ctrls
    cdef uint64_t* inits
    cdef Py_ssize_t ninits, cap_inits
    cdef int32_t* tmp           # scratch: popped types, open blocks of a scan
    cdef Py_ssize_t cap_tmp
    cdef uint64_t* tmp64        # scratch: br_table labels
    cdef Py_ssize_t cap_tmp64
    # the function being checked
    cdef int32_t* locals_flat
    cdef Py_ssize_t cap_locals
    cdef uint64_t nlocals, nparams
    cdef bint all_defaultable
    cdef object locals_py          # gvm.validate.locals.Locals when there are many
    cdef int32_t results, nresults  # the function's results in the pool
    # the cursor
    cdef const uint8_t* p
    cdef Py_ssize_t pos, size, ins
    cdef Py_ssize_t entry     # where the code entry's contents start: a size mismatch's offset
    cdef bint needs_data_count

    def __init__(self, ctx):
        self.ctx = ctx
        self.features = ctx.features
        self.table = _opcode_table(ctx.features)
        f = ctx.features
        self.f_multi_memory = "multi_memory" in f
        self.f_memory64 = "memory64" in f
        self.f_function_references = "function_references" in f
        self.f_gc = "gc" in f
        self.f_simd = "simd" in f
        self.has_data_count = ctx.module.data_count is not None
        memset(self.heap_ok, 0, sizeof(self.heap_ok))
        for code, feature in BT.ABSTRACT_HEAP_TYPES.items():
            self.heap_ok[code] = feature in f
        self.tys = []
        self.ids = {}
        self.match_cache = {}
        self.funcs = ctx.module.funcs
        for t in FIXED_TYPES:
            self._intern(t)
        self.nfuncs = len(ctx.funcs)
        self.ntypes = len(ctx.types)
        self.nglobals = len(ctx.globals)
        self.nmems = len(ctx.mems)
        self.func_sigs = self._table_of(4 * self.nfuncs)
        self.type_sigs = self._table_of(4 * self.ntypes)
        self.global_types = self._table_of(self.nglobals)
        self.mem_addrs = self._table_of(self.nmems)
        self.ntables = len(ctx.tables)
        self.tables = self._table_of(3 * self.ntables)
        self.ntags = len(ctx.tags)
        self.tag_sigs = self._table_of(2 * self.ntags)
        self.global_mutable = <uint8_t*>PyMem_Malloc(self.nglobals + 1)
        if self.global_mutable == NULL:
            raise MemoryError()

    cdef int32_t* _table_of(self, Py_ssize_t n) except NULL:
        cdef Py_ssize_t i
        cdef int32_t* t = <int32_t*>PyMem_Malloc((n + 1) * sizeof(int32_t))
        if t == NULL:
            raise MemoryError()
        for i in range(n + 1):
            t[i] = NOT_BUILT
        return t

    def __dealloc__(self):
        PyMem_Free(self.defaultable)
        PyMem_Free(self.pool)
        PyMem_Free(self.single_list)
        PyMem_Free(self.func_sigs)
        PyMem_Free(self.type_sigs)
        PyMem_Free(self.global_types)
        PyMem_Free(self.global_mutable)
        PyMem_Free(self.mem_addrs)
        PyMem_Free(self.tables)
        PyMem_Free(self.tag_sigs)
        PyMem_Free(self.checked)
        PyMem_Free(self.vals)
        PyMem_Free(self.ctrls)
        PyMem_Free(self.inits)
        PyMem_Free(self.tmp)
        PyMem_Free(self.tmp64)
        PyMem_Free(self.locals_flat)

    # --- Interned types and lists of them ---------------------------------------------
    cdef int32_t _intern(self, t) except -1:
        cdef object found = self.ids.get(t)
        if found is not None:
            return found
        cdef Py_ssize_t i = self.ntys
        cdef Py_ssize_t cap = self.cap_tys
        if i + 1 > self.cap_tys:
            _grow(<void**>&self.defaultable, &self.cap_tys, i + 1, sizeof(uint8_t))
            _grow(<void**>&self.checked, &cap, i + 1, sizeof(uint8_t))
        self.defaultable[i] = type(t) is not T.RefType or t.nullable
        self.checked[i] = type(t) is not T.RefType or type(t.heap) is not T.TypeIdx
        self.tys.append(t)
        self.ids[t] = i
        self.ntys = i + 1
        return i

    cdef int32_t _list(self, types) except -1:
        """The pool offset of a list of (Python) value types."""
        cdef Py_ssize_t n = len(types)
        cdef Py_ssize_t start = self.npool
        if start + n + 1 > self.cap_pool:
            _grow(<void**>&self.pool, &self.cap_pool, start + n + 1, sizeof(int32_t))
        for i, t in enumerate(types):
            self.pool[start + i] = self._intern(t)
        self.npool = start + n
        return start

    cdef int32_t _single(self, int32_t t) except -1:
        """The pool offset of the list [t]."""
        cdef Py_ssize_t i, old = self.cap_single
        if t >= self.cap_single:
            _grow(<void**>&self.single_list, &self.cap_single, t + 1, sizeof(int32_t))
            for i in range(old, self.cap_single):
                self.single_list[i] = -1
        if self.single_list[t] < 0:
            self.single_list[t] = self._list((self.tys[t],))
        return self.single_list[t]

    cdef int _sig(self, int32_t* entry, ft) except -1:
        entry[0] = self._list(ft.params)
        entry[1] = len(ft.params)
        entry[2] = self._list(ft.results)
        entry[3] = len(ft.results)
        return 0

    cdef inline int32_t* _func_sig(self, uint64_t idx) except NULL:
        """(params, nparams, results, nresults) of function `idx`."""
        if idx < <uint64_t>self.nfuncs and self.func_sigs[4 * idx] != NOT_BUILT:
            return self.func_sigs + 4 * idx
        if idx >= <uint64_t>self.nfuncs:
            raise ValidationError(f"unknown function {idx}")
        cdef int32_t* entry = self.func_sigs + 4 * idx
        if entry[0] == NOT_BUILT:   # its type's, interned once for all its functions
            memcpy(entry, self._type_sig(self.ctx.func_type_idxs[idx]), 4 * sizeof(int32_t))
        return entry

    cdef inline int32_t* _type_sig(self, uint64_t idx) except NULL:
        """(params, nparams, results, nresults) of function type `idx`."""
        if idx < <uint64_t>self.ntypes and self.type_sigs[4 * idx] != NOT_BUILT:
            return self.type_sigs + 4 * idx
        if idx >= <uint64_t>self.ntypes:
            raise ValidationError(f"unknown type {idx}")
        cdef int32_t* entry = self.type_sigs + 4 * idx
        if entry[0] == NOT_BUILT:
            self._sig(entry, self.ctx.func_type(idx))
        return entry

    cdef int32_t _global(self, uint64_t idx) except -1:
        if idx >= <uint64_t>self.nglobals:
            raise ValidationError(f"unknown global {idx}")
        if self.global_types[idx] == NOT_BUILT:
            g = self.ctx.globals[idx]
            self.global_types[idx] = self._intern(g.valtype)
            self.global_mutable[idx] = bool(g.mutable)
        return self.global_types[idx]

    cdef inline int32_t _mem_addr(self, uint64_t idx) except -1:
        if idx < <uint64_t>self.nmems and self.mem_addrs[idx] != NOT_BUILT:
            return self.mem_addrs[idx]
        if idx >= <uint64_t>self.nmems:
            raise ValidationError(f"unknown memory {idx}")
        if self.mem_addrs[idx] == NOT_BUILT:
            self.mem_addrs[idx] = I64 if T.is_64(self.ctx.mems[idx].limits) else I32
        return self.mem_addrs[idx]

    cdef _table(self, uint64_t idx):
        return self.ctx.table(idx)

    cdef inline int32_t* _table_info(self, uint64_t idx) except NULL:
        """(elem type, address type, whether the elements are function references)."""
        if idx < <uint64_t>self.ntables and self.tables[3 * idx] != NOT_BUILT:
            return self.tables + 3 * idx
        table = self.ctx.table(idx)
        cdef int32_t* info = self.tables + 3 * idx
        info[0] = self._intern(table.elem)
        info[1] = I64 if T.is_64(table.limits) else I32
        info[2] = self._matches(info[0], FUNCREF)
        return info

    cdef int32_t _table_addr(self, uint64_t idx) except -1:
        return self._table_info(idx)[1]

    cdef int32_t* _tag_sig(self, uint64_t idx) except NULL:
        """(params, nparams) of tag `idx`."""
        if idx >= <uint64_t>self.ntags:
            raise ValidationError(f"unknown tag {idx}")
        cdef int32_t* entry = self.tag_sigs + 2 * idx
        if entry[0] == NOT_BUILT:
            params = self.ctx.tags[idx].params
            entry[0] = self._list(params)
            entry[1] = len(params)
        return entry

    cdef inline int check_valtype(self, int32_t t) except -1:
        """ctx.check_valtype, once per type: a type index in it must exist."""
        if not self.checked[t]:
            self.ctx.check_valtype(self.tys[t])
            self.checked[t] = 1
        return 0

    cdef bint _matches(self, int32_t a, int32_t b) except -1:
        """Whether type a matches type b (gvm.validate.subtype); UNKNOWN only itself."""
        if a == b:
            return True
        if a <= V128 or b <= V128:
            return False
        key = (<int64_t>a << 32) | b
        found = self.match_cache.get(key)
        if found is None:
            found = self.match_cache[key] = bool(
                self.ctx.subtyping.matches(self.tys[a], self.tys[b]))
        return found

    cdef bint _py_matches(self, a, b) except -1:
        return self._matches(self._intern(a), self._intern(b))

    # --- The operand stack --------------------------------------------------------------
    cdef inline int push(self, int32_t t) except -1:
        if self.nvals >= self.cap_vals:
            _grow(<void**>&self.vals, &self.cap_vals, self.nvals + 1, sizeof(int32_t))
        self.vals[self.nvals] = t
        self.nvals += 1
        return 0

    cdef int push_list(self, int32_t off, int32_t n) except -1:
        cdef int32_t i
        for i in range(n):
            self.push(self.pool[off + i])
        return 0

    cdef inline int32_t pop(self, int32_t expected) except -1:
        """Pop a value of type `expected` (UNKNOWN: any); return the type popped."""
        cdef Ctrl* ctrl = &self.ctrls[self.nctrls - 1]
        cdef int32_t actual
        if self.nvals == ctrl.height:
            if ctrl.unreachable:
                return UNKNOWN
            raise ValidationError("type mismatch")
        self.nvals -= 1
        actual = self.vals[self.nvals]
        if (actual != expected and actual != UNKNOWN and expected != UNKNOWN
                and not self._matches(actual, expected)):
            raise ValidationError("type mismatch")
        return actual

    cdef int pop_list(self, int32_t off, int32_t n) except -1:
        """Pop values of the pool's types off..off+n, the last on top."""
        cdef int32_t i = n - 1
        while i >= 0:
            self.pop(self.pool[off + i])
            i -= 1
        return 0

    cdef int pop_py(self, types) except -1:
        """Pop values of a Python sequence of types, the last on top."""
        for t in reversed(types):
            self.pop(self._intern(t))
        return 0

    cdef int push_py(self, types) except -1:
        for t in types:
            self.push(self._intern(t))
        return 0

    cdef pop_ref(self):
        """(nullable, heap) of a popped reference; None when unreachable."""
        cdef int32_t t = self.pop(UNKNOWN)
        if t == UNKNOWN:
            return None
        ref = as_ref(self.tys[t])
        if ref is None:
            raise ValidationError("type mismatch")
        return ref

    cdef int set_unreachable(self) except -1:
        cdef Ctrl* ctrl = &self.ctrls[self.nctrls - 1]
        self.nvals = ctrl.height
        ctrl.unreachable = 1
        return 0

    cdef int32_t* _tmp(self, Py_ssize_t n) except NULL:
        if n + 1 > self.cap_tmp:
            _grow(<void**>&self.tmp, &self.cap_tmp, n + 1, sizeof(int32_t))
        return self.tmp

    cdef uint64_t* _tmp64(self, Py_ssize_t n) except NULL:
        if n + 1 > self.cap_tmp64:
            _grow(<void**>&self.tmp64, &self.cap_tmp64, n + 1, sizeof(uint64_t))
        return self.tmp64

    # --- The control stack -------------------------------------------------------------
    cdef int push_ctrl(self, int32_t op, int32_t params, int32_t nparams, int32_t results,
                       int32_t nresults) except -1:
        if self.nctrls >= self.cap_ctrls:
            _grow(<void**>&self.ctrls, &self.cap_ctrls, self.nctrls + 1, sizeof(Ctrl))
        cdef Ctrl* c = &self.ctrls[self.nctrls]
        c.op = op
        c.params = params
        c.nparams = nparams
        c.results = results
        c.nresults = nresults
        c.height = self.nvals
        c.inits = self.ninits
        c.unreachable = 0
        self.nctrls += 1
        return self.push_list(params, nparams)

    cdef int pop_ctrl(self) except -1:
        cdef Ctrl* c = &self.ctrls[self.nctrls - 1]
        self.pop_list(c.results, c.nresults)
        if self.nvals != c.height:
            raise ValidationError("type mismatch")
        self.nctrls -= 1
        self.ninits = c.inits
        return 0

    cdef Ctrl* label(self, uint64_t depth) except NULL:
        if depth >= <uint64_t>self.nctrls:
            raise ValidationError(f"unknown label {depth}")
        return &self.ctrls[self.nctrls - 1 - depth]

    cdef inline int32_t label_types(self, Ctrl* c, int32_t* n) noexcept:
        if c.op == OP_LOOP:
            n[0] = c.nparams
            return c.params
        n[0] = c.nresults
        return c.results

    cdef label_types_py(self, Ctrl* c):
        cdef int32_t n
        cdef int32_t off = self.label_types(c, &n)
        return [self.tys[self.pool[off + i]] for i in range(n)]

    # --- Locals ------------------------------------------------------------------------
    cdef int set_locals(self, uint64_t type_idx, int32_t* sig, groups) except -1:
        """The function's locals: its params (sig) and declared groups, whose types are
        checked first, as _check_func does."""
        cdef uint64_t count = sig[1]
        cdef Py_ssize_t i, k
        cdef int32_t id
        for n, t in groups:
            count += n
            self.check_valtype(self._intern(t))
        self.nlocals = count
        self.nparams = sig[1]
        self.locals_py = None
        self.all_defaultable = True
        if count > FLAT_LOCALS:
            self.locals_py = Locals(self.ctx.func_type(type_idx).params, groups)
            self.all_defaultable = self.locals_py.all_defaultable
            return 0
        if <Py_ssize_t>count > self.cap_locals:
            _grow(<void**>&self.locals_flat, &self.cap_locals, count, sizeof(int32_t))
        for i in range(sig[1]):
            self.locals_flat[i] = self.pool[sig[0] + i]
        i = sig[1]
        for n, t in groups:
            id = self._intern(t)
            if not self.defaultable[id]:
                self.all_defaultable = False
            for k in range(n):
                self.locals_flat[i] = id
                i += 1
        return 0

    cdef inline int32_t local(self, uint64_t idx) except -1:
        if idx < self.nlocals and self.locals_py is None:
            return self.locals_flat[idx]
        if idx >= self.nlocals:
            raise ValidationError(f"unknown local {idx}")
        return self._intern(self.locals_py[idx])

    cdef bint needs_init(self, uint64_t idx, int32_t t) noexcept:
        cdef Py_ssize_t i
        if self.all_defaultable or idx < self.nparams or self.defaultable[t]:
            return False
        for i in range(self.ninits):
            if self.inits[i] == idx:
                return False
        return True

    cdef int add_init(self, uint64_t idx) except -1:
        if self.ninits >= self.cap_inits:
            _grow(<void**>&self.inits, &self.cap_inits, self.ninits + 1, sizeof(uint64_t))
        self.inits[self.ninits] = idx
        self.ninits += 1
        return 0

    # --- Reading (spec 5.2) ------------------------------------------------------------
    cdef int decode_error(self, message, Py_ssize_t offset) except -1:
        raise DecodeError(message, offset)

    cdef inline uint8_t byte(self) except? 0xFF:
        if self.pos >= self.size:
            self.decode_error(UNEXPECTED_END, self.size)
        self.pos += 1
        return self.p[self.pos - 1]

    cdef int skip(self, Py_ssize_t n) except -1:
        if self.pos + n > self.size:
            self.decode_error(UNEXPECTED_END, self.size)
        self.pos += n
        return 0

    cdef int leb_u(self, int n, uint64_t* out) except -1:
        """An unsigned LEB128 of at most n bits (Reader.uN)."""
        cdef uint64_t result = 0
        cdef int shift = 0
        cdef uint8_t b
        while True:
            if n <= 0:
                self.decode_error("integer representation too long", self.pos)
            b = self.byte()
            if n < 7 and (b & 0x7F) >= (1 << n):
                self.decode_error("integer too large", self.pos - 1)
            result |= (<uint64_t>(b & 0x7F)) << shift
            if not b & 0x80:
                out[0] = result
                return 0
            shift += 7
            n -= 7

    cdef int leb_s(self, int n, int64_t* out) noexcept:
        """A signed LEB128 of at most n bits (Reader.sN): 0, or 1 if malformed (the caller
        raises: it may want another message)."""
        cdef uint64_t result = 0
        cdef int shift = 0
        cdef uint8_t b, mask
        while True:
            if n <= 0 or self.pos >= self.size:
                return 1
            b = self.p[self.pos]
            self.pos += 1
            if n < 7:
                mask = (<uint8_t>(0xFF << (n - 1))) & 0x7F
                if (b & mask) != 0 and (b & mask) != mask:
                    return 1
            if shift < 64:
                result |= (<uint64_t>(b & 0x7F)) << shift
            shift += 7
            if not b & 0x80:
                if b & 0x40 and shift < 64:
                    result |= ~(<uint64_t>0) << shift
                out[0] = <int64_t>result
                return 0
            n -= 7

    cdef int signed(self, int n) except -1:
        """Read a signed LEB128 for its errors alone (i32.const, i64.const): the same
        loop as leb_s, raising the Python reader's errors."""
        cdef uint8_t b, mask
        while True:
            if n <= 0:
                self.decode_error("integer representation too long", self.pos)
            b = self.byte()
            if n < 7:
                mask = (<uint8_t>(0xFF << (n - 1))) & 0x7F
                if (b & mask) != 0 and (b & mask) != mask:
                    self.decode_error("integer too large", self.pos - 1)
            if not b & 0x80:
                return 0
            n -= 7

    cdef inline int u32(self, uint64_t* out) except -1:
        if self.pos < self.size and self.p[self.pos] < 0x80:
            out[0] = self.p[self.pos]
            self.pos += 1
            return 0
        return self.leb_u(32, out)

    cdef int length(self, uint64_t* out) except -1:
        """A vector's length: it may not exceed the bytes left (Reader.length)."""
        cdef Py_ssize_t start = self.pos
        self.u32(out)
        if out[0] > <uint64_t>(self.size - start):
            self.decode_error("length out of bounds", start)
        return 0

    cdef int type_code(self) except -1:
        """A one-byte type code (binary/types.py `_code`)."""
        cdef uint8_t b = self.byte()
        if b & 0x80:
            self.decode_error("integer representation too long", self.pos)
        return b

    cdef int64_t s33_type_index(self) except -1:
        cdef Py_ssize_t start = self.pos
        cdef int64_t index = -1
        if self.leb_s(33, &index):
            index = -1
        if index < 0 or index >= (<int64_t>1 << 31):
            self.decode_error("integer representation too long", start + 1)
        return index

    cdef int64_t heap_type(self) except? -1000:
        """A heap type: a type index (>= 0), or minus an abstract type's code."""
        cdef Py_ssize_t start = self.pos
        cdef int code
        if not self.f_function_references:
            code = self.type_code()
            if code != BT.FUNC and code != BT.EXTERN:
                self.decode_error("malformed reference type", start)
            return -code
        if self.pos >= self.size or (self.p[self.pos] & 0xC0) != 0x40:
            return self.s33_type_index()
        code = self.type_code()
        if not self.heap_ok[code]:
            self.decode_error("malformed heap type", start)
        return -code

    cdef int32_t val_type(self) except -1:
        cdef Py_ssize_t start = self.pos
        cdef int code = self.type_code()
        if code == 0x7F:
            return I32
        if code == 0x7E:
            return I64
        if code == 0x7D:
            return F32
        if code == 0x7C:
            return F64
        if code == 0x7B and self.f_simd:
            return V128
        cdef int64_t heap
        if (code == BT.REF_NULL or code == BT.REF) and self.f_function_references:
            heap = self.heap_type()
            if code == BT.REF_NULL and heap < 0:
                return self._intern(<int>-heap)
            return self._intern(T.RefType(code == BT.REF_NULL, _heap(heap)))
        if not self.heap_ok[code]:
            self.decode_error("malformed reference type", start)
        return self._intern(code)

    cdef int block_type(self, int64_t* bt) except -1:
        """-1 for no result, -2 - id for one value type, else a type index."""
        cdef int b = self.p[self.pos] if self.pos < self.size else -1
        if b == 0x40:
            self.pos += 1
            bt[0] = -1
        elif b >= 0 and (b & 0xC0) == 0x40:
            bt[0] = -2 - self.val_type()
        else:
            bt[0] = self.s33_type_index()
        return 0

    cdef int mem_index(self, uint64_t* out) except -1:
        if self.f_multi_memory:
            return self.u32(out)
        if self.byte() != 0:
            self.decode_error("zero byte expected", self.pos - 1)
        out[0] = 0
        return 0

    cdef int memarg(self, uint64_t* align, uint64_t* offset, uint64_t* mem) except -1:
        cdef Py_ssize_t start = self.pos
        cdef uint64_t flags
        self.u32(&flags)
        mem[0] = 0
        if self.f_multi_memory:
            if flags >= 0x80:
                self.decode_error("malformed memop flags", start)
            if flags & 0x40:
                self.u32(mem)
            align[0] = flags & 0x3F
        else:
            if flags >= 32:
                self.decode_error("malformed memop flags", start)
            align[0] = flags
        if self.f_memory64:
            return self.leb_u(64, offset)
        return self.u32(offset)

    cdef inline int opcode(self) except -1:
        cdef int op
        if self.pos < self.size:
            op = self.table.single[self.p[self.pos]]
            if op >= 0:
                self.pos += 1
                return op
        return self.prefixed_opcode()

    cdef int prefixed_opcode(self) except -1:
        """A prefixed opcode, or an illegal one."""
        cdef Py_ssize_t start = self.pos
        cdef uint8_t b = self.byte()
        cdef uint64_t code
        cdef int op
        if b < 0xFB or b > 0xFD or not self.table.prefix_ok[b - 0xFB]:
            self.decode_error(f"illegal opcode {b:02x}", start)
        self.u32(&code)
        op = self.table.prefixed[b - 0xFB][code] if code < 0x120 else -1
        if op < 0:
            self.decode_error(f"illegal opcode {code:02x}" if b == 0xFD
                              else f"illegal opcode {b:02x} {code:02x}", start)
        return op

    # --- One body ------------------------------------------------------------------------
    cdef int begin(self, const uint8_t[::1] data, Py_ssize_t start) except -1:
        self.size = data.shape[0]
        self.p = &data[0] if self.size else NULL
        self.pos = start
        self.ins = start
        self.nvals = 0
        self.nctrls = 0
        self.ninits = 0
        self.needs_data_count = False
        return 0

    cdef int finish(self, Py_ssize_t end) except -1:
        if self.pos != end:
            self.decode_error("section size mismatch", self.entry)
        return 0

    cdef int scan(self, const uint8_t[::1] data, Py_ssize_t start, Py_ssize_t end) except -1:
        """Decode a body without validating it: its nesting, opcodes and immediates."""
        self.begin(data, start)
        cdef int op
        cdef int depth = 0
        cdef int32_t* opens = self._tmp(16)
        while True:
            self.ins = self.pos
            op = self.opcode()
            if op == OP_END:
                if depth == 0:
                    return self.finish(end)
                depth -= 1
            elif op == OP_ELSE:
                opens = self.tmp
                if depth == 0 or opens[depth - 1] != OP_IF:
                    self.decode_error("END opcode expected", self.ins)
                opens[depth - 1] = OP_ELSE
            else:
                self.immediates(op)
                if op_imm[op] == IMM_BLOCKTYPE or op_imm[op] == IMM_BLOCKTYPE_CATCHES:
                    opens = self._tmp(depth + 1)
                    opens[depth] = op
                    depth += 1

    cdef int immediates(self, int op) except -1:
        """Read the immediates of `op` without checking them against the module: in a
        scan, and in `run` for instructions whose rules need no immediate's value."""
        cdef uint64_t x, count, k
        cdef int64_t bt
        cdef uint8_t kind = op_imm[op]
        if op_data[op] and not self.has_data_count:
            self.needs_data_count = True
        if kind == IMM_NONE:
            return 0
        if kind == IMM_U32:
            return self.u32(&x)
        if kind == IMM_U32_U32 or kind == IMM_DATA_MEM:
            self.u32(&x)
            return self.mem_index(&x) if kind == IMM_DATA_MEM else self.u32(&x)
        if kind == IMM_MEM_MEM:
            self.mem_index(&x)
            return self.mem_index(&x)
        if kind == IMM_MEM:
            return self.mem_index(&x)
        if kind == IMM_MEMARG or kind == IMM_MEMARG_LANE:
            self.memarg(&x, &x, &x)
            if kind == IMM_MEMARG_LANE:
                self.byte()
            return 0
        if kind == IMM_I32:
            return self.signed(32)
        if kind == IMM_I64:
            return self.signed(64)
        if kind == IMM_F32:
            return self.skip(4)
        if kind == IMM_F64:
            return self.skip(8)
        if kind == IMM_V128 or kind == IMM_SHUFFLE:
            return self.skip(16)
        if kind == IMM_LANE:
            self.byte()
            return 0
        if kind == IMM_BLOCKTYPE:
            return self.block_type(&bt)
        if kind == IMM_LABELS:
            self.length(&count)
            for k in range(count):
                self.u32(&x)
            return self.u32(&x)
        if kind == IMM_HEAPTYPE:
            self.heap_type()
            return 0
        if kind == IMM_VALTYPES:
            self.length(&count)
            for k in range(count):
                self.val_type()
            return 0
        if kind == IMM_BLOCKTYPE_CATCHES:
            self.block_type(&bt)
            self.length(&count)
            for k in range(count):
                self.catch_clause(NULL)
            return 0
        if kind == IMM_CAST_LABEL:
            self.cast_label(NULL)
            return 0
        raise AssertionError(f"immediate kind {kind}")

    cdef int catch_clause(self, uint64_t* clause) except -1:
        """(kind, tag, label) into clause, if given."""
        cdef Py_ssize_t start = self.pos
        cdef uint64_t kind = self.byte()
        cdef uint64_t tag = 0, label
        if kind == CATCH or kind == CATCH_REF:
            self.u32(&tag)
        elif kind != CATCH_ALL and kind != CATCH_ALL_REF:
            self.decode_error("malformed catch clause", start)
        self.u32(&label)
        if clause != NULL:
            clause[0] = kind
            clause[1] = tag
            clause[2] = label
        return 0

    cdef int cast_label(self, int64_t* imm) except -1:
        """(flags, label, heap type 1, heap type 2) into imm, if given."""
        cdef Py_ssize_t start = self.pos
        cdef uint8_t flags = self.byte()
        cdef uint64_t label
        if flags & ~0x03:
            self.decode_error("malformed br_on_cast flags", start)
        self.u32(&label)
        cdef int64_t heap1 = self.heap_type()
        cdef int64_t heap2 = self.heap_type()
        if imm != NULL:
            imm[0] = flags
            imm[1] = <int64_t>label
            imm[2] = heap1
            imm[3] = heap2
        return 0

    cdef int run(self, const uint8_t[::1] data, Py_ssize_t start, Py_ssize_t end) except -1:
        """Decode and validate a body whose function's type and locals are set."""
        self.begin(data, start)
        self.push_ctrl(OP_BLOCK, 0, 0, self.results, self.nresults)
        cdef int op
        cdef uint8_t rule
        cdef int32_t* sig
        cdef int32_t i, n, t
        cdef uint64_t x, y, z
        while True:
            self.ins = self.pos
            op = self.opcode()
            rule = op_rule[op]
            if rule == R_FIXED:
                if op_imm[op] != IMM_NONE:
                    self.immediates(op)
                sig = sig_types + op_params[op]
                n = op_nparams[op]
                i = n - 1
                while i >= 0:
                    t = sig[i]
                    # the common case: the operand on top has exactly the expected type
                    if (self.nvals > self.ctrls[self.nctrls - 1].height
                            and self.vals[self.nvals - 1] == t):
                        self.nvals -= 1
                    else:
                        self.pop(t)
                    i -= 1
                for i in range(op_nresults[op]):
                    self.push(sig[n + i])
            elif rule == R_ADDRESSED:
                self.addressed(op)
            elif rule == R_LANES:
                self.lanes(op)
            elif op == OP_END:
                self.pop_ctrl()
                if self.nctrls == 0:
                    return self.finish(end)
                self.end_block()
            else:
                if op_data[op] and not self.has_data_count:
                    self.needs_data_count = True
                self.own_rule(op)

    cdef int end_block(self) except -1:
        """After pop_ctrl of an inner block: its results stand on the stack."""
        cdef Ctrl* c = &self.ctrls[self.nctrls]   # the frame just popped
        cdef int32_t i
        if c.op == OP_IF:
            # an `if` without `else` must leave its params as results
            if c.nparams != c.nresults:
                raise ValidationError("type mismatch")
            for i in range(c.nparams):
                if self.pool[c.params + i] != self.pool[c.results + i]:
                    raise ValidationError("type mismatch")
        return self.push_list(c.results, c.nresults)

    cdef int addressed(self, int op) except -1:
        """body.py check_signature: `a` is the address type of the memory named."""
        cdef uint64_t align, offset, mem, lane = 0
        cdef int32_t address = I32
        cdef uint8_t kind = op_imm[op]
        if kind == IMM_MEMARG or kind == IMM_MEMARG_LANE:
            self.memarg(&align, &offset, &mem)
            if kind == IMM_MEMARG_LANE:
                lane = self.byte()
            address = self._mem_addr(mem)
            if align >= 64 or (<uint64_t>1 << align) > op_width[op]:
                raise ValidationError("alignment must not be larger than natural")
            if address == I32 and offset > 0xFFFFFFFF:
                raise ValidationError("offset out of range")
            if kind == IMM_MEMARG_LANE and lane >= 16 // op_width[op]:
                raise ValidationError("invalid lane index")
        elif kind == IMM_MEM:
            self.mem_index(&mem)
            address = self._mem_addr(mem)
        else:
            self.immediates(op)
        cdef int32_t* sig = sig_types + op_params[op]
        cdef int32_t n = op_nparams[op]
        cdef int32_t i = n - 1
        while i >= 0:
            self.pop(address if sig[i] == ADDR else sig[i])
            i -= 1
        for i in range(op_nresults[op]):
            self.push(address if sig[n + i] == ADDR else sig[n + i])
        return 0

    cdef int lanes(self, int op) except -1:
        """A vector instruction with lane immediates: the lanes, then the types."""
        cdef Py_ssize_t at = self.pos
        self.immediates(op)
        cdef Py_ssize_t i, count = 16 if op_imm[op] == IMM_SHUFFLE else 1
        for i in range(count):
            if self.p[at + i] >= op_lanes[op]:
                raise ValidationError("invalid lane index")
        cdef int32_t* sig = sig_types + op_params[op]
        cdef int32_t n = op_nparams[op]
        cdef int32_t j = n - 1
        while j >= 0:
            self.pop(sig[j])
            j -= 1
        for j in range(op_nresults[op]):
            self.push(sig[n + j])
        return 0

    cdef int block_sig(self, int64_t bt, int32_t* sig) except -1:
        """params, nparams, results, nresults of a block type read by block_type."""
        cdef int32_t* entry
        if bt == -1:
            sig[0] = sig[1] = sig[2] = sig[3] = 0
        elif bt <= -2:
            t = <int32_t>(-2 - bt)
            self.check_valtype(t)
            sig[0] = sig[1] = 0
            sig[2] = self._single(t)
            sig[3] = 1
        else:
            entry = self._type_sig(<uint64_t>bt)
            sig[0] = entry[0]
            sig[1] = entry[1]
            sig[2] = entry[2]
            sig[3] = entry[3]
        return 0

    cdef int call(self, int32_t* sig, bint tail) except -1:
        cdef int32_t i
        cdef int32_t[4] s
        s[0] = sig[0]
        s[1] = sig[1]
        s[2] = sig[2]
        s[3] = sig[3]
        if tail:
            if s[3] != self.nresults:
                raise ValidationError("type mismatch")
            for i in range(s[3]):
                if not self._matches(self.pool[s[2] + i], self.pool[self.results + i]):
                    raise ValidationError("type mismatch")
        self.pop_list(s[0], s[1])
        if tail:
            return self.set_unreachable()
        return self.push_list(s[2], s[3])

    cdef int32_t* indirect(self, uint64_t typeidx, uint64_t tableidx) except NULL:
        """The type a call_indirect calls, once the table index is popped."""
        cdef int32_t* table = self._table_info(tableidx)
        if not table[2]:
            raise ValidationError("type mismatch")
        cdef int32_t address = table[1]
        cdef int32_t* sig = self._type_sig(typeidx)
        self.pop(address)
        return sig

    cdef int32_t* typed_ref(self, uint64_t typeidx) except NULL:
        """The type a call_ref calls, once the reference is popped."""
        cdef int32_t* sig = self._type_sig(typeidx)
        self.pop(self._intern(T.RefType(True, T.TypeIdx(typeidx))))
        return sig

    cdef int own_rule(self, int op) except -1:
        """The instructions with a hand-written rule in body.py (GC ones: gc_rule)."""
        cdef uint64_t x, y
        cdef int64_t bt
        cdef int32_t[4] sig
        cdef int32_t t, t1, t2, n, off
        cdef Ctrl* c
        cdef Ctrl* d
        if op == OP_LOCAL_GET:
            self.u32(&x)
            t = self.local(x)
            if self.needs_init(x, t):
                raise ValidationError("uninitialized local")
            return self.push(t)
        if op == OP_LOCAL_SET or op == OP_LOCAL_TEE:
            self.u32(&x)
            t = self.local(x)
            self.pop(t)
            if self.needs_init(x, t):
                self.add_init(x)
            if op == OP_LOCAL_TEE:
                self.push(t)
            return 0
        if op == OP_CALL or op == OP_RETURN_CALL:
            self.u32(&x)
            return self.call(self._func_sig(x), op == OP_RETURN_CALL)
        if op == OP_BR_IF:
            self.u32(&x)
            c = self.label(x)
            self.pop(I32)
            off = self.label_types(c, &n)
            self.pop_list(off, n)
            return self.push_list(off, n)
        if op == OP_BR:
            self.u32(&x)
            c = self.label(x)
            off = self.label_types(c, &n)
            self.pop_list(off, n)
            return self.set_unreachable()
        if op == OP_BLOCK or op == OP_LOOP or op == OP_IF:
            self.block_type(&bt)
            self.block_sig(bt, sig)
            if op == OP_IF:
                self.pop(I32)
            self.pop_list(sig[0], sig[1])
            return self.push_ctrl(op, sig[0], sig[1], sig[2], sig[3])
        if op == OP_ELSE:
            c = &self.ctrls[self.nctrls - 1]
            if c.op != OP_IF:
                self.decode_error("END opcode expected", self.ins)
            sig[0] = c.params
            sig[1] = c.nparams
            sig[2] = c.results
            sig[3] = c.nresults
            self.pop_ctrl()
            return self.push_ctrl(OP_ELSE, sig[0], sig[1], sig[2], sig[3])
        if op == OP_GLOBAL_GET:
            self.u32(&x)
            return self.push(self._global(x))
        if op == OP_GLOBAL_SET:
            self.u32(&x)
            t = self._global(x)
            if not self.global_mutable[x]:
                # The spec interpreter's wording changed between WebAssembly 2.0 and 3.0.
                raise ValidationError("immutable global" if self.f_gc else "global is immutable")
            self.pop(t)
            return 0
        if op == OP_SELECT:
            self.pop(I32)
            t1 = self.pop(UNKNOWN)
            t2 = self.pop(UNKNOWN)
            if not (_is_num_or_vec(t1) and _is_num_or_vec(t2)):
                raise ValidationError("type mismatch")
            if t1 != t2 and t1 != UNKNOWN and t2 != UNKNOWN:
                raise ValidationError("type mismatch")
            return self.push(t2 if t1 == UNKNOWN else t1)
        if op == OP_DROP:
            self.pop(UNKNOWN)
            return 0
        if op == OP_RETURN:
            self.pop_list(self.results, self.nresults)
            return self.set_unreachable()
        if op == OP_UNREACHABLE:
            return self.set_unreachable()
        if op == OP_BR_TABLE:
            return self.br_table()
        if op == OP_CALL_INDIRECT or op == OP_RETURN_CALL_INDIRECT:
            self.u32(&x)
            self.u32(&y)
            return self.call(self.indirect(x, y), op == OP_RETURN_CALL_INDIRECT)
        if op == OP_CALL_REF or op == OP_RETURN_CALL_REF:
            self.u32(&x)
            return self.call(self.typed_ref(x), op == OP_RETURN_CALL_REF)
        if op == OP_SELECT_T:
            return self.select_t()
        if op == OP_TRY_TABLE:
            return self.try_table()
        return self.rare_rule(op)

    cdef int br_table(self) except -1:
        cdef uint64_t count, dflt, i
        self.length(&count)
        for i in range(count):   # the scratch grows as labels are read, not by the count
            self.u32(self._tmp64(<Py_ssize_t>i) + i)
        self.u32(&dflt)
        self.pop(I32)
        cdef Ctrl* d = self.label(dflt)
        cdef int32_t arity, n, off, j
        self.label_types(d, &arity)
        cdef Ctrl* c
        cdef int32_t* popped
        for i in range(count):
            c = self.label(self.tmp64[i])
            off = self.label_types(c, &n)
            if n != arity:
                raise ValidationError("type mismatch")
            # pop the label's types, then push back the types popped
            popped = self._tmp(n)
            j = n - 1
            while j >= 0:
                popped[j] = self.pop(self.pool[off + j])
                j -= 1
            for j in range(n):
                self.push(self.tmp[j])
        off = self.label_types(d, &n)
        self.pop_list(off, n)
        return self.set_unreachable()

    cdef int select_t(self) except -1:
        cdef uint64_t count
        self.length(&count)
        types = [self.val_type() for _ in range(count)]
        if len(types) != 1:
            raise ValidationError("invalid result arity")
        cdef int32_t t = types[0]
        self.check_valtype(t)
        self.pop(I32)
        self.pop(t)
        self.pop(t)
        return self.push(t)

    cdef int try_table(self) except -1:
        """Its catch clauses are branches: what each carries must match its label."""
        cdef int64_t bt
        cdef uint64_t count, k, kind
        cdef int32_t[4] sig
        cdef int32_t* tag
        cdef int32_t carried, n, off, i
        cdef Ctrl* c
        self.block_type(&bt)
        self.length(&count)
        for k in range(count):   # the scratch grows as clauses are read, not by the count
            self.catch_clause(self._tmp64(3 * <Py_ssize_t>k + 3) + 3 * k)
        self.block_sig(bt, sig)
        for k in range(count):
            kind = self.tmp64[3 * k]
            tag = NULL
            carried = 0
            if kind == CATCH or kind == CATCH_REF:
                tag = self._tag_sig(self.tmp64[3 * k + 1])
                carried = tag[1]
            if kind == CATCH_REF or kind == CATCH_ALL_REF:
                carried += 1
            c = self.label(self.tmp64[3 * k + 2])
            off = self.label_types(c, &n)
            if n != carried:
                raise ValidationError("type mismatch")
            for i in range(n):
                if not self._matches(self.pool[tag[0] + i] if tag != NULL and i < tag[1]
                                     else EXN_NON_NULL, self.pool[off + i]):
                    raise ValidationError("type mismatch")
        self.pop_list(sig[0], sig[1])
        return self.push_ctrl(OP_TRY_TABLE, sig[0], sig[1], sig[2], sig[3])

    cdef _tag(self, uint64_t idx):
        return self.ctx.lookup(self.ctx.tags, idx, "tag")

    cdef _ref(self, idx, bint nullable=True):
        return T.RefType(nullable, T.TypeIdx(idx))

    cdef int rare_rule(self, int op) except -1:
        """Tables, bulk memory, references, exceptions: Python types, checked as in body.py."""
        cdef uint64_t x, y
        cdef int32_t n, off, elem, address
        cdef int32_t* info
        cdef Ctrl* c
        ctx = self.ctx
        if op == OP_THROW:
            self.u32(&x)
            return self.throw(self._tag(x).params)
        if op == OP_THROW_REF:
            self.pop(EXNREF)
            return self.set_unreachable()
        if op == OP_TABLE_GET or op == OP_TABLE_SET or op == OP_TABLE_SIZE \
                or op == OP_TABLE_GROW or op == OP_TABLE_FILL:
            self.u32(&x)
            info = self._table_info(x)
            elem = info[0]
            address = info[1]
            if op == OP_TABLE_GET:
                self.pop(address)
                return self.push(elem)
            if op == OP_TABLE_SET:
                self.pop(elem)
                self.pop(address)
                return 0
            if op == OP_TABLE_SIZE:
                return self.push(address)
            if op == OP_TABLE_GROW:
                self.pop(address)
                self.pop(elem)
                return self.push(address)
            self.pop(address)
            self.pop(elem)
            self.pop(address)
            return 0
        if op == OP_TABLE_COPY:
            self.u32(&x)
            self.u32(&y)
            if not self._py_matches(self._table(y).elem, self._table(x).elem):
                raise ValidationError("type mismatch")
            return self.copy(self._table_addr(x), self._table_addr(y))
        if op == OP_TABLE_INIT:
            self.u32(&x)
            self.u32(&y)
            table = self._table(y)
            if not self._py_matches(ctx.elem(x), table.elem):
                raise ValidationError("type mismatch")
            self.pop(I32)
            self.pop(I32)
            self.pop(self._table_addr(y))
            return 0
        if op == OP_ELEM_DROP:
            self.u32(&x)
            ctx.elem(x)
            return 0
        if op == OP_MEMORY_COPY:
            self.mem_index(&x)
            self.mem_index(&y)
            return self.copy(self._mem_addr(x), self._mem_addr(y))
        if op == OP_MEMORY_INIT:
            self.u32(&x)
            self.mem_index(&y)
            address = self._mem_addr(y)
            ctx.data(x)
            self.pop(I32)
            self.pop(I32)
            self.pop(address)
            return 0
        if op == OP_DATA_DROP:
            self.u32(&x)
            ctx.data(x)
            return 0
        if op == OP_REF_NULL:
            return self.push(self._intern(ctx.ref_type(True, _heap(self.heap_type()))))
        if op == OP_REF_IS_NULL:
            self.pop_ref()
            return self.push(I32)
        if op == OP_REF_AS_NON_NULL:
            ref = self.pop_ref()
            return self.push(UNKNOWN if ref is None else self._intern(T.RefType(False, ref[1])))
        if op == OP_BR_ON_NULL:
            self.u32(&x)
            c = self.label(x)
            ref = self.pop_ref()
            off = self.label_types(c, &n)
            self.pop_list(off, n)
            self.push_list(off, n)   # the label's types: subtyping must not leak
            return self.push(UNKNOWN if ref is None else self._intern(T.RefType(False, ref[1])))
        if op == OP_BR_ON_NON_NULL:
            self.u32(&x)
            c = self.label(x)
            off = self.label_types(c, &n)
            if n == 0 or not _is_ref(self.pool[off + n - 1]):
                raise ValidationError("type mismatch")
            ref = self.pop_ref()
            self.push(UNKNOWN if ref is None else self._intern(T.RefType(False, ref[1])))
            self.pop_list(off, n)
            return self.push_list(off, n - 1)
        if op == OP_REF_FUNC:
            self.u32(&x)
            self._func_sig(x)
            if x not in self.ctx.refs:
                raise ValidationError("undeclared function reference")
            if self.f_function_references:   # a non-null reference of its exact type
                return self.push(self._intern(
                    T.RefType(False, T.TypeIdx(ctx.func_type_idxs[x]))))
            return self.push(FUNCREF)
        return self.gc_rule(op)

    cdef int copy(self, int32_t d, int32_t s) except -1:
        """table.copy, memory.copy: a length that fits both address spaces."""
        self.pop(I32 if d == I32 or s == I32 else I64)
        self.pop(s)
        self.pop(d)
        return 0

    cdef int throw(self, params) except -1:
        """Pop a tag's params, failing with the spec interpreter's detailed message."""
        cdef Ctrl* c = &self.ctrls[self.nctrls - 1]
        cdef Py_ssize_t first = max(c.height, self.nvals - len(params))
        shown = [self.tys[self.vals[i]] for i in range(first, self.nvals)]
        try:
            self.pop_py(params)
        except ValidationError:
            def names(types):
                return "[" + " ".join(T.type_name(t) for t in types) + "]"
            raise ValidationError(f"type mismatch: instruction requires {names(params)} "
                                  f"but stack has {names(shown)}") from None
        return self.set_unreachable()

    # --- GC (gvm/validate/gc.py) -------------------------------------------------------
    cdef _composite(self, uint64_t idx, kind):
        t = self.ctx.type_def(idx)
        if type(t) is not kind:
            raise ValidationError("type mismatch")
        return t

    cdef _field(self, uint64_t idx, uint64_t fieldidx):
        fields = self._composite(idx, BT.StructType).fields
        if fieldidx >= <uint64_t>len(fields):
            raise ValidationError(f"unknown field {fieldidx}")
        return fields[fieldidx]

    cdef _array_field(self, uint64_t idx, bint mutable=False):
        field = self._composite(idx, BT.ArrayType).field
        if mutable and not field.mutable:
            raise ValidationError("immutable array")
        return field

    cdef _data_field(self, uint64_t idx, uint64_t dataidx):
        field = self._array_field(idx)
        s = field.storage
        if not (s in BT.PACKED_TYPES or T.is_num(s) or s == T.V128):
            raise ValidationError("array type is not numeric or vector")
        self.ctx.data(dataidx)
        return field

    cdef _elem_field(self, uint64_t idx, uint64_t elemidx):
        field = self._array_field(idx)
        if not self.ctx.subtyping.matches(self.ctx.elem(elemidx), field.storage):
            raise ValidationError("type mismatch")
        return field

    cdef _cast_target(self, int64_t heap, bint nullable):
        """The reference type a cast names; the operand must be of the same hierarchy."""
        rt = self.ctx.ref_type(nullable, _heap(heap))
        ref = self.pop_ref()
        st = self.ctx.subtyping
        if ref is not None and st.top_of(ref[1]) != st.top_of(_heap(heap)):
            raise ValidationError("type mismatch")
        return rt

    cdef int gc_rule(self, int op) except -1:
        cdef uint64_t x, y
        cdef int64_t[4] cast
        cdef int32_t n, off, i
        cdef Ctrl* c
        if op == OP_STRUCT_NEW or op == OP_STRUCT_NEW_DEFAULT:
            self.u32(&x)
            fields = self._composite(x, BT.StructType).fields
            if op == OP_STRUCT_NEW:
                self.pop_py([_unpacked(f.storage) for f in fields])
            elif not all(_defaultable(f.storage) for f in fields):
                raise ValidationError("type mismatch")
            return self.push(self._intern(self._ref(x, False)))
        if op == OP_STRUCT_GET or op == OP_STRUCT_GET_S or op == OP_STRUCT_GET_U:
            self.u32(&x)
            self.u32(&y)
            field = self._field(x, y)
            if (field.storage in BT.PACKED_TYPES) != (op != OP_STRUCT_GET):
                raise ValidationError("type mismatch")
            self.pop(self._intern(self._ref(x)))
            return self.push(self._intern(_unpacked(field.storage)))
        if op == OP_STRUCT_SET:
            self.u32(&x)
            self.u32(&y)
            field = self._field(x, y)
            if not field.mutable:
                raise ValidationError("immutable field")
            self.pop(self._intern(_unpacked(field.storage)))
            self.pop(self._intern(self._ref(x)))
            return 0
        if op == OP_ARRAY_NEW or op == OP_ARRAY_NEW_DEFAULT:
            self.u32(&x)
            field = self._array_field(x)
            if op == OP_ARRAY_NEW_DEFAULT and not _defaultable(field.storage):
                raise ValidationError("type mismatch")
            self.pop(I32)
            if op == OP_ARRAY_NEW:
                self.pop(self._intern(_unpacked(field.storage)))
            return self.push(self._intern(self._ref(x, False)))
        if op == OP_ARRAY_NEW_FIXED:
            self.u32(&x)
            self.u32(&y)
            t = self._intern(_unpacked(self._array_field(x).storage))
            c = &self.ctrls[self.nctrls - 1]
            while y > 0:
                if self.nvals == c.height and c.unreachable:
                    break   # every further pop gives Unknown
                self.pop(t)
                y -= 1
            return self.push(self._intern(self._ref(x, False)))
        if op == OP_ARRAY_NEW_DATA or op == OP_ARRAY_NEW_ELEM:
            self.u32(&x)
            self.u32(&y)
            if op == OP_ARRAY_NEW_DATA:
                self._data_field(x, y)
            else:
                self._elem_field(x, y)
            self.pop(I32)
            self.pop(I32)
            return self.push(self._intern(self._ref(x, False)))
        if op == OP_ARRAY_GET or op == OP_ARRAY_GET_S or op == OP_ARRAY_GET_U:
            self.u32(&x)
            field = self._array_field(x)
            if (field.storage in BT.PACKED_TYPES) != (op != OP_ARRAY_GET):
                raise ValidationError("type mismatch")
            self.pop(I32)
            self.pop(self._intern(self._ref(x)))
            return self.push(self._intern(_unpacked(field.storage)))
        if op == OP_ARRAY_SET or op == OP_ARRAY_FILL:
            self.u32(&x)
            field = self._array_field(x, True)
            if op == OP_ARRAY_FILL:
                self.pop(I32)
            self.pop(self._intern(_unpacked(field.storage)))
            self.pop(I32)
            self.pop(self._intern(self._ref(x)))
            return 0
        if op == OP_ARRAY_LEN:
            self.pop(ARRAYREF)
            return self.push(I32)
        if op == OP_ARRAY_COPY:
            self.u32(&x)
            self.u32(&y)
            dst = self._array_field(x, True).storage
            src = self._array_field(y).storage
            if src in BT.PACKED_TYPES or dst in BT.PACKED_TYPES:
                same = src == dst
            else:
                same = self._py_matches(src, dst)
            if not same:
                raise ValidationError("array types do not match")
            self.pop_py((self._ref(x), T.I32, self._ref(y), T.I32, T.I32))
            return 0
        if op == OP_ARRAY_INIT_DATA or op == OP_ARRAY_INIT_ELEM:
            self.u32(&x)
            self.u32(&y)
            if op == OP_ARRAY_INIT_DATA:
                field = self._data_field(x, y)
            else:
                field = self._elem_field(x, y)
            if not field.mutable:
                raise ValidationError("immutable array")
            self.pop_py((self._ref(x), T.I32, T.I32, T.I32))
            return 0
        if op == OP_REF_I31:
            self.pop(I32)
            return self.push(self._intern(T.RefType(False, BT.I31)))
        if op == OP_I31_GET_S or op == OP_I31_GET_U:
            self.pop(I31REF)
            return self.push(I32)
        if op == OP_REF_EQ:
            self.pop(EQREF)
            self.pop(EQREF)
            return self.push(I32)
        if op == OP_REF_TEST or op == OP_REF_TEST_NULL:
            self._cast_target(self.heap_type(), op == OP_REF_TEST_NULL)
            return self.push(I32)
        if op == OP_REF_CAST or op == OP_REF_CAST_NULL:
            return self.push(self._intern(
                self._cast_target(self.heap_type(), op == OP_REF_CAST_NULL)))
        if op == OP_BR_ON_CAST or op == OP_BR_ON_CAST_FAIL:
            self.cast_label(cast)
            return self.br_on_cast(cast, op == OP_BR_ON_CAST_FAIL)
        if op == OP_ANY_CONVERT_EXTERN or op == OP_EXTERN_CONVERT_ANY:
            source, target = ((BT.EXTERN, BT.ANY) if op == OP_ANY_CONVERT_EXTERN
                              else (BT.ANY, BT.EXTERN))
            ref = self.pop_ref()
            if ref is None:
                return self.push(UNKNOWN)
            if not self.ctx.subtyping.matches(_py_ref_type(True, ref[1]), source):
                raise ValidationError("type mismatch")
            return self.push(self._intern(_py_ref_type(ref[0], target)))
        raise AssertionError(f"no rule for {O.OPCODES[op].name}")

    cdef int br_on_cast(self, int64_t* imm, bint fail) except -1:
        flags = imm[0]
        heap1 = _heap(imm[2])
        st = self.ctx.subtyping
        rt1 = self.ctx.ref_type(bool(flags & 1), heap1)
        rt2 = self.ctx.ref_type(bool(flags & 2), _heap(imm[3]))
        if not st.matches(rt2, rt1):
            raise ValidationError("type mismatch")
        cdef Ctrl* c = self.label(<uint64_t>imm[1])
        types = self.label_types_py(c)
        if not types or as_ref(types[-1]) is None:
            raise ValidationError("type mismatch")
        diff = _py_ref_type(bool(flags & 1) and not flags & 2, heap1)
        branched, stays = (diff, rt2) if fail else (rt2, diff)
        if not st.matches(branched, types[-1]):
            raise ValidationError("type mismatch")
        self.pop(self._intern(rt1))
        self.pop_py(types[:-1])
        self.push_py(types[:-1])
        return self.push(self._intern(stays))

    # --- Entry points ------------------------------------------------------------------
    cdef int check(self, Py_ssize_t func_index, const uint8_t[::1] data, Py_ssize_t start,
                   Py_ssize_t end) except -1:
        ctx = self.ctx
        cdef Py_ssize_t at = -1     # -1: the function's type or locals are invalid
        cdef int32_t* sig
        self.entry = self.funcs[func_index].offset
        try:
            func = self.funcs[func_index]
            type_idx = func.type_idx
            sig = self._type_sig(type_idx)
            self.set_locals(type_idx, sig, func.locals)
            self.results = sig[2]
            self.nresults = sig[3]
            at = start
            self.run(data, start, end)
        except ValidationError as e:
            if at >= 0:
                at = self.ins
            self.scan(data, start, end)   # a decoding error wins
            if self.needs_data_count:
                raise DecodeError(DATA_COUNT_REQUIRED, data.shape[0])
            if at < 0:
                raise
            raise ValidationError(e.message, func=ctx.imported_funcs + func_index,
                                  offset=at) from None
        if self.needs_data_count:
            raise DecodeError(DATA_COUNT_REQUIRED, data.shape[0])
        return 0


cdef _heap(int64_t h):
    """A heap type as gvm.binary.types gives it: an abstract type's code or a TypeIdx."""
    return T.TypeIdx(h) if h >= 0 else <int>-h


def _unpacked(storage):
    return T.I32 if storage in BT.PACKED_TYPES else storage


def _defaultable(t):
    return type(t) is not T.RefType or t.nullable


cdef _Checker _checker(ctx):
    """The checker of a validation context, made on first use and kept on it."""
    checker = ctx.__dict__.get("_c_checker")
    if checker is None:
        checker = ctx._c_checker = _Checker(ctx)
    return checker


cdef _check_range(const uint8_t[::1] data, Py_ssize_t start, Py_ssize_t end):
    """Reads stop at the end of `data`; `end` is only compared with where the body ends.
    It may lie before `start` (locals that ran past the declared size) or past the data
    (a size a little beyond the module's end): like the Python decoder, decode the body
    anyway, which then fails, at the latest as a size mismatch."""
    if not 0 <= start <= data.shape[0]:
        raise ValueError(f"body start {start} outside the {data.shape[0]} bytes")


def check_bodies(ctx, module, data):
    """Decode and validate every defined function's body in order, as gvm.Module must:
    the first decoding error of any body wins over a validation error, and "data count
    section required" (the decoder's last check) over a validation error but not over
    another decoding error. `ctx` is the Context of gvm.validate once everything but the
    functions is validated (its index spaces are read once); `data` the module's bytes."""
    ranges = [(f.body.start, f.body.end) for f in module.funcs]
    pending = None
    cdef _Checker checker = _checker(ctx)
    cdef const uint8_t[::1] view = data
    cdef Py_ssize_t i, start, end
    for i, (start, end) in enumerate(ranges):
        try:
            _check_range(view, start, end)
            checker.check(i, view, start, end)
        except (ValidationError, DecodeError) as e:
            if type(e) is DecodeError and e.message != DATA_COUNT_REQUIRED:
                raise
            pending = e
            break
    else:
        return
    for i in range(i + 1, len(ranges)):
        start, end = ranges[i]
        _check_range(view, start, end)
        checker.entry = module.funcs[i].offset
        checker.scan(view, start, end)
        if checker.needs_data_count and type(pending) is not DecodeError:
            pending = DecodeError(DATA_COUNT_REQUIRED, view.shape[0])
    raise pending
