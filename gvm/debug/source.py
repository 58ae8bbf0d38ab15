"""The source of a module read from the text format: the debugger and --trace show the
learner's own lines. The parser (gvm/text/) kept, with the module, where each
instruction was written (`Module.source`); this maps instructions to lines and back.

`source_of(module)` is None for a module decoded from a binary: there the debugger
shows the disassembly.
"""
import os

from ..runtime import WasmFunction


def source_of(module):
    """The SourceView of a gvm.Module read from text, else None (made once per module)."""
    text_module = getattr(module, "source", None)
    if text_module is None:
        return None
    view = getattr(module, "_source_view", None)
    if view is None:
        view = module._source_view = SourceView(text_module)
    return view


class SourceView:
    def __init__(self, text_module):
        self.name = os.path.basename(text_module.file) if text_module.file else "<text>"
        self.lines = text_module.text.splitlines()
        self.by_offset = text_module.source_map      # byte offset -> (line, column)

    def position(self, func, pc):
        """(line, column) where instruction `pc` of `func` was written, or None."""
        return self.by_offset.get(func.func.body[pc].offset)

    def where(self, func, pc):
        """`prog.wat:12:5`, or None."""
        position = self.position(func, pc)
        return None if position is None else f"{self.name}:{position[0]}:{position[1]}"

    def where_offset(self, offset):
        position = self.by_offset.get(offset)
        return None if position is None else f"{self.name}:{position[0]}:{position[1]}"

    def line_text(self, line):
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def locate_line(self, instance, line):
        """(function, pc) of the first instruction on source line `line`, or on the next
        line that has one (as gdb does for a line without code); None past the last."""
        best = None
        for func in instance.funcs:
            if not isinstance(func, WasmFunction) or func.instance is not instance:
                continue
            for pc, instr in enumerate(func.func.body):
                position = self.by_offset.get(instr.offset)
                if position is None or position[0] < line:
                    continue
                key = (position[0], instr.offset)
                if best is None or key < best[0]:
                    best = (key, func, pc)
        return None if best is None else best[1:]

    def listing(self, line, marks, around=5):
        """Source lines around `line`, numbered; `marks` maps a line to its three-character
        mark (`=> ` for the current line, `  B` for a breakpoint)."""
        first = max(1, line - around)
        last = min(len(self.lines), line + around)
        width = len(str(last))
        return [f"{marks.get(n, '   ')} {n:>{width}}  {self.line_text(n)}"
                for n in range(first, last + 1)]
