"""Validation of the garbage-collection part of WebAssembly 3.0: the subtype declarations
of the type section (spec 3.2.x "Defined Types", `sub` / `sub final`) and the aggregate,
cast and i31 instructions (spec 3.3.2 "Reference Instructions", 3.3.3 "Aggregate
Instructions"). The rules register themselves in body.RULES.
"""
from .. import types as T
from ..binary.types import (ANY, EQ, I31, ARRAY, EXTERN, PACKED_TYPES, StructType, ArrayType,
                            as_sub_type)
from ..errors import ValidationError
from .body import UNKNOWN, rule, _mismatch, _defaultable
from .subtype import as_ref, ref_type


# --- The type section: a subtype matches its declared supertype ---------------------------
def check_declared_supers(ctx):
    subtyping = ctx.subtyping
    for i, t in enumerate(ctx.types):
        sub = as_sub_type(t, i)
        if len(sub.supers) > 1:
            raise ValidationError("multiple supertypes")
        for s in sub.supers:
            if not _composite_matches(subtyping, sub.comp, as_sub_type(ctx.types[s], s).comp):
                raise ValidationError(f"sub type {i} does not match super type {s}")


def _composite_matches(st, a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, T.FuncType):
        return (len(a.params) == len(b.params) and len(a.results) == len(b.results)
                and all(st.matches(y, x) for x, y in zip(a.params, b.params))
                and all(st.matches(x, y) for x, y in zip(a.results, b.results)))
    if isinstance(a, StructType):
        return len(a.fields) >= len(b.fields) and all(
            _field_matches(st, x, y) for x, y in zip(a.fields, b.fields))
    return _field_matches(st, a.field, b.field)


def _field_matches(st, a, b):
    if a.mutable != b.mutable:
        return False
    if a.storage in PACKED_TYPES or b.storage in PACKED_TYPES:
        return a.storage == b.storage
    if a.mutable:
        return st.matches(a.storage, b.storage) and st.matches(b.storage, a.storage)
    return st.matches(a.storage, b.storage)


# --- Helpers ---------------------------------------------------------------------------
def unpacked(storage):
    """The value type a field of this storage type reads as: packed fields read as i32."""
    return T.I32 if storage in PACKED_TYPES else storage


def _struct(v, idx):
    t = v.ctx.type_def(idx)
    if type(t) is not StructType:
        raise _mismatch()
    return t


def _array(v, idx):
    t = v.ctx.type_def(idx)
    if type(t) is not ArrayType:
        raise _mismatch()
    return t.field


def _field(v, imm):
    idx, fieldidx = imm
    fields = _struct(v, idx).fields
    if fieldidx >= len(fields):
        raise ValidationError(f"unknown field {fieldidx}")
    return fields[fieldidx]


def _ref(idx, nullable=True):
    return T.RefType(nullable, T.TypeIdx(idx))


def _is_numeric_or_vector(storage):
    return storage in PACKED_TYPES or T.is_num(storage) or storage == T.V128


# --- struct.* --------------------------------------------------------------------------
@rule("struct.new")
def _struct_new(v, idx):
    v.pop_all([unpacked(f.storage) for f in _struct(v, idx).fields])
    v.push(_ref(idx, False))


@rule("struct.new_default")
def _struct_new_default(v, idx):
    if not all(_defaultable(f.storage) for f in _struct(v, idx).fields):
        raise _mismatch()
    v.push(_ref(idx, False))


def _struct_get(packed):
    def check(v, imm):
        field = _field(v, imm)
        if (field.storage in PACKED_TYPES) != packed:
            raise _mismatch()
        v.pop(_ref(imm[0]))
        v.push(unpacked(field.storage))
    return check


for _name, _packed in (("struct.get", False), ("struct.get_s", True), ("struct.get_u", True)):
    rule(_name)(_struct_get(_packed))


@rule("struct.set")
def _struct_set(v, imm):
    field = _field(v, imm)
    if not field.mutable:
        raise ValidationError("immutable field")
    v.pop(unpacked(field.storage))
    v.pop(_ref(imm[0]))


# --- array.* ---------------------------------------------------------------------------
@rule("array.new")
def _array_new(v, idx):
    field = _array(v, idx)
    v.pop(T.I32)
    v.pop(unpacked(field.storage))
    v.push(_ref(idx, False))


@rule("array.new_default")
def _array_new_default(v, idx):
    if not _defaultable(_array(v, idx).storage):
        raise _mismatch()
    v.pop(T.I32)
    v.push(_ref(idx, False))


@rule("array.new_fixed")
def _array_new_fixed(v, imm):
    idx, n = imm
    storage = unpacked(_array(v, idx).storage)
    v.pop_all([storage] * n)
    v.push(_ref(idx, False))


def _data_field(v, idx, dataidx):
    field = _array(v, idx)
    if not _is_numeric_or_vector(field.storage):
        raise ValidationError("array type is not numeric or vector")
    v.ctx.data(dataidx)
    return field


def _elem_field(v, idx, elemidx):
    field = _array(v, idx)
    if not v.ctx.subtyping.matches(v.ctx.elem(elemidx), field.storage):
        raise _mismatch()
    return field


@rule("array.new_data")
def _array_new_data(v, imm):
    _data_field(v, *imm)
    v.pop_all((T.I32, T.I32))
    v.push(_ref(imm[0], False))


@rule("array.new_elem")
def _array_new_elem(v, imm):
    _elem_field(v, *imm)
    v.pop_all((T.I32, T.I32))
    v.push(_ref(imm[0], False))


def _array_get(packed):
    def check(v, idx):
        field = _array(v, idx)
        if (field.storage in PACKED_TYPES) != packed:
            raise _mismatch()
        v.pop_all((_ref(idx), T.I32))
        v.push(unpacked(field.storage))
    return check


for _name, _packed in (("array.get", False), ("array.get_s", True), ("array.get_u", True)):
    rule(_name)(_array_get(_packed))


def _mutable(field):
    if not field.mutable:
        raise ValidationError("immutable array")
    return field


@rule("array.set")
def _array_set(v, idx):
    field = _mutable(_array(v, idx))
    v.pop_all((_ref(idx), T.I32, unpacked(field.storage)))


@rule("array.len")
def _array_len(v, imm):
    v.pop(ARRAY)
    v.push(T.I32)


@rule("array.fill")
def _array_fill(v, idx):
    field = _mutable(_array(v, idx))
    v.pop_all((_ref(idx), T.I32, unpacked(field.storage), T.I32))


@rule("array.copy")
def _array_copy(v, imm):
    dst, src = imm
    dfield = _mutable(_array(v, dst))
    sfield = _array(v, src)
    if not _storage_matches(v, sfield.storage, dfield.storage):
        raise ValidationError("array types do not match")
    v.pop_all((_ref(dst), T.I32, _ref(src), T.I32, T.I32))


def _storage_matches(v, a, b):
    if a in PACKED_TYPES or b in PACKED_TYPES:
        return a == b
    return v.ctx.subtyping.matches(a, b)


@rule("array.init_data")
def _array_init_data(v, imm):
    _mutable(_data_field(v, *imm))
    v.pop_all((_ref(imm[0]), T.I32, T.I32, T.I32))


@rule("array.init_elem")
def _array_init_elem(v, imm):
    _mutable(_elem_field(v, *imm))
    v.pop_all((_ref(imm[0]), T.I32, T.I32, T.I32))


# --- i31 and ref.eq --------------------------------------------------------------------
@rule("ref.i31")
def _ref_i31(v, imm):
    v.pop(T.I32)
    v.push(T.RefType(False, I31))


def _i31_get(v, imm):
    v.pop(I31)
    v.push(T.I32)


rule("i31.get_s", "i31.get_u")(_i31_get)


@rule("ref.eq")
def _ref_eq(v, imm):
    v.pop(EQ)
    v.pop(EQ)
    v.push(T.I32)


# --- Casts -----------------------------------------------------------------------------
def _cast_target(v, heap, nullable):
    """The reference type a cast names; the operand must be of the same hierarchy."""
    rt = v.ctx.ref_type(nullable, heap)
    ref = v.pop_ref()
    if ref is not None and v.ctx.subtyping.top_of(ref[1]) != v.ctx.subtyping.top_of(heap):
        raise _mismatch()
    return rt


@rule("ref.test")
def _ref_test(v, heap):
    _cast_target(v, heap, False)
    v.push(T.I32)


@rule("ref.test null")
def _ref_test_null(v, heap):
    _cast_target(v, heap, True)
    v.push(T.I32)


@rule("ref.cast")
def _ref_cast(v, heap):
    v.push(_cast_target(v, heap, False))


@rule("ref.cast null")
def _ref_cast_null(v, heap):
    v.push(_cast_target(v, heap, True))


def _br_on_cast(fail):
    def check(v, imm):
        flags, depth, heap1, heap2 = imm
        st = v.ctx.subtyping
        rt1 = v.ctx.ref_type(bool(flags & 1), heap1)
        rt2 = v.ctx.ref_type(bool(flags & 2), heap2)
        if not st.matches(rt2, rt1):
            raise _mismatch()
        ctrl = v.label(depth)
        types = ctrl.label_types()
        if not types or as_ref(types[-1]) is None:
            raise _mismatch()
        diff = ref_type(bool(flags & 1) and not flags & 2, heap1)
        branched, stays = (diff, rt2) if fail else (rt2, diff)
        if not st.matches(branched, types[-1]):
            raise _mismatch()
        v.pop(rt1)
        v.pop_all(types[:-1])
        v.push_all(types[:-1])
        v.push(stays)
        if v.record:
            v.side[v.pc] = ctrl.label
    return check


rule("br_on_cast")(_br_on_cast(False))
rule("br_on_cast_fail")(_br_on_cast(True))


# --- Conversions between the any and extern hierarchies ---------------------------------
def _convert(source, target):
    def check(v, imm):
        ref = v.pop_ref()
        if ref is None:
            v.push(UNKNOWN)
            return
        if not v.ctx.subtyping.matches(ref_type(True, ref[1]), source):
            raise _mismatch()
        v.push(ref_type(ref[0], target))
    return check


rule("any.convert_extern")(_convert(EXTERN, ANY))
rule("extern.convert_any")(_convert(ANY, EXTERN))
