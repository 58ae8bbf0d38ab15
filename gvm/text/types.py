"""Types in the text format (spec section 6.4 "Types"): value, heap and reference types
with their abbreviations (`funcref` is `(ref null func)`), function, structure and array
types, sub and recursive types, limits, and type uses (6.6.3 "Type Uses"), written
straight to their binary encodings (5.3)."""
from .. import types as T
from ..binary import types as B
from . import encode as E
from .lexer import ID, NUMBER

HEAP_TYPES = {"func": B.FUNC, "extern": B.EXTERN, "any": B.ANY, "eq": B.EQ, "i31": B.I31,
              "struct": B.STRUCT, "array": B.ARRAY, "exn": B.EXN, "none": B.NONE,
              "noextern": B.NOEXTERN, "nofunc": B.NOFUNC, "noexn": B.NOEXN}
# The reference type abbreviations: `anyref` is (ref null any), `nullref` (ref null none).
REF_ABBREVIATIONS = {**{f"{name}ref": code for name, code in HEAP_TYPES.items()
                        if name in ("func", "extern", "any", "eq", "i31", "struct", "array", "exn")},
                     "nullref": B.NONE, "nullfuncref": B.NOFUNC, "nullexternref": B.NOEXTERN,
                     "nullexnref": B.NOEXN}
NUM_VEC_TYPES = {name: code for name, code in T.BY_NAME.items() if code not in T.REF_TYPES}
PACKED = {"i8": B.I8, "i16": B.I16}


class FuncSig:
    """A function type as written: encoded parameter and result types, and parameter names."""
    __slots__ = ("params", "results", "names")

    def __init__(self, params=(), results=(), names=()):
        self.params = tuple(params)
        self.results = tuple(results)
        self.names = tuple(names) or (None,) * len(self.params)

    def key(self):
        return self.params, self.results

    def encode(self):
        return b"\x60" + E.vec(list(self.params)) + E.vec(list(self.results))


class TypeSyntax:
    """Type parsing for the module parser, which provides `index(space)`."""

    # --- Heap, reference and value types ------------------------------------------------

    def heap_type(self):
        """The encoding of a heap type: an abstract type's byte or an s33 type index."""
        if self.at_keyword() and self.text() in HEAP_TYPES:
            return bytes([HEAP_TYPES[self.take()[1]]])
        return E.s(self.index("type"))

    def ref_type_parts(self):
        """(nullable, encoded heap type) of a reference type."""
        if self.at_keyword() and self.text() in REF_ABBREVIATIONS:
            return True, bytes([REF_ABBREVIATIONS[self.take()[1]]])
        self.open("ref")
        nullable = self.at_keyword("null")
        if nullable:
            self.i += 1
        heap = self.heap_type()
        self.rpar()
        return nullable, heap

    def ref_type(self):
        nullable, heap = self.ref_type_parts()
        return encode_ref_type(nullable, heap)

    def val_type(self):
        if self.at_keyword() and self.text() in NUM_VEC_TYPES:
            return bytes([NUM_VEC_TYPES[self.take()[1]]])
        if self.at_keyword() and self.text() in REF_ABBREVIATIONS or self.at_open("ref"):
            return self.ref_type()
        raise self.unexpected()

    def at_val_type(self):
        return (self.at_keyword() and (self.text() in NUM_VEC_TYPES or self.text() in REF_ABBREVIATIONS)
                or self.at_open("ref"))

    # --- Function types and type uses ---------------------------------------------------

    def params_and_results(self, named=True):
        """`(param ...)* (result ...)*` as a FuncSig. With `named`, a parameter may have an
        identifier (functions do, block types and call_indirect do not)."""
        params, names, results = [], [], []
        while self.at_open("param"):
            self.i += 2
            if self.kind() == ID:
                at = self.i
                name = self.identifier()
                if not named:
                    raise self.unexpected(at)
                params.append(self.val_type())
                names.append(name)
            else:
                while not self.at_rpar():
                    params.append(self.val_type())
                    names.append(None)
            self.rpar()
        while self.at_open("result"):
            self.i += 2
            while not self.at_rpar():
                results.append(self.val_type())
            self.rpar()
        if self.at_open("param"):   # parameters after results
            raise self.unexpected(self.i + 1)
        return FuncSig(params, results, names)

    def type_use(self, named=True):
        """`(type x)? (param ...)* (result ...)*`: (type index or None, FuncSig)."""
        index = None
        if self.maybe_open("type"):
            index = self.index("type")
            self.rpar()
        at = self.i
        sig = self.params_and_results(named)
        return index, sig, at

    # --- Composite, sub and recursive types ---------------------------------------------

    def storage_type(self):
        if self.at_keyword() and self.text() in PACKED:
            return bytes([PACKED[self.take()[1]]])
        return self.val_type()

    def field_type(self):
        if self.maybe_open("mut"):
            storage = self.storage_type()
            self.rpar()
            return storage + b"\x01"
        return self.storage_type() + b"\x00"

    def comp_type(self, field_names):
        """The encoding of `(func ...)`, `(struct ...)` or `(array ...)`; for a function
        type also its FuncSig. Field names go into `field_names`."""
        self.lpar()
        word = self.keyword()
        sig = None
        if word == "func":
            sig = self.params_and_results()
            out = sig.encode()
        elif word == "struct":
            fields = []
            while self.maybe_open("field"):
                name = self.identifier()
                if name is not None:
                    if name in field_names:
                        raise self.error("duplicate field", self.i - 1)
                    field_names[name] = len(fields)
                    fields.append(self.field_type())
                else:
                    while not self.at_rpar():
                        fields.append(self.field_type())
                self.rpar()
            out = b"\x5f" + E.vec(fields)
        elif word == "array":
            out = b"\x5e" + self.field_type()
        else:
            raise self.unexpected(self.i - 1)
        self.rpar()
        return out, sig

    def sub_type(self, field_names):
        """(encoding, FuncSig or None, is a plain final type without supertypes)."""
        if not self.maybe_open("sub"):
            out, sig = self.comp_type(field_names)
            return out, sig, True
        final = self.at_keyword("final")
        if final:
            self.i += 1
        supers = []
        while self.kind() in (ID, NUMBER):
            supers.append(E.u(self.index("type")))
        out, sig = self.comp_type(field_names)
        self.rpar()
        # As wasm-tools does, an inline type use may stand for any function type outside
        # a recursion group, final or not; `(sub final (func))` is written as `(func)`.
        if final and not supers:
            return out, sig, True
        return (b"\x4f" if final else b"\x50") + E.vec(supers) + out, sig, True

    # --- Limits and the types of tables, memories and globals ---------------------------

    def address_type(self):
        """Whether an optional `i32`/`i64` says 64-bit addresses."""
        if self.at_keyword("i64"):
            self.i += 1
            return True
        if self.at_keyword("i32"):
            self.i += 1
        return False

    def limits(self, is64):
        # With 64-bit memories, 32-bit sizes beyond their range are invalid, not malformed.
        read = self.u64 if is64 or self.wide_integers else self.u32
        minimum = read()
        maximum = read() if self.at_u32() else None
        flags = (1 if maximum is not None else 0) | (4 if is64 else 0)
        out = bytes([flags]) + E.u(minimum)
        return out + E.u(maximum) if maximum is not None else out

    def global_type(self):
        if self.maybe_open("mut"):
            out = self.val_type() + b"\x01"
            self.rpar()
            return out
        return self.val_type() + b"\x00"


def encode_ref_type(nullable, heap):
    if nullable and len(heap) == 1 and heap[0] in B.ABSTRACT_HEAP_TYPES:
        return heap    # the one-byte abbreviation, as wasm-tools writes it
    return (b"\x63" if nullable else b"\x64") + heap
