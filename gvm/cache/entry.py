"""What a cache entry holds (gvm/cache/): a validated module minus its code and minus
what is cheap to derive again, as marshal data, and the module rebuilt from it.

A function's body is kept as its range of the module's bytes, which whoever loads the
entry has (it hashed them to find the entry); so are the data segments and custom
sections that occur in those bytes. The side tables are not kept: they are built when
an engine first lowers a function (side.py). The rest of the module's records go
through codec.py.

    {"ast":      the module's records but its functions, data segments and customs,
     "funcs":    per defined function: type index, locals (an index into `locals`),
                 entry offset, body start, body end; and the distinct locals,
     "datas":    per data segment: mode, memory, offset expression, bytes or range,
     "customs":  per custom section: name, offset, section before it, range,
     "types":    canonical type keys and supertype keys (gvm/validate/canonical.py),
     "lowered":  engine key -> (the engine's build, {defined function index: its
                 lowered code as the engine writes it down}), for the functions a run
                 called (gvm/runtime/lowered.py: SharedCode.to_keep); written after
                 the run that lowered them, read back lazily, one function at a time}
"""
from itertools import repeat
from operator import le

from .. import module as M
from .. import types as T
from .codec import Malformed, decode, encode

# The module's fields that codec.py encodes as they are.
PLAIN_FIELDS = ("types", "imports", "tables", "mems", "globals", "tags", "exports", "start",
                "elems", "data_count", "names")
LIST_FIELDS = ("types", "imports", "tables", "mems", "globals", "tags", "exports", "elems")
KEYS = frozenset({"ast", "funcs", "datas", "customs", "types", "lowered"})
# The array type of the functions' columns: unsigned, 64 bits.
COLUMN = "Q"
# Data segments shorter than this are kept in the entry: finding them costs more.
SLICE_MIN = 64


def contents(module, data, lowered=None):
    """The entry of gvm.Module `module`, read from the bytes `data`, with the engines'
    code `lowered` (see the "lowered" field above)."""
    ast = module.ast
    return {
        "ast": {name: encode(getattr(ast, name)) for name in PLAIN_FIELDS},
        "funcs": _funcs(ast.funcs),
        "datas": _datas(ast.datas, data),
        "customs": [(c.name, c.offset, c.after, *_find(data, c.data, c.offset))
                    for c in ast.customs],
        "types": (encode(module.type_keys), encode(module.type_supers)),
        "lowered": lowered or {},
    }


def _funcs(funcs):
    """Columns of unsigned 64-bit integers (array bytes, read back as a memoryview:
    restoring them costs no Python object per function until the function itself is
    made, nor the import of `array`)."""
    from array import array
    groups = {}
    columns = [array(COLUMN) for _ in range(5)]
    for func in funcs:
        body = func.body
        group = groups.setdefault(func.locals, len(groups))
        for column, value in zip(columns, (func.type_idx, group, func.offset, body.start,
                                           body.end)):
            column.append(value)
    return (*(c.tobytes() for c in columns),
            [[encode(x) for group in g for x in group] for g in groups])


def _datas(datas, data):
    out, pos = [], 0
    for d in datas:
        init = d.init
        if len(init) >= SLICE_MIN:     # segments follow each other in the data section
            start, end = _find(data, init, pos)
            init, pos = (start, end), end
        out.append((d.mode, d.memory, encode(d.offset), init))
    return out


def _find(data, part, hint):
    start = data.find(part, hint)
    if start < 0:
        start = data.find(part)
    if start < 0:
        raise ValueError("a module's part is not in its bytes")
    return start, start + len(part)


# --- back to a module -------------------------------------------------------------------

def restore(entry, data, features):
    """(decoded module, FuncInfos, type keys, supertype keys, lowered code) of `entry`,
    an entry of the module `data`; Malformed if it is not one `contents` made."""
    _require(type(entry) is dict and entry.keys() == KEYS, "not an entry")
    lowered = _lowered(entry["lowered"])
    ast = _ast(entry["ast"], data)
    ast.datas = _restore_datas(entry["datas"], data)
    ast.customs = _restore_customs(entry["customs"], data)
    keys, supers = _type_keys(entry["types"], len(ast.types))
    ast.funcs, infos = _restore_funcs(entry["funcs"], ast, data, features)
    return ast, infos, keys, supers, lowered


def _lowered(lowered):
    """The "lowered" field's outline checked; each record is checked by its engine
    when its function is first called."""
    _require(type(lowered) is dict, "lowered code")
    for key, kept in lowered.items():
        _require(type(key) is str and type(kept) is tuple and len(kept) == 2
                 and type(kept[0]) is str and type(kept[1]) is dict
                 and all(type(i) is int for i in kept[1]), "lowered code")
    return lowered


def _require(condition, what):
    if not condition:
        raise Malformed(what)


def _ast(fields, data):
    _require(type(fields) is dict and fields.keys() == set(PLAIN_FIELDS), "module fields")
    values = {name: decode(value) for name, value in fields.items()}
    for name in LIST_FIELDS:
        _require(type(values[name]) is list, name)
    for name in ("start", "data_count"):
        _require(values[name] is None or type(values[name]) is int, name)
    _require(type(values["names"]) is M.Names, "names")
    return M.Module(**values, size=len(data))


def _slice(data, where):
    if type(where) is bytes:
        return where
    _require(type(where) is tuple and len(where) == 2 and all(type(i) is int for i in where)
             and 0 <= where[0] <= where[1] <= len(data), "a range of the module")
    return data[where[0]:where[1]]


def _restore_datas(datas, data):
    _require(type(datas) is list, "datas")
    out = []
    for d in datas:
        _require(type(d) is tuple and len(d) == 4, "a data segment")
        mode, memory, offset, init = d
        _require(mode in (M.ELEM_ACTIVE, M.ELEM_PASSIVE) and type(memory) is int, "a data segment")
        out.append(M.Data(mode, _slice(data, init), memory, decode(offset)))
    return out


def _restore_customs(customs, data):
    _require(type(customs) is list, "customs")
    out = []
    for c in customs:
        _require(type(c) is tuple and len(c) == 5 and type(c[0]) is str
                 and type(c[1]) is int and type(c[2]) is int, "a custom section")
        out.append(M.Custom(c[0], _slice(data, c[3:]), c[1], c[2]))
    return out


def _type_keys(types, count):
    _require(type(types) is tuple and len(types) == 2, "type keys")
    keys, supers = decode(types[0]), decode(types[1])
    _require(type(keys) is list and type(supers) is list
             and len(keys) == len(supers) == count, "type keys")
    return keys, supers


def _restore_funcs(funcs, ast, data, features):
    from ..binary.code import Body
    from ..validate.locals import Locals
    from ..validate import FuncInfo
    from .side import Replay
    _require(type(funcs) is tuple and len(funcs) == 6, "functions")
    columns = [_column(c) for c in funcs[:5]]
    type_idxs, group_idxs, offsets, starts, ends = columns
    count = len(type_idxs)
    groups = funcs[5]
    _require(type(groups) is list, "locals")
    groups = [_local_groups(decode(g)) for g in groups]
    func_types = [getattr(t, "comp", t) for t in ast.types]
    if count:
        _require(all(len(c) == count for c in columns)
                 and max(type_idxs) < len(func_types) and max(group_idxs) < len(groups)
                 and max(ends) <= len(data)
                 and all(map(le, offsets, starts)) and all(map(le, starts, ends))
                 and all(type(func_types[i]) is T.FuncType for i in set(type_idxs)),
                 "functions")
    replay = Replay(ast, features)
    data_count = ast.data_count is not None
    # Functions of one type and one declaration of locals share their Locals.
    pairs = {pair: None for pair in zip(type_idxs, group_idxs)}
    for type_idx, group in pairs:
        pairs[type_idx, group] = Locals(func_types[type_idx].params, groups[group])
    bodies = list(map(Body, repeat(data), offsets, starts, ends, repeat(features),
                      repeat(data_count)))
    funcs = list(map(_func, type_idxs, map(groups.__getitem__, group_idxs), bodies, offsets))
    infos = list(map(FuncInfo, map(func_types.__getitem__, type_idxs),
                     map(pairs.__getitem__, zip(type_idxs, group_idxs)), repeat(replay), funcs))
    return funcs, infos


def _func(type_idx, local_groups, body, offset):
    """A gvm.module.Func, made without the keyword handling of its constructor."""
    func = _new_func(M.Func)
    func.type_idx, func.locals, func.body, func.offset = type_idx, local_groups, body, offset
    return func


_new_func = M.Func.__new__


def _local_groups(flat):
    """((count, value type), ...) of a function's locals, from [count, type, ...]."""
    _require(type(flat) is list and len(flat) % 2 == 0
             and all(type(n) is int for n in flat[::2]), "locals")
    pairs = iter(flat)
    return tuple(zip(pairs, pairs))


def _column(raw):
    _require(type(raw) is bytes and len(raw) % 8 == 0, "a column of functions")
    return memoryview(raw).cast(COLUMN)
