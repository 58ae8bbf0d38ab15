"""What the python engine knows of the low zero bits of integer locals, at each point
of a structured function: a forward data-flow pass folded into the translation, so
that addresses computed from locals are known to be aligned and go through memoryview
casts of the memory without a test (translate.py's `view_index`).

The state maps a local's name to its known low zero bits (absent: none known). It
follows local.set in straight-line code and is met (the minimum, per local) where
control joins (flow.py). A loop's head is reached from
before the loop and from its back branches, which come later in the text: a pass
assumes a state at each head (the previous pass's, or the state of the entry on the
first) and records what the back branches bring; `lowered()` says which heads were
assumed too high for a local whose alignment an access relied on, and translate.py
translates again with those lowered until none is.
"""
from .control import LOOP
from .flow import ForwardFlow


def meet(a, b):
    return {name: min(bits, b[name]) for name, bits in a.items() if name in b}


class Alignment(ForwardFlow):
    ENTRY, INS = "entry", "ins"
    meet = staticmethod(meet)

    def __init__(self, initial, heads, enabled):
        self.on = enabled
        self.state = dict(initial) if enabled else {}
        self.heads = heads          # loop target pc -> state assumed at its head
        self.assumed = {}           # ... as this pass assumed it
        self.back = {}              # ... met over the branches back to it
        # Which locals' alignment the translation relied on (an address indexing a view
        # without a test), and which locals each local's alignment came from: a head
        # assumed too high only matters if it reaches what was relied on.
        self.relied = set()
        self.sources = {}

    def get(self, name):
        return self.state.get(name, 0)

    def set(self, name, bits, sources=frozenset()):
        if self.on:
            if sources:
                self.sources[name] = self.sources.get(name, frozenset()) | sources
            if bits:
                self.state[name] = bits
            else:
                self.state.pop(name, None)

    def open(self, ctl, pc):
        if not self.on:
            return
        if ctl.kind == LOOP:
            assumed = self.heads.get(ctl.target)
            head = self.state if assumed is None else meet(self.state, assumed)
            self.assumed[ctl.target] = head
            self.state = dict(head)
        ctl.entry = dict(self.state)

    def branch(self, ctl):
        if not self.on or ctl.entry is None:    # the function's label: a return
            return
        if ctl.kind == LOOP:
            back = self.back.get(ctl.target)
            self.back[ctl.target] = dict(self.state) if back is None else meet(back, self.state)
        else:
            self.into(ctl)

    def lowered(self):
        """Loop heads whose back branches brought less than was assumed: target pc ->
        the state to assume in the next pass."""
        relied = set()
        todo = list(self.relied)
        while todo:
            name = todo.pop()
            if name not in relied:
                relied.add(name)
                todo.extend(self.sources.get(name, ()))
        out = {}
        for target, head in self.assumed.items():
            back = self.back.get(target)
            if back is not None and any(back.get(name, 0) < bits for name, bits in head.items()
                                        if name in relied):
                out[target] = meet(head, back)
        return out
