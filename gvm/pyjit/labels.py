"""Where the branches of a function body land, for the python engine's translation:
the part of the validator's side table (gvm/validate/body.py) that control.py and
ranges.py read, found from the decoded body by one pass over its blocks.

The validator checked the body at load without recording; asking `func.info` for its
side table walks the body again, decoding it and checking every instruction's types
(a tenth of translating a function with loops). The translation has the body decoded
already and needs only each branch's target: a loop's first instruction, the pc after
a block's `end`, or the function's final `end` (a return).
"""
from .. import opcodes as O
from ..validate.label import Label

LOOP = O.BY_NAME["loop"].id
TRY_TABLE = O.BY_NAME["try_table"].id
END = O.BY_NAME["end"].id
OPENERS = {O.BY_NAME[n].id for n in ("block", "loop", "if", "try_table")}
BR_TABLE = O.BY_NAME["br_table"].id
# branches whose immediate is a label depth
BY_DEPTH = {O.BY_NAME[n].id for n in ("br", "br_if", "br_on_null", "br_on_non_null")}
# br_on_cast and br_on_cast_fail: (flags, depth, heap type, heap type)
BY_CAST = {O.BY_NAME[n].id for n in ("br_on_cast", "br_on_cast_fail")}
# opcode id -> whether the pass looks at it: one test for the instructions it passes
# over (most of them), not one per kind
LABELLED = [op.id in BY_DEPTH or op.id in BY_CAST or op.id in OPENERS
            or op.id in (BR_TABLE, END) for op in O.OPCODES]


class Labels:
    """`side`: branch pc -> its Label (a tuple of Labels for br_table, the default
    last); `handlers`: (try_table pc, its end's pc, ((kind, tag, Label), ...)) per
    try_table, inner ones first. Only the Labels' targets are set. `ends`: pc of every
    block, loop, if and try_table -> pc of its `end` (control.block_ends), in the order
    of the ends; `openers`: their pcs in the order of the body; `inner`: pc of each
    branch by depth -> pc of its innermost enclosing opener (None at the top), all
    found in the same pass for control.chains and control.fits."""
    __slots__ = ("side", "handlers", "ends", "openers", "inner")

    def __init__(self, body):
        side, handlers, ends, openers, inner = {}, [], {}, [], {}
        func = Label(len(body) - 1, None, None)
        labels = [func]     # the Label of each open block, innermost last
        opened = []         # (pc, catches) of each open block
        labelled = LABELLED
        for pc, (op, imm, _offset) in enumerate(body):
            if not labelled[op]:
                continue
            if op in BY_DEPTH:
                side[pc] = labels[-1 - imm]
                inner[pc] = opened[-1][0] if opened else None
            elif op == BR_TABLE:
                depths, default = imm
                side[pc] = tuple(labels[-1 - d] for d in (*depths, default))
            elif op in BY_CAST:
                side[pc] = labels[-1 - imm[1]]
            elif op in OPENERS:
                catches = None
                if op == TRY_TABLE:     # its clauses name labels outside it
                    catches = tuple((kind, tag, labels[-1 - depth])
                                    for kind, tag, depth in imm[1])
                # a block's target is known at its end (branches share the Label)
                labels.append(Label(pc + 1 if op == LOOP else None, None, None))
                opened.append((pc, catches))
                openers.append(pc)
            elif op == END and opened:
                label = labels.pop()
                start, catches = opened.pop()
                ends[start] = pc
                if label.target is None:
                    label.target = pc + 1
                if catches is not None:
                    handlers.append((start, pc, catches))
        self.side = side
        self.handlers = tuple(handlers)
        self.ends = ends
        self.openers = openers
        self.inner = inner
