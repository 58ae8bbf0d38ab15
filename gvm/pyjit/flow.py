"""The control-flow half of the python engine's forward data-flow passes over integer
locals, folded into the translation: align.py's low zero bits and ranges.py's
intervals. A pass's state maps a local's name to what is known of it; it follows
straight-line code (the pass's own `set`) and is met where control joins: at the end of
a block, from the branches to it and its fall-through; at the end of an `if` without
`else`, with the state before it; at a catch clause nothing is known. A pass gives its
meet and the two slots of control.py's Ctl where it keeps the state at a block's start
(ENTRY) and the meet of the branches to its end (INS); its loop heads are its own.
"""
from .control import IF


class ForwardFlow:
    ENTRY = INS = None      # Ctl slot names
    meet = None             # (state, state) -> the state that both imply

    def into(self, ctl):
        """A branch to (or fall into) the end of `ctl`."""
        ins = getattr(ctl, self.INS)
        setattr(ctl, self.INS, dict(self.state) if ins is None else self.meet(ins, self.state))

    def else_(self, ctl, reachable):
        if not self.on:
            return
        if reachable:
            self.into(ctl)
        self.state = dict(getattr(ctl, self.ENTRY))

    def fall(self, ctl, falls):
        if self.on and falls:
            self.into(ctl)

    def join(self, ctl):
        if not self.on:
            return
        ins = getattr(ctl, self.INS)
        if ctl.kind == IF and not ctl.has_else and ctl.reachable:
            entry = getattr(ctl, self.ENTRY)
            ins = entry if ins is None else self.meet(ins, entry)
        self.state = {} if ins is None else ins

    def unknown(self):
        self.state = {}
