"""Modules in the text format (spec section 6.6 "Modules"): every module field, the
identifier contexts of 6.6.1 with their abbreviations (inline imports and exports,
inline element and data segments, implicit function types of 6.6.3), encoded to a
binary module (5.5).

Two passes over the fields, as identifiers may be used before their definition: the
first binds every identifier of the module's index spaces (and checks that imports come
first), the second encodes the type definitions and then every other field in the
order written, so implicit types are numbered in the order `wasm-tools parse` gives.
"""
from .. import types as T
from . import encode as E
from .cursor import Cursor
from .instructions import InstrSyntax
from .lexer import ID, LPAR, NUMBER, STRING
from .types import FuncSig, TypeSyntax

SPACES = ("type", "func", "table", "memory", "global", "tag", "elem", "data")
EXTERN_KINDS = {"func": T.EXTERN_FUNC, "table": T.EXTERN_TABLE, "memory": T.EXTERN_MEMORY,
                "global": T.EXTERN_GLOBAL, "tag": T.EXTERN_TAG}
# Subsections of the name section and the index spaces whose identifiers they hold.
NAME_SUBSECTIONS = ((1, "func"), (2, "local"), (3, "label"), (4, "type"), (5, "table"), (6, "memory"),
                    (7, "global"), (8, "elem"), (9, "data"), (11, "tag"))
# Section ids (5.5.2) in the order the sections appear in a module.
SECTION_ORDER = (("type", 1), ("import", 2), ("func", 3), ("table", 4), ("memory", 5),
                 ("tag", 13), ("global", 6), ("export", 7), ("start", 8), ("elem", 9),
                 ("datacount", 12), ("code", 10), ("data", 11))


class TypeDef:
    """One defined type: its FuncSig if it is a function type, and whether it may stand
    for an inline type use (a final function type alone in its recursion group)."""
    __slots__ = ("sig", "plain")

    def __init__(self, sig, plain):
        self.sig, self.plain = sig, plain


class ModuleParser(Cursor, TypeSyntax, InstrSyntax):
    """`features` (gvm.features): without memory64, sizes and offsets are 32-bit
    numbers, and a larger one is malformed."""

    def __init__(self, source, tokens, pos=0, features=None):
        super().__init__(source, tokens, pos)
        self.wide_integers = features is None or "memory64" in features
        self.names = {space: {} for space in SPACES}
        self.counts = dict.fromkeys(SPACES, 0)     # pass 1: indices bound so far
        self.reached = dict.fromkeys(SPACES, 0)    # pass 2: indices encoded so far
        self.definition_seen = None     # the kind of the last definition (imports precede)
        self.start_seen = False
        self.field_names = {}           # type index -> {field name -> index}
        self.types = []                 # TypeDef per type index
        self.type_groups = []           # encoded recursion groups (type section entries)
        self.implicit = {}              # FuncSig.key() -> type index of a plain func type
        self.sections = {name: [] for name, _ in SECTION_ORDER}
        self.needs_data_count = False
        self.locals, self.labels, self.positions = None, [], []
        self.func_positions = []        # per code entry: [(offset in entry, char offset)]
        self.local_names = {}           # function index -> {local index -> name}
        self.label_names = {}           # function index -> {block number -> label}
        self.block_names, self.blocks_opened = None, 0   # those of the function being read
        self.module_name = None
        self.source_map = {}            # byte offset in the binary -> character offset

    # --- Identifiers ----------------------------------------------------------------------

    def bind(self, space, name, at):
        index = self.counts[space]
        self.counts[space] += 1
        if name is not None:
            if name in self.names[space]:
                raise self.error(f"duplicate {space} ${name}", at)
            self.names[space][name] = index
        return index

    def index(self, space):
        if self.kind() == ID:
            at = self.i
            name = self.identifier()
            if name not in self.names[space]:
                raise self.error(f"unknown {space} ${name}", at)
            return self.names[space][name]
        return self.u32()

    # --- The module -----------------------------------------------------------------------

    def module(self):
        """Parse fields up to `)` or the end of the tokens (the `)` stays); the binary."""
        fields = []
        while self.kind() == LPAR:
            fields.append(self.i)
            if self.kind(1) is None:
                raise self.unexpected(self.i + 1)
            self.i += 1
            self.skip_to_close()
        if self.kind() is not None and not self.at_rpar():
            raise self.unexpected()
        end = self.i
        for start in fields:
            self.i = start
            self.declare()
        for start in fields:
            self.i = start
            if self.text(1) in ("type", "rec"):
                self.type_field()
        for start in fields:
            self.i = start
            word = self.text(1)
            if word not in ("type", "rec"):
                self.i += 2
                getattr(self, "field_" + word)()
                self.rpar()
        self.i = end
        return self.assemble()

    # --- Pass 1: declarations ---------------------------------------------------------

    def declare(self):
        """Bind the identifiers of the field at the cursor."""
        at = self.i + 1
        word = self.text(1)
        self.i += 2
        if word == "type":
            self.bind("type", self.identifier(), at + 1)
        elif word == "rec":
            while self.maybe_open("type"):
                self.bind("type", self.identifier(), self.i - 1)
                self.skip_to_close()
        elif word == "import":
            self.string()
            self.string()
            self.lpar()
            kind = self.keyword()
            if kind not in EXTERN_KINDS:
                raise self.unexpected(self.i - 1)
            self.import_seen(at)
            self.bind(kind, self.identifier(), self.i - 1)
        elif word in EXTERN_KINDS:
            self.bind(word, self.identifier(), self.i - 1)
            while self.maybe_open("export"):
                self.skip_to_close()
            if self.at_open("import"):
                self.import_seen(at)
            else:
                self.definition_seen = word
            if self.maybe_open("import"):
                self.skip_to_close()
            if word == "memory":
                self.address_type()
                if self.at_open("data"):
                    self.bind("data", None, self.i)
            if word == "table":
                self.address_type()
                if self.at_val_type():
                    self.ref_type_parts_skip()
                    if self.at_open("elem"):
                        self.bind("elem", None, self.i)
        elif word in ("elem", "data"):
            self.bind(word, self.identifier(), at + 1)
        elif word == "start":
            if self.start_seen:
                raise self.error("multiple start sections", at - 1)
            self.start_seen = True
        elif word != "export":
            raise self.unexpected(at)

    def import_seen(self, at):
        if self.definition_seen:
            name = {"func": "function"}.get(self.definition_seen, self.definition_seen)
            raise self.error(f"import after {name}", at)

    def ref_type_parts_skip(self):
        """Skip a reference type in pass 1, where type names may not be bound yet."""
        if self.kind() == LPAR:
            self.i += 1
            self.skip_to_close()
        else:
            self.i += 1

    # --- Types (6.6.2) --------------------------------------------------------------------

    def type_field(self):
        if self.maybe_open("rec"):
            group = []
            while self.maybe_open("type"):
                group.append(self.type_definition(len(self.types) + len(group)))
            self.rpar()
            self.type_groups.append(b"\x4e" + E.vec([out for out, _, _ in group]))
            for _, sig, _ in group:
                self.types.append(TypeDef(sig, False))
            return
        self.open("type")
        out, sig, plain = self.type_definition(len(self.types))
        self.type_groups.append(out)
        self.add_type(sig, plain)

    def type_definition(self, index):
        """After `(type`: (encoding, FuncSig or None, plain) of one definition, its `)` read."""
        self.identifier()
        self.field_names[index] = names = {}
        out, sig, plain = self.sub_type(names)
        self.rpar()
        return out, sig, plain

    def add_type(self, sig, plain):
        index = len(self.types)
        self.types.append(TypeDef(sig, plain))
        if plain and sig is not None:
            self.implicit.setdefault(sig.key(), index)
        return index

    def func_type_index(self, index, sig, at):
        """The type index of a type use: `index` if given (the inline signature, if any,
        must agree), else the first plain function type with the inline signature, added
        at the end of the type section when there is none (6.6.3)."""
        if index is not None:
            if sig.params or sig.results:   # the inline signature must be the type's
                if index >= len(self.types):
                    raise self.error("unknown type", at)
                defined = self.types[index].sig
                if defined is None or defined.key() != sig.key():
                    raise self.error("inline function type", at)
            return index
        found = self.implicit.get(sig.key())
        if found is None:
            self.type_groups.append(sig.encode())
            found = self.add_type(FuncSig(sig.params, sig.results), True)
        return found

    def signature(self, index, sig):
        """The FuncSig a function or tag gets from its type use, with parameter names."""
        if index is not None and not sig.params and not sig.results:
            defined = self.types[index].sig if index < len(self.types) else None
            return defined or FuncSig()
        return sig

    # --- Shared parts of fields -----------------------------------------------------------

    def exports(self, kind, index):
        while self.maybe_open("export"):
            self.sections["export"].append(E.name(self.name()) + bytes([EXTERN_KINDS[kind]])
                                           + E.u(index))
            self.rpar()

    def definition(self, kind):
        """The start of a function, table, memory, global or tag field: its index, and
        whether an inline import made it an import (then encoded already)."""
        index = self.next_index(kind)
        self.identifier()
        self.exports(kind, index)
        names = self.inline_import()
        if names is not None:
            self.sections["import"].append(names + self.extern_desc(kind))
        return index, names is not None

    def inline_import(self):
        """`(import "m" "n")` after a field's identifier: the encoded names, or None."""
        if not self.maybe_open("import"):
            return None
        names = E.name(self.name()) + E.name(self.name())
        self.rpar()
        return names

    def constant(self, parse):
        """An expression outside functions (initialisers and offsets), read by
        `parse(out)`: encoded, with its `end`."""
        saved, self.positions = self.positions, []
        self.locals, self.labels = None, []
        out = bytearray()
        parse(out)
        self.positions = saved
        return bytes(out) + b"\x0b"

    def const_expr(self):
        """A constant expression up to the `)` of the enclosing form."""
        return self.constant(self.instructions)

    def offset_expr(self):
        """`(offset instr*)` or one folded instruction."""
        if self.maybe_open("offset"):
            out = self.const_expr()
            self.rpar()
            return out
        if self.kind() != LPAR:
            raise self.unexpected()
        return self.constant(self.one_folded)

    def one_folded(self, out):
        """Exactly one folded instruction (the abbreviated offset and element item)."""
        start = self.i
        self.i += 1
        self.skip_to_close()
        end = self.i
        self.i = start
        self.instructions(out, end)

    # --- Fields (6.6.4 - 6.6.13) ------------------------------------------------------

    def field_import(self):
        names = E.name(self.name()) + E.name(self.name())
        self.lpar()
        kind = self.keyword()
        self.next_index(kind)
        self.identifier()
        self.sections["import"].append(names + self.extern_desc(kind))
        self.rpar()

    def next_index(self, space):
        """The index of the next item of `space` encoded in pass 2."""
        index = self.reached[space]
        self.reached[space] += 1
        return index

    def extern_desc(self, kind):
        if kind == "func":
            type_index, sig, at = self.type_use()
            return b"\x00" + E.u(self.func_type_index(type_index, sig, at))
        if kind == "tag":
            type_index, sig, at = self.type_use()
            return b"\x04\x00" + E.u(self.func_type_index(type_index, sig, at))
        if kind == "table":
            is64 = self.address_type()
            limits = self.limits(is64)
            return b"\x01" + self.ref_type() + limits
        if kind == "memory":
            return b"\x02" + self.limits(self.address_type())
        return b"\x03" + self.global_type()

    def field_func(self):
        index, imported = self.definition("func")
        if imported:
            return
        type_index, sig, at = self.type_use()
        self.sections["func"].append(E.u(self.func_type_index(type_index, sig, at)))
        sig = self.signature(type_index, sig)
        self.locals = {}
        for i, name in enumerate(sig.names):
            self.bind_local(name, i)
        local_types = []
        while self.maybe_open("local"):
            if self.kind() == ID:
                at = self.i
                name = self.identifier()
                self.bind_local(name, len(sig.params) + len(local_types), at)
                local_types.append(self.val_type())
            else:
                while not self.at_rpar():
                    local_types.append(self.val_type())
            self.rpar()
        self.labels, self.positions = [], []
        self.block_names, self.blocks_opened = {}, 0
        body = bytearray()
        self.instructions(body)
        self.label_names[index], self.block_names = self.block_names, None
        self.local_names[index] = {i: name for name, i in self.locals.items()}
        self.positions.append((len(body), self.toks[self.i][2]))  # the function's `end`
        body += b"\x0b"
        head = compress_locals(local_types)
        entry = head + bytes(body)
        self.sections["code"].append(E.u(len(entry)) + entry)
        self.func_positions.append((len(head), self.positions))

    def bind_local(self, name, index, at=None):
        if name is None:
            return
        if name in self.locals:
            raise self.error(f"duplicate local ${name}", self.i - 1 if at is None else at)
        self.locals[name] = index

    def field_table(self):
        index, imported = self.definition("table")
        if imported:
            return
        is64 = self.address_type()
        if self.kind() == NUMBER:
            limits = self.limits(is64)
            ref = self.ref_type()
            if self.at_rpar():
                self.sections["table"].append(ref + limits)
            else:
                self.sections["table"].append(b"\x40\x00" + ref + limits + self.const_expr())
            return
        ref = self.ref_type()
        self.open("elem")
        self.next_index("elem")
        (kind, ref), items = self.elem_list(ref, inline=True)
        self.rpar()
        n = E.u(len(items))
        self.sections["table"].append(ref + bytes([0x05 if is64 else 0x01]) + n + n)
        offset = (b"\x42\x00" if is64 else b"\x41\x00") + b"\x0b"
        self.sections["elem"].append(encode_elem("active", index, offset, ref, kind, items, True))

    def field_memory(self):
        index, imported = self.definition("memory")
        if imported:
            return
        is64 = self.address_type()
        if self.maybe_open("data"):
            self.next_index("data")
            data = self.strings()
            self.rpar()
            pages = E.u(-(-len(data) // T.PAGE_SIZE))
            self.sections["memory"].append(bytes([0x05 if is64 else 0x01]) + pages + pages)
            offset = (b"\x42\x00" if is64 else b"\x41\x00") + b"\x0b"
            self.sections["data"].append(encode_data(index, offset, data))
            return
        self.sections["memory"].append(self.limits(is64))

    def field_global(self):
        _, imported = self.definition("global")
        if imported:
            return
        self.sections["global"].append(self.global_type() + self.const_expr())

    def field_tag(self):
        _, imported = self.definition("tag")
        if imported:
            return
        type_index, sig, at = self.type_use()
        self.sections["tag"].append(b"\x00" + E.u(self.func_type_index(type_index, sig, at)))

    def field_export(self):
        name = self.name()
        self.lpar()
        kind = self.keyword()
        if kind not in EXTERN_KINDS:
            raise self.unexpected(self.i - 1)
        self.sections["export"].append(E.name(name) + bytes([EXTERN_KINDS[kind]])
                                       + E.u(self.index(kind)))
        self.rpar()

    def field_start(self):
        self.sections["start"].append(E.u(self.index("func")))

    def field_elem(self):
        self.next_index("elem")
        self.identifier()
        if self.at_keyword("declare"):
            self.i += 1
            (kind, ref), items = self.elem_list(None)
            self.sections["elem"].append(encode_elem("declarative", 0, None, ref, kind, items))
            return
        table = None
        if self.maybe_open("table"):
            table = self.index("table")
            self.rpar()
        elif self.at_index() and self.kind(1) == LPAR:
            table = self.index("table")
        if table is None and not (self.kind() == LPAR and not self.at_open("item")
                                  and not self.at_open("ref")):
            (kind, ref), items = self.elem_list(None)
            self.sections["elem"].append(encode_elem("passive", 0, None, ref, kind, items))
            return
        offset = self.offset_expr()
        (kind, ref), items = self.elem_list(None, legacy=True)
        self.sections["elem"].append(
            encode_elem("active", table or 0, offset, ref, kind, items, table is not None))

    def elem_list(self, ref, inline=False, legacy=False):
        """The items of a segment: (("funcs" or "exprs", reference type), encoded items).
        `func x*`, `reftype item*`, or (inline or legacy) bare function indices."""
        if ref is None:
            if self.at_keyword("func"):
                self.i += 1
                return ("funcs", b"\x70"), self.func_indices()
            if self.at_val_type():
                ref = self.ref_type()
            elif legacy or self.at_index() or self.at_rpar():
                return ("funcs", b"\x70"), self.func_indices()
            else:
                raise self.unexpected()
        if inline and (self.at_index() or self.at_rpar()):
            return ("funcs", ref), self.func_indices()
        items = []
        while self.kind() == LPAR:
            if self.maybe_open("item"):
                items.append(self.const_expr())
                self.rpar()
            else:
                items.append(self.constant(self.one_folded))
        return ("exprs", ref), items

    def func_indices(self):
        items = []
        while self.at_index():
            items.append(E.u(self.index("func")))
        return items

    def field_data(self):
        self.next_index("data")
        self.identifier()
        if self.kind() == STRING or self.at_rpar():
            self.sections["data"].append(b"\x01" + E.name(self.strings()))
            return
        memory = 0
        if self.maybe_open("memory"):
            memory = self.index("memory")
            self.rpar()
        elif self.at_index():
            memory = self.index("memory")
        offset = self.offset_expr()
        self.sections["data"].append(encode_data(memory, offset, self.strings()))

    # --- Assembly ---------------------------------------------------------------------

    def assemble(self):
        out = bytearray(b"\0asm\x01\0\0\0")
        sections = self.sections
        sections["type"] = self.type_groups
        if self.needs_data_count:
            sections["datacount"] = [b""]
        self.code_offsets = []
        for name, section_id in SECTION_ORDER:
            entries = sections[name]
            if not entries:
                continue
            if name == "start":
                body = entries[0]
            elif name == "datacount":
                body = E.u(len(sections["data"]))
            else:
                body = E.vec(entries)
            if name == "code":
                self.locate_code(len(out) + 1 + len(E.u(len(body))), entries)
            out += E.section(section_id, body)
        names = self.name_section()
        if names:
            out += E.section(0, E.name(b"name") + names)
        return bytes(out)

    def name_section(self):
        """The `name` custom section (appendix 7.4) for the identifiers written, so that
        the debugger and the disassembler show them."""
        out = bytearray()
        if self.module_name is not None:
            out += E.section(0, E.name(self.module_name.encode()))

        def name_map(names):      # {name: index}
            return E.vec([E.u(index) + E.name(name.encode())
                          for name, index in sorted(names.items(), key=lambda item: item[1])])

        def index_map(names):     # {index: name}
            return E.vec([E.u(index) + E.name(name.encode()) for index, name in sorted(names.items())])
        for subsection, space in NAME_SUBSECTIONS:
            if space in ("local", "label"):
                by_func = self.local_names if space == "local" else self.label_names
                funcs = [(f, names) for f, names in sorted(by_func.items()) if names]
                if funcs:
                    out += E.section(subsection, E.vec([E.u(f) + index_map(names)
                                                        for f, names in funcs]))
            elif self.names[space]:
                out += E.section(subsection, name_map(self.names[space]))
        return bytes(out)

    def locate_code(self, start, entries):
        """Fill `source_map` (module byte offset -> character offset) for every
        instruction, now that the code section's place is known."""
        offset = start + len(E.u(len(entries)))
        for entry, (head, positions) in zip(entries, self.func_positions):
            body_start = offset + (len(entry) - _entry_length(entry)) + head
            for at, char in positions:
                self.source_map[body_start + at] = char
            offset += len(entry)


def _entry_length(entry):
    """Bytes of a code entry after its size prefix."""
    i = 0
    while entry[i] & 0x80:
        i += 1
    return len(entry) - i - 1


def compress_locals(local_types):
    """Locals as runs of one type: vec((count, valtype))."""
    runs = []
    for t in local_types:
        if runs and runs[-1][1] == t:
            runs[-1][0] += 1
        else:
            runs.append([1, t])
    return E.vec([E.u(n) + t for n, t in runs])


def encode_elem(mode, table, offset, ref, kind, items, explicit_table=False):
    """An element segment (5.5.12) in the form wasm-tools chooses: function indices as
    such, expressions otherwise; flags 0 and 4 when no table is named and the elements
    are funcref."""
    funcs = kind == "funcs"
    if funcs and ref != b"\x70":   # indices of a typed segment: written as ref.func
        items = [b"\xd2" + item + b"\x0b" for item in items]
        funcs = False
    vec = E.vec(items)
    elemkind = b"\x00" if funcs else ref
    if mode == "passive":
        return (b"\x01" if funcs else b"\x05") + elemkind + vec
    if mode == "declarative":
        return (b"\x03" if funcs else b"\x07") + elemkind + vec
    if not explicit_table and ref == b"\x70":
        return (b"\x00" if funcs else b"\x04") + offset + vec
    return (b"\x02" if funcs else b"\x06") + E.u(table) + offset + elemkind + vec


def encode_data(memory, offset, data):
    if memory == 0:
        return b"\x00" + offset + E.name(data)
    return b"\x02" + E.u(memory) + offset + E.name(data)
