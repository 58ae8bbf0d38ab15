"""The cache's encoding of a decoded module's records as `marshal` data (gvm/cache/).

marshal, not pickle: loading a pickle can run code, loading marshal data only builds
values. Only what this module's whitelist names is encoded: `None`, bools, ints, strs,
bytes, floats (by their bits, NaN payloads included), lists, tuples, dicts, frozensets,
and the record classes registered below, each as a tuple `(tag, field, ...)`. Decoding
checks every tag, every record's field count and every value's type, and raises
`Malformed` for anything else, so that an entry of the wrong shape is refused instead
of building objects the engines would trip on.
"""
import struct
from itertools import chain

from .. import module as M
from .. import types as T
from ..binary import types as B


class Malformed(ValueError):
    """An entry's contents are not what `encode` makes."""


# Tags of the containers that marshal cannot tell from a record's tuple.
TUPLE, FLOAT = 0, 1

# The record classes, each with its tag and the fields that rebuild it. Tags are
# never reused: a class removed keeps its number retired (and gvm's version, part of
# every key, changes anyway).
RECORDS = (
    (2, M.Instr), (3, M.Import), (4, M.Export), (5, M.Global), (6, M.Elem), (7, M.Data),
    (8, M.Custom), (9, M.Names), (10, T.RefType), (11, T.TypeIdx), (12, T.FuncType),
    (13, T.Limits), (14, T.Limits64), (15, T.TableType), (16, T.MemType),
    (17, T.GlobalType), (18, B.FieldType), (19, B.StructType), (20, B.ArrayType),
    (21, B.SubType), (22, B.TableWithInit),
)


def _fields(cls):
    return getattr(cls, "_fields", None) or getattr(cls, "__slots__", ())


TAGS = {cls: (tag, _fields(cls)) for tag, cls in RECORDS}
CLASSES = {tag: (cls, len(_fields(cls))) for tag, cls in RECORDS}
_PLAIN = (type(None), bool, int, str, bytes)
_DOUBLE = struct.Struct("<d")
_BITS = struct.Struct("<Q")


def encode(value):
    """`value` as marshal data; TypeError for a value outside the whitelist."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [encode(v) for v in value]
    if kind is tuple:
        return (TUPLE, *map(encode, value))
    if kind is dict:
        return {encode(k): encode(v) for k, v in value.items()}
    if kind is frozenset:
        return frozenset(encode(v) for v in value)
    if kind is float:
        return (FLOAT, _BITS.unpack(_DOUBLE.pack(value))[0])
    if kind is T.TypeIdx:
        return (TAGS[kind][0], int(value))
    if kind in TAGS:
        tag, fields = TAGS[kind]
        return (tag, *(encode(getattr(value, f)) for f in fields))
    raise TypeError(f"the module cache cannot encode a {kind.__name__}")


def decode(data):
    """The value `encode` made `data` of; Malformed if `data` is not such a value."""
    kind = type(data)
    if kind is tuple and data and type(data[0]) is int:
        return _decode_tuple(data)
    if kind in _PLAIN:
        return data
    # Containers come fresh from marshal: kept as they are when they hold plain values.
    if kind is list:
        return data if _plain(data) else list(map(decode, data))
    if kind is dict:
        return _decode_dict(data)
    if kind is frozenset:
        return frozenset(map(decode, data))
    raise Malformed(f"unexpected {kind.__name__}")


def _decode_tuple(data):
    tag = data[0]
    if tag == TUPLE:
        return tuple(map(decode, data[1:]))
    if tag == FLOAT:
        return _DOUBLE.unpack(_BITS.pack(_int(data, 1)))[0]
    if tag not in CLASSES:
        raise Malformed(f"unknown tag {tag}")
    cls, count = CLASSES[tag]
    if len(data) != count + 1:
        raise Malformed(f"{cls.__name__} with {len(data) - 1} fields, not {count}")
    if cls is T.TypeIdx:
        return T.TypeIdx(_int(data, 1))
    return cls(*map(decode, data[1:]))


def _decode_dict(data):
    if _plain(data):
        values = data.values()
        if _plain(values):
            return data
        # A map of maps of plain values, as the name section's locals and labels.
        if all(type(v) is dict for v in values) and _plain(chain.from_iterable(values)) \
                and _plain(chain.from_iterable(map(dict.values, values))):
            return data
    return {decode(k): decode(v) for k, v in data.items()}


def _plain(values):
    return all(type(v) in _PLAIN for v in values)


def _int(data, i):
    if len(data) != i + 1 or type(data[i]) is not int or not 0 <= data[i] < 1 << 64:
        raise Malformed("a float's bits or an index out of place")
    return data[i]
