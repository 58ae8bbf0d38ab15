"""`gvm inspect FILE.wasm`: what a module is made of: its sections and their sizes, its
imports and exports with their types, and the WebAssembly features it uses."""
from .. import types as T
from ..binary.proposals import feature_of
from ..binary.reader import Reader
from ..binary.types import Limits64, SubType
from ..disasm import (comp_type_text, func_type_index, func_type_of, imported_function_count,
                      val_type_text)
from .. import opcodes as O
from .load import read_file, read_module
from .argparser import Parser

SECTION_NAMES = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table",
                 5: "memory", 6: "global", 7: "export", 8: "start", 9: "element",
                 10: "code", 11: "data", 12: "data count", 13: "tag"}


def main(options):
    p = Parser(prog="gvm inspect", description="Describe a WebAssembly module.")
    p.add_argument("file", metavar="FILE.wasm")
    args = p.parse_args(options.args)
    data = read_file(args.file)
    module = read_module(args.file, data)
    if module.source is not None:   # a .wat: describe the binary it stands for
        data = module.source.binary
    print("\n".join(describe(module.ast, data, args.file)))
    return 0


def describe(ast, data, name):
    yield f"{name}: {len(data)} bytes"
    yield from _table("sections", [(f"{section:<10}", f"{offset:#8x}", f"{size:>9} bytes")
                                   for section, offset, size in sections(data)])
    yield from _table("imports", [(f"{imp.module}.{imp.name}", _import_desc(ast, imp))
                                  for imp in ast.imports])
    yield from _table("exports", [(export.name, _export_desc(ast, export))
                                  for export in ast.exports])
    yield f"functions: {len(ast.funcs)} defined, {imported_function_count(ast)} imported"
    yield f"features: {', '.join(sorted(features_used(ast))) or 'none beyond WebAssembly 1.0'}"


def _table(title, rows):
    yield f"{title} ({len(rows)}):"
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))] if rows else []
    for row in rows:
        yield "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip()


# --- sections ----------------------------------------------------------------------------------
def sections(data):
    """(name, offset, size) of each section, walking the section headers (the module
    has been decoded, so they are well formed). Custom sections show their name."""
    r = Reader(data, pos=8)         # after the magic number and the version
    found = []
    while not r.at_end():
        offset = r.pos
        section_id = r.byte()
        size = r.u32()
        start = r.pos
        name = SECTION_NAMES.get(section_id, f"id {section_id}")
        if section_id == 0:
            name = f'custom "{r.name()}"'
        found.append((name, offset, size))
        r.pos = start + size
    return found


# --- imports and exports -------------------------------------------------------------------------
_DEFINED = {T.EXTERN_TABLE: lambda ast: ast.tables, T.EXTERN_MEMORY: lambda ast: ast.mems,
            T.EXTERN_GLOBAL: lambda ast: [g.type for g in ast.globals],
            T.EXTERN_TAG: lambda ast: ast.tags}


def _index_space(ast, kind):
    """What each table, memory, global or tag of the module is, imports first: its
    table, memory or global type, or a tag's type index."""
    return [imp.desc for imp in ast.imports if imp.kind == kind] + list(_DEFINED[kind](ast))


def _limits(limits, unit):
    text = f"{limits.min}" if limits.max is None else f"{limits.min}..{limits.max}"
    return f"{text} {unit}" + (" (64-bit)" if isinstance(limits, Limits64) else "")


def _extern_desc(ast, kind, desc):
    """An import's or export's type: `desc` a type index for functions and tags, else
    the table, memory or global type."""
    if kind == T.EXTERN_FUNC:
        return comp_type_text(func_type_of(ast, desc))
    if kind == T.EXTERN_TABLE:
        return f"table {_limits(desc.limits, 'entries')} {val_type_text(desc.elem)}"
    if kind == T.EXTERN_MEMORY:
        return f"memory {_limits(desc.limits, 'pages')}"
    if kind == T.EXTERN_GLOBAL:
        mutable = "mut " if desc.mutable else ""
        return f"global {mutable}{val_type_text(desc.valtype)}"
    return f"tag {comp_type_text(func_type_of(ast, desc))}"


def _import_desc(ast, imp):
    return _extern_desc(ast, imp.kind, imp.desc)


def _export_desc(ast, export):
    kind, index = export.kind, export.index
    if kind == T.EXTERN_FUNC:
        return _extern_desc(ast, kind, func_type_index(ast, index))
    return _extern_desc(ast, kind, _index_space(ast, kind)[index])


# --- features ------------------------------------------------------------------------------------
def features_used(ast):
    """The proposals beyond WebAssembly 1.0 the module relies on (names as in
    gvm.features), from its instructions and its declarations."""
    used = set()
    for func in ast.funcs:
        for instr in func.body:
            feature = feature_of(O.OPCODES[instr.op])
            if feature:
                used.add(feature)
            if instr.op in (O.BLOCK, O.LOOP, O.IF) and type(instr.imm) is T.TypeIdx:
                used.add("multi_value")
    types = [func_type_of(ast, i) for i in range(len(ast.types))]
    if any(isinstance(t, T.FuncType) and len(t.results) > 1 for t in types):
        used.add("multi_value")
    if any(not isinstance(t, T.FuncType) or isinstance(ast.types[i], SubType)
           for i, t in enumerate(types)):
        used.add("gc")
    if any(T.V128 in (*t.params, *t.results) for t in types if isinstance(t, T.FuncType)):
        used.add("simd")
    memories = _index_space(ast, T.EXTERN_MEMORY)
    if len(memories) > 1:
        used.add("multi_memory")
    if any(isinstance(mem.limits, Limits64) for mem in memories):
        used.add("memory64")
    tables = _index_space(ast, T.EXTERN_TABLE)
    if len(tables) > 1 or any(table.elem != T.FUNCREF for table in tables):
        used.add("reference_types")
    if _index_space(ast, T.EXTERN_TAG):
        used.add("exceptions")
    if _mutable_global_crosses(ast):
        used.add("mutable_globals")
    return used


def _mutable_global_crosses(ast):
    """Whether a mutable global is imported or exported (WebAssembly 1.0 allowed
    neither)."""
    if any(imp.kind == T.EXTERN_GLOBAL and imp.desc.mutable for imp in ast.imports):
        return True
    space = _index_space(ast, T.EXTERN_GLOBAL)
    return any(export.kind == T.EXTERN_GLOBAL and space[export.index].mutable
               for export in ast.exports)
