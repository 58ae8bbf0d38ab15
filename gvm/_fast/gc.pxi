# The fast engine's GC instructions (WebAssembly 3.0: aggregate, i31 and cast
# instructions; spec 4.4.x). Included by engine.pyx.
#
# GC objects are the reference engine's own Python objects (gvm/runtime/gc.py): a
# reference slot indexes the invocation's `refs` list, as for every reference, so a
# structure or array survives calls, host calls, tables and globals as any object does.
# Fields hold values in gvm.values' representation, converted at the slot boundary.
#
# Lowering (`gc_lower`): each GC instruction becomes two cells, its opcode and the index
# of its argument in the lowered code's `gc_args` list (runtime types, value types,
# cast predicates, segment indices: nothing of an instance, as the code is the
# module's). `run` sends the whole opcode range to `gc_step`, which works on Python
# objects and raises its traps as Trap. `br_on_cast(_fail)` is
# lowered as its test (pushing 1 when the branch is taken) followed by the cells of a
# `br_if`: the reference stays on the stack as the label's last value. The two
# conversions between `any` and `extern` keep a reference as it is and leave no cell.

from gvm.runtime import gc as G
from gvm.binary.types import PACKED_TYPES as _PACKED

cdef Py_ssize_t STRUCT_FIELDS = _slot_offset(G.Struct, "fields")
cdef Py_ssize_t ARRAY_ELEMENTS = _slot_offset(G.Array, "elements")
cdef PyTypeObject* STRUCT_TYPE = <PyTypeObject*>G.Struct
cdef PyTypeObject* ARRAY_TYPE = <PyTypeObject*>G.Array
cdef str _FIELDS = "fields"

cdef str _NULL_STRUCT = "null structure reference"
cdef str _NULL_ARRAY = "null array reference"
cdef str _ARRAY_OOB = "out of bounds array access"


def _kind(storage):
    """How a field's value converts to a slot: _Lowering.value_kind, 5 for v128."""
    if storage in _PACKED:
        return 0
    kind = _Lowering.value_kind(storage)
    return 5 if kind < 0 else kind


def _cast(lw, heap, nullable):
    return G.cast_test(heap, nullable, lw.module)


def gc_lower(lw, i, op, imm):
    """Lower GC instruction body[i] into lw (a _Lowering); return False (it falls through)."""
    rtts = lw.module.lowered.rtts
    if op == OP_ANY_CONVERT_EXTERN or op == OP_EXTERN_CONVERT_ANY:
        return False
    if op == OP_STRUCT_NEW:
        rtt = rtts[imm]
        types = tuple(_kind(f.storage) for f in rtt.comp.fields)
        pops, pushes, arg = len(types), 1, (rtt, types)
    elif op == OP_STRUCT_NEW_DEFAULT:
        pops, pushes, arg = 0, 1, rtts[imm]
    elif op == OP_STRUCT_GET or op == OP_STRUCT_GET_U:
        rtt = rtts[imm[0]]
        pops, pushes, arg = 1, 1, (imm[1], _kind(rtt.comp.fields[imm[1]].storage))
    elif op == OP_STRUCT_GET_S:
        pops, pushes, arg = 1, 1, (imm[1], rtts[imm[0]].masks[imm[1]])
    elif op == OP_STRUCT_SET:
        rtt = rtts[imm[0]]
        arg = (imm[1], _kind(rtt.comp.fields[imm[1]].storage), rtt.masks[imm[1]])
        pops, pushes = 2, 0
    elif op == OP_ARRAY_NEW:
        rtt = rtts[imm]
        pops, pushes, arg = 2, 1, (rtt, _kind(rtt.comp.field.storage))
    elif op == OP_ARRAY_NEW_DEFAULT:
        pops, pushes, arg = 1, 1, rtts[imm]
    elif op == OP_ARRAY_NEW_FIXED:
        rtt = rtts[imm[0]]
        pops, pushes, arg = imm[1], 1, (rtt, _kind(rtt.comp.field.storage), imm[1])
    elif op == OP_ARRAY_NEW_DATA or op == OP_ARRAY_NEW_ELEM:
        pops, pushes, arg = 2, 1, (rtts[imm[0]], imm[1])
    elif op == OP_ARRAY_GET or op == OP_ARRAY_GET_U:
        pops, pushes, arg = 2, 1, _kind(rtts[imm].comp.field.storage)
    elif op == OP_ARRAY_GET_S:
        pops, pushes, arg = 2, 1, rtts[imm].masks[0]
    elif op == OP_ARRAY_SET or op == OP_ARRAY_FILL:
        rtt = rtts[imm]
        arg = (_kind(rtt.comp.field.storage), rtt.masks[0])
        pops, pushes = (3, 0) if op == OP_ARRAY_SET else (4, 0)
    elif op == OP_ARRAY_LEN:
        pops, pushes, arg = 1, 1, None
    elif op == OP_ARRAY_COPY:
        pops, pushes, arg = 5, 0, None
    elif op == OP_ARRAY_INIT_DATA:
        pops, pushes, arg = 4, 0, (rtts[imm[0]], imm[1])
    elif op == OP_ARRAY_INIT_ELEM:
        pops, pushes, arg = 4, 0, imm[1]
    elif op == OP_REF_TEST or op == OP_REF_TEST_NULL:
        pops, pushes, arg = 1, 1, _cast(lw, imm, op == OP_REF_TEST_NULL)
    elif op == OP_REF_CAST or op == OP_REF_CAST_NULL:
        pops, pushes, arg = 1, 1, _cast(lw, imm, op == OP_REF_CAST_NULL)
    elif op == OP_BR_ON_CAST or op == OP_BR_ON_CAST_FAIL:
        return _lower_br_on_cast(lw, i, op, imm)
    elif op == OP_REF_EQ:
        pops, pushes, arg = 2, 1, None
    else:       # ref.i31, i31.get_s, i31.get_u
        pops, pushes, arg = 1, 1, None
    lw.grow(pops, pushes)
    lw.emit(i, op, len(lw.gc_args))
    lw.gc_args.append(arg)
    return False


def _lower_br_on_cast(lw, i, op, imm):
    flags, depth, _heap1, heap2 = imm
    lw.grow(0, 1)
    lw.emit(i, op, len(lw.gc_args))
    lw.gc_args.append(_cast(lw, heap2, bool(flags & 2)))
    label = lw.side[i]
    lw.grow(1, 0)
    if lw.no_move(label):
        lw.emit_branch(i, X_BR_IF, label.target)
    else:
        lw.emit_branch(i, X_V128_BR_IF if lw.ctrls[-1 - depth].v128 else X_BR_IF_MOVE,
                       label.target, lw.nlocals + label.height, label.arity)
    return False


cdef inline object _obj(Machine m, slot s):
    return <object>m.ref_at(s) if s else None


cdef object _gc_load(Machine m, int kind, slot* at):
    """The value at stack position `at`, of a kind as _kind gives it."""
    if kind <= 1:
        return at[0]
    if kind == 2:
        return gvm_f32_to_double(<uint32_t>at[0])
    if kind == 3:
        return gvm_f64(at[0])
    if kind == 4:
        return _obj(m, at[0])
    return m.get(T.V128, at)


cdef int _gc_store(Machine m, int kind, object value, slot* at) except -1:
    if kind == 0:
        at[0] = PyLong_AsUnsignedLongLongMask(value) & 0xFFFFFFFFU
    elif kind == 1:
        at[0] = PyLong_AsUnsignedLongLongMask(value)
    elif kind == 2:
        at[0] = gvm_double_to_f32(PyFloat_AsDouble(value))
    elif kind == 3:
        at[0] = gvm_f64_bits(PyFloat_AsDouble(value))
    elif kind == 4:
        at[0] = _gc_ref(m, value)
    else:
        m.put(T.V128, value, at)
    return 0


cdef inline uint32_t _sign_ext(object value, object mask):
    cdef uint32_t v = value
    if mask == 0xFF:
        return <uint32_t><int32_t><int8_t>v
    return <uint32_t><int32_t><int16_t>v


cdef object _elements(Machine m, slot s):
    if s == 0:
        raise Trap(_NULL_ARRAY)
    return <object>_read_slot(m.ref_at(s), ARRAY_ELEMENTS, ARRAY_TYPE, _ELEMENTS)


cdef object _fields(Machine m, slot s):
    if s == 0:
        raise Trap(_NULL_STRUCT)
    return <object>_read_slot(m.ref_at(s), STRUCT_FIELDS, STRUCT_TYPE, _FIELDS)


# GC objects get slot values from GC_REF_BASE up: gc_compact's scan takes every slot that
# looks like a reference for one, and small integers (counters, lengths, indices) are
# what locals hold most; above them, they keep no dropped object alive by accident.
cdef Py_ssize_t GC_REF_BASE = 1 << 16


cdef slot _gc_ref(Machine m, object obj) except? 0:
    """The slot of a reference a GC instruction produces. Unlike ref_slot it does not
    look for an earlier slot of the same object: gc_compact, which runs in gc_step,
    bounds the list anyway, and identity is the objects' (ref.eq), not the slots'."""
    cdef Py_ssize_t index
    if obj is None:
        return 0
    if PyList_GET_SIZE(<PyObject*>m.refs) < GC_REF_BASE:
        m.refs.extend([None] * (GC_REF_BASE - PyList_GET_SIZE(<PyObject*>m.refs)))
    if m.free_refs:
        index = m.free_refs.pop()
        m.refs[index] = obj
        return index
    m.refs.append(obj)
    return PyList_GET_SIZE(<PyObject*>m.refs) - 1


cdef slot* gc_step(Machine m, FuncCode* code, uint32_t op, uint32_t* ip, slot* sp,
                   unsigned char** mem, uint64_t* memsize) except NULL:
    """Execute GC instruction `op` (two cells at ip); return the new stack top. Python
    code may have run meanwhile (an allocation can start Python's collector, and that
    finalizers), so memory 0's view is reloaded into run's `mem` and `memsize`.
    X_NATIVE comes here too (native.pxi)."""
    if op == X_NATIVE:
        return _native_step(m, code, mem, memsize)
    if (PyList_GET_SIZE(<PyObject*>m.refs) - PyList_GET_SIZE(<PyObject*>m.free_refs) >= m.compact_at
            or m.gc_allocated >= GC_COMPACT_ELEMENTS
            or (op >= OP_ARRAY_NEW and op <= OP_ARRAY_NEW_ELEM and _over_budget(code, op, ip, sp))):
        gc_compact(m, sp)
    sp = _gc_op(m, code, op, ip, sp)
    _mem_view(code.mem, mem, memsize)
    return sp


cdef bint _over_budget(FuncCode* code, uint32_t op, uint32_t* ip, slot* sp) except -1:
    """Whether the array about to be made would exceed the instance's memory cap as it
    stands: dropped arrays the `refs` list still holds must be given back first."""
    budget = (<Code>code.owner).func.instance.gc_budget
    if budget.limit is None:
        return False
    n = (<Code>code.owner).gc_args[ip[1]][2] if op == OP_ARRAY_NEW_FIXED else <uint32_t>sp[-1]
    return budget.live + n * G.ELEMENT_BYTES > budget.limit


cdef int gc_compact(Machine m, slot* top) except -1:
    """Let go of the objects no slot refers to any more, so that a long invocation that
    allocates and drops GC objects does not keep them all (the `refs` list would).

    The roots are the slots of the invocation's stack below `top`: every frame's locals
    and operands (objects held by globals, tables or other objects are Python's to keep).
    Slots are untyped, so the scan is conservative: any slot whose value is the index of
    a reference keeps it. A freed index goes to `free_refs` for ref_slot to reuse; no
    live slot holds it, so no slot is ever read as the wrong object. Called only from
    gc_step, before an instruction, when every live value is on the stack below `top`."""
    cdef Py_ssize_t n = PyList_GET_SIZE(<PyObject*>m.refs)
    cdef Py_ssize_t i
    cdef slot* p = m.stack
    marks = bytearray(n)
    cdef unsigned char* live = marks
    live[0] = 1
    while p < top:
        if p[0] < <uint64_t>n:
            live[p[0]] = 1
        p += 1
    refs = m.refs
    index = m.ref_index
    free = m.free_refs
    for i in range(1, n):
        if not live[i]:
            obj = refs[i]
            if obj is not None:
                key = id(obj)
                if index.get(key) == i:     # ref_slot's entry for it (_gc_ref makes none)
                    del index[key]
                refs[i] = None
                free.append(i)
    m.compact_at = max(GC_COMPACT_MIN, 2 * (n - len(free)))
    m.gc_allocated = 0
    return 0


cdef slot* _gc_op(Machine m, FuncCode* code, uint32_t op, uint32_t* ip, slot* sp) except NULL:
    cdef uint64_t n, i, s, d
    cdef Py_ssize_t k, count
    arg = (<Code>code.owner).gc_args[ip[1]]
    inst = (<Code>code.owner).func.instance      # its segments, its budget for arrays
    if op == OP_STRUCT_NEW:
        rtt, types = arg
        count = len(types)
        values = [_gc_load(m, types[k], sp - count + k) for k in range(count)]
        sp -= count
        m.gc_allocated += count + 1
        sp[0] = _gc_ref(m, G.new_struct(rtt, values) if rtt.packed else G.Struct(rtt, values))
        return sp + 1
    if op == OP_STRUCT_NEW_DEFAULT:
        sp[0] = _gc_ref(m, G.Struct(arg, list(arg.defaults)))
        return sp + 1
    if op == OP_STRUCT_GET or op == OP_STRUCT_GET_U:
        _gc_store(m, arg[1], _fields(m, sp[-1])[arg[0]], sp - 1)
        return sp
    if op == OP_STRUCT_GET_S:
        sp[-1] = _sign_ext(_fields(m, sp[-1])[arg[0]], arg[1])
        return sp
    if op == OP_STRUCT_SET:
        field, t, mask = arg
        value = _gc_load(m, t, sp - 1)
        _fields(m, sp[-2])[field] = value & mask if mask else value
        return sp - 2
    if op >= OP_ARRAY_NEW and op <= OP_ARRAY_NEW_ELEM and op != OP_ARRAY_NEW_FIXED:
        m.gc_allocated += 1 + <uint32_t>sp[-1]     # the length, an error or not
    if op == OP_ARRAY_NEW:
        rtt, t = arg
        sp[-2] = _gc_ref(m, G.new_array(rtt, _gc_load(m, t, sp - 2), <uint32_t>sp[-1], inst.gc_budget))
        return sp - 1
    if op == OP_ARRAY_NEW_DEFAULT:
        sp[-1] = _gc_ref(m, G.new_array_default(arg, <uint32_t>sp[-1], inst.gc_budget))
        return sp
    if op == OP_ARRAY_NEW_FIXED:
        rtt, t, count = arg
        values = [_gc_load(m, t, sp - count + k) for k in range(count)]
        sp -= count
        sp[0] = _gc_ref(m, G.new_array_fixed(rtt, values, inst.gc_budget))
        return sp + 1
    if op == OP_ARRAY_NEW_DATA:
        rtt, idx = arg
        sp[-2] = _gc_ref(m, G.new_array_data(rtt, inst.datas[idx], <uint32_t>sp[-2],
                                             <uint32_t>sp[-1], inst.gc_budget))
        return sp - 1
    if op == OP_ARRAY_NEW_ELEM:
        rtt, idx = arg
        sp[-2] = _gc_ref(m, G.new_array_elem(rtt, inst.elems[idx], <uint32_t>sp[-2],
                                             <uint32_t>sp[-1], inst.gc_budget))
        return sp - 1
    if op == OP_ARRAY_GET or op == OP_ARRAY_GET_U or op == OP_ARRAY_GET_S:
        elements = _elements(m, sp[-2])
        i = <uint32_t>sp[-1]
        if i >= <uint64_t>len(elements):
            raise Trap(_ARRAY_OOB)
        if op == OP_ARRAY_GET_S:
            sp[-2] = _sign_ext(elements[i], arg)
        else:
            _gc_store(m, arg, elements[i], sp - 2)
        return sp - 1
    if op == OP_ARRAY_SET:
        t, mask = arg
        elements = _elements(m, sp[-3])
        i = <uint32_t>sp[-2]
        if i >= <uint64_t>len(elements):
            raise Trap(_ARRAY_OOB)
        value = _gc_load(m, t, sp - 1)
        elements[i] = value & mask if mask else value
        return sp - 3
    if op == OP_ARRAY_LEN:
        sp[-1] = len(_elements(m, sp[-1]))
        return sp
    if op == OP_ARRAY_FILL:
        t, mask = arg
        elements = _elements(m, sp[-4])
        d = <uint32_t>sp[-3]
        n = <uint32_t>sp[-1]
        if _oob(d, n, len(elements)):
            raise Trap(_ARRAY_OOB)
        value = _gc_load(m, t, sp - 2)
        elements[d:d + n] = [value & mask if mask else value] * n
        return sp - 4
    if op == OP_ARRAY_COPY:
        dst = _elements(m, sp[-5])
        src = _elements(m, sp[-3])
        d = <uint32_t>sp[-4]
        s = <uint32_t>sp[-2]
        n = <uint32_t>sp[-1]
        if _oob(s, n, len(src)) or _oob(d, n, len(dst)):
            raise Trap(_ARRAY_OOB)
        dst[d:d + n] = src[s:s + n]
        return sp - 5
    if op == OP_ARRAY_INIT_DATA or op == OP_ARRAY_INIT_ELEM:
        elements = _elements(m, sp[-4])
        d = <uint32_t>sp[-3]
        s = <uint32_t>sp[-2]
        n = <uint32_t>sp[-1]
        if _oob(d, n, len(elements)):
            raise Trap(_ARRAY_OOB)
        if op == OP_ARRAY_INIT_DATA:
            rtt, idx = arg
            data = inst.datas[idx]
            if _oob(s, n * G.element_size(rtt), len(data)):
                raise Trap(_MEM_OOB)
            elements[d:d + n] = G.elements_from_data(rtt, data, s, n)
        else:
            segment = inst.elems[arg]
            if _oob(s, n, len(segment)):
                raise Trap(_TABLE_OOB)
            elements[d:d + n] = segment[s:s + n]
        return sp - 4
    if op == OP_REF_TEST or op == OP_REF_TEST_NULL:
        sp[-1] = 1 if arg(_obj(m, sp[-1])) else 0
        return sp
    if op == OP_REF_CAST or op == OP_REF_CAST_NULL:
        if not arg(_obj(m, sp[-1])):
            raise Trap("cast failure")
        return sp
    if op == OP_BR_ON_CAST or op == OP_BR_ON_CAST_FAIL:
        taken = arg(_obj(m, sp[-1]))
        sp[0] = (not taken) if op == OP_BR_ON_CAST_FAIL else taken
        return sp + 1
    if op == OP_REF_EQ:
        sp[-2] = 1 if G.ref_eq(_obj(m, sp[-2]), _obj(m, sp[-1])) else 0
        return sp - 1
    if op == OP_REF_I31:
        sp[-1] = _gc_ref(m, G.I31(<uint32_t>sp[-1]))
        return sp
    if op == OP_I31_GET_S or op == OP_I31_GET_U:
        if sp[-1] == 0:
            raise Trap("null i31 reference")
        r = <object>m.ref_at(sp[-1])
        sp[-1] = <uint32_t>(r.signed() & 0xFFFFFFFF) if op == OP_I31_GET_S else <uint32_t>r.value
        return sp
    raise WasmError(f"gc_step: {_NAMES[op]}")
