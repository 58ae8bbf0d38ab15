"""Function bodies kept as bytes: spec section 5.5.15 "Code section".

Reading a module does not decode its function bodies into instructions: one Python
object per instruction costs more time and memory than everything else in the module
together. A `Body` is the range of the module's bytes a function's code occupies, and
decodes its instructions on the fly each time it is iterated, raising the decode errors
a whole-module decoder would (the validator's pass over each body is what first checks
them, so a module is still fully checked when gvm.Module returns).
"""
from .instructions import instructions
from .reader import Reader


class Body:
    """`data` is the module's bytes, `offset` where the function's entry starts (after
    its size: the locals), `start` its first instruction, `end` one past its final `end`.
    `data_count` says whether the module has a data count section, which instructions
    naming a data segment need (known once every section is read; the decoder sets it).
    Indexing (for the debugger) decodes once and keeps the list; iterating never keeps
    anything."""
    __slots__ = ("data", "offset", "start", "end", "features", "data_count", "_instrs")

    def __init__(self, data, offset, start, end, features, data_count=True):
        self.data = data
        self.offset = offset
        self.start = start
        self.end = end
        self.features = features
        self.data_count = data_count
        self._instrs = None

    def __iter__(self):
        r = Reader(self.data, self.features, self.start)
        yield from instructions(r, self.data_count)
        # As for any sized entry, the code must take exactly the size it declared.
        r.require(r.pos == self.end, "section size mismatch", self.offset)

    def decode(self):
        """The instructions as a new list, kept by nobody else: what lowering reads."""
        return list(self.__iter__())    # (list(self) would ask len(self) first)

    def _list(self):
        if self._instrs is None:
            self._instrs = self.decode()
        return self._instrs

    def __len__(self):
        return len(self._list())

    def __getitem__(self, index):
        return self._list()[index]

    def __eq__(self, other):
        if isinstance(other, (Body, list)):
            return list(self.__iter__()) == list(other.__iter__())
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return f"<body of {self.end - self.start} bytes at {self.start:#x}>"


def scan(bodies):
    """Decode every body without keeping anything: the check that makes a module with a
    malformed body malformed even where the validator found something invalid first.
    (walk decodes exactly what iterating a Body does, without making Instrs.)"""
    from .walk import walk      # a module read from the cache is never scanned
    for body in bodies:
        walk(body)
