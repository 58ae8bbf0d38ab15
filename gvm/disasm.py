"""A disassembler to the WebAssembly text format (spec chapter 6, "Text Format"), driven
by the opcode table: each instruction prints as its mnemonic followed by its immediates,
formatted by immediate kind. Indices print as `$names` where the name section gives
one.

Three levels, each usable alone (the debugger shows single instructions and functions):

    instruction_text(module, instr, func_index)  one instruction: "call $fib"
    function_lines(module, func_index)            a body as Line(offset, depth, text)
    disassemble_function(module, func_index)      one `(func ...)` as text
    disassemble_module(module)                    the whole `(module ...)`

`module` is a gvm.Module or the gvm.module.Module it decoded to.
"""
import math
from typing import NamedTuple

from . import opcodes as O
from . import types as T
from . import values as V
from .binary import types as BT
from .binary.instructions import BLOCK_IMMEDIATES

# --- Types ---------------------------------------------------------------------------------
# Abstract heap types, and the short names of their nullable reference types.
HEAP_TYPES = {BT.FUNC: "func", BT.EXTERN: "extern", BT.ANY: "any", BT.EQ: "eq",
              BT.I31: "i31", BT.STRUCT: "struct", BT.ARRAY: "array", BT.EXN: "exn",
              BT.NONE: "none", BT.NOEXTERN: "noextern", BT.NOFUNC: "nofunc",
              BT.NOEXN: "noexn"}
SHORTHANDS = {BT.FUNC: "funcref", BT.EXTERN: "externref", BT.ANY: "anyref", BT.EQ: "eqref",
              BT.I31: "i31ref", BT.STRUCT: "structref", BT.ARRAY: "arrayref",
              BT.EXN: "exnref", BT.NONE: "nullref", BT.NOEXTERN: "nullexternref",
              BT.NOFUNC: "nullfuncref", BT.NOEXN: "nullexnref"}


def heap_type_text(heap, namer=None):
    if type(heap) is T.TypeIdx and namer is not None:
        return namer.type(heap)
    return HEAP_TYPES.get(heap, str(heap))


def val_type_text(t, namer=None):
    """A value type; `namer` names the type indices of typed references."""
    if type(t) is T.RefType:
        return f"(ref {'null ' if t.nullable else ''}{heap_type_text(t.heap, namer)})"
    if t in T.TYPE_NAMES and t not in T.REF_TYPES:
        return T.TYPE_NAMES[t]
    return SHORTHANDS.get(t, f"<type {t!r}>")


def _storage_text(field, namer):
    storage = {BT.I8: "i8", BT.I16: "i16"}.get(field.storage) or val_type_text(field.storage,
                                                                                namer)
    return f"(mut {storage})" if field.mutable else storage


def _declarations(keyword, entries):
    """`(param $name t)` or `(local $name t)` for each (name, type text) of `entries`
    with a name; runs of unnamed ones (name None) grouped, `(param t t)`."""
    parts, unnamed = [], []
    for name, text in entries:
        if name is None:
            unnamed.append(text)
            continue
        if unnamed:
            parts.append(f"({keyword} {' '.join(unnamed)})")
            unnamed = []
        parts.append(f"({keyword} {_id(name)} {text})")
    if unnamed:
        parts.append(f"({keyword} {' '.join(unnamed)})")
    return parts


def _params_results(functype, param_names=None, namer=None):
    """`(param ...) (result ...)`, the parameters named from `param_names`."""
    names = param_names or {}
    parts = _declarations("param", [(names.get(i), val_type_text(t, namer))
                                    for i, t in enumerate(functype.params)])
    if functype.results:
        parts.append(f"(result {' '.join(val_type_text(t, namer) for t in functype.results)})")
    return " ".join(parts)


def comp_type_text(comp, namer=None):
    if isinstance(comp, T.FuncType):
        signature = _params_results(comp, namer=namer)
        return f"(func {signature})" if signature else "(func)"
    if isinstance(comp, BT.StructType):
        fields = "".join(f" (field {_storage_text(f, namer)})" for f in comp.fields)
        return f"(struct{fields})"
    return f"(array {_storage_text(comp.field, namer)})"


def type_def_text(typedef, namer=None):
    if isinstance(typedef, BT.SubType):
        supers = "".join(f" {namer.type(s) if namer else s}" for s in typedef.supers)
        final = " final" if typedef.final else ""
        return f"(sub{final}{supers} {comp_type_text(typedef.comp, namer)})"
    return comp_type_text(typedef, namer)


def func_type_of(ast, type_idx):
    typedef = ast.types[type_idx]
    return typedef.comp if isinstance(typedef, BT.SubType) else typedef


def _limits_text(limits):
    text = "i64 " if isinstance(limits, BT.Limits64) else ""
    text += str(limits.min)
    return text if limits.max is None else f"{text} {limits.max}"


# --- Names -----------------------------------------------------------------------------------
_IDCHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                     "!#$%&'*+-./:<=>?@\\^_`|~")


def _id(name):
    """A text-format identifier: $name, or $"..." when the name has other characters."""
    if name and all(c in _IDCHARS for c in name):
        return "$" + name
    return "$" + _string(name.encode())


def _string(data):
    """A text-format string literal: printable ASCII as is, other bytes as \\hh."""
    out = []
    for b in data:
        c = chr(b)
        out.append(c if 0x20 <= b < 0x7F and c not in '"\\' else f"\\{b:02x}")
    return '"' + "".join(out) + '"'


class Namer:
    """Indices as text: `$name` from the name section, else the number. `func_index`
    selects the function whose locals and labels are named. A name given to several
    indices of one space (the name section allows it, the text format does not) names
    the first of them; the others read `$name#index`. Make one Namer per module and function and reuse it:
    it remembers which names are shared."""

    def __init__(self, ast, func_index=None):
        self.names = ast.names
        self.func_index = func_index
        self._shared = {}       # index space -> {name: the first index named so}

    def _text(self, space, i):
        """The identifier of index `i` of `space` (a field of gvm.module.Names), or None."""
        name = getattr(self.names, space).get(i)
        if name is None:
            return None
        if space not in self._shared:
            first = {}
            for index, other in sorted(getattr(self.names, space).items()):
                first.setdefault(other, index)
            self._shared[space] = first
        return _id(name if self._shared[space][name] == i else f"{name}#{i}")

    def index(self, space, i):
        """Index `i` of index space `space` ("funcs", "globals", ...) as a reference."""
        return self._text(space, i) or str(i)

    def defines(self, space, i):
        """How a definition introduces itself: `$name (;i;)`, or `(;i;)` unnamed."""
        name = self._text(space, i)
        return f"(;{i};)" if name is None else f"{name} (;{i};)"

    def func(self, i):
        return self.index("funcs", i)

    def local(self, i):
        name = self.names.locals.get(self.func_index, {}).get(i)
        return str(i) if name is None else _id(name)

    def label_name(self, label_index):
        name = self.names.labels.get(self.func_index, {}).get(label_index)
        return None if name is None else _id(name)

    def global_(self, i):
        return self.index("globals", i)

    def table(self, i):
        return self.index("tables", i)

    def memory(self, i):
        return self.index("memories", i)

    def type(self, i):
        return self.index("types", i)

    def elem(self, i):
        return self.index("elems", i)

    def data(self, i):
        return self.index("datas", i)

    def tag(self, i):
        return self.index("tags", i)

    def heap(self, heap):
        return heap_type_text(heap, self)


# --- Immediates, by kind -------------------------------------------------------------------------
def float_text(value, bits):
    """A float as the text format writes it: shortest decimal that reads back the same
    value, inf, nan, or nan:0x... for a NaN with a non-canonical payload."""
    if value != value:
        raw = V.f32_to_bits(value) if bits == 32 else V.f64_to_bits(value)
        mantissa_bits = 23 if bits == 32 else 52
        payload = raw & ((1 << mantissa_bits) - 1)
        sign = "-" if raw >> (bits - 1) else ""
        canonical = payload == 1 << (mantissa_bits - 1)
        return f"{sign}nan" if canonical else f"{sign}nan:{payload:#x}"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if bits == 64:
        return repr(value)
    for digits in range(1, 10):     # nine significant digits always identify an f32
        text = f"{value:.{digits}g}"
        if V.round_f32(float(text)) == value:
            return text if any(c in text for c in ".en") else text + ".0"


def _block_type(namer, blocktype):
    if blocktype is None:
        return ""
    if type(blocktype) is T.TypeIdx:
        return f"(type {namer.type(blocktype)})"
    return f"(result {val_type_text(blocktype, namer)})"


def _memarg(namer, imm, op):
    align, offset, memory = imm[:3]
    parts = [namer.memory(memory)] if memory else []
    if offset:
        parts.append(f"offset={offset}")
    if 1 << align != op.width:
        parts.append(f"align={1 << align}")
    if op.imm == O.MEMARG_LANE:
        parts.append(str(imm[3]))
    return " ".join(parts)


def _catch(namer, clause):
    kind, tag, label = clause
    name = ("catch", "catch_ref", "catch_all", "catch_all_ref")[kind]
    return f"({name} {label})" if tag is None else f"({name} {namer.tag(tag)} {label})"


def _br_on_cast(namer, imm):
    flags, label, heap1, heap2 = imm

    def ref(heap, nullable):
        return f"(ref {'null ' if nullable else ''}{namer.heap(heap)})"
    return f"{label} {ref(heap1, flags & 1)} {ref(heap2, flags & 2)}"


def _pair(first, second):
    return lambda namer, imm: f"{first(namer, imm[0])} {second(namer, imm[1])}"


def _index(space):
    return lambda namer, i: getattr(namer, space)(i)


def _optional_index(space):
    """A memory or table index the text format leaves out when it is 0."""
    return lambda namer, i: getattr(namer, space)(i) if i else ""


IMMEDIATES = {
    O.NONE: lambda namer, imm: "",
    O.BLOCKTYPE: _block_type,
    O.LABEL: lambda namer, imm: str(imm),
    O.LABELS: lambda namer, imm: " ".join(str(label) for label in (*imm[0], imm[1])),
    O.FUNC: _index("func"),
    O.TYPE_TABLE: lambda namer, imm: (f"{namer.table(imm[1])} " if imm[1] else "")
    + f"(type {namer.type(imm[0])})",
    O.LOCAL: _index("local"),
    O.GLOBAL: _index("global_"),
    O.TABLE: _optional_index("table"),
    O.MEM: _optional_index("memory"),
    O.I32: lambda namer, imm: str(V.signed32(imm)),
    O.I64: lambda namer, imm: str(V.signed64(imm)),
    O.F32: lambda namer, imm: float_text(imm, 32),
    O.F64: lambda namer, imm: float_text(imm, 64),
    O.HEAPTYPE: lambda namer, imm: namer.heap(imm),
    O.VALTYPES: lambda namer, imm: f"(result {' '.join(val_type_text(t, namer) for t in imm)})",
    O.ELEM: _index("elem"),
    O.ELEM_TABLE: lambda namer, imm: (f"{namer.table(imm[1])} " if imm[1] else "")
    + namer.elem(imm[0]),
    O.DATA: _index("data"),
    O.DATA_MEM: lambda namer, imm: (f"{namer.memory(imm[1])} " if imm[1] else "")
    + namer.data(imm[0]),
    O.MEM_MEM: lambda namer, imm: f"{namer.memory(imm[0])} {namer.memory(imm[1])}"
    if any(imm) else "",
    O.TABLE_TABLE: lambda namer, imm: f"{namer.table(imm[0])} {namer.table(imm[1])}"
    if any(imm) else "",
    O.TAG: _index("tag"),
    O.BLOCKTYPE_CATCHES: lambda namer, imm: " ".join(
        filter(None, [_block_type(namer, imm[0]), *(_catch(namer, c) for c in imm[1])])),
    O.TYPE: _index("type"),
    O.TYPE_FIELD: lambda namer, imm: f"{namer.type(imm[0])} {imm[1]}",
    O.TYPE_TYPE: _pair(Namer.type, Namer.type),
    O.TYPE_SIZE: lambda namer, imm: f"{namer.type(imm[0])} {imm[1]}",
    O.TYPE_DATA: _pair(Namer.type, Namer.data),
    O.TYPE_ELEM: _pair(Namer.type, Namer.elem),
    O.CAST_LABEL: _br_on_cast,
    O.V128: lambda namer, imm: "i32x4 " + " ".join(
        f"{(imm >> (32 * lane)) & 0xFFFFFFFF:#010x}" for lane in range(4)),
    O.SHUFFLE: lambda namer, imm: " ".join(str(lane) for lane in imm),
    O.LANE: lambda namer, imm: str(imm),
}

# Mnemonics the text format spells differently from the opcode table's names.
_SPELLING = {"select_t": "select"}


def _mnemonic_and_operands(op, operands):
    """`ref.test null` (the table's name for the nullable form) reads `ref.test (ref null
    ht)` in the text format; the plain form `ref.test (ref ht)`."""
    if op.name.startswith(("ref.test", "ref.cast")):
        base, _, null = op.name.partition(" ")
        return base, f"(ref {'null ' if null else ''}{operands})"
    return _SPELLING.get(op.name, op.name), operands


# --- Instructions and functions -----------------------------------------------------------------
def _ast(module):
    return getattr(module, "ast", module)


def instruction_text(module, instr, func_index=None, labels=None):
    """One instruction as text. `func_index` names locals; `labels`, the label names of
    the enclosing blocks innermost last (None for unnamed), names branch targets."""
    return _instruction_text(Namer(_ast(module), func_index), instr, labels)


def _instruction_text(namer, instr, labels=None):
    op = O.OPCODES[instr.op]
    if op.imm in (O.MEMARG, O.MEMARG_LANE):
        operands = _memarg(namer, instr.imm, op)
    elif op.imm == O.LABEL and labels:
        operands = _label(labels, instr.imm)
    elif op.imm == O.LABELS and labels:
        operands = " ".join(_label(labels, d) for d in (*instr.imm[0], instr.imm[1]))
    else:
        operands = IMMEDIATES[op.imm](namer, instr.imm)
    mnemonic, operands = _mnemonic_and_operands(op, operands)
    return f"{mnemonic} {operands}" if operands else mnemonic


def _label(labels, depth):
    """A branch target: the enclosing block's name if it has one, else its depth."""
    if depth < len(labels) and labels[-1 - depth] is not None:
        return labels[-1 - depth]
    return str(depth)


class Line(NamedTuple):
    offset: int     # byte offset of the instruction in the module
    depth: int      # how many blocks enclose it
    text: str


def function_lines(module, func_index):
    """The body of defined function `func_index` (an index in the function index space,
    imports first) as lines, without the final `end` that closes the body."""
    ast = _ast(module)
    namer = Namer(ast, func_index)
    func = ast.funcs[func_index - imported_function_count(ast)]
    lines, labels, label_count = [], [], 0
    for instr in func.body[:-1]:
        op = O.OPCODES[instr.op]
        if instr.op in (O.END, O.ELSE):
            lines.append(Line(instr.offset, len(labels) - 1, op.name))
            if instr.op == O.END:
                labels.pop()
            continue
        text = _instruction_text(namer, instr, labels)
        lines.append(Line(instr.offset, len(labels), text))
        if op.imm in BLOCK_IMMEDIATES:
            name = namer.label_name(label_count)
            label_count += 1
            if name is not None:
                mnemonic, _, rest = text.partition(" ")
                lines[-1] = lines[-1]._replace(text=f"{mnemonic} {name} {rest}".rstrip())
            labels.append(name)
    return lines


def imported_function_count(module):
    """How many functions the module imports: defined functions are numbered after."""
    ast = _ast(module)
    return sum(1 for imp in ast.imports if imp.kind == T.EXTERN_FUNC)


def func_type_index(ast, func_index):
    imported = [imp.desc for imp in ast.imports if imp.kind == T.EXTERN_FUNC]
    if func_index < len(imported):
        return imported[func_index]
    return ast.funcs[func_index - len(imported)].type_idx


def function_index(module, name):
    """The index of a function given by its name-section name, export name or number."""
    ast = _ast(module)
    for index, func_name in ast.names.funcs.items():
        if func_name == name:
            return index
    for export in ast.exports:
        if export.kind == T.EXTERN_FUNC and export.name == name:
            return export.index
    if name.isdigit() and int(name) < imported_function_count(ast) + len(ast.funcs):
        return int(name)
    raise KeyError(name)


# Where offsets are shown, lines without one (headers, declarations) are indented by
# the width of an offset column: "0000abcd: ".
_NO_OFFSET = " " * 10


def _function_text_lines(ast, func_index, indent, offsets):
    namer = Namer(ast, func_index)
    margin = (_NO_OFFSET if offsets else "") + "  " * indent
    out = [margin + _func_header(ast, namer, func_index)]
    out += [margin + "  " + text for text in _locals_text(ast, namer, func_index)]
    for line in function_lines(ast, func_index):
        prefix = f"{line.offset:08x}: " if offsets else ""
        out.append(prefix + "  " * (indent + 1 + line.depth) + line.text)
    out[-1] += ")"
    return out


def _func_header(ast, namer, func_index):
    type_idx = func_type_index(ast, func_index)
    signature = _params_results(func_type_of(ast, type_idx),
                                ast.names.locals.get(func_index), namer)
    return (f"(func {namer.defines('funcs', func_index)} (type {namer.type(type_idx)})"
            + (f" {signature}" if signature else ""))


def _locals_text(ast, namer, func_index):
    """The `(local ...)` declarations of a defined function, in order: one per named
    local, runs of unnamed ones grouped."""
    func = ast.funcs[func_index - imported_function_count(ast)]
    first = len(func_type_of(ast, func.type_idx).params)
    named = ast.names.locals.get(func_index, {})
    types = [val_type_text(t, namer) for count, t in func.locals for _ in range(count)]
    return _declarations("local", [(named.get(i), text) for i, text in enumerate(types, first)])


def disassemble_function(module, func_index, offsets=False):
    """One defined function as a `(func ...)`; `offsets` prefixes each instruction with
    its byte offset in the module."""
    return "\n".join(_function_text_lines(_ast(module), func_index, 0, offsets))


# --- The whole module --------------------------------------------------------------------------------
def _const_expr(namer, expr):
    return " ".join(f"({_instruction_text(namer, instr)})" for instr in expr[:-1])


def _extern_text(namer, kind, index, desc):
    """`table $t 1 10 funcref`: the function, table, memory, global or tag `index` of its
    index space, as an import describes it and a definition begins. `desc` is a type
    index for a function or a tag, else the table, memory or global type."""
    if kind == T.EXTERN_FUNC:
        return f"func {namer.defines('funcs', index)} (type {namer.type(desc)})"
    if kind == T.EXTERN_TABLE:
        return (f"table {namer.defines('tables', index)} {_limits_text(desc.limits)} "
                f"{val_type_text(desc.elem, namer)}")
    if kind == T.EXTERN_MEMORY:
        return f"memory {namer.defines('memories', index)} {_limits_text(desc.limits)}"
    if kind == T.EXTERN_GLOBAL:
        return f"global {namer.defines('globals', index)} {_global_type_text(desc, namer)}"
    return f"tag {namer.defines('tags', index)} (type {namer.type(desc)})"


def _import_text(namer, imp, index):
    """An import; `index` is its index in the index space of its kind."""
    desc = _extern_text(namer, imp.kind, index, imp.desc)
    return f"(import {_string(imp.module.encode())} {_string(imp.name.encode())} ({desc}))"


def _global_type_text(globaltype, namer):
    text = val_type_text(globaltype.valtype, namer)
    return f"(mut {text})" if globaltype.mutable else text


_FUNC_INDEX_TYPE = T.RefType(False, BT.FUNC)


def _function_indices(namer, elem):
    """`func $a $b` for a segment of non-null function references each given by a plain
    `ref.func`: what the binary's compact encoding by function indices decodes to."""
    if elem.flags is not None:
        if elem.flags & 4:          # written as expressions: keep them so
            return None
    elif elem.type != _FUNC_INDEX_TYPE:
        return None
    items = []
    for expr in elem.init:
        if len(expr) != 2 or expr[0].op != O.REF_FUNC:
            return None
        items.append(namer.func(expr[0].imm))
    return " ".join(["func", *items])


def _elem_text(namer, index, elem):
    parts = [f"(elem {namer.defines('elems', index)}"]
    if elem.mode == "active":
        # The table is named where the binary names it (flag bit 1), so that the text
        # encodes to the same flags.
        if elem.table or (elem.flags is not None and elem.flags & 2):
            parts.append(f"(table {namer.table(elem.table)})")
        parts.append(f"(offset {_const_expr(namer, elem.offset)})")
    elif elem.mode == "declarative":
        parts.append("declare")
    indices = _function_indices(namer, elem)
    if indices:
        parts.append(indices)
    else:
        parts.append(val_type_text(elem.type, namer))
        parts += [f"(item {_const_expr(namer, expr)})" for expr in elem.init]
    return " ".join(parts) + ")"


def _data_text(namer, index, data):
    parts = [f"(data {namer.defines('datas', index)}"]
    if data.mode == "active":
        if data.memory:
            parts.append(f"(memory {namer.memory(data.memory)})")
        parts.append(f"(offset {_const_expr(namer, data.offset)})")
    parts.append(_string(data.init))
    return " ".join(parts) + ")"


def _module_fields(ast):
    """Every field but the functions, in the order of the binary format's sections."""
    namer = Namer(ast)
    for i, typedef in enumerate(ast.types):
        text = f"(type {namer.defines('types', i)} {type_def_text(typedef, namer)})"
        if isinstance(typedef, BT.SubType) and typedef.group_size > 1:
            # A recursion group of several types: (rec (type ...) (type ...)).
            first = i == typedef.group_start
            last = i == typedef.group_start + typedef.group_size - 1
            text = ("(rec " if first else "     ") + text + (")" if last else "")
        yield text
    counters = {}
    for imp in ast.imports:
        index = counters.get(imp.kind, 0)
        counters[imp.kind] = index + 1
        yield _import_text(namer, imp, index)
    yield None      # the functions go here
    for kind, defined in ((T.EXTERN_TABLE, ast.tables), (T.EXTERN_MEMORY, ast.mems),
                          (T.EXTERN_TAG, ast.tags)):
        for i, desc in enumerate(defined, counters.get(kind, 0)):
            init = f" {_const_expr(namer, desc.init)}" if type(desc) is BT.TableWithInit else ""
            yield f"({_extern_text(namer, kind, i, desc)}{init})"
    for i, glob in enumerate(ast.globals, counters.get(T.EXTERN_GLOBAL, 0)):
        yield (f"({_extern_text(namer, T.EXTERN_GLOBAL, i, glob.type)} "
               f"{_const_expr(namer, glob.init)})")
    for export in ast.exports:
        kind = T.EXTERN_NAMES[export.kind]
        index = namer.index(_SPACES[kind], export.index)
        yield f"(export {_string(export.name.encode())} ({kind} {index}))"
    if ast.start is not None:
        yield f"(start {namer.func(ast.start)})"
    for i, elem in enumerate(ast.elems):
        yield _elem_text(namer, i, elem)
    for i, data in enumerate(ast.datas):
        yield _data_text(namer, i, data)


_SPACES = {"func": "funcs", "table": "tables", "memory": "memories", "global": "globals",
           "tag": "tags"}


def disassemble_module(module, offsets=False):
    """The whole module in the text format; `offsets` as for disassemble_function."""
    ast = _ast(module)
    margin = _NO_OFFSET if offsets else ""
    name = f" {_id(ast.names.module)}" if ast.names.module else ""
    lines = [f"{margin}(module{name}"]
    first = imported_function_count(ast)
    for field in _module_fields(ast):
        if field is not None:
            lines.append(f"{margin}  {field}")
            continue
        for i in range(first, first + len(ast.funcs)):
            lines += _function_text_lines(ast, i, 1, offsets)
    lines[-1] += ")"
    return "\n".join(lines)
