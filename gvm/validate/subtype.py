"""Subtyping (spec section 3.3 "Matching" of types, WebAssembly 3.0): when a value of one
type may stand where another is expected. Number and vector types match only themselves;
reference types match by nullability and by heap type, along the three hierarchies

    any  >  eq  >  i31, struct > (struct types), array > (array types)  >  none
    func >  (function types)  >  nofunc
    extern  >  noextern          exn  >  noexn

Before 3.0 only funcref and externref exist and matching is equality.
"""
from ..record import new, record

from .. import types as T
from .canonical import canonical_keys, supertype_keys
from ..binary.types import (ANY, EQ, I31, STRUCT, ARRAY, FUNC, EXTERN, EXN, NONE, NOFUNC,
                            NOEXTERN, NOEXN, StructType, ArrayType, SubType)

# The abstract heap types each abstract heap type is a subtype of (itself included).
_ABSTRACT_SUPERS = {
    ANY: {ANY}, EQ: {EQ, ANY}, I31: {I31, EQ, ANY}, STRUCT: {STRUCT, EQ, ANY},
    ARRAY: {ARRAY, EQ, ANY}, NONE: {NONE, I31, STRUCT, ARRAY, EQ, ANY},
    FUNC: {FUNC}, NOFUNC: {NOFUNC, FUNC}, EXTERN: {EXTERN}, NOEXTERN: {NOEXTERN, EXTERN},
    EXN: {EXN}, NOEXN: {NOEXN, EXN},
}
_BOTTOM = {ANY: NONE, FUNC: NOFUNC, EXTERN: NOEXTERN, EXN: NOEXN}


def as_ref(t):
    """(nullable, heap type) of a reference type, shorthand or RefType; None otherwise."""
    if type(t) is T.RefType:
        return t.nullable, t.heap
    if t in _ABSTRACT_SUPERS:
        return True, t
    return None


def non_null(heap):
    return T.RefType(False, heap)


def ref_type(nullable, heap):
    """The canonical value of `(ref null? heap)`: nullable abstract ones are shorthands."""
    if nullable and type(heap) is not T.TypeIdx:
        return heap
    return T.RefType(nullable, heap)


class Subtyping:
    def __init__(self, types):
        self.types = types
        self.keys = canonical_keys(types)
        self.supers_of = supertype_keys(types, self.keys)

    def composite(self, idx):
        t = self.types[idx]
        return t.comp if type(t) is SubType else t

    def abstract_of(self, idx):
        """The abstract heap type right above a concrete type."""
        comp = type(self.composite(idx))
        return STRUCT if comp is StructType else ARRAY if comp is ArrayType else FUNC

    def top_of(self, heap):
        if type(heap) is T.TypeIdx:
            heap = self.abstract_of(heap)
        return next(top for top in (ANY, FUNC, EXTERN, EXN) if top in _ABSTRACT_SUPERS[heap])

    def heap_matches(self, a, b):
        if a == b:
            return True
        if type(a) is T.TypeIdx:
            if type(b) is T.TypeIdx:
                return self.keys[b] in self.supers_of[a]
            return b in _ABSTRACT_SUPERS[self.abstract_of(a)]
        if type(b) is T.TypeIdx:
            return a == _BOTTOM[self.top_of(b)]
        return b in _ABSTRACT_SUPERS.get(a, ())

    def matches(self, actual, expected):
        if actual == expected:
            return True
        a = as_ref(actual)
        b = as_ref(expected)
        if a is None or b is None:
            return False
        if a[0] and not b[0]:
            return False
        return self.heap_matches(a[1], b[1])


# --- Across modules (import matching) ------------------------------------------------------
@record
class CanonicalHeap(tuple):
    """A concrete heap type away from its module: its canonical key (canonical.py) and
    the keys of itself and its supertypes."""
    __slots__ = ()

    def __new__(cls, key, supers):
        return new(cls, (key, supers))

    def abstract(self):
        group, position = self.key
        kind = group[position][2][0]
        return STRUCT if kind == "struct" else ARRAY if kind == "array" else FUNC


def canonical(t, type_keys, type_supers):
    """Value type `t` of a module with these keys, comparable with other modules' types."""
    if type(t) is T.RefType and type(t.heap) is T.TypeIdx:
        return T.RefType(t.nullable, CanonicalHeap(type_keys[t.heap], type_supers[t.heap]))
    return t


def _canonical_heap_matches(a, b):
    if a == b:
        return True
    if type(a) is CanonicalHeap:
        if type(b) is CanonicalHeap:
            return b.key in a.supers
        return b in _ABSTRACT_SUPERS[a.abstract()]
    if type(b) is CanonicalHeap:
        top = next(t for t in (ANY, FUNC, EXTERN, EXN) if t in _ABSTRACT_SUPERS[b.abstract()])
        return a == _BOTTOM[top]
    return b in _ABSTRACT_SUPERS.get(a, ())


def canonical_matches(actual, expected):
    """Subtyping of two value types made `canonical`, from any modules."""
    if actual == expected:
        return True
    a, b = as_ref(actual), as_ref(expected)
    if a is None or b is None or (a[0] and not b[0]):
        return False
    return _canonical_heap_matches(a[1], b[1])
