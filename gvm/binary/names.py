"""The name section: spec appendix 7.4 "Name Section", with the subsections of the
extended-name-section proposal (labels, types, tables, memories, globals, element and
data segments, tags).

Custom sections are not part of a module's meaning and the spec does not validate them,
so a name section that does not decode is ignored rather than making the module
malformed. Subsections this module has no place for (field names, unknown ids) are
skipped.
"""
from ..errors import DecodeError
from ..module import Names
from .reader import Reader


def name_map(r):
    """{index: name}. (What `r.vec` does, written out: a large module names thousands of
    functions.)"""
    return dict([(r.u32(), r.name()) for _ in range(r.length())])


def indirect_name_map(r):
    """{outer index: {inner index: name}}, e.g. the locals of each function."""
    return dict(r.vec(lambda: (r.u32(), name_map(r))))


# Subsection id -> (attribute of Names, reader of its contents).
SUBSECTIONS = {
    0: ("module", lambda r: r.name()),
    1: ("funcs", name_map),
    2: ("locals", indirect_name_map),
    3: ("labels", indirect_name_map),
    4: ("types", name_map),
    5: ("tables", name_map),
    6: ("memories", name_map),
    7: ("globals", name_map),
    8: ("elems", name_map),
    9: ("datas", name_map),
    11: ("tags", name_map),
}


def subsection(r, names):
    subsection_id = r.byte()

    def contents(size):
        if subsection_id in SUBSECTIONS:
            attribute, read = SUBSECTIONS[subsection_id]
            setattr(names, attribute, read(r))
        else:
            r.bytes(size)
    r.sized(contents)


def name_section(data):
    r = Reader(data)
    names = Names()
    while not r.at_end():
        subsection(r, names)
    return names


def decode_names(customs):
    """The names of the first custom section called "name", or empty Names."""
    for custom in customs:
        if custom.name == "name":
            try:
                return name_section(custom.data)
            except DecodeError:
                return Names()
    return Names()
