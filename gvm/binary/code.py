"""Function bodies kept as bytes: spec section 5.5.15 "Code section".

Reading a module does not decode its function bodies into instructions: one Python
object per instruction costs more time and memory than everything else in the module
together. A `Body` is the range of the module's bytes a function's code occupies, and
decodes its instructions each time it is iterated, raising the decode errors a
whole-module decoder would (the validator's pass over each body is what first checks
them, so a module is still fully checked when gvm.Module returns).
"""
from .walk import walk


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
        return iter(self.decode())

    def decode(self):
        """The instructions as a new list, kept by nobody else: what lowering and the
        translation read. Decoded by the validator's loop (walk.py), which reads the
        common immediates inline: twice as fast as the decoder's generator, and this
        runs again for every function an engine prepares."""
        out = []
        walk(self, out=out)
        return out

    def tuples(self):
        """The instructions as a new list of plain (op id, immediate, offset) tuples:
        what the python engine's translation reads (by index), decoded a third faster
        than as Instrs."""
        out = []
        walk(self, out=out, plain=True)
        return out

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
    (walk without `out` decodes as Body.decode does, without making Instrs.)"""
    for body in bodies:
        walk(body)
