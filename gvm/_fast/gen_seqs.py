"""Generates the fast engine's sequence cells: one dispatch for 2 to 8 cells that run
one after the other, the arm made of the arms of the cells it stands for.

    python -m gvm._fast.gen_seqs          # rewrite run()'s sequence arms and their table
    python -m gvm._fast.gen_seqs --check  # exit 1 if they are stale

Run it after gen_fused.py (whose arms it copies), then gen_dispatch.py.

Why: every dispatch is an indirect jump (`mov (%ip),%eax; jmp *table(,%rax,8)`), and
in QuickJS most of them mispredict (docs/fast-engine-speed.md, round 5: 25.6k of the
37.7k an objects iteration, in callgrind's model), so what a cell costs in time is
mostly that it is dispatched at all. A sequence cell does the work of its cells with
one dispatch.

How, without a new semantics per sequence: the lowering keeps the cells of the
sequence as they are and only replaces the first cell's opcode by the sequence's
(`sequences` in engine.pyx, after a function's cells are made). The sequence's arm is
its cells' arms one after the other, copied from run(): the first arm's body ends with
`ip += k`, which leaves ip on the second cell, whose arm then reads its own operands
from there, and so on; the last arm ends as it always does (a branch, a return, a
trap). So a trap, a call or a poll in any part sees ip on its own cell, as without the
sequence, and a branch to the second cell still finds that cell's own opcode there.

What may be in a sequence (checked here; an arm that breaks a rule is refused):
- every arm reads its opcode from no variable (`op`, gvm_opcode): the cell that
  follows may be the head of another sequence, so its opcode is not its arm's;
- every arm but the last falls through: its last line is `ip += k`, with k a
  constant, and it changes ip nowhere else; the lowering checks that the next cell
  starts k cells further on (a body instruction's first cell).

SEQUENCES is chosen from the runs of cells that the fast engine executes (after the
lowering's other fusions), counted over QuickJS (objects, Mandelbrot), MicroPython, the
C programs of benchmarks/ and the spec scripts: docs/fast-engine-speed.md, rounds 6 and
7, say which and how.
"""
import re
import sys
from pathlib import Path

from gvm._fast import generated


HERE = Path(__file__).parent
ENGINE = HERE / "engine.pyx"

# Each row: the arms of the cells, in order, each named by its first opcode (an arm
# that serves several opcodes, such as OP_I32_CONST's, serves them all here too).
# Chosen by a greedy cover of the runs of cells that the fast engine executes (counted
# without sequences over QuickJS objects and Mandelbrot, MicroPython, the 19 C programs
# of benchmarks/ and the spec scripts): each step takes the run of 2 to 8 cells that
# saves the most dispatches, the real workloads each weighing as much as the C programs
# together, counted again with the runs chosen before it; only runs that at least two
# of these programs execute. docs/fast-engine-speed.md, round 7, says how and what
# each part buys. Most saving first.
SEQUENCES = (
    ("X_LOCAL_SET_C64", "X_I32_LOAD8_U_L_TEE", "X_I32_SHL_SC", "X_I32_LOAD_C",
     "X_BR_TABLE_JUMP_FWD_C"),
    ("X_I32_ADD_LC_SET", "X_LOCAL_GET2", "X_I32_LOAD16_U_S_TEE", "X_I32_SHL_SC",
     "OP_I32_ADD", "X_I64_LOAD_S_TEE", "X_I64_AND_SC", "X_BR_IF_SC_I64_NE"),
    ("X_LOCAL_ADD_C", "X_LOCAL_GET2", "X_I32_ADD_SC_TEE", "X_BR_IF_I32_NE"),
    ("OP_I32_WRAP_I64", "X_LOCAL_TEE_GET", "X_I32_ADD_SC_TEE", "X_I64_LOAD_S_TEE",
     "X_I64_SHR_U_SC", "OP_I32_WRAP_I64", "OP_LOCAL_TEE", "OP_I32_OR"),
    ("OP_I32_STORE8", "X_I32_ADD_LC", "X_I32_MUL_LC", "X_I32_ADD_SC", "X_I32_SHR_U_SC"),
    ("OP_LOCAL_GET", "X_LOCAL_SET_GET", "X_LOCAL_SET_GET", "X_I32_ADD_SC_SET", "X_JUMP"),
    ("X_I64_STORE_LL", "X_LOCAL_ADD_C", "X_LOCAL_ADD_C", "X_JUMP"),
    ("OP_LOCAL_TEE", "X_I64_ADD_SC", "X_I64_AND_LC", "OP_I64_CONST", "OP_I64_GT_U",
     "OP_SELECT"),
    ("X_I32_SHL_SC", "OP_I32_ADD"),
    ("X_I32_ADD_SC", "OP_I32_STORE"),
    ("OP_LOCAL_GET", "X_LOCAL_SET_GET", "X_I32_ADD_SC_SET", "X_JUMP"),
    ("X_LOCAL_GET2", "X_I32_ADD_SL"),
    ("X_GLOBAL_GET_I32", "X_I32_SUB_SC_TEE", "X_GLOBAL_SET_I32"),
    ("OP_LOCAL_SET", "X_JUMP_FWD"),
    ("X_LOCAL_GET2", "X_I32_ADD_SC_TEE"),
    ("X_I32_ADD_LC_TEE", "X_I64_LOAD_S_TEE"),
    ("OP_LOCAL_GET", "OP_I32_CONST"),
    ("X_LOCAL_GET2", "OP_I32_LOAD"),
    ("OP_LOCAL_GET", "OP_I32_WRAP_I64"),
    ("OP_I32_CONST", "X_I64_SHR_U_LC", "OP_I32_WRAP_I64", "X_LOCAL_TEE_GET",
     "X_I32_ADD_SC", "X_I32_LT_U_SC", "OP_SELECT"),
    ("X_I32_ADD_LC", "X_GLOBAL_SET_I32", "X_RETURN_L"),
    ("X_LOCAL_ADD_C", "X_I32_ADD_LC_TEE"),
    ("X_I32_ADD_LC_SET", "X_LOCAL_GET2", "X_I32_LOAD16_U_S_TEE", "X_I32_SHL_SC",
     "OP_I32_ADD", "OP_LOCAL_TEE", "X_I64_LOAD_S_TEE", "X_I64_AND_SC"),
    ("X_LOCAL_GET2", "X_I32_GT_U_SC", "OP_SELECT", "X_I32_SHL_SC_TEE"),
    ("OP_I32_ADD", "X_I32_ADD_SC", "X_I32_SHR_U_SC", "OP_I32_ADD", "X_I32_ADD_SC",
     "X_I32_SHR_U_SC", "OP_I32_STORE8"),
    ("OP_I32_ADD", "OP_LOCAL_TEE", "X_I32_LOAD_S_TEE"),
    ("OP_LOCAL_GET", "X_BR_IF_I32_EQZ"),
    ("X_LOCAL_GET2", "X_I32_LOAD_S_TEE"),
    ("OP_LOCAL_GET", "X_BR_IF"),
    ("X_LOCAL_GET2", "X_I32_SHL_SC", "OP_I32_ADD"),
    ("OP_F64_ADD", "OP_I64_STORE", "X_I32_ADD_LC_TEE"),
    ("X_I32_ADD_LC", "OP_I32_CONST", "OP_I32_STORE8"),
    ("X_LOCAL_GET2", "X_BR_IF_I32_GE_U"),
    ("OP_I32_XOR", "X_LOCAL_SET_GET", "X_I32_ADD_LC_TEE", "X_BR_IF_I32_NE"),
    ("OP_LOCAL_GET", "OP_I32_WRAP_I64", "X_I32_ADD_SC_TEE", "X_I32_LOAD_L_TEE",
     "X_I32_ADD_SC", "OP_I32_STORE", "X_BR_IF_LC_I32_GT_S"),
    ("X_LOCAL_GET2", "X_I32_ADD_SC_TEE", "OP_I64_LOAD", "OP_I64_STORE",
     "X_BR_IF_LC_I64_LT_U"),
    ("OP_LOCAL_GET", "OP_LOCAL_TEE", "X_I32_MUL_SC", "X_I32_ADD_SC_TEE", "X_I32_SHR_U_SC"),
    ("X_LOCAL_GET2", "X_I32_ADD_SC_TEE", "OP_I32_STORE", "X_I32_LOAD_L_TEE"),
    ("OP_I32_CONST", "OP_I32_STORE", "X_LOCAL_GET2", "X_I32_ADD_SC", "OP_I32_STORE",
     "X_LOCAL_GET2"),
    ("OP_SELECT", "X_LOCAL_TEE_GET", "X_LOCAL_GET2"),
    ("OP_LOCAL_GET", "X_LOCAL_SET_GET"),
    ("X_I32_LOAD_L_TEE", "X_I32_SHL_SC", "OP_I32_ADD", "X_I32_ADD_SC_TEE", "X_I32_AND_LL",
     "X_I32_XOR_SC", "X_I32_SHL_SC", "OP_I32_ADD"),
    ("OP_I32_STORE8", "X_LOCAL_GET2", "X_I32_MUL_SC", "X_I32_ADD_SC", "X_I32_SHR_U_SC",
     "OP_I32_STORE8", "X_I32_ADD_LC_TEE", "X_BR_IF_SC_I32_NE"),
    ("OP_LOCAL_GET", "OP_CALL"),
    ("OP_SELECT", "X_LOCAL_SET_GET", "X_I32_ADD_SC_SET"),
    ("X_I32_ADD_SC_SET", "X_I32_ADD_LC"),
    ("OP_I64_CONST", "OP_LOCAL_GET", "OP_I32_REINTERPRET_F32"),
    ("X_I32_ADD_LC_TEE", "X_I64_LOAD_S_TEE", "X_I64_SHR_U_SC"),
    ("X_LOCAL_ADD_C", "X_JUMP"),
    ("X_I32_AND_LC", "X_BR_IF"),
    ("X_I64_STORE_LL", "OP_LOCAL_GET", "X_LOCAL_SET_GET", "X_LOCAL_SET_GET",
     "X_I32_ADD_SC_SET", "X_JUMP"),
    ("X_I32_ADD_LC_TEE", "X_BR_IF_SL_I32_LT_U"),
    ("OP_LOCAL_GET", "OP_I32_WRAP_I64", "X_I32_ADD_SC_TEE", "X_I32_LOAD_L", "X_I32_ADD_SC",
     "OP_I32_STORE"),
    ("X_I32_SHL_LC", "OP_I32_OR", "OP_I32_STORE", "X_JUMP_FWD"),
    ("X_LOCAL_GET2", "X_I32_ADD_SC"),
    ("X_LOCAL_ADD_C", "X_I32_ADD_LC_TEE", "X_BR_IF_SC_I32_GT_U"),
    ("OP_I32_STORE8", "OP_LOCAL_GET", "X_LOCAL_SET_GET", "X_I32_ADD_SC_TEE", "X_BR_IF"),
    ("X_I32_ADD_LC", "X_I32_MUL_LC", "X_I32_ADD_SC_TEE", "X_I32_SHR_U_SC"),
    ("X_I32_LOAD_L_TEE", "X_BR_IF"),
    ("OP_I32_STORE", "X_I32_ADD_LC_TEE", "X_I32_LOAD_L"),
    ("X_LOCAL_GET2", "X_I32_LOAD8_U_C_TEE", "X_I32_SHL_SC", "X_I32_LOAD16_U_C",
     "OP_I32_MUL", "OP_I32_SUB", "OP_LOCAL_TEE", "X_I32_ADD_SC_TEE"),
    ("X_LOCAL_GET2", "X_I32_ADD_SC", "OP_I32_STORE"),
    ("OP_LOCAL_GET", "OP_LOCAL_SET"),
    ("X_LOCAL_GET2", "X_BR_IF_I32_LE_U"),
    ("OP_LOCAL_GET", "OP_LOCAL_TEE"),
    ("X_LOCAL_GET2", "OP_CALL"),
    ("X_I32_AND_SC", "X_BR_IF_SC_I32_NE"),
    ("X_LOCAL_ADD_C", "X_LOCAL_ADD_C", "X_I32_ADD_LC_TEE", "X_BR_IF"),
    ("X_I32_SHL_SC", "OP_I32_ADD", "OP_LOCAL_TEE", "X_I64_LOAD_S_SET", "OP_LOCAL_GET",
     "OP_I64_CONST", "OP_I64_STORE", "X_BR_IF_LC_I64_LT_U"),
    ("X_I32_ADD_LL_TEE", "X_BR_IF_SL_I32_LT_U"),
    ("X_I32_ADD_LC_TEE", "X_I64_LOAD_S_TEE", "X_I32_ADD_LC_TEE", "X_I64_LOAD_S_TEE",
     "OP_I64_OR", "X_BR_IF_SC_I64_GT_U"),
    ("X_I32_ADD_LC_TEE", "X_BR_IF_SC_I32_NE"),
    ("OP_LOCAL_GET", "OP_I32_CONST", "OP_I32_STORE"),
    ("X_I32_LOAD8_U_L_SET", "X_BR_IF_LC_I32_NE"),
    ("OP_I32_ADD", "OP_LOCAL_TEE"),
    ("X_I32_AND_LC", "X_BR_IF_I32_EQZ"),
    ("X_LOCAL_ADD_C", "OP_LOCAL_GET", "X_LOCAL_SET_GET", "X_I32_ADD_SC_SET", "X_JUMP"),
    ("OP_I32_STORE16", "X_I32_STORE16_LL", "X_I32_ADD_LC_SET", "X_I32_ADD_LC_TEE",
     "X_I32_LOAD16_U_S_TEE", "X_I32_ADD_LC"),
    ("OP_I32_STORE16", "X_I32_STORE16_LL", "X_LOCAL_ADD_C", "X_I32_AND_LC",
     "X_I32_LOAD16_U_L", "X_BR_IF_I32_NE"),
    ("X_I32_AND_SC_SET", "X_I32_LOAD_L_SET"),
    ("OP_I32_CONST", "OP_CALL"),
    ("X_LOCAL_SET_C32", "X_LOCAL_SET_C32"),
    ("X_I32_SUB_SL", "OP_I32_STORE", "X_LOCAL_GET2", "OP_I32_LOAD", "X_I32_ADD_SC",
     "OP_I32_STORE", "X_I32_LOAD16_U_L_TEE", "X_BR_IF_SC_I32_NE"),
    ("X_I32_ADD_LL_TEE", "X_I32_ADD_SC"),
    ("X_I32_AND_SC", "X_BR_IF"),
    ("X_I64_AND_SC", "OP_I64_STORE", "X_I32_ADD_LC_SET", "X_LOCAL_ADD_C", "X_LOCAL_ADD_C",
     "X_JUMP"),
    ("X_LOCAL_GET2", "X_I64_LOAD_C"),
    ("X_I32_LOAD_L", "X_I32_SHL_LC", "OP_I32_ADD"),
    ("X_LOCAL_SET_C32", "X_BR_IF_LC_I32_LT_S"),
    ("X_LOCAL_GET2", "X_I32_ADD_SL_TEE"),
    ("X_I32_ADD_LC", "X_GLOBAL_SET_I32", "X_RETURN"),
    ("X_I64_LOAD_S_TEE", "X_BR_IF_SC_I64_LT_U"),
    ("OP_I32_CONST", "OP_I32_CONST", "OP_I32_STORE"),
    ("OP_F64_MUL", "OP_LOCAL_SET", "X_JUMP_FWD"),
    ("X_I32_SHL_SC", "OP_I32_ADD", "OP_I32_LOAD"),
    ("X_LOCAL_GET2", "X_I32_MUL_SC", "X_I32_ADD_SC_TEE"),
    ("X_I32_MUL_LC", "X_I32_LOAD8_U_L", "OP_I32_ADD", "X_LOCAL_SET_GET",
     "X_I32_ADD_SC_SET", "X_I32_ADD_LC_TEE", "X_BR_IF"),
    ("X_LOCAL_GET2", "X_I32_SHL_SC", "OP_I32_ADD", "X_LOCAL_TEE_GET", "OP_I32_STORE"),
    ("X_LOCAL_GET2", "X_I32_AND_SC"),
    ("X_I32_SHL_LC", "X_I32_LOAD_C"),
)

MARKS = {
    "enum": ("    # --- generated by gen_seqs.py: sequence cells (do not edit) ---",
             "    # --- end of gen_seqs.py's cells ---"),
    "table": ("# --- generated by gen_seqs.py: the lowering's table (do not edit) ---",
              "# --- end of gen_seqs.py's table ---"),
    "arms": ("        # --- generated by gen_seqs.py: sequence arms (do not edit) ---",
             "        # --- end of gen_seqs.py's arms ---"),
}

MARKER = re.compile(r"^ {12}GVM_CASE\(([^)]*)\)\n", re.M)
STEP = re.compile(r"^ip \+= (\d+)$")


def _without(text, kind):
    begin, end = MARKS[kind]
    return text[:text.index(begin)] + text[text.index(end) + len(end):]


def arms(text):
    """{opcode: (the arm's opcodes, its body's lines without the indentation)} of
    run()'s arms, the sequence arms left out."""
    body = text[text.index("\ncdef int run(Machine m)"):]
    body = _without(body[:body.index("\n# --- Entry")], "arms")
    found = {}
    for m in MARKER.finditer(body):
        names = [name.strip() for name in m.group(1).split(",")]
        lines = []
        for line in body[m.end():].split("\n"):
            if line.strip() and not line.startswith(" " * 12):
                break
            if line.strip() and not line.strip().startswith("#"):
                lines.append(line[12:])
        for name in names:
            found[name] = (names, lines)
    return found


def _check(name, lines, last):
    """The arm's lines if it may be in a sequence there, and its cell count (None for
    the last); SystemExit otherwise."""
    text = "\n".join(lines)
    if re.search(r"\bop\b|gvm_opcode", text):
        raise SystemExit(f"gen_seqs: {name}'s arm reads its opcode")
    if last:
        return None
    step = STEP.match(lines[-1])
    rest = "\n".join(lines[:-1])
    if (not step or re.search(r"\bip\s*(=|\+=|-=)|_taken|\bcontinue\b|\breturn\b", rest)):
        raise SystemExit(f"gen_seqs: {name}'s arm does not end in `ip += k` alone")
    return int(step.group(1))


def sequences(text):
    """[(cell name, [(opcodes, body lines, cells or None)] per part)] of SEQUENCES."""
    if len(set(SEQUENCES)) != len(SEQUENCES):
        raise SystemExit("gen_seqs: a sequence is listed twice")
    found = arms(text)
    rows = []
    for row in SEQUENCES:
        parts = []
        for k, name in enumerate(row):
            if name not in found or found[name][0][0] != name:
                raise SystemExit(f"gen_seqs: {name} is not the first opcode of an arm")
            names, lines = found[name]
            parts.append((names, lines, _check(name, lines, k == len(row) - 1)))
        cell = "X_SEQ_" + "__".join(n[2:] if n.startswith("X_") else n[3:] for n in row)
        rows.append((cell, parts))
    return rows


def _render_enum(rows):
    return [f"    {cell}" for cell, _parts in rows]


def _render_table(rows):
    lines = ["# (opcode, opcode[, opcode]) -> the sequence cell that stands for them.",
             "SEQS = {"]
    length = {}
    for cell, parts in rows:
        keys = [()]
        for names, _lines, cells in parts:
            keys = [key + (name,) for key in keys for name in names]
            if cells is not None:
                length.update((name, cells) for name in names)
        lines.extend(f"    ({', '.join(key)}): {cell}," for key in keys)
    lines += ["}", "# The cells of each opcode that a sequence may continue after.",
              "SEQ_CELLS = {"]
    lines.extend(f"    {name}: {cells}," for name, cells in length.items())
    lines += ["}", "# The most cells a sequence stands for.",
              f"SEQ_LONGEST = {max((len(parts) for _cell, parts in rows), default=0)}"]
    return lines


def _render_arms(rows):
    lines = []
    for cell, parts in rows:
        lines += [f"        elif op == {cell}:", f"            GVM_CASE({cell})"]
        for _names, body, _cells in parts:
            lines.extend(f"            {line}" for line in body)
    return lines


def render(text):
    rows = sequences(text)
    for kind, block in (("enum", _render_enum(rows)), ("table", _render_table(rows)),
                        ("arms", _render_arms(rows))):
        begin, end = MARKS[kind]
        start = text.index(begin) + len(begin)
        text = text[:start] + "".join("\n" + line for line in block) + "\n" + text[text.index(end):]
    return text


if __name__ == "__main__":
    sys.exit(generated.main(sys.argv[1:], ENGINE, lambda: render(ENGINE.read_text()),
                            "gvm._fast.gen_seqs"))
