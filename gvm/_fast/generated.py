"""The command line every generator of the fast engine's sources shares
(gen_opcodes.py, gen_simd.py): write the file, or with --check say whether it is stale."""
import sys


def main(argv, target, render, module):
    """`render()` gives the file's text; `module` is the generator's, for the message."""
    text = render()
    if "--check" in argv:
        current = target.read_text() if target.exists() else ""
        if current != text:
            print(f"{target} is stale: run python -m {module}", file=sys.stderr)
            return 1
        return 0
    target.write_text(text)
    return 0
