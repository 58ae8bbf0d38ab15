"""Type identity across modules (spec 3.1 "Type equivalence", WebAssembly 3.0): types are
compared iso-recursively, by the shape of their whole recursion group.

Each defined type gets a canonical key: (key of its recursion group, its position in
the group). A group's key lists its type definitions with every type index rewritten:
indices inside the group become ("rec", position), indices to earlier types become those
types' keys. Two types are equivalent exactly when their keys are equal, in one module
or across modules, so keys are what engines compare at run time (call_indirect, imports).
"""
from .. import types as T
from ..binary.types import StructType, as_sub_type


def canonical_keys(types):
    keys = [None] * len(types)
    i = 0
    while i < len(types):
        sub = as_sub_type(types[i], i)
        start, size = sub.group_start, sub.group_size
        group = tuple(_definition(types, keys, start, size, j) for j in range(start, start + size))
        for j in range(size):
            keys[start + j] = (group, j)
        i = start + size
    return keys


def _definition(types, keys, start, size, j):
    sub = as_sub_type(types[j], j)
    comp = sub.comp

    def ref(idx):
        return ("rec", idx - start) if start <= idx < start + size else keys[idx]

    def val(v):
        if type(v) is T.RefType and type(v.heap) is T.TypeIdx:
            return ("ref", v.nullable, ref(v.heap))
        return v

    if isinstance(comp, T.FuncType):
        shape = ("func", tuple(map(val, comp.params)), tuple(map(val, comp.results)))
    elif isinstance(comp, StructType):
        shape = ("struct", tuple((val(f.storage), f.mutable) for f in comp.fields))
    else:
        shape = ("array", val(comp.field.storage), comp.field.mutable)
    return sub.final, tuple(ref(s) for s in sub.supers), shape


def supertype_keys(types, keys):
    """For each type, the keys of itself and of all its declared supertypes."""
    closure = []
    for i, t in enumerate(types):
        found = {keys[i]}
        for s in as_sub_type(t, i).supers:
            found |= closure[s] if s < i else {keys[s]}
        closure.append(frozenset(found))
    return closure


def host_function_keys(functype):
    """The keys of a host function's type: a final function type alone in its group."""
    key = (((True, (), ("func", tuple(functype.params), tuple(functype.results))),), 0)
    return frozenset((key,))
